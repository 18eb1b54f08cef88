"""What every writing service does besides its own change: audit, outbox, numbers, settings.

The outbox and the change log are the write path's (services.use_case): :func:`record_changes`
is the one place where a local write becomes an outbox row, and it reads the transaction's
:class:`Write` to know whether outbox rows are wanted (not for a change applied from head
office) and to note what changed for the screens (:class:`kehu_desktop.changes.Changes`)."""

from __future__ import annotations

import base64
import dataclasses
import enum
import uuid
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kehu_desktop.changes import ChangeLog
from kehu_desktop.domain.ownership import BRANCH
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Base
from kehu_desktop.models import Counter
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Setting
from kehu_desktop.models.change_log import HEAD_OFFICE_DB
from kehu_desktop.models.change_log import ROLE_KEY
from kehu_desktop.models.change_log import USER_LOCAL_COLUMNS
from kehu_desktop.models.change_log import owner_of_row
from kehu_desktop.models.change_log import row_id_of
from kehu_desktop.services.base.context import Actor

# Defaults of the settings the rule book leaves as "N" (domain.md: a setting, never a constant).
DEFAULT_SETTINGS: dict[str, Any] = {
    "auth.max_failed_attempts": 5,
    "auth.lockout_minutes": 15,
    "auth.min_password_length": 8,
    # Sign the user of a shared branch PC out after this many minutes without input.
    "auth.idle_minutes": 30,
    # Head-office sync (issue 8): the desktop syncs every N minutes while someone is signed in.
    "sync.interval_minutes": 5,
    # Step 7 (docs/payments.md). Money as text, never a float.
    "receivable.bad_debt_days": 365,
    "remittance.threshold": "50000.00",
    "remittance.hours": 24,
    # Several levels, e.g. [{"threshold": "200000.00", "hours": 4}, ...]; empty: the single level
    # above. The strictest level that applies wins.
    "remittance.levels": [],
}


_WRITE = "kehu_write"


class Write:
    """The write path's state of one transaction, kept in ``session.info`` by
    ``services.use_case``: whether to write outbox rows, what changed, which locks are held
    (see the lock order there)."""

    __slots__ = ("outbox", "log", "documents_locked")

    def __init__(self, *, outbox: bool) -> None:
        self.outbox = outbox
        self.log = ChangeLog()
        self.documents_locked = False

    def attach(self, session: Session) -> None:
        session.info[_WRITE] = self


def write_of(session: Session) -> Write | None:
    """The write path's state of the session's transaction; None outside the write path (a
    test's raw ``db.write()``, first-run setup), where the outbox is written as always."""
    return session.info.get(_WRITE)


def changed(session: Session, kind: str, entity_id: object, *, customer_id: object = None) -> None:
    """Note a change that has no outbox row (head-office data such as products, users,
    settings, printer profiles), so the screens showing it hear of it."""
    write = write_of(session)
    if write is not None:
        write.log.add(kind, entity_id, customer_id)


def jsonable(value: Any) -> Any:
    """Plain JSON for audit and outbox payloads (Decimal as string: never a float)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):  # e.g. a contract's scan: JSON has no bytes
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def row_dict(obj: Base) -> dict[str, Any]:
    """The column values of an ORM row, JSON-ready."""
    mapper = inspect(obj).mapper
    return {c.key: jsonable(getattr(obj, c.key)) for c in mapper.column_attrs}


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    entity: str | None = None,
    entity_id: object = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str | None = None,
    username: str | None = None,
) -> None:
    session.add(
        AuditRecord(
            user_id=actor.user_id if actor else None,
            username=username or (actor.username if actor else "?"),
            action=action,
            entity=entity,
            entity_id=str(entity_id) if entity_id is not None else None,
            before=jsonable(before) if before is not None else None,
            after=jsonable(after) if after is not None else None,
            detail=detail,
            origin=actor.origin if actor else None,
        )
    )


def next_number(
    session: Session, branch_id: uuid.UUID, kind: str, year: int, count: int = 1
) -> int:
    """Take the next value of a gapless counter (or the first of ``count`` consecutive values),
    locking its row until the transaction ends.

    The number is used in the same transaction that creates the document, so a rollback (or a
    crash) gives it back: no gaps, no duplicates.
    """
    write = write_of(session)
    if write is not None:  # the lock order (services.use_case): counters after customers
        write.documents_locked = True
    dialect = session.get_bind().dialect.name
    values = {"branch_id": branch_id, "kind": kind, "year": year, "next_value": 1}
    ins = pg_insert(Counter) if dialect == "postgresql" else sqlite_insert(Counter)
    session.execute(ins.values(**values).on_conflict_do_nothing())
    counter = session.execute(
        select(Counter)
        .where(Counter.branch_id == branch_id, Counter.kind == kind, Counter.year == year)
        .with_for_update()
    ).scalar_one()
    value = counter.next_value
    counter.next_value = value + count
    return value


@cache
def _schema_rev() -> str:
    # lazy: read once (cached), off every service's import path
    from kehu_desktop.migrations import head_revision

    return head_revision()


def record_changes(
    session: Session,
    branch_id: uuid.UUID,
    changes: Sequence[tuple[str, Base]],
    *,
    op: str = "upsert",
) -> None:
    """Write the outbox rows of branch-owned changes ``(entity, row)``, in order, in the caller's
    transaction: one flush and one counter lock for all of them (an import writes thousands).
    In the write path, also note them as changed; with its outbox switched off (a change applied
    from head office), write no outbox row."""
    if not changes:
        return
    write = write_of(session)
    session.flush()
    if write is not None:
        for entity, obj in changes:
            customer_id = getattr(obj, "customer_id", None)
            entity_id = getattr(obj, "id", None) or customer_id or getattr(obj, "branch_id", None)
            write.log.add(entity, entity_id, entity_id if entity == "customer" else customer_id)
        if not write.outbox:  # a change applied from head office: it came from an outbox
            return
    if session.info.get(ROLE_KEY) == HEAD_OFFICE_DB:
        return  # head office has no outbox: what it decides reaches branches by its change log
    # The outbox carries the branch's own records only (docs/sync.md, "Who owns what"): a
    # head-office decision written here while the branch runs on its own (a grade, the approve
    # step) is head office's to send, and the first upload brings it along if head office
    # lacks it. Each op names its table.
    travelling = []
    for _entity, obj in changes:
        name = obj.__table__.name  # type: ignore[attr-defined]
        if owner_of_row(obj) != BRANCH:
            continue
        payload = row_dict(obj)
        if name == "users":
            for column in USER_LOCAL_COLUMNS:
                payload.pop(column, None)
        travelling.append((name, payload))
    if not travelling:
        return
    first = next_number(session, branch_id, "outbox", 0, count=len(travelling))
    for seq, (name, payload) in enumerate(travelling, start=first):
        session.add(
            OutboxOp(
                branch_id=branch_id,
                seq=seq,
                entity=name,
                entity_id=row_id_of(name, payload)[:40],
                op=op,
                payload=payload,
                schema_rev=_schema_rev(),
            )
        )


def record_change(
    session: Session,
    branch_id: uuid.UUID,
    entity: str,
    obj: Base,
    *,
    op: str = "upsert",
) -> None:
    """Write the outbox row of a branch-owned change, in the caller's transaction."""
    record_changes(session, branch_id, [(entity, obj)], op=op)


#: The settings row that makes a database the demo branch: written by services.demo in the
#: transaction that creates the branch ("building"), set to "ready" once the demo is complete.
#: Not a setting anyone edits (services.settings refuses it).
DEMO_SETTING = "demo.branch"
DEMO_BUILDING = "building"
DEMO_READY = "ready"


#: The settings row that makes a database head office's (written by ``kehu-hq db upgrade``): the
#: desktop then runs in head-office mode (no first run, every branch in the user's scope) and
#: every write to head-office-owned data goes into the change log the branches pull.
ROLE_SETTING = "database.role"
ROLE_HEAD_OFFICE = "head_office"


def is_head_office_in(session: Session) -> bool:
    """Whether this database is head office's (see :data:`ROLE_SETTING`)."""
    return get_setting(session, ROLE_SETTING) == ROLE_HEAD_OFFICE


def local_branch_in(session: Session) -> uuid.UUID | None:
    """The branch this database belongs to (written by the first run), or None: a database
    without one is not a branch's (head office's, or not yet set up)."""
    value = get_setting(session, "branch_id")
    return uuid.UUID(str(value)) if value else None


def get_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULT_SETTINGS.get(key)


def put_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
