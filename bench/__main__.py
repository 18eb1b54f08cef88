"""`python -m bench`: the customer list and its search box at 10k, 100k and 1M customers.

Prints one table per database: time to the first visible rows and search latencies (median and
95th percentile over ``--repeat`` runs, in milliseconds), with the ratio of the largest size to
the smallest. docs/bench.md explains the columns and keeps the last measured table.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sqlite3
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy import select

from bench.generate import cache_dir
from bench.generate import postgres_database
from bench.generate import sqlite_database
from bench.raw import Raw
from bench.raw import Statement
from bench.raw import captured
from kehu_desktop.db import Database
from kehu_desktop.demo import COMMON_WORD
from kehu_desktop.demo import RARE_WORD
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import CustomerRow
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import count_customers
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers.customer_list import list_columns
from kehu_desktop.services.customers.customer_list import plain_page

#: In no generated name: the search reads every name before it can say so (the worst case).
ABSENT_WORD = "鹤年"
PAGE = 100  # rows of the first page, as the brief for this benchmark says (the GUI asks for 200)
MIDDLE = "<middle digits>"

#: (row label, search box text). The words come from the generator's own lists, so their
#: shares of names are the same at every size.
SEARCHES: tuple[tuple[str, str], ...] = (
    (f"search name '{COMMON_WORD}' (common)", COMMON_WORD),
    (f"search name '{RARE_WORD}' (rare)", RARE_WORD),
    (f"search name '{ABSENT_WORD}' (no match)", ABSENT_WORD),
    ("search initials 'shky'", "shky"),
    ("search pinyin 'hangzhouhua'", "hangzhouhua"),
    # Issue 6: from any syllable, not only the start of the name. 'wy' is 生物医药 as much as
    # 上海万宇 (common: the list is walked); 'kjyy' (康健医药) is the common end of a lookup.
    ("search initials mid-name 'wy'", "wy"),
    ("search initials mid-name 'kjyy'", "kjyy"),
    ("search pinyin mid-name 'huadong'", "huadong"),
    ("search credit code '913205'", "913205"),
    ("search phone '1391'", "1391"),
    # Digits anywhere in the number ('MIDDLE' is replaced per database, see _middle_digits).
    ("search phone, 7 middle digits", MIDDLE),
    ("search phone '021-3277'", "021-3277"),
    ("search one letter 'h'", "h"),
    # Issue 12: what people type first, one keystroke at a time. The first letter of the city
    # most names start with, the start of a credit code and of a phone number (each held by
    # most customers), one syllable, and a city spelt out (its names gather in one part of the
    # list, after all of Shanghai's).
    ("search one letter 's'", "s"),
    ("search credit code '91'", "91"),
    ("search phone '021'", "021"),
    ("search one syllable 'shang'", "shang"),
    ("search pinyin city 'suzhou'", "suzhou"),
)


@dataclass
class Timing:
    samples: list[float]  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def cell(self) -> str:
        return f"{self.median * 1000:7.1f} ({self.p95 * 1000:6.1f})"


def _timed(fn: Callable[[], object], repeat: int) -> Timing:
    started = time.perf_counter()
    fn()  # warm the page cache and the statement cache; not counted
    if time.perf_counter() - started > 0.2:
        repeat = min(repeat, 3)  # a naive plan reading a million rows: three runs tell enough
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return Timing(samples)


def _actor(db: Database) -> Actor:
    """A clerk of the benchmark branch, as the GUI would have after sign-in."""
    with db.read() as s:
        branch_id = s.execute(select(Branch.id)).scalar_one()
    return Actor(None, "bench", "性能测试", branch_id, None, frozenset({Role.CLERK}))


def _middle_digits(db: Database) -> str:
    """Seven digits from the middle of a real landline number (the first by id, so the same in
    every run), without its area code: what a user reads off a letterhead. A fixed string of
    seven digits would be in no number of the smaller databases."""
    with db.read() as s:
        phone = s.execute(
            select(Customer.phone).where(Customer.phone.like("0%-%")).order_by(Customer.id).limit(1)
        ).scalar_one()
    subscriber = str(phone).split("-")[1]
    return subscriber[1:8]


@dataclass
class Against:
    """A row's reference times: the floor (the same rows read by an index through the raw
    driver) and the naive query (the page as one plain statement, the planner choosing)."""

    floor: Timing
    naive: Timing
    rows: int  # on the page


def measure(
    db: Database, repeat: int
) -> tuple[dict[str, Timing], dict[str, int], dict[str, Against]]:
    actor = _actor(db)
    url = db.url
    raw = Raw(db)

    def first_rows() -> None:
        # What the list screen does on opening: a new connection, the first page by name.
        fresh = Database(url)
        try:
            list_customers(fresh, actor, CustomerQuery(), limit=PAGE)
        finally:
            fresh.dispose()

    timings = {
        "first rows": _timed(
            lambda: list_customers(db, actor, CustomerQuery(), limit=PAGE), repeat
        ),
        "first rows, new connection": _timed(first_rows, repeat),
    }
    # The unsearched list: the floor is its first page by the name index, read raw.
    plain = _statements(db, plain_page(actor, CustomerQuery(), PAGE))
    floor = _timed(lambda: raw.read(plain), repeat)
    floor_new = _timed(lambda: raw.read_new_connection(plain), repeat)

    def naive_first_rows() -> None:
        fresh = Database(url)
        try:
            _naive_page(fresh, actor, CustomerQuery())
        finally:
            fresh.dispose()

    against = {
        "first rows": Against(
            floor, _timed(lambda: _naive_page(db, actor, CustomerQuery()), repeat), PAGE
        ),
        "first rows, new connection": Against(floor_new, _timed(naive_first_rows, repeat), PAGE),
    }
    matches = {}
    for label, text in SEARCHES:
        query = CustomerQuery(search=_middle_digits(db) if text == MIDDLE else text)

        def search(query: CustomerQuery = query) -> None:
            list_customers(db, actor, query, limit=PAGE)

        timings[label] = _timed(search, repeat)
        matches[label] = count_customers(db, actor, query)
        ids = [row.id for row in list_customers(db, actor, query, limit=PAGE).rows]
        by_id = _statements(db, _by_id(ids))
        against[label] = Against(
            _timed(lambda by_id=by_id: raw.read(by_id), repeat),  # type: ignore[misc]
            _timed(lambda query=query: _naive_page(db, actor, query), repeat),  # type: ignore[misc]
            len(ids),
        )
    # The GUI counts apart from the first page; shown for scale, not part of the aim.
    timings["count of the whole list"] = _timed(
        lambda: count_customers(db, actor, CustomerQuery()), max(3, repeat // 5)
    )
    raw.close()
    return timings, matches, against


def _naive_page(db: Database, actor: Actor, query: CustomerQuery) -> list[CustomerRow]:
    """``list_customers`` as it would be without its plans: the same layers (the service's
    transaction and account check, Core, the rows' DTO), the page as one plain statement
    (``plain_page``: the search condition in one WHERE, a substring as ``LIKE``), the
    database's planner choosing how."""
    with use_case(db, actor, "customer.view", write=False) as (s, current):
        result = s.connection().execute(plain_page(current, query, PAGE + 1)).all()
        return [CustomerRow(*r) for r in result[:PAGE]]


def _statements(db: Database, stmt: Select) -> list[Statement]:
    """The SQL and parameters of ``stmt`` as the driver receives them (run once)."""
    with captured(db) as statements, db.engine.connect() as conn:
        conn.execute(stmt).all()
    return statements


def _by_id(ids: list[Any]) -> Select:
    """The floor of a search: its page's rows read by their primary key (the answer known)."""
    return list_columns().where(Customer.id.in_(ids)).order_by(Customer.name, Customer.id)


def _print_table(
    title: str,
    sizes: list[int],
    results: dict[int, dict[str, Timing]],
    matches: dict[int, dict[str, int]],
    files: dict[int, str],
) -> None:
    labels = list(results[sizes[0]])
    heads = [_size_label(n) for n in sizes]
    width = max(_width(label) for label in labels) + 2
    print(f"\n{title} — median (p95), ms; {PAGE} rows a page")
    print(
        "".ljust(width)
        + "".join(h.rjust(17) for h in heads)
        + (f"{heads[-1]}/{heads[0]}".rjust(10) if len(sizes) > 1 else "")
    )
    for label in labels:
        cells = "".join(results[n][label].cell().rjust(17) for n in sizes)
        ratio = ""
        if len(sizes) > 1:
            ratio = f"{results[sizes[-1]][label].median / results[sizes[0]][label].median:9.1f}x"
        print(_pad(label, width) + cells + ratio)
    print("\n" + _pad("matching customers", width) + "".join(h.rjust(17) for h in heads))
    for label in matches[sizes[0]]:
        print(_pad(label, width) + "".join(f"{matches[n][label]:>17,}" for n in sizes))
    print(_pad("database size", width) + "".join(files[n].rjust(17) for n in sizes))


def _print_against(
    title: str,
    sizes: list[int],
    results: dict[int, dict[str, Timing]],
    against: dict[int, dict[str, Against]],
) -> None:
    """Each row's median beside its floor and the naive query's, and its multiple of each."""
    labels = [label for label in results[sizes[0]] if label in against[sizes[0]]]
    width = max(_width(label) for label in labels) + 2
    print(
        f"\n{title} — against the floor and the naive query: medians, ms; "
        "x = ours / theirs (docs/bench.md)"
    )
    group = ["ours", "floor", "x", "naive", "x"]
    print("".ljust(width) + "".join(f"{_size_label(n)}".center(sum(_COLUMNS)) for n in sizes))
    heads = "".join(head.rjust(w) for head, w in zip(group, _COLUMNS, strict=True))
    print("".ljust(width) + heads * len(sizes))
    for label in labels:
        cells = ""
        for n in sizes:
            ours = results[n][label].median
            ref = against[n][label]
            cells += f"{ours * 1000:.2f}".rjust(_COLUMNS[0])
            cells += f"{ref.floor.median * 1000:.2f}".rjust(_COLUMNS[1])
            # A page with no rows has no floor to speak of (nothing is read).
            floor_x = f"{ours / ref.floor.median:.1f}" if ref.rows else "-"
            cells += floor_x.rjust(_COLUMNS[2])
            cells += f"{ref.naive.median * 1000:.1f}".rjust(_COLUMNS[3])
            cells += f"{ours / ref.naive.median:.2f}".rjust(_COLUMNS[4])
        print(_pad(label, width) + cells)


_COLUMNS = (8, 7, 7, 9, 7)  # ours, floor, x, naive, x


def _width(text: str) -> int:
    """Terminal columns of ``text``: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def _file_size(db: Database) -> str:
    path = db.sqlite_path
    return f"{path.stat().st_size / 2**20:,.0f} MB" if path else "-"


def _postgres_size(db: Database) -> str:
    with db.engine.connect() as conn:
        size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
    return f"{int(size) / 2**20:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="customer counts, comma-separated (default 10000,100000,1000000)",
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per cell (default 15)")
    parser.add_argument(
        "--ledger",
        default="1000,1000000",
        help="ledger rows for the credit check, comma-separated (default 1000,1000000)",
    )
    parser.add_argument(
        "--slip-batch", type=int, default=100, help="slips issued in the batch (default 100)"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also run on PostgreSQL: a URL whose user may create databases",
    )
    parser.add_argument(
        "--list-only", action="store_true", help="only the customer list (no credit, no slips)"
    )
    parser.add_argument(
        "--warnings-only", action="store_true", help="only the early-warning job (issue 9)"
    )
    parser.add_argument(
        "--cli-only",
        action="store_true",
        help="only the command line: `kehu` start-up and the demo build (issue 12)",
    )
    parser.add_argument(
        "--warnings-sizes",
        default="10000,100000",
        help="customers for the early-warning job, comma-separated (default 10000,100000)",
    )
    parser.add_argument(
        "--sync-only",
        action="store_true",
        help="only head-office sync (needs --postgres): push, pull and many branches",
    )
    parser.add_argument(
        "--sync-ops", type=int, default=10_000, help="operations pushed (default 10000)"
    )
    parser.add_argument(
        "--sync-sizes",
        default="10000,1000000",
        help="head office's rows for the pull, two sizes (default 10000,1000000)",
    )
    parser.add_argument(
        "--sync-branches",
        type=int,
        default=50,
        help="branches syncing at once against two service instances (default 50)",
    )
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="only the desktop start-up (issue 12): launch to sign-in, sign-in to main window",
    )
    parser.add_argument(
        "--startup-runs", type=int, default=7, help="desktop starts measured (default 7)"
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"kehu bench — Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs, load average {load:.1f}; data in {cache_dir()}"
    )
    backends: list[tuple[str, Callable[[int], Database], Callable[[Database], str]]] = [
        ("SQLite (file, WAL)", lambda n: sqlite_database(n, log), _file_size)
    ]
    if args.postgres:
        url = args.postgres
        backends.append(("PostgreSQL", lambda n: postgres_database(url, n, log), _postgres_size))
    if args.sync_only:
        _sync(args, log)
        return 0
    if args.startup_only:
        _startup(args, log)
        return 0
    if args.warnings_only:
        _warnings(args, log)
        return 0
    if args.cli_only:
        _command_line(args, log)
        return 0
    for title, open_db, size_of in backends:
        results, matches, files, against = {}, {}, {}, {}
        for n in sizes:
            log(f"{title}: {n:,} customers")
            db = open_db(n)
            try:
                results[n], matches[n], against[n] = measure(db, args.repeat)
                files[n] = size_of(db)
            finally:
                db.dispose()
        _print_table(title, sizes, results, matches, files)
        _print_against(title, sizes, results, against)
    if not args.list_only:
        _credit_and_slips(args, log)
        _warnings(args, log)
        _sync(args, log)
        _startup(args, log)
        _command_line(args, log)
    return 0


def _startup(args: argparse.Namespace, log: Callable[[str], None]) -> None:
    """Issue 12: the real desktop program, launch → sign-in → main window (bench/startup.py)."""
    from bench import startup  # here: it starts the program, which needs Qt

    startup.print_table(startup.measure(args.startup_runs, log=log))


def _command_line(args: argparse.Namespace, log: Callable[[str], None]) -> None:
    """Issue 12: `kehu` commands start to exit (new processes) and the demo branch's build."""
    from bench import cli_startup  # here: the section's own module, as the others

    repeat = max(5, args.repeat // 2)
    log(f"command line: the demo build, then each command x{repeat}")
    rows = cli_startup.measure(repeat, cli_startup.DEMO_CUSTOMERS)
    cli_startup.print_table(rows, repeat, 1)


def _warnings(args: argparse.Namespace, log: Callable[[str], None]) -> None:
    """Issue 9: the early-warning job at two sizes (SQLite)."""
    from bench import warnings

    sizes = sorted(int(s.replace("_", "")) for s in args.warnings_sizes.split(",") if s)
    results = {}
    for n in sizes:
        log(f"early warnings: {n:,} customers")
        db = warnings.warnings_database(n, log)
        try:
            results[n] = warnings.measure(db, max(3, args.repeat // 3))
        finally:
            db.dispose()
    warnings.print_table(sizes, results)


def _sync(args: argparse.Namespace, log: Callable[[str], None]) -> None:
    """Issue 8: push throughput, pull against head office's size, many branches at once."""
    if not args.postgres:
        print("\nhead-office sync: skipped (head office runs on PostgreSQL: give --postgres URL)")
        return
    from bench import sync  # here: FastAPI, uvicorn and httpx only for this part

    small, large = sorted(int(s.replace("_", "")) for s in args.sync_sizes.split(",") if s)
    results = sync.run(
        args.postgres,
        ops=args.sync_ops,
        sizes=(small, large),
        branches=args.sync_branches,
        per_branch=100,
        repeat=max(5, args.repeat // 3),
        log=log,
    )
    sync.print_table(results)


def _credit_and_slips(args: argparse.Namespace, log: Callable[[str], None]) -> None:
    """Issue 3: the cashier's release decision against the ledger size, and slips (SQLite)."""
    from bench import credit
    from bench import slips

    ledgers = sorted(int(s.replace("_", "")) for s in args.ledger.split(",") if s.strip())
    repeat = max(200, args.repeat * 20)  # a p99 needs a few hundred samples
    rows: dict[int, Timing] = {}
    floors: dict[int, Timing] = {}
    counted: dict[int, int] = {}
    for n in ledgers:
        log(f"credit check: {n:,} ledger rows")
        db = credit.ledger_database(n, log)
        try:
            ours, floor = credit.measure(db, repeat)
            rows[n], floors[n] = Timing(ours), Timing(floor)
            counted[n] = credit.ledger_rows(db)
        finally:
            db.dispose()
    log(f"slips: PDF x{args.repeat}, batch of {args.slip_batch}")
    slip = slips.measure(args.slip_batch, args.repeat)
    heads = [_size_label(n) for n in ledgers]
    width = 48
    print(f"\nSQLite (file, WAL) — credit check and slips; release decision over {repeat} runs")
    print(
        _pad("ledger rows (notes + slips + allocations)", width)
        + "".join(f"{counted[n]:>12,}" for n in ledgers)
        + (f"{heads[-1]}/{heads[0]}".rjust(10) if len(ledgers) > 1 else "")
    )
    for label, pick, table in (
        ("release decision p50, ms", _p50, rows),
        ("release decision p99, ms", _p99, rows),
        ("  floor: its reads, raw driver, p50 ms", _p50, floors),
    ):
        cells = "".join(f"{pick(table[n]) * 1000:12.2f}" for n in ledgers)
        ratio = (
            f"{pick(table[ledgers[-1]]) / pick(table[ledgers[0]]):9.2f}x"
            if len(ledgers) > 1
            else ""
        )
        print(_pad(label, width) + cells + ratio)
    print(
        _pad("  release p50 / floor p50", width)
        + "".join(f"{_p50(rows[n]) / _p50(floors[n]):11.1f}x" for n in ledgers)
    )
    pdf, floor_ms = slips.median_ms(slip.pdf), slips.median_ms(slip.floor)
    print(_pad("slip PDF, 20 lines, 4 copies A4: median ms", width) + f"{pdf:12.1f}")
    print(_pad("  floor: ReportLab replaying its drawing, ms", width) + f"{floor_ms:12.1f}")
    print(_pad("  slip / floor", width) + f"{pdf / floor_ms:11.1f}x")
    issued = f"slips issued per second (batch of {args.slip_batch})"
    print(_pad(issued, width) + f"{slip.rate:12.1f}")


def _p50(t: Timing) -> float:
    return statistics.median(t.samples)


def _p99(t: Timing) -> float:
    ordered = sorted(t.samples)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


if __name__ == "__main__":
    raise SystemExit(main())
