"""`python -m bench.cli_startup` (also the "command line" section of `python -m bench`): how
long a `kehu` command takes, start to exit, and how long the demo branch takes to build.

Scripts call `kehu` in loops, so the start-up is most of what a command costs. This builds the
demo branch in a temporary data folder with `kehu demo` (timed: issue 12 wants it under 10 s),
then runs each command ``--repeat`` times as a new process (the installed console script, as a
user runs it) and prints wall-clock and CPU time (user + system: less disturbed by other work on
the machine) per command, with the aim beside the figures it has one for. The load average is
printed too: on a busy machine the wall times say little. docs/bench.md keeps the last table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: (command, aim in seconds of wall time or None). Issue 12: `kehu slip list --json` under 0.5 s.
COMMANDS: tuple[tuple[tuple[str, ...], float | None], ...] = (
    (("--help",), None),
    (("customers", "list", "--json"), None),
    (("slip", "list", "--json"), 0.5),
    (("product", "list", "--json"), None),
)
DEMO_AIM = 10.0  # seconds, issue 12: the demo branch built (as `kehu demo` or the first run)
DEMO_CUSTOMERS = 300  # what `kehu demo` and the first run's demo make


@dataclass
class Row:
    label: str
    walls: list[float]
    cpus: list[float]
    aim: float | None

    def line(self) -> str:
        wall = statistics.median(self.walls)
        aim = "—"
        if self.aim is not None:
            aim = f"< {self.aim:g} s ({'met' if wall < self.aim else 'not met'})"
        return (
            f"| {self.label} | {wall:.2f} s | {min(self.walls):.2f} s "
            f"| {statistics.median(self.cpus):.2f} s | {min(self.cpus):.2f} s | {aim} |"
        )


def kehu_command() -> list[str]:
    """The console script beside this interpreter, else the module (a checkout without it)."""
    script = Path(sys.executable).with_name("kehu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kehu_desktop.cli"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run; the command must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _env(data: Path) -> dict[str, str]:
    env = {**os.environ, "KEHU_DATA_DIR": str(data)}
    env.pop("KEHU_DATABASE_URL", None)
    return env


def measure(repeat: int, customers: int, demo_repeat: int = 1) -> list[Row]:
    """The demo build (``demo_repeat`` times, each into a new data folder), then every command
    of :data:`COMMANDS` ``repeat`` times against the last demo."""
    kehu = kehu_command()
    folders: list[Path] = []
    try:
        walls, cpus = [], []
        for _ in range(max(1, demo_repeat)):
            folders.append(Path(tempfile.mkdtemp(prefix="kehu-cli-bench-")))
            wall, cpu = run_once([*kehu, "demo", "--customers", str(customers)], _env(folders[-1]))
            walls.append(wall)
            cpus.append(cpu)
        aim = DEMO_AIM if customers == DEMO_CUSTOMERS else None
        rows = [Row(f"`kehu demo --customers {customers}` (build)", walls, cpus, aim)]
        env = _env(folders[-1])
        # The floor of every command that reads the database: the interpreter and SQLAlchemy's
        # ORM imported, nothing of ours (what the aim is measured against).
        floor = [sys.executable, "-c", "import sqlalchemy.orm"]
        run_once(floor, env)
        walls, cpus = map(list, zip(*(run_once(floor, env) for _ in range(repeat)), strict=True))
        rows.append(Row("floor: `python -c 'import sqlalchemy.orm'`", walls, cpus, None))
        for command, aim in COMMANDS:
            argv = [*kehu, *command]
            run_once(argv, env)  # warm-up: bytecode and the file cache
            walls, cpus = map(list, zip(*(run_once(argv, env) for _ in range(repeat)), strict=True))
            rows.append(Row(f"`kehu {' '.join(command)}`", walls, cpus, aim))
        return rows
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def print_table(rows: list[Row], repeat: int, demo_repeat: int) -> None:
    print(
        f"\ncommand line — `kehu` start to exit, {repeat} runs a command after one warm-up; "
        f"the demo build {demo_repeat}x ({' '.join(kehu_command())})"
    )
    print("| command | wall median | wall min | CPU median | CPU min | aim (wall median) |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        print(row.line())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cli_startup")
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (default 10)")
    parser.add_argument(
        "--customers",
        type=int,
        default=DEMO_CUSTOMERS,
        help=f"demo size (default {DEMO_CUSTOMERS}, as `kehu demo`: the aim is for that size)",
    )
    parser.add_argument("--demo-repeat", type=int, default=1, help="demo builds timed (default 1)")
    args = parser.parse_args(argv)
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rows = measure(args.repeat, args.customers, args.demo_repeat)
    print_table(rows, args.repeat, args.demo_repeat)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
