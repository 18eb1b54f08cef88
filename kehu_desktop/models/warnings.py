"""Early warnings (预警, step 9): the branch's record of a condition on a customer, its owner, the
response (investigation, action) and the closing. One row per customer, kind and subject: the job
that finds the conditions updates it, never opens a second one, and reopens it when the condition
comes back after it had cleared (``history`` keeps each earlier round of response and closing)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class EarlyWarning(Base):
    __tablename__ = "early_warnings"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(30))  # domain.warnings.KINDS
    subject: Mapped[str] = mapped_column(String(30), default="")
    numbers: Mapped[dict[str, Any]] = mapped_column(JSON)  # as last seen by the job
    grade: Mapped[int | None] = mapped_column(Integer)  # when (re)opened
    owner_role: Mapped[str] = mapped_column(String(30))  # by the grade (domain.warnings)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open / closed
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    times_opened: Mapped[int] = mapped_column(Integer, default=1)
    # When the job last took the numbers (opened, refreshed or reopened: an unchanged condition
    # is not written again, so a run that finds nothing new writes nothing).
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # condition gone since
    investigation: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    responded_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closing: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Earlier rounds, oldest first: {"opened_at", "investigation", "action", "responded_by",
    # "responded_at", "closing", "closed_by", "closed_at"} (ids and times as text).
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    __table_args__ = (
        UniqueConstraint("customer_id", "kind", "subject", name="uq_early_warnings_condition"),
    )


class WarningAnswer(Base):
    """An owner's response or closing made at head office (grade-1/2 warnings belong to the
    regional manager and the marketing director, who work there): head office's record, which
    flows down; the branch writes it on its warning (``services.warnings.apply_warning_answers``)
    and sends the warning back up. ``round`` is the warning's ``times_opened`` when answered: an
    answer to a round the branch has since closed and reopened is not applied."""

    __tablename__ = "warning_answers"
    id: Mapped[uuid.UUID] = uuid_pk()
    warning_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("early_warnings.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    round: Mapped[int] = mapped_column(Integer)
    investigation: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    closing: Mapped[str | None] = mapped_column(Text)  # set: this answer closes the warning
    answered_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
