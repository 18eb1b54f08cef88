"""Customer files (step 2): validate, save, read. Selection (step 1) is in selection.py."""

from __future__ import annotations

import difflib
import functools
import re
import uuid
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any
from typing import TypeVar

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain import identifiers
from kehu_desktop.domain.customer import CHANNELS
from kehu_desktop.domain.customer import FIELD_LABELS
from kehu_desktop.domain.customer import channel_code
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.pinyin import search_keys
from kehu_desktop.dto import CustomerFile
from kehu_desktop.dto import MonthlySalesRow
from kehu_desktop.dto import SaveResult
from kehu_desktop.dto import SelectionStepView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Base
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerCreditData
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import MarketOffice
from kehu_desktop.models import SelectionStep
from kehu_desktop.models import User
from kehu_desktop.models import utcnow
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_changes
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import scoped
from kehu_desktop.services.base import use_case

BASIC_FIELDS = (
    "name",
    "uscc",
    "address",
    "phone",
    "postcode",
    "owner",
    "manager",
    "legal_representative",
    "founded",
    "bank",
    "bank_account",
    "channel",
)
CREDIT_FIELDS = (
    "business_nature",
    "licences",
    "registration",
    "years_in_business",
    "annual_sales_scale",
    "goods_flow",
    "total_product_sales",
    "payment_method",
    "payment_reputation",
)
MAX_LENGTHS = {
    "name": 200,
    "address": 300,
    "owner": 100,
    "manager": 100,
    "legal_representative": 100,
    "bank": 100,
    "bank_account": 40,
    "business_nature": 100,
    "payment_method": 100,
    "payment_reputation": 100,
}


@dataclass
class MonthlySalesInput:
    month: str | date  # "2026-10" or a date in the month
    volume: str | int | None = None
    amount: str | Decimal | None = None
    stock: str | int | None = None


@dataclass
class CustomerDraft:
    """What an editor, an import row or a script submits. Text as typed; the service cleans it.

    ``id``/``version`` are set when editing: a save against an older version is refused.
    ``market_office`` may be a market office's id, code or name.
    """

    name: str = ""
    uscc: str | None = None
    address: str | None = None
    phone: str | None = None
    postcode: str | None = None
    owner: str | None = None
    manager: str | None = None
    legal_representative: str | None = None
    founded: str | date | None = None
    bank: str | None = None
    bank_account: str | None = None
    channel: str | None = None
    market_office: str | None = None
    business_nature: str | None = None
    licences: str | None = None
    registration: str | None = None
    years_in_business: str | int | None = None
    annual_sales_scale: str | Decimal | None = None
    goods_flow: str | None = None
    total_product_sales: str | Decimal | None = None
    payment_method: str | None = None
    payment_reputation: str | None = None
    monthly_sales: list[MonthlySalesInput] | None = None  # None = leave the table as it is
    id: uuid.UUID | None = None
    version: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


T = TypeVar("T")


@dataclass
class CleanCustomer:
    values: dict[str, Any]
    monthly_sales: list[MonthlySalesRow] | None
    market_office_id: uuid.UUID | None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_customer(
    draft: CustomerDraft,
    *,
    today: date,
    market_offices: dict[str, uuid.UUID],
) -> CleanCustomer:
    """Validate every field and return clean values, or raise ValidationFailed with all errors.

    ``market_offices`` maps id/code/name (as text) to the office's id. Pure: no database.
    """
    errors: list[FieldError] = []
    values: dict[str, Any] = {}

    def attempt(name: str, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except ValidationFailed as exc:
            errors.extend(exc.errors)
            return None

    for name in (*BASIC_FIELDS, *CREDIT_FIELDS):
        raw = getattr(draft, name)
        if isinstance(raw, str):
            raw = identifiers.normalise_text(raw)
        values[name] = None if _blank(raw) else raw
    if values["name"] is None:
        errors.append(FieldError("name", "required", {"label": FIELD_LABELS["name"]}))
    for name, limit in MAX_LENGTHS.items():
        if isinstance(values[name], str) and len(values[name]) > limit:
            errors.append(FieldError(name, "too_long", {"label": FIELD_LABELS[name], "max": limit}))
    if values["uscc"] is not None:
        values["uscc"] = attempt("uscc", lambda: identifiers.check_uscc(str(draft.uscc)))
    if values["postcode"] is not None:
        values["postcode"] = attempt(
            "postcode", lambda: identifiers.check_postcode(str(draft.postcode))
        )
    if values["phone"] is not None:
        values["phone"] = attempt("phone", lambda: identifiers.normalise_phone(str(draft.phone)))
    if values["founded"] is not None:
        values["founded"] = attempt(
            "founded",
            lambda: identifiers.parse_date_not_future(
                draft.founded or "", field="founded", label=FIELD_LABELS["founded"], today=today
            ),
        )
    if values["channel"] is not None:
        code = channel_code(str(values["channel"]))
        if code is None:
            errors.append(
                invalid_choice("channel", FIELD_LABELS["channel"], values["channel"], CHANNELS)
            )
        values["channel"] = code
    for name in ("annual_sales_scale", "total_product_sales"):
        raw = getattr(draft, name)
        values[name] = attempt(
            name,
            functools.partial(identifiers.parse_amount, raw, field=name, label=FIELD_LABELS[name]),
        )
    values["years_in_business"] = attempt(
        "years_in_business",
        lambda: identifiers.parse_count(
            draft.years_in_business,
            field="years_in_business",
            label=FIELD_LABELS["years_in_business"],
        ),
    )
    office_id = None
    if not _blank(draft.market_office):
        key = str(draft.market_office).strip()
        office_id = market_offices.get(key)
        if office_id is None:
            errors.append(FieldError("market_office", "market_office.unknown", {"value": key}))
    monthly = None
    if draft.monthly_sales is not None:
        monthly = _clean_monthly(draft.monthly_sales, today, errors)
    if errors:
        raise ValidationFailed(errors)
    return CleanCustomer(values, monthly, office_id)


_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(value: str | date) -> date | None:
    if isinstance(value, date):
        return value.replace(day=1)
    m = _MONTH.match(value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return date(int(m.group(1)), int(m.group(2)), 1)


def _clean_monthly(
    rows: list[MonthlySalesInput], today: date, errors: list[FieldError]
) -> list[MonthlySalesRow]:
    out: dict[date, MonthlySalesRow] = {}
    for i, row in enumerate(rows):
        prefix = f"monthly_sales[{i}]."
        month = parse_month(row.month)
        if month is None:
            errors.append(FieldError(prefix + "month", "month.format"))
            continue
        if month > today.replace(day=1):
            errors.append(FieldError(prefix + "month", "date.future", {"label": "月份"}))
        local: list[FieldError] = []
        try:
            volume = (
                identifiers.parse_count(
                    row.volume, field=prefix + "volume", label=FIELD_LABELS["volume"]
                )
                or 0
            )
            stock = (
                identifiers.parse_count(
                    row.stock, field=prefix + "stock", label=FIELD_LABELS["stock"]
                )
                or 0
            )
            amount = identifiers.parse_amount(
                row.amount, field=prefix + "amount", label=FIELD_LABELS["amount"]
            ) or Decimal("0.00")
        except ValidationFailed as exc:
            local.extend(exc.errors)
        if local:
            errors.extend(local)
            continue
        out[month] = MonthlySalesRow(month, volume, amount, stock)
    return [out[m] for m in sorted(out)]


def market_office_keys(session: Session, branch_id: uuid.UUID) -> dict[str, uuid.UUID]:
    keys: dict[str, uuid.UUID] = {}
    for office in session.execute(
        select(MarketOffice).where(MarketOffice.branch_id == branch_id)
    ).scalars():
        keys[str(office.id)] = keys[office.code] = keys[office.name] = office.id
    return keys


def _company_core(name: str) -> str:
    """The distinctive part of a company name, for the similar-name warning."""
    core = re.sub(r"[（(].*?[)）]", "", name)
    for suffix in (
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团",
        "公司",
        "医药",
        "药业",
        "药房",
        "大药房",
        "连锁",
    ):
        core = core.replace(suffix, "")
    return core.strip() or name


def similar_names(
    session: Session, branch_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
) -> list[str]:
    """Existing customers whose name is very close to ``name`` (a warning, never a refusal)."""
    core = _company_core(name)
    full, _ = search_keys(name)
    probe = core[:4]
    query = (
        select(Customer.name)
        .where(
            Customer.branch_id == branch_id,
            or_(Customer.name.contains(probe, autoescape=True), Customer.name_pinyin == full),
        )
        .limit(200)
    )
    if exclude is not None:
        query = query.where(Customer.id != exclude)
    found = []
    for (other,) in session.execute(query):
        ratio = difflib.SequenceMatcher(None, core, _company_core(other)).ratio()
        if other == name or ratio >= 0.8:
            found.append(other)
    return found[:5]


def _require_branch(actor: Actor) -> uuid.UUID:
    if actor.branch_id is None:
        raise Conflict("auth.forbidden", action="编辑客户档案", roles="分支机构用户")
    return actor.branch_id


def save_customer(db: Database, actor: Actor, draft: CustomerDraft) -> SaveResult:
    """Create or update a customer file (all three parts) in one transaction.

    Callers: clerk, sales manager, administrator of a branch. Refuses: bad fields (all listed),
    a credit code another customer has, an edit of an older version than the stored one.
    """
    with use_case(db, actor, "customer.edit") as (s, actor):
        branch_id = _require_branch(actor)
        offices = market_office_keys(s, branch_id)
        change = prepare_save(s, branch_id, draft, market_offices=offices)
        write_customers(s, actor, [change])
        customer, _, created = change
        warnings = similar_names(s, branch_id, customer.name, exclude=customer.id)
        view = customer_file(s, customer)
    names = "、".join(warnings)
    return SaveResult(view, created, (render("similar_name", names=names),) if warnings else ())


def add_customers(db: Database, actor: Actor, drafts: Sequence[CustomerDraft]) -> list[uuid.UUID]:
    """Several new customer files in one transaction, each checked as the editor checks it
    (:func:`prepare_save`; a credit code given twice in the list is refused as one another
    customer has) and stored as the importer stores its rows (:func:`write_customers`: audit
    records, outbox rows). One refusal refuses them all. Returns the new ids in the drafts'
    order; no similar-name warnings (the editor's, for one customer at a time).

    Callers: as :func:`save_customer`. For the demo's build (one transaction per customer was
    a third of its time) and scripts that create many prospects."""
    if any(draft.id is not None for draft in drafts):
        raise ValueError("add_customers only creates customers: save_customer edits them")
    with use_case(db, actor, "customer.edit") as (s, actor):
        branch_id = _require_branch(actor)
        offices = market_office_keys(s, branch_id)
        changes = []
        named: dict[str, str] = {}  # credit code -> the name of the draft that gives it
        for draft in drafts:
            change = prepare_save(s, branch_id, draft, market_offices=offices)
            uscc, name = change[1].values["uscc"], change[1].values["name"]
            if uscc is not None:
                if uscc in named:
                    error = FieldError("uscc", "uscc.duplicate", {"other": named[uscc]})
                    raise ValidationFailed([error])
                named[uscc] = name
            changes.append(change)
        write_customers(s, actor, changes)
        return [customer.id for customer, _, _ in changes]


def prepare_save(
    s: Session,
    branch_id: uuid.UUID,
    draft: CustomerDraft,
    *,
    market_offices: dict[str, uuid.UUID],
) -> tuple[Customer, CleanCustomer, bool]:
    """The editor's checks of one draft, in the caller's transaction, writing nothing: every
    field (dates against today by the database's clock), the version (an edit of an older
    version is refused: ``stale``), the credit code
    free. Returns ``(customer, clean, created)`` for :func:`write_customers`. Shared by
    :func:`save_customer` and the importer's "update the existing file"."""
    clean = clean_customer(draft, today=clock_of(s).today(), market_offices=market_offices)
    created = draft.id is None
    customer = _load_for_update(s, draft, branch_id)
    _check_uscc_free(s, clean.values["uscc"], customer.id)
    return customer, clean, created


def draft_of(customer: Customer) -> CustomerDraft:
    """A draft holding a stored customer's basic and credit data as they are, at its version;
    its monthly sales are left alone (``monthly_sales=None``)."""
    credit = customer.credit
    values: dict[str, Any] = {n: getattr(customer, n) for n in BASIC_FIELDS}
    values.update({n: getattr(credit, n) if credit else None for n in CREDIT_FIELDS})
    office = str(customer.market_office_id) if customer.market_office_id else None
    return CustomerDraft(**values, market_office=office, id=customer.id, version=customer.version)


def changed_fields(customer: Customer, clean: CleanCustomer) -> tuple[str, ...]:
    """The fields (code names, ``market_office`` included) whose clean value differs from the
    stored one, in the editor's order."""
    credit = customer.credit
    changed = [n for n in BASIC_FIELDS if clean.values[n] != getattr(customer, n)]
    if clean.market_office_id != customer.market_office_id:
        changed.append("market_office")
    changed += [
        n for n in CREDIT_FIELDS if clean.values[n] != (getattr(credit, n) if credit else None)
    ]
    return tuple(changed)


def new_customer(branch_id: uuid.UUID) -> Customer:
    """A prospect not yet in the session; :func:`write_customers` stores it."""
    return Customer(id=uuid.uuid4(), branch_id=branch_id, status="prospect", version=0)


def write_customers(
    s: Session, actor: Actor, changes: Sequence[tuple[Customer, CleanCustomer, bool]]
) -> None:
    """Store clean values in each ``(customer, clean, created)`` with its audit record and outbox
    rows, in the caller's transaction. Shared by the editor (one customer) and the importer
    (thousands, so the customers are flushed together). The caller has checked the credit codes
    are free."""
    befores = [None if created else _audit_view(customer) for customer, _, created in changes]
    for customer, clean, created in changes:
        _apply(customer, clean, actor)
        if created:
            s.add(customer)
    s.flush()  # also writes the search data: bigrams, keys (models.customers.keep_search_index)
    # The monthly rows' outbox ops come first (as when each took its own number), then each
    # customer's and its credit data's; all numbered in the one record_changes below.
    monthly: list[tuple[str, Base]] = []
    outbox: list[tuple[str, Base]] = []
    for (customer, clean, created), before in zip(changes, befores, strict=True):
        if clean.monthly_sales is not None:
            monthly += _replace_monthly(s, customer, clean.monthly_sales)
        audit(
            s,
            actor,
            "customer_created" if created else "customer_updated",
            entity="customer",
            entity_id=customer.id,
            before=before,
            after=_audit_view(customer),
        )
        outbox.append(("customer", customer))
        if customer.credit is not None:
            outbox.append(("customer_credit_data", customer.credit))
    if changes:  # the outbox numbers of all of them in one go: one counter lock, one insert
        record_changes(s, changes[0][0].branch_id, monthly + outbox)


def _load_for_update(s: Session, draft: CustomerDraft, branch_id: uuid.UUID) -> Customer:
    if draft.id is None:
        return new_customer(branch_id)
    customer = lock_customers(s, [draft.id], load=True).get(draft.id)
    if customer is None or customer.branch_id != branch_id:
        raise NotFound("customer.not_found")
    if draft.version is not None and draft.version != customer.version:
        who = s.get(User, customer.updated_by) if customer.updated_by else None
        raise Conflict(
            "stale",
            user=who.display_name if who else "?",
            at=customer.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        )
    return customer


def _check_uscc_free(s: Session, uscc: str | None, own_id: uuid.UUID) -> None:
    if uscc is None:
        return
    other = s.execute(
        select(Customer.name).where(Customer.uscc == uscc, Customer.id != own_id)
    ).scalar_one_or_none()
    if other is not None:
        raise ValidationFailed([FieldError("uscc", "uscc.duplicate", {"other": other})])


def _apply(customer: Customer, clean: CleanCustomer, actor: Actor) -> None:
    for name in BASIC_FIELDS:
        setattr(customer, name, clean.values[name])
    customer.market_office_id = clean.market_office_id
    # The search columns and keys follow in the flush (models.customers.search_index).
    credit = customer.credit or CustomerCreditData(customer_id=customer.id)
    for name in CREDIT_FIELDS:
        setattr(credit, name, clean.values[name])
    customer.credit = credit
    customer.updated_at = utcnow()
    customer.updated_by = actor.user_id
    customer.version = (customer.version or 0) + 1


def _replace_monthly(
    s: Session, customer: Customer, rows: list[MonthlySalesRow]
) -> list[tuple[str, Base]]:
    """Make the customer's monthly sales ``rows``; returns the rows kept, for the outbox (the
    caller numbers them with the customer's: a flush and a counter lock per month cost a
    customer's save most of its time)."""
    existing = {
        r.month: r
        for r in s.execute(
            select(CustomerMonthlySales).where(CustomerMonthlySales.customer_id == customer.id)
        ).scalars()
    }
    wanted = {r.month for r in rows}
    for month, row in existing.items():
        if month not in wanted:
            s.delete(row)
    kept: list[tuple[str, Base]] = []
    for r in rows:
        rec = existing.get(r.month) or CustomerMonthlySales(customer_id=customer.id, month=r.month)
        rec.volume, rec.amount, rec.stock = r.volume, r.amount, r.stock
        s.add(rec)
        kept.append(("customer_monthly_sales", rec))
    return kept


def _audit_view(customer: Customer) -> dict[str, Any]:
    data = row_dict(customer)
    if customer.credit is not None:
        data["credit"] = row_dict(customer.credit)
    return data


def customer_file(s: Session, customer: Customer) -> CustomerFile:
    credit = customer.credit
    office = s.get(MarketOffice, customer.market_office_id) if customer.market_office_id else None
    monthly = s.execute(
        select(CustomerMonthlySales)
        .where(CustomerMonthlySales.customer_id == customer.id)
        .order_by(CustomerMonthlySales.month)
    ).scalars()
    steps = s.execute(
        select(SelectionStep, User.display_name)
        .join(User, User.id == SelectionStep.user_id)
        .where(SelectionStep.customer_id == customer.id)
        .order_by(SelectionStep.at)
    ).all()
    credit_values: dict[str, Any] = {
        n: getattr(credit, n) if credit else None for n in CREDIT_FIELDS
    }
    # the basic data, status and version are the customer row's columns of the same names
    return filled(
        CustomerFile,
        customer,
        market_office=office.name if office else None,
        **credit_values,
        monthly_sales=tuple(MonthlySalesRow(m.month, m.volume, m.amount, m.stock) for m in monthly),
        selection_steps=tuple(
            SelectionStepView(st.step, st.decision, name, st.at, st.comment) for st, name in steps
        ),
        updated_at=customer.updated_at,
    )


def visible_to(actor: Actor, branch_id: uuid.UUID | None = None) -> Any:
    """The SQL condition for customers the actor may see (services.base.scope: a branch user
    their branch's, a regional user their region's, head office every branch), narrowed to
    ``branch_id`` when given."""
    return scoped(actor, Customer.branch_id, Customer.id.is_not(None), branch_id=branch_id)


def get_customer(db: Database, actor: Actor, customer_id: uuid.UUID) -> CustomerFile:
    """Anyone may read the files they can see."""
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        customer = (
            s.execute(select(Customer).where(Customer.id == customer_id, visible_to(actor)))
            .unique()
            .scalar_one_or_none()
        )
        if customer is None:
            raise NotFound("customer.not_found")
        return customer_file(s, customer)


def draft_from_file(f: CustomerFile) -> CustomerDraft:
    """An editable draft of a stored file (what the editor starts from)."""
    names = {fl.name for fl in fields(CustomerDraft)}
    values = {n: getattr(f, n) for n in (*BASIC_FIELDS, *CREDIT_FIELDS) if n in names}
    return CustomerDraft(
        **values,
        market_office=str(f.market_office_id) if f.market_office_id else None,
        monthly_sales=[
            MonthlySalesInput(r.month, r.volume, r.amount, r.stock) for r in f.monthly_sales
        ],
        id=f.id,
        version=f.version,
    )
