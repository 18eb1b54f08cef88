"""The demo branch (services.demo, `kehu demo`) on SQLite and PostgreSQL, and the customer list's
fast search paths checked against the plain search condition on the demo's data."""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import table

from kehu_desktop.cli import main as kehu
from kehu_desktop.db import Database
from kehu_desktop.demo import DEMO_PASSWORD
from kehu_desktop.demo import DEMO_SETUP
from kehu_desktop.demo import CustomerGenerator
from kehu_desktop.demo import DatabaseNotEmpty
from kehu_desktop.demo import DemoCancelled
from kehu_desktop.demo import branch as demo_module
from kehu_desktop.demo import create_demo
from kehu_desktop.demo import demo_credentials
from kehu_desktop.demo import discard_unfinished_demo
from kehu_desktop.domain.customer import STATUSES
from kehu_desktop.domain.identifiers import check_uscc
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.identifiers import normalise_phone
from kehu_desktop.domain.roles import HEAD_OFFICE_ROLES
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Region
from kehu_desktop.models import SelectionStep
from kehu_desktop.models import User
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import set_up_branch
from kehu_desktop.services.admin import setup
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.customers import SEARCH_EXAMPLE
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import count_customers
from kehu_desktop.services.customers import customer_list
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import search_condition
from kehu_desktop.services.customers import selection

TODAY = date(2026, 11, 26)
N = 40


def test_demo_branch_has_every_state_role_and_record(db: Database) -> None:
    info = create_demo(db, customers=N, seed=3)

    assert info.customers == N and sum(info.statuses.values()) == N
    assert set(info.statuses) == set(STATUSES)
    assert info.statuses["selected"] > N / 2
    with db.read() as s:
        stored = Counter(s.execute(select(Customer.status)).scalars())
        region = s.execute(select(Region)).scalar_one()
        users = {u.username: u for u in s.execute(select(User)).scalars()}
        codes = [str(c) for c in s.execute(select(Customer.uscc)).scalars()]
        phones = [str(p) for p in s.execute(select(Customer.phone)).scalars()]
        months = s.execute(select(func.count()).select_from(CustomerMonthlySales)).scalar_one()
        audited = s.execute(select(func.count()).select_from(AuditRecord)).scalar_one()
        outbox = s.execute(select(func.count()).select_from(OutboxOp)).scalar_one()
        steps = Counter(s.execute(select(SelectionStep.step)).scalars())
    assert stored == Counter(info.statuses)
    assert region.max_customers == info.region_quota > info.statuses["selected"]

    # A user for every role; head office and region users belong to no branch.
    assert {role for _, role, _ in demo_credentials()} == set(Role)
    for username, role, password in demo_credentials():
        actor = auth.sign_in(db, username, password)
        assert role in actor.roles
        user = users[username]
        assert user.display_name and user.display_name != username
        if role in HEAD_OFFICE_ROLES:
            assert user.branch_id is None and user.region_id is None
        elif role in (Role.MARKETING_DIRECTOR, Role.REGIONAL_MANAGER):
            assert user.branch_id is None and user.region_id == region.id
        else:
            assert user.branch_id == info.branch_id
    assert password == DEMO_PASSWORD

    # Basic data is valid as the services define it; credit codes are unique.
    assert all(check_uscc(code) == code for code in codes)
    assert len(set(codes)) == N
    assert all(normalise_phone(phone) == phone for phone in phones)
    assert months == 6 * N
    assert audited > N and outbox > N
    assert steps["propose"] >= N - info.statuses["prospect"]
    assert steps["terminate"] == info.statuses["terminated"]

    # Change form: 增 for every customer ever approved, 减 for every one terminated.
    head = auth.sign_in(db, "marketing_head", DEMO_PASSWORD)
    entries = selection.change_form_entries(db, head)
    with db.read() as s:
        status_of = {name: st for name, st in s.execute(select(Customer.name, Customer.status))}
    added = {e.customer_name for e in entries if e.kind == "add"}
    removed = {e.customer_name for e in entries if e.kind == "remove"}
    assert added == {n for n, st in status_of.items() if st in ("selected", "terminated")}
    assert removed == {n for n, st in status_of.items() if st == "terminated"}
    assert all(e.number.startswith(f"{DEMO_SETUP.branch_code}-CF-2026-") for e in entries)


def test_same_seed_same_customers(db: Database, tmp_path: Path, sqlite_template: Path) -> None:
    create_demo(db, customers=12, seed=5)
    path = tmp_path / "again.sqlite3"
    shutil.copy(sqlite_template, path)
    again = Database(f"sqlite:///{path}")
    try:
        create_demo(again, customers=12, seed=5)
        assert _files(again) == _files(db)
    finally:
        again.dispose()
    with db.read() as s:
        names = set(s.execute(select(Customer.name)).scalars())
    assert all(name.endswith("公司") for name in names)


def test_other_seed_other_customers(db: Database) -> None:
    create_demo(db, customers=12, seed=5)
    other = CustomerGenerator(6, TODAY)
    assert {other.customer().name for _ in range(12)} != {name for name, _, _ in _files(db)}


def test_refuses_a_database_with_users(db: Database) -> None:
    set_up_branch(db, DEMO_SETUP)
    with pytest.raises(DatabaseNotEmpty) as info:
        create_demo(db, customers=5)
    assert "空数据库" in info.value.message
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Customer)).scalar_one() == 0


def test_cli_prints_sign_in_names_and_refuses_twice(
    tmp_path: Path, sqlite_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    assert kehu(["demo", "--customers", "8", "--database", url]) == 0
    out = capsys.readouterr().out
    for username, _, password in demo_credentials():
        assert username in out and password in out
    assert "上海分公司" in out
    assert kehu(["--database", url, "demo"]) == 2
    assert "空数据库" in capsys.readouterr().err


# --- the database says it is the demo; a cancelled or failed build leaves it empty ---------------


def _row_counts(db: Database) -> dict[str, int]:
    """Rows in every table of the database (migrations' own bookkeeping aside)."""
    names = [n for n in inspect(db.engine).get_table_names() if n != "alembic_version"]
    with db.read() as s:
        return {
            n: s.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names
        }


def test_demo_database_says_so_and_a_real_branch_does_not(db: Database) -> None:
    assert setup.demo_state(db) is None and not setup.is_demo_branch(db)
    seen: list[tuple[int, int]] = []
    create_demo(db, customers=3, history=False, progress=lambda *a: seen.append(a))
    assert setup.demo_state(db) == setup.DEMO_READY and setup.is_demo_branch(db)
    assert seen[-1] == (3, 3) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    # A finished demo is never discarded.
    assert not discard_unfinished_demo(db)
    assert setup.is_set_up(db)


def test_a_real_branch_is_never_the_demo(db: Database) -> None:
    set_up_branch(db, DEMO_SETUP)  # even with the demo's own names
    assert setup.demo_state(db) is None and not setup.is_demo_branch(db)
    assert not discard_unfinished_demo(db)
    assert setup.is_set_up(db)


def test_marker_and_branch_are_one_transaction(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_s: object, key: str, _value: object) -> None:
        raise RuntimeError(f"disk full while writing {key}")

    monkeypatch.setattr(demo_module, "put_setting", refuse)
    with pytest.raises(RuntimeError):
        create_demo(db, customers=2, history=False)
    assert not setup.is_set_up(db)
    assert set(_row_counts(db).values()) == {0}


def test_cancelled_demo_leaves_an_empty_database(db: Database) -> None:
    cancel = threading.Event()

    def progress(done: int, _steps: int) -> None:
        if done == 2:  # the user presses Stop while the customers are being written
            cancel.set()

    with pytest.raises(DemoCancelled) as info:
        create_demo(db, customers=6, cancel=cancel, progress=progress)
    assert "已取消" in info.value.message
    counts = _row_counts(db)
    assert "customers" in counts and "users" in counts and "settings" in counts
    assert {n: c for n, c in counts.items() if c} == {}
    assert not setup.is_set_up(db) and setup.demo_state(db) is None
    # The next start offers the first run again, and the demo can be built this time.
    create_demo(db, customers=2, history=False)
    assert setup.is_demo_branch(db)


def test_a_failed_demo_is_discarded(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def walk(*args: object) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(demo_module, "_walk_to", walk)
    with pytest.raises(RuntimeError):
        create_demo(db, customers=5)
    assert {n: c for n, c in _row_counts(db).items() if c} == {}


def test_a_build_killed_half_way_is_discarded_before_the_next(db: Database) -> None:
    """The program was ended during the build: the marker still says "building"."""
    with db.write() as s:
        setup.add_branch(s, DEMO_SETUP)
        put_setting(s, setup.DEMO_SETTING, setup.DEMO_BUILDING)
    assert setup.is_set_up(db) and not setup.is_demo_branch(db)
    info = create_demo(db, customers=2, history=False)
    assert setup.is_demo_branch(db)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Customer)).scalar_one() == 2
        assert s.execute(select(Region.id)).scalars().all() == [info.region_id]


QUERIES = (
    "",
    "上海",
    "华东",
    "医药",
    "有限公司",
    "康",
    "s",
    "sh",
    "shy",
    "shanghai",
    "shang hai",
    "hangzhou",
    "z",
    "9",
    "91",
    "913",
    "9131",
    "91310",
    "91310115",
    "021-",
    "021",
    "0213",
    "02132",
    "13",
    "1381",
    "0571-8",
    "3m",
    "GSK",
    "gsk中国",
    "不存在的名字",
    "%",
    "_",
    # From any syllable, in any reading (the keys, or the walk that tests each row).
    "yy",
    "hd",
    "huadong",
    "hdyy",
    "kangzhou",
    "yiyaoyouxiangongsi",  # longer than a key
    "gongsi",
    "9132",
)


def test_placeholder_example_finds_demo_customers(db: Database) -> None:
    """The example in the search box's placeholder (views.customer_list shows SEARCH_EXAMPLE)
    finds customers in the demo branch as `kehu demo` and the first run create it."""
    create_demo(db, history=False)
    clerk = auth.sign_in(db, "clerk", DEMO_PASSWORD)
    page = list_customers(db, clerk, CustomerQuery(search=SEARCH_EXAMPLE))
    assert len(page.rows) >= 3, [r.name for r in page.rows]
    assert count_customers(db, clerk, CustomerQuery(search=SEARCH_EXAMPLE)) == len(page.rows)


@pytest.mark.parametrize("plan", ["chosen", "first_walk", "lookup", "walk", "buckets"])
def test_fast_list_agrees_with_plain_search(
    db: Database, plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list picks an index per search (customer_list._top_matches, the bigrams and keys in
    name order, the prefix buckets), or walks the list when a search key is common (forced:
    ``walk``; never: ``lookup``, since in a list of 40 most keys are common), or reads a credit
    code's or phone's bucket for a longer prefix when it is common (forced: ``buckets``), or
    first walks the start of the list for a search in letters or a few digits (on every page:
    ``first_walk``; off in the three plans before); whatever it picks, the rows and their
    order must be those of the plain condition, page after page (pages of 7: the keys' first
    rows run out and are taken again)."""
    if plan == "first_walk":
        monkeypatch.setattr(customer_list, "FIRST_WALK_MOST", 10**9)
    elif plan != "chosen":
        monkeypatch.setattr(customer_list, "FIRST_WALK_MOST", 0)
    if plan == "walk":  # every prefix counted and common, so every one walks
        monkeypatch.setattr(customer_list, "COMMON_KEY", 1)
        monkeypatch.setattr(customer_list, "COMMON_KEY_LETTERS", 99)
    if plan == "lookup":
        monkeypatch.setattr(customer_list, "COMMON_KEY", 10**9)
        monkeypatch.setattr(customer_list, "COMMON_KEY_SHARE", 10**9)
    if plan == "buckets":
        monkeypatch.setattr(customer_list, "COMMON_ARM", 1)
    create_demo(db, customers=N, seed=11, history=False)
    clerk = auth.sign_in(db, "clerk", DEMO_PASSWORD)
    for name, code in (
        ("上海GSK医药有限公司", "91310115MA1K3Y4Q2"),
        ("3M中国有限公司", "91310000132200821"),
    ):
        save_customer(db, clerk, CustomerDraft(name=name, uscc=make_uscc(code)))
    with db.read() as s:
        first = s.execute(
            select(Customer.uscc, Customer.phone)
            .where(Customer.phone.is_not(None))
            .order_by(Customer.name)
        ).first()
    assert first is not None and first[0] and first[1]
    digits = first[1].replace("-", "")
    queries = (*QUERIES, first[0][:10], first[1][:6], digits[-7:-1], digits[-4:])
    for text in queries:
        for status in (None, "selected"):
            for descending in (False, True):
                query = CustomerQuery(search=text, status=status, descending=descending)
                assert _paged(db, clerk, query) == _plain(db, query), (text, status, descending)
    # Sorted by another column: plain SQL, or a rare substring's bigram (customer_list.
    # _by_other_column).
    for text in ("华东", "礼安", "康", "不存在的名字", "hd", "91", "021"):
        for descending in (False, True):
            query = CustomerQuery(search=text, sort="uscc", descending=descending)
            assert _paged(db, clerk, query) == _plain(db, query), (text, descending)


def _paged(db: Database, actor: object, query: CustomerQuery) -> list[str]:
    names: list[str] = []
    offset = 0
    while True:
        page = list_customers(db, actor, query, offset=offset, limit=7)  # type: ignore[arg-type]
        names += [r.name for r in page.rows]
        if not page.has_more:
            return names
        offset += 7


def _plain(db: Database, query: CustomerQuery) -> list[str]:
    stmt = select(Customer.name)
    cond = search_condition(query.search)
    if cond is not None:
        stmt = stmt.where(cond)
    if query.status:
        stmt = stmt.where(Customer.status == query.status)
    column = customer_list.SORT_COLUMNS[query.sort]
    order = (column.desc(), Customer.id.desc()) if query.descending else (column, Customer.id)
    with db.read() as s:
        return list(s.execute(stmt.order_by(*order)).scalars())


def _files(db: Database) -> list[tuple[str, str | None, str]]:
    with db.read() as s:
        rows = s.execute(select(Customer.name, Customer.uscc, Customer.status))
        return sorted((name, uscc, status) for name, uscc, status in rows)
