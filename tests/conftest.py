"""Fixtures: a fresh, migrated database per test on SQLite and on a real PostgreSQL server.

PostgreSQL comes from ``KEHU_TEST_POSTGRES_URL`` (an admin URL such as
``postgresql+psycopg://kehu:kehu@127.0.0.1:5432/postgres``; ``.ci/run`` starts a server and sets
it). Without it the PostgreSQL variants skip, except under ``CI=true`` where they fail: CI must
never pass by skipping the real database.

Qt: this file and the shared helpers (factories, cups_helpers) import no Qt, so the core's tests
run where PySide6 is not installed. The GUI tests (the modules of :data:`GUI_MODULES` and any test
using ``qtbot``) are marked ``gui``. ``KEHU_TEST_WITHOUT_QT=1`` (set by the Qt-free step of
``.ci/run``) leaves them out without collecting them; in any other run a missing PySide6 or
pytest-qt is an error, never a silent skip.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile  # noqa: E402
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from argon2 import Parameters
from argon2 import Type
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's own settings (QSettings) or data folder.
_sandbox = tempfile.mkdtemp(prefix="kehu-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_sandbox, "config")
os.environ["KEHU_DATA_DIR"] = os.path.join(_sandbox, "data")

from kehu_desktop.clock import FixedClock  # noqa: E402
from kehu_desktop.db import Database  # noqa: E402
from kehu_desktop.domain.messages import set_language  # noqa: E402
from kehu_desktop.migrations import migrate  # noqa: E402
from kehu_desktop.services.admin import auth  # noqa: E402

PG_ADMIN_URL = os.environ.get("KEHU_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"
TEMPLATE_DB = f"kehu_template_{os.getpid()}"
#: The Qt-free run: GUI tests are neither collected nor run (see the module docstring).
WITHOUT_QT = os.environ.get("KEHU_TEST_WITHOUT_QT", "") == "1"
#: Test modules that import Qt at module level (file name prefixes): not collected without Qt.
GUI_MODULES = ("test_views_", "test_xvfb_", "test_qt_signals")


#: The cheapest argon2id parameters argon2 accepts (1 pass over 8 KiB, 1 lane). The suite creates
#: hundreds of users; at the product's cost (auth.PRODUCT_HASH_PARAMETERS) hashing their passwords
#: was most of the time of a demo build. test_auth shows the product default is unchanged.
TEST_HASH_PARAMETERS = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=1,
    memory_cost=8,
    parallelism=1,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    if importlib.util.find_spec("pytestqt") is None:
        # pytest-qt owns the `qt_api` option of pyproject.toml; without it (the Qt-free run)
        # pytest would warn about an unknown option on every run.
        parser.addini("qt_api", "pytest-qt's Qt binding (pytest-qt is not installed)")


def pytest_configure(config: pytest.Config) -> None:
    set_language("zh_CN")
    if not WITHOUT_QT:
        missing = [
            name for name in ("PySide6", "pytestqt") if importlib.util.find_spec(name) is None
        ]
        if missing:
            raise pytest.UsageError(
                f"{' and '.join(missing)} not installed: the GUI tests cannot run. Install the "
                "dev extra (./dev.sh does), or set KEHU_TEST_WITHOUT_QT=1 to run only the tests "
                "of the core without Qt."
            )


def is_gui_module(path: Path) -> bool:
    return path.suffix == ".py" and path.name.startswith(GUI_MODULES)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if WITHOUT_QT and is_gui_module(collection_path):
        return True  # importing the module would import Qt
    return None


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Every password of the session is hashed and verified by the real argon2 code path of
    services/admin/auth.py, at :data:`TEST_HASH_PARAMETERS` (its documented test switch, not a
    mock)."""
    previous = auth.set_hash_parameters(TEST_HASH_PARAMETERS)
    yield
    auth.set_hash_parameters(previous)


@pytest.fixture(autouse=True)
def _default_languages() -> Iterator[None]:
    """Every test starts with English Qt strings (source text) and zh_CN service messages; a
    test that switches the GUI language must not leak it into the next test."""
    yield
    import sys

    i18n = sys.modules.get("kehu_desktop.views.kit.i18n")
    if i18n is not None:
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is not None:
            i18n.install_language("en")
    set_language("zh_CN")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    gui: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("db") == "postgresql":
            item.add_marker(pytest.mark.postgres)
        if is_gui_module(item.path) or "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
        if item.get_closest_marker("gui") is not None:
            gui.append(item)
    if WITHOUT_QT and gui:
        config.hook.pytest_deselected(items=gui)
        left_out = set(gui)
        items[:] = [item for item in items if item not in left_out]


def need_postgres() -> str:
    if not PG_ADMIN_URL:
        if IN_CI:
            pytest.fail("CI=true but KEHU_TEST_POSTGRES_URL is not set: PostgreSQL tests must run")
        pytest.skip("no PostgreSQL server (set KEHU_TEST_POSTGRES_URL)")
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    admin_url = need_postgres()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}"'))
        c.execute(text(f"CREATE DATABASE \"{TEMPLATE_DB}\" ENCODING 'UTF8' TEMPLATE template0"))
    url = make_url(admin_url).set(database=TEMPLATE_DB).render_as_string(hide_password=False)
    db = Database(url)
    migrate(db)
    db.dispose()
    yield TEMPLATE_DB
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}_branch" WITH (FORCE)'))
        c.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)'))
    admin.dispose()


def postgres_database(template: str) -> Iterator[Database]:
    """A fresh PostgreSQL database copied from ``template``, dropped afterwards."""
    yield from _postgres_db(template)


def _postgres_db(template: str) -> Iterator[Database]:
    admin_url = need_postgres()
    name = f"kehu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    db = Database(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> FixedClock:
    """The business clock of the test's databases (``Database.clock``): every service reads
    "today" and "now" from it, so a test moves the clock (``clock.set(date)``,
    ``clock.advance(days=31)``) instead of passing a date. It starts on the test module's
    ``TODAY`` when the module has one, else on the real date (at 10:00 local time)."""
    start = getattr(request.module, "TODAY", None)
    return FixedClock(start if isinstance(start, date) else date.today())


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock) -> Iterator[Database]:
    """A fresh database at the current schema, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "kehu.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}", clock=clock)
        yield database
        database.dispose()
    else:
        for database in _postgres_db(request.getfixturevalue("postgres_template")):
            database.clock = clock
            yield database


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path, clock: FixedClock) -> Iterator[Database]:
    """SQLite only: for GUI tests, where the database kind is not what is being tested."""
    path = tmp_path / "kehu.sqlite3"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}", clock=clock)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def branch_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Lazily built copies of a database holding the demo branch of tests.factories, built once
    per session and per database kind (a dozen users and their sign-ins)."""
    return {}


def _branch_template(kind: str, request: pytest.FixtureRequest) -> tuple[object, object]:
    cache: dict[str, object] = request.getfixturevalue("branch_templates")
    if kind not in cache:
        if kind == "sqlite":
            src = request.getfixturevalue("sqlite_template")
            path = Path(str(src)).with_name("branch.sqlite3")
            shutil.copy(src, path)
            database = Database(f"sqlite:///{path}")
            built = make_branch(database)
            database.dispose()
            cache[kind] = (path, built)
        else:
            base = request.getfixturevalue("postgres_template")
            admin = create_engine(need_postgres(), isolation_level="AUTOCOMMIT")
            name = f"{base}_branch"
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{base}"'))
            url = make_url(need_postgres()).set(database=name).render_as_string(hide_password=False)
            database = Database(url)
            built = make_branch(database)
            database.dispose()
            cache[kind] = (name, built)
    return cache[kind]  # type: ignore[return-value]


@pytest.fixture
def branch(
    db: Database, request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock
) -> Iterator[Branch]:
    """A branch (上海分公司, market offices 浦东/闵行) with one signed-in actor per role; its
    database runs on the test's ``clock``."""
    kind = "sqlite" if db.is_sqlite else "postgresql"
    source, built = _branch_template(kind, request)
    db.dispose()
    if kind == "sqlite":
        path = tmp_path / "branch.sqlite3"
        shutil.copy(str(source), path)
        database = Database(f"sqlite:///{path}", clock=clock)
        yield Branch(database, built.branch_id, built.actors)  # type: ignore[attr-defined]
        database.dispose()
    else:
        for database in _postgres_db(str(source)):
            database.clock = clock
            yield Branch(database, built.branch_id, built.actors)  # type: ignore[attr-defined]


@pytest.fixture
def sqlite_branch(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock
) -> Iterator[Branch]:
    """The same branch on SQLite only (GUI tests), on the test's ``clock``."""
    source, built = _branch_template("sqlite", request)
    path = tmp_path / "branch.sqlite3"
    shutil.copy(str(source), path)
    database = Database(f"sqlite:///{path}", clock=clock)
    yield Branch(database, built.branch_id, built.actors)  # type: ignore[attr-defined]
    database.dispose()


@pytest.fixture
def hq_db(postgres_template: str) -> Iterator[Database]:
    """A head-office database at the schema head (a copy of the migrated template)."""
    need_postgres()
    for database in postgres_database(postgres_template):
        from kehu_hq.registry import mark_head_office  # here: the head-office tests only

        mark_head_office(database)
        yield database


@pytest.fixture
def service(hq_db: Database) -> Iterator[str]:
    """The head-office service on ``hq_db`` under uvicorn on loopback; its base URL."""
    # Imported here: uvicorn and FastAPI are for the head-office tests only.
    from tests.hq_support import running_service

    with running_service(hq_db) as url:
        yield url


from tests.factories import PASSWORD  # noqa: E402,F401
from tests.factories import Branch  # noqa: E402,F401
from tests.factories import make_branch  # noqa: E402,F401
