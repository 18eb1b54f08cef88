"""Audit records, the sync outbox, document counters and settings."""

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


class AuditRecord(Base):
    """Who did what, when, with the record before and after. Never updated or deleted."""

    __tablename__ = "audit_records"
    id: Mapped[uuid.UUID] = uuid_pk()
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(50), index=True)
    entity: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    detail: Mapped[str | None] = mapped_column(Text)
    # The OS user and host of a command-line actor ("wang@branch-pc"); None in the GUI.
    origin: Mapped[str | None] = mapped_column(String(120))


class OutboxOp(Base):
    """A branch-owned change waiting for the head-office push, written in the same transaction.

    ``seq`` is gapless per branch (taken from a locked counter row), so the server can refuse gaps
    and skip what it already has.
    """

    __tablename__ = "outbox"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    seq: Mapped[int] = mapped_column(Integer)
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, default=uuid.uuid4, unique=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(10))  # upsert / delete
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    schema_rev: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pushed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("branch_id", "seq", name="uq_outbox_branch_seq"),)


class Counter(Base):
    """Next number for (branch, kind, year): document numbers and the outbox sequence."""

    __tablename__ = "counters"
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer, default=1)


class Setting(Base):
    """Business settings (synced from head office later). Window state lives in QSettings."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    description: Mapped[str | None] = mapped_column(Text)
