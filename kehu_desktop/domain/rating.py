"""Credit rating (step 3, 资信等级评估): the indicators, the ordered rule table and the grade it
gives. Pure: no I/O; the table is data (head office edits it, each version kept), passed in.

The sales manager scores each indicator A, B or C. Four are key indicators (关键指标); the others
are the rest of the credit data (domain.md, "Credit data"). The grade is the first rule of the
table whose two conditions hold, one on the key indicators' levels and one on the others'; the
last rule of a table must hold for anything, so every evaluation gets a grade.

**Reading of the default table** (domain.md, reconstructed from the rule book, first match
wins). Its words become these conditions on the set of levels present:

==========================================  ==============================================
domain.md                                   condition
==========================================  ==============================================
all A / all B / all C                       ``all_a`` / ``all_b`` / ``all_c``
A and B only; B and C only (key)            ``mix_ab`` / ``mix_bc``: both levels, no other
A, B and C all present (key)                ``all_three``
only A and B (other)                        ``only_ab``: no C
some C (or all C) (other)                   ``some_c``: at least one C
some B and some C (other, grade 3)          ``not_all_a``: at least one B or C
anything                                    ``any``
==========================================  ==============================================

Two readings are not word for word, because the words would make the table's own rows never
fire for the cases they name. "A and B only" and "B and C only" on the key indicators are the
mixes: read as "no C" (or "no A") under first-match, all B keys would take grade 2's row
(A and B only | all A) before grade 3's "all B" row, and all C keys grade 4's row before
"all C → 5". "Some B and some C" on the others, after "A and B only | all A → 2" on the same
keys, is its complement (not all A): read as "a B and a C", keys of A and B with others of A
and B only would fall to 5, below the same keys with others of B and C (grade 3).

What stays, as domain.md has it: key indicators of A and C only (no B) match no row but the
last and get 5 (A, A, A, C: grade 5; A, A, B, C: grade 3). :func:`inversions` lists every case
where a better level gives a worse grade, for any table, so head office sees them when it edits
the table (docs/decisions.md, "Issue 9 — the rule table").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

LEVELS = ("A", "B", "C")

#: The key indicators (关键指标), in the form's order: code → label.
KEY_INDICATORS: dict[str, str] = {
    "annual_sales_scale": "年销售规模",
    "monthly_sales_amount": "月销售额",
    "payment_method": "付款方式",
    "payment_reputation": "付款信誉",
}
#: The other indicators: the rest of the credit data (资信资料).
OTHER_INDICATORS: dict[str, str] = {
    "business_nature": "经营性质",
    "licences": "证照情况",
    "registration": "户口情况",
    "years_in_business": "经营年数",
    "goods_flow": "货物流向",
    "total_product_sales": "汇总产品销售额",
}

_CONDITIONS: dict[str, tuple[str, Callable[[frozenset[str]], bool]]] = {
    # name: (how the explanation says it, the test on the set of levels present)
    "all_a": ("全A", lambda s: s == {"A"}),
    "all_b": ("全B", lambda s: s == {"B"}),
    "all_c": ("全C", lambda s: s == {"C"}),
    "mix_ab": ("A、B兼有", lambda s: s == {"A", "B"}),
    "mix_bc": ("B、C兼有", lambda s: s == {"B", "C"}),
    "all_three": ("A、B、C都有", lambda s: s == {"A", "B", "C"}),
    "only_ab": ("只有A和B", lambda s: "C" not in s),
    "some_c": ("有C", lambda s: "C" in s),
    "not_all_a": ("不全是A", lambda s: s != {"A"}),
    "any": ("任意", lambda _s: True),
}
CONDITIONS = tuple(_CONDITIONS)


@dataclass(frozen=True)
class Rule:
    grade: int
    key: str  # a condition on the key indicators' levels
    other: str  # a condition on the other indicators' levels

    def holds(self, key_levels: frozenset[str], other_levels: frozenset[str]) -> bool:
        return _CONDITIONS[self.key][1](key_levels) and _CONDITIONS[self.other][1](other_levels)


#: The default table (domain.md step 3), in order.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(1, "all_a", "only_ab"),
    Rule(2, "all_a", "some_c"),
    Rule(2, "mix_ab", "all_a"),
    Rule(3, "all_b", "only_ab"),
    Rule(3, "mix_ab", "not_all_a"),
    Rule(3, "all_three", "only_ab"),
    Rule(4, "all_b", "some_c"),
    Rule(4, "all_three", "some_c"),
    Rule(4, "mix_bc", "only_ab"),
    Rule(5, "all_c", "any"),
    Rule(5, "any", "any"),
)


class RuleTableError(ValueError):
    """A rule table that cannot grade every evaluation (no rule, an unknown condition or grade,
    or a last rule that does not hold for anything): a message code of ``domain.messages`` and
    its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code} {params}" if params else code)
        self.code, self.params = code, params


def check_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """``rules`` as a table, or :class:`RuleTableError` saying what is wrong with it."""
    table = tuple(rules)
    if not table:
        raise RuleTableError("rating.no_rules")
    for number, rule in enumerate(table, start=1):
        if rule.grade not in (1, 2, 3, 4, 5):
            raise RuleTableError("rating.bad_grade", rule=number, grade=rule.grade)
        for condition in (rule.key, rule.other):
            if condition not in _CONDITIONS:
                raise RuleTableError("rating.bad_condition", rule=number, condition=condition)
    if (table[-1].key, table[-1].other) != ("any", "any"):
        raise RuleTableError("rating.no_catch_all")
    return table


@dataclass(frozen=True)
class Rating:
    grade: int
    rule: int  # the rule that fired, numbered from 1 in its table
    explanation: str  # one sentence: "2级：关键指标全A，其他指标有C"


def rate(levels: Mapping[str, str], rules: Iterable[Rule] = DEFAULT_RULES) -> Rating:
    """The grade of an evaluation scoring every key and other indicator (``levels``: indicator
    code → "A", "B" or "C"); :class:`ValueError` naming the first indicator missing or out of
    range (the form shows it at that field)."""
    for code in (*KEY_INDICATORS, *OTHER_INDICATORS):
        if levels.get(code) not in LEVELS:
            raise ValueError(code)
    key = frozenset(levels[c] for c in KEY_INDICATORS)
    other = frozenset(levels[c] for c in OTHER_INDICATORS)
    table = check_rules(rules)
    for number, rule in enumerate(table, start=1):
        if rule.holds(key, other):
            return Rating(rule.grade, number, explain(rule))
    raise AssertionError("check_rules keeps a last rule that holds for anything")


@dataclass(frozen=True)
class Inversion:
    """Raising one indicator one level (C to B, or B to A) gives a worse grade."""

    key: str  # the key indicators' levels before, sorted ("AAAC")
    other: str  # the other indicators' levels before
    grade: int
    raised: str  # "key" or "other": where one level was raised
    key_after: str
    other_after: str
    grade_after: int


def inversions(rules: Iterable[Rule] = DEFAULT_RULES) -> list[Inversion]:
    """Every case where ``rules`` give a worse grade for a better evaluation, by the levels
    present (each once: a grade depends on which levels occur, not on which indicator)."""
    table = check_rules(rules)
    keys, others = len(KEY_INDICATORS), len(OTHER_INDICATORS)

    def grade(key: tuple[str, ...], other: tuple[str, ...]) -> int:
        pair = frozenset(key), frozenset(other)
        return next(r.grade for r in table if r.holds(*pair))

    found: dict[tuple[str, ...], Inversion] = {}
    for key in _level_multisets(keys):
        for other in _level_multisets(others):
            before = grade(key, other)
            for side, raised in (("key", _raised(key)), ("other", _raised(other))):
                for better in raised:
                    key_after, other_after = (better, other) if side == "key" else (key, better)
                    after = grade(key_after, other_after)
                    if after <= before:
                        continue
                    texts = tuple("".join(x) for x in (key, other, key_after, other_after))
                    found.setdefault(
                        texts,
                        Inversion(texts[0], texts[1], before, side, texts[2], texts[3], after),
                    )
    return list(found.values())


def _level_multisets(n: int) -> list[tuple[str, ...]]:
    """The ``n`` indicators' levels up to order ("AAB" once, not also "ABA")."""
    return [tuple(c) for c in itertools.combinations_with_replacement(LEVELS, n)]


def _raised(levels: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The levels with one of them raised one step, each sorted."""
    out = set()
    for i, level in enumerate(levels):
        if level != "A":
            up = list(levels)
            up[i] = LEVELS[LEVELS.index(level) - 1]
            out.add(tuple(sorted(up)))
    return out


def condition_text(condition: str) -> str:
    """A named condition as the explanation says it (``all_a``: 全A), for the table's editor."""
    return _CONDITIONS[condition][0]


def explain(rule: Rule) -> str:
    """The rule as one sentence of the form: ``2级：关键指标全A，其他指标有C``."""
    key, other = _CONDITIONS[rule.key][0], _CONDITIONS[rule.other][0]
    if rule.key == rule.other == "any":
        return f"{rule.grade}级：不符合以上各条"
    if rule.other == "any":
        return f"{rule.grade}级：关键指标{key}"
    return f"{rule.grade}级：关键指标{key}，其他指标{other}"


# --------------------------------------------------------------------------------------------
# The payment record beside "payment reputation" (付款信誉)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueSlip:
    """A slip whose money fell due: when, and the day it was paid in full (None: still owed)."""

    due: date
    paid_on: date | None


@dataclass(frozen=True)
class PaymentRecord:
    """What the customer's slips say of its paying, on a day: how many fell due, how many were
    paid by their due date, the share on time, the days paid after due (average and worst,
    counting a slip still owed up to today) and how many are overdue now."""

    due: int
    on_time: int
    share_on_time: Decimal | None  # None when nothing fell due
    average_days_late: Decimal | None  # over the slips paid late or still overdue
    worst_days_late: int
    overdue_now: int

    def as_evidence(self) -> dict[str, str | int | None]:
        """The record as the evaluation keeps it (JSON: decimals as text)."""
        return {
            "due": self.due,
            "on_time": self.on_time,
            "share_on_time": None if self.share_on_time is None else str(self.share_on_time),
            "average_days_late": None
            if self.average_days_late is None
            else str(self.average_days_late),
            "worst_days_late": self.worst_days_late,
            "overdue_now": self.overdue_now,
        }


def payment_record(slips: Iterable[DueSlip], on: date) -> PaymentRecord:
    """The record of ``slips`` as it stands on ``on``: a slip not yet due, or due today and
    unpaid, counts nowhere; a payment after ``on`` is not seen."""
    due = on_time = overdue = worst = 0
    late_days: list[int] = []
    for slip in slips:
        settled = slip.paid_on if slip.paid_on is not None and slip.paid_on <= on else None
        if slip.due > on or (settled is None and slip.due == on):
            continue  # not judged yet: not due, or due today and the day is not over
        due += 1
        if settled is not None and settled <= slip.due:
            on_time += 1
            continue
        days = ((settled or on) - slip.due).days  # at least 1 here
        late_days.append(days)
        worst = max(worst, days)
        if settled is None:
            overdue += 1
    share = (Decimal(on_time) / due).quantize(Decimal("0.0001"), ROUND_HALF_UP) if due else None
    average = (
        (Decimal(sum(late_days)) / len(late_days)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if late_days
        else None
    )
    return PaymentRecord(due, on_time, share, average, worst, overdue)


def suggested_reputation(record: PaymentRecord, a_share: Decimal, b_share: Decimal) -> str | None:
    """The level the record suggests for payment reputation: A when at least ``a_share`` of
    the slips were paid on time and none is overdue now, B when at least ``b_share``, else C;
    None when nothing fell due (the sales manager judges from what the file says)."""
    if record.share_on_time is None:
        return None
    if record.share_on_time >= a_share and record.overdue_now == 0:
        return "A"
    if record.share_on_time >= b_share:
        return "B"
    return "C"


def missing_levels(levels: Mapping[str, str]) -> list[str]:
    """The indicators of the form without a level A, B or C, in the form's order."""
    return [c for c in (*KEY_INDICATORS, *OTHER_INDICATORS) if levels.get(c) not in LEVELS]


__all__ = [
    "CONDITIONS",
    "DEFAULT_RULES",
    "DueSlip",
    "PaymentRecord",
    "KEY_INDICATORS",
    "LEVELS",
    "OTHER_INDICATORS",
    "Rating",
    "Rule",
    "RuleTableError",
    "check_rules",
    "condition_text",
    "Inversion",
    "explain",
    "inversions",
    "missing_levels",
    "payment_record",
    "rate",
    "suggested_reputation",
]
