"""分销计划 (step 8): the sales manager fills next month's plans in one grid (prefilled from this
month's; a bad cell is marked red with the reason and nothing is saved), optionally the purchase
plan per product (a row's product lines, plan_lines.py: the purchase plan is then their total),
the sales rep logs progress on the selected customer's plan, and everyone who sees credit reads
plan against actual for a month, the customers below plan in red and those due for withdrawal
marked, and the selected customer's planned products against the month's slips' lines; from
there the sales manager proposes withdrawing a dealership (withdrawal_dialog.py)."""

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
from kehu_desktop.dto import PlanLineInput
from kehu_desktop.dto import PlanRow
from kehu_desktop.dto import ProductView
from kehu_desktop.services import plans
from kehu_desktop.services import products
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
from kehu_desktop.views.plans.plan_lines import PlanLinesDialog
from kehu_desktop.views.plans.plan_lines import lines_total
from kehu_desktop.views.plans.withdrawal_dialog import WithdrawalDialog

log = logging.getLogger(__name__)

#: The grid's columns, in order after the customer's name; all typed but the product lines.
GRID = (
    "sales_target",
    "purchase_plan",
    "purchase_lines",
    "payment_plan",
    "outlets_target",
    "stocking",
)
LINES = GRID.index("purchase_lines") + 1
PURCHASE = GRID.index("purchase_plan") + 1
ACTUAL_COLUMNS = (
    "customer purchase_plan purchased payment_plan paid outlets months_below withdraw_flag"
)
LINE_COLUMNS = "product planned_quantity bought_quantity planned_amount bought_amount"
#: The product list offered for a plan's lines (a branch's catalogue is a few hundred).
PRODUCT_LIMIT = 5000


@dataclass(frozen=True)
class PlanScreen:
    grid: list[PlanRow]
    actual: list[PlanActual]


def load(db: Database, actor: Actor, month: date) -> PlanScreen:
    """Runs on the worker: the grid of ``month`` and its plan against actual."""
    return PlanScreen(plans.plan_grid(db, actor, month), plans.plan_vs_actual(db, actor, month))


def load_products(db: Database, actor: Actor) -> list[ProductView]:
    """Runs on the worker: the products a plan's line may name."""
    return products.list_products(db, actor, limit=PRODUCT_LIMIT)


def line_inputs(row: PlanRow) -> list[PlanLineInput]:
    return [
        PlanLineInput(
            line.product_code,
            None if line.quantity is None else str(line.quantity),
            str(line.amount),
        )
        for line in row.lines
    ]


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
        self._lines: list[list[PlanLineInput]] = []  # each grid row's product lines, as edited
        self._line_errors: dict[int, dict[tuple[int, str], str]] = {}  # row → (line, field)
        self._products: list[ProductView] | None = None  # loaded when lines are first opened
        self.lines_dialog: PlanLinesDialog | None = None
        self._editable = False  # the month's plans may still be filed, by this user
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
            self.tr("Products"),
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
        self.grid.cellDoubleClicked.connect(
            lambda _r, column: self.open_lines() if column == LINES else None
        )
        self.lines_button = push_button(
            self, self.tr("Products…"), "purchase_lines", self.open_lines
        )
        self.lines_button.setToolTip(
            self.tr("The selected customer's purchase plan by product (optional)")
        )
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
            self.grid_hint,
            (self.grid, 1),
            hbox(self.lines_button, self.save_button, None),
            progress,
            parent=grid_page,
        )
        self.actual = make_table(
            self, "plan_actual", ACTUAL_COLUMNS, "purchase_plan purchased payment_plan paid"
        )
        self.actual.itemSelectionChanged.connect(self._enable)
        self.actual.itemSelectionChanged.connect(self._show_actual_lines)
        self.actual_lines = make_table(
            self,
            "plan_actual_lines",
            LINE_COLUMNS,
            "planned_quantity bought_quantity planned_amount bought_amount",
            stretch="product",
        )
        self.actual_lines_title = QLabel(self)
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
        vbox(
            (self.actual, 3),
            self.actual_lines_title,
            (self.actual_lines, 2),
            hbox(self.withdraw_button, None),
            parent=actual_page,
            margins=0,
        )
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
        self._editable = editable
        self._lines = [line_inputs(row) for row in screen.grid]
        self._line_errors = {}
        self.grid.setRowCount(len(screen.grid))
        for r, row in enumerate(screen.grid):
            cells = [
                row.customer_name,
                _text(row.sales_target),
                _text(row.purchase_plan),
                "",
                _text(row.payment_plan),
                _text(row.outlets_target),
                _text(row.stocking),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = item.flags()
                if c in (0, LINES) or not editable:
                    item.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable)
                if row.prefilled and c:
                    item.setToolTip(self.tr("From last month's plan: save to file it"))
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.grid.setItem(r, c, item)
            self._show_lines(r)
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
        self._show_actual_lines()
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
        self._line_errors = {}
        for error in exc.errors:
            parts = error.field.split(".")
            if len(parts) == 5 and parts[0] == "rows" and parts[2] == "lines":
                r, m = int(parts[1]), int(parts[3])
                self._line_errors.setdefault(r, {})[(m, parts[4])] = error.message
                item = self.grid.item(r, LINES)
                if item is not None:
                    item.setBackground(Qt.GlobalColor.yellow)
                    item.setForeground(RED)
                    item.setToolTip(
                        "\n".join(
                            self.tr("Line {n}: {reason}").format(n=k[0] + 1, reason=v)
                            for k, v in sorted(self._line_errors[r].items())
                        )
                    )
                name = self.grid.item(r, 0)
                lines.append(
                    f"{name.text() if name else r + 1}："
                    + self.tr("product line {n}: {reason}").format(n=m + 1, reason=error.message)
                )
            elif len(parts) == 3 and parts[0] == "rows":
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
        chosen = bool(self.grid.selectionModel().selectedRows())
        self.progress_button.setEnabled(idle and chosen)
        self.lines_button.setEnabled(idle and chosen)
        actual = self.chosen_actual()
        self.withdraw_button.setEnabled(idle and actual is not None and actual.withdrawal is None)

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
            texts = {}
            for c, column in enumerate(GRID, start=1):
                item = self.grid.item(r, c)
                if column != "purchase_lines":
                    texts[column] = (item.text().strip() if item is not None else "") or None
            rows.append(
                PlanInput(
                    row.customer_id,
                    sales_target=texts["sales_target"],
                    purchase_plan=texts["purchase_plan"],
                    payment_plan=texts["payment_plan"],
                    outlets_target=texts["outlets_target"],
                    stocking=texts["stocking"],
                    lines=self._lines[r],
                )
            )
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

    # --- a row's purchase plan by product --------------------------------------------------

    def _show_lines(self, r: int) -> None:
        """The row's product count; with lines, the purchase plan is their total (not typed)."""
        lines = [ln for ln in self._lines[r] if ln.product_code or ln.amount or ln.quantity]
        item, purchase = self.grid.item(r, LINES), self.grid.item(r, PURCHASE)
        if item is None or purchase is None:
            return
        item.setText(self.tr("{count} products").format(count=len(lines)) if lines else "")
        item.setData(Qt.ItemDataRole.BackgroundRole, None)
        item.setToolTip(
            "\n".join(f"{ln.product_code}  {ln.quantity or ''}  {ln.amount or ''}" for ln in lines)
            or self.tr("Double-click to plan the purchases by product")
        )
        editable = self._editable
        flags = purchase.flags()
        if lines:
            total = lines_total(lines)
            purchase.setText("" if total is None else str(total))
            purchase.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable)
            purchase.setToolTip(self.tr("The total of the product lines"))
        elif editable:
            purchase.setFlags(flags | Qt.ItemFlag.ItemIsEditable)

    def open_lines(self) -> None:
        """The selected row's product lines, in a dialog (the product list loaded first)."""
        selected = self.grid.selectionModel().selectedRows()
        if not selected:
            return
        r = selected[0].row()
        if self._products is None:
            self.busy_bar.start()
            self._ctx.call(
                load_products,
                on_done=lambda found: self._products_loaded(found, r),
                on_error=self._failed,
            )
            return
        self._open_lines(r)

    def _products_loaded(self, found: list[ProductView], r: int) -> None:
        self.busy_bar.finish()
        self._products = found
        self._open_lines(r)

    def _open_lines(self, r: int) -> None:
        if r >= len(self._screen.grid):
            return
        dialog = PlanLinesDialog(
            self._screen.grid[r].customer_name,
            self._products or [],
            self._lines[r],
            editable=self._editable,
            errors=self._line_errors.get(r),
            parent=self,
        )
        self.lines_dialog = dialog
        dialog.accepted.connect(lambda: self._lines_chosen(r, dialog))
        dialog.open()

    def _lines_chosen(self, r: int, dialog: PlanLinesDialog) -> None:
        self._lines[r] = dialog.lines()
        self._line_errors.pop(r, None)
        self._show_lines(r)

    def _show_actual_lines(self) -> None:
        """The selected customer's planned products against the month's slips' lines."""
        rows = self.actual.selectionModel().selectedRows()
        chosen = self._screen.actual[rows[0].row()] if rows else None
        if chosen is None or not chosen.lines:
            self.actual_lines_title.setText(
                self.tr("Select a customer whose plan gives products to compare them.")
            )
            fill_table(self.actual_lines, [])
            return
        self.actual_lines_title.setText(
            self.tr("{customer}: products planned against the month's slips").format(
                customer=chosen.customer_name
            )
        )
        judged = chosen.month < rules.month_start(self._ctx.db.clock.today())
        fill_table(
            self.actual_lines,
            [
                [
                    f"{line.product_code} {line.product_name}",
                    "" if line.planned_quantity is None else f"{line.planned_quantity}{line.unit}",
                    f"{line.bought_quantity}{line.unit}",
                    yuan(line.planned_amount),
                    yuan(line.bought_amount),
                ]
                for line in chosen.lines
            ],
        )
        for r, line in enumerate(chosen.lines):
            if judged and line.bought_amount < line.planned_amount:
                for c in range(self.actual_lines.columnCount()):
                    cell = self.actual_lines.item(r, c)
                    if cell is not None:
                        cell.setForeground(RED)
