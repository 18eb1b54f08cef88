"""Step 6 through the services, on SQLite and PostgreSQL: dispatch notes, the release check with
every rule alone and together, delivery with slips and temporary receipts, return, cancel.

The helpers (``Shop``, ``make_shop``, ``ready_note``, ``release``...) are in tests/factories.py,
shared with the other dispatch, slip and release test modules.
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from kehu_desktop.clock import FixedClock
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Contract
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Product
from kehu_desktop.models import Slip
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch as svc
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.dispatch import ReleaseResult
from kehu_desktop.services.dispatch import preview_release
from kehu_desktop.services.dispatch import release_dispatch
from kehu_desktop.services.slips import get_slip
from tests.factories import MONTH
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import audits
from tests.factories import count
from tests.factories import deliver
from tests.factories import make_shop
from tests.factories import pay
from tests.factories import pay_off
from tests.factories import ready_note
from tests.factories import release
from tests.factories import request
from tests.factories import set_customer
from tests.factories import set_limit

# --------------------------------------------------------------------------------------------
# The whole workflow
# --------------------------------------------------------------------------------------------


def test_whole_workflow_request_to_return(branch: Branch) -> None:
    shop = make_shop(branch)
    b = branch
    note = request(
        shop,
        lines=[(shop.medicine_id, 10, "12.50", shop.batch_id), (shop.goods_id, "3", "5.50", None)],
    )
    assert note.number == "SH-DN-2026-000001"
    assert note.status == "requested"
    assert note.total == Decimal("141.50")
    assert [ln.amount for ln in note.lines] == [Decimal("125.00"), Decimal("16.50")]
    assert note.lines[0].batch_no == "B20261101" and note.market_office == "浦东市场部"

    svc.approve_dispatch(b.db, b.actor(Role.SALES_MANAGER), note.id, "signed")
    v = svc.assign_driver(b.db, b.actor(Role.BRANCH_GM), note.id, "driver", "浦东线")
    assert (v.status, v.driver, v.route) == ("assigned", "driver用户", "浦东线")

    preview = preview_release(b.db, b.actor(Role.CASHIER), note.id)
    assert preview.allowed and preview.exposure == 0 and preview.after == Decimal("141.50")
    assert preview.position is not None and preview.position.limit == Decimal("10000.00")

    result = release(shop, note.id)
    assert result.released and result.note.status == "released"
    assert result.decision.headroom == Decimal("9858.50")
    with pytest.raises(Conflict):  # released once only
        release(shop, note.id)

    delivered = deliver(shop, note.id, {2: 2})
    assert delivered.status == "delivered" and delivered.delivered_on == TODAY
    assert delivered.slip_numbers == ("SH-CS-2026-000001",)
    slip = get_slip(b.db, b.actor(Role.ACCOUNTANT), "SH-CS-2026-000001")
    assert slip.kind == "credit_sale" and slip.payment_terms == "agreed"
    assert slip.due_date == TODAY + timedelta(days=30)
    assert [
        (ln.product_name, ln.batch_no, ln.expiry, ln.quantity, ln.amount) for ln in slip.lines
    ] == [
        ("阿莫西林胶囊", "B20261101", date(2028, 10, 31), 10, Decimal("125.00")),
        ("维生素C咀嚼片", None, None, 2, Decimal("11.00")),
    ]
    assert slip.total == Decimal("136.00")
    assert slip.customer_name == "上海康健医药有限公司" and slip.driver_name == "driver用户"
    assert slip.sales_rep_name == "sales_rep用户" and slip.dispatch_note_number == note.number

    returned = svc.record_note_returned(b.db, b.actor(Role.CASHIER), note.id)
    assert returned.status == "returned"
    goods = svc.market_office_goods(b.db, b.actor(Role.CASHIER))
    assert [(g.market_office, g.product_name, g.quantity, g.amount) for g in goods] == [
        ("浦东市场部", "维生素C咀嚼片", 2, Decimal("11.00")),  # by product code: BJ…, YP…
        ("浦东市场部", "阿莫西林胶囊", 10, Decimal("125.00")),
    ]

    actions = [
        a.action
        for a in audits(b, "dispatch_requested")
        + audits(b, "dispatch_approved")
        + audits(b, "dispatch_assigned")
        + audits(b, "dispatch_released")
        + audits(b, "dispatch_delivered")
        + audits(b, "slip_issued")
        + audits(b, "dispatch_returned")
    ]
    assert len(actions) == 7
    with b.db.read() as s:
        entities = {e for (e,) in s.execute(select(OutboxOp.entity)).all()}
    assert {"dispatch_notes", "dispatch_lines", "slips", "slip_lines"} <= entities
    assert count(b, OutboxOp, OutboxOp.entity == "dispatch_notes") == 6  # each step once


def test_cash_sale_issues_a_delivery_slip(branch: Branch) -> None:
    shop = make_shop(branch, grade=5, terms=None, limit=None)  # cash only customer
    note_id = ready_note(shop, "cash", "500.00")
    result = release(shop, note_id)
    assert result.released, result.decision.failures
    assert deliver(shop, note_id).slip_numbers == ("SH-DS-2026-000001",)
    slip = get_slip(branch.db, branch.actor(Role.CASHIER), "SH-DS-2026-000001")
    assert (slip.kind, slip.payment_terms, slip.due_date) == ("delivery", "cash", None)
    # Numbers are per kind: the first credit slip is CS-…-000001.
    other = make_shop(branch, name="上海国药控股有限公司")
    nid = ready_note(other, "credit", "100.00")
    assert release(other, nid).released
    assert deliver(other, nid).slip_numbers == ("SH-CS-2026-000001",)


def test_parked_goods_get_a_temporary_receipt_cancelled_on_delivery(branch: Branch) -> None:
    shop = make_shop(branch)
    note_id = ready_note(shop)
    release(shop, note_id)
    rep = branch.actor(Role.SALES_REP)
    parked = svc.park_at_market_office(branch.db, rep, note_id)
    assert parked.status == "parked"
    assert parked.temporary_receipt is not None
    assert parked.temporary_receipt.number == "SH-TR-2026-000001"
    assert parked.temporary_receipt.cancelled_at is None
    assert parked.temporary_receipt.market_office == "浦东市场部"
    with pytest.raises(Conflict):
        svc.park_at_market_office(branch.db, rep, note_id)
    # Still exposure while parked (goods out, not slipped).
    decision = preview_release(branch.db, branch.actor(Role.CASHIER), ready_note(shop))
    assert decision.exposure == Decimal("125.00")
    done = deliver(shop, note_id)
    assert done.status == "delivered"
    assert done.temporary_receipt is not None and done.temporary_receipt.cancelled_at is not None
    assert len(audits(branch, "dispatch_parked")) == 1


def test_phone_approval_is_owed_a_signature_until_completed(branch: Branch) -> None:
    shop = make_shop(branch)
    note_id = ready_note(shop, mode="phone")
    owed = svc.signatures_owed(branch.db, branch.actor(Role.CASHIER))
    assert [r.id for r in owed] == [note_id] and owed[0].signature_owed
    result = release(shop, note_id)
    assert result.released  # a phone approval counts …
    assert [w.code for w in result.decision.warnings] == ["release.signature_owed"]  # … owed
    assert svc.signatures_owed(branch.db, branch.actor(Role.CASHIER))[0].id == note_id
    svc.complete_signature(branch.db, branch.actor(Role.BRANCH_GM), note_id)
    assert svc.signatures_owed(branch.db, branch.actor(Role.CASHIER)) == []
    assert not svc.get_dispatch(branch.db, branch.actor(Role.CASHIER), note_id).signature_owed
    with pytest.raises(Conflict):
        svc.complete_signature(branch.db, branch.actor(Role.BRANCH_GM), note_id)


def test_cancel_before_release_only(branch: Branch) -> None:
    shop = make_shop(branch)
    gm = branch.actor(Role.BRANCH_GM)
    first = ready_note(shop)
    cancelled = svc.cancel_dispatch(branch.db, gm, first, "客户改期")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "客户改期"
    with pytest.raises(Conflict) as info:  # a cancelled note is not released
        release(shop, first)
    assert "已取消" in info.value.message
    with pytest.raises(Conflict):
        svc.cancel_dispatch(branch.db, gm, first, "再次")
    second = ready_note(shop)
    assert release(shop, second).released
    with pytest.raises(Conflict) as info:
        svc.cancel_dispatch(branch.db, gm, second, "不要了")
    assert info.value.message == "已放行的发运单不能取消"
    with pytest.raises(ValidationFailed):
        svc.cancel_dispatch(branch.db, gm, ready_note(shop), " ")


def test_roles_are_enforced(branch: Branch) -> None:
    shop = make_shop(branch)
    with pytest.raises(Forbidden):
        svc.request_dispatch(
            branch.db,
            branch.actor(Role.CASHIER),
            svc.DispatchRequest(shop.customer_id, "cash", [(shop.goods_id, 1, "5.00", None)]),
        )
    note = request(shop)
    with pytest.raises(Forbidden):
        svc.approve_dispatch(branch.db, branch.actor(Role.CASHIER), note.id)
    svc.approve_dispatch(branch.db, branch.actor(Role.BRANCH_GM), note.id)
    with pytest.raises(Forbidden):
        svc.assign_driver(branch.db, branch.actor(Role.SALES_MANAGER), note.id, "driver", "x")
    with pytest.raises(ValidationFailed) as info:  # not a driver
        svc.assign_driver(branch.db, branch.actor(Role.BRANCH_GM), note.id, "cashier", "浦东线")
    assert info.value.errors[0].code == "dispatch.not_a_driver"
    svc.assign_driver(branch.db, branch.actor(Role.BRANCH_GM), note.id, "driver", "浦东线")
    with pytest.raises(Forbidden):
        release_dispatch(branch.db, branch.actor(Role.SALES_MANAGER), note.id)


def test_list_and_get(branch: Branch) -> None:
    shop = make_shop(branch)
    a = ready_note(shop)
    b = request(shop, "cash", [(shop.goods_id, 1, "5.00", None)]).id
    cashier = branch.actor(Role.CASHIER)
    assert {r.id for r in svc.list_dispatches(branch.db, cashier)} == {a, b}
    assert [r.id for r in svc.list_dispatches(branch.db, cashier, "requested")] == [b]
    assert [
        r.id for r in svc.list_dispatches(branch.db, cashier, ["assigned"], sale_kind="credit")
    ] == [a]
    assert svc.list_dispatches(branch.db, cashier, search="康健")[0].customer_name == (
        "上海康健医药有限公司"
    )
    view = svc.get_dispatch(branch.db, cashier, "sh-dn-2026-000001")
    assert view.id == a


# --------------------------------------------------------------------------------------------
# Field-level validation: nothing written
# --------------------------------------------------------------------------------------------


def test_bad_lines_are_refused_field_by_field_and_nothing_is_written(branch: Branch) -> None:
    shop = make_shop(branch)
    before = count(branch, DispatchNote), count(branch, OutboxOp)
    with pytest.raises(ValidationFailed) as info:
        request(
            shop,
            lines=[
                (shop.goods_id, 0, "5.00", None),  # quantity 0
                (shop.goods_id, "-2", "5.00", None),  # negative
                (shop.goods_id, 1, "4.99", None),  # below factory price
                (shop.medicine_id, 1, "10.00", None),  # batch missing
                (shop.medicine_id, 1, "10.00", shop.expired_batch_id),  # expired batch
                (uuid.uuid4(), 1, "10.00", None),  # unknown product
                (shop.goods_id, 1, "abc", None),  # unreadable price
            ],
        )
    errors = {(e.field, e.code) for e in info.value.errors}
    assert errors == {
        ("lines[0].quantity", "dispatch.quantity_positive"),
        ("lines[1].quantity", "dispatch.quantity_positive"),
        ("lines[2].unit_price", "dispatch.below_factory_price"),
        ("lines[3].batch_id", "dispatch.batch_required"),
        ("lines[4].batch_id", "dispatch.batch_expired"),
        ("lines[5].product_id", "dispatch.unknown_product"),
        ("lines[6].unit_price", "amount.format"),
    }
    below = info.value.for_field("lines[2].unit_price")[0]
    assert below.message == "第3行：单价低于厂价（单价4.99，厂价5.00）"
    assert "单价低于厂价" in below.message
    assert (count(branch, DispatchNote), count(branch, OutboxOp)) == before
    # The counter was not used either: the next good note is number 1.
    assert request(shop).number == "SH-DN-2026-000001"


def test_customer_must_be_chosen_and_selected(branch: Branch) -> None:
    shop = make_shop(branch)
    with pytest.raises(ValidationFailed) as info:
        svc.request_dispatch(
            branch.db,
            branch.actor(Role.SALES_REP),
            svc.DispatchRequest(None, "barter", []),
        )
    assert {(e.field, e.code) for e in info.value.errors} == {
        ("customer_id", "dispatch.customer_required"),
        ("sale_kind", "choice.invalid"),
        ("lines", "dispatch.no_lines"),
    }
    prospect = save_customer(
        branch.db,
        branch.actor(Role.CLERK),
        CustomerDraft(name="未选定医药公司", uscc=make_uscc("91310000132299999"), channel="国有"),
    ).customer.id
    with pytest.raises(ValidationFailed) as info:
        request(shop, customer=prospect)
    assert info.value.errors[0].code == "dispatch.customer_not_selected"
    assert "待提名" in info.value.errors[0].message
    assert count(branch, DispatchNote) == 0


def test_delivered_quantities_are_checked(branch: Branch) -> None:
    shop = make_shop(branch)
    note_id = ready_note(shop)
    release(shop, note_id)
    for bad in ({1: 26}, {1: -1}, {2: 1}, {1: 0}):
        with pytest.raises(ValidationFailed):
            deliver(shop, note_id, bad)
    with pytest.raises(ValidationFailed):
        svc.confirm_delivery(
            branch.db,
            branch.actor(Role.SALES_REP),
            note_id,
            None,
            TODAY + timedelta(days=1),
        )
    assert count(branch, Slip) == 0
    assert deliver(shop, note_id, {1: 20}).lines[0].delivered_quantity == 20


# --------------------------------------------------------------------------------------------
# The release check, rule by rule, on the real databases
# --------------------------------------------------------------------------------------------


def codes(result: ReleaseResult) -> list[str]:
    return [f.code for f in result.decision.failures]


def test_rule1_customer_on_hold_or_not_selected(branch: Branch) -> None:
    shop = make_shop(branch)
    note_id = ready_note(shop, "cash")
    set_customer(branch, shop.customer_id, on_hold=True)
    result = release(shop, note_id)
    assert not result.released and codes(result) == ["release.customer_on_hold"]
    set_customer(branch, shop.customer_id, on_hold=False, status="terminated")
    result = release(shop, note_id)
    assert codes(result) == ["release.customer_not_selected"]
    failure = result.decision.failures[0]
    assert failure.numbers["status"] == Term("customer.status", "terminated")
    assert failure.message == "客户“上海康健医药有限公司”未选定（当前状态：已终止）"
    # Refused releases leave the note unchanged and are audited with their failures.
    assert svc.get_dispatch(branch.db, branch.actor(Role.CASHIER), note_id).status == "assigned"
    refused = audits(branch, "release_refused")
    assert len(refused) == 2
    assert (refused[0].after or {})["failures"][0]["code"] == "release.customer_on_hold"


def test_rule2_unsigned_and_driverless_notes(branch: Branch) -> None:
    shop = make_shop(branch)
    note = request(shop, "cash", [(shop.goods_id, 1, "5.00", None)])
    result = release(shop, note.id)
    assert codes(result) == ["release.not_approved", "release.no_driver"]
    svc.approve_dispatch(branch.db, branch.actor(Role.SALES_MANAGER), note.id)
    assert codes(release(shop, note.id)) == ["release.no_driver"]


def test_rule3_factory_price_raised_after_the_request(branch: Branch) -> None:
    shop = make_shop(branch)
    note_id = ready_note(shop, "cash", "50.00")  # 10 × 5.00
    with branch.db.write() as s:
        s.get(Product, shop.goods_id).factory_price = Decimal("5.20")  # type: ignore[union-attr]
    result = release(shop, note_id)
    assert codes(result) == ["release.below_factory_price"]
    numbers = result.decision.failures[0].numbers
    assert (numbers["unit_price"], numbers["factory_price"]) == (Decimal("5.00"), Decimal("5.20"))
    assert numbers["line"] == "1" and numbers["product"] == "维生素C咀嚼片"


def test_rule4_credit_needs_contract_grade_and_channel(branch: Branch) -> None:
    no_contract = make_shop(branch, name="甲医药公司", terms=None)
    assert codes(release(no_contract, ready_note(no_contract))) == ["release.no_contract"]
    cash_contract = make_shop(branch, name="乙医药公司", terms="cash")
    assert codes(release(cash_contract, ready_note(cash_contract))) == [
        "release.contract_cash_terms"
    ]
    grade5 = make_shop(branch, name="丙医药公司", grade=5, limit=None)
    assert codes(release(grade5, ready_note(grade5))) == [
        "release.grade_no_credit",
        "release.no_limit",
    ]
    private = make_shop(branch, name="丁医药公司", channel="私营", grade=4, limit="5000.00")
    assert codes(release(private, ready_note(private))) == ["release.channel_no_credit"]
    credit.grant_credit_exception(
        branch.db,
        branch.actor(Role.BRANCH_GM),
        private.customer_id,
        MONTH,
        date(2026, 12, 31),
        "大客户，总经理批准",
    )
    assert release(private, ready_note(private)).released
    # For cash, none of this matters.
    assert release(grade5, ready_note(grade5, "cash")).released


@pytest.mark.parametrize("terms", ["clear_before_credit", "agreed"])
def test_rule5_clear_before_the_next_delivery(branch: Branch, terms: str) -> None:
    """前清后送 for every agreed-payment customer (not only the clear-before-credit contract),
    and for the next delivery whatever it is: cash goods wait too."""
    shop = make_shop(branch, terms=terms)
    first = ready_note(shop, amount="100.00")
    assert release(shop, first).released
    second = ready_note(shop, amount="100.00")
    cash = ready_note(shop, "cash", amount="30.00")
    result = release(shop, second)  # the first is out, not even slipped
    assert codes(result) == ["release.previous_unpaid"]
    assert result.decision.failures[0].numbers == {
        "customer": "上海康健医药有限公司",
        "document": "SH-DN-2026-000001",
        "date": "2026-11-26",
        "owed": Decimal("100.00"),
    }
    assert codes(release(shop, cash)) == ["release.previous_unpaid"]
    deliver(shop, first)
    result = release(shop, second)
    assert result.decision.failures[0].numbers["document"] == "SH-CS-2026-000001"
    assert result.decision.failures[0].message == (
        "前清后送：客户“上海康健医药有限公司”上一笔发货SH-CS-2026-000001（2026-11-26）"
        "尚欠100.00，结清后才能再发货"
    )
    pay(branch, "SH-CS-2026-000001", "60.00")
    result = release(shop, second)
    assert codes(result) == ["release.previous_unpaid"]
    assert result.decision.failures[0].numbers["owed"] == Decimal("40.00")
    pay(branch, "SH-CS-2026-000001", "40.00")
    assert release(shop, cash).released  # cleared: the next goes out, cash …
    assert codes(release(shop, second)) == ["release.previous_unpaid"]  # … and it is the next


def test_rule5_a_customer_without_agreed_terms_is_not_under_it(branch: Branch) -> None:
    shop = make_shop(branch, grade=None, terms=None, limit=None)  # cash on delivery
    assert release(shop, ready_note(shop, "cash")).released
    assert release(shop, ready_note(shop, "cash")).released


def test_rule5_a_slip_overdue_by_a_month_blocks_credit(branch: Branch, clock: FixedClock) -> None:
    """The issue's case: agreed terms (30 days), a credit slip unpaid a month after its due
    date. It was released with no failure and no warning; now it is refused, naming the slip,
    its due date and the days overdue."""
    shop = make_shop(branch, terms="agreed")
    first = ready_note(shop, amount="100.00")
    assert release(shop, first).released
    slip = deliver(shop, first).slip_numbers[0]  # due 2026-12-26
    clock.set(date(2027, 1, 26))  # a month past due, in a month with its own limit
    set_limit(branch, shop.customer_id, "10000.00")
    note = ready_note(shop, amount="100.00")
    result = release(shop, note)
    assert not result.released and result.decision.warnings == ()
    assert codes(result) == ["release.previous_unpaid", "release.slip_overdue"]
    overdue = result.decision.failures[1]
    assert overdue.rule == 5
    assert overdue.numbers == {
        "slip": slip,
        "due": "2026-12-26",
        "days": "31",
        "owed": Decimal("100.00"),
    }
    assert overdue.message == (
        f"赊销单{slip}已逾期31天（到期日2026-12-26，尚欠100.00），逾期未清不得再赊销"
    )
    pay(branch, slip, "100.00")
    assert release(shop, note).released


def test_rule6_limit_exactly_and_one_cent_over(branch: Branch) -> None:
    shop = make_shop(branch, limit="1000.00")
    over = ready_note(shop, amount="1000.01")
    result = release(shop, over)
    assert codes(result) == ["release.over_limit"]
    n = result.decision.failures[0].numbers
    assert (n["exposure"], n["amount"], n["after"], n["limit"], n["over"]) == (
        Decimal("0.00"),
        Decimal("1000.01"),
        Decimal("1000.01"),
        Decimal("1000.00"),
        Decimal("0.01"),
    )
    assert result.decision.failures[0].message == (
        "超出授信额度：敞口0.00＋本单1000.01＝1000.01，本月额度1000.00，超出0.01"
    )
    exact = ready_note(shop, amount="1000.00")
    result = release(shop, exact)
    assert result.released and result.decision.headroom == Decimal("0.00")
    assert [w.code for w in result.decision.warnings] == ["release.near_limit"]
    # With goods out, the exposure counts: the next note fails both rules, with the numbers.
    result = release(shop, ready_note(shop, amount="5.00"))
    assert codes(result) == ["release.previous_unpaid", "release.over_limit"]
    assert result.decision.failures[1].numbers["exposure"] == Decimal("1000.00")


def test_rule6_no_limit_unlimited_and_zero(branch: Branch) -> None:
    none = make_shop(branch, name="无额度医药公司", limit=None)
    result = release(none, ready_note(none))
    assert codes(result) == ["release.no_limit"]
    assert result.decision.failures[0].numbers["month"] == "2026-11"
    assert release(none, ready_note(none, "cash")).released  # cash only: cash works

    grade1 = make_shop(branch, name="国大药房连锁", grade=1, limit=None, unlimited=True)
    assert release(grade1, ready_note(grade1, amount="990000.00")).released

    zero = make_shop(branch, name="零额度医药公司", limit="0.00")
    result = release(zero, ready_note(zero, amount="5.00"))
    assert codes(result) == ["release.over_limit"]


def test_rule6_month_end_receivable_cap(branch: Branch) -> None:
    """月末应收款限额: the agreed-payment contract's cap, checked at release like the limit;
    a contract without one (recorded before the cap existed) gives no credit."""
    shop = make_shop(branch, limit="10000.00")
    with branch.db.write() as s:
        contract = s.execute(
            select(Contract).where(Contract.customer_id == shop.customer_id)
        ).scalar_one()
        contract.month_end_cap = Decimal("3000.00")
        number = contract.number
    result = release(shop, ready_note(shop, amount="3000.05"))
    assert codes(result) == ["release.over_month_end_cap"]
    assert result.decision.failures[0].numbers == {
        "exposure": Decimal("0.00"),
        "amount": Decimal("3000.05"),
        "after": Decimal("3000.05"),
        "cap": Decimal("3000.00"),
        "over": Decimal("0.05"),
        "contract": number,
    }
    assert result.decision.failures[0].message == (
        f"超出月末应收款限额：敞口0.00＋本单3000.05＝3000.05，合同{number}约定限额3000.00，超出0.05"
    )
    assert release(shop, ready_note(shop, amount="3000.00")).released
    with branch.db.write() as s:
        s.execute(
            select(Contract).where(Contract.customer_id == shop.customer_id)
        ).scalar_one().month_end_cap = None
    result = release(shop, ready_note(shop, amount="5.00"))
    assert codes(result) == ["release.previous_unpaid", "release.no_month_end_cap"]
    assert result.decision.failures[1].message == f"合同{number}未约定月末应收款限额，不能赊销"
    assert codes(release(shop, ready_note(shop, "cash", amount="5.00"))) == [
        "release.previous_unpaid"
    ]


def test_rule7_near_limit_warns_but_releases(branch: Branch) -> None:
    shop = make_shop(branch, limit="1000.00")
    first = ready_note(shop, amount="799.99")
    below = release(shop, first)
    assert below.released and below.decision.warnings == ()
    pay_off(shop, first)
    at = release(shop, ready_note(shop, amount="800.00"))  # exactly at the threshold
    assert at.released and [w.code for w in at.decision.warnings] == ["release.near_limit"]
    assert at.decision.warnings[0].numbers["threshold"] == Decimal("800.00")


def test_voided_slips_and_payments_free_the_headroom(branch: Branch) -> None:
    from kehu_desktop.services.slips import void_slip

    shop = make_shop(branch, limit="1000.00")
    first = ready_note(shop, amount="900.00")
    release(shop, first)
    deliver(shop, first)
    blocked = ready_note(shop, amount="200.00")
    assert codes(release(shop, blocked)) == ["release.previous_unpaid", "release.over_limit"]
    pay(branch, "SH-CS-2026-000001", "150.00")
    assert codes(release(shop, blocked)) == ["release.previous_unpaid"]  # 950: within
    pay(branch, "SH-CS-2026-000001", "750.00")
    assert release(shop, blocked).released
    other = ready_note(shop, amount="300.00")
    cashier = branch.actor(Role.CASHIER)
    assert preview_release(branch.db, cashier, other).exposure == Decimal("200.00")
    # Voiding frees the slip's money (it becomes credit) and the note's goods count again …
    void_slip(branch.db, branch.actor(Role.ACCOUNTANT), "SH-CS-2026-000001", "开错")
    assert preview_release(branch.db, cashier, other).exposure == Decimal("1100.00")
    # … until the corrected slip is issued, which the freed money pays at once.
    assert deliver(shop, first).slip_numbers[-1] == "SH-CS-2026-000002"
    decision = preview_release(branch.db, cashier, other)
    assert decision.exposure == Decimal("200.00")  # 900 paid by the freed money + 200 released
    assert decision.position is not None
    assert [(i.kind, i.number, i.amount) for i in decision.position.exposure.items] == [
        ("dispatch", "SH-DN-2026-000002", Decimal("200.00")),
    ]


def test_every_rule_together(branch: Branch) -> None:
    shop = make_shop(branch, channel="私营", grade=5, terms="clear_before_credit", limit="0.00")
    first = ready_note(shop, amount="10.00")
    with branch.db.write() as s:  # force the previous credit delivery out, unpaid
        row = s.get(DispatchNote, first)
        assert row is not None
        row.status = "released"
    note = request(shop, "credit", [(shop.goods_id, 2, "5.00", None)])
    with branch.db.write() as s:
        s.get(Product, shop.goods_id).factory_price = Decimal("6.00")  # type: ignore[union-attr]
    set_customer(branch, shop.customer_id, on_hold=True, status="terminated")
    result = release(shop, note.id)
    assert not result.released
    assert codes(result) == [
        "release.customer_not_selected",
        "release.customer_on_hold",  # 1
        "release.not_approved",
        "release.no_driver",  # 2
        "release.below_factory_price",  # 3
        "release.grade_no_credit",
        "release.channel_no_credit",  # 4
        "release.previous_unpaid",  # 5
        "release.over_limit",  # 6
    ]
    assert [f.rule for f in result.decision.failures] == [1, 1, 2, 2, 3, 4, 4, 5, 6]
    assert result.decision.failures[-1].numbers["after"] == Decimal("20.00")


def test_refused_release_writes_nothing_but_the_audit(branch: Branch) -> None:
    shop = make_shop(branch, limit="100.00")
    note_id = ready_note(shop, amount="200.00")
    outbox = count(branch, OutboxOp)
    result = release(shop, note_id)
    assert not result.released and result.note.status == "assigned"
    assert count(branch, OutboxOp) == outbox
    record = audits(branch, "release_refused")[-1]
    assert record.entity_id == str(note_id) and record.username == "cashier"
    assert (record.after or {})["failures"][0]["numbers"]["over"] == "100.00"
