"""Pure credit rules (domain.credit): authority by grade, caps, limit checks, quota, warnings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehu_desktop.domain import credit
from kehu_desktop.domain.credit import Benchmarks
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.roles import Role

amounts = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2)


@st.composite
def ordered_benchmarks(draw: st.DrawFn) -> Benchmarks:
    low, general, high = sorted(draw(st.lists(amounts, min_size=3, max_size=3)))
    return Benchmarks(high=high, general=general, low=low)


def test_each_grade_has_its_approver() -> None:
    assert [credit.approver_role(g) for g in credit.GRADES] == [
        Role.REGIONAL_MANAGER,
        Role.MARKETING_DIRECTOR,
        Role.BRANCH_GM,
        Role.SALES_MANAGER,
        None,
    ]
    for bad in (0, 6, -1):
        with pytest.raises(ValueError):
            credit.approver_role(bad)


@given(ordered_benchmarks())
def test_caps_follow_the_benchmarks_and_fall_with_the_grade(b: Benchmarks) -> None:
    assert credit.cap_for_grade(1, b) is None
    caps = [credit.cap_for_grade(g, b) for g in (2, 3, 4, 5)]
    assert caps == [b.high, b.general, b.low, Decimal("0.00")]
    assert caps == sorted(caps, reverse=True)  # type: ignore[type-var]


@given(st.sampled_from([2, 3, 4]), amounts, ordered_benchmarks())
def test_amount_accepted_exactly_up_to_the_cap(grade: int, amount: Decimal, b: Benchmarks) -> None:
    cap = credit.cap_for_grade(grade, b)
    assert cap is not None
    errors = credit.check_limit(grade, amount, False, b)
    assert (errors == []) == (amount <= cap)
    if errors:
        assert errors[0].code == "limit.over_cap"
        message = errors[0].message
        assert credit.money_text(amount) in message and credit.money_text(cap) in message


@given(amounts, ordered_benchmarks())
def test_grade_one_has_no_cap_and_may_be_unlimited(amount: Decimal, b: Benchmarks) -> None:
    assert credit.check_limit(1, amount, False, b) == []
    assert credit.check_limit(1, None, True, b) == []
    assert [e.code for e in credit.check_limit(1, amount, True, b)] == ["limit.unlimited_amount"]


@given(st.sampled_from([2, 3, 4]), ordered_benchmarks())
def test_unlimited_only_for_grade_one(grade: int, b: Benchmarks) -> None:
    assert [e.code for e in credit.check_limit(grade, None, True, b)] == ["limit.unlimited_grade"]


@given(st.one_of(amounts, st.none()), st.booleans(), ordered_benchmarks())
def test_no_grade_and_grade_five_never_get_a_limit(
    amount: Decimal | None, unlimited: bool, b: Benchmarks
) -> None:
    assert [e.code for e in credit.check_limit(None, amount, unlimited, b)] == ["limit.no_grade"]
    assert [e.code for e in credit.check_limit(5, amount, unlimited, b)] == ["limit.grade5"]


def test_limit_needs_an_amount_and_zero_is_a_limit() -> None:
    b = Benchmarks(Decimal(500000), Decimal(200000), Decimal(50000))
    assert [e.code for e in credit.check_limit(3, None, False, b)] == ["limit.amount_required"]
    assert credit.check_limit(4, Decimal("0.00"), False, b) == []
    assert [e.code for e in credit.check_limit(4, Decimal("-1"), False, b)] == ["amount.negative"]


def test_only_grade_four_may_be_self_approved() -> None:
    assert [g for g in (1, 2, 3, 4) if credit.self_approval_allowed(g)] == [4]


def test_grade_allows_credit() -> None:
    assert [g for g in (None, 1, 2, 3, 4, 5) if credit.grade_allows_credit(g)] == [1, 2, 3, 4]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_quarter_and_month(day: date) -> None:
    key = credit.quarter_key(day)
    assert key == f"{day.year}Q{(day.month + 2) // 3}"
    assert credit.month_start(day) == date(day.year, day.month, 1)


def test_region_quota_setting_forms() -> None:
    nov = date(2026, 11, 1)
    assert credit.region_quota_for(None, nov) is None
    assert credit.region_quota_for("3000000", nov) == Decimal("3000000")
    per_quarter = {"2026Q4": "1000000.00", "default": "2000000"}
    assert credit.region_quota_for(per_quarter, nov) == Decimal("1000000.00")
    assert credit.region_quota_for(per_quarter, date(2027, 1, 1)) == Decimal("2000000")
    assert credit.region_quota_for({"2026Q3": "1"}, nov) is None
    with pytest.raises(TypeError):
        credit.region_quota_for(1000.0, nov)


@given(amounts, amounts, st.one_of(amounts, st.none()))
def test_quota(quota: Decimal, others: Decimal, amount: Decimal | None) -> None:
    exceeded = credit.quota_exceeded(quota, others, amount)
    assert exceeded == (amount is not None and others + amount > quota)
    assert credit.quota_exceeded(None, others, amount) is False


@given(amounts, amounts)
def test_near_limit(exposure: Decimal, limit: Decimal) -> None:
    ratio = Decimal("0.80")
    near = credit.near_limit(exposure, limit, ratio)
    if limit > 0:
        assert near == (exposure >= limit * ratio)
    else:
        assert near == (exposure > 0)


def test_money_text_and_messages() -> None:
    assert credit.money_text(Decimal("1234567.5")) == "1,234,567.50"
    assert credit.money_text(Decimal("0")) == "0.00"
    assert "50,000.00" in render("limit.over_cap", amount="60,000.00", cap="50,000.00", grade=4)
