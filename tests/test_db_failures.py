"""Issue 10 §4: a SQLite file on a full disk or damaged gives a clear Chinese message, in the
services, at start-up and on the command line, and nothing is lost or half-written. (Locked and
read-only files: tests/test_migrations.py.)"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import OperationalError

from kehu_desktop.db import Database
from kehu_desktop.db import database_problem
from kehu_desktop.domain.errors import DatabaseProblem
from kehu_desktop.migrations import current_revision
from kehu_desktop.models import Customer
from kehu_desktop.services.admin import open_database
from tests.factories import Branch
from tests.factories import new_customer

KEHU = [sys.executable, "-m", "kehu_desktop.cli"]


def customers(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(Customer)).scalar_one())


def test_a_full_disk_refuses_the_save_and_keeps_what_was_there(sqlite_branch: Branch) -> None:
    db = sqlite_branch.db
    new_customer(sqlite_branch, "上海已有医药有限公司")
    before = customers(db)
    # The file may not grow by a page: what SQLite answers when the disk is full.
    db.engine.dispose()
    event.listen(
        db.engine,
        "connect",
        lambda c, _r: c.execute(
            f"PRAGMA max_page_count={c.execute('PRAGMA page_count').fetchone()[0]}"
        ),
    )
    with pytest.raises(DatabaseProblem) as info:
        for n in range(200):  # enough rows to need a new page
            new_customer(sqlite_branch, f"上海新开{n}号医药有限公司")
    assert info.value.code == "db.full"
    assert "磁盘已满" in info.value.message and str(db.sqlite_path) in info.value.message
    # The save that failed left nothing behind; the ones before it are whole.
    with db.read() as s:
        names = {name for (name,) in s.execute(select(Customer.name))}
    saved = {f"上海新开{i}号医药有限公司" for i in range(n)}
    assert f"上海新开{n}号医药有限公司" not in names
    assert saved <= names and customers(db) == before + len(saved)


def damage(path: Path) -> None:
    """Overwrite the file's header, as a failing disk or a half-copied file leaves it."""
    with path.open("r+b") as f:
        f.write(b"\x00garbage, not SQLite" * 5)


def test_a_damaged_file_says_so_and_points_to_the_backups(tmp_path: Path) -> None:
    path = tmp_path / "kehu.sqlite3"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    damage(path)
    broken = Database(f"sqlite:///{path}")
    with pytest.raises(DatabaseProblem) as info:
        current_revision(broken)
    assert info.value.code == "db.corrupt"
    assert "已损坏" in info.value.message and "备份" in info.value.message
    with pytest.raises(DatabaseProblem) as opened:  # what the desktop's start-up calls
        open_database(f"sqlite:///{path}")
    assert opened.value.code == "db.corrupt"
    with pytest.raises(DatabaseProblem):  # and any read after
        customers(broken)


def test_the_command_line_on_a_damaged_file_prints_the_message_not_a_traceback(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kehu.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    damage(path)
    done = subprocess.run(
        [*KEHU, "--database", f"sqlite:///{path}", "slip", "list", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "数据库文件已损坏" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_constraint_error_is_not_mistaken_for_a_database_problem() -> None:
    """Only the errors a user can act on become messages; a bug stays a bug."""
    unique = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert database_problem(unique, None) is None
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    problem = database_problem(full, Path("kehu.sqlite3"))
    assert problem is not None and problem.code == "db.full"
