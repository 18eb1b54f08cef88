"""The log file in the data folder (issue 10 §4): rotated, at the level asked for, with sign-ins,
sync, printing and backups in it and never a password."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kehu_desktop import cli
from kehu_desktop import logs
from kehu_desktop.domain.errors import AuthenticationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import backups
from kehu_desktop.services.slips import printers
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.factories import make_shop
from tests.test_slips_service import RecordingSpooler
from tests.test_slips_service import slip_for


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder of the test's own, and the process's log set up afresh in it."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KEHU_DATA_DIR", str(folder))
    monkeypatch.delenv("KEHU_LOG_LEVEL", raising=False)
    level = logging.getLogger().level
    logs.stop_logging()
    yield folder
    logs.stop_logging()
    logging.getLogger().setLevel(level)


def read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_file_rotates_and_keeps_a_few(data_dir: Path) -> None:
    path = logs.configure_logging(max_bytes=2_000)
    assert path == data_dir / "logs" / "kehu.log"
    assert logs.configure_logging("debug") == path  # once per process: only the level changes
    assert logging.getLogger().level == logging.DEBUG
    log = logging.getLogger("kehu_desktop.test")
    for n in range(200):
        log.info("line %d 中文", n)
    assert "line 199 中文" in read(path)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == ["kehu.log", *(f"kehu.log.{n}" for n in range(1, logs.KEEP + 1))]


def test_errors_keep_their_traceback_and_the_level_filters(data_dir: Path) -> None:
    path = logs.configure_logging("warning")
    assert path is not None
    log = logging.getLogger("kehu_desktop.test")
    log.info("not kept at WARNING")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("it failed")
    text = read(path)
    assert "not kept" not in text
    assert "ERROR kehu_desktop.test [MainThread] it failed" in text
    assert "Traceback (most recent call last)" in text and "ValueError: boom" in text


def test_sign_ins_and_backups_are_logged_never_a_password(
    data_dir: Path, sqlite_branch: Branch
) -> None:
    path = logs.configure_logging()
    assert path is not None
    auth.sign_in(sqlite_branch.db, "cashier", PASSWORD)
    with pytest.raises(AuthenticationFailed):
        auth.sign_in(sqlite_branch.db, "cashier", "wrong-password-42")
    backups.take_backup(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN))
    text = read(path)
    assert "signed in: cashier" in text
    assert "sign-in refused: cashier (auth.bad_credentials)" in text
    assert "backup (manual) by admin:" in text
    assert PASSWORD not in text and "wrong-password-42" not in text


def test_kehu_log_level(
    data_dir: Path, sqlite_branch: Branch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_branch.db.url
    assert cli.main(["--log-level", "debug", "--database", url, "backup", "now"]) == 0
    assert logging.getLogger().level == logging.DEBUG
    assert "backup (manual) by system" in read(data_dir / "logs" / "kehu.log")
    with pytest.raises(SystemExit):
        cli.main(["--log-level", "chatty", "backup", "list"])
    assert "--log-level" in capsys.readouterr().err
    assert logs.level_name(None) == "INFO" and logs.level_name("nonsense") == "INFO"


def test_a_print_job_and_its_failure_are_logged(data_dir: Path, sqlite_branch: Branch) -> None:
    path = logs.configure_logging()
    assert path is not None
    number = slip_for(make_shop(sqlite_branch))
    spooler = RecordingSpooler()
    cashier = sqlite_branch.actor(Role.CASHIER)
    printers.print_slip(sqlite_branch.db, cashier, number, spooler=spooler)
    spooler.fail = OSError("the queue went away")
    printers.print_slip(sqlite_branch.db, cashier, number, spooler=spooler)
    text = read(path)
    assert f"printed {number} on " in text and "(job fake-1)" in text
    assert f"printing {number} failed:" in text and "the queue went away" in text
