"""A branch and head office that sync, for the push/pull tests and the fault tests: the branch
database registered (in-process) against the real service under uvicorn on PostgreSQL, and a
record-by-record comparison of what head office holds of the branch with the branch itself."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from kehu_desktop import sync
from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.migrations import migrate
from kehu_desktop.sync import scope
from kehu_desktop.sync import wire
from tests.factories import Branch
from tests.factories import make_branch
from tests.factories import new_customer
from tests.hq_support import hq_json


def register(
    branch: Branch, hq_db: Database, url: str, monkeypatch: pytest.MonkeyPatch, config: Path
) -> None:
    """Add the branch at head office and register it, with its secret in ``config``."""
    monkeypatch.setenv("KEHU_CONFIG_DIR", str(config))
    code = hq_json(hq_db, "branch", "add", "SH", "上海分公司", "--region", "HD")[
        "registration_code"
    ]
    sync.register(branch.db, branch.actor(Role.ADMIN), url, code)


def second_branch(
    hq_db: Database, url: str, folder: Path, like: Branch, monkeypatch: pytest.MonkeyPatch
) -> tuple[Branch, Path]:
    """HZ (杭州分公司) beside ``like``: its own SQLite database in ``folder`` on ``like``'s
    clock, one customer, registered with head office at ``url``; with its config folder (the
    secret's, now set in KEHU_CONFIG_DIR). The caller disposes of its database."""
    other = Database(f"sqlite:///{folder / 'hz.sqlite3'}", clock=like.db.clock)
    migrate(other)
    hz = make_branch(other, "HZ", "杭州分公司")
    new_customer(hz, "杭州胡庆余堂药号")
    config = folder / "hz-config"
    monkeypatch.setenv("KEHU_CONFIG_DIR", str(config))
    code = hq_json(hq_db, "branch", "add", "HZ", "杭州分公司", "--region", "HD")
    sync.register(hz.db, hz.actor(Role.ADMIN), url, code["registration_code"])
    return hz, config


def records(db: Database, branch_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Every branch record of ``branch_id`` in ``db``, per table, by primary key."""
    found: dict[str, dict[str, Any]] = {}
    with db.read() as s:
        conn = s.connection()
        for target in scope.branch_tables():
            keys = [c.name for c in target.primary_key.columns]
            rows = {}
            for row in conn.execute(scope.branch_rows(target, branch_id)):
                payload = wire.to_payload(target.name, row)
                if target.name == "users":
                    payload.pop("username", None)
                rows[":".join(str(payload[k]) for k in keys)] = payload
            found[target.name] = rows
    return found


def assert_same(branch: Branch, hq_db: Database) -> None:
    """Head office holds exactly the branch's records, field by field, and verify agrees."""
    ours, theirs = records(branch.db, branch.branch_id), records(hq_db, branch.branch_id)
    for name in ours:
        assert ours[name] == theirs[name], name
    assert sync.verify(branch.db)["equal"] is True
