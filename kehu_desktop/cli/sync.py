"""`kehu sync register|status|now|verify`: the branch side of head-office sync (kehu_desktop.sync).

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
    now = cmd.add_parser("now", help="push the outbox and pull head office's changes now")
    now.add_argument("--json", action="store_true")
    now.set_defaults(handler=_now)
    res = cmd.add_parser(
        "restore", help="restore this branch from head office into an empty data folder"
    )
    res.add_argument("url", help="the head-office server")
    res.add_argument(
        "code", nargs="?", help="a new registration code (not needed to resume a restore)"
    )
    res.add_argument("--json", action="store_true")
    res.set_defaults(handler=_restore)
    ver = cmd.add_parser(
        "verify", help="compare head office's digest of this branch with the local records"
    )
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(handler=_verify)


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


def _now(args: argparse.Namespace) -> int:
    report = sync.now(database(args))
    if args.json:
        print_json(report)
    else:
        print(render("sync.done", **vars(report)))
    return 0


def _verify(args: argparse.Namespace) -> int:
    result = sync.verify(database(args))
    if args.json:
        print_json(result)
    else:
        for name, table in result["tables"].items():
            ours, theirs = table["local"] or {}, table["head_office"] or {}
            mark = "=" if table["equal"] else "≠"
            print(f"{mark} {name}\t{ours.get('count', '-')}\t{theirs.get('count', '-')}")
        print(render("sync.verified_equal" if result["equal"] else "sync.verified_different"))
    return 0 if result["equal"] else 1


def _restore(args: argparse.Namespace) -> int:
    report = sync.restore(database(args), args.url, args.code)
    if args.json:
        print_json(report)
    else:
        print(
            render(
                "sync.restored",
                branch=report.branch_code,
                records=sum(report.records.values()),
                numbers="、".join(report.last_numbers.values()) or "-",
                users="、".join(report.users_without_password) or "-",
            )
        )
    return 0
