"""Schema migrations (Alembic), applied at start-up after a backup copy of a SQLite file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from kehu_desktop.db import Database, backup_sqlite
from kehu_desktop.domain.errors import DatabaseProblem

HERE = Path(__file__).resolve().parent


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def migrate(db: Database) -> MigrationResult:
    """Bring the schema to head. Refuses a database written by a newer app (unknown revision)."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(db)
    head = head_revision()
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseProblem("db.newer", db=current)
    backup = None
    if current != head:
        path = db.sqlite_path
        if current is not None and path is not None and path.exists():
            backup = backup_sqlite(path)
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    return MigrationResult(current, head, backup)
