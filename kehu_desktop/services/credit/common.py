"""Credit: what the credit modules share: the credit settings (with their defaults), the
benchmarks, the rules the screens show (:class:`CreditRules`), and the look-ups every credit
write makes (the customer, the caller's acting role and scope, user names).

``services.credit`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain.credit import Benchmarks
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.roles import ACTION_NAMES_ZH
from kehu_desktop.domain.roles import REGION_ROLES
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.customers import visible_to

#: Dispatch notes whose goods have left the branch: exposure until a (non-voided) slip exists.
RELEASED_STATUSES = ("released", "delivered", "parked", "returned")


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
    where = visible_to(actor) if actor is not None else None
    if lock and actor is not None and actor.branch_id is None:
        # A decision by a regional or head-office role: its own scope check (_acting_role)
        # refuses a customer outside the region and says why, rather than "not found".
        where = None
    if lock:
        customer = lock_customers(s, [customer_id], load=True, where=where).get(customer_id)
    else:
        stmt = select(Customer).where(Customer.id == customer_id)
        if where is not None:
            stmt = stmt.where(where)
        customer = s.execute(stmt).scalar_one_or_none()
    if customer is None:
        raise NotFound("customer.not_found")
    return customer


def _customer_rows(
    s: Session, actor: Actor, customer_id: uuid.UUID, model: Any, *order_by: Any
) -> list[Any]:
    """The ``model`` rows (contracts, grades, exceptions) of a customer the actor may see, in
    the order given; NotFound for a customer out of sight."""
    customer = _customer(s, actor, customer_id)
    stmt = select(model).where(model.customer_id == customer.id).order_by(*order_by)
    return list(s.execute(stmt).scalars())


def _customer_record_written(
    s: Session,
    actor: Actor,
    customer: Customer,
    action: str,
    entity: str,
    row: Any,
    *,
    before: dict[str, Any] | None = None,
    detail: str | None = None,
) -> None:
    """A credit record of the customer (grade, exception) written: audited on the customer,
    with the row as it now is, and its outbox row."""
    audit(
        s,
        actor,
        action,
        entity="customer",
        entity_id=customer.id,
        before=before,
        after=row_dict(row),
        detail=detail,
    )
    record_change(s, customer.branch_id, entity, row)


def in_scope(s: Session, actor: Actor, customer: Customer, role: Role) -> bool:
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
        if in_scope(s, actor, customer, role):
            return role
    raise Forbidden("credit.out_of_scope", role=ROLE_NAMES_ZH[wanted[0]])


def user_names(s: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
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


@dataclass(frozen=True)
class CreditRules:
    """Head-office settings the screens show: each grade's cap."""

    caps: dict[int, Decimal | None]  # None = no cap (grade 1)


def load_credit_rules(db: Database) -> CreditRules:
    """The benchmarks. Settings, not secrets: anyone signed in may read them."""
    with db.read() as s:
        marks = benchmarks(s)
    return CreditRules({g: rules.cap_for_grade(g, marks) for g in rules.GRADES})
