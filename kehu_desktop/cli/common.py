"""Helpers shared by the `kehu` commands."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
import uuid
from collections.abc import Callable
from typing import Any

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import branch_in_scope
from kehu_desktop.services.admin import local_branch_id
from kehu_desktop.services.admin import open_database
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import jsonable
from kehu_desktop.services.base import os_origin

PASSWORD_STDIN_HELP = (
    "read passwords from standard input, one a line, instead of asking: the --user's first, "
    "then a new one (never put a password on the command line)"
)


def database(args: argparse.Namespace) -> Database:
    return open_database(args.database)


def add_password_stdin_option(parser: argparse.ArgumentParser) -> None:
    if not any(a.dest == "password_stdin" for a in parser._actions):
        parser.add_argument("--password-stdin", action="store_true", help=PASSWORD_STDIN_HELP)


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help="act as this user (the password is asked for)")
    add_password_stdin_option(parser)


def user_command(
    parser: argparse.ArgumentParser,
    handler: Callable[[argparse.Namespace], int],
    *,
    json: bool = False,
    **defaults: Any,
) -> None:
    """The last step of declaring a command that acts as a user: its ``--json`` switch (if it
    has one), the ``--user`` options, and the handler that runs it."""
    if json:
        parser.add_argument("--json", action="store_true")
    add_user_option(parser)
    parser.set_defaults(handler=handler, **defaults)


def signed_in(args: argparse.Namespace) -> tuple[Database, Actor]:
    """The database of ``--database`` and who acts on it (see :func:`actor`)."""
    db = database(args)
    return db, actor(args, db)


def read_password(args: argparse.Namespace, prompt: str) -> str:
    """The next password: a line of standard input with ``--password-stdin``, else typed at
    a prompt that does not echo. Never an option or a variable: those end up in the shell
    history and the process list."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line.strip("\r\n"):
            raise KehuError("cli.password_stdin_empty")
        return line.rstrip("\r\n")
    return getpass.getpass(prompt)


def read_new_password(args: argparse.Namespace, prompt: str = "新密码: ") -> str:
    """A new password: one line of standard input, or typed twice at the prompt."""
    password = read_password(args, prompt)
    if not getattr(args, "password_stdin", False) and password != getpass.getpass(
        "再次输入新密码: "
    ):
        raise KehuError("cli.passwords_differ")
    return password


def actor(args: argparse.Namespace, db: Database) -> Actor:
    """The signed-in user of --user, else the local administrator of this branch. Either way
    the audit records name the OS user and host that ran the command (``Actor.origin``).

    A user whose password an administrator reset is asked for a new one (not possible with
    --password-stdin: the forced change needs a person)."""
    if not getattr(args, "user", None):
        return Actor.system(local_branch_id(db))
    password = read_password(args, f"{args.user} 的密码: ")
    try:
        signed_in = auth.sign_in(db, args.user, password)
    except auth.PasswordChangeRequired as exc:
        if getattr(args, "password_stdin", False):
            raise KehuError("cli.must_change_noninteractive") from exc
        print(exc.message, file=sys.stderr)
        new = read_new_password(args)
        signed_in = auth.sign_in_changing_password(db, args.user, password, new)
    return dataclasses.replace(signed_in, origin=os_origin())


BRANCH_HELP = (
    "only this branch's records (its code, e.g. SH): on head office's database, one of the "
    "branches the user may read"
)


def add_branch_option(parser: argparse.ArgumentParser) -> None:
    """``--branch CODE`` of a read command that lists branch records (head office's database
    holds every branch's)."""
    parser.add_argument("--branch", metavar="CODE", help=BRANCH_HELP)


def branch_filter(args: argparse.Namespace, db: Database, who: Actor) -> uuid.UUID | None:
    """The branch of ``--branch`` (refused unless it is in ``who``'s scope), or None."""
    code = getattr(args, "branch", None)
    return branch_in_scope(db, who, code) if code else None


def print_json(value: Any) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    json.dump(jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def customer_key(db: Database, who: Actor, text: str) -> uuid.UUID:
    """The customer a command names by id, name, credit code or search text: the one exact
    match, else the one found; otherwise refused at the field ``customer`` with the names found."""
    # lazy: the customer list (and its pinyin) only for the commands that name a customer
    from kehu_desktop.services.customers import CustomerQuery
    from kehu_desktop.services.customers import list_customers

    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    rows = list_customers(db, who, CustomerQuery(search=text), limit=50).rows
    exact = [r for r in rows if text in (r.name, r.uscc)]
    if len(exact) == 1:
        return exact[0].id
    if len(rows) == 1:
        return rows[0].id
    names = "、".join(r.name for r in rows[:10]) or "—"
    code = "customer.not_found" if not rows else "similar_name"
    raise ValidationFailed([FieldError("customer", code, {"names": names})])
