"""Helpers shared by the `kehu` commands."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
import sys
from typing import Any

from kehu_desktop.db import Database
from kehu_desktop.services import auth
from kehu_desktop.services.context import Actor
from kehu_desktop.services.records import jsonable
from kehu_desktop.services.setup import local_branch_id, open_database


def database(args: argparse.Namespace) -> Database:
    return open_database(args.database)


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help="act as this user (password from KEHU_PASSWORD or asked)")


def actor(args: argparse.Namespace, db: Database) -> Actor:
    """The signed-in user of --user, else the local administrator of this branch."""
    if getattr(args, "user", None):
        password = os.environ.get("KEHU_PASSWORD") or getpass.getpass(f"{args.user} 的密码: ")
        return auth.sign_in(db, args.user, password)
    return Actor.system(local_branch_id(db))


def print_json(value: Any) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    json.dump(jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
