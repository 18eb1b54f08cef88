"""`kehu user add|list|reset-password|roles`."""

from __future__ import annotations

import argparse
import getpass
import os

from kehu_desktop.cli.common import actor, add_user_option, database, print_json
from kehu_desktop.domain.roles import ROLE_NAMES_ZH, Role
from kehu_desktop.services import auth


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="用户管理 / users").add_subparsers(
        dest="user_cmd", required=True
    )
    roles_help = ", ".join(f"{r.value} ({ROLE_NAMES_ZH[r]})" for r in Role)
    add = user.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True, help=roles_help)
    add.add_argument("--display-name")
    add.add_argument("--password", help="default: KEHU_NEW_PASSWORD or asked")
    add_user_option(add)
    add.set_defaults(handler=_add)
    lst = user.add_parser("list", help="list users")
    lst.add_argument("--json", action="store_true")
    add_user_option(lst)
    lst.set_defaults(handler=_list)
    reset = user.add_parser("reset-password", help="set a new password and lift a lock-out")
    reset.add_argument("name")
    reset.add_argument("--password")
    add_user_option(reset)
    reset.set_defaults(handler=_reset)


def _new_password(args: argparse.Namespace) -> str:
    return args.password or os.environ.get("KEHU_NEW_PASSWORD") or getpass.getpass("新密码: ")


def _add(args: argparse.Namespace) -> int:
    db = database(args)
    roles = [r for item in args.role for r in item.split(",") if r]
    view = auth.add_user(
        db, actor(args, db), args.name, _new_password(args), roles, display_name=args.display_name
    )
    print(f"{view.username}: {', '.join(view.roles)}")
    return 0


def _list(args: argparse.Namespace) -> int:
    db = database(args)
    users = auth.list_users(db, actor(args, db))
    if args.json:
        print_json(users)
    else:
        for u in users:
            state = "" if u.active else " (停用)"
            print(f"{u.username}\t{u.display_name}\t{','.join(u.roles)}{state}")
    return 0


def _reset(args: argparse.Namespace) -> int:
    db = database(args)
    auth.reset_password(db, actor(args, db), args.name, _new_password(args))
    return 0
