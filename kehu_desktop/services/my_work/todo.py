"""我的待办: per user and by role, the lines of work waiting — approvals (customers, withdrawals of
dealerships, evaluations, limits, dispatch notes), monthly sales reports to review, the notes
ready for the cashier, warnings owned, visits due, signatures owed after a phone approval, copy ③
missing, remittances due. Each line names the screen that opens it and how many are waiting; the
navigation shows the counts.

Each line is asked of the service that owns it (through the areas' lazy faces: only the lines a
user's roles reach load their modules), with the user's own rights, so nobody sees a
count of what they may not act on; a line the user's roles do not reach is left out, not shown
as zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kehu_desktop.db import Database
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.roles import Role
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch
from kehu_desktop.services import payments
from kehu_desktop.services import plans
from kehu_desktop.services import slips
from kehu_desktop.services import visits
from kehu_desktop.services import warnings
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import awaiting_branch
from kehu_desktop.services.customers import count_customers
from kehu_desktop.services.customers import count_withdrawals
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import reports_awaiting_review


@dataclass(frozen=True)
class WorkItem:
    key: str  # e.g. "evaluations", "warnings"
    screen: str  # the navigation key of the screen that opens it
    count: int
    text: str  # one line in the language of the moment: "3份资信评估表待审核"
    urgent: int = 0  # of them overdue (shown red)


def my_work(db: Database, actor: Actor) -> list[WorkItem]:
    """The user's lines of work with at least one item, in the order of the steps."""
    out: list[WorkItem] = []
    for key, screen, wanted, count in _LINES:
        if not any(actor.can(p) for p in wanted):
            continue
        number, urgent = count(db, actor)
        if number:
            out.append(WorkItem(key, screen, number, render(f"work.{key}", count=number), urgent))
    return out


def _customers(db: Database, actor: Actor) -> tuple[int, int]:
    total = 0
    if actor.can("customer.review"):
        total += count_customers(db, actor, CustomerQuery(status="proposed"))
    if actor.can("customer.approve"):
        # As head office's queue shows them: less those whose decision waits for the branch.
        reviewed = [
            row.id
            for row in list_customers(db, actor, CustomerQuery(status="reviewed"), limit=5000).rows
        ]
        total += len(reviewed) - len(awaiting_branch(db, "approve", reviewed))
    return total, 0


def _withdrawals(db: Database, actor: Actor) -> tuple[int, int]:
    return count_withdrawals(db, actor), 0


def _sales_reviews(db: Database, actor: Actor) -> tuple[int, int]:
    return len(reports_awaiting_review(db, actor)), 0


def _evaluations(db: Database, actor: Actor) -> tuple[int, int]:
    return len(credit.pending_evaluations(db, actor)), 0


def _rating_due(db: Database, actor: Actor) -> tuple[int, int]:
    due = [d for d in credit.rating_due(db, actor) if d.open_status is None]
    return len(due), sum(d.overdue for d in due)


def _limits(db: Database, actor: Actor) -> tuple[int, int]:
    pending = credit.pending_limits(db, actor)
    today = db.clock.today()
    return len(pending), sum(1 for v in pending if v.due < today)


def _dispatch_approvals(db: Database, actor: Actor) -> tuple[int, int]:
    return len(dispatch.list_dispatches(db, actor, "requested", limit=1000)), 0


def _releases(db: Database, actor: Actor) -> tuple[int, int]:
    return len(dispatch.list_dispatches(db, actor, "assigned", limit=1000)), 0


def _signatures(db: Database, actor: Actor) -> tuple[int, int]:
    return len(dispatch.signatures_owed(db, actor)), 0


def _plans(db: Database, actor: Actor) -> tuple[int, int]:
    count, late = plans.plans_to_file(db, actor)
    return count, count if late else 0


def _warnings(db: Database, actor: Actor) -> tuple[int, int]:
    return len(warnings.list_warnings(db, actor, mine=True, status="open")), 0


def _visits(db: Database, actor: Actor) -> tuple[int, int]:
    today = db.clock.today()
    due = [d for d in visits.visits_due(db, actor) if d.due <= today]
    return len(due), sum(1 for d in due if d.overdue_days)


def _copy3(db: Database, actor: Actor) -> tuple[int, int]:
    return len(slips.slips_missing_copy3(db, actor)), 0


def _remittances(db: Database, actor: Actor) -> tuple[int, int]:
    due = payments.remittances_due(db, actor)
    late = payments.remittances_overdue(db, actor)
    return len(due) + len(late), len(late)


Counter = Callable[[Database, Actor], tuple[int, int]]

#: (key, screen, any of these permissions, counter), in the order of the steps.
_LINES: tuple[tuple[str, str, tuple[str, ...], Counter], ...] = (
    ("customers", "approvals", ("customer.review", "customer.approve"), _customers),
    ("sales_reviews", "sales_report", ("sales_report.review",), _sales_reviews),
    (
        "withdrawals",
        "approvals",
        ("customer.review_withdrawal", "customer.terminate"),
        _withdrawals,
    ),
    (
        "evaluations",
        "evaluations",
        ("credit.review_evaluation", "credit.approve_evaluation", "credit.evaluate"),
        _evaluations,
    ),
    ("rating_due", "evaluations", ("credit.evaluate",), _rating_due),
    ("limits", "limits", ("credit.approve_limit",), _limits),
    ("dispatch_approvals", "dispatch", ("dispatch.approve",), _dispatch_approvals),
    ("releases", "cashier", ("dispatch.release",), _releases),
    ("signatures", "dispatch", ("dispatch.approve",), _signatures),
    ("plans", "plans", ("plan.file",), _plans),
    ("warnings", "warnings", ("warning.respond",), _warnings),
    ("visits", "visits", ("visit.record",), _visits),
    ("copy3", "slips", ("slip.copy3",), _copy3),
    ("remittances", "payments", ("remittance.record",), _remittances),
)

#: The clerk keeps the customer files: their first screen stays the customer list.
FIRST_SCREEN_LIST_ROLES = frozenset({Role.CLERK})
