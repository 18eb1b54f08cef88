"""Slips (送货单 / 赊销单, four-part sets): issue on delivery, read, list, void, copy ③ returns.

A slip is issued by ``dispatch.confirm_delivery`` (``issue_slip_in`` runs inside its transaction)
and is then immutable except for its life-cycle marks: void (keeps its number, prints 作废),
print and reprint counts (services.printers), and the return of copy ③, the seller's accounting
copy (记账联), to the accountant.
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain import numbering
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.money import line_amount
from kehu_desktop.domain.slip_rules import COPY3_DAYS_DEFAULT
from kehu_desktop.domain.slip_rules import COPY3_DAYS_SETTING
from kehu_desktop.dto import SlipLineView
from kehu_desktop.dto import SlipRow
from kehu_desktop.dto import SlipView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Branch
from kehu_desktop.models import Contract
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchLine
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Product
from kehu_desktop.models import ProductBatch
from kehu_desktop.models import Slip
from kehu_desktop.models import SlipLine
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import next_number
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import scoped
from kehu_desktop.services.base import use_case
from kehu_desktop.services.slips.seller import seller_in

KINDS: dict[str, str] = {"delivery": "送货单", "credit_sale": "赊销单"}
STATUSES: dict[str, str] = {"issued": "已开具", "voided": "作废"}


# --------------------------------------------------------------------------------------------
# Issue (inside confirm_delivery's transaction)
# --------------------------------------------------------------------------------------------


def contract_for(s: Session, customer_id: uuid.UUID, on: date) -> Contract | None:
    """The credit contract in force on a date (latest start wins); None if there is none."""
    return s.execute(
        select(Contract)
        .where(
            Contract.customer_id == customer_id,
            Contract.valid_from <= on,
            Contract.valid_to >= on,
            Contract.ended_at.is_(None),
            Contract.payment_terms != "cash",
        )
        .order_by(Contract.valid_from.desc(), Contract.signed_date.desc())
        .limit(1)
    ).scalar_one_or_none()


def issue_slip_in(
    s: Session, actor: Actor, note: DispatchNote, lines: list[DispatchLine], delivered_on: date
) -> Slip:
    """Write the slip of a delivered note in the caller's transaction.

    Cash sale → delivery slip (``DS``), credit sale → credit-sale slip (``CS``); the number comes
    from the (branch, kind, year of the delivery date) counter, locked in this transaction, so a
    rollback or a crash gives it back. Customer, products and batches are snapshotted. A credit
    slip's due date is the delivery date plus the contract's term in days (the contract in force
    on the delivery date, else the one in force at release).
    """
    assert actor.user_id is not None
    kind = "credit_sale" if note.sale_kind == "credit" else "delivery"
    branch = s.get(Branch, note.branch_id)
    customer = s.get(Customer, note.customer_id)
    assert branch is not None and customer is not None
    number_kind = numbering.SLIP_NUMBER_KINDS[kind]
    seq = next_number(s, branch.id, number_kind, delivered_on.year)
    terms, due = "cash", None
    if kind == "credit_sale":
        contract = contract_for(s, customer.id, delivered_on)
        if contract is None and note.released_at is not None:
            contract = contract_for(s, customer.id, note.released_at.date())
        terms = contract.payment_terms if contract else "agreed"
        if contract is not None and contract.term_days is not None:
            due = delivered_on + timedelta(days=contract.term_days)
    driver = s.get(User, note.driver_id) if note.driver_id else None
    # The seller as it is today, copied: a reprint years later shows what this slip showed.
    seller = seller_in(s, branch.id)
    slip = Slip(
        branch_id=branch.id,
        number=numbering.document_number(branch.code, number_kind, delivered_on.year, seq),
        kind=kind,
        dispatch_note_id=note.id,
        customer_id=customer.id,
        issue_date=delivered_on,
        issued_by=actor.user_id,
        issued_at=clock_of(s).now(),
        seller_name=seller.seller_name if seller else None,
        seller_address=seller.address if seller else None,
        seller_phone=seller.phone if seller else None,
        seller_licence_no=seller.licence_no if seller else None,
        customer_name=customer.name,
        customer_address=customer.address,
        customer_phone=customer.phone,
        payment_terms=terms,
        due_date=due,
        total=Decimal("0.00"),
        driver_name=driver.display_name if driver else None,
        sales_rep_name=actor.display_name,
        status="issued",
        print_count=0,
        reprint_count=0,
    )
    s.add(slip)
    s.flush()
    slip_lines: list[SlipLine] = []
    for ln in lines:
        qty = ln.delivered_quantity if ln.delivered_quantity is not None else ln.quantity
        if qty <= 0:
            continue
        product = s.get(Product, ln.product_id)
        batch = s.get(ProductBatch, ln.batch_id) if ln.batch_id else None
        assert product is not None
        slip_lines.append(
            SlipLine(
                slip_id=slip.id,
                line_no=len(slip_lines) + 1,
                product_code=product.code,
                product_name=product.name,
                specification=product.specification,
                dosage_form=product.dosage_form,
                manufacturer=product.manufacturer,
                unit=product.unit,
                batch_no=batch.batch_no if batch else None,
                expiry=batch.expiry if batch else None,
                quantity=qty,
                unit_price=ln.unit_price,
                amount=line_amount(qty, ln.unit_price),
            )
        )
    slip.total = sum((sl.amount for sl in slip_lines), Decimal("0.00"))
    s.add_all(slip_lines)
    audit(
        s,
        actor,
        "slip_issued",
        entity="slip",
        entity_id=slip.id,
        after={
            "number": slip.number,
            "kind": kind,
            "dispatch_note": note.number,
            "customer": customer.name,
            "total": slip.total,
            "due_date": due,
        },
    )
    record_change(s, branch.id, "slip", slip)
    for sl in slip_lines:
        record_change(s, branch.id, "slip_line", sl)
    return slip


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def visible(actor: Actor, branch_id: uuid.UUID | None = None) -> Any:
    """The slips of the actor's scope (services.base.scope), narrowed to ``branch_id``."""
    return scoped(actor, Slip.branch_id, Slip.id.is_not(None), branch_id=branch_id)


def find_slip(
    s: Session, actor: Actor, number_or_id: uuid.UUID | str, *, lock: bool = False
) -> Slip:
    """A slip by id or number (case-insensitive), visible to the actor, or NotFound."""
    key: Any = number_or_id
    if not isinstance(key, uuid.UUID):
        try:
            key = uuid.UUID(str(number_or_id).strip())
        except ValueError:
            key = str(number_or_id).strip().upper()
    cond = Slip.id == key if isinstance(key, uuid.UUID) else Slip.number == key
    stmt = select(Slip).where(cond, visible(actor))
    if lock:
        stmt = for_update(s, stmt).execution_options(populate_existing=True)
    slip = s.execute(stmt).scalar_one_or_none()
    if slip is None:
        raise NotFound("slip.not_found", number=str(number_or_id))
    return slip


def slip_view(s: Session, slip: Slip) -> SlipView:
    s.flush()
    branch = s.get(Branch, slip.branch_id)
    note = s.get(DispatchNote, slip.dispatch_note_id)
    issuer = s.get(User, slip.issued_by)
    assert branch is not None and note is not None
    lines = s.execute(
        select(SlipLine).where(SlipLine.slip_id == slip.id).order_by(SlipLine.line_no)
    ).scalars()
    return filled(
        SlipView,
        slip,
        branch_code=branch.code,
        branch_name=branch.name,
        lines=tuple(filled(SlipLineView, ln) for ln in lines),
        issued_by=issuer.display_name if issuer else "?",
        dispatch_note_number=note.number,
    )


def get_slip(db: Database, actor: Actor, number_or_id: uuid.UUID | str) -> SlipView:
    """Everything the slip prints, by id or number. Anyone but drivers may look."""
    with use_case(db, actor, "slip.view", write=False) as (s, actor):
        return slip_view(s, find_slip(s, actor, number_or_id))


def _row(slip: Slip, note_number: str) -> SlipRow:
    return filled(
        SlipRow,
        slip,
        dispatch_note_number=note_number,
        copy3_returned=slip.copy3_returned_at is not None,
    )


def list_slips(
    db: Database,
    actor: Actor,
    *,
    kind: str | None = None,
    status: str | None = None,
    customer_id: uuid.UUID | None = None,
    missing_copy3: bool = False,
    issued_before: date | None = None,
    branch_id: uuid.UUID | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[SlipRow]:
    """Slips the actor can see, by number. ``missing_copy3`` keeps issued (not voided) slips whose
    copy ③ has not come back; ``issued_before`` keeps slips issued before that date."""
    errors = []
    if kind is not None and kind not in KINDS:
        errors.append(invalid_choice("kind", "单据类型", kind, tuple(KINDS)))
    if status is not None and status not in STATUSES:
        errors.append(invalid_choice("status", "状态", status, tuple(STATUSES)))
    if errors:
        raise ValidationFailed(errors)
    with use_case(db, actor, "slip.view", write=False) as (s, actor):
        stmt = (
            select(Slip, DispatchNote.number)
            .join(DispatchNote, DispatchNote.id == Slip.dispatch_note_id)
            .where(visible(actor, branch_id))
        )
        if kind is not None:
            stmt = stmt.where(Slip.kind == kind)
        if status is not None:
            stmt = stmt.where(Slip.status == status)
        if customer_id is not None:
            stmt = stmt.where(Slip.customer_id == customer_id)
        if missing_copy3:
            stmt = stmt.where(Slip.copy3_returned_at.is_(None), Slip.status == "issued")
        if issued_before is not None:
            stmt = stmt.where(Slip.issue_date < issued_before)
        stmt = stmt.order_by(Slip.issue_date, Slip.number).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [_row(slip, note_number) for slip, note_number in s.execute(stmt).all()]


def slips_missing_copy3(
    db: Database,
    actor: Actor,
    older_than_days: int | None = None,
    branch_id: uuid.UUID | None = None,
) -> list[SlipRow]:
    """Issued slips whose copy ③ (记账联) has not come back to the accountant and that are more
    than N days old (N = ``older_than_days`` or the setting ``slip.copy3_overdue_days``,
    default 7), oldest first."""
    today = db.clock.today()
    if older_than_days is None:
        with use_case(db, actor, "slip.view", write=False) as (s, actor):
            value = get_setting(s, COPY3_DAYS_SETTING)
        older_than_days = int(value) if value is not None else COPY3_DAYS_DEFAULT
    return list_slips(
        db,
        actor,
        missing_copy3=True,
        issued_before=today - timedelta(days=older_than_days - 1),
        branch_id=branch_id,
    )


# --------------------------------------------------------------------------------------------
# Void and copy ③
# --------------------------------------------------------------------------------------------


def void_slip(db: Database, actor: Actor, slip_id: uuid.UUID | str, reason: str) -> SlipView:
    """The accountant or branch GM voids a slip: it keeps its number, prints 作废 and no longer
    counts in the customer's exposure (until a corrected slip is issued, the goods of its note
    count as released and not slipped). Money allocated to it is freed: it becomes the customer's
    credit and is applied at once to the customer's other open slips, oldest first
    (services.payments); the allocation rows themselves are never edited. Refused without a
    reason and on a slip already void."""
    reason = normalise_text(reason or "")
    if not reason:
        raise ValidationFailed([FieldError("reason", "required", {"label": "作废原因"})])
    with use_case(db, actor, "slip.void") as (s, actor):
        customer_id = find_slip(s, actor, slip_id).customer_id
        lock_customers(s, [customer_id])
        slip = find_slip(s, actor, slip_id, lock=True)
        if slip.status == "voided":
            raise Conflict("slip.already_voided", number=slip.number)
        freed = sum(
            s.execute(
                select(PaymentAllocation.amount).where(PaymentAllocation.slip_id == slip.id)
            ).scalars(),
            Decimal("0.00"),
        )
        slip.status = "voided"
        slip.voided_by = actor.user_id
        slip.voided_at = db.clock.now()
        slip.void_reason = reason
        audit(
            s,
            actor,
            "slip_voided",
            entity="slip",
            entity_id=slip.id,
            before={"number": slip.number, "status": "issued"},
            after={
                "number": slip.number,
                "status": "voided",
                "reason": reason,
                "total": slip.total,
                "payments_freed": freed,
            },
        )
        record_change(s, slip.branch_id, "slip", slip)
        if freed:
            apply_credit_in(s, actor, customer_id)
        return slip_view(s, slip)


def apply_credit_in(s: Session, actor: Actor, customer_id: uuid.UUID) -> None:
    """Let the customer's unallocated money (prepayments, money freed by a void) pay open slips,
    in the caller's transaction with the customer locked (services.payments owns the rule)."""
    # lazy: listing or printing slips (`kehu slip list`) must not load payments and customers.
    from kehu_desktop.services.payments import apply_open_credit

    s.flush()
    apply_open_credit(s, actor, customer_id)


def record_copy3_returned(
    db: Database, actor: Actor, slip_id: uuid.UUID | str, *, returned_at: datetime | None = None
) -> SlipView:
    """The accountant records that copy ③ (销货单位记账联), signed by the customer, came back.
    Refused if already recorded."""
    now = db.clock.now()
    if returned_at is not None and returned_at > now:
        raise ValidationFailed(
            [FieldError("returned_at", "date.future", {"label": "记账联交回时间"})]
        )
    with use_case(db, actor, "slip.copy3") as (s, actor):
        slip = find_slip(s, actor, slip_id, lock=True)
        if slip.copy3_returned_at is not None:
            raise Conflict(
                "slip.copy3_already",
                number=slip.number,
                at=slip.copy3_returned_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
        slip.copy3_returned_at = returned_at or now
        slip.copy3_received_by = actor.user_id
        audit(
            s,
            actor,
            "slip_copy3_returned",
            entity="slip",
            entity_id=slip.id,
            after={"number": slip.number, "copy3_returned_at": slip.copy3_returned_at},
        )
        record_change(s, slip.branch_id, "slip", slip)
        return slip_view(s, slip)


def slip_counts(db: Database, actor: Actor, branch_id: uuid.UUID | None = None) -> dict[str, int]:
    """Issued slips by kind (for a status bar or a dashboard); ``branch_id`` narrows them to one
    branch of the actor's scope."""
    with use_case(db, actor, "slip.view", write=False) as (s, actor):
        rows = s.execute(
            select(Slip.kind, func.count())
            .where(visible(actor, branch_id), Slip.status == "issued")
            .group_by(Slip.kind)
        ).all()
        return {kind: int(n) for kind, n in rows}
