"""`kehu` starts fast and ends cleanly: it imports only what the command uses (never Qt), and a
reader that stops early (`kehu slip list | head`) is not an error.

Speed itself is measured (docs/bench.md, "kehu start-up"), never asserted here: what is checked
is the structure that makes it fast, i.e. which modules a command leaves unimported.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kehu_desktop import cli
from tests.factories import Branch
from tests.factories import make_shop
from tests.test_slips_service import slip_for

ROOT = Path(__file__).resolve().parents[1]

#: Run like the installed console script (pyproject: kehu = "kehu_desktop.cli:main"), and report
#: on stderr, after main() has returned, the top-level packages that were imported.
PROBE = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + json.dumps("
    "sorted({m.split('.')[0] for m in sys.modules}))))\n"
    "from kehu_desktop.cli import main\n"
    # with its argv, main() returns (run as the program, it ends the process itself, and the
    # atexit report would not run)
    "sys.exit(main(sys.argv[1:]))\n"
)

#: What a listing has no use for: Qt (the CLI never shows a window), Alembic (the schema check
#: reads the revision without it), openpyxl (import/export only), pypinyin (converting names),
#: ReportLab and Pillow (PDFs), httpx (`kehu sync` only); argon2 stays: it is small and --user
#: needs it.
NOT_FOR_A_LISTING = (
    "PySide6",
    "shiboken6",
    "alembic",
    "openpyxl",
    "pypinyin",
    "reportlab",
    "PIL",
    "httpx",
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _modules_used(*argv: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    marker = done.stderr.rindex("MODULES ")
    return done, set(json.loads(done.stderr[marker + len("MODULES ") :]))


def test_a_listing_imports_neither_qt_nor_what_it_does_not_use(sqlite_branch: Branch) -> None:
    slip_for(make_shop(sqlite_branch))
    url = sqlite_branch.db.url
    for argv in (["slip", "list", "--json"], ["customers", "list", "--json"]):
        done, modules = _modules_used("--database", url, *argv)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout), f"{argv}: the listing is empty, so it proves little"
        assert "sqlalchemy" in modules, "the probe did not see the command's imports"
        assert "PySide6" not in modules
        assert sorted(modules.intersection(NOT_FOR_A_LISTING)) == [], argv


def test_help_imports_no_command() -> None:
    done, modules = _modules_used("--help")
    assert done.returncode == 0
    for name in cli.COMMANDS:
        assert name in done.stdout
    assert "sqlalchemy" not in modules and "PySide6" not in modules


def test_the_command_table_matches_what_each_module_registers() -> None:
    """``kehu --help`` lists COMMANDS without importing the modules: it must say what they do."""
    registered: dict[str, tuple[str, str | None]] = {}
    for module in sorted({m for m, _ in cli.COMMANDS.values()}):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"kehu_desktop.cli.{module}").register(sub)
        for action in sub._choices_actions:
            registered[action.dest] = (module, action.help)
    assert registered == dict(cli.COMMANDS.items())


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["slip", "list"], "slip"),
        (["--database", "sqlite:///x", "--lang", "en", "payment", "list"], "payment"),
        (["--lang", "slip", "receivables"], "receivables"),  # a value is not the command
        (["--data", "sqlite:///x", "slip"], "slip"),  # argparse's abbreviation of --database
        (["--database=sqlite:///x", "slip"], "slip"),
        (["--help"], None),
        (["nonsense", "slip"], None),
        ([], None),
    ],
)
def test_the_command_is_found_in_argv(argv: list[str], command: str | None) -> None:
    assert cli._command_in(argv) == command


def test_a_command_found_only_by_argparse_still_runs(
    sqlite_branch: Branch, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_command_in", lambda argv: None)  # as if the scan missed it
    assert cli.main(["--database", sqlite_branch.db.url, "slip", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_sub_command_help_and_errors_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        cli.main(["slip", "--help"])
    assert ended.value.code == 0
    assert "pdf" in capsys.readouterr().out
    with pytest.raises(SystemExit) as ended:
        cli.main(["nonsense"])
    assert ended.value.code == 2
    assert "receivables" in capsys.readouterr().err  # argparse lists the valid commands


@pytest.mark.parametrize("argv", [["slip", "list"], ["slip", "list", "--json"]])
def test_a_reader_that_stops_early_is_not_an_error(sqlite_branch: Branch, argv: list[str]) -> None:
    """`kehu slip list | head`: the pipe's reader is gone before kehu writes (closed here before
    the process has even started up, so the write fails every time, not only by chance)."""
    slip_for(make_shop(sqlite_branch))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kehu_desktop.cli", "--database", sqlite_branch.db.url, *argv],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err  # 128 + SIGPIPE, as for `cat` in a shell
    assert err == ""


def test_a_real_shell_pipe_into_head(sqlite_branch: Branch) -> None:
    shop = make_shop(sqlite_branch)
    for _ in range(3):
        slip_for(shop)
    kehu = f"{sys.executable} -m kehu_desktop.cli --database {sqlite_branch.db.url}"
    done = subprocess.run(
        ["bash", "-c", f"{kehu} slip list | head -n 1"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout.count("\n") == 1 and "SH-" in done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_model_annotations_are_not_strings() -> None:
    """Declaring the models is most of a command's own start-up. With ``from __future__ import
    annotations`` every ``Mapped[...]`` reaches SQLAlchemy as a string, which it compiles and
    evaluates one by one (a fifth of the declaring time): the model modules do without it."""
    import __future__

    from kehu_desktop.models import Base

    modules = {mapper.class_.__module__ for mapper in Base.registry.mappers}
    assert len(modules) > 5
    for name in sorted(modules):
        flag = vars(sys.modules[name]).get("annotations")
        assert flag is not __future__.annotations, f"{name}: from __future__ import annotations"


def test_the_program_ends_with_its_output_and_the_database_closed(sqlite_branch: Branch) -> None:
    """Run as the program, kehu ends without the interpreter's tear-down (cli._end): all its
    output is there, and its SQLite connections are closed (the write-ahead log folded back
    into the file, as at a normal exit)."""
    for _ in range(3):
        slip_for(make_shop(sqlite_branch))
    path = sqlite_branch.db.sqlite_path
    assert path is not None
    sqlite_branch.db.dispose()  # this process's own connections: the file is kehu's alone
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists()
    done = subprocess.run(
        [sys.executable, "-m", "kehu_desktop.cli", "--database", sqlite_branch.db.url]
        + ["slip", "list", "--json"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 3
    assert not wal.exists()
