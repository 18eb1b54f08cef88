"""A month of history for the demo branch (steps 6-7), written through the real services.

After :func:`services.demo.create_demo` has the customers, :func:`add_history` gives the branch:

* 15 products, medicines (批号 and expiry required, one or two batches each) and health products,
  each with its factory price;
* credit grades 1-5 for the credit customers (mostly state-owned), this month's limits applied for
  by the sales manager and approved by the role whose authority covers the grade, agreed-payment
  contracts, and a branch-GM credit exception for one private customer;
* about forty dispatch notes dated over the last 30 days in every state: requested, approved
  (one by phone, its signature still owed), assigned, released, parked at the market office with
  a temporary receipt, delivered, returned and cancelled; delivered ones have delivery slips
  (cash) and credit-sale slips (credit);
* two voided slips (one re-issued corrected), a few slips saved as PDF twice (so they show 补印),
  copy ③ back for most slips but not the latest and a few older ones;
* payments in cash and by bank transfer allocated oldest first, one reversal, a remittance of the
  cash to head office;
* one customer at or above the near-limit warning and one whose next note is blocked at the
  cashier because it exceeds the headroom (the refusal is audited, as at a real cashier).

Every step is the service a user's click calls, by the role that does it; dates (request,
delivery, payment) are passed as ``today=``/``delivered_on=``/``received_on=``. The same seed and
today give the same history.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer, Slip
from kehu_desktop.services import credit, payments, printers, products, slips
from kehu_desktop.services import dispatch as dsp
from kehu_desktop.services.context import Actor
from kehu_desktop.services.release import release_dispatch

__all__ = ["HistoryInfo", "add_history"]

CENT = Decimal("0.01")

#: (code, name, specification, unit, factory price, batch required)
PRODUCTS: tuple[tuple[str, str, str, str, str, bool], ...] = (
    ("YP0001", "阿莫西林胶囊", "0.25g×24粒", "盒", "12.00", True),
    ("YP0002", "头孢克肟分散片", "0.1g×6片", "盒", "18.50", True),
    ("YP0003", "布洛芬缓释胶囊", "0.3g×20粒", "盒", "9.80", True),
    ("YP0004", "复方丹参滴丸", "27mg×180丸", "瓶", "25.00", True),
    ("YP0005", "硝苯地平控释片", "30mg×7片", "盒", "32.00", True),
    ("YP0006", "盐酸二甲双胍片", "0.5g×20片", "盒", "6.50", True),
    ("YP0007", "阿托伐他汀钙片", "20mg×7片", "盒", "28.00", True),
    ("YP0008", "奥美拉唑肠溶胶囊", "20mg×14粒", "盒", "15.00", True),
    ("YP0009", "板蓝根颗粒", "10g×20袋", "包", "11.00", True),
    ("YP0010", "连花清瘟胶囊", "0.35g×24粒", "盒", "14.50", True),
    ("BJ0001", "维生素C咀嚼片", "100片", "瓶", "5.00", False),
    ("BJ0002", "钙维生素D软胶囊", "60粒", "瓶", "38.00", False),
    ("BJ0003", "蛋白质粉", "400g", "罐", "88.00", False),
    ("BJ0004", "鱼油软胶囊", "100粒", "瓶", "45.00", False),
    ("BJ0005", "医用外科口罩", "50只", "盒", "20.00", False),
)

_ROUTES = ("浦东线", "闵行线", "嘉定线", "松江线")
_CANCEL_REASONS = ("客户暂停进货", "重复申请，作废此单")
_VOID_REASONS = ("数量开错，重开", "客户名称有误")


@dataclass(frozen=True)
class _Product:
    id: uuid.UUID
    price: Decimal
    batch: uuid.UUID | None


@dataclass
class HistoryInfo:
    products: int = 0
    credit_customers: int = 0
    notes: dict[str, int] = field(default_factory=dict)  # intended state -> count
    slips: int = 0
    payments: int = 0
    near_limit_customer: uuid.UUID | None = None
    blocked_note: uuid.UUID | None = None


# The plan: (days ago, sale kind, final state). Deliveries (delivered/returned) are spread over
# the month; the open states are recent, as they would be in a real branch.
_PLAN: tuple[tuple[int, str, str], ...] = (
    *((30 - 2 * i, "credit" if i % 3 else "cash", "returned") for i in range(10)),
    *((13 - i, "cash" if i % 2 else "credit", "delivered") for i in range(9)),
    (6, "credit", "cancelled"),
    (3, "cash", "cancelled"),
    (5, "credit", "parked"),
    (4, "cash", "parked"),
    (3, "credit", "released"),
    (2, "cash", "released"),
    (2, "credit", "assigned"),
    (1, "cash", "assigned"),
    (1, "credit", "approved"),
    (1, "cash", "approved_phone"),
    (0, "credit", "requested"),
    (0, "cash", "requested"),
)


def add_history(db: Database, actors: dict[Role, Actor], *, seed: int) -> HistoryInfo:
    """Add the month of history (module docstring) to the demo branch whose customers exist."""
    today = db.clock.today()
    rng = random.Random(f"kehu-demo-history-{seed}")
    info = HistoryInfo()
    with db.read() as s:
        selected = [
            (cid, channel)
            for cid, channel in s.execute(
                select(Customer.id, Customer.channel)
                .where(Customer.status == "selected")
                .order_by(Customer.uscc)
            )
        ]
    if not selected:
        return info
    catalogue = _add_products(db, actors[Role.ADMIN], today)
    info.products = len(catalogue)
    credit_ids = _set_up_credit(db, actors, selected, rng, today)
    info.credit_customers = len(credit_ids)
    cash_ids = [cid for cid, _ in selected]

    notes: list[tuple[uuid.UUID, uuid.UUID, str, int]] = []  # note, customer, state, days ago
    for days, kind, state in _PLAN:
        if kind == "credit" and not credit_ids:
            kind = "cash"
        # The first two credit customers are kept for the near-limit and blocked cases.
        pool = (credit_ids[2:] or credit_ids) if kind == "credit" else cash_ids
        cid = rng.choice(pool)
        day = today - timedelta(days=days)
        note = _request(db, actors, cid, kind, catalogue, rng, day, amount=None)
        _advance(db, actors, note, state, rng, day, today)
        notes.append((note, cid, state, days))
        info.notes[state] = info.notes.get(state, 0) + 1
        if days in (24, 16, 9) and state in ("returned", "delivered"):
            _pay(db, actors, cid, rng, day + timedelta(days=2), today, transfer=days != 16)

    _slip_chores(db, actors, rng, today)
    _money(db, actors, credit_ids, today)
    if credit_ids:
        info.near_limit_customer = _near_limit(db, actors, credit_ids[0], catalogue, today)
        if len(credit_ids) > 1:
            info.blocked_note = _blocked(db, actors, credit_ids[1], catalogue, today)
    with db.read() as s:
        info.slips = len(list(s.execute(select(Slip.id)).scalars()))
    info.payments = len(payments.list_payments(db, actors[Role.CASHIER]))
    return info


# --------------------------------------------------------------------------------------------
# Products and credit
# --------------------------------------------------------------------------------------------


def _add_products(db: Database, admin: Actor, today: date) -> list[_Product]:
    out = []
    for i, (code, name, spec, unit, price, batched) in enumerate(PRODUCTS):
        view = products.save_product(
            db,
            admin,
            products.ProductInput(
                code=code,
                name=name,
                specification=spec,
                unit=unit,
                factory_price=price,
                batch_required=batched,
            ),
        )
        batch = None
        if batched:
            made = today.replace(day=1) - timedelta(days=60 + 30 * (i % 4))
            if i % 3 == 0:  # an older batch of the same product, still in date
                products.add_batch(
                    db,
                    admin,
                    view.id,
                    f"{made:%Y%m}{i:02d}A",
                    made + timedelta(days=420),
                )
            batch = products.add_batch(
                db,
                admin,
                view.id,
                f"{made:%Y%m}{i:02d}B",
                made + timedelta(days=730),
            ).id
        out.append(_Product(view.id, Decimal(price), batch))
    return out


# Grade and limit of the credit customers, in order (limits within each grade's cap).
_CREDIT_PLAN: tuple[tuple[int, str | None], ...] = (
    (3, "30000.00"),  # near its limit at the end
    (4, "20000.00"),  # its last note is blocked at the cashier
    (1, "300000.00"),
    (2, "150000.00"),
    (3, "80000.00"),
    (4, "40000.00"),
    (5, None),  # cash only: no limit; gets no credit notes
)


def _set_up_credit(
    db: Database,
    actors: dict[Role, Actor],
    selected: list[tuple[uuid.UUID, str | None]],
    rng: random.Random,
    today: date,
) -> list[uuid.UUID]:
    """Grades, contracts and limits; returns the customers that may buy on credit."""
    state = [cid for cid, ch in selected if ch == "state_owned"]
    private = [cid for cid, ch in selected if ch != "state_owned"]
    chosen = state[: len(_CREDIT_PLAN) - 1]
    if private:
        chosen.insert(min(2, len(chosen)), private[0])  # the GM's exception, third in line
    gm, manager = actors[Role.BRANCH_GM], actors[Role.SALES_MANAGER]
    graded_from = (today - timedelta(days=40)).replace(day=1)
    month = today.replace(day=1)
    approver = {
        1: actors[Role.REGIONAL_MANAGER],
        2: actors[Role.MARKETING_DIRECTOR],
        3: gm,
        4: manager,
    }
    out = []
    for n, cid in enumerate(chosen):
        grade, limit = _CREDIT_PLAN[n] if n < len(_CREDIT_PLAN) else (3, "50000.00")
        credit.set_grade(
            db, gm, cid, grade, effective_from=graded_from, reason="月度信用评级（演示）"
        )
        if cid in private:
            credit.grant_credit_exception(
                db,
                gm,
                cid,
                today - timedelta(days=45),
                today + timedelta(days=320),
                "多年合作、回款及时，总经理特批赊销",
            )
        signed = today - timedelta(days=200 + rng.randrange(100))
        credit.record_contract(
            db,
            gm,
            cid,
            credit.ContractInput(
                number=f"SH-HT-{signed:%Y}-{n + 1:03d}",
                payment_terms="agreed",
                term_days=rng.choice((30, 45, 60)),
                signer="branch_gm",
                signer_role="branch_gm",
                signed_date=signed,
                valid_from=signed,
                valid_to=signed + timedelta(days=730),
            ),
        )
        if limit is None:
            continue
        view = credit.apply_limit(db, manager, cid, month, limit)
        credit.decide_limit(db, approver[grade], view.id, True, "同意")
        out.append(cid)
    return out


# --------------------------------------------------------------------------------------------
# Dispatch notes
# --------------------------------------------------------------------------------------------


def _request(
    db: Database,
    actors: dict[Role, Actor],
    cid: uuid.UUID,
    kind: str,
    catalogue: list[_Product],
    rng: random.Random,
    day: date,
    amount: Decimal | None,
) -> uuid.UUID:
    """A note by the sales rep: 1-3 random lines at 5-30 % above factory price, or (``amount``)
    one line of the product priced 5.00 (维生素C) for exactly that amount."""
    lines: list[tuple[object, ...]]
    if amount is None:
        lines = []
        for p in rng.sample(catalogue, rng.randint(1, 3)):
            markup = Decimal(100 + rng.randrange(5, 31)) / 100
            price = (p.price * markup).quantize(CENT, ROUND_HALF_UP)
            lines.append((p.id, rng.choice((5, 10, 20, 30)), price, p.batch))
    else:
        vitamin = next(p for p in catalogue if p.price == Decimal("5.00"))
        qty = 100
        price = max(vitamin.price, (amount / qty).quantize(CENT, ROUND_HALF_UP))
        lines = [(vitamin.id, qty, price, None)]
    note = dsp.request_dispatch(
        db,
        actors[Role.SALES_REP],
        dsp.DispatchRequest(cid, kind, lines, "客户补货"),
    )
    return note.id


def _advance(
    db: Database,
    actors: dict[Role, Actor],
    note: uuid.UUID,
    state: str,
    rng: random.Random,
    day: date,
    today: date,
) -> None:
    """Take a requested note to ``state``, each step by its role."""
    manager, gm = actors[Role.SALES_MANAGER], actors[Role.BRANCH_GM]
    rep, cashier = actors[Role.SALES_REP], actors[Role.CASHIER]
    if state == "requested":
        return
    if state == "cancelled":
        dsp.cancel_dispatch(db, manager, note, rng.choice(_CANCEL_REASONS))
        return
    phone = state == "approved_phone" or rng.random() < 0.1
    dsp.approve_dispatch(db, rng.choice((manager, gm)), note, "phone" if phone else "signed")
    if phone and state != "approved_phone":
        dsp.complete_signature(db, manager, note)
    if state in ("approved", "approved_phone"):
        return
    dsp.assign_driver(db, gm, note, "driver", rng.choice(_ROUTES))
    if state == "assigned":
        return
    if not release_dispatch(db, cashier, note).released:
        return  # over the limit after all (a tiny demo): it waits at the cashier
    if state == "released":
        return
    if state == "parked" or rng.random() < 0.15:
        dsp.park_at_market_office(db, rep, note)
    if state == "parked":
        return
    delivered = min(today, day + timedelta(days=rng.choice((0, 1, 1, 2))))
    dsp.confirm_delivery(db, rep, note, None, delivered)
    if state == "returned":
        dsp.record_note_returned(db, cashier, note)


# --------------------------------------------------------------------------------------------
# Slips and money
# --------------------------------------------------------------------------------------------


def _slip_rows(db: Database) -> list[tuple[uuid.UUID, str, date, str, uuid.UUID]]:
    with db.read() as s:
        return [
            (sid, number, issued, status, note)
            for sid, number, issued, status, note in s.execute(
                select(
                    Slip.id, Slip.number, Slip.issue_date, Slip.status, Slip.dispatch_note_id
                ).order_by(Slip.issue_date, Slip.number)
            )
        ]


def _slip_chores(db: Database, actors: dict[Role, Actor], rng: random.Random, today: date) -> None:
    """Void two slips (re-issue one), save a few as PDF twice (补印), copy ③ for most."""
    accountant, rep = actors[Role.ACCOUNTANT], actors[Role.SALES_REP]
    rows = _slip_rows(db)
    if not rows:
        return
    for k, (sid, _, issued, _, note) in enumerate(rows[3:5] if len(rows) > 5 else rows[:1]):
        slips.void_slip(db, accountant, sid, _VOID_REASONS[k % 2])
        if k == 0:  # the corrected slip, under a new number
            dsp.confirm_delivery(db, rep, note, None, issued)
    rows = _slip_rows(db)
    for _, number, _, status, _ in rows[1 : len(rows) : 4]:
        if status == "issued":
            printers.slip_pdf_bytes(db, rep, number)  # the copy handed to the customer
            printers.slip_pdf_bytes(db, rep, number)  # a second copy: 补印
    latest = today - timedelta(days=3)
    for n, (sid, _, issued, status, _) in enumerate(rows):
        if status != "issued" or issued > latest or n % 7 == 5:
            continue  # not back yet: the accountant's list of missing copies ③ shows these
        back = datetime.combine(issued + timedelta(days=2), time(9, 30), tzinfo=UTC)
        slips.record_copy3_returned(db, accountant, sid, returned_at=back)


def _pay(
    db: Database,
    actors: dict[Role, Actor],
    cid: uuid.UUID,
    rng: random.Random,
    day: date,
    today: date,
    *,
    transfer: bool,
) -> None:
    """The customer pays what it owes (rounded down to 100), oldest slips first."""
    with db.read() as s:
        owed = credit.exposure_in(s, cid).unpaid_slips
    amount = (owed // 100) * 100
    if amount <= 0:
        return
    day = min(day, today)
    payments.record_payment(
        db,
        actors[Role.CASHIER],
        payments.PaymentInput(
            customer_id=cid,
            method="bank_transfer" if transfer else "cash",
            amount=amount,
            received_on=day,
            reference=f"{day:%Y%m%d}{rng.randrange(10**8):08d}" if transfer else None,
        ),
    )


def _money(
    db: Database, actors: dict[Role, Actor], credit_ids: list[uuid.UUID], today: date
) -> None:
    """More payments (cash and transfer), one reversed transfer, the cash remitted."""
    cashier = actors[Role.CASHIER]
    rng = random.Random(f"kehu-demo-money-{today}")
    for n, cid in enumerate(credit_ids[2:5]):
        _pay(db, actors, cid, rng, today - timedelta(days=1), today, transfer=n % 2 == 0)
    rows = payments.list_payments(db, cashier)
    transfers = [p for p in rows if p.method == "bank_transfer"]
    if transfers:
        payments.reverse_payment(db, cashier, transfers[0].id, "银行退票，款项未到账")
    cash = [p.id for p in rows if p.method == "cash"]
    if cash:
        payments.record_remittance(
            db,
            cashier,
            payments.RemittanceInput(
                amount=None,
                method="cash_deposit",
                reference=f"JK{today:%Y%m%d}01",
                payment_ids=cash,
            ),
        )


def _position(db: Database, cid: uuid.UUID, today: date) -> tuple[Decimal, Decimal]:
    with db.read() as s:
        pos = credit.credit_position_in(s, cid)
    assert pos.limit is not None
    return pos.limit, pos.exposure.total


def _near_limit(
    db: Database,
    actors: dict[Role, Actor],
    cid: uuid.UUID,
    catalogue: list[_Product],
    today: date,
) -> uuid.UUID:
    """A released note bringing the customer to about 90 % of its limit (the warning shows)."""
    limit, exposure = _position(db, cid, today)
    amount = max(Decimal("500.00"), limit * Decimal("0.90") - exposure)
    rng = random.Random(0)
    note = _request(db, actors, cid, "credit", catalogue, rng, today, amount)
    _advance(db, actors, note, "released", rng, today, today)
    return cid


def _blocked(
    db: Database,
    actors: dict[Role, Actor],
    cid: uuid.UUID,
    catalogue: list[_Product],
    today: date,
) -> uuid.UUID:
    """An assigned note 5,000 over the customer's headroom: the cashier's check refuses it."""
    limit, exposure = _position(db, cid, today)
    amount = max(Decimal("500.00"), limit - exposure + Decimal("5000.00"))
    rng = random.Random(1)
    note = _request(db, actors, cid, "credit", catalogue, rng, today, amount)
    _advance(db, actors, note, "assigned", rng, today, today)
    refused = release_dispatch(db, actors[Role.CASHIER], note)
    assert not refused.released
    return note
