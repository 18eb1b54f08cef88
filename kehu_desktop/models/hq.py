"""Head office's own bookkeeping of the branches it serves (issue 8, docs/sync.md).

Only the head-office database writes these rows; a branch database has the tables (one schema
everywhere) and leaves them empty. Nothing here ever travels: ``domain/ownership.py`` marks them
local.
"""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
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
    #: The change-log version the branch's last pull reached (lag = head - this).
    last_pull_version: Mapped[int | None] = mapped_column(BigInteger)
    #: The schema revision of the branch's last push or pull.
    schema_rev: Mapped[str | None] = mapped_column(String(40))
    #: Seqs up to this are the branch's first upload, which may bring head-office-owned rows
    #: head office lacks (docs/decisions.md, "Issue 8 — push"); set by the first push.
    initial_through: Mapped[int | None] = mapped_column(BigInteger)


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


class ChangeLog(Base):
    """Head office's log of its writes to the data branches pull (docs/sync.md, "Pull").

    ``version`` is taken from :class:`ChangeLogHead`, locked at the very end of the writing
    transaction, so versions follow commit order and a pull cursor never passes a version a
    late commit could still take. ``branch_id`` None: every branch pulls the change."""

    __tablename__ = "change_log"
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(200))  # the primary key as JSON text
    op: Mapped[str] = mapped_column(String(10))  # upsert / delete
    branch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChangeLogHead(Base):
    """The one row (id 1) holding the last version :class:`ChangeLog` handed out."""

    __tablename__ = "change_log_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncState(Base):
    """The branch's side of sync: one row (id 1). Pending is counted from the outbox."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    #: The highest outbox seq head office acknowledged.
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    #: The last change-log version applied here (pull cursor).
    pull_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Outbox seqs up to this are the first upload (the whole branch, built at the first push).
    initial_through: Mapped[int | None] = mapped_column(BigInteger)
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # head office's clock
    last_pull_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last full success
    last_error_code: Mapped[str | None] = mapped_column(String(40))
    last_error_message: Mapped[str | None] = mapped_column(String(300))
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row, for the backoff
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncRejection(Base):
    """A pushed record head office acknowledged but did not apply (a business rejection).

    Kept on both sides (one schema): head office logs it, the branch shows it to the record's
    author (``author_id``) until seen."""

    __tablename__ = "sync_rejections"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(300))
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("branch_id", "seq", name="uq_sync_rejections_seq"),)
