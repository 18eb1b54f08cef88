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

This module holds the workflow after the request and is the public face of the dispatch
services; the rest lives in its siblings: ``dispatch_dto`` (states, inputs and results),
``dispatch_request`` (request_dispatch and its line checks) and ``dispatch_queries`` (shared
look-ups and reading: list_dispatches, get_dispatch, signatures_owed, market_office_goods).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date

from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain import numbering
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.identifiers import parse_count
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import APPROVAL_MODES
from kehu_desktop.dto import CANCELLABLE
from kehu_desktop.dto import DispatchView
from kehu_desktop.models import Branch
from kehu_desktop.models import DispatchLine
from kehu_desktop.models import Slip
from kehu_desktop.models import TemporaryReceipt
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import next_number
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import use_case
from kehu_desktop.services.dispatch.queries import as_uuid
from kehu_desktop.services.dispatch.queries import check_state
from kehu_desktop.services.dispatch.queries import dispatch_view
from kehu_desktop.services.dispatch.queries import load_note
from kehu_desktop.services.dispatch.queries import touch
from kehu_desktop.services.slips import apply_credit_in
from kehu_desktop.services.slips import issue_slip_in

# --------------------------------------------------------------------------------------------
# Approve, sign, assign, cancel
# --------------------------------------------------------------------------------------------


def approve_dispatch(
    db: Database, actor: Actor, note_id: uuid.UUID, mode: str = "signed"
) -> DispatchView:
    """The sales manager or branch GM approves a requested note: ``signed`` on paper, or
    ``phone`` when both managers are out (the signature is then owed, see signatures_owed)."""
    if mode not in APPROVAL_MODES:
        raise ValidationFailed([invalid_choice("mode", "批准方式", mode, ("signed", "phone"))])
    with use_case(db, actor, "dispatch.approve") as (s, actor):
        note = load_note(s, actor, note_id)
        check_state(note, {"requested"}, "approve")
        before = {"status": note.status}
        note.status = "approved"
        note.approved_by = actor.user_id
        note.approved_at = db.clock.now()
        note.approval_mode = mode
        note.signature_completed_at = note.approved_at if mode == "signed" else None
        touch(s, actor, note, "dispatch_approved", before, approval_mode=mode)
        return dispatch_view(s, note)


def complete_signature(db: Database, actor: Actor, note_id: uuid.UUID) -> DispatchView:
    """The sales manager or GM signs a note that was approved by phone (at any later state)."""
    with use_case(db, actor, "dispatch.approve") as (s, actor):
        note = load_note(s, actor, note_id)
        if note.approval_mode != "phone" or note.signature_completed_at is not None:
            raise Conflict("dispatch.no_signature_owed", note=note.number)
        before = {"status": note.status, "signature_completed_at": None}
        note.signature_completed_at = db.clock.now()
        touch(
            s,
            actor,
            note,
            "dispatch_signature_completed",
            before,
            signature_completed_at=note.signature_completed_at,
        )
        return dispatch_view(s, note)


def assign_driver(
    db: Database, actor: Actor, note_id: uuid.UUID, driver: uuid.UUID | str, route: str
) -> DispatchView:
    """The branch GM assigns a driver (a user of the branch with the driver role; by id or user
    name) and a route to an approved note; may re-assign until release."""
    route = normalise_text(route or "")
    errors = []
    if not route:
        errors.append(FieldError("route", "required", {"label": "路线"}))
    with use_case(db, actor, "dispatch.assign") as (s, actor):
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
        note.assigned_at = db.clock.now()
        touch(s, actor, note, "dispatch_assigned", before, driver=user.username, route=note.route)
        return dispatch_view(s, note)


def cancel_dispatch(db: Database, actor: Actor, note_id: uuid.UUID, reason: str) -> DispatchView:
    """The sales manager or GM cancels a note before release. A released note cannot be
    cancelled (the goods are out: 已放行的发运单不能取消)."""
    reason = normalise_text(reason or "")
    if not reason:
        raise ValidationFailed([FieldError("reason", "required", {"label": "取消原因"})])
    with use_case(db, actor, "dispatch.cancel") as (s, actor):
        note = load_note(s, actor, note_id)
        if note.status not in CANCELLABLE:
            if note.status == "cancelled":
                raise Conflict("dispatch.already_cancelled", note=note.number)
            raise Conflict("dispatch.cancel_released", note=note.number)
        before = {"status": note.status}
        note.status = "cancelled"
        note.cancelled_by = actor.user_id
        note.cancelled_at = db.clock.now()
        note.cancel_reason = reason
        touch(s, actor, note, "dispatch_cancelled", before, reason=reason)
        return dispatch_view(s, note)


# --------------------------------------------------------------------------------------------
# After release: park, deliver, return
# --------------------------------------------------------------------------------------------


def park_at_market_office(db: Database, actor: Actor, note_id: uuid.UUID) -> DispatchView:
    """The customer cannot receive: the sales rep leaves the goods at the market office against a
    temporary receipt (临时收条, ``{branch}-TR-{year}-{seq}``), cancelled on final delivery."""
    today = db.clock.today()
    with use_case(db, actor, "dispatch.deliver") as (s, actor):
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
    today = db.clock.today()
    delivered_on = delivered_on or today
    if delivered_on > today:
        raise ValidationFailed([FieldError("delivered_on", "date.future", {"label": "送达日期"})])
    with use_case(db, actor, "dispatch.deliver") as (s, actor):
        customer_id = load_note(s, actor, note_id, lock=False).customer_id
        lock_customers(s, [customer_id])
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
            receipt.cancelled_at = db.clock.now()
            record_change(s, note.branch_id, "temporary_receipt", receipt)
        if note.status != "returned":
            note.status = "delivered"
        note.delivered_by = actor.user_id
        note.delivered_on = delivered_on
        for ln in lines:
            record_change(s, note.branch_id, "dispatch_line", ln)
        slip = issue_slip_in(s, actor, note, lines, delivered_on)
        apply_credit_in(s, actor, note.customer_id)  # a prepayment pays it at once
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
    with use_case(db, actor, "dispatch.return") as (s, actor):
        note = load_note(s, actor, note_id)
        check_state(note, {"delivered"}, "return")
        before = {"status": note.status}
        note.status = "returned"
        note.returned_to = actor.user_id
        note.returned_at = db.clock.now()
        touch(s, actor, note, "dispatch_returned", before)
        return dispatch_view(s, note)
