"""What the early-warning services return (step 9)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class WarningView:
    id: uuid.UUID
    customer_id: uuid.UUID
    customer_name: str
    kind: str  # domain.warnings.KINDS
    subject: str
    text: str  # the condition with its numbers, in the language of the moment
    numbers: dict[str, Any]
    grade: int | None
    owner_role: str
    status: str  # open / closed
    opened_at: datetime
    times_opened: int
    seen_at: datetime
    cleared_at: datetime | None  # the condition no longer holds (since then)
    investigation: str | None
    action: str | None
    responded_by: str | None
    responded_at: datetime | None
    closing: str | None
    closed_by: str | None
    closed_at: datetime | None
    history: tuple[dict[str, Any], ...]  # earlier rounds, oldest first
    # At head office: answered there, the branch has not written the answer yet (next sync).
    awaiting_branch: bool = False
