"""Builders shared by the test modules: a small branch with one user per role (the ``branch``
fixtures of conftest.py), and for dispatch, slips and release a selected customer with grade,
contract and limit, products with batches, and ready notes (:func:`make_shop`, :func:`ready_note`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import OFF_BRANCH_ROLES
from kehu_desktop.domain.roles import REGION_ROLES
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Branch as BranchRow
from kehu_desktop.models import CreditLimit
from kehu_desktop.models import Customer
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.models import UserRole
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch as svc
from kehu_desktop.services import products
from kehu_desktop.services.admin import BranchSetup
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import set_up_branch
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import selection
from kehu_desktop.services.dispatch import ReleaseResult
from kehu_desktop.services.dispatch import release_dispatch
from kehu_desktop.services.slips import get_slip

PASSWORD = "secret-123"


@dataclass
class Branch:
    db: Database
    branch_id: uuid.UUID
    actors: dict[Role, Actor]

    def actor(self, role: Role) -> Actor:
        return self.actors[role]


def make_branch(db: Database, code: str = "SH", name: str = "上海分公司") -> Branch:
    branch_id = set_up_branch(
        db,
        BranchSetup(
            branch_code=code,
            branch_name=name,
            region_code="HD",
            region_name="华东大区",
            admin_username="admin",
            admin_password=PASSWORD,
            market_offices=[("PD", "浦东市场部"), ("MH", "闵行市场部")],
        ),
    )
    admin = auth.sign_in(db, "admin", PASSWORD)
    actors = {Role.ADMIN: admin}
    with db.read() as s:
        region_id = s.execute(
            select(BranchRow.region_id).where(BranchRow.id == branch_id)
        ).scalar_one()
    for role in Role:
        if role == Role.ADMIN:
            continue
        if role in OFF_BRANCH_ROLES:
            add_office_user(db, role.value, role, region_id)
        else:
            auth.add_user(db, admin, role.value, PASSWORD, [role], display_name=f"{role.value}用户")
        actors[role] = auth.sign_in(db, role.value, PASSWORD)
    return Branch(db, branch_id, actors)


def add_office_user(
    db: Database, username: str, role: Role, region_id: uuid.UUID | None = None
) -> None:
    """A head-office or regional user (no branch; a regional one in ``region_id``), written as
    head-office sync will bring them: a branch's own services refuse to create these roles
    (docs/roles.md), so the fixture writes the rows itself."""
    with db.write() as s:
        s.add(
            User(
                username=username,
                display_name=f"{username}用户",
                password_hash=auth.hash_password(PASSWORD),
                branch_id=None,
                region_id=region_id if role in REGION_ROLES else None,
                roles=[UserRole(role=role.value)],
            )
        )


# --------------------------------------------------------------------------------------------
# Dispatch: a selected customer ready for credit sales, products, notes ready for the cashier
# --------------------------------------------------------------------------------------------

TODAY = date(2026, 11, 26)
MONTH = date(2026, 11, 1)


@dataclass
class Shop:
    branch: Branch
    customer_id: uuid.UUID
    medicine_id: uuid.UUID  # factory price 10.00, batch required
    batch_id: uuid.UUID  # expires 2028
    expired_batch_id: uuid.UUID  # expired 2026-10-31
    goods_id: uuid.UUID  # factory price 5.00, no batch


_seq = iter(range(1, 10**6))


def new_customer(branch: Branch, name: str, channel: str = "国有") -> uuid.UUID:
    """A customer file entered by the clerk (not yet proposed)."""
    n = next(_seq)
    uscc = make_uscc(f"9131000013{n:07d}")
    cid = save_customer(
        branch.db,
        branch.actor(Role.CLERK),
        CustomerDraft(
            name=name,
            uscc=uscc,
            channel=channel,
            market_office="浦东市场部",
            address="上海市浦东新区张杨路1号",
            phone="021-58881234",
        ),
    ).customer.id
    return cid


def new_selected_customer(branch: Branch, name: str, channel: str = "国有") -> uuid.UUID:
    cid = new_customer(branch, name, channel)
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid, "渠道强")
    selection.review(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")
    selection.approve(branch.db, branch.actor(Role.MARKETING_HEAD), cid, Decision.APPROVE)
    return cid


def set_grade(branch: Branch, cid: uuid.UUID, grade: int) -> None:
    credit.set_grade(
        branch.db,
        branch.actor(Role.MARKETING_DIRECTOR),
        cid,
        grade,
        effective_from=MONTH,
        reason="月度评级",
    )


def add_contract(
    branch: Branch,
    cid: uuid.UUID,
    terms: str = "agreed",
    days: int | None = 30,
    valid_to: date = date(2027, 12, 31),
    cap: str = "1000000.00",
) -> None:
    """A contract signed by the GM; agreed-payment terms come with a month-end receivable cap
    (default out of the way of the limits the tests set)."""
    credit.record_contract(
        branch.db,
        branch.actor(Role.BRANCH_GM),
        cid,
        credit.ContractInput(
            number=f"HT-{uuid.uuid4().hex[:8]}",
            payment_terms=terms,
            term_days=days if terms == "agreed" else None,
            signer="branch_gm",
            signer_role="branch_gm",
            signed_date=date(2026, 1, 5),
            valid_from=date(2026, 1, 5),
            valid_to=valid_to,
            month_end_cap=None if terms in ("cash", "现款现货") else cap,
        ),
    )


def set_limit(
    branch: Branch, cid: uuid.UUID, amount: str | None, *, unlimited: bool = False
) -> None:
    """An approved limit for the business clock's month. Grades 3/4 through the services; other
    grades (whose approvers sit in the region) as a row, since the approval itself is not under
    test here."""
    month = branch.db.clock.today().replace(day=1)
    with branch.db.read() as s:
        grade = credit.grade_on(s, cid, branch.db.clock.today())
    g = grade.grade if grade else None
    if g in (3, 4) and not unlimited:
        view = credit.apply_limit(branch.db, branch.actor(Role.SALES_MANAGER), cid, month, amount)
        approver = Role.BRANCH_GM if g == 3 else Role.SALES_MANAGER
        credit.decide_limit(branch.db, branch.actor(approver), view.id, True)
        return
    with branch.db.write() as s:
        for old in s.execute(
            select(CreditLimit).where(
                CreditLimit.customer_id == cid,
                CreditLimit.status == "approved",
                CreditLimit.month == month,
            )
        ).scalars():
            old.status = "superseded"
        user = branch.actor(Role.REGIONAL_MANAGER).user_id
        s.add(
            CreditLimit(
                customer_id=cid,
                month=month,
                grade=g or 1,
                unlimited=unlimited,
                amount=None if unlimited else Decimal(str(amount)),
                status="approved",
                applied_by=user,
                decided_by=user,
                decided_role="regional_manager",
            )
        )


def make_products(branch: Branch) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, uuid.UUID]:
    admin = branch.actor(Role.ADMIN)
    n = next(_seq)
    med = products.save_product(
        branch.db,
        admin,
        products.ProductInput(
            code=f"YP{n:04d}",
            name="阿莫西林胶囊",
            specification="0.25g×24粒",
            unit="盒",
            factory_price="10.00",
            batch_required=True,
        ),
    )
    good = products.save_product(
        branch.db,
        admin,
        products.ProductInput(
            code=f"BJ{n:04d}",
            name="维生素C咀嚼片",
            specification="100片",
            unit="瓶",
            factory_price="5.00",
        ),
    )
    batch = products.add_batch(branch.db, admin, med.id, "B20261101", date(2028, 10, 31))
    old = products.add_batch(branch.db, admin, med.id, "B20241101", date(2026, 10, 31))
    return med.id, batch.id, old.id, good.id


def make_shop(
    branch: Branch,
    *,
    name: str = "上海康健医药有限公司",
    channel: str = "国有",
    grade: int | None = 3,
    terms: str | None = "agreed",
    limit: str | None = "10000.00",
    unlimited: bool = False,
) -> Shop:
    cid = new_selected_customer(branch, name, channel)
    if grade is not None:
        set_grade(branch, cid, grade)
    if terms is not None:
        add_contract(branch, cid, terms)
    if limit is not None or unlimited:
        set_limit(branch, cid, limit, unlimited=unlimited)
    med, batch, old, good = make_products(branch)
    return Shop(branch, cid, med, batch, old, good)


def request(
    shop: Shop,
    sale_kind: str = "credit",
    lines: list[tuple[object, ...]] | None = None,
    customer: uuid.UUID | None = None,
) -> svc.DispatchView:
    lines = lines if lines is not None else [(shop.medicine_id, 10, "12.50", shop.batch_id)]
    return svc.request_dispatch(
        shop.branch.db,
        shop.branch.actor(Role.SALES_REP),
        svc.DispatchRequest(customer or shop.customer_id, sale_kind, lines, "尽快"),
    )


def ready_note(
    shop: Shop,
    sale_kind: str = "credit",
    amount: str = "125.00",
    mode: str = "signed",
    customer: uuid.UUID | None = None,
) -> uuid.UUID:
    """A note for ``amount`` (one line of the batch-free product at factory price or above),
    approved and assigned: ready for the cashier."""
    value = Decimal(amount)
    whole, rest = divmod(value, 5)  # k × 5.00, the odd cents on one line priced above 5.00
    assert whole >= 1, "the product's factory price is 5.00"
    lines: list[tuple[object, ...]] = [(shop.goods_id, int(whole), "5.00", None)]
    if rest:
        lines = [(shop.goods_id, 1, str(5 + rest), None)]
        if whole > 1:
            lines.append((shop.goods_id, int(whole) - 1, "5.00", None))
    note = request(shop, sale_kind, lines, customer)
    b = shop.branch
    svc.approve_dispatch(b.db, b.actor(Role.SALES_MANAGER), note.id, mode)
    svc.assign_driver(b.db, b.actor(Role.BRANCH_GM), note.id, "driver", "浦东线")
    return note.id


def release(shop: Shop, note_id: uuid.UUID) -> ReleaseResult:
    return release_dispatch(shop.branch.db, shop.branch.actor(Role.CASHIER), note_id)


def deliver(
    shop: Shop, note_id: uuid.UUID, quantities: dict[int, int] | None = None
) -> svc.DispatchView:
    return svc.confirm_delivery(
        shop.branch.db, shop.branch.actor(Role.SALES_REP), note_id, quantities, TODAY
    )


def count(branch: Branch, model: type, *where: Any) -> int:
    with branch.db.read() as s:
        return int(s.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def audits(branch: Branch, action: str) -> list[AuditRecord]:
    with branch.db.read() as s:
        return list(
            s.execute(
                select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.at)
            ).scalars()
        )


def set_customer(branch: Branch, cid: uuid.UUID, **values: object) -> None:
    with branch.db.write() as s:
        customer = s.get(Customer, cid)
        for k, v in values.items():
            setattr(customer, k, v)


def pay(branch: Branch, slip_number: str, amount: str) -> None:
    """A payment allocated to a slip, as rows (payments are another module's service)."""
    with branch.db.write() as s:
        slip = s.execute(select(Slip).where(Slip.number == slip_number)).scalar_one()
        payment = Payment(
            branch_id=slip.branch_id,
            number=f"{slip_number.split('-')[0]}-PM-{uuid.uuid4().hex[:8]}",  # the branch's code
            customer_id=slip.customer_id,
            method="bank_transfer",
            amount=Decimal(amount),
            received_on=TODAY,
            received_by=branch.actor(Role.CASHIER).user_id,
        )
        s.add(payment)
        s.flush()
        s.add(
            PaymentAllocation(
                payment_id=payment.id, slip_id=slip.id, amount=Decimal(amount), allocated_on=TODAY
            )
        )


def settle(shop: Shop) -> None:
    """The customer pays every slip it still owes (前清后送: before its next delivery)."""
    with shop.branch.db.read() as s:
        items = credit.exposure_in(s, shop.customer_id).items
    for item in items:
        if item.kind == "slip":
            pay(shop.branch, item.number, str(item.amount))


def pay_off(shop: Shop, note_id: uuid.UUID) -> str:
    """Deliver a released note and have its slip paid in full: the customer is clear again."""
    slip = deliver(shop, note_id).slip_numbers[-1]
    total = get_slip(shop.branch.db, shop.branch.actor(Role.ACCOUNTANT), slip).total
    pay(shop.branch, slip, str(total))
    return slip
