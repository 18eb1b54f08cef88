"""Faults a branch's sync must survive (issue 8): the real head-office service under uvicorn on
loopback and a real PostgreSQL, a SQLite branch. After each fault the branch syncs again and head
office holds exactly the branch's records, field by field, and ``verify`` says equal
(:func:`tests.sync_support.assert_same`): nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kehu_desktop import sync
from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.roles import Role
from kehu_desktop.migrations import previous_revision
from kehu_desktop.models import BranchSync
from kehu_desktop.models import ChangeLog
from kehu_desktop.models import Customer
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Product
from kehu_desktop.models import SyncState
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers.customer_files import draft_from_file
from kehu_desktop.sync import client as sync_client
from tests.factories import Branch
from tests.factories import make_products
from tests.factories import make_shop
from tests.factories import new_customer
from tests.fault_support import PULL
from tests.fault_support import PUSH
from tests.fault_support import FaultyLink
from tests.fault_support import ServiceProcess
from tests.fault_support import clone_customers
from tests.fault_support import open_transactions
from tests.hq_support import ROOT
from tests.hq_support import listed
from tests.sync_support import assert_same
from tests.sync_support import register

pytestmark = pytest.mark.postgres


# -- helpers ---------------------------------------------------------------------------------


def hq_acked(hq_db: Database, branch: Branch) -> int:
    with hq_db.read() as s:
        row = s.get(BranchSync, branch.branch_id)
        assert row is not None
        return int(row.acked_seq)


def local_state(branch: Branch) -> SyncState:
    with branch.db.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        s.expunge(state)
        return state


def hq_customers(hq_db: Database, branch: Branch, *where: Any) -> int:
    with hq_db.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Customer)
                .where(Customer.branch_id == branch.branch_id, *where)
            )
            or 0
        )


def failed_sync(branch: Branch) -> KehuError:
    with pytest.raises(KehuError) as failed:
        sync.now(branch.db)
    return failed.value


def rename_customer(branch: Branch, customer_id: uuid.UUID, name: str) -> None:
    """An edit of a customer file through the service (a new outbox row)."""
    actor = branch.actor(Role.CLERK)
    draft = draft_from_file(get_customer(branch.db, actor, customer_id))
    save_customer(branch.db, actor, CustomerDraft(**{**vars(draft), "name": name}))


def rename_product(hq_db: Database, product_id: uuid.UUID, name: str) -> None:
    """Head office edits a product (its own data, through the ORM: the change log follows)."""
    with hq_db.write() as s:
        product = s.get(Product, product_id)
        assert product is not None
        product.name = name


def product_name(db: Database, product_id: uuid.UUID) -> str:
    with db.read() as s:
        product = s.get(Product, product_id)
        assert product is not None
        return product.name


def wait_for(what: Callable[[], Any], seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        found = what()
        if found:
            return found
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.05)


def admin_engine() -> Any:
    url = os.environ["KEHU_TEST_POSTGRES_URL"]
    return create_engine(url, isolation_level="AUTOCOMMIT")


def database_name(db: Database) -> str:
    return str(make_url(db.url).database)


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def shop_branch(sqlite_branch: Branch) -> Branch:
    """The test branch with a selected customer (grade, contract, limit) and products."""
    make_shop(sqlite_branch)
    make_products(sqlite_branch)
    return sqlite_branch


@pytest.fixture
def hq_process(hq_db: Database) -> Iterator[ServiceProcess]:
    """``kehu-hq serve`` on the head-office database, as a process a test may kill."""
    service = ServiceProcess(hq_db).start()
    yield service
    service.stop()


@pytest.fixture
def link(service: str) -> Iterator[FaultyLink]:
    """The network between the branch and the in-thread service, with faults on demand."""
    relay = FaultyLink(int(service.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def linked(
    shop_branch: Branch,
    hq_db: Database,
    link: FaultyLink,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Branch:
    """The shop branch registered with head office through :func:`link`."""
    register(shop_branch, hq_db, link.url, monkeypatch, tmp_path / "config")
    return shop_branch


# -- 1. the service killed in the middle of a batch ------------------------------------------


def test_the_service_killed_in_the_middle_of_a_batch_keeps_none_of_that_batch(
    shop_branch: Branch,
    hq_db: Database,
    hq_process: ServiceProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Over a thousand customers: the first upload goes in three batches; the third carries the
    # last customers, then the contracts.
    clone_customers(shop_branch.db, 1100)
    register(shop_branch, hq_db, hq_process.url, monkeypatch, tmp_path / "config")
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["report"] = sync.now(shop_branch.db)
        except KehuError as error:
            outcome["error"] = error

    # Another head-office session holds the contracts table, so the third batch stops half way
    # (its customers written, uncommitted) while the service is killed.
    with hq_db.engine.connect() as blocker:
        blocker.execute(text("LOCK TABLE contracts IN SHARE MODE"))
        blocker_pid = blocker.execute(text("SELECT pg_backend_pid()")).scalar_one()
        pusher = threading.Thread(target=run)
        pusher.start()
        waiting = wait_for(
            lambda: [
                t
                for t in open_transactions(hq_db, exclude_pid=blocker_pid)
                if t["wait_event_type"] == "Lock" and t["xid"] is not None
            ],
            120,
        )
        assert len(waiting) == 1
        hq_process.kill()
        blocker.rollback()
    pusher.join(120)
    assert not pusher.is_alive()
    assert outcome["error"].code == "sync.unreachable"
    # PostgreSQL rolls the dead connection's transaction back.
    wait_for(lambda: not open_transactions(hq_db))

    acked = hq_acked(hq_db, shop_branch)
    with shop_branch.db.read() as s:
        customer_ops = s.execute(
            select(OutboxOp.seq, OutboxOp.entity_id).where(OutboxOp.entity == "customers")
        ).all()
    sent = {uuid.UUID(e) for seq, e in customer_ops if seq <= acked}
    cut = {uuid.UUID(e) for seq, e in customer_ops if seq > acked}
    assert acked == 1000 and len(sent) > 900 and cut  # two whole batches, a third cut
    with hq_db.read() as s:
        held = set(
            s.scalars(select(Customer.id).where(Customer.branch_id == shop_branch.branch_id))
        )
    assert held == sent  # the whole acknowledged batches, nothing of the cut one
    assert local_state(shop_branch).last_error_code == "sync.unreachable"
    assert sync.status(shop_branch.db).pending >= len(cut)

    hq_process.start()  # the same address: the branch's stored URL
    report = sync.now(shop_branch.db)
    assert report.pending == 0 and report.pushed > 0
    assert_same(shop_branch, hq_db)
    assert hq_customers(hq_db, shop_branch) == len(customer_ops)


# -- 2. the reply lost after head office committed ---------------------------------------------


def test_a_reply_lost_after_head_office_committed_is_not_applied_twice(
    linked: Branch, hq_db: Database, link: FaultyLink
) -> None:
    clone_customers(linked.db, 700)  # the first upload in two batches
    link.drop_reply(PUSH)  # the first batch's acknowledgement never arrives
    assert failed_sync(linked).code == "sync.unreachable"
    assert link.dropped == [(PUSH, "reply")]
    assert hq_acked(hq_db, linked) > local_state(linked).acked_seq  # head office committed
    report = sync.now(linked.db)
    assert report.pending == 0
    assert_same(linked, hq_db)

    # An ordinary push whose reply is lost, and a pull page whose reply is lost.
    customer = new_customer(linked, "上海回执丢失药房")
    link.drop_reply(PUSH)
    failed_sync(linked)
    assert hq_customers(hq_db, linked, Customer.id == customer) == 1
    assert sync.status(linked.db).pending > 0
    sync.now(linked.db)
    assert_same(linked, hq_db)

    with hq_db.read() as s:
        product_id = s.scalars(select(Product.id).order_by(Product.code)).first()
    assert product_id is not None
    rename_product(hq_db, product_id, "回执丢失后改名")
    link.drop_reply(PULL)
    failed_sync(linked)
    sync.now(linked.db)
    assert product_name(linked.db, product_id) == "回执丢失后改名"
    assert hq_customers(hq_db, linked, Customer.name == "上海回执丢失药房") == 1
    assert_same(linked, hq_db)


# -- 3. the same batch twice at once: two `kehu sync now` in parallel -------------------------


def kehu(branch: Branch, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kehu_desktop.cli", "--database", branch.db.url, *args],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_sync_now_at_once_send_each_record_once(
    linked: Branch, hq_db: Database, link: FaultyLink
) -> None:
    clone_customers(linked.db, 1200)
    for _ in range(2):  # the first upload, then ordinary outbox rows
        runs = [kehu(linked, "sync", "now", "--json") for _ in range(2)]
        results = [run.communicate(timeout=300) for run in runs]
        for run, (out, err) in zip(runs, results, strict=True):
            assert run.returncode == 0, err
            assert json.loads(out)["pending"] == 0
        assert_same(linked, hq_db)
        assert hq_customers(hq_db, linked) == _local_customers(linked)
        for i in range(5):
            new_customer(linked, f"上海并发药房{uuid.uuid4().hex[:6]}{i}")
    # The same in threads of one process, over the faulty network.
    link.drop_reply(PUSH)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            sync.now(linked.db)
        except KehuError as error:
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(errors) <= 1
    sync.now(linked.db)
    assert_same(linked, hq_db)
    assert hq_customers(hq_db, linked) == _local_customers(linked)


def _local_customers(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Customer)) or 0)


# -- 4. a gap in the sequence ---------------------------------------------------------------


def test_a_gap_is_answered_with_the_expected_seq_and_the_branch_resends_from_there(
    linked: Branch, hq_db: Database
) -> None:
    sync.now(linked.db)
    for i in range(3):
        new_customer(linked, f"上海缺号药房{i}")
    acked = local_state(linked).acked_seq
    # The branch believes three more were acknowledged than head office has: its next batch
    # starts past head office's expected seq.
    with linked.db.write() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        state.acked_seq = acked + 3
    report = sync.now(linked.db)
    assert report.pending == 0
    assert hq_acked(hq_db, linked) == local_state(linked).acked_seq
    assert hq_customers(hq_db, linked, Customer.name.like("上海缺号药房%")) == 3
    assert_same(linked, hq_db)


# -- 5. head-office transactions committing out of order --------------------------------------


def test_a_transaction_that_commits_late_is_not_skipped_by_a_pull(
    linked: Branch, hq_db: Database
) -> None:
    sync.now(linked.db)
    with hq_db.read() as s:
        first_id, second_id, third_id, fourth_id = s.scalars(
            select(Product.id).order_by(Product.code).limit(4)
        ).all()

    # T1 starts first and writes, T2 starts later and commits first; a pull runs between.
    t1_wrote, t1_commit = threading.Event(), threading.Event()

    def slow() -> None:
        with hq_db.write() as s:
            product = s.get(Product, first_id)
            assert product is not None
            product.name = "先开始后提交"
            s.flush()
            t1_wrote.set()
            assert t1_commit.wait(60)

    t1 = threading.Thread(target=slow)
    t1.start()
    assert t1_wrote.wait(60)
    rename_product(hq_db, second_id, "后开始先提交")
    sync.now(linked.db)
    assert product_name(linked.db, second_id) == "后开始先提交"
    assert product_name(linked.db, first_id) != "先开始后提交"
    t1_commit.set()
    t1.join(60)
    sync.now(linked.db)
    assert product_name(linked.db, first_id) == "先开始后提交"
    with hq_db.read() as s:
        versions = dict(
            s.execute(
                select(ChangeLog.row_id, ChangeLog.version).where(
                    ChangeLog.row_id.in_([str(first_id), str(second_id)])
                )
            ).all()
        )
    assert versions[str(second_id)] < versions[str(first_id)]  # versions follow commit order

    # Closer still: T3 has taken its versions (the log head locked, its log rows written) and
    # waits at its commit; T4 waits for the head; a pull between sees neither, then both.
    t3_in_commit, t3_commit = threading.Event(), threading.Event()

    def at_commit() -> None:
        with hq_db.write() as s:
            product = s.get(Product, third_id)
            assert product is not None
            product.name = "提交途中"
            conn = s.connection()

            def pause(_conn: Any) -> None:
                t3_in_commit.set()
                assert t3_commit.wait(60)

            event.listen(conn, "commit", pause)

    def later() -> None:
        rename_product(hq_db, fourth_id, "等待日志头")

    t3 = threading.Thread(target=at_commit)
    t3.start()
    assert t3_in_commit.wait(60)
    t4 = threading.Thread(target=later)
    t4.start()
    time.sleep(0.5)  # T4 reaches the head's lock and waits
    sync.now(linked.db)
    assert product_name(linked.db, third_id) != "提交途中"
    assert product_name(linked.db, fourth_id) != "等待日志头"
    t3_commit.set()
    t3.join(60)
    t4.join(60)
    sync.now(linked.db)
    assert product_name(linked.db, third_id) == "提交途中"
    assert product_name(linked.db, fourth_id) == "等待日志头"
    assert_same(linked, hq_db)


# -- 6. the branch's clock a day off, and in 2099 ---------------------------------------------


def test_a_branch_clock_a_day_off_or_in_2099_orders_nothing(
    linked: Branch, hq_db: Database, link: FaultyLink
) -> None:
    clock = linked.db.clock
    assert isinstance(clock, FixedClock)
    today = clock.today()
    sync.now(linked.db)
    with hq_db.read() as s:
        product_id = s.scalars(select(Product.id).order_by(Product.code)).first()
    assert product_id is not None

    clock.advance(days=1)  # a day ahead
    customer = new_customer(linked, "上海时钟药房")
    sync.now(linked.db)
    clock.set(datetime(2099, 6, 1, 10, 0))  # far ahead: the edit written "in 2099"
    rename_customer(linked, customer, "上海时钟药房二〇九九")
    rename_product(hq_db, product_id, "时钟错了也要到")
    sync.now(linked.db)
    assert product_name(linked.db, product_id) == "时钟错了也要到"
    # Back a day behind the real date: the later edit carries an earlier time, and still wins.
    clock.set(date.fromordinal(today.toordinal() - 1))
    rename_customer(linked, customer, "上海时钟药房改回")
    sync.now(linked.db)
    with hq_db.read() as s:
        held = s.get(Customer, customer)
        assert held is not None and held.name == "上海时钟药房改回"
    assert_same(linked, hq_db)

    # A sync that fails in 2099 sets its next attempt in 2099; once the clock is put right the
    # timer must not wait 73 years.
    clock.set(datetime(2099, 6, 1, 10, 0))
    link.drop_request(PUSH)
    new_customer(linked, "上海时钟失败药房")
    failed_sync(linked)
    clock.set(today)
    assert sync.due(linked.db)
    sync.now(linked.db)
    assert_same(linked, hq_db)


# -- 7. a branch one schema revision behind ---------------------------------------------------


def test_a_branch_one_revision_behind_syncs_and_an_older_one_works_offline(
    linked: Branch, hq_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = previous_revision()
    assert previous is not None
    current = sync_client._schema_rev
    monkeypatch.setattr(sync_client, "_schema_rev", lambda: previous)
    new_customer(linked, "上海旧版药房")
    report = sync.now(linked.db)
    assert report.pending == 0
    assert listed(hq_db, "SH")["last_error"] is None
    assert_same(linked, hq_db)

    older = f"{int(previous) - 1:04d}"
    monkeypatch.setattr(sync_client, "_schema_rev", lambda: older)
    new_customer(linked, "上海更旧版药房")
    refused = failed_sync(linked)
    assert refused.code == "sync.upgrade_needed"
    assert local_state(linked).last_error_code == "sync.upgrade_needed"
    before = sync.status(linked.db)
    assert before.last_error and before.pending > 0
    # It keeps working offline, and its outbox grows.
    new_customer(linked, "上海离线药房")
    assert sync.status(linked.db).pending > before.pending
    assert hq_customers(hq_db, linked, Customer.name == "上海离线药房") == 0
    assert listed(hq_db, "SH")["last_error"]["code"] == "schema.unsupported"

    monkeypatch.setattr(sync_client, "_schema_rev", current)
    report = sync.now(linked.db)
    assert report.pending == 0 and sync.status(linked.db).last_error is None
    assert_same(linked, hq_db)


# -- 8. head office restored from an older backup ---------------------------------------------


def _copy_database(hq_db: Database, service: ServiceProcess, source: str, target: str) -> None:
    """``CREATE DATABASE target TEMPLATE source`` with the service stopped (a template copy
    needs the source to itself), as an operator restoring a backup would."""
    service.stop()
    hq_db.dispose()
    admin = admin_engine()
    try:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{target}" TEMPLATE "{source}"'))
    finally:
        admin.dispose()
    service.start()


def test_head_office_restored_from_an_older_backup_gets_back_what_it_lost(
    shop_branch: Branch,
    hq_db: Database,
    hq_process: ServiceProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register(shop_branch, hq_db, hq_process.url, monkeypatch, tmp_path / "config")
    sync.now(shop_branch.db)
    with hq_db.read() as s:
        first_id, second_id = s.scalars(select(Product.id).order_by(Product.code).limit(2)).all()
    live, backup = database_name(hq_db), f"{database_name(hq_db)}_bak"
    try:
        _copy_database(hq_db, hq_process, live, backup)  # the nightly backup
        # After the backup: the branch pushes more, head office changes products twice.
        for i in range(3):
            new_customer(shop_branch, f"上海备份后药房{i}")
        rename_product(hq_db, first_id, "备份后改名一")
        rename_product(hq_db, second_id, "备份后改名二")
        sync.now(shop_branch.db)
        assert hq_customers(hq_db, shop_branch, Customer.name.like("上海备份后药房%")) == 3
        # Head office's disk dies; it is restored from last night's backup.
        _copy_database(hq_db, hq_process, backup, live)
        assert hq_customers(hq_db, shop_branch, Customer.name.like("上海备份后药房%")) == 0
        # Head office changes a product again (its log numbers restart below the branch's
        # cursor). The branch has nothing new to send.
        rename_product(hq_db, first_id, "恢复后改名")
        report = sync.now(shop_branch.db)
        assert report.pending == 0
        assert hq_customers(hq_db, shop_branch, Customer.name.like("上海备份后药房%")) == 3
        assert product_name(shop_branch.db, first_id) == "恢复后改名"
        # Not checked: the second product keeps the name head office lost (its log no longer
        # names it, so no pull brings the older row back). Head office's own data comes back
        # to head office's restored state with the re-seed, not built yet (docs/decisions.md).
        assert_same(shop_branch, hq_db)
        # And later changes follow as usual.
        new_customer(shop_branch, "上海恢复后药房")
        sync.now(shop_branch.db)
        assert_same(shop_branch, hq_db)
    finally:
        admin = admin_engine()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{backup}" WITH (FORCE)'))
        admin.dispose()
