"""What the admin services return: branches, market offices, users and their history, settings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kehu_desktop.domain.roles import Role


@dataclass(frozen=True)
class MarketOfficeView:
    id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True)
class BranchView:
    id: uuid.UUID
    code: str
    name: str
    region_id: uuid.UUID
    region_name: str
    market_offices: tuple[MarketOfficeView, ...]


@dataclass(frozen=True)
class BranchChoice:
    """A branch of the reader's scope, for a branch filter (head office's lists)."""

    id: uuid.UUID
    code: str
    name: str
    region_name: str


@dataclass(frozen=True)
class BranchStatus:
    """One branch as head office sees its sync (分支机构同步状态), from ``branch_sync``."""

    branch_id: uuid.UUID
    code: str
    name: str
    region_code: str
    region_name: str
    registered: bool  # holds a secret that is not revoked
    registered_at: datetime | None
    revoked_at: datetime | None
    last_push_at: datetime | None
    last_pull_at: datetime | None
    acked_seq: int | None
    pending_reported: int | None  # the branch's unacknowledged outbox rows, as it last said
    #: Head office's change-log version minus the last version the branch pulled; None before
    #: its first pull (the screen shows "—").
    lag: int | None
    last_error_code: str | None
    last_error_message: str | None
    last_error_at: datetime | None
    #: Why the row is red: "never" (registered, never pushed or pulled since), "silent" (no push
    #: or pull for more than a day), None (fine, or not registered: nothing to expect).
    silence: str | None


@dataclass(frozen=True)
class RegionQuotaView:
    """A marketing region's quotas set by head office, and what its branches use of them."""

    id: uuid.UUID
    code: str
    name: str
    branches: int
    max_customers: int | None  # customers the region may have selected; None = no limit
    selected_customers: int
    quarter: str  # e.g. "2026Q4": the quarter the credit quota below is of
    credit_quota: Decimal | None  # approved limits of a month may not pass it; None = not set
    approved_this_month: Decimal  # this month's approved limits (unlimited ones not counted)


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    username: str
    display_name: str
    branch_id: uuid.UUID | None
    roles: tuple[Role, ...]
    active: bool
    locked_until: datetime | None
    must_change_password: bool
    last_sign_in: datetime | None


@dataclass(frozen=True)
class UserEvent:
    """One audit record about a user account: sign-ins, refusals, role and password changes."""

    at: datetime
    action: str
    by: str  # who did it: the user, an administrator, "system" (with the OS user and host)
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    detail: str | None


@dataclass(frozen=True)
class SettingView:
    key: str
    label: str
    owner: Owner
    value: Any  # as stored; the default when never set
    default: Any
    editable_here: bool  # whether this database may change it (its owner is here)


@dataclass(frozen=True)
class AuditEntry:
    """One audit record as the audit viewer shows it (services.admin.audit_log)."""

    at: datetime
    username: str
    action: str
    entity: str | None
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    detail: str | None
    origin: str | None


@dataclass(frozen=True)
class AuditFilter:
    """What the audit viewer asks for; every field empty: everything. Dates are local days,
    both included."""

    username: str | None = None
    action: str | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditPage:
    """The newest ``limit`` records matching a filter, newest first, and how many match."""

    entries: tuple[AuditEntry, ...]
    total: int
    limit: int


@dataclass(frozen=True)
class AuditChoices:
    """What the audit viewer's filters offer: the user names, actions and entities recorded."""

    usernames: tuple[str, ...]
    actions: tuple[str, ...]
    entities: tuple[str, ...]


class Owner(StrEnum):
    HEAD_OFFICE = "head_office"
    BRANCH = "branch"


@dataclass(frozen=True)
class BackupView:
    """One backup file in the backup folder (services.admin.backups)."""

    name: str
    path: str
    taken_at: datetime  # local time, as the file's name carries it
    size: int  # bytes
    revision: str  # the schema revision it holds
    # Passed PRAGMA integrity_check when it was taken: a backup gets its name only after the
    # check; a restore checks it again.
    verified: bool


@dataclass(frozen=True)
class BackupStatus:
    """What 备份与恢复 shows: where backups go, how many are kept, the backups there."""

    sqlite: bool
    folder: str  # where backups go: the setting, or the default beside the database
    folder_is_default: bool
    folder_reachable: bool
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    backups: tuple[BackupView, ...]
    # On PostgreSQL: the pg_dump command the server's administrator runs (no password in it).
    pg_dump: str | None = None


@dataclass(frozen=True)
class RestoreResult:
    source: str
    from_revision: str  # the backup's
    to_revision: str  # now, after migrating an older backup
    kept_aside: str | None  # where the replaced database was moved (None: there was none)
