"""Issue 10 §2, administration: the last administrator stays, lock/unlock, the audit viewer's
query and export, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import AuditFilter
from kehu_desktop.models import AuditRecord
from kehu_desktop.services.admin import audit_log
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import Actor
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.factories import audits


def test_the_last_administrator_keeps_the_role_and_cannot_be_locked(branch: Branch) -> None:
    db, admin = branch.db, branch.actor(Role.ADMIN)
    system = Actor.system(branch.branch_id)  # `kehu user …` on the machine itself
    with pytest.raises(ValidationFailed) as lost:
        auth.set_roles(db, system, "admin", [Role.CLERK])
    assert [(e.field, e.code) for e in lost.value.errors] == [("roles", "user.last_admin")]
    assert "最后一位系统管理员" in lost.value.errors[0].message
    with pytest.raises(ValidationFailed) as locked:
        auth.set_active(db, system, "admin", False)
    assert [(e.field, e.code) for e in locked.value.errors] == [("active", "user.last_admin_lock")]
    assert not audits(branch, "roles_changed") and not audits(branch, "user_disabled")

    # A second administrator: now either may go, but not both.
    auth.add_user(db, admin, "admin2", PASSWORD, [Role.ADMIN])
    auth.set_active(db, system, "admin2", False)
    with pytest.raises(ValidationFailed):
        auth.set_active(db, system, "admin", False)  # admin2 is locked: admin is the last
    auth.set_active(db, system, "admin2", True)
    view = auth.set_roles(db, system, "admin", [Role.CLERK])
    assert view.roles == (Role.CLERK,)
    with pytest.raises(ValidationFailed):
        auth.set_roles(db, system, "admin2", [])
    # Not one's own account either (another administrator must).
    admin2 = auth.sign_in(db, "admin2", PASSWORD)
    with pytest.raises(Forbidden):
        auth.set_active(db, admin2, "admin2", False)


def test_unlocking_lifts_a_lock_out_and_the_list_shows_the_last_sign_in(branch: Branch) -> None:
    db, admin = branch.db, branch.actor(Role.ADMIN)
    for _ in range(5):
        with pytest.raises(KehuError):
            auth.sign_in(db, "clerk", "wrong-password")
    clerk = next(u for u in auth.list_users(db, admin) if u.username == "clerk")
    assert clerk.locked_until is not None and clerk.last_sign_in is not None
    auth.set_active(db, admin, "clerk", False)
    view = auth.set_active(db, admin, "clerk", True)
    assert view.active and view.locked_until is None
    auth.sign_in(db, "clerk", PASSWORD)
    assert [r.after for r in audits(branch, "user_enabled")] == [{"active": True}]


def _record(branch: Branch, at: datetime, username: str, action: str, entity: str) -> None:
    with branch.db.write() as s:
        s.add(AuditRecord(at=at, username=username, action=action, entity=entity, entity_id="x"))


def local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).astimezone().astimezone(UTC)


@pytest.fixture
def records(branch: Branch) -> Branch:
    with branch.db.write() as s:
        s.execute(delete(AuditRecord))
    _record(branch, local(date(2026, 11, 1), 0), "wang", "sign_in", "user")
    _record(branch, local(date(2026, 11, 1), 23), "li", "setting_changed", "setting")
    _record(branch, local(date(2026, 11, 2), 9), "wang", "setting_changed", "setting")
    _record(branch, local(date(2026, 11, 3), 9), "wang", "printer_profile_deleted", "printer")
    return branch


def test_the_audit_query_filters_by_user_action_entity_and_local_days(records: Branch) -> None:
    db, gm = records.db, records.actor(Role.BRANCH_GM)

    def actions(**wanted: object) -> list[tuple[str, str]]:
        page = audit_log.audit_records(db, gm, AuditFilter(**wanted))  # type: ignore[arg-type]
        assert page.total == len(page.entries)
        return [(e.username, e.action) for e in page.entries]

    assert actions() == [
        ("wang", "printer_profile_deleted"),
        ("wang", "setting_changed"),
        ("li", "setting_changed"),
        ("wang", "sign_in"),
    ]
    assert actions(username="li") == [("li", "setting_changed")]
    assert actions(action="setting_changed", username="wang") == [("wang", "setting_changed")]
    assert actions(entity="printer") == [("wang", "printer_profile_deleted")]
    # A local day from its first instant to its last, both ends included.
    assert actions(date_from=date(2026, 11, 1), date_to=date(2026, 11, 1)) == [
        ("li", "setting_changed"),
        ("wang", "sign_in"),
    ]
    assert actions(date_from=date(2026, 11, 2)) == [
        ("wang", "printer_profile_deleted"),
        ("wang", "setting_changed"),
    ]
    page = audit_log.audit_records(db, gm, limit=2)
    assert (len(page.entries), page.total) == (2, 4)
    choices = audit_log.audit_choices(db, gm)
    assert choices.usernames == ("li", "wang")
    assert choices.entities == ("printer", "setting", "user")
    with pytest.raises(ValidationFailed) as wrong:
        audit_log.audit_records(
            db, gm, AuditFilter(date_from=date(2026, 11, 3), date_to=date(2026, 11, 1))
        )
    assert wrong.value.errors[0].field == "date_from"
    assert wrong.value.errors[0].message == "开始日期不能晚于结束日期"
    with pytest.raises(Forbidden):
        audit_log.audit_records(db, records.actor(Role.CLERK))


def test_the_audit_export_writes_every_match_to_xlsx_and_is_audited(
    records: Branch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, admin = records.db, records.actor(Role.ADMIN)
    monkeypatch.setattr(audit_log, "_BATCH", 1)  # the batches meet without gaps or repeats
    target = tmp_path / "审计.xlsx"
    assert audit_log.export_audit(db, admin, AuditFilter(username="wang"), target) == 3
    assert not list(tmp_path.glob(".*partial"))
    sheet = openpyxl.load_workbook(target, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == audit_log.HEADERS
    assert [(r[1], r[2]) for r in rows[1:]] == [
        ("wang", "printer_profile_deleted"),
        ("wang", "setting_changed"),
        ("wang", "sign_in"),
    ]
    assert rows[-1][0] == datetime(2026, 11, 1, 0, 0)  # local time, as the viewer shows it
    [exported] = audits(records, "audit_exported")
    assert exported.after == {"username": "wang"} and exported.detail == "3 records"

    # A folder that is not there: a clear message, nothing left behind, nothing audited.
    with pytest.raises(KehuError) as failed:
        audit_log.export_audit(db, admin, None, tmp_path / "missing" / "a.xlsx")
    assert failed.value.code == "export.unwritable"
    with pytest.raises(KehuError):
        audit_log.export_audit(db, admin, None, tmp_path / "a.csv")
    with pytest.raises(Forbidden):
        audit_log.export_audit(db, records.actor(Role.CASHIER), None, tmp_path / "b.xlsx")
    assert not (tmp_path / "b.xlsx").exists()
    assert len(audits(records, "audit_exported")) == 1
