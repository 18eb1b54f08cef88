"""What the visit services return (step 10)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import datetime


@dataclass(frozen=True)
class VisitDue:
    """A customer the person should visit, by the schedule for their role and its grade."""

    customer_id: uuid.UUID
    customer_name: str
    grade: int | None
    role: str  # the visiting role the schedule is read for
    interval: str  # "15d", "2m"
    last_visit: date | None  # by this person
    due: date
    overdue_days: int  # 0 when due today or later


@dataclass(frozen=True)
class VisitView:
    id: uuid.UUID
    customer_id: uuid.UUID
    customer_name: str
    visitor: str
    visitor_role: str
    visited_on: date
    purposes: tuple[str, ...]
    findings: str
    follow_up: str | None
    warning_id: uuid.UUID | None
    created_at: datetime


@dataclass(frozen=True)
class PersonVisits:
    """One person's visits against the schedule, for their manager."""

    user_id: uuid.UUID
    name: str
    role: str
    overdue: int  # customers whose visit is past due
    due_soon: int  # due within the week
    oldest_overdue_days: int
