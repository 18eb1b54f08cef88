"""Step 1: the approval chain, the region maximum, the change form entries."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import date
from datetime import datetime

import pytest
from sqlalchemy import select

from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Branch as BranchRow
from kehu_desktop.models import OutboxOp
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import selection
from tests.factories import Branch

TODAY = date(2026, 11, 26)


def new_customer(branch: Branch, name: str, n: int = 1) -> uuid.UUID:
    uscc = make_uscc(f"9131000013220{n:04d}")
    return save_customer(
        branch.db,
        branch.actor(Role.CLERK),
        CustomerDraft(name=name, uscc=uscc, channel="国有"),
    ).customer.id


def select_customer(branch: Branch, cid: uuid.UUID) -> None:
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid, "渠道强")  # type: ignore[arg-type]
    selection.review(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")  # type: ignore[arg-type]
    selection.approve(
        branch.db,
        branch.actor(Role.MARKETING_HEAD),
        cid,
        Decision.APPROVE,  # type: ignore[arg-type]
    )


def test_full_chain_records_each_step_and_change_form(branch: Branch) -> None:
    cid = new_customer(branch, "上海康健医药有限公司")
    select_customer(branch, cid)
    f = get_customer(branch.db, branch.actor(Role.CLERK), cid)  # type: ignore[arg-type]
    assert f.status == "selected"
    assert [(s.step, s.decision) for s in f.selection_steps] == [
        ("propose", "approved"),
        ("review", "approved"),
        ("approve", "approved"),
    ]
    assert f.selection_steps[0].comment == "渠道强"
    assert f.selection_steps[1].user == "branch_gm用户"
    entries = selection.change_form_entries(branch.db, branch.actor(Role.CLERK))
    assert [(e.number, e.kind, e.customer_name) for e in entries] == [
        ("SH-CF-2026-000001", "add", "上海康健医药有限公司")
    ]
    selection.terminate(
        branch.db,
        branch.actor(Role.MARKETING_HEAD),
        cid,
        "长期拖欠",  # type: ignore[arg-type]
    )
    entries = selection.change_form_entries(branch.db, branch.actor(Role.CLERK))
    assert [(e.number, e.kind, e.reason) for e in entries][1] == (
        "SH-CF-2026-000002",
        "remove",
        "长期拖欠",
    )


def test_wrong_role_and_wrong_order_refused(branch: Branch) -> None:
    cid = new_customer(branch, "苏州礼安大药房连锁有限公司")
    with pytest.raises(Forbidden):
        selection.propose(branch.db, branch.actor(Role.CLERK), cid)  # type: ignore[arg-type]
    with pytest.raises(Conflict) as info:
        selection.approve(branch.db, branch.actor(Role.MARKETING_HEAD), cid, Decision.APPROVE)  # type: ignore[arg-type]
    assert "待提名" in info.value.message


def test_reject_and_send_back_need_a_comment(branch: Branch) -> None:
    cid = new_customer(branch, "杭州华东医药连锁有限公司")
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid)  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed):
        selection.review(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.SEND_BACK, " ")  # type: ignore[arg-type]
    selection.review(
        branch.db,
        branch.actor(Role.BRANCH_GM),
        cid,
        Decision.SEND_BACK,  # type: ignore[arg-type]
        "补充证照",
    )
    f = get_customer(branch.db, branch.actor(Role.CLERK), cid)  # type: ignore[arg-type]
    assert f.status == "sent_back"
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid, "已补充")  # type: ignore[arg-type]
    assert get_customer(branch.db, branch.actor(Role.CLERK), cid).status == "proposed"  # type: ignore[arg-type]


def test_region_maximum_is_enforced(branch: Branch) -> None:
    with branch.db.read() as s:
        region_id = s.get(BranchRow, branch.branch_id).region_id  # type: ignore[union-attr]
    with pytest.raises(Forbidden):
        selection.set_region_quota(branch.db, branch.actor(Role.BRANCH_GM), region_id, 1)
    selection.set_region_quota(branch.db, branch.actor(Role.MARKETING_HEAD), region_id, 1)
    first = new_customer(branch, "甲医药有限公司", 1)
    second = new_customer(branch, "乙医药有限公司", 2)
    select_customer(branch, first)
    with pytest.raises(Conflict) as info:
        select_customer(branch, second)
    assert "上限1家" in info.value.message
    assert get_customer(branch.db, branch.actor(Role.CLERK), second).status == "reviewed"  # type: ignore[arg-type]
    assert len(selection.change_form_entries(branch.db, branch.actor(Role.CLERK))) == 1


def test_outbox_has_branch_decisions_not_head_office_ones(branch: Branch) -> None:
    cid = new_customer(branch, "宁波医药股份有限公司")
    select_customer(branch, cid)
    with branch.db.read() as s:
        ops = list(s.execute(select(OutboxOp).order_by(OutboxOp.seq)).scalars())
    steps = [o.payload["step"] for o in ops if o.entity == "selection_steps"]
    assert steps == ["propose", "review"]
    assert [o.seq for o in ops] == list(range(1, len(ops) + 1))


def test_change_form_pdf_is_printed_and_audited(branch: Branch) -> None:
    import io

    from pypdf import PdfReader

    from kehu_desktop.models import AuditRecord

    cid = new_customer(branch, "上海康健医药有限公司")
    select_customer(branch, cid)
    pdf = selection.print_change_form(branch.db, branch.actor(Role.CLERK), year=2026)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "客户增减变动表" in text and "上海康健医药有限公司" in text
    assert "SH-CF-2026-000001" in text
    with branch.db.read() as s:
        actions = list(s.execute(select(AuditRecord.action)).scalars())
    assert "change_form_printed" in actions
    with pytest.raises(Forbidden):
        selection.print_change_form(branch.db, branch.actor(Role.DRIVER))


@pytest.fixture
def shanghai_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The PC's clock in China (UTC+8), whatever this machine's zone is."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_change_form_of_head_office_names_the_branch_and_local_time(
    branch: Branch, shanghai_clock: None
) -> None:
    import io

    from pypdf import PdfReader

    select_customer(branch, new_customer(branch, "上海康健医药有限公司"))
    head = branch.actor(Role.MARKETING_HEAD)
    assert head.branch_id is None  # head office: the heading names the entries' one branch
    before = datetime.now().replace(second=0, microsecond=0)
    pdf = selection.print_change_form(branch.db, head, year=2026)
    after = datetime.now()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "上海分公司" in text
    stamps = re.findall(r"打印时间：\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2})", text)
    assert stamps, text
    for stamp in stamps:  # the PC's local time, not UTC (8 hours off in China)
        assert before <= datetime.strptime(stamp, "%Y-%m-%d %H:%M") <= after


def _ops(branch: Branch) -> list[tuple[int, str]]:
    with branch.db.read() as s:
        return [
            (o.seq, o.entity) for o in s.execute(select(OutboxOp).order_by(OutboxOp.seq)).scalars()
        ]


def test_decide_many_writes_what_single_decisions_write(branch: Branch) -> None:
    """The batch (the demo's) against the same decisions one call each: same states, steps,
    change form entries and outbox ops in the same order."""
    one_by_one = [new_customer(branch, f"单独{n}医药有限公司", n) for n in (1, 2)]
    batched = [new_customer(branch, f"成批{n}医药有限公司", n) for n in (3, 4)]
    start = len(_ops(branch))
    for cid in one_by_one:
        selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid, "渠道强")  # type: ignore[arg-type]
    middle = len(_ops(branch))
    decided = selection.decide_many(
        branch.db,
        branch.actor(Role.SALES_MANAGER),  # type: ignore[arg-type]
        "propose",
        [selection.StepDecision(cid, comment="渠道强") for cid in batched],
    )
    assert decided == 2
    ops = [e for _, e in _ops(branch)]
    assert ops[middle:] == ops[start:middle] == ["selection_steps", "customers"] * 2
    assert [q for q, _ in _ops(branch)] == list(range(1, len(_ops(branch)) + 1))
    for cid in one_by_one:
        selection.review(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")  # type: ignore[arg-type]
        selection.approve(branch.db, branch.actor(Role.MARKETING_HEAD), cid, Decision.APPROVE)  # type: ignore[arg-type]
    gm, head = branch.actor(Role.BRANCH_GM), branch.actor(Role.MARKETING_HEAD)
    selection.decide_many(branch.db, gm, "review", [selection.StepDecision(c) for c in batched])  # type: ignore[arg-type]
    selection.decide_many(branch.db, head, "approve", [selection.StepDecision(c) for c in batched])  # type: ignore[arg-type]
    for single, batch in zip(one_by_one, batched, strict=True):
        a = get_customer(branch.db, branch.actor(Role.CLERK), single)  # type: ignore[arg-type]
        b = get_customer(branch.db, branch.actor(Role.CLERK), batch)  # type: ignore[arg-type]
        assert a.status == b.status == "selected"
        steps = [(s.step, s.decision) for s in a.selection_steps]
        assert steps == [(s.step, s.decision) for s in b.selection_steps]
    assert len(selection.change_form_entries(branch.db, branch.actor(Role.CLERK))) == 4


def test_decide_many_refuses_all_for_one(branch: Branch) -> None:
    """One customer in the wrong state (or one missing comment) and nothing is written."""
    ready = new_customer(branch, "甲医药有限公司", 1)
    late = new_customer(branch, "乙医药有限公司", 2)
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), late, "渠道强")  # type: ignore[arg-type]
    before = _ops(branch)
    with pytest.raises(Conflict):
        selection.decide_many(
            branch.db,
            branch.actor(Role.SALES_MANAGER),  # type: ignore[arg-type]
            "propose",
            [selection.StepDecision(ready), selection.StepDecision(late)],
        )
    assert _ops(branch) == before
    assert get_customer(branch.db, branch.actor(Role.CLERK), ready).status == "prospect"  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed):
        selection.decide_many(
            branch.db,
            branch.actor(Role.BRANCH_GM),  # type: ignore[arg-type]
            "review",
            [selection.StepDecision(late, Decision.REJECT)],  # a rejection needs a comment
        )
    with pytest.raises(Forbidden):
        selection.decide_many(
            branch.db,
            branch.actor(Role.CLERK),
            "propose",
            [selection.StepDecision(ready)],  # type: ignore[arg-type]
        )


def test_add_customers_checks_each_and_refuses_a_credit_code_twice(branch: Branch) -> None:
    from kehu_desktop.services.customers import add_customers

    clerk = branch.actor(Role.CLERK)
    uscc = make_uscc("91310000132200001")
    twice = [
        CustomerDraft(name="甲医药有限公司", uscc=uscc, channel="国有"),
        CustomerDraft(name="乙医药有限公司", uscc=uscc, channel="国有"),
    ]
    before = _ops(branch)
    with pytest.raises(ValidationFailed) as refused:
        add_customers(branch.db, clerk, twice)  # type: ignore[arg-type]
    assert [e.field for e in refused.value.errors] == ["uscc"]
    assert _ops(branch) == before
    ids = add_customers(branch.db, clerk, twice[:1])  # type: ignore[arg-type]
    f = get_customer(branch.db, clerk, ids[0])  # type: ignore[arg-type]
    assert (f.name, f.status) == ("甲医药有限公司", "prospect")
    assert [e for _, e in _ops(branch)[len(before) :]] == ["customers", "customer_credit_data"]
