"""预警 (step 9): the warnings the signed-in user owns (or all those they see), open or closed,
with the numbers that opened them; the owner records the investigation and the action, then
closes with a conclusion. 立即检查 runs the job now (it also runs at start-up and after each
sync). Who owns what is the services' rule (by the customer's grade); the screen shows it."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import Term
from kehu_desktop.dto import WarningView
from kehu_desktop.services import warnings
from kehu_desktop.services.base import Actor
from kehu_desktop.views.credit.credit_records import fill_table
from kehu_desktop.views.credit.credit_records import make_table
from kehu_desktop.views.credit.credit_records import selected_id
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.i18n import role_label
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import text_box

log = logging.getLogger(__name__)

COLUMNS = "customer warning_kind warning_text owner opened_at status response"


def load_warnings(db: Database, actor: Actor, mine: bool, status: str) -> list[WarningView]:
    """Runs on the worker."""
    return warnings.list_warnings(db, actor, mine=mine, status=status)


def run_now(db: Database, actor: Actor) -> warnings.JobReport:
    """Runs on the worker: the job, then nothing else (the screen reloads)."""
    return warnings.run_warnings(db, actor)


def kind_text(kind: str) -> str:
    return str(Term("warning.kind", kind))


class WarningsView(QWidget):
    """The warnings and the owner's answer."""

    warningAnswered = Signal(object)  # the WarningView responded to or closed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._rows: list[WarningView] = []
        self.setObjectName("warnings_view")
        title = QLabel(self.tr("Early warnings"), self)
        emphasise(title, 1.15)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.scope = QComboBox(self)
        self.scope.setObjectName("scope")
        self.scope.addItem(self.tr("Mine"), True)
        self.scope.addItem(self.tr("All I can see"), False)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.run_button = push_button(self, self.tr("Check now"), "run", self.run_job)
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.hint = QLabel(
            self.tr(
                "Warnings are routed by the customer's grade: 1 regional manager, 2 marketing "
                "director, 3 branch GM, 4 and 5 sales manager. The owner records the "
                "investigation and the action, then closes it; a closed warning opens again if "
                "its condition clears and comes back."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable())

        self.tabs = QTabWidget(self)
        self.open_table = make_table(self, "open_warnings", COLUMNS, stretch="warning_text")
        self.closed_table = make_table(self, "closed_warnings", COLUMNS, stretch="warning_text")
        self.tabs.addTab(self.open_table, self.tr("Open"))
        self.tabs.addTab(self.closed_table, self.tr("Closed"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        for table in (self.open_table, self.closed_table):
            table.itemSelectionChanged.connect(self._selection_changed)

        self.detail = QLabel(self)
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.investigation = text_box(self)
        self.investigation.setObjectName("investigation")
        self.action = text_box(self)
        self.action.setObjectName("action")
        self.closing = text_box(self, 48)
        self.closing.setObjectName("closing")
        self.boxes = {
            "investigation": FieldBox(self.investigation),
            "action": FieldBox(self.action),
            "closing": FieldBox(self.closing),
        }
        self.respond_button = push_button(
            self, self.tr("Save the response"), "respond", self.respond
        )
        self.close_button = push_button(
            self, self.tr("Close the warning"), "close", self.close_warning
        )
        answer = QWidget(self)
        vbox(
            self.detail,
            hbox(
                (
                    vbox(
                        QLabel(self.tr("Investigation"), self),
                        self.boxes["investigation"],
                        margins=0,
                    ),
                    1,
                ),
                (vbox(QLabel(self.tr("Action taken"), self), self.boxes["action"], margins=0), 1),
                (
                    vbox(
                        QLabel(self.tr("Conclusion (to close)"), self),
                        self.boxes["closing"],
                        margins=0,
                    ),
                    1,
                ),
            ),
            hbox(self.respond_button, self.close_button, None),
            None,
            parent=answer,
            margins=0,
        )
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(answer)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        vbox(
            hbox(title, self.count_label, None, self.scope, self.run_button, self.refresh_button),
            self.hint,
            self.busy_bar,
            self.messages,
            (splitter, 1),
            parent=self,
        )
        can_answer = ctx.actor.can("warning.respond")
        answer.setVisible(can_answer)
        if not can_answer:
            self.scope.setCurrentIndex(1)  # owns none: show what they see
            self.scope.setEnabled(False)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def rows(self) -> list[WarningView]:
        return self._rows

    def _table(self) -> QTableWidget:
        return self.open_table if self.tabs.currentIndex() == 0 else self.closed_table

    def refresh(self) -> None:
        status = "open" if self.tabs.currentIndex() == 0 else "closed"
        self.busy_bar.start()
        self._ctx.call(
            load_warnings,
            bool(self.scope.currentData()),
            status,
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list[WarningView]) -> None:
        self._rows = rows
        table = self._table()
        fill_table(
            table,
            [self._row(w) for w in rows],
            [w.id for w in rows],
            greyed=[w.cleared_at is not None for w in rows],
        )
        self.count_label.setText(self.tr("{count} warnings").format(count=len(rows)))
        self.busy_bar.finish()
        self._selection_changed()

    def _row(self, w: WarningView) -> list[str]:
        if w.status == "closed":
            state = self.tr("Closed")
        elif w.cleared_at is not None:
            state = self.tr("Condition gone since {at}").format(at=local_time(w.cleared_at))
        elif w.times_opened > 1:
            state = self.tr("Open again ({n}th time)").format(n=w.times_opened)
        else:
            state = self.tr("Open")
        response = w.action or w.investigation or ""
        return [
            w.customer_name,
            kind_text(w.kind),
            w.text,
            role_label(w.owner_role),
            local_time(w.opened_at),
            state,
            response,
        ]

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if isinstance(exc, ValidationFailed):
            for error in exc.errors:
                box = self.boxes.get(error.field)
                if box is not None:
                    box.set_error(error.message)
            return
        if not isinstance(exc, KehuError):
            log.error("warnings view: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- selection ---------------------------------------------------------------------------

    def selected(self) -> WarningView | None:
        wanted = selected_id(self._table())
        return next((w for w in self._rows if w.id == wanted), None)

    def _selection_changed(self) -> None:
        w = self.selected()
        for box in self.boxes.values():
            box.set_error(None)
        if w is None:
            self.detail.setText(self.tr("Choose a warning."))
        else:
            self.detail.setText(
                self.tr("{customer} — {kind}: {text}. Owner: {owner}; opened {at}.").format(
                    customer=w.customer_name,
                    kind=kind_text(w.kind),
                    text=w.text,
                    owner=role_label(w.owner_role),
                    at=local_time(w.opened_at),
                )
            )
        self.investigation.setPlainText(w.investigation or "" if w else "")
        self.action.setPlainText(w.action or "" if w else "")
        self.closing.setPlainText(w.closing or "" if w else "")
        self._enable()

    def _enable(self) -> None:
        w = self.selected()
        ready = not self.busy and w is not None and w.status == "open"
        self.respond_button.setEnabled(ready)
        self.close_button.setEnabled(ready and w is not None and w.responded_at is not None)
        self.run_button.setEnabled(not self.busy)

    # --- actions -----------------------------------------------------------------------------

    def run_job(self) -> None:
        self.busy_bar.start()
        self._ctx.call(run_now, on_done=self._ran, on_error=self._failed)

    def _ran(self, report: warnings.JobReport) -> None:
        self.busy_bar.finish()
        text = self.tr(
            "{customers} customers checked: {opened} opened, {reopened} reopened, {cleared} cleared"
        ).format(
            customers=report.customers,
            opened=report.opened,
            reopened=report.reopened,
            cleared=report.cleared,
        )
        self.messages.show_message("success", text)
        self.refresh()

    def respond(self) -> None:
        w = self.selected()
        if w is None:
            return
        self.busy_bar.start()
        self._ctx.call(
            warnings.respond_warning,
            w.id,
            self.investigation.toPlainText(),
            self.action.toPlainText(),
            on_done=self._answered,
            on_error=self._failed,
        )

    def close_warning(self) -> None:
        w = self.selected()
        if w is None:
            return
        self.busy_bar.start()
        self._ctx.call(
            warnings.close_warning,
            w.id,
            self.closing.toPlainText(),
            on_done=self._answered,
            on_error=self._failed,
        )

    def _answered(self, view: WarningView) -> None:
        self.busy_bar.finish()
        done = (
            self.tr("Closed: {customer}")
            if view.status == "closed"
            else self.tr("Response saved: {customer}")
        )
        self.messages.show_message("success", done.format(customer=view.customer_name))
        self.warningAnswered.emit(view)
        self.refresh()
