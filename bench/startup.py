"""`python -m bench.startup`: how long the desktop app takes to the sign-in screen and from the
sign-in to the main window, in the real program.

A demo branch is built first (``kehu demo``) in a temporary data folder. Each run then starts
``kehu-desktop`` as a new process on Qt's offscreen platform with ``KEHU_STARTUP_PROBE`` set
(kehu_desktop/views/shell/probe.py): the program notes when the sign-in dialog first paints,
fills in a demo user's name and password and presses the dialog's sign-in button (its own
handler: argon2's verify at full cost, the audit row), notes when the main window first paints
and quits.

Times: "launch" is ``time.perf_counter()`` here just before ``Popen``; the program's moments are
its own ``perf_counter()`` readings, the same system-wide monotonic clock, so launch → sign-in
includes the interpreter's start and every import, as a user waits for them. CPU is the
program's own ``time.process_time()`` (all its threads) between the same moments. The first run
is a warm-up (bytecode, file cache) and is not counted. The load average is printed: on a busy
machine the wall times say little, the CPU times a little more. docs/bench.md keeps the table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: The goals of issue 12, seconds.
SIGN_IN_GOAL = 1.0
MAIN_GOAL = 0.7
TIMEOUT = 60.0  # one run; a real start takes about a second


class StartupBenchError(RuntimeError):
    """A run did not get to the main window: what the probe saw and what the program said."""


@dataclass
class Run:
    """One start of the program, seconds."""

    to_sign_in: float  # launch → the sign-in dialog's first paint
    to_main: float  # sign-in button pressed → the main window's first paint
    to_main_entered: float  # launch → views.shell.app.main() called (the imports done)
    to_ready: float  # launch → the sign-in's button works (the database open, demo users listed)
    to_idle: float  # launch → nothing left to do (the main window's code loaded ahead)
    verify: float  # sign-in button pressed → the password verified (argon2, the audit row)
    cpu_to_sign_in: float
    cpu_to_main: float


def desktop_command() -> list[str]:
    """The gui-script beside this interpreter, else the module (a checkout without it)."""
    script = Path(sys.executable).with_name("kehu-desktop")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kehu_desktop.desktop"]


def kehu_command() -> list[str]:
    script = Path(sys.executable).with_name("kehu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kehu_desktop.cli"]


def environment(data: Path) -> dict[str, str]:
    """The program's environment: its own data folder and settings, offscreen."""
    env = {**os.environ, "KEHU_DATA_DIR": str(data / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env["XDG_CONFIG_HOME"] = str(data / "config")  # QSettings (language, window geometry)
    env.pop("KEHU_DATABASE_URL", None)
    return env


def build_demo(env: dict[str, str], customers: int) -> None:
    subprocess.run(
        [*kehu_command(), "demo", "--customers", str(customers)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )


def run_once(env: dict[str, str], folder: Path, user: str = "cashier") -> Run:
    """Start the program once and read what its probe reported."""
    from kehu_desktop.views.shell import probe  # the names of the moments; imports only Qt

    report_file = folder / "probe.json"
    report_file.unlink(missing_ok=True)
    log_file = folder / "stderr.txt"
    env = {**env, probe.PROBE_VARIABLE: str(report_file), probe.USER_VARIABLE: user}
    with log_file.open("wb") as stderr:
        launched = time.perf_counter()
        process = subprocess.Popen(
            desktop_command(), env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            status = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            status = None
    report = json.loads(report_file.read_text("utf-8")) if report_file.exists() else {}
    marks: dict[str, float] = report.get("marks", {})
    cpu: dict[str, float] = report.get("cpu", {})
    needed = (
        probe.MAIN_ENTERED,
        probe.SIGN_IN_PAINTED,
        probe.SIGN_IN_READY,
        probe.IDLE,
        probe.SIGN_IN_SUBMITTED,
        probe.SIGNED_IN,
        probe.MAIN_PAINTED,
    )
    missing = [name for name in needed if name not in marks]
    if status != 0 or missing or report.get("error"):
        said = log_file.read_text("utf-8", errors="replace")[-3000:]
        raise StartupBenchError(
            f"the program {'timed out' if status is None else f'exited with {status}'}; "
            f"probe error: {report.get('error')}; moments missing: {missing or 'none'}\n{said}"
        )
    return Run(
        to_sign_in=marks[probe.SIGN_IN_PAINTED] - launched,
        to_main=marks[probe.MAIN_PAINTED] - marks[probe.SIGN_IN_SUBMITTED],
        to_main_entered=marks[probe.MAIN_ENTERED] - launched,
        to_ready=marks[probe.SIGN_IN_READY] - launched,
        to_idle=marks[probe.IDLE] - launched,
        verify=marks[probe.SIGNED_IN] - marks[probe.SIGN_IN_SUBMITTED],
        cpu_to_sign_in=cpu[probe.SIGN_IN_PAINTED],
        cpu_to_main=cpu[probe.MAIN_PAINTED] - cpu[probe.SIGN_IN_SUBMITTED],
    )


def measure(
    repeat: int = 7,
    customers: int = 300,
    user: str = "cashier",
    log: Callable[[str], None] = lambda _line: None,
) -> list[Run]:
    """``repeat`` counted runs after one warm-up, on a fresh demo branch of ``customers``."""
    folder = Path(tempfile.mkdtemp(prefix="kehu-startup-bench-"))
    try:
        env = environment(folder)
        log(f"desktop start-up: building the demo branch ({customers} customers)")
        build_demo(env, customers)
        runs = []
        for i in range(repeat + 1):
            log(f"desktop start-up: run {i}/{repeat}" + (" (warm-up)" if i == 0 else ""))
            run = run_once(env, folder, user)
            if i:
                runs.append(run)
        return runs
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def print_table(runs: list[Run], user: str = "cashier") -> None:
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-"
    print(
        f"\ndesktop start-up — {len(runs)} runs after a warm-up, offscreen, "
        f"signing in as the demo '{user}'; load average {load}"
    )
    print("| moment | wall median | wall min | CPU median | CPU min | goal |")
    print("|---|---:|---:|---:|---:|---:|")
    rows: list[tuple[str, Callable[[Run], float], Callable[[Run], float] | None, float | None]] = [
        ("launch → imports done (app.main)", lambda r: r.to_main_entered, None, None),
        (
            "launch → sign-in first painted",
            lambda r: r.to_sign_in,
            lambda r: r.cpu_to_sign_in,
            SIGN_IN_GOAL,
        ),
        ("launch → sign-in button works (database open)", lambda r: r.to_ready, None, None),
        (
            "launch → idle, sign-in pressed (main window code loaded)",
            lambda r: r.to_idle,
            None,
            None,
        ),
        ("sign-in pressed → password verified", lambda r: r.verify, None, None),
        (
            "sign-in pressed → main window first painted",
            lambda r: r.to_main,
            lambda r: r.cpu_to_main,
            MAIN_GOAL,
        ),
    ]
    for label, wall, cpu, goal in rows:
        walls = [wall(r) for r in runs]
        cells = [f"{statistics.median(walls):.2f} s", f"{min(walls):.2f} s"]
        if cpu is None:
            cells += ["", ""]
        else:
            cpus = [cpu(r) for r in runs]
            cells += [f"{statistics.median(cpus):.2f} s", f"{min(cpus):.2f} s"]
        cells.append(f"< {goal:.1f} s" if goal is not None else "")
        print(f"| {label} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="counted runs (default 7)")
    parser.add_argument(
        "--customers", type=int, default=300, help="demo branch size (default 300, as kehu demo)"
    )
    parser.add_argument("--user", default="cashier", help="demo user to sign in (default cashier)")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    runs = measure(args.repeat, args.customers, args.user, log)
    print_table(runs, args.user)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
