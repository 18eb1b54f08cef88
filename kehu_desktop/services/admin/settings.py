"""Business settings: the rule book's "N" values, who owns each, and the one service that
changes them (``settings.edit``).

Every setting has one owner (domain.md §3: head office owns settings such as the benchmarks,
quotas and the rating table; docs/roles.md lists the whole table):

* **head office**: the credit rules (benchmarks, region quotas, approval days, near-limit
  ratio), remittance rules, bad-debt days, the password and lock-out policy. A branch's
  database refuses to change them: they will come from head office by sync, and a branch that
  edited its own copy would quietly run other rules than the rest of the company.
* **branch**: what only the branch's own day-to-day needs, e.g. when an idle shared PC signs
  its user out and when a missing accounting copy is chased. (The branch's printers and its
  seller details are branch-owned too, with services and permissions of their own:
  ``printer.edit``, ``seller.edit``.)

A database is a branch's when the first run wrote its ``branch_id`` (services.records
``local_branch_in``); head office's database has none. Rows that are not settings (the local
branch id, the demo marker) are not in the table and cannot be edited here.

Each change is validated per setting (field-level message naming the setting) and audited
(``setting_changed``, value before and after).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation
from pathlib import PurePosixPath
from pathlib import PureWindowsPath
from typing import Any

from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import backups
from kehu_desktop.domain import visits
from kehu_desktop.domain.ageing import parse_levels
from kehu_desktop.domain.credit import CREDIT_SETTING_DEFAULTS
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.slip_rules import COPY3_DAYS_DEFAULT
from kehu_desktop.domain.slip_rules import COPY3_DAYS_SETTING
from kehu_desktop.dto import Owner
from kehu_desktop.dto import SettingView
from kehu_desktop.services.base import DEFAULT_SETTINGS
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import local_branch_in
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.base import use_case

#: A check turns what the user typed into the value stored, or raises ValidationFailed.
Check = Callable[[str, str, Any], Any]


def whole(low: int, high: int) -> Check:
    def check(key: str, label: str, value: Any) -> int:
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            number = Decimal("NaN")
        if isinstance(value, bool) or not number.is_finite() or number != number.to_integral():
            number = Decimal(low - 1)
        if not low <= number <= high:
            raise _bad(key, "setting.whole_range", label=label, min=low, max=high)
        return int(number)

    return check


def money(key: str, label: str, value: Any) -> str:
    if isinstance(value, float):
        value = str(value)
    try:
        amount = parse_amount(value, field=key, label=label)
    except ValidationFailed as exc:
        raise ValidationFailed([FieldError(key, e.code, e.params) for e in exc.errors]) from None
    if amount is None:
        raise _bad(key, "required", label=label)
    return str(amount)  # money as text: a JSON number comes back as a float


def ratio(key: str, label: str, value: Any) -> str:
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise _bad(key, "setting.ratio", label=label) from None
    if str(value).strip().endswith("%"):
        number /= 100
    if not number.is_finite() or not Decimal(0) < number <= Decimal(1):
        raise _bad(key, "setting.ratio", label=label)
    return str(number.quantize(Decimal("0.01")))


def levels(key: str, label: str, value: Any) -> list[dict[str, str | int]]:
    try:
        parsed = parse_levels(value)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise _bad(key, "setting.levels", label=label, detail=str(exc)) from None
    return [{"threshold": str(lv.threshold), "hours": int(lv.hours)} for lv in parsed]


def schedule(key: str, label: str, value: Any) -> dict[str, dict[str, str | None]]:
    """The visit schedule: every grade and visiting role, each "<n>d", "<n>m" or empty."""
    try:
        return visits.check_schedule(value)
    except ValueError as exc:
        raise _bad(key, "setting.schedule", label=label, cell=str(exc)) from None


def folder(key: str, label: str, value: Any) -> str:
    """A folder given by its full path (a USB disk, a network share); empty: the default.
    Whether it is there is checked when a backup is taken (a USB disk comes and goes)."""
    text = str(value if value is not None else "").strip()
    if not text:
        return ""
    if not (PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute()):
        raise _bad(key, "setting.folder", label=label)
    return text


def _bad(key: str, code: str, **params: Any) -> ValidationFailed:
    return ValidationFailed([FieldError(key, code, params)])


@dataclass(frozen=True)
class SettingRule:
    key: str
    label: str  # Chinese, as messages and the audit show it
    owner: Owner
    default: Any
    check: Check


def _rule(key: str, label: str, owner: Owner, check: Check, default: Any = None) -> SettingRule:
    if default is None:
        default = CREDIT_SETTING_DEFAULTS.get(key, DEFAULT_SETTINGS.get(key))
    return SettingRule(key, label, owner, default, check)


HQ, BRANCH = Owner.HEAD_OFFICE, Owner.BRANCH

#: The one table of settings: who owns each, its default, how it is checked.
RULES: dict[str, SettingRule] = {
    r.key: r
    for r in (
        _rule("credit.benchmark.high", "最高设定基准", HQ, money),
        _rule("credit.benchmark.general", "一般设定基准", HQ, money),
        _rule("credit.benchmark.low", "最低设定基准", HQ, money),
        _rule("credit.near_limit_ratio", "接近额度预警比例", HQ, ratio),
        _rule("credit.approval_days", "授信审批期限（天）", HQ, whole(1, 31)),
        _rule("rating.due_day", "月度评级截止日", HQ, whole(1, 28)),
        _rule("rating.record_months", "付款记录统计月数", HQ, whole(1, 36)),
        _rule("rating.reputation_a_share", "付款信誉A级按期付清比例", HQ, ratio),
        _rule("rating.reputation_b_share", "付款信誉B级按期付清比例", HQ, ratio),
        _rule("warning.sales_drop_ratio", "销售下滑预警比例", HQ, ratio),
        _rule("warning.interval_factor", "进货间隔预警倍数", HQ, whole(2, 10)),
        _rule("warning.churn_days", "停止进货预警天数", HQ, whole(7, 365)),
        _rule("warning.contract_days", "合同到期预警天数", HQ, whole(1, 180)),
        _rule("warning.plan_from_day", "计划进度预警起始日", HQ, whole(1, 28)),
        _rule("warning.plan_pace_ratio", "计划进度预警比例", HQ, ratio),
        _rule("visit.schedule", "拜访频次表", HQ, schedule, default=visits.DEFAULT_SCHEDULE),
        _rule("plan.file_by_day", "分销计划提交截止日", HQ, whole(21, 31)),
        _rule("plan.below_months", "连续未完成计划月数", HQ, whole(1, 12)),
        _rule("remittance.threshold", "回款金额标准", HQ, money),
        _rule("remittance.hours", "回款时限（小时）", HQ, whole(1, 720)),
        _rule("remittance.levels", "分级回款时限", HQ, levels),
        _rule("receivable.bad_debt_days", "坏账天数", HQ, whole(1, 3650)),
        _rule("auth.max_failed_attempts", "密码错误锁定次数", HQ, whole(3, 20)),
        _rule("auth.lockout_minutes", "锁定时长（分钟）", HQ, whole(1, 1440)),
        _rule("auth.min_password_length", "密码最短长度", HQ, whole(8, 64)),
        _rule("auth.idle_minutes", "闲置自动退出（分钟）", BRANCH, whole(1, 480)),
        # A day at most: a branch that syncs less often is not using head office at all.
        _rule("sync.interval_minutes", "自动同步间隔（分钟）", BRANCH, whole(1, 1440)),
        _rule(
            COPY3_DAYS_SETTING, "记账联催收天数", BRANCH, whole(1, 365), default=COPY3_DAYS_DEFAULT
        ),
        # Backups (issue 10): the machine's own, so the branch's (services.admin.backups).
        _rule("backup.folder", "备份文件夹", BRANCH, folder, default=""),
        _rule(
            "backup.keep_daily",
            "保留每日备份份数",
            BRANCH,
            whole(1, 366),
            default=backups.DEFAULT_KEEP_DAILY,
        ),
        _rule(
            "backup.keep_weekly",
            "保留每周备份份数",
            BRANCH,
            whole(0, 104),
            default=backups.DEFAULT_KEEP_WEEKLY,
        ),
        _rule(
            "backup.keep_monthly",
            "保留每月备份份数",
            BRANCH,
            whole(0, 120),
            default=backups.DEFAULT_KEEP_MONTHLY,
        ),
    )
}
#: Settings with one key per region (head office's quota of approved limits for the region).
REGION_QUOTA_PREFIX = "credit.region_quota."
_BENCHMARKS = ("credit.benchmark.high", "credit.benchmark.general", "credit.benchmark.low")


def rule_for(key: str) -> SettingRule | None:
    rule = RULES.get(key)
    if rule is None and key.startswith(REGION_QUOTA_PREFIX) and len(key) > len(REGION_QUOTA_PREFIX):
        region = key[len(REGION_QUOTA_PREFIX) :]
        return SettingRule(key, f"{region}大区授信限额", HQ, None, money)
    return rule


def _view(s: Session, rule: SettingRule) -> SettingView:
    stored = get_setting(s, rule.key)
    at_branch = local_branch_in(s) is not None
    return SettingView(
        rule.key,
        rule.label,
        rule.owner,
        rule.default if stored is None else stored,
        rule.default,
        editable_here=(rule.owner is BRANCH) == at_branch,
    )


def list_settings(db: Database, actor: Actor) -> list[SettingView]:
    """Every setting with its value, owner and whether it can be changed here. Settings are
    not secret: anyone signed in may read them."""
    with use_case(db, actor, None, write=False) as (s, actor):
        return [_view(s, rule) for rule in RULES.values()]


def edit_setting(db: Database, actor: Actor, key: str, value: Any) -> SettingView:
    """Change one setting. Who: ``settings.edit`` (administrator; head office's finance) of
    the setting's owner: at a branch its administrator changes the branch's settings, at head
    office the administrator or finance head office's. Refuses: an unknown key
    (``setting.unknown``), a head-office setting on a branch's database, a branch setting on
    head office's or by someone not of the branch (``setting.head_office_only``,
    ``setting.branch_only``), a value its check refuses
    (field error named by the key; the three benchmarks must stay high ≥ general ≥ low).
    Audited with the value before and after."""
    rule = rule_for(key)
    if rule is None:
        raise ValidationFailed([FieldError("key", "setting.unknown", {"key": key})])
    with use_case(db, actor, "settings.edit") as (s, actor):
        branch_id = local_branch_in(s)
        # The owner's database, and someone of the owner: a branch's settings are its own
        # people's (not head office's finance signed in there), head office's its own.
        here = actor.branch_id == branch_id if branch_id else actor.branch_id is None
        if (rule.owner is BRANCH) != (branch_id is not None) or not here:
            code = "setting.head_office_only" if rule.owner is HQ else "setting.branch_only"
            raise Forbidden(code, label=rule.label)
        new = rule.check(rule.key, rule.label, value)
        if rule.key in _BENCHMARKS:
            _check_benchmark_order(s, rule.key, new)
        before = get_setting(s, rule.key)
        put_setting(s, rule.key, new)
        audit(
            s,
            actor,
            "setting_changed",
            entity="setting",
            entity_id=rule.key[:40],
            before={"key": rule.key, "value": before},
            after={"key": rule.key, "value": new},
        )
        changed(s, "setting", rule.key[:40])
        s.flush()
        return _view(s, rule)


def _check_benchmark_order(s: Session, key: str, value: str) -> None:
    values = {
        k: Decimal(str(value if k == key else get_setting(s, k) or RULES[k].default))
        for k in _BENCHMARKS
    }
    high, general, low = (values[k] for k in _BENCHMARKS)
    if not high >= general >= low:
        raise _bad(
            key,
            "setting.benchmark_order",
            high=f"{high:,.2f}",
            general=f"{general:,.2f}",
            low=f"{low:,.2f}",
        )


def sync_interval_minutes(db: Database) -> int:
    """Minutes between two automatic syncs with head office (``sync.interval_minutes``). Read
    by the desktop's sync timer for whoever is signed in, so it needs no actor. A stored value
    that is not a whole number of at least 1 gives the default."""
    with db.read() as s:
        value = get_setting(s, "sync.interval_minutes")
    try:
        minutes = int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        minutes = 0
    return minutes if minutes >= 1 else int(RULES["sync.interval_minutes"].default)


def idle_minutes(db: Database) -> float:
    """Minutes without input after which the program signs its user out (``auth.idle_minutes``).
    Read before anyone has signed in, so it needs no actor. Whatever is stored is taken if it
    is a positive number (the settings service only stores whole minutes, 1-480; the GUI's test
    writes a fraction of a minute straight into the row)."""
    with db.read() as s:
        value = get_setting(s, "auth.idle_minutes")
    try:
        minutes = float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        minutes = 0.0
    return minutes if minutes > 0 else float(RULES["auth.idle_minutes"].default)
