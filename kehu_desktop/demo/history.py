"""A month and a half of history for the demo branch (steps 6-7), through the real services.

After :func:`services.demo.create_demo` has the customers, :func:`add_history` gives the branch:

* 15 products, medicines (批号 and expiry required, one or two batches each) and health products,
  each with its factory price;
* credit grades 1-5 for the credit customers (mostly state-owned); each month's limit applied for
  by the sales manager and approved by the role whose authority covers the grade; agreed-payment
  contracts with their month-end receivable cap (月末应收款限额; the grade-5 customer has a cash
  contract); a branch-GM credit exception for one private customer;
* about forty dispatch notes over the last 30 days in every state: requested, approved (one by
  phone, its signature still owed), assigned, released, parked at the market office with a
  temporary receipt, delivered, returned and cancelled; delivered ones have delivery slips (cash)
  and credit-sale slips (credit). Credit customers are agreed-payment customers, so each pays
  off its previous delivery before its next is released (前清后送), as the cashier's check
  demands;
* two voided slips (one re-issued corrected), a few slips saved as PDF twice (so they show 补印),
  copy ③ back for most slips but not the latest and a few older ones;
* payments in cash and by bank transfer allocated oldest first (some partial), one reversal, a
  remittance of the cash to head office;
* at the cashier's desk: one customer at or above the near-limit warning (a released note), one
  whose next note is blocked because it exceeds the headroom, and one whose next note is
  blocked because a credit-sale slip of six weeks ago is past its due date (both refusals are
  audited, as at a real cashier);
* the field work of steps 8-10 (``demo.field_work``): distribution plans with progress, visits,
  and early warnings answered and closed.

Every step is the service a user's click calls, by the role that does it, **on its own day**:
the history is replayed in date order with the database's clock (``db.clock``) standing on each
day in turn (a :class:`~kehu_desktop.clock.FixedClock`), and put back when it is done; today's
steps run on the database's own clock. The same seed on the same day gives the same history.
"""

from __future__ import annotations

import heapq
import itertools
import random
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal
from functools import partial

from sqlalchemy import select

from kehu_desktop.clock import Clock
from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.demo.field_work import add_field_work
from kehu_desktop.domain import rating
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.models import Slip
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch as dsp
from kehu_desktop.services import payments
from kehu_desktop.services import products
from kehu_desktop.services import slips
from kehu_desktop.services.base import Actor
from kehu_desktop.services.dispatch import release_dispatch
from kehu_desktop.services.slips import printers

__all__ = ["HistoryInfo", "add_history"]

CENT = Decimal("0.01")
#: The credit set-up (grades, contracts, limits) and the overdue customer's delivery happen this
#: many days before today; the plan's notes start 30 days back.
SET_UP_DAYS = 45

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

#: Dosage form (剂型) and manufacturer (生产厂商) of each product, as the slip prints them: the
#: real makers of these common products (a food or a medical device has no dosage form).
MAKERS: dict[str, tuple[str | None, str]] = {
    "YP0001": ("胶囊剂", "石药集团中诺药业(石家庄)有限公司"),
    "YP0002": ("片剂", "广州白云山制药股份有限公司"),
    "YP0003": ("胶囊剂", "中美天津史克制药有限公司"),
    "YP0004": ("滴丸剂", "天士力医药集团股份有限公司"),
    "YP0005": ("片剂", "拜耳医药保健有限公司"),
    "YP0006": ("片剂", "中美上海施贵宝制药有限公司"),
    "YP0007": ("片剂", "辉瑞制药有限公司"),
    "YP0008": ("胶囊剂", "常州四药制药有限公司"),
    "YP0009": ("颗粒剂", "广州白云山和记黄埔中药有限公司"),
    "YP0010": ("胶囊剂", "石家庄以岭药业股份有限公司"),
    "BJ0001": ("片剂", "汤臣倍健股份有限公司"),
    "BJ0002": ("胶囊剂", "汤臣倍健股份有限公司"),
    "BJ0003": (None, "汤臣倍健股份有限公司"),
    "BJ0004": ("胶囊剂", "养生堂药业有限公司"),
    "BJ0005": (None, "稳健医疗用品股份有限公司"),
}


_ROUTES = ("浦东线", "闵行线", "嘉定线", "松江线")
_CANCEL_REASONS = ("客户暂停进货", "重复申请，作废此单")
_VOID_REASONS = ("数量开错，重开", "客户名称有误")


@dataclass(frozen=True)
class DemoProduct:
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
    blocked_note: uuid.UUID | None = None  # over the headroom
    overdue_note: uuid.UUID | None = None  # a credit-sale slip past its due date


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
_PAYING_DAYS = (24, 16, 9)  # the customer of a delivery on these days pays two days later


class _Calendar:
    """Steps to run on their day, replayed in date order (then in the order they were planned),
    each with the database's clock standing on that day."""

    def __init__(self, db: Database, today: date) -> None:
        self.db, self.today = db, today
        self._base: Clock = db.clock
        self._past = FixedClock(today)
        self._queue: list[tuple[date, int, Callable[[], None]]] = []
        self._order = itertools.count()

    def on(self, day: date, step: Callable[[], None]) -> None:
        heapq.heappush(self._queue, (min(day, self.today), next(self._order), step))

    def run(self) -> None:
        while self._queue:
            day, _, step = heapq.heappop(self._queue)
            with self.standing_on(day):
                step()

    @contextmanager
    def standing_on(self, day: date) -> Iterator[None]:
        """The database's clock on ``day``: its own clock for today, else a clock stopped on
        that day (moved on, not restarted, so the day's records keep their order)."""
        if day >= self.today:
            self.db.clock = self._base
        elif self._past.today() != day:
            self._past.set(day)
        if day < self.today:
            self.db.clock = self._past
        try:
            yield
        finally:
            self.db.clock = self._base


def _checked(checkpoint: Callable[[], None], step: Callable[[], None]) -> None:
    checkpoint()
    step()


def add_history(
    db: Database,
    actors: dict[Role, Actor],
    *,
    seed: int,
    checkpoint: Callable[[], None] = lambda: None,
) -> HistoryInfo:
    """Add the history (module docstring) to the demo branch whose customers exist. Today is the
    database clock's day; the clock is back as it was when this returns. ``checkpoint`` is
    called before each dispatch note (services.demo stops a cancelled build there by raising)."""
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
    calendar = _Calendar(db, today)
    start = today - timedelta(days=SET_UP_DAYS)
    with calendar.standing_on(start):
        catalogue = add_products(db, actors[Role.ADMIN], today)
        contract_holders, credit_ids = _set_up_credit(db, actors, selected, rng, start, today)
    info.products = len(catalogue)
    info.credit_customers = len(credit_ids)
    # The first three credit customers are kept for the cashier's three cases (near the limit,
    # over the headroom, overdue); agreed-payment customers never get the plan's cash notes.
    # (A tiny demo with three credit customers or fewer sells everything else for cash.)
    pool = credit_ids[3:]
    cash_ids = [cid for cid, _ in selected if cid not in contract_holders]
    overdue_customer = credit_ids[2] if len(credit_ids) > 2 else None
    if overdue_customer is not None:
        calendar.on(start, lambda: _overdue_delivery(db, actors, overdue_customer, catalogue))

    for days, kind, state in sorted(_PLAN, key=lambda p: -p[0]):
        day = today - timedelta(days=days)
        planned = partial(_plan_note, db, actors, calendar, info, rng, catalogue, pool, cash_ids)
        calendar.on(day, partial(_checked, checkpoint, partial(planned, day, kind, state, days)))
    calendar.run()

    with calendar.standing_on(today):
        _slip_chores(db, actors, rng, today)
        _money(db, actors, pool, today)
        if credit_ids:
            info.near_limit_customer = _near_limit(db, actors, credit_ids[0], catalogue)
        if len(credit_ids) > 1:
            info.blocked_note = _blocked(db, actors, credit_ids[1], catalogue)
        if overdue_customer is not None:
            info.overdue_note = _waiting_overdue(db, actors, overdue_customer, catalogue)
    _evaluations(db, actors, calendar, credit_ids, today)
    add_field_work(db, actors, calendar.standing_on, credit_ids, rng, today, start)
    with db.read() as s:
        info.slips = len(list(s.execute(select(Slip.id)).scalars()))
    info.payments = len(payments.list_payments(db, actors[Role.CASHIER]))
    return info


def _plan_note(
    db: Database,
    actors: dict[Role, Actor],
    calendar: _Calendar,
    info: HistoryInfo,
    rng: random.Random,
    catalogue: list[DemoProduct],
    pool: list[uuid.UUID],
    cash_ids: list[uuid.UUID],
    day: date,
    kind: str,
    state: str,
    days: int,
) -> None:
    """One note of the plan, requested on ``day`` and taken to ``state`` (its delivery and
    return on their own day). A credit note goes to a credit customer with no goods on the
    way, who first pays off what it still owes (前清后送); with none free it becomes cash."""
    free = [cid for cid in pool if not _goods_on_the_way(db, cid)] if kind == "credit" else []
    if kind == "credit" and free:
        cid = rng.choice(free)
        _pay(db, actors, cid, rng, transfer=rng.random() < 0.5, exact=True)
    elif cash_ids:
        kind, cid = "cash", rng.choice(cash_ids)
    else:
        return  # a tiny demo: every selected customer has a part to play at the cashier
    note = _request(db, actors, cid, kind, catalogue, rng, amount=None)
    info.notes[state] = info.notes.get(state, 0) + 1
    if not _advance(db, actors, note, state, rng):
        return
    if state in ("delivered", "returned"):
        delivered = day + timedelta(days=rng.choice((0, 1, 1, 2)))

        def deliver() -> None:
            dsp.confirm_delivery(db, actors[Role.SALES_REP], note)
            if state == "returned":
                dsp.record_note_returned(db, actors[Role.CASHIER], note)

        calendar.on(delivered, deliver)
        if days in _PAYING_DAYS:
            transfer = days != 16
            calendar.on(
                delivered + timedelta(days=2),
                lambda: _pay(db, actors, cid, rng, transfer=transfer, exact=False),
            )


def _goods_on_the_way(db: Database, cid: uuid.UUID) -> bool:
    """Released goods not yet slipped: the customer cannot clear them until they arrive."""
    with db.read() as s:
        return any(i.kind == "dispatch" for i in credit.exposure_in(s, cid).items)


# --------------------------------------------------------------------------------------------
# Products and credit
# --------------------------------------------------------------------------------------------


def add_products(db: Database, admin: Actor, today: date) -> list[DemoProduct]:
    out = []
    for i, (code, name, spec, unit, price, batched) in enumerate(PRODUCTS):
        view = products.save_product(
            db,
            admin,
            products.ProductInput(
                code=code,
                name=name,
                specification=spec,
                dosage_form=MAKERS[code][0],
                manufacturer=MAKERS[code][1],
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
        out.append(DemoProduct(view.id, Decimal(price), batch))
    return out


# Grade, limit and month-end receivable cap of the credit customers, in order (limits within
# each grade's cap; the month-end cap is agreed in the contract).
_CREDIT_PLAN: tuple[tuple[int, str | None, str | None], ...] = (
    (3, "30000.00", "40000.00"),  # near its limit at the end
    (4, "20000.00", "30000.00"),  # its last note is blocked at the cashier: over the headroom
    (3, "50000.00", "60000.00"),  # its last note is blocked: a slip past its due date
    (1, "300000.00", "300000.00"),
    (2, "150000.00", "200000.00"),
    (3, "80000.00", "100000.00"),
    (4, "40000.00", "50000.00"),
    (5, None, None),  # cash only: a cash contract, no limit; gets no credit notes
)
_OVERDUE_TERM_DAYS = 30


def _set_up_credit(
    db: Database,
    actors: dict[Role, Actor],
    selected: list[tuple[uuid.UUID, str | None]],
    rng: random.Random,
    start: date,
    today: date,
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Grades, contracts and every month's limits from ``start`` (the clock stands there) to
    today's month. Returns (the customers with a contract, those that may buy on credit)."""
    state = [cid for cid, ch in selected if ch == "state_owned"]
    private = [cid for cid, ch in selected if ch != "state_owned"]
    chosen = state[: len(_CREDIT_PLAN) - 1]
    if private:
        chosen.insert(min(3, len(chosen)), private[0])  # the GM's exception, fourth in line
    gm, manager = actors[Role.BRANCH_GM], actors[Role.SALES_MANAGER]
    graded_from = start.replace(day=1)
    months = []
    month = start.replace(day=1)
    while month <= today:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    approver = {
        1: actors[Role.REGIONAL_MANAGER],
        2: actors[Role.MARKETING_DIRECTOR],
        3: gm,
        4: manager,
    }
    out = []
    for n, cid in enumerate(chosen):
        grade, limit, cap = (
            _CREDIT_PLAN[n] if n < len(_CREDIT_PLAN) else (3, "50000.00", "60000.00")
        )
        credit.set_grade(
            db,
            actors[Role.MARKETING_DIRECTOR],
            cid,
            grade,
            effective_from=graded_from,
            reason="月度信用评级（演示）",
        )
        if cid in private:
            credit.grant_credit_exception(
                db,
                gm,
                cid,
                start - timedelta(days=10),
                today + timedelta(days=320),
                "多年合作、回款及时，总经理特批赊销",
            )
        signed = start - timedelta(days=200 + rng.randrange(100))
        term_days = _OVERDUE_TERM_DAYS if n == 2 else rng.choice((30, 45, 60))
        credit.record_contract(
            db,
            gm,
            cid,
            credit.ContractInput(
                number=f"SH-HT-{signed:%Y}-{n + 1:03d}",
                payment_terms="agreed" if cap is not None else "cash",
                term_days=term_days if cap is not None else None,
                signer="branch_gm",
                signer_role="branch_gm",
                signed_date=signed,
                valid_from=signed,
                valid_to=signed + timedelta(days=730),
                month_end_cap=cap,
            ),
        )
        if limit is None:
            continue
        for month in months:
            view = credit.apply_limit(db, manager, cid, month, limit)
            credit.decide_limit(db, approver[grade], view.id, True, "同意")
        out.append(cid)
    return chosen, out


# The evaluations of the month (step 3), one per workflow state, on the credit customers after
# the cashier's three cases (whose grades they leave alone): levels that give the customer's
# grade again (1, 2, 3, 4 in _CREDIT_PLAN's order from the fourth customer on).
_EVALUATIONS: tuple[tuple[str, str, str], ...] = (
    ("AAAA", "AAAAAB", "approved"),  # grade 1, approved last month and this month
    ("AAAA", "AABCAA", "reviewed"),  # grade 2, waiting for the marketing director
    ("ABAB", "AAAAAB", "submitted"),  # grade 3, waiting for the branch GM
    ("BBBB", "ABCAAA", "sent_back"),  # grade 4, sent back by the GM
)


def _evaluations(
    db: Database,
    actors: dict[Role, Actor],
    calendar: _Calendar,
    credit_ids: list[uuid.UUID],
    today: date,
) -> None:
    """The month's evaluations in every state, and last month's approved one for the first, so
    that 资信评级 has something in each list; the other customers stay on the re-rating list."""
    manager, gm = actors[Role.SALES_MANAGER], actors[Role.BRANCH_GM]
    director = actors[Role.MARKETING_DIRECTOR]
    codes = (*rating.KEY_INDICATORS, *rating.OTHER_INDICATORS)
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    for n, (key, other, state) in enumerate(_EVALUATIONS):
        if n + 3 >= len(credit_ids):
            return
        cid = credit_ids[n + 3]
        levels = dict(zip(codes, key + other, strict=True))
        months = (last_month, this_month) if state == "approved" else (this_month,)
        for month in months:
            with calendar.standing_on(min(today, month + timedelta(days=2))):
                view = credit.file_evaluation(
                    db, manager, cid, month, levels, comment="月度评级（演示）"
                )
                if state == "sent_back":
                    credit.review_evaluation(db, gm, view.id, False, "经营年数与档案不符，请核实")
                    continue
                if state in ("reviewed", "approved"):
                    credit.review_evaluation(db, gm, view.id, True, "属实")
                if state == "approved":
                    credit.decide_evaluation(db, director, view.id, True, "同意")


# --------------------------------------------------------------------------------------------
# Dispatch notes
# --------------------------------------------------------------------------------------------


def _request(
    db: Database,
    actors: dict[Role, Actor],
    cid: uuid.UUID,
    kind: str,
    catalogue: list[DemoProduct],
    rng: random.Random,
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
    db: Database, actors: dict[Role, Actor], note: uuid.UUID, state: str, rng: random.Random
) -> bool:
    """Take a requested note towards ``state`` (each step by its role) up to its release, and
    park it if the plan says so. False when it stops before goods leave the branch."""
    manager, gm = actors[Role.SALES_MANAGER], actors[Role.BRANCH_GM]
    rep, cashier = actors[Role.SALES_REP], actors[Role.CASHIER]
    if state == "requested":
        return False
    if state == "cancelled":
        dsp.cancel_dispatch(db, manager, note, rng.choice(_CANCEL_REASONS))
        return False
    phone = state == "approved_phone" or rng.random() < 0.1
    dsp.approve_dispatch(db, rng.choice((manager, gm)), note, "phone" if phone else "signed")
    if phone and state != "approved_phone":
        dsp.complete_signature(db, manager, note)
    if state in ("approved", "approved_phone"):
        return False
    dsp.assign_driver(db, gm, note, "driver", rng.choice(_ROUTES))
    if state == "assigned":
        return False
    if not release_dispatch(db, cashier, note).released:
        return False  # refused after all (a tiny demo): it waits at the cashier
    if state == "parked" or (state != "released" and rng.random() < 0.15):
        dsp.park_at_market_office(db, rep, note)
    return state not in ("released", "parked")


def _overdue_delivery(
    db: Database, actors: dict[Role, Actor], cid: uuid.UUID, catalogue: list[DemoProduct]
) -> None:
    """A credit delivery six weeks ago on 30 days' terms, never paid: past its due date now."""
    rng = random.Random(2)
    note = _request(db, actors, cid, "credit", catalogue, rng, Decimal("6800.00"))
    _advance(db, actors, note, "delivered", rng)
    dsp.confirm_delivery(db, actors[Role.SALES_REP], note)


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
    *,
    transfer: bool,
    exact: bool,
) -> None:
    """The customer pays today (the clock's day), oldest slips first: all it owes (``exact``,
    to clear the previous delivery before the next) or that rounded down to 100."""
    with db.read() as s:
        owed = credit.exposure_in(s, cid).unpaid_slips
    amount = owed if exact else (owed // 100) * 100
    if amount <= 0:
        return
    day = db.clock.today()
    payments.record_payment(
        db,
        actors[Role.CASHIER],
        payments.PaymentInput(
            customer_id=cid,
            method="bank_transfer" if transfer else "cash",
            amount=amount,
            reference=f"{day:%Y%m%d}{rng.randrange(10**8):08d}" if transfer else None,
        ),
    )


def _money(db: Database, actors: dict[Role, Actor], pool: list[uuid.UUID], today: date) -> None:
    """More payments today (cash and transfer), one reversed transfer, the cash remitted."""
    cashier = actors[Role.CASHIER]
    rng = random.Random(f"kehu-demo-money-{today}")
    for n, cid in enumerate(pool[:3]):
        _pay(db, actors, cid, rng, transfer=n % 2 == 0, exact=False)
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


def _limit(db: Database, cid: uuid.UUID) -> Decimal:
    with db.read() as s:
        pos = credit.credit_position_in(s, cid)
    assert pos.limit is not None and not pos.exposure.items, "a cleared customer with a limit"
    return pos.limit


def _near_limit(
    db: Database, actors: dict[Role, Actor], cid: uuid.UUID, catalogue: list[DemoProduct]
) -> uuid.UUID:
    """A released note for 90 % of the customer's limit (the warning shows)."""
    amount = _limit(db, cid) * Decimal("0.90")
    rng = random.Random(0)
    note = _request(db, actors, cid, "credit", catalogue, rng, amount)
    _advance(db, actors, note, "released", rng)
    return cid


def _blocked(
    db: Database, actors: dict[Role, Actor], cid: uuid.UUID, catalogue: list[DemoProduct]
) -> uuid.UUID:
    """An assigned note 5,000 over the customer's limit: the cashier's check refuses it."""
    amount = _limit(db, cid) + Decimal("5000.00")
    rng = random.Random(1)
    note = _request(db, actors, cid, "credit", catalogue, rng, amount)
    _advance(db, actors, note, "assigned", rng)
    refused = release_dispatch(db, actors[Role.CASHIER], note)
    assert not refused.released
    return note


def _waiting_overdue(
    db: Database, actors: dict[Role, Actor], cid: uuid.UUID, catalogue: list[DemoProduct]
) -> uuid.UUID:
    """An assigned note of the customer whose slip of six weeks ago is past due: refused."""
    rng = random.Random(3)
    note = _request(db, actors, cid, "credit", catalogue, rng, Decimal("2400.00"))
    _advance(db, actors, note, "assigned", rng)
    refused = release_dispatch(db, actors[Role.CASHIER], note)
    assert "release.slip_overdue" in refused.decision.codes
    return note
