"""A branch PC whose disk died restores from head office (issue 8): `kehu sync restore` into an
empty data folder gets back every record of the branch, field by field; a restore cut off half
way resumes where it stopped; numbering continues after the last number head office holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kehu_desktop import sync
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.migrations import migrate
from kehu_desktop.models import Counter
from tests.factories import Branch
from tests.factories import make_products
from tests.factories import make_shop
from tests.hq_support import ROOT
from tests.hq_support import hq_json
from tests.sync_support import records
from tests.sync_support import register

pytestmark = pytest.mark.postgres


def new_code(hq_db: Database) -> str:
    return str(
        hq_json(hq_db, "branch", "add", "SH", "上海分公司", "--region", "HD")["registration_code"]
    )


def empty_database(path: Path) -> Database:
    db = Database(f"sqlite:///{path}")
    migrate(db)
    return db


def test_restore_into_an_empty_folder_gets_the_branch_back_and_resumes(
    sqlite_branch: Branch,
    hq_db: Database,
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_shop(sqlite_branch)
    make_products(sqlite_branch)
    register(sqlite_branch, hq_db, service, monkeypatch, tmp_path / "old-pc")
    sync.now(sqlite_branch.db)
    expected = records(hq_db, sqlite_branch.branch_id)

    # The disk died: a new PC, an empty data folder, a new code from head office.
    monkeypatch.setenv("KEHU_CONFIG_DIR", str(tmp_path / "new-pc"))
    fresh = empty_database(tmp_path / "new.sqlite3")
    code = new_code(hq_db)

    # The network drops after the first pages of records: the restore stops with a message.
    real = httpx.Client.get
    calls = {"records": 0}

    def flaky(self: httpx.Client, url: str, **kwargs: object) -> httpx.Response:
        if url == "/v1/records":
            calls["records"] += 1
            if calls["records"] == 4:
                raise httpx.ConnectError("cable pulled")
        return real(self, url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.Client, "get", flaky)
    with pytest.raises(KehuError) as cut:
        sync.restore(fresh, service, code)
    assert cut.value.code == "sync.unreachable"
    monkeypatch.setattr(httpx.Client, "get", real)

    # Run again without a code (spent): it resumes from the stored position.
    report = sync.restore(fresh, service, None)
    assert report.branch_code == "SH"
    assert records(fresh, sqlite_branch.branch_id) == expected
    assert sync.verify(fresh)["equal"] is True
    assert "admin" in report.users_without_password
    # Numbering continues after the highest number restored, the outbox after the acked seq.
    assert report.last_numbers
    with fresh.read() as s:
        counters = {(c.kind, c.year): c.next_value for c in s.scalars(select(Counter))}
    for number in report.last_numbers.values():
        _code, kind, year, seq = number.split("-")
        assert counters[(kind, int(year))] == int(seq) + 1
    assert counters[("outbox", 0)] == report.acked_seq + 1
    # A branch database that holds a branch is never restored over.
    with pytest.raises(Conflict):
        sync.restore(sqlite_branch.db, service, new_code(hq_db))
    # Later work syncs as usual.
    assert sync.now(fresh).pending == 0


def test_the_restore_command_speaks_chinese(
    sqlite_branch: Branch,
    hq_db: Database,
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_shop(sqlite_branch)
    register(sqlite_branch, hq_db, service, monkeypatch, tmp_path / "old-pc")
    sync.now(sqlite_branch.db)
    code = new_code(hq_db)
    env = {**os.environ, "KEHU_CONFIG_DIR": str(tmp_path / "new-pc"), "PYTHONPATH": str(ROOT)}
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kehu_desktop.cli",
            "--database",
            url,
            "--lang",
            "zh_CN",
            "sync",
            "restore",
            service,
            code,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "已从总部恢复分支机构“SH”" in done.stdout and "admin" in done.stdout
    again = subprocess.run(
        [sys.executable, "-m", "kehu_desktop.cli", "--database", url, "sync", "verify", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["equal"] is True
