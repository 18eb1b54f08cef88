"""拜访 (step 10): the customers the signed-in person should visit by the schedule for their role
and the customer's grade (overdue first, in red), a dialog to log a visit (date, the rule book's
three purposes, findings, follow-up), and for managers each person's overdue visits."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain import visits as rules
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PersonVisits
from kehu_desktop.dto import VisitDue
from kehu_desktop.dto import VisitView
from kehu_desktop.services import visits
from kehu_desktop.services.base import Actor
from kehu_desktop.views.credit.credit_records import RED
from kehu_desktop.views.credit.credit_records import fill_table
from kehu_desktop.views.credit.credit_records import make_table
from kehu_desktop.views.credit.credit_records import selected_id
from kehu_desktop.views.credit.credit_records import word
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.i18n import role_label
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.kit.service_dialog import date_edit
from kehu_desktop.views.kit.service_dialog import picked
from kehu_desktop.views.kit.service_dialog import text_box

log = logging.getLogger(__name__)

PURPOSES: dict[str, str] = {
    "relationship": QT_TRANSLATE_NOOP("Visits", "Keep the relationship"),
    "credit_and_sales": QT_TRANSLATE_NOOP("Visits", "Learn the customer's credit and sales"),
    "channel_problems": QT_TRANSLATE_NOOP(
        "Visits", "Find problems in the channel and how to solve them"
    ),
}
DUE_COLUMNS = "customer grade visit_role visit_every last_visit visit_due overdue_days"
PEOPLE_COLUMNS = "person visit_role overdue_visits due_soon oldest_overdue"


def interval_text(interval: str) -> str:
    n, unit = rules.parse_interval(interval) or (0, "d")
    if unit == "d":
        return QCoreApplication.translate("Visits", "every {n} days").format(n=n)
    return QCoreApplication.translate("Visits", "every {n} months").format(n=n)


@dataclass(frozen=True)
class VisitPlan:
    due: list[VisitDue]
    people: list[PersonVisits] | None  # None: not a manager


def load_plan(db: Database, actor: Actor) -> VisitPlan:
    """Runs on the worker."""
    due = visits.visits_due(db, actor) if actor.can("visit.record") else []
    people = visits.overdue_by_person(db, actor) if actor.can("visit.overview") else None
    return VisitPlan(due, people)


class VisitDialog(ServiceDialog):
    """登记拜访: date (today or earlier), purposes, findings, follow-up."""

    def __init__(
        self,
        ctx: AppContext,
        customer_id: uuid.UUID,
        name: str,
        role: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Visit to {name}").format(name=name))
        self._customer_id = customer_id
        self._role = Role(role) if role else None  # the schedule's row it was due by
        self.visited_on = date_edit(ctx.db.clock.today(), self)
        self.add_field("visited_on", self.tr("Visited on"), self.visited_on)
        box = QWidget(self)
        box.setObjectName("purposes")
        self.purposes: dict[str, QCheckBox] = {}
        for code, source in PURPOSES.items():
            check = QCheckBox(QCoreApplication.translate("Visits", source), box)
            check.setObjectName(f"purpose_{code}")
            self.purposes[code] = check
        vbox(*self.purposes.values(), parent=box, margins=0)
        self.add_field("purposes", self.tr("Purpose"), box)
        self.findings = text_box(self, 80)
        self.findings.setPlaceholderText(self.tr("What you found: sales, stock, credit, problems"))
        self.add_field("findings", self.tr("Findings"), self.findings)
        self.follow_up = text_box(self)
        self.follow_up.setPlaceholderText(self.tr("What happens next (optional)"))
        self.add_field("follow_up", self.tr("Follow-up"), self.follow_up)
        # An error goes as soon as its field is edited.
        self.visited_on.dateChanged.connect(lambda _d: self.boxes["visited_on"].set_error(None))
        for check in self.purposes.values():
            check.toggled.connect(lambda _on: self.boxes["purposes"].set_error(None))
        self.findings.textChanged.connect(lambda: self.boxes["findings"].set_error(None))

    def submit(self) -> None:
        self.run(
            visits.record_visit,
            self._ctx.db,
            self._ctx.actor,
            self._customer_id,
            picked(self.visited_on),
            [code for code, check in self.purposes.items() if check.isChecked()],
            self.findings.toPlainText(),
            self.follow_up.toPlainText(),
            role=self._role,
        )


class VisitsView(QWidget):
    """The person's visit plan and, for managers, who is behind."""

    visitRecorded = Signal(object)  # the VisitView

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._plan = VisitPlan([], None)
        self.dialog: VisitDialog | None = None
        self.setObjectName("visits_view")
        title = QLabel(self.tr("Visits"), self)
        emphasise(title, 1.15)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        hint = QLabel(
            self.tr(
                "Whom to visit by the schedule for your role and each customer's grade, overdue "
                "first; customers due within a week are listed too."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable())
        self.due = make_table(self, "visits_due", DUE_COLUMNS, stretch="customer")
        self.due.itemSelectionChanged.connect(self._enable)
        self.due.doubleClicked.connect(lambda _index: self.record())
        self.people = make_table(self, "visits_people", PEOPLE_COLUMNS, stretch="person")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.due, self.tr("My visits"))
        self.tabs.addTab(self.people, self.tr("Overdue by person"))
        self.tabs.setTabVisible(1, ctx.actor.can("visit.overview"))
        self.record_button = push_button(
            self,
            self.tr("Log a visit…"),
            "record",
            self.record,
            visible=ctx.actor.can("visit.record"),
        )
        vbox(
            hbox(title, self.count_label, None, self.refresh_button),
            hint,
            self.busy_bar,
            self.messages,
            (self.tabs, 1),
            hbox(self.record_button, None),
            parent=self,
        )
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def plan(self) -> VisitPlan:
        return self._plan

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(load_plan, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, plan: VisitPlan) -> None:
        self._plan = plan
        rows = [
            [
                d.customer_name,
                word("grade_n", grade=d.grade) if d.grade else self.tr("not graded"),
                role_label(d.role),
                interval_text(d.interval),
                str(d.last_visit) if d.last_visit else self.tr("never"),
                str(d.due),
                str(d.overdue_days) if d.overdue_days else "",
            ]
            for d in plan.due
        ]
        fill_table(self.due, rows, [(d.customer_id, d.customer_name, d.role) for d in plan.due])
        for row, item in enumerate(plan.due):
            if item.overdue_days:
                for column in range(self.due.columnCount()):
                    cell = self.due.item(row, column)
                    if cell is not None:
                        cell.setForeground(RED)
        people = plan.people or []
        fill_table(
            self.people,
            [
                [
                    p.name,
                    role_label(p.role),
                    str(p.overdue),
                    str(p.due_soon),
                    str(p.oldest_overdue_days) if p.overdue else "",
                ]
                for p in people
            ],
        )
        overdue = sum(1 for d in plan.due if d.overdue_days)
        self.count_label.setText(
            self.tr("{count} to visit, {overdue} overdue").format(
                count=len(plan.due), overdue=overdue
            )
        )
        self.busy_bar.finish()
        self._enable()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if not isinstance(exc, KehuError):
            log.error("visits view: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    def _enable(self) -> None:
        self.record_button.setEnabled(not self.busy and selected_id(self.due) is not None)

    def record(self) -> None:
        chosen = selected_id(self.due)
        if not isinstance(chosen, tuple):
            return
        customer_id, name, role = chosen
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = VisitDialog(self._ctx, customer_id, name, role, self)
        self.dialog.saved.connect(self._recorded)
        self.dialog.open()

    def _recorded(self, view: VisitView) -> None:
        text = self.tr("Visit to {customer} on {day} logged.").format(
            customer=view.customer_name, day=view.visited_on
        )
        self.messages.show_message("success", text)
        self.visitRecorded.emit(view)
        self.refresh()
