"""Faults for the sync tests (issue 8, "Faults it must survive"), made where they happen in life:

* :class:`ServiceProcess`: the head-office service as an operating-system process
  (``python -m kehu_hq serve``) on a fixed loopback port, so a test can SIGKILL it in the middle
  of a batch and start it again on the same address;
* :class:`FaultyLink`: a TCP relay between the branch and the service (the network), which can
  drop the reply of a request after the service has answered it (the service committed, the
  branch never hears so) or drop a request before it reaches the service;
* :func:`clone_customers`: many customer files in a branch database at once (Core inserts of
  copies of one file, search index included), for batches large enough to be cut in half.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy import text

from kehu_desktop.db import Database
from kehu_desktop.models import Customer
from kehu_desktop.models import search_index
from kehu_desktop.sync import wire
from tests.hq_support import ROOT
from tests.hq_support import free_port

#: Pieces of the request line a fault matches on.
PUSH = b"POST /v1/push"
PULL = b"GET /v1/pull"
RECORDS = b"GET /v1/records"


class ServiceProcess:
    """``kehu-hq serve`` on ``db`` as its own process on one loopback port."""

    def __init__(self, db: Database, port: int | None = None) -> None:
        self.db = db
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServiceProcess:
        env = {**os.environ, "KEHU_HQ_DATABASE_URL": self.db.url}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kehu_hq", "serve", "--host", "127.0.0.1"]
            + ["--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, "kehu-hq serve exited"
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "kehu-hq serve did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no rollback sent; PostgreSQL sees the connections die."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None


class FaultyLink:
    """A TCP relay on a loopback port to ``upstream`` (host, port). Faults are queued with
    :meth:`drop_reply` / :meth:`drop_request` and used by the next request whose first line
    starts with the given bytes; ``dropped`` counts the faults that happened."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.faults: deque[tuple[bytes, str]] = deque()
        self.dropped: list[tuple[bytes, str]] = []
        self.lock = threading.Lock()
        self.closed = False
        self.hold_rule: list[Any] | None = None  # [request, how many such to let through]
        self.holding = threading.Event()  # a request is held now
        self.released = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def drop_reply(self, request: bytes = PUSH) -> None:
        """The next such request reaches the service; its reply never reaches the branch."""
        with self.lock:
            self.faults.append((request, "reply"))

    def drop_request(self, request: bytes = PUSH) -> None:
        """The next such request is cut before the service sees it."""
        with self.lock:
            self.faults.append((request, "request"))

    def hold(self, request: bytes, after: int = 0) -> None:
        """Let ``after`` more such requests through, then hold the next one: never forwarded,
        never answered (the caller hangs as on a dead line) until :meth:`release`. ``holding``
        is set once it is held."""
        with self.lock:
            self.hold_rule = [request, after]

    def release(self) -> None:
        self.released.set()

    def _held(self, chunk: bytes) -> bool:
        with self.lock:
            rule = self.hold_rule
            if rule is None or not chunk.startswith(rule[0]):
                return False
            if rule[1] > 0:
                rule[1] -= 1
                return False
            self.hold_rule = None
        self.holding.set()
        return True

    def pending(self) -> int:
        with self.lock:
            return len(self.faults)

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()

    def close(self) -> None:
        self.closed = True
        self.released.set()
        self.listener.close()

    def _fault_for(self, chunk: bytes) -> str | None:
        with self.lock:
            if self.faults and chunk.startswith(self.faults[0][0]):
                fault = self.faults.popleft()
                self.dropped.append(fault)
                return fault[1]
        return None

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            state = {"armed": False}
            threading.Thread(
                target=self._pump_up, args=(client, server, state), daemon=True
            ).start()
            threading.Thread(
                target=self._pump_down, args=(server, client, state), daemon=True
            ).start()

    @staticmethod
    def _cut(*sockets: socket.socket) -> None:
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _pump_up(self, client: socket.socket, server: socket.socket, state: dict[str, Any]) -> None:
        try:
            while chunk := client.recv(65536):
                if self._held(chunk):
                    self.released.wait(120)
                    break
                fault = self._fault_for(chunk)
                if fault == "request":
                    self._cut(client, server)
                    return
                if fault == "reply":
                    state["armed"] = True
                server.sendall(chunk)
        except OSError:
            pass
        self._cut(client, server)

    def _pump_down(
        self, server: socket.socket, client: socket.socket, state: dict[str, Any]
    ) -> None:
        try:
            while chunk := server.recv(65536):
                if state["armed"]:  # the service answered, so it committed: lose the answer
                    self._cut(client, server)
                    return
                client.sendall(chunk)
        except OSError:
            pass
        self._cut(client, server)


def clone_customers(db: Database, count: int, prefix: str = "克隆药房") -> list[uuid.UUID]:
    """``count`` copies of the branch's first customer file (new id, name and no credit code),
    written through Core with their search index: the first upload then carries them all."""
    customers = Customer.__table__  # type: ignore[attr-defined]
    with db.write() as s:
        conn = s.connection()
        model = conn.execute(select(customers).order_by(customers.c.created_at)).mappings().first()
        assert model is not None, "the branch needs one customer to copy"
        rows = []
        for i in range(count):
            row = dict(model)
            row.update(id=uuid.uuid4(), name=f"{prefix}{i:05d}", uscc=None, version=1)
            row.update(search_index(row["name"], row["phone"]).columns())
            rows.append(row)
        for start in range(0, len(rows), 500):
            conn.execute(customers.insert(), rows[start : start + 500])
        wire.reindex_customers(conn, {r["id"]: None for r in rows})  # new: nothing to drop
    return [r["id"] for r in rows]


def open_transactions(db: Database, *, exclude_pid: int | None = None) -> list[dict[str, Any]]:
    """Sessions on ``db``'s PostgreSQL database with a transaction that wrote something (or
    waits on a lock), other than ``exclude_pid``."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT pid, state, wait_event_type, backend_xid::text AS xid, query "
                "FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND (backend_xid IS NOT NULL "
                "OR wait_event_type = 'Lock')"
            )
        ).mappings()
        return [dict(r) for r in rows if r["pid"] != exclude_pid]
