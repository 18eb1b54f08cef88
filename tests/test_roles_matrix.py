"""The role × action matrix of docs/roles.md, run: each row's service call as a user of each role.

The table in the doc is the data: this module parses it, checks it against
``domain.roles.PERMISSIONS`` and runs every row for every role on SQLite (a representative set of
rows on PostgreSQL too). A ✓ must succeed, a · must be refused with ``Forbidden``. Each row has a
scenario here: ``prepare`` builds what the call needs (fresh after every success, since most
calls use it up), ``call`` makes the call as the given actor.
"""

from __future__ import annotations

import itertools
import re
import shutil
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.domain import warnings as warning_rules
from kehu_desktop.domain.errors import AccessWithdrawn
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import OTHER_INDICATORS
from kehu_desktop.domain.roles import PERMISSIONS
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.models import Branch as BranchRow
from kehu_desktop.models import EarlyWarning
from kehu_desktop.models import User
from kehu_desktop.models import UserRole
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch as svc
from kehu_desktop.services import payments
from kehu_desktop.services import plans
from kehu_desktop.services import products
from kehu_desktop.services import slips
from kehu_desktop.services import visits
from kehu_desktop.services import warnings
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import backups
from kehu_desktop.services.admin import branch_status
from kehu_desktop.services.admin import settings
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import exporting
from kehu_desktop.services.customers import importing
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import monthly_sales_report
from kehu_desktop.services.customers import review_sales_report
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import selection
from kehu_desktop.services.customers import withdrawal
from kehu_desktop.services.dispatch import release_dispatch
from kehu_desktop.services.payments import remittances
from kehu_desktop.services.slips import printers
from kehu_desktop.services.slips import seller
from kehu_desktop.sync import registration
from tests.conftest import _branch_template
from tests.conftest import _postgres_db
from tests.factories import MONTH
from tests.factories import PASSWORD
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import Shop
from tests.factories import deliver
from tests.factories import make_shop
from tests.factories import new_selected_customer
from tests.factories import ready_note
from tests.factories import release
from tests.factories import request
from tests.test_import_export import HEADER
from tests.test_import_export import good_row
from tests.test_import_export import write_csv

DOC = Path(__file__).resolve().parents[1] / "docs" / "roles.md"
ROLES = [
    Role.CASHIER,
    Role.CLERK,
    Role.ACCOUNTANT,
    Role.SALES_REP,
    Role.DRIVER,
    Role.SALES_MANAGER,
    Role.BRANCH_GM,
    Role.MARKETING_DIRECTOR,
    Role.REGIONAL_MANAGER,
    Role.MARKETING_HEAD,
    Role.FINANCE,
    Role.ADMIN,
]
YES, NO = "✓", "·"


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


#: An evaluation scoring every indicator A.
ALL_A = dict.fromkeys((*KEY_INDICATORS, *OTHER_INDICATORS), "A")


@dataclass(frozen=True)
class Row:
    action: str  # "credit.approve_limit@3": the permission, and which case of it
    call: str
    allowed: frozenset[Role]
    source: str

    @property
    def permission(self) -> str:
        return self.action.split("@")[0]


def read_matrix(text: str) -> list[Row]:
    section = text.split("## The matrix", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[:2] == ["action", "service call"] and header[-1] == "source", header
    assert header[2:-1] == [r.value for r in ROLES], "the role columns, in this order"
    assert set(lines[1]) <= set("|-"), "the separator row"
    rows = []
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == len(header), line
        marks = cells[2:-1]
        assert set(marks) <= {YES, NO}, line
        allowed = frozenset(r for r, m in zip(ROLES, marks, strict=True) if m == YES)
        rows.append(Row(cells[0], cells[1], allowed, cells[-1]))
    return rows


ROWS = read_matrix(DOC.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# The world the calls run in: the test branch, one user per role, a customer ready for credit
# --------------------------------------------------------------------------------------------


class NullSpooler:
    def print_pdf(
        self, pdf: bytes, *, queue: str | None, paper: str, title: str, copies: int = 1
    ) -> str:
        return f"job-{title}"


@dataclass
class World:
    branch: Branch
    shop: Shop  # a credit customer: grade 3, contract, this month's limit
    cash: Shop  # a cash-on-delivery customer
    region_id: uuid.UUID
    tmp: Path
    head_office: Branch | None = None  # a database without a branch, for head-office rows
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def db(self) -> Database:
        return self.branch.db

    def n(self) -> int:
        return next(self.counter)

    def actor(self, role: Role, *, head_office: bool = False) -> Actor:
        return (self.head_office if head_office else self.branch).actors[role]  # type: ignore[union-attr]

    def by(self, role: Role) -> Actor:
        return self.branch.actor(role)

    # things the scenarios need, made by the roles whose job they are

    def prospect(self) -> uuid.UUID:
        draft = CustomerDraft(name=f"上海第{self.n()}医药贸易有限公司", channel="国有")
        return save_customer(self.db, self.by(Role.CLERK), draft).customer.id

    def proposed(self) -> uuid.UUID:
        cid = self.prospect()
        selection.propose(self.db, self.by(Role.SALES_MANAGER), cid, "渠道强")
        return cid

    def reviewed(self) -> uuid.UUID:
        cid = self.proposed()
        selection.review(self.db, self.by(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")
        return cid

    def selected(self, channel: str = "国有") -> uuid.UUID:
        return new_selected_customer(self.branch, f"杭州第{self.n()}医药有限公司", channel)

    def withdrawal_proposed(self) -> uuid.UUID:
        cid = self.selected()
        withdrawal.propose_withdrawal(self.db, self.by(Role.SALES_MANAGER), cid, "连续低于计划")
        return cid

    def withdrawal_reviewed(self) -> uuid.UUID:
        cid = self.withdrawal_proposed()
        withdrawal.review_withdrawal(self.db, self.by(Role.BRANCH_GM), cid, Decision.APPROVE)
        return cid

    def evaluated(self) -> uuid.UUID:
        cid = self.selected()
        return credit.file_evaluation(self.db, self.by(Role.SALES_MANAGER), cid, MONTH, ALL_A).id

    def evaluation_reviewed(self) -> uuid.UUID:
        eid = self.evaluated()
        credit.review_evaluation(self.db, self.by(Role.BRANCH_GM), eid, True)
        return eid

    def graded(self, grade: int) -> uuid.UUID:
        cid = self.selected()
        credit.set_grade(
            self.db,
            self.by(Role.MARKETING_DIRECTOR),
            cid,
            grade,
            effective_from=MONTH,
            reason="月度评级",
        )
        return cid

    def planned(self) -> uuid.UUID:
        """The credit customer with a plan for next month (filed by the sales manager)."""
        plans.file_plans(
            self.db,
            self.by(Role.SALES_MANAGER),
            date(2026, 12, 1),
            [plans.PlanInput(self.shop.customer_id, purchase_plan="8000")],
        )
        return self.shop.customer_id

    def warned(self, grade: int) -> uuid.UUID:
        """A near-limit warning on a customer of ``grade``, as the job opens it (a row: the job
        is not under test here)."""
        cid = self.graded(grade)
        with self.db.write() as s:
            row = EarlyWarning(
                customer_id=cid,
                kind="near_limit",
                subject="",
                numbers={"exposure": "9000.00", "limit": "10000.00", "percent": "90"},
                grade=grade,
                owner_role=warning_rules.owner_role(grade).value,
                history=[],
            )
            s.add(row)
            s.flush()
            return row.id

    def application(self, grade: int) -> uuid.UUID:
        cid = self.graded(grade)
        amount = None if grade == 1 else "1000"
        return credit.apply_limit(
            self.db,
            self.by(Role.SALES_MANAGER),
            cid,
            MONTH,
            amount,
            unlimited=amount is None,
        ).id

    def requested(self) -> uuid.UUID:
        return request(self.shop).id

    def approved(self) -> uuid.UUID:
        note = self.requested()
        svc.approve_dispatch(self.db, self.by(Role.SALES_MANAGER), note, "signed")
        return note

    def released(self) -> uuid.UUID:
        # Cash sales to a cash-on-delivery customer: the credit customer's deliveries would
        # soon meet 前清后送 (the previous one unpaid), and the roles are the same for both.
        note = ready_note(self.cash, "cash")
        assert release(self.cash, note).released
        return note

    def delivered(self) -> uuid.UUID:
        note = self.released()
        deliver(self.cash, note)
        return note

    def slip(self) -> str:
        note = self.released()
        return deliver(self.cash, note).slip_numbers[-1]

    def payment(self) -> None:
        payments.record_payment(
            self.db,
            self.by(Role.CASHIER),
            payments.PaymentInput(self.shop.customer_id, "cash", "100.00"),
        )


# --------------------------------------------------------------------------------------------
# One scenario per row
# --------------------------------------------------------------------------------------------

Prepare = Callable[[World], Any]
Call = Callable[[World, Actor, Any], object]


@dataclass(frozen=True)
class Scenario:
    prepare: Prepare
    call: Call
    head_office: bool = False  # run on the head-office database


def nothing(_w: World) -> None:
    return None


def ok(value: Any, what: str) -> Any:
    """For calls that answer with an outcome instead of raising."""
    assert value, what
    return value


def _import(w: World, a: Actor, _t: None) -> object:
    n = 500 + w.n()
    path = write_csv(w.tmp / f"import-{n}.csv", [HEADER, good_row(n)])
    report = importing.import_customers(w.db, a, path, dry_run=False)
    return ok(report.created, f"import: {report.errors}")


def _grade_limit(grade: int) -> Scenario:
    return Scenario(
        lambda w: w.application(grade),
        lambda w, a, lid: credit.decide_limit(w.db, a, lid, True, "同意"),
    )


def _warning(grade: int) -> Scenario:
    return Scenario(
        lambda w: w.warned(grade),
        lambda w, a, wid: warnings.respond_warning(w.db, a, wid, "已调查", "已催款"),
    )


def _ended_month(w: World) -> date:
    """Another month long ended: one review per branch and month."""
    n = w.n()
    return date(2020 + n // 12, 1 + n % 12, 1)


def _contract(w: World, a: Actor, cid: uuid.UUID) -> object:
    return credit.record_contract(
        w.db,
        a,
        cid,
        credit.ContractInput(
            number=f"HT-{w.n():05d}",
            payment_terms="agreed",
            term_days=30,
            month_end_cap="50000",
            signer="branch_gm",
            signer_role="branch_gm",
            signed_date=date(2026, 11, 2),
            valid_from=date(2026, 11, 2),
            valid_to=date(2027, 11, 1),
        ),
    )


def _past_the_gate(code: str, call: Callable[[], object]) -> object:
    """For a call that cannot succeed here (registration needs head office): passing the role
    check is shown by the refusal that comes after it, ``code``."""
    try:
        return call()
    except KehuError as exc:
        if exc.code != code:
            raise
        return True


def _print(w: World, a: Actor, number: str) -> object:
    printers.slip_pdf_bytes(w.db, a, number)
    outcome = printers.print_slip(w.db, a, number, spooler=NullSpooler())
    return ok(outcome.ok, "printed")


SCENARIOS: dict[str, Scenario] = {
    "customer.view": Scenario(nothing, lambda w, a, _: list_customers(w.db, a, CustomerQuery())),
    "customer.edit": Scenario(
        nothing,
        lambda w, a, _: save_customer(
            w.db, a, CustomerDraft(name=f"宁波第{w.n()}医药有限公司", channel="私营")
        ),
    ),
    "customer.import": Scenario(nothing, _import),
    "customer.export": Scenario(
        nothing,
        lambda w, a, _: exporting.export_customers(
            w.db, a, CustomerQuery(), w.tmp / f"export-{w.n()}.csv"
        ),
    ),
    "customer.propose": Scenario(
        World.prospect, lambda w, a, cid: selection.propose(w.db, a, cid, "渠道强")
    ),
    "customer.review": Scenario(
        World.proposed,
        lambda w, a, cid: selection.review(w.db, a, cid, Decision.APPROVE, "同意"),
    ),
    "customer.approve": Scenario(
        World.reviewed,
        lambda w, a, cid: selection.approve(w.db, a, cid, Decision.APPROVE, "同意"),
    ),
    "customer.terminate": Scenario(
        World.selected,
        lambda w, a, cid: selection.terminate(w.db, a, cid, "停止合作"),
    ),
    "customer.propose_withdrawal": Scenario(
        World.selected,
        lambda w, a, cid: withdrawal.propose_withdrawal(w.db, a, cid, "连续低于计划"),
    ),
    "customer.review_withdrawal": Scenario(
        World.withdrawal_proposed,
        lambda w, a, cid: withdrawal.review_withdrawal(w.db, a, cid, Decision.APPROVE),
    ),
    "customer.terminate@withdrawal": Scenario(
        World.withdrawal_reviewed,
        lambda w, a, cid: withdrawal.decide_withdrawal(w.db, a, cid, Decision.APPROVE, "同意"),
    ),
    "change_form.print": Scenario(nothing, lambda w, a, _: selection.print_change_form(w.db, a)),
    "sales_report.view": Scenario(nothing, lambda w, a, _: monthly_sales_report(w.db, a, MONTH)),
    # One review per branch and month: each success reviews another month long ended.
    "sales_report.review": Scenario(
        nothing, lambda w, a, _: review_sales_report(w.db, a, _ended_month(w), "已阅")
    ),
    "region.set_quota": Scenario(
        nothing, lambda w, a, _: selection.set_region_quota(w.db, a, w.region_id, 1000)
    ),
    "user.manage": Scenario(
        nothing,
        lambda w, a, _: auth.add_user(w.db, a, f"new{w.n()}", PASSWORD, [Role.CLERK]),
    ),
    "audit.view": Scenario(nothing, lambda w, a, _: auth.user_history(w.db, a, "clerk")),
    "settings.edit": Scenario(
        nothing, lambda w, a, _: settings.edit_setting(w.db, a, "auth.idle_minutes", 20)
    ),
    "settings.edit@head_office": Scenario(
        nothing,
        lambda w, a, _: settings.edit_setting(
            w.head_office.db,  # type: ignore[union-attr]
            a,
            "remittance.hours",
            24,
        ),
        head_office=True,
    ),
    "product.view": Scenario(nothing, lambda w, a, _: products.list_products(w.db, a, "")),
    "sync.view_branches": Scenario(
        nothing,
        lambda w, a, _: branch_status.branch_statuses(w.head_office.db, a),  # type: ignore[union-attr]
        head_office=True,
    ),
    "product.edit": Scenario(
        nothing,
        lambda w, a, _: products.save_product(
            w.db,
            a,
            products.ProductInput(
                code=f"T{w.n():05d}", name="板蓝根颗粒", unit="袋", factory_price="1.00"
            ),
        ),
    ),
    "credit.view": Scenario(
        nothing, lambda w, a, _: credit.credit_position(w.db, a, w.shop.customer_id)
    ),
    "credit.set_grade": Scenario(
        nothing,
        lambda w, a, _: credit.set_grade(
            w.db, a, w.shop.customer_id, 3, effective_from=MONTH, reason="月度评级"
        ),
    ),
    "credit.evaluate": Scenario(
        World.selected,
        lambda w, a, cid: credit.file_evaluation(w.db, a, cid, MONTH, ALL_A),
    ),
    "credit.review_evaluation": Scenario(
        World.evaluated, lambda w, a, eid: credit.review_evaluation(w.db, a, eid, True)
    ),
    "credit.approve_evaluation": Scenario(
        World.evaluation_reviewed,
        lambda w, a, eid: credit.decide_evaluation(w.db, a, eid, True),
    ),
    "credit.edit_rules": Scenario(
        nothing,
        lambda w, a, _: credit.save_rule_table(
            w.db, a, [{"grade": 5, "key": "any", "other": "any"}], "全部现款"
        ),
    ),
    "credit.apply_limit": Scenario(
        lambda w: w.graded(3),
        lambda w, a, cid: credit.apply_limit(w.db, a, cid, MONTH, "1000"),
    ),
    "credit.approve_limit@1": _grade_limit(1),
    "credit.approve_limit@2": _grade_limit(2),
    "credit.approve_limit@3": _grade_limit(3),
    "credit.approve_limit@4": _grade_limit(4),
    "plan.view": Scenario(nothing, lambda w, a, _: plans.plan_grid(w.db, a)),
    "plan.file": Scenario(
        nothing,
        lambda w, a, _: plans.file_plans(
            w.db,
            a,
            date(2026, 12, 1),
            [plans.PlanInput(w.shop.customer_id, purchase_plan="8000")],
        ),
    ),
    "plan.progress": Scenario(
        World.planned,
        lambda w, a, cid: plans.log_progress(w.db, a, cid, date(2026, 12, 1), 3, "已铺货三家"),
    ),
    "visit.record": Scenario(
        World.selected,
        lambda w, a, cid: visits.record_visit(
            w.db, a, cid, w.db.clock.today(), ["relationship"], "客户经营正常"
        ),
    ),
    "visit.overview": Scenario(nothing, lambda w, a, _: visits.overdue_by_person(w.db, a)),
    "warning.view": Scenario(nothing, lambda w, a, _: warnings.list_warnings(w.db, a, mine=False)),
    "warning.respond@1": _warning(1),
    "warning.respond@2": _warning(2),
    "warning.respond@3": _warning(3),
    "warning.respond@4": _warning(4),
    "contract.edit": Scenario(World.selected, _contract),
    "credit.exception": Scenario(
        lambda w: w.selected("私营"),
        lambda w, a, cid: credit.grant_credit_exception(
            w.db, a, cid, date(2026, 11, 1), date(2027, 10, 31), "合作多年"
        ),
    ),
    "dispatch.view": Scenario(nothing, lambda w, a, _: svc.list_dispatches(w.db, a, None)),
    "dispatch.request": Scenario(
        nothing,
        lambda w, a, _: svc.request_dispatch(
            w.db,
            a,
            svc.DispatchRequest(w.shop.customer_id, "cash", [(w.shop.goods_id, 1, "5.00", None)]),
        ),
    ),
    "dispatch.approve": Scenario(
        World.requested, lambda w, a, note: svc.approve_dispatch(w.db, a, note, "signed")
    ),
    "dispatch.assign": Scenario(
        World.approved, lambda w, a, note: svc.assign_driver(w.db, a, note, "driver", "浦东线")
    ),
    "dispatch.release": Scenario(
        lambda w: ready_note(w.cash, "cash"),
        lambda w, a, note: ok(
            release_dispatch(w.db, a, note).released, "released within the limit"
        ),
    ),
    "dispatch.deliver": Scenario(
        World.released,
        lambda w, a, note: svc.confirm_delivery(w.db, a, note, None, TODAY),
    ),
    "dispatch.return": Scenario(
        World.delivered, lambda w, a, note: svc.record_note_returned(w.db, a, note)
    ),
    "dispatch.cancel": Scenario(
        World.requested, lambda w, a, note: svc.cancel_dispatch(w.db, a, note, "客户取消")
    ),
    "slip.view": Scenario(nothing, lambda w, a, _: slips.list_slips(w.db, a)),
    "slip.print": Scenario(World.slip, _print),
    "slip.void": Scenario(
        World.slip, lambda w, a, number: slips.void_slip(w.db, a, number, "开错")
    ),
    "slip.copy3": Scenario(
        World.slip, lambda w, a, number: slips.record_copy3_returned(w.db, a, number)
    ),
    "printer.edit": Scenario(
        nothing,
        lambda w, a, _: printers.save_profile(
            w.db, a, PrinterProfileView(f"打印机{w.n()}", "plain", "A4", 0.0, 0.0, None, False)
        ),
    ),
    "seller.edit": Scenario(
        nothing,
        lambda w, a, _: seller.save_seller(
            w.db,
            a,
            seller.SellerInput(
                "华东医药股份有限公司", "上海市浦东新区张杨路1号", "021-58881234", "沪AA0210001"
            ),
        ),
    ),
    "payment.view": Scenario(nothing, lambda w, a, _: payments.receivables(w.db, a, TODAY)),
    "payment.record": Scenario(
        nothing,
        lambda w, a, _: payments.record_payment(
            w.db, a, payments.PaymentInput(w.shop.customer_id, "cash", "50.00")
        ),
    ),
    "remittance.record": Scenario(
        World.payment,
        lambda w, a, _: remittances.record_remittance(
            w.db, a, remittances.RemittanceInput("10.00", reference=f"BOC-{w.n()}")
        ),
    ),
    "receivable.snapshot": Scenario(
        lambda w: date(2026, 10 - w.n() % 9, 1),
        lambda w, a, month: payments.take_month_end_snapshot(w.db, a, month),
    ),
    "sync.register": Scenario(
        nothing,
        lambda w, a, _: _past_the_gate(
            "sync.bad_url", lambda: registration.register(w.db, a, "nowhere", "SH-AAAA")
        ),
    ),
    "sync.now": Scenario(nothing, lambda w, a, _: registration.may_sync_now(w.db, a)),
    "backup.now": Scenario(nothing, lambda w, a, _: backups.take_backup(w.db, a)),
    "backup.restore": Scenario(
        nothing,
        lambda w, a, _: _past_the_gate(
            "validation", lambda: backups.restore_backup(w.db, a, w.tmp / "none.sqlite3")
        ),
    ),
}


# --------------------------------------------------------------------------------------------
# Worlds
# --------------------------------------------------------------------------------------------


def _head_office(db: Database) -> Branch:
    """A database without a branch (head office's), with a user of every role."""
    for role in Role:
        with db.write() as s:
            s.add(
                User(
                    username=role.value,
                    display_name=f"{role.value}用户",
                    password_hash=auth.hash_password(PASSWORD),
                    roles=[UserRole(role=role.value)],
                )
            )
    actors = {role: auth.sign_in(db, role.value, PASSWORD) for role in Role}
    return Branch(db, uuid.uuid4(), actors)


def _world(branch: Branch, tmp: Path, head_office: Branch | None = None) -> World:
    with branch.db.read() as s:
        region_id = s.execute(
            select(BranchRow.region_id).where(BranchRow.id == branch.branch_id)
        ).scalar_one()
    shop = make_shop(branch, limit="200000.00")
    cash = make_shop(branch, name="上海百姓医药有限公司", grade=None, terms=None, limit=None)
    return World(branch, shop, cash, region_id, tmp, head_office)


@pytest.fixture(scope="module")
def sqlite_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    source, built = _branch_template("sqlite", request)
    tmp = tmp_path_factory.mktemp("matrix")
    shutil.copy(str(source), tmp / "branch.sqlite3")
    shutil.copy(str(request.getfixturevalue("sqlite_template")), tmp / "hq.sqlite3")
    clock = FixedClock(TODAY)  # the business day of every call (tests.factories' TODAY)
    db = Database(f"sqlite:///{tmp / 'branch.sqlite3'}", clock=clock)
    hq = Database(f"sqlite:///{tmp / 'hq.sqlite3'}", clock=clock)
    branch = Branch(db, built.branch_id, built.actors)  # type: ignore[attr-defined]
    yield _world(branch, tmp, _head_office(hq))
    db.dispose()
    hq.dispose()


@pytest.fixture(scope="module")
def postgres_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    source, built = _branch_template("postgresql", request)
    for db in _postgres_db(str(source)):
        db.clock = FixedClock(TODAY)
        branch = Branch(db, built.branch_id, built.actors)  # type: ignore[attr-defined]
        yield _world(branch, tmp_path_factory.mktemp("matrix-pg"))


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------


def test_the_matrix_is_the_permission_table() -> None:
    """Every permission has rows, every row a scenario, and the ✓ of a permission's rows are the
    roles PERMISSIONS gives it (its rows may split it by case: the limit's grade)."""
    assert {r.permission for r in ROWS} == set(PERMISSIONS)
    assert [r.action for r in ROWS] == list(dict.fromkeys(r.action for r in ROWS)), "one row each"
    assert {r.action for r in ROWS} == set(SCENARIOS)
    for permission, roles in PERMISSIONS.items():
        granted = frozenset().union(*(r.allowed for r in ROWS if r.permission == permission))
        assert granted == roles, permission
    for row in ROWS:
        assert row.source.startswith(("rule book", "chosen")), row.action


def run_row(world: World, row: Row) -> list[str]:
    """Each role's outcome against the row's marks: the differences, as lines to print."""
    scenario = SCENARIOS[row.action]
    target = scenario.prepare(world)
    wrong = []
    for role in ROLES:
        actor = world.actor(role, head_office=scenario.head_office)
        try:
            scenario.call(world, actor, target)
            outcome = YES
        except AccessWithdrawn as exc:  # never here: every user has a role
            outcome = f"withdrawn? {exc.message}"
        except Forbidden:
            outcome = NO
        except KehuError as exc:
            outcome = f"refused for another reason: {exc.message}"
        expected = YES if role in row.allowed else NO
        if outcome != expected:
            wrong.append(f"{row.action} as {role.value}: expected {expected}, got {outcome}")
        if outcome == YES:
            target = scenario.prepare(world)  # the call used it up
    return wrong


@pytest.mark.parametrize("row", ROWS, ids=[r.action for r in ROWS])
def test_each_role_may_do_what_the_matrix_says(sqlite_world: World, row: Row) -> None:
    wrong = run_row(sqlite_world, row)
    assert not wrong, "\n".join(wrong)


#: A row of each kind on PostgreSQL too: reads, workflow steps, the credit check, money, admin.
POSTGRES_ROWS = (
    "customer.view",
    "customer.approve",
    "credit.set_grade",
    "credit.approve_limit@3",
    "dispatch.release",
    "slip.print",
    "payment.record",
    "user.manage",
    "settings.edit",
)


@pytest.mark.postgres
@pytest.mark.parametrize("action", POSTGRES_ROWS)
def test_the_matrix_on_postgresql(postgres_world: World, action: str) -> None:
    row = next(r for r in ROWS if r.action == action)
    wrong = run_row(postgres_world, row)
    assert not wrong, "\n".join(wrong)


def test_a_user_whose_roles_were_taken_away_can_do_nothing(sqlite_world: World) -> None:
    """Issue 11 §2: services trusted the roles captured at sign-in, so a cashier whose roles were
    all removed still released goods. A user holding every role signs in; then the roles are
    taken away; every row's call with the session's actor is refused as access withdrawn."""
    db = sqlite_world.db
    with db.write() as s:
        s.add(
            User(
                username="everyone",
                display_name="全能用户",
                password_hash=auth.hash_password(PASSWORD),
                branch_id=sqlite_world.branch.branch_id,
                region_id=sqlite_world.region_id,
                roles=[UserRole(role=r.value) for r in Role],
            )
        )
    actor = auth.sign_in(db, "everyone", PASSWORD)
    with db.write() as s:
        user = s.execute(select(User).where(User.username == "everyone")).scalar_one()
        user.roles = []
    wrong = []
    for row in ROWS:
        scenario = SCENARIOS[row.action]
        if scenario.head_office:
            continue
        target = scenario.prepare(sqlite_world)
        try:
            scenario.call(sqlite_world, actor, target)
            wrong.append(f"{row.action}: allowed")
        except AccessWithdrawn as exc:
            assert exc.message == "您的全部角色已被收回，不能再使用本系统。请联系管理员"
        except KehuError as exc:
            wrong.append(f"{row.action}: {type(exc).__name__} {exc.message}")
    assert not wrong, "\n".join(wrong)


def test_the_settings_table_of_the_doc_is_the_codes() -> None:
    text = DOC.read_text(encoding="utf-8").split("## Settings and their owners", 1)[1]
    documented = {}
    for line in text.splitlines():
        match = re.match(r"\| ([a-z_.0-9]+(?:&lt;region&gt;)?) \| (head office|branch) \|", line)
        if match:
            documented[match.group(1)] = match.group(2)
    owners = {"head_office": "head office", "branch": "branch"}
    expected = {k: owners[r.owner.value] for k, r in settings.RULES.items()}
    expected[f"{settings.REGION_QUOTA_PREFIX}&lt;region&gt;"] = "head office"
    assert documented == expected
