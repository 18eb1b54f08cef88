"""Push and pull (issue 8): a SQLite branch against the real head-office service under uvicorn
on PostgreSQL. The first sync uploads the whole branch; later local changes follow through the
outbox; head office's changes come down through its change log; refusals change nothing."""

from __future__ import annotations

import gzip
import json
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop import sync
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import OTHER_INDICATORS
from kehu_desktop.domain.roles import Role
from kehu_desktop.migrations import head_revision
from kehu_desktop.models import ChangeFormEntry
from kehu_desktop.models import Customer
from kehu_desktop.models import EarlyWarning
from kehu_desktop.models import HeadOfficeVisit
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Product
from kehu_desktop.models import SalesReportReview
from kehu_desktop.models import SelectionStep
from kehu_desktop.models import SyncRejection
from kehu_desktop.models import SyncState
from kehu_desktop.models import Visit
from kehu_desktop.services import credit
from kehu_desktop.services import customers as selection
from kehu_desktop.services import products
from kehu_desktop.services import visits
from kehu_desktop.services import warnings
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import review_sales_report
from kehu_desktop.services.customers import sales_report_review
from kehu_desktop.sync import credentials
from tests.factories import Branch
from tests.factories import add_contract
from tests.factories import make_products
from tests.factories import make_shop
from tests.factories import new_customer
from tests.hq_support import listed
from tests.sync_support import assert_same
from tests.sync_support import register
from tests.sync_support import second_branch

pytestmark = pytest.mark.postgres


@pytest.fixture
def synced(
    sqlite_branch: Branch,
    hq_db: Database,
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Branch:
    """The test branch with a customer and products, registered with head office."""
    make_shop(sqlite_branch)
    make_products(sqlite_branch)
    register(sqlite_branch, hq_db, service, monkeypatch, tmp_path / "config")
    return sqlite_branch


def count(db: Database, model: Any, *where: Any) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def client(branch: Branch) -> httpx.Client:
    stored = credentials.load()
    assert stored is not None
    return httpx.Client(
        base_url=stored.url, timeout=30, headers={"Authorization": f"Bearer {stored.secret}"}
    )


def test_the_first_sync_uploads_the_branch_and_verify_says_equal(
    synced: Branch, hq_db: Database
) -> None:
    report = sync.now(synced.db)
    assert report.pending == 0 and report.pushed > 0 and report.rejections == 0
    assert_same(synced, hq_db)
    # Head office adopted the branch's own id, and pulled its branch row back down.
    entry = listed(hq_db, "SH")
    assert entry["acked_seq"] == report.pushed and entry["last_push_at"] is not None
    assert entry["last_pull_at"] is not None and entry["lag"] == 0 and entry["last_error"] is None
    status = sync.status(synced.db)
    assert status.pending == 0 and status.last_sync_at is not None and status.last_error is None

    # A later change goes up through the outbox; a second sync with nothing new sends nothing.
    again = sync.now(synced.db)
    assert again.pushed == 0 and again.pending == 0
    new_customer(synced, "上海仁济药房")
    later = sync.now(synced.db)
    assert later.pushed > 0 and later.pending == 0
    assert_same(synced, hq_db)
    assert count(hq_db, Customer, Customer.name == "上海仁济药房") == 1
    # Found at head office as at the branch: by initials, by phone digits (its search rows).
    head = synced.actor(Role.MARKETING_HEAD)
    for typed in ("rjyf", "58881234"):
        page = list_customers(hq_db, head, CustomerQuery(search=typed))
        assert "上海仁济药房" in [r.name for r in page.rows], typed


def test_head_office_changes_come_down_and_head_office_data_is_locked_at_the_branch(
    synced: Branch, hq_db: Database
) -> None:
    sync.now(synced.db)
    with hq_db.write() as s:  # head office edits a product (as its own screens would)
        product = s.scalars(select(Product).order_by(Product.code)).first()
        assert product is not None
        product.name = "总部改名的产品"
        product_id = product.id
    heard: list[Any] = []
    synced.db.add_change_listener(heard.append)  # what the open screens hear
    report = sync.now(synced.db)
    assert report.pulled >= 1
    assert any(c.touches("product") for c in heard)
    with synced.db.read() as s:
        assert s.get(Product, product_id).name == "总部改名的产品"  # type: ignore[union-attr]
        assert s.get(SyncState, 1).pull_cursor > 0  # type: ignore[union-attr]

    # Registered: the branch's administrator may no longer edit a product (head office's).
    with pytest.raises(Forbidden) as refused:
        products.save_product(
            synced.db,
            synced.actor(Role.ADMIN),
            products.ProductInput(
                code="LOCAL1",
                name="分支自建产品",
                specification="10片",
                unit="盒",
                factory_price=Decimal("12.00"),
            ),
        )
    assert refused.value.code == "sync.head_office_owned"


def selected_at_head_office(branch: Branch, hq_db: Database, name: str) -> Any:
    """A customer proposed and reviewed at the branch, approved at head office, synced."""
    cid = new_customer(branch, name)
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid, "渠道强")
    selection.review(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")
    sync.now(branch.db)
    selection.approve(hq_db, branch.actor(Role.MARKETING_HEAD), cid, Decision.APPROVE)
    sync.now(branch.db)
    return cid


def batch(ops: list[dict[str, Any]], revision: str | None = None) -> bytes:
    body = {"schema_rev": revision or head_revision(), "pending": 0, "ops": ops}
    return gzip.compress(json.dumps(body).encode())


def post(c: httpx.Client, body: bytes) -> httpx.Response:
    return c.post(
        "/v1/push",
        content=body,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )


def test_a_resent_batch_a_gap_and_refusals_change_nothing(synced: Branch, hq_db: Database) -> None:
    sync.now(synced.db)
    acked = listed(hq_db, "SH")["acked_seq"]
    new_customer(synced, "上海第一医药")
    with synced.db.read() as s:
        ops = s.scalars(select(OutboxOp).where(OutboxOp.seq > acked).order_by(OutboxOp.seq)).all()
        wire_ops = [
            {
                "seq": o.seq,
                "table": o.entity,
                "row_id": o.entity_id,
                "op": o.op,
                "payload": o.payload,
            }
            for o in ops
        ]
    with client(synced) as c:
        first = post(c, batch(wire_ops))
        assert first.status_code == 200, first.text
        # The reply was lost: the same batch again is skipped by seq, answered the same.
        second = post(c, batch(wire_ops))
        assert second.json()["acked_through"] == first.json()["acked_through"]
        through = first.json()["acked_through"]
        # A gap: head office names the seq it expects and applies nothing.
        gap = post(c, batch([{**wire_ops[0], "seq": through + 2}]))
        assert gap.status_code == 409 and gap.json()["expected_seq"] == through + 1
        # A table head office owns: 403, nothing applied, the branch's last error.
        with hq_db.read() as s:
            product = s.scalars(select(Product)).first()
            assert product is not None
            row = {"id": str(product.id), "code": product.code, "name": "分支改的"}
        forbidden = post(
            c,
            batch(
                [
                    {
                        "seq": through + 1,
                        "table": "products",
                        "row_id": row["id"],
                        "op": "upsert",
                        "payload": row,
                    }
                ]
            ),
        )
        assert forbidden.status_code == 403
        assert listed(hq_db, "SH")["last_error"]["code"] == "push.forbidden"
        with hq_db.read() as s:
            assert s.get(Product, product.id).name == product.name  # type: ignore[union-attr]
        # Reference data "adopted" after the first upload, or a table that is nobody's to
        # send (head office's registry): 403 as well.
        for table in ("products", "branch_sync"):
            adopt = post(
                c,
                batch(
                    [
                        {
                            "seq": through + 1,
                            "table": table,
                            "row_id": row["id"],
                            "op": "adopt",
                            "payload": row,
                        }
                    ]
                ),
            )
            assert adopt.status_code == 403, adopt.text
        # An older schema revision: 426, told to upgrade.
        old = post(c, batch([], revision="0001"))
        assert old.status_code == 426 and "upgrade" in old.json()["message"]
        # Not JSON, and a batch over the limit: refused with a clear status.
        assert post(c, gzip.compress(b"{not json")).status_code == 400
        too_many = [{**wire_ops[0], "seq": through + 1 + i} for i in range(501)]
        assert post(c, batch(too_many)).status_code == 413
    assert listed(hq_db, "SH")["acked_seq"] == through
    assert count(hq_db, Customer, Customer.name == "上海第一医药") == 1


def test_a_record_head_office_refuses_is_acknowledged_and_reported_to_its_author(
    synced: Branch, hq_db: Database
) -> None:
    sync.now(synced.db)
    acked = listed(hq_db, "SH")["acked_seq"]
    new_customer(synced, "上海华山药房")
    with synced.db.read() as s:
        ops = s.scalars(select(OutboxOp).where(OutboxOp.seq > acked).order_by(OutboxOp.seq)).all()
        bad = next(o for o in ops if o.entity == "customers")
        customer_id = bad.payload["id"]
    with synced.db.write() as s:  # the record names a market office head office never heard of
        op = s.get(OutboxOp, bad.id)
        assert op is not None
        op.payload = {**op.payload, "market_office_id": "00000000-0000-4000-8000-000000000001"}
    report = sync.now(synced.db)
    assert report.pending == 0 and report.rejections >= 1
    with synced.db.read() as s:
        rejection = s.scalars(
            select(SyncRejection).where(
                SyncRejection.row_id == customer_id, SyncRejection.table_name == "customers"
            )
        ).one()
    assert rejection.table_name == "customers" and rejection.author_id is not None
    assert sync.status(synced.db).rejections >= 1
    # The clerk who made the record sees it until read; the cashier does not.
    clerk = synced.actor(Role.CLERK)
    mine = sync.rejections_for(synced.db, clerk)
    assert [r.row_id for r in mine if r.table == "customers"] == [customer_id]
    assert sync.rejections_for(synced.db, synced.actor(Role.CASHIER)) == []
    sync.mark_seen(synced.db, clerk, [r.id for r in mine])
    assert sync.rejections_for(synced.db, clerk) == []
    assert count(hq_db, Customer, Customer.name == "上海华山药房") == 0


def test_head_office_approves_and_the_branch_applies_it_at_its_next_sync(
    synced: Branch, hq_db: Database
) -> None:
    cid = new_customer(synced, "上海长征药房")
    # The branch's clock a day ahead of head office's: whether a decision waits for the branch
    # is never judged by comparing the two sides' times.
    synced.db.clock.advance(days=1)  # type: ignore[attr-defined]
    selection.propose(synced.db, synced.actor(Role.SALES_MANAGER), cid, "渠道强")
    selection.review(synced.db, synced.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")
    sync.now(synced.db)
    # The marketing head approves at head office: the step is head office's record; the
    # customer's row stays the branch's until the branch applies the decision.
    head = synced.actor(Role.MARKETING_HEAD)
    assert selection.awaiting_branch(hq_db, "approve", [cid]) == set()
    selection.approve(hq_db, head, cid, Decision.APPROVE)
    # Decided: head office's approval queue leaves it out until the branch has applied it.
    assert selection.awaiting_branch(hq_db, "approve", [cid]) == {cid}
    with pytest.raises(Conflict) as twice:
        selection.approve(hq_db, head, cid, Decision.APPROVE)
    assert twice.value.code == "selection.awaiting_branch"
    with hq_db.read() as s:
        assert s.get(Customer, cid).status == "reviewed"  # type: ignore[union-attr]

    sync.now(synced.db)
    with synced.db.read() as s:
        assert s.get(Customer, cid).status == "selected"  # type: ignore[union-attr]
        entries = s.scalars(select(ChangeFormEntry).where(ChangeFormEntry.customer_id == cid)).all()
        assert [e.kind for e in entries] == ["add"]
        assert entries[0].approved_by == head.user_id
    assert_same(synced, hq_db)  # the selected customer and its entry went back up
    assert selection.awaiting_branch(hq_db, "terminate", [cid]) == set()
    # Applied once: another sync changes nothing.
    assert sync.now(synced.db).pushed == 0


def test_a_withdrawal_proposed_at_the_branch_is_decided_at_head_office(
    synced: Branch, hq_db: Database
) -> None:
    """Step 8 through step 1's chain across the wire: the sales manager proposes and the GM
    reviews at the branch (the branch's steps go up); head office's marketing head refuses a
    first round and approves a second: each answer is head office's step, which comes down;
    the refusal leaves the customer selected, the approval terminates it with its change-form
    entry at the branch, and both sides end equal."""
    cid = selected_at_head_office(synced, hq_db, "上海低于计划药房")
    manager, gm = synced.actor(Role.SALES_MANAGER), synced.actor(Role.BRANCH_GM)
    head = synced.actor(Role.MARKETING_HEAD)
    synced.db.clock.advance(days=1)  # type: ignore[attr-defined]  # two clocks, never compared
    selection.propose_withdrawal(synced.db, manager, cid, "连续三个月进货低于分销计划")
    selection.review_withdrawal(synced.db, gm, cid, Decision.APPROVE, "同意")
    assert [r.id for r in selection.withdrawal_queue(hq_db, head, "reviewed")] == []
    sync.now(synced.db)
    assert [r.id for r in selection.withdrawal_queue(hq_db, head, "reviewed")] == [cid]
    assert selection.count_withdrawals(hq_db, head) == 1

    selection.decide_withdrawal(hq_db, head, cid, Decision.REJECT, "保留该客户")
    assert selection.withdrawal_queue(hq_db, head, "reviewed") == []
    with pytest.raises(Conflict):
        selection.decide_withdrawal(hq_db, head, cid, Decision.APPROVE)
    sync.now(synced.db)
    with synced.db.read() as s:
        assert s.get(Customer, cid).status == "selected"  # type: ignore[union-attr]
    assert selection.withdrawal_stages(synced.db, manager, [cid]) == {}
    assert count(synced.db, SelectionStep, SelectionStep.customer_id == cid) == 6

    selection.propose_withdrawal(synced.db, manager, cid, "仍然低于计划")
    selection.review_withdrawal(synced.db, gm, cid, Decision.APPROVE)
    sync.now(synced.db)
    selection.decide_withdrawal(hq_db, head, cid, Decision.APPROVE)
    # Decided: it waits for the branch, leaves head office's queues, a second answer is refused.
    assert selection.withdrawal_queue(hq_db, head, "reviewed") == []
    assert selection.awaiting_branch(hq_db, "terminate", [cid]) == {cid}
    with pytest.raises(Conflict):
        selection.decide_withdrawal(hq_db, head, cid, Decision.APPROVE)
    with hq_db.read() as s:
        assert s.get(Customer, cid).status == "selected"  # type: ignore[union-attr]
    sync.now(synced.db)
    with synced.db.read() as s:
        assert s.get(Customer, cid).status == "terminated"  # type: ignore[union-attr]
        entries = s.scalars(select(ChangeFormEntry).where(ChangeFormEntry.customer_id == cid)).all()
        removed = [e for e in entries if e.kind == "remove"]
        assert [(e.reason, e.approved_by) for e in removed] == [("仍然低于计划", head.user_id)]
    assert_same(synced, hq_db)
    with hq_db.read() as s:
        assert s.get(Customer, cid).status == "terminated"  # type: ignore[union-attr]
    assert sync.now(synced.db).pushed == 0


def test_a_grade_and_a_grade_2_limit_decided_at_head_office_reach_the_branch(
    synced: Branch, hq_db: Database
) -> None:
    cid = selected_at_head_office(synced, hq_db, "上海华东大药房")
    director = synced.actor(Role.MARKETING_DIRECTOR)
    today = synced.db.clock.today()
    month = today.replace(day=1)
    # Grades are head office's: set there, they come down with the pull.
    credit.set_grade(hq_db, director, cid, 2, effective_from=month, reason="月度评级")
    sync.now(synced.db)
    with synced.db.read() as s:
        assert credit.grade_on(s, cid, today).grade == 2  # type: ignore[union-attr]

    # The branch's sales manager applies; the marketing director decides at head office.
    applied = credit.apply_limit(
        synced.db, synced.actor(Role.SALES_MANAGER), cid, month, "200000.00"
    )
    sync.now(synced.db)
    credit.decide_limit(hq_db, director, applied.id, True)
    with pytest.raises(Conflict) as twice:
        credit.decide_limit(hq_db, director, applied.id, True)
    assert twice.value.code == "limit.awaiting_branch"
    sync.now(synced.db)
    with synced.db.read() as s:
        limit = credit.approved_limit(s, cid, month)
        assert limit is not None and limit.id == applied.id
        assert limit.amount == Decimal("200000.00") and limit.decided_by == director.user_id
    assert_same(synced, hq_db)


def test_an_evaluation_approved_at_head_office_gives_the_branch_its_grade(
    synced: Branch, hq_db: Database
) -> None:
    """Step 3 across the wire: filed and reviewed at the branch, approved by the marketing
    director at head office; the grade and the decision come down, the branch applies the
    decision once and sends the evaluation back up. At the registered branch the director
    cannot decide, and head office cannot decide twice."""
    cid = selected_at_head_office(synced, hq_db, "上海华东大药房")
    month = synced.db.clock.today().replace(day=1)
    levels = dict.fromkeys((*KEY_INDICATORS, *OTHER_INDICATORS), "A")
    levels["goods_flow"] = "C"  # grade 2: keys all A, some C in the others
    filed = credit.file_evaluation(synced.db, synced.actor(Role.SALES_MANAGER), cid, month, levels)
    credit.review_evaluation(synced.db, synced.actor(Role.BRANCH_GM), filed.id, True, "属实")
    director = synced.actor(Role.MARKETING_DIRECTOR)
    with pytest.raises(Conflict) as here:
        credit.decide_evaluation(synced.db, director, filed.id, True)
    assert here.value.code == "evaluation.decide_at_head_office"
    sync.now(synced.db)

    assert [e.id for e in credit.pending_evaluations(hq_db, director)] == [filed.id]
    decided = credit.decide_evaluation(hq_db, director, filed.id, True, "同意")
    assert decided.awaiting_branch and credit.pending_evaluations(hq_db, director) == []
    with pytest.raises(Conflict) as twice:
        credit.decide_evaluation(hq_db, director, filed.id, True)
    assert twice.value.code == "evaluation.awaiting_branch"

    sync.now(synced.db)
    today = synced.db.clock.today()
    with synced.db.read() as s:
        grade = credit.grade_on(s, cid, today)
        assert grade is not None and (grade.grade, grade.source) == (2, "evaluation")
        assert grade.evaluation_id == filed.id
    at_branch = credit.get_evaluation(synced.db, synced.actor(Role.BRANCH_GM), filed.id)
    assert at_branch.status == "approved" and at_branch.decided_by == "marketing_director用户"
    at_head_office = credit.get_evaluation(hq_db, director, filed.id)
    assert at_head_office.status == "approved" and not at_head_office.awaiting_branch
    assert_same(synced, hq_db)
    assert sync.now(synced.db).pushed == 0  # applied once


def test_a_grade_2_warning_answered_at_head_office_is_closed_at_the_branch(
    synced: Branch, hq_db: Database
) -> None:
    """Grade-2 warnings are the marketing director's, who works at head office: the branch's
    job opens the warning, the push brings it up, the director answers and closes it there, and
    the branch writes the answers on its warning at the next sync (not before); head office
    shows them as waiting for the branch meanwhile."""
    cid = selected_at_head_office(synced, hq_db, "上海华东大药房")
    month = synced.db.clock.today().replace(day=1)
    director = synced.actor(Role.MARKETING_DIRECTOR)
    credit.set_grade(hq_db, director, cid, 2, effective_from=month, reason="月度评级")
    sync.now(synced.db)  # the grade comes down; no limit, no purchase: nothing to warn of yet
    add_contract(synced, cid, valid_to=synced.db.clock.today() + timedelta(days=10))
    sync.now(synced.db)  # the job opens "contract expiring" and the push brings it up
    mine = warnings.list_warnings(hq_db, director)
    assert [(w.customer_id, w.kind) for w in mine] == [(cid, "contract_expiring")]
    wid = mine[0].id
    with pytest.raises(Forbidden):  # the branch GM does not own a grade-2 warning
        warnings.respond_warning(hq_db, synced.actor(Role.BRANCH_GM), wid, "x", "y")
    warnings.respond_warning(hq_db, director, wid, "客户正在续签", "总经理本周内签新合同")
    shown = warnings.close_warning(hq_db, director, wid, "续签合同已寄出")
    assert shown.status == "closed" and shown.awaiting_branch
    with synced.db.read() as s:
        assert s.get(EarlyWarning, wid).status == "open"  # type: ignore[union-attr]

    sync.now(synced.db)
    with synced.db.read() as s:
        row = s.get(EarlyWarning, wid)
        assert row is not None and row.status == "closed"
        assert row.investigation == "客户正在续签" and row.closing == "续签合同已寄出"
        assert row.closed_by == director.user_id
    at_head_office = warnings.list_warnings(hq_db, director, status=None)[0]
    assert at_head_office.status == "closed" and not at_head_office.awaiting_branch
    assert_same(synced, hq_db)
    assert sync.now(synced.db).pushed == 0  # applied once


def test_a_visit_logged_at_head_office_answers_its_warning_and_reaches_the_branch(
    synced: Branch, hq_db: Database
) -> None:
    """The marketing director works at head office: his visit to a grade-2 customer is head
    office's record, counts for his schedule there at once, answers the warning he owns, and
    reaches the customer's branch with the answer at its next sync."""
    cid = selected_at_head_office(synced, hq_db, "上海华东大药房")
    today = synced.db.clock.today()
    director = synced.actor(Role.MARKETING_DIRECTOR)
    credit.set_grade(
        hq_db, director, cid, 2, effective_from=today.replace(day=1), reason="月度评级"
    )
    sync.now(synced.db)
    add_contract(synced, cid, valid_to=today + timedelta(days=10))
    sync.now(synced.db)  # the warning goes up
    wid = warnings.list_warnings(hq_db, director)[0].id
    due = {d.customer_id: d for d in visits.visits_due(hq_db, director)}
    assert due[cid].last_visit is None
    with pytest.raises(Forbidden):  # the GM does not own a grade-2 warning
        visits.record_visit(
            hq_db,
            synced.actor(Role.BRANCH_GM),
            cid,
            today,
            ["relationship"],
            "x",
            warning_id=wid,
        )
    visit = visits.record_visit(
        hq_db,
        director,
        cid,
        today,
        ["credit_and_sales"],
        "客户正在续签合同",
        "总经理本周签新合同",
        warning_id=wid,
    )
    assert visit.visitor_role == "marketing_director"
    # Visited today: not due again within the week (grade 2, the director: monthly or less).
    assert cid not in {d.customer_id for d in visits.visits_due(hq_db, director)}
    with hq_db.read() as s:
        assert s.scalar(select(func.count()).select_from(HeadOfficeVisit)) == 1
        assert s.scalar(select(func.count()).select_from(Visit)) == 0
    with synced.db.read() as s:
        assert s.scalar(select(func.count()).select_from(HeadOfficeVisit)) == 0

    sync.now(synced.db)
    logged = visits.visits_of(synced.db, synced.actor(Role.SALES_MANAGER), cid)
    assert [(v.id, v.findings) for v in logged] == [(visit.id, "客户正在续签合同")]
    with synced.db.read() as s:
        row = s.get(EarlyWarning, wid)
        assert row is not None and row.investigation == "客户正在续签合同"
        assert row.action == "总经理本周签新合同" and row.responded_by == director.user_id
    assert_same(synced, hq_db)
    assert sync.now(synced.db).pushed == 0  # the branch sends nothing back of it


def test_head_offices_rating_rule_table_comes_down_and_is_locked_at_the_branch(
    synced: Branch, hq_db: Database
) -> None:
    sync.now(synced.db)  # head office's users reach head office with the first upload
    head = synced.actor(Role.MARKETING_HEAD)
    only_cash = [{"grade": 5, "key": "any", "other": "any"}]
    with pytest.raises(KehuError) as locked:  # head office's table: not editable at the branch
        credit.save_rule_table(synced.db, head, only_cash, "分支机构试改")
    assert locked.value.code == "rating.edit_at_head_office"
    assert credit.rule_table(synced.db, head).edited_at_head_office
    credit.save_rule_table(hq_db, head, only_cash, "全部现款")
    sync.now(synced.db)
    shown = credit.rule_table(synced.db, synced.actor(Role.SALES_MANAGER))
    assert (shown.version, shown.note, len(shown.rules)) == (1, "全部现款", 1)


def test_head_office_holds_the_union_and_each_branch_reads_only_its_own(
    synced: Branch,
    hq_db: Database,
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second branch (HZ, its own database and config folder) beside SH: head office holds
    both branches' records; a decision on SH's customer never reaches HZ."""
    sh_config = tmp_path / "config"
    sync.now(synced.db)
    hz, hz_config = second_branch(hq_db, service, tmp_path, synced, monkeypatch)
    other_db = hz.db
    assert sync.now(hz.db).pending == 0

    monkeypatch.setenv("KEHU_CONFIG_DIR", str(sh_config))
    cid = new_customer(synced, "上海雷允上药店")
    selection.propose(synced.db, synced.actor(Role.SALES_MANAGER), cid, "渠道强")
    selection.review(synced.db, synced.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")
    sync.now(synced.db)
    selection.approve(hq_db, synced.actor(Role.MARKETING_HEAD), cid, Decision.APPROVE)
    sync.now(synced.db)
    assert_same(synced, hq_db)

    monkeypatch.setenv("KEHU_CONFIG_DIR", str(hz_config))
    sync.now(hz.db)
    assert_same(hz, hq_db)
    with hz.db.read() as s:  # nothing of SH's came down to HZ
        assert s.get(Customer, cid) is None
        assert not s.scalars(select(SelectionStep).where(SelectionStep.customer_id == cid)).all()
    with hq_db.read() as s:
        at_head_office = s.scalar(select(func.count()).select_from(Customer)) or 0
    with synced.db.read() as s, hz.db.read() as t:
        in_branches = (s.scalar(select(func.count()).select_from(Customer)) or 0) + (
            t.scalar(select(func.count()).select_from(Customer)) or 0
        )
    assert at_head_office == in_branches
    other_db.dispose()


def test_a_sales_report_reviewed_at_head_office_comes_down_to_its_branch_only(
    synced: Branch,
    hq_db: Database,
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The marketing director reviews SH's October report at head office (refused at the
    registered branch): the review comes down to SH at its next sync, a correction after it;
    HZ, in the same region, receives neither."""
    sh_config = tmp_path / "config"
    sync.now(synced.db)
    hz, hz_config = second_branch(hq_db, service, tmp_path, synced, monkeypatch)
    sync.now(hz.db)
    monkeypatch.setenv("KEHU_CONFIG_DIR", str(sh_config))
    director = synced.actor(Role.MARKETING_DIRECTOR)
    october = date(2026, 10, 1)
    with pytest.raises(Conflict) as refused:
        review_sales_report(synced.db, director, october, "已阅")
    assert refused.value.code == "sales_review.at_head_office"

    first = review_sales_report(hq_db, director, october, "十月已阅", branch_id=synced.branch_id)
    manager = synced.actor(Role.SALES_MANAGER)
    assert sales_report_review(synced.db, manager, october) is None  # not before the sync
    assert sync.now(synced.db).pulled >= 1
    assert sales_report_review(synced.db, manager, october) == first
    corrected = review_sales_report(
        hq_db, director, october, "库存有误", branch_id=synced.branch_id, correcting=first.id
    )
    sync.now(synced.db)
    assert sales_report_review(synced.db, manager, october) == corrected
    assert count(synced.db, SalesReportReview) == 2
    assert_same(synced, hq_db)

    monkeypatch.setenv("KEHU_CONFIG_DIR", str(hz_config))
    sync.now(hz.db)
    assert count(hz.db, SalesReportReview) == 0
    hz.db.dispose()
