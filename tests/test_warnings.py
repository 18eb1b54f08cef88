"""Early warnings (issue 9, step 9): each kind found with its numbers, routed by grade, one row
per condition however often the job runs, cleared when the condition goes and reopened when it
comes back; the owner answers and closes, nobody else. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from kehu_desktop.domain import warnings as wrules
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.models import EarlyWarning
from kehu_desktop.models import Slip
from kehu_desktop.services import credit
from kehu_desktop.services import warnings
from kehu_desktop.services.base import Actor
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import Shop
from tests.factories import add_contract
from tests.factories import count
from tests.factories import deliver
from tests.factories import make_shop
from tests.factories import pay
from tests.factories import ready_note
from tests.factories import release
from tests.factories import set_grade

D = Decimal


def run(branch: Branch) -> warnings.JobReport:
    return warnings.run_warnings(branch.db, Actor.system(branch.branch_id))


def open_kinds(branch: Branch, cid: uuid.UUID) -> dict[tuple[str, str], EarlyWarning]:
    with branch.db.read() as s:
        rows = s.scalars(select(EarlyWarning).where(EarlyWarning.customer_id == cid)).all()
        return {(w.kind, w.subject): w for w in rows if w.status == "open" and not w.cleared_at}


def sold(
    shop: Shop, amount: str, *, issued: date, due: date | None = None, copy3: bool = True
) -> str:
    """A credit sale delivered, its slip dated ``issued`` (due ``due``), copy ③ back unless
    ``copy3`` is False."""
    note = ready_note(shop, "credit", amount)
    assert release(shop, note).released
    number = deliver(shop, note).slip_numbers[-1]
    with shop.branch.db.write() as s:
        slip = s.scalars(select(Slip).where(Slip.number == number)).one()
        slip.issue_date, slip.due_date = issued, due or issued + timedelta(days=30)
        if copy3:
            slip.copy3_returned_at = shop.branch.db.clock.now()
    return number


# --------------------------------------------------------------------------------------------
# The rules, pure
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade", [1, 2, 3, 4, 5, None])
def test_the_routing_matrix_every_kind_by_grade(grade: int | None) -> None:
    today = date(2026, 11, 26)
    facts = wrules.CustomerFacts(
        uuid.uuid4(),
        grade=grade,
        limit=D("10000.00"),
        exposure=D("9000.00"),
        overdue_count=1,
        overdue_amount=D("500.00"),
        overdue_days=12,
        last_purchase=today - timedelta(days=70),
        contract_end=today + timedelta(days=10),
        copy3_missing=2,
        copy3_oldest=today - timedelta(days=20),
    )
    found = {c.kind for c in wrules.conditions(facts, today, wrules.WarningSettings())}
    assert found == set(wrules.KINDS) - {"sales_falling"}  # churn first: no purchase in 70 days
    falling = wrules.CustomerFacts(
        uuid.uuid4(),
        grade=grade,
        last_purchase=today - timedelta(days=20),
        bought_30=D("100.00"),
        bought_prior_30=D("1000.00"),
        purchase_days=5,
        first_purchase_in_history=today - timedelta(days=60),  # every 10 days: 20 is 2x
    )
    subjects = [c.subject for c in wrules.conditions(falling, today, wrules.WarningSettings())]
    assert subjects == ["drop"]  # 20 days is not *over* twice the usual 10
    expected = {
        1: Role.REGIONAL_MANAGER,
        2: Role.MARKETING_DIRECTOR,
        3: Role.BRANCH_GM,
        4: Role.SALES_MANAGER,
        5: Role.SALES_MANAGER,
        None: Role.SALES_MANAGER,
    }
    assert wrules.owner_role(grade) is expected[grade]


def test_thresholds_are_the_settings() -> None:
    today = date(2026, 11, 26)
    rules = wrules.WarningSettings(near_limit_ratio=D("0.90"), churn_days=30, contract_days=5)
    facts = wrules.CustomerFacts(
        uuid.uuid4(),
        limit=D("10000.00"),
        exposure=D("8500.00"),  # 85 %: under 90
        last_purchase=today - timedelta(days=30),
        contract_end=today + timedelta(days=6),
    )
    assert [c.kind for c in wrules.conditions(facts, today, rules)] == ["churn"]
    assert [c.kind for c in wrules.conditions(facts, today, wrules.WarningSettings())] == [
        "near_limit",
        "contract_expiring",
    ]


def test_behind_plan_by_the_plans_pace_from_the_set_day() -> None:
    rules = wrules.WarningSettings()
    behind = wrules.CustomerFacts(
        uuid.uuid4(),
        last_purchase=date(2026, 11, 2),
        planned_purchase=D("30000.00"),
        bought_month=D("4000.00"),
    )
    # 26 November: the pace is 30000 x 26/30 = 26000; 4000 is under half of it.
    found = wrules.conditions(behind, date(2026, 11, 26), rules)
    assert [(c.kind, c.subject) for c in found] == [("sales_falling", "plan")]
    assert found[0].numbers == {
        "planned": "30000.00",
        "pace": "26000.00",
        "bought": "4000.00",
        "day": "26",
        "ratio": "0.50",
    }
    # On the 9th it is not judged yet (the set day is the 10th); on the 10th 4000 is 40 % of
    # the pace of 10000: behind; at exactly half the pace it is not.
    assert wrules.conditions(behind, date(2026, 11, 9), rules) == []
    assert [c.subject for c in wrules.conditions(behind, date(2026, 11, 10), rules)] == ["plan"]
    on_pace = dataclasses.replace(behind, bought_month=D("5000.00"))
    assert wrules.conditions(on_pace, date(2026, 11, 10), rules) == []
    # A customer that never bought is behind its plan too; one that churned is churn only.
    never = dataclasses.replace(behind, last_purchase=None, bought_month=D("0.00"))
    assert [c.subject for c in wrules.conditions(never, date(2026, 11, 26), rules)] == ["plan"]
    churned = dataclasses.replace(behind, last_purchase=date(2026, 9, 1))
    assert [c.kind for c in wrules.conditions(churned, date(2026, 11, 26), rules)] == ["churn"]
    # No plan, or a plan of nothing to buy: nothing to be behind.
    assert wrules.conditions(dataclasses.replace(behind, planned_purchase=None), TODAY, rules) == []
    zero = dataclasses.replace(behind, planned_purchase=D("0.00"))
    assert wrules.conditions(zero, TODAY, rules) == []
    # The settings move the line: from the 27th, or at a fifth of the pace, 26 Nov is fine.
    later = wrules.WarningSettings(plan_from_day=27)
    assert wrules.conditions(behind, date(2026, 11, 26), later) == []
    lenient = wrules.WarningSettings(plan_pace_ratio=D("0.15"))
    assert wrules.conditions(behind, date(2026, 11, 26), lenient) == []


# --------------------------------------------------------------------------------------------
# The job on a branch
# --------------------------------------------------------------------------------------------


def test_the_job_finds_each_condition_with_its_numbers_and_owner(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="10000.00")
    cid = shop.customer_id
    day = TODAY - timedelta(days=40)
    sold(shop, "8500.00", issued=day, due=TODAY - timedelta(days=10), copy3=False)
    report = run(branch)
    assert report.opened == 4
    found = open_kinds(branch, cid)
    near = found[("near_limit", "")]
    assert near.numbers == {
        "exposure": "8500.00",
        "limit": "10000.00",
        "percent": "85",
        "ratio": "0.80",
    }
    assert near.owner_role == "branch_gm" and near.grade == 3
    overdue = found[("overdue", "")].numbers
    assert overdue == {"slips": "1", "amount": "8500.00", "days": "10"}
    copy3 = found[("copy3_missing", "")].numbers
    assert copy3["slips"] == "1" and copy3["oldest"] == str(TODAY - timedelta(days=40))
    drop = found[("sales_falling", "drop")].numbers  # 40 days ago, nothing since
    assert (drop["last_30"], drop["prior_30"]) == ("0.00", "8500.00")
    shown = warnings.list_warnings(branch.db, branch.actor(Role.BRANCH_GM))
    assert {w.kind for w in shown} == {"near_limit", "overdue", "copy3_missing", "sales_falling"}
    text = next(w.text for w in shown if w.kind == "near_limit")
    assert text == "敞口8500.00元，已达本月额度10000.00元的85%"
    # The sales manager owns none of them (grade 3 goes to the GM); the accountant sees them all.
    assert warnings.list_warnings(branch.db, branch.actor(Role.SALES_MANAGER)) == []
    everyone = warnings.list_warnings(branch.db, branch.actor(Role.ACCOUNTANT), mine=False)
    assert len(everyone) == 4


def test_run_twice_opens_nothing_twice_clears_and_reopens(branch: Branch) -> None:
    shop = make_shop(branch, grade=4, limit="10000.00")
    cid = shop.customer_id
    number = sold(shop, "9000.00", issued=TODAY, due=TODAY + timedelta(days=30))
    first = run(branch)
    assert first.opened == 1  # near the limit, nothing else
    again = run(branch)
    assert (again.opened, again.reopened, again.refreshed, again.cleared) == (0, 0, 0, 0)
    assert count(branch, EarlyWarning) == 1
    warning = open_kinds(branch, cid)[("near_limit", "")]
    assert warning.owner_role == "sales_manager"

    # Answered and closed while the exposure stays: it stays closed, run after run.
    owner = branch.actor(Role.SALES_MANAGER)
    warnings.respond_warning(branch.db, owner, warning.id, "客户季末集中进货", "催收上月货款")
    warnings.close_warning(branch.db, owner, warning.id, "已与客户约定月底前付款")
    assert run(branch).changed == 0
    with branch.db.read() as s:
        assert s.get(EarlyWarning, warning.id).status == "closed"  # type: ignore[union-attr]

    # Paid: the condition clears. Bought again up to the line: the same row reopens, with the
    # first round kept in its history.
    pay(branch, number, "9000.00")
    assert run(branch).cleared == 1
    sold(shop, "8200.00", issued=TODAY)
    report = run(branch)
    assert (report.opened, report.reopened) == (0, 1)
    assert count(branch, EarlyWarning) == 1
    with branch.db.read() as s:
        row = s.get(EarlyWarning, warning.id)
        assert row is not None and row.status == "open" and row.times_opened == 2
        assert row.numbers["exposure"] == "8200.00" and row.investigation is None
        assert [h["closing"] for h in row.history] == ["已与客户约定月底前付款"]


def test_churn_falling_sales_and_a_contract_ending(branch: Branch) -> None:
    shop = make_shop(branch, grade=2, limit="100000.00")
    cid = shop.customer_id
    for days in (100, 90, 80, 70):  # every 10 days, then nothing
        number = sold(shop, "1000.00", issued=TODAY - timedelta(days=days))
        pay(branch, number, "1000.00")
    run(branch)
    found = open_kinds(branch, cid)
    assert set(found) == {("churn", "")}
    assert found[("churn", "")].numbers == {"last": str(TODAY - timedelta(days=70)), "days": "70"}
    assert found[("churn", "")].owner_role == "marketing_director"

    number = sold(shop, "200.00", issued=TODAY - timedelta(days=45))  # back, then silent again
    pay(branch, number, "200.00")
    run(branch)
    found = open_kinds(branch, cid)
    assert set(found) == {("sales_falling", "interval"), ("sales_falling", "drop")}
    interval = found[("sales_falling", "interval")].numbers  # 55 days over 4 gaps
    assert interval == {"days": "45", "usual": "13.8", "factor": "2"}
    with branch.db.read() as s:  # churn went when the customer bought again
        churn = s.scalars(select(EarlyWarning).where(EarlyWarning.kind == "churn")).one()
        assert churn.cleared_at is not None

    add_contract(branch, cid, valid_to=TODAY + timedelta(days=20))
    with branch.db.write() as s:  # the make_shop contract runs to 2027; end it
        from kehu_desktop.models import Contract

        for c in s.scalars(select(Contract).where(Contract.customer_id == cid)):
            if c.valid_to > TODAY + timedelta(days=20):
                c.ended_at = branch.db.clock.now()
    run(branch)
    ending = open_kinds(branch, cid)[("contract_expiring", "")]
    assert ending.numbers == {"ends": str(TODAY + timedelta(days=20)), "days": "20"}
    # The renewal, signed to start when this one ends: nothing is expiring any more.
    credit.record_contract(
        branch.db,
        branch.actor(Role.BRANCH_GM),
        cid,
        credit.ContractInput(
            number="HT-RENEWAL-1",
            payment_terms="agreed",
            term_days=30,
            signer="branch_gm",
            signer_role="branch_gm",
            signed_date=TODAY,
            valid_from=TODAY + timedelta(days=21),
            valid_to=TODAY + timedelta(days=400),
            month_end_cap="1000000.00",
        ),
    )
    run(branch)
    assert ("contract_expiring", "") not in open_kinds(branch, cid)


def test_a_grade_change_routes_the_next_round(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="10000.00")
    number = sold(shop, "9000.00", issued=TODAY)
    run(branch)
    warning = open_kinds(branch, shop.customer_id)[("near_limit", "")]
    assert warning.owner_role == "branch_gm"
    gm = branch.actor(Role.BRANCH_GM)
    warnings.respond_warning(branch.db, gm, warning.id, "调查", "措施")
    warnings.close_warning(branch.db, gm, warning.id, "结论")
    pay(branch, number, "9000.00")
    run(branch)
    set_grade(branch, shop.customer_id, 4)
    credit_limit = credit.credit_position(branch.db, gm, shop.customer_id).limit
    assert credit_limit == D("10000.00")
    sold(shop, "8500.00", issued=TODAY)
    run(branch)
    reopened = open_kinds(branch, shop.customer_id)[("near_limit", "")]
    assert reopened.owner_role == "sales_manager" and reopened.grade == 4


def test_only_the_owner_answers_and_a_closing_needs_a_response(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="10000.00")
    sold(shop, "9000.00", issued=TODAY)
    run(branch)
    wid = open_kinds(branch, shop.customer_id)[("near_limit", "")].id
    for role in (Role.SALES_MANAGER, Role.MARKETING_DIRECTOR):
        with pytest.raises(Forbidden) as other:
            warnings.respond_warning(branch.db, branch.actor(role), wid, "x", "y")
        assert "总经理" in str(other.value)
    with pytest.raises(Forbidden):  # the cashier may see, not answer
        warnings.respond_warning(branch.db, branch.actor(Role.CASHIER), wid, "x", "y")
    gm = branch.actor(Role.BRANCH_GM)
    with pytest.raises(ValidationFailed) as blank:
        warnings.respond_warning(branch.db, gm, wid, " ", "")
    assert {e.field for e in blank.value.errors} == {"investigation", "action"}
    with pytest.raises(Conflict) as early:
        warnings.close_warning(branch.db, gm, wid, "已处理")
    assert early.value.code == "warning.no_response"
    with pytest.raises(ValidationFailed) as no_closing:
        warnings.close_warning(branch.db, gm, wid, "")
    assert no_closing.value.errors[0].field == "closing"
    with branch.db.read() as s:
        row = s.get(EarlyWarning, wid)
        assert row is not None and row.responded_at is None and row.status == "open"
    done = warnings.respond_warning(branch.db, gm, wid, "客户扩大经营", "申请提高额度")
    assert done.responded_by == "branch_gm用户"
    closed = warnings.close_warning(branch.db, gm, wid, "额度已批准提高")
    assert closed.status == "closed" and closed.closed_by == "branch_gm用户"
    with pytest.raises(Conflict):
        warnings.close_warning(branch.db, gm, wid, "再关一次")


def test_behind_this_months_plan_from_the_slips(branch: Branch) -> None:
    from kehu_desktop.models import DistributionPlan
    from kehu_desktop.services.base import put_setting

    shop = make_shop(branch, grade=4, limit="40000.00")
    cid = shop.customer_id
    pay(branch, sold(shop, "3000.00", issued=date(2026, 11, 5)), "3000.00")
    pay(branch, sold(shop, "2000.00", issued=date(2026, 10, 30)), "2000.00")  # October's
    voided = sold(shop, "9000.00", issued=date(2026, 11, 20))  # voided: not bought
    with branch.db.write() as s:
        s.scalars(select(Slip).where(Slip.number == voided)).one().status = "voided"
        # November's plan, as it was filed in October (a month that has begun takes none).
        s.add(
            DistributionPlan(
                customer_id=cid,
                month=date(2026, 11, 1),
                purchase_plan=D("12000.00"),
                filed_by=branch.actor(Role.SALES_MANAGER).user_id,
            )
        )
    run(branch)
    plan = open_kinds(branch, cid)[("sales_falling", "plan")]
    # 26 November: the pace is 12000 x 26/30 = 10400; 3000 bought this month.
    assert plan.numbers == {
        "planned": "12000.00",
        "pace": "10400.00",
        "bought": "3000.00",
        "day": "26",
        "ratio": "0.50",
    }
    assert plan.owner_role == "sales_manager"
    shown = warnings.list_warnings(branch.db, branch.actor(Role.SALES_MANAGER))
    text = next(w.text for w in shown if w.subject == "plan")
    assert text == (
        "本月分销计划进货12000.00元，按进度到26日应达10400.00元，实际进货3000.00元，不足进度的0.50"
    )
    # Head office lowers the line to a quarter of the pace: 3000 is over 2600, the warning clears.
    with branch.db.write() as s:
        put_setting(s, "warning.plan_pace_ratio", "0.25")
    assert run(branch).cleared == 1


def test_the_exposure_of_partly_paid_reversed_voided_and_unslipped(branch: Branch) -> None:
    """The job sums the ledger as services.credit does: what each issued slip still owes after
    its allocations (a reversal's negative rows included), nothing for a voided slip (its note
    counts as released and not slipped), and the released notes with no slip. A customer who
    is not selected is not looked at."""
    from kehu_desktop.models import PaymentAllocation

    shop = make_shop(branch, grade=3, limit="5000.00")
    other = make_shop(branch, name="上海仁和大药房有限公司", grade=3, limit="5000.00")
    cid = shop.customer_id
    past = TODAY - timedelta(days=40)
    paid = sold(shop, "1000.00", issued=past, due=past)
    pay(branch, paid, "1000.00")
    partly = sold(shop, "3000.00", issued=past, due=TODAY - timedelta(days=10))
    pay(branch, partly, "3000.00")
    voided = sold(shop, "2000.00", issued=past)
    pay(branch, voided, "2000.00")
    pay(branch, sold(other, "4500.00", issued=TODAY), "1.00")
    assert release(shop, ready_note(shop, "credit", "700.00")).released  # not delivered yet
    with branch.db.write() as s:
        slips = {x.number: x for x in s.scalars(select(Slip).where(Slip.customer_id == cid))}
        first = s.scalars(
            select(PaymentAllocation).where(PaymentAllocation.slip_id == slips[partly].id)
        ).one()
        # 1800.00 of the payment reversed: the slip owes it again, ten days past due.
        s.add(
            PaymentAllocation(
                payment_id=first.payment_id,
                slip_id=first.slip_id,
                amount=D("-1800.00"),
                allocated_on=TODAY,
            )
        )
        slips[voided].status = "voided"
        other_customer = s.get(Customer, other.customer_id)
        assert other_customer is not None
        other_customer.status = "terminated"
    run(branch)
    with branch.db.read() as s:
        ledger = credit.exposure_in(s, cid)
    assert (ledger.unpaid_slips, ledger.released_not_slipped) == (D("1800.00"), D("2700.00"))
    found = open_kinds(branch, cid)
    assert found[("near_limit", "")].numbers["exposure"] == "4500.00" == str(ledger.total)
    assert found[("overdue", "")].numbers == {"slips": "1", "amount": "1800.00", "days": "10"}
    assert open_kinds(branch, other.customer_id) == {}
