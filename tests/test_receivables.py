"""Receivables (step 7): the aged list, the month-end snapshot, bad debts. SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from kehu_desktop.clock import FixedClock
from kehu_desktop.domain.ageing import AgeingBuckets
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import ReceivableSnapshot
from kehu_desktop.services import payments
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.customers import selection
from tests.factories import Branch
from tests.test_payments import make_customer
from tests.test_payments import make_slip
from tests.test_payments import pay

D = Decimal
ZERO = D("0.00")
TODAY = date(2026, 6, 30)  # the business clock's day, after every day these tests look back on


def pay_on(
    branch: Branch, clock: FixedClock, day: date, customer: uuid.UUID, amount: str, **kw: Any
) -> None:
    """The cashier records a payment on ``day`` (the clock stands there for it)."""
    clock.set(day)
    try:
        pay(branch, customer, amount, **kw)
    finally:
        clock.set(TODAY)


def snapshot(
    branch: Branch, clock: FixedClock, day: date, actor: Actor, month: str | date
) -> payments.MonthEndReceivables:
    """The accountant takes a month-end snapshot on ``day``."""
    clock.set(day)
    try:
        return payments.take_month_end_snapshot(branch.db, actor, month)
    finally:
        clock.set(TODAY)


def test_receivables_aged_on_chosen_dates(branch: Branch, clock: FixedClock) -> None:
    a = make_customer(branch, "甲医药有限公司")
    # Credit slips age from their due date, cash slips from their issue date.
    make_slip(branch, a, "1000.00", date(2026, 1, 10), due=date(2026, 2, 9))
    make_slip(branch, a, "400.00", date(2026, 3, 1), kind="delivery")
    make_slip(branch, a, "250.00", date(2026, 3, 5), due=date(2026, 4, 4))
    b = make_customer(branch, "乙药业有限公司")
    make_slip(branch, b, "90.00", date(2025, 11, 1), due=date(2025, 12, 1))
    c = make_customer(branch, "丙大药房")
    pay_on(branch, clock, date(2026, 3, 1), c, "300.00", received_on=date(2026, 3, 1))
    accountant = branch.actor(Role.ACCOUNTANT)

    rows = {
        r.customer_name: r for r in payments.receivables(branch.db, accountant, date(2026, 3, 10))
    }
    assert set(rows) == {"甲医药有限公司", "乙药业有限公司", "丙大药房"}
    ra = rows["甲医药有限公司"]
    # Feb 9 → 29 days late; Mar 1 cash → 9 days; Apr 4 not yet due.
    assert ra.buckets == AgeingBuckets(D("250.00"), D("1400.00"), ZERO, ZERO, ZERO)
    assert ra.total == D("1650.00") and ra.balance == D("1650.00") and ra.credit == 0
    assert ra.oldest_due == date(2026, 2, 9) and ra.open_slips == 3
    rb = rows["乙药业有限公司"]
    assert rb.buckets == AgeingBuckets(ZERO, ZERO, ZERO, ZERO, D("90.00"))  # 99 days late
    rc = rows["丙大药房"]
    assert rc.total == 0 and rc.credit == D("300.00") and rc.balance == D("-300.00")
    assert [
        r.customer_name for r in payments.receivables(branch.db, accountant, date(2026, 3, 10))
    ][0] == "甲医药有限公司"

    # On March 20 the Feb 9 slip is 39 days late; a payment on the 15th paid it partly.
    pay_on(branch, clock, date(2026, 3, 15), a, "600.00", received_on=date(2026, 3, 15))
    r20 = {
        r.customer_name: r for r in payments.receivables(branch.db, accountant, date(2026, 3, 20))
    }
    assert r20["甲医药有限公司"].buckets == AgeingBuckets(
        D("250.00"), D("400.00"), D("400.00"), ZERO, ZERO
    )
    assert r20["乙药业有限公司"].buckets.over_90 == D("90.00")
    # Looking back at March 10 still shows the slip unpaid: the payment came later.
    again = {
        r.customer_name: r for r in payments.receivables(branch.db, accountant, date(2026, 3, 10))
    }
    assert again["甲医药有限公司"].total == D("1650.00")
    # Before anything happened there was nothing.
    assert payments.receivables(branch.db, accountant, date(2025, 10, 1)) == []


def test_bucket_boundary_on_the_ninety_first_day(branch: Branch) -> None:
    c = make_customer(branch)
    make_slip(branch, c, "90.00", date(2025, 11, 1), due=date(2025, 12, 1))
    actor = branch.actor(Role.CASHIER)
    on90 = payments.receivables(branch.db, actor, date(2026, 3, 1))[0]  # 90 days
    on91 = payments.receivables(branch.db, actor, date(2026, 3, 2))[0]
    assert on90.buckets.d61_90 == D("90.00") and on91.buckets.over_90 == D("90.00")


def test_readers_and_scope(branch: Branch) -> None:
    c = make_customer(branch)
    make_slip(branch, c, "10.00", date(2026, 1, 1))
    with pytest.raises(Forbidden):
        payments.receivables(branch.db, branch.actor(Role.DRIVER), date(2026, 3, 1))
    with pytest.raises(Forbidden):
        payments.outstanding(branch.db, branch.actor(Role.CLERK), c)
    # Head office (no branch) sees every branch.
    rows = payments.receivables(branch.db, branch.actor(Role.FINANCE), date(2026, 3, 1))
    assert [r.total for r in rows] == [D("10.00")]


# --------------------------------------------------------------------------------------------
# Month-end snapshot
# --------------------------------------------------------------------------------------------


def test_snapshot_once_per_month(branch: Branch, clock: FixedClock) -> None:
    a = make_customer(branch, "甲医药有限公司")
    b = make_customer(branch, "乙药业有限公司")
    zero = make_customer(branch, "丁医药")
    make_slip(branch, a, "1000.00", date(2026, 2, 10), due=date(2026, 3, 12))
    make_slip(branch, a, "500.00", date(2026, 3, 2))  # after the closing date of February
    pay_on(branch, clock, date(2026, 2, 27), b, "200.00", received_on=date(2026, 2, 27))
    make_slip(branch, zero, "50.00", date(2026, 2, 3))
    pay_on(branch, clock, date(2026, 2, 3), zero, "50.00", received_on=date(2026, 2, 3))
    pay_on(branch, clock, date(2026, 3, 1), a, "300.00", received_on=date(2026, 3, 1))  # too late
    accountant = branch.actor(Role.ACCOUNTANT)

    preview = payments.month_end_receivables(branch.db, accountant, "2026-02")
    assert not preview.taken and preview.closing_date == date(2026, 2, 28)
    assert [(r.customer_name, r.amount) for r in preview.rows] == [
        ("乙药业有限公司", D("-200.00")),
        ("甲医药有限公司", D("1000.00")),
    ]

    with pytest.raises(Conflict) as info:
        snapshot(branch, clock, date(2026, 3, 31), accountant, "2026-03")
    assert info.value.code == "receivable.month_not_ended"
    with pytest.raises(Forbidden):
        snapshot(branch, clock, date(2026, 3, 5), branch.actor(Role.CASHIER), "2026-02")
    with pytest.raises(ValidationFailed):
        snapshot(branch, clock, date(2026, 3, 5), accountant, "2026-13")

    taken = snapshot(branch, clock, date(2026, 3, 1), accountant, "2026年2月")
    assert taken.taken and taken.taken_by == "accountant用户" and taken.month == date(2026, 2, 1)
    assert [(r.customer_name, r.amount) for r in taken.rows] == [
        ("乙药业有限公司", D("-200.00")),
        ("甲医药有限公司", D("1000.00")),
    ]
    assert taken.total == D("800.00") and taken.total_receivable == D("1000.00")
    with pytest.raises(Conflict) as info:
        snapshot(branch, clock, date(2026, 3, 5), accountant, date(2026, 2, 14))
    assert info.value.code == "receivable.snapshot_exists"

    # Kept as taken: a payment dated in February but entered later does not change it.
    pay_on(branch, clock, date(2026, 3, 5), a, "100.00", received_on=date(2026, 2, 28))
    stored = payments.month_end_receivables(branch.db, branch.actor(Role.BRANCH_GM), "2026-02")
    assert stored.taken and [r.amount for r in stored.rows] == [D("-200.00"), D("1000.00")]
    with branch.db.read() as s:
        assert len(s.execute(select(ReceivableSnapshot)).scalars().all()) == 2
        ops = (
            s.execute(select(OutboxOp.entity).where(OutboxOp.entity == "receivable_snapshots"))
            .scalars()
            .all()
        )
        assert len(ops) == 2
        audit = s.execute(
            select(AuditRecord).where(AuditRecord.action == "receivable_snapshot_taken")
        ).scalar_one()
        assert audit.after is not None and audit.after["total"] == "800.00"


def test_an_empty_month_is_also_taken_only_once(branch: Branch, clock: FixedClock) -> None:
    accountant = branch.actor(Role.ACCOUNTANT)
    first = snapshot(branch, clock, date(2026, 2, 1), accountant, "2026-01")
    assert first.taken and first.rows == ()
    assert payments.month_end_receivables(branch.db, accountant, "2026-01").taken
    with pytest.raises(Conflict):
        snapshot(branch, clock, date(2026, 2, 2), accountant, "2026-01")


# --------------------------------------------------------------------------------------------
# Bad debts
# --------------------------------------------------------------------------------------------


def _terminate(branch: Branch, clock: FixedClock, cid: uuid.UUID, on: date) -> None:
    clock.set(on)
    try:
        selection.terminate(branch.db, branch.actor(Role.MARKETING_HEAD), cid, "停止合作")
    finally:
        clock.set(TODAY)


def test_bad_debt_after_n_days_since_the_customer_stopped(
    branch: Branch, clock: FixedClock
) -> None:
    gone = make_customer(branch, "已终止医药公司")
    make_slip(branch, gone, "800.00", date(2025, 1, 10), due=date(2025, 2, 9))
    _terminate(branch, clock, gone, date(2025, 3, 1))
    paid_up = make_customer(branch, "已结清医药公司")
    make_slip(branch, paid_up, "100.00", date(2025, 1, 10))
    pay_on(branch, clock, date(2025, 2, 1), paid_up, "100.00", received_on=date(2025, 2, 1))
    _terminate(branch, clock, paid_up, date(2025, 3, 1))
    active = make_customer(branch, "正常合作客户")
    make_slip(branch, active, "900.00", date(2024, 1, 10))
    actor = branch.actor(Role.ACCOUNTANT)

    assert payments.bad_debts(branch.db, actor, date(2026, 3, 1)) == []  # 365 days: not yet
    rows = payments.bad_debts(branch.db, actor, date(2026, 3, 2))
    assert [
        (r.customer_name, r.stopped_on, r.days_since_stopped, r.balance, r.oldest_due) for r in rows
    ] == [("已终止医药公司", date(2025, 3, 1), 366, D("800.00"), date(2025, 2, 9))]
    # The setting decides N.
    with branch.db.write() as s:
        put_setting(s, "receivable.bad_debt_days", 180)
    assert [r.customer_name for r in payments.bad_debts(branch.db, actor, date(2025, 8, 29))] == [
        "已终止医药公司"
    ]
    assert payments.bad_debts(branch.db, actor, date(2025, 8, 28)) == []
    # Paying the debt takes the customer off the list.
    pay_on(branch, clock, date(2026, 3, 2), gone, "800.00", received_on=date(2026, 3, 2))
    assert payments.bad_debts(branch.db, actor, date(2026, 3, 2)) == []
