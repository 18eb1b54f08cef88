"""Visits (拜访, step 10): the branch's log of who visited which customer when, why, what they
found and what follows. Posted: a mistake is corrected by a new visit record, never an edit."""

import uuid
from datetime import date
from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class _VisitRecord:
    """The columns of a visit, wherever it was logged."""

    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    visitor_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    # The role the visit counts for in the schedule (a user may hold several).
    visitor_role: Mapped[str] = mapped_column(String(30))
    visited_on: Mapped[date] = mapped_column(Date)
    purposes: Mapped[list[str]] = mapped_column(JSON)  # domain.visits.PURPOSES, one or more
    findings: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)
    # The warning whose response this visit's findings and follow-up became, if any.
    warning_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("early_warnings.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Visit(_VisitRecord, Base):
    """A visit logged at the branch: the branch's record."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_visitor_customer", "visitor_id", "customer_id", "visited_on"),
        Index("ix_visits_customer", "customer_id", "visited_on"),
    )


class HeadOfficeVisit(_VisitRecord, Base):
    """A visit logged in head-office mode (the regional manager's, the marketing director's):
    head office's record, which flows down to the customer's branch. The two tables are read as
    one log (services.visits)."""

    __tablename__ = "head_office_visits"
    __table_args__ = (
        Index("ix_head_office_visits_visitor_customer", "visitor_id", "customer_id", "visited_on"),
        Index("ix_head_office_visits_customer", "customer_id", "visited_on"),
    )
