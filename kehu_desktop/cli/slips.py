"""`kehu slip list|pdf`: slips for scripts and the accountant's archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import add_branch_option
from kehu_desktop.cli.common import branch_filter
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import signed_in
from kehu_desktop.cli.common import user_command
from kehu_desktop.services import slips
from kehu_desktop.services.slips import printers


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    slip = sub.add_parser("slip", help="单据 / slips").add_subparsers(
        dest="slip_cmd", required=True
    )
    lst = slip.add_parser("list", help="list slips")
    lst.add_argument("--json", action="store_true", help="a JSON array of objects")
    lst.add_argument(
        "--kind", choices=sorted(slips.KINDS), help="delivery (送货单) or credit_sale (赊销单)"
    )
    lst.add_argument("--status", choices=sorted(slips.STATUSES), help="issued or voided")
    lst.add_argument(
        "--missing-copy3",
        action="store_true",
        help="only slips whose copy 3 (记账联) has not come back",
    )
    add_branch_option(lst)
    user_command(lst, _list)
    pdf = slip.add_parser(
        "pdf", help="save a slip as PDF (counted as a copy: 补印 after the first)"
    )
    pdf.add_argument("number", help="slip number, e.g. SH-CS-2026-000001")
    pdf.add_argument("-o", "--output", required=True, help="PDF file to write ('-' = stdout)")
    pdf.add_argument(
        "--profile", help="printer profile (paper and mode); default: the default profile"
    )
    user_command(pdf, _pdf)


def _list(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    rows = slips.list_slips(
        db,
        who,
        kind=args.kind,
        status=args.status,
        missing_copy3=args.missing_copy3,
        branch_id=branch_filter(args, db, who),
    )
    if args.json:
        print_json(
            [
                {
                    "number": r.number,
                    "kind": r.kind,
                    "customer": r.customer_name,
                    "total": str(r.total),
                    "status": r.status,
                    "issue_date": r.issue_date.isoformat(),
                    "due_date": r.due_date.isoformat() if r.due_date else None,
                    "dispatch_note": r.dispatch_note_number,
                    "print_count": r.print_count,
                    "reprint_count": r.reprint_count,
                    "copy3_returned": r.copy3_returned,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        marks = [slips.KINDS[r.kind], slips.STATUSES[r.status]]
        if r.copy3_returned:
            marks.append("记账联已回")
        print(
            f"{r.number}\t{r.issue_date}\t{r.customer_name}\t{r.total}\t{'/'.join(marks)}"
            f"\t打印{r.print_count}次"
        )
    return 0


def _pdf(args: argparse.Namespace) -> int:
    db = database(args)
    data = printers.slip_pdf_bytes(db, actor(args, db), args.number, args.profile)
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
        print(f"{args.number} → {args.output}", file=sys.stderr)
    return 0
