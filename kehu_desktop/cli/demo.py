"""`kehu demo`: create the demo branch in an empty database and print how to sign in."""

from __future__ import annotations

import argparse
import time
import unicodedata

from kehu_desktop.demo import DEMO_SETUP
from kehu_desktop.demo import DEMO_USERS
from kehu_desktop.demo import create_demo
from kehu_desktop.demo import demo_credentials
from kehu_desktop.domain.customer import STATUSES
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.services.admin import open_database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser(
        "demo",
        help="演示数据 / create a demo branch in an empty database",
        description="Creates 上海分公司 with a user for every role and realistic customers in "
        "every workflow state, all through the services. Refuses a database that has users.",
    )
    demo.add_argument(
        "--customers", type=int, default=300, metavar="N", help="number of customers (default 300)"
    )
    demo.add_argument("--seed", type=int, default=7, help="same seed, same customers (default 7)")
    # SUPPRESS: without it this option's default would hide `kehu --database URL demo`.
    demo.add_argument(
        "--database", default=argparse.SUPPRESS, help="database URL (default: as for every command)"
    )
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    if args.customers < 0:
        raise SystemExit("--customers must be 0 or more")
    db = open_database(args.database)
    started = time.perf_counter()
    info = create_demo(db, customers=args.customers, seed=args.seed)
    elapsed = time.perf_counter() - started
    states = ", ".join(
        f"{label} {info.statuses[status]}"
        for status, label in STATUSES.items()
        if status in info.statuses
    )
    print(
        f"演示分支已建立 / demo branch created: {DEMO_SETUP.branch_name} "
        f"({info.customers} 家客户 / customers: {states}; {elapsed:.0f} s)"
    )
    print(f"数据库 / database: {db.url}")
    print()
    names = {username: display for username, _, display in DEMO_USERS}
    rows = [("登录名 / user name", "角色 / role", "密码 / password")]
    rows += [
        (username, f"{ROLE_NAMES_ZH[role]}（{names[username]}）", password)
        for username, role, password in demo_credentials()
    ]
    for username, role, password in rows:
        print(_pad(username, 22) + _pad(role, 26) + password)
    return 0


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)
