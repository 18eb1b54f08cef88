"""Requesting a dispatch (sales rep): every line checked at field level, nothing written unless
all are good (quantity > 0, price not below the factory price, a batch where one is required, no
expired batch, known products, a selected customer).

``services.dispatch`` re-exports the public names; import from there.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import numbering
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.identifiers import parse_count
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.money import line_amount
from kehu_desktop.dto import SALE_KINDS
from kehu_desktop.dto import DispatchLineInput
from kehu_desktop.dto import DispatchRequest
from kehu_desktop.dto import DispatchView
from kehu_desktop.dto import LineInput
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchLine
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import Product
from kehu_desktop.models import ProductBatch
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import next_number
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import use_case
from kehu_desktop.services.dispatch.queries import as_uuid
from kehu_desktop.services.dispatch.queries import dispatch_view

# --------------------------------------------------------------------------------------------
# Request
# --------------------------------------------------------------------------------------------


def _line_input(raw: LineInput) -> DispatchLineInput:
    if isinstance(raw, DispatchLineInput):
        return raw
    items = list(raw) + [None] * (4 - len(raw))
    return DispatchLineInput(items[0], items[1], items[2], items[3])


def _clean_line(
    s: Session, i: int, raw: LineInput, today: date, errors: list[FieldError]
) -> DispatchLine | None:
    """Validate one line; append its errors (field ``lines[i].x``) and return the row or None."""
    line = _line_input(raw)
    prefix = f"lines[{i}]."
    n = i + 1
    bad = len(errors)
    product_id = as_uuid(line.product_id)
    product = s.get(Product, product_id) if product_id is not None else None
    if product is None:
        errors.append(FieldError(prefix + "product_id", "dispatch.unknown_product", {"line": n}))
    elif not product.active:
        errors.append(
            FieldError(
                prefix + "product_id",
                "dispatch.product_inactive",
                {"line": n, "product": product.name},
            )
        )
    quantity: int | None = None
    label = f"第{n}行数量"
    if _blank(line.quantity):
        errors.append(FieldError(prefix + "quantity", "required", {"label": label}))
    else:
        try:
            quantity = parse_count(line.quantity, field=prefix + "quantity", label=label)
        except ValidationFailed as exc:
            # A negative quantity gets the same message as zero; anything else is unreadable.
            if any(e.code == "number.negative" for e in exc.errors):
                quantity = 0
            else:
                errors.extend(exc.errors)
        if quantity is not None and quantity <= 0:
            errors.append(
                FieldError(prefix + "quantity", "dispatch.quantity_positive", {"line": n})
            )
    price: Decimal | None = None
    try:
        price = parse_amount(line.unit_price, field=prefix + "unit_price", label=f"第{n}行单价")
        if price is None:
            errors.append(FieldError(prefix + "unit_price", "required", {"label": f"第{n}行单价"}))
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if product is not None and price is not None and price < product.factory_price:
        errors.append(
            FieldError(
                prefix + "unit_price",
                "dispatch.below_factory_price",
                {
                    "line": n,
                    "product": product.name,
                    "unit_price": price,
                    "factory_price": product.factory_price,
                },
            )
        )
    batch: ProductBatch | None = None
    if line.batch_id is not None and str(line.batch_id).strip():
        batch_id = as_uuid(line.batch_id)
        batch = s.get(ProductBatch, batch_id) if batch_id is not None else None
        if batch is None or (product is not None and batch.product_id != product.id):
            errors.append(FieldError(prefix + "batch_id", "dispatch.unknown_batch", {"line": n}))
            batch = None
        elif batch.expiry < today:
            errors.append(
                FieldError(
                    prefix + "batch_id",
                    "dispatch.batch_expired",
                    {"line": n, "batch": batch.batch_no, "expiry": batch.expiry.isoformat()},
                )
            )
    elif product is not None and product.batch_required:
        errors.append(
            FieldError(
                prefix + "batch_id", "dispatch.batch_required", {"line": n, "product": product.name}
            )
        )
    if len(errors) > bad or product is None or quantity is None or price is None:
        return None
    return DispatchLine(
        line_no=n,
        product_id=product.id,
        batch_id=batch.id if batch else None,
        quantity=quantity,
        unit_price=price,
        amount=line_amount(quantity, price),
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def request_dispatch(db: Database, actor: Actor, request: DispatchRequest) -> DispatchView:
    """A sales rep asks for goods for a selected customer of their branch.

    Refuses, listing every bad field (nothing is written): no customer or one not selected, an
    unknown sale kind, no lines, an unknown or inactive product, a quantity ≤ 0, a price below the
    factory price (厂价, both numbers given), a missing batch on a batch-required product, an
    unknown or expired batch. Numbered ``{branch}-DN-{year}-{seq}``.
    """
    today = db.clock.today()
    errors: list[FieldError] = []
    if request.sale_kind not in SALE_KINDS:
        errors.append(
            invalid_choice(
                "sale_kind",
                "销售方式",
                request.sale_kind,
                [f"{k}（{v}）" for k, v in SALE_KINDS.items()],
            )
        )
    if not request.lines:
        errors.append(FieldError("lines", "dispatch.no_lines"))
    with use_case(db, actor, "dispatch.request") as (s, actor):
        customer = None
        customer_id = as_uuid(request.customer_id)
        if _blank(request.customer_id):
            errors.append(FieldError("customer_id", "dispatch.customer_required"))
        else:
            customer = s.get(Customer, customer_id) if customer_id else None
            if customer is None or (
                actor.branch_id is not None and customer.branch_id != actor.branch_id
            ):
                errors.append(FieldError("customer_id", "customer.not_found"))
                customer = None
            elif customer.status != "selected":
                errors.append(
                    FieldError(
                        "customer_id",
                        "dispatch.customer_not_selected",
                        {
                            "customer": customer.name,
                            "status": Term("customer.status", customer.status),
                        },
                    )
                )
        lines = [_clean_line(s, i, raw, today, errors) for i, raw in enumerate(request.lines)]
        if errors:
            raise ValidationFailed(errors)
        assert customer is not None and actor.user_id is not None
        branch = s.get(Branch, customer.branch_id)
        assert branch is not None
        seq = next_number(s, branch.id, numbering.DISPATCH_NOTE, today.year)
        note = DispatchNote(
            branch_id=branch.id,
            number=numbering.document_number(branch.code, numbering.DISPATCH_NOTE, today.year, seq),
            customer_id=customer.id,
            market_office_id=customer.market_office_id,
            sale_kind=request.sale_kind,
            status="requested",
            total=sum((ln.amount for ln in lines if ln is not None), Decimal("0.00")),
            requested_by=actor.user_id,
            requested_at=db.clock.now(),
            note=normalise_text(request.note or "") or None,
            version=1,
        )
        s.add(note)
        s.flush()
        for ln in lines:
            assert ln is not None
            ln.note_id = note.id
            s.add(ln)
        audit(
            s,
            actor,
            "dispatch_requested",
            entity="dispatch_note",
            entity_id=note.id,
            after={
                "number": note.number,
                "customer": customer.name,
                "sale_kind": note.sale_kind,
                "total": note.total,
                "lines": [
                    (ln.line_no, ln.quantity, ln.unit_price) for ln in lines if ln is not None
                ],
            },
        )
        record_change(s, branch.id, "dispatch_note", note)
        for ln in lines:
            assert ln is not None
            record_change(s, branch.id, "dispatch_line", ln)
        return dispatch_view(s, note)
