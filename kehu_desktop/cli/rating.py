"""`kehu rating rules|save`: the credit rating's rule table (services.credit.rating_rules): the
version in force with each rule's sentence and the cases it grades a better evaluation worse;
head office's marketing head saves a new version from a JSON file.

`kehu rating due|pending|evaluate|review|decide|print`: the monthly evaluation
(services.credit.evaluations), for scripts and for a manager at a terminal."""

from __future__ import annotations

import argparse
import json
import uuid
from datetime import date
from pathlib import Path

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import customer_key
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import user_command
from kehu_desktop.domain import rating
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import EvaluationView
from kehu_desktop.dto import RuleTableView
from kehu_desktop.services import credit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser(
        "rating", help="资信评级 / credit rating: the rule table and the monthly evaluation"
    )
    actions = cmd.add_subparsers(dest="rating_cmd", required=True)
    show = actions.add_parser("rules", help="the rule table in force, first match wins")
    user_command(show, _rules, json=True)
    save = actions.add_parser(
        "save", help='save a new version from a JSON list of {"grade", "key", "other"}'
    )
    save.add_argument("file", type=Path)
    save.add_argument("--note", help="why the table changes (kept with the version)")
    user_command(save, _save, json=True)
    register_evaluations(actions)


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


# --------------------------------------------------------------------------------------------
# The monthly evaluation (services.credit.evaluations)
# --------------------------------------------------------------------------------------------


def register_evaluations(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    due = actions.add_parser("due", help="this month's re-rating list (overdue first)")
    user_command(due, _due, json=True)
    pending = actions.add_parser("pending", help="evaluations waiting for you")
    user_command(pending, _pending, json=True)
    evaluate = actions.add_parser("evaluate", help="file a customer's evaluation (sales manager)")
    evaluate.add_argument("customer", help="id, name, credit code or search text")
    evaluate.add_argument(
        "--levels",
        required=True,
        help="ten letters A/B/C: the four key indicators, then the six others, in the form's "
        "order (e.g. AAAA-AABCAA; dashes and spaces ignored)",
    )
    evaluate.add_argument("--month", help="YYYY-MM (default this month)")
    evaluate.add_argument("--comment")
    evaluate.add_argument("--revises", help="the id of the evaluation sent back it replaces")
    user_command(evaluate, _evaluate, json=True)
    for name, helptext in (
        ("review", "pass an evaluation on, or send it back (branch GM)"),
        ("decide", "approve an evaluation, or send it back (marketing director)"),
    ):
        step = actions.add_parser(name, help=helptext)
        step.add_argument("evaluation", help="the evaluation's id")
        step.add_argument("--send-back", action="store_true", help="send it back (needs a comment)")
        step.add_argument("--comment")
        user_command(step, _review if name == "review" else _decide, json=True)
    printing = actions.add_parser("print", help="the evaluation form as a PDF")
    printing.add_argument("evaluation", help="the evaluation's id")
    printing.add_argument("-o", "--output", type=Path, required=True)
    user_command(printing, _print_form)


def _levels(text: str) -> dict[str, str]:
    letters = [c for c in text.upper() if c not in "- ,"]
    codes = (*rating.KEY_INDICATORS, *rating.OTHER_INDICATORS)
    return {code: letter for code, letter in zip(codes, letters, strict=False)}


def _month(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ValidationFailed([FieldError("month", "date.format", {"label": "month"})]) from None


def _print_evaluation(view: EvaluationView, as_json: bool) -> None:
    if as_json:
        print_json(view)
        return
    print(f"{view.id}\t{view.customer_name}\t{view.month:%Y-%m}\t{view.explanation}\t{view.status}")


def _due(args: argparse.Namespace) -> int:
    db = database(args)
    rows = credit.rating_due(db, actor(args, db))
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        mark = "逾期" if row.overdue else ""
        grade = f"{row.grade}级" if row.grade else "未评级"
        print(f"{row.customer_name}\t{grade}\t{row.open_status or '未填写'}\t{row.due}\t{mark}")
    return 0


def _pending(args: argparse.Namespace) -> int:
    db = database(args)
    views = credit.pending_evaluations(db, actor(args, db))
    if args.json:
        print_json(views)
        return 0
    for view in views:
        _print_evaluation(view, False)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    db = database(args)
    who = actor(args, db)
    customer = customer_key(db, who, args.customer)
    month = _month(args.month) or db.clock.today()
    revises = uuid.UUID(args.revises) if args.revises else None
    view = credit.file_evaluation(
        db, who, customer, month, _levels(args.levels), comment=args.comment, revises=revises
    )
    _print_evaluation(view, args.json)
    return 0


def _review(args: argparse.Namespace) -> int:
    db = database(args)
    view = credit.review_evaluation(
        db, actor(args, db), uuid.UUID(args.evaluation), not args.send_back, args.comment
    )
    _print_evaluation(view, args.json)
    return 0


def _decide(args: argparse.Namespace) -> int:
    db = database(args)
    view = credit.decide_evaluation(
        db, actor(args, db), uuid.UUID(args.evaluation), not args.send_back, args.comment
    )
    _print_evaluation(view, args.json)
    return 0


def _print_form(args: argparse.Namespace) -> int:
    db = database(args)
    pdf = credit.evaluation_pdf(db, actor(args, db), uuid.UUID(args.evaluation))
    args.output.write_bytes(pdf)
    print(args.output)
    return 0
