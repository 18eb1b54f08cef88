"""A customer's credit records on tabs: the documents making up the exposure, the monthly
limits, the grade history, the contracts and the credit exceptions. Also the credit words and the
small read-only tables that the credit screens share.

The tabs only show and select; the actions on a record (view a scan, end a contract, revoke an
exception) are asked of the owner (:class:`.CreditPanel`) by signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.dto import ContractView
from kehu_desktop.dto import CreditExceptionView
from kehu_desktop.dto import ExposureItem
from kehu_desktop.dto import GradeView
from kehu_desktop.dto import LimitView
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.i18n import role_label

# Credit words and column headers (English source; zh_CN in credit_records.tsv).
WORDS: dict[str, str] = {
    "cash": QT_TRANSLATE_NOOP("CreditWords", "Cash on delivery"),
    "agreed": QT_TRANSLATE_NOOP("CreditWords", "Agreed payment terms"),
    "clear_before_credit": QT_TRANSLATE_NOOP("CreditWords", "Clear-before-credit terms"),
    "applied": QT_TRANSLATE_NOOP("CreditWords", "Awaiting decision"),
    "approved": QT_TRANSLATE_NOOP("CreditWords", "Approved"),
    "rejected": QT_TRANSLATE_NOOP("CreditWords", "Rejected"),
    "superseded": QT_TRANSLATE_NOOP("CreditWords", "Superseded"),
    "manual": QT_TRANSLATE_NOOP("CreditWords", "Set by hand (legacy)"),
    "evaluation": QT_TRANSLATE_NOOP("CreditWords", "Credit evaluation"),
    "slip": QT_TRANSLATE_NOOP("CreditWords", "Unpaid slip"),
    "dispatch": QT_TRANSLATE_NOOP("CreditWords", "Released, not yet slipped"),
    "unlimited": QT_TRANSLATE_NOOP("CreditWords", "Unlimited (grade 1)"),
    "none": QT_TRANSLATE_NOOP("CreditWords", "No limit: cash on delivery only"),
    "no_cap": QT_TRANSLATE_NOOP("CreditWords", "No cap"),
    "grade_n": QT_TRANSLATE_NOOP("CreditWords", "Grade {grade}"),
    "customer": QT_TRANSLATE_NOOP("CreditWords", "Customer"),
    "document": QT_TRANSLATE_NOOP("CreditWords", "Document"),
    "number": QT_TRANSLATE_NOOP("CreditWords", "Number"),
    "date": QT_TRANSLATE_NOOP("CreditWords", "Date"),
    "amount": QT_TRANSLATE_NOOP("CreditWords", "Amount"),
    "month": QT_TRANSLATE_NOOP("CreditWords", "Month"),
    "grade": QT_TRANSLATE_NOOP("CreditWords", "Grade"),
    "limit": QT_TRANSLATE_NOOP("CreditWords", "Limit"),
    "cap": QT_TRANSLATE_NOOP("CreditWords", "Cap"),
    "status": QT_TRANSLATE_NOOP("CreditWords", "Status"),
    "applied_by": QT_TRANSLATE_NOOP("CreditWords", "Applied by"),
    "applied_at": QT_TRANSLATE_NOOP("CreditWords", "Applied at"),
    "due": QT_TRANSLATE_NOOP("CreditWords", "Answer by"),
    "decided_by": QT_TRANSLATE_NOOP("CreditWords", "Decided by"),
    "decided_at": QT_TRANSLATE_NOOP("CreditWords", "Decided at"),
    "comment": QT_TRANSLATE_NOOP("CreditWords", "Comment"),
    "comments": QT_TRANSLATE_NOOP("CreditWords", "Comments"),
    "effective_from": QT_TRANSLATE_NOOP("CreditWords", "Effective from"),
    "source": QT_TRANSLATE_NOOP("CreditWords", "Source"),
    "set_by": QT_TRANSLATE_NOOP("CreditWords", "Set by"),
    "set_at": QT_TRANSLATE_NOOP("CreditWords", "Set at"),
    "reason": QT_TRANSLATE_NOOP("CreditWords", "Reason"),
    "terms": QT_TRANSLATE_NOOP("CreditWords", "Payment terms"),
    "valid": QT_TRANSLATE_NOOP("CreditWords", "Valid"),
    "signer": QT_TRANSLATE_NOOP("CreditWords", "Signer"),
    "scan": QT_TRANSLATE_NOOP("CreditWords", "Scan"),
    "authorisation": QT_TRANSLATE_NOOP("CreditWords", "Written authorisation"),
    "granted_by": QT_TRANSLATE_NOOP("CreditWords", "Granted by"),
    "granted_at": QT_TRANSLATE_NOOP("CreditWords", "Granted at"),
    "filled_by": QT_TRANSLATE_NOOP("CreditWords", "Filled in by"),
    "filled_at": QT_TRANSLATE_NOOP("CreditWords", "Filled in at"),
    "last_rated": QT_TRANSLATE_NOOP("CreditWords", "Last rated"),
    "rate_by": QT_TRANSLATE_NOOP("CreditWords", "Rate by"),
    "rating": QT_TRANSLATE_NOOP("CreditWords", "Rating"),
    "warning_kind": QT_TRANSLATE_NOOP("CreditWords", "Warning"),
    "warning_text": QT_TRANSLATE_NOOP("CreditWords", "Condition"),
    "owner": QT_TRANSLATE_NOOP("CreditWords", "Owner"),
    "opened_at": QT_TRANSLATE_NOOP("CreditWords", "Opened"),
    "response": QT_TRANSLATE_NOOP("CreditWords", "Response"),
    "purchase_plan": QT_TRANSLATE_NOOP("CreditWords", "Purchase plan"),
    "purchased": QT_TRANSLATE_NOOP("CreditWords", "Bought"),
    "payment_plan": QT_TRANSLATE_NOOP("CreditWords", "Payment plan"),
    "paid": QT_TRANSLATE_NOOP("CreditWords", "Paid"),
    "outlets": QT_TRANSLATE_NOOP("CreditWords", "Outlets reached/planned"),
    "months_below": QT_TRANSLATE_NOOP("CreditWords", "Months below plan"),
    "withdraw_flag": QT_TRANSLATE_NOOP("CreditWords", "Dealership"),
    "product": QT_TRANSLATE_NOOP("CreditWords", "Product"),
    "planned_quantity": QT_TRANSLATE_NOOP("CreditWords", "Planned quantity"),
    "bought_quantity": QT_TRANSLATE_NOOP("CreditWords", "Quantity bought"),
    "planned_amount": QT_TRANSLATE_NOOP("CreditWords", "Planned amount"),
    "bought_amount": QT_TRANSLATE_NOOP("CreditWords", "Amount bought"),
    "visit_role": QT_TRANSLATE_NOOP("CreditWords", "As"),
    "visit_every": QT_TRANSLATE_NOOP("CreditWords", "Visit"),
    "last_visit": QT_TRANSLATE_NOOP("CreditWords", "Last visit"),
    "visit_due": QT_TRANSLATE_NOOP("CreditWords", "Due"),
    "overdue_days": QT_TRANSLATE_NOOP("CreditWords", "Days overdue"),
    "person": QT_TRANSLATE_NOOP("CreditWords", "Person"),
    "overdue_visits": QT_TRANSLATE_NOOP("CreditWords", "Overdue visits"),
    "due_soon": QT_TRANSLATE_NOOP("CreditWords", "Due within a week"),
    "oldest_overdue": QT_TRANSLATE_NOOP("CreditWords", "Most days overdue"),
}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
GREY = QBrush(QColor("#757575"))
RED = QBrush(QColor("#b3261e"))
IdRole = Qt.ItemDataRole.UserRole + 1


def word(key: str, **params: object) -> str:
    """A credit word (terms, statuses, limit modes) in the UI language."""
    source = WORDS.get(key)
    text = QCoreApplication.translate("CreditWords", source) if source else key
    return text.format(**params) if params else text


def limit_text(unlimited: bool, amount: Decimal | None) -> str:
    return word("unlimited") if unlimited else yuan(amount)


def make_table(
    parent: QWidget, name: str, columns: str, right: str = "", stretch: str = ""
) -> QTableWidget:
    """A read-only table of a few dozen rows. ``columns`` are keys of WORDS separated by
    blanks; the ``right`` ones hold amounts; ``stretch`` (default the last column unless it
    holds amounts) is a long text, elided first when the table is narrow. Widths as
    views.column_widths sizes and remembers them."""
    keys = columns.split()
    table = QTableWidget(0, len(keys), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([word(k) for k in keys])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    amounts = [keys.index(k) for k in right.split()]
    table.setProperty("right_columns", amounts)
    wide = keys.index(stretch) if stretch else len(keys) - 1
    # The customer and the wide text column give way first when the table is narrow.
    names = sorted({keys.index(k) for k in ("customer",) if k in keys} | {wide} - set(amounts))
    fit_columns(table, f"credit/{name}", names=names)
    for column in amounts:
        item = table.horizontalHeaderItem(column)
        if item is not None:
            item.setTextAlignment(RIGHT)
    return table


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    ids: Sequence[object] = (),
    greyed: Sequence[bool] = (),
) -> None:
    """Replace the rows; ``ids`` go to column 0 under IdRole, ``greyed`` rows are history."""
    right = set(table.property("right_columns") or ())
    table.clearSelection()
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c in right:
                item.setTextAlignment(RIGHT)
            if r < len(greyed) and greyed[r]:
                item.setForeground(GREY)
            if c == 0 and r < len(ids):
                item.setData(IdRole, ids[r])
            table.setItem(r, c, item)


def selected_id(table: QTableWidget) -> object:
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    return item.data(IdRole) if item is not None else None


LIMIT_COLUMNS = "month grade limit status applied_by applied_at decided_by decided_at comments"


def limit_row(v: LimitView) -> list[str]:
    """A limit application and its decision, in LIMIT_COLUMNS."""
    decided_at = local_time(v.decided_at) if v.decided_at else ""
    comments = " / ".join(t for t in (v.comment, v.decision_comment) if t)
    amount, applied_at = limit_text(v.unlimited, v.amount), local_time(v.applied_at)
    grade = word("grade_n", grade=v.grade)
    row = [f"{v.month:%Y-%m}", grade, amount, word(v.status), v.applied_by, applied_at]
    return [*row, v.decided_by or "", decided_at, comments]


class CreditRecords(QTabWidget):
    """The record tabs of the credit panel."""

    scanWanted = Signal(object)  # ContractView whose scan the user asked to see
    endContractWanted = Signal(object)  # ContractView
    revokeExceptionWanted = Signal(object)  # CreditExceptionView

    def __init__(
        self, *, can_edit_contracts: bool, can_revoke: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._contracts: list[ContractView] = []
        self._exceptions: list[CreditExceptionView] = []
        self.buttons: dict[str, QPushButton] = {}
        self.exposure = make_table(
            self, "exposure_items", "document number date amount", "amount", "number"
        )
        self.limits = make_table(self, "limits", LIMIT_COLUMNS, "limit")
        self.grades = make_table(self, "grades", "grade effective_from source set_by set_at reason")
        self.contracts = make_table(
            self, "contracts", "number terms valid signer scan status authorisation"
        )
        self.exceptions = make_table(
            self, "exceptions", "valid granted_by granted_at status reason"
        )
        self.addTab(self.exposure, self.tr("Exposure documents"))
        self.addTab(self.limits, self.tr("Limits"))
        self.addTab(self.grades, self.tr("Grade history"))
        contract_buttons = [
            ("view_scan", self.tr("View scan"), True),
            ("end_contract", self.tr("End contract"), can_edit_contracts),
        ]
        self.addTab(self._page(self.contracts, contract_buttons), self.tr("Contracts"))
        exception_buttons = [("revoke_exception", self.tr("Revoke exception"), can_revoke)]
        self.addTab(self._page(self.exceptions, exception_buttons), self.tr("Credit exceptions"))
        self.buttons["view_scan"].clicked.connect(self._scan_wanted)
        self.buttons["end_contract"].clicked.connect(self._end_wanted)
        self.buttons["revoke_exception"].clicked.connect(self._revoke_wanted)
        self.contracts.itemSelectionChanged.connect(self._enable_buttons)
        self.exceptions.itemSelectionChanged.connect(self._enable_buttons)
        self._enable_buttons()

    def _page(self, table: QTableWidget, buttons: list[tuple[str, str, bool]]) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout()
        for name, text, offered in buttons:
            button = push_button(page, text, name, visible=offered)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return page

    def show_records(
        self,
        items: Sequence[ExposureItem],
        limits: list[LimitView],
        grades: list[GradeView],
        contracts: list[ContractView],
        exceptions: list[CreditExceptionView],
    ) -> None:
        self._contracts, self._exceptions = contracts, exceptions
        fill_table(self.exposure, [self._item_row(i) for i in items])
        self.setTabText(0, self.tr("Exposure documents ({count})").format(count=len(items)))
        old = ("rejected", "superseded")
        greyed = [v.status in old for v in limits]
        fill_table(self.limits, [limit_row(v) for v in limits], greyed=greyed)
        fill_table(self.grades, [self._grade_row(g) for g in grades])
        ids, greyed = [c.id for c in contracts], [bool(c.ended_at) for c in contracts]
        fill_table(self.contracts, [self._contract_row(c) for c in contracts], ids, greyed)
        ids, greyed = [x.id for x in exceptions], [bool(x.revoked_at) for x in exceptions]
        fill_table(self.exceptions, [self._exception_row(x) for x in exceptions], ids, greyed)
        self._enable_buttons()

    @staticmethod
    def _item_row(i: ExposureItem) -> list[str]:
        return [word(i.kind), i.number, str(i.date), yuan(i.amount)]

    @staticmethod
    def _grade_row(g: GradeView) -> list[str]:
        grade, set_at = word("grade_n", grade=g.grade), local_time(g.set_at)
        return [grade, str(g.effective_from), word(g.source), g.set_by, set_at, g.reason or ""]

    def _contract_row(self, c: ContractView) -> list[str]:
        terms = word(c.payment_terms)
        if c.term_days:
            terms = self.tr("{terms}, {days} days").format(terms=terms, days=c.term_days)
        signer = f"{c.signer}（{role_label(c.signer_role)}）"
        status = self.tr("In force")
        if c.ended_at:
            status = self.tr("Ended {at}").format(at=local_time(c.ended_at))
        valid = f"{c.valid_from} – {c.valid_to}"
        return [c.number, terms, valid, signer, c.scan_name or "", status, c.authorisation or ""]

    def _exception_row(self, x: CreditExceptionView) -> list[str]:
        status = self.tr("Granted")
        if x.revoked_at:
            status = self.tr("Revoked {at}").format(at=local_time(x.revoked_at))
        valid = f"{x.valid_from} – {x.valid_to}"
        return [valid, x.granted_by, local_time(x.granted_at), status, x.reason]

    def chosen_contract(self) -> ContractView | None:
        wanted = selected_id(self.contracts)
        return next((c for c in self._contracts if c.id == wanted), None)

    def chosen_exception(self) -> CreditExceptionView | None:
        wanted = selected_id(self.exceptions)
        return next((x for x in self._exceptions if x.id == wanted), None)

    def _scan_wanted(self) -> None:
        contract = self.chosen_contract()
        if contract is not None:
            self.scanWanted.emit(contract)

    def _end_wanted(self) -> None:
        contract = self.chosen_contract()
        if contract is not None:
            self.endContractWanted.emit(contract)

    def _revoke_wanted(self) -> None:
        exception = self.chosen_exception()
        if exception is not None:
            self.revokeExceptionWanted.emit(exception)

    def _enable_buttons(self) -> None:
        contract, exception = self.chosen_contract(), self.chosen_exception()
        self.buttons["view_scan"].setEnabled(bool(contract and contract.scan_name))
        self.buttons["end_contract"].setEnabled(bool(contract and not contract.ended_at))
        self.buttons["revoke_exception"].setEnabled(bool(exception and not exception.revoked_at))
