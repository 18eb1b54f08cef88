"""`kehu rating rules|save`: the credit rating's rule table (services.credit.rating_rules): the
version in force with each rule's sentence and the cases it grades a better evaluation worse;
head office's marketing head saves a new version from a JSON file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import user_command
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import RuleTableView
from kehu_desktop.services import credit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("rating", help="资信评级规则表 / the credit rating's rule table")
    actions = cmd.add_subparsers(dest="rating_cmd", required=True)
    show = actions.add_parser("rules", help="the rule table in force, first match wins")
    user_command(show, _rules, json=True)
    save = actions.add_parser(
        "save", help='save a new version from a JSON list of {"grade", "key", "other"}'
    )
    save.add_argument("file", type=Path)
    save.add_argument("--note", help="why the table changes (kept with the version)")
    user_command(save, _save, json=True)


def _print(view: RuleTableView, as_json: bool) -> None:
    if as_json:
        print_json(view)
        return
    saved = f"，{view.saved_by} {view.saved_at:%Y-%m-%d %H:%M}" if view.saved_at else "（默认）"
    print(f"规则表第{view.version}版{saved}")
    for line in view.rules:
        print(f"{line.number}\t{line.grade}级\t{line.key}\t{line.other}\t{line.explanation}")
    if view.inversions:
        print(f"注意：有{view.inversions}种情形，某项指标更好，等级反而更低")


def _rules(args: argparse.Namespace) -> int:
    db = database(args)
    _print(credit.rule_table(db, actor(args, db)), args.json)
    return 0


def _save(args: argparse.Namespace) -> int:
    try:
        rules = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationFailed(
            [FieldError("file", "rating.bad_file", {"detail": str(exc)})]
        ) from exc
    if not isinstance(rules, list):
        raise ValidationFailed([FieldError("file", "rating.bad_file", {"detail": "not a list"})])
    db = database(args)
    _print(credit.save_rule_table(db, actor(args, db), rules, args.note), args.json)
    return 0
