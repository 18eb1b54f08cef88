"""应收款: receivables aged on a chosen day, the month-end receivables, and bad debts.

Every figure comes from services.receivables (``receivables``, ``month_end_receivables``,
``take_month_end_snapshot``, ``bad_debts``) on the DB worker. The ageing table has a totals row;
it can be exported to Excel (openpyxl, written on the DB worker, amounts as numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.db import Database
from kehu_desktop.domain import identifiers
from kehu_desktop.domain.ageing import ZERO
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.services.base import Actor
from kehu_desktop.services.payments import BadDebtRow
from kehu_desktop.services.payments import MonthEndReceivables
from kehu_desktop.services.payments import ReceivableRow
from kehu_desktop.services.payments import bad_debts
from kehu_desktop.services.payments import month_end_receivables
from kehu_desktop.services.payments import receivables
from kehu_desktop.services.payments import take_month_end_snapshot
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import DateField
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.field_widgets import ask_save_path
from kehu_desktop.views.kit.formatting import day_text
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.table_model import money_column

MONTHS_OFFERED = 24
BUCKETS = ("current", "d1_30", "d31_60", "d61_90", "over_90")


def load_receivables(
    db: Database, actor: Actor, on: date
) -> tuple[date, list[ReceivableRow], list[BadDebtRow]]:
    """Runs on the DB worker: the ageing and the bad debts on one day."""
    return on, receivables(db, actor, on), bad_debts(db, actor, on)


def write_receivables_xlsx(
    path: Path, on: date, headers: list[str], rows: list[ReceivableRow], title: str
) -> Path:
    """Runs on the DB worker: the ageing table as an Excel sheet, amounts as numbers."""
    from openpyxl import Workbook  # lazy: openpyxl only for an export
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([f"{title} {on.isoformat()}"])
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        amounts = [r.buckets.get(b) for b in BUCKETS] + [r.total, r.credit, r.balance]
        sheet.append([r.customer_name, *amounts, r.oldest_due, r.open_slips])
    totals = [sum((r.buckets.get(b) for r in rows), ZERO) for b in BUCKETS] + [
        sum((getattr(r, k) for r in rows), ZERO) for k in ("total", "credit", "balance")
    ]
    sheet.append(["", *totals])
    for row in sheet.iter_rows(min_row=3, min_col=2, max_col=9):
        for cell in row:
            cell.number_format = "#,##0.00"
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=3, min_col=10, max_col=10):
        for cell in column:
            cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 32
    for letter in "BCDEFGHIJ":
        sheet.column_dimensions[letter].width = 14
    book.save(path)
    return path


def bucket_amount(bucket: str) -> Callable[[ReceivableRow], Decimal]:
    return lambda row: row.buckets.get(bucket)


def months_before(today: date, count: int) -> list[date]:
    """The first days of the ``count`` months before ``today``'s, latest first."""
    out, first = [], today.replace(day=1)
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        out.append(first)
    return out


class ReceivablesView(QWidget):
    """Ageing on a day (with totals and Excel export), month-end receivables, bad debts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._on: date | None = None
        self.setStyleSheet(INVALID_STYLE)
        self.on_field = DateField(self)
        self.on_field.setObjectName("on")
        self.on_field.line_edit.setObjectName("on")
        self.on_field.setText(self._ctx.db.clock.today().isoformat())
        self.on_field.editingFinished.connect(self.refresh)
        self.on_box = FieldBox(self.on_field, self.on_field.line_edit)
        self.show_button = push_button(self, self.tr("Show"), "show", self.refresh)
        self.export_button = push_button(
            self, self.tr("Export to Excel…"), "export", self.export_xlsx
        )
        top = hbox(
            QLabel(self.tr("Aged on:"), self),
            self.on_box,
            self.show_button,
            None,
            self.export_button,
        )
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)

        self.headers = [
            self.tr("Customer"),
            self.tr("Current"),
            self.tr("1–30 days"),
            self.tr("31–60 days"),
            self.tr("61–90 days"),
            self.tr("Over 90 days"),
            self.tr("Outstanding"),
            self.tr("Credit (prepaid)"),
            self.tr("Balance"),
            self.tr("Oldest due"),
            self.tr("Open slips"),
        ]
        h = self.headers
        columns = [Column(h[0], lambda r: r.customer_name, name="customer")]
        for i, bucket in enumerate(BUCKETS, 1):
            columns.append(money_column(h[i], bucket_amount(bucket), name=bucket))
        columns += [
            money_column(h[6], lambda r: r.total, name="total"),
            money_column(h[7], lambda r: r.credit, name="credit"),
            money_column(h[8], lambda r: r.balance, name="balance"),
            Column(h[9], lambda r: day_text(r.oldest_due)),
            Column(h[10], lambda r: str(r.open_slips), right=True),
        ]
        self.ageing_model = TableModel(columns, self)
        self.ageing_table = make_table(self, "ageing", self.ageing_model, stretch=0)

        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("month")
        for first in months_before(self._ctx.db.clock.today(), MONTHS_OFFERED):
            self.month_combo.addItem(f"{first:%Y-%m}", first)
        self.month_combo.currentIndexChanged.connect(lambda _i: self.load_month())
        self.snapshot_button = push_button(
            self, self.tr("Take month-end receivables…"), "snapshot", self.take_snapshot
        )
        self.snapshot_button.setVisible(ctx.actor.can("receivable.snapshot"))
        self.month_status = QLabel(self)
        self.month_status.setObjectName("month_status")
        self.month_model = TableModel(
            [
                Column(self.tr("Customer"), lambda r: r.customer_name),
                money_column(self.tr("Month-end receivable"), lambda r: r.amount, name="amount"),
            ],
            self,
        )
        month_page = QWidget(self)
        month_bar = hbox(
            QLabel(self.tr("Month:"), month_page), self.month_combo, self.snapshot_button, None
        )
        vbox(
            month_bar,
            self.month_status,
            (make_table(month_page, "month_end", self.month_model, stretch=0), 1),
            parent=month_page,
        )

        self.bad_debt_model = TableModel(
            [
                Column(self.tr("Customer"), lambda r: r.customer_name),
                Column(self.tr("Stopped on"), lambda r: day_text(r.stopped_on)),
                Column(self.tr("Days since"), lambda r: str(r.days_since_stopped), right=True),
                money_column(self.tr("Balance"), lambda r: r.balance, name="balance"),
                Column(self.tr("Oldest due"), lambda r: day_text(r.oldest_due)),
            ],
            self,
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("receivable_tabs")
        self.tabs.addTab(self.ageing_table, self.tr("Ageing"))
        self.tabs.addTab(month_page, self.tr("Month-end receivables"))
        self.tabs.addTab(
            make_table(self, "bad_debts", self.bad_debt_model, stretch=0), self.tr("Bad debts")
        )
        vbox(top, self.busy_bar, self.messages, (self.tabs, 1), parent=self)
        ctx.worker.changesMade.connect(self._changes_made)
        self.refresh()

    def _changes_made(self, changes: Changes) -> None:
        """Slips or money changed (here or on another screen): the ageing follows."""
        if not changes.touches("slip", "payment", "payment_allocation", "receivable_snapshot"):
            return
        day = self.aged_on()  # as refresh(), keeping what this screen last said
        if day is not None:
            self._submit(load_receivables, self._ctx.db, self._ctx.actor, day, then=self._loaded)
        self.load_month()

    # --- loading -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def shown_on(self) -> date | None:
        """The day the ageing table shows (None before it has loaded)."""
        return self._on

    def _submit(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> None:
        """Run ``fn`` on the DB worker; ``then`` (a method of this view) gets the result."""
        self.busy_bar.start()
        self._ctx.worker.submit(
            fn,
            *args,
            on_done=partial(weak_callback(self._arrived), then.__name__),
            on_error=weak_callback(self._failed),
        )

    def _arrived(self, method: str, value: Any) -> None:
        self.busy_bar.finish()
        getattr(self, method)(value)

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self.messages.show_message("error", error_text(exc))

    def aged_on(self) -> date | None:
        try:
            day = identifiers.parse_date_not_future(
                self.on_field.text(),
                field="on",
                label=self.tr("Aged on"),
                today=self._ctx.db.clock.today(),
            )
        except ValidationFailed as exc:
            self.on_box.set_error(exc.errors[0].message)
            return None
        self.on_box.set_error(None)
        return day

    def refresh(self) -> None:
        day = self.aged_on()
        if day is not None:
            self.messages.clear()
            self._submit(load_receivables, self._ctx.db, self._ctx.actor, day, then=self._loaded)
        self.load_month()

    def _loaded(self, result: tuple[date, list[ReceivableRow], list[BadDebtRow]]) -> None:
        self._on, rows, debts = result
        totals = [self.tr("Total (%1 customers)").replace("%1", str(len(rows)))]
        totals += [yuan(sum((r.buckets.get(b) for r in rows), ZERO)) for b in BUCKETS]
        totals += [yuan(sum((getattr(r, k) for r in rows), ZERO)) for k in ("total", "credit")]
        totals += [
            yuan(sum((r.balance for r in rows), ZERO)),
            "",
            str(sum(r.open_slips for r in rows)),
        ]
        self.ageing_model.set_rows(rows, totals)
        debt_total = sum((d.balance for d in debts), Decimal("0.00"))
        self.bad_debt_model.set_rows(debts, [self.tr("Total"), "", "", yuan(debt_total), ""])

    def load_month(self) -> None:
        month = self.month_combo.currentData()
        if isinstance(month, date):
            self._submit(
                month_end_receivables, self._ctx.db, self._ctx.actor, month, then=self._month
            )

    def _month(self, result: MonthEndReceivables) -> None:
        if result.month != self.month_combo.currentData():
            return
        if result.taken:
            text = self.tr("Taken %1 by %2 (closing date %3).")
            text = text.replace("%1", local_time(result.taken_at) if result.taken_at else "")
            text = text.replace("%2", result.taken_by or "").replace(
                "%3", day_text(result.closing_date)
            )
        else:
            text = self.tr("Not taken yet: a preview of the balances at the closing date %1.")
            text = text.replace("%1", day_text(result.closing_date))
        self.month_status.setText(text)
        self.snapshot_button.setEnabled(not result.taken)
        self.month_model.set_rows(list(result.rows), [self.tr("Total"), yuan(result.total)])

    # --- actions -----------------------------------------------------------------------------

    def take_snapshot(self) -> None:
        month = self.month_combo.currentData()
        if not isinstance(month, date):
            return
        answer = QMessageBox.question(
            self,
            self.tr("Month-end receivables"),
            self.tr(
                "Store the month-end receivables of %1 now? They are taken once, as the ledger "
                "stands at the closing date, and sent to head office."
            ).replace("%1", f"{month:%Y-%m}"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._submit(
            take_month_end_snapshot, self._ctx.db, self._ctx.actor, month, then=self._taken
        )

    def _taken(self, result: MonthEndReceivables) -> None:
        self.messages.show_message(
            "success",
            self.tr("Month-end receivables of %1 taken: %2 customer(s), %3.")
            .replace("%1", f"{result.month:%Y-%m}")
            .replace("%2", str(len(result.rows)))
            .replace("%3", yuan(result.total)),
        )
        self._month(result)

    def export_xlsx(self) -> None:
        rows = self.ageing_model.rows()
        if self._on is None:
            return
        path = ask_save_path(
            self,
            self.tr("Export receivables"),
            self.tr("Receivables %1.xlsx").replace("%1", self._on.isoformat()),
            self.tr("Excel workbooks (*.xlsx)"),
            ".xlsx",
        )
        if path is None:
            return
        title = self.tr("Receivables")
        self._submit(
            write_receivables_xlsx, path, self._on, self.headers, rows, title, then=self._exported
        )

    def _exported(self, path: Path) -> None:
        self.messages.show_message("success", self.tr("Exported to %1").replace("%1", str(path)))
