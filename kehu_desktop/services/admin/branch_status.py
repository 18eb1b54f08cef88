"""Head office's screen of its branches' sync (分支机构同步状态), read from ``branch_sync``.

The rows are what head office's registry keeps per branch (kehu_hq.registry, docs/sync.md
"Status each side keeps"): registration, last push and pull, the acknowledged seq, the pending
count the branch last reported, the last refusal. A registered branch that has not pushed or
pulled for more than a day, or never since it registered, is marked silent (red on the screen).
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.dto import BranchStatus
from kehu_desktop.models import Branch
from kehu_desktop.models import BranchSync
from kehu_desktop.models import ChangeLogHead
from kehu_desktop.models import Region
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import scope_condition
from kehu_desktop.services.base import use_case

#: A registered branch quiet for longer than this is silent (issue 8: "silent more than a day:
#: red"). The branch syncs every few minutes when it can, so a day means a problem.
SILENT_AFTER = timedelta(days=1)


def silence(sync: BranchSync | None, now: datetime) -> str | None:
    """Why a branch is silent ("never", "silent") or None: see :attr:`BranchStatus.silence`."""
    if sync is None or sync.registered_at is None or sync.revoked_at is not None:
        return None  # not registered (or revoked): head office expects nothing of it
    seen = [t for t in (sync.last_push_at, sync.last_pull_at) if t is not None]
    if not seen:
        return "never"
    return "silent" if now - max(seen) > SILENT_AFTER else None


def change_log_lag(sync: BranchSync | None, head: int) -> int | None:
    """Head office's change-log versions written since the branch's last pull (``head`` minus
    the version it last pulled), as ``kehu-hq branch list`` counts it; None before its first
    pull (shown as "—")."""
    if sync is None or sync.last_pull_version is None:
        return None
    return head - sync.last_pull_version


def branch_statuses(db: Database, actor: Actor) -> list[BranchStatus]:
    """Every branch of the actor's scope with its sync state, by code (``sync.view_branches``:
    head office's marketing head and finance, its administrator)."""
    now = db.clock.now()
    with use_case(db, actor, "sync.view_branches", write=False) as (s, actor):
        head = s.scalar(select(ChangeLogHead.version).where(ChangeLogHead.id == 1)) or 0
        stmt = (
            select(Branch, Region, BranchSync)
            .join(Region, Region.id == Branch.region_id)
            .outerjoin(BranchSync, BranchSync.branch_id == Branch.id)
            .order_by(Branch.code)
        )
        scope = scope_condition(actor, Branch.id)
        if scope is not None:
            stmt = stmt.where(scope)
        out = []
        for branch, region, sync in s.execute(stmt).all():
            registered = (
                sync is not None and sync.registered_at is not None and sync.revoked_at is None
            )
            out.append(
                BranchStatus(
                    branch_id=branch.id,
                    code=branch.code,
                    name=branch.name,
                    region_code=region.code,
                    region_name=region.name,
                    registered=registered,
                    registered_at=sync.registered_at if sync else None,
                    revoked_at=sync.revoked_at if sync else None,
                    last_push_at=sync.last_push_at if sync else None,
                    last_pull_at=sync.last_pull_at if sync else None,
                    acked_seq=sync.acked_seq if sync else None,
                    pending_reported=sync.pending_reported if sync else None,
                    lag=change_log_lag(sync, head),
                    last_error_code=sync.last_error_code if sync else None,
                    last_error_message=sync.last_error_message if sync else None,
                    last_error_at=sync.last_error_at if sync else None,
                    silence=silence(sync, now),
                )
            )
        return out
