"""A head-office database as issue 8 will fill it: the union of several branches' records, made
here directly through the services (the push that will bring them is the lead's sync work).

Two regions: 华东 (HD) with the branches SH and HZ, 华南 (HN) with GZ. Head office has its
marketing head, finance and administrator (no branch, no region); each region its marketing
director and regional manager. Each branch has its own users (one per branch role) and a credit
customer with a released, delivered and partly paid note: a customer, a dispatch note, a slip,
a payment and a change-form entry per branch.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from kehu_desktop.db import Database
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import OFF_BRANCH_ROLES
from kehu_desktop.domain.roles import REGION_ROLES
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Branch as BranchRow
from kehu_desktop.models import HeadOffice
from kehu_desktop.models import MarketOffice
from kehu_desktop.models import Region
from kehu_desktop.models import User
from kehu_desktop.models import UserRole
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.base.records import ROLE_HEAD_OFFICE
from kehu_desktop.services.base.records import ROLE_SETTING
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import selection
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.factories import Shop
from tests.factories import deliver
from tests.factories import make_products
from tests.factories import new_selected_customer
from tests.factories import pay
from tests.factories import release
from tests.factories import request
from tests.factories import set_grade
from tests.factories import set_limit

#: (code, name, region code)
BRANCHES = (("SH", "上海分公司", "HD"), ("HZ", "杭州分公司", "HD"), ("GZ", "广州分公司", "HN"))
REGIONS = (("HD", "华东大区"), ("HN", "华南大区"))
BRANCH_ROLES = sorted(set(Role) - OFF_BRANCH_ROLES - {Role.ADMIN})


@dataclass
class HeadOfficeWorld:
    db: Database
    regions: dict[str, uuid.UUID]
    branches: dict[str, Branch]  # by code: each with its own users and head office's
    office: dict[Role, Actor]  # head office's users (no region) and HD's regional users
    south: dict[Role, Actor]  # HN's regional users
    shops: dict[str, Shop] = field(default_factory=dict)
    slips: dict[str, str] = field(default_factory=dict)  # branch code -> slip number

    def branch_id(self, code: str) -> uuid.UUID:
        return self.branches[code].branch_id


def mark_head_office(db: Database) -> None:
    """What ``kehu-hq db upgrade`` writes (kehu_hq.registry.mark_head_office)."""
    with db.write() as s:
        put_setting(s, ROLE_SETTING, ROLE_HEAD_OFFICE)


def _office_user(db: Database, username: str, role: Role, region_id: uuid.UUID | None) -> Actor:
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
    return auth.sign_in(db, username, PASSWORD)


def make_head_office(db: Database, *, records: bool = True) -> HeadOfficeWorld:
    """The world above on ``db``; ``records=False`` leaves the branches without records.

    The branches' records are made through the branch-side services before the database is
    marked head office's, so they are what the branches would have pushed (at head office the
    same approvals and limit decisions are decisions of its own, which the branch applies)."""
    with db.write() as s:
        hq = HeadOffice(name="总部")
        s.add(hq)
        s.flush()
        regions = {}
        for code, name in REGIONS:
            region = Region(code=code, name=name, head_office_id=hq.id)
            s.add(region)
            s.flush()
            regions[code] = region.id
        branch_ids = {}
        for code, name, region_code in BRANCHES:
            row = BranchRow(code=code, name=name, region_id=regions[region_code])
            s.add(row)
            s.flush()
            branch_ids[code] = row.id
            # the market office tests.factories' customers are filed under
            s.add(MarketOffice(branch_id=row.id, code="PD", name="浦东市场部"))
    admin = _office_user(db, "hq_admin", Role.ADMIN, None)
    office = {Role.ADMIN: admin}
    for role in (Role.MARKETING_HEAD, Role.FINANCE):
        office[role] = _office_user(db, role.value, role, None)
    south = {}
    for role in sorted(REGION_ROLES):
        office[role] = _office_user(db, f"hd_{role.value}", role, regions["HD"])
        south[role] = _office_user(db, f"hn_{role.value}", role, regions["HN"])
    branches = {}
    for code, _name, region_code in BRANCHES:
        actors = dict(office if region_code == "HD" else {**office, **south})
        for role in BRANCH_ROLES:
            username = f"{code.lower()}_{role.value}"
            # Head office's administrator makes branch users here only for the test: at head
            # office they will arrive with their branch's push.
            auth.add_user(db, admin, username, PASSWORD, [role], branch_id=branch_ids[code])
            actors[role] = auth.sign_in(db, username, PASSWORD)
        branches[code] = Branch(db, branch_ids[code], actors)
    world = HeadOfficeWorld(db, regions, branches, office, south)
    if records:
        for code, branch in branches.items():
            shop = _shop(branch, code)
            note = request(shop, "credit", [(shop.goods_id, 25, "5.00", None)]).id
            dispatch.approve_dispatch(db, branch.actor(Role.SALES_MANAGER), note, "signed")
            dispatch.assign_driver(
                db, branch.actor(Role.BRANCH_GM), note, f"{code.lower()}_driver", "市区线"
            )
            assert release(shop, note).released
            slip = deliver(shop, note).slip_numbers[-1]
            pay(branch, slip, "25.00")
            world.shops[code] = shop
            world.slips[code] = slip
    mark_head_office(db)
    return world


def _shop(branch: Branch, code: str) -> Shop:
    """tests.factories.make_shop with this branch's GM signing the contract (user names here
    carry the branch code)."""
    cid = new_selected_customer(branch, f"{branch_name(code)}康健医药有限公司")
    set_grade(branch, cid, 3)
    credit.record_contract(
        branch.db,
        branch.actor(Role.BRANCH_GM),
        cid,
        credit.ContractInput(
            number=f"HT-{uuid.uuid4().hex[:8]}",
            payment_terms="agreed",
            term_days=30,
            signer=f"{code.lower()}_branch_gm",
            signer_role="branch_gm",
            signed_date=date(2026, 1, 5),
            valid_from=date(2026, 1, 5),
            valid_to=date(2027, 12, 31),
            month_end_cap="1000000.00",
        ),
    )
    set_limit(branch, cid, "10000.00")
    med, batch, old, good = make_products(branch)
    return Shop(branch, cid, med, batch, old, good)


def branch_name(code: str) -> str:
    return {c: n for c, n, _r in BRANCHES}[code].removesuffix("分公司")


def reviewed_customer(branch: Branch, name: str) -> uuid.UUID:
    """A customer the branch proposed and its GM reviewed: waiting for head office's approval."""
    n = next(_numbers)
    cid = save_customer(
        branch.db,
        branch.actor(Role.CLERK),
        CustomerDraft(name=name, uscc=make_uscc(f"9144000013{n:07d}"), channel="国有"),
    ).customer.id
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid, "渠道强")
    selection.review(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")
    return cid


_numbers = iter(range(1, 10**6))
