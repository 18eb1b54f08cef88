"""客户销售月报表 (step 2): for a month (and, at head office, a branch of the user's scope) each
selected customer's reported sales volume, amount and month-end stock beside what it bought
from us, with totals; the .xlsx export written on the worker (then where it went, with a link to
its folder); the marketing director's review of the month ("审阅：<name> <date> <comment>" or
未审阅), which he records or corrects here once the month has ended."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.dto import SalesReportReviewView
from kehu_desktop.dto import SalesReportRow
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import export_monthly_sales_report
from kehu_desktop.services.customers import monthly_sales_report
from kehu_desktop.services.customers import review_sales_report
from kehu_desktop.services.customers import sales_report_review
from kehu_desktop.views.kit.branch_filter import BranchFilter
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import ask_save_path
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import brush
from kehu_desktop.views.kit.formatting import plain_amount
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import RIGHT

log = logging.getLogger(__name__)

#: How many months the month list offers (this month and the ones before it).
MONTHS_OFFERED = 13
#: The columns holding numbers (right-aligned).
NUMBER_COLUMNS = (1, 2, 3, 4, 5)
OPEN_FOLDER = "open-folder"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class SalesReportScreen:
    rows: list[SalesReportRow]
    review: SalesReportReviewView | None


def load(db: Database, actor: Actor, month: date, branch_id: uuid.UUID | None) -> SalesReportScreen:
    """Runs on the worker: the report of ``month`` and the review in force of its branch."""
    return SalesReportScreen(
        monthly_sales_report(db, actor, month, branch_id=branch_id),
        sales_report_review(db, actor, month, branch_id=branch_id),
    )


def _months_back(today: date, count: int) -> list[date]:
    months = [today.replace(day=1)]
    while len(months) < count:
        first = months[-1]
        months.append(date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1))
    return months


def _whole(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


class SalesReportView(QWidget):
    """The month's report, its export and its review."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._screen = SalesReportScreen([], None)
        self._shown: tuple[date, uuid.UUID | None] | None = None
        self.last_exported: Path | None = None
        self.setObjectName("sales_report_view")
        title = QLabel(self.tr("Monthly sales report"), self)
        emphasise(title, 1.15)
        self.month = QComboBox(self)
        self.month.setObjectName("month")
        for month in _months_back(ctx.db.clock.today(), MONTHS_OFFERED):
            self.month.addItem(f"{month:%Y-%m}", month)
        self.month.setCurrentIndex(1)  # the month that ended last: the one to file and review
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        self.branch_filter = BranchFilter(ctx, self)
        self.branch_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.branch_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.export_button = push_button(self, self.tr("Export to Excel…"), "export", self.export)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.messages.linkActivated.connect(self._link)
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable())

        self.review_label = QLabel(self)
        self.review_label.setObjectName("review")
        self.review_label.setWordWrap(True)
        emphasise(self.review_label, 1.05)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("review_comment")
        self.comment.setPlaceholderText(self.tr("Required; printed on the exported sheet"))
        self.comment.textChanged.connect(lambda _t: self._enable())
        self.review_button = push_button(
            self, self.tr("Mark reviewed"), "mark_reviewed", self.review
        )
        reviewing = QWidget(self)
        hbox(
            QLabel(self.tr("Comment"), self),
            (self.comment, 1),
            self.review_button,
            parent=reviewing,
            margins=0,
        )
        reviewing.setVisible(ctx.actor.can("sales_report.review"))
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")

        headers = [
            self.tr("Customer"),
            self.tr("Sales volume (pieces)"),
            self.tr("Sales amount (¥)"),
            self.tr("Month-end stock (pieces)"),
            self.tr("Bought from us (¥)"),
            self.tr("Slips"),
            self.tr("Reported"),
        ]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("sales_report")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        fit_columns(self.table, "customers/sales_report", names=[0])

        vbox(
            hbox(
                title,
                QLabel(self.tr("Month"), self),
                self.month,
                self.branch_filter,
                None,
                self.refresh_button,
                self.export_button,
            ),
            self.busy_bar,
            self.messages,
            self.review_label,
            reviewing,
            self.hint,
            (self.table, 1),
            parent=self,
        )
        ctx.worker.changesMade.connect(self._changes_made)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def loaded(self) -> SalesReportScreen:
        return self._screen

    def chosen_month(self) -> date:
        value = self.month.currentData()
        assert isinstance(value, date)
        return value

    def _one_branch(self) -> bool:
        """Whether one branch's report is shown (a branch's own; at head office, one chosen)."""
        return not self._ctx.head_office or self.branch_filter.branch_id is not None

    def _month_ended(self) -> bool:
        return self.chosen_month() < self._ctx.db.clock.today().replace(day=1)

    # --- loading -------------------------------------------------------------------------------

    def _changes_made(self, changes: Changes) -> None:
        """A review recorded here, or pulled from head office."""
        if changes.touches("sales_report_review"):
            self.refresh()

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(
            load,
            self.chosen_month(),
            self.branch_filter.branch_id,
            on_done=partial(
                weak_callback(self._loaded), (self.chosen_month(), self.branch_filter.branch_id)
            ),
            on_error=self._failed,
        )

    def _loaded(self, asked: tuple[date, uuid.UUID | None], screen: SalesReportScreen) -> None:
        self.busy_bar.finish()
        if asked != (self.chosen_month(), self.branch_filter.branch_id):
            return  # the month or branch changed meanwhile: its own answer follows
        self._screen = screen
        self._shown = asked
        self._fill(screen.rows)
        self._show_review(screen.review)
        reported = sum(r.reported for r in screen.rows)
        hint = self.tr("{count} selected customers; {reported} reported their sales.").format(
            count=len(screen.rows), reported=reported
        )
        if not self._month_ended():
            hint += " " + self.tr("This month has not ended: it can be reviewed after its end.")
        self.hint.setText(hint)
        self._enable()

    def _fill(self, rows: list[SalesReportRow]) -> None:
        self.table.clearSelection()
        self.table.setRowCount(len(rows) + 1 if rows else 0)
        for r, row in enumerate(rows):
            cells = [
                row.customer_name,
                _whole(row.volume),
                "—" if row.amount is None else plain_amount(row.amount),
                _whole(row.stock),
                plain_amount(row.bought),
                str(row.slips),
                self.tr("reported") if row.reported else self.tr("not reported"),
            ]
            self._set_row(r, cells)
            if not row.reported:
                item = self.table.item(r, len(cells) - 1)
                if item is not None:
                    item.setForeground(brush(RED))
        if rows:
            total = [
                self.tr("Total"),
                _whole(sum(r.volume or 0 for r in rows)),
                plain_amount(sum((r.amount for r in rows if r.amount is not None), start=ZERO)),
                _whole(sum(r.stock or 0 for r in rows)),
                plain_amount(sum((r.bought for r in rows), start=ZERO)),
                str(sum(r.slips for r in rows)),
                self.tr("{reported}/{count} reported").format(
                    reported=sum(r.reported for r in rows), count=len(rows)
                ),
            ]
            self._set_row(len(rows), total, bold=True)

    def _set_row(self, r: int, cells: list[str], *, bold: bool = False) -> None:
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c in NUMBER_COLUMNS:
                item.setTextAlignment(RIGHT)
            if bold:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(r, c, item)

    def _show_review(self, review: SalesReportReviewView | None) -> None:
        if not self._one_branch():
            text = self.tr("Review: choose a branch to see its review")
        elif review is None:
            text = self.tr("Review: not reviewed")
        else:
            text = self.tr("Review: {line}").format(line=review.line)
            if review.revision > 1:
                text += " " + self.tr("(corrected)")
        self.review_label.setText(text)
        self.review_button.setText(
            self.tr("Correct the review") if review is not None else self.tr("Mark reviewed")
        )

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if not isinstance(exc, KehuError):
            log.error("sales report: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))
        self._enable()

    def _enable(self) -> None:
        idle = not self.busy
        self.refresh_button.setEnabled(idle)
        self.export_button.setEnabled(idle and self._shown is not None)
        self.review_button.setEnabled(
            idle
            and self._shown is not None
            and self._one_branch()
            and self._month_ended()
            and bool(self.comment.text().strip())
        )

    # --- the review ----------------------------------------------------------------------------

    def review(self) -> None:
        """Record the director's review of the month shown (or correct the one in force)."""
        current = self._screen.review
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            review_sales_report,
            self.chosen_month(),
            self.comment.text(),
            branch_id=self.branch_filter.branch_id,
            correcting=current.id if current is not None else None,
            on_done=self._reviewed,
            on_error=self._failed,
        )

    def _reviewed(self, review: SalesReportReviewView) -> None:
        self.busy_bar.finish()
        self.comment.clear()
        self.messages.show_message(
            "success",
            self.tr("The report of {month} is marked reviewed.").format(
                month=f"{review.month:%Y-%m}"
            ),
        )
        self.refresh()

    # --- the export ----------------------------------------------------------------------------

    def export(self) -> None:
        month = self.chosen_month()
        code = self.branch_filter.codes.get(self.branch_filter.branch_id or uuid.UUID(int=0))
        name = self.tr("sales report {month}.xlsx").format(
            month=f"{code} {month:%Y-%m}" if code else f"{month:%Y-%m}"
        )
        target = ask_save_path(
            self,
            self.tr("Export the monthly sales report"),
            str(Path.home() / name),
            self.tr("Excel workbook (*.xlsx)"),
            ".xlsx",
        )
        if target is not None:
            self.export_to(target)

    def export_to(self, path: Path) -> None:
        """Write the report shown to ``path`` on the worker."""
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            export_monthly_sales_report,
            self.chosen_month(),
            path,
            branch_id=self.branch_filter.branch_id,
            on_done=partial(weak_callback(self._exported), path),
            on_error=self._failed,
        )

    def _exported(self, path: Path, _count: object) -> None:
        self.busy_bar.finish()
        self.last_exported = path
        self.messages.show_message(
            "success",
            self.tr("Written to {path}").format(path=str(path)),
            [(OPEN_FOLDER, self.tr("Open the folder"))],
        )

    def _link(self, link: str) -> None:
        if link == OPEN_FOLDER and self.last_exported is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_exported.parent)))
