"""`python -m bench.cli_startup`: how long a `kehu` command takes, start to exit.

Scripts call `kehu` in loops, so the start-up is most of what a command costs. This builds a small
demo branch in a temporary data folder, then runs each command ``--repeat`` times as a new
process (the installed console script, as a user runs it) and prints wall-clock and CPU time
(user + system: less disturbed by other work on the machine) per command. The load average is
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
from pathlib import Path

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("customers", "list", "--json"),
    ("slip", "list", "--json"),
    ("product", "list", "--json"),
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cli_startup")
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (default 10)")
    parser.add_argument("--customers", type=int, default=50, help="demo size (default 50)")
    args = parser.parse_args(argv)
    data = Path(tempfile.mkdtemp(prefix="kehu-cli-bench-"))
    env = {**os.environ, "KEHU_DATA_DIR": str(data)}
    env.pop("KEHU_DATABASE_URL", None)
    kehu = kehu_command()
    try:
        subprocess.run(
            [*kehu, "demo", "--customers", str(args.customers)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"kehu start-up, {args.repeat} runs each, after one warm-up ({' '.join(kehu)})")
        print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print("| command | wall median | wall min | CPU median | CPU min |")
        print("|---|---:|---:|---:|---:|")
        for command in COMMANDS:
            argv_ = [*kehu, *command]
            run_once(argv_, env)  # warm-up: bytecode and the file cache
            walls, cpus = zip(*(run_once(argv_, env) for _ in range(args.repeat)), strict=True)
            print(
                f"| `kehu {' '.join(command)}` | {statistics.median(walls):.2f} s "
                f"| {min(walls):.2f} s | {statistics.median(cpus):.2f} s | {min(cpus):.2f} s |"
            )
        print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
