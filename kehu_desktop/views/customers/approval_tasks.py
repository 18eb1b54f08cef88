"""What the approvals view runs on the DB worker: no Qt here, only service calls.

Each customer is decided in its own transaction, so when head office's quota is reached halfway
through a selection, the ones before it stay decided and the rest are reported with the reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import CustomerRow
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import selection
from kehu_desktop.services.customers import withdrawal


@dataclass(frozen=True)
class Queue:
    step: str  # the selection step: propose / review / approve / terminate, withdraw_*
    permission: str
    statuses: tuple[str, ...]  # customers in these states wait for the step
    actions: tuple[str, ...]  # buttons offered


QUEUES = (
    Queue("propose", "customer.propose", ("prospect", "sent_back", "rejected"), ("propose",)),
    Queue("review", "customer.review", ("proposed",), ("approve", "reject", "send_back")),
    Queue("approve", "customer.approve", ("reviewed",), ("approve", "reject", "send_back")),
    Queue("terminate", "customer.terminate", ("selected",), ("terminate",)),
    # Withdrawing a dealership (step 8 through step 1's chain): the customers stay selected;
    # where a proposal stands is the withdrawal service's (not a status).
    Queue(
        "withdraw_propose",
        "customer.propose_withdrawal",
        ("selected",),
        ("propose_withdrawal",),
    ),
    Queue("withdraw_review", "customer.review_withdrawal", (), ("approve", "reject", "send_back")),
    Queue("withdraw_decide", "customer.terminate", (), ("approve", "reject")),
)
#: The withdrawal queues whose rows the withdrawal service lists, by the stage they wait at.
_WITHDRAWAL_STAGES = {
    "withdraw_review": withdrawal.PROPOSED,
    "withdraw_decide": withdrawal.REVIEWED,
}
_DECISIONS = {
    "approve": selection.Decision.APPROVE,
    "reject": selection.Decision.REJECT,
    "send_back": selection.Decision.SEND_BACK,
}


@dataclass(frozen=True)
class Outcome:
    customer: str
    error: str | None  # None: decided


def load_queue(db: Database, actor: Actor, queue: Queue) -> tuple[str, list[CustomerRow]]:
    """The customers waiting for ``queue``'s step (the step comes back to match the answer)."""
    stage = _WITHDRAWAL_STAGES.get(queue.step)
    if stage is not None:
        # Decided at head office and not applied yet by the branch: counted out by the service.
        return queue.step, withdrawal.withdrawal_queue(db, actor, stage)
    rows: list[CustomerRow] = []
    for status in queue.statuses:
        rows.extend(list_customers(db, actor, CustomerQuery(status=status), limit=1000).rows)
    if queue.step == "withdraw_propose":  # less those with a proposal under way
        under_way = withdrawal.withdrawal_stages(db, actor, [r.id for r in rows])
        rows = [r for r in rows if r.id not in under_way]
    # At head office: a customer approved (or terminated) here waits for its branch to apply
    # the decision at its next sync; it is decided, so it leaves the queue.
    decided = selection.awaiting_branch(db, queue.step, [r.id for r in rows])
    return queue.step, [r for r in rows if r.id not in decided]


def decide_each(
    db: Database,
    actor: Actor,
    step: str,
    action: str,
    customers: list[tuple[uuid.UUID, str]],
    comment: str,
) -> tuple[str, list[Outcome]]:
    """Runs on the worker: one transaction per customer; returns the action and an outcome per
    customer. A missing comment (or a withdrawal's reason, typed in the same box) is the same
    refusal for every customer, so it is raised once (and shown at the comment box)."""
    outcomes = []
    for customer_id, name in customers:
        try:
            if step == "propose":
                selection.propose(db, actor, customer_id, comment)
            elif step == "withdraw_propose":
                withdrawal.propose_withdrawal(db, actor, customer_id, comment)
            elif step == "withdraw_review":
                withdrawal.review_withdrawal(db, actor, customer_id, _DECISIONS[action], comment)
            elif step == "withdraw_decide":
                withdrawal.decide_withdrawal(db, actor, customer_id, _DECISIONS[action], comment)
            elif step == "terminate":
                selection.terminate(db, actor, customer_id, comment)
            elif step == "review":
                selection.review(db, actor, customer_id, _DECISIONS[action], comment)
            else:
                selection.approve(db, actor, customer_id, _DECISIONS[action], comment)
        except ValidationFailed as exc:
            if all(e.field in ("comment", "reason") for e in exc.errors):
                raise
            outcomes.append(Outcome(name, exc.message))
        except KehuError as exc:
            outcomes.append(Outcome(name, exc.message))
        else:
            outcomes.append(Outcome(name, None))
    return action, outcomes


def write_change_form(db: Database, actor: Actor, year: int, path: Path) -> tuple[Path, int]:
    """Runs on the worker: the customer change form of ``year`` as a PDF at ``path``, through
    the service, which audits the print; returns the path and the number of entries."""
    pdf = selection.print_change_form(db, actor, year=year)
    path.write_bytes(pdf)
    # The count for the "saved" message: a second, small query rather than a wider service API.
    return path, len(selection.change_form_entries(db, actor, year=year))
