"""SQLAlchemy 2.0 typed ORM. Import this package to register every table on ``Base.metadata``."""

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import Money
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.credit import Contract
from kehu_desktop.models.credit import CreditEvaluation
from kehu_desktop.models.credit import CreditException
from kehu_desktop.models.credit import CreditGrade
from kehu_desktop.models.credit import CreditLimit
from kehu_desktop.models.credit import EvaluationDecision
from kehu_desktop.models.credit import LimitDecision
from kehu_desktop.models.credit import RatingRuleTable
from kehu_desktop.models.customers import ChangeFormEntry
from kehu_desktop.models.customers import Customer
from kehu_desktop.models.customers import CustomerCreditData
from kehu_desktop.models.customers import CustomerMonthlySales
from kehu_desktop.models.customers import CustomerNameGram
from kehu_desktop.models.customers import CustomerSearchKey
from kehu_desktop.models.customers import SalesReportReview
from kehu_desktop.models.customers import SearchIndex
from kehu_desktop.models.customers import SelectionStep
from kehu_desktop.models.customers import drop_search_rows
from kehu_desktop.models.customers import keep_search_index
from kehu_desktop.models.customers import name_grams
from kehu_desktop.models.customers import search_index
from kehu_desktop.models.customers import stored_search_index
from kehu_desktop.models.dispatch import DispatchLine
from kehu_desktop.models.dispatch import DispatchNote
from kehu_desktop.models.dispatch import TemporaryReceipt
from kehu_desktop.models.hq import BranchSync
from kehu_desktop.models.hq import ChangeLog
from kehu_desktop.models.hq import ChangeLogHead
from kehu_desktop.models.hq import SyncRefusal
from kehu_desktop.models.hq import SyncRejection
from kehu_desktop.models.hq import SyncState
from kehu_desktop.models.org import Branch
from kehu_desktop.models.org import HeadOffice
from kehu_desktop.models.org import MarketOffice
from kehu_desktop.models.org import Region
from kehu_desktop.models.org import SellerDetails
from kehu_desktop.models.payments import Payment
from kehu_desktop.models.payments import PaymentAllocation
from kehu_desktop.models.payments import ReceivableSnapshot
from kehu_desktop.models.payments import Remittance
from kehu_desktop.models.payments import RemittanceItem
from kehu_desktop.models.plans import DistributionPlan
from kehu_desktop.models.plans import PlanProgress
from kehu_desktop.models.products import Product
from kehu_desktop.models.products import ProductBatch
from kehu_desktop.models.records import AuditRecord
from kehu_desktop.models.records import Counter
from kehu_desktop.models.records import OutboxOp
from kehu_desktop.models.records import Setting
from kehu_desktop.models.slips import PrinterProfile
from kehu_desktop.models.slips import Slip
from kehu_desktop.models.slips import SlipLine
from kehu_desktop.models.slips import SlipPrint
from kehu_desktop.models.users import User
from kehu_desktop.models.users import UserRole
from kehu_desktop.models.visits import HeadOfficeVisit
from kehu_desktop.models.visits import Visit
from kehu_desktop.models.warnings import EarlyWarning
from kehu_desktop.models.warnings import WarningAnswer

__all__ = [
    "AuditRecord",
    "Base",
    "Branch",
    "BranchSync",
    "ChangeFormEntry",
    "ChangeLog",
    "ChangeLogHead",
    "Contract",
    "Counter",
    "CreditEvaluation",
    "CreditException",
    "CreditGrade",
    "CreditLimit",
    "Customer",
    "CustomerCreditData",
    "EarlyWarning",
    "CustomerMonthlySales",
    "CustomerNameGram",
    "CustomerSearchKey",
    "DispatchLine",
    "DispatchNote",
    "DistributionPlan",
    "HeadOffice",
    "EvaluationDecision",
    "LimitDecision",
    "RatingRuleTable",
    "MarketOffice",
    "Money",
    "OutboxOp",
    "Payment",
    "PlanProgress",
    "PaymentAllocation",
    "PrinterProfile",
    "Product",
    "ProductBatch",
    "ReceivableSnapshot",
    "Region",
    "Remittance",
    "RemittanceItem",
    "SearchIndex",
    "SalesReportReview",
    "SelectionStep",
    "SellerDetails",
    "Setting",
    "Slip",
    "SlipLine",
    "SlipPrint",
    "SyncRefusal",
    "SyncRejection",
    "SyncState",
    "TemporaryReceipt",
    "UTCDateTime",
    "User",
    "UserRole",
    "Visit",
    "HeadOfficeVisit",
    "WarningAnswer",
    "name_grams",
    "SearchIndex",
    "drop_search_rows",
    "keep_search_index",
    "search_index",
    "stored_search_index",
    "utcnow",
]
