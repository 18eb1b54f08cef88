"""A branch PC whose disk died restores from head office: ``kehu sync restore URL CODE`` into an
empty data folder (docs/sync.md, "Re-seed and restore").

Head office issues a new registration code for the branch (``kehu-hq branch add`` again); the
empty database exchanges it for a secret, pulls head office's data (the change log from the
start), then fetches the branch's own records table by table in foreign-key order, each page
applied with its position in one transaction (the setting ``sync.restore``), so a restore
killed half way resumes where it stopped when run again (the code is spent by then: the stored
secret is used). At the end the outbox counter follows head office's acknowledged seq and every
document counter continues after the highest number restored; the report names those numbers
(open question 6: slips issued after the last push are lost with the disk and are entered
again). Users come back without passwords (credentials never travel): the administrator sets
them with ``kehu user reset-password``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime

import httpx
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.numbering import parse_document_number
from kehu_desktop.models import Counter
from kehu_desktop.models import Setting
from kehu_desktop.models import SyncState
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base.records import get_setting
from kehu_desktop.services.base.records import put_setting
from kehu_desktop.sync import client
from kehu_desktop.sync import credentials
from kehu_desktop.sync import scope
from kehu_desktop.sync import snapshot
from kehu_desktop.sync import wire
from kehu_desktop.sync.credentials import Credentials
from kehu_desktop.sync.registration import REFUSALS
from kehu_desktop.sync.registration import clean_url
from kehu_desktop.sync.registration import error_code

#: The local setting holding a restore's progress: {"table": name, "after": row id} or done.
PROGRESS = "sync.restore"


@dataclass(frozen=True)
class RestoreReport:
    branch_code: str
    records: dict[str, int]  # per table, the rows restored
    last_numbers: dict[str, str]  # per document kind, the highest number head office held
    acked_seq: int
    users_without_password: list[str]


def restore(db: Database, url: str, code: str | None) -> RestoreReport:
    """Restore this (empty, or half-restored) database's branch from head office at ``url``."""
    url = clean_url(url)
    stored = _resume(db)
    if stored is None:
        if code is None:
            raise KehuError("sync.restore_needs_code")
        stored = _register(db, url, code)
    http = client.http_client(stored)
    actor = Actor.system(stored.branch_id)
    try:
        with http:
            counts = snapshot.fetch(db, http, PROGRESS, scope.restore_parts())
            client.pull_all(db, http, actor)  # what changed at head office meanwhile
            status = http.get("/v1/status")
            if status.status_code != 200:
                raise client.refusal(status, stored.url)
            acked = int(status.json()["acked_seq"])
    except httpx.HTTPError as exc:
        raise KehuError("sync.unreachable", url=stored.url, reason=type(exc).__name__) from exc
    last = _finish(db, stored, acked, counts)
    with db.read() as s:
        users = sorted(
            s.scalars(
                select(User.username).where(
                    User.branch_id == stored.branch_id,
                    User.password_hash == wire.UNUSABLE_PASSWORD,
                )
            )
        )
    return RestoreReport(stored.branch_code, counts, last, acked, users)


def _resume(db: Database) -> Credentials | None:
    """The stored credentials of a restore under way in this database; None for an empty
    database; :class:`Conflict` for a database that holds a branch already."""
    with db.read() as s:
        progress = get_setting(s, PROGRESS)
        branch = get_setting(s, "branch_id")
        users = s.scalar(select(func.count()).select_from(User))
    stored = credentials.load()
    if progress is not None and stored is not None and str(stored.branch_id) == branch:
        return stored
    if branch is not None or users:
        raise Conflict("sync.restore_not_empty")
    return None


def _register(db: Database, url: str, code: str) -> Credentials:
    try:
        with httpx.Client(timeout=client.TIMEOUT) as http:
            reply = http.post(f"{url}/v1/register", json={"code": code.strip()})
            if reply.status_code == 401:
                raise KehuError(REFUSALS.get(error_code(reply), "sync.code_refused"), url=url)
            if reply.status_code != 200:
                raise client.refusal(reply, url)
            secret = str(reply.json()["secret"])
            status = http.get(f"{url}/v1/status", headers={"Authorization": f"Bearer {secret}"})
            if status.status_code != 200:
                raise client.refusal(status, url)
            about = status.json()
    except httpx.HTTPError as exc:
        raise KehuError("sync.unreachable", url=url, reason=type(exc).__name__) from exc
    stored = Credentials(
        url=url,
        branch_id=uuid.UUID(about["branch_id"]),
        branch_code=str(about["branch_code"]),
        secret=secret,
        registered_at=datetime.now(UTC).isoformat(),
    )
    credentials.save(stored)
    with db.write() as s:
        put_setting(s, "branch_id", str(stored.branch_id))
        # The change-log version the snapshot starts from: the pull after it re-applies
        # whatever head office changes while the pages are fetched (upserts are idempotent).
        put_setting(s, PROGRESS, {"version": int(about["head_version"]), "part": 0, "after": None})
        # Nothing to upload: what head office holds is what is restored (initial_through 0).
        s.add(SyncState(id=1, acked_seq=0, pull_cursor=0, initial_through=0, failures=0))
    db.refresh_role()
    return stored


def _finish(
    db: Database, stored: Credentials, acked: int, counts: dict[str, int]
) -> dict[str, str]:
    """Counters past what was restored; the restore's audit record; the last numbers."""
    last: dict[str, str] = {}
    highest: dict[tuple[str, int], int] = {}
    with db.write() as s:
        conn = s.connection()
        for target in scope.branch_tables():
            if "number" not in target.c:
                continue
            for (number,) in conn.execute(
                scope.branch_rows(target, stored.branch_id).with_only_columns(target.c.number)
            ):
                parsed = parse_document_number(str(number))
                if parsed is None:
                    continue
                key = (parsed.kind, parsed.year)
                if parsed.seq > highest.get(key, 0):
                    highest[key] = parsed.seq
                    last[f"{parsed.kind}-{parsed.year}"] = str(number)
        wanted = {("outbox", 0): acked + 1} | {k: seq + 1 for k, seq in highest.items()}
        for (kind, year), next_value in wanted.items():
            counter = s.get(Counter, (stored.branch_id, kind, year))
            if counter is None:
                s.add(
                    Counter(branch_id=stored.branch_id, kind=kind, year=year, next_value=next_value)
                )
            else:
                counter.next_value = max(counter.next_value, next_value)
        state = s.get(SyncState, 1)
        assert state is not None
        state.acked_seq = acked
        s.execute(Setting.__table__.delete().where(Setting.key == PROGRESS))  # type: ignore[attr-defined]
        audit(
            s,
            Actor.system(stored.branch_id),
            "sync.restored",
            entity="branch",
            entity_id=stored.branch_id,
            after={"server": stored.url, "records": counts, "last_numbers": last, "acked": acked},
        )
    return dict(sorted(last.items()))


__all__ = ["RestoreReport", "restore"]
