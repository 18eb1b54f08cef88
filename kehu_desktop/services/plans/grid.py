"""The month's distribution plans (step 8) as the sales manager files them in one grid, the sales
rep's progress notes, and plan against actual (purchases from the slips, payments from the
payments: never typed twice) with the run of months below plan.

The grid holds the branch's credit customers: selected, with a contract valid on the month's first
day that is not cash on delivery. A plan can be filed or changed until its month begins; a month
that has begun (or is past) takes none. The whole grid is saved in one transaction: one bad cell
refuses it all, each error at its row and column (``rows.<n>.<column>``).

A plan's purchase plan may be given per product (``purchase_lines``: product code, quantity,
amount); the purchase plan is then the lines' sum, and each bad line is refused at its field
(``rows.<n>.lines.<m>.<product|quantity|amount>``). Plan against actual shows each planned
product against the month's issued slips' lines of that product.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import plans as rules
from kehu_desktop.domain.credit import money_text
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.messages import render
from kehu_desktop.dto import PlanActual
from kehu_desktop.dto import PlanInput
from kehu_desktop.dto import PlanLine
from kehu_desktop.dto import PlanLineActual
from kehu_desktop.dto import PlanLineInput
from kehu_desktop.dto import PlanRow
from kehu_desktop.models import Contract
from kehu_desktop.models import Customer
from kehu_desktop.models import DistributionPlan
from kehu_desktop.models import Payment
from kehu_desktop.models import PlanProgress
from kehu_desktop.models import Product
from kehu_desktop.models import Slip
from kehu_desktop.models import SlipLine
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import record_changes
from kehu_desktop.services.base import use_case
from kehu_desktop.services.credit import credit_setting
from kehu_desktop.services.customers import open_withdrawals
from kehu_desktop.services.customers import visible_to

ZERO = Decimal("0.00")
#: The month's last ten days begin on the 21st: next month's plans are asked for from then.
LAST_TEN_DAYS_FROM = 21


def _credit_customers(s: Session, actor: Actor, month: date) -> list[tuple[uuid.UUID, str]]:
    on_terms = (
        select(Contract.customer_id)
        .where(
            Contract.valid_from <= month,
            Contract.valid_to >= month,
            Contract.ended_at.is_(None),
            Contract.payment_terms != "cash",
        )
        .distinct()
    )
    return [
        (cid, name)
        for cid, name in s.execute(
            select(Customer.id, Customer.name)
            .where(Customer.status == "selected", Customer.id.in_(on_terms), visible_to(actor))
            .order_by(Customer.name)
        )
    ]


def plan_grid(db: Database, actor: Actor, month: date | None = None) -> list[PlanRow]:
    """The grid of ``month`` (default next month): each credit customer's plan, or last month's
    values prefilled where none is filed."""
    with use_case(db, actor, "plan.view", write=False) as (s, actor):
        month = rules.month_start(month or rules.add_months(db.clock.today(), 1))
        customers = _credit_customers(s, actor, month)
        ids = [cid for cid, _ in customers]
        plans = _plans(s, ids, month)
        before = _plans(s, ids, rules.add_months(month, -1))
        products = _products(s, [*plans.values(), *before.values()])
        out = []
        for cid, name in customers:
            plan, prefilled = plans.get(cid), False
            if plan is None and cid in before:
                plan, prefilled = before[cid], True
            out.append(
                PlanRow(
                    customer_id=cid,
                    customer_name=name,
                    month=month,
                    plan_id=None if plan is None or prefilled else plan.id,
                    sales_target=plan.sales_target if plan else None,
                    purchase_plan=plan.purchase_plan if plan else None,
                    payment_plan=plan.payment_plan if plan else None,
                    stocking=plan.stocking if plan else None,
                    outlets_target=plan.outlets_target if plan else None,
                    prefilled=prefilled,
                    lines=_lines(plan, products) if plan else (),
                )
            )
        return out


def _plans(s: Session, ids: Sequence[uuid.UUID], month: date) -> dict[uuid.UUID, DistributionPlan]:
    out: dict[uuid.UUID, DistributionPlan] = {}
    for start in range(0, len(ids), 500):
        rows = s.scalars(
            select(DistributionPlan).where(
                DistributionPlan.customer_id.in_(ids[start : start + 500]),
                DistributionPlan.month == month,
            )
        )
        out.update({p.customer_id: p for p in rows})
    return out


def _products(s: Session, plans: Sequence[DistributionPlan]) -> dict[str, Product]:
    """The products the plans' lines name, by code."""
    codes = {str(line["product"]) for p in plans for line in p.purchase_lines or ()}
    if not codes:
        return {}
    return {p.code: p for p in s.scalars(select(Product).where(Product.code.in_(codes)))}


def _lines(plan: DistributionPlan, products: dict[str, Product]) -> tuple[PlanLine, ...]:
    out = []
    for line in plan.purchase_lines or ():
        code = str(line["product"])
        product = products.get(code)
        out.append(
            PlanLine(
                product_code=code,
                product_name=product.name if product else code,
                unit=product.unit if product else "",
                quantity=line.get("quantity"),
                amount=Decimal(str(line["amount"])),
            )
        )
    return tuple(out)


def file_plans(db: Database, actor: Actor, month: date, rows: Sequence[PlanInput]) -> list[PlanRow]:
    """The sales manager files (or changes) the plans of ``month`` for the rows given, all or
    none; a row with nothing in it files nothing. Refuses: a month that has begun (field
    ``month``); a bad amount or outlet count (field ``rows.<n>.<column>``); a bad product line
    (``rows.<n>.lines.<m>.<product|quantity|amount>``: a product not in the list or twice in
    the row, a quantity not a whole number above 0, an amount missing or not above 0) or a
    purchase plan typed unlike its lines' sum (``rows.<n>.purchase_plan``); a customer not on
    the month's grid."""
    month = rules.month_start(month)
    today = db.clock.today()
    errors: list[FieldError] = []
    if month <= rules.month_start(today):
        errors.append(FieldError("month", "plan.month_begun", {"month": f"{month:%Y-%m}"}))
    cleaned = [_clean(n, row, errors) for n, row in enumerate(rows)]
    with use_case(db, actor, "plan.file") as (s, actor):
        _check_products(s, cleaned, errors)
        if errors:
            raise ValidationFailed(errors)
        grid = dict(_credit_customers(s, actor, month))
        outside = [c for c in cleaned if c["customer_id"] not in grid]
        if outside:
            raise Conflict("plan.not_on_grid")
        existing = _plans(s, [c["customer_id"] for c in cleaned], month)
        # A row left empty files no plan (an empty plan would count as "filed" and would break
        # the below-plan run); an existing plan emptied keeps its row with nothing planned.
        cleaned = [
            c
            for c in cleaned
            if c["customer_id"] in existing
            or any(v not in (None, []) for k, v in c.items() if k not in _NOT_VALUES)
        ]
        assert actor.user_id is not None, "plans need a signed-in user"
        changes = []
        for values in cleaned:
            del values["row"]
            plan = existing.get(values["customer_id"])
            if plan is None:
                plan = DistributionPlan(month=month, **values)
                s.add(plan)
            else:
                for key, value in values.items():
                    setattr(plan, key, value)
            plan.filed_by, plan.filed_at = actor.user_id, db.clock.now()
            changes.append(("distribution_plan", plan))
        s.flush()
        audit(
            s,
            actor,
            "plans_filed",
            entity="distribution_plan",
            detail=f"{month:%Y-%m}: {len(changes)}",
        )
        branches = dict(
            s.execute(
                select(Customer.id, Customer.branch_id).where(
                    Customer.id.in_([c["customer_id"] for c in cleaned])
                )
            ).all()
        )
        for branch_id in set(branches.values()):
            mine = [c for c in changes if branches[c[1].customer_id] == branch_id]
            record_changes(s, branch_id, mine)
    return plan_grid(db, actor, month)


#: Keys of a cleaned row that are not values typed by the manager.
_NOT_VALUES = ("customer_id", "row")


def _clean(n: int, row: PlanInput, errors: list[FieldError]) -> dict[str, Any]:
    out: dict[str, Any] = {"customer_id": row.customer_id, "row": n}
    for column, label in (
        ("sales_target", "销售目标"),
        ("purchase_plan", "进货计划"),
        ("payment_plan", "回款计划"),
    ):
        raw = getattr(row, column)
        try:
            value = parse_amount(raw, field=column, label=label) if raw not in (None, "") else None
        except ValidationFailed as exc:
            errors.extend(FieldError(f"rows.{n}.{column}", e.code, e.params) for e in exc.errors)
            value = None
        if value is not None and value < 0:
            errors.append(FieldError(f"rows.{n}.{column}", "plan.negative", {"label": label}))
        out[column] = value
    outlets = row.outlets_target
    if outlets in (None, ""):
        out["outlets_target"] = None
    else:
        try:
            number = int(str(outlets).strip())
            if number < 0:
                raise ValueError(number)
            out["outlets_target"] = number
        except ValueError:
            errors.append(FieldError(f"rows.{n}.outlets_target", "plan.outlets"))
            out["outlets_target"] = None
    out["stocking"] = (row.stocking or "").strip() or None
    lines = _clean_lines(n, row.lines or (), errors)
    out["purchase_lines"] = lines
    if lines:
        total = sum((Decimal(line["amount"]) for line in lines), ZERO)
        typed = out["purchase_plan"]
        if typed is not None and typed != total:
            errors.append(
                FieldError(
                    f"rows.{n}.purchase_plan",
                    "plan.lines_sum",
                    {"typed": f"{typed:,.2f}", "total": f"{total:,.2f}"},
                )
            )
        out["purchase_plan"] = total
    return out


def _clean_lines(
    n: int, lines: Sequence[PlanLineInput], errors: list[FieldError]
) -> list[dict[str, Any]]:
    """The row's product lines as stored (amount as text: the column is JSON); a line left
    blank is no line. The products' existence is checked in the transaction."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for m, line in enumerate(lines):
        field = f"rows.{n}.lines.{m}"
        code = (line.product_code or "").strip()
        quantity_text = "" if line.quantity is None else str(line.quantity).strip()
        amount_raw = line.amount
        if not code and not quantity_text and amount_raw in (None, ""):
            continue
        if not code:
            errors.append(FieldError(f"{field}.product", "plan.line_product"))
        elif code in seen:
            errors.append(FieldError(f"{field}.product", "plan.line_product_twice", {"code": code}))
        seen.add(code)
        quantity = None
        if quantity_text:
            try:
                quantity = int(quantity_text)
                if quantity <= 0:
                    raise ValueError(quantity)
            except ValueError:
                errors.append(FieldError(f"{field}.quantity", "plan.line_quantity"))
        try:
            amount = parse_amount(amount_raw, field="amount", label="金额")
        except ValidationFailed as exc:
            errors.extend(FieldError(f"{field}.amount", e.code, e.params) for e in exc.errors)
            amount = ZERO
        else:
            if amount is None or amount <= 0:
                errors.append(FieldError(f"{field}.amount", "plan.line_amount"))
                amount = ZERO
        out.append({"product": code, "quantity": quantity, "amount": str(amount), "line": m})
    return out


def _check_products(s: Session, cleaned: list[dict[str, Any]], errors: list[FieldError]) -> None:
    """Each line's product is in the product list; the lines lose their position after."""
    codes = {line["product"] for c in cleaned for line in c["purchase_lines"] if line["product"]}
    known = set(s.scalars(select(Product.code).where(Product.code.in_(codes)))) if codes else set()
    for c in cleaned:
        for line in c["purchase_lines"]:
            m = line.pop("line")
            if line["product"] and line["product"] not in known:
                errors.append(
                    FieldError(
                        f"rows.{c['row']}.lines.{m}.product",
                        "plan.line_unknown_product",
                        {"code": line["product"]},
                    )
                )


def log_progress(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    month: date,
    outlets_reached: int | None,
    note: str | None,
) -> None:
    """The sales rep's note on the month's plan of a customer: outlets reached so far, what
    happened. Refuses: no plan for that month, a negative count, nothing to say."""
    text = (note or "").strip() or None
    errors = []
    if outlets_reached is not None and outlets_reached < 0:
        errors.append(FieldError("outlets_reached", "plan.outlets"))
    if outlets_reached is None and text is None:
        errors.append(FieldError("note", "required", {"label": "进展"}))
    with use_case(db, actor, "plan.progress") as (s, actor):
        customer = s.scalar(select(Customer).where(Customer.id == customer_id, visible_to(actor)))
        if customer is None:
            raise NotFound("customer.not_found")
        if errors:
            raise ValidationFailed(errors)
        plan = s.scalar(
            select(DistributionPlan).where(
                DistributionPlan.customer_id == customer_id,
                DistributionPlan.month == rules.month_start(month),
            )
        )
        if plan is None:
            raise Conflict("plan.none", month=f"{month:%Y-%m}")
        assert actor.user_id is not None, "progress needs a signed-in user"
        row = PlanProgress(
            plan_id=plan.id,
            customer_id=customer_id,
            logged_by=actor.user_id,
            logged_on=db.clock.today(),
            outlets_reached=outlets_reached,
            note=text,
            created_at=db.clock.now(),
        )
        s.add(row)
        s.flush()
        audit(s, actor, "plan_progress_logged", entity="distribution_plan", entity_id=plan.id)
        record_changes(s, customer.branch_id, [("plan_progress", row)])


def plan_vs_actual(db: Database, actor: Actor, month: date) -> list[PlanActual]:
    """Every planned customer of ``month``: plan against what it bought (slips issued that month,
    not voided) and paid (payments received that month), the outlets reached (the latest
    progress note), and the run of consecutive months below plan ending with this one. A month
    is judged once it has ended: this month's and later ones are never below plan yet."""
    with use_case(db, actor, "plan.view", write=False) as (s, actor):
        month = rules.month_start(month)
        needed = int(credit_setting(s, "plan.below_months"))
        first = rules.add_months(month, -(needed - 1))
        rows = s.execute(
            select(DistributionPlan, Customer.name)
            .join(Customer, Customer.id == DistributionPlan.customer_id)
            .where(
                DistributionPlan.month >= first,
                DistributionPlan.month <= month,
                visible_to(actor),
            )
        ).all()
        ids = list({p.customer_id for p, _ in rows})
        bought = _sums(s, ids, first, month, Slip.customer_id, Slip.issue_date, Slip.total)
        paid = _sums(s, ids, month, month, Payment.customer_id, Payment.received_on, Payment.amount)
        # Only a month that has ended is judged: this month's purchases are still coming.
        ended = rules.month_start(db.clock.today())
        with_lines = [p for p, _ in rows if p.month == month and p.purchase_lines]
        products = _products(s, with_lines)
        by_product = _bought_by_product(s, [p.customer_id for p in with_lines], month)
        history: dict[uuid.UUID, dict[date, tuple[Decimal | None, Decimal]]] = {}
        for plan, _name in rows:
            if plan.month >= ended:
                continue
            history.setdefault(plan.customer_id, {})[plan.month] = (
                plan.purchase_plan,
                bought.get((plan.customer_id, plan.month), ZERO),
            )
        stages = open_withdrawals(s, [p.customer_id for p, _ in rows if p.month == month])
        out = []
        for plan, name in rows:
            if plan.month != month:
                continue
            purchased = bought.get((plan.customer_id, month), ZERO)
            past = history.get(plan.customer_id, {})
            run = rules.months_below(past, month)
            months = [rules.add_months(month, -n) for n in range(run - 1, -1, -1)]
            reached = s.scalar(
                select(PlanProgress.outlets_reached)
                .where(PlanProgress.plan_id == plan.id, PlanProgress.outlets_reached.is_not(None))
                .order_by(PlanProgress.logged_on.desc(), PlanProgress.created_at.desc())
                .limit(1)
            )
            out.append(
                PlanActual(
                    customer_id=plan.customer_id,
                    customer_name=name,
                    month=month,
                    purchase_plan=plan.purchase_plan,
                    purchased=purchased,
                    payment_plan=plan.payment_plan,
                    paid=paid.get((plan.customer_id, month), ZERO),
                    outlets_target=plan.outlets_target,
                    outlets_reached=reached,
                    below=month < ended and rules.below_plan(plan.purchase_plan, purchased),
                    months_below=run,
                    withdraw=run >= needed,
                    run=tuple((m, past[m][0] or ZERO, past[m][1]) for m in months),
                    withdrawal=stages.get(plan.customer_id),
                    lines=tuple(
                        PlanLineActual(
                            product_code=line.product_code,
                            product_name=line.product_name,
                            unit=line.unit,
                            planned_quantity=line.quantity,
                            planned_amount=line.amount,
                            bought_quantity=by_product.get(
                                (plan.customer_id, line.product_code), (0, ZERO)
                            )[0],
                            bought_amount=by_product.get(
                                (plan.customer_id, line.product_code), (0, ZERO)
                            )[1],
                        )
                        for line in _lines(plan, products)
                    ),
                )
            )
        return sorted(out, key=lambda a: (-a.months_below, a.customer_name))


def withdrawal_reason(actual: PlanActual) -> str:
    """The reason a withdrawal proposal made from a row of 计划完成情况 starts with: the
    months below plan, each with what was planned and bought."""
    months = "；".join(
        render(
            "plan.withdrawal_month",
            month=f"{month:%Y-%m}",
            planned=money_text(planned),
            bought=money_text(bought),
        )
        for month, planned, bought in actual.run
    )
    return render("plan.withdrawal_reason", count=len(actual.run), months=months)


def _sums(
    s: Session,
    ids: Sequence[uuid.UUID],
    first: date,
    last: date,
    customer: Any,
    day: Any,
    amount: Any,
) -> dict[tuple[uuid.UUID, date], Decimal]:
    """(customer, month) → the sum of ``amount`` dated in that month, from ``first``'s month to
    ``last``'s; slips that were voided do not count."""
    if not ids:
        return {}
    end = rules.add_months(last, 1)
    stmt = select(customer, day, amount).where(customer.in_(ids), day >= first, day < end)
    if customer is Slip.customer_id:
        stmt = stmt.where(Slip.status == "issued")
    out: dict[tuple[uuid.UUID, date], Decimal] = {}
    for cid, when, value in s.execute(stmt):
        key = (cid, rules.month_start(when))
        out[key] = out.get(key, ZERO) + value
    return out


def _bought_by_product(
    s: Session, ids: Sequence[uuid.UUID], month: date
) -> dict[tuple[uuid.UUID, str], tuple[int, Decimal]]:
    """(customer, product code) → quantity and amount on the month's issued slips' lines."""
    if not ids:
        return {}
    stmt = (
        select(Slip.customer_id, SlipLine.product_code, SlipLine.quantity, SlipLine.amount)
        .join(Slip, Slip.id == SlipLine.slip_id)
        .where(
            Slip.customer_id.in_(ids),
            Slip.status == "issued",
            Slip.issue_date >= month,
            Slip.issue_date < rules.add_months(month, 1),
        )
    )
    out: dict[tuple[uuid.UUID, str], tuple[int, Decimal]] = {}
    for cid, code, quantity, amount in s.execute(stmt):
        had = out.get((cid, code), (0, ZERO))
        out[(cid, code)] = (had[0] + quantity, had[1] + amount)
    return out


def plans_to_file(db: Database, actor: Actor) -> tuple[int, bool]:
    """How many credit customers still lack next month's plan (for 我的待办), from the first of
    the month's last ten days until the month begins; and whether the day to file them by
    (setting ``plan.file_by_day``) has passed."""
    with use_case(db, actor, "plan.file", write=False) as (s, actor):
        today = db.clock.today()
        if today.day < LAST_TEN_DAYS_FROM:
            return 0, False
        month = rules.add_months(today, 1)
        customers = [cid for cid, _ in _credit_customers(s, actor, month)]
        filed = _plans(s, customers, month)
        late = today > rules.file_by(month, int(credit_setting(s, "plan.file_by_day")))
        return sum(1 for cid in customers if cid not in filed), late
