"""Schema migrations (Alembic), applied at start-up after a backup copy of a SQLite file.

Alembic itself (and its loading of every revision script) costs a few hundred milliseconds, which
every ``kehu`` command would pay even though the schema is nearly always current. So the check
"is this database at head?" reads the revision ids from the scripts' text and the database's
``alembic_version`` table with plain SQLAlchemy; Alembic is imported only to upgrade, or when the
scripts' text does not name exactly one head (then Alembic decides).
tests/test_migrations.py checks that both ways find the same head.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from kehu_desktop.db import Database
from kehu_desktop.db import backup_sqlite
from kehu_desktop.db import database_problem
from kehu_desktop.domain.errors import DatabaseProblem
from kehu_desktop.domain.messages import CATALOGUE
from kehu_desktop.domain.messages import render

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent

# The module-level assignments every revision script has (see script.py.mako).
_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]*)?\s*=\s*(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def alembic_config() -> Config:
    from alembic.config import Config  # lazy: see the module docstring

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


@cache
def _revisions_from_text() -> tuple[frozenset[str], frozenset[str]] | None:
    """(every revision id, the heads) read from the scripts' source, or None if a script does
    not follow the usual form (Alembic then decides)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in sorted((HERE / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        revised.update(_QUOTED.findall(down.group(1)))
    heads = revisions - revised
    return (frozenset(revisions), frozenset(heads)) if revisions else None


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory  # lazy: see the module docstring

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def head_revision() -> str:
    """The revision the code's models correspond to."""
    found = _revisions_from_text()
    if found is not None and len(found[1]) == 1:
        return next(iter(found[1]))
    return _alembic_head()


def known_revisions() -> frozenset[str]:
    """Every revision this program's scripts know: a database at any other was written by a
    newer program."""
    found = _revisions_from_text()
    if found is not None:
        return found[0]
    from alembic.script import ScriptDirectory  # lazy: see the module docstring

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(r.revision for r in script.walk_revisions())


@cache
def previous_revision() -> str | None:
    """The revision before the head (head office still accepts its payloads), or None."""
    from alembic.script import ScriptDirectory  # lazy: see the module docstring

    script = ScriptDirectory.from_config(alembic_config()).get_revision(head_revision())
    down = script.down_revision if script is not None else None
    return down if isinstance(down, str) else None


def current_revision(db: Database) -> str | None:
    """The database's revision (None for an empty database), read as Alembic does. A file that
    cannot be read (damaged, locked) is a :class:`DatabaseProblem` the user is told of."""
    try:
        with db.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DatabaseError as exc:
        problem = database_problem(exc, db.sqlite_path)
        if problem is None:
            raise
        raise problem from exc
    if len(versions) > 1:  # several heads: not something this app writes; let Alembic say
        # lazy: Alembic is slow to import (module docstring)
        from alembic.runtime.migration import MigrationContext

        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return versions[0] if versions else None


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def migrate(db: Database, *, keep_copy: bool = True) -> MigrationResult:
    """Bring the schema to head. Refuses a database written by a newer app (unknown revision).
    A SQLite file is copied first (``keep_copy``; a restore that migrates a fresh copy of a
    backup has no use for another)."""
    current = current_revision(db)
    head = head_revision()
    if current is not None and current == head:
        return MigrationResult(current, head, None)  # the common case: no Alembic needed
    from alembic import command  # lazy: see the module docstring
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseProblem("db.newer", db=current)
    backup = None
    if current != head:
        path = db.sqlite_path
        if keep_copy and current is not None and path is not None and path.exists():
            backup = backup_sqlite(path)
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    return MigrationResult(current, head, backup)


def upgrade_notes(from_revision: str | None, to_revision: str) -> list[str]:
    """What the revisions after ``from_revision`` up to ``to_revision`` brought, in the user's
    language, oldest first (the message catalogue's ``upgrade.<revision>``); nothing for a new
    database."""
    if from_revision is None:
        return []
    # Our revisions are numbers of four digits: their order is their text's.
    passed = sorted(r for r in known_revisions() if from_revision < r <= to_revision)
    return [render(f"upgrade.{r}") for r in passed if f"upgrade.{r}" in CATALOGUE]
