"""Which rows belong to one branch, and the digest ``kehu sync verify`` compares.

A branch's rows are found by the table's ``branch_id`` column, or, for a table without one
(lines, allocations, a customer's credit data …), by the parent row its first foreign key to a
table with a ``branch_id`` names. Both sides use the same queries, so their digests compare.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import Select
from sqlalchemy import Table
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.ownership import BRANCH
from kehu_desktop.domain.ownership import HEAD_OFFICE
from kehu_desktop.domain.ownership import LOCAL
from kehu_desktop.domain.ownership import PER_RECORD
from kehu_desktop.domain.ownership import owner_of
from kehu_desktop.models import Base
from kehu_desktop.models.change_log import BRANCH_DECISIONS
from kehu_desktop.models.change_log import HEAD_OFFICE_STEPS
from kehu_desktop.models.change_log import LOCAL_SETTINGS
from kehu_desktop.sync.wire import content_hash
from kehu_desktop.sync.wire import to_payload

#: Head-office tables a branch's first upload may bring along, insert-only (reference data its
#: records name); regions and branches are head office's own registry and never go up.
ADOPTABLE = (
    "users",
    "user_roles",
    "products",
    "product_batches",
    "credit_grades",
    "selection_steps",
)

#: Per-record tables whose branch's records travel up with the branch-owned ones.
_BRANCH_RECORDS = ("users", "user_roles", "selection_steps")


def parent_of(target: Table) -> tuple[str, Table] | None:
    """(this table's column, the parent table) for a table without ``branch_id``: its first
    required foreign key to a table that has one. A user named on a record (who applied,
    who decided) does not make the record that user's branch's; a role does."""
    for fk in sorted(target.foreign_keys, key=lambda f: (f.parent.nullable, f.parent.name)):
        parent = fk.column.table
        if parent.name == "users" and target.name != "user_roles":
            continue
        if "branch_id" in parent.c and parent.name != "branches":
            return fk.parent.name, parent
    return None


def branch_tables() -> list[Table]:
    """The tables a branch pushes, in foreign-key order (a parent before its children)."""
    return [
        t
        for t in Base.metadata.sorted_tables
        if owner_of(t.name) is BRANCH or t.name in _BRANCH_RECORDS
    ]


def self_references(target: Table) -> list[str]:
    """The columns of ``target`` naming another row of the same table (a reversal's payment,
    the limit a raise supersedes)."""
    return sorted(fk.parent.name for fk in target.foreign_keys if fk.column.table is target)


def referenced_first(target: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (payloads) reordered so a row another names comes before it: primary-key
    order alone would send a reversal before the payment it reverses."""
    columns = self_references(target)
    if not columns:
        return rows
    keys = [c.name for c in target.primary_key.columns]
    ids = {str(row[keys[0]]) for row in rows}
    done: set[str] = set()
    ordered: list[dict[str, Any]] = []
    waiting = list(rows)
    while waiting:
        still = []
        for row in waiting:
            named = {str(row[c]) for c in columns if row.get(c) is not None}
            if all(n in done or n not in ids for n in named):
                ordered.append(row)
                done.add(str(row[keys[0]]))
            else:
                still.append(row)
        if len(still) == len(waiting):  # a circle: no order helps; keep the rest as they are
            ordered += still
            break
        waiting = still
    return ordered


def branch_rows(target: Table, branch_id: uuid.UUID) -> Select[Any]:
    """The rows of ``target`` that are this branch's (its branch-owned records)."""
    if "branch_id" in target.c:
        query = select(target).where(target.c.branch_id == branch_id)
    else:
        found = parent_of(target)
        if found is None:
            raise KeyError(f"{target.name}: no way to a branch")
        column, parent = found
        query = (
            select(target)
            .join(parent, parent.c.id == target.c[column])
            .where(parent.c.branch_id == branch_id)
        )
    if target.name == "selection_steps":  # approve and terminate are head office's
        query = query.where(target.c.step.not_in(HEAD_OFFICE_STEPS))
    return query.order_by(*target.primary_key.columns)


def head_office_rows(target: Table, branch_id: uuid.UUID) -> Select[Any] | None:
    """The rows of ``target`` head office holds for this branch (what a pull from the start
    would bring): reference data, head office's users and their roles, its decisions on this
    branch's customers; None for a table with nothing of head office's."""
    owner = owner_of(target.name)
    if owner is LOCAL or owner is BRANCH:
        return None
    query = select(target)
    customers = Base.metadata.tables["customers"]
    users = Base.metadata.tables["users"]
    if target.name == "users":
        query = query.where(target.c.branch_id.is_(None))
    elif target.name == "user_roles":
        query = query.where(
            target.c.user_id.in_(select(users.c.id).where(users.c.branch_id.is_(None)))
        )
    elif target.name == "settings":
        query = query.where(target.c.key.not_in(LOCAL_SETTINGS))
    elif target.name == "selection_steps":
        query = query.where(target.c.step.in_(HEAD_OFFICE_STEPS))
    elif owner is not HEAD_OFFICE:
        raise KeyError(f"{target.name}: no rule for head office's rows")
    if target.name in BRANCH_DECISIONS:
        query = query.where(target.c.branch_id == branch_id)
    if "customer_id" in target.c:
        query = query.where(
            target.c.customer_id.in_(
                select(customers.c.id).where(customers.c.branch_id == branch_id)
            )
        )
    return query.order_by(*target.primary_key.columns)


def restore_parts() -> list[tuple[Table, str]]:
    """What a restore fetches, in foreign-key order: each table's branch part (``branch``) and
    head office's part (``head_office``)."""
    parts = []
    mine = {t.name for t in branch_tables()}
    for target in Base.metadata.sorted_tables:
        if target.name in mine:
            parts.append((target, "branch"))
        if owner_of(target.name) not in (LOCAL, BRANCH):
            parts.append((target, "head_office"))
    return parts


def digest(conn: Connection, branch_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Per branch table: the count of this branch's rows and SHA-256 over the sorted
    ``id:content hash`` lines (a differing field shows, not only a missing row)."""
    tables: dict[str, dict[str, Any]] = {}
    for target in branch_tables():
        keys = [c.name for c in target.primary_key.columns]
        lines = []
        for row in conn.execute(branch_rows(target, branch_id)):
            payload = to_payload(target.name, row)
            if target.name == "users":  # each side may suffix a clashing user name
                payload.pop("username", None)
            row_id = ":".join(str(payload[k]) for k in keys)
            lines.append(f"{row_id}:{content_hash(payload)}")
        lines.sort()
        hashed = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        tables[target.name] = {"count": len(lines), "hash": hashed}
    return tables


def count_rows(conn: Connection, query: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def is_branch_record(name: str) -> bool:
    return owner_of(name) is BRANCH or (owner_of(name) is PER_RECORD and name in _BRANCH_RECORDS)
