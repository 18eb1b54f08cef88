"""Head office for tests: the real service under uvicorn on loopback, and the ``kehu-hq``
commands run as a person runs them (subprocesses). Shared by the head-office tests and the
branch's sync tests; the fixtures ``hq_db`` and ``service`` (tests/conftest.py) use it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from kehu_desktop.db import Database
from kehu_hq.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_service(db: Database) -> Iterator[str]:
    """The service under uvicorn in a thread on a free loopback port; its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db.url), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def hq(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEHU_HQ_DATABASE_URL": db.url}
    return subprocess.run(
        [sys.executable, "-m", "kehu_hq", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def hq_json(db: Database, *args: str) -> Any:
    done = hq(db, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def listed(db: Database, code: str) -> dict[str, Any]:
    found = [b for b in hq_json(db, "branch", "list") if b["code"] == code]
    assert len(found) == 1
    return found[0]
