"""The branches a reader's lists cover (services.base.scope), for the branch filter of head
office's screens and ``kehu … --branch CODE``."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.dto import BranchChoice
from kehu_desktop.models import Branch
from kehu_desktop.models import Region
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import scope_condition
from kehu_desktop.services.base import sees_every_branch
from kehu_desktop.services.base import use_case


def branches_in_scope(db: Database, actor: Actor) -> list[BranchChoice]:
    """The branches whose records the actor reads, by code: a branch user's own, a regional
    user's region's, every branch for head office. Anyone signed in may ask."""
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        stmt = (
            select(Branch.id, Branch.code, Branch.name, Region.name)
            .join(Region, Region.id == Branch.region_id)
            .order_by(Branch.code)
        )
        scope = scope_condition(actor, Branch.id)
        if scope is not None:
            stmt = stmt.where(scope)
        return [BranchChoice(*row) for row in s.execute(stmt).all()]


def branch_in_scope(db: Database, actor: Actor, code: str) -> uuid.UUID:
    """The id of the branch ``code`` (any case) if it is in the actor's scope; a branch outside
    it is refused as unknown, so a regional user learns nothing of other regions' codes."""
    wanted = code.strip().upper()
    for branch in branches_in_scope(db, actor):
        if branch.code.upper() == wanted:
            return branch.id
    raise NotFound("branch.not_in_scope", branch=wanted)


def region_of(db: Database, actor: Actor) -> str | None:
    """The name of the region a regional user works in (their lists cover its branches); None
    for everyone else."""
    if actor.branch_id is not None or sees_every_branch(actor) or actor.region_id is None:
        return None
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        return s.execute(select(Region.name).where(Region.id == actor.region_id)).scalar()
