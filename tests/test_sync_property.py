"""A property of sync (issue 8): whatever two branches do, whatever fails on the way (a reply
lost after head office committed, a request cut before it arrived, a branch dying between head
office's answer and its own acknowledgement, two syncs of one branch at once), one clean sync
of each afterwards leaves head office holding exactly the union of the branches' records, each
branch's as that branch has them, and each branch holding head office's products as head
office has them.

Hypothesis drives random operations on two branches (SH and HZ, each its own SQLite file and
secret) registered with the real service under uvicorn on PostgreSQL, through one relay that
injects the faults; the branches and head office carry over from one example to the next (the
property holds after any history, so a longer history only makes it harder). Examples are
bounded for CI: a couple of minutes at most.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import Table
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop import sync
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.models import Product
from kehu_desktop.services import payments
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers.customer_files import draft_from_file
from kehu_desktop.services.payments import PaymentInput
from kehu_desktop.sync import client as sync_client
from kehu_desktop.sync import scope
from tests.factories import Branch
from tests.factories import make_products
from tests.factories import make_shop
from tests.factories import new_customer
from tests.fault_support import PULL
from tests.fault_support import PUSH
from tests.fault_support import FaultyLink
from tests.sync_support import assert_same
from tests.sync_support import register
from tests.sync_support import second_branch

pytestmark = pytest.mark.postgres


class Crash(BaseException):
    """The branch's process dies: nothing in the sync code catches it."""


@pytest.fixture
def link(service: str) -> Iterator[FaultyLink]:
    relay = FaultyLink(int(service.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def linked(
    sqlite_branch: Branch,
    hq_db: Database,
    link: FaultyLink,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Branch:
    make_shop(sqlite_branch)
    make_products(sqlite_branch)
    register(sqlite_branch, hq_db, link.url, monkeypatch, tmp_path / "config")
    return sqlite_branch


@pytest.fixture
def branches(
    linked: Branch,
    hq_db: Database,
    link: FaultyLink,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[list[tuple[Branch, Path]]]:
    """SH (``linked``) and a second branch HZ with its own database and secret, both registered
    through the relay; each with the config folder its secret is in."""
    hz, config = second_branch(hq_db, link.url, tmp_path, linked, monkeypatch)
    yield [(linked, tmp_path / "config"), (hz, config)]
    hz.db.dispose()


FAULTS = ("none", "reply", "request", "pull_reply", "crash_before_ack", "twice_at_once")

steps = st.lists(
    st.tuples(
        st.integers(0, 1),  # which branch
        st.one_of(
            st.tuples(st.just("customer"), st.integers(0, 10**6)),
            st.tuples(st.just("edit"), st.integers(0, 10**6)),
            st.tuples(
                st.just("pay"),
                st.integers(0, 10**6),
                st.decimals(Decimal("0.01"), Decimal("99999.99"), places=2),
            ),
            st.tuples(st.just("hq_product"), st.integers(0, 10**6)),
            st.tuples(st.just("sync"), st.sampled_from(FAULTS)),
        ),
    ),
    min_size=1,
    max_size=12,
)


def _customers(branch: Branch) -> list[uuid.UUID]:
    with branch.db.read() as s:
        return list(s.scalars(select(Customer.id).order_by(Customer.id)))


def _products(db: Database) -> dict[uuid.UUID, str]:
    with db.read() as s:
        return {p.id: p.name for p in s.scalars(select(Product))}


def _sync(branch: Branch, link: FaultyLink, fault: str) -> None:
    if fault == "reply":
        link.drop_reply(PUSH)
    elif fault == "request":
        link.drop_request(PUSH)
    elif fault == "pull_reply":
        link.drop_reply(PULL)
    if fault == "twice_at_once":
        threads = [threading.Thread(target=_quietly, args=(branch,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        return
    if fault == "crash_before_ack":
        acknowledge = sync_client._acknowledge

        def crash(*args: Any, **kwargs: Any) -> int:
            raise Crash  # head office answered; the branch dies before writing it down

        sync_client._acknowledge = crash  # type: ignore[assignment]
        try:
            sync.now(branch.db)
        except Crash:
            pass
        finally:
            sync_client._acknowledge = acknowledge  # type: ignore[assignment]
        return
    _quietly(branch)


def _quietly(branch: Branch) -> None:
    try:
        sync.now(branch.db)
    except KehuError as error:
        assert error.code == "sync.unreachable", error  # the only failure these faults make


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=steps)
def test_after_any_history_of_work_and_faults_head_office_holds_the_union(
    branches: list[tuple[Branch, Path]],
    hq_db: Database,
    link: FaultyLink,
    monkeypatch: pytest.MonkeyPatch,
    history: list[tuple[int, tuple[Any, ...]]],
) -> None:
    link.clear()
    for which, step in history:
        branch, config = branches[which]
        monkeypatch.setenv("KEHU_CONFIG_DIR", str(config))  # this branch's secret
        _do(branch, hq_db, link, step)
    link.clear()
    for branch, config in branches:
        monkeypatch.setenv("KEHU_CONFIG_DIR", str(config))
        report = sync.now(branch.db)
        assert report.pending == 0
    for branch, config in branches:  # after both: the other's sync changed nothing of it
        monkeypatch.setenv("KEHU_CONFIG_DIR", str(config))
        assert_same(branch, hq_db)
        assert _products(branch.db) == _products(hq_db)
    # The union and nothing else: every branch's rows head office holds are one of theirs.
    for target in scope.branch_tables():
        if "branch_id" not in target.c:
            continue  # a child row: compared through its parent by assert_same
        in_branches = sum(
            _count(b.db, target, target.c.branch_id == b.branch_id) for b, _ in branches
        )
        assert _count(hq_db, target, target.c.branch_id.is_not(None)) == in_branches, target.name


def _count(db: Database, target: Table, where: Any) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(target).where(where)) or 0)


def _do(branch: Branch, hq_db: Database, link: FaultyLink, step: tuple[Any, ...]) -> None:
    kind = step[0]
    customers = _customers(branch)
    code = "HZ" if branch.db.url.endswith("hz.sqlite3") else "SH"
    if kind == "customer":
        new_customer(branch, f"{code}随机药房{step[1]:07d}")
    elif kind == "edit":
        actor = branch.actor(Role.CLERK)
        draft = draft_from_file(get_customer(branch.db, actor, customers[step[1] % len(customers)]))
        save_customer(
            branch.db,
            actor,
            CustomerDraft(**{**vars(draft), "phone": f"021-5{step[1] % 10**7:07d}"}),
        )
    elif kind == "pay":
        payments.record_payment(
            branch.db,
            branch.actor(Role.CASHIER),
            PaymentInput(
                customer_id=customers[step[1] % len(customers)], method="cash", amount=step[2]
            ),
        )
    elif kind == "hq_product":
        with hq_db.write() as s:
            products = list(s.scalars(select(Product).order_by(Product.code)))
            products[step[1] % len(products)].name = f"总部改名{step[1]}"
    else:
        _sync(branch, link, step[1])
