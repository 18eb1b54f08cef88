"""Step 6, dispatch notes (货物发运单): request → approve → assign → release → deliver → return.

States (DispatchNote.status)::

    requested ─approve─▶ approved ─assign─▶ assigned ─release─▶ released ─deliver─▶ delivered
        │                   │                  │                    │                   │
        └──── cancel ───────┴──────────────────┘                  park                return
                 ▼                                                  ▼                   ▼
             cancelled                                parked ─deliver─▶ delivered   returned

* ``request_dispatch`` (sales rep) validates every line at field level and writes nothing unless
  all are good: quantity > 0, price not below the product's factory price, a batch for a
  batch-required product, no expired batch, known products, a selected customer.
* ``approve_dispatch`` (sales manager or GM) signed, or by phone when both are out; a phone
  approval is listed by ``signatures_owed`` until ``complete_signature``.
* ``assign_driver`` (GM): a user with the driver role, and a route.
* ``release_dispatch`` (cashier): the credit check, see services.release.
* ``park_at_market_office`` (sales rep): the customer cannot receive; a temporary receipt
  (临时收条) is issued, cancelled by the final ``confirm_delivery``.
* ``confirm_delivery`` (sales rep) issues the slip: 送货单 for a cash sale, 赊销单 for credit.
* ``record_note_returned`` (cashier): the driver brought the signed note back; the goods are
  registered as taken by the customer's market office (``market_office_goods``).
* ``cancel_dispatch`` (sales manager or GM) only before release.

Every step is one transaction, audited and written to the outbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import numbering
from kehu_desktop.domain.customer import STATUSES as CUSTOMER_STATUSES
from kehu_desktop.domain.errors import Conflict, FieldError, NotFound, ValidationFailed
from kehu_desktop.domain.identifiers import normalise_text, parse_amount, parse_count
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import (
    Branch,
    Customer,
    DispatchLine,
    DispatchNote,
    MarketOffice,
    Product,
    ProductBatch,
    Slip,
    TemporaryReceipt,
    User,
    utcnow,
)
from kehu_desktop.services.context import Actor, require
from kehu_desktop.services.records import audit, next_number, record_change

CENT = Decimal("0.01")

STATUSES: dict[str, str] = {
    "requested": "待审批",
    "approved": "已批准",
    "assigned": "已派车",
    "released": "已放行",
    "parked": "暂存市场部",
    "delivered": "已送达",
    "returned": "已交回",
    "cancelled": "已取消",
}
SALE_KINDS: dict[str, str] = {"cash": "现款现货", "credit": "赊销"}
APPROVAL_MODES: dict[str, str] = {"signed": "签字", "phone": "电话批准"}
CANCELLABLE = frozenset({"requested", "approved", "assigned"})
#: States in which goods are out of the warehouse and not yet slipped (count in exposure).
RELEASED_NOT_SLIPPED = frozenset({"released", "parked"})

_ACTIONS = {
    "approve": "审批",
    "assign": "安排送货员",
    "release": "放行",
    "park": "暂存市场部",
    "deliver": "确认送达",
    "return": "登记交回",
    "cancel": "取消",
    "sign": "补签",
}


# --------------------------------------------------------------------------------------------
# Inputs and results
# --------------------------------------------------------------------------------------------


@dataclass
class DispatchLineInput:
    """One line as typed: quantity and price may be text; batch may be absent."""

    product_id: uuid.UUID | str
    quantity: int | str
    unit_price: Decimal | str
    batch_id: uuid.UUID | str | None = None


LineInput = DispatchLineInput | tuple[Any, ...]


@dataclass
class DispatchRequest:
    customer_id: uuid.UUID | str | None
    sale_kind: str  # cash / credit
    lines: Sequence[LineInput]  # DispatchLineInput or (product_id, quantity, price, batch_id)
    note: str | None = None


@dataclass(frozen=True)
class DispatchLineView:
    line_no: int
    product_id: uuid.UUID
    product_code: str
    product_name: str
    specification: str | None
    unit: str
    batch_id: uuid.UUID | None
    batch_no: str | None
    expiry: date | None
    quantity: int
    unit_price: Decimal
    amount: Decimal
    delivered_quantity: int | None


@dataclass(frozen=True)
class TemporaryReceiptView:
    number: str
    market_office: str | None
    issued_by: str
    issued_at: datetime
    cancelled_at: datetime | None


@dataclass(frozen=True)
class DispatchRow:
    """One line of a dispatch list."""

    id: uuid.UUID
    number: str
    status: str
    sale_kind: str
    customer_id: uuid.UUID
    customer_name: str
    total: Decimal
    requested_at: datetime
    approval_mode: str | None
    signature_owed: bool
    driver: str | None
    route: str | None


@dataclass(frozen=True)
class DispatchView:
    id: uuid.UUID
    number: str
    status: str
    sale_kind: str
    customer_id: uuid.UUID
    customer_name: str
    market_office: str | None
    total: Decimal
    note: str | None
    requested_by: str
    requested_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    approval_mode: str | None
    signature_owed: bool
    signature_completed_at: datetime | None
    driver_id: uuid.UUID | None
    driver: str | None
    route: str | None
    assigned_at: datetime | None
    released_by: str | None
    released_at: datetime | None
    delivered_by: str | None
    delivered_on: date | None
    returned_to: str | None
    returned_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    lines: tuple[DispatchLineView, ...]
    temporary_receipt: TemporaryReceiptView | None
    slip_numbers: tuple[str, ...]  # issued (and voided) slips of this note
    version: int


@dataclass(frozen=True)
class MarketOfficeGoods:
    """Goods taken by a market office's customers (returned notes), per product."""

    market_office: str | None
    product_code: str
    product_name: str
    unit: str
    quantity: int
    amount: Decimal
    notes: int


# --------------------------------------------------------------------------------------------
# Helpers shared with release.py and slips.py
# --------------------------------------------------------------------------------------------


def visible(actor: Actor) -> Any:
    """Branch users see their branch's notes; head-office users every branch."""
    if actor.branch_id is not None:
        return DispatchNote.branch_id == actor.branch_id
    return DispatchNote.id.is_not(None)


def as_uuid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None


def line_amount(quantity: int, unit_price: Decimal) -> Decimal:
    """Quantity × unit price, rounded half-up at the line (design.md)."""
    return (Decimal(quantity) * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def lock_customer(s: Session, customer_id: uuid.UUID) -> None:
    """Lock the customer row until the transaction ends (PostgreSQL ``FOR UPDATE``; on SQLite the
    write transaction's ``BEGIN IMMEDIATE`` already serialises writers). Everything that can add
    to a customer's exposure takes this lock first, so two releases never share the headroom."""
    s.execute(select(Customer.id).where(Customer.id == customer_id).with_for_update()).first()


def load_note(s: Session, actor: Actor, note_id: uuid.UUID, *, lock: bool = True) -> DispatchNote:
    stmt = select(DispatchNote).where(DispatchNote.id == note_id, visible(actor))
    if lock:
        # populate_existing: a row read earlier in this transaction (before the lock was granted)
        # must be refreshed with what the lock holder committed, or a stale status would win.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    note = s.execute(stmt).scalar_one_or_none()
    if note is None:
        raise NotFound("dispatch.not_found")
    return note


def check_state(note: DispatchNote, allowed: Iterable[str], action: str) -> None:
    if note.status not in set(allowed):
        raise Conflict(
            "dispatch.bad_state",
            note=note.number,
            status=STATUSES.get(note.status, note.status),
            action=_ACTIONS.get(action, action),
        )


def touch(
    s: Session, actor: Actor, note: DispatchNote, action: str, before: dict[str, Any], **after: Any
) -> None:
    """Audit and outbox of one step of a note."""
    note.version += 1
    audit(
        s,
        actor,
        action,
        entity="dispatch_note",
        entity_id=note.id,
        before=before,
        after={"number": note.number, "status": note.status, **after},
    )
    record_change(s, note.branch_id, "dispatch_note", note)


def _names(s: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = s.execute(select(User.id, User.display_name).where(User.id.in_(wanted))).all()
    return {r.id: r.display_name for r in rows}


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


def request_dispatch(
    db: Database, actor: Actor, request: DispatchRequest, *, today: date | None = None
) -> DispatchView:
    """A sales rep asks for goods for a selected customer of their branch.

    Refuses, listing every bad field (nothing is written): no customer or one not selected, an
    unknown sale kind, no lines, an unknown or inactive product, a quantity ≤ 0, a price below the
    factory price (厂价, both numbers given), a missing batch on a batch-required product, an
    unknown or expired batch. Numbered ``{branch}-DN-{year}-{seq}``.
    """
    require(actor, "dispatch.request")
    today = today or date.today()
    errors: list[FieldError] = []
    if request.sale_kind not in SALE_KINDS:
        errors.append(
            FieldError(
                "sale_kind",
                "choice.invalid",
                {
                    "label": "销售方式",
                    "value": request.sale_kind,
                    "choices": "、".join(f"{k}（{v}）" for k, v in SALE_KINDS.items()),
                },
            )
        )
    if not request.lines:
        errors.append(FieldError("lines", "dispatch.no_lines"))
    with db.write() as s:
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
                            "status": CUSTOMER_STATUSES.get(customer.status, customer.status),
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


# --------------------------------------------------------------------------------------------
# Approve, sign, assign, cancel
# --------------------------------------------------------------------------------------------


def approve_dispatch(
    db: Database, actor: Actor, note_id: uuid.UUID, mode: str = "signed"
) -> DispatchView:
    """The sales manager or branch GM approves a requested note: ``signed`` on paper, or
    ``phone`` when both managers are out (the signature is then owed, see signatures_owed)."""
    require(actor, "dispatch.approve")
    if mode not in APPROVAL_MODES:
        raise ValidationFailed(
            [
                FieldError(
                    "mode",
                    "choice.invalid",
                    {"label": "批准方式", "value": mode, "choices": "signed、phone"},
                )
            ]
        )
    with db.write() as s:
        note = load_note(s, actor, note_id)
        check_state(note, {"requested"}, "approve")
        before = {"status": note.status}
        note.status = "approved"
        note.approved_by = actor.user_id
        note.approved_at = utcnow()
        note.approval_mode = mode
        note.signature_completed_at = note.approved_at if mode == "signed" else None
        touch(s, actor, note, "dispatch_approved", before, approval_mode=mode)
        return dispatch_view(s, note)


def complete_signature(db: Database, actor: Actor, note_id: uuid.UUID) -> DispatchView:
    """The sales manager or GM signs a note that was approved by phone (at any later state)."""
    require(actor, "dispatch.approve")
    with db.write() as s:
        note = load_note(s, actor, note_id)
        if note.approval_mode != "phone" or note.signature_completed_at is not None:
            raise Conflict("dispatch.no_signature_owed", note=note.number)
        before = {"status": note.status, "signature_completed_at": None}
        note.signature_completed_at = utcnow()
        touch(
            s,
            actor,
            note,
            "dispatch_signature_completed",
            before,
            signature_completed_at=note.signature_completed_at,
        )
        return dispatch_view(s, note)


def signatures_owed(db: Database, actor: Actor) -> list[DispatchRow]:
    """Notes approved by phone whose signature has not been completed (cancelled ones excluded),
    oldest first."""
    require(actor, "dispatch.view")
    with db.read() as s:
        stmt = (
            _row_query(actor)
            .where(
                DispatchNote.approval_mode == "phone",
                DispatchNote.signature_completed_at.is_(None),
                DispatchNote.status != "cancelled",
            )
            .order_by(DispatchNote.approved_at, DispatchNote.number)
        )
        return _rows(s, stmt)


def assign_driver(
    db: Database, actor: Actor, note_id: uuid.UUID, driver: uuid.UUID | str, route: str
) -> DispatchView:
    """The branch GM assigns a driver (a user of the branch with the driver role; by id or user
    name) and a route to an approved note; may re-assign until release."""
    require(actor, "dispatch.assign")
    route = normalise_text(route or "")
    errors = []
    if not route:
        errors.append(FieldError("route", "required", {"label": "路线"}))
    with db.write() as s:
        driver_id = as_uuid(driver)
        user = (
            s.get(User, driver_id)
            if driver_id is not None
            else s.execute(
                select(User).where(User.username == str(driver).strip())
            ).scalar_one_or_none()
        )
        if user is None:
            errors.append(FieldError("driver", "user.unknown", {"name": str(driver)}))
        elif (
            Role.DRIVER.value not in {r.role for r in user.roles}
            or not user.active
            or (actor.branch_id is not None and user.branch_id != actor.branch_id)
        ):
            errors.append(
                FieldError("driver", "dispatch.not_a_driver", {"name": user.display_name})
            )
        if errors:
            raise ValidationFailed(errors)
        assert user is not None
        note = load_note(s, actor, note_id)
        check_state(note, {"approved", "assigned"}, "assign")
        before = {"status": note.status, "driver_id": note.driver_id, "route": note.route}
        note.status = "assigned"
        note.driver_id = user.id
        note.route = route[:200]
        note.assigned_by = actor.user_id
        note.assigned_at = utcnow()
        touch(s, actor, note, "dispatch_assigned", before, driver=user.username, route=note.route)
        return dispatch_view(s, note)


def cancel_dispatch(db: Database, actor: Actor, note_id: uuid.UUID, reason: str) -> DispatchView:
    """The sales manager or GM cancels a note before release. A released note cannot be
    cancelled (the goods are out: 已放行的发运单不能取消)."""
    require(actor, "dispatch.cancel")
    reason = normalise_text(reason or "")
    if not reason:
        raise ValidationFailed([FieldError("reason", "required", {"label": "取消原因"})])
    with db.write() as s:
        note = load_note(s, actor, note_id)
        if note.status not in CANCELLABLE:
            if note.status == "cancelled":
                raise Conflict("dispatch.already_cancelled", note=note.number)
            raise Conflict("dispatch.cancel_released", note=note.number)
        before = {"status": note.status}
        note.status = "cancelled"
        note.cancelled_by = actor.user_id
        note.cancelled_at = utcnow()
        note.cancel_reason = reason
        touch(s, actor, note, "dispatch_cancelled", before, reason=reason)
        return dispatch_view(s, note)


# --------------------------------------------------------------------------------------------
# After release: park, deliver, return
# --------------------------------------------------------------------------------------------


def park_at_market_office(
    db: Database, actor: Actor, note_id: uuid.UUID, *, today: date | None = None
) -> DispatchView:
    """The customer cannot receive: the sales rep leaves the goods at the market office against a
    temporary receipt (临时收条, ``{branch}-TR-{year}-{seq}``), cancelled on final delivery."""
    require(actor, "dispatch.deliver")
    today = today or date.today()
    with db.write() as s:
        note = load_note(s, actor, note_id)
        check_state(note, {"released"}, "park")
        assert actor.user_id is not None
        branch = s.get(Branch, note.branch_id)
        assert branch is not None
        seq = next_number(s, branch.id, numbering.TEMPORARY_RECEIPT, today.year)
        receipt = TemporaryReceipt(
            note_id=note.id,
            number=numbering.document_number(
                branch.code, numbering.TEMPORARY_RECEIPT, today.year, seq
            ),
            market_office_id=note.market_office_id,
            issued_by=actor.user_id,
        )
        s.add(receipt)
        before = {"status": note.status}
        note.status = "parked"
        touch(s, actor, note, "dispatch_parked", before, temporary_receipt=receipt.number)
        record_change(s, branch.id, "temporary_receipt", receipt)
        return dispatch_view(s, note)


def confirm_delivery(
    db: Database,
    actor: Actor,
    note_id: uuid.UUID,
    delivered_quantities: Mapping[int, int | str] | None = None,
    delivered_on: date | None = None,
    *,
    today: date | None = None,
) -> DispatchView:
    """The sales rep confirms what the customer received and issues the slip in the same
    transaction: cash sale → delivery slip (送货单, DS), credit sale → credit-sale slip (赊销单,
    CS), numbered gapless per branch, kind and year.

    ``delivered_quantities`` maps line number → quantity received (0 … ordered); lines not given
    were delivered in full; lines with 0 are left off the slip. A parked note's temporary receipt
    is cancelled. The customer's unallocated money (a prepayment) is applied to the new slip at
    once. A delivered note whose slips were all voided may be confirmed again, which issues a
    corrected slip under a new number. Refuses a future date or nothing delivered.
    """
    from kehu_desktop.services.slips import apply_credit_in, issue_slip_in

    require(actor, "dispatch.deliver")
    today = today or date.today()
    delivered_on = delivered_on or today
    if delivered_on > today:
        raise ValidationFailed([FieldError("delivered_on", "date.future", {"label": "送达日期"})])
    with db.write() as s:
        customer_id = load_note(s, actor, note_id, lock=False).customer_id
        lock_customer(s, customer_id)
        note = load_note(s, actor, note_id)
        if note.status in ("delivered", "returned"):
            live = s.execute(
                select(func.count())
                .select_from(Slip)
                .where(Slip.dispatch_note_id == note.id, Slip.status != "voided")
            ).scalar_one()
            if live:
                check_state(note, set(), "deliver")
        else:
            check_state(note, {"released", "parked"}, "deliver")
        lines = list(
            s.execute(
                select(DispatchLine)
                .where(DispatchLine.note_id == note.id)
                .order_by(DispatchLine.line_no)
            ).scalars()
        )
        _apply_delivered(lines, delivered_quantities or {})
        before = {"status": note.status}
        receipt = s.execute(
            select(TemporaryReceipt).where(
                TemporaryReceipt.note_id == note.id, TemporaryReceipt.cancelled_at.is_(None)
            )
        ).scalar_one_or_none()
        if receipt is not None:
            receipt.cancelled_by = actor.user_id
            receipt.cancelled_at = utcnow()
            record_change(s, note.branch_id, "temporary_receipt", receipt)
        if note.status != "returned":
            note.status = "delivered"
        note.delivered_by = actor.user_id
        note.delivered_on = delivered_on
        for ln in lines:
            record_change(s, note.branch_id, "dispatch_line", ln)
        slip = issue_slip_in(s, actor, note, lines, delivered_on)
        apply_credit_in(s, actor, note.customer_id, today)  # a prepayment pays it at once
        touch(
            s,
            actor,
            note,
            "dispatch_delivered",
            before,
            delivered_on=delivered_on,
            slip=slip.number,
            temporary_receipt_cancelled=receipt.number if receipt else None,
            delivered={ln.line_no: ln.delivered_quantity for ln in lines},
        )
        return dispatch_view(s, note)


def _apply_delivered(lines: list[DispatchLine], given: Mapping[int, int | str]) -> None:
    errors: list[FieldError] = []
    by_no = {ln.line_no: ln for ln in lines}
    for key in given:
        if int(key) not in by_no:
            errors.append(FieldError(f"delivered[{key}]", "dispatch.unknown_line", {"line": key}))
    for ln in lines:
        raw = given.get(ln.line_no, ln.quantity)
        field = f"delivered[{ln.line_no}]"
        try:
            qty = parse_count(raw, field=field, label="送达数量")
        except ValidationFailed:
            qty = None
        if qty is None or qty > ln.quantity:
            errors.append(
                FieldError(
                    field,
                    "dispatch.delivered_quantity",
                    {"line": ln.line_no, "quantity": ln.quantity},
                )
            )
            continue
        ln.delivered_quantity = qty
    if not errors and not any(ln.delivered_quantity for ln in lines):
        errors.append(FieldError("delivered", "dispatch.nothing_delivered"))
    if errors:
        raise ValidationFailed(errors)


def record_note_returned(db: Database, actor: Actor, note_id: uuid.UUID) -> DispatchView:
    """The cashier records that the driver brought the signed note back; the delivered goods are
    then counted as taken by the customer's market office (see market_office_goods)."""
    require(actor, "dispatch.return")
    with db.write() as s:
        note = load_note(s, actor, note_id)
        check_state(note, {"delivered"}, "return")
        before = {"status": note.status}
        note.status = "returned"
        note.returned_to = actor.user_id
        note.returned_at = utcnow()
        touch(s, actor, note, "dispatch_returned", before)
        return dispatch_view(s, note)


def market_office_goods(
    db: Database, actor: Actor, *, since: date | None = None, until: date | None = None
) -> list[MarketOfficeGoods]:
    """The cashier's register of goods taken by each market office: delivered quantities of
    returned notes, by market office and product, optionally for delivery dates in a range."""
    require(actor, "dispatch.view")
    with db.read() as s:
        stmt = (
            select(
                MarketOffice.name,
                Product.code,
                Product.name,
                Product.unit,
                DispatchLine.delivered_quantity,
                DispatchLine.unit_price,
                DispatchNote.id,
            )
            .select_from(DispatchNote)
            .join(DispatchLine, DispatchLine.note_id == DispatchNote.id)
            .join(Product, Product.id == DispatchLine.product_id)
            .outerjoin(MarketOffice, MarketOffice.id == DispatchNote.market_office_id)
            .where(visible(actor), DispatchNote.status == "returned")
        )
        if since is not None:
            stmt = stmt.where(DispatchNote.delivered_on >= since)
        if until is not None:
            stmt = stmt.where(DispatchNote.delivered_on <= until)
        totals: dict[tuple[str | None, str], list[Any]] = {}
        for office, code, name, unit, qty, price, nid in s.execute(stmt).all():
            entry = totals.setdefault((office, code), [name, unit, 0, Decimal("0.00"), set()])
            entry[2] += qty or 0
            entry[3] += line_amount(qty or 0, price)
            entry[4].add(nid)
        return [
            MarketOfficeGoods(office, code, e[0], e[1], e[2], e[3], len(e[4]))
            for (office, code), e in sorted(
                totals.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])
            )
        ]


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _row_query(actor: Actor) -> Any:
    return (
        select(DispatchNote, Customer.name)
        .join(Customer, Customer.id == DispatchNote.customer_id)
        .where(visible(actor))
    )


def _rows(s: Session, stmt: Any) -> list[DispatchRow]:
    result = s.execute(stmt).all()
    names = _names(s, (n.driver_id for n, _ in result))
    return [
        DispatchRow(
            id=n.id,
            number=n.number,
            status=n.status,
            sale_kind=n.sale_kind,
            customer_id=n.customer_id,
            customer_name=cname,
            total=n.total,
            requested_at=n.requested_at,
            approval_mode=n.approval_mode,
            signature_owed=_owed(n),
            driver=names.get(n.driver_id) if n.driver_id else None,
            route=n.route,
        )
        for n, cname in result
    ]


def _owed(note: DispatchNote) -> bool:
    return (
        note.approval_mode == "phone"
        and note.signature_completed_at is None
        and note.status != "cancelled"
    )


def list_dispatches(
    db: Database,
    actor: Actor,
    status: str | Iterable[str] | None = None,
    *,
    customer_id: uuid.UUID | None = None,
    sale_kind: str | None = None,
    search: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[DispatchRow]:
    """Notes the actor can see, newest number first; filters by status (one or several),
    customer, sale kind, and a search on the note number or customer name."""
    require(actor, "dispatch.view")
    with db.read() as s:
        stmt = _row_query(actor)
        if status is not None:
            wanted = [status] if isinstance(status, str) else list(status)
            stmt = stmt.where(DispatchNote.status.in_(wanted))
        if customer_id is not None:
            stmt = stmt.where(DispatchNote.customer_id == customer_id)
        if sale_kind is not None:
            stmt = stmt.where(DispatchNote.sale_kind == sale_kind)
        if search and search.strip():
            like = f"%{search.strip()}%"
            stmt = stmt.where(or_(DispatchNote.number.ilike(like), Customer.name.like(like)))
        stmt = stmt.order_by(DispatchNote.requested_at.desc(), DispatchNote.number.desc())
        return _rows(s, stmt.limit(limit).offset(offset))


def get_dispatch(db: Database, actor: Actor, note_id_or_number: uuid.UUID | str) -> DispatchView:
    """One note with its lines, temporary receipt and slips, by id or number."""
    require(actor, "dispatch.view")
    with db.read() as s:
        note_id = as_uuid(note_id_or_number)
        if note_id is None:
            number = str(note_id_or_number).strip().upper()
            note = s.execute(
                select(DispatchNote).where(DispatchNote.number == number, visible(actor))
            ).scalar_one_or_none()
            if note is None:
                raise NotFound("dispatch.not_found")
        else:
            note = load_note(s, actor, note_id, lock=False)
        return dispatch_view(s, note)


def dispatch_view(s: Session, note: DispatchNote) -> DispatchView:
    s.flush()
    customer = s.get(Customer, note.customer_id)
    assert customer is not None
    office = s.get(MarketOffice, note.market_office_id) if note.market_office_id else None
    rows = s.execute(
        select(DispatchLine, Product, ProductBatch)
        .join(Product, Product.id == DispatchLine.product_id)
        .outerjoin(ProductBatch, ProductBatch.id == DispatchLine.batch_id)
        .where(DispatchLine.note_id == note.id)
        .order_by(DispatchLine.line_no)
    ).all()
    receipt = (
        s.execute(
            select(TemporaryReceipt)
            .where(TemporaryReceipt.note_id == note.id)
            .order_by(TemporaryReceipt.issued_at.desc())
        )
        .scalars()
        .first()
    )
    slips = (
        s.execute(
            select(Slip.number).where(Slip.dispatch_note_id == note.id).order_by(Slip.issued_at)
        )
        .scalars()
        .all()
    )
    names = _names(
        s,
        (
            note.requested_by,
            note.approved_by,
            note.driver_id,
            note.released_by,
            note.delivered_by,
            note.returned_to,
            receipt.issued_by if receipt else None,
        ),
    )

    def name(i: uuid.UUID | None) -> str | None:
        return names.get(i) if i is not None else None

    return DispatchView(
        id=note.id,
        number=note.number,
        status=note.status,
        sale_kind=note.sale_kind,
        customer_id=customer.id,
        customer_name=customer.name,
        market_office=office.name if office else None,
        total=note.total,
        note=note.note,
        requested_by=name(note.requested_by) or "?",
        requested_at=note.requested_at,
        approved_by=name(note.approved_by),
        approved_at=note.approved_at,
        approval_mode=note.approval_mode,
        signature_owed=_owed(note),
        signature_completed_at=note.signature_completed_at,
        driver_id=note.driver_id,
        driver=name(note.driver_id),
        route=note.route,
        assigned_at=note.assigned_at,
        released_by=name(note.released_by),
        released_at=note.released_at,
        delivered_by=name(note.delivered_by),
        delivered_on=note.delivered_on,
        returned_to=name(note.returned_to),
        returned_at=note.returned_at,
        cancelled_at=note.cancelled_at,
        cancel_reason=note.cancel_reason,
        lines=tuple(
            DispatchLineView(
                line_no=ln.line_no,
                product_id=p.id,
                product_code=p.code,
                product_name=p.name,
                specification=p.specification,
                unit=p.unit,
                batch_id=ln.batch_id,
                batch_no=b.batch_no if b else None,
                expiry=b.expiry if b else None,
                quantity=ln.quantity,
                unit_price=ln.unit_price,
                amount=ln.amount,
                delivered_quantity=ln.delivered_quantity,
            )
            for ln, p, b in rows
        ),
        temporary_receipt=TemporaryReceiptView(
            number=receipt.number,
            market_office=office.name if office and receipt.market_office_id else None,
            issued_by=name(receipt.issued_by) or "?",
            issued_at=receipt.issued_at,
            cancelled_at=receipt.cancelled_at,
        )
        if receipt
        else None,
        slip_numbers=tuple(slips),
        version=note.version,
    )
