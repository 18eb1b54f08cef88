"""The credit check at release as a pure function (domain.credit_check), property-tested, and the
document number format (domain.numbering)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from kehu_desktop.domain.credit_check import CreditDecision
from kehu_desktop.domain.credit_check import PriceLine
from kehu_desktop.domain.credit_check import ReleaseFacts
from kehu_desktop.domain.credit_check import decide_release
from kehu_desktop.domain.credit_check import near_limit_threshold
from kehu_desktop.domain.numbering import document_number
from kehu_desktop.domain.numbering import parse_document_number
from kehu_desktop.dto import ContractView
from kehu_desktop.dto import CreditPosition
from kehu_desktop.dto import Exposure
from kehu_desktop.dto import ExposureItem
from kehu_desktop.dto import OverdueSlip

ON = date(2026, 11, 26)
CENT = Decimal("0.01")
BIG_CAP = Decimal("1000000000.00")  # a month-end cap out of the way of the other rules
UNPAID = ExposureItem("slip", "SH-CS-2026-000007", date(2026, 11, 20), Decimal("50.00"))
LATE = OverdueSlip("SH-CS-2026-000003", date(2026, 9, 1), date(2026, 10, 1), 56, Decimal("80.00"))
LATER = OverdueSlip(
    "SH-CS-2026-000004", date(2026, 9, 20), date(2026, 10, 20), 37, Decimal("20.00")
)


def contract(terms: str = "agreed", cap: Decimal | None = BIG_CAP) -> ContractView:
    return ContractView(
        uuid.uuid4(),
        "HT-2026-001",
        terms,
        30,
        "王总",
        "branch_gm",
        None,
        date(2026, 1, 5),
        date(2026, 1, 5),
        date(2027, 12, 31),
        None,
        None,
        cap if terms != "cash" else None,
    )


def position(**kw: object) -> CreditPosition:
    exposure = kw.pop("exposure", Decimal("0.00"))
    assert isinstance(exposure, Decimal)
    base: dict[str, object] = dict(
        customer_id=uuid.uuid4(),
        customer_name="上海康健医药有限公司",
        on=ON,
        status="selected",
        selected=True,
        on_hold=False,
        channel="state_owned",
        grade=3,
        grade_since=date(2026, 11, 1),
        contract=contract(),
        payment_terms="agreed",
        term_days=30,
        credit_exception=False,
        credit_allowed=True,
        limit_mode="limit",
        limit=Decimal("1000.00"),
        exposure=Exposure(exposure, Decimal("0.00"), ()),
        headroom=None,
        near_limit_ratio=Decimal("0.80"),
        previous_unpaid=None,
        reasons=(),
        overdue=(),
        month_end_cap=BIG_CAP,
    )
    base.update(kw)
    return CreditPosition(**base)  # type: ignore[arg-type]


def facts(**kw: object) -> ReleaseFacts:
    base: dict[str, object] = dict(
        note_number="SH-DN-2026-000001",
        sale_kind="credit",
        amount=Decimal("100.00"),
        approval_mode="signed",
        signature_completed=True,
        driver_assigned=True,
        lines=(PriceLine(1, "阿莫西林胶囊", Decimal("12.50"), Decimal("10.00")),),
    )
    base.update(kw)
    return ReleaseFacts(**base)  # type: ignore[arg-type]


def codes(d: CreditDecision) -> list[str]:
    return [f.code for f in d.failures]


# --------------------------------------------------------------------------------------------
# Examples: each rule alone, with its numbers
# --------------------------------------------------------------------------------------------


def test_a_good_credit_release_is_allowed() -> None:
    d = decide_release(position(), facts())
    assert d.allowed and d.failures == () and d.warnings == ()
    assert (d.exposure, d.amount, d.after, d.headroom) == (
        Decimal("0.00"),
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("900.00"),
    )


@pytest.mark.parametrize(
    ("pos", "fac", "expected"),
    [
        (dict(selected=False, status="proposed"), {}, ["release.customer_not_selected"]),
        (dict(on_hold=True), {}, ["release.customer_on_hold"]),
        ({}, dict(approval_mode=None), ["release.not_approved"]),
        ({}, dict(driver_assigned=False), ["release.no_driver"]),
        (
            {},
            dict(lines=(PriceLine(2, "维C", Decimal("4.99"), Decimal("5.00")),)),
            ["release.below_factory_price"],
        ),
        (dict(contract=None, credit_allowed=False), {}, ["release.no_contract"]),
        (
            dict(contract=contract("cash"), credit_allowed=False),
            {},
            ["release.contract_cash_terms"],
        ),
        (dict(grade=None, credit_allowed=False), {}, ["release.no_grade"]),
        (dict(grade=5, credit_allowed=False), {}, ["release.grade_no_credit"]),
        (dict(channel="private", credit_allowed=False), {}, ["release.channel_no_credit"]),
        (dict(credit_allowed=False, reasons=("新规则",)), {}, ["release.credit_not_allowed"]),
        (
            dict(payment_terms="clear_before_credit", previous_unpaid=UNPAID),
            {},
            ["release.previous_unpaid"],
        ),
        (dict(previous_unpaid=UNPAID), {}, ["release.previous_unpaid"]),  # agreed terms too
        (dict(previous_unpaid=UNPAID), dict(sale_kind="cash"), ["release.previous_unpaid"]),
        (dict(overdue=(LATER,)), {}, ["release.slip_overdue"]),
        (dict(overdue=(LATER, LATE)), {}, ["release.slips_overdue"]),
        (dict(limit_mode="none", limit=None), {}, ["release.no_limit"]),
        (dict(exposure=Decimal("900.01")), {}, ["release.over_limit"]),
        (dict(month_end_cap=None), {}, ["release.no_month_end_cap"]),
        (dict(month_end_cap=Decimal("99.99")), {}, ["release.over_month_end_cap"]),
    ],
)
def test_each_rule_alone(
    pos: dict[str, object], fac: dict[str, object], expected: list[str]
) -> None:
    d = decide_release(position(**pos), facts(**fac))
    assert codes(d) == expected and not d.allowed


def test_numbers_and_messages() -> None:
    d = decide_release(
        position(exposure=Decimal("950.00")),
        facts(lines=(PriceLine(2, "维C", Decimal("4.99"), Decimal("5.00")),)),
    )
    below, over = d.failures
    assert below.numbers == {
        "line": "2",
        "product": "维C",
        "unit_price": Decimal("4.99"),
        "factory_price": Decimal("5.00"),
    }
    assert below.message == "第2行“维C”单价4.99低于厂价5.00"
    assert over.numbers == {
        "exposure": Decimal("950.00"),
        "amount": Decimal("100.00"),
        "after": Decimal("1050.00"),
        "limit": Decimal("1000.00"),
        "over": Decimal("50.00"),
    }
    assert (below.rule, over.rule) == (3, 6)
    summary = d.summary()
    assert summary["failures"][1]["numbers"]["over"] == "50.00"  # type: ignore[index]


def test_payment_discipline_and_month_end_cap_numbers() -> None:
    """Rule 5 names the unpaid delivery and the most overdue slip; rule 6 the cap."""
    d = decide_release(
        position(
            previous_unpaid=UNPAID,
            overdue=(LATER, LATE),
            exposure=Decimal("100.00"),
            month_end_cap=Decimal("150.00"),
        ),
        facts(amount=Decimal("100.00")),
    )
    previous, overdue, cap = d.failures
    assert previous.message == (
        "前清后送：客户“上海康健医药有限公司”上一笔发货SH-CS-2026-000007（2026-11-20）"
        "尚欠50.00，结清后才能再发货"
    )
    assert overdue.numbers == {
        "slip": "SH-CS-2026-000003",
        "due": "2026-10-01",
        "days": "56",
        "owed": Decimal("80.00"),
        "count": "2",
        "total": Decimal("100.00"),
    }
    assert "已逾期56天（到期日2026-10-01" in overdue.message
    assert cap.numbers == {
        "exposure": Decimal("100.00"),
        "amount": Decimal("100.00"),
        "after": Decimal("200.00"),
        "cap": Decimal("150.00"),
        "over": Decimal("50.00"),
        "contract": "HT-2026-001",
    }
    assert [f.rule for f in d.failures] == [5, 5, 6]
    # Not an agreed-payment customer (no contract in force): 前清后送 and the cap do not apply
    # (rule 4 already refuses credit); an overdue slip still blocks credit.
    cash_terms = position(
        contract=None,
        payment_terms="cash",
        credit_allowed=False,
        previous_unpaid=UNPAID,
        overdue=(LATER,),
        month_end_cap=None,
    )
    assert codes(decide_release(cash_terms, facts())) == [
        "release.no_contract",
        "release.slip_overdue",
    ]
    assert decide_release(cash_terms, facts(sale_kind="cash")).allowed


def test_private_customer_with_exception_may_buy_on_credit() -> None:
    assert decide_release(position(channel="private", credit_exception=True), facts()).allowed


def test_phone_approval_counts_with_a_warning() -> None:
    d = decide_release(position(), facts(approval_mode="phone", signature_completed=False))
    assert d.allowed and [w.code for w in d.warnings] == ["release.signature_owed"]
    d = decide_release(position(), facts(approval_mode="phone", signature_completed=True))
    assert d.warnings == ()


def test_unlimited_grade1_and_limit_zero() -> None:
    d = decide_release(
        position(grade=1, limit_mode="unlimited", limit=None, exposure=Decimal("9999999.00")),
        facts(),
    )
    assert d.allowed and d.headroom is None
    zero = position(limit=Decimal("0.00"))
    assert codes(decide_release(zero, facts(amount=CENT))) == ["release.over_limit"]
    assert decide_release(zero, facts(amount=Decimal("0.00"))).allowed


def test_cash_sales_skip_the_credit_rules() -> None:
    hopeless = position(
        grade=5,
        contract=None,
        channel="private",
        credit_allowed=False,
        limit_mode="none",
        limit=None,
        exposure=Decimal("5000.00"),
        payment_terms="cash",
        previous_unpaid=UNPAID,
        overdue=(LATE,),
        month_end_cap=None,
    )
    d = decide_release(hopeless, facts(sale_kind="cash"))
    assert d.allowed and d.after == Decimal("5000.00") and d.headroom is None
    # … except 前清后送 for an agreed-payment customer: the previous delivery is paid first.
    agreed = dataclasses.replace(hopeless, payment_terms="agreed")
    assert codes(decide_release(agreed, facts(sale_kind="cash"))) == ["release.previous_unpaid"]
    # … but rules 1-3 still hold for cash.
    d = decide_release(
        dataclasses.replace(hopeless, on_hold=True), facts(sale_kind="cash", approval_mode=None)
    )
    assert codes(d) == ["release.customer_on_hold", "release.not_approved"]


def test_near_limit_warning_at_the_threshold() -> None:
    at = decide_release(position(exposure=Decimal("700.00")), facts())  # 800 = 80 %
    assert at.allowed and [w.code for w in at.warnings] == ["release.near_limit"]
    assert at.warnings[0].numbers["threshold"] == Decimal("800.00")
    assert at.warnings[0].numbers["percent"] == "80%"
    below = decide_release(position(exposure=Decimal("699.99")), facts())
    assert below.warnings == ()
    assert near_limit_threshold(Decimal("333.33"), Decimal("0.80")) == Decimal("266.66")


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
ratio = st.decimals(min_value=Decimal("0.50"), max_value=Decimal("1.00"), places=2)


@st.composite
def cases(draw: st.DrawFn) -> tuple[CreditPosition, ReleaseFacts]:
    mode = draw(st.sampled_from(["limit", "limit", "unlimited", "none"]))
    pos = position(
        selected=draw(st.booleans()),
        on_hold=draw(st.booleans()),
        channel=draw(st.sampled_from(["state_owned", "private", "pharmacy_chain", None])),
        credit_exception=draw(st.booleans()),
        grade=draw(st.sampled_from([None, 1, 2, 3, 4, 5])),
        contract=draw(
            st.sampled_from(
                [None, contract("agreed"), contract("cash"), contract("clear_before_credit")]
            )
        ),
        credit_allowed=draw(st.booleans()),
        payment_terms=draw(st.sampled_from(["cash", "agreed", "clear_before_credit"])),
        previous_unpaid=draw(st.sampled_from([None, UNPAID])),
        overdue=draw(st.sampled_from([(), (LATER,), (LATER, LATE)])),
        month_end_cap=draw(st.sampled_from([None, BIG_CAP]) | money),
        limit_mode=mode,
        limit=draw(money) if mode == "limit" else None,
        exposure=draw(money),
        near_limit_ratio=draw(ratio),
    )
    prices = draw(st.lists(st.tuples(money, money), max_size=3))
    fac = facts(
        sale_kind=draw(st.sampled_from(["cash", "credit"])),
        amount=draw(money),
        approval_mode=draw(st.sampled_from([None, "signed", "phone"])),
        signature_completed=draw(st.booleans()),
        driver_assigned=draw(st.booleans()),
        lines=tuple(PriceLine(i + 1, "品", p, f) for i, (p, f) in enumerate(prices)),
    )
    return pos, fac


@given(cases())
def test_allowed_exactly_when_there_are_no_failures(
    case: tuple[CreditPosition, ReleaseFacts],
) -> None:
    d = decide_release(*case)
    assert d.allowed == (d.failures == ())
    assert [f.rule for f in d.failures] == sorted(f.rule for f in d.failures)
    assert all(f.message and f.message != f.code for f in d.failures + d.warnings)


@given(cases())
def test_cash_sales_never_fail_a_credit_rule(case: tuple[CreditPosition, ReleaseFacts]) -> None:
    """Cash needs rules 1-3, and 前清后送 for an agreed-payment customer: nothing else."""
    pos, fac = case
    d = decide_release(pos, dataclasses.replace(fac, sale_kind="cash"))
    assert all(f.rule <= 3 or f.code == "release.previous_unpaid" for f in d.failures)
    assert all(w.rule <= 3 for w in d.warnings)
    assert ("release.previous_unpaid" in d.codes) == (
        pos.agreed_payment and pos.previous_unpaid is not None
    )


# Each of these makes things worse for the customer; none may ever turn a block into a release.
WORSENINGS = [
    lambda p, f: (dataclasses.replace(p, on_hold=True), f),
    lambda p, f: (dataclasses.replace(p, selected=False, status="terminated"), f),
    lambda p, f: (p, dataclasses.replace(f, approval_mode=None)),
    lambda p, f: (p, dataclasses.replace(f, driver_assigned=False)),
    lambda p, f: (
        p,
        dataclasses.replace(
            f, lines=f.lines + (PriceLine(9, "低价", Decimal("1.00"), Decimal("2.00")),)
        ),
    ),
    lambda p, f: (dataclasses.replace(p, contract=None, credit_allowed=False), f),
    lambda p, f: (dataclasses.replace(p, grade=5, credit_allowed=False), f),
    lambda p, f: (dataclasses.replace(p, credit_allowed=False), f),
    lambda p, f: (dataclasses.replace(p, channel="private", credit_exception=False), f),
    lambda p, f: (dataclasses.replace(p, previous_unpaid=UNPAID), f),
    lambda p, f: (dataclasses.replace(p, overdue=p.overdue + (LATE,)), f),
    lambda p, f: (dataclasses.replace(p, month_end_cap=None), f),
    lambda p, f: (
        dataclasses.replace(
            p,
            month_end_cap=None
            if p.month_end_cap is None
            else max(Decimal("0.00"), p.month_end_cap - CENT),
        ),
        f,
    ),
    lambda p, f: (
        dataclasses.replace(
            p,
            exposure=Exposure(
                p.exposure.unpaid_slips + Decimal("1000.00"), p.exposure.released_not_slipped, ()
            ),
        ),
        f,
    ),
    lambda p, f: (p, dataclasses.replace(f, amount=f.amount + Decimal("0.01"))),
    lambda p, f: (dataclasses.replace(p, limit=None, limit_mode="none"), f),
    lambda p, f: (
        dataclasses.replace(
            p, limit=max(Decimal("0.00"), (p.limit or Decimal(0)) - Decimal("0.01"))
        ),
        f,
    ),
]


MONTH_END_CAP_CODES = {"release.no_month_end_cap", "release.over_month_end_cap"}


@given(cases(), st.sampled_from(range(len(WORSENINGS))))
def test_a_worse_case_never_turns_a_block_into_a_release(
    case: tuple[CreditPosition, ReleaseFacts], which: int
) -> None:
    pos, fac = case
    before = decide_release(pos, fac)
    after = decide_release(*WORSENINGS[which](pos, fac))
    if not before.allowed:
        assert not after.allowed
    # Every rule that failed still fails (a specific reason may replace a general one, e.g.
    # "no approved limit" instead of "over the limit"). Without a contract the month-end cap is
    # not checked at all: rule 4's "no contract" replaces its failure.
    after_codes = {f.code for f in after.failures}
    replaced = MONTH_END_CAP_CODES if "release.no_contract" in after_codes else set()
    kept = {f.rule for f in before.failures if f.code not in replaced}
    assert kept <= {f.rule for f in after.failures}


@settings(max_examples=300)
@given(limit=money, exposure=money, amount=money)
def test_exactly_at_the_limit_is_allowed_one_cent_over_is_blocked(
    limit: Decimal, exposure: Decimal, amount: Decimal
) -> None:
    pos = position(limit=limit, exposure=exposure)
    d = decide_release(pos, facts(amount=amount))
    assert d.allowed == (exposure + amount <= limit)
    if exposure <= limit:
        exact = limit - exposure
        assert decide_release(pos, facts(amount=exact)).allowed
        blocked = decide_release(pos, facts(amount=exact + CENT))
        assert blocked.codes == ("release.over_limit",)
        assert blocked.failures[0].numbers["over"] == CENT


@given(limit=money.filter(lambda v: v > 0), exposure=money, amount=money, r=ratio)
def test_near_limit_warning_only_between_threshold_and_limit(
    limit: Decimal, exposure: Decimal, amount: Decimal, r: Decimal
) -> None:
    d = decide_release(
        position(limit=limit, exposure=exposure, near_limit_ratio=r), facts(amount=amount)
    )
    after = exposure + amount
    warned = "release.near_limit" in [w.code for w in d.warnings]
    assert warned == (near_limit_threshold(limit, r) <= after <= limit)


# --------------------------------------------------------------------------------------------
# Document numbers
# --------------------------------------------------------------------------------------------


def test_document_number_format() -> None:
    assert document_number("SH", "DN", 2026, 123) == "SH-DN-2026-000123"
    assert document_number("sh", "CS", 2026, 1) == "SH-CS-2026-000001"
    assert document_number("BJ01", "TR", 2027, 1234567) == "BJ01-TR-2027-1234567"
    for bad in (
        ("", "DN", 2026, 1),
        ("S-H", "DN", 2026, 1),
        ("SH", "dn", 2026, 1),
        ("SH", "DN", 26, 1),
        ("SH", "DN", 2026, 0),
    ):
        with pytest.raises(ValueError):
            document_number(*bad)  # type: ignore[arg-type]
    assert parse_document_number("x") is None
    assert parse_document_number("SH-DN-2026-000000") is None


@given(
    code=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=10),
    kind=st.sampled_from(["DN", "DS", "CS", "TR", "CF"]),
    year=st.integers(1000, 9999),
    seq=st.integers(1, 10**8),
)
def test_document_numbers_parse_back(code: str, kind: str, year: int, seq: int) -> None:
    number = document_number(code, kind, year, seq)
    parsed = parse_document_number(number.lower())
    assert parsed is not None and (parsed.branch_code, parsed.kind, parsed.year, parsed.seq) == (
        code,
        kind,
        year,
        seq,
    )
    assert str(parsed) == number
