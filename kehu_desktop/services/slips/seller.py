"""The branch as the seller (供货单位) on its slips: company, address, phone, drug-trade licence.

A slip is the 随货同行单 that travels with medicines: whoever holds copy ② must see who sold the
goods and under which 药品经营许可证. The branch owns these details (one row per branch, pushed
by sync like its other records); the first-run "set up my branch" form, the demo and an
administrator set them. A slip copies them when it is issued (services.slips), so changing them
later never changes a slip already issued.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import normalise_phone
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.dto import SellerView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Branch
from kehu_desktop.models import SellerDetails
from kehu_desktop.models import utcnow
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import documents_locked
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case

LABELS = {
    "company_name": "公司名称",
    "address": "地址",
    "phone": "电话",
    "licence_no": "药品经营许可证号",
}
MAX_LENGTHS = {"company_name": 100, "address": 300, "phone": 30, "licence_no": 30}
#: 药品经营许可证 numbers: the province's one-character abbreviation, two letters (the kind of
#: business) and seven digits, e.g. 沪AA0210001.
_LICENCE = re.compile(r"^[\u4e00-\u9fff][A-Z]{2}\d{7}$")


@dataclass
class SellerInput:
    """The seller details as typed."""

    company_name: str = ""  # the legal company the branch belongs to, e.g. 华东医药股份有限公司
    address: str = ""
    phone: str = ""
    licence_no: str = ""


def clean_seller(inp: SellerInput) -> dict[str, Any]:
    """Every field checked; ValidationFailed lists all errors. All four are required."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for name in LABELS:
        value = normalise_text(getattr(inp, name) or "")
        if name == "licence_no":
            value = value.replace(" ", "").upper()
        out[name] = value
        if not value:
            errors.append(FieldError(name, "required", {"label": LABELS[name]}))
        elif len(value) > MAX_LENGTHS[name]:
            errors.append(
                FieldError(name, "too_long", {"label": LABELS[name], "max": MAX_LENGTHS[name]})
            )
    if out["phone"] and not any(e.field == "phone" for e in errors):
        try:
            out["phone"] = normalise_phone(out["phone"])
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    licence_ok = not any(e.field == "licence_no" for e in errors)
    if out["licence_no"] and licence_ok and not _LICENCE.match(out["licence_no"]):
        errors.append(FieldError("licence_no", "seller.licence_format"))
    if errors:
        raise ValidationFailed(errors)
    return out


def save_seller_in(
    s: Session, actor: Actor, branch_id: uuid.UUID, inp: SellerInput
) -> SellerDetails:
    """Check and store the seller details of a branch in the caller's transaction (audited,
    and an outbox row: branch-owned). Used by the first run and by :func:`save_seller`."""
    clean = clean_seller(inp)
    documents_locked(s)
    row = s.get(SellerDetails, branch_id, with_for_update=True)
    before = row_dict(row) if row is not None else None
    if row is None:
        row = SellerDetails(branch_id=branch_id)
        s.add(row)
    for name, value in clean.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    row.updated_by = actor.user_id
    s.flush()
    audit(
        s,
        actor,
        "seller_details_saved",
        entity="seller_details",
        entity_id=branch_id,
        before=before,
        after=row_dict(row),
    )
    record_change(s, branch_id, "seller_details", row)
    return row


def _branch_id(s: Session, actor: Actor, branch_id: uuid.UUID | None) -> uuid.UUID:
    bid = branch_id or actor.branch_id
    if bid is None:
        value = get_setting(s, "branch_id")
        bid = uuid.UUID(str(value)) if value else None
    if bid is None or s.get(Branch, bid) is None:
        raise NotFound("seller.no_branch")
    return bid


def save_seller(
    db: Database, actor: Actor, inp: SellerInput, *, branch_id: uuid.UUID | None = None
) -> SellerView:
    """An administrator sets the seller details of the branch (default: the actor's, else this
    installation's). Slips issued from now on print them; earlier slips keep theirs."""
    with use_case(db, actor, "seller.edit") as (s, actor):
        bid = _branch_id(s, actor, branch_id)
        save_seller_in(s, actor, bid, inp)
        view = seller_in(s, bid)
        assert view is not None
        return view


def seller_in(s: Session, branch_id: uuid.UUID) -> SellerView | None:
    """The seller details of a branch, or None while they have not been set."""
    row = s.get(SellerDetails, branch_id)
    branch = s.get(Branch, branch_id)
    if row is None or branch is None:
        return None
    return filled(SellerView, row, branch_name=branch.name)


def get_seller(
    db: Database, actor: Actor, *, branch_id: uuid.UUID | None = None
) -> SellerView | None:
    """The seller details of the branch (default: the actor's, else this installation's);
    None while they have not been set. Anyone who may see slips may read them."""
    with use_case(db, actor, "slip.view", write=False) as (s, actor):
        return seller_in(s, _branch_id(s, actor, branch_id))
