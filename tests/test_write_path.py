"""The one write path (services.use_case): the lock order, the changes it reports after the
commit, and a change applied from head office (``outbox=False``): no outbox row, the name index
kept all the same."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.changes import Changes
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerNameGram
from kehu_desktop.models import CustomerSearchKey
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import name_grams
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import count_customers
from kehu_desktop.services.customers import save_customer
from tests.factories import Branch

WANYU = "上海万宇医药有限公司"


def _outbox(branch: Branch) -> int:
    with branch.db.read() as s:
        return s.execute(select(func.count()).select_from(OutboxOp)).scalar_one()


def test_a_local_save_reports_its_changes_after_the_commit(branch: Branch) -> None:
    heard: list[Changes] = []
    branch.db.add_change_listener(heard.append)
    saved = save_customer(branch.db, branch.actor(Role.CLERK), CustomerDraft(name=WANYU))
    [changes] = heard
    cid = str(saved.customer.id)
    assert changes.ids("customer") == {cid} and changes.touches("customer_credit_data")
    assert changes.touches_customer(saved.customer.id) and not changes.touches("slip")
    with branch.db.read() as s:  # committed before the listeners hear of it
        assert s.get(Customer, saved.customer.id) is not None


def test_a_refused_or_failed_write_reports_nothing(branch: Branch) -> None:
    heard: list[Changes] = []
    branch.db.add_change_listener(heard.append)
    with (
        pytest.raises(RuntimeError),
        use_case(branch.db, branch.actor(Role.CLERK), "customer.edit") as (s, actor),
    ):
        customer = Customer(
            id=uuid.uuid4(), branch_id=actor.branch_id, name=WANYU, status="prospect"
        )
        s.add(customer)
        record_change(s, customer.branch_id, "customer", customer)
        raise RuntimeError("rolled back")
    assert heard == []


def test_a_remote_change_writes_no_outbox_row_but_keeps_the_name_index(branch: Branch) -> None:
    """Head-office sync applies a change through the same path with the outbox switched off."""
    heard: list[Changes] = []
    branch.db.add_change_listener(heard.append)
    before = _outbox(branch)
    customer_id = uuid.uuid4()
    with use_case(branch.db, branch.actor(Role.ADMIN), None, outbox=False) as (s, actor):
        customer = Customer(
            id=customer_id,
            branch_id=branch.branch_id,
            name=WANYU,
            phone="021-32778951",
            status="prospect",
            version=1,
        )
        s.add(customer)
        record_change(s, branch.branch_id, "customer", customer)
    assert _outbox(branch) == before  # nothing to send back
    assert heard and heard[0].ids("customer") == {str(customer_id)}  # the screens still hear
    with branch.db.read() as s:
        grams = s.execute(
            select(CustomerNameGram.gram).where(CustomerNameGram.customer_id == customer_id)
        ).scalars()
        assert set(grams) == name_grams(WANYU)
        keys = s.execute(
            select(func.count()).where(CustomerSearchKey.customer_id == customer_id)
        ).scalar_one()
        assert keys > 0
        assert s.get(Customer, customer_id).name_initials  # type: ignore[union-attr]
    clerk = branch.actor(Role.CLERK)
    assert count_customers(branch.db, clerk, CustomerQuery(search="wanyu")) == 1
    assert count_customers(branch.db, clerk, CustomerQuery(search="32778951")) == 1

    # The same change made locally writes its outbox row.
    with use_case(branch.db, branch.actor(Role.ADMIN), None) as (s, actor):
        stored = s.get(Customer, customer_id)
        assert stored is not None
        stored.name = "宁波鹤年堂药业有限公司"
        record_change(s, branch.branch_id, "customer", stored)
    assert _outbox(branch) == before + 1
    assert count_customers(branch.db, clerk, CustomerQuery(search="henian")) == 1


def test_customers_are_locked_before_documents(branch: Branch) -> None:
    saved = save_customer(branch.db, branch.actor(Role.CLERK), CustomerDraft(name=WANYU))
    with use_case(branch.db, branch.actor(Role.ADMIN), None) as (s, _actor):
        lock_customers(s, [saved.customer.id, uuid.uuid4()])  # any order in, sorted by id
        s.execute(for_update(s, select(DispatchNote.id))).all()
        with pytest.raises(AssertionError, match="customers before documents"):
            lock_customers(s, [saved.customer.id])
