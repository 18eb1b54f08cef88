"""资信评级 (step 3): what waits for the signed-in user in the evaluation workflow (filed ones for
the branch GM, reviewed ones for the marketing director, sent-back ones for the sales manager)
and the month's re-rating list (selected customers without an approved evaluation this month,
overdue ones in red), with the form opened from either.

Whose turn it is, and who may act, are the services' rules (``pending_evaluations``,
``rating_due``, and the checks of each step); the screen offers what the role may do.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtCore import Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.dto import EvaluationForm
from kehu_desktop.dto import EvaluationView
from kehu_desktop.dto import RatingDue
from kehu_desktop.services import credit
from kehu_desktop.services.base import Actor
from kehu_desktop.views.credit.credit_records import RED
from kehu_desktop.views.credit.credit_records import fill_table
from kehu_desktop.views.credit.credit_records import make_table
from kehu_desktop.views.credit.credit_records import selected_id
from kehu_desktop.views.credit.credit_records import word
from kehu_desktop.views.credit.evaluation_dialogs import EvaluationDialog
from kehu_desktop.views.credit.evaluation_dialogs import EvaluationReviewDialog
from kehu_desktop.views.credit.evaluation_dialogs import status_text
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import ask_save_path
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)

PENDING_COLUMNS = "customer month grade rating status filled_by filled_at comment"
DUE_COLUMNS = "customer grade last_rated status rate_by"
_VIEW_ROLES = ("credit.evaluate", "credit.review_evaluation", "credit.approve_evaluation")


@dataclass(frozen=True)
class Worklist:
    pending: list[EvaluationView]
    due: list[RatingDue]
    month: list[EvaluationView]  # every evaluation of this month, to look up and print


def load_worklist(db: Database, actor: Actor) -> Worklist:
    """Runs on the worker."""
    return Worklist(
        credit.pending_evaluations(db, actor),
        credit.rating_due(db, actor),
        credit.month_evaluations(db, actor),
    )


def write_evaluation_pdf(
    db: Database, actor: Actor, evaluation_id: uuid.UUID, target: Path
) -> Path:
    """Runs on the worker: the printed form, written to ``target``."""
    target.write_bytes(credit.evaluation_pdf(db, actor, evaluation_id))
    return target


def open_form(
    db: Database, actor: Actor, customer_id: uuid.UUID, revises: uuid.UUID | None
) -> EvaluationForm:
    """Runs on the worker: the form, prefilled (from the evaluation sent back, if one)."""
    return credit.evaluation_form(db, actor, customer_id, revises=revises)


class EvaluationsView(QWidget):
    """The evaluation workflow's lists and the form."""

    evaluationRecorded = Signal(object)  # the EvaluationView filed or decided

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._list = Worklist([], [], [])
        self.dialog: QDialog | None = None
        self.last_printed: Path | None = None
        self.setObjectName("evaluations_view")
        can = ctx.actor.can
        title = QLabel(self.tr("Credit ratings"), self)
        emphasise(title, 1.15)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.hint = QLabel(
            self.tr(
                "Every selected customer is rated each month: the sales manager fills the form, "
                "the branch GM reviews it, the marketing director approves it. Only an approved "
                "evaluation changes the grade, and the cashier's next release follows it."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable())

        self.pending = make_table(self, "pending_evaluations", PENDING_COLUMNS, stretch="rating")
        self.due = make_table(self, "rating_due", DUE_COLUMNS, stretch="customer")
        self.month = make_table(self, "month_evaluations", PENDING_COLUMNS, stretch="rating")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.pending, self.tr("Waiting for me"))
        self.tabs.addTab(self.due, self.tr("To rate this month"))
        self.tabs.addTab(self.month, self.tr("This month's evaluations"))
        self.tabs.currentChanged.connect(lambda _i: self._enable())
        for table in (self.pending, self.due, self.month):
            table.itemSelectionChanged.connect(self._enable)
            table.doubleClicked.connect(lambda _index: self.act())

        self.evaluate_button = push_button(
            self,
            self.tr("Fill in the evaluation…"),
            "evaluate",
            self.evaluate,
            visible=can("credit.evaluate"),
        )
        self.open_button = push_button(
            self,
            self.tr("Review / approve…"),
            "open",
            self.open_selected,
            visible=can("credit.review_evaluation") or can("credit.approve_evaluation"),
        )
        self.print_button = push_button(
            self, self.tr("Print the form…"), "print_form", self.print_selected
        )
        vbox(
            hbox(title, self.count_label, None, self.refresh_button),
            self.hint,
            self.busy_bar,
            self.messages,
            (self.tabs, 1),
            hbox(self.evaluate_button, self.open_button, self.print_button, None),
            parent=self,
        )
        if not any(can(p) for p in _VIEW_ROLES):
            self.hint.setText(self.tr("No credit evaluations are yours to fill in or decide."))
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def worklist(self) -> Worklist:
        return self._list

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(load_worklist, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, loaded: Worklist) -> None:
        self._list = loaded
        fill_table(self.pending, [_row(v) for v in loaded.pending], [v.id for v in loaded.pending])
        fill_table(self.month, [_row(v) for v in loaded.month], [v.id for v in loaded.month])
        due_rows = [
            [
                d.customer_name,
                word("grade_n", grade=d.grade) if d.grade else self.tr("not graded"),
                f"{d.last_rated:%Y-%m}" if d.last_rated else self.tr("never"),
                status_text(d.open_status) if d.open_status else self.tr("not filed"),
                str(d.due),
            ]
            for d in loaded.due
        ]
        fill_table(self.due, due_rows, [d.customer_id for d in loaded.due])
        for row, item in enumerate(loaded.due):
            if item.overdue:
                for column in range(self.due.columnCount()):
                    cell = self.due.item(row, column)
                    if cell is not None:
                        cell.setForeground(RED)
        overdue = sum(d.overdue for d in loaded.due)
        self.count_label.setText(
            self.tr("{waiting} waiting for me; {due} to rate this month, {overdue} overdue").format(
                waiting=len(loaded.pending), due=len(loaded.due), overdue=overdue
            )
        )
        self.tabs.setTabText(0, self.tr("Waiting for me ({n})").format(n=len(loaded.pending)))
        self.tabs.setTabText(1, self.tr("To rate this month ({n})").format(n=len(loaded.due)))
        self.busy_bar.finish()
        self._enable()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if not isinstance(exc, KehuError):
            log.error("evaluations view: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- selection -----------------------------------------------------------------------------

    def selected_pending(self) -> EvaluationView | None:
        """The evaluation selected on the "waiting for me" tab or the month's tab."""
        tab = self.tabs.currentWidget()
        if tab is self.pending:
            table, rows = self.pending, self._list.pending
        elif tab is self.month:
            table, rows = self.month, self._list.month
        else:
            return None
        wanted = selected_id(table)
        return next((v for v in rows if v.id == wanted), None)

    def selected_due(self) -> RatingDue | None:
        if self.tabs.currentWidget() is not self.due:
            return None
        wanted = selected_id(self.due)
        return next((d for d in self._list.due if d.customer_id == wanted), None)

    def _enable(self) -> None:
        pending, due = self.selected_pending(), self.selected_due()
        idle = not self.busy
        self.evaluate_button.setEnabled(
            idle
            and (
                (due is not None and due.open_status is None)
                or (
                    pending is not None
                    and pending.status == "sent_back"
                    and pending in self._list.pending
                )
            )
        )
        mine = pending is not None and pending in self._list.pending
        self.open_button.setEnabled(
            idle and mine and pending is not None and pending.status in ("submitted", "reviewed")
        )
        self.print_button.setEnabled(idle and pending is not None)

    def act(self) -> None:
        """Double click: the one thing the selected line is waiting for."""
        if self.open_button.isEnabled() and self.open_button.isVisible():
            self.open_selected()
        elif self.evaluate_button.isEnabled() and self.evaluate_button.isVisible():
            self.evaluate()

    # --- actions -------------------------------------------------------------------------------

    def evaluate(self) -> None:
        pending, due = self.selected_pending(), self.selected_due()
        if pending is not None and pending.status == "sent_back":
            customer_id, revises = pending.customer_id, pending.id
        elif due is not None:
            customer_id, revises = due.customer_id, None
        else:
            return
        self.busy_bar.start()
        self._ctx.call(
            open_form, customer_id, revises, on_done=self._form_loaded, on_error=self._failed
        )

    def _form_loaded(self, form: EvaluationForm) -> None:
        self.busy_bar.finish()
        self._show_dialog(EvaluationDialog(self._ctx, form, self))

    def open_selected(self) -> None:
        view = self.selected_pending()
        if view is None:
            return
        step = "review" if view.status == "submitted" else "decide"
        self._show_dialog(EvaluationReviewDialog(self._ctx, view, step, self))

    def print_selected(self) -> None:
        """The selected evaluation as the printed form, saved where the user says, then opened
        in the system's PDF viewer (which prints it)."""
        view = self.selected_pending()
        if view is None:
            return
        name = self.tr("credit evaluation {customer} {month}.pdf").format(
            customer=view.customer_name, month=f"{view.month:%Y-%m}"
        )
        target = ask_save_path(
            self,
            self.tr("Save the evaluation form"),
            str(Path.home() / name),
            self.tr("PDF files (*.pdf)"),
            ".pdf",
        )
        if target is None:
            return
        self.busy_bar.start()
        self._ctx.call(
            write_evaluation_pdf, view.id, target, on_done=self._printed, on_error=self._failed
        )

    def _printed(self, path: Path) -> None:
        self.busy_bar.finish()
        self.last_printed = path
        self.messages.show_message("success", self.tr("Saved as {path}").format(path=str(path)))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _show_dialog(self, dialog: EvaluationDialog | EvaluationReviewDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.saved.connect(self._recorded)
        dialog.open()

    def _recorded(self, view: EvaluationView) -> None:
        text = self.tr("{customer}, {month}: {explanation} — {status}").format(
            customer=view.customer_name,
            month=f"{view.month:%Y-%m}",
            explanation=view.explanation,
            status=status_text(view.status, view.awaiting_branch),
        )
        self.messages.show_message("success", text)
        self.evaluationRecorded.emit(view)
        self.refresh()


def _row(v: EvaluationView) -> list[str]:
    return [
        v.customer_name,
        f"{v.month:%Y-%m}",
        word("grade_n", grade=v.grade),
        v.explanation,
        status_text(v.status, v.awaiting_branch),
        v.filled_by,
        local_time(v.filled_at),
        v.decision_comment or v.review_comment or v.comment or "",
    ]
