"""One customer's credit (steps 3-5 and 7): the position today and why, and its records.

The position is the service's (``credit_position``): grade, terms, contract, this month's limit,
the exposure, the headroom, 前清后送 and the plain-language reasons. Below it the records
(:class:`.CreditRecords`). Actions are offered to the roles that may take them; the services
decide and refuse anyway, and their words are shown.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtCore import Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.dto import ContractView
from kehu_desktop.dto import CreditExceptionView
from kehu_desktop.dto import CreditPosition
from kehu_desktop.dto import EvaluationForm
from kehu_desktop.dto import GradeView
from kehu_desktop.dto import LimitView
from kehu_desktop.services import credit
from kehu_desktop.services.base import Actor
from kehu_desktop.services.credit import CreditRules
from kehu_desktop.services.credit import load_credit_rules
from kehu_desktop.views.credit.credit_dialogs import ContractDialog
from kehu_desktop.views.credit.credit_dialogs import ExceptionDialog
from kehu_desktop.views.credit.credit_dialogs import LimitDialog
from kehu_desktop.views.credit.credit_records import RIGHT
from kehu_desktop.views.credit.credit_records import CreditRecords
from kehu_desktop.views.credit.credit_records import word
from kehu_desktop.views.credit.evaluation_dialogs import EvaluationDialog
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import ERROR_COLOUR
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import role_label
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.reason_dialog import ReasonDialog
from kehu_desktop.views.kit.service_dialog import ServiceDialog

log = logging.getLogger(__name__)
ReasonCall = Callable[[Database, Actor, uuid.UUID, str], object]  # end_contract, revoke_…


@dataclass(frozen=True)
class CreditFile:
    """Everything the panel shows, loaded together."""

    position: CreditPosition
    grades: list[GradeView]
    limits: list[LimitView]
    contracts: list[ContractView]
    exceptions: list[CreditExceptionView]
    rules: CreditRules


def load_credit_file(db: Database, actor: Actor, customer_id: uuid.UUID) -> CreditFile:
    """Runs on the worker."""
    return CreditFile(
        credit.credit_position(db, actor, customer_id),
        credit.grade_history(db, actor, customer_id),
        credit.limits_of(db, actor, customer_id),
        credit.contracts_of(db, actor, customer_id),
        credit.exceptions_of(db, actor, customer_id),
        load_credit_rules(db),
    )


def scan_to_temp(db: Database, actor: Actor, contract_id: uuid.UUID) -> Path | None:
    """Runs on the worker: the contract's scan in a fresh temporary folder, for the viewer."""
    found = credit.contract_scan(db, actor, contract_id)
    if found is None:
        return None
    name, data = found
    path = Path(tempfile.mkdtemp(prefix="kehu-scan-")) / (Path(name).name or "scan")
    path.write_bytes(data)
    return path


class CreditPanel(QWidget):
    """The credit tab of a customer (also shown on its own)."""

    creditChanged = Signal()  # a grade, limit application, contract or exception was recorded

    def __init__(
        self, ctx: AppContext, customer_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._customer_id = customer_id
        self._file: CreditFile | None = None
        self.dialog: QDialog | None = None  # the dialog last opened
        self.setObjectName("credit_panel")
        can = ctx.actor.can

        self.title = QLabel(self)
        self.title.setObjectName("title")
        emphasise(self.title, 1.15)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, offered in (
            ("evaluate", self.tr("Credit evaluation…"), can("credit.evaluate")),
            ("apply_limit", self.tr("Apply for limit"), can("credit.apply_limit")),
            ("record_contract", self.tr("Record contract"), can("contract.edit")),
            ("grant_exception", self.tr("Grant credit exception"), can("credit.exception")),
            ("refresh", self.tr("Refresh"), True),
        ):
            button = push_button(self, text, name, visible=offered)
            top.addWidget(button)
            self.buttons[name] = button
        self.buttons["evaluate"].clicked.connect(self._evaluate)
        self.buttons["apply_limit"].clicked.connect(self._apply_limit)
        self.buttons["record_contract"].clicked.connect(self._record_contract)
        self.buttons["grant_exception"].clicked.connect(self._grant_exception)
        self.buttons["refresh"].clicked.connect(self.refresh)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.reasons = Banner(self)
        self.reasons.setObjectName("reasons")

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setColumnStretch(2, 1)
        self.values: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        rows = (
            ("grade", self.tr("Credit grade")),
            ("terms", self.tr("Payment terms")),
            ("limit", self.tr("Limit this month")),
            ("exposure", self.tr("Exposure")),
            ("headroom", self.tr("Headroom")),
            ("previous", self.tr("Clear before next delivery")),
            ("credit", self.tr("Credit eligibility")),
        )
        for row, (key, label) in enumerate(rows):
            value, note = QLabel(self), QLabel(self)
            value.setObjectName(f"{key}_value")
            value.setAlignment(RIGHT)
            value.setMinimumWidth(160)
            note.setObjectName(f"{key}_note")
            note.setWordWrap(True)
            grid.addWidget(QLabel(label, self), row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(note, row, 2)
            self.values[key], self.notes[key] = value, note

        self.records = CreditRecords(
            can_edit_contracts=can("contract.edit"), can_revoke=can("credit.exception"), parent=self
        )
        self.records.scanWanted.connect(self._view_scan)
        self.records.endContractWanted.connect(self._end_contract)
        self.records.revokeExceptionWanted.connect(self._revoke_exception)

        vbox(top, self.busy_bar, self.messages, grid, self.reasons, (self.records, 1), parent=self)
        ctx.worker.changesMade.connect(self._changes_made)
        self.refresh()

    # --- loading -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def credit_file(self) -> CreditFile | None:
        """What was last loaded."""
        return self._file

    def _changes_made(self, changes: Changes) -> None:
        """Something of this customer changed (a release, a slip, a payment, a limit …, here or
        on another screen): load again, keeping what this tab last said."""
        if changes.touches_customer(self._customer_id):
            self._load()

    def refresh(self) -> None:
        """Load the position and the records again (an earlier message goes: it may be stale)."""
        self.messages.clear()
        self._load()

    def _load(self) -> None:
        self.busy_bar.start()
        ctx = self._ctx
        ctx.call(
            load_credit_file,
            self._customer_id,
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _loaded(self, loaded: CreditFile) -> None:
        self._file = loaded
        self._show(loaded)
        self.busy_bar.finish()

    def _load_failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        if not isinstance(exc, KehuError):
            log.error("credit panel: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- showing -------------------------------------------------------------------------------

    def _set(self, key: str, value: str, note: str = "", alarm: bool = False) -> None:
        colour = ERROR_COLOUR if alarm else "palette(text)"
        self.values[key].setText(value)
        self.values[key].setStyleSheet(f"font-weight: bold; color: {colour};")
        self.notes[key].setText(note)

    def _show(self, f: CreditFile) -> None:
        p, e = f.position, f.position.exposure
        self.title.setText(
            self.tr("Credit of {name} on {day}").format(name=p.customer_name, day=p.on)
        )
        state_owned = p.channel == "state_owned"
        self.buttons["grant_exception"].setEnabled(not state_owned)
        self.buttons["grant_exception"].setToolTip(
            self.tr("State-owned customers need no exception") if state_owned else ""
        )
        if p.grade is None:
            self._set(
                "grade", self.tr("Not graded"), self.tr("cash on delivery until graded"), True
            )
        else:
            since = self.tr("since {day}").format(day=p.grade_since)
            self._set("grade", word("grade_n", grade=p.grade), since, p.grade == 5)
        self._set("terms", word(p.payment_terms), self._contract_note(p))
        limit = yuan(p.limit) if p.limit_mode == "limit" else word(p.limit_mode)
        self._set("limit", limit, "", p.limit_mode == "none")
        parts = self.tr("unpaid slips {slips} + released, not yet slipped {released}").format(
            slips=yuan(e.unpaid_slips), released=yuan(e.released_not_slipped)
        )
        self._set("exposure", yuan(e.total), parts)
        tight = False  # over the limit or at the warning line
        if p.headroom is None or p.limit is None:
            self._set("headroom", "—")
        else:
            near = p.limit * p.near_limit_ratio
            tight = p.headroom < 0 or (e.total > 0 and e.total >= near)
            note = self.tr("warning at {percent}% of the limit (exposure {amount})").format(
                percent=f"{p.near_limit_ratio * 100:.0f}", amount=yuan(near)
            )
            self._set("headroom", yuan(p.headroom), note, tight)
        if not p.agreed_payment:
            self._set("previous", "—", self.tr("only for agreed-payment customers"))
        elif p.previous_unpaid is not None:
            note = self.tr("the previous delivery ({date}) still owes {amount}").format(
                date=p.previous_unpaid.date, amount=yuan(p.previous_unpaid.amount)
            )
            self._set("previous", p.previous_unpaid.number, note, True)
        else:
            self._set("previous", self.tr("Paid"))
        allowed = self.tr("Eligible") if p.credit_allowed else self.tr("Not eligible")
        self._set("credit", allowed, self._credit_note(p), not p.credit_allowed)
        ok = p.credit_allowed and p.limit_mode != "none" and not tight
        reasons = [("", r) for r in p.reasons]
        self.reasons.show_message("info" if ok else "warning", self.tr("Why:"), reasons)
        self.records.show_records(e.items, f.limits, f.grades, f.contracts, f.exceptions)

    def _contract_note(self, p: CreditPosition) -> str:
        c = p.contract
        if c is None:
            return self.tr("no valid contract")
        days = self.tr(", {days} days").format(days=c.term_days) if c.term_days else ""
        text = self.tr("contract {number}{days}, {start} to {end}, signed by {signer} ({role})")
        role = role_label(c.signer_role)
        note = text.format(
            number=c.number,
            days=days,
            start=c.valid_from,
            end=c.valid_to,
            signer=c.signer,
            role=role,
        )
        if not p.agreed_payment:
            return note
        if c.month_end_cap is None:
            return note + self.tr("; no month-end receivable cap agreed: no credit")
        return note + self.tr("; month-end receivable cap {cap}").format(cap=yuan(c.month_end_cap))

    def _credit_note(self, p: CreditPosition) -> str:
        parts: list[str] = []
        if p.channel != "state_owned" and p.credit_exception:
            parts.append(self.tr("not state-owned: the branch GM's exception applies"))
        elif p.channel != "state_owned":
            parts.append(self.tr("not state-owned, no exception"))
        if not p.selected:
            parts.append(self.tr("customer not selected: no goods are released"))
        if p.on_hold:
            parts.append(self.tr("customer on hold"))
        return self.tr("; ").join(parts)

    # --- actions -------------------------------------------------------------------------------

    def _show_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def _open(self, dialog: ServiceDialog, done: str) -> None:
        dialog.saved.connect(lambda _result: self._recorded(done))
        self._show_dialog(dialog)

    def _recorded(self, text: str) -> None:
        self.messages.show_message("success", text)
        self.creditChanged.emit()
        self._load()

    def _evaluate(self) -> None:
        """The month's evaluation form, prefilled on the worker."""
        self._ctx.call(
            credit.evaluation_form,
            self._customer_id,
            on_done=self._evaluation_form_loaded,
            on_error=self._failed,
        )

    def _evaluation_form_loaded(self, form: EvaluationForm) -> None:
        dialog = EvaluationDialog(self._ctx, form, self)
        done = self.tr("Evaluation filed; the branch GM reviews it, then the marketing director.")
        self._open(dialog, done)

    def _apply_limit(self) -> None:
        f = self._file
        if f is None:
            return
        dialog = LimitDialog(
            self._ctx,
            self._customer_id,
            f.grades,
            f.rules.caps,
            has_limit_this_month=f.position.limit_mode != "none",
            parent=self,
        )
        self._open(dialog, self.tr("Limit application filed; it awaits the approver's decision."))

    def _record_contract(self) -> None:
        dialog = ContractDialog(self._ctx, self._customer_id, self)
        self._open(dialog, self.tr("Contract recorded."))

    def _grant_exception(self) -> None:
        dialog = ExceptionDialog(self._ctx, self._customer_id, self)
        self._open(dialog, self.tr("Credit exception granted."))

    def _end_contract(self, contract: ContractView) -> None:
        self._ask_reason(
            self.tr("End contract {number}").format(number=contract.number),
            self.tr("From today the contract no longer counts for credit sales."),
            self.tr("End contract"),
            credit.end_contract,
            contract.id,
            self.tr("Contract ended."),
        )

    def _revoke_exception(self, exception: CreditExceptionView) -> None:
        self._ask_reason(
            self.tr("Revoke credit exception"),
            self.tr("From today the customer buys for cash only again."),
            self.tr("Revoke"),
            credit.revoke_credit_exception,
            exception.id,
            self.tr("Credit exception revoked."),
        )

    def _ask_reason(
        self, title: str, text: str, confirm: str, fn: ReasonCall, record_id: uuid.UUID, done: str
    ) -> None:
        dialog = ReasonDialog(title, text, confirm, self)
        dialog.call_on_confirm(self._ctx, fn, record_id, on_done=lambda _r: self._recorded(done))
        self._show_dialog(dialog)

    def _view_scan(self, contract: ContractView) -> None:
        ctx = self._ctx
        ctx.call(
            scan_to_temp,
            contract.id,
            on_done=self._scan_ready,
            on_error=self._failed,
        )

    def _scan_ready(self, path: Path | None) -> None:
        if path is None:
            self.messages.show_message("info", self.tr("This contract has no scan on file."))
        elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            text = self.tr("No program opens this file; it was saved as {path}")
            self.messages.show_message("error", text.format(path=str(path)))
