"""`kehu`: the command line for administration and scripting. Uses the services only.

Each sub-module adds its commands through ``register(subparsers)``. Commands that change data act
as the local administrator (see ``Actor.system``; the audit records name the OS user and host)
unless ``--user`` is given, in which case the password is asked for, or read from standard input
with ``--password-stdin``. A password is never an option: ``--password`` is refused before
anything runs.

Start-up time matters here (scripts call ``kehu`` in loops), so :func:`main` imports only the
sub-module of the command being run: each one pulls in its services, SQLAlchemy and the models,
and the whole set costs more than a second. ``kehu --help`` imports none of them. The CLI never
imports Qt (tests/test_cli_startup.py checks it in a subprocess).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import logging
import os
import sys
import threading
import weakref
from collections.abc import Sequence
from typing import Any
from typing import NoReturn

from kehu_desktop import __version__
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.messages import set_language
from kehu_desktop.logs import LEVELS
from kehu_desktop.logs import configure_logging

#: Top-level command → (sub-module of kehu_desktop.cli that registers it, its one-line help).
#: The help is repeated here so that ``kehu --help`` lists every command without importing any;
#: tests/test_cli_startup.py checks that it matches what the sub-module registers.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "演示数据 / create a demo branch in an empty database"),
    "user": ("users", "用户管理 / users"),
    "customers": ("customers", "客户档案 / customer files"),
    "product": ("products", "产品 / products"),
    "slip": ("slips", "单据 / slips"),
    "payment": ("payments", "回款 / payments and remittances"),
    "receivables": ("payments", "应收款 / receivables aged by days past due"),
    "rating": ("rating", "资信评级 / credit rating: the rule table and the monthly evaluation"),
    "warning": ("warnings", "预警 / early warnings"),
    "settings": ("settings", "设置 / business settings"),
    "sync": ("sync", "总部同步 / head-office sync"),
    "backup": ("backup", "备份与恢复 / backups of the database"),
}

# Top-level options that take a value: the word after them is not the command.
_VALUED_OPTIONS = ("--database", "--lang", "--log-level")


def _command_in(argv: Sequence[str]) -> str | None:
    """The top-level command named in ``argv``, if any (what argparse will dispatch on)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word.startswith("--") and len(word) > 2 and "=" not in word:
            # argparse also takes an unambiguous prefix (--data for --database)
            skip = any(option.startswith(word) for option in _VALUED_OPTIONS)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
        elif word == "--":
            return None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the command it names is fully registered (see above).
    Without ``argv`` every command is registered (documentation, tests)."""
    parser = argparse.ArgumentParser(prog="kehu", description="kehu-desktop 命令行 / command line")
    parser.add_argument(
        "--database",
        help="database URL (default: KEHU_DATABASE_URL or the SQLite file in the data folder)",
    )
    parser.add_argument("--lang", default="zh_CN", help="message language: zh_CN (default) or en")
    parser.add_argument(
        "--log-level",
        choices=LEVELS,
        type=str.upper,
        help="what the log file in the data folder keeps (default INFO, or KEHU_LOG_LEVEL)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    wanted = {module for module, _ in COMMANDS.values()}
    if argv is not None:
        command = _command_in(argv)
        wanted = {COMMANDS[command][0]} if command else set()
    registered: set[str] = set()
    for name, (module, help_text) in COMMANDS.items():
        if module in wanted:
            if module not in registered:
                importlib.import_module(f"kehu_desktop.cli.{module}").register(sub)
                registered.add(module)
        else:
            # Listed in --help, never run: it takes any arguments, and main() then parses
            # again with every command registered.
            placeholder = sub.add_parser(name, help=help_text, add_help=False)
            placeholder.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def _password_option(words: Sequence[str]) -> bool:
    """Whether ``words`` put a password on the command line (``--password X``, as older
    versions took): refused, since the shell history and the process list keep it."""
    return any(w == "--password" or w.startswith("--password=") for w in words)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command of ``argv`` (default: the program's arguments) and return its exit code.

    Run as the program (``argv`` None: the console script, ``python -m kehu_desktop.cli``) it
    also skips what a short-lived process need not pay for (issue 12, docs/bench.md "command
    line"): the cyclic garbage collector while the command's modules are imported (hundreds of
    thousands of objects, all kept), and the interpreter's tear-down at the end (:func:`_end`).
    Called with ``argv`` (tests, other Python code) it is a plain function."""
    program = argv is None
    if program:
        gc.disable()
    code = _run(list(sys.argv[1:] if argv is None else argv), program)
    if program:
        _end(code)
    return code


def _run(words: list[str], program: bool) -> int:
    if _password_option(words):
        set_language(_language_in(words))
        print(render("cli.password_option"), file=sys.stderr)
        return 2
    args = build_parser(words).parse_args(words)
    if not hasattr(args, "handler"):  # argparse read the command elsewhere than we did
        args = build_parser().parse_args(words)
    if program:
        # What is imported now lives until the end: out of the collector's sight, and the
        # collector back on for what the command itself allocates.
        gc.freeze()
        gc.enable()
        _track_engines()
    set_language(args.lang)
    configure_logging(args.log_level)
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's own flush at exit
        return code
    except ValidationFailed as exc:
        for e in exc.errors:
            print(f"{e.field}: {e.message}", file=sys.stderr)
        return 2
    except KehuError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _reader_went_away()


#: The database engines the command used (see :func:`_end`).
_engines: weakref.WeakSet[Any] = weakref.WeakSet()


def _track_engines() -> None:
    """Note every database engine connected from now on, so :func:`_end` can close its
    connections. Only when the command's module has brought SQLAlchemy in (``kehu --help``
    never does)."""
    if "sqlalchemy" not in sys.modules:
        return
    # here: SQLAlchemy is in only if the command brought it (the check above)
    from sqlalchemy import Engine
    from sqlalchemy import event

    if not event.contains(Engine, "engine_connect", _engine_used):
        event.listen(Engine, "engine_connect", _engine_used)


def _engine_used(connection: Any) -> None:
    _engines.add(connection.engine)


def _end(code: int) -> NoReturn:
    """End the process now with ``code``, as the interpreter would but without tearing down
    every module and object one by one (about 0.15 s of a listing's second on a busy 2-core
    machine): output and the log flushed, every database engine disposed (its connections
    closed, which also folds SQLite's write-ahead log back into the file, as a normal exit
    does)."""
    if threading.active_count() > 1:
        # A thread the command left running may still have work that matters: the ordinary
        # exit waits for it.
        sys.exit(code)
    for engine in list(_engines):
        # already closed or broken: nothing is left to keep
        with contextlib.suppress(Exception):
            engine.dispose()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe: _reader_went_away has dealt with it
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _language_in(words: Sequence[str]) -> str:
    for n, word in enumerate(words):
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
        if word == "--lang" and n + 1 < len(words):
            return words[n + 1]
    return "zh_CN"


def _reader_went_away() -> int:
    """The reader of our output closed it early (``kehu slip list | head``): that is not an
    error of ours, so exit quietly, as ``cat`` does. Python would otherwise also complain when it
    flushes stdout at exit, so point stdout at /dev/null first (the pattern the Python docs give
    for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (tests capture it): nothing to flush
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for a command killed by a closed pipe


if __name__ == "__main__":
    raise SystemExit(main())
