"""The cashier desk's other tabs: notes out on the road (record the signed note returned), the
goods taken per market office, and the phone approvals whose signature is still owed.

Each tab loads on the DB worker and reports to the desk through ``messageShown(kind, text)``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.services.dispatch import DispatchRow
from kehu_desktop.services.dispatch import DispatchView
from kehu_desktop.services.dispatch import MarketOfficeGoods
from kehu_desktop.services.dispatch import market_office_goods
from kehu_desktop.services.dispatch import record_note_returned
from kehu_desktop.services.dispatch import signatures_owed
from kehu_desktop.views.dispatch.dispatch_model import DispatchRowsModel
from kehu_desktop.views.dispatch.dispatch_model import PagedDispatchModel
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.formatting import plain_amount
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.worker import Task

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OUT_STATUSES = ("released", "parked", "delivered")
OUT_COLUMNS = ("number", "status", "customer", "sale_kind", "total", "driver", "route")
OWED_COLUMNS = ("number", "status", "customer", "sale_kind", "total", "approval", "driver")


def note_table(parent: QWidget, name: str, model: DispatchRowsModel) -> QTableView:
    """A table of dispatch notes: columns as wide as what they hold, the customer's name elided
    in the middle with the full name as tooltip, widths the user sets kept (views.column_widths,
    under ``name``)."""
    names = [model.keys.index("customer")] if "customer" in model.keys else []
    return make_table(parent, name, model, widths=name, stretch=names, centred=False, wrap=False)


def hint_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class NotesOutTab(QWidget):
    """Released notes whose signed copy has not come back; the cashier records the return."""

    messageShown = Signal(str, str)  # kind (success/error), text
    noteReturned = Signal(object)  # the DispatchView

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._working = False
        self.model = PagedDispatchModel(ctx, OUT_STATUSES, OUT_COLUMNS, self)
        self.model.loadFailed.connect(lambda exc: self.messageShown.emit("error", error_text(exc)))
        self.table = note_table(self, "notes_out", self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.model.modelReset.connect(self._enable)
        self.return_button = push_button(
            self, self.tr("Record signed note returned"), "record_return", self.record_return
        )
        self.return_button.setVisible(ctx.actor.can("dispatch.return"))
        self.state_hint = QLabel(self)
        self.state_hint.setStyleSheet("color: #555;")
        buttons = hbox(self.return_button, (self.state_hint, 1))
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Goods released and not yet confirmed as returned. When the driver brings "
                    "back the note signed on delivery, record it here: the goods then count as "
                    "taken by the customer's market office."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._enable()

    @property
    def busy(self) -> bool:
        return self.model.loading or self._working

    def refresh(self) -> None:
        self.model.refresh()

    def search(self, text: str) -> None:
        self.model.set_filter(OUT_STATUSES, text)

    def selected(self) -> DispatchRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        row = self.selected()
        ok = row is not None and row.status == "delivered" and not self._working
        self.return_button.setEnabled(ok)
        if row is not None and row.status != "delivered":
            self.state_hint.setText(
                self.tr("{number} is not delivered yet.").format(number=row.number)
            )
        else:
            self.state_hint.clear()

    def record_return(self) -> None:
        row = self.selected()
        if row is None or row.status != "delivered" or self._working:
            return
        self._working = True
        self._enable()
        self._ctx.call(
            record_note_returned,
            row.id,
            on_done=self._returned,
            on_error=self._failed,
        )

    def _returned(self, note: DispatchView) -> None:
        self._working = False
        self.messageShown.emit(
            "success",
            self.tr("Note {number} recorded as returned; the goods count for {office}.").format(
                number=note.number, office=note.market_office or "-"
            ),
        )
        self.noteReturned.emit(note)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._working = False
        self.messageShown.emit("error", error_text(exc))
        self.refresh()


class MarketGoodsTab(QWidget):
    """The register of goods taken by each market office (returned notes), for a date range."""

    messageShown = Signal(str, str)
    COLUMNS = 7

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._task: Task | None = None
        day = ctx.db.clock.today()
        today = QDate(day.year, day.month, day.day)
        self.since = QDateEdit(QDate(today.year(), today.month(), 1), self)
        self.since.setObjectName("goods_since")
        self.until = QDateEdit(today, self)
        self.until.setObjectName("goods_until")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("market_goods")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Market office"),
                self.tr("Product code"),
                self.tr("Product"),
                self.tr("Unit"),
                self.tr("Quantity"),
                self.tr("Amount (¥)"),
                self.tr("Notes"),
            ]
        )
        for column in (4, 5, 6):
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(_RIGHT)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        fit_columns(self.table, "market_goods", names=[0, 2])
        self.total_label = QLabel(self)
        self.total_label.setObjectName("goods_total")
        self.total_label.setAlignment(_RIGHT)
        top = hbox(
            QLabel(self.tr("Delivered from"), self),
            self.since,
            QLabel(self.tr("to"), self),
            self.until,
            None,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Goods of returned notes, by market office and product (delivered quantities)."
                ),
                self,
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        if self._task is not None:
            self._task.cancel()  # the dates changed again: only the last answer counts
        since: date = self.since.date().toPython()  # type: ignore[assignment]
        until: date = self.until.date().toPython()  # type: ignore[assignment]
        self._task = self._ctx.call(
            market_office_goods,
            since=since,
            until=until,
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list[MarketOfficeGoods]) -> None:
        self._task = None
        self.table.setRowCount(len(rows))
        for r, g in enumerate(rows):
            cells = (
                g.market_office or self.tr("(none)"),
                g.product_code,
                g.product_name,
                g.unit,
                str(g.quantity),
                plain_amount(g.amount),
                str(g.notes),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 4:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(r, column, item)
        total = sum((g.amount for g in rows), Decimal("0.00"))
        self.total_label.setText(self.tr("Total: {amount}").format(amount=yuan(total)))

    def _failed(self, exc: Exception) -> None:
        self._task = None
        self.messageShown.emit("error", error_text(exc))


class SignaturesOwedTab(QWidget):
    """Notes approved by phone whose written signature is still owed, oldest first."""

    messageShown = Signal(str, str)
    countChanged = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._task: Task | None = None
        self.model = DispatchRowsModel(OWED_COLUMNS, self)
        self.table = note_table(self, "signatures_owed", self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Approved by phone while both managers were out. The sales manager or the "
                    "branch GM must still sign these notes (on the Dispatch notes screen)."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._task = self._ctx.call(
            signatures_owed,
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list[DispatchRow]) -> None:
        self._task = None
        self.model.set_rows(rows)
        self.countChanged.emit(len(rows))

    def _failed(self, exc: Exception) -> None:
        self._task = None
        self.messageShown.emit("error", error_text(exc))
