"""The branch registers with head office (issue 8): `kehu sync register URL CODE` against the
real service under uvicorn on PostgreSQL, from a SQLite branch database (branch SH); the secret
goes to a 0600 file in the config folder, never into the database; refusals are Chinese
catalogue messages and store nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.messages import render
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import OutboxOp
from tests.factories import Branch
from tests.factories import make_shop
from tests.hq_support import ROOT
from tests.hq_support import hq_json
from tests.hq_support import listed

pytestmark = pytest.mark.postgres


def kehu(
    branch: Branch, config: Path, *args: str, lang: str = "zh_CN"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEHU_CONFIG_DIR": str(config), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kehu_desktop.cli", "--database", branch.db.url, "--lang", lang]
        + list(args),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def status(branch: Branch, config: Path) -> Any:
    done = kehu(branch, config, "sync", "status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def database_dump(db: Database) -> str:
    """Every row of every table of the branch database, as text."""
    with db.engine.connect() as conn:
        names = [
            r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return "".join(str(conn.exec_driver_sql(f'SELECT * FROM "{n}"').all()) for n in names)


def test_register_then_status_and_the_secret_stays_out_of_the_database(
    sqlite_branch: Branch, hq_db: Database, service: str, tmp_path: Path
) -> None:
    make_shop(sqlite_branch)  # some outbox rows
    config = tmp_path / "config"
    before = status(sqlite_branch, config)
    assert before["registered"] is False and before["server_url"] is None
    code = hq_json(hq_db, "branch", "add", "SH", "上海分公司", "--region", "HD")[
        "registration_code"
    ]

    done = kehu(sqlite_branch, config, "sync", "register", service, code, "--json")
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert reply["registered"] is True and reply["branch_code"] == "SH"
    assert reply["server_url"] == service and "secret" not in reply

    with sqlite_branch.db.read() as s:
        outbox = s.scalar(select(func.count()).select_from(OutboxOp))
    assert outbox
    after = status(sqlite_branch, config)
    assert after == {
        "registered": True,
        "server_url": service,
        "branch_code": "SH",
        "last_push_at": None,
        "last_pull_at": None,
        "last_sync_at": None,
        "pending": outbox,  # nothing pushed yet: every outbox row is pending
        "last_error": None,
        "last_error_at": None,
        "rejections": 0,
    }
    assert listed(hq_db, "SH")["registered"] is True

    secret_file = config / "sync.secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = json.loads(secret_file.read_text(encoding="utf-8"))["secret"]
    assert len(secret) >= 43
    assert [p.name for p in config.iterdir()] == ["sync.secret"]  # no temporary left behind
    assert secret not in database_dump(sqlite_branch.db)
    # Audited with the OS user and host, naming the server and never the secret.
    with sqlite_branch.db.read() as s:
        record = s.scalars(select(AuditRecord).where(AuditRecord.action == "registration")).one()
    assert record.after == {"server": service, "branch_code": "SH"}
    assert record.origin and record.username == "system"

    # The code is spent: a second use is refused in Chinese, and the stored secret stays.
    again = kehu(sqlite_branch, config, "sync", "register", service, code)
    assert again.returncode == 2
    assert again.stderr.strip() == render("sync.code_used")
    assert "Traceback" not in again.stderr
    assert json.loads(secret_file.read_text(encoding="utf-8"))["secret"] == secret


def test_a_code_for_another_branch_is_refused_and_nothing_is_stored(
    sqlite_branch: Branch, hq_db: Database, service: str, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    code = hq_json(hq_db, "branch", "add", "HZ", "杭州分公司", "--region", "HD")[
        "registration_code"
    ]
    done = kehu(sqlite_branch, config, "sync", "register", service, code)
    assert done.returncode == 2
    assert "该注册码属于分支机构“HZ”" in done.stderr and "Traceback" not in done.stderr
    assert not config.exists()
    assert status(sqlite_branch, config)["registered"] is False
    # Refused before it was sent: the other branch's code is not spent.
    assert listed(hq_db, "HZ")["registered"] is False
    with sqlite_branch.db.read() as s:
        assert not s.scalars(select(AuditRecord).where(AuditRecord.action == "registration")).all()


def test_an_unreachable_or_wrong_server_is_a_message_not_a_traceback(
    sqlite_branch: Branch, hq_db: Database, service: str, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    from tests.hq_support import free_port  # a port nobody listens on

    nowhere = f"http://127.0.0.1:{free_port()}"
    down = kehu(sqlite_branch, config, "sync", "register", nowhere, "SH-AAAA")
    assert down.returncode == 2 and "无法连接总部服务器" in down.stderr
    english = kehu(sqlite_branch, config, "sync", "register", nowhere, "SH-AAAA", lang="en")
    assert "Cannot reach the head-office server" in english.stderr
    wrong_path = kehu(sqlite_branch, config, "sync", "register", f"{service}/nope", "SH-AAAA")
    assert wrong_path.returncode == 2 and "不是总部同步服务" in wrong_path.stderr
    unknown = kehu(sqlite_branch, config, "sync", "register", service, "SH-AAAA-BBBB")
    assert unknown.returncode == 2 and unknown.stderr.strip() == render("sync.code_unknown")
    for done in (down, english, wrong_path, unknown):
        assert "Traceback" not in done.stderr
    assert not config.exists()
