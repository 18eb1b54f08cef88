"""Messages never show a raw code (issue 6 §4/§5): statuses, channels and actions inside service
messages are words of the user's language (domain.messages.Term), Chinese in zh_CN and English
in en. Every release failure and warning is rendered in both languages and searched for codes;
the workflow refusals that name a state are checked through the services on SQLite and
PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from kehu_desktop.domain.credit_check import CreditDecision
from kehu_desktop.domain.credit_check import Failure
from kehu_desktop.domain.credit_check import PriceLine
from kehu_desktop.domain.credit_check import decide_release
from kehu_desktop.domain.customer import CHANNELS
from kehu_desktop.domain.customer import STATUSES as CUSTOMER_STATUSES
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import CATALOGUE
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import ExposureItem
from kehu_desktop.dto import OverdueSlip
from kehu_desktop.services import dispatch
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import selection
from kehu_desktop.services.dispatch import STATUSES as NOTE_STATUSES
from tests.factories import Branch
from tests.factories import make_shop
from tests.factories import ready_note
from tests.factories import release
from tests.factories import request
from tests.factories import set_customer
from tests.test_release_rules import contract
from tests.test_release_rules import facts
from tests.test_release_rules import position

CUSTOMER = "上海康健医药有限公司"
PRODUCT = "阿莫西林胶囊"
#: Every code word a message could leak: statuses, channels, payment terms, sale kinds.
VOCABULARY = (
    set(CUSTOMER_STATUSES)
    | set(NOTE_STATUSES)
    | set(CHANNELS)
    | {"cash", "agreed", "clear_before_credit", "credit", "delivery", "credit_sale"}
)
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@pytest.fixture
def language() -> Iterator[None]:
    yield
    set_language("zh_CN")


def no_code_in_chinese(text: str) -> None:
    words = set(re.findall(r"[A-Za-z_]+", text))
    assert not words & VOCABULARY, text
    assert not [w for w in words if len(w) > 2], text  # only document-number prefixes (SH, DN…)


def no_chinese_in_english(text: str, *data: str) -> None:
    for value in data:  # names are data: they stay as the customer file has them
        text = text.replace(value, "")
    assert not CJK.search(text), text
    assert "_" not in text, text


def test_the_vocabulary_words_agree_with_the_screens() -> None:
    """The catalogue's Chinese words are the ones the screens and slips use."""
    for vocabulary, words in (
        ("customer.status", CUSTOMER_STATUSES),
        ("dispatch.status", NOTE_STATUSES),
        ("channel", CHANNELS),
    ):
        for code, zh in words.items():
            pair = CATALOGUE[f"{vocabulary}.{code}"]
            assert pair[0] == zh and pair[1] and not CJK.search(pair[1])


def release_scenarios() -> list[CreditDecision]:
    """One decision per release failure and warning (together they cover every code)."""
    unpaid = ExposureItem("slip", "SH-CS-2026-000007", date(2026, 11, 20), Decimal("50.00"))
    late = OverdueSlip("SH-CS-2026-000003", date(2026, 9, 1), date(2026, 10, 1), 56, Decimal("8"))
    later = OverdueSlip("SH-CS-2026-000004", date(2026, 9, 2), date(2026, 10, 2), 55, Decimal("9"))
    cheap = (PriceLine(1, PRODUCT, Decimal("4.99"), Decimal("5.00")),)
    return [
        decide_release(  # rule 1, each status a customer can be in but "selected"
            position(selected=False, status=status, on_hold=True), facts()
        )
        for status in CUSTOMER_STATUSES
        if status != "selected"
    ] + [
        decide_release(position(), facts(approval_mode=None, driver_assigned=False, lines=cheap)),
        decide_release(position(), facts(approval_mode="phone", signature_completed=False)),
        decide_release(
            position(contract=None, grade=None, channel="private", credit_allowed=False), facts()
        ),
        decide_release(position(contract=contract("cash"), grade=5, channel=None), facts()),
        decide_release(position(channel="pharmacy_chain"), facts()),
        decide_release(position(credit_allowed=False, reasons=("资信资料不全",)), facts()),
        decide_release(position(previous_unpaid=unpaid, overdue=(late,)), facts()),
        decide_release(position(overdue=(late, later)), facts()),
        decide_release(position(limit_mode="none", limit=None, month_end_cap=None), facts()),
        decide_release(
            position(exposure=Decimal("950.00"), month_end_cap=Decimal("1000.00")), facts()
        ),
        decide_release(position(exposure=Decimal("750.00")), facts()),  # near the limit
    ]


def failures(decisions: list[CreditDecision]) -> list[Failure]:
    return [f for d in decisions for f in d.failures + d.warnings]


def test_every_release_failure_in_both_languages_shows_no_code(language: None) -> None:
    chinese = failures(release_scenarios())
    release_codes = {c for c in CATALOGUE if c.startswith("release.")}
    assert {f.code for f in chinese} == release_codes  # every rule's message is looked at
    for f in chinese:
        no_code_in_chinese(f.message)
        no_code_in_chinese(render(f.code, **f.numbers))  # as a screen renders it again
    assert "当前状态：已终止" in " ".join(f.message for f in chinese)
    assert "私营渠道" in " ".join(f.message for f in chinese)

    set_language("en")
    english = failures(release_scenarios())
    assert [f.code for f in english] == [f.code for f in chinese]
    for f in english:
        no_chinese_in_english(f.message, CUSTOMER, PRODUCT, "资信资料不全")
        no_chinese_in_english(render(f.code, **f.numbers), CUSTOMER, PRODUCT, "资信资料不全")
    text = " ".join(f.message for f in english)
    assert "(status: terminated)" in text and "(status: sent back)" in text
    assert "is a private channel" in text
    # The audit record keeps the code itself, as data.
    rule1 = next(d for d in release_scenarios() if d.codes[0] == "release.customer_not_selected")
    assert rule1.summary()["failures"][0]["numbers"]["status"] == "prospect"  # type: ignore[index]


def test_a_term_is_written_in_the_language_of_the_moment(language: None) -> None:
    term = Term("dispatch.status", "parked")
    message = render("dispatch.bad_state", note="SH-DN-2026-000001", status=term, action="x")
    assert "暂存市场部" in message
    set_language("en")
    assert f"{term}" == "parked at the market office"
    assert str(Term("dispatch.status", "no_such_state")) == "no_such_state"


def both_languages(call: object) -> tuple[str, str]:
    """The refusal ``call()`` raises, rendered in zh_CN and in en."""
    assert callable(call)
    with pytest.raises(KehuError) as info:
        call()
    error = info.value
    zh = error.message
    set_language("en")
    try:
        en = error.message
    finally:
        set_language("zh_CN")
    return zh, en


def test_workflow_refusals_name_the_state_in_words(branch: Branch) -> None:
    shop = make_shop(branch)
    gm = branch.actor(Role.BRANCH_GM)

    note = ready_note(shop, "cash")
    dispatch.cancel_dispatch(branch.db, gm, note, "客户暂停进货")
    zh, en = both_languages(lambda: dispatch.approve_dispatch(branch.db, gm, note))
    assert "当前状态为“已取消”，不能审批" in zh and "is 'cancelled'; cannot approve it" in en
    no_code_in_chinese(zh)
    no_chinese_in_english(en)

    set_customer(branch, shop.customer_id, status="terminated")
    zh, en = both_languages(
        lambda: selection.review(branch.db, gm, shop.customer_id, Decision.APPROVE, "同意")
    )
    assert zh == "客户当前状态为“已终止”，不能执行“审核”"
    assert en == "The customer is 'terminated'; cannot review"

    zh, en = both_languages(lambda: request(shop, "cash"))
    assert "尚未选定（当前状态：已终止）" in zh and "(status: terminated)" in en
    no_chinese_in_english(en, CUSTOMER)


def test_rule1_names_every_status_in_words(branch: Branch) -> None:
    """The issue's "当前状态：terminated", for every state a customer can be in."""
    shop = make_shop(branch)
    note = ready_note(shop, "cash")
    for status in sorted(set(CUSTOMER_STATUSES) - {"selected"}):
        set_customer(branch, shop.customer_id, status=status)
        message = release(shop, note).decision.failures[0].message
        assert message.endswith(f"（当前状态：{CUSTOMER_STATUSES[status]}）")
        no_code_in_chinese(message)


def test_conflicts_render_again_in_the_current_language(branch: Branch) -> None:
    shop = make_shop(branch)
    note = ready_note(shop, "cash")
    dispatch.cancel_dispatch(branch.db, branch.actor(Role.BRANCH_GM), note, "重复")
    with pytest.raises(Conflict) as info:
        dispatch.assign_driver(branch.db, branch.actor(Role.BRANCH_GM), note, "driver", "浦东线")
    assert info.value.params["status"] == Term("dispatch.status", "cancelled")
    with pytest.raises(ValidationFailed):
        request(shop, "cash", lines=[])
