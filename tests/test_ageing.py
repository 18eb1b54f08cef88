"""Pure rules of domain.ageing: buckets, oldest-first allocation, remittance levels."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehu_desktop.domain.ageing import BUCKETS
from kehu_desktop.domain.ageing import AgeingBuckets
from kehu_desktop.domain.ageing import OpenItem
from kehu_desktop.domain.ageing import RemittanceLevel
from kehu_desktop.domain.ageing import age
from kehu_desktop.domain.ageing import allocate_oldest_first
from kehu_desktop.domain.ageing import bucket_of
from kehu_desktop.domain.ageing import days_past_due
from kehu_desktop.domain.ageing import due_date
from kehu_desktop.domain.ageing import level_for
from kehu_desktop.domain.ageing import oldest_first
from kehu_desktop.domain.ageing import parse_levels

ON = date(2026, 6, 30)
cents = st.integers(min_value=0, max_value=10**11).map(lambda c: Decimal(c) / 100)
positive_cents = st.integers(min_value=1, max_value=10**11).map(lambda c: Decimal(c) / 100)
days = st.integers(min_value=-400, max_value=2000)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-30, "current"),
        (0, "current"),
        (1, "d1_30"),
        (30, "d1_30"),
        (31, "d31_60"),
        (60, "d31_60"),
        (61, "d61_90"),
        (90, "d61_90"),
        (91, "over_90"),
        (5000, "over_90"),
    ],
)
def test_bucket_boundaries(days: int, bucket: str) -> None:
    assert bucket_of(days) == bucket


def test_ageing_on_chosen_dates() -> None:
    items = [
        (date(2026, 7, 15), Decimal("100.00")),  # not yet due
        (date(2026, 6, 30), Decimal("1.00")),  # due today: current
        (date(2026, 6, 29), Decimal("2.00")),  # 1 day
        (date(2026, 5, 31), Decimal("30.00")),  # 30 days
        (date(2026, 5, 30), Decimal("31.00")),  # 31 days
        (date(2026, 4, 1), Decimal("90.00")),  # 90 days
        (date(2026, 3, 31), Decimal("91.00")),  # 91 days
    ]
    got = age(items, ON)
    assert got == AgeingBuckets(
        Decimal("101.00"), Decimal("32.00"), Decimal("31.00"), Decimal("90.00"), Decimal("91.00")
    )
    assert got.total == Decimal("345.00") and got.past_due == Decimal("244.00")
    # 31 days later: the July 15th slip is 16 days late, June 30th 31 days, and so on.
    later = age(items, ON + timedelta(days=31))
    assert later == AgeingBuckets(
        Decimal("0.00"), Decimal("100.00"), Decimal("3.00"), Decimal("61.00"), Decimal("181.00")
    )


def test_due_date_of_cash_and_credit_slips() -> None:
    issued, due = date(2026, 3, 1), date(2026, 4, 1)
    assert due_date("credit_sale", issued, due) == due
    assert due_date("credit_sale", issued, None) == issued
    assert due_date("delivery", issued, due) == issued  # cash on delivery: due on the day
    assert days_past_due(issued, date(2026, 3, 2)) == 1


@given(
    st.lists(st.tuples(days, cents), max_size=40),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)),
)
def test_bucket_sums_equal_the_total(items: list[tuple[int, Decimal]], on: date) -> None:
    dated = [(on - timedelta(days=d), amount) for d, amount in items]
    buckets = age(dated, on)
    assert buckets.total == sum((a for _d, a in dated), Decimal("0.00"))
    assert sum((buckets.get(b) for b in BUCKETS), Decimal("0")) == buckets.total
    assert all(buckets.get(b) >= 0 for b in BUCKETS)


@given(st.lists(st.tuples(days, cents), max_size=20), st.lists(st.tuples(days, cents), max_size=20))
def test_buckets_add(a: list[tuple[int, Decimal]], b: list[tuple[int, Decimal]]) -> None:
    def dated(items: list[tuple[int, Decimal]]) -> list[tuple[date, Decimal]]:
        return [(ON - timedelta(days=d), amount) for d, amount in items]

    assert age(dated(a), ON) + age(dated(b), ON) == age(dated(a) + dated(b), ON)


open_items = st.lists(
    st.tuples(
        st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
        st.integers(0, 999),
        cents,
    ),
    max_size=15,
    unique_by=lambda t: t[1],
).map(
    lambda rows: [
        OpenItem(i, d, f"SH-CS-2026-{n:06d}", amount) for i, (d, n, amount) in enumerate(rows)
    ]
)


@given(cents, open_items)
def test_allocation_properties(amount: Decimal, items: list[OpenItem[int]]) -> None:
    result = allocate_oldest_first(amount, items)
    by_key = {i.key: i for i in items}
    total_open = sum((i.outstanding for i in items), Decimal("0"))
    allocated = sum((a for _k, a in result), Decimal("0"))
    # Never more than the money, never more than a slip owes, all of it when it is owed.
    assert allocated == min(amount, total_open)
    assert all(0 < a <= by_key[k].outstanding for k, a in result)
    assert len({k for k, _a in result}) == len(result)
    # Oldest first: the touched items are a prefix of the open items in date/number order,
    # and every one but the last is paid in full.
    order = [i.key for i in oldest_first(items) if i.outstanding > 0]
    assert [k for k, _a in result] == order[: len(result)]
    assert all(a == by_key[k].outstanding for k, a in result[:-1])


def test_allocation_examples() -> None:
    items = [
        OpenItem("b", date(2026, 1, 5), "SH-CS-2026-000002", Decimal("1000.00")),
        OpenItem("a", date(2026, 1, 3), "SH-CS-2026-000009", Decimal("500.00")),
        OpenItem("c", date(2026, 1, 5), "SH-CS-2026-000001", Decimal("0.00")),
        OpenItem("d", date(2026, 1, 10), "SH-CS-2026-000003", Decimal("800.00")),
    ]
    assert allocate_oldest_first(Decimal("1200.00"), items) == [
        ("a", Decimal("500.00")),
        ("b", Decimal("700.00")),
    ]
    assert allocate_oldest_first(Decimal("0"), items) == []
    assert allocate_oldest_first(Decimal("9999"), items)[-1] == ("d", Decimal("800.00"))
    with pytest.raises(ValueError):
        allocate_oldest_first(Decimal("-1"), items)


def test_levels_setting_and_strictest_level() -> None:
    levels = parse_levels(
        [{"threshold": "200000.00", "hours": 4}, [50000, "24"], {"threshold": 50000.0, "hours": 12}]
    )
    assert levels == (
        RemittanceLevel(Decimal("50000.00"), 12),
        RemittanceLevel(Decimal("50000.00"), 24),
        RemittanceLevel(Decimal("200000.00"), 4),
    )
    assert level_for(Decimal("49999.99"), levels) is None
    assert level_for(Decimal("50000.00"), levels) == RemittanceLevel(Decimal("50000.00"), 12)
    assert level_for(Decimal("199999.99"), levels).hours == 12  # type: ignore[union-attr]
    assert level_for(Decimal("200000.00"), levels) == RemittanceLevel(Decimal("200000.00"), 4)
    # A lower threshold with fewer hours is stricter for every amount above it.
    odd = parse_levels([[100000, 48], [10000, 2]])
    assert level_for(Decimal("500000"), odd) == RemittanceLevel(Decimal("10000.00"), 2)


@pytest.mark.parametrize(
    "bad",
    [
        "50000",
        [[50000]],
        [{"threshold": "0", "hours": 4}],
        [{"threshold": "1.001", "hours": 4}],
        [{"threshold": "abc", "hours": 4}],
        [[50000, 0]],
        [[50000, 2.5]],
        [[True, 4]],
    ],
)
def test_bad_levels_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_levels(bad)


@given(positive_cents, st.lists(st.tuples(positive_cents, st.integers(1, 200)), max_size=6))
def test_level_for_is_the_minimum_hours_of_those_that_apply(
    amount: Decimal, raw: list[tuple[Decimal, int]]
) -> None:
    levels = parse_levels([[str(t), h] for t, h in raw])
    chosen = level_for(amount, levels)
    applying = [h for t, h in raw if amount >= t]
    if not applying:
        assert chosen is None
    else:
        assert chosen is not None and chosen.hours == min(applying)
        assert amount >= chosen.threshold


def test_every_message_code_of_payments_and_receivables_is_in_the_catalogue() -> None:
    """Codes raised by the step-7 services exist in both languages (they reach the CLI too)."""
    import re
    from pathlib import Path

    from kehu_desktop.domain.messages import CATALOGUE

    root = Path(__file__).resolve().parents[1] / "kehu_desktop" / "services" / "payments"
    used: set[str] = set()
    for path in root.glob("*.py"):
        used |= set(
            re.findall(
                r'"((?:payment|remittance|receivable)\.[a-z_]+)"', path.read_text(encoding="utf-8")
            )
        )
    used -= {
        "payment.view",
        "payment.record",
        "remittance.record",
        "receivable.snapshot",
        "receivable.bad_debt_days",
        "remittance.levels",
        "remittance.threshold",
        "remittance.hours",
    }  # permissions and settings, not messages
    assert used, "no codes found"
    missing = sorted(c for c in used if c not in CATALOGUE)
    assert missing == []
    for code in used:
        zh, en = CATALOGUE[code]
        assert zh and en and zh != en
