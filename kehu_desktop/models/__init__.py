"""SQLAlchemy 2.0 typed ORM. Import this package to register every table on ``Base.metadata``."""

from kehu_desktop.models.base import Base, Money, UTCDateTime, utcnow
from kehu_desktop.models.customers import (
    ChangeFormEntry,
    Customer,
    CustomerCreditData,
    CustomerMonthlySales,
    SelectionStep,
)
from kehu_desktop.models.org import Branch, HeadOffice, MarketOffice, Region
from kehu_desktop.models.records import AuditRecord, Counter, OutboxOp, Setting
from kehu_desktop.models.users import User, UserRole

__all__ = [
    "AuditRecord",
    "Base",
    "Branch",
    "ChangeFormEntry",
    "Counter",
    "Customer",
    "CustomerCreditData",
    "CustomerMonthlySales",
    "HeadOffice",
    "MarketOffice",
    "Money",
    "OutboxOp",
    "Region",
    "SelectionStep",
    "Setting",
    "UTCDateTime",
    "User",
    "UserRole",
    "utcnow",
]
