"""Head office's own bookkeeping of the branches it serves (issue 8, docs/sync.md).

Only the head-office database writes these rows; a branch database has the tables (one schema
everywhere) and leaves them empty. Nothing here ever travels: ``domain/ownership.py`` marks them
local.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class BranchSync(Base):
    """One row per branch head office serves: its registration, its secret and its sync state.

    The one-time registration code is kept as SHA-256 over a per-row salt and the code; the
    secret as its plain SHA-256, unique, so a request's bearer secret finds its branch in one
    indexed look-up (docs/decisions.md, "Issue 8 — the service and registration").
    """

    __tablename__ = "branch_sync"
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"), primary_key=True)
    code_salt: Mapped[str | None] = mapped_column(String(32))  # hex of 16 random bytes
    code_hash: Mapped[str | None] = mapped_column(String(64))  # hex SHA-256(salt + code)
    code_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    code_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # hex SHA-256
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The highest outbox seq of the branch applied here (push acknowledges up to it).
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_pull_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The branch's count of unacknowledged outbox rows, as it last reported it.
    pending_reported: Mapped[int | None] = mapped_column(Integer)
    last_error_code: Mapped[str | None] = mapped_column(String(40))
    last_error_message: Mapped[str | None] = mapped_column(String(300))
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncRefusal(Base):
    """A request head office refused (wrong or revoked secret, spent code, …): the log behind
    ``branch list``'s last error. ``branch_id`` is None when the request named no known branch."""

    __tablename__ = "sync_refusals"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("branches.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[int] = mapped_column(Integer)  # the HTTP status answered
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(300))
    remote: Mapped[str | None] = mapped_column(String(60))  # the client's address
