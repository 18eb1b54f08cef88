"""``kehu-hq``: the head-office service's command line.

The database URL comes from ``KEHU_HQ_DATABASE_URL`` (a PostgreSQL URL such as
``postgresql+psycopg://kehu:…@db/kehu_hq``). ``serve`` needs the ``hq`` extra (FastAPI and
uvicorn); the other commands need only the core.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import timedelta

from kehu_desktop import __version__
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_hq import exchange
from kehu_hq import registry
from kehu_hq.registry import RegistryError

ENV_URL = "KEHU_HQ_DATABASE_URL"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehu-hq", description="kehu head-office service")
    parser.add_argument("--version", action="version", version=f"kehu-hq {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="the head-office database").add_subparsers(
        dest="action", required=True
    )
    db.add_parser("upgrade", help=f"create or upgrade the schema (URL from {ENV_URL})")

    serve = commands.add_parser("serve", help="run the service (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)

    branch = commands.add_parser("branch", help="the branches head office serves")
    actions = branch.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a branch (if missing) and print a one-time code")
    add.add_argument("code")
    add.add_argument("name")
    add.add_argument("--region", required=True, help="the region's code (made if missing)")
    add.add_argument(
        "--valid-days",
        type=int,
        default=registry.CODE_VALID.days,
        help="days the registration code stays valid (default %(default)s)",
    )
    add.add_argument("--json", action="store_true")
    revoke = actions.add_parser("revoke", help="end a branch's secret (its requests get 401)")
    revoke.add_argument("code")
    listing = actions.add_parser("list", help="every branch's registration and sync state")
    listing.add_argument("--json", action="store_true")

    log = commands.add_parser("log", help="head office's change log (what branches pull)")
    log_actions = log.add_subparsers(dest="action", required=True)
    prune = log_actions.add_parser(
        "prune",
        help="delete entries older than --days (a branch whose cursor is older re-seeds)",
    )
    prune.add_argument("--days", type=int, default=90, help="entries kept (default %(default)s)")
    prune.add_argument("--json", action="store_true")

    user = commands.add_parser("user", help="head office's own users (no branch)")
    user_actions = user.add_subparsers(dest="action", required=True)
    user_add = user_actions.add_parser(
        "add",
        help="add a head-office or regional user; the password is asked for (twice) or read "
        "from standard input, never taken from the command line",
    )
    user_add.add_argument("username")
    user_add.add_argument(
        "--role",
        dest="roles",
        action="append",
        required=True,
        help="marketing_head, finance, marketing_director, regional_manager or admin (repeatable)",
    )
    user_add.add_argument(
        "--region", help="the region's code (marketing director, regional manager)"
    )
    user_add.add_argument("--name", help="the name shown in the program (default: the user name)")
    user_add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input instead of asking",
    )
    user_add.add_argument("--json", action="store_true")
    user_list = user_actions.add_parser("list", help="head office's and the regions' users")
    user_list.add_argument("--json", action="store_true")
    return parser


def _database() -> Database:
    url = os.environ.get(ENV_URL)
    if not url:
        raise SystemExit(f"kehu-hq: set {ENV_URL} to the head-office database URL")
    return Database(url)


def _serve(host: str, port: int) -> int:
    try:
        import uvicorn  # lazy: the `hq` extra; the other commands run without it
    except ImportError:
        print("kehu-hq serve needs the hq extra: pip install 'kehu-desktop[hq]'", file=sys.stderr)
        return 2
    from kehu_hq.app import create_app  # lazy: imports FastAPI, part of the same extra

    url = os.environ.get(ENV_URL)
    if not url:
        raise SystemExit(f"kehu-hq: set {ENV_URL} to the head-office database URL")
    uvicorn.run(create_app(url), host=host, port=port)
    return 0


def _branch(args: argparse.Namespace, db: Database) -> int:
    if args.action == "add":
        issued = registry.add_branch(
            db, args.code, args.name, args.region, valid=timedelta(days=args.valid_days)
        )
        if args.json:
            print(
                json.dumps(
                    {
                        "branch_code": issued.branch_code,
                        "name": issued.branch_name,
                        "region": issued.region,
                        "created": issued.created,
                        "registration_code": issued.code,
                        "expires_at": issued.expires_at.isoformat(),
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(f"{issued.branch_code} {issued.branch_name} ({issued.region})")
            print(f"registration code: {issued.code}")
            print(f"valid until: {issued.expires_at.isoformat()} (one use)")
        return 0
    if args.action == "revoke":
        registry.revoke_branch(db, args.code)
        print(f"revoked: {args.code.upper()}")
        return 0
    branches = registry.list_branches(db)
    if args.json:
        print(json.dumps(branches, ensure_ascii=False, indent=2))
    else:
        for b in branches:
            error = b["last_error"]["code"] if b["last_error"] else "-"
            state = "registered" if b["registered"] else "not registered"
            print(f"{b['code']:<10} {b['name']:<20} {b['region']:<8} {state:<15} error: {error}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """The new user's password: a line of standard input (``--password-stdin``, or whenever
    standard input is not a terminal), else typed twice at a prompt. Never an argument: the
    command line is visible to every user of the machine and kept in shell histories."""
    if args.password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise SystemExit("kehu-hq: no password on standard input")
        return password
    password = getpass.getpass("password: ")
    if password != getpass.getpass("again: "):
        raise SystemExit("kehu-hq: the two passwords differ")
    return password


def _user(args: argparse.Namespace, db: Database) -> int:
    # lazy: argon2 and the user services only for this command
    from kehu_desktop.services.admin import auth
    from kehu_desktop.services.base import Actor

    if args.action == "list":
        return _user_list(args, db)
    password = _read_password(args)
    view = auth.add_head_office_user(
        db,
        Actor.system(),  # whoever runs kehu-hq on the server: audited with OS user and host
        args.username,
        password,
        args.roles,
        region_code=args.region,
        display_name=args.name,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "username": view.username,
                    "display_name": view.display_name,
                    "roles": [str(r) for r in view.roles],
                    "region": args.region.upper() if args.region else None,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"added: {view.username} ({', '.join(view.roles)})")
    return 0


def _user_list(args: argparse.Namespace, db: Database) -> int:
    """Users of no branch (head office's and the regions'): the branches' own users are listed
    at their branch."""
    from kehu_desktop.services.admin import auth  # lazy: as for user add
    from kehu_desktop.services.base import Actor

    users = [u for u in auth.list_users(db, Actor.system()) if u.branch_id is None]
    if args.json:
        listed = [
            {
                "username": u.username,
                "display_name": u.display_name,
                "roles": sorted(str(r) for r in u.roles),
                "active": u.active,
            }
            for u in users
        ]
        print(json.dumps(listed, ensure_ascii=False))
        return 0
    for u in users:
        state = "" if u.active else "\t(disabled)"
        print(f"{u.username}\t{u.display_name}\t{', '.join(sorted(u.roles))}{state}")
    return 0


def _prune(args: argparse.Namespace, db: Database) -> int:
    if args.days < 1:
        print("kehu-hq: --days must be at least 1", file=sys.stderr)
        return 2
    pruned = exchange.prune_log(db, timedelta(days=args.days))
    if args.json:
        print(json.dumps({"pruned": pruned, "kept_days": args.days}))
    else:
        print(f"change log: {pruned} entries older than {args.days} days deleted")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args.host, args.port)
    db = _database()
    try:
        if args.command == "db":
            from kehu_desktop.migrations import migrate  # lazy: Alembic costs start-up time

            result = migrate(db)
            registry.mark_head_office(db)
            print(f"schema: {result.from_revision or 'empty'} -> {result.to_revision}")
            return 0
        if args.command == "user":
            return _user(args, db)
        if args.command == "log":
            return _prune(args, db)
        return _branch(args, db)
    except RegistryError as error:
        print(f"kehu-hq: {error.message}", file=sys.stderr)
        return 1
    except KehuError as error:
        print(f"kehu-hq: {error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
