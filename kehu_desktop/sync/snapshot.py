"""Head office's records fetched as a snapshot, page by page (docs/sync.md, "Re-seed and
restore"): the restore of a branch whose disk died, and the re-seed of a branch whose pull
cursor is older than head office's change log keeps (head office answers a pull with 410).

A snapshot starts at head office's change-log version V. Each page (``GET /v1/records``, one
part of :func:`scope.restore_parts` by key) is written together with the position reached, in
one local transaction, under a local setting; so a snapshot killed half way resumes at that
page when run again. At the end the pull cursor becomes V, and the ordinary pull re-applies
whatever head office changed while the pages were fetched (whole-record upserts: harmless).
"""

from __future__ import annotations

import httpx
from sqlalchemy import Table

from kehu_desktop.db import Database
from kehu_desktop.models import Setting
from kehu_desktop.models import SyncState
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base.records import get_setting
from kehu_desktop.services.base.records import put_setting
from kehu_desktop.sync import scope
from kehu_desktop.sync import wire
from kehu_desktop.sync.refusals import refusal

#: Rows per page.
PAGE = 1000
#: The local setting holding a re-seed's position: {"version", "part", "after"}.
RESEED = "sync.reseed"


def start(db: Database, key: str, version: int) -> None:
    """Begin a snapshot from change-log version ``version`` unless one is under way."""
    with db.write() as s:
        if get_setting(s, key) is None:
            put_setting(s, key, {"version": version, "part": 0, "after": None})


def under_way(db: Database, key: str) -> bool:
    with db.read() as s:
        return get_setting(s, key) is not None


def fetch(
    db: Database, http: httpx.Client, key: str, parts: list[tuple[Table, str]]
) -> dict[str, int]:
    """Every part of ``parts`` from the position stored under ``key`` on; then the pull cursor
    becomes the snapshot's version. The rows fetched, per table."""
    with db.read() as s:
        progress = get_setting(s, key)
    version, start_at, after = int(progress["version"]), int(progress["part"]), progress["after"]
    counts: dict[str, int] = {}
    for index in range(start_at, len(parts)):
        target, part = parts[index]
        fetched = _fetch_part(db, http, key, version, index, target, part, after)
        counts[target.name] = counts.get(target.name, 0) + fetched
        after = None
    with db.write() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        # Exactly the snapshot's version: above it when head office was restored from an
        # older backup (its log numbers from there again), below it when the log was pruned.
        state.pull_cursor = version
    return counts


def _fetch_part(
    db: Database,
    http: httpx.Client,
    key: str,
    version: int,
    index: int,
    target: Table,
    part: str,
    after: str | None,
) -> int:
    fetched = 0
    while True:
        params: dict[str, str | int] = {"table": target.name, "part": part, "limit": PAGE}
        if after:
            params["after"] = after
        reply = http.get("/v1/records", params=params)
        if reply.status_code != 200:
            raise refusal(reply, str(http.base_url))
        page = reply.json()
        rows = [wire.from_payload(target.name, row) for row in page["rows"]]
        with db.write() as s:  # the page and its position together: a rerun resumes here
            wire.upsert(s.connection(), target.name, rows, take_over=part == "head_office")
            last = page["last"] if page["more"] else None
            position = {"version": version, "part": index + (0 if page["more"] else 1)}
            put_setting(s, key, position | {"after": last})
        fetched += len(rows)
        after = page["last"]
        if not page["more"]:
            return fetched


def head_office_parts() -> list[tuple[Table, str]]:
    """What a re-seed fetches: head office's part of each table (the branch's own records are
    here already)."""
    return [(t, part) for t, part in scope.restore_parts() if part == "head_office"]


def reseed(db: Database, http: httpx.Client, actor: Actor, version: int) -> int:
    """Fetch head office's data afresh from change-log version ``version`` on (or resume the
    re-seed under way); the rows fetched. Audited as ``sync.reseeded``."""
    start(db, RESEED, version)
    counts = fetch(db, http, RESEED, head_office_parts())
    with db.write() as s:
        progress = get_setting(s, RESEED)
        s.execute(Setting.__table__.delete().where(Setting.key == RESEED))  # type: ignore[attr-defined]
        audit(
            s,
            actor,
            "sync.reseeded",
            entity="branch",
            entity_id=actor.branch_id,
            after={"version": (progress or {}).get("version"), "records": counts},
        )
    return sum(counts.values())


__all__ = ["PAGE", "RESEED", "fetch", "head_office_parts", "reseed", "start", "under_way"]
