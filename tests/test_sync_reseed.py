"""The re-seed (issue 8): head office prunes its change log (`kehu-hq log prune`); a branch whose
pull cursor is older than what the log keeps is answered 410 and fetches head office's data
afresh, page by page; a re-seed whose process is killed half way resumes at the page it reached.
The real service under uvicorn on PostgreSQL, the branch's `kehu sync now` as its own process,
killed with SIGKILL while a request of it hangs on the line.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from kehu_desktop import sync
from kehu_desktop.db import Database
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Product
from kehu_desktop.models import Setting
from kehu_desktop.sync import snapshot
from tests.factories import Branch
from tests.factories import make_products
from tests.factories import make_shop
from tests.fault_support import RECORDS
from tests.fault_support import FaultyLink
from tests.hq_support import ROOT
from tests.hq_support import hq_json
from tests.sync_support import assert_same
from tests.sync_support import register

pytestmark = pytest.mark.postgres


@pytest.fixture
def link(service: str) -> Iterator[FaultyLink]:
    relay = FaultyLink(int(service.rsplit(":", 1)[1]))
    yield relay
    relay.close()


def _products(db: Database) -> dict[str, tuple[str, Decimal]]:
    with db.read() as s:
        return {p.code: (p.name, p.factory_price) for p in s.scalars(select(Product))}


def _add_products(hq_db: Database, count: int) -> None:
    with hq_db.write() as s:
        for n in range(count):
            s.add(
                Product(
                    code=f"ZB{n:05d}",
                    name=f"总部新品{n}",
                    name_pinyin=f"zongbuxinpin{n}",
                    name_initials="zbxp",
                    unit="盒",
                    factory_price=Decimal("3.50"),
                )
            )


def _reseeds(s: Session) -> list[AuditRecord]:
    return list(s.scalars(select(AuditRecord).where(AuditRecord.action == "sync.reseeded")))


def _age_the_log(hq_db: Database, days: int) -> None:
    """Every change-log entry written ``days`` days earlier (time passing at head office)."""
    with hq_db.write() as s:
        s.execute(text("UPDATE change_log SET at = at - make_interval(days => :d)"), {"d": days})


def test_a_branch_behind_the_pruned_log_reseeds_and_a_killed_reseed_resumes(
    sqlite_branch: Branch,
    hq_db: Database,
    link: FaultyLink,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_shop(sqlite_branch)
    make_products(sqlite_branch)
    config = tmp_path / "config"
    register(sqlite_branch, hq_db, link.url, monkeypatch, config)
    sync.now(sqlite_branch.db)

    # While the branch is offline, head office adds 2,500 products (three pages of a
    # snapshot) and renames one the branch holds; then, 100 days on, prunes its log.
    _add_products(hq_db, 2500)
    with hq_db.write() as s:
        product = s.scalars(select(Product).where(Product.code.like("YP%"))).first()
        assert product is not None
        product.name = "阿莫西林胶囊（总部改）"
    _age_the_log(hq_db, 100)
    pruned = hq_json(hq_db, "log", "prune", "--days", "90", "--json")
    assert pruned["pruned"] > 2500 and pruned["kept_days"] == 90

    # The branch's `kehu sync now` is answered 410 and re-seeds; its third page of products
    # hangs on the line, and the process is killed there.
    link.hold(RECORDS, after=_pages_before_products() + 2)
    process = subprocess.Popen(
        [sys.executable, "-m", "kehu_desktop.cli"]
        + ["--database", sqlite_branch.db.url, "sync", "now"],
        cwd=ROOT,
        env={**os.environ, "KEHU_CONFIG_DIR": str(config), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert link.holding.wait(120), process.communicate(timeout=5)[0].decode()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    link.release()
    with sqlite_branch.db.read() as s:
        progress = s.get(Setting, snapshot.RESEED)
        assert progress is not None, "the re-seed had stored its position"
        held = len(s.scalars(select(Product.id)).all())
    # Two pages of products are in (pages go by id), the third is not.
    assert 2 * snapshot.PAGE <= held < len(_products(hq_db))

    # Run again: it resumes at that page and ends equal, the renamed product included.
    report = sync.now(sqlite_branch.db)
    assert report.pending == 0
    assert _products(sqlite_branch.db) == _products(hq_db)
    assert_same(sqlite_branch, hq_db)
    with sqlite_branch.db.read() as s:
        assert s.get(Setting, snapshot.RESEED) is None
        assert len(_reseeds(s)) == 1

    # Later changes come down through the log again, no re-seed.
    with hq_db.write() as s:
        product = s.scalars(select(Product).where(Product.code == "ZB00001")).one()
        product.name = "总部再改"
    sync.now(sqlite_branch.db)
    assert _products(sqlite_branch.db)["ZB00001"][0] == "总部再改"
    with sqlite_branch.db.read() as s:
        assert len(_reseeds(s)) == 1


def _pages_before_products() -> int:
    """The snapshot's requests before its first page of products: one per head-office part
    before products in foreign-key order (each small enough for one page)."""
    parts = [t.name for t, _part in snapshot.head_office_parts()]
    return parts.index("products")


def test_pruning_keeps_the_newest_entry_and_a_branch_up_to_date_pulls_as_usual(
    sqlite_branch: Branch,
    hq_db: Database,
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_products(sqlite_branch)
    register(sqlite_branch, hq_db, service, monkeypatch, tmp_path / "config")
    sync.now(sqlite_branch.db)
    _age_the_log(hq_db, 100)
    assert hq_json(hq_db, "log", "prune", "--json")["pruned"] >= 1
    with hq_db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM change_log")) == 1  # the newest is kept
    # The branch had pulled everything: its cursor is at the newest entry, no re-seed.
    with hq_db.write() as s:
        s.scalars(select(Product)).first().name = "总部改名"  # type: ignore[union-attr]
    sync.now(sqlite_branch.db)
    assert _products(sqlite_branch.db) == _products(hq_db)
    with sqlite_branch.db.read() as s:
        assert not _reseeds(s)
