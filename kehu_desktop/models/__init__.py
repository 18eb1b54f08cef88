"""SQLAlchemy 2.0 typed ORM. Import this package to register every table on ``Base.metadata``."""

from kehu_desktop.models.base import Base, Money, UTCDateTime, utcnow
from kehu_desktop.models.credit import Contract, CreditException, CreditGrade, CreditLimit
from kehu_desktop.models.customers import (
    ChangeFormEntry,
    Customer,
    CustomerCreditData,
    CustomerMonthlySales,
    CustomerNameGram,
    CustomerSearchKey,
    SearchIndex,
    SelectionStep,
    keep_search_index,
    name_grams,
    search_index,
)
from kehu_desktop.models.dispatch import DispatchLine, DispatchNote, TemporaryReceipt
from kehu_desktop.models.org import Branch, HeadOffice, MarketOffice, Region, SellerDetails
from kehu_desktop.models.payments import (
    Payment,
    PaymentAllocation,
    ReceivableSnapshot,
    Remittance,
    RemittanceItem,
)
from kehu_desktop.models.products import Product, ProductBatch
from kehu_desktop.models.records import AuditRecord, Counter, OutboxOp, Setting
from kehu_desktop.models.slips import PrinterProfile, Slip, SlipLine, SlipPrint
from kehu_desktop.models.users import User, UserRole

__all__ = [
    "AuditRecord",
    "Base",
    "Branch",
    "ChangeFormEntry",
    "Contract",
    "Counter",
    "CreditException",
    "CreditGrade",
    "CreditLimit",
    "Customer",
    "CustomerCreditData",
    "CustomerMonthlySales",
    "CustomerNameGram",
    "CustomerSearchKey",
    "DispatchLine",
    "DispatchNote",
    "HeadOffice",
    "MarketOffice",
    "Money",
    "OutboxOp",
    "Payment",
    "PaymentAllocation",
    "PrinterProfile",
    "Product",
    "ProductBatch",
    "ReceivableSnapshot",
    "Region",
    "Remittance",
    "RemittanceItem",
    "SearchIndex",
    "SelectionStep",
    "SellerDetails",
    "Setting",
    "Slip",
    "SlipLine",
    "SlipPrint",
    "TemporaryReceipt",
    "UTCDateTime",
    "User",
    "UserRole",
    "name_grams",
    "keep_search_index",
    "search_index",
    "utcnow",
]
