"""Dialogs of the credit tab (steps 4-5 and 7; the evaluation's are in evaluation_dialogs): apply
for a monthly limit, record a contract, grant a credit exception, and give a reason (end a
contract, revoke an exception).

Each one is a :class:`.ServiceDialog`: one service call on the DB worker, the service's refusals
next to their fields.
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import ContractView
from kehu_desktop.dto import GradeView
from kehu_desktop.services import credit
from kehu_desktop.services.base import Actor
from kehu_desktop.services.credit import MAX_SCAN_BYTES
from kehu_desktop.services.credit import ContractInput
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import role_label
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.kit.service_dialog import date_edit
from kehu_desktop.views.kit.service_dialog import picked
from kehu_desktop.views.kit.service_dialog import text_box


def a_year_on(day: date) -> date:
    """The day before the same date next year: a one-year validity by default."""
    try:
        return day.replace(year=day.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return date(day.year + 1, 2, 28)


def grade_on(grades: list[GradeView], day: date) -> int | None:
    """The grade in force on ``day`` from a history listed newest first (as the service lists)."""
    return next((g.grade for g in grades if g.effective_from <= day), None)


class LimitDialog(ServiceDialog):
    """申请额度: this month (a first limit or a raise) or next month; grade 1 may ask for the
    explicit unlimited mode. Shows the grade the application is judged on and its cap."""

    FIELD_ALIASES = {"unlimited": "amount", "grade": "month"}

    def __init__(
        self,
        ctx: AppContext,
        customer_id: uuid.UUID,
        grades: list[GradeView],
        caps: dict[int, Decimal | None],
        *,
        has_limit_this_month: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Apply for a credit limit"))
        self._customer_id, self._grades, self._caps = customer_id, grades, caps
        self._today = ctx.db.clock.today()
        this_month = rules.month_start(self._today)
        next_month = rules.month_start(this_month + timedelta(days=32))
        self.month = QComboBox(self)
        self.month.addItem(
            self.tr("{month} (this month: first limit or a raise)").format(
                month=f"{this_month:%Y-%m}"
            ),
            this_month,
        )
        self.month.addItem(
            self.tr("{month} (next month)").format(month=f"{next_month:%Y-%m}"), next_month
        )
        self.month.setCurrentIndex(1 if has_limit_this_month else 0)
        self.grade_label = QLabel(self)
        self.grade_label.setObjectName("grade_cap")
        self.grade_label.setWordWrap(True)
        self.unlimited = QCheckBox(self.tr("Unlimited (grade 1 only)"), self)
        self.unlimited.setObjectName("unlimited")
        self.amount = QLineEdit(self)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setPlaceholderText(self.tr("e.g. 100,000.00"))
        self.comment = text_box(self)
        self.comment.setPlaceholderText(self.tr("Why this amount (sales plan, payment record…)"))
        self.add_field("month", self.tr("Month"), self.month)
        self.form.addRow(self.tr("Grade and cap"), self.grade_label)
        amount_row = QWidget(self)
        hbox((self.amount, 1), self.unlimited, parent=amount_row, margins=0)
        self.add_field("amount", self.tr("Amount (yuan)"), amount_row, self.amount)
        self.add_field("comment", self.tr("Comment"), self.comment)
        self.month.currentIndexChanged.connect(self._month_changed)
        self.unlimited.toggled.connect(self._unlimited_toggled)
        self._month_changed()

    def judged_grade(self) -> int | None:
        """The grade the service will judge on: the month's first day, or today once begun."""
        month: date = self.month.currentData()
        return grade_on(self._grades, max(month, self._today))

    def _month_changed(self) -> None:
        grade = self.judged_grade()
        if grade is None:
            text = self.tr("Not graded yet: no limit can be applied for.")
        elif grade == rules.NO_CREDIT_GRADE:
            text = self.tr("Grade 5: no credit, cash on delivery only.")
        elif self._caps.get(grade) is None:
            text = self.tr("Grade {grade}: no cap; the unlimited mode may be chosen.").format(
                grade=grade
            )
        else:
            text = self.tr("Grade {grade}: at most {cap}").format(
                grade=grade, cap=yuan(self._caps[grade])
            )
        self.grade_label.setText(text)
        self.unlimited.setEnabled(grade == rules.UNLIMITED_GRADE)
        if grade != rules.UNLIMITED_GRADE:
            self.unlimited.setChecked(False)

    def _unlimited_toggled(self, checked: bool) -> None:
        self.amount.setEnabled(not checked)
        if checked:
            self.amount.clear()

    def submit(self) -> None:
        unlimited = self.unlimited.isChecked()
        self.run(
            credit.apply_limit,
            self._ctx.db,
            self._ctx.actor,
            self._customer_id,
            self.month.currentData(),
            None if unlimited else (self.amount.text().strip() or None),
            unlimited=unlimited,
            comment=self.comment.toPlainText(),
        )


def record_contract_from_file(
    db: Database, actor: Actor, customer_id: uuid.UUID, inp: ContractInput, scan_path: str
) -> ContractView:
    """Runs on the worker: reads the scan (if any) and files the contract."""
    if scan_path:
        path = Path(scan_path)
        if path.stat().st_size > MAX_SCAN_BYTES:  # refuse before reading a huge file
            max_mb = MAX_SCAN_BYTES // (1024 * 1024)
            raise ValidationFailed(
                [FieldError("scan", "contract.scan_too_big", {"max_mb": max_mb})]
            )
        inp.scan, inp.scan_name = path.read_bytes(), path.name
    return credit.record_contract(db, actor, customer_id, inp)


class ContractDialog(ServiceDialog):
    """登记合同: a signed contract on the company template, with an optional scan."""

    FIELD_ALIASES = {"scan": "scan_name"}

    def __init__(
        self, ctx: AppContext, customer_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Record a contract"))
        self.set_intro(
            self.tr(
                "Credit customers need a signed contract before any credit sale. The branch GM "
                "signs, or the sales manager with the GM's written authorisation."
            )
        )
        self._customer_id = customer_id
        today = ctx.db.clock.today()
        self.number = QLineEdit(self)
        self.number.setMaxLength(40)
        self.payment_terms = QComboBox(self)
        for code, text in (
            ("agreed", self.tr("Agreed payment terms")),
            ("clear_before_credit", self.tr("Clear-before-credit terms")),
            ("cash", self.tr("Cash on delivery")),
        ):
            self.payment_terms.addItem(text, code)
        self.term_days = QLineEdit(self)
        self.term_days.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.term_days.setPlaceholderText(self.tr("1-365; required for agreed payment"))
        self.month_end_cap = QLineEdit(self)
        self.month_end_cap.setObjectName("month_end_cap")
        self.month_end_cap.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.month_end_cap.setPlaceholderText(self.tr("Yuan, e.g. 300,000"))
        self.signer_role = QComboBox(self)
        for role in (Role.BRANCH_GM, Role.SALES_MANAGER):
            self.signer_role.addItem(role_label(role), role.value)
        self.signer = QLineEdit(self)
        self.signer.setPlaceholderText(self.tr("The signer's user name"))
        self.authorisation = text_box(self)
        self.authorisation.setPlaceholderText(
            self.tr("Required when the sales manager signs: the GM's written authorisation")
        )
        self.signed_date = date_edit(today, self)
        self.valid_from = date_edit(today, self)
        self.valid_to = date_edit(a_year_on(today), self)
        self.scan_path = ""  # the chosen file; its name is shown
        self.scan_name = QLineEdit(self)
        self.scan_name.setReadOnly(True)
        self.scan_name.setPlaceholderText(self.tr("No scan attached"))
        choose = push_button(self, self.tr("Choose…"), "choose_scan", self._choose_scan)
        scan_row = QWidget(self)
        hbox((self.scan_name, 1), choose, parent=scan_row, margins=0)
        self.add_field("number", self.tr("Contract number"), self.number)
        self.add_field("payment_terms", self.tr("Payment terms"), self.payment_terms)
        self.add_field("term_days", self.tr("Payment days"), self.term_days)
        self.add_field("month_end_cap", self.tr("Month-end receivable cap"), self.month_end_cap)
        self.add_field("signer_role", self.tr("Signed as"), self.signer_role)
        self.add_field("signer", self.tr("Signer"), self.signer)
        self.add_field("authorisation", self.tr("Written authorisation"), self.authorisation)
        self.add_field("signed_date", self.tr("Signed on"), self.signed_date)
        self.add_field("valid_from", self.tr("Valid from"), self.valid_from)
        self.add_field("valid_to", self.tr("Valid to"), self.valid_to)
        self.add_field("scan_name", self.tr("Scan"), scan_row, self.scan_name)
        self.payment_terms.currentIndexChanged.connect(self._terms_changed)
        self.signer_role.currentIndexChanged.connect(self._role_changed)
        self._terms_changed()
        self._role_changed()

    def _terms_changed(self) -> None:
        cash = self.payment_terms.currentData() == "cash"
        for field in (self.term_days, self.month_end_cap):
            field.setEnabled(not cash)
            if cash:
                field.clear()

    def _role_changed(self) -> None:
        role = Role(self.signer_role.currentData())
        actor = self._ctx.actor
        if not self.signer.isModified():  # suggest oneself when signing in one's own role
            self.signer.setText(actor.username if role in actor.roles else "")

    def _choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Scanned contract"),
            "",
            self.tr("Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"),
        )
        if path:
            self.scan_path = path
            self.scan_name.setText(Path(path).name)
            self.scan_name.setToolTip(path)

    def contract_input(self) -> ContractInput:
        return ContractInput(
            number=self.number.text(),
            payment_terms=str(self.payment_terms.currentData()),
            term_days=self.term_days.text().strip() or None,
            month_end_cap=self.month_end_cap.text().strip() or None,
            signer=self.signer.text(),
            signer_role=str(self.signer_role.currentData()),
            authorisation=self.authorisation.toPlainText(),
            signed_date=picked(self.signed_date),
            valid_from=picked(self.valid_from),
            valid_to=picked(self.valid_to),
        )

    def submit(self) -> None:
        self.run(
            record_contract_from_file,
            self._ctx.db,
            self._ctx.actor,
            self._customer_id,
            self.contract_input(),
            self.scan_path,
        )

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, OSError):  # the chosen file went away or is unreadable
            self._set_busy(False)
            self.boxes["scan_name"].set_error(
                self.tr("The scan could not be read: {reason}").format(reason=exc.strerror or exc)
            )
            return
        super()._failed(exc)


class ExceptionDialog(ServiceDialog):
    """批准赊销例外: the branch GM lets a non-state customer buy on credit for a period."""

    def __init__(
        self, ctx: AppContext, customer_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Grant a credit exception"))
        self.set_intro(
            self.tr(
                "Customers that are not state-owned buy for cash unless the branch GM grants "
                "an exception for a period."
            )
        )
        self._customer_id = customer_id
        today = ctx.db.clock.today()
        self.valid_from = date_edit(today, self)
        self.valid_to = date_edit(a_year_on(today), self)
        self.reason = text_box(self)
        self.add_field("valid_from", self.tr("Valid from"), self.valid_from)
        self.add_field("valid_to", self.tr("Valid to"), self.valid_to)
        self.add_field("reason", self.tr("Reason"), self.reason)

    def submit(self) -> None:
        self.run(
            credit.grant_credit_exception,
            self._ctx.db,
            self._ctx.actor,
            self._customer_id,
            picked(self.valid_from),
            picked(self.valid_to),
            self.reason.toPlainText(),
        )
