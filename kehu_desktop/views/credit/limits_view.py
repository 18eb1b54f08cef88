"""授信审批 (step 4): the limit applications the signed-in user may decide, with the customer's
earlier limits beside them, and approve / reject with a comment.

Which applications are the user's is the service's rule (``pending_limits``: grade 1 regional
manager, 2 marketing director, 3 branch GM, 4 sales manager, in their region or branch). A
refusal at decision time (wrong authority, over the cap, region quota, grade changed) is the
service's message, shown as it is.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import LimitView
from kehu_desktop.services import credit
from kehu_desktop.services.base import Actor
from kehu_desktop.services.credit import CreditRules
from kehu_desktop.services.credit import load_credit_rules
from kehu_desktop.views.credit.credit_records import LIMIT_COLUMNS
from kehu_desktop.views.credit.credit_records import RED
from kehu_desktop.views.credit.credit_records import fill_table
from kehu_desktop.views.credit.credit_records import limit_row
from kehu_desktop.views.credit.credit_records import limit_text
from kehu_desktop.views.credit.credit_records import make_table
from kehu_desktop.views.credit.credit_records import selected_id
from kehu_desktop.views.credit.credit_records import word
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import DecisionArea
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import text_box
from kehu_desktop.views.kit.worker import Task

log = logging.getLogger(__name__)

PENDING_COLUMNS = "customer grade month limit cap applied_by applied_at due comment"
DUE_COLUMN = PENDING_COLUMNS.split().index("due")


def load_pending(db: Database, actor: Actor) -> tuple[list[LimitView], CreditRules]:
    """Runs on the worker: the applications the actor may decide, and the caps to show."""
    return credit.pending_limits(db, actor), load_credit_rules(db)


class LimitsView(QWidget):
    """Pending limit applications and the decision buttons."""

    limitDecided = Signal(object)  # the decided LimitView

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._pending: list[LimitView] = []
        self._rules: CreditRules | None = None
        self._decided_here: list[LimitView] = []  # decided here since the screen opened
        self._history_task: Task | None = None
        self.setObjectName("limits_view")
        self.setStyleSheet(INVALID_STYLE)

        title = QLabel(self.tr("Credit limit decisions"), self)
        emphasise(title, 1.15)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        top = hbox(title, self.count_label, None, self.refresh_button)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.hint.setText(
            self.tr(
                "Applications whose grade is under your authority: grade 1 regional manager, "
                "2 marketing director, 3 branch GM, 4 sales manager. Approving re-checks the cap "
                "and the region quota; rejecting needs a comment."
            )
        )
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable())

        self.table = make_table(self, "pending", PENDING_COLUMNS, "limit cap", "customer")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.history = QTabWidget(self)
        self.customer_limits = make_table(self, "customer_limits", LIMIT_COLUMNS, "limit")
        self.decided_table = make_table(self, "decided", f"customer {LIMIT_COLUMNS}", "limit")
        self.history.addTab(self.customer_limits, self.tr("This customer's limits"))
        self.history.addTab(self.decided_table, self.tr("Decided here"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.comment = text_box(self)
        self.comment.setObjectName("decision_comment")
        self.comment.setPlaceholderText(self.tr("Required to reject; recorded with the decision"))
        self.approve_button = push_button(
            self, self.tr("Approve"), "approve", lambda: self.decide(True)
        )
        self.reject_button = push_button(
            self, self.tr("Reject"), "reject", lambda: self.decide(False)
        )
        self.decision_area = DecisionArea(
            self,
            self.tr("Decision comment"),
            self.comment,
            [self.approve_button, self.reject_button],
        )
        self.comment_box = self.decision_area.comment_box

        vbox(
            top,
            self.hint,
            self.busy_bar,
            self.messages,
            (splitter, 1),
            self.decision_area,
            parent=self,
        )
        if not ctx.actor.can("credit.approve_limit"):
            self.hint.setText(self.tr("No credit limit decisions are yours to make."))
            for widget in (splitter, self.decision_area, self.refresh_button, self.count_label):
                widget.hide()
            return
        self._enable()
        self.refresh()

    # --- loading -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    def refresh(self) -> None:
        if not self._ctx.actor.can("credit.approve_limit"):
            return
        self.busy_bar.start()
        self._ctx.call(
            load_pending,
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _loaded(self, loaded: tuple[list[LimitView], CreditRules]) -> None:
        self._pending, self._rules = loaded
        today = self._ctx.db.clock.today()
        fill_table(self.table, [self._row(v) for v in self._pending], [v.id for v in self._pending])
        for row, view in enumerate(self._pending):
            item = self.table.item(row, DUE_COLUMN)
            if item is not None and view.due < today:
                item.setForeground(RED)
                item.setToolTip(
                    self.tr("Overdue: the answer was due on {day}").format(day=view.due)
                )
        self.count_label.setText(self.tr("{count} awaiting").format(count=len(self._pending)))
        self.busy_bar.finish()
        self._selection_changed()

    def _load_failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self._show_error(exc)

    def _row(self, v: LimitView) -> list[str]:
        cap = self._rules.caps.get(v.grade) if self._rules else None
        cap_text = word("no_cap") if cap is None else yuan(cap)
        month, amount = f"{v.month:%Y-%m}", limit_text(v.unlimited, v.amount)
        grade, applied_at = word("grade_n", grade=v.grade), local_time(v.applied_at)
        row = [v.customer_name, grade, month, amount, cap_text, v.applied_by, applied_at]
        return [*row, str(v.due), v.comment or ""]

    def _show_error(self, exc: Exception) -> None:
        if not isinstance(exc, KehuError):
            log.error("limits view: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- selection and the customer's history --------------------------------------------------

    def selected(self) -> LimitView | None:
        wanted = selected_id(self.table)
        return next((v for v in self._pending if v.id == wanted), None)

    def _enable(self) -> None:
        chosen = not self.busy and self.selected() is not None
        self.approve_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

    def _selection_changed(self) -> None:
        self._enable()
        view = self.selected()
        if self._history_task is not None:
            self._history_task.cancel()
        if view is None:
            fill_table(self.customer_limits, [])
            self.history.setTabText(0, self.tr("This customer's limits"))
            return
        title = self.tr("Limits of {name}").format(name=view.customer_name)
        self.history.setTabText(0, title)
        self._history_task = self._ctx.call(
            credit.limits_of,
            view.customer_id,
            on_done=self._history_loaded,
            on_error=self._show_error,
        )

    def _history_loaded(self, limits: list[LimitView]) -> None:
        rows = [limit_row(v) for v in limits]
        greyed = [v.status in ("rejected", "superseded") for v in limits]
        fill_table(self.customer_limits, rows, greyed=greyed)

    # --- deciding ------------------------------------------------------------------------------

    def decide(self, approve: bool) -> None:
        view = self.selected()
        if view is None or self.busy:
            return
        self.messages.clear()
        self.comment_box.set_error(None)
        self.busy_bar.start()
        self._ctx.call(
            credit.decide_limit,
            view.id,
            approve,
            self.comment.toPlainText(),
            on_done=self._decided,
            on_error=self._decision_failed,
        )

    def _decided(self, view: LimitView) -> None:
        self.busy_bar.finish()
        self.comment.clear()
        self._decided_here.insert(0, view)
        rows = [[v.customer_name, *limit_row(v)] for v in self._decided_here]
        fill_table(self.decided_table, rows)
        text = self.tr("{status}: {customer}, {month}, {amount}").format(
            status=word(view.status),
            customer=view.customer_name,
            month=f"{view.month:%Y-%m}",
            amount=limit_text(view.unlimited, view.amount),
        )
        self.messages.show_message("success", text)
        self.limitDecided.emit(view)
        self.refresh()

    def _decision_failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if isinstance(exc, ValidationFailed):
            self.comment_box.set_error(error_text(exc))
            self.comment.setFocus()
            return
        if not isinstance(exc, KehuError):
            log.error("limits view: deciding failed", exc_info=exc)
        text = self.tr("Not decided: {reason}").format(reason=error_text(exc))
        self.messages.show_message("error", text)
        self.refresh()  # it may have been decided elsewhere meanwhile
