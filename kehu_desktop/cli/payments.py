"""`kehu payment list|record|reverse|receipt|unremitted|remit` and `kehu receivables`.

A customer is named by id, exact name, credit code, or any search text that matches exactly
one customer (the same search as the app's list). Exit code 2 when refused, like every command.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from kehu_desktop.cli.common import add_branch_option
from kehu_desktop.cli.common import branch_filter
from kehu_desktop.cli.common import customer_key
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import signed_in
from kehu_desktop.cli.common import user_command
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.services import payments
from kehu_desktop.services.payments import PaymentInput
from kehu_desktop.services.payments import RemittanceInput


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    payment = sub.add_parser("payment", help="回款 / payments and remittances")
    cmd = payment.add_subparsers(dest="payment_cmd", required=True)

    lst = cmd.add_parser("list", help="payments, newest first")
    lst.add_argument("--customer", help="id, name, credit code or search text")
    lst.add_argument("--limit", type=int, default=100)
    add_branch_option(lst)
    user_command(lst, _list, json=True)

    rec = cmd.add_parser("record", help="record money received (allocated oldest first)")
    rec.add_argument("customer", help="id, name, credit code or search text")
    rec.add_argument("amount", help="e.g. 12345.60")
    rec.add_argument("--method", default="cash", choices=sorted(payments.METHODS))
    rec.add_argument("--reference", help="draft or bank reference (required for bank money)")
    rec.add_argument("--date", help="received on (YYYY-MM-DD, default today)")
    rec.add_argument("--note")
    rec.add_argument(
        "--slip",
        action="append",
        metavar="NUMBER=AMOUNT",
        help="allocate to this slip instead of oldest first (repeatable)",
    )
    user_command(rec, _record, json=True)

    rev = cmd.add_parser("reverse", help="reverse a posted payment")
    rev.add_argument("number", help="e.g. SH-PM-2026-000001")
    rev.add_argument("--reason", required=True)
    user_command(rev, _reverse)

    rct = cmd.add_parser("receipt", help="write the receipt (收款收据) PDF")
    rct.add_argument("number")
    rct.add_argument("-o", "--output", type=Path, help="default: <number>.pdf")
    user_command(rct, _receipt)

    unr = cmd.add_parser("unremitted", help="money not yet remitted to head office")
    unr.add_argument("--overdue", action="store_true", help="only what is past its deadline")
    add_branch_option(unr)
    user_command(unr, _unremitted, json=True)

    rem = cmd.add_parser("remit", help="record a remittance to head office")
    rem.add_argument("amount", nargs="?", help="default: all of the named payments")
    rem.add_argument("--reference", required=True)
    rem.add_argument(
        "--method", default="bank_transfer", choices=sorted(payments.REMITTANCE_METHODS)
    )
    rem.add_argument(
        "--payment",
        action="append",
        metavar="NUMBER",
        help="cover only these payments (repeatable; default: oldest first)",
    )
    user_command(rem, _remit)

    rcv = sub.add_parser("receivables", help="应收款 / receivables aged by days past due")
    rcv.add_argument("--on", help="as at the end of this day (YYYY-MM-DD, default today)")
    add_branch_option(rcv)
    user_command(rcv, _receivables, json=True)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed([FieldError(name, "date.format", {"label": name})]) from None


def _list(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    cid = customer_key(db, who, args.customer) if args.customer else None
    rows = payments.list_payments(
        db, who, customer_id=cid, limit=args.limit, branch_id=branch_filter(args, db, who)
    )
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        mark = " (已冲销)" if r.reversed else ""
        print(
            f"{r.number}\t{r.received_on}\t{r.customer_name}\t"
            f"{payments.METHODS.get(r.method, r.method)}\t{r.amount:,.2f}{mark}"
        )
    return 0


def _record(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    allocations: list[tuple[uuid.UUID | str, str | Decimal | int]] | None = None
    if args.slip:
        allocations = []
        for item in args.slip:
            number, _sep, amount = item.partition("=")
            allocations.append((number, amount))
    data = PaymentInput(
        customer_id=customer_key(db, who, args.customer),
        method=args.method,
        amount=args.amount,
        received_on=args.date,
        reference=args.reference,
        allocations=allocations,
        note=args.note,
    )
    view = payments.record_payment(db, who, data)
    if args.json:
        print_json(view)
        return 0
    print(f"{view.number}\t{view.customer_name}\t{view.amount:,.2f}")
    for a in view.allocations:
        print(f"  → {a.slip_number}\t{a.amount:,.2f}")
    if view.unallocated:
        print(f"  预收款 / credit\t{view.unallocated:,.2f}")
    return 0


def _reverse(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    original = payments.find_payment(db, who, args.number)
    view = payments.reverse_payment(db, who, original.id, args.reason)
    print(f"{view.number}\t{view.amount:,.2f}\t冲销 {original.number}")
    return 0


def _receipt(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    view = payments.find_payment(db, who, args.number)
    path = args.output or Path(f"{view.number}.pdf")
    path.write_bytes(payments.payment_receipt_pdf(db, who, view.id))
    print(path)
    return 0


def _unremitted(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    branch_id = branch_filter(args, db, who)
    rows = (
        payments.remittances_overdue(db, who, branch_id=branch_id)
        if args.overdue
        else payments.unremitted_payments(db, who, branch_id=branch_id)
    )
    if args.json:
        print_json(rows)
        return 0
    for u in rows:
        state = (
            f"逾期 {u.hours_overdue} 小时"
            if u.overdue
            else f"剩余 {u.hours_left} 小时"
            if u.hours_left is not None
            else ""
        )
        print(f"{u.payment_number}\t{u.customer_name}\t{u.unremitted:,.2f}\t{state}")
    return 0


def _remit(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    view = payments.record_remittance(
        db,
        who,
        RemittanceInput(
            amount=args.amount,
            method=args.method,
            reference=args.reference,
            payment_ids=args.payment,
        ),
    )
    print(f"{view.number}\t{view.amount:,.2f}")
    for i in view.items:
        print(f"  {i.payment_number}\t{i.customer_name}\t{i.amount:,.2f}")
    return 0


def _receivables(args: argparse.Namespace) -> int:
    db, who = signed_in(args)
    rows = payments.receivables(
        db, who, _day(args.on, "on"), branch_id=branch_filter(args, db, who)
    )
    if args.json:
        print_json([{**_flat(r), "buckets": {**r.buckets.__dict__}} for r in rows])
        return 0
    print("客户\t合计\t未到期\t1-30天\t31-60天\t61-90天\t90天以上\t预收款\t余额")
    for r in rows:
        b = r.buckets
        cells = (r.total, b.current, b.d1_30, b.d31_60, b.d61_90, b.over_90, r.credit, r.balance)
        print(r.customer_name + "\t" + "\t".join(f"{c:,.2f}" for c in cells))
    return 0


def _flat(row: payments.ReceivableRow) -> dict[str, object]:
    return {k: v for k, v in row.__dict__.items() if k != "buckets"}
