"""Issue 11 §7: the settings service (``settings.edit``), on SQLite and PostgreSQL: one table of
owners, head-office settings refused at a branch, audited, checked per setting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.credit import CREDIT_SETTING_DEFAULTS
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Setting
from kehu_desktop.services import credit
from kehu_desktop.services.admin import Owner
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import backups
from kehu_desktop.services.admin import settings
from kehu_desktop.services.base import DEFAULT_SETTINGS
from kehu_desktop.services.base import Actor
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.factories import add_office_user


def stored(db: Database, key: str) -> object:
    """The settings row's value; None while the default applies."""
    with db.read() as s:
        row = s.get(Setting, key)
        return None if row is None else row.value


def test_every_setting_the_code_reads_has_one_owner() -> None:
    read = set(DEFAULT_SETTINGS) | set(CREDIT_SETTING_DEFAULTS)
    read |= {"slip.copy3_overdue_days", "visit.schedule"}
    read |= {backups.FOLDER_SETTING, *backups.KEEP_SETTINGS}  # read by services.admin.backups
    assert set(settings.RULES) == read
    quota = settings.rule_for("credit.region_quota.HD")
    assert quota is not None and quota.owner is Owner.HEAD_OFFICE
    for internal in ("branch_id", "demo.branch", "credit.grade_setters", "credit.region_quota."):
        assert settings.rule_for(internal) is None
    # domain.md §3: head office owns the benchmarks and the other rules; the branch its PC.
    assert settings.RULES["credit.benchmark.high"].owner is Owner.HEAD_OFFICE
    assert settings.RULES["auth.idle_minutes"].owner is Owner.BRANCH


def test_the_administrator_edits_a_branch_setting_audited(branch: Branch) -> None:
    admin = branch.actor(Role.ADMIN)
    before = {v.key: v for v in settings.list_settings(branch.db, branch.actor(Role.CLERK))}
    assert before["auth.idle_minutes"].value == 30 and before["auth.idle_minutes"].editable_here
    assert not before["credit.benchmark.high"].editable_here
    view = settings.edit_setting(branch.db, admin, "auth.idle_minutes", " 15 ")
    assert (view.value, view.owner) == (15, Owner.BRANCH)
    assert stored(branch.db, "auth.idle_minutes") == 15
    assert settings.idle_minutes(branch.db) == 15.0
    settings.edit_setting(branch.db, Actor.system(branch.branch_id), "slip.copy3_overdue_days", 10)
    with branch.db.read() as s:
        rows = s.execute(
            select(AuditRecord)
            .where(AuditRecord.action == "setting_changed")
            .order_by(AuditRecord.at)
        ).scalars()
        changes = [(r.username, r.entity_id, r.before, r.after) for r in rows]
    assert changes[0] == (
        "admin",
        "auth.idle_minutes",
        {"key": "auth.idle_minutes", "value": 30},  # the value in force: the default
        {"key": "auth.idle_minutes", "value": 15},
    )
    assert changes[1][0] == "system" and changes[1][3] == {
        "key": "slip.copy3_overdue_days",
        "value": 10,
    }


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.ADMIN, Role.FINANCE}))
def test_only_settings_edit_may_change_a_setting(branch: Branch, role: Role) -> None:
    with pytest.raises(Forbidden) as info:
        settings.edit_setting(branch.db, branch.actor(role), "auth.idle_minutes", 10)
    assert "修改设置" in info.value.message
    assert stored(branch.db, "auth.idle_minutes") is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("credit.benchmark.general", "150000"),
        ("credit.region_quota.HD", "1000000"),
        ("auth.min_password_length", 6),
        ("remittance.hours", 48),
    ],
)
def test_head_office_settings_are_refused_at_a_branch(
    branch: Branch, key: str, value: object
) -> None:
    for who in (branch.actor(Role.ADMIN), branch.actor(Role.FINANCE)):
        with pytest.raises(Forbidden) as info:
            settings.edit_setting(branch.db, who, key, value)
        assert info.value.code == "setting.head_office_only"
        assert "由总部设定，分支机构不能修改" in info.value.message
    assert stored(branch.db, key) is None
    assert credit.load_credit_rules(branch.db).caps[3] == Decimal("200000.00")


def test_head_office_finance_edits_nothing_at_a_branch(branch: Branch) -> None:
    finance = branch.actor(Role.FINANCE)
    with pytest.raises(Forbidden) as info:
        settings.edit_setting(branch.db, finance, "auth.idle_minutes", 10)
    assert info.value.message == "“闲置自动退出（分钟）”由各分支机构自行设定，总部不能修改"


def test_head_office_edits_its_settings_and_not_the_branches(db: Database) -> None:
    """A database without a branch of its own is head office's (the future HQ database)."""
    add_office_user(db, "finance", Role.FINANCE)
    finance = auth.sign_in(db, "finance", PASSWORD)
    assert settings.edit_setting(db, finance, "remittance.hours", "36").value == 36
    hq = Actor.system(None)
    view = settings.edit_setting(db, hq, "credit.benchmark.general", "¥150,000")
    assert view.value == "150000.00" and view.editable_here
    assert credit.load_credit_rules(db).caps[3] == Decimal("150000.00")
    settings.edit_setting(db, hq, "credit.near_limit_ratio", "75%")
    assert stored(db, "credit.near_limit_ratio") == "0.75"
    settings.edit_setting(db, hq, "remittance.levels", [["200000", 4], ["50000.00", 24]])
    assert stored(db, "remittance.levels") == [
        {"threshold": "50000.00", "hours": 24},
        {"threshold": "200000.00", "hours": 4},
    ]
    with pytest.raises(Forbidden) as info:
        settings.edit_setting(db, hq, "auth.idle_minutes", 10)
    assert info.value.code == "setting.branch_only"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("auth.idle_minutes", "0", "闲置自动退出（分钟）应为1到480之间的整数"),
        ("auth.idle_minutes", "1.5", "闲置自动退出（分钟）应为1到480之间的整数"),
        ("auth.idle_minutes", "半小时", "闲置自动退出（分钟）应为1到480之间的整数"),
        ("auth.idle_minutes", True, "闲置自动退出（分钟）应为1到480之间的整数"),
        ("slip.copy3_overdue_days", 366, "记账联催收天数应为1到365之间的整数"),
        ("sync.interval_minutes", 0, "自动同步间隔（分钟）应为1到1440之间的整数"),
        ("sync.interval_minutes", "1441", "自动同步间隔（分钟）应为1到1440之间的整数"),
        ("sync.interval_minutes", "2.5", "自动同步间隔（分钟）应为1到1440之间的整数"),
        ("sync.interval_minutes", "五", "自动同步间隔（分钟）应为1到1440之间的整数"),
    ],
)
def test_values_are_checked_field_by_field(
    branch: Branch, key: str, value: object, message: str
) -> None:
    with pytest.raises(ValidationFailed) as info:
        settings.edit_setting(branch.db, branch.actor(Role.ADMIN), key, value)
    assert [(e.field, e.message) for e in info.value.errors] == [(key, message)]
    with branch.db.read() as s:
        assert s.get(Setting, key) is None


@pytest.mark.parametrize(
    ("key", "value", "field", "fragment"),
    [
        ("credit.benchmark.low", "abc", "credit.benchmark.low", "最低设定基准"),
        ("credit.benchmark.low", "-5", "credit.benchmark.low", "不能为负数"),
        ("credit.benchmark.low", "600000", "credit.benchmark.low", "最高≥一般≥最低"),
        ("credit.near_limit_ratio", "1.2", "credit.near_limit_ratio", "不超过1"),
        ("remittance.levels", "every day", "remittance.levels", "分级回款时限格式有误"),
        ("credit.grade_setters", ["branch_gm"], "key", "没有名为“credit.grade_setters”的设置"),
        ("demo.branch", "ready", "key", "没有名为“demo.branch”的设置"),
    ],
)
def test_head_office_values_are_checked_too(
    db: Database, key: str, value: object, field: str, fragment: str
) -> None:
    with pytest.raises(ValidationFailed) as info:
        settings.edit_setting(db, Actor.system(None), key, value)
    assert [e.field for e in info.value.errors] == [field]
    assert fragment in info.value.errors[0].message
    assert stored(db, key) is None


def test_the_sync_interval_is_the_branch_s_own(branch: Branch) -> None:
    """Issue 8: the desktop syncs every ``sync.interval_minutes`` (default 5, 1–1440), a branch
    setting its administrator changes; the timer reads it without an actor."""
    assert settings.RULES["sync.interval_minutes"].owner is Owner.BRANCH
    assert settings.sync_interval_minutes(branch.db) == 5
    view = settings.edit_setting(
        branch.db, branch.actor(Role.ADMIN), "sync.interval_minutes", "1440"
    )
    assert view.value == 1440 and view.editable_here
    assert settings.sync_interval_minutes(branch.db) == 1440
    with pytest.raises(Forbidden):
        settings.edit_setting(branch.db, branch.actor(Role.BRANCH_GM), "sync.interval_minutes", 10)
    assert settings.sync_interval_minutes(branch.db) == 1440


def test_command_line(branch: Branch, capsys: pytest.CaptureFixture[str]) -> None:
    from kehu_desktop.cli import main

    url = branch.db.url
    assert main(["--database", url, "settings", "set", "auth.idle_minutes", "20"]) == 0
    assert capsys.readouterr().out == "auth.idle_minutes\t闲置自动退出（分钟）\t20\n"
    assert main(["--database", url, "settings", "set", "credit.benchmark.high", "1"]) == 2
    assert "由总部设定，分支机构不能修改" in capsys.readouterr().err
    assert main(["--database", url, "settings", "set", "auth.idle_minutes", "0"]) == 2
    assert (
        capsys.readouterr().err == "auth.idle_minutes: 闲置自动退出（分钟）应为1到480之间的整数\n"
    )
    assert main(["--database", url, "settings", "list"]) == 0
    listed = capsys.readouterr().out
    assert "auth.idle_minutes\t闲置自动退出（分钟）\t分支机构\t20\n" in listed
    assert 'credit.benchmark.high\t最高设定基准\t总部\t"500000.00"\t(不能在此修改)\n' in listed
    with branch.db.read() as s:
        record = s.execute(
            select(AuditRecord).where(AuditRecord.action == "setting_changed")
        ).scalar_one()
    assert record.username == "system" and record.origin  # the OS user and host
