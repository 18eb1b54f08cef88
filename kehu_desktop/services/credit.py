"""Credit (steps 3-5 and 7): grades with history, monthly limits with approvals, contracts, the
branch GM's exceptions for non-state customers, and the credit position the cashier sees.

The rules themselves (who decides which grade, the caps, the quota) are in ``domain/credit.py``;
this module reads and writes the records. Every call is one transaction, checks the caller's
roles, audits every decision and writes an outbox row for every change of a branch's record.
:func:`credit_position_in` is the exception: it runs inside the caller's transaction (the release
service calls it with the customer locked) and opens none itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Executable, bindparam, exists, func, select, type_coerce
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain.credit import PAYMENT_TERMS, Benchmarks
from kehu_desktop.domain.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from kehu_desktop.domain.identifiers import (
    normalise_text,
    parse_amount,
    parse_count,
    parse_date_not_future,
)
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.roles import ACTION_NAMES_ZH, ROLE_NAMES_ZH, Role
from kehu_desktop.models import (
    Branch,
    Contract,
    CreditException,
    CreditGrade,
    CreditLimit,
    Customer,
    DispatchNote,
    Money,
    PaymentAllocation,
    Region,
    Setting,
    Slip,
    User,
    utcnow,
)
from kehu_desktop.services.context import Actor, require
from kehu_desktop.services.credit_dto import (
    ContractView,
    CreditExceptionView,
    CreditPosition,
    Exposure,
    ExposureItem,
    GradeView,
    LimitView,
)
from kehu_desktop.services.customers import visible_to
from kehu_desktop.services.records import audit, get_setting, record_change, row_dict

REGION_ROLES = frozenset({Role.REGIONAL_MANAGER, Role.MARKETING_DIRECTOR})
#: Dispatch notes whose goods have left the branch: exposure until a (non-voided) slip exists.
RELEASED_STATUSES = ("released", "delivered", "parked", "returned")
MAX_SCAN_BYTES = 20 * 1024 * 1024
CONTRACT_LABELS = {
    "number": "合同编号",
    "payment_terms": "付款方式",
    "term_days": "账期天数",
    "signer": "签约人",
    "signer_role": "签约身份",
    "authorisation": "书面授权",
    "signed_date": "签订日期",
    "valid_from": "生效日期",
    "valid_to": "到期日期",
    "scan_name": "扫描件文件名",
}


# --------------------------------------------------------------------------------------------
# Settings and shared look-ups
# --------------------------------------------------------------------------------------------


def credit_setting(s: Session, key: str) -> Any:
    """A credit setting, or its default from ``domain.credit.CREDIT_SETTING_DEFAULTS``."""
    value = get_setting(s, key)
    return rules.CREDIT_SETTING_DEFAULTS.get(key) if value is None else value


def benchmarks(s: Session) -> Benchmarks:
    return Benchmarks(
        high=rules.to_decimal(credit_setting(s, "credit.benchmark.high")),
        general=rules.to_decimal(credit_setting(s, "credit.benchmark.general")),
        low=rules.to_decimal(credit_setting(s, "credit.benchmark.low")),
    )


def _customer(
    s: Session, actor: Actor | None, customer_id: uuid.UUID, *, lock: bool = False
) -> Customer:
    stmt = select(Customer).where(Customer.id == customer_id)
    if actor is not None:
        stmt = stmt.where(visible_to(actor))
    if lock:
        stmt = stmt.with_for_update(of=Customer)
    customer = s.execute(stmt).scalar_one_or_none()
    if customer is None:
        raise NotFound("customer.not_found")
    return customer


def _in_scope(s: Session, actor: Actor, customer: Customer, role: Role) -> bool:
    """A regional role acts for the branches of its region; a branch role for its branch."""
    if role in REGION_ROLES:
        region_id = s.execute(
            select(Branch.region_id).where(Branch.id == customer.branch_id)
        ).scalar_one()
        return actor.region_id is not None and actor.region_id == region_id
    return actor.branch_id is not None and actor.branch_id == customer.branch_id


def _acting_role(
    s: Session, actor: Actor, customer: Customer, candidates: Iterable[Role], action: str
) -> Role:
    """The first of ``candidates`` the actor holds and may use for this customer."""
    wanted = [r for r in candidates if r in actor.roles]
    if not wanted:
        roles = "、".join(ROLE_NAMES_ZH[r] for r in candidates)
        raise Forbidden("auth.forbidden", action=ACTION_NAMES_ZH.get(action, action), roles=roles)
    for role in wanted:
        if _in_scope(s, actor, customer, role):
            return role
    raise Forbidden("credit.out_of_scope", role=ROLE_NAMES_ZH[wanted[0]])


def _user_names(s: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = s.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}


def _text(value: str | None) -> str | None:
    """Free text (reasons, comments) as typed, without surrounding blanks; None if empty."""
    return (value or "").strip() or None


def _local_date(value: Any) -> date:
    return value.astimezone().date()


# --------------------------------------------------------------------------------------------
# Grades (step 3)
# --------------------------------------------------------------------------------------------


def grade_on(s: Session, customer_id: uuid.UUID, on: date) -> CreditGrade | None:
    """The grade in force on ``on``: the latest ``effective_from`` on or before it (a correction
    on the same date, set later, wins)."""
    return s.execute(
        select(CreditGrade)
        .where(CreditGrade.customer_id == customer_id, CreditGrade.effective_from <= on)
        .order_by(CreditGrade.effective_from.desc(), CreditGrade.set_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def set_grade(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    grade: int,
    *,
    effective_from: date,
    reason: str,
) -> GradeView:
    """Record a customer's credit grade (1-5) from ``effective_from`` on, keeping the history.

    Callers: the marketing director (of the customer's region), or any role listed in the
    setting ``credit.grade_setters`` (default marketing director and branch GM of the customer's
    branch) while there is no evaluation workflow. Refuses: a grade outside 1-5, no reason.
    """
    setters = [Role.MARKETING_DIRECTOR]
    errors = []
    if not isinstance(grade, int) or isinstance(grade, bool) or grade not in rules.GRADES:
        errors.append(FieldError("grade", "credit.grade_range"))
    reason_text = _text(reason)
    if reason_text is None:
        errors.append(FieldError("reason", "required", {"label": "评级理由"}))
    with db.write() as s:
        for name in credit_setting(s, "credit.grade_setters") or ():
            role = Role(name) if name in set(Role) else None  # unknown names are ignored
            if role is not None and role not in setters:
                setters.append(role)
        customer = _customer(s, actor, customer_id, lock=True)
        _acting_role(s, actor, customer, setters, "credit.set_grade")
        if errors:
            raise ValidationFailed(errors)
        assert actor.user_id is not None, "grades need a signed-in user"
        before = grade_on(s, customer.id, effective_from)
        row = CreditGrade(
            customer_id=customer.id,
            grade=grade,
            effective_from=effective_from,
            source="manual",
            reason=reason_text,
            set_by=actor.user_id,
            set_at=utcnow(),
        )
        s.add(row)
        s.flush()
        audit(
            s,
            actor,
            "credit_grade_set",
            entity="customer",
            entity_id=customer.id,
            before={"grade": before.grade if before else None},
            after=row_dict(row),
            detail=reason_text,
        )
        record_change(s, customer.branch_id, "credit_grade", row)
        return _grade_view(row, {actor.user_id: actor.display_name})


def grade_history(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[GradeView]:
    """Every grade recorded for the customer, newest effective date first."""
    require(actor, "credit.view")
    with db.read() as s:
        customer = _customer(s, actor, customer_id)
        rows = list(
            s.execute(
                select(CreditGrade)
                .where(CreditGrade.customer_id == customer.id)
                .order_by(CreditGrade.effective_from.desc(), CreditGrade.set_at.desc())
            ).scalars()
        )
        names = _user_names(s, (r.set_by for r in rows))
        return [_grade_view(r, names) for r in rows]


def _grade_view(row: CreditGrade, names: dict[uuid.UUID, str]) -> GradeView:
    return GradeView(
        id=row.id,
        grade=row.grade,
        effective_from=row.effective_from,
        source=row.source,
        reason=row.reason,
        set_by=names.get(row.set_by, "?"),
        set_at=row.set_at,
    )


# --------------------------------------------------------------------------------------------
# Monthly limits (step 4)
# --------------------------------------------------------------------------------------------


def approved_limit(s: Session, customer_id: uuid.UUID, month: date) -> CreditLimit | None:
    """The limit that counts for the month: the latest approved row (a raise supersedes)."""
    return s.execute(
        select(CreditLimit)
        .where(
            CreditLimit.customer_id == customer_id,
            CreditLimit.month == rules.month_start(month),
            CreditLimit.status == "approved",
        )
        .order_by(CreditLimit.decided_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def _judged_grade(s: Session, customer_id: uuid.UUID, month: date, today: date) -> int | None:
    """The grade a limit for ``month`` is judged on: the one in force on the month's first day,
    or today's if the month has already begun (a raise after a mid-month re-rating)."""
    row = grade_on(s, customer_id, max(month, today))
    return row.grade if row else None


def apply_limit(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    month: date,
    amount: Decimal | str | None,
    *,
    unlimited: bool = False,
    comment: str | None = None,
    today: date | None = None,
) -> LimitView:
    """The branch's sales manager applies for a customer's limit for ``month`` (this month, for a
    raise, or a later one). Grade 1 may ask for the explicit unlimited mode (or an amount).

    Refuses: no grade or grade 5 (cash only), unlimited for grades 2-5, an amount above the
    grade's cap (message with both numbers), a past month, a second open application.
    """
    require(actor, "credit.apply_limit")
    today = today or date.today()
    month = rules.month_start(month)
    if month < rules.month_start(today):
        raise ValidationFailed([FieldError("month", "limit.past_month")])
    value = parse_amount(amount, field="amount", label="授信额度") if amount is not None else None
    comment = _text(comment)
    with db.write() as s:
        customer = _customer(s, actor, customer_id, lock=True)
        _acting_role(s, actor, customer, [Role.SALES_MANAGER], "credit.apply_limit")
        grade = _judged_grade(s, customer.id, month, today)
        errors = rules.check_limit(grade, value, unlimited, benchmarks(s))
        if errors:
            raise ValidationFailed(errors)
        assert grade is not None and actor.user_id is not None
        pending = s.execute(
            select(CreditLimit.id).where(
                CreditLimit.customer_id == customer.id,
                CreditLimit.month == month,
                CreditLimit.status == "applied",
            )
        ).first()
        if pending is not None:
            raise Conflict("limit.pending", month=f"{month:%Y-%m}")
        row = CreditLimit(
            customer_id=customer.id,
            month=month,
            grade=grade,
            unlimited=unlimited,
            amount=None if unlimited else value,
            status="applied",
            applied_by=actor.user_id,
            applied_at=utcnow(),
            comment=comment,
        )
        s.add(row)
        s.flush()
        audit(
            s,
            actor,
            "credit_limit_applied",
            entity="credit_limit",
            entity_id=row.id,
            after=row_dict(row),
        )
        record_change(s, customer.branch_id, "credit_limit", row)
        return _limit_views(s, [row])[0]


def decide_limit(
    db: Database,
    actor: Actor,
    limit_id: uuid.UUID,
    approve: bool,
    comment: str | None = None,
    *,
    today: date | None = None,
) -> LimitView:
    """Approve or reject a limit application. Only the role whose authority covers the grade
    decides: grade 1 regional manager, 2 marketing director (of the customer's region), 3 branch
    GM, 4 sales manager (of the customer's branch). The applying sales manager may decide grade 4
    (the rule book's own authority; recorded as self-approved); above that, never their own.

    An approval re-checks the cap against today's benchmarks and the region quota of the month's
    quarter, and supersedes the month's earlier approved limit (a raise). Refuses: the wrong role
    (message names the right one), an application already decided, a grade changed since it was
    filed (file again), a past month, a rejection without a comment.
    """
    require(actor, "credit.approve_limit")
    today = today or date.today()
    comment = _text(comment)
    with db.write() as s:
        row = s.execute(
            select(CreditLimit).where(CreditLimit.id == limit_id).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("limit.not_found")
        customer = _customer(s, actor, row.customer_id, lock=True)
        if row.status != "applied":
            raise Conflict("limit.decided", status=render(f"limit.status.{row.status}"))
        role = rules.approver_role(row.grade)
        if role is None:
            raise Conflict("limit.grade5")
        if role not in actor.roles:
            raise Forbidden("limit.wrong_approver", grade=row.grade, role=ROLE_NAMES_ZH[role])
        if not _in_scope(s, actor, customer, role):
            raise Forbidden("credit.out_of_scope", role=ROLE_NAMES_ZH[role])
        self_approved = row.applied_by == actor.user_id
        if self_approved and not rules.self_approval_allowed(row.grade):
            raise Forbidden("limit.self_approval", grade=row.grade)
        grade = _judged_grade(s, customer.id, row.month, today)
        if grade != row.grade:
            raise Conflict("limit.grade_changed", applied=row.grade, now=grade or "—")
        if not approve and comment is None:
            raise ValidationFailed([FieldError("comment", "limit.comment_required")])
        before = row_dict(row)
        if approve:
            _check_approval(s, customer, row, today)
            previous = approved_limit(s, customer.id, row.month)
            if previous is not None:
                previous.status = "superseded"
                row.supersedes_id = previous.id
                record_change(s, customer.branch_id, "credit_limit", previous)
        row.status = "approved" if approve else "rejected"
        row.decided_by = actor.user_id
        row.decided_role = role.value
        row.decided_at = utcnow()
        row.decision_comment = comment
        s.flush()
        after = row_dict(row) | {"self_approved": self_approved}
        audit(
            s,
            actor,
            f"credit_limit_{row.status}",
            entity="credit_limit",
            entity_id=row.id,
            before=before,
            after=after,
            detail="self-approved: grade 4, the sales manager's own authority"
            if self_approved
            else comment,
        )
        record_change(s, customer.branch_id, "credit_limit", row)
        return _limit_views(s, [row])[0]


def _check_approval(s: Session, customer: Customer, row: CreditLimit, today: date) -> None:
    if row.month < rules.month_start(today):
        raise Conflict("limit.month_over", month=f"{row.month:%Y-%m}")
    errors = rules.check_limit(row.grade, row.amount, row.unlimited, benchmarks(s))
    if errors:
        raise Conflict(errors[0].code, **errors[0].params)
    region = s.execute(
        select(Region)
        .join(Branch, Branch.region_id == Region.id)
        .where(Branch.id == customer.branch_id)
        .with_for_update(of=Region)
    ).scalar_one()
    quota = rules.region_quota_for(
        credit_setting(s, f"credit.region_quota.{region.code}"), row.month
    )
    if quota is None or row.amount is None:
        return
    others = s.execute(
        select(func.coalesce(func.sum(CreditLimit.amount), 0))
        .join(Customer, Customer.id == CreditLimit.customer_id)
        .join(Branch, Branch.id == Customer.branch_id)
        .where(
            Branch.region_id == region.id,
            CreditLimit.month == row.month,
            CreditLimit.status == "approved",
            CreditLimit.customer_id != customer.id,
        )
    ).scalar_one() or Decimal("0.00")
    if rules.quota_exceeded(quota, others, row.amount):
        raise Conflict(
            "limit.over_quota",
            region=region.name,
            quarter=rules.quarter_key(row.month),
            quota=rules.money_text(quota),
            others=rules.money_text(others),
            amount=rules.money_text(row.amount),
        )


def limits_of(
    db: Database, actor: Actor, customer_id: uuid.UUID, *, month: date | None = None
) -> list[LimitView]:
    """The customer's applications and decisions, newest first (optionally of one month)."""
    require(actor, "credit.view")
    with db.read() as s:
        customer = _customer(s, actor, customer_id)
        stmt = select(CreditLimit).where(CreditLimit.customer_id == customer.id)
        if month is not None:
            stmt = stmt.where(CreditLimit.month == rules.month_start(month))
        rows = list(
            s.execute(
                stmt.order_by(CreditLimit.month.desc(), CreditLimit.applied_at.desc())
            ).scalars()
        )
        return _limit_views(s, rows)


def pending_limits(db: Database, actor: Actor) -> list[LimitView]:
    """Open applications the actor may decide (their role covers the grade, in their branch or
    region), oldest first; ``due`` says by when (setting ``credit.approval_days``)."""
    require(actor, "credit.approve_limit")
    with db.read() as s:
        rows = s.execute(
            select(CreditLimit, Customer)
            .join(Customer, Customer.id == CreditLimit.customer_id)
            .where(CreditLimit.status == "applied", visible_to(actor))
            .order_by(CreditLimit.applied_at)
        ).all()
        mine = []
        for limit, customer in rows:
            role = rules.approver_role(limit.grade)
            if role in actor.roles and role is not None and _in_scope(s, actor, customer, role):
                mine.append(limit)
        return _limit_views(s, mine)


def _limit_views(s: Session, rows: list[CreditLimit]) -> list[LimitView]:
    names = _user_names(s, [u for r in rows for u in (r.applied_by, r.decided_by)])
    customers: dict[uuid.UUID, str] = (
        {
            cid: name
            for cid, name in s.execute(
                select(Customer.id, Customer.name).where(
                    Customer.id.in_({r.customer_id for r in rows})
                )
            )
        }
        if rows
        else {}
    )
    days = int(credit_setting(s, "credit.approval_days"))
    out = []
    for r in rows:
        role = rules.approver_role(r.grade)
        out.append(
            LimitView(
                id=r.id,
                customer_id=r.customer_id,
                customer_name=customers.get(r.customer_id, "?"),
                month=r.month,
                grade=r.grade,
                unlimited=r.unlimited,
                amount=r.amount,
                status=r.status,
                approver_role=role.value if role else None,
                applied_by=names.get(r.applied_by, "?"),
                applied_at=r.applied_at,
                comment=r.comment,
                decided_by=names.get(r.decided_by) if r.decided_by else None,
                decided_role=r.decided_role,
                decided_at=r.decided_at,
                decision_comment=r.decision_comment,
                self_approved=r.decided_by is not None and r.decided_by == r.applied_by,
                supersedes_id=r.supersedes_id,
                due=_local_date(r.applied_at) + timedelta(days=days),
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Contracts (step 5) and exceptions for non-state customers (step 7)
# --------------------------------------------------------------------------------------------


@dataclass
class ContractInput:
    """A signed contract as entered. Dates as ``date`` or text (2026-11-01, 2026年11月1日...).

    ``signer`` is the signing user's user name or id; ``signer_role`` branch_gm or
    sales_manager; ``authorisation`` the GM's written authorisation, required when the sales
    manager signs ("who signs, answers"). ``term_days`` is required for agreed payment terms.
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
        choices = "、".join(f"{zh}({c})" for c, zh in PAYMENT_TERMS.items())
        errors.append(
            FieldError(
                "payment_terms",
                "choice.invalid",
                label("payment_terms") | {"value": inp.payment_terms, "choices": choices},
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
    role = normalise_text(inp.signer_role or "")
    if role not in rules.CONTRACT_SIGNER_ROLES:
        choices = "、".join(
            f"{ROLE_NAMES_ZH[r]}({c})" for c, r in rules.CONTRACT_SIGNER_ROLES.items()
        )
        errors.append(
            FieldError(
                "signer_role",
                "choice.invalid",
                label("signer_role") | {"value": inp.signer_role, "choices": choices},
            )
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
    *,
    today: date | None = None,
) -> ContractView:
    """File a signed contract (step 5) for a customer of the actor's branch.

    Callers: branch GM, sales manager, clerk. Refuses (field by field): missing number, terms,
    dates; term days missing for agreed terms (or given for cash terms); a signer who is not an
    active user of the branch holding the named role; a sales manager's signature without the
    GM's written authorisation; valid_to before valid_from; a contract number already on file.
    """
    require(actor, "contract.edit")
    clean = clean_contract(inp, today=today or date.today())
    with db.write() as s:
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
            created_at=utcnow(),
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
    require(actor, "contract.edit")
    reason_text = _text(reason)
    if reason_text is None:
        raise ValidationFailed([FieldError("reason", "required", {"label": "终止原因"})])
    with db.write() as s:
        contract = s.execute(
            select(Contract).where(Contract.id == contract_id).with_for_update()
        ).scalar_one_or_none()
        if contract is None:
            raise NotFound("contract.not_found")
        customer = _customer(s, actor, contract.customer_id)
        if actor.branch_id != customer.branch_id:
            raise Forbidden("credit.out_of_scope", role="分支机构用户")
        if contract.ended_at is not None:
            raise Conflict("contract.ended", number=contract.number)
        contract.ended_at = utcnow()
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
        return _contract_view(contract, _user_names(s, [contract.signer_id])[contract.signer_id])


def contracts_of(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[ContractView]:
    """The customer's contracts, newest first (without the scans: see :func:`contract_scan`)."""
    require(actor, "credit.view")
    with db.read() as s:
        customer = _customer(s, actor, customer_id)
        rows = list(
            s.execute(
                select(Contract)
                .where(Contract.customer_id == customer.id)
                .order_by(Contract.valid_from.desc(), Contract.created_at.desc())
            ).scalars()
        )
        names = _user_names(s, (c.signer_id for c in rows))
        return [_contract_view(c, names.get(c.signer_id, "?")) for c in rows]


def contract_scan(db: Database, actor: Actor, contract_id: uuid.UUID) -> tuple[str, bytes] | None:
    """The scanned contract (file name, bytes), if one was filed."""
    require(actor, "credit.view")
    with db.read() as s:
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
    return ContractView(
        id=c.id,
        number=c.number,
        payment_terms=c.payment_terms,
        term_days=c.term_days,
        signer=signer,
        signer_role=c.signer_role,
        authorisation=c.authorisation,
        signed_date=c.signed_date,
        valid_from=c.valid_from,
        valid_to=c.valid_to,
        scan_name=c.scan_name,
        ended_at=c.ended_at,
    )


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
    require(actor, "credit.exception")
    errors = []
    reason_text = _text(reason)
    if reason_text is None:
        errors.append(FieldError("reason", "required", {"label": "例外理由"}))
    if valid_to < valid_from:
        errors.append(FieldError("valid_to", "contract.valid_range"))
    with db.write() as s:
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
            granted_at=utcnow(),
            valid_from=valid_from,
            valid_to=valid_to,
            reason=reason_text,
        )
        s.add(row)
        s.flush()
        audit(
            s,
            actor,
            "credit_exception_granted",
            entity="customer",
            entity_id=customer.id,
            after=row_dict(row),
            detail=reason_text,
        )
        record_change(s, customer.branch_id, "credit_exception", row)
        return _exception_view(row, actor.display_name)


def revoke_credit_exception(
    db: Database, actor: Actor, exception_id: uuid.UUID, reason: str
) -> CreditExceptionView:
    """The branch GM withdraws an exception; from today on the customer is cash only again."""
    require(actor, "credit.exception")
    reason_text = _text(reason)
    if reason_text is None:
        raise ValidationFailed([FieldError("reason", "required", {"label": "撤销原因"})])
    with db.write() as s:
        row = s.execute(
            select(CreditException).where(CreditException.id == exception_id).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("credit.exception_not_found")
        customer = _customer(s, actor, row.customer_id, lock=True)
        _acting_role(s, actor, customer, [Role.BRANCH_GM], "credit.exception")
        if row.revoked_at is not None:
            raise Conflict("credit.exception_revoked")
        row.revoked_at = utcnow()
        s.flush()
        audit(
            s,
            actor,
            "credit_exception_revoked",
            entity="customer",
            entity_id=customer.id,
            after=row_dict(row),
            detail=reason_text,
        )
        record_change(s, customer.branch_id, "credit_exception", row)
        return _exception_view(row, _user_names(s, [row.granted_by]).get(row.granted_by, "?"))


def exceptions_of(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[CreditExceptionView]:
    require(actor, "credit.view")
    with db.read() as s:
        customer = _customer(s, actor, customer_id)
        rows = list(
            s.execute(
                select(CreditException)
                .where(CreditException.customer_id == customer.id)
                .order_by(CreditException.granted_at.desc())
            ).scalars()
        )
        names = _user_names(s, (r.granted_by for r in rows))
        return [_exception_view(r, names.get(r.granted_by, "?")) for r in rows]


def _exception_valid(row: CreditException, on: date) -> bool:
    revoked = row.revoked_at is not None and _local_date(row.revoked_at) <= on
    return row.valid_from <= on <= row.valid_to and not revoked


def _exception_view(row: CreditException, granted_by: str) -> CreditExceptionView:
    return CreditExceptionView(
        id=row.id,
        customer_id=row.customer_id,
        granted_by=granted_by,
        granted_at=row.granted_at,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        reason=row.reason,
        revoked_at=row.revoked_at,
    )


# --------------------------------------------------------------------------------------------
# The credit position
# --------------------------------------------------------------------------------------------


# The statements below are built once: the cashier's screen asks for a position on every
# release, and building (and cache-keying) them anew cost more than running them.
_CID: BindParameter[uuid.UUID] = bindparam("customer_id")
_ON: BindParameter[date] = bindparam("on")
_MONTH: BindParameter[date] = bindparam("month")


@cache
def _head_sql() -> Executable:
    """The customer, the grade in force, this month's approved limit and the near-limit
    setting, in one round trip."""

    def latest_grade(column: Any) -> Any:
        return (
            select(column)
            .where(CreditGrade.customer_id == Customer.id, CreditGrade.effective_from <= _ON)
            .order_by(CreditGrade.effective_from.desc(), CreditGrade.set_at.desc())
            .limit(1)
            .correlate(Customer)
            .scalar_subquery()
        )

    def month_limit(column: Any) -> Any:
        return (
            select(column)
            .where(
                CreditLimit.customer_id == Customer.id,
                CreditLimit.month == _MONTH,
                CreditLimit.status == "approved",
            )
            .order_by(CreditLimit.decided_at.desc())
            .limit(1)
            .correlate(Customer)
            .scalar_subquery()
        )

    ratio = select(Setting.value).where(Setting.key == "credit.near_limit_ratio")
    return select(
        Customer.id,
        Customer.name,
        Customer.status,
        Customer.on_hold,
        Customer.channel,
        latest_grade(CreditGrade.grade).label("grade"),
        latest_grade(CreditGrade.effective_from).label("grade_since"),
        month_limit(CreditLimit.id).label("limit_id"),
        month_limit(CreditLimit.unlimited).label("unlimited"),
        month_limit(CreditLimit.amount).label("amount"),
        ratio.scalar_subquery().label("ratio"),
    ).where(Customer.id == _CID)


@cache
def _contracts_sql() -> Executable:
    return (
        select(Contract, User.display_name)
        .join(User, User.id == Contract.signer_id)
        .where(Contract.customer_id == _CID, Contract.valid_from <= _ON, Contract.valid_to >= _ON)
        .order_by(
            Contract.valid_from.desc(), Contract.signed_date.desc(), Contract.created_at.desc()
        )
    )


@cache
def _exceptions_sql() -> Executable:
    return select(CreditException).where(
        CreditException.customer_id == _CID,
        CreditException.valid_from <= _ON,
        CreditException.valid_to >= _ON,
    )


@cache
def _open_slips_sql() -> Executable:
    """Issued slips still owing (total minus allocations; voided slips excluded): slips by
    customer+status, allocations by slip. Only open rows come back."""
    paid = (
        select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
        .where(PaymentAllocation.slip_id == Slip.id)
        .correlate(Slip)
        .scalar_subquery()
    )
    owed = type_coerce(Slip.total - paid, Money()).label("owed")
    issued = (
        select(Slip.number, Slip.issue_date, Slip.kind, Slip.issued_at, owed)
        .where(Slip.customer_id == _CID, Slip.status == "issued")
        .subquery()
    )
    return select(issued).where(issued.c.owed > 0).order_by(issued.c.issue_date, issued.c.issued_at)


@cache
def _open_notes_sql() -> Executable:
    """Dispatch notes released (or later) with no non-voided slip yet: dispatch notes by
    customer+status, slips by dispatch note."""
    slipped = exists().where(Slip.dispatch_note_id == DispatchNote.id, Slip.status != "voided")
    return (
        select(
            DispatchNote.number,
            DispatchNote.released_at,
            DispatchNote.requested_at,
            DispatchNote.sale_kind,
            DispatchNote.total,
        )
        .where(
            DispatchNote.customer_id == _CID, DispatchNote.status.in_(RELEASED_STATUSES), ~slipped
        )
        .order_by(DispatchNote.released_at, DispatchNote.number)
    )


def _open_documents(s: Session, customer_id: uuid.UUID) -> tuple[list[Any], list[Any]]:
    params = {"customer_id": customer_id}
    return (list(s.execute(_open_slips_sql(), params)), list(s.execute(_open_notes_sql(), params)))


def _exposure(slips: list[Any], notes: list[Any]) -> Exposure:
    items = [ExposureItem("slip", r.number, r.issue_date, r.owed) for r in slips]
    items += [
        ExposureItem("dispatch", n.number, _local_date(n.released_at or n.requested_at), n.total)
        for n in notes
    ]
    zero = Decimal("0.00")
    return Exposure(
        unpaid_slips=sum((r.owed for r in slips), zero),
        released_not_slipped=sum((n.total for n in notes), zero),
        items=tuple(items),
    )


def exposure_in(s: Session, customer_id: uuid.UUID) -> Exposure:
    """敞口 as the ledger stands: what each issued slip still owes plus the dispatches released
    (or later) that have no non-voided slip yet. Runs in the caller's transaction."""
    return _exposure(*_open_documents(s, customer_id))


def _previous_unpaid(slips: list[Any], notes: list[Any]) -> str | None:
    """前清后送: the most recent credit delivery not yet paid for: a credit dispatch whose goods
    left with no slip yet (not even billed), else the latest unpaid credit-sale slip."""
    pending = [n.number for n in notes if n.sale_kind == "credit"]
    if pending:
        return str(pending[-1])
    credit = [r.number for r in slips if r.kind == "credit_sale"]
    return str(credit[-1]) if credit else None


def credit_position_in(session: Session, customer_id: uuid.UUID, on: date) -> CreditPosition:
    """The customer's credit position on ``on``, inside the caller's transaction.

    Opens no transaction, takes no lock and checks no role: the release service calls it with
    the customer already locked. Grade, contract, exception and limit are those in force on
    ``on``; the exposure is the ledger as it stands. Raises NotFound for an unknown customer.
    Four queries (five for a non-state customer), each reading only that customer's rows.
    """
    s = session
    params = {"customer_id": customer_id, "on": on, "month": rules.month_start(on)}
    head = s.execute(_head_sql(), params).one_or_none()
    if head is None:
        raise NotFound("customer.not_found")
    contract, signer = next(
        ((c, name) for c, name in s.execute(_contracts_sql(), params) if _contract_valid(c, on)),
        (None, ""),
    )
    state_owned = head.channel == "state_owned"
    exception = not state_owned and any(
        _exception_valid(e, on) for e in s.execute(_exceptions_sql(), params).scalars()
    )
    slips, notes = _open_documents(s, customer_id)
    exposure = _exposure(slips, notes)
    ratio = rules.to_decimal(
        head.ratio
        if head.ratio is not None
        else rules.CREDIT_SETTING_DEFAULTS["credit.near_limit_ratio"]
    )
    terms = contract.payment_terms if contract else "cash"
    grade = head.grade
    credit_allowed = (
        rules.grade_allows_credit(grade)
        and contract is not None
        and terms != "cash"
        and (state_owned or exception)
    )
    limit: Decimal | None = None
    headroom: Decimal | None = None
    if head.limit_id is None:
        mode = "none"
    elif head.unlimited:
        mode = "unlimited"
    else:
        mode, limit = "limit", head.amount or Decimal("0.00")
        headroom = limit - exposure.total
    previous = _previous_unpaid(slips, notes) if terms == "clear_before_credit" else None
    reasons = _reasons(
        grade,
        contract,
        state_owned,
        exception,
        mode,
        limit,
        exposure.total,
        headroom,
        ratio,
        previous,
    )
    return CreditPosition(
        customer_id=head.id,
        customer_name=head.name,
        on=on,
        status=head.status,
        selected=head.status == "selected",
        on_hold=head.on_hold,
        channel=head.channel,
        grade=grade,
        grade_since=head.grade_since,
        contract=_contract_view(contract, signer) if contract else None,
        payment_terms=terms,
        term_days=contract.term_days if contract else None,
        credit_exception=exception,
        credit_allowed=credit_allowed,
        limit_mode=mode,
        limit=limit,
        exposure=exposure,
        headroom=headroom,
        near_limit_ratio=ratio,
        previous_credit_unpaid=previous,
        reasons=tuple(reasons),
        limit_id=head.limit_id,
    )


def _reasons(
    grade: int | None,
    contract: Contract | None,
    state_owned: bool,
    exception: bool,
    mode: str,
    limit: Decimal | None,
    exposure: Decimal,
    headroom: Decimal | None,
    ratio: Decimal,
    previous: str | None,
) -> list[str]:
    """Plain-language lines saying why credit is (or is not) available, in the user's language."""
    money = rules.money_text
    out = []
    if grade is None:
        out.append(render("credit.reason.no_grade"))
    elif grade == rules.NO_CREDIT_GRADE:
        out.append(render("credit.reason.grade5"))
    if contract is None:
        out.append(render("credit.reason.no_contract"))
    elif contract.payment_terms == "cash":
        out.append(render("credit.reason.cash_contract", number=contract.number))
    if not state_owned:
        out.append(render("credit.reason.exception" if exception else "credit.reason.non_state"))
    if mode == "none":
        out.append(render("credit.reason.no_limit"))
    elif mode == "unlimited":
        out.append(render("credit.reason.unlimited", exposure=money(exposure)))
    elif limit is not None and headroom is not None:
        key = "credit.reason.over_limit" if headroom < 0 else "credit.reason.limit"
        out.append(
            render(key, limit=money(limit), exposure=money(exposure), headroom=money(headroom))
        )
        if headroom >= 0 and rules.near_limit(exposure, limit, ratio):
            out.append(render("credit.reason.near_limit", percent=f"{ratio * 100:.0f}"))
    if previous is not None:
        out.append(render("credit.reason.previous_unpaid", number=previous))
    return out


def credit_position(
    db: Database, actor: Actor, customer_id: uuid.UUID, on: date | None = None
) -> CreditPosition:
    """The credit position of a customer the actor can see, on ``on`` (default today).
    Everyone but the driver may look."""
    require(actor, "credit.view")
    with db.read() as s:
        _customer(s, actor, customer_id)
        return credit_position_in(s, customer_id, on or date.today())


@dataclass(frozen=True)
class CreditRules:
    """Head-office settings the screens show: each grade's cap and who may set grades."""

    caps: dict[int, Decimal | None]  # None = no cap (grade 1)
    grade_setters: frozenset[Role]


def load_credit_rules(db: Database) -> CreditRules:
    """Benchmarks and grade setters. Settings, not secrets: anyone signed in may read them."""
    with db.read() as s:
        marks = benchmarks(s)
        names = credit_setting(s, "credit.grade_setters") or ()
    known = {r.value for r in Role}
    setters = {Role.MARKETING_DIRECTOR} | {Role(n) for n in names if n in known}
    return CreditRules({g: rules.cap_for_grade(g, marks) for g in rules.GRADES}, frozenset(setters))
