"""Withdrawing a dealership (issue 9, step 8 through step 1's chain): the sales manager proposes
with a reason, the branch GM reviews, head office's marketing head decides (approval is the
termination with its change-form entry 减, or a refusal); each step recorded and audited; the
refusals (role, state, comment); the plans' flag prefilling the reason; the counts of 我的待办.
On SQLite and PostgreSQL (head-office mode with sync: tests/test_sync_push_pull.py)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import ChangeFormEntry
from kehu_desktop.models import Customer
from kehu_desktop.models import SelectionStep
from kehu_desktop.services import my_work as work
from kehu_desktop.services import plans
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import withdrawal
from tests.factories import Branch
from tests.factories import audits
from tests.factories import count
from tests.factories import make_shop
from tests.factories import new_customer
from tests.factories import new_selected_customer
from tests.factories import pay
from tests.test_warnings import sold

TODAY = date(2026, 11, 26)
D = Decimal


def stage(branch: Branch, cid: uuid.UUID) -> str | None:
    found = withdrawal.withdrawal_stages(branch.db, branch.actor(Role.CLERK), [cid])
    return found.get(cid)


def queue(branch: Branch, role: Role, stage: str) -> list[uuid.UUID]:
    return [r.id for r in withdrawal.withdrawal_queue(branch.db, branch.actor(role), stage)]


def work_count(branch: Branch, role: Role) -> int:
    items = {i.key: i for i in work.my_work(branch.db, branch.actor(role))}
    return items["withdrawals"].count if "withdrawals" in items else 0


def test_the_chain_end_to_end_terminates_with_a_change_form_entry(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海长期低于计划医药有限公司")
    manager, gm = branch.actor(Role.SALES_MANAGER), branch.actor(Role.BRANCH_GM)
    head = branch.actor(Role.MARKETING_HEAD)
    assert stage(branch, cid) is None and work_count(branch, Role.BRANCH_GM) == 0

    withdrawal.propose_withdrawal(branch.db, manager, cid, "  连续三个月未完成分销计划  ")
    assert stage(branch, cid) == withdrawal.PROPOSED
    assert queue(branch, Role.BRANCH_GM, withdrawal.PROPOSED) == [cid]
    assert queue(branch, Role.MARKETING_HEAD, withdrawal.REVIEWED) == []
    assert work_count(branch, Role.BRANCH_GM) == 1
    assert work_count(branch, Role.MARKETING_HEAD) == 0

    withdrawal.review_withdrawal(branch.db, gm, cid, Decision.APPROVE)  # no comment needed
    assert stage(branch, cid) == withdrawal.REVIEWED
    assert queue(branch, Role.BRANCH_GM, withdrawal.PROPOSED) == []
    assert queue(branch, Role.MARKETING_HEAD, withdrawal.REVIEWED) == [cid]
    assert work_count(branch, Role.BRANCH_GM) == 0
    assert work_count(branch, Role.MARKETING_HEAD) == 1
    with branch.db.read() as s:
        assert s.get(Customer, cid).status == "selected"  # type: ignore[union-attr]

    # Head office approves without a comment: the termination's reason is the proposal's.
    decided = withdrawal.decide_withdrawal(branch.db, head, cid, Decision.APPROVE)
    assert decided.status == "terminated"
    assert stage(branch, cid) is None
    assert queue(branch, Role.MARKETING_HEAD, withdrawal.REVIEWED) == []
    assert work_count(branch, Role.MARKETING_HEAD) == 0
    f = get_customer(branch.db, branch.actor(Role.CLERK), cid)
    assert [(st.step, st.decision, st.comment) for st in f.selection_steps][3:] == [
        ("withdraw_propose", "approved", "连续三个月未完成分销计划"),
        ("withdraw_review", "approved", None),
        ("terminate", "approved", "连续三个月未完成分销计划"),
    ]
    assert [st.user for st in f.selection_steps][3:] == [
        "sales_manager用户",
        "branch_gm用户",
        "marketing_head用户",
    ]
    with branch.db.read() as s:
        entries = s.scalars(select(ChangeFormEntry).where(ChangeFormEntry.customer_id == cid)).all()
        assert sorted(e.kind for e in entries) == ["add", "remove"]
        removed = next(e for e in entries if e.kind == "remove")
        assert removed.reason == "连续三个月未完成分销计划"
        assert removed.approved_by == head.user_id
    for action in ("customer_withdraw_propose", "customer_withdraw_review", "customer_terminate"):
        assert [a.entity_id for a in audits(branch, action)][-1] == str(cid), action
    assert audits(branch, "customer_withdraw_review")[-1].user_id == gm.user_id
    # Terminated: no further proposal.
    with pytest.raises(Conflict) as ended:
        withdrawal.propose_withdrawal(branch.db, manager, cid, "再提")
    assert ended.value.code == "selection.bad_state"


def test_refusals_change_nothing(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海拒绝测试医药有限公司")
    prospect = new_customer(branch, "上海未入选医药有限公司")
    manager, gm = branch.actor(Role.SALES_MANAGER), branch.actor(Role.BRANCH_GM)
    head = branch.actor(Role.MARKETING_HEAD)
    steps_before = count(branch, SelectionStep)

    # Wrong roles.
    for role in (Role.CLERK, Role.SALES_REP, Role.BRANCH_GM, Role.MARKETING_HEAD):
        with pytest.raises(Forbidden):
            withdrawal.propose_withdrawal(branch.db, branch.actor(role), cid, "理由")
    # The reason is required, at its field.
    with pytest.raises(ValidationFailed) as blank:
        withdrawal.propose_withdrawal(branch.db, manager, cid, "  ")
    assert [(e.field, e.code) for e in blank.value.errors] == [
        ("reason", "withdrawal.reason_required")
    ]
    # Wrong states: nothing proposed yet; a customer that is not selected.
    with pytest.raises(Conflict) as nothing_yet:
        withdrawal.review_withdrawal(branch.db, gm, cid, Decision.APPROVE)
    assert nothing_yet.value.code == "withdrawal.not_waiting"
    with pytest.raises(Conflict) as not_selected:
        withdrawal.propose_withdrawal(branch.db, manager, prospect, "理由")
    assert not_selected.value.code == "selection.bad_state"
    assert count(branch, SelectionStep) == steps_before

    withdrawal.propose_withdrawal(branch.db, manager, cid, "长期拖欠货款")
    with pytest.raises(Conflict) as twice:
        withdrawal.propose_withdrawal(branch.db, manager, cid, "又一次")
    assert twice.value.code == "withdrawal.open"
    with pytest.raises(Conflict) as early:  # head office decides only after the GM's review
        withdrawal.decide_withdrawal(branch.db, head, cid, Decision.APPROVE, "同意")
    assert early.value.code == "withdrawal.not_waiting"
    for role in (Role.SALES_MANAGER, Role.MARKETING_HEAD, Role.MARKETING_DIRECTOR):
        with pytest.raises(Forbidden):
            withdrawal.review_withdrawal(branch.db, branch.actor(role), cid, Decision.APPROVE)
    for decision in (Decision.REJECT, Decision.SEND_BACK):
        with pytest.raises(ValidationFailed) as no_comment:
            withdrawal.review_withdrawal(branch.db, gm, cid, decision, " ")
        assert no_comment.value.errors[0].field == "comment"

    withdrawal.review_withdrawal(branch.db, gm, cid, Decision.APPROVE, "同意撤销")
    for role in (Role.BRANCH_GM, Role.SALES_MANAGER, Role.MARKETING_DIRECTOR):
        with pytest.raises(Forbidden):
            withdrawal.decide_withdrawal(branch.db, branch.actor(role), cid, Decision.APPROVE)
    with pytest.raises(ValidationFailed) as no_comment:
        withdrawal.decide_withdrawal(branch.db, head, cid, Decision.REJECT)
    assert no_comment.value.errors[0].field == "comment"
    with pytest.raises(ValidationFailed) as back:
        withdrawal.decide_withdrawal(branch.db, head, cid, Decision.SEND_BACK, "再看看")
    assert back.value.errors[0].field == "decision"
    assert count(branch, SelectionStep) == steps_before + 2
    assert stage(branch, cid) == withdrawal.REVIEWED


def test_sent_back_rejected_and_refused_proposals_end_and_may_be_made_again(
    branch: Branch,
) -> None:
    cid = new_selected_customer(branch, "上海多轮提议医药有限公司")
    manager, gm = branch.actor(Role.SALES_MANAGER), branch.actor(Role.BRANCH_GM)
    head = branch.actor(Role.MARKETING_HEAD)
    withdrawal.propose_withdrawal(branch.db, manager, cid, "销量下滑")
    withdrawal.review_withdrawal(branch.db, gm, cid, Decision.SEND_BACK, "请补充计划完成数据")
    assert stage(branch, cid) is None
    withdrawal.propose_withdrawal(branch.db, manager, cid, "销量下滑，连续三月低于计划")
    withdrawal.review_withdrawal(branch.db, gm, cid, Decision.REJECT, "再观察一个季度")
    assert stage(branch, cid) is None
    withdrawal.propose_withdrawal(branch.db, manager, cid, "仍低于计划")
    withdrawal.review_withdrawal(branch.db, gm, cid, Decision.APPROVE)
    refused = withdrawal.decide_withdrawal(branch.db, head, cid, Decision.REJECT, "区域需要保留")
    assert refused.status == "selected" and stage(branch, cid) is None
    assert [a.after["comment"] for a in audits(branch, "customer_withdraw_refused")] == [
        "区域需要保留"
    ]
    with branch.db.read() as s:
        removed = s.scalars(
            select(ChangeFormEntry).where(
                ChangeFormEntry.customer_id == cid, ChangeFormEntry.kind == "remove"
            )
        ).all()
    assert removed == []
    # A fourth round goes through to head office again.
    withdrawal.propose_withdrawal(branch.db, manager, cid, "第四次")
    withdrawal.review_withdrawal(branch.db, gm, cid, Decision.APPROVE)
    assert stage(branch, cid) == withdrawal.REVIEWED
    decided = withdrawal.decide_withdrawal(branch.db, head, cid, Decision.APPROVE, "同意撤销")
    assert decided.status == "terminated"


def test_the_plans_flag_prefills_the_proposal(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")
    cid = shop.customer_id
    manager = branch.actor(Role.SALES_MANAGER)
    dec, jan = date(2026, 12, 1), date(2027, 1, 1)
    plans.file_plans(branch.db, manager, dec, [plans.PlanInput(cid, purchase_plan="10000")])
    branch.db.clock.set(date(2026, 12, 22))  # type: ignore[attr-defined]
    plans.file_plans(branch.db, manager, jan, [plans.PlanInput(cid, purchase_plan="8000")])
    branch.db.clock.set(TODAY)  # type: ignore[attr-defined]
    pay(branch, sold(shop, "4000.00", issued=date(2026, 12, 10)), "4000.00")
    sold(shop, "3000.00", issued=date(2027, 1, 5))
    branch.db.clock.set(date(2027, 2, 2))  # type: ignore[attr-defined]
    with branch.db.write() as s:
        put_setting(s, "plan.below_months", 2)
    row = plans.plan_vs_actual(branch.db, manager, jan)[0]
    assert row.withdraw and row.withdrawal is None
    assert row.run == ((dec, D("10000.00"), D("4000.00")), (jan, D("8000.00"), D("3000.00")))
    reason = plans.withdrawal_reason(row)
    assert reason == (
        "连续2个月进货低于分销计划：2026-12计划进货10,000.00元，实际进货4,000.00元；"
        "2027-01计划进货8,000.00元，实际进货3,000.00元"
    )
    withdrawal.propose_withdrawal(branch.db, manager, cid, reason)
    row = plans.plan_vs_actual(branch.db, manager, jan)[0]
    assert row.withdraw and row.withdrawal == withdrawal.PROPOSED
    withdrawal.review_withdrawal(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.APPROVE)
    assert plans.plan_vs_actual(branch.db, manager, jan)[0].withdrawal == withdrawal.REVIEWED
    f = get_customer(branch.db, manager, cid)
    assert f.selection_steps[-2].comment == reason
