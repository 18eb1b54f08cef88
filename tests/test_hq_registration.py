"""Head office's first slice (issue 8): the real service under uvicorn on loopback, on a real
PostgreSQL database; branch registration, the bearer secret, revocation, and the ``kehu-hq``
commands run as a person would run them (subprocesses, ``--json``)."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.models import AuditRecord
from tests.hq_support import ROOT
from tests.hq_support import hq
from tests.hq_support import hq_json
from tests.hq_support import listed

pytestmark = pytest.mark.postgres


def test_register_then_the_secret_works_and_a_code_works_once(
    hq_db: Database, service: str
) -> None:
    added = hq_json(hq_db, "branch", "add", "sh", "上海分公司", "--region", "HD")
    assert added["branch_code"] == "SH" and added["created"] is True
    code = added["registration_code"]
    assert code.startswith("SH-")
    before = listed(hq_db, "SH")
    assert before["registered"] is False and before["last_error"] is None
    for key in ("last_push_at", "last_pull_at", "pending_reported", "lag"):
        assert before[key] is None  # not built yet: null, not made up

    with httpx.Client(base_url=service, timeout=10) as client:
        assert client.get("/v1/status").status_code == 401  # no secret
        reply = client.post("/v1/register", json={"code": code.lower()})  # case does not matter
        assert reply.status_code == 200, reply.text
        assert reply.json()["branch_code"] == "SH"
        secret = reply.json()["secret"]
        assert len(secret) >= 43  # 256 bits, URL-safe base64

        # The code is spent: a second use is refused, and logged as the branch's last error.
        again = client.post("/v1/register", json={"code": code})
        assert again.status_code == 401 and again.json()["error"] == "register.code_used"

        status = client.get("/v1/status", headers={"Authorization": f"Bearer {secret}"})
        assert status.status_code == 200, status.text
        assert status.json()["branch_code"] == "SH" and status.json()["acked_seq"] == 0

        wrong = client.get("/v1/status", headers={"Authorization": "Bearer not-a-secret"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"

    entry = listed(hq_db, "SH")
    assert entry["registered"] is True and entry["acked_seq"] == 0
    assert entry["last_error"]["code"] == "register.code_used"
    # Head office keeps hashes only: neither the code nor the secret is in the database.
    with hq_db.engine.connect() as conn:
        dump = str(conn.exec_driver_sql("SELECT * FROM branch_sync").all())
    assert secret not in dump and code.partition("-")[2] not in dump


def test_a_revoked_secret_is_refused_and_listed_as_the_last_error(
    hq_db: Database, service: str
) -> None:
    code = hq_json(hq_db, "branch", "add", "HZ", "杭州分公司", "--region", "HD")[
        "registration_code"
    ]
    with httpx.Client(base_url=service, timeout=10) as client:
        secret = client.post("/v1/register", json={"code": code}).json()["secret"]
        bearer = {"Authorization": f"Bearer {secret}"}
        assert client.get("/v1/status", headers=bearer).status_code == 200

        revoked = hq(hq_db, "branch", "revoke", "hz")
        assert revoked.returncode == 0, revoked.stderr

        refused = client.get("/v1/status", headers=bearer)
        assert refused.status_code == 401 and refused.json()["error"] == "auth.revoked"

    entry = listed(hq_db, "HZ")
    assert entry["registered"] is False and entry["revoked_at"] is not None
    assert entry["last_error"]["code"] == "auth.revoked"

    # A new code re-registers the branch with a new secret; the old one stays refused.
    new_code = hq_json(hq_db, "branch", "add", "HZ", "杭州分公司", "--region", "HD")
    assert new_code["created"] is False
    with httpx.Client(base_url=service, timeout=10) as client:
        reply = client.post("/v1/register", json={"code": new_code["registration_code"]})
        fresh = {"Authorization": f"Bearer {reply.json()['secret']}"}
        assert client.get("/v1/status", headers=fresh).status_code == 200
        assert client.get("/v1/status", headers=bearer).status_code == 401
    assert listed(hq_db, "HZ")["registered"] is True
    # Issuing codes, registering and revoking are audited, the commands with who ran them.
    with hq_db.read() as s:
        trail = s.execute(
            select(AuditRecord.action, AuditRecord.username, AuditRecord.origin)
            .where(AuditRecord.entity == "branch")
            .order_by(AuditRecord.at)
        ).all()
    assert [action for action, _, _ in trail] == [
        "branch_code_issued",
        "branch_registered",
        "branch_revoked",
        "branch_code_issued",
        "branch_registered",
    ]
    assert all(origin for action, _, origin in trail if action != "branch_registered")
    assert {user for action, user, _ in trail if action == "branch_registered"} == {"HZ"}


def test_an_expired_or_unknown_code_is_refused(hq_db: Database, service: str) -> None:
    expired = hq_json(
        hq_db, "branch", "add", "NJ", "南京分公司", "--region", "HD", "--valid-days", "0"
    )
    with httpx.Client(base_url=service, timeout=10) as client:
        late = client.post("/v1/register", json={"code": expired["registration_code"]})
        assert late.status_code == 401 and late.json()["error"] == "register.code_expired"
        made_up = client.post("/v1/register", json={"code": "NJ-AAAA-BBBB"})
        assert made_up.status_code == 401 and made_up.json()["error"] == "register.unknown_code"
        nobody = client.post("/v1/register", json={"code": "XX-AAAA"})
        assert nobody.status_code == 401
        assert client.post("/v1/register", json={}).status_code == 422
    assert listed(hq_db, "NJ")["registered"] is False


def test_the_commands_upgrade_a_database_and_refuse_unknown_branches(hq_db: Database) -> None:
    upgraded = hq(hq_db, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    unknown = hq(hq_db, "branch", "revoke", "NOPE")
    assert unknown.returncode == 1 and "NOPE" in unknown.stderr
    assert hq_json(hq_db, "branch", "list") == []
    bad = hq(hq_db, "branch", "add", "S H", "x", "--region", "HD")
    assert bad.returncode == 1
    without_url = subprocess.run(
        [sys.executable, "-m", "kehu_hq", "branch", "list"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "KEHU_HQ_DATABASE_URL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert without_url.returncode != 0 and "KEHU_HQ_DATABASE_URL" in without_url.stderr
