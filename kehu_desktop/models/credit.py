"""Credit inputs of steps 3-5: grade history, the rating's rule table, the monthly credit
evaluations and their decisions, monthly limits with approvals, contracts, exceptions.

An approved evaluation writes the CreditGrade row (``source="evaluation"``, its id); the grades
set by hand before evaluations existed stay as legacy history (``source="manual"``).
"""

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import Money
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class CreditGrade(Base):
    """A customer's credit grade (1-5) from a date on. The latest row on or before a date wins."""

    __tablename__ = "credit_grades"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    grade: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="manual")  # manual / evaluation
    reason: Mapped[str | None] = mapped_column(Text)
    set_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The approved evaluation that gave the grade. No foreign key: the grade is head office's
    # row and the evaluation the branch's; they travel in opposite directions, and a re-seed or
    # a restore may bring the grade before the evaluation.
    evaluation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    __table_args__ = (Index("ix_credit_grades_customer", "customer_id", "effective_from"),)


class RatingRuleTable(Base):
    """One version of the credit rating's rule table (``domain.rating``): head office's, every
    version kept, the highest in force (none stored: the default table, version 0). An
    evaluation names the version it was graded by, so a grade can always be explained."""

    __tablename__ = "rating_rule_tables"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # [{"grade": 1, "key": "all_a", "other": "only_ab"}, ...] in order: first match wins.
    rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CreditEvaluation(Base):
    """资信等级评估表: one month's rating of a customer (step 3), the branch's record. Filed by
    the sales manager (``submitted``), reviewed by the branch GM (``reviewed``), approved by the
    marketing director (``approved``: it writes the grade) or sent back with a comment
    (``sent_back``: final; the sales manager files a new evaluation that ``revises`` it).

    Levels, grade, the rule that fired and the table's version are kept as graded, so the grade
    can always be explained; ``evidence`` keeps the numbers shown beside the choices (the
    payment record, last month's levels, the customer file's credit data)."""

    __tablename__ = "credit_evaluations"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    month: Mapped[date] = mapped_column(Date)  # first day of the month rated
    levels: Mapped[dict[str, str]] = mapped_column(JSON)  # indicator code -> A / B / C
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    grade: Mapped[int] = mapped_column(Integer)
    rule: Mapped[int] = mapped_column(Integer)  # the rule that fired, from 1
    rule_version: Mapped[int] = mapped_column(Integer)  # 0: the default table
    explanation: Mapped[str] = mapped_column(String(100))  # "2级：关键指标全A，其他指标有C"
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    revises_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("credit_evaluations.id"))
    filled_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    filled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)  # the sales manager's
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_comment: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_credit_evaluations_customer_month", "customer_id", "month"),)


class EvaluationDecision(Base):
    """The marketing director's decision on an evaluation made at head office ("rating
    approval", domain.md §3): its own record, which flows down with the grade it wrote; the
    branch then sets the evaluation's status (``services.credit.apply_evaluation_decisions``).
    A decision made at a branch that is not registered is written on the evaluation itself."""

    __tablename__ = "evaluation_decisions"
    id: Mapped[uuid.UUID] = uuid_pk()
    evaluation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("credit_evaluations.id"), index=True
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    decision: Mapped[str] = mapped_column(String(20))  # approved / sent_back
    decided_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)


class CreditLimit(Base):
    """A monthly credit limit and its approval. A raise within the month is a new row that
    supersedes the old one; the latest approved row of the month is the limit.

    ``unlimited`` is grade 1's explicit mode; otherwise ``amount`` is the limit (0 means 0).
    """

    __tablename__ = "credit_limits"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    grade: Mapped[int] = mapped_column(Integer)  # the grade the authority was judged on
    unlimited: Mapped[bool] = mapped_column(Boolean, default=False)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    # applied / approved / rejected / superseded (an approved row replaced by a later approval)
    status: Mapped[str] = mapped_column(String(20), default="applied")
    applied_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    decided_role: Mapped[str | None] = mapped_column(String(30))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comment: Mapped[str | None] = mapped_column(Text)  # the applicant's
    decision_comment: Mapped[str | None] = mapped_column(Text)  # the approver's
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("credit_limits.id"))
    __table_args__ = (Index("ix_credit_limits_customer_month", "customer_id", "month"),)


class LimitDecision(Base):
    """Head office's decision on a grade-1/2 limit application (docs/sync.md, open question 1):
    its own record, which flows down; the branch then sets the application's status
    (``services.credit.apply_limit_decisions``). A decision made at the branch (grades 3-4)
    is written on the application itself."""

    __tablename__ = "limit_decisions"
    id: Mapped[uuid.UUID] = uuid_pk()
    limit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("credit_limits.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    decision: Mapped[str] = mapped_column(String(20))  # approved / rejected
    decided_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    decided_role: Mapped[str] = mapped_column(String(30))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)


class Contract(Base):
    """A signed contract on file (step 5). Credit sales need a valid one."""

    __tablename__ = "contracts"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    # cash (现款现货) / agreed (约定付款, term_days) / clear_before_credit (前清后欠)
    payment_terms: Mapped[str] = mapped_column(String(30))
    term_days: Mapped[int | None] = mapped_column(Integer)
    # 月末应收款限额: the most the customer may owe at a month end, agreed with the payment terms
    # (required on agreed-payment contracts; none on cash terms). The release refuses credit
    # that would take the receivable above it; a contract without one gives no credit.
    month_end_cap: Mapped[Decimal | None] = mapped_column(Money)
    signer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    signer_role: Mapped[str] = mapped_column(String(30))  # branch_gm / sales_manager
    authorisation: Mapped[str | None] = mapped_column(Text)  # the GM's written authorisation
    signed_date: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    scan_name: Mapped[str | None] = mapped_column(String(200))
    scan: Mapped[bytes | None] = mapped_column(LargeBinary)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CreditException(Base):
    """Branch GM's recorded exception letting a non-state customer buy on credit (step 7)."""

    __tablename__ = "credit_exceptions"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"), index=True)
    granted_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
