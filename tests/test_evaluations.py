"""The monthly credit evaluation (issue 9, step 3): the sales manager files it with the evidence
beside the choices, the branch GM reviews, the marketing director approves or sends back; only an
approved evaluation changes the grade, and the release follows from that moment. Bad input gets a
field-level error and nothing is written. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kehu_desktop.cli import main
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import OTHER_INDICATORS
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import CreditEvaluation
from kehu_desktop.models import CreditGrade
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.services import credit
from tests.factories import PASSWORD
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import audits
from tests.factories import count
from tests.factories import deliver
from tests.factories import make_shop
from tests.factories import new_selected_customer
from tests.factories import pay
from tests.factories import ready_note
from tests.factories import release

MONTH = TODAY.replace(day=1)


def levels(key: str = "AAAA", other: str = "AAAAAA") -> dict[str, str]:
    """Levels for the form's indicators, in its order: ``key`` for the four key ones."""
    return dict(zip((*KEY_INDICATORS, *OTHER_INDICATORS), key + other, strict=True))


def file(branch: Branch, cid: uuid.UUID, key: str = "AAAA", other: str = "AAAAAA") -> uuid.UUID:
    sales_manager = branch.actor(Role.SALES_MANAGER)
    return credit.file_evaluation(branch.db, sales_manager, cid, MONTH, levels(key, other)).id


def approved(branch: Branch, cid: uuid.UUID, key: str, other: str = "AAAAAA") -> uuid.UUID:
    eid = file(branch, cid, key, other)
    credit.review_evaluation(branch.db, branch.actor(Role.BRANCH_GM), eid, True, "属实")
    credit.decide_evaluation(branch.db, branch.actor(Role.MARKETING_DIRECTOR), eid, True)
    return eid


def test_an_approved_evaluation_sets_the_grade_with_its_rule_and_history(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    eid = file(branch, cid, "AAAA", "AABCAA")
    filed = credit.get_evaluation(branch.db, branch.actor(Role.BRANCH_GM), eid)
    assert (filed.grade, filed.rule, filed.rule_version) == (2, 2, 0)
    assert filed.explanation == "2级：关键指标全A，其他指标有C"
    assert filed.status == "submitted" and filed.filled_by == "sales_manager用户"
    with branch.db.read() as s:  # filed is not approved: no grade yet
        assert credit.grade_on(s, cid, TODAY) is None

    gm = branch.actor(Role.BRANCH_GM)
    assert [e.id for e in credit.pending_evaluations(branch.db, gm)] == [eid]
    reviewed = credit.review_evaluation(branch.db, gm, eid, True, "属实")
    assert reviewed.status == "reviewed" and reviewed.reviewed_by == "branch_gm用户"
    director = branch.actor(Role.MARKETING_DIRECTOR)
    assert [e.id for e in credit.pending_evaluations(branch.db, director)] == [eid]
    done = credit.decide_evaluation(branch.db, director, eid, True, "同意")
    assert done.status == "approved" and done.decided_by == "marketing_director用户"
    assert credit.pending_evaluations(branch.db, director) == []

    with branch.db.read() as s:
        grade = credit.grade_on(s, cid, TODAY)
        assert grade is not None and grade.grade == 2 and grade.source == "evaluation"
        assert grade.evaluation_id == eid and grade.effective_from == TODAY
        assert grade.reason == "2级：关键指标全A，其他指标有C"
    history = credit.grade_history(branch.db, gm, cid)
    assert [(h.grade, h.source) for h in history] == [(2, "evaluation")]
    for action in (
        "credit_evaluation_filed",
        "credit_evaluation_reviewed",
        "credit_evaluation_approved",
        "credit_grade_set",
    ):
        assert len(audits(branch, action)) == 1, action


def test_a_downgrade_changes_what_the_release_allows_at_once(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")  # a legacy hand-set grade 3
    position = credit.credit_position(branch.db, branch.actor(Role.CASHIER), shop.customer_id)
    assert position.limit == Decimal("100000.00")

    # Rated 4 (keys all B, some C in the others): the limit counts up to grade 4's cap.
    approved(branch, shop.customer_id, "BBBB", "ABCAAA")
    position = credit.credit_position(branch.db, branch.actor(Role.CASHIER), shop.customer_id)
    assert position.grade == 4 and position.limit == Decimal("50000.00")
    assert any("按3级批准" in line for line in position.reasons)
    history = credit.grade_history(branch.db, branch.actor(Role.CASHIER), shop.customer_id)
    assert [(h.grade, h.source) for h in history] == [(4, "evaluation"), (3, "manual")]

    # Rated 5 (keys all C): cash only, from that moment; the release refuses credit.
    approved(branch, shop.customer_id, "CCCC")
    note = ready_note(shop, "credit", "125.00")
    result = release(shop, note)
    assert not result.released
    assert any(f.code == "release.grade_no_credit" for f in result.decision.failures)


def test_sent_back_with_a_comment_and_filed_again_as_a_revision(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    eid = file(branch, cid, "AABB")
    gm = branch.actor(Role.BRANCH_GM)
    with pytest.raises(ValidationFailed) as no_reason:
        credit.review_evaluation(branch.db, gm, eid, False, "  ")
    assert no_reason.value.errors[0].field == "comment"
    back = credit.review_evaluation(branch.db, gm, eid, False, "付款信誉应为B")
    assert back.status == "sent_back" and back.review_comment == "付款信誉应为B"

    sales_manager = branch.actor(Role.SALES_MANAGER)
    assert [e.id for e in credit.pending_evaluations(branch.db, sales_manager)] == [eid]
    form = credit.evaluation_form(branch.db, sales_manager, cid, MONTH, revises=eid)
    assert form.levels == levels("AABB") and form.revises_id == eid
    again = credit.file_evaluation(
        branch.db, sales_manager, cid, MONTH, levels("AABB", "AAAAAB"), revises=eid
    )
    assert again.revises_id == eid and again.grade == 3
    assert credit.pending_evaluations(branch.db, sales_manager) == []
    with branch.db.read() as s:  # the one sent back stays as it was
        assert s.get(CreditEvaluation, eid).status == "sent_back"  # type: ignore[union-attr]

    # The director may send back too; the grade is unchanged.
    credit.review_evaluation(branch.db, gm, again.id, True)
    director = branch.actor(Role.MARKETING_DIRECTOR)
    credit.decide_evaluation(branch.db, director, again.id, False, "再核实经营年数")
    with branch.db.read() as s:
        assert credit.grade_on(s, cid, TODAY) is None


def test_bad_input_is_refused_at_its_field_and_nothing_is_written(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    sales_manager = branch.actor(Role.SALES_MANAGER)
    partial = levels()
    del partial["payment_reputation"]
    partial["goods_flow"] = "D"
    with pytest.raises(ValidationFailed) as missing:
        credit.file_evaluation(branch.db, sales_manager, cid, MONTH, partial)
    assert {e.field for e in missing.value.errors} == {"payment_reputation", "goods_flow"}
    assert {e.code for e in missing.value.errors} == {"evaluation.level_missing"}
    with pytest.raises(ValidationFailed) as past:
        credit.file_evaluation(branch.db, sales_manager, cid, date(2026, 10, 1), levels())
    assert [e.field for e in past.value.errors] == ["month"]
    assert past.value.errors[0].code == "evaluation.past_month"
    with pytest.raises(ValidationFailed) as far:
        credit.file_evaluation(branch.db, sales_manager, cid, date(2027, 1, 1), levels())
    assert far.value.errors[0].code == "evaluation.month_too_far"
    assert count(branch, CreditEvaluation) == 0

    # Next month may be rated (the last ten days); a second one in the workflow may not.
    credit.file_evaluation(branch.db, sales_manager, cid, date(2026, 12, 1), levels())
    with pytest.raises(Conflict) as open_one:
        credit.file_evaluation(branch.db, sales_manager, cid, date(2026, 12, 1), levels())
    assert open_one.value.code == "evaluation.open"
    assert count(branch, CreditEvaluation) == 1


def test_each_step_belongs_to_its_role_and_in_order(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    with pytest.raises(Forbidden):
        credit.file_evaluation(branch.db, branch.actor(Role.CLERK), cid, MONTH, levels())
    eid = file(branch, cid)
    director = branch.actor(Role.MARKETING_DIRECTOR)
    with pytest.raises(Conflict) as early:  # not reviewed yet
        credit.decide_evaluation(branch.db, director, eid, True)
    assert early.value.code == "evaluation.bad_state"
    assert "待总经理审核" in str(early.value)
    with pytest.raises(Forbidden):
        credit.review_evaluation(branch.db, branch.actor(Role.SALES_MANAGER), eid, True)
    credit.review_evaluation(branch.db, branch.actor(Role.BRANCH_GM), eid, True)
    with pytest.raises(Forbidden):
        credit.decide_evaluation(branch.db, branch.actor(Role.BRANCH_GM), eid, True)
    with pytest.raises(Forbidden):  # head office's marketing head approves customers, not ratings
        credit.decide_evaluation(branch.db, branch.actor(Role.MARKETING_HEAD), eid, True)
    credit.decide_evaluation(branch.db, director, eid, True)
    with pytest.raises(Conflict):
        credit.decide_evaluation(branch.db, director, eid, True)
    assert count(branch, CreditGrade) == 1


def test_an_unselected_customer_is_not_rated(branch: Branch) -> None:
    from tests.factories import new_customer

    cid = new_customer(branch, "上海新客户医药有限公司")
    with pytest.raises(Conflict) as refused:
        credit.file_evaluation(branch.db, branch.actor(Role.SALES_MANAGER), cid, MONTH, levels())
    assert refused.value.code == "evaluation.not_selected"


def test_the_form_prefills_last_months_levels_and_the_payment_record(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")
    cid = shop.customer_id
    # Three credit slips (前清后送: each paid before the next goes out), then dated: one paid
    # on its due date, one paid 47 days late, one still owed.
    numbers = []
    for n in range(3):
        note = ready_note(shop, "credit", "125.00")
        assert release(shop, note).released
        numbers.append(deliver(shop, note).slip_numbers[-1])
        if n < 2:
            pay(branch, numbers[-1], "125.00")  # allocated on TODAY (11-26)
    with branch.db.write() as s:
        slips = [s.scalars(select(Slip).where(Slip.number == n)).one() for n in numbers]
        dues = (date(2026, 9, 30), date(2026, 10, 10), date(2026, 10, 20))
        for slip, due in zip(slips, dues, strict=True):
            slip.due_date = due
        allocation = s.scalars(
            select(PaymentAllocation).where(PaymentAllocation.slip_id == slips[0].id)
        ).one()
        allocation.allocated_on = date(2026, 9, 30)  # paid on its due date

    sales_manager = branch.actor(Role.SALES_MANAGER)
    form = credit.evaluation_form(branch.db, sales_manager, cid)
    record = form.evidence["record"]
    assert (record["due"], record["on_time"], record["overdue_now"]) == (3, 1, 1)
    assert record["share_on_time"] == "0.3333"
    assert record["worst_days_late"] == 47  # 10-10 → 11-26
    assert form.suggested_reputation == "C" and form.levels == {"payment_reputation": "C"}
    assert form.grade == 3 and form.evidence["contract_terms"] == "agreed"
    assert form.evidence["our_sales"] == "0.00"  # nothing issued in October

    # Last month's approved evaluation prefills the other levels; the record still suggests.
    with branch.db.write() as s:
        s.add(
            CreditEvaluation(
                customer_id=cid,
                month=date(2026, 10, 1),
                levels=levels("ABAB", "AAAAAB"),
                evidence={},
                grade=3,
                rule=5,
                rule_version=0,
                explanation="3级：关键指标A、B兼有，其他指标不全是A",
                status="approved",
                filled_by=sales_manager.user_id,
            )
        )
    form = credit.evaluation_form(branch.db, sales_manager, cid)
    assert form.evidence["last"]["month"] == "2026-10"
    assert form.levels == levels("ABAC", "AAAAAB")  # payment reputation from the record
    filed = credit.file_evaluation(branch.db, sales_manager, cid, MONTH, form.levels)
    assert filed.evidence["record"]["worst_days_late"] == 47  # kept as shown


def test_the_rerating_list_shows_who_is_due_and_overdue_in_red(branch: Branch) -> None:
    done = new_selected_customer(branch, "上海已评医药有限公司")
    waiting = new_selected_customer(branch, "上海待评医药有限公司")
    in_flow = new_selected_customer(branch, "上海审批中医药有限公司")
    approved(branch, done, "AAAA")
    file(branch, in_flow, "BBBB")
    gm = branch.actor(Role.BRANCH_GM)
    due = credit.rating_due(branch.db, gm)
    by_id = {d.customer_id: d for d in due}
    assert set(by_id) == {waiting, in_flow}
    assert by_id[in_flow].open_status == "submitted" and by_id[waiting].open_status is None
    assert by_id[waiting].due == date(2026, 11, 10) and by_id[waiting].overdue  # 11-26 > 11-10
    # Next month nobody is rated yet; before the due day nothing is red.
    branch.db.clock.set(date(2026, 12, 3))  # type: ignore[attr-defined]
    nxt = credit.rating_due(branch.db, gm)
    assert {d.customer_id for d in nxt} == {done, waiting, in_flow}
    assert not any(d.overdue for d in nxt)
    assert {d.customer_id: d.last_rated for d in nxt}[done] == MONTH


def test_an_evaluation_keeps_the_table_version_it_was_graded_by(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    first = file(branch, cid, "AABB")  # default table: rule 3, grade 2
    head = branch.actor(Role.MARKETING_HEAD)
    edited = [
        {"grade": 3, "key": "mix_ab", "other": "all_a"},
        {"grade": 5, "key": "any", "other": "any"},
    ]
    credit.save_rule_table(branch.db, head, edited, "试行")
    credit.review_evaluation(branch.db, branch.actor(Role.BRANCH_GM), first, False, "按新表重评")
    again = credit.file_evaluation(
        branch.db, branch.actor(Role.SALES_MANAGER), cid, MONTH, levels("AABB"), revises=first
    )
    old = credit.get_evaluation(branch.db, head, first)
    assert (old.grade, old.rule, old.rule_version) == (2, 3, 0)
    assert (again.grade, again.rule, again.rule_version) == (3, 1, 1)


def test_the_command_line_walks_the_workflow_and_prints_the_form(
    branch: Branch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    today = date.today()  # a command opens the database on the PC's clock, not the test's

    def kehu(user: str, *argv: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        login = ["--user", user, "--password-stdin"]
        return main(["--database", branch.db.url, "rating", *argv, *login])

    # A missing level is refused at its field; nothing filed.
    assert kehu("sales_manager", "evaluate", "康健", "--levels", "AAAA-AAB", "--json") == 2
    assert "请评定A、B或C" in capsys.readouterr().err
    assert count(branch, CreditEvaluation) == 0
    assert kehu("sales_manager", "evaluate", "康健", "--levels", "aaaa-aabcaa", "--json") == 0
    filed = json.loads(capsys.readouterr().out)
    assert filed["grade"] == 2 and filed["status"] == "submitted"
    assert kehu("branch_gm", "pending", "--json") == 0
    assert [e["id"] for e in json.loads(capsys.readouterr().out)] == [filed["id"]]
    assert kehu("branch_gm", "review", filed["id"], "--send-back") == 2  # no comment
    assert "退回时请写明原因" in capsys.readouterr().err
    assert kehu("branch_gm", "review", filed["id"], "--comment", "属实") == 0
    assert "待营销总监批准" not in capsys.readouterr().out  # the status code, for scripts
    assert kehu("marketing_director", "decide", filed["id"], "--json") == 0
    assert json.loads(capsys.readouterr().out)["status"] == "approved"
    assert kehu("sales_manager", "due", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []

    pdf = tmp_path / "评估表.pdf"
    assert kehu("branch_gm", "print", filed["id"], "-o", str(pdf)) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("客户资信等级评估表", "上海康健医药有限公司", "2级：关键指标全A，其他指标有C"):
        assert expected in text
    assert f"{today:%Y年%m月}" in text and "营销总监" in text
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("WenQuanYi" in f or "wqy" in f.lower() for f in fonts), fonts
    assert len(audits(branch, "credit_evaluation_printed")) == 1
    with branch.db.read() as s:
        assert credit.grade_on(s, cid, today).grade == 2  # type: ignore[union-attr]


def test_who_filed_it_does_not_review_it_and_a_sent_back_one_is_revised_once(
    branch: Branch,
) -> None:
    from kehu_desktop.services.admin import auth

    admin = branch.actor(Role.ADMIN)
    roles = [Role.SALES_MANAGER, Role.BRANCH_GM]
    auth.add_user(branch.db, admin, "both", PASSWORD, roles, display_name="兼任经理")
    both = auth.sign_in(branch.db, "both", PASSWORD)
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    eid = credit.file_evaluation(branch.db, both, cid, MONTH, levels()).id
    with pytest.raises(Forbidden) as own:
        credit.review_evaluation(branch.db, both, eid, True)
    assert own.value.code == "evaluation.self_review"
    credit.review_evaluation(branch.db, branch.actor(Role.BRANCH_GM), eid, False, "请重评")
    # Filed afresh (from the month's list, naming nothing): it answers the one sent back.
    sales_manager = branch.actor(Role.SALES_MANAGER)
    again = credit.file_evaluation(branch.db, sales_manager, cid, MONTH, levels("AABB"))
    assert again.revises_id == eid
    assert credit.pending_evaluations(branch.db, sales_manager) == []
    credit.review_evaluation(branch.db, branch.actor(Role.BRANCH_GM), again.id, False, "再核")
    with pytest.raises(Conflict) as twice:
        credit.file_evaluation(branch.db, sales_manager, cid, MONTH, levels(), revises=eid)
    assert twice.value.code == "evaluation.already_revised"
