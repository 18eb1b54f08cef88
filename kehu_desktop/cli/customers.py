"""`kehu customers list|import|export|template`.

Exit codes: 0 done; 1 the import file has errors (nothing was written, the errors are printed);
2 refused (role, bad option value, a file that cannot be written) as for every `kehu` command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kehu_desktop.cli.common import actor, add_user_option, database, print_json
from kehu_desktop.domain.customer import CHANNELS, FIELD_LABELS, STATUSES, channel_code
from kehu_desktop.domain.errors import FieldError, ValidationFailed
from kehu_desktop.domain.messages import render
from kehu_desktop.services.customer_list import CustomerQuery, iter_customers

if TYPE_CHECKING:
    from kehu_desktop.services.importing import ImportReport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    customers = sub.add_parser("customers", help="客户档案 / customer files")
    cmd = customers.add_subparsers(dest="customers_cmd", required=True)

    lst = cmd.add_parser("list", help="list customers (the same search as the app's list)")
    _add_filters(lst)
    lst.add_argument("--json", action="store_true", help="a JSON array instead of text")
    add_user_option(lst)
    lst.set_defaults(handler=_list)

    imp = cmd.add_parser(
        "import",
        help="import new customers from .csv/.xlsx (all or nothing; exit 1 if the file has errors)",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    imp.add_argument("--json", action="store_true", help='print {"ok": N, "errors": [...]}')
    add_user_option(imp)
    imp.set_defaults(handler=_import)

    exp = cmd.add_parser("export", help="export the (filtered) list to .xlsx or .csv")
    exp.add_argument("file", type=Path)
    _add_filters(exp)
    add_user_option(exp)
    exp.set_defaults(handler=_export)

    tpl = cmd.add_parser("template", help="write the empty import template (.xlsx or .csv)")
    tpl.add_argument("file", type=Path)
    tpl.set_defaults(handler=_template)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", default="", help="name, pinyin initials, credit code, phone")
    parser.add_argument("--status", help=", ".join(f"{c} ({zh})" for c, zh in STATUSES.items()))
    parser.add_argument("--channel", help=", ".join(f"{c} ({zh})" for c, zh in CHANNELS.items()))


def _query(args: argparse.Namespace) -> CustomerQuery:
    """The filters as the list service wants them; code names or the Chinese words."""
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
    return CustomerQuery(search=args.search, status=status, channel=channel)


def _choice_error(name: str, value: str, choices: dict[str, str]) -> FieldError:
    label = "状态" if name == "status" else FIELD_LABELS[name]
    listed = "、".join(f"{zh}({c})" for c, zh in choices.items())
    return FieldError(name, "choice.invalid", {"label": label, "value": value, "choices": listed})


def _list(args: argparse.Namespace) -> int:
    db = database(args)
    rows = iter_customers(db, actor(args, db), _query(args))
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        channel = CHANNELS.get(r.channel or "", "")
        cells = (r.name, r.uscc, r.phone, channel, r.market_office, STATUSES.get(r.status))
        print("\t".join(c or "" for c in cells))
    return 0


def _import(args: argparse.Namespace) -> int:
    # Imported here, as in _export and _template: they load openpyxl, which `customers list`
    # does not need (see kehu_desktop/cli/__init__.py on start-up time).
    from kehu_desktop.services.importing import import_customers

    db = database(args)
    report = import_customers(db, actor(args, db), args.file, dry_run=args.dry_run)
    if args.json:
        json.dump(report_json(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_report(report, args.file)
    return 1 if report.errors else 0


def report_json(report: ImportReport) -> dict[str, object]:
    """The documented shape: {"ok": N, "errors": [{"row", "field", "message"}, ...]}."""
    return {
        "ok": report.ok,
        "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in report.errors],
    }


def _print_report(report: ImportReport, file: Path) -> None:
    for e in report.errors:
        label = FIELD_LABELS.get(e.field, e.field)
        where = render("import.where", row=e.row, field=label) if e.row else label
        print(f"{where}: {e.message}", file=sys.stderr)
    if report.errors:
        summary = render("import.refused", errors=len(report.errors), ok=report.ok)
    elif report.dry_run:
        summary = render("import.checked", ok=report.ok, file=file.name)
    else:
        summary = render("import.done", ok=report.ok, file=file.name)
    print(summary)


def _export(args: argparse.Namespace) -> int:
    from kehu_desktop.services.exporting import export_customers  # see _import

    db = database(args)
    count = export_customers(db, actor(args, db), _query(args), args.file)
    print(render("export.done", count=count, file=str(args.file)))
    return 0


def _template(args: argparse.Namespace) -> int:
    from kehu_desktop.services.importing import write_template  # see _import

    print(write_template(args.file))
    return 0
