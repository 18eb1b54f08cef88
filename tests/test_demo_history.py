"""The demo branch's history (services.demo_history) on SQLite and PostgreSQL: every dispatch
state, both slip kinds with voids, reprints and missing copies ③, payments and receivables, a
customer near its limit and notes the cashier's check blocks (over the headroom; a credit slip
past its due date), each step dated on its own day by the database's clock."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.demo import DEMO_PASSWORD
from kehu_desktop.demo import create_demo
from kehu_desktop.domain import credit as rules
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import CreditEvaluation
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import Payment
from kehu_desktop.models import Remittance
from kehu_desktop.models import Slip
from kehu_desktop.models import TemporaryReceipt
from kehu_desktop.models import Visit
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch
from kehu_desktop.services import plans
from kehu_desktop.services import slips
from kehu_desktop.services import warnings
from kehu_desktop.services.admin import auth
from kehu_desktop.services.customers import withdrawal_queue
from kehu_desktop.services.dispatch import preview_release

TODAY = date(2026, 11, 26)


def test_demo_history_has_every_state_and_document(db: Database, clock: FixedClock) -> None:
    info = create_demo(db, customers=40, seed=3)
    assert db.clock is clock  # the history moved the clock day by day, and put it back
    cashier = auth.sign_in(db, "cashier", DEMO_PASSWORD)
    accountant = auth.sign_in(db, "accountant", DEMO_PASSWORD)
    with db.read() as s:
        states = Counter(s.execute(select(DispatchNote.status)).scalars())
        kinds = Counter(s.execute(select(Slip.kind)).scalars())
        voided = s.execute(select(func.count()).where(Slip.status == "voided")).scalar_one()
        reprinted = s.execute(select(func.max(Slip.reprint_count))).scalar_one()
        receipts = s.execute(select(func.count()).select_from(TemporaryReceipt)).scalar_one()
        methods = Counter(s.execute(select(Payment.method)).scalars())
        reversals = s.execute(
            select(func.count()).where(Payment.reverses_id.is_not(None))
        ).scalar_one()
        remittances = s.execute(select(func.count()).select_from(Remittance)).scalar_one()
        dates = list(s.execute(select(Slip.issue_date)).scalars())
        customers = list(s.execute(select(DispatchNote.customer_id).distinct()).scalars())
        requested = [
            at.astimezone().date() for at in s.execute(select(DispatchNote.requested_at)).scalars()
        ]

    assert set(states) == set(dispatch.STATUSES), states
    assert kinds["delivery"] >= 2 and kinds["credit_sale"] >= 2
    assert voided >= 2 and reprinted >= 1 and receipts >= 2
    assert methods["cash"] >= 1 and methods["bank_transfer"] >= 1
    assert reversals == 1 and remittances == 1
    assert min(dates) <= date(2026, 10, 31) and max(dates) <= TODAY  # a month, none ahead
    assert min(requested) <= date(2026, 10, 31) and max(requested) == TODAY  # on their own day
    assert slips.slips_missing_copy3(db, accountant, 1)
    assert len(dispatch.signatures_owed(db, cashier)) >= 1

    # Receivables: issued slips still owing money.
    positions = [credit.credit_position(db, cashier, cid) for cid in customers]
    assert sum(p.exposure.unpaid_slips for p in positions) > 0

    # Near the limit: one customer at or above the warning ratio.
    near = [p for p in positions if p.limit and p.exposure.total >= p.limit * p.near_limit_ratio]
    assert near and near[0].limit is not None
    assert rules.near_limit(near[0].exposure.total, near[0].limit, near[0].near_limit_ratio)

    # Blocked: a note waiting at the cashier fails the limit rule.
    with db.read() as s:
        waiting = list(
            s.execute(
                select(DispatchNote.id).where(DispatchNote.status.in_(("approved", "assigned")))
            ).scalars()
        )
    decisions = {note: preview_release(db, cashier, note) for note in waiting}
    blocked = [d for d in decisions.values() if "release.over_limit" in d.codes]
    assert blocked and not blocked[0].allowed
    # Blocked: a credit-sale slip six weeks old, past its 30 days (前清后送 too).
    assert info.history is not None and info.history.overdue_note in decisions
    overdue = decisions[info.history.overdue_note]
    assert overdue.codes == ("release.previous_unpaid", "release.slip_overdue")
    assert overdue.failures[1].numbers["days"] == "15"
    # The history kept to the rules (前清后送 above all): the only releases the cashier refused
    # are the two the demo sets up to be refused.
    with db.read() as s:
        refused = set(
            s.execute(
                select(AuditRecord.entity_id).where(AuditRecord.action == "release_refused")
            ).scalars()
        )
    assert refused == {str(info.history.blocked_note), str(info.history.overdue_note)}

    # 资信评级: the month's evaluations in every state; the others on the re-rating list.
    with db.read() as s:
        evaluations = Counter(
            s.execute(
                select(CreditEvaluation.status).where(
                    CreditEvaluation.month == TODAY.replace(day=1)
                )
            ).scalars()
        )
    assert evaluations == {"approved": 1, "reviewed": 1, "submitted": 1, "sent_back": 1}
    director = auth.sign_in(db, "marketing_director", DEMO_PASSWORD)
    assert len(credit.pending_evaluations(db, director)) == 1
    due = credit.rating_due(db, auth.sign_in(db, "sales_manager", DEMO_PASSWORD))
    assert len(due) >= 10 and all(d.overdue for d in due)  # the 26th: past the 10th

    # Steps 8-10: this month's plans with the rep's progress, a visit history, warnings of
    # which the sales manager answered one and closed another.
    manager = auth.sign_in(db, "sales_manager", DEMO_PASSWORD)
    rows = plans.plan_vs_actual(db, manager, TODAY.replace(day=1))
    assert len(rows) >= 5 and all(r.purchase_plan for r in rows)
    assert sum(1 for r in rows if r.outlets_reached is not None) == 3
    rep = auth.sign_in(db, "sales_rep", DEMO_PASSWORD)
    with db.read() as s:
        logged = list(s.execute(select(Visit.visited_on, Visit.visitor_id)).all())
    assert len(logged) == 4 and {by for _, by in logged} == {rep.user_id}
    assert min(day for day, _ in logged) == date(2026, 11, 2)
    states = Counter(
        (w.status, w.responded_at is not None)
        for w in warnings.list_warnings(db, manager, mine=False, status=None)
    )
    assert states[("closed", True)] == 1 and states[("open", True)] == 1
    assert states[("open", False)] >= 1
    gm = auth.sign_in(db, "branch_gm", DEMO_PASSWORD)
    assert len(withdrawal_queue(db, gm, "proposed")) == 1


def test_demo_without_history(db: Database) -> None:
    create_demo(db, customers=8, seed=5, history=False)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(DispatchNote)).scalar_one() == 0
