"""Payments (step 7): recording, allocation oldest first or as chosen, credit, reversal, and the
N-hour remittance rule. Every test runs on SQLite and on PostgreSQL (fixture ``branch``)."""

from __future__ import annotations

import argparse
import io
import itertools
import json
import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.clock import FixedClock
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.services import payments
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.payments import PaymentInput
from kehu_desktop.services.payments import RemittanceInput
from tests.factories import PASSWORD
from tests.factories import Branch

TODAY = date(2026, 3, 20)
_numbers = itertools.count(1)


# --------------------------------------------------------------------------------------------
# Minimal rows: slips are issued by services/slips/issued.py; here they are inserted directly.
# --------------------------------------------------------------------------------------------


def make_customer(
    branch: Branch, name: str = "上海国药医药有限公司", status: str = "selected"
) -> uuid.UUID:
    with branch.db.write() as s:
        c = Customer(
            branch_id=branch.branch_id,
            name=name,
            name_pinyin=name,
            name_initials="X",
            status=status,
        )
        s.add(c)
        s.flush()
        return c.id


def make_slip(
    branch: Branch,
    customer_id: uuid.UUID,
    total: str,
    issued: date,
    *,
    kind: str = "credit_sale",
    due: date | None = None,
    status: str = "issued",
    voided_at: datetime | None = None,
) -> uuid.UUID:
    n = next(_numbers)
    user = branch.actor(Role.SALES_REP).user_id
    assert user is not None
    with branch.db.write() as s:
        note = DispatchNote(
            branch_id=branch.branch_id,
            number=f"SH-DN-{issued.year}-{n:06d}",
            customer_id=customer_id,
            sale_kind="credit",
            status="delivered",
            total=Decimal(total),
            requested_by=user,
        )
        s.add(note)
        s.flush()
        code = "CS" if kind == "credit_sale" else "DS"
        slip = Slip(
            branch_id=branch.branch_id,
            number=f"SH-{code}-{issued.year}-{n:06d}",
            kind=kind,
            dispatch_note_id=note.id,
            customer_id=customer_id,
            issue_date=issued,
            issued_by=user,
            customer_name="客户",
            due_date=due if kind == "credit_sale" else None,
            total=Decimal(total),
            status=status,
            voided_at=voided_at,
        )
        s.add(slip)
        s.flush()
        return slip.id


def void_slip(branch: Branch, slip_id: uuid.UUID, at: datetime) -> None:
    with branch.db.write() as s:
        slip = s.get(Slip, slip_id)
        assert slip is not None
        slip.status, slip.voided_at = "voided", at


def pay(
    branch: Branch,
    customer_id: uuid.UUID,
    amount: str,
    *,
    role: Role = Role.CASHIER,
    **kw: Any,
) -> payments.PaymentView:
    """Record a payment on the business clock's day (move the ``clock`` fixture to pay on
    another day)."""
    data = PaymentInput(
        customer_id=customer_id, method=str(kw.pop("method", "cash")), amount=amount, **kw
    )
    return payments.record_payment(branch.db, branch.actor(role), data)


def owed(
    branch: Branch, customer_id: uuid.UUID, on: date | None = None
) -> dict[uuid.UUID, Decimal]:
    bal = payments.outstanding(branch.db, branch.actor(Role.ACCOUNTANT), customer_id, on=on)
    return {s.slip_id: s.outstanding for s in bal.slips}


def D(text: str) -> Decimal:  # noqa: N802
    return Decimal(text)


# --------------------------------------------------------------------------------------------
# Allocation
# --------------------------------------------------------------------------------------------


def test_oldest_first_across_three_slips(branch: Branch) -> None:
    c = make_customer(branch)
    jan5 = make_slip(branch, c, "1000.00", date(2026, 1, 5))
    jan3 = make_slip(branch, c, "500.00", date(2026, 1, 3))
    jan10 = make_slip(branch, c, "800.00", date(2026, 1, 10))
    view = pay(branch, c, "1,200.00", received_on="2026-03-18")
    assert view.number == "SH-PM-2026-000001"
    assert view.amount == D("1200.00") and view.received_on == date(2026, 3, 18)
    assert [(a.slip_id, a.amount) for a in view.allocations] == [
        (jan3, D("500.00")),
        (jan5, D("700.00")),
    ]
    assert view.allocated == D("1200.00") and view.unallocated == D("0.00")
    assert owed(branch, c) == {jan5: D("300.00"), jan10: D("800.00")}
    bal = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c)
    assert bal.total_outstanding == D("1100.00") and bal.credit == 0 and bal.balance == D("1100.00")
    # The next payment finishes January 5th, then the 10th, and keeps the rest as credit.
    second = pay(branch, c, "1500.00")
    assert second.number == "SH-PM-2026-000002"
    assert [(a.slip_id, a.amount) for a in second.allocations] == [
        (jan5, D("300.00")),
        (jan10, D("800.00")),
    ]
    assert second.unallocated == D("400.00")
    bal = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c)
    assert bal.slips == () and bal.credit == D("400.00") and bal.balance == D("-400.00")
    assert [(i.payment_number, i.unallocated) for i in bal.credit_items] == [
        ("SH-PM-2026-000002", D("400.00"))
    ]


def test_same_day_slips_go_by_number(branch: Branch) -> None:
    c = make_customer(branch)
    first = make_slip(branch, c, "100.00", date(2026, 2, 1))
    second = make_slip(branch, c, "100.00", date(2026, 2, 1))
    view = pay(branch, c, "150.00")
    assert [(a.slip_id, a.amount) for a in view.allocations] == [
        (first, D("100.00")),
        (second, D("50.00")),
    ]


def test_chosen_allocation_keeps_the_rest_as_credit(branch: Branch) -> None:
    c = make_customer(branch)
    old = make_slip(branch, c, "1000.00", date(2026, 1, 5))
    new = make_slip(branch, c, "800.00", date(2026, 1, 10))
    number = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c).slips[1].number
    view = pay(branch, c, "1000.00", allocations=[(number, "800"), (str(old), "100.00")])
    assert {a.slip_id: a.amount for a in view.allocations} == {new: D("800.00"), old: D("100.00")}
    assert view.unallocated == D("100.00")
    assert owed(branch, c) == {old: D("900.00")}  # the credit was not swept onto the old slip
    bal = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c)
    assert bal.credit == D("100.00") and bal.balance == D("800.00")
    # Until someone applies it, oldest first.
    applied = payments.allocate_open_credit(branch.db, branch.actor(Role.ACCOUNTANT), c)
    assert [(a.payment_number, a.amount) for a in applied] == [(view.number, D("100.00"))]
    assert owed(branch, c) == {old: D("800.00")}
    assert payments.allocate_open_credit(branch.db, branch.actor(Role.ACCOUNTANT), c) == []


def test_over_allocation_is_refused_and_nothing_is_written(branch: Branch) -> None:
    c = make_customer(branch)
    a = make_slip(branch, c, "300.00", date(2026, 1, 5))
    b = make_slip(branch, c, "200.00", date(2026, 1, 6))
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "1000.00", allocations=[(a, "300.01")])
    assert [(e.field, e.code) for e in info.value.errors] == [
        ("allocations[0].amount", "payment.slip_over_allocated")
    ]
    assert "尚欠300.00元" in info.value.message
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "400.00", allocations=[(a, "300"), (b, "200")])
    assert [(e.field, e.code) for e in info.value.errors] == [
        ("allocations", "payment.over_allocated")
    ]
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "400.00", allocations=[(a, "100"), (a, "100")])
    assert info.value.errors[0].code == "payment.slip_duplicate"
    other = make_customer(branch, "另一家客户")
    foreign = make_slip(branch, other, "50.00", date(2026, 1, 6))
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "40.00", allocations=[(foreign, "40")])
    assert info.value.errors[0].code == "payment.slip_unknown"
    with branch.db.read() as s:
        assert s.execute(select(func.count()).select_from(Payment)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(PaymentAllocation)).scalar_one() == 0
    # No number was used up by the refused attempts.
    assert pay(branch, c, "10.00").number == "SH-PM-2026-000001"


def test_voided_slips_are_ignored(branch: Branch) -> None:
    c = make_customer(branch)
    voided = make_slip(
        branch,
        c,
        "500.00",
        date(2026, 1, 2),
        status="voided",
        voided_at=datetime(2026, 1, 3, 2, tzinfo=UTC),
    )
    live = make_slip(branch, c, "300.00", date(2026, 1, 5))
    view = pay(branch, c, "400.00")
    assert [(a.slip_id, a.amount) for a in view.allocations] == [(live, D("300.00"))]
    assert view.unallocated == D("100.00")
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "100.00", allocations=[(voided, "100")])
    assert info.value.errors[0].code == "payment.slip_voided"
    assert voided not in owed(branch, c)


def test_money_on_a_slip_voided_later_becomes_credit_again(
    branch: Branch, clock: FixedClock
) -> None:
    c = make_customer(branch)
    s1 = make_slip(branch, c, "500.00", date(2026, 1, 2))
    clock.set(date(2026, 1, 10))
    view = pay(branch, c, "500.00", received_on=date(2026, 1, 10))
    assert view.allocated == D("500.00")
    void_slip(branch, s1, datetime.combine(date(2026, 1, 20), datetime.min.time()).astimezone())
    bal = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c)
    assert bal.slips == () and bal.credit == D("500.00")
    s2 = make_slip(branch, c, "300.00", date(2026, 2, 1))
    clock.set(date(2026, 2, 3))
    payments.allocate_open_credit(branch.db, branch.actor(Role.CASHIER), c)
    assert owed(branch, c) == {}
    assert payments.outstanding(branch.db, branch.actor(Role.CASHIER), c).credit == D("200.00")
    # History: on Jan 15 the first slip was paid; on Feb 2 the second was still open.
    on_jan15 = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c, on=date(2026, 1, 15))
    assert on_jan15.slips == () and on_jan15.credit == 0 and on_jan15.balance == 0
    on_feb2 = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c, on=date(2026, 2, 2))
    assert [(x.slip_id, x.outstanding) for x in on_feb2.slips] == [(s2, D("300.00"))]
    assert on_feb2.credit == D("500.00") and on_feb2.balance == D("-200.00")


def test_prepayment_pays_a_later_slip_when_credit_is_applied(branch: Branch) -> None:
    c = make_customer(branch)
    view = pay(branch, c, "2000.00", method="bank_transfer", reference="BOC20260301001")
    assert view.allocations == () and view.unallocated == D("2000.00")
    slip = make_slip(branch, c, "1500.00", date(2026, 3, 19))
    assert owed(branch, c) == {slip: D("1500.00")}
    with branch.db.write() as s:  # what the slip service does right after issuing
        payments.apply_open_credit(s, branch.actor(Role.CASHIER), c)
    assert owed(branch, c) == {}
    refreshed = payments.get_payment(branch.db, branch.actor(Role.BRANCH_GM), view.id)
    assert refreshed.unallocated == D("500.00") and refreshed.allocated == D("1500.00")


# --------------------------------------------------------------------------------------------
# Input checks, permissions, outbox
# --------------------------------------------------------------------------------------------


def test_every_bad_field_is_reported_at_once(branch: Branch) -> None:
    c = make_customer(branch)
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "1.005", method="bank_draft", received_on="2026-03-21")
    assert {(e.field, e.code) for e in info.value.errors} == {
        ("amount", "amount.precision"),
        ("received_on", "date.future"),
        ("reference", "payment.reference_required"),
    }
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "0", method="cheque")
    assert {(e.field, e.code) for e in info.value.errors} == {
        ("amount", "payment.amount_positive"),
        ("method", "choice.invalid"),
    }
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "-5")
    assert info.value.errors[0].code == "amount.negative"
    with pytest.raises(ValidationFailed) as info:
        pay(branch, uuid.uuid4(), "5")
    assert info.value.errors[0].field == "customer_id"


def test_a_bank_reference_cannot_be_recorded_twice(branch: Branch) -> None:
    c = make_customer(branch)
    first = pay(branch, c, "100.00", method="bank_transfer", reference="ICBC-778")
    with pytest.raises(ValidationFailed) as info:
        pay(branch, c, "100.00", method="bank_transfer", reference=" ICBC-778 ")
    assert info.value.errors[0].code == "payment.duplicate_reference"
    assert first.number in info.value.message
    # Once the first is reversed, the money can be recorded again.
    payments.reverse_payment(branch.db, branch.actor(Role.ACCOUNTANT), first.id, "客户名称录错")
    assert pay(branch, c, "100.00", method="bank_transfer", reference="ICBC-778").amount == 100


@pytest.mark.parametrize("role", [Role.CLERK, Role.SALES_REP, Role.DRIVER, Role.BRANCH_GM])
def test_only_cashier_and_accountant_record(branch: Branch, role: Role) -> None:
    c = make_customer(branch)
    with pytest.raises(Forbidden):
        pay(branch, c, "10.00", role=role)


def test_accountant_may_record_and_outbox_gets_every_row(branch: Branch) -> None:
    c = make_customer(branch)
    make_slip(branch, c, "60.00", date(2026, 1, 5))
    make_slip(branch, c, "60.00", date(2026, 1, 6))
    view = pay(branch, c, "100.00", role=Role.ACCOUNTANT)
    with branch.db.read() as s:
        ops = s.execute(select(OutboxOp.entity, OutboxOp.payload).order_by(OutboxOp.seq)).all()
        entities = [e for e, _p in ops if e.startswith("payment")]
        assert entities == ["payments", "payment_allocations", "payment_allocations"]
        payment_payload = next(p for e, p in ops if e == "payments")
        assert payment_payload["amount"] == "100.00" and payment_payload["number"] == view.number
        audit = s.execute(
            select(AuditRecord).where(AuditRecord.action == "payment_recorded")
        ).scalar_one()
        assert audit.username == "accountant" and audit.entity_id == str(view.id)


# --------------------------------------------------------------------------------------------
# Reversal
# --------------------------------------------------------------------------------------------


def test_reversal_restores_the_outstanding(branch: Branch) -> None:
    c = make_customer(branch)
    a = make_slip(branch, c, "500.00", date(2026, 1, 3))
    b = make_slip(branch, c, "800.00", date(2026, 1, 5))
    view = pay(branch, c, "1000.00", received_on=date(2026, 3, 10))
    assert owed(branch, c) == {b: D("300.00")}
    reversal = payments.reverse_payment(
        branch.db, branch.actor(Role.ACCOUNTANT), view.id, "银行汇票退票"
    )
    assert reversal.number == "SH-PM-2026-000002" and reversal.amount == D("-1000.00")
    assert reversal.reverses_number == view.number and reversal.is_reversal
    assert {x.slip_id: x.amount for x in reversal.allocations} == {a: D("-500.00"), b: D("-500.00")}
    assert reversal.note == "银行汇票退票" and reversal.received_on == TODAY
    assert owed(branch, c) == {a: D("500.00"), b: D("800.00")}
    bal = payments.outstanding(branch.db, branch.actor(Role.CASHIER), c)
    assert bal.credit == 0 and bal.balance == D("1300.00")
    # Before the reversal date the payment still counts.
    assert owed(branch, c, on=date(2026, 3, 15)) == {b: D("300.00")}
    original = payments.get_payment(branch.db, branch.actor(Role.CASHIER), view.id)
    assert original.reversed_by_number == reversal.number and original.unallocated == 0
    with pytest.raises(Conflict) as info:
        payments.reverse_payment(branch.db, branch.actor(Role.ACCOUNTANT), view.id, "again")
    assert info.value.code == "payment.already_reversed"
    with pytest.raises(Conflict) as info:
        payments.reverse_payment(branch.db, branch.actor(Role.ACCOUNTANT), reversal.id, "x")
    assert info.value.code == "payment.is_reversal"
    with pytest.raises(ValidationFailed):
        payments.reverse_payment(branch.db, branch.actor(Role.ACCOUNTANT), view.id, "  ")
    with pytest.raises(Forbidden):
        payments.reverse_payment(branch.db, branch.actor(Role.SALES_MANAGER), view.id, "x")
    with branch.db.read() as s:
        audit = s.execute(
            select(AuditRecord).where(AuditRecord.action == "payment_reversed")
        ).scalar_one()
        assert audit.after == {"reversal": reversal.number, "reason": "银行汇票退票"}
        assert audit.before is not None and audit.before["amount"] == "1000.00"
    rows = payments.list_payments(branch.db, branch.actor(Role.CASHIER), customer_id=c)
    assert [(r.number, r.amount, r.reversed) for r in rows] == [
        (reversal.number, D("-1000.00"), False),
        (view.number, D("1000.00"), True),
    ]


def test_reversal_frees_the_slips_for_other_credit(branch: Branch) -> None:
    c = make_customer(branch)
    slip = make_slip(branch, c, "500.00", date(2026, 1, 3))
    wrong = pay(branch, c, "500.00")
    prepaid = pay(branch, c, "300.00")  # all credit: nothing left to pay
    assert prepaid.unallocated == D("300.00")
    payments.reverse_payment(branch.db, branch.actor(Role.CASHIER), wrong.id, "重复录入")
    assert owed(branch, c) == {slip: D("200.00")}


# --------------------------------------------------------------------------------------------
# Remittances: the N-hour rule
# --------------------------------------------------------------------------------------------

T0 = datetime(2026, 3, 20, 1, 0, tzinfo=UTC)


def big_payment(branch: Branch, amount: str, at: datetime = T0, **kw: Any) -> payments.PaymentView:
    """A payment received at ``at``, recorded on that day (the clock stays where it was)."""
    c = make_customer(branch, f"客户{next(_numbers)}")
    return pay(branch, c, amount, received_on=at.astimezone().date(), received_at=at, **kw)


def test_remittance_is_overdue_after_n_hours_and_not_before(
    branch: Branch, clock: FixedClock
) -> None:
    clock.set(T0)
    view = big_payment(branch, "60000.00")
    small = big_payment(branch, "49999.99")
    cashier = branch.actor(Role.CASHIER)
    clock.set(T0 + timedelta(hours=23))
    due = payments.remittances_due(branch.db, cashier)
    assert [(u.payment_number, u.hours_left) for u in due] == [(view.number, D("1.0"))]
    assert payments.remittances_overdue(branch.db, cashier) == []
    clock.set(T0 + timedelta(hours=24))
    assert payments.remittances_overdue(branch.db, cashier) == []
    clock.set(T0 + timedelta(hours=26, minutes=30))
    late = payments.remittances_overdue(branch.db, cashier)
    assert [(u.payment_number, u.unremitted, u.hours_overdue) for u in late] == [
        (view.number, D("60000.00"), D("2.5"))
    ]
    assert late[0].deadline == T0 + timedelta(hours=24) and late[0].level is not None
    # The small payment has no deadline but is still money to hand in.
    everything = payments.unremitted_payments(branch.db, cashier)
    assert [(u.payment_number, u.deadline) for u in everything] == [
        (view.number, T0 + timedelta(hours=24)),
        (small.number, None),
    ]
    # Remitting part of it leaves the rest overdue; remitting the rest clears it.
    clock.set(T0 + timedelta(hours=2))
    r1 = payments.record_remittance(
        branch.db,
        cashier,
        RemittanceInput(
            amount="50000",
            remitted_at=T0 + timedelta(hours=2),
            reference="HQ-001",
            payment_ids=[view.id],
        ),
    )
    assert r1.number == "SH-RM-2026-000001" and r1.amount == D("50000.00")
    assert [(i.payment_number, i.amount) for i in r1.items] == [(view.number, D("50000.00"))]
    clock.set(T0 + timedelta(hours=30))
    late = payments.remittances_overdue(branch.db, cashier)
    assert [(u.payment_number, u.unremitted) for u in late] == [(view.number, D("10000.00"))]
    payments.record_remittance(
        branch.db,
        cashier,
        RemittanceInput(
            amount=None,
            remitted_at=T0 + timedelta(hours=3),
            reference="HQ-002",
            items=[(view.number, "10000.00")],
        ),
    )
    assert payments.remittances_overdue(branch.db, cashier) == []
    assert payments.get_payment(branch.db, cashier, view.id).remitted == D("60000.00")


def test_remittance_level_strictest_applies(branch: Branch, clock: FixedClock) -> None:
    clock.set(T0)
    with branch.db.write() as s:
        put_setting(
            s,
            "remittance.levels",
            [{"threshold": "50000.00", "hours": 24}, {"threshold": "200000", "hours": 4}],
        )
    huge = big_payment(branch, "250000.00")
    big = big_payment(branch, "100000.00")
    cashier = branch.actor(Role.CASHIER)
    clock.set(T0 + timedelta(hours=5))
    at5h = payments.remittances_overdue(branch.db, cashier)
    assert [(u.payment_number, u.level.hours if u.level else None) for u in at5h] == [
        (huge.number, 4)
    ]
    clock.set(T0 + timedelta(hours=5))  # each reading of the test clock moves it on by 1 µs
    due = payments.remittances_due(branch.db, cashier)
    assert [(u.payment_number, u.hours_left) for u in due] == [(big.number, D("19.0"))]
    with branch.db.write() as s:
        put_setting(s, "remittance.levels", [])
        put_setting(s, "remittance.threshold", "300000.00")
        put_setting(s, "remittance.hours", 48)
    clock.set(T0)
    assert payments.unremitted_payments(branch.db, cashier)[0].level is None


def test_remittance_cannot_exceed_what_is_unremitted(branch: Branch, clock: FixedClock) -> None:
    clock.set(T0)
    view = big_payment(branch, "60000.00")
    cashier = branch.actor(Role.CASHIER)
    now = T0 + timedelta(hours=1)
    clock.set(now)

    def remit(**kw: Any) -> payments.RemittanceView:
        values: dict[str, Any] = {"amount": "1", "reference": "HQ-9", "remitted_at": now, **kw}
        data = RemittanceInput(**values)
        return payments.record_remittance(branch.db, cashier, data)

    with pytest.raises(ValidationFailed) as info:
        remit(amount="60000.01")
    assert info.value.errors[0].code == "remittance.exceeds_unremitted"
    with pytest.raises(ValidationFailed) as info:
        remit(amount=None, items=[(view.id, "60000.01")])
    assert info.value.errors[0].code == "remittance.item_exceeds"
    with pytest.raises(ValidationFailed) as info:
        remit(amount="10", items=[(view.id, "20")])
    assert info.value.errors[0].code == "remittance.items_sum"
    with pytest.raises(ValidationFailed) as info:
        remit(reference=" ", method="carrier_pigeon", remitted_at=now + timedelta(hours=1))
    assert {e.code for e in info.value.errors} == {
        "remittance.reference_required",
        "choice.invalid",
        "date.future",
    }
    with pytest.raises(ValidationFailed) as info:
        remit(remitted_at=T0 - timedelta(days=2))
    assert info.value.errors[0].code == "remittance.before_receipt"
    with pytest.raises(Forbidden):
        payments.record_remittance(
            branch.db,
            branch.actor(Role.SALES_REP),
            RemittanceInput(amount="1", reference="x"),
        )
    done = remit(amount=None)  # everything unremitted
    assert done.amount == D("60000.00") and done.number == "SH-RM-2026-000001"
    with pytest.raises(ValidationFailed) as info:
        remit(amount="0.01")
    assert info.value.errors[0].code == "remittance.exceeds_unremitted"
    # Remitted money cannot be reversed at the branch.
    with pytest.raises(Conflict) as c_info:
        payments.reverse_payment(branch.db, branch.actor(Role.ACCOUNTANT), view.id, "退票")
    assert c_info.value.code == "payment.remitted"
    assert [r.number for r in payments.list_remittances(branch.db, cashier)] == [done.number]


def test_reversed_money_is_not_due_for_remittance(branch: Branch, clock: FixedClock) -> None:
    clock.set(T0)
    view = big_payment(branch, "80000.00")
    clock.set(T0 + timedelta(hours=1))
    payments.reverse_payment(branch.db, branch.actor(Role.ACCOUNTANT), view.id, "录错")
    clock.set(T0 + timedelta(hours=30))
    assert payments.unremitted_payments(branch.db, branch.actor(Role.CASHIER)) == []


def test_received_at_defaults(branch: Branch, clock: FixedClock) -> None:
    c = make_customer(branch)
    today = clock.today()
    moment = datetime.combine(today, datetime.min.time()).astimezone() + timedelta(hours=15)
    clock.set(moment)
    now_view = pay(branch, c, "1.00")
    assert now_view.received_at == moment  # received today: now, by the business clock
    past = pay(branch, c, "1.00", received_on=today - timedelta(days=2))
    assert past.received_at == payments.start_of_day(today - timedelta(days=2))
    with pytest.raises(ValidationFailed) as info:
        pay(
            branch,
            c,
            "1.00",
            received_on=today - timedelta(days=2),
            received_at=clock.now(),
        )
    assert info.value.errors[0].code == "payment.received_at_mismatch"


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def test_command_line_round_trip(
    branch: Branch,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from kehu_desktop.cli import payments as cli_payments

    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    cli_payments.register(parser.add_subparsers(dest="command", required=True))

    def run(*argv: str) -> str:
        if "--user" in argv:  # the password on standard input, never on the command line
            argv = (*argv, "--password-stdin")
            monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        args = parser.parse_args(["--database", branch.db.url, *argv])
        assert args.handler(args) == 0
        return capsys.readouterr().out

    c = make_customer(branch, "上海康健医药有限公司")
    make_slip(branch, c, "700.00", date(2026, 1, 5))
    out = run(
        "payment",
        "record",
        "康健",
        "1,000",
        "--method",
        "bank_transfer",
        "--reference",
        "BOC-1",
        "--user",
        "cashier",
    )
    number = out.split("\t")[0]
    assert number.startswith("SH-PM-") and "预收款 / credit\t300.00" in out
    assert owed(branch, c) == {}
    assert "1,000.00" in run("payment", "list", "--customer", str(c))
    rows = json.loads(run("receivables", "--json"))
    assert rows[0]["credit"] == "300.00" and rows[0]["buckets"]["current"] == "0.00"
    pdf = tmp_path / "r.pdf"
    assert run("payment", "receipt", number, "-o", str(pdf), "--user", "cashier").strip() == str(
        pdf
    )
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "1,000.00" in run("payment", "unremitted")
    run("payment", "remit", "--reference", "HQ-1", "--payment", number, "--user", "cashier")
    assert run("payment", "unremitted") == ""
    with pytest.raises(Conflict):
        run("payment", "reverse", number, "--reason", "错", "--user", "accountant")
    assert owed(branch, c, on=date(2025, 12, 31)) == {}  # not issued yet then
