"""Migrations: empty → head on both databases, models and migrations agree, backups, faults."""

from __future__ import annotations

import re
import sqlite3
import uuid
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Boolean
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Uuid
from sqlalchemy import column
from sqlalchemy import create_engine
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import table
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kehu_desktop.db import Database
from kehu_desktop.db import backup_sqlite
from kehu_desktop.domain.errors import DatabaseProblem
from kehu_desktop.domain.pinyin import search_keys
from kehu_desktop.migrations import current_revision
from kehu_desktop.migrations import head_revision
from kehu_desktop.migrations import migrate
from kehu_desktop.models import Base
from kehu_desktop.models import Contract
from kehu_desktop.models import Customer
from kehu_desktop.models import UTCDateTime
from kehu_desktop.models import utcnow
from kehu_desktop.models.customers import PREFIX_BUCKETS
from kehu_desktop.services.admin import BranchSetup
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import is_set_up
from kehu_desktop.services.admin import open_database
from kehu_desktop.services.admin import set_up_branch
from tests.conftest import need_postgres
from tests.factories import Branch


def test_empty_to_head_and_models_match(db: Database) -> None:
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn, warnings.catch_warnings():
        # Alembic cannot compare indexes on expressions (the prefix buckets): checked below.
        warnings.filterwarnings("ignore", "autogenerate skipping .*expression-based index")
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
    assert _expression_indexes(db) == {
        index.name: [getattr(e, "name", str(e)) for e in index.expressions]
        for index in Customer.__table__.indexes
        if index.name and "substr" in str(index.expressions[0])
    }
    assert len(_expression_indexes(db)) == sum(map(len, PREFIX_BUCKETS.values()))
    tables = set(inspect(db.engine).get_table_names())
    assert {"customers", "users", "outbox", "audit_records", "change_form_entries"} <= tables


def _expression_indexes(db: Database) -> dict[str, list[str]]:
    """The migrated database's indexes on ``customers`` that start with an expression: their
    parts as written in the model (``substr(uscc, 1, 6)``, ``name``, ``id``)."""
    with db.engine.connect() as conn:
        if db.is_sqlite:
            rows = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                "'customers' AND sql LIKE '%substr(%'"
            ).all()
        else:
            rows = conn.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customers' "
                "AND indexdef LIKE '%%substr(%%'"
            ).all()
    found = {}
    for name, sql in rows:
        inside = sql[sql.index("(", sql.index(" ON ")) + 1 : sql.rindex(")")]
        # PostgreSQL writes substr((uscc)::text, 1, 6): back to the model's spelling.
        inside = re.sub(r"\((\w+)\)::text", r"\1", inside)
        found[name] = [part.strip() for part in re.split(r",\s*(?![^(]*\))", inside)]
    return found


def test_migrate_is_idempotent(db: Database) -> None:
    result = migrate(db)
    assert result.from_revision == result.to_revision == head_revision()
    assert result.backup is None


def test_fresh_sqlite_file_gets_wal_and_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = Database(f"sqlite:///{path}")
    result = migrate(db)
    assert result.from_revision is None and result.backup is None
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.dispose()


def test_backup_copies_a_consistent_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "data.sqlite3"
    db = open_database(f"sqlite:///{path}")
    set_up_branch(db, BranchSetup("SH", "上海分公司", "HD", "华东大区", "admin", "secret-123"))
    copy = backup_sqlite(path)  # the WAL still holds the last commit: the copy must have it
    assert copy.parent == path.parent / "backups"
    rows = sqlite3.connect(copy).execute("SELECT username FROM users").fetchall()
    assert rows == [("admin",)]
    db.dispose()


def test_database_from_newer_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    with pytest.raises(DatabaseProblem) as info:
        open_database(f"sqlite:///{path}")
    assert info.value.code == "db.newer"
    assert "更新版本" in info.value.message


def test_read_only_database_gives_clear_message(tmp_path: Path) -> None:
    """Works as root too: SQLite's query_only pragma refuses writes like a read-only file."""
    from sqlalchemy import event

    path = tmp_path / "ro.sqlite3"
    db = open_database(f"sqlite:///{path}")
    event.listen(db.engine, "connect", lambda c, _r: c.execute("PRAGMA query_only=ON"))
    db.engine.dispose()
    with pytest.raises(DatabaseProblem) as info:
        set_up_branch(db, BranchSetup("SH", "上海分公司", "HD", "华东大区", "admin", "secret-123"))
    assert info.value.code in ("db.readonly", "db.locked")
    assert not is_set_up(db)


def test_locked_database_gives_clear_message_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    db = open_database(f"sqlite:///{path}")
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        fast = Database(f"sqlite:///{path}")
        fast.engine.dispose()
        from sqlalchemy import event

        event.listen(fast.engine, "connect", lambda c, _r: c.execute("PRAGMA busy_timeout=100"))
        with pytest.raises(DatabaseProblem) as info:
            set_up_branch(
                fast, BranchSetup("SH", "上海分公司", "HD", "华东大区", "admin", "secret-123")
            )
        assert info.value.code == "db.locked"
        assert "占用" in info.value.message
    finally:
        blocker.rollback()
        blocker.close()
    assert not is_set_up(db)


def test_set_up_reports_every_bad_field(db: Database) -> None:
    from kehu_desktop.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as info:
        set_up_branch(db, BranchSetup("S H!", "", "HD", " ", "", "short"))
    fields = {e.field: e.message for e in info.value.errors}
    assert set(fields) == {
        "branch_code",
        "branch_name",
        "region_name",
        "admin_username",
        "admin_password",
    }
    assert "字母或数字" in fields["branch_code"]
    assert not is_set_up(db)


def test_upgrade_backs_up_the_sqlite_file_first(tmp_path: Path) -> None:
    from alembic import command

    from kehu_desktop.migrations import alembic_config

    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    cfg = alembic_config()
    with db.engine.begin() as conn:  # a database left at an older revision
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        # Data of that time, written as that schema had it (today's models have more columns).
        conn.exec_driver_sql(
            "INSERT INTO users (id, username, display_name, password_hash, active, "
            "failed_attempts, must_change_password, created_at) VALUES "
            "('0f8e4bd0f1d54c2f9a43a0a3a1c5d001', 'admin', '管理员', 'x', 1, 0, 0, "
            "'2026-01-05 08:00:00.000000')"
        )
    db.dispose()
    result = migrate(Database(f"sqlite:///{path}"))
    assert result.from_revision == "0002" and result.to_revision == head_revision()
    assert result.backup is not None and result.backup.exists()
    backed_up = sqlite3.connect(result.backup)
    assert backed_up.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    assert backed_up.execute("SELECT username FROM users").fetchall() == [("admin",)]


def test_the_quick_head_check_agrees_with_alembic() -> None:
    """migrate() reads the head from the scripts' text to avoid importing Alembic on every start
    (see kehu_desktop/migrations/__init__.py); it must be the head Alembic computes."""
    from kehu_desktop import migrations

    found = migrations._revisions_from_text()
    assert found is not None, "a revision script no longer has the usual revision lines"
    revisions, heads = found
    assert heads == {migrations._alembic_head()}
    assert migrations.head_revision() == migrations._alembic_head()
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert revisions == {r.revision for r in script.walk_revisions()}


def test_current_revision_of_an_empty_and_a_migrated_database(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert current_revision(db) is None
    migrate(db)
    with db.engine.connect() as conn:
        assert current_revision(db) == MigrationContext.configure(conn).get_current_revision()
    db.dispose()


def test_0005_gives_agreed_contracts_the_latest_approved_limit_as_their_cap(
    branch: Branch,
) -> None:
    """Upgrading to 0005 (contracts.month_end_cap): an agreed-payment contract on file gets its
    customer's latest approved limit amount as the cap (the exposure already allowed), so the
    upgrade changes no release; a cash contract gets none, nor does a customer with only the
    unlimited mode (fail closed: the branch records the cap)."""
    from alembic import command

    from kehu_desktop.migrations import alembic_config
    from tests.factories import make_shop

    limited = make_shop(branch, name="限额医药有限公司", limit="30000.00").customer_id
    unlimited = make_shop(
        branch, name="不限额医药有限公司", grade=1, limit=None, unlimited=True
    ).customer_id
    cash = make_shop(branch, name="现款医药有限公司", terms="cash", limit=None).customer_id
    cfg = alembic_config()
    with branch.db.engine.begin() as conn:  # back to 0004 (the column goes) and up again
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        assert "month_end_cap" not in {c["name"] for c in inspect(conn).get_columns("contracts")}
        command.upgrade(cfg, "head")
    with branch.db.read() as s:
        caps = dict(s.execute(select(Contract.customer_id, Contract.month_end_cap)).all())
    assert caps == {limited: Decimal("30000.00"), unlimited: None, cash: None}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database (no schema), once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield database
        database.dispose()
        return
    admin_url = need_postgres()
    name = f"kehu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def old_branch(db: Database, password: str) -> uuid.UUID:
    """A branch and its administrator written as an old schema had them (set_up_branch writes
    with today's models, whose audit records have columns an old schema lacks)."""
    ids = {k: uuid.uuid4() for k in ("hq", "region", "branch", "admin")}
    rows = (
        ("head_office", {"id": ids["hq"], "name": "总部"}),
        (
            "regions",
            {"id": ids["region"], "code": "HD", "name": "华东大区", "head_office_id": ids["hq"]},
        ),
        (
            "branches",
            {"id": ids["branch"], "code": "SH", "name": "上海分公司", "region_id": ids["region"]},
        ),
        (
            "users",
            {
                "id": ids["admin"],
                "username": "admin",
                "display_name": "管理员",
                "password_hash": auth.hash_password(password),
                "branch_id": ids["branch"],
                "active": True,
                "failed_attempts": 0,
                "must_change_password": False,
                "created_at": utcnow(),
            },
        ),
        ("user_roles", {"user_id": ids["admin"], "role": "admin"}),
    )
    with db.engine.begin() as conn:
        for name, values in rows:
            types = {k: (Uuid() if isinstance(v, uuid.UUID) else None) for k, v in values.items()}
            cols = [
                column(k, UTCDateTime()) if k == "created_at" else column(k, types[k])
                for k in values
            ]
            conn.execute(table(name, *cols).insert(), values)
    return ids["branch"]


def test_search_keys_migration_indexes_existing_customers(empty_db: Database) -> None:
    """0006 computes the search keys of the customers stored before it: they are found from any
    syllable and by phone digits as soon as the upgrade is done."""
    from alembic import command

    from kehu_desktop.migrations import alembic_config
    from kehu_desktop.models import CustomerSearchKey
    from kehu_desktop.models import search_index
    from kehu_desktop.services.customers import CustomerQuery
    from kehu_desktop.services.customers import list_customers

    cfg = alembic_config()
    with empty_db.engine.begin() as conn:  # a database left at 0003
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    branch_id = old_branch(empty_db, "secret-123")
    customers = table(
        "customers",
        column("id", Uuid()),
        column("branch_id", Uuid()),
        column("name", String()),
        column("name_pinyin", String()),
        column("name_initials", String()),
        column("phone", String()),
        column("status", String()),
        column("on_hold", Boolean()),
        column("version", Integer()),
        column("created_at", UTCDateTime()),
        column("updated_at", UTCDateTime()),
    )
    stored = {"上海万宇医药有限公司": "021-32778951", "杭州华东医药连锁有限公司": None}
    ids = {}
    with empty_db.engine.begin() as conn:
        for name, phone in stored.items():
            ids[name] = uuid.uuid4()
            full, initials = search_keys(name)
            conn.execute(
                customers.insert(),
                {
                    "id": ids[name],
                    "branch_id": branch_id,
                    "name": name,
                    "name_pinyin": full,
                    "name_initials": initials,
                    "phone": phone,
                    "status": "prospect",
                    "on_hold": False,
                    "version": 1,
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                },
            )
    migrate(empty_db)

    admin = auth.sign_in(empty_db, "admin", "secret-123")
    for q, found in (
        ("wanyu", ["上海万宇医药有限公司"]),
        ("huadong", ["杭州华东医药连锁有限公司"]),
        ("32778951", ["上海万宇医药有限公司"]),
        ("021-3277", ["上海万宇医药有限公司"]),
    ):
        page = list_customers(empty_db, admin, CustomerQuery(search=q))
        assert [r.name for r in page.rows] == found, q
    with empty_db.read() as s:
        for name, phone in stored.items():
            keys = s.execute(
                select(CustomerSearchKey.kind, CustomerSearchKey.key).where(
                    CustomerSearchKey.customer_id == ids[name]
                )
            ).all()
            assert set(keys) == search_index(name, phone).keys


def test_branch_sync_migration_adds_an_empty_registry_to_a_0007_database(
    empty_db: Database,
) -> None:
    """0008 (head office's branch registry) on a database holding a branch at 0007: the branch is
    kept, the two new tables are there and empty (a branch database never fills them), and a
    registry row for the old branch can be written with the models."""
    from alembic import command

    from kehu_desktop.migrations import alembic_config
    from kehu_desktop.models import BranchSync
    from kehu_desktop.models import SyncRefusal

    cfg = alembic_config()
    with empty_db.engine.begin() as conn:  # a database left at 0007
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
    branch_id = old_branch(empty_db, "secret-123")
    migrate(empty_db)
    assert current_revision(empty_db) == head_revision()
    tables = set(inspect(empty_db.engine).get_table_names())
    assert {"branch_sync", "sync_refusals"} <= tables
    with empty_db.write() as s:
        assert s.scalars(select(BranchSync)).all() == []
        assert s.scalars(select(SyncRefusal)).all() == []
        s.add(BranchSync(branch_id=branch_id, secret_hash="0" * 64))
    with empty_db.read() as s:
        row = s.get(BranchSync, branch_id)
        assert row is not None and row.acked_seq == 0 and row.registered_at is None


def downgrade(db: Database, revision: str) -> None:
    """Take the database back to ``revision`` (as a branch still on an older program has it)."""
    from alembic import command

    from kehu_desktop.migrations import alembic_config

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    db.dispose()


def test_an_upgrade_says_what_changed_keeps_a_copy_and_is_audited(branch: Branch) -> None:
    from kehu_desktop.models import AuditRecord
    from kehu_desktop.services.admin import open_database
    from kehu_desktop.services.admin import setup

    downgrade(branch.db, "0016")
    opened = open_database(branch.db.url)
    assert opened.upgraded_from == "0016"
    assert setup.upgrade_notes(opened) == [
        "总部模式下可登记拜访（大区经理、营销总监）",
        "客户销售月报表及营销总监审阅",
        "客户搜索更快：常用字词按名称顺序直接查到",
        "客户搜索更快：首字母、信用代码和电话的常见开头直接查到",
    ]
    if opened.is_sqlite:  # a copy of the SQLite file from before (PostgreSQL: the server's job)
        assert opened.upgrade_backup is not None and opened.upgrade_backup.exists()
    with opened.read() as s:
        record = s.scalars(
            select(AuditRecord).where(AuditRecord.action == "database_upgraded")
        ).one()
        assert (record.after or {})["from"] == "0016"
    again = open_database(branch.db.url)  # nothing more to upgrade: nothing to say
    assert again.upgraded_from is None and setup.upgrade_notes(again) == []
    opened.dispose()
    again.dispose()
