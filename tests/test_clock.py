"""The business date is the database's, not the caller's (issue 6 §5).

Every decision that depends on the day (which month's limit counts, whether a slip is past due,
whether a date is in the future) reads ``Database.clock``; no public service call takes a
"today" or "now", and reports that look back ("as of") refuse a day after today. Tests move the
clock (the ``clock`` fixture) instead of passing dates. SQLite and PostgreSQL.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

import kehu_desktop.services as services_pkg
from kehu_desktop.clock import FixedClock
from kehu_desktop.clock import SystemClock
from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import CreditLimit
from kehu_desktop.services import credit
from kehu_desktop.services import payments
from kehu_desktop.services.dispatch import preview_release
from kehu_desktop.services.dispatch import release_dispatch
from tests.factories import MONTH
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import make_shop
from tests.factories import ready_note

DEC = date(2026, 12, 1)


def test_fixed_clock_stays_on_its_day_and_keeps_writes_in_order() -> None:
    clock = FixedClock(date(2026, 11, 26))
    first, second = clock.now(), clock.now()
    assert first.tzinfo is not None and second > first  # one microsecond later, like a real clock
    assert first.astimezone().date() == clock.today() == date(2026, 11, 26)
    clock.advance(days=31)
    assert clock.today() == date(2026, 12, 27)
    moment = datetime(2027, 1, 2, 3, 4, tzinfo=UTC)
    clock.set(moment)
    assert clock.now() == moment  # the first reading after set() is the instant set
    assert clock.today() == moment.astimezone().date()


def test_sessions_carry_their_databases_clock(db: Database, clock: FixedClock) -> None:
    assert db.clock is clock
    with db.read() as s:
        assert clock_of(s) is clock
    with db.write() as s:
        assert clock_of(s) is clock
    other = Database(db.url)
    try:
        assert isinstance(other.clock, SystemClock)  # the product's default
        with other.read() as s:
            assert isinstance(clock_of(s), SystemClock)
    finally:
        other.dispose()


def _public_functions() -> list[tuple[str, inspect.Signature]]:
    """Every public function of services/ that works on the database: its first parameter is
    the Database or a Session. (Pure input checks such as ``clean_contract`` take the day they
    check against, like domain.identifiers; they decide nothing.)"""
    out = []
    for info in pkgutil.walk_packages(services_pkg.__path__, "kehu_desktop.services."):
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            sig = inspect.signature(fn)
            first = next(iter(sig.parameters.values()), None)
            if first is not None and str(first.annotation) in ("Database", "Session"):
                out.append((f"{module.__name__}.{name}", sig))
    return out


def test_no_public_service_call_takes_the_business_date() -> None:
    """``today``/``now`` come from the database's clock, never from the caller."""
    functions = _public_functions()
    assert len(functions) > 100  # the scan sees the services
    offenders = [
        f"{name}({p})"
        for name, sig in functions
        for p in sig.parameters
        if p in ("today", "now", "clock")
    ]
    assert offenders == []


def _limit_for_december_only(branch: Branch, cid: uuid.UUID) -> None:
    """Move this month's approved limit to December: November then has none."""
    with branch.db.write() as s:
        row = s.execute(
            select(CreditLimit).where(
                CreditLimit.customer_id == cid, CreditLimit.status == "approved"
            )
        ).scalar_one()
        assert row.month == MONTH
        row.month = DEC


def test_release_uses_this_months_limit_by_the_database_clock(
    branch: Branch, clock: FixedClock
) -> None:
    """The issue's case: a caller could pass ``today=date(2027, 1, 1)`` and release against a
    later month's limit. Now the release has no such parameter and reads the clock."""
    shop = make_shop(branch, limit="10000.00")
    _limit_for_december_only(branch, shop.customer_id)
    note = ready_note(shop, amount="500.00")
    cashier = branch.actor(Role.CASHIER)
    with pytest.raises(TypeError):
        release_dispatch(branch.db, cashier, note, today=DEC)  # type: ignore[call-arg]

    preview = preview_release(branch.db, cashier, note)
    refused = release_dispatch(branch.db, cashier, note)
    assert not refused.released and refused.decision.codes == ("release.no_limit",)
    assert preview.codes == refused.decision.codes  # the preview reads the same clock
    assert "2026-11" in refused.decision.failures[0].message
    position = credit.credit_position(branch.db, cashier, shop.customer_id)
    assert position.on == TODAY and position.limit_mode == "none"

    clock.set(DEC)  # December comes: its limit counts
    assert credit.credit_position(branch.db, cashier, shop.customer_id).limit == Decimal("10000.00")
    assert preview_release(branch.db, cashier, note).allowed
    assert release_dispatch(branch.db, cashier, note).released


def test_reports_refuse_a_day_after_today(branch: Branch, clock: FixedClock) -> None:
    shop = make_shop(branch)
    accountant = branch.actor(Role.ACCOUNTANT)
    tomorrow = TODAY + timedelta(days=1)
    calls = [
        lambda: payments.receivables(branch.db, accountant, tomorrow),
        lambda: payments.bad_debts(branch.db, accountant, tomorrow),
        lambda: payments.outstanding(branch.db, accountant, shop.customer_id, on=tomorrow),
        lambda: payments.month_end_receivables(branch.db, accountant, DEC),
    ]
    for call in calls:
        with pytest.raises(ValidationFailed) as info:
            call()
        assert info.value.errors[0].code == "date.future"
        assert "不能晚于今天" in info.value.message
    # Today, and the past, are fine; so is the same call once the clock has moved on.
    assert payments.receivables(branch.db, accountant, TODAY) == []
    assert payments.bad_debts(branch.db, accountant, TODAY - timedelta(days=30)) == []
    clock.set(tomorrow)
    assert payments.receivables(branch.db, accountant, tomorrow) == []
