"""The desktop's start-up: the sign-in needs no SQLAlchemy, and the start-up probe that
bench/startup.py reads works in the real program (a new process, offscreen).

Speed itself is measured (docs/bench.md, "desktop start-up"), never asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import startup
from kehu_desktop.views.shell import probe

ROOT = Path(__file__).resolve().parents[1]


def program_environment(tmp_path: Path) -> dict[str, str]:
    env = startup.environment(tmp_path)
    # This checkout's code, also where the installed package points elsewhere.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def test_the_sign_in_imports_no_database_code(tmp_path: Path) -> None:
    """What app.py imports before the sign-in shows: Qt and the views' kit. SQLAlchemy, the
    models, the services and the main window load on the DB worker meanwhile."""
    code = (
        "import sys\n"
        "import kehu_desktop.views.shell.app\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'reportlab', 'openpyxl', 'pypinyin', 'httpx') "
        "or m.startswith(('kehu_desktop.models', 'kehu_desktop.services', "
        "'kehu_desktop.views.shell.main_window')))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=program_environment(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == []


def test_the_probe_reports_the_sign_in_and_the_main_window(tmp_path: Path) -> None:
    """The real program on a demo branch: its first paints, the sign-in through the dialog's
    own button (argon2 at full cost), the main window, then it quits by itself. A user who is
    not one of the demo's is said plainly (one demo built for both: it takes seconds)."""
    env = program_environment(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "kehu_desktop.cli", "demo", "--customers", "3"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )
    with pytest.raises(startup.StartupBenchError, match="not a demo user"):
        startup.run_once(env, tmp_path, user="nobody")
    assert probe.SIGN_IN_PAINTED in (tmp_path / "probe.json").read_text("utf-8")

    run = startup.run_once(env, tmp_path, user="cashier")
    report = (tmp_path / "probe.json").read_text("utf-8")
    assert '"error": null' in report
    # Every moment was reported, in the order they happen.
    assert 0 < run.to_main_entered <= run.to_sign_in <= run.to_ready <= run.to_idle
    assert 0 < run.verify <= run.to_main
