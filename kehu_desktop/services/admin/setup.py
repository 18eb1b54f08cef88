"""Opening a database, and the first run: set up a branch with its first administrator."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop import config
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import BranchView
from kehu_desktop.dto import MarketOfficeView
from kehu_desktop.migrations import head_revision
from kehu_desktop.migrations import migrate
from kehu_desktop.migrations import upgrade_notes as notes_between
from kehu_desktop.models import Branch
from kehu_desktop.models import HeadOffice
from kehu_desktop.models import MarketOffice
from kehu_desktop.models import Region
from kehu_desktop.models import User
from kehu_desktop.models import UserRole
from kehu_desktop.services.admin.auth import hash_password
from kehu_desktop.services.base import DEMO_BUILDING
from kehu_desktop.services.base import DEMO_READY
from kehu_desktop.services.base import DEMO_SETTING
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import is_head_office_in
from kehu_desktop.services.base import local_branch_in
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.base import use_case
from kehu_desktop.services.slips import SellerInput
from kehu_desktop.services.slips import clean_seller
from kehu_desktop.services.slips import save_seller_in


def open_database(url: str | None = None) -> Database:
    """Open (and migrate to the current schema) the configured database or ``url``. When that
    upgraded an older schema, the database says so (``upgraded_from``, ``upgrade_backup``: what
    the desktop tells at the sign-in, :func:`migrations.upgrade_notes`) and the audit keeps a
    ``database_upgraded`` record."""
    db = Database(url or config.database_url())
    result = migrate(db)
    if result.from_revision is not None and result.from_revision != result.to_revision:
        db.upgraded_from, db.upgrade_backup = result.from_revision, result.backup
        with db.write() as s:
            audit(
                s,
                Actor.system(),
                "database_upgraded",
                entity="database",
                after={
                    "from": result.from_revision,
                    "to": result.to_revision,
                    "backup": str(result.backup) if result.backup else None,
                },
            )
    return db


def upgrade_notes(db: Database) -> list[str]:
    """What the upgrade of this opening brought (empty when it upgraded nothing)."""
    return notes_between(db.upgraded_from, head_revision())


def is_head_office(db: Database) -> bool:
    """Whether this is head office's database (``kehu-hq db upgrade`` marked it): the desktop
    then opens in head-office mode, with no first run and no demo."""
    with db.read() as s:
        return is_head_office_in(s)


def is_set_up(db: Database) -> bool:
    with db.read() as s:
        return s.execute(select(User.id).limit(1)).first() is not None


@dataclass(frozen=True)
class BranchSetup:
    branch_code: str  # e.g. "SH": prefixes every document number
    branch_name: str  # e.g. 上海分公司
    region_code: str
    region_name: str  # e.g. 华东大区
    admin_username: str
    admin_password: str
    admin_display_name: str = "管理员"
    market_offices: Sequence[tuple[str, str]] = ()  # (code, name)
    head_office_name: str = "总部"
    # The branch as the seller on its slips; the first-run form always gives it (checked like
    # services.seller.save_seller), scripts and tests may leave it for later.
    seller: SellerInput | None = None


def set_up_branch(db: Database, setup: BranchSetup) -> uuid.UUID:
    """First run only: creates head office, region, branch, market offices and the first
    administrator. Refuses a database that already has users."""
    check_branch_setup(setup)
    with db.write() as s:
        return add_branch(s, setup)


def check_branch_setup(setup: BranchSetup) -> None:
    """Field errors of a first-run form (ValidationFailed), before any database work."""
    errors = []
    code = setup.branch_code.strip().upper()
    if not code.isalnum() or not 1 <= len(code) <= 10:
        errors.append(FieldError("branch_code", "setup.branch_code"))
    for name in ("branch_name", "region_name", "admin_username"):
        if not str(getattr(setup, name)).strip():
            errors.append(FieldError(name, f"setup.{name}"))
    if len(setup.admin_password) < 8:
        errors.append(FieldError("admin_password", "auth.weak_password", {"min": 8}))
    if setup.seller is not None:
        try:
            clean_seller(setup.seller)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)


def add_branch(s: Session, setup: BranchSetup) -> uuid.UUID:
    """The writes of :func:`set_up_branch` in the caller's transaction (the demo adds its
    marker in the same one). ``setup`` must have passed :func:`check_branch_setup`."""
    code = setup.branch_code.strip().upper()
    if s.execute(select(User.id).limit(1)).first() is not None:
        raise Conflict("user.exists", name=setup.admin_username)
    hq = HeadOffice(name=setup.head_office_name)
    region = Region(code=setup.region_code.strip().upper() or code, name=setup.region_name)
    s.add(hq)
    s.flush()
    region.head_office_id = hq.id
    s.add(region)
    s.flush()
    branch = Branch(code=code, name=setup.branch_name.strip(), region_id=region.id)
    s.add(branch)
    s.flush()
    for office_code, office_name in setup.market_offices:
        s.add(MarketOffice(branch_id=branch.id, code=office_code, name=office_name))
    admin = User(
        username=setup.admin_username.strip(),
        display_name=setup.admin_display_name,
        password_hash=hash_password(setup.admin_password),
        branch_id=branch.id,
        roles=[UserRole(role=Role.ADMIN.value)],
    )
    s.add(admin)
    s.flush()
    put_setting(s, "branch_id", str(branch.id))
    if setup.seller is not None:
        save_seller_in(s, Actor.system(branch.id), branch.id, setup.seller)
    audit(
        s,
        Actor.system(branch.id),
        "branch_set_up",
        entity="branch",
        entity_id=branch.id,
        after={"code": code, "name": branch.name, "admin": admin.username},
    )
    return branch.id


def demo_state(db: Database) -> str | None:
    """None for a real branch (or an empty database); "building" while services.demo fills it
    (or when a build was killed half-way); "ready" for a complete demo branch."""
    with db.read() as s:
        value = get_setting(s, DEMO_SETTING)
    return str(value) if value in (DEMO_BUILDING, DEMO_READY) else None


def is_demo_branch(db: Database) -> bool:
    """Whether this database holds the finished demo branch (its sign-in lists the users)."""
    return demo_state(db) == DEMO_READY


def local_branch_id(db: Database) -> uuid.UUID | None:
    with db.read() as s:
        return local_branch_in(s)


def branch_view(db: Database, actor: Actor, branch_id: uuid.UUID | None = None) -> BranchView:
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        bid = branch_id or actor.branch_id or uuid.UUID(str(get_setting(s, "branch_id")))
        branch = s.get(Branch, bid)
        if branch is None:
            raise Conflict("customer.not_found")
        region = s.get(Region, branch.region_id)
        assert region is not None
        offices = s.execute(
            select(MarketOffice)
            .where(MarketOffice.branch_id == branch.id)
            .order_by(MarketOffice.code)
        ).scalars()
        return BranchView(
            branch.id,
            branch.code,
            branch.name,
            region.id,
            region.name,
            tuple(MarketOfficeView(o.id, o.code, o.name) for o in offices),
        )
