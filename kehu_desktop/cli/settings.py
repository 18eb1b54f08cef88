"""`kehu settings list|set`: the business settings (services.settings): who owns each, its value,
and a change where this database owns it (audited)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import user_command
from kehu_desktop.services.admin import settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("settings", help="设置 / business settings").add_subparsers(
        dest="settings_cmd", required=True
    )
    lst = cmd.add_parser("list", help="every setting: owner, value, whether it can change here")
    user_command(lst, _list, json=True)
    put = cmd.add_parser("set", help="change a setting this database owns")
    put.add_argument("key")
    put.add_argument("value", help="a number, an amount, or JSON (a list of remittance levels)")
    user_command(put, _set)


def _list(args: argparse.Namespace) -> int:
    db = database(args)
    views = settings.list_settings(db, actor(args, db))
    if args.json:
        print_json(views)
        return 0
    for v in views:
        owner = "总部" if v.owner is settings.Owner.HEAD_OFFICE else "分支机构"
        here = "" if v.editable_here else "\t(不能在此修改)"
        print(f"{v.key}\t{v.label}\t{owner}\t{json.dumps(v.value, ensure_ascii=False)}{here}")
    return 0


def _value(text: str) -> Any:
    """JSON when it is (a list of levels), else the text as typed: the service checks it."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            return text
    return text


def _set(args: argparse.Namespace) -> int:
    db = database(args)
    view = settings.edit_setting(db, actor(args, db), args.key, _value(args.value))
    print(f"{view.key}\t{view.label}\t{json.dumps(view.value, ensure_ascii=False)}")
    return 0
