"""Contracts (step 5) and the branch GM's credit exceptions for non-state customers (step 7).

Every write is one transaction, checks the caller's roles, is audited and writes an outbox row.
``services.credit`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain.credit import PAYMENT_TERMS
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.identifiers import parse_count
from kehu_desktop.domain.identifiers import parse_date_not_future
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import ContractView
from kehu_desktop.dto import CreditExceptionView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Contract
from kehu_desktop.models import CreditException
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case
from kehu_desktop.services.credit.common import _acting_role
from kehu_desktop.services.credit.common import _customer
from kehu_desktop.services.credit.common import _customer_record_written
from kehu_desktop.services.credit.common import _customer_rows
from kehu_desktop.services.credit.common import _local_date
from kehu_desktop.services.credit.common import _text
from kehu_desktop.services.credit.common import user_names

MAX_SCAN_BYTES = 20 * 1024 * 1024
CONTRACT_LABELS = {
    "number": "合同编号",
    "payment_terms": "付款方式",
    "term_days": "账期天数",
    "month_end_cap": "月末应收款限额",
    "signer": "签约人",
    "signer_role": "签约身份",
    "authorisation": "书面授权",
    "signed_date": "签订日期",
    "valid_from": "生效日期",
    "valid_to": "到期日期",
    "scan_name": "扫描件文件名",
}


# --------------------------------------------------------------------------------------------
# Contracts (step 5) and exceptions for non-state customers (step 7)
# --------------------------------------------------------------------------------------------


@dataclass
class ContractInput:
    """A signed contract as entered. Dates as ``date`` or text (2026-11-01, 2026年11月1日...).

    ``signer`` is the signing user's user name or id; ``signer_role`` branch_gm or
    sales_manager; ``authorisation`` the GM's written authorisation, required when the sales
    manager signs ("who signs, answers"). ``term_days`` is required for agreed payment terms.
    ``month_end_cap`` (月末应收款限额, yuan) is required for every agreed-payment contract
    (agreed or clear-before-credit terms) and refused on cash terms: it is part of what the
    signer agrees with the customer ("所有约定付款客户…实行月末应收款限额制").
    """

    number: str = ""
    payment_terms: str = ""  # cash / agreed / clear_before_credit (or 现款现货/约定付款/前清后欠)
    term_days: int | str | None = None
    signer: str | uuid.UUID = ""
    signer_role: str = ""
    authorisation: str | None = None
    signed_date: date | str | None = None
    valid_from: date | str | None = None
    valid_to: date | str | None = None
    scan: bytes | None = None
    scan_name: str | None = None
    month_end_cap: Decimal | str | None = None


def _terms_code(value: str) -> str | None:
    value = normalise_text(value or "")
    if value in PAYMENT_TERMS:
        return value
    return next((c for c, zh in PAYMENT_TERMS.items() if zh == value), None)


def clean_contract(inp: ContractInput, *, today: date) -> dict[str, Any]:
    """Check every field that needs no database; raise ValidationFailed listing all errors."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}

    def label(name: str) -> dict[str, Any]:
        return {"label": CONTRACT_LABELS[name]}

    def attempt(name: str, parse: Any) -> Any:
        try:
            return parse()
        except ValidationFailed as exc:
            errors.extend(exc.errors)
            return None

    out["number"] = normalise_text(inp.number or "")
    if not out["number"]:
        errors.append(FieldError("number", "required", label("number")))
    elif len(out["number"]) > 40:
        errors.append(FieldError("number", "too_long", label("number") | {"max": 40}))
    terms = _terms_code(inp.payment_terms)
    if terms is None:
        errors.append(
            invalid_choice(
                "payment_terms",
                CONTRACT_LABELS["payment_terms"],
                inp.payment_terms,
                PAYMENT_TERMS,
            )
        )
    out["payment_terms"] = terms
    days = attempt(
        "term_days",
        lambda: parse_count(inp.term_days, field="term_days", label=CONTRACT_LABELS["term_days"]),
    )
    if terms == "agreed" and days is None and not any(e.field == "term_days" for e in errors):
        errors.append(FieldError("term_days", "contract.term_days_required"))
    elif days is not None and terms == "cash":
        errors.append(FieldError("term_days", "contract.term_days_cash"))
    elif days is not None and not 1 <= days <= 365:
        errors.append(FieldError("term_days", "contract.term_days_range"))
    out["term_days"] = days
    cap = attempt(
        "month_end_cap",
        lambda: parse_amount(
            inp.month_end_cap, field="month_end_cap", label=CONTRACT_LABELS["month_end_cap"]
        ),
    )
    if rules.is_agreed_payment(terms) and cap is None:
        if not any(e.field == "month_end_cap" for e in errors):
            errors.append(FieldError("month_end_cap", "contract.cap_required"))
    elif cap is not None and terms == "cash":
        errors.append(FieldError("month_end_cap", "contract.cap_cash"))
    out["month_end_cap"] = cap
    role = normalise_text(inp.signer_role or "")
    if role not in rules.CONTRACT_SIGNER_ROLES:
        roles = {c: ROLE_NAMES_ZH[r] for c, r in rules.CONTRACT_SIGNER_ROLES.items()}
        errors.append(
            invalid_choice("signer_role", CONTRACT_LABELS["signer_role"], inp.signer_role, roles)
        )
    out["signer_role"] = role
    out["authorisation"] = _text(inp.authorisation)
    if role == "sales_manager" and out["authorisation"] is None:
        errors.append(FieldError("authorisation", "contract.authorisation_required"))
    if not str(inp.signer or "").strip():
        errors.append(FieldError("signer", "required", label("signer")))
    for name, not_after in (
        ("signed_date", today),
        ("valid_from", date.max),
        ("valid_to", date.max),
    ):
        raw = getattr(inp, name)
        out[name] = attempt(
            name,
            lambda raw=raw, name=name, not_after=not_after: parse_date_not_future(
                raw if raw is not None else "",
                field=name,
                label=CONTRACT_LABELS[name],
                today=not_after,
            ),
        )
    if out["valid_from"] and out["valid_to"] and out["valid_to"] < out["valid_from"]:
        errors.append(FieldError("valid_to", "contract.valid_range"))
    out["scan"] = inp.scan or None
    out["scan_name"] = _text(inp.scan_name)
    if out["scan"] is not None:
        if out["scan_name"] is None:
            errors.append(FieldError("scan_name", "required", label("scan_name")))
        if len(out["scan"]) > MAX_SCAN_BYTES:
            errors.append(
                FieldError(
                    "scan", "contract.scan_too_big", {"max_mb": MAX_SCAN_BYTES // (1024 * 1024)}
                )
            )
    if errors:
        raise ValidationFailed(errors)
    return out


def _signer(s: Session, signer: str | uuid.UUID, role: str, branch_id: uuid.UUID) -> User:
    key = str(signer).strip()
    try:
        cond = User.id == uuid.UUID(key)
    except ValueError:
        cond = User.username == key
    user = s.execute(select(User).where(cond)).scalar_one_or_none()
    if user is None or not user.active or user.branch_id != branch_id:
        raise ValidationFailed([FieldError("signer", "contract.signer_unknown", {"name": key})])
    if role not in {r.role for r in user.roles}:
        raise ValidationFailed(
            [
                FieldError(
                    "signer",
                    "contract.signer_role",
                    {"name": user.display_name, "role": ROLE_NAMES_ZH[Role(role)]},
                )
            ]
        )
    return user


def record_contract(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    inp: ContractInput,
) -> ContractView:
    """File a signed contract (step 5) for a customer of the actor's branch.

    Callers: branch GM, sales manager, clerk. Refuses (field by field): missing number, terms,
    dates; term days missing for agreed terms (or given for cash terms); the month-end
    receivable cap missing on agreed-payment terms (or given on cash terms); a signer who is not an
    active user of the branch holding the named role; a sales manager's signature without the
    GM's written authorisation; valid_to before valid_from; a contract number already on file.
    """
    clean = clean_contract(inp, today=db.clock.today())
    with use_case(db, actor, "contract.edit") as (s, actor):
        customer = _customer(s, actor, customer_id, lock=True)
        if actor.branch_id != customer.branch_id:
            raise Forbidden("credit.out_of_scope", role="分支机构用户")
        signer = _signer(s, inp.signer, clean["signer_role"], customer.branch_id)
        taken = s.execute(select(Contract.id).where(Contract.number == clean["number"])).first()
        if taken is not None:
            raise ValidationFailed(
                [FieldError("number", "contract.number_taken", {"number": clean["number"]})]
            )
        assert actor.user_id is not None, "contracts need a signed-in user"
        scan = clean.pop("scan")
        contract = Contract(
            customer_id=customer.id,
            signer_id=signer.id,
            created_by=actor.user_id,
            created_at=db.clock.now(),
            **clean,
        )
        s.add(contract)
        s.flush()
        audit(
            s,
            actor,
            "contract_recorded",
            entity="contract",
            entity_id=contract.id,
            after=row_dict(contract),
        )
        # The outbox payload is JSON, which cannot carry the scan's bytes: the row goes without
        # them (scan_name says there is one); the file itself travels with sync's uploads.
        record_change(s, customer.branch_id, "contract", contract)
        contract.scan = scan
        return _contract_view(contract, signer.display_name)


def end_contract(db: Database, actor: Actor, contract_id: uuid.UUID, reason: str) -> ContractView:
    """End a contract early (from now on it no longer counts). Same callers as recording."""
    reason_text = _text(reason)
    if reason_text is None:
        raise ValidationFailed([FieldError("reason", "required", {"label": "终止原因"})])
    with use_case(db, actor, "contract.edit") as (s, actor):
        contract = s.execute(
            for_update(s, select(Contract).where(Contract.id == contract_id))
        ).scalar_one_or_none()
        if contract is None:
            raise NotFound("contract.not_found")
        customer = _customer(s, actor, contract.customer_id)
        if actor.branch_id != customer.branch_id:
            raise Forbidden("credit.out_of_scope", role="分支机构用户")
        if contract.ended_at is not None:
            raise Conflict("contract.ended", number=contract.number)
        contract.ended_at = db.clock.now()
        s.flush()
        audit(
            s,
            actor,
            "contract_ended",
            entity="contract",
            entity_id=contract.id,
            after={"ended_at": contract.ended_at},
            detail=reason_text,
        )
        scan, contract.scan = contract.scan, None  # see record_contract: JSON holds no bytes
        record_change(s, customer.branch_id, "contract", contract)
        contract.scan = scan
        return _contract_view(contract, user_names(s, [contract.signer_id])[contract.signer_id])


def contracts_of(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[ContractView]:
    """The customer's contracts, newest first (without the scans: see :func:`contract_scan`)."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        rows = _customer_rows(
            s, actor, customer_id, Contract, Contract.valid_from.desc(), Contract.created_at.desc()
        )
        names = user_names(s, (c.signer_id for c in rows))
        return [_contract_view(c, names.get(c.signer_id, "?")) for c in rows]


def contract_scan(db: Database, actor: Actor, contract_id: uuid.UUID) -> tuple[str, bytes] | None:
    """The scanned contract (file name, bytes), if one was filed."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        contract = s.get(Contract, contract_id)
        if contract is None:
            raise NotFound("contract.not_found")
        _customer(s, actor, contract.customer_id)
        if contract.scan is None:
            return None
        return contract.scan_name or "scan", contract.scan


def _contract_valid(contract: Contract, on: date) -> bool:
    ended = contract.ended_at is not None and _local_date(contract.ended_at) <= on
    return contract.valid_from <= on <= contract.valid_to and not ended


def _contract_view(c: Contract, signer: str) -> ContractView:
    return filled(ContractView, c, signer=signer)


def grant_credit_exception(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    valid_from: date,
    valid_to: date,
    reason: str,
) -> CreditExceptionView:
    """The branch GM lets a non-state customer buy on credit from ``valid_from`` to
    ``valid_to`` (step 7). Refuses: another role, a state-owned customer (needs none), no reason,
    an end before the start."""
    errors = []
    reason_text = _text(reason)
    if reason_text is None:
        errors.append(FieldError("reason", "required", {"label": "例外理由"}))
    if valid_to < valid_from:
        errors.append(FieldError("valid_to", "contract.valid_range"))
    with use_case(db, actor, "credit.exception") as (s, actor):
        customer = _customer(s, actor, customer_id, lock=True)
        _acting_role(s, actor, customer, [Role.BRANCH_GM], "credit.exception")
        if errors:
            raise ValidationFailed(errors)
        if customer.channel == "state_owned":
            raise Conflict("credit.exception_state_owned")
        assert actor.user_id is not None
        row = CreditException(
            customer_id=customer.id,
            granted_by=actor.user_id,
            granted_at=db.clock.now(),
            valid_from=valid_from,
            valid_to=valid_to,
            reason=reason_text,
        )
        s.add(row)
        s.flush()
        _customer_record_written(
            s,
            actor,
            customer,
            "credit_exception_granted",
            "credit_exception",
            row,
            detail=reason_text,
        )
        return _exception_view(row, actor.display_name)


def revoke_credit_exception(
    db: Database, actor: Actor, exception_id: uuid.UUID, reason: str
) -> CreditExceptionView:
    """The branch GM withdraws an exception; from today on the customer is cash only again."""
    reason_text = _text(reason)
    if reason_text is None:
        raise ValidationFailed([FieldError("reason", "required", {"label": "撤销原因"})])
    with use_case(db, actor, "credit.exception") as (s, actor):
        # The lock order (services.use_case): the customer first, then the exception.
        customer_id = s.execute(
            select(CreditException.customer_id).where(CreditException.id == exception_id)
        ).scalar_one_or_none()
        if customer_id is None:
            raise NotFound("credit.exception_not_found")
        customer = _customer(s, actor, customer_id, lock=True)
        row = s.execute(
            for_update(
                s, select(CreditException).where(CreditException.id == exception_id)
            ).execution_options(populate_existing=True)
        ).scalar_one()
        _acting_role(s, actor, customer, [Role.BRANCH_GM], "credit.exception")
        if row.revoked_at is not None:
            raise Conflict("credit.exception_revoked")
        row.revoked_at = db.clock.now()
        s.flush()
        _customer_record_written(
            s,
            actor,
            customer,
            "credit_exception_revoked",
            "credit_exception",
            row,
            detail=reason_text,
        )
        return _exception_view(row, user_names(s, [row.granted_by]).get(row.granted_by, "?"))


def exceptions_of(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[CreditExceptionView]:
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        rows = _customer_rows(
            s, actor, customer_id, CreditException, CreditException.granted_at.desc()
        )
        names = user_names(s, (r.granted_by for r in rows))
        return [_exception_view(r, names.get(r.granted_by, "?")) for r in rows]


def _exception_valid(row: CreditException, on: date) -> bool:
    revoked = row.revoked_at is not None and _local_date(row.revoked_at) <= on
    return row.valid_from <= on <= row.valid_to and not revoked


def _exception_view(row: CreditException, granted_by: str) -> CreditExceptionView:
    return filled(CreditExceptionView, row, granted_by=granted_by)
