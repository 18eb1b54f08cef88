"""`kehu sync register|status`: the branch side of head-office sync (kehu_desktop.sync).

Imported only when a `kehu sync` command runs (kehu_desktop.cli.COMMANDS), so no other command
pays for httpx. `register` acts as the local administrator (the audit record names the OS user
and host) unless --user is given.
"""

from __future__ import annotations

import argparse

from kehu_desktop import sync
from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import user_command
from kehu_desktop.domain.messages import render
from kehu_desktop.sync import credentials


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("sync", help="总部同步 / head-office sync").add_subparsers(
        dest="sync_cmd", required=True
    )
    reg = cmd.add_parser("register", help="register this branch with head office (admin)")
    reg.add_argument("url", help="the head-office server, e.g. https://hq.example.com")
    reg.add_argument("code", help="the one-time registration code from `kehu-hq branch add`")
    user_command(reg, _register, json=True)
    st = cmd.add_parser("status", help="registration, last push and pull, pending, last error")
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=_status)


def _register(args: argparse.Namespace) -> int:
    db = database(args)
    stored = sync.register(db, actor(args, db), args.url, args.code)
    where = str(credentials.path())
    if args.json:  # never the secret
        print_json(
            {
                "registered": True,
                "server_url": stored.url,
                "branch_code": stored.branch_code,
                "credentials_file": where,
            }
        )
    else:
        print(render("sync.registered", url=stored.url, branch=stored.branch_code, path=where))
    return 0


def _status(args: argparse.Namespace) -> int:
    view = sync.status(database(args))
    if args.json:
        print_json(view)
        return 0
    for key, value in vars(view).items():
        print(f"{key}\t{'' if value is None else value}")
    return 0
