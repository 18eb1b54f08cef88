"""Release at the cashier (step 6.2): the credit check of design.md, in one locked transaction.

``release_dispatch`` locks the customer row (PostgreSQL ``SELECT … FOR UPDATE``; on SQLite the
write transaction's ``BEGIN IMMEDIATE`` already serialises writers), reads the credit position
*after* taking the lock, evaluates every rule (domain.credit_check.decide_release) and either
releases the note or leaves it unchanged. Both outcomes are audited (``dispatch_released`` /
``release_refused`` with every failure and its numbers). Two cashiers releasing for the same
customer at once are serialised by the lock, so they can never both spend the same headroom.

The cashier has no override; a blocked customer needs a limit raise from the person whose
authority covers the grade (services.credit), itself an audited approval.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.credit_check import CreditDecision
from kehu_desktop.domain.credit_check import PriceLine
from kehu_desktop.domain.credit_check import ReleaseFacts
from kehu_desktop.domain.credit_check import decide_release
from kehu_desktop.dto import ReleaseResult
from kehu_desktop.models import DispatchLine
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import Product
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import use_case
from kehu_desktop.services.credit import credit_position_in
from kehu_desktop.services.dispatch.queries import check_state
from kehu_desktop.services.dispatch.queries import dispatch_view
from kehu_desktop.services.dispatch.queries import load_note
from kehu_desktop.services.dispatch.queries import touch

#: States a note can be released from. ``requested`` is evaluated (and fails rule 2, unsigned)
#: so the cashier sees every reason at once; the others are refused as a state conflict.
RELEASABLE = frozenset({"requested", "approved", "assigned"})


def _no_hook(note_id: uuid.UUID) -> None:
    """The product's ``_after_decision``: nothing."""


#: Test seam, and only that: called with the note's id inside the release's transaction, after
#: the customer is locked and every rule has been evaluated, just before the outcome is
#: written. tests/test_release_concurrency.py sets it (in its worker processes) to a function
#: that sleeps, holding two cashiers' transactions open exactly where a missing lock would let
#: both read the same exposure, and asserts that it ran for every release, so the race cannot
#: silently disappear when the code around it moves. Nothing in the product sets it.
_after_decision: Callable[[uuid.UUID], None] = _no_hook


def release_facts(s: Session, note: DispatchNote) -> ReleaseFacts:
    """The note as the credit check sees it, with each product's factory price as of now."""
    rows = s.execute(
        select(DispatchLine.line_no, DispatchLine.unit_price, Product.name, Product.factory_price)
        .join(Product, Product.id == DispatchLine.product_id)
        .where(DispatchLine.note_id == note.id)
        .order_by(DispatchLine.line_no)
    ).all()
    return ReleaseFacts(
        note_number=note.number,
        sale_kind=note.sale_kind,
        amount=note.total,
        approval_mode=note.approval_mode if note.approved_at is not None else None,
        signature_completed=note.signature_completed_at is not None,
        driver_assigned=note.driver_id is not None,
        lines=tuple(PriceLine(r.line_no, r.name, r.unit_price, r.factory_price) for r in rows),
    )


def _decide(s: Session, note: DispatchNote) -> CreditDecision:
    position = credit_position_in(s, note.customer_id)
    return decide_release(position, release_facts(s, note))


def release_dispatch(db: Database, actor: Actor, note_id: uuid.UUID) -> ReleaseResult:
    """The cashier releases the goods of a note if, and only if, every rule passes.

    Returns ``ReleaseResult(released, decision, note)``: on refusal ``released`` is False, the
    note is unchanged and ``decision.failures`` lists every failed rule with its numbers (a
    ``release_refused`` audit record keeps them). Raises NotFound for an unknown note and Conflict
    for one that is cancelled or already released.
    """
    with use_case(db, actor, "dispatch.release") as (s, actor):
        customer_id = load_note(s, actor, note_id, lock=False).customer_id
        # Lock order everywhere: the customer first, then the note.
        lock_customers(s, [customer_id])
        note = load_note(s, actor, note_id)
        check_state(note, RELEASABLE, "release")
        decision = _decide(s, note)
        _after_decision(note.id)
        summary = decision.summary()
        if not decision.allowed:
            audit(
                s,
                actor,
                "release_refused",
                entity="dispatch_note",
                entity_id=note.id,
                before={"number": note.number, "status": note.status},
                after=summary,
                detail="; ".join(f.message for f in decision.failures),
            )
            return ReleaseResult(False, decision, dispatch_view(s, note))
        before = {"status": note.status}
        note.status = "released"
        note.released_by = actor.user_id
        note.released_at = db.clock.now()
        touch(s, actor, note, "dispatch_released", before, decision=summary)
        return ReleaseResult(True, decision, dispatch_view(s, note))


def preview_release(db: Database, actor: Actor, note_id: uuid.UUID) -> CreditDecision:
    """What ``release_dispatch`` would decide now, with the customer's position (exposure items,
    limit, headroom) in ``decision.position`` for the cashier's screen. Read-only; the real
    release decides again under the lock."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        note = load_note(s, actor, note_id, lock=False)
        check_state(note, RELEASABLE, "release")
        return _decide(s, note)
