"""`kehu`: the command line for administration and scripting. Uses the services only.

Each sub-module adds its commands through ``register(subparsers)``. Commands that change data act
as the local administrator (see ``Actor.system``) unless ``--user`` is given, in which case the
password is read from ``KEHU_PASSWORD`` or asked for.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kehu_desktop.domain.errors import KehuError, ValidationFailed
from kehu_desktop.domain.messages import set_language


def build_parser() -> argparse.ArgumentParser:
    from kehu_desktop.cli import customers, demo, payments, products, slips, users

    parser = argparse.ArgumentParser(prog="kehu", description="kehu-desktop 命令行 / command line")
    parser.add_argument(
        "--database",
        help="database URL (default: KEHU_DATABASE_URL or the SQLite file in the data folder)",
    )
    parser.add_argument("--lang", default="zh_CN", help="message language: zh_CN (default) or en")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (demo, users, customers, products, slips, payments):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    try:
        return int(args.handler(args) or 0)
    except ValidationFailed as exc:
        for e in exc.errors:
            print(f"{e.field}: {e.message}", file=sys.stderr)
        return 2
    except KehuError as exc:
        print(exc.message, file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
