"""Credit services on SQLite and PostgreSQL: grades, limits and their authority, contracts,
exceptions, and the credit position with an exposure built from real ledger rows."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from kehu_desktop.clock import FixedClock
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Branch as BranchRow
from kehu_desktop.models import CreditLimit
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Region
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.services import credit
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.credit import ContractInput
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import save_customer
from tests.factories import PASSWORD
from tests.factories import Branch

TODAY = date(2026, 11, 26)
NOV = date(2026, 11, 1)
DEC = date(2026, 12, 1)
D = Decimal


def new_customer(branch: Branch, name: str, *, channel: str = "国有", n: int = 1) -> uuid.UUID:
    draft = CustomerDraft(name=name, uscc=make_uscc(f"9131000013220{n:04d}"), channel=channel)
    return save_customer(branch.db, branch.actor(Role.CLERK), draft).customer.id


def region_id(branch: Branch) -> uuid.UUID:
    with branch.db.read() as s:
        row = s.get(BranchRow, branch.branch_id)
        assert row is not None
        return row.region_id


def regional(branch: Branch, role: Role) -> Actor:
    """The regional user of ``role``, placed in the branch's region."""
    rid = region_id(branch)
    with branch.db.write() as s:
        user = s.execute(select(User).where(User.username == role.value)).scalar_one()
        user.region_id = rid
    return dataclasses.replace(branch.actor(role), region_id=rid)


def approver(branch: Branch, grade: int) -> Actor:
    role = {
        1: Role.REGIONAL_MANAGER,
        2: Role.MARKETING_DIRECTOR,
        3: Role.BRANCH_GM,
        4: Role.SALES_MANAGER,
    }[grade]
    return regional(branch, role) if grade <= 2 else branch.actor(role)


def graded(branch: Branch, cid: uuid.UUID, grade: int, since: date = date(2026, 1, 1)) -> None:
    director = branch.actor(Role.MARKETING_DIRECTOR)
    credit.set_grade(branch.db, director, cid, grade, effective_from=since, reason="月度评级")


def limit(
    branch: Branch, cid: uuid.UUID, grade: int, amount: str | None, month: date = NOV
) -> credit.LimitView:
    """Apply for and approve a limit through the right authority."""
    applied = credit.apply_limit(
        branch.db,
        branch.actor(Role.SALES_MANAGER),
        cid,
        month,
        amount,
        unlimited=amount is None,
        comment="下月额度",
    )
    return credit.decide_limit(branch.db, approver(branch, grade), applied.id, True, "同意")


def contract(
    branch: Branch, cid: uuid.UUID, number: str = "HT-2026-001", **changes: object
) -> credit.ContractView:
    inp = ContractInput(
        number=number,
        payment_terms="agreed",
        term_days=30,
        signer="branch_gm",
        signer_role="branch_gm",
        signed_date=date(2026, 1, 5),
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        month_end_cap="500000.00",
    )
    inp = dataclasses.replace(inp, **changes)  # type: ignore[arg-type]
    return credit.record_contract(branch.db, branch.actor(Role.CLERK), cid, inp)


def credit_customer(
    branch: Branch,
    name: str = "上海国药控股有限公司",
    n: int = 1,
    grade: int = 3,
    amount: str | None = "100000",
) -> uuid.UUID:
    cid = new_customer(branch, name, n=n)
    graded(branch, cid, grade)
    contract(branch, cid, number=f"HT-{n:04d}")
    limit(branch, cid, grade, amount)
    return cid


def position(branch: Branch, cid: uuid.UUID, on: date | None = None) -> credit.CreditPosition:
    """The cashier's view of the position; ``on`` another day: the business clock is moved
    there for the look and back (the service itself never takes a date)."""
    cashier = branch.actor(Role.CASHIER)
    if on is None:
        return credit.credit_position(branch.db, cashier, cid)
    clock = branch.db.clock
    assert isinstance(clock, FixedClock)
    now = clock.now()
    clock.set(on)
    try:
        return credit.credit_position(branch.db, cashier, cid)
    finally:
        clock.set(now)


# --------------------------------------------------------------------------------------------
# grades
# --------------------------------------------------------------------------------------------


def test_grade_history_audit_and_outbox(branch: Branch) -> None:
    cid = new_customer(branch, "上海医药分销有限公司")
    with pytest.raises(Forbidden) as info:
        credit.set_grade(
            branch.db, branch.actor(Role.SALES_MANAGER), cid, 3, effective_from=NOV, reason="x"
        )
    assert "营销总监" in info.value.message
    # the marketing director acts for customers of their own region only
    elsewhere = dataclasses.replace(branch.actor(Role.MARKETING_DIRECTOR), region_id=None)
    with branch.db.write() as s:
        s.execute(
            select(User).where(User.username == "marketing_director")
        ).scalar_one().region_id = None
    with pytest.raises(Forbidden):
        credit.set_grade(branch.db, elsewhere, cid, 2, effective_from=NOV, reason="x")
    director = regional(branch, Role.MARKETING_DIRECTOR)
    credit.set_grade(
        branch.db, director, cid, 3, effective_from=date(2026, 10, 1), reason="十月评级"
    )
    credit.set_grade(branch.db, director, cid, 2, effective_from=NOV, reason="十一月评级")
    history = credit.grade_history(branch.db, branch.actor(Role.CLERK), cid)
    assert [(g.grade, g.effective_from, g.set_by) for g in history] == [
        (2, NOV, "marketing_director用户"),
        (3, date(2026, 10, 1), "marketing_director用户"),
    ]
    assert position(branch, cid, date(2026, 10, 31)).grade == 3
    assert position(branch, cid, TODAY).grade == 2
    assert position(branch, cid, TODAY).grade_since == NOV
    assert position(branch, cid, date(2026, 9, 30)).grade is None
    with branch.db.read() as s:
        assert (
            len(
                s.execute(select(AuditRecord).where(AuditRecord.action == "credit_grade_set")).all()
            )
            == 2
        )
        # A grade is head office's decision (domain/ownership.py): it is not the branch's to
        # send, so the outbox holds none (head office sends its own, the first upload adopts).
        assert not s.execute(select(OutboxOp).where(OutboxOp.entity == "credit_grades")).all()


def test_only_the_marketing_director_sets_grades(branch: Branch) -> None:
    """Issue 11 §1: a branch GM could set a grade (setting ``credit.grade_setters``) and then
    approve the grade-3 limit that followed. The rule book: the sales manager fills the
    evaluation, the GM reviews, the marketing director approves."""
    cid = new_customer(branch, "上海华氏大药房有限公司")
    for role in (Role.BRANCH_GM, Role.SALES_MANAGER, Role.REGIONAL_MANAGER, Role.ADMIN):
        with pytest.raises(Forbidden) as info:
            credit.set_grade(
                branch.db, branch.actor(role), cid, 3, effective_from=NOV, reason="评估表"
            )
        assert "营销总监" in info.value.message
    # the old setting no longer lets anyone else in
    with branch.db.write() as s:
        put_setting(s, "credit.grade_setters", ["marketing_director", "branch_gm"])
    with pytest.raises(Forbidden):
        credit.set_grade(
            branch.db, branch.actor(Role.BRANCH_GM), cid, 3, effective_from=NOV, reason="x"
        )
    with pytest.raises(ValidationFailed) as bad:
        credit.set_grade(
            branch.db, branch.actor(Role.MARKETING_DIRECTOR), cid, 6, effective_from=NOV, reason=" "
        )
    assert {e.field for e in bad.value.errors} == {"grade", "reason"}
    credit.set_grade(
        branch.db,
        branch.actor(Role.MARKETING_DIRECTOR),
        cid,
        3,
        effective_from=NOV,
        reason="评估表",
    )
    assert position(branch, cid).grade == 3
    assert credit.load_credit_rules(branch.db).caps[3] == Decimal("200000.00")


# --------------------------------------------------------------------------------------------
# limits: authority, caps, months, raises
# --------------------------------------------------------------------------------------------

APPROVER_ROLES = (
    Role.REGIONAL_MANAGER,
    Role.MARKETING_DIRECTOR,
    Role.BRANCH_GM,
    Role.SALES_MANAGER,
)
ROLE_ZH = {1: "大区经理", 2: "营销总监", 3: "分支机构总经理", 4: "销售经理"}


@pytest.mark.parametrize("grade", [1, 2, 3, 4])
def test_each_grade_is_decided_by_its_authority(branch: Branch, grade: int) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, grade)
    amount = None if grade == 1 else "10000"
    applied = credit.apply_limit(
        branch.db,
        branch.actor(Role.SALES_MANAGER),
        cid,
        NOV,
        amount,
        unlimited=grade == 1,
    )
    assert applied.status == "applied" and applied.grade == grade
    right = approver(branch, grade)
    for role in APPROVER_ROLES:
        if role in right.roles:
            continue
        wrong = regional(branch, role) if role in credit.REGION_ROLES else branch.actor(role)
        with pytest.raises(Forbidden) as info:
            credit.decide_limit(branch.db, wrong, applied.id, True)
        assert f"{grade}级客户的授信额度须由{ROLE_ZH[grade]}审批" in info.value.message
    with pytest.raises(Forbidden):  # not an approver at all
        credit.decide_limit(branch.db, branch.actor(Role.CASHIER), applied.id, True)
    decided = credit.decide_limit(branch.db, right, applied.id, True, "同意")
    assert decided.status == "approved"
    assert decided.decided_role == right_role(grade).value
    assert decided.decision_comment == "同意"
    assert decided.self_approved is (grade == 4)
    pos = position(branch, cid)
    assert pos.limit_mode == ("unlimited" if grade == 1 else "limit")
    assert pos.limit == (None if grade == 1 else D("10000.00"))
    assert pos.limit_id == decided.id


def right_role(grade: int) -> Role:
    return APPROVER_ROLES[grade - 1]


def test_regional_approver_outside_their_region_is_refused(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 2)
    applied = credit.apply_limit(branch.db, branch.actor(Role.SALES_MANAGER), cid, NOV, "1000")
    # The director is moved to another region (the region stored now counts, not the session's).
    with branch.db.write() as s:
        home = s.get(Region, region_id(branch))
        assert home is not None
        north = Region(code="HB", name="华北大区", head_office_id=home.head_office_id)
        s.add(north)
        s.flush()
        director = s.execute(select(User).where(User.username == "marketing_director")).scalar_one()
        director.region_id = north.id
    with pytest.raises(Forbidden) as info:
        credit.decide_limit(branch.db, branch.actor(Role.MARKETING_DIRECTOR), applied.id, True)
    assert "营销总监" in info.value.message


def test_amount_over_the_benchmark_is_refused_with_both_numbers(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 3)
    sm = branch.actor(Role.SALES_MANAGER)
    with pytest.raises(ValidationFailed) as info:
        credit.apply_limit(branch.db, sm, cid, NOV, "200000.01")
    assert info.value.errors[0].code == "limit.over_cap"
    assert "200,000.01" in info.value.message and "200,000.00" in info.value.message
    applied = credit.apply_limit(branch.db, sm, cid, NOV, "200000")
    # head office lowers the general benchmark before the GM decides: re-checked at approval
    with branch.db.write() as s:
        put_setting(s, "credit.benchmark.general", "150000.00")
    with pytest.raises(Conflict) as conflict:
        credit.decide_limit(branch.db, branch.actor(Role.BRANCH_GM), applied.id, True)
    assert "150,000.00" in conflict.value.message and "200,000.00" in conflict.value.message
    credit.decide_limit(branch.db, branch.actor(Role.BRANCH_GM), applied.id, False, "超基准")
    assert credit.limits_of(branch.db, sm, cid)[0].status == "rejected"
    assert position(branch, cid).limit_mode == "none"


def test_grade_five_no_grade_and_unlimited_rules(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    sm = branch.actor(Role.SALES_MANAGER)
    with pytest.raises(ValidationFailed) as info:
        credit.apply_limit(branch.db, sm, cid, NOV, "1000")
    assert info.value.errors[0].code == "limit.no_grade"
    graded(branch, cid, 5)
    with pytest.raises(ValidationFailed) as info:
        credit.apply_limit(branch.db, sm, cid, NOV, "1000")
    assert "资信等级5级客户不予授信" in info.value.message
    graded(branch, cid, 2, since=date(2026, 2, 1))
    with pytest.raises(ValidationFailed) as info:
        credit.apply_limit(branch.db, sm, cid, NOV, None, unlimited=True)
    assert info.value.errors[0].code == "limit.unlimited_grade"
    with pytest.raises(Forbidden):
        credit.apply_limit(branch.db, branch.actor(Role.BRANCH_GM), cid, NOV, "1")
    pos = position(branch, cid)
    assert pos.limit_mode == "none" and pos.headroom is None


def test_no_limit_means_cash_only(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 3)
    contract(branch, cid)
    pos = position(branch, cid)
    assert pos.credit_allowed is True  # grade, contract and channel allow credit...
    assert pos.limit_mode == "none" and pos.limit is None  # ...but nothing is approved
    assert "本月无已批准授信额度，仅限现款现货" in pos.reasons


def test_limit_of_zero_and_self_approved_grade_four(branch: Branch) -> None:
    cid = credit_customer(branch, grade=4, amount="0")
    pos = position(branch, cid)
    assert (pos.limit_mode, pos.limit, pos.headroom) == ("limit", D("0.00"), D("0.00"))
    view = credit.limits_of(branch.db, branch.actor(Role.SALES_MANAGER), cid)[0]
    assert view.self_approved and view.applied_by == view.decided_by == "sales_manager用户"
    with branch.db.read() as s:
        record = s.execute(
            select(AuditRecord).where(AuditRecord.action == "credit_limit_approved")
        ).scalar_one()
        assert record.after is not None and record.after["self_approved"] is True
        assert record.detail is not None and "self-approved" in record.detail


def test_raise_within_the_month_supersedes(branch: Branch) -> None:
    cid = credit_customer(branch, grade=3, amount="100000")
    sm = branch.actor(Role.SALES_MANAGER)
    raise_ = credit.apply_limit(branch.db, sm, cid, TODAY, "150000", comment="旺季")
    assert raise_.month == NOV
    with pytest.raises(Conflict):  # one open application at a time
        credit.apply_limit(branch.db, sm, cid, NOV, "160000")
    assert position(branch, cid).limit == D("100000.00")  # the old limit counts until approved
    with pytest.raises(Forbidden):  # same authority as the grade: a sales manager cannot
        credit.decide_limit(branch.db, sm, raise_.id, True)
    credit.decide_limit(branch.db, branch.actor(Role.BRANCH_GM), raise_.id, True)
    assert position(branch, cid).limit == D("150000.00")
    rows = credit.limits_of(branch.db, sm, cid, month=NOV)
    assert [(r.amount, r.status) for r in rows] == [
        (D("150000.00"), "approved"),
        (D("100000.00"), "superseded"),
    ]
    assert rows[0].supersedes_id == rows[1].id
    with pytest.raises(Conflict):  # decided once
        credit.decide_limit(branch.db, branch.actor(Role.BRANCH_GM), raise_.id, True)


def test_last_months_limit_is_not_valid_this_month(branch: Branch) -> None:
    cid = credit_customer(branch, grade=3, amount="100000")
    assert position(branch, cid, date(2026, 11, 30)).limit_mode == "limit"
    dec = position(branch, cid, DEC)
    assert dec.limit_mode == "none" and "本月无已批准授信额度，仅限现款现货" in dec.reasons
    with pytest.raises(ValidationFailed) as info:
        credit.apply_limit(
            branch.db, branch.actor(Role.SALES_MANAGER), cid, date(2026, 10, 1), "1000"
        )
    assert info.value.errors[0].code == "limit.past_month"
    # next month's application, decided in time
    limit(branch, cid, 3, "80000", month=DEC)
    assert position(branch, cid, DEC).limit == D("80000.00")
    assert position(branch, cid, TODAY).limit == D("100000.00")


def test_self_approval_above_grade_four_and_rejection_comment(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 3)
    admin = branch.actor(Role.ADMIN)
    auth.set_roles(branch.db, admin, "sales_manager", [Role.SALES_MANAGER, Role.BRANCH_GM])
    both = auth.sign_in(branch.db, "sales_manager", PASSWORD)
    applied = credit.apply_limit(branch.db, both, cid, NOV, "1000")
    with pytest.raises(Forbidden) as info:
        credit.decide_limit(branch.db, both, applied.id, True)
    assert "自己提交" in info.value.message
    with pytest.raises(ValidationFailed):
        credit.decide_limit(branch.db, branch.actor(Role.BRANCH_GM), applied.id, False, " ")


def test_grade_change_after_application_needs_a_new_one(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 3)
    applied = credit.apply_limit(branch.db, branch.actor(Role.SALES_MANAGER), cid, DEC, "1000")
    graded(branch, cid, 4, since=DEC)
    with pytest.raises(Conflict) as info:
        credit.decide_limit(branch.db, branch.actor(Role.BRANCH_GM), applied.id, True)
    assert "现为4级" in info.value.message


def test_region_quota(branch: Branch) -> None:
    with branch.db.write() as s:
        put_setting(s, "credit.region_quota.HD", {"2026Q4": "250000.00"})
    a = credit_customer(branch, "上海国药控股有限公司", 1, grade=3, amount="150000")
    b = new_customer(branch, "上海医药分销有限公司", n=2)
    graded(branch, b, 3)
    sm, gm = branch.actor(Role.SALES_MANAGER), branch.actor(Role.BRANCH_GM)
    applied = credit.apply_limit(branch.db, sm, b, NOV, "110000")
    with pytest.raises(Conflict) as info:
        credit.decide_limit(branch.db, gm, applied.id, True)
    message = info.value.message
    assert "250,000.00" in message and "150,000.00" in message and "110,000.00" in message
    credit.decide_limit(branch.db, gm, applied.id, False, "超出大区限额")
    limit(branch, b, 3, "100000")  # exactly up to the quota
    # a raise replaces the customer's own limit, so only the others count against the quota
    raise_ = credit.apply_limit(branch.db, sm, a, NOV, "150000.00")
    credit.decide_limit(branch.db, gm, raise_.id, True)
    raise_ = credit.apply_limit(branch.db, sm, a, NOV, "150000.01")
    with pytest.raises(Conflict):
        credit.decide_limit(branch.db, gm, raise_.id, True)
    # another quarter has no quota set
    limit(branch, b, 3, "200000", month=date(2027, 1, 1))


def test_pending_limits_for_the_approver(branch: Branch) -> None:
    a = new_customer(branch, "上海国药控股有限公司", n=1)
    b = new_customer(branch, "上海医药分销有限公司", n=2)
    graded(branch, a, 3)
    graded(branch, b, 2)
    sm = branch.actor(Role.SALES_MANAGER)
    credit.apply_limit(branch.db, sm, a, DEC, "1000")
    credit.apply_limit(branch.db, sm, b, DEC, "2000")
    mine = credit.pending_limits(branch.db, branch.actor(Role.BRANCH_GM))
    assert [(v.customer_name, v.approver_role) for v in mine] == [
        ("上海国药控股有限公司", "branch_gm")
    ]
    assert mine[0].due > mine[0].applied_at.date()
    director = credit.pending_limits(branch.db, regional(branch, Role.MARKETING_DIRECTOR))
    assert [v.amount for v in director] == [D("2000.00")]


# --------------------------------------------------------------------------------------------
# contracts and exceptions
# --------------------------------------------------------------------------------------------


def test_contract_field_rules(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    with pytest.raises(ValidationFailed) as info:
        contract(branch, cid, term_days=None)
    assert [e.code for e in info.value.errors] == ["contract.term_days_required"]
    with pytest.raises(ValidationFailed) as info:
        contract(branch, cid, signer="sales_manager", signer_role="sales_manager")
    assert info.value.for_field("authorisation")[0].message.startswith("销售经理签约须有总经理")
    with pytest.raises(ValidationFailed) as info:  # the signer must hold the role
        contract(branch, cid, signer="clerk", signer_role="sales_manager", authorisation="授权书")
    assert info.value.errors[0].code == "contract.signer_role"
    with pytest.raises(ValidationFailed) as info:
        contract(
            branch,
            cid,
            number=" ",
            payment_terms="月结",
            signed_date="2027-01-01",
            valid_from="2026-12-31",
            valid_to="2026-01-01",
            term_days="abc",
        )
    fields = {e.field for e in info.value.errors}
    assert fields >= {"number", "payment_terms", "signed_date", "valid_to", "term_days"}
    with pytest.raises(ValidationFailed) as info:
        contract(branch, cid, payment_terms="cash", term_days=30)
    assert [e.code for e in info.value.errors] == ["contract.term_days_cash", "contract.cap_cash"]
    # 月末应收款限额: every agreed-payment contract has one, whatever its wording.
    for terms in ("agreed", "clear_before_credit", "前清后欠"):
        with pytest.raises(ValidationFailed) as info:
            contract(branch, cid, payment_terms=terms, month_end_cap=None)
        assert [e.code for e in info.value.errors] == ["contract.cap_required"]
        assert info.value.errors[0].message == "约定付款合同必须约定月末应收款限额"
    with pytest.raises(ValidationFailed) as info:
        contract(branch, cid, month_end_cap="-1")
    assert info.value.for_field("month_end_cap")[0].code == "amount.negative"
    view = contract(
        branch,
        cid,
        signer="sales_manager",
        signer_role="sales_manager",
        authorisation="总经理2026年1月授权书",
        payment_terms="前清后欠",
        term_days=None,
        scan=b"%PDF-1.4 scan",
        scan_name="合同.pdf",
    )
    assert (view.payment_terms, view.signer, view.scan_name, view.month_end_cap) == (
        "clear_before_credit",
        "sales_manager用户",
        "合同.pdf",
        D("500000.00"),
    )
    assert credit.contract_scan(branch.db, branch.actor(Role.CLERK), view.id) == (
        "合同.pdf",
        b"%PDF-1.4 scan",
    )
    with pytest.raises(ValidationFailed) as info:
        contract(branch, cid)  # same number
    assert info.value.errors[0].code == "contract.number_taken"
    with pytest.raises(Forbidden):
        contract_by(branch, Role.CASHIER, cid)
    with branch.db.read() as s:
        op = s.execute(select(OutboxOp).where(OutboxOp.entity == "contracts")).scalar_one()
        assert op.payload["number"] == "HT-2026-001" and op.payload["scan"] is None


def contract_by(branch: Branch, role: Role, cid: uuid.UUID) -> None:
    inp = ContractInput(
        number="X",
        payment_terms="cash",
        signer="branch_gm",
        signer_role="branch_gm",
        signed_date=TODAY,
        valid_from=TODAY,
        valid_to=TODAY,
    )
    credit.record_contract(branch.db, branch.actor(role), cid, inp)


def test_contract_validity(branch: Branch) -> None:
    cid = credit_customer(branch)
    assert position(branch, cid).credit_allowed is True
    old = new_customer(branch, "上海医药分销有限公司", n=2)
    graded(branch, old, 3)
    contract(
        branch,
        old,
        number="HT-OLD",
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
        signed_date=date(2025, 1, 1),
    )
    pos = position(branch, old)
    assert pos.contract is None and pos.credit_allowed is False and pos.payment_terms == "cash"
    assert "无有效合同，不能赊销" in pos.reasons
    assert position(branch, old, date(2025, 6, 1)).contract is not None
    # ending the contract takes effect at once
    current = credit.contracts_of(branch.db, branch.actor(Role.CLERK), cid)[0]
    ended = credit.end_contract(branch.db, branch.actor(Role.BRANCH_GM), current.id, "客户违约")
    assert ended.ended_at is not None
    assert position(branch, cid).contract is None
    with pytest.raises(Conflict):
        credit.end_contract(branch.db, branch.actor(Role.BRANCH_GM), current.id, "again")


def test_cash_contract_allows_no_credit(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 3)
    contract(branch, cid, payment_terms="现款现货", term_days=None, month_end_cap=None)
    pos = position(branch, cid)
    assert pos.payment_terms == "cash" and pos.contract is not None
    assert pos.credit_allowed is False
    assert any("现款现货" in r for r in pos.reasons)


def test_non_state_customer_needs_the_gms_exception(branch: Branch) -> None:
    cid = new_customer(branch, "上海益丰大药房连锁有限公司", channel="私营")
    graded(branch, cid, 3)
    contract(branch, cid)
    pos = position(branch, cid)
    assert pos.credit_allowed is False and pos.credit_exception is False
    assert "非国有客户，未经总经理批准例外，仅限现款现货" in pos.reasons
    with pytest.raises(Forbidden):
        credit.grant_credit_exception(
            branch.db, branch.actor(Role.SALES_MANAGER), cid, NOV, DEC, "老客户"
        )
    with pytest.raises(ValidationFailed):
        credit.grant_credit_exception(branch.db, branch.actor(Role.BRANCH_GM), cid, DEC, NOV, "")
    ex = credit.grant_credit_exception(
        branch.db,
        branch.actor(Role.BRANCH_GM),
        cid,
        date(2026, 11, 1),
        date(2027, 3, 31),
        "合作十年，信誉良好",
    )
    pos = position(branch, cid)
    assert pos.credit_allowed is True and pos.credit_exception is True
    assert position(branch, cid, date(2027, 4, 1)).credit_exception is False
    assert [e.reason for e in credit.exceptions_of(branch.db, branch.actor(Role.CLERK), cid)] == [
        "合作十年，信誉良好"
    ]
    credit.revoke_credit_exception(branch.db, branch.actor(Role.BRANCH_GM), ex.id, "拖欠")
    assert position(branch, cid).credit_allowed is False
    state = new_customer(branch, "上海国药控股有限公司", n=2)
    with pytest.raises(Conflict):
        credit.grant_credit_exception(
            branch.db, branch.actor(Role.BRANCH_GM), state, NOV, DEC, "不需要"
        )


def test_grade_five_reason(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 5)
    contract(branch, cid)
    pos = position(branch, cid)
    assert pos.credit_allowed is False
    assert any(r.startswith("资信等级5级：不予赊销") for r in pos.reasons)


# --------------------------------------------------------------------------------------------
# exposure from real ledger rows
# --------------------------------------------------------------------------------------------


class Ledger:
    """Dispatch notes, slips and payments written straight to the database."""

    def __init__(self, branch: Branch, cid: uuid.UUID, tag: str = "SH") -> None:
        self.branch, self.cid, self.tag, self.n = branch, cid, tag, 0
        self.user = branch.actor(Role.CASHIER).user_id
        self.last_note = ""

    def note(self, status: str, total: str, kind: str = "credit") -> uuid.UUID:
        self.n += 1
        self.last_note = f"{self.tag}-FY-2026-{self.n:06d}"
        with self.branch.db.write() as s:
            row = DispatchNote(
                branch_id=self.branch.branch_id,
                number=self.last_note,
                customer_id=self.cid,
                sale_kind=kind,
                status=status,
                total=D(total),
                requested_by=self.user,
            )
            s.add(row)
            s.flush()
            return row.id

    def slip(
        self,
        note: uuid.UUID,
        total: str,
        kind: str = "credit_sale",
        status: str = "issued",
        day: date = TODAY,
    ) -> str:
        self.n += 1
        number = f"{self.tag}-SL-2026-{self.n:06d}"
        with self.branch.db.write() as s:
            s.add(
                Slip(
                    branch_id=self.branch.branch_id,
                    number=number,
                    kind=kind,
                    dispatch_note_id=note,
                    customer_id=self.cid,
                    issue_date=day,
                    issued_by=self.user,
                    customer_name="x",
                    total=D(total),
                    status=status,
                )
            )
        return number

    def pay(self, slip_number: str, amount: str) -> None:
        self.n += 1
        with self.branch.db.write() as s:
            slip = s.execute(select(Slip).where(Slip.number == slip_number)).scalar_one()
            payment = Payment(
                branch_id=self.branch.branch_id,
                number=f"{self.tag}-HK-{self.n:06d}",
                customer_id=self.cid,
                method="cash",
                amount=D(amount),
                received_on=TODAY,
                received_by=self.user,
            )
            s.add(payment)
            s.flush()
            s.add(PaymentAllocation(payment_id=payment.id, slip_id=slip.id, amount=D(amount)))


def test_exposure_counts_unpaid_slips_and_released_notes(branch: Branch) -> None:
    cid = credit_customer(branch, amount="10000")
    other = credit_customer(branch, "上海医药分销有限公司", 2)
    ledger = Ledger(branch, cid)
    ledger.note("released", "1000.00")  # goods out, no slip yet
    released = ledger.last_note
    returned = ledger.note("returned", "2000.00")
    s2 = ledger.slip(returned, "2000.00")
    ledger.pay(s2, "500.00")  # 1500 still owed
    delivered = ledger.note("delivered", "3000.00")
    unslipped = ledger.last_note
    ledger.slip(delivered, "3000.00", status="voided")  # voided: the note counts again
    ledger.note("approved", "4000.00")  # not released: no exposure
    ledger.note("cancelled", "5000.00")
    paid = ledger.note("returned", "600.00")
    s6 = ledger.slip(paid, "600.00", kind="delivery")
    ledger.pay(s6, "200.00")
    ledger.pay(s6, "400.00")  # fully paid: gone from the exposure
    Ledger(branch, other, "XX").note("released", "9999.00")

    pos = position(branch, cid)
    exp = pos.exposure
    assert (exp.unpaid_slips, exp.released_not_slipped, exp.total) == (
        D("1500.00"),
        D("4000.00"),
        D("5500.00"),
    )
    assert sorted((i.kind, i.number, i.amount) for i in exp.items) == [
        ("dispatch", released, D("1000.00")),
        ("dispatch", unslipped, D("3000.00")),
        ("slip", s2, D("1500.00")),
    ]
    assert pos.headroom == D("4500.00")
    assert "本月授信额度10,000.00元，敞口5,500.00元，可用4,500.00元" in pos.reasons
    assert not any("预警" in r for r in pos.reasons)
    with branch.db.write() as s:
        put_setting(s, "credit.near_limit_ratio", "0.50")
    pos = position(branch, cid)
    assert pos.near_limit_ratio == D("0.50")
    assert "预警：敞口已达授信额度的50%以上" in pos.reasons
    ledger.note("parked", "5000.00")
    pos = position(branch, cid)
    assert pos.headroom == D("-500.00")
    assert any(r.startswith("敞口10,500.00元已超过本月授信额度10,000.00元") for r in pos.reasons)


def previous(branch: Branch, cid: uuid.UUID) -> str | None:
    item = position(branch, cid).previous_unpaid
    return None if item is None else item.number


def test_previous_delivery_unpaid_for_clear_before_credit(branch: Branch) -> None:
    cid = new_customer(branch, "上海国药控股有限公司")
    graded(branch, cid, 3)
    contract(branch, cid, payment_terms="clear_before_credit", term_days=None)
    limit(branch, cid, 3, "100000")
    ledger = Ledger(branch, cid)
    assert previous(branch, cid) is None
    first = ledger.slip(ledger.note("returned", "800.00"), "800.00", day=date(2026, 11, 2))
    second = ledger.slip(ledger.note("returned", "900.00"), "900.00", day=date(2026, 11, 9))
    cash = ledger.slip(ledger.note("returned", "50.00", kind="cash"), "50.00", kind="delivery")
    # 前清后送 is about the previous delivery, cash or credit: the latest one still owing.
    assert previous(branch, cid) == cash
    reason = f"前清后送：上一笔发货{cash}（2026-11-26）尚欠50.00元，结清后才能再发货"
    assert reason in position(branch, cid).reasons
    ledger.pay(cash, "50.00")
    assert previous(branch, cid) == second
    ledger.pay(second, "900.00")
    assert previous(branch, cid) == first
    ledger.pay(first, "800.00")
    assert previous(branch, cid) is None
    # goods released but not yet slipped are not paid for either
    ledger.note("delivered", "700.00")
    assert previous(branch, cid) == ledger.last_note


def test_previous_delivery_unpaid_for_every_agreed_payment_customer(branch: Branch) -> None:
    """The rule book: 所有约定付款客户 (all agreed-payment customers), not only the
    clear-before-credit contract. A customer without agreed terms is not under it."""
    cid = credit_customer(branch)  # agreed terms, 30 days
    ledger = Ledger(branch, cid)
    unpaid = ledger.slip(ledger.note("returned", "800.00"), "800.00")
    pos = position(branch, cid)
    assert pos.agreed_payment and previous(branch, cid) == unpaid
    cash_only = new_customer(branch, "上海益丰大药房有限公司", n=2)
    Ledger(branch, cash_only, "XX").slip(
        Ledger(branch, cash_only, "XY").note("returned", "60.00", kind="cash"),
        "60.00",
        kind="delivery",
    )
    pos = position(branch, cash_only)
    assert not pos.agreed_payment and pos.previous_unpaid is None


def test_overdue_credit_slips_and_the_month_end_cap_in_the_position(branch: Branch) -> None:
    cid = credit_customer(branch, amount="10000")
    ledger = Ledger(branch, cid)
    slip = ledger.slip(ledger.note("returned", "800.00"), "800.00", day=date(2026, 10, 1))
    with branch.db.write() as s:  # a 30-day term: due on Oct 31
        s.execute(select(Slip).where(Slip.number == slip)).scalar_one().due_date = date(
            2026, 10, 31
        )
    pos = position(branch, cid)
    assert [(o.number, o.due_date, o.days, o.owed) for o in pos.overdue] == [
        (slip, date(2026, 10, 31), 26, D("800.00"))
    ]
    assert (
        f"逾期：赊销单{slip}已逾期26天（到期日2026-10-31），共1张逾期、合计800.00元，不得再赊销"
        in pos.reasons
    )
    assert position(branch, cid, date(2026, 10, 31)).overdue == ()  # due today: not yet late
    assert pos.month_end_cap == D("500000.00")
    assert "月末应收款限额500,000.00元（合同HT-0001），当前敞口800.00元" in pos.reasons
    ledger.pay(slip, "800.00")
    assert position(branch, cid).overdue == ()


def test_position_inside_the_callers_transaction(branch: Branch) -> None:
    cid = credit_customer(branch, amount="10000")
    Ledger(branch, cid).note("released", "1000.00")
    with branch.db.write() as s:
        pos = credit.credit_position_in(s, cid)
        assert s.in_transaction()
        assert pos.headroom == D("9000.00")
        # a dispatch released in the same transaction is seen at once
        s.add(
            DispatchNote(
                branch_id=branch.branch_id,
                number="SH-FY-2026-999999",
                customer_id=cid,
                sale_kind="credit",
                status="released",
                total=D("500.00"),
                requested_by=branch.actor(Role.CASHIER).user_id,
            )
        )
        s.flush()
        assert credit.credit_position_in(s, cid).headroom == D("8500.00")


def test_reasons_in_english_and_who_may_look(branch: Branch) -> None:
    cid = new_customer(branch, "上海益丰大药房连锁有限公司", channel="私营")
    set_language("en")
    try:
        reasons = position(branch, cid).reasons
    finally:
        set_language("zh_CN")
    assert reasons == (
        "No credit grade yet: cash on delivery only",
        "No valid contract on file: no credit sales",
        "Not a state-owned customer and no exception from the branch GM: cash on delivery only",
        "No approved credit limit this month: cash on delivery only",
    )
    with pytest.raises(Forbidden):
        credit.credit_position(branch.db, branch.actor(Role.DRIVER), cid)


def test_decisions_are_audited_and_sent(branch: Branch) -> None:
    credit_customer(branch)
    with branch.db.read() as s:
        actions = set(s.execute(select(AuditRecord.action)).scalars())
        assert {
            "credit_limit_applied",
            "credit_limit_approved",
            "contract_recorded",
            "credit_grade_set",
        } <= actions
        ops = (
            s.execute(
                select(OutboxOp).where(OutboxOp.entity == "credit_limits").order_by(OutboxOp.seq)
            )
            .scalars()
            .all()
        )
        assert [op.payload["status"] for op in ops] == ["applied", "approved"]
        row = s.execute(select(CreditLimit)).scalar_one()
        assert row.decided_role == "branch_gm"
