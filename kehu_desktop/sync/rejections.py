"""Records head office acknowledged but refused (business rejections), shown to the user who
made each record until they have seen it (docs/sync.md, "Push"): at sign-in and from the status
bar in the desktop, in ``kehu sync status``. A corrected record is simply saved again: its
whole-record upsert heals the row at head office."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy import update

from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import SyncRejection
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import use_case


@dataclass(frozen=True)
class RejectionView:
    id: uuid.UUID
    seq: int
    table: str
    row_id: str
    code: str
    message: str
    at: datetime


def rejections_for(db: Database, actor: Actor) -> list[RejectionView]:
    """The unseen rejections of records this user made (all unseen ones for an administrator,
    who answers for records without an author)."""
    with use_case(db, actor, None, write=False) as (s, actor):
        query = select(SyncRejection).where(SyncRejection.seen_at.is_(None))
        if Role.ADMIN not in actor.roles:
            query = query.where(SyncRejection.author_id == actor.user_id)
        return [
            RejectionView(r.id, r.seq, r.table_name, r.row_id, r.code, r.message, r.at)
            for r in s.scalars(query.order_by(SyncRejection.seq))
        ]


def mark_seen(db: Database, actor: Actor, ids: list[uuid.UUID]) -> None:
    """The user has read these (their own, or any for an administrator)."""
    if not ids:
        return
    with use_case(db, actor, None) as (s, actor):
        query = update(SyncRejection).where(SyncRejection.id.in_(ids))
        if Role.ADMIN not in actor.roles:
            query = query.where(SyncRejection.author_id == actor.user_id)
        s.execute(query.values(seen_at=db.clock.now()))
