"""What the cashier sees before releasing: the decision, the credit position and the exposure.

The decision comes first and cannot be missed: a blocked note gets a red box listing every
failed rule with its numbers, and the plain statement that the cashier has no override. The
near-limit warning and an owed signature are amber. Below: the customer's grade, terms, contract
and this month's limit, then every document in the exposure (unpaid slips, released notes not yet
slipped) with the totals, this note, the exposure after release and the headroom left.
"""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.credit_check import CreditDecision
from kehu_desktop.dto import CreditPosition
from kehu_desktop.services.dispatch import DispatchRow
from kehu_desktop.views.dispatch import failure_text
from kehu_desktop.views.dispatch import payment_terms_label
from kehu_desktop.views.dispatch import sale_kind_label
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import RED_BG
from kehu_desktop.views.kit.formatting import plain_amount
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import vbox

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
AMBER, AMBER_BG, AMBER_TEXT = "#ed6c02", "#fff4e5", "#663c00"
GREEN, GREEN_BG = "#2e7d32", "#edf7ed"


def _box_style(name: str, border: str, background: str) -> str:
    return (
        f"QFrame#{name} {{ background: {background}; border: 2px solid {border};"
        f" border-radius: 6px; }}"
    )


class CreditCheckPanel(QWidget):
    """The preview (or the result) of the credit check for one dispatch note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.failure_texts: list[str] = []
        self.warning_texts: list[str] = []
        self.decision: CreditDecision | None = None

        self.title = QLabel(self)
        self.title.setObjectName("note_title")
        self.title.setWordWrap(True)
        emphasise(self.title, 1.2)
        self.status = QLabel(self)
        self.status.setObjectName("panel_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #555;")

        # The decision: red (blocked) or green (allowed), the first thing in the panel.
        self.decision_box = QFrame(self)
        self.decision_box.setObjectName("decision")
        self.headline = QLabel(self.decision_box)
        self.headline.setObjectName("headline")
        emphasise(self.headline, 1.6)
        self.failures = QLabel(self.decision_box)
        self.failures.setObjectName("failures")
        self.failures.setWordWrap(True)
        self.failures.setTextFormat(Qt.TextFormat.RichText)
        self.failures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        larger = self.failures.font()
        larger.setPointSizeF(larger.pointSizeF() * 1.15)
        self.failures.setFont(larger)
        self.no_override = QLabel(
            self.tr(
                "The cashier has no authority to override the credit check. "
                "Please have the authorised approver adjust the limit."
            ),
            self.decision_box,
        )
        self.no_override.setObjectName("no_override")
        self.no_override.setWordWrap(True)
        emphasise(self.no_override)
        vbox(self.headline, self.failures, self.no_override, parent=self.decision_box)

        self.warnings_box = QFrame(self)
        self.warnings_box.setObjectName("warnings")
        self.warnings_box.setStyleSheet(_box_style("warnings", AMBER, AMBER_BG))
        self.warnings = QLabel(self.warnings_box)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setStyleSheet(f"color: {AMBER_TEXT};")
        self.warnings.setFont(larger)
        QVBoxLayout(self.warnings_box).addWidget(self.warnings)

        # The credit position.
        self.position_box = QGroupBox(self.tr("Credit position"), self)
        grid = QGridLayout(self.position_box)
        self.position_values: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(
            (
                ("grade", self.tr("Credit grade")),
                ("terms", self.tr("Payment terms")),
                ("contract", self.tr("Contract")),
                ("limit", self.tr("This month's credit limit")),
                ("cap", self.tr("Month-end receivable cap")),
            )
        ):
            grid.addWidget(QLabel(label, self.position_box), row, 0)
            value = QLabel(self.position_box)
            value.setObjectName(f"position_{key}")
            value.setWordWrap(True)
            grid.addWidget(value, row, 1)
            self.position_values[key] = value
        grid.setColumnStretch(1, 1)

        # The exposure, document by document, then the sums.
        self.exposure_box = QGroupBox(self.tr("Exposure breakdown"), self)
        self.items = QTableWidget(0, 4, self.exposure_box)
        self.items.setObjectName("exposure_items")
        self.items.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("Number"), self.tr("Date"), self.tr("Amount (¥)")]
        )
        header_item = self.items.horizontalHeaderItem(3)
        if header_item is not None:
            header_item.setTextAlignment(_RIGHT)
        self.items.verticalHeader().hide()
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        fit_columns(self.items, "exposure_items")
        self.empty_items = QLabel(self.tr("No open documents: the exposure is ¥0.00."), self)
        self.empty_items.setStyleSheet("color: #555;")
        sums = QGridLayout()
        self.sum_values: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(
            (
                ("unpaid_slips", self.tr("Unpaid slips")),
                ("released_not_slipped", self.tr("Released, not yet slipped")),
                ("exposure", self.tr("Exposure now")),
                ("amount", self.tr("This note")),
                ("after", self.tr("Exposure after release")),
                ("limit", self.tr("Limit")),
                ("headroom", self.tr("Headroom after release")),
            )
        ):
            name = QLabel(label, self.exposure_box)
            value = QLabel(self.exposure_box)
            value.setObjectName(f"sum_{key}")
            value.setAlignment(_RIGHT)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key in ("exposure", "after", "headroom"):
                for w in (name, value):
                    emphasise(w)
            sums.addWidget(name, row, 0)
            sums.addWidget(value, row, 1)
            self.sum_values[key] = value
        sums.setColumnStretch(0, 1)
        self.cash_note = QLabel(
            self.tr(
                "Cash on delivery: not checked against the credit limit (it still counts "
                "in the exposure until paid)."
            ),
            self.exposure_box,
        )
        self.cash_note.setWordWrap(True)
        self.cash_note.setStyleSheet("color: #555;")
        vbox(self.items, self.empty_items, sums, self.cash_note, parent=self.exposure_box)

        content = QWidget(self)
        vbox(
            self.title,
            self.status,
            self.decision_box,
            self.warnings_box,
            self.position_box,
            self.exposure_box,
            None,
            parent=content,
        )
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.clear(self.tr("Select a dispatch note to see the credit check."))

    # --- states ------------------------------------------------------------------------------

    @property
    def blocked(self) -> bool:
        return self.decision is not None and not self.decision.allowed

    @property
    def payment_owed(self) -> bool:
        """Blocked by rule 5 (前清后送, an overdue slip): the customer must pay; no limit raise
        lifts that."""
        return self.decision is not None and any(f.rule == 5 for f in self.decision.failures)

    def clear(self, message: str = "") -> None:
        self.decision = None
        self.failure_texts = []
        self.warning_texts = []
        self.title.clear()
        self.status.setText(message)
        self.status.setVisible(bool(message))
        for widget in (self.decision_box, self.warnings_box, self.position_box, self.exposure_box):
            widget.hide()

    def show_loading(self, note: DispatchRow) -> None:
        self.clear(
            self.tr("Checking the credit of {customer}…").format(customer=note.customer_name)
        )
        self._show_title(note)

    def _show_title(self, note: DispatchRow) -> None:
        self.title.setText(
            self.tr("{number} · {customer} · {kind} · {amount}").format(
                number=note.number,
                customer=note.customer_name,
                kind=sale_kind_label(note.sale_kind),
                amount=yuan(note.total),
            )
        )

    def show_decision(self, note: DispatchRow, decision: CreditDecision) -> None:
        self.clear()
        self.decision = decision
        self._show_title(note)
        self.failure_texts = [failure_text(f) for f in decision.failures]
        self.warning_texts = [failure_text(w) for w in decision.warnings]
        if decision.allowed:
            self.decision_box.setStyleSheet(_box_style("decision", GREEN, GREEN_BG))
            self.headline.setStyleSheet(f"color: {GREEN};")
            self.headline.setText(self.tr("✔ Within credit: may be released"))
            self.failures.hide()
            self.no_override.hide()
        else:
            self.decision_box.setStyleSheet(_box_style("decision", RED, RED_BG))
            self.headline.setStyleSheet(f"color: {RED};")
            self.headline.setText(
                self.tr("✖ Release blocked ({count} reason(s))").format(
                    count=len(decision.failures)
                )
            )
            self.failures.setStyleSheet(f"color: {RED};")
            self.failures.setText(_bullets(self.failure_texts))
            self.failures.show()
            self.no_override.setText(
                self.tr(
                    "The cashier has no authority to override the credit check. The customer "
                    "must first pay what it still owes."
                )
                if self.payment_owed
                else self.tr(
                    "The cashier has no authority to override the credit check. "
                    "Please have the authorised approver adjust the limit."
                )
            )
            self.no_override.setStyleSheet(f"color: {RED};")
            self.no_override.show()
        self.decision_box.show()
        if self.warning_texts:
            self.warnings.setText(_bullets(["⚠ " + w for w in self.warning_texts]))
            self.warnings_box.show()
        self._show_position(decision)
        self._show_exposure(decision)

    def _show_position(self, decision: CreditDecision) -> None:
        pos = decision.position
        values = self.position_values
        if not isinstance(pos, CreditPosition):
            self.position_box.hide()
            return
        if pos.grade is None:
            values["grade"].setText(self.tr("Not graded (cash only)"))
        else:
            values["grade"].setText(self.tr("Grade {grade}").format(grade=pos.grade))
        terms = payment_terms_label(pos.payment_terms)
        if pos.term_days:
            terms = self.tr("{terms}, {days} days").format(terms=terms, days=pos.term_days)
        values["terms"].setText(terms)
        if pos.contract is None:
            values["contract"].setText(self.tr("None on file"))
        else:
            values["contract"].setText(
                self.tr("{number}, valid to {date}").format(
                    number=pos.contract.number, date=pos.contract.valid_to.isoformat()
                )
            )
        values["limit"].setText(self._limit_text(pos.limit_mode, pos.limit))
        if not pos.agreed_payment:
            values["cap"].setText("—")
        elif pos.month_end_cap is None:
            values["cap"].setText(self.tr("None agreed (no credit)"))
        else:
            values["cap"].setText(yuan(pos.month_end_cap))
        self.position_box.show()

    def _limit_text(self, mode: str, limit: Decimal | None) -> str:
        if mode == "unlimited":
            return self.tr("Unlimited")
        if mode == "limit":
            return yuan(limit)
        return self.tr("No limit (cash only)")

    def _show_exposure(self, decision: CreditDecision) -> None:
        pos = decision.position
        items = pos.exposure.items if pos is not None else ()
        self.items.setRowCount(len(items))
        for row, item in enumerate(items):
            kind = (
                self.tr("Unpaid slip") if item.kind == "slip" else self.tr("Released, not slipped")
            )
            cells = (kind, item.number, item.date.isoformat(), plain_amount(item.amount))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 3:
                    cell.setTextAlignment(_RIGHT)
                self.items.setItem(row, column, cell)
        # As tall as its rows (up to ten; then it scrolls), so the sums stay close to them.
        rows_height = sum(self.items.rowHeight(r) for r in range(min(len(items), 10)))
        self.items.setFixedHeight(
            rows_height + self.items.horizontalHeader().height() + 2 * self.items.frameWidth() + 2
        )
        self.items.setVisible(bool(items))
        self.empty_items.setVisible(not items)
        credit = decision.sale_kind == "credit"
        sums = self.sum_values
        if pos is not None:
            sums["unpaid_slips"].setText(yuan(pos.exposure.unpaid_slips))
            sums["released_not_slipped"].setText(yuan(pos.exposure.released_not_slipped))
        sums["exposure"].setText(yuan(decision.exposure))
        sums["amount"].setText(yuan(decision.amount))
        sums["after"].setText(yuan(decision.after) if credit else "—")
        sums["limit"].setText(self._limit_text(decision.limit_mode, decision.limit))
        headroom = decision.headroom
        sums["headroom"].setText(yuan(headroom) if credit and headroom is not None else "—")
        over = headroom is not None and headroom < 0
        sums["headroom"].setStyleSheet(f"color: {RED};" if over else "")
        self.cash_note.setVisible(not credit)
        self.exposure_box.show()


def _bullets(lines: list[str]) -> str:
    return "".join(f"<p style='margin: 4px 0'>• {html.escape(line)}</p>" for line in lines)
