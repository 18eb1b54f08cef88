"""`kehu customers list|import|export|template`.

Exit codes: 0 done; 1 the import file has errors (nothing was written, the errors are printed);
2 refused (role, bad option value, a file that cannot be written) as for every `kehu` command.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import add_branch_option
from kehu_desktop.cli.common import branch_filter
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import signed_in
from kehu_desktop.cli.common import user_command
from kehu_desktop.db import Database
from kehu_desktop.domain.customer import CHANNELS
from kehu_desktop.domain.customer import FIELD_LABELS
from kehu_desktop.domain.customer import STATUSES
from kehu_desktop.domain.customer import channel_code
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.messages import render
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CREATE
from kehu_desktop.services.customers import HEADER_CODES
from kehu_desktop.services.customers import SKIP
from kehu_desktop.services.customers import UPDATE
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import ImportReport
from kehu_desktop.services.customers import RowError
from kehu_desktop.services.customers import RowResult
from kehu_desktop.services.customers import export_customers
from kehu_desktop.services.customers import export_monthly_sales_report
from kehu_desktop.services.customers import import_customers
from kehu_desktop.services.customers import iter_customers
from kehu_desktop.services.customers import write_template


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    customers = sub.add_parser("customers", help="客户档案 / customer files")
    cmd = customers.add_subparsers(dest="customers_cmd", required=True)

    lst = cmd.add_parser("list", help="list customers (the same search as the app's list)")
    _add_filters(lst)
    lst.add_argument("--json", action="store_true", help="a JSON array instead of text")
    user_command(lst, _list)

    imp = cmd.add_parser(
        "import",
        help="import customers from .csv/.xlsx (all or nothing; exit 1 if the file has errors)",
        description="Rows that repeat a customer of the branch (or an earlier row) are skipped "
        "and listed; rows are numbered as Excel and WPS show them (the header is usually row 1).",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    imp.add_argument(
        "--update-existing",
        action="store_true",
        help="update the existing customer's file from a duplicate row instead of skipping it "
        "(non-blank cells only; never the status)",
    )
    imp.add_argument(
        "--json",
        action="store_true",
        help='print {"ok", "created", "updated", "skipped", "errors"} (docs/import-template.md)',
    )
    user_command(imp, _import)

    exp = cmd.add_parser("export", help="export the (filtered) list to .xlsx or .csv")
    exp.add_argument("file", type=Path)
    _add_filters(exp)
    user_command(exp, _export)

    report = cmd.add_parser(
        "sales-report", help="客户销售月报表: reported sales beside purchases, to .xlsx"
    )
    report.add_argument("file", type=Path)
    report.add_argument("--month", required=True, help="YYYY-MM")
    add_branch_option(report)
    user_command(report, _sales_report)

    tpl = cmd.add_parser("template", help="write the empty import template (.xlsx or .csv)")
    tpl.add_argument("file", type=Path)
    tpl.set_defaults(handler=_template)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", default="", help="name, pinyin initials, credit code, phone")
    add_branch_option(parser)
    parser.add_argument("--status", help=", ".join(f"{c} ({zh})" for c, zh in STATUSES.items()))
    parser.add_argument("--channel", help=", ".join(f"{c} ({zh})" for c, zh in CHANNELS.items()))


def _query(
    args: argparse.Namespace, db: Database | None = None, who: Actor | None = None
) -> CustomerQuery:
    """The filters as the list service wants them; code names or the Chinese words; the
    ``--branch`` code checked against ``who``'s scope."""
    errors = []
    status = args.status
    if status is not None:
        status = next((c for c, zh in STATUSES.items() if status in (c, zh)), None)
        if status is None:
            errors.append(_choice_error("status", args.status, STATUSES))
    channel = args.channel
    if channel is not None:
        channel = channel_code(channel)
        if channel is None:
            errors.append(_choice_error("channel", args.channel, CHANNELS))
    if errors:
        raise ValidationFailed(errors)
    branch_id = branch_filter(args, db, who) if db is not None and who is not None else None
    return CustomerQuery(search=args.search, status=status, channel=channel, branch_id=branch_id)


def _choice_error(name: str, value: str, choices: dict[str, str]) -> FieldError:
    label = "状态" if name == "status" else FIELD_LABELS[name]
    return invalid_choice(name, label, value, choices)


def _list(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    rows = iter_customers(db, who, _query(args, db, who))
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        channel = CHANNELS.get(r.channel or "", "")
        cells = (r.name, r.uscc, r.phone, channel, r.market_office, STATUSES.get(r.status))
        print("\t".join(c or "" for c in cells))
    return 0


def _import(args: argparse.Namespace) -> int:
    db = database(args)
    report = import_customers(
        db,
        actor(args, db),
        args.file,
        dry_run=args.dry_run,
        update_existing=args.update_existing,
    )
    if args.json:
        json.dump(report_json(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_report(report, args.file)
    return 1 if report.errors else 0


def report_json(report: ImportReport) -> dict[str, object]:
    """The documented shape (docs/import-template.md): ``row`` is the row number Excel shows,
    ``null`` for the file as a whole; the row lists are empty when ``errors`` is not."""
    return {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "update_existing": report.update_existing,
        "created": [_row_json(r) for r in report.with_action(CREATE)],
        "updated": [_row_json(r) for r in report.with_action(UPDATE)],
        "skipped": [_row_json(r) for r in report.with_action(SKIP)],
        "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in report.errors],
    }


def _row_json(result: RowResult) -> dict[str, object]:
    duplicate = result.duplicate
    return {
        "row": result.row,
        "name": result.name,
        "id": str(result.customer_id) if result.customer_id else None,
        "duplicate_of": None
        if duplicate is None
        else {
            "id": str(duplicate.customer_id) if duplicate.customer_id else None,
            "name": duplicate.customer_name or None,
            "row": duplicate.row,
            "reason": duplicate.reason,
        },
        "changes": list(result.changes),
        "message": result.message,
    }


def error_line(error: RowError) -> str:
    """An error as a sentence naming the row as Excel shows it, and the column; a problem with
    the whole file is just its message (no pseudo-column)."""
    if error.row is None:
        return error.message
    if error.code in HEADER_CODES:
        where = render("import.where_header", row=error.row)
    elif error.field is None:
        where = render("import.where_row", row=error.row)
    else:
        where = render(
            "import.where", row=error.row, field=FIELD_LABELS.get(error.field, error.field)
        )
    return render("import.line", where=where, message=error.message)


def result_line(result: RowResult) -> str:
    action = render(f"import.action.{result.action}")
    where = render("import.where", row=result.row, field=action)
    line = render("import.line", where=where, message=result.name)
    return (
        render("import.line_detail", line=line, detail=result.message) if result.message else line
    )


def print_report(report: ImportReport, file: Path) -> None:
    """Errors on stderr; without errors every row's fate, then the summary, on stdout."""
    for e in report.errors:
        print(error_line(e), file=sys.stderr)
    if report.errors:
        print(render("import.refused", errors=len(report.errors), ok=report.ok))
        return
    for result in report.rows:
        print(result_line(result))
    counts = {
        "created": len(report.with_action(CREATE)),
        "updated": len(report.with_action(UPDATE)),
        "skipped": len(report.with_action(SKIP)),
    }
    code = "import.checked" if report.dry_run else "import.done"
    print(render(code, file=file.name, **counts))


def _export(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    count = export_customers(db, who, _query(args, db, who), args.file)
    print(render("export.done", count=count, file=str(args.file)))
    return 0


def _sales_report(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    try:
        month = date.fromisoformat(f"{args.month}-01")
    except ValueError:
        raise ValidationFailed([FieldError("month", "date.format", {"label": "month"})]) from None
    count = export_monthly_sales_report(
        db, who, month, args.file, branch_id=branch_filter(args, db, who)
    )
    print(render("export.done", count=count, file=str(args.file)))
    return 0


def _template(args: argparse.Namespace) -> int:
    print(write_template(args.file))
    return 0
