"""`kehu backup now|list|restore FILE`: backups of the SQLite database (services.admin.backups):
take one now, list those in the backup folder, restore one (checked, migrated if older, swapped
in; the replaced database kept aside). On PostgreSQL each says that backups are the server's job
and prints the pg_dump line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehu_desktop import config
from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import signed_in
from kehu_desktop.cli.common import user_command
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.messages import render
from kehu_desktop.services.admin import backups
from kehu_desktop.services.base import Actor


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("backup", help="备份与恢复 / backups of the database").add_subparsers(
        dest="backup_cmd", required=True
    )
    now = cmd.add_parser("now", help="back the database up now (checked, rotated)")
    user_command(now, _now)
    lst = cmd.add_parser("list", help="the backup folder and the backups in it")
    user_command(lst, _list, json=True)
    restore = cmd.add_parser(
        "restore", help="replace the database with a backup (the current one is kept aside)"
    )
    restore.add_argument("file", type=Path)
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    user_command(restore, _restore)


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} KB"


def _now(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    view = backups.take_backup(db, who)
    print(f"{view.path}\t{_size(view.size)}\t{view.revision}")
    return 0


def _list(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    status = backups.backup_status(db, who)
    if args.json:
        print_json(status)
        return 0
    if not status.sqlite:
        print(render("backup.postgres", command=status.pg_dump))
        return 0
    print(f"备份文件夹：{status.folder}" + ("（默认）" if status.folder_is_default else ""))
    print(
        f"保留：每日{status.keep_daily}份，每周{status.keep_weekly}份，每月{status.keep_monthly}份"
    )
    for b in status.backups:
        print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}\t{_size(b.size)}\t{b.revision}\t{b.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    # Not open_database: the database replaced may be damaged, or newer, or not there at all.
    db = Database(args.database or config.database_url())
    try:
        who = actor(args, db) if getattr(args, "user", None) else Actor.system()
        if not args.yes:
            print(f"将用 {args.file} 替换当前数据库（当前数据库会另存一份）。", file=sys.stderr)
            try:
                answer = input("输入 yes 确认：")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise KehuError("backup.not_confirmed")
        result = backups.restore_backup(db, who, args.file)
    finally:
        db.dispose()
    print(f"已恢复：{result.source}（版本{result.from_revision} → {result.to_revision}）")
    if result.kept_aside:
        print(f"原数据库另存为：{result.kept_aside}")
    return 0
