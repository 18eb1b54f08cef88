"""A demo branch to try the app with: 上海分公司 with a user for every role and a few hundred
realistic customers in every workflow state.

Everything is written through the real services (set_up_branch, add_user, sign_in, save_customer,
the selection chain), so the demo holds what real use would: selection steps, change form
entries, audit records and outbox rows. Only a fresh database is accepted.

Every demo user has the password :data:`DEMO_PASSWORD`; it is meant to be shown on the demo's
sign-in screen and must never be used for real data.

The database itself says that it is the demo: a settings row (services.setup.DEMO_SETTING)
written in the transaction that creates the branch, "building" until the demo is complete and
"ready" after. A build that is cancelled or fails is discarded (every row deleted, the database
empty again), so the next start offers the first run again.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete

from kehu_desktop.db import Database
from kehu_desktop.demo.history import HistoryInfo
from kehu_desktop.demo.history import add_history
from kehu_desktop.demo.names import CustomerGenerator
from kehu_desktop.demo.names import FakeCustomer
from kehu_desktop.demo.names import status_plan
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.roles import OFF_BRANCH_ROLES
from kehu_desktop.domain.roles import REGION_ROLES
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Base
from kehu_desktop.services.admin import DEMO_BUILDING
from kehu_desktop.services.admin import DEMO_READY
from kehu_desktop.services.admin import DEMO_SETTING
from kehu_desktop.services.admin import BranchSetup
from kehu_desktop.services.admin import add_branch
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import branch_view
from kehu_desktop.services.admin import check_branch_setup
from kehu_desktop.services.admin import is_set_up
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.customers import BASIC_FIELDS
from kehu_desktop.services.customers import CREDIT_FIELDS
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import MonthlySalesInput
from kehu_desktop.services.customers import StepDecision
from kehu_desktop.services.customers import add_customers
from kehu_desktop.services.customers import selection
from kehu_desktop.services.slips import SellerInput

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_SETUP",
    "DEMO_USERS",
    "DatabaseNotEmpty",
    "DemoCancelled",
    "DemoInfo",
    "create_demo",
    "demo_credentials",
    "discard_unfinished_demo",
]

DEMO_PASSWORD = "demo1234"

DEMO_SETUP = BranchSetup(
    branch_code="SH",
    branch_name="上海分公司",
    region_code="HD",
    region_name="华东大区",
    admin_username="admin",
    admin_password=DEMO_PASSWORD,
    admin_display_name="林涛",
    market_offices=(
        ("PD", "浦东市场部"),
        ("MH", "闵行市场部"),
        ("JD", "嘉定市场部"),
        ("SJ", "松江市场部"),
    ),
    # Made up, in the real formats: a Shanghai landline and a 沪AA licence number.
    seller=SellerInput(
        company_name="华东康健医药股份有限公司",
        address="上海市静安区共和新路1888号康健大厦5楼",
        phone="021-56781234",
        licence_no="沪AA0210087",
    ),
)

#: (user name, role, display name). The user name is the role's code name, so the sign-in
#: screen of the demo can simply list them.
DEMO_USERS: tuple[tuple[str, Role, str], ...] = (
    ("admin", Role.ADMIN, "林涛"),
    ("cashier", Role.CASHIER, "王丽华"),
    ("clerk", Role.CLERK, "李静"),
    ("accountant", Role.ACCOUNTANT, "张敏"),
    ("sales_rep", Role.SALES_REP, "刘洋"),
    ("driver", Role.DRIVER, "赵建军"),
    ("sales_manager", Role.SALES_MANAGER, "陈志强"),
    ("branch_gm", Role.BRANCH_GM, "周国平"),
    ("marketing_director", Role.MARKETING_DIRECTOR, "吴晓东"),
    ("regional_manager", Role.REGIONAL_MANAGER, "孙振华"),
    ("marketing_head", Role.MARKETING_HEAD, "郑海燕"),
    ("finance", Role.FINANCE, "黄秀英"),
)


class DatabaseNotEmpty(Conflict):
    """The demo only goes into a fresh database: it must never mix with real data."""

    def __init__(self) -> None:
        super().__init__("demo.not_empty")


class DemoCancelled(KehuError):
    """The user cancelled the demo while it was being built; the database is empty again."""

    def __init__(self) -> None:
        super().__init__("demo.cancelled")


#: Called after each step of the build with (steps done, steps in all); from the building thread.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoInfo:
    branch_id: uuid.UUID
    region_id: uuid.UUID
    customers: int
    statuses: dict[str, int]  # workflow state -> number of customers
    region_quota: int
    credentials: tuple[tuple[str, Role, str], ...]  # (user name, role, password)
    history: HistoryInfo | None = None  # what add_history made (None: no history asked for)


def demo_credentials() -> list[tuple[str, Role, str]]:
    """(user name, role, password) of every demo user, for the sign-in screen and `kehu demo`."""
    return [(username, role, DEMO_PASSWORD) for username, role, _ in DEMO_USERS]


def create_demo(
    db: Database,
    *,
    customers: int = 300,
    seed: int = 7,
    history: bool = True,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> DemoInfo:
    """Fill an empty, migrated database with the demo branch: 上海分公司, a user for every
    role (:func:`demo_credentials`) and ``customers`` customer files spread over every workflow
    state, about 60 % selected. The same ``seed`` on the same day (``db.clock``) gives the same
    customers, credit codes and states (not the same ids or timestamps).

    Anyone may call it on a fresh database (first run, `kehu demo`, tests); it refuses a
    database that has users (:class:`DatabaseNotEmpty`). Every step is a real service call;
    the customers are filed and taken through the selection chain in batches (a transaction a
    batch, services.customers.add_customers and selection.decide_many): about 10 s in all for
    300 customers with the history below, on a 2-core machine (docs/bench.md, "command line").

    With ``history`` (the default) the branch also gets a month of dispatches, slips, payments
    and credit (:func:`services.demo_history.add_history`), a few seconds more.

    Setting ``cancel`` (from another thread) stops the build once the batch of customers being
    filed is written, at the next round of selection steps or at the next dispatch note: the
    demo is discarded and :class:`DemoCancelled` raised. ``progress`` is told (steps done,
    steps in all) as it goes. Any other failure discards the demo too.
    """
    discard_unfinished_demo(db)  # one killed half-way is not data: build this one instead
    if is_set_up(db):
        raise DatabaseNotEmpty()
    today = db.clock.today()
    check_branch_setup(DEMO_SETUP)
    with db.write() as s:
        # The branch and the fact that it is the demo: one transaction, so a database never
        # holds a demo branch that does not say so.
        branch_id = add_branch(s, DEMO_SETUP)
        put_setting(s, DEMO_SETTING, DEMO_BUILDING)
    steps = customers + (1 if history else 0)

    def checkpoint(done: int) -> None:
        if cancel is not None and cancel.is_set():
            raise DemoCancelled()
        if progress is not None:
            progress(done, steps)

    try:
        info = _build(db, branch_id, customers, seed, today, history, checkpoint)
        with db.write() as s:
            put_setting(s, DEMO_SETTING, DEMO_READY)
    except BaseException:
        # Cancelled, failed or interrupted (Ctrl-C): never leave a half-built demo behind.
        discard_unfinished_demo(db)
        raise
    return info


def _build(
    db: Database,
    branch_id: uuid.UUID,
    customers: int,
    seed: int,
    today: date,
    history: bool,
    checkpoint: Callable[[int], None],
) -> DemoInfo:
    rng = random.Random(f"kehu-demo-{seed}")  # not the generator's stream: that is seeded too
    admin = auth.sign_in(db, DEMO_SETUP.admin_username, DEMO_PASSWORD)
    region_id = branch_view(db, admin).region_id
    checkpoint(0)
    clerks = [u for u in DEMO_USERS if u[1] == Role.CLERK]
    others = [u for u in DEMO_USERS if u[1] not in (Role.ADMIN, Role.CLERK)]
    actors = {Role.ADMIN: admin, **_add_users(db, admin, region_id, clerks)}
    plan = status_plan(customers, rng)
    generator = CustomerGenerator(seed, today)
    clerk = actors[Role.CLERK]
    walks: list[tuple[uuid.UUID, list[_Step]]] = []
    # The other users are added on a thread of their own while the clerk files the customers:
    # their argon2 hashes (a quarter of a second each, made outside the write transactions)
    # run on the other core (argon2 lets go of Python's lock).
    with ThreadPoolExecutor(1, thread_name_prefix="kehu-demo-users") as pool:
        added = pool.submit(_add_users, db, admin, region_id, others)
        # The clerk files them a batch at a time (services.customers.add_customers, the
        # editor's checks and records): a transaction per customer was a third of the build's
        # time. A batch is small enough for a cancel to stop the build soon.
        for start in range(0, len(plan), _BATCH):
            statuses = plan[start : start + _BATCH]
            drafts = [_draft(generator.customer()) for _ in statuses]
            ids = add_customers(db, clerk, drafts)
            walks += [
                (cid, _walk_to(status, rng)) for cid, status in zip(ids, statuses, strict=True)
            ]
            for done in range(start + 1, start + len(statuses) + 1):
                checkpoint(done)  # the progress counts customers, as it did one call each
        actors.update(added.result())

    selected = sum(1 for s in plan if s == "selected")
    # Head office allows the region a round number comfortably above what the demo selects.
    quota = (selected // 100 + 2) * 100
    selection.set_region_quota(db, actors[Role.MARKETING_HEAD], region_id, quota)
    _take_steps(db, actors, walks, lambda: checkpoint(customers))
    made = None
    if history:
        made = add_history(db, actors, seed=seed, checkpoint=lambda: checkpoint(customers))
        checkpoint(customers + 1)
    return DemoInfo(
        branch_id=branch_id,
        region_id=region_id,
        customers=customers,
        statuses=dict(Counter(plan)),
        region_quota=quota,
        credentials=tuple(demo_credentials()),
        history=made,
    )


def discard_unfinished_demo(db: Database) -> bool:
    """Delete every row of a demo that is still "building" (cancelled, failed, or killed
    half-way), leaving the empty database a first run starts from. A finished demo or a real
    branch is never touched: returns False and changes nothing."""
    with db.write() as s:
        if get_setting(s, DEMO_SETTING) != DEMO_BUILDING:
            return False
        # The demo was only ever created in a database without users, so every row is the
        # demo's. Children first; rows of one table go in one statement (self-references).
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(delete(table))
    return True


def _add_users(
    db: Database, admin: Actor, region_id: uuid.UUID, users: Sequence[tuple[str, Role, str]]
) -> dict[Role, Actor]:
    """One user per role of ``users``, each the actor of its role's steps.

    Branch users are added by the branch's administrator, as `kehu user add` would. Head-office
    and regional users belong to no branch and no branch may create them: the demo writes them
    through ``auth.add_demo_office_user``, which works only while this demo is being built.

    They are not signed in: every service call reads the account again and checks its roles
    (services.base.use_case), so the new account's identity is all a call needs. A sign-in
    would add only its audit record, at the cost of an argon2 verify (about 0.25 s each on a
    2-core machine, the largest fixed cost of the build); the hash made for each new user is
    kept (every account has its own salt).
    """
    actors = {}
    for username, role, display_name in users:
        if role in OFF_BRANCH_ROLES:
            view = auth.add_demo_office_user(
                db,
                username,
                DEMO_PASSWORD,
                role,
                display_name=display_name,
                region_id=region_id,
            )
        else:
            view = auth.add_user(
                db, admin, username, DEMO_PASSWORD, [role], display_name=display_name
            )
        actors[role] = Actor(
            user_id=view.id,
            username=view.username,
            display_name=view.display_name,
            branch_id=view.branch_id,
            region_id=region_id if role in REGION_ROLES else None,
            roles=frozenset(view.roles),
        )
    return actors


def _draft(fake: FakeCustomer) -> CustomerDraft:
    values = {n: getattr(fake, n) for n in (*BASIC_FIELDS, "market_office", *CREDIT_FIELDS)}
    return CustomerDraft(
        **values,
        monthly_sales=[
            MonthlySalesInput(m.month, m.volume, m.amount, m.stock) for m in fake.monthly_sales
        ],
    )


_BATCH = 25  # customers filed in one transaction

_SEND_BACK_COMMENTS = ("请补充近三个月销售数据", "证照复印件不清晰，请重新上传", "请核实年销售规模")
_REJECT_COMMENTS = ("回款信誉不佳，暂不合作", "与现有客户渠道重叠", "经营规模不符合选择标准")
_TERMINATE_REASONS = ("连续三个月未进货", "多次拖欠货款", "被吊销药品经营许可证")


#: One step of a customer's way through the selection chain: (step, decision, comment).
_Step = tuple[str, Decision, str | None]

#: Who takes each step (services.customers.selection).
_STEP_ROLES = {
    "propose": Role.SALES_MANAGER,
    "review": Role.BRANCH_GM,
    "approve": Role.MARKETING_HEAD,
    "terminate": Role.MARKETING_HEAD,
}


def _walk_to(status: str, rng: random.Random) -> list[_Step]:
    """The steps that take a prospect through the selection chain to ``status``."""
    if status == "prospect":
        return []
    steps: list[_Step] = []
    if status == "selected" and rng.random() < 0.1:
        # Some went round once: sent back by the GM, completed, proposed again.
        steps.append(("propose", Decision.APPROVE, None))
        steps.append(("review", Decision.SEND_BACK, rng.choice(_SEND_BACK_COMMENTS)))
    steps.append(("propose", Decision.APPROVE, "符合客户选择标准，建议合作"))
    if status == "proposed":
        return steps
    if status in ("sent_back", "rejected") and rng.random() < 0.5:
        # Decided by the branch GM...
        decision = Decision.SEND_BACK if status == "sent_back" else Decision.REJECT
        comments = _SEND_BACK_COMMENTS if status == "sent_back" else _REJECT_COMMENTS
        steps.append(("review", decision, rng.choice(comments)))
        return steps
    steps.append(("review", Decision.APPROVE, "同意"))
    if status == "reviewed":
        return steps
    if status in ("sent_back", "rejected"):
        # ...or by head office.
        decision = Decision.SEND_BACK if status == "sent_back" else Decision.REJECT
        comments = _SEND_BACK_COMMENTS if status == "sent_back" else _REJECT_COMMENTS
        steps.append(("approve", decision, rng.choice(comments)))
        return steps
    steps.append(("approve", Decision.APPROVE, "批准"))
    if status == "terminated":
        steps.append(("terminate", Decision.APPROVE, rng.choice(_TERMINATE_REASONS)))
    return steps


def _take_steps(
    db: Database,
    actors: dict[Role, Actor],
    walks: list[tuple[uuid.UUID, list[_Step]]],
    checkpoint: Callable[[], None],
) -> None:
    """Every customer's steps, each by its role, a customer's in their order: the n-th steps of
    all customers together, one service call (one transaction) per step kind
    (``selection.decide_many``: each decided as a single call would). One call per decision
    was most of the build's time."""
    for n in range(max((len(steps) for _, steps in walks), default=0)):
        checkpoint()
        batches: dict[str, list[StepDecision]] = {}
        for customer_id, steps in walks:
            if n < len(steps):
                step, decision, comment = steps[n]
                batches.setdefault(step, []).append(StepDecision(customer_id, decision, comment))
        for step, decisions in batches.items():
            selection.decide_many(db, actors[_STEP_ROLES[step]], step, decisions)
