"""Head office's change log and a registered branch's guard on head-office data (issue 8,
docs/sync.md "Pull" and "Who owns what").

Two session hooks, switched on by ``Database`` for its sessions like the search index:

* at head office (a database whose ``database.role`` is ``head_office``), every ORM write to a
  row branches pull (head-office-owned tables; the head-office records of per-record tables)
  is noted after each flush, and just before the commit the notes become ``change_log`` rows.
  Their versions come from the one ``change_log_head`` row, locked as the transaction's very
  last step: transactions that write the log commit in version order, so a branch's pull
  cursor can never pass a version a slower transaction has yet to commit.
* at a branch registered with head office (it has a ``sync_state`` row), an ORM write to
  head-office data is refused: head office owns it, and a pull (which writes through Core,
  not the ORM) is the only way it changes.

Pushed branch records are applied at head office through Core as well, so they write no log:
a branch never pulls its own records back.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.ownership import BRANCH
from kehu_desktop.domain.ownership import BRANCH_SETTINGS
from kehu_desktop.domain.ownership import HEAD_OFFICE
from kehu_desktop.domain.ownership import LOCAL
from kehu_desktop.domain.ownership import PER_RECORD
from kehu_desktop.domain.ownership import owner_of
from kehu_desktop.models.base import Base
from kehu_desktop.models.customers import Customer
from kehu_desktop.models.hq import ChangeLog
from kehu_desktop.models.hq import ChangeLogHead
from kehu_desktop.models.hq import SyncState
from kehu_desktop.models.records import Setting

#: ``session.info`` keys: what this database is (set by ``Database`` per session), and the
#: changes noted in the transaction.
ROLE_KEY = "kehu_database_role"
_NOTED = "kehu_change_log"

#: Values of ``ROLE_KEY``.
HEAD_OFFICE_DB = "head_office"
REGISTERED_BRANCH_DB = "registered_branch"

#: Columns of ``users`` that never travel and stay each database's own: the credential and the
#: lock-out state (docs/sync.md, open question 3).
USER_LOCAL_COLUMNS = frozenset(
    {"password_hash", "failed_attempts", "locked_until", "must_change_password", "last_sign_in"}
)

#: The steps of customer selection decided at head office ("customer approval", domain.md §3;
#: the marketing head terminates too); propose and review are the branch's.
HEAD_OFFICE_STEPS = ("approve", "terminate")

#: Head office's tables of decisions on one branch (its ``branch_id``), which go to that branch
#: only (docs/sync.md, "Pull").
BRANCH_DECISIONS = frozenset({"sales_report_reviews"})

#: Settings keys that never travel: this database's own identity.
LOCAL_SETTINGS = frozenset(
    {"branch_id", "demo.branch", "database.role", "sync.restore", "sync.reseed"}
)


def row_id_of(table_name: str, values: dict[str, Any]) -> str:
    """A row's primary key as the change log and the wire write it: the value as text, or a
    JSON list of texts for a composite key."""
    keys = [c.name for c in Base.metadata.tables[table_name].primary_key.columns]
    if len(keys) == 1:
        return str(values[keys[0]])
    return json.dumps([str(values[k]) for k in keys])


def record_owner(table_name: str, values: dict[str, Any], user_branch: Any = None) -> str:
    """Who writes this row: ``branch``, ``head_office`` or ``local`` (docs/sync.md's table).

    ``values`` are the row's column values; for ``user_roles``, ``user_branch`` is the branch of
    the user the role belongs to (the row itself does not say)."""
    owner = owner_of(table_name)
    if owner is not PER_RECORD:
        return str(owner)
    if table_name == "users":
        return str(HEAD_OFFICE if values.get("branch_id") is None else BRANCH)
    if table_name == "user_roles":
        return str(HEAD_OFFICE if user_branch is None else BRANCH)
    if table_name == "selection_steps":  # approving and terminating are head office's
        return str(HEAD_OFFICE if values.get("step") in HEAD_OFFICE_STEPS else BRANCH)
    if table_name == "settings":  # a branch's own settings never leave it (not pushed yet)
        key = values.get("key")
        if key in LOCAL_SETTINGS or key in BRANCH_SETTINGS:
            return str(LOCAL)
        return str(HEAD_OFFICE)
    raise KeyError(f"no per-record owner rule for {table_name!r}")


def _values(obj: Base) -> dict[str, Any]:
    state = inspect(obj)
    return {c.key: getattr(obj, c.key) for c in state.mapper.column_attrs}


def owner_of_row(obj: Base) -> str:
    """Who writes this ORM row (:func:`record_owner` read from the object; a role's owner is
    its user's)."""
    table = obj.__table__.name  # type: ignore[attr-defined]
    user_branch = None
    if table == "user_roles":
        user = getattr(obj, "user", None)
        user_branch = user.branch_id if user is not None else None
    return record_owner(table, _values(obj), user_branch)


def _branch_of(session: Session, obj: Base) -> uuid.UUID | None:
    """The branch a head-office row concerns: a decision on a customer goes to the customer's
    branch only, one on a branch (a sales report's review) to that branch; reference data
    (``None``) to every branch."""
    if obj.__table__.name in BRANCH_DECISIONS:  # type: ignore[attr-defined]
        branch_id: uuid.UUID | None = getattr(obj, "branch_id", None)
        return branch_id
    customer_id = getattr(obj, "customer_id", None)
    if customer_id is None:
        return None
    customer = session.get(Customer, customer_id)
    return customer.branch_id if customer is not None else None


def _shared_change(obj: Base) -> bool:
    """Whether an update touches a column that travels (a sign-in's lock-out bookkeeping on a
    user's row does not)."""
    state = inspect(obj)
    local = USER_LOCAL_COLUMNS if obj.__table__.name == "users" else frozenset()  # type: ignore[attr-defined]
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in local)


def _after_flush(session: Session, _context: object) -> None:
    role = session.info.get(ROLE_KEY)
    if role is None:
        return
    touched = [(obj, "upsert") for obj in (*session.new, *session.dirty)]
    touched += [(obj, "delete") for obj in session.deleted]
    for obj, op in touched:
        if not isinstance(obj, Base) or owner_of(obj.__table__.name) in (BRANCH, LOCAL):  # type: ignore[attr-defined]
            continue
        if op == "upsert" and obj in session.dirty and not _shared_change(obj):
            continue
        if owner_of_row(obj) != HEAD_OFFICE:
            continue
        table = obj.__table__.name  # type: ignore[attr-defined]
        if role == REGISTERED_BRANCH_DB:
            raise Forbidden("sync.head_office_owned", table=table)
        note_change(session, table, row_id_of(table, _values(obj)), op, _branch_of(session, obj))


def note_change(
    session: Session, table: str, row_id: str, op: str, branch_id: uuid.UUID | None
) -> None:
    """Note a head-office change made through Core (the hooks see ORM writes only), for the
    change log written at the commit."""
    if session.info.get(ROLE_KEY) == HEAD_OFFICE_DB:
        noted = session.info.setdefault(_NOTED, {})
        noted[(table, row_id)] = (op, branch_id)


def _before_commit(session: Session) -> None:
    if session.info.get(ROLE_KEY) != HEAD_OFFICE_DB:
        return
    session.flush()
    noted = session.info.pop(_NOTED, None)
    if noted:
        write_log(session, [(t, r, op, b) for (t, r), (op, b) in noted.items()])


def write_log(session: Session, entries: list[tuple[str, str, str, uuid.UUID | None]]) -> int:
    """Append ``(table, row id, op, branch)`` entries to the change log, taking their versions
    from the locked head row; the last version. Call it as the transaction's last step."""
    conn = session.connection()
    dialect = conn.dialect.name
    ins = pg_insert(ChangeLogHead) if dialect == "postgresql" else sqlite_insert(ChangeLogHead)
    conn.execute(ins.values(id=1, version=0).on_conflict_do_nothing())
    head = conn.execute(
        select(ChangeLogHead.version).where(ChangeLogHead.id == 1).with_for_update()
    ).scalar_one()
    now = session.info["clock"].now() if "clock" in session.info else None
    rows = [
        {
            "version": head + i,
            "table_name": table,
            "row_id": row_id,
            "op": op,
            "branch_id": branch,
            **({"at": now} if now is not None else {}),
        }
        for i, (table, row_id, op, branch) in enumerate(entries, start=1)
    ]
    if rows:
        conn.execute(insert(ChangeLog), rows)
        conn.execute(
            ChangeLogHead.__table__.update()  # type: ignore[attr-defined]
            .where(ChangeLogHead.id == 1)
            .values(version=head + len(rows))
        )
    return head + len(rows)


def keep_change_log(sessions: sessionmaker[Session]) -> None:
    """Switch both hooks on for a session factory (``Database`` does, for its own)."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "before_commit", _before_commit)


def database_role(session: Session) -> str | None:
    """What this database is for the hooks: head office's, a registered branch's, or neither
    (a branch on its own, or not set up yet)."""
    role = session.get(Setting, "database.role")
    if role is not None and role.value == HEAD_OFFICE_DB:
        return HEAD_OFFICE_DB
    if session.get(SyncState, 1) is not None:
        return REGISTERED_BRANCH_DB
    return None
