"""Step 1, choosing customers: the customers waiting for the signed-in user's decision.

Sales manager proposes, branch GM reviews, head-office marketing head approves (or terminates a
selected customer); the same chain withdraws a dealership (step 8: proposed, reviewed, and
decided by the termination or a refusal). The roles and the comment rule are the service's:
this view shows what the service says. The work itself runs on the DB worker
(approval_tasks.py).
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import BranchChoice
from kehu_desktop.dto import CustomerFile
from kehu_desktop.dto import CustomerRow
from kehu_desktop.services.admin import branches_in_scope
from kehu_desktop.services.customers import get_customer
from kehu_desktop.views.customers.approval_queue_model import ApprovalQueueModel
from kehu_desktop.views.customers.approval_queue_model import CustomerIdRole
from kehu_desktop.views.customers.approval_tasks import QUEUES
from kehu_desktop.views.customers.approval_tasks import Outcome
from kehu_desktop.views.customers.approval_tasks import Queue
from kehu_desktop.views.customers.approval_tasks import decide_each
from kehu_desktop.views.customers.approval_tasks import load_queue
from kehu_desktop.views.customers.change_form_printer import ChangeFormPrinter
from kehu_desktop.views.customers.selection_history import SelectionHistoryPanel
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import DecisionArea
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.worker import Task

log = logging.getLogger(__name__)


class ApprovalsView(QWidget):
    """Customers awaiting the user's step, their history, and the decision buttons."""

    decisionsRecorded = Signal()  # customers changed state: lists elsewhere should refresh

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._queues = [q for q in QUEUES if ctx.actor.can(q.permission)]
        self._history_task: Task | None = None
        self.setStyleSheet(INVALID_STYLE)

        self.queue_combo = QComboBox(self)
        self.queue_combo.setObjectName("queue")
        for queue in self._queues:
            self.queue_combo.addItem(self._queue_title(queue.step), queue.step)
        self.queue_combo.currentIndexChanged.connect(self._queue_changed)
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.printer = ChangeFormPrinter(ctx, self)
        self.printer.changeFormSaved.connect(self._printed_to)
        self.printer.printFailed.connect(lambda exc: self._failed(exc, finished=False))
        self.queue_title = QLabel(self)
        self.queue_title.setObjectName("queue_title")
        emphasise(self.queue_title, 1.15)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        top = QHBoxLayout()
        top.addWidget(self.queue_title)
        queue_label = QLabel(self.tr("Show:"), self)
        queue_label.setBuddy(self.queue_combo)
        top.addWidget(queue_label)
        top.addWidget(self.queue_combo)
        top.addWidget(self.count_label)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.printer)

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.messages.linkActivated.connect(self._link_activated)
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable_actions())

        self.model = ApprovalQueueModel(self, head_office=ctx.head_office)
        if ctx.head_office:
            ctx.call(branches_in_scope, on_done=self._branches_arrived, on_error=log.debug)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(
            self,
            "customers",
            self.proxy,
            widths="approvals",
            stretch=0,
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
            alternating=False,
            centred=False,
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.history_box = QGroupBox(self.tr("Selection history"), self)
        self.history = SelectionHistoryPanel(self.history_box)
        QVBoxLayout(self.history_box).addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.comment = QPlainTextEdit(self)
        self.comment.setObjectName("comment")
        self._comment_hint = self.tr(
            "Required to reject, send back or terminate; recorded with the decision"
        )
        self.comment.setPlaceholderText(self._comment_hint)
        self.comment.setMaximumHeight(64)
        self.action_buttons: dict[str, QPushButton] = {
            action: push_button(self, text, action, lambda _=False, a=action: self.decide(a))
            for action, text in (
                ("propose", self.tr("Propose")),
                ("approve", self.tr("Approve")),
                ("reject", self.tr("Reject")),
                ("send_back", self.tr("Send back")),
                ("terminate", self.tr("Terminate")),
                ("propose_withdrawal", self.tr("Propose withdrawal")),
            )
        }
        self.decision_area = DecisionArea(
            self, self.tr("Comment"), self.comment, list(self.action_buttons.values())
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

        if not self._queues:
            queue_label.hide()
            self.queue_combo.hide()
            self.refresh_button.hide()
            self.queue_title.hide()
            self.count_label.hide()
            self.decision_area.hide()
            splitter.hide()
            self.hint.setText(
                self.tr(
                    "No selection step is yours to decide. You can still print "
                    "the customer change form."
                )
            )
        else:
            several = len(self._queues) > 1
            self.queue_combo.setVisible(several)
            queue_label.setVisible(several)
            self.queue_title.setVisible(not several)
            self._queue_changed()

    # --- queues ------------------------------------------------------------------------------

    def _branches_arrived(self, branches: list[BranchChoice]) -> None:
        self.model.set_branch_codes({b.id: b.code for b in branches})

    def _queue_title(self, step: str) -> str:
        return {
            "propose": self.tr("Awaiting my proposal"),
            "review": self.tr("Awaiting my review"),
            "approve": self.tr("Awaiting my approval"),
            "terminate": self.tr("Selected customers (to terminate)"),
            "withdraw_propose": self.tr("Selected customers (to propose withdrawal)"),
            "withdraw_review": self.tr("Withdrawal proposals awaiting my review"),
            "withdraw_decide": self.tr("Withdrawal proposals awaiting my decision"),
        }[step]

    def _queue_hint(self, step: str) -> str:
        if self._ctx.head_office and step in ("approve", "terminate", "withdraw_decide"):
            return {
                "approve": self.tr(
                    "Customers reviewed by their branch GM. Your approval reaches the branch "
                    "at its next sync, which selects the customer (within the region's number "
                    "of customers) and adds it to the customer change form; until then it "
                    "leaves this list."
                ),
                "terminate": self.tr(
                    "Selected customers. A termination (with its reason) reaches the branch at "
                    "its next sync, which ends the relationship and adds a line to the customer "
                    "change form; until then the customer leaves this list."
                ),
                "withdraw_decide": self.tr(
                    "Proposals to withdraw a dealership, passed by the branch GM (the reason is "
                    "in the history). Approving terminates the customer; it reaches the branch "
                    "at its next sync, which ends the relationship and adds a line to the "
                    "customer change form. Rejecting needs a comment; the customer stays "
                    "selected."
                ),
            }[step]
        return {
            "propose": self.tr(
                "Prospects and customers sent back or rejected. Proposing passes "
                "them to the branch GM for review."
            ),
            "review": self.tr(
                "Customers proposed by the sales manager. Approving passes them to "
                "head office; rejecting or sending back needs a comment."
            ),
            "approve": self.tr(
                "Customers reviewed by the branch GM. Approving selects them "
                "(within the region's number of customers) and adds them to the "
                "customer change form."
            ),
            "terminate": self.tr(
                "Selected customers. Terminating ends the relationship, needs "
                "a reason and adds a line to the customer change form."
            ),
            "withdraw_propose": self.tr(
                "Selected customers with no withdrawal proposal under way. Proposing to "
                "withdraw the dealership needs the reason (in the box below) and passes it to "
                "the branch GM; the customer stays selected until head office terminates it. "
                "From the plans screen a proposal starts with the months below plan."
            ),
            "withdraw_review": self.tr(
                "Proposals of the sales manager to withdraw a dealership (the reason is in the "
                "history). Approving passes them to head office; rejecting or sending back "
                "needs a comment."
            ),
            "withdraw_decide": self.tr(
                "Proposals to withdraw a dealership, passed by the branch GM (the reason is in "
                "the history). Approving terminates the customer and adds a line to the "
                "customer change form, with your comment or else the proposal's reason; "
                "rejecting needs a comment and the customer stays selected."
            ),
        }[step]

    @property
    def queue(self) -> Queue | None:
        step = self.queue_combo.currentData()
        return next((q for q in self._queues if q.step == step), None)

    def _queue_changed(self) -> None:
        queue = self.queue
        if queue is None:
            return
        self.hint.setText(self._queue_hint(queue.step))
        self.queue_title.setText(self._queue_title(queue.step))
        for action, button in self.action_buttons.items():
            button.setVisible(action in queue.actions)
        self.comment.setPlaceholderText(
            self.tr("The reason for withdrawing the dealership (required)")
            if queue.step == "withdraw_propose"
            else self._comment_hint
        )
        self.messages.clear()
        self.refresh()

    def refresh(self) -> None:
        queue = self.queue
        if queue is None:
            return
        self.busy_bar.start()
        self._ctx.call(
            load_queue,
            queue,
            on_done=self._queue_loaded,
            on_error=self._failed,
        )

    def _queue_loaded(self, loaded: tuple[str, list[CustomerRow]]) -> None:
        step, rows = loaded
        self.busy_bar.finish()
        if self.queue is None or self.queue.step != step:
            return  # the user switched queues meanwhile; that load is on its way
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{count} customer(s)").format(count=len(rows)))
        self.table.resizeColumnsToContents()
        self._selection_changed()

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    def _enable_actions(self) -> None:
        enabled = not self.busy and self._selected_count() > 0
        for button in self.action_buttons.values():
            button.setEnabled(enabled)

    def _failed(self, exc: Exception, *, finished: bool = True) -> None:
        if finished:
            self.busy_bar.finish()
        if not isinstance(exc, KehuError):
            log.error("approvals: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- selection and history ---------------------------------------------------------------

    def _selected(self) -> list[tuple[uuid.UUID, str]]:
        out = []
        for index in sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row()):
            source = self.proxy.mapToSource(index)
            row = self.model.row_at(source.row())
            if row is not None:
                out.append((row.id, row.name))
        return out

    def _selected_count(self) -> int:
        return len(self.table.selectionModel().selectedRows())

    def _selection_changed(self) -> None:
        count = self._selected_count()
        self._enable_actions()
        current = self.table.currentIndex()
        customer_id = current.data(CustomerIdRole) if current.isValid() and count else None
        if self._history_task is not None:
            self._history_task.cancel()
        if customer_id is None:
            self.history_box.setTitle(self.tr("Selection history"))
            self.history.show_file(None)
            self.history.status_label.setText(self.tr("Select a customer to see its history."))
            return
        self._history_task = self._ctx.call(
            get_customer,
            customer_id,
            on_done=self._history_loaded,
            on_error=self._history_failed,
        )

    def _history_failed(self, exc: Exception) -> None:
        self._failed(exc, finished=False)

    def _history_loaded(self, customer: CustomerFile) -> None:
        self.history_box.setTitle(self.tr("Selection history: {name}").format(name=customer.name))
        self.history.show_file(customer)

    # --- decisions ---------------------------------------------------------------------------

    def decide(self, action: str) -> None:
        queue = self.queue
        customers = self._selected()
        if queue is None or not customers or self.busy:
            return
        terminating = action == "terminate" or (
            queue.step == "withdraw_decide" and action == "approve"
        )
        if terminating and not self._confirm_terminate(len(customers)):
            return
        self.messages.clear()
        self.comment_box.set_error(None)
        self.busy_bar.start()
        self._ctx.call(
            decide_each,
            queue.step,
            action,
            customers,
            self.comment.toPlainText(),
            on_done=self._decided,
            on_error=self._decision_failed,
        )

    def _confirm_terminate(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Terminate customers"),
            self.tr(
                "Terminate {count} customer(s)? They will no longer receive goods, and the "
                "customer change form records the removal."
            ).format(count=count),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _decided(self, decided: tuple[str, list[Outcome]]) -> None:
        action, outcomes = decided
        self.busy_bar.finish()
        done = [o for o in outcomes if o.error is None]
        failed = [o for o in outcomes if o.error is not None]
        if failed:
            self.messages.show_message(
                "error",
                self.tr("{done} of {total} decided. Not decided:").format(
                    done=len(done), total=len(outcomes)
                ),
                [("", f"{o.customer}: {o.error}") for o in failed],
            )
        else:
            self.comment.clear()
            names = "、".join(o.customer for o in done)
            self.messages.show_message(
                "success",
                self.tr("{action}: {names}").format(
                    action=self.action_buttons[action].text(), names=names
                ),
            )
        if done:
            self.decisionsRecorded.emit()
        self.refresh()

    def _decision_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationFailed):
            self.busy_bar.finish()
            self.comment_box.set_error(exc.message)
            self.comment.setFocus()
        else:
            self._failed(exc)

    # --- customer change form ----------------------------------------------------------------

    def _printed_to(self, path: Path, count: int) -> None:
        text = self.tr("Customer change form saved ({count} entries): {path}").format(
            count=count, path=str(path)
        )
        self.messages.show_message(
            "success", text, [("open", self.tr("Open it to preview or print"))]
        )

    def _link_activated(self, link: str) -> None:
        if link == "open":
            self.printer.open_last()
