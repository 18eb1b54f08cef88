"""Backups that restore (issue 10 §3): the rotation, online backups while a release is on its
way, a restore into a fresh data folder compared table by table, and the files a restore must
refuse (damaged, not ours, from a newer program), the older one it migrates, and `kehu backup`.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from kehu_desktop import cli
from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.domain import backups as rules
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import BackupView
from kehu_desktop.migrations import alembic_config
from kehu_desktop.migrations import current_revision
from kehu_desktop.migrations import head_revision
from kehu_desktop.migrations import previous_revision
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchNote
from kehu_desktop.services.admin import backups
from kehu_desktop.services.admin import settings
from kehu_desktop.services.base import Actor
from tests.factories import Branch
from tests.factories import audits
from tests.factories import make_shop
from tests.factories import new_customer
from tests.factories import ready_note
from tests.factories import release

HEAD = head_revision()
TODAY = date(2026, 11, 26)  # the business clock of the tests (conftest `clock`)


# --- rotation (pure) -----------------------------------------------------------------------------


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 30)


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_12_months() -> None:
    first, last = date(2026, 1, 1), date(2026, 12, 3)  # 3 December 2026 is a Thursday
    taken = [at(first + timedelta(days=n)) for n in range((last - first).days + 1)]
    taken += [at(d.date(), 18) for d in taken[::3]]  # an exit backup every third day
    kept = rules.kept_backups(taken, daily=7, weekly=4, monthly=12)

    def newest(day: date) -> datetime:
        return max(t for t in taken if t.date() == day)

    days = [date(2026, 11, 27) + timedelta(days=n) for n in range(7)]  # 27 Nov - 3 Dec
    weeks = [date(2026, 11, 22), date(2026, 11, 15)]  # the Sundays ending weeks 47 and 46
    month_ends = [date(2026, m + 1, 1) - timedelta(days=1) for m in range(1, 11)]  # Jan-Oct
    expected = {newest(d) for d in days + weeks + month_ends}
    assert kept == expected
    assert len(kept) == 7 + 2 + 10  # week 49, week 48 (29 Nov), Dec, Nov (30th) are in the days


def test_periods_without_backups_do_not_count() -> None:
    taken = [at(date(2026, 3, 2)), at(date(2026, 6, 9)), at(date(2026, 6, 9), 17)]
    kept = rules.kept_backups(taken, daily=7, weekly=0, monthly=0)
    assert kept == {at(date(2026, 3, 2)), at(date(2026, 6, 9), 17)}  # a day's newest
    assert rules.kept_backups([], daily=1, weekly=0, monthly=0) == set()
    # The newest is kept whatever the numbers say.
    assert rules.kept_backups(taken, daily=0, weekly=0, monthly=0) == {at(date(2026, 6, 9), 17)}


def test_a_backups_name_carries_its_time_and_revision() -> None:
    when = datetime(2026, 12, 3, 9, 30, 12)
    assert rules.backup_name(when, "0016") == "kehu-20261203-093012-r0016.sqlite3"
    assert rules.backup_name(when, "0016", 2) == "kehu-20261203-093012-r0016-2.sqlite3"
    assert rules.parse_backup_name("kehu-20261203-093012-r0016-2.sqlite3") == (when, "0016", 2)
    # The copy taken before a migration, and anything else, is not a backup of the rotation.
    for other in ("kehu-20261203-093012.sqlite3", "kehu-20261303-093012-r0016.sqlite3", "x.db"):
        assert rules.parse_backup_name(other) is None


# --- helpers -------------------------------------------------------------------------------------


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a SQLite file, its rows sorted: what "the same records" means here. The
    audit of the backup and the restore themselves is left out (it is written after the copy)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for name in names:
            rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
            if name == "audit_records":
                columns = [c[1] for c in conn.execute('PRAGMA table_info("audit_records")')]
                action = columns.index("action")
                rows = [r for r in rows if not str(r[action]).startswith("backup_")]
            found[name] = sorted(rows, key=repr)
        return found
    finally:
        conn.close()


def path_of(db: Database) -> Path:
    assert db.sqlite_path is not None
    return db.sqlite_path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("kehu-*.sqlite3"))


# --- taking backups ------------------------------------------------------------------------------


def test_a_backup_is_taken_checked_listed_and_audited(sqlite_branch: Branch) -> None:
    db = sqlite_branch.db
    clerk = sqlite_branch.actor(Role.CLERK)
    view = backups.take_backup(db, clerk)
    folder = path_of(db).parent / "backups"
    assert Path(view.path).parent == folder
    assert view.name == f"kehu-20261126-100000-r{HEAD}.sqlite3"  # the business clock's time
    assert view.verified and view.size == Path(view.path).stat().st_size > 0
    assert backups.check_backup_file(Path(view.path)) == HEAD
    status = backups.backup_status(db, clerk)
    assert status.sqlite and status.folder == str(folder) and status.folder_is_default
    assert [b.name for b in status.backups] == [view.name]
    assert (status.keep_daily, status.keep_weekly, status.keep_monthly) == (7, 4, 12)
    [record] = audits(sqlite_branch, "backup_taken")
    assert record.username == clerk.username and record.after is not None
    assert record.after["file"] == view.path and record.after["reason"] == "manual"
    assert not list(folder.glob("*.partial"))


def test_the_folder_the_administrator_chose_and_the_rotation(
    sqlite_branch: Branch, tmp_path: Path, clock: FixedClock
) -> None:
    db, admin = sqlite_branch.db, sqlite_branch.actor(Role.ADMIN)
    usb = tmp_path / "usb" / "备份"
    settings.edit_setting(db, admin, "backup.folder", str(usb))
    with pytest.raises(KehuError) as missing:  # the disk is not plugged in: nothing written
        backups.take_backup(db, admin)
    assert missing.value.code == "backup.folder_missing" and "U盘" in missing.value.message
    assert not usb.exists() and not audits(sqlite_branch, "backup_taken")

    usb.mkdir(parents=True)
    settings.edit_setting(db, admin, "backup.keep_daily", "2")
    settings.edit_setting(db, admin, "backup.keep_weekly", "0")
    settings.edit_setting(db, admin, "backup.keep_monthly", "0")
    taken = []
    for _day in range(3):
        taken.append(backups.take_backup(db, admin).name)
        clock.advance(days=1)
    assert names(usb) == sorted(taken[1:])  # the oldest went
    assert audits(sqlite_branch, "backup_taken")[-1].after["removed"] == [taken[0]]  # type: ignore[index]


def test_a_folder_must_be_a_full_path(sqlite_branch: Branch) -> None:
    admin = sqlite_branch.actor(Role.ADMIN)
    with pytest.raises(ValidationFailed) as refused:
        settings.edit_setting(sqlite_branch.db, admin, "backup.folder", "备份")
    [error] = refused.value.for_field("backup.folder")
    assert error.message == "备份文件夹须为完整路径，例如 D:\\备份 或 /media/usb/备份"
    for good in ("D:\\备份", "\\\\server\\share\\kehu", "/media/usb", ""):
        settings.edit_setting(sqlite_branch.db, admin, "backup.folder", good)


def test_the_daily_backup_runs_once_a_day_as_the_system(
    sqlite_branch: Branch, clock: FixedClock
) -> None:
    db = sqlite_branch.db
    first = backups.daily_backup(db)
    assert first is not None
    assert backups.daily_backup(db) is None  # today's is there
    clock.advance(days=1)
    assert backups.daily_backup(db) is not None
    assert backups.exit_backup(db) is not None  # at exit: always
    reasons = [(r.username, r.after["reason"]) for r in audits(sqlite_branch, "backup_taken")]  # type: ignore[index]
    assert reasons == [("system", "daily"), ("system", "daily"), ("system", "exit")]


def test_a_backup_taken_while_a_release_is_on_its_way(
    sqlite_branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The release holds the write transaction (BEGIN IMMEDIATE) while the backup copies and
    checks the database: the copy waits for nothing and catches none of the release. (Only its
    audit record, written after the copy, waits for the release's commit.)"""
    shop = make_shop(sqlite_branch, limit="5000.00")
    note_id = ready_note(shop)
    folder = path_of(sqlite_branch.db).parent / "backups"
    inside, go_on = threading.Event(), threading.Event()

    def pause(_note: object) -> None:
        inside.set()
        assert go_on.wait(60), "the test never let the release go on"

    monkeypatch.setattr("kehu_desktop.services.dispatch.release._after_decision", pause)
    outcome: list[object] = []
    taken: list[object] = []
    system = Actor.system(sqlite_branch.branch_id)
    cashier = threading.Thread(target=lambda: outcome.append(release(shop, note_id)))
    backup = threading.Thread(target=lambda: taken.append(backups.take_backup(db, system)))
    db = sqlite_branch.db
    cashier.start()
    try:
        assert inside.wait(30)
        backup.start()
        # The backup's file is named once copied and checked: all of it while the release waits.
        deadline = threading.Event()
        for _ in range(600):
            if names(folder):
                break
            deadline.wait(0.05)
        assert names(folder), "no backup while the release held the database"
        assert cashier.is_alive()
    finally:
        go_on.set()
        cashier.join(60)
        backup.join(60)
    assert outcome and getattr(outcome[0], "released", None) is True
    [during] = taken
    assert isinstance(during, BackupView)

    def status(path: str) -> str:
        copy = Database(f"sqlite:///{path}")
        try:
            with copy.read() as s:
                return s.execute(
                    select(DispatchNote.status).where(DispatchNote.id == note_id)
                ).scalar_one()
        finally:
            copy.dispose()

    assert backups.check_backup_file(Path(during.path)) == HEAD
    assert status(during.path) != "released"  # the release had not committed
    after = backups.take_backup(db, system)  # (the rotation keeps a day's newest only)
    assert status(after.path) == "released"


# --- restoring -----------------------------------------------------------------------------------


def test_a_backup_restores_record_for_record_into_a_fresh_data_folder(
    sqlite_branch: Branch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    shop = make_shop(sqlite_branch, limit="5000.00")
    release(shop, ready_note(shop))
    source = path_of(sqlite_branch.db)
    before = tables(source)
    backup = backups.take_backup(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN))

    fresh = tmp_path / "new-pc"
    monkeypatch.setenv("KEHU_DATA_DIR", str(fresh))
    monkeypatch.delenv("KEHU_DATABASE_URL", raising=False)
    assert cli.main(["backup", "restore", backup.path, "--yes"]) == 0
    assert "已恢复" in capsys.readouterr().out
    restored = fresh / "kehu.sqlite3"
    after = tables(restored)
    assert sorted(after) == sorted(before) and len(before) > 30
    for name, rows in before.items():
        assert after[name] == rows, name
    assert sum(map(len, before.values())) > 100, "too few records to prove much"
    db = Database(f"sqlite:///{restored}")
    try:
        with db.read() as s:
            assert s.execute(select(Customer.name)).scalars().all()
        assert current_revision(db) == HEAD
    finally:
        db.dispose()
    files = [p for p in fresh.iterdir() if p.is_file()]  # (logs/ is a folder)
    assert files == [restored]  # nothing to keep aside on a new PC


def test_a_restore_in_place_keeps_the_replaced_database_aside(sqlite_branch: Branch) -> None:
    db, admin = sqlite_branch.db, sqlite_branch.actor(Role.ADMIN)
    backup = backups.take_backup(db, admin)
    late = new_customer(sqlite_branch, "上海后来医药有限公司")  # written after the backup
    with pytest.raises(Forbidden):
        backups.restore_backup(db, sqlite_branch.actor(Role.BRANCH_GM), Path(backup.path))

    result = backups.restore_backup(db, admin, Path(backup.path))
    assert (result.from_revision, result.to_revision) == (HEAD, HEAD)
    with db.read() as s:  # the same Database opens the restored file
        assert s.get(Customer, late) is None
    assert result.kept_aside is not None
    aside = Database(f"sqlite:///{result.kept_aside}")
    try:
        with aside.read() as s:
            assert s.get(Customer, late) is not None  # nothing lost: it is in the file aside
    finally:
        aside.dispose()
    [record] = audits(sqlite_branch, "backup_restored")
    assert record.username == admin.username and record.after is not None
    assert record.after["file"] == backup.path


def damage(backup: Path, tmp_path: Path) -> list[Path]:
    """A half file, random bytes named like a backup, a page of zeros in the middle."""
    half = tmp_path / "half.sqlite3"
    half.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    noise = tmp_path / "kehu-20261120-093000-r0016.sqlite3"
    noise.write_bytes(bytes(range(256)) * 64)
    holed = tmp_path / "holed.sqlite3"
    data = bytearray(backup.read_bytes())
    page = 4096
    middle = len(data) // page // 2 * page
    data[middle : middle + page * 4] = b"\x00" * page * 4
    holed.write_bytes(bytes(data))
    return [half, noise, holed]


def test_a_damaged_backup_is_refused_and_nothing_changes(
    sqlite_branch: Branch, tmp_path: Path
) -> None:
    db, admin = sqlite_branch.db, sqlite_branch.actor(Role.ADMIN)
    backup = Path(backups.take_backup(db, admin).path)
    current = path_of(db)
    before = tables(current)
    for bad in damage(backup, tmp_path):
        with pytest.raises(ValidationFailed) as refused:
            backups.restore_backup(db, admin, bad)
        [error] = refused.value.for_field("file")
        assert error.code == "backup.corrupt", bad.name
        assert error.message.startswith("备份文件已损坏或不是数据库文件，不能恢复：")
    with pytest.raises(ValidationFailed) as missing:
        backups.restore_backup(db, admin, tmp_path / "nowhere.sqlite3")
    assert missing.value.for_field("file")[0].code == "backup.not_found"
    assert tables(current) == before
    leftovers = [p.name for p in current.parent.iterdir() if "restor" in p.name]
    assert leftovers == []  # no copy made, nothing moved aside


def test_a_file_that_is_not_ours_and_one_from_a_newer_program(
    sqlite_branch: Branch, tmp_path: Path
) -> None:
    db, admin = sqlite_branch.db, sqlite_branch.actor(Role.ADMIN)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ValidationFailed) as refused:
        backups.restore_backup(db, admin, other)
    assert refused.value.for_field("file")[0].code == "backup.not_kehu"

    newer = tmp_path / "newer.sqlite3"
    shutil.copy(backups.take_backup(db, admin).path, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(ValidationFailed) as refused:
        backups.restore_backup(db, admin, newer)
    [error] = refused.value.for_field("file")
    assert error.code == "backup.newer"
    assert error.message == (
        f"该备份由更新版本的程序创建（数据库版本0099，本程序为{HEAD}），请先升级本程序再恢复"
    )
    assert not audits(sqlite_branch, "backup_restored")


def test_a_backup_from_an_older_program_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = previous_revision()
    assert older is not None
    old_file = tmp_path / f"kehu-20250601-093000-r{older}.sqlite3"
    old_db = Database(f"sqlite:///{old_file}")
    cfg = alembic_config()
    with old_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, older)
    old_db.dispose()
    with sqlite3.connect(old_file) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")

    target = tmp_path / "pc" / "kehu.sqlite3"
    target.parent.mkdir()
    db = Database(f"sqlite:///{target}")
    try:
        result = backups.restore_backup(db, Actor.system(), old_file)
        assert (result.from_revision, result.to_revision) == (older, HEAD)
        assert current_revision(db) == HEAD
        assert backups.check_backup_file(old_file) == older  # the backup itself untouched
    finally:
        db.dispose()
    assert sorted(p.name for p in target.parent.iterdir()) == ["kehu.sqlite3"]


@pytest.mark.postgres
def test_on_postgresql_backups_are_the_servers_job(hq_db: Database) -> None:
    system = Actor.system()
    status = backups.backup_status(hq_db, system)
    assert not status.sqlite and status.backups == ()
    assert status.pg_dump is not None and status.pg_dump.startswith("pg_dump --format=custom")
    assert "password" not in status.pg_dump.lower() and ":" not in status.pg_dump.split()[-1]
    with pytest.raises(KehuError) as refused:
        backups.take_backup(hq_db, system)
    assert refused.value.code == "backup.postgres"
    assert "由数据库服务器负责备份" in refused.value.message and "pg_dump" in refused.value.message
    assert backups.daily_backup(hq_db) is None and backups.exit_backup(hq_db) is None


# --- the command line ----------------------------------------------------------------------------


def test_kehu_backup_now_list_and_restore(
    sqlite_branch: Branch, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_branch.db.url
    assert cli.main(["--database", url, "backup", "now"]) == 0
    made = capsys.readouterr().out.split("\t")[0]
    assert Path(made).is_file()
    assert cli.main(["--database", url, "backup", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["path"] for b in listed["backups"]] == [made]
    assert cli.main(["--database", url, "backup", "list"]) == 0
    assert "备份文件夹：" in capsys.readouterr().out

    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))  # nobody to answer
    assert cli.main(["--database", url, "backup", "restore", made]) == 2
    assert "未恢复" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("yes\n"))
    assert cli.main(["--database", url, "backup", "restore", made]) == 0
    out = capsys.readouterr().out
    assert "已恢复" in out and "原数据库另存为" in out
    bad = Path(made).with_name("bad.sqlite3")
    bad.write_bytes(b"not a database" * 100)
    assert cli.main(["--database", url, "backup", "restore", str(bad), "--yes"]) == 2
    assert "file: 备份文件已损坏" in capsys.readouterr().err
