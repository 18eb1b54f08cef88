"""分销计划 (step 8): the sales manager fills next month's plans in one grid (prefilled from this
month's; a bad cell is marked red with the reason and nothing is saved), the sales rep logs
progress on the selected customer's plan, and everyone who sees credit reads plan against actual
for a month, the customers below plan in red and those due for withdrawal marked; from there the
sales manager proposes withdrawing a dealership (withdrawal_dialog.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain import plans as rules
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import PlanActual
from kehu_desktop.dto import PlanInput
from kehu_desktop.dto import PlanRow
from kehu_desktop.services import plans
from kehu_desktop.services.base import Actor
from kehu_desktop.views.credit.credit_records import RED
from kehu_desktop.views.credit.credit_records import fill_table
from kehu_desktop.views.credit.credit_records import make_table
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import text_box
from kehu_desktop.views.plans.withdrawal_dialog import WithdrawalDialog

log = logging.getLogger(__name__)

#: The grid's editable columns, in order after the customer's name.
GRID = ("sales_target", "purchase_plan", "payment_plan", "outlets_target", "stocking")
ACTUAL_COLUMNS = (
    "customer purchase_plan purchased payment_plan paid outlets months_below withdraw_flag"
)


@dataclass(frozen=True)
class PlanScreen:
    grid: list[PlanRow]
    actual: list[PlanActual]


def load(db: Database, actor: Actor, month: date) -> PlanScreen:
    """Runs on the worker: the grid of ``month`` and its plan against actual."""
    return PlanScreen(plans.plan_grid(db, actor, month), plans.plan_vs_actual(db, actor, month))


def _outlets(reached: int | None, planned: int | None) -> str:
    if planned is None and reached is None:
        return ""
    return f"{'—' if reached is None else reached}/{'—' if planned is None else planned}"


def _text(value: object) -> str:
    return "" if value is None else str(value)


class PlansView(QWidget):
    """The month's grid and plan against actual."""

    plansFiled = Signal(object)  # the month

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._screen = PlanScreen([], [])
        self.setObjectName("plans_view")
        can = ctx.actor.can
        title = QLabel(self.tr("Distribution plans"), self)
        emphasise(title, 1.15)
        self.month = QComboBox(self)
        self.month.setObjectName("month")
        today = ctx.db.clock.today()
        for n in (1, 0, -1, -2):
            month = rules.add_months(today, n)
            self.month.addItem(f"{month:%Y-%m}", month)
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable())

        headers = [
            self.tr("Customer"),
            self.tr("Sales target"),
            self.tr("Purchase plan"),
            self.tr("Payment plan"),
            self.tr("Outlets to cover"),
            self.tr("Stocking (outlets or areas)"),
        ]
        self.grid = QTableWidget(0, len(headers), self)
        self.grid.setObjectName("plan_grid")
        self.grid.setHorizontalHeaderLabels(headers)
        self.grid.verticalHeader().hide()
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Widths as every list's (views.kit.column_widths): the name gives way first.
        fit_columns(self.grid, "plans/grid", names=[0])
        self.grid.itemSelectionChanged.connect(self._enable)
        self.save_button = push_button(
            self, self.tr("Save the plans"), "save", self.save, visible=can("plan.file")
        )
        self.progress_outlets = QSpinBox(self)
        self.progress_outlets.setObjectName("outlets_reached")
        self.progress_outlets.setRange(-1, 9999)  # -1 shows "—": no count given
        self.progress_outlets.setSpecialValueText("—")
        self.progress_outlets.setValue(-1)
        self.progress_note = text_box(self, 48)
        self.progress_note.setObjectName("progress_note")
        self.progress_button = push_button(
            self, self.tr("Log progress"), "progress", self.log_progress
        )
        progress = QWidget(self)
        hbox(
            QLabel(self.tr("Outlets reached"), self),
            self.progress_outlets,
            (self.progress_note, 1),
            self.progress_button,
            parent=progress,
            margins=0,
        )
        progress.setVisible(can("plan.progress"))
        grid_page = QWidget(self)
        self.grid_hint = QLabel(self)
        self.grid_hint.setWordWrap(True)
        self.grid_hint.setStyleSheet("color: #555;")
        vbox(
            self.grid_hint, (self.grid, 1), hbox(self.save_button, None), progress, parent=grid_page
        )
        self.actual = make_table(
            self, "plan_actual", ACTUAL_COLUMNS, "purchase_plan purchased payment_plan paid"
        )
        self.actual.itemSelectionChanged.connect(self._enable)
        # Step 8 into step 1's chain: the sales manager proposes withdrawing a dealership, from
        # a flagged row with the months below plan filled in (or from any row, for other
        # reasons); the branch GM and head office decide in 客户审批.
        self.withdraw_button = push_button(
            self,
            self.tr("Propose withdrawal…"),
            "propose_withdrawal",
            self.propose_withdrawal,
            visible=can("customer.propose_withdrawal"),
        )
        actual_page = QWidget(self)
        vbox((self.actual, 1), hbox(self.withdraw_button, None), parent=actual_page)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(grid_page, self.tr("Plans"))
        self.tabs.addTab(actual_page, self.tr("Plan against actual"))
        vbox(
            hbox(title, QLabel(self.tr("Month"), self), self.month, None, self.refresh_button),
            self.busy_bar,
            self.messages,
            (self.tabs, 1),
            parent=self,
        )
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def loaded(self) -> PlanScreen:
        return self._screen

    def chosen_month(self) -> date:
        value = self.month.currentData()
        assert isinstance(value, date)
        return value

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(load, self.chosen_month(), on_done=self._loaded, on_error=self._failed)

    def _loaded(self, screen: PlanScreen) -> None:
        self._screen = screen
        month = self.chosen_month()
        editable = self._ctx.actor.can("plan.file") and month > rules.month_start(
            self._ctx.db.clock.today()
        )
        self.grid.setRowCount(len(screen.grid))
        for r, row in enumerate(screen.grid):
            cells = [
                row.customer_name,
                _text(row.sales_target),
                _text(row.purchase_plan),
                _text(row.payment_plan),
                _text(row.outlets_target),
                _text(row.stocking),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = item.flags()
                if c == 0 or not editable:
                    item.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable)
                if row.prefilled and c:
                    item.setToolTip(self.tr("From last month's plan: save to file it"))
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.grid.setItem(r, c, item)
        prefilled = sum(r.prefilled for r in screen.grid)
        hint = self.tr("{count} credit customers; {filed} plans filed for {month}.").format(
            count=len(screen.grid),
            filed=sum(r.plan_id is not None for r in screen.grid),
            month=f"{month:%Y-%m}",
        )
        if prefilled:
            hint += " " + self.tr("Grey values come from last month's plan.")
        if not editable and self._ctx.actor.can("plan.file"):
            hint += " " + self.tr("This month has begun: its plans can no longer change.")
        self.grid_hint.setText(hint)
        rows = [
            [
                a.customer_name,
                yuan(a.purchase_plan),
                yuan(a.purchased),
                yuan(a.payment_plan),
                yuan(a.paid),
                _outlets(a.outlets_reached, a.outlets_target),
                str(a.months_below) if a.months_below else "",
                self._withdrawal_text(a),
            ]
            for a in screen.actual
        ]
        fill_table(self.actual, rows)
        for r, a in enumerate(screen.actual):
            if a.below:
                for c in range(self.actual.columnCount()):
                    cell = self.actual.item(r, c)
                    if cell is not None:
                        cell.setForeground(RED)
        self.busy_bar.finish()
        self._enable()

    def _withdrawal_text(self, actual: PlanActual) -> str:
        if actual.withdrawal == "proposed":
            return self.tr("withdrawal proposed (GM to review)")
        if actual.withdrawal == "reviewed":
            return self.tr("withdrawal proposed (head office to decide)")
        return self.tr("propose withdrawal") if actual.withdraw else ""

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if isinstance(exc, ValidationFailed):
            self._mark(exc)
            return
        if not isinstance(exc, KehuError):
            log.error("plans view: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    def _mark(self, exc: ValidationFailed) -> None:
        """Each bad cell red with its reason; the reasons listed on top."""
        lines = []
        for error in exc.errors:
            parts = error.field.split(".")
            if len(parts) == 3 and parts[0] == "rows":
                r, c = int(parts[1]), GRID.index(parts[2]) + 1
                item = self.grid.item(r, c)
                if item is not None:
                    item.setBackground(Qt.GlobalColor.yellow)
                    item.setForeground(RED)
                    item.setToolTip(error.message)
                name = self.grid.item(r, 0)
                lines.append(f"{name.text() if name else r + 1}：{error.message}")
            else:
                lines.append(error.message)
        self.messages.show_message("error", self.tr("Nothing was saved:"), [("", x) for x in lines])

    def _enable(self) -> None:
        idle = not self.busy
        self.save_button.setEnabled(idle and self.grid.rowCount() > 0)
        self.progress_button.setEnabled(idle and bool(self.grid.selectionModel().selectedRows()))
        chosen = self.chosen_actual()
        self.withdraw_button.setEnabled(idle and chosen is not None and chosen.withdrawal is None)

    def chosen_actual(self) -> PlanActual | None:
        """The row of plan against actual selected, if any."""
        rows = self.actual.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._screen.actual):
            return None
        return self._screen.actual[rows[0].row()]

    def propose_withdrawal(self) -> WithdrawalDialog | None:
        """The dialog for the selected row's customer (prefilled when the row is flagged)."""
        actual = self.chosen_actual()
        if actual is None:
            return None
        dialog = WithdrawalDialog(self._ctx, actual, self)
        dialog.saved.connect(lambda _file: self._withdrawal_proposed(actual))
        dialog.open()
        return dialog

    def _withdrawal_proposed(self, actual: PlanActual) -> None:
        self.messages.show_message(
            "success",
            self.tr("Withdrawal of {name} proposed: the branch GM reviews it in approvals.").format(
                name=actual.customer_name
            ),
        )
        self.refresh()

    def save(self) -> None:
        rows = []
        for r, row in enumerate(self._screen.grid):
            values = [self.grid.item(r, c + 1) for c in range(len(GRID))]
            texts = [v.text().strip() if v is not None else "" for v in values]
            values_by_column = {col: text or None for col, text in zip(GRID, texts, strict=True)}
            rows.append(PlanInput(row.customer_id, **values_by_column))
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            plans.file_plans, self.chosen_month(), rows, on_done=self._saved, on_error=self._failed
        )

    def _saved(self, _grid: list[PlanRow]) -> None:
        self.busy_bar.finish()
        month = self.chosen_month()
        self.messages.show_message(
            "success", self.tr("Plans for {month} saved.").format(month=f"{month:%Y-%m}")
        )
        self.plansFiled.emit(month)
        self.refresh()

    def log_progress(self) -> None:
        selected = self.grid.selectionModel().selectedRows()
        if not selected:
            return
        row = self._screen.grid[selected[0].row()]
        self.busy_bar.start()
        self._ctx.call(
            plans.log_progress,
            row.customer_id,
            self.chosen_month(),
            self.progress_outlets.value() if self.progress_outlets.value() >= 0 else None,
            self.progress_note.toPlainText(),
            on_done=self._progress_logged,
            on_error=self._failed,
        )

    def _progress_logged(self, _result: object) -> None:
        self.busy_bar.finish()
        self.progress_note.clear()
        self.progress_outlets.setValue(-1)
        self.messages.show_message("success", self.tr("Progress logged."))
        self.refresh()
