"""What the admin services return: branches, market offices, users and their history, settings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
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
class UserView:
    id: uuid.UUID
    username: str
    display_name: str
    branch_id: uuid.UUID | None
    roles: tuple[Role, ...]
    active: bool
    locked_until: datetime | None
    must_change_password: bool


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


class Owner(StrEnum):
    HEAD_OFFICE = "head_office"
    BRANCH = "branch"
