"""Registration with head office and the branch's sync status.

``register`` exchanges a one-time code (``kehu-hq branch add``) for the branch's secret at
``POST /v1/register``. The code starts with the branch code it was issued for (``SH-…``): a code
for another branch is refused before it is sent, so it is not spent, and the branch code head
office answers is checked again before anything is stored. Every failure is a
:class:`~kehu_desktop.domain.errors.KehuError` with a catalogue message (zh_CN and en), never a
traceback.
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
from kehu_desktop.models import Branch
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import SyncRejection
from kehu_desktop.models import SyncState
from kehu_desktop.services.admin import local_branch_id
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import use_case
from kehu_desktop.sync import credentials
from kehu_desktop.sync.credentials import Credentials

#: Seconds to wait for head office: registration is one small request.
TIMEOUT = 15.0

#: Head office's refusal codes (kehu_hq.registry) → our catalogue's.
REFUSALS = {
    "register.code_used": "sync.code_used",
    "register.code_expired": "sync.code_expired",
    "register.unknown_code": "sync.code_unknown",
}


@dataclass(frozen=True)
class SyncStatus:
    registered: bool
    server_url: str | None
    branch_code: str | None
    last_push_at: datetime | None  # head office's clock, at its last acknowledgement
    last_pull_at: datetime | None  # head office's clock, at its last page
    last_sync_at: datetime | None  # this PC's clock, at the last sync that fully succeeded
    #: Outbox rows head office has not acknowledged yet.
    pending: int
    last_error: str | None
    last_error_at: datetime | None
    #: Records head office acknowledged but refused, not yet seen by their author.
    rejections: int


def _own_branch(db: Database) -> Branch:
    branch_id = local_branch_id(db)
    with db.read() as s:
        branch = s.get(Branch, branch_id) if branch_id else None
        if branch is None:
            raise Conflict("sync.no_branch")
        s.expunge(branch)
        return branch


def clean_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url) < 10:
        raise KehuError("sync.bad_url", url=url)
    return url


def may_sync_now(db: Database, actor: Actor) -> None:
    """Refuse (``Forbidden``) a user who may not start a sync now (``sync.now``: every
    signed-in user, docs/roles.md), by the roles stored now. The desktop's 立即同步 and timer
    call it before :func:`now`."""
    with use_case(db, actor, "sync.now", write=False):
        pass


def register(db: Database, actor: Actor, url: str, code: str) -> Credentials:
    """Register this database's branch with head office at ``url``; the URL and the secret go
    to the config folder's file (:mod:`kehu_desktop.sync.credentials`), an audit record
    ``registration`` names the server (never the secret). Administrators only."""
    # The roles as stored now (use_case re-reads them), not as captured at sign-in.
    with use_case(db, actor, "sync.register", write=False):
        pass
    url = clean_url(url)
    branch = _own_branch(db)
    named = code.strip().partition("-")[0].upper()
    if named != branch.code:
        raise Conflict("sync.other_branch", theirs=named or "?", own=branch.code)
    try:
        with httpx.Client(timeout=TIMEOUT) as client:
            reply = client.post(
                f"{url}/v1/register", json={"code": code.strip(), "branch_id": str(branch.id)}
            )
    except httpx.HTTPError as exc:
        raise KehuError("sync.unreachable", url=url, reason=type(exc).__name__) from exc
    if reply.status_code == 401:
        found = error_code(reply)
        raise KehuError(REFUSALS.get(found, "sync.code_refused"), url=url)
    if reply.status_code == 404:
        raise KehuError("sync.not_a_server", url=url)
    try:
        if reply.status_code != 200:
            raise ValueError(reply.status_code)
        body = reply.json()
        answered, secret = str(body["branch_code"]), str(body["secret"])
    except (ValueError, KeyError, TypeError) as exc:
        raise KehuError("sync.bad_reply", url=url, status=reply.status_code) from exc
    if answered != branch.code:  # head office issued the code for another branch
        raise Conflict("sync.other_branch", theirs=answered, own=branch.code)
    stored = Credentials(
        url=url,
        branch_id=branch.id,
        branch_code=branch.code,
        secret=secret,
        registered_at=datetime.now(UTC).isoformat(),
    )
    # The audit record first: if it cannot be written, no credential is left behind.
    with use_case(db, actor, None) as (s, current):
        audit(
            s,
            current,
            "registration",
            entity="branch",
            entity_id=branch.id,
            after={"server": url, "branch_code": branch.code},
        )
        # From now on head office owns its data here (models.change_log's guard).
        if s.get(SyncState, 1) is None:
            s.add(SyncState(id=1, acked_seq=0, pull_cursor=0, failures=0))
    credentials.save(stored)
    db.refresh_role()
    return stored


def error_code(reply: httpx.Response) -> str:
    try:
        return str(reply.json().get("error", ""))
    except (ValueError, AttributeError):
        return ""


def status(db: Database) -> SyncStatus:
    """What ``kehu sync status`` and the status bar show. Registered means a stored secret for
    this database's branch: a file left by another branch's database reads as not registered."""
    branch_id: uuid.UUID | None = local_branch_id(db)
    stored = credentials.load()
    mine = stored if stored is not None and stored.branch_id == branch_id else None
    with db.read() as s:
        state = s.get(SyncState, 1)
        acked = state.acked_seq if state is not None else 0
        pending = s.scalar(
            select(func.count())
            .select_from(OutboxOp)
            .where(OutboxOp.branch_id == branch_id, OutboxOp.seq > acked)
        )
        unseen = s.scalar(
            select(func.count())
            .select_from(SyncRejection)
            .where(SyncRejection.branch_id == branch_id, SyncRejection.seen_at.is_(None))
        )
    return SyncStatus(
        registered=mine is not None,
        server_url=mine.url if mine else None,
        branch_code=mine.branch_code if mine else None,
        last_push_at=state.last_push_at if state else None,
        last_pull_at=state.last_pull_at if state else None,
        last_sync_at=state.last_sync_at if state else None,
        pending=int(pending or 0),
        last_error=state.last_error_message if state else None,
        last_error_at=state.last_error_at if state else None,
        rejections=int(unseen or 0),
    )
