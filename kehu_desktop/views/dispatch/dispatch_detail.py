"""One dispatch note in full: who did what when, its lines, temporary receipt and slips."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.services.dispatch import DispatchView
from kehu_desktop.views.dispatch.dispatch_terms import approval_label
from kehu_desktop.views.dispatch.dispatch_terms import sale_kind_label
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import plain_amount
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import vbox

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NUMERIC = (7, 8, 9, 10)


def _when(value: datetime | None) -> str:
    return local_time(value) if value is not None else ""


class DispatchDetail(QWidget):
    """Read-only view of a :class:`DispatchView`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note: DispatchView | None = None
        self.title = QLabel(self)
        self.title.setObjectName("detail_title")
        emphasise(self.title, 1.15)
        self.title.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("customer", self.tr("Customer")),
            ("sale", self.tr("Sale")),
            ("total", self.tr("Amount")),
            ("note", self.tr("Note")),
            ("requested", self.tr("Requested")),
            ("approved", self.tr("Approved")),
            ("assigned", self.tr("Driver and route")),
            ("released", self.tr("Released")),
            ("delivered", self.tr("Delivered")),
            ("receipt", self.tr("Temporary receipt")),
            ("slips", self.tr("Slips")),
            ("returned", self.tr("Note returned")),
            ("cancelled", self.tr("Cancelled")),
        ):
            value = QLabel(self)
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(label, value)
            self.values[key] = value
        self.lines = QTableWidget(0, 11, self)
        self.lines.setObjectName("detail_lines")
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("Code"),
                self.tr("Product"),
                self.tr("Specification"),
                self.tr("Unit"),
                self.tr("Batch"),
                self.tr("Expiry"),
                self.tr("Quantity"),
                self.tr("Unit price (¥)"),
                self.tr("Amount (¥)"),
                self.tr("Received"),
            ]
        )
        for column in _NUMERIC:
            item = self.lines.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(_RIGHT)
        self.lines.verticalHeader().hide()
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        fit_columns(self.lines, "dispatch_lines", names=[2])
        self.placeholder = QLabel(self)
        self.placeholder.setStyleSheet("color: #555;")
        vbox(self.title, self.placeholder, self.form, (self.lines, 1), parent=self, margins=0)
        self.clear(self.tr("Select a dispatch note to see it here."))

    def clear(self, message: str) -> None:
        self.note = None
        self.title.clear()
        self.placeholder.setText(message)
        self.placeholder.show()
        for key in self.values:
            self.form.setRowVisible(self.values[key], False)
        self.lines.hide()

    def show_note(self, n: DispatchView) -> None:
        self.note = n
        self.placeholder.hide()
        self.title.setText(
            self.tr("{number} · {status}").format(
                number=n.number, status=status_label("dispatch", n.status)
            )
        )
        office = f"（{n.market_office}）" if n.market_office else ""
        texts = {
            "customer": f"{n.customer_name}{office}",
            "sale": sale_kind_label(n.sale_kind),
            "total": yuan(n.total),
            "note": n.note or "",
            "requested": self.tr("{who}, {when}").format(
                who=n.requested_by, when=_when(n.requested_at)
            ),
            "approved": self.tr("{mode}: {who}, {when}").format(
                mode=approval_label(n.approval_mode, n.signature_owed),
                who=n.approved_by,
                when=_when(n.approved_at),
            )
            if n.approved_at
            else "",
            "assigned": f"{n.driver} · {n.route}" if n.driver else "",
            "released": self.tr("{who}, {when}").format(
                who=n.released_by, when=_when(n.released_at)
            )
            if n.released_at
            else "",
            "delivered": self.tr("{who}, {when}").format(
                who=n.delivered_by, when=n.delivered_on.isoformat()
            )
            if n.delivered_on
            else "",
            "receipt": self._receipt_text(n),
            "slips": "、".join(n.slip_numbers),
            "returned": self.tr("{who}, {when}").format(
                who=n.returned_to, when=_when(n.returned_at)
            )
            if n.returned_at
            else "",
            "cancelled": self.tr("{when}: {reason}").format(
                when=_when(n.cancelled_at), reason=n.cancel_reason or ""
            )
            if n.cancelled_at
            else "",
        }
        for key, text in texts.items():
            self.values[key].setText(text)
            self.form.setRowVisible(self.values[key], bool(text))
        self.values["approved"].setStyleSheet("color: #a15c00;" if n.signature_owed else "")
        self.lines.setRowCount(len(n.lines))
        for row, ln in enumerate(n.lines):
            delivered = "" if ln.delivered_quantity is None else str(ln.delivered_quantity)
            cells = (
                str(ln.line_no),
                ln.product_code,
                ln.product_name,
                ln.specification or "",
                ln.unit,
                ln.batch_no or "",
                ln.expiry.isoformat() if ln.expiry else "",
                str(ln.quantity),
                plain_amount(ln.unit_price),
                plain_amount(ln.amount),
                delivered,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in _NUMERIC:
                    item.setTextAlignment(_RIGHT)
                self.lines.setItem(row, column, item)
        self.lines.show()

    def _receipt_text(self, n: DispatchView) -> str:
        r = n.temporary_receipt
        if r is None:
            return ""
        text = self.tr("{number}, {office}, issued by {who} {when}").format(
            number=r.number, office=r.market_office or "-", who=r.issued_by, when=_when(r.issued_at)
        )
        if r.cancelled_at is not None:
            text += self.tr(" (cancelled {when})").format(when=_when(r.cancelled_at))
        return text
