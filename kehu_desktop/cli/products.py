"""`kehu product list|add|batch-add|batches`: products and batches (head-office data, kept by an
administrator until sync owns it)."""

from __future__ import annotations

import argparse
import uuid

from kehu_desktop.cli.common import actor
from kehu_desktop.cli.common import database
from kehu_desktop.cli.common import print_json
from kehu_desktop.cli.common import signed_in
from kehu_desktop.cli.common import user_command
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.services import products
from kehu_desktop.services.products import ProductInput


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    product = sub.add_parser("product", help="产品 / products").add_subparsers(
        dest="product_cmd", required=True
    )
    lst = product.add_parser("list", help="list products (search: code, name, pinyin)")
    lst.add_argument("search", nargs="?", default="")
    lst.add_argument("--all", action="store_true", help="include inactive products")
    user_command(lst, _list, json=True)
    add = product.add_parser("add", help="add a product, or update the one with this code")
    add.add_argument("code")
    add.add_argument("name")
    add.add_argument("--unit", required=True, help="e.g. 盒")
    add.add_argument("--price", required=True, help="factory price (厂价), e.g. 12.50")
    add.add_argument("--spec", help="specification (规格), e.g. 0.25g×24粒")
    add.add_argument("--dosage-form", help="dosage form (剂型), e.g. 胶囊剂")
    add.add_argument("--manufacturer", help="manufacturer (生产厂商), printed on the slip")
    add.add_argument("--batch-required", action="store_true", help="medicines: batch + expiry")
    user_command(add, _add)
    batch = product.add_parser("batch-add", help="record a batch and its expiry date")
    batch.add_argument("code")
    batch.add_argument("batch_no")
    batch.add_argument("expiry", help="YYYY-MM-DD")
    user_command(batch, _batch_add)
    batches = product.add_parser("batches", help="a product's batches, good ones first")
    batches.add_argument("code")
    user_command(batches, _batches)


def _list(args: argparse.Namespace) -> int:
    db = database(args)
    found = products.list_products(
        db, actor(args, db), args.search, include_inactive=args.all, limit=10_000
    )
    if args.json:
        print_json(found)
    else:
        for p in found:
            state = "" if p.active else "\t(停用)"
            cells = (p.code, p.name, p.dosage_form, p.specification, p.manufacturer, p.unit)
            print("\t".join(c or "" for c in cells) + f"\t{p.factory_price}{state}")
    return 0


def _add(args: argparse.Namespace) -> int:
    db, me = signed_in(args)
    try:
        same: uuid.UUID | None = products.product_by_code(db, me, args.code).id
    except NotFound:
        same = None
    view = products.save_product(
        db,
        me,
        ProductInput(
            code=args.code,
            name=args.name,
            specification=args.spec,
            dosage_form=args.dosage_form,
            manufacturer=args.manufacturer,
            unit=args.unit,
            factory_price=args.price,
            batch_required=args.batch_required,
            id=same,
        ),
    )
    print(f"{view.code}\t{view.name}\t{view.factory_price}")
    return 0


def _batch_add(args: argparse.Namespace) -> int:
    db, me = signed_in(args)
    product = products.product_by_code(db, me, args.code)
    view = products.add_batch(db, me, product.id, args.batch_no, args.expiry)
    print(f"{product.code}\t{view.batch_no}\t{view.expiry}")
    return 0


def _batches(args: argparse.Namespace) -> int:
    db, me = signed_in(args)
    product = products.product_by_code(db, me, args.code)
    for b in products.product_batches(db, me, product.id):
        state = "\t(过期)" if b.expired else ""
        print(f"{b.batch_no}\t{b.expiry}{state}")
    return 0
