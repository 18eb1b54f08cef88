"""`kehu warning run|list|respond|close`: early warnings (services.warnings) for scripts and a
manager at a terminal. `run` is the job the app runs at start-up and after each sync."""

from __future__ import annotations

import argparse
import uuid

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import user_command
from kehu_desktop.dto import WarningView
from kehu_desktop.services import warnings

HELP = "预警 / early warnings"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("warning", help=HELP)
    actions = cmd.add_subparsers(dest="warning_cmd", required=True)
    run = actions.add_parser("run", help="find the conditions now (idempotent)")
    user_command(run, _run, json=True)
    listing = actions.add_parser("list", help="the open warnings you own")
    listing.add_argument("--all", action="store_true", help="everyone's, not only yours")
    listing.add_argument("--closed", action="store_true", help="the closed ones instead")
    user_command(listing, _list, json=True)
    respond = actions.add_parser("respond", help="record the investigation and the action")
    respond.add_argument("warning", help="the warning's id")
    respond.add_argument("--investigation", required=True)
    respond.add_argument("--action", required=True)
    user_command(respond, _respond, json=True)
    close = actions.add_parser("close", help="close a warning that has a response")
    close.add_argument("warning", help="the warning's id")
    close.add_argument("--closing", required=True, help="how it ended")
    user_command(close, _close, json=True)


def _print(view: WarningView, as_json: bool) -> None:
    if as_json:
        print_json(view)
        return
    print(f"{view.id}\t{view.customer_name}\t{view.kind}\t{view.text}\t{view.status}")


def _run(args: argparse.Namespace) -> int:
    db = database(args)
    report = warnings.run_warnings(db, actor(args, db))
    if args.json:
        print_json(report)
    else:
        print(
            f"客户{report.customers}户：新开{report.opened}条，重开{report.reopened}条，"
            f"更新{report.refreshed}条，消除{report.cleared}条"
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    db = database(args)
    views = warnings.list_warnings(
        db, actor(args, db), mine=not args.all, status="closed" if args.closed else "open"
    )
    if args.json:
        print_json(views)
        return 0
    for view in views:
        _print(view, False)
    return 0


def _respond(args: argparse.Namespace) -> int:
    db = database(args)
    view = warnings.respond_warning(
        db, actor(args, db), uuid.UUID(args.warning), args.investigation, args.action
    )
    _print(view, args.json)
    return 0


def _close(args: argparse.Namespace) -> int:
    db = database(args)
    view = warnings.close_warning(db, actor(args, db), uuid.UUID(args.warning), args.closing)
    _print(view, args.json)
    return 0
