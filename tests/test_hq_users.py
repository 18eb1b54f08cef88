"""Head office's own users (issue 8, head-office mode): ``kehu-hq user add`` run as a person runs
it (a subprocess, the password on standard input, never on the command line), on a real
PostgreSQL head-office database; the users then sign in with no branch, the regional ones in
their region."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Region
from kehu_desktop.models import User
from kehu_desktop.services.admin import auth
from tests.hq_support import ROOT
from tests.hq_support import hq_json

pytestmark = pytest.mark.postgres

PASSWORD = "zongbu-2026"


def user_add(
    db: Database, *args: str, stdin: str = PASSWORD + "\n"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kehu_hq", "user", "add", *args],
        cwd=ROOT,
        env={**os.environ, "KEHU_HQ_DATABASE_URL": db.url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_head_office_and_regional_users_are_added_and_sign_in(hq_db: Database) -> None:
    hq_json(hq_db, "branch", "add", "SH", "上海分公司", "--region", "HD")
    head = user_add(hq_db, "zhang", "--role", "marketing_head", "--name", "张部长", "--json")
    assert head.returncode == 0, head.stderr
    assert PASSWORD not in head.stdout + head.stderr
    regional = user_add(
        hq_db, "li", "--role", "regional_manager", "--role", "marketing_director", "--region", "hd"
    )
    assert regional.returncode == 0, regional.stderr
    admin = user_add(hq_db, "root", "--role", "admin", "--password-stdin")
    assert admin.returncode == 0, admin.stderr

    zhang = auth.sign_in(hq_db, "zhang", PASSWORD)
    assert zhang.branch_id is None and zhang.region_id is None
    assert zhang.roles == {Role.MARKETING_HEAD} and zhang.display_name == "张部长"
    li = auth.sign_in(hq_db, "li", PASSWORD)
    with hq_db.read() as s:
        hd = s.execute(select(Region.id).where(Region.code == "HD")).scalar_one()
        stored = s.execute(select(User.password_hash).where(User.username == "li")).scalar_one()
        trail = (
            s.execute(
                select(AuditRecord)
                .where(AuditRecord.action == "user_added")
                .order_by(AuditRecord.at)
            )
            .scalars()
            .all()
        )
    assert li.branch_id is None and li.region_id == hd
    assert li.roles == {Role.REGIONAL_MANAGER, Role.MARKETING_DIRECTOR}
    assert stored.startswith("$argon2id$")  # through the user service, never stored as typed
    # Audited like any account made by an administrator: who ran the command, the roles given.
    assert [r.after["username"] for r in trail] == ["zhang", "li", "root"]
    assert all(r.username == "system" and r.origin for r in trail)
    assert trail[1].after["region_id"] == str(hd)
    assert auth.sign_in(hq_db, "root", PASSWORD).roles == {Role.ADMIN}
    listed = {u["username"]: u for u in hq_json(hq_db, "user", "list", "--json")}
    assert set(listed) == {"zhang", "li", "root"}  # no branch's users
    assert listed["li"]["roles"] == ["marketing_director", "regional_manager"]
    assert listed["zhang"]["display_name"] == "张部长" and listed["zhang"]["active"] is True


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("--role", "cashier"), PASSWORD, "属于分支机构"),  # a branch role has no place here
        (("--role", "regional_manager"), PASSWORD, "请指定大区"),
        (("--role", "regional_manager", "--region", "XX"), PASSWORD, "大区“XX”不存在"),
        (("--role", "finance", "--region", "HD"), PASSWORD, "总部用户不指定大区"),
        (("--role", "admin", "--role", "finance"), PASSWORD, "系统管理员"),
        (("--role", "finance"), "short", "至少"),
        (("--role", "finance"), "", "no password"),
    ],
)
def test_what_head_office_refuses(
    hq_db: Database, args: tuple[str, ...], stdin: str, message: str
) -> None:
    hq_json(hq_db, "branch", "add", "SH", "上海分公司", "--region", "HD")
    done = user_add(hq_db, "wang", *args, stdin=stdin + "\n" if stdin else "")
    assert done.returncode != 0
    assert message in done.stderr, done.stderr
    with hq_db.read() as s:
        assert s.execute(select(User.id).where(User.username == "wang")).first() is None


def test_the_password_is_never_an_argument(hq_db: Database) -> None:
    done = user_add(hq_db, "wang", "--role", "finance", "--password", PASSWORD)
    assert done.returncode == 2 and "unrecognized arguments" in done.stderr


def test_only_a_head_office_database_makes_them(db: Database) -> None:
    """A branch's (or any unmarked) database refuses: its users come from its own administrator."""
    if db.is_sqlite:
        pytest.skip("kehu-hq runs on PostgreSQL")
    done = user_add(db, "wang", "--role", "finance")
    assert done.returncode == 1 and "只有总部的数据库" in done.stderr
