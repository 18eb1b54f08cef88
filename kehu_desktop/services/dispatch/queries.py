"""Dispatch notes: the look-ups the workflow, release and slips share (visibility, locking, state
checks, line amounts), and reading: the list, one note, signatures owed, market office goods.

``services.dispatch`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.money import line_amount
from kehu_desktop.dto import DispatchLineView
from kehu_desktop.dto import DispatchRow
from kehu_desktop.dto import DispatchView
from kehu_desktop.dto import MarketOfficeGoods
from kehu_desktop.dto import TemporaryReceiptView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchLine
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import MarketOffice
from kehu_desktop.models import Product
from kehu_desktop.models import ProductBatch
from kehu_desktop.models import Slip
from kehu_desktop.models import TemporaryReceipt
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import scoped
from kehu_desktop.services.base import use_case

# --------------------------------------------------------------------------------------------
# Helpers shared with release.py and slips.py
# --------------------------------------------------------------------------------------------


def visible(actor: Actor, branch_id: uuid.UUID | None = None) -> Any:
    """The notes of the actor's scope (services.base.scope), narrowed to ``branch_id``."""
    return scoped(actor, DispatchNote.branch_id, DispatchNote.id.is_not(None), branch_id=branch_id)


def as_uuid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None


def load_note(s: Session, actor: Actor, note_id: uuid.UUID, *, lock: bool = True) -> DispatchNote:
    stmt = select(DispatchNote).where(DispatchNote.id == note_id, visible(actor))
    if lock:
        # populate_existing: a row read earlier in this transaction (before the lock was granted)
        # must be refreshed with what the lock holder committed, or a stale status would win.
        stmt = for_update(s, stmt).execution_options(populate_existing=True)
    note = s.execute(stmt).scalar_one_or_none()
    if note is None:
        raise NotFound("dispatch.not_found")
    return note


def check_state(note: DispatchNote, allowed: Iterable[str], action: str) -> None:
    if note.status not in set(allowed):
        raise Conflict(
            "dispatch.bad_state",
            note=note.number,
            status=Term("dispatch.status", note.status),
            action=Term("dispatch.action", action),
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


def signatures_owed(db: Database, actor: Actor) -> list[DispatchRow]:
    """Notes approved by phone whose signature has not been completed (cancelled ones excluded),
    oldest first."""
    with use_case(db, actor, "dispatch.view", write=False) as (s, actor):
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


def market_office_goods(
    db: Database, actor: Actor, *, since: date | None = None, until: date | None = None
) -> list[MarketOfficeGoods]:
    """The cashier's register of goods taken by each market office: delivered quantities of
    returned notes, by market office and product, optionally for delivery dates in a range."""
    with use_case(db, actor, "dispatch.view", write=False) as (s, actor):
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


def _row_query(actor: Actor, branch_id: uuid.UUID | None = None) -> Any:
    return (
        select(DispatchNote, Customer.name)
        .join(Customer, Customer.id == DispatchNote.customer_id)
        .where(visible(actor, branch_id))
    )


def _rows(s: Session, stmt: Any) -> list[DispatchRow]:
    result = s.execute(stmt).all()
    names = _names(s, (n.driver_id for n, _ in result))
    return [
        filled(
            DispatchRow,
            n,
            customer_name=cname,
            signature_owed=_owed(n),
            driver=names.get(n.driver_id) if n.driver_id else None,
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
    branch_id: uuid.UUID | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[DispatchRow]:
    """Notes the actor can see, newest number first; filters by status (one or several),
    customer, sale kind, branch, and a search on the note number or customer name."""
    with use_case(db, actor, "dispatch.view", write=False) as (s, actor):
        stmt = _row_query(actor, branch_id)
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
    with use_case(db, actor, "dispatch.view", write=False) as (s, actor):
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

    # every field not named here is the note's column of that name
    return filled(
        DispatchView,
        note,
        customer_name=customer.name,
        market_office=office.name if office else None,
        requested_by=name(note.requested_by) or "?",
        approved_by=name(note.approved_by),
        signature_owed=_owed(note),
        driver=name(note.driver_id),
        released_by=name(note.released_by),
        delivered_by=name(note.delivered_by),
        returned_to=name(note.returned_to),
        lines=tuple(
            filled(
                DispatchLineView,
                ln,
                product_id=p.id,
                product_code=p.code,
                product_name=p.name,
                specification=p.specification,
                unit=p.unit,
                batch_no=b.batch_no if b else None,
                expiry=b.expiry if b else None,
            )
            for ln, p, b in rows
        ),
        temporary_receipt=filled(
            TemporaryReceiptView,
            receipt,
            market_office=office.name if office and receipt.market_office_id else None,
            issued_by=name(receipt.issued_by) or "?",
        )
        if receipt
        else None,
        slip_numbers=tuple(slips),
    )
