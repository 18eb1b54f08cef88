"""The branch registry: one-time registration codes, secrets, and what each branch last did.

No FastAPI here: the service (``kehu_hq.app``) and the ``kehu-hq`` command line share it.

Hashing (docs/decisions.md, "Issue 8 — the service and registration"): a code carries 128 random
bits and a secret 256, so neither can be guessed or found in a precomputed table; a slow hash
(argon2, right for a person's password) would add nothing but a cost on every request. The secret
is kept as its plain SHA-256, unique, so a request's bearer secret finds its branch in one indexed
look-up without the request naming the branch. The code is kept as SHA-256 over a per-row salt:
it starts with the branch code (``SH-ABCD-…``), which finds the row, so a salt costs nothing and
keeps two issued codes' hashes unrelated.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.models import Branch
from kehu_desktop.models import BranchSync
from kehu_desktop.models import ChangeLogHead
from kehu_desktop.models import Region
from kehu_desktop.models import SyncRefusal
from kehu_desktop.models import User
from kehu_desktop.models.change_log import note_change
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base.records import ROLE_HEAD_OFFICE
from kehu_desktop.services.base.records import ROLE_SETTING
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.base.records import put_setting

#: How long a registration code stays valid when ``branch add`` is not told otherwise.
CODE_VALID = timedelta(days=7)


class RegistryError(Exception):
    """A request or command the registry refuses: ``status`` is the HTTP status to answer."""

    def __init__(
        self, status: int, code: str, message: str, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}  # more for the answer's body (a gap's expected seq)


@dataclass(frozen=True)
class IssuedCode:
    branch_code: str
    branch_name: str
    region: str
    code: str
    expires_at: datetime
    created: bool  # the branch row was made by this command


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _token(code: str) -> str:
    """The random part of a code as typed: groups and case do not matter."""
    return code.partition("-")[2].replace("-", "").replace(" ", "").upper()


def _sync_row(session: Session, branch: Branch, *, lock: bool = False) -> BranchSync:
    query = select(BranchSync).where(BranchSync.branch_id == branch.id)
    row = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if row is None:
        row = BranchSync(branch_id=branch.id, acked_seq=0)
        session.add(row)
    return row


def mark_head_office(db: Database) -> None:
    """Make the database head office's (``kehu-hq db upgrade`` after migrating): the desktop
    opens it in head-office mode and its writes to head-office data feed the change log."""
    with db.write() as session:
        if not is_head_office_in(session):
            put_setting(session, ROLE_SETTING, ROLE_HEAD_OFFICE)
    db.refresh_role()


def add_branch(
    db: Database, code: str, name: str, region: str, *, valid: timedelta = CODE_VALID
) -> IssuedCode:
    """Make the branch (and its region) if missing and issue a new one-time registration code;
    an earlier unused code of the branch stops working."""
    code = code.strip().upper()
    if not code.isalnum() or len(code) > 10:
        raise RegistryError(
            400, "branch.code", f"branch code must be 1-10 letters or digits: {code!r}"
        )
    with db.write() as session:
        found = session.scalars(select(Region).where(Region.code == region)).one_or_none()
        if found is None:
            found = Region(code=region, name=region)
            session.add(found)
            session.flush()
        branch = session.scalars(select(Branch).where(Branch.code == code)).one_or_none()
        created = branch is None
        if branch is None:
            branch = Branch(code=code, name=name, region_id=found.id)
            session.add(branch)
            session.flush()
        row = _sync_row(session, branch, lock=True)
        random_part = base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")
        issued = f"{code}-" + "-".join(random_part[i : i + 4] for i in range(0, 26, 4))
        salt = secrets.token_bytes(16)
        now = db.clock.now()
        row.code_salt = salt.hex()
        row.code_hash = _sha256(salt + _token(issued).encode())
        row.code_issued_at = now
        row.code_expires_at = now + valid
        row.code_used_at = None
        # Issuing a credential is audited like any administrator's act (who ran the command).
        audit(
            session,
            Actor.system(),
            "branch_code_issued",
            entity="branch",
            entity_id=branch.id,
            after={"code": branch.code, "expires_at": (now + valid).isoformat()},
        )
        region_code = session.get(Region, branch.region_id)
        return IssuedCode(
            branch.code,
            branch.name,
            region_code.code if region_code else region,
            issued,
            now + valid,
            created,
        )


def revoke_branch(db: Database, code: str) -> None:
    """End the branch's secret (its requests get 401) and any unused registration code."""
    with db.write() as session:
        branch = session.scalars(select(Branch).where(Branch.code == code.upper())).one_or_none()
        if branch is None:
            raise RegistryError(404, "branch.unknown", f"no branch {code!r}")
        row = _sync_row(session, branch, lock=True)
        row.revoked_at = db.clock.now()
        row.code_hash = row.code_salt = None
        audit(session, Actor.system(), "branch_revoked", entity="branch", entity_id=branch.id)


def register(
    db: Database, code: str, remote: str | None = None, branch_id: uuid.UUID | None = None
) -> tuple[str, str]:
    """Spend a registration code: (branch code, a new secret). The secret is shown once.

    ``branch_id``: the id the branch's own database gave its branch row at its first run. Head
    office adopts it (:func:`_adopt_branch_id`), so every record the branch pushes names a
    branch head office knows, with no record rewritten on either side."""
    branch_code = code.strip().partition("-")[0].upper()
    with db.write() as session:
        branch = session.scalars(select(Branch).where(Branch.code == branch_code)).one_or_none()
        row = None
        if branch is not None:
            # Locked: two requests with one code queue here, and the second finds it spent.
            query = select(BranchSync).where(BranchSync.branch_id == branch.id).with_for_update()
            row = session.scalars(query).one_or_none()
        now = db.clock.now()
        problem = None
        if (
            row is None
            or row.code_hash is None
            or row.code_salt is None
            or not hmac.compare_digest(
                row.code_hash, _sha256(bytes.fromhex(row.code_salt) + _token(code).encode())
            )
        ):
            problem = "register.unknown_code", "unknown or revoked registration code"
        elif row.code_used_at is not None:
            problem = "register.code_used", "this registration code has been used already"
        elif row.code_expires_at is not None and row.code_expires_at < now:
            problem = "register.code_expired", "this registration code has expired"
        if problem is None and row is not None:
            secret = secrets.token_urlsafe(32)  # 256 bits
            row.code_used_at = now
            row.secret_hash = _sha256(secret.encode())
            row.registered_at = now
            row.revoked_at = None
            assert branch is not None  # the row was found through it
            final_id = branch.id
            if branch_id is not None and branch_id != branch.id:
                _adopt_branch_id(session, branch, branch_id)
                final_id = branch_id  # the ORM rows above are stale now: not read again
            audit(
                session,
                None,
                "branch_registered",
                entity="branch",
                entity_id=final_id,
                detail=remote,
                username=branch_code,
            )
            return branch_code, secret
    assert problem is not None
    record_refusal(db, branch.id if branch else None, 401, *problem, remote=remote)
    raise RegistryError(401, *problem)


def _adopt_branch_id(session: Session, branch: Branch, new_id: uuid.UUID) -> None:
    """Give head office's row of ``branch`` the id the branch's database uses. Only head
    office's bookkeeping refers to a branch that has never pushed; the branch row moves to the
    new id (a copy under a provisional code, the references moved, the old row deleted, the
    code restored) and both changes go into the change log."""
    if session.get(Branch, new_id) is not None:
        raise RegistryError(
            409, "register.branch_id_taken", "another branch already uses this branch's id"
        )
    session.flush()
    old_id, code = branch.id, branch.code
    session.execute(
        insert(Branch).values(
            id=new_id, code=f"~{new_id.hex[:9]}", name=branch.name, region_id=branch.region_id
        )
    )
    for model in (BranchSync, SyncRefusal, User):
        session.execute(
            update(model).where(model.branch_id == old_id).values(branch_id=new_id)  # type: ignore[attr-defined]
        )
    session.execute(delete(Branch).where(Branch.id == old_id))
    session.execute(update(Branch).where(Branch.id == new_id).values(code=code))
    session.expire_all()
    note_change(session, "branches", str(old_id), "delete", None)
    note_change(session, "branches", str(new_id), "upsert", None)


def authenticate(db: Database, secret: str | None, remote: str | None = None) -> Branch:
    """The branch whose secret this is; a missing, wrong or revoked secret is refused (401) and
    recorded. The identity comes only from here, never from a request's payload."""
    branch_id: uuid.UUID | None = None
    problem = "auth.missing", "no bearer secret"
    if secret:
        with db.read() as session:
            row = session.scalars(
                select(BranchSync).where(BranchSync.secret_hash == _sha256(secret.encode()))
            ).one_or_none()
            if row is None:
                problem = "auth.wrong_secret", "unknown secret"
            elif row.revoked_at is not None:
                branch_id = row.branch_id
                problem = "auth.revoked", "this branch's secret has been revoked"
            else:
                branch = session.get(Branch, row.branch_id)
                assert branch is not None
                return branch
    record_refusal(db, branch_id, 401, *problem, remote=remote)
    raise RegistryError(401, *problem)


def record_refusal(
    db: Database,
    branch_id: uuid.UUID | None,
    status: int,
    code: str,
    message: str,
    *,
    remote: str | None = None,
) -> None:
    """Log a refused request, in a transaction of its own (the refused one wrote nothing), and
    make it the branch's last error when the request named a known branch."""
    with db.write() as session:
        now = db.clock.now()
        session.add(
            SyncRefusal(
                branch_id=branch_id,
                at=now,
                status=status,
                code=code,
                message=message[:300],
                remote=remote[:60] if remote else None,
            )
        )
        if branch_id is not None:
            row = session.get(BranchSync, branch_id)
            if row is not None:
                row.last_error_code = code
                row.last_error_message = message[:300]
                row.last_error_at = now


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def list_branches(db: Database) -> list[dict[str, Any]]:
    """Every branch with its registration and sync state, by code. ``lag``: change-log versions
    head office has written since the branch's last pull (null before its first pull)."""
    with db.read() as session:
        head = session.scalar(select(ChangeLogHead.version).where(ChangeLogHead.id == 1)) or 0
        rows = session.execute(
            select(Branch, Region.code, BranchSync)
            .join(Region, Region.id == Branch.region_id)
            .outerjoin(BranchSync, BranchSync.branch_id == Branch.id)
            .order_by(Branch.code)
        ).all()
        found = []
        for branch, region, sync in rows:
            registered = (
                sync is not None and sync.registered_at is not None and sync.revoked_at is None
            )
            error = None
            if sync is not None and sync.last_error_code is not None:
                error = {
                    "code": sync.last_error_code,
                    "message": sync.last_error_message,
                    "at": _iso(sync.last_error_at),
                }
            found.append(
                {
                    "code": branch.code,
                    "name": branch.name,
                    "region": region,
                    "registered": registered,
                    "registered_at": _iso(sync.registered_at) if sync else None,
                    "revoked_at": _iso(sync.revoked_at) if sync else None,
                    "last_push_at": _iso(sync.last_push_at) if sync else None,
                    "last_pull_at": _iso(sync.last_pull_at) if sync else None,
                    "acked_seq": sync.acked_seq if sync else None,
                    "pending_reported": sync.pending_reported if sync else None,
                    "lag": (
                        head - sync.last_pull_version
                        if sync is not None and sync.last_pull_version is not None
                        else None
                    ),
                    "last_pull_version": sync.last_pull_version if sync else None,
                    "schema_rev": sync.schema_rev if sync else None,
                    "last_error": error,
                }
            )
        return found
