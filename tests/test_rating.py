"""The credit rating's rule table (issue 9, step 3): every evaluation gets a grade, each row of
domain.md's table gives its grade, first match wins, an edited table grades by its own rules,
a table that cannot grade everything is refused, and the cases where a better level gives a
worse grade are found."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehu_desktop.domain.credit import Benchmarks
from kehu_desktop.domain.credit import cap_for_grade
from kehu_desktop.domain.credit import limit_in_force
from kehu_desktop.domain.rating import DEFAULT_RULES
from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import LEVELS
from kehu_desktop.domain.rating import OTHER_INDICATORS
from kehu_desktop.domain.rating import DueSlip
from kehu_desktop.domain.rating import Rule
from kehu_desktop.domain.rating import RuleTableError
from kehu_desktop.domain.rating import check_rules
from kehu_desktop.domain.rating import inversions
from kehu_desktop.domain.rating import payment_record
from kehu_desktop.domain.rating import rate
from kehu_desktop.domain.rating import suggested_reputation


def levels(key: str, other: str) -> dict[str, str]:
    """An evaluation from the key indicators' levels ("AABC") and the others' ("AAAAAB")."""
    assert len(key) == len(KEY_INDICATORS) and len(other) == len(OTHER_INDICATORS)
    return dict(zip(KEY_INDICATORS, key, strict=True)) | dict(
        zip(OTHER_INDICATORS, other, strict=True)
    )


@pytest.mark.parametrize(
    ("key", "other", "grade", "rule"),
    [
        # One evaluation for each row of domain.md's table, in its order.
        ("AAAA", "AAABBB", 1, 1),  # all A | only A and B
        ("AAAA", "AAAAAC", 2, 2),  # all A | some C
        ("AAAA", "CCCCCC", 2, 2),  # all A | all C
        ("AABB", "AAAAAA", 2, 3),  # A and B only | all A
        ("BBBB", "AABBBB", 3, 4),  # all B | only A and B
        ("BBBB", "AAAAAA", 3, 4),  # all B | (all A: only A and B)
        ("AABB", "ABBBBC", 3, 5),  # A and B only | some B and some C
        ("AABB", "AAAABB", 3, 5),  # A and B only | (not all A)
        ("AABC", "AAAAAB", 3, 6),  # A, B and C | only A and B
        ("BBBB", "AAAAAC", 4, 7),  # all B | some C
        ("AABC", "AAAAAC", 4, 8),  # A, B and C | some C
        ("BBCC", "AAAAAA", 4, 9),  # B and C only | only A and B
        ("CCCC", "AAAAAA", 5, 10),  # all C | anything
        ("BBCC", "AAAAAC", 5, 11),  # B and C with a C elsewhere: anything else
        ("AAAC", "AAAAAA", 5, 11),  # anything else
    ],
)
def test_each_row_of_the_default_table(key: str, other: str, grade: int, rule: int) -> None:
    rating = rate(levels(key, other))
    assert (rating.grade, rating.rule) == (grade, rule)


def test_the_grade_is_explained_in_one_sentence() -> None:
    assert rate(levels("AAAA", "AAAAAC")).explanation == "2级：关键指标全A，其他指标有C"
    assert rate(levels("CCCC", "AAAAAA")).explanation == "5级：关键指标全C"
    assert rate(levels("AAAC", "AAAAAA")).explanation == "5级：不符合以上各条"


def test_every_evaluation_gets_a_grade_from_the_first_rule_that_holds() -> None:
    codes = [*KEY_INDICATORS, *OTHER_INDICATORS]
    for combination in itertools.product(LEVELS, repeat=len(codes)):
        scored = dict(zip(codes, combination, strict=True))
        rating = rate(scored)
        key = frozenset(combination[: len(KEY_INDICATORS)])
        other = frozenset(combination[len(KEY_INDICATORS) :])
        fired = DEFAULT_RULES[rating.rule - 1]
        assert fired.grade == rating.grade and fired.holds(key, other)
        assert not any(r.holds(key, other) for r in DEFAULT_RULES[: rating.rule - 1])


@given(
    st.lists(st.sampled_from(LEVELS), min_size=10, max_size=10),
    st.permutations(range(4)),
    st.permutations(range(6)),
)
def test_the_grade_depends_on_the_levels_not_on_which_indicator(
    scored: list[str], key_order: list[int], other_order: list[int]
) -> None:
    key, other = scored[:4], scored[4:]
    moved = "".join(key[i] for i in key_order), "".join(other[i] for i in other_order)
    assert rate(levels("".join(key), "".join(other))).grade == rate(levels(*moved)).grade


def test_a_missing_or_unknown_level_names_its_indicator() -> None:
    scored = levels("AAAA", "AAAAAA")
    del scored["payment_reputation"]
    with pytest.raises(ValueError, match="payment_reputation"):
        rate(scored)
    with pytest.raises(ValueError, match="goods_flow"):
        rate(levels("AAAA", "AAAAAA") | {"goods_flow": "D"})


def test_an_edited_table_grades_by_its_own_rules() -> None:
    # Head office moves a rule: keys of A and B only with others all A become grade 3.
    moved = Rule(2, "mix_ab", "all_a")
    edited = [Rule(3, "mix_ab", "all_a") if r == moved else r for r in DEFAULT_RULES]
    assert edited != list(DEFAULT_RULES)
    assert rate(levels("AABB", "AAAAAA"), edited).grade == 3
    assert rate(levels("AAAA", "AAAAAA"), edited).grade == 1  # the rules before it still fire


@pytest.mark.parametrize(
    ("rules", "says"),
    [
        ([], "rating.no_rules"),
        ([Rule(1, "all_a", "all_a")], "rating.no_catch_all"),
        ([Rule(6, "any", "any")], "rating.bad_grade"),
        ([Rule(1, "mostly_a", "all_a"), Rule(5, "any", "any")], "rating.bad_condition"),
    ],
)
def test_a_table_that_cannot_grade_everything_is_refused(rules: list[Rule], says: str) -> None:
    with pytest.raises(RuleTableError) as refused:
        check_rules(rules)
    assert refused.value.code == says


def test_inversions_are_found_in_the_default_table_and_not_in_a_monotone_one() -> None:
    found = inversions()
    # Key indicators A, A, B, C get grade 3; raising the B to A gives A, A, A, C: grade 5.
    assert any(
        (i.key, i.other, i.grade, i.key_after, i.grade_after) == ("AABC", "AAAAAA", 3, "AAAC", 5)
        for i in found
    )
    assert all(i.grade_after > i.grade for i in found)
    assert inversions([Rule(1, "all_a", "all_a"), Rule(5, "any", "any")]) == []


# --------------------------------------------------------------------------------------------
# The payment record beside payment reputation
# --------------------------------------------------------------------------------------------


def test_the_payment_record_counts_what_fell_due_and_how_late_it_was_paid() -> None:
    on = date(2026, 11, 26)
    slips = [
        DueSlip(date(2026, 9, 30), date(2026, 9, 30)),  # paid on its due date: on time
        DueSlip(date(2026, 10, 10), date(2026, 10, 13)),  # 3 days late
        DueSlip(date(2026, 10, 20), None),  # still owed: 37 days so far
        DueSlip(date(2026, 11, 26), None),  # due today, the day not over: not judged
        DueSlip(date(2026, 12, 5), None),  # not due
        DueSlip(date(2026, 11, 1), date(2026, 11, 30)),  # paid after ``on``: owed on ``on``
    ]
    record = payment_record(slips, on)
    assert (record.due, record.on_time, record.overdue_now) == (4, 1, 2)
    assert record.share_on_time == Decimal("0.2500")
    assert record.worst_days_late == 37
    assert record.average_days_late == Decimal("21.7")  # (3 + 37 + 25) / 3
    assert payment_record([], on).share_on_time is None


def test_the_record_suggests_a_level_and_none_without_history() -> None:
    a, b = Decimal("0.90"), Decimal("0.70")
    on = date(2026, 11, 26)
    paid = [DueSlip(date(2026, 10, d), date(2026, 10, d)) for d in range(1, 11)]
    assert suggested_reputation(payment_record(paid, on), a, b) == "A"
    one_owed = paid[:9] + [DueSlip(date(2026, 10, 10), None)]  # 90 % on time, one overdue
    assert suggested_reputation(payment_record(one_owed, on), a, b) == "B"
    late = paid[:6] + [DueSlip(date(2026, 10, d), date(2026, 11, 1)) for d in (7, 8, 9, 10)]
    assert suggested_reputation(payment_record(late, on), a, b) == "C"  # 60 %
    assert suggested_reputation(payment_record([], on), a, b) is None


@given(
    limit_grade=st.integers(1, 4),
    grade=st.one_of(st.none(), st.integers(1, 5)),
    unlimited=st.booleans(),
    amount=st.decimals(0, 10**7, places=2),
)
def test_a_limit_never_counts_above_the_cap_of_a_worse_grade(
    limit_grade: int, grade: int | None, unlimited: bool, amount: Decimal
) -> None:
    marks = Benchmarks(Decimal("500000.00"), Decimal("200000.00"), Decimal("50000.00"))
    unlimited = unlimited and limit_grade == 1
    mode, limit = limit_in_force(
        limit_grade, unlimited, None if unlimited else amount, grade, marks
    )
    if grade is not None and limit_grade < grade:
        cap = cap_for_grade(grade, marks)
        assert mode == "limit" and limit is not None and cap is not None and limit <= cap
        if not unlimited:
            assert limit == min(amount, cap)
    elif unlimited:
        assert (mode, limit) == ("unlimited", None)
    else:
        assert (mode, limit) == ("limit", amount)
