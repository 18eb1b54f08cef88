"""`kehu user add|list|reset-password|roles|disable|enable|history`.

New passwords are typed at a prompt (twice) or given on standard input with --password-stdin,
never on the command line."""

from __future__ import annotations

import argparse

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import add_password_stdin_option
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import read_new_password
from kehu_desktop.cli.common import signed_in
from kehu_desktop.cli.common import user_command
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.services.admin import auth


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="用户管理 / users").add_subparsers(
        dest="user_cmd", required=True
    )
    roles_help = ", ".join(f"{r.value} ({ROLE_NAMES_ZH[r]})" for r in Role)
    add = user.add_parser("add", help="add a user (the password is asked for)")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True, help=roles_help)
    add.add_argument("--display-name")
    add_password_stdin_option(add)
    user_command(add, _add)
    lst = user.add_parser("list", help="list users")
    user_command(lst, _list, json=True)
    reset = user.add_parser("reset-password", help="set a new password and lift a lock-out")
    reset.add_argument("name")
    add_password_stdin_option(reset)
    user_command(reset, _reset)
    roles = user.add_parser("roles", help="set a user's roles (--none takes them all away)")
    roles.add_argument("name")
    group = roles.add_mutually_exclusive_group(required=True)
    group.add_argument("--role", action="append", help=roles_help)
    group.add_argument("--none", action="store_true", help="no role: the user can do nothing")
    user_command(roles, _roles)
    for name, active in (("disable", False), ("enable", True)):
        cmd = user.add_parser(name, help=f"{name} an account")
        cmd.add_argument("name")
        user_command(cmd, _set_active, active=active)
    history = user.add_parser("history", help="what happened to an account (roles, sign-ins)")
    history.add_argument("name")
    user_command(history, _history, json=True)


def _role_list(values: list[str] | None) -> list[str]:
    return [r for item in values or () for r in item.split(",") if r]


def _add(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    view = auth.add_user(
        db,
        who,
        args.name,
        read_new_password(args),
        _role_list(args.role),
        display_name=args.display_name,
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
    db, who = signed_in(args)
    auth.reset_password(db, who, args.name, read_new_password(args))
    return 0


def _roles(args: argparse.Namespace) -> int:
    db = database(args)
    roles = [] if args.none else _role_list(args.role)
    view = auth.set_roles(db, actor(args, db), args.name, roles)
    print(f"{view.username}: {', '.join(view.roles) or '—'}")
    return 0


def _set_active(args: argparse.Namespace) -> int:
    db = database(args)
    auth.set_active(db, actor(args, db), args.name, args.active)
    return 0


def _history(args: argparse.Namespace) -> int:
    db = database(args)
    events = auth.user_history(db, actor(args, db), args.name)
    if args.json:
        print_json(events)
        return 0
    for e in events:
        change = ""
        if e.before is not None or e.after is not None:
            change = f"\t{e.before or {}} → {e.after or {}}"
        detail = f"\t{e.detail}" if e.detail else ""
        print(f"{e.at.astimezone():%Y-%m-%d %H:%M:%S}\t{e.action}\t{e.by}{change}{detail}")
    return 0
