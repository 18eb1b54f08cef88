"""The data the layers hand each other: frozen dataclasses the services return and the views and
printing read. Below services and printing, above nothing but the domain: printing imports its
inputs from here, never from services.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.domain.money import CENT
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.dto.admin import AuditChoices
    from kehu_desktop.dto.admin import AuditEntry
    from kehu_desktop.dto.admin import AuditFilter
    from kehu_desktop.dto.admin import AuditPage
    from kehu_desktop.dto.admin import BackupStatus
    from kehu_desktop.dto.admin import BackupView
    from kehu_desktop.dto.admin import BranchChoice
    from kehu_desktop.dto.admin import BranchStatus
    from kehu_desktop.dto.admin import BranchView
    from kehu_desktop.dto.admin import MarketOfficeView
    from kehu_desktop.dto.admin import Owner
    from kehu_desktop.dto.admin import RegionQuotaView
    from kehu_desktop.dto.admin import RestoreResult
    from kehu_desktop.dto.admin import SettingView
    from kehu_desktop.dto.admin import UserEvent
    from kehu_desktop.dto.admin import UserView
    from kehu_desktop.dto.credit import ContractView
    from kehu_desktop.dto.credit import CreditExceptionView
    from kehu_desktop.dto.credit import CreditPosition
    from kehu_desktop.dto.credit import EvaluationForm
    from kehu_desktop.dto.credit import EvaluationView
    from kehu_desktop.dto.credit import Exposure
    from kehu_desktop.dto.credit import ExposureItem
    from kehu_desktop.dto.credit import GradeView
    from kehu_desktop.dto.credit import LimitView
    from kehu_desktop.dto.credit import OverdueSlip
    from kehu_desktop.dto.credit import RatingDue
    from kehu_desktop.dto.credit import RuleLine
    from kehu_desktop.dto.credit import RuleTableView
    from kehu_desktop.dto.customers import CREATE
    from kehu_desktop.dto.customers import SKIP
    from kehu_desktop.dto.customers import UPDATE
    from kehu_desktop.dto.customers import ChangeFormEntryView
    from kehu_desktop.dto.customers import CustomerFile
    from kehu_desktop.dto.customers import CustomerPage
    from kehu_desktop.dto.customers import CustomerRow
    from kehu_desktop.dto.customers import Duplicate
    from kehu_desktop.dto.customers import ImportReport
    from kehu_desktop.dto.customers import MonthlySalesRow
    from kehu_desktop.dto.customers import RowError
    from kehu_desktop.dto.customers import RowResult
    from kehu_desktop.dto.customers import SalesReportDue
    from kehu_desktop.dto.customers import SalesReportReviewView
    from kehu_desktop.dto.customers import SalesReportRow
    from kehu_desktop.dto.customers import SaveResult
    from kehu_desktop.dto.customers import SelectionStepView
    from kehu_desktop.dto.dispatch import APPROVAL_MODES
    from kehu_desktop.dto.dispatch import CANCELLABLE
    from kehu_desktop.dto.dispatch import RELEASED_NOT_SLIPPED
    from kehu_desktop.dto.dispatch import SALE_KINDS
    from kehu_desktop.dto.dispatch import STATUSES
    from kehu_desktop.dto.dispatch import DispatchLineInput
    from kehu_desktop.dto.dispatch import DispatchLineView
    from kehu_desktop.dto.dispatch import DispatchRequest
    from kehu_desktop.dto.dispatch import DispatchRow
    from kehu_desktop.dto.dispatch import DispatchView
    from kehu_desktop.dto.dispatch import LineInput
    from kehu_desktop.dto.dispatch import MarketOfficeGoods
    from kehu_desktop.dto.dispatch import ReleaseResult
    from kehu_desktop.dto.dispatch import TemporaryReceiptView
    from kehu_desktop.dto.payments import METHODS
    from kehu_desktop.dto.payments import AllocationView
    from kehu_desktop.dto.payments import AppliedAllocation
    from kehu_desktop.dto.payments import BadDebtRow
    from kehu_desktop.dto.payments import CreditItem
    from kehu_desktop.dto.payments import CustomerBalance
    from kehu_desktop.dto.payments import MonthEndReceivables
    from kehu_desktop.dto.payments import MonthEndRow
    from kehu_desktop.dto.payments import OpenSlip
    from kehu_desktop.dto.payments import PaymentRow
    from kehu_desktop.dto.payments import PaymentView
    from kehu_desktop.dto.payments import ReceivableRow
    from kehu_desktop.dto.payments import RemittanceItemView
    from kehu_desktop.dto.payments import RemittanceView
    from kehu_desktop.dto.payments import SlipBalance
    from kehu_desktop.dto.payments import UnremittedPayment
    from kehu_desktop.dto.plans import PlanActual
    from kehu_desktop.dto.plans import PlanInput
    from kehu_desktop.dto.plans import PlanLine
    from kehu_desktop.dto.plans import PlanLineActual
    from kehu_desktop.dto.plans import PlanLineInput
    from kehu_desktop.dto.plans import PlanRow
    from kehu_desktop.dto.products import BatchView
    from kehu_desktop.dto.products import ProductView
    from kehu_desktop.dto.slips import PrinterProfileView
    from kehu_desktop.dto.slips import PrintOutcome
    from kehu_desktop.dto.slips import SellerView
    from kehu_desktop.dto.slips import SlipLineView
    from kehu_desktop.dto.slips import SlipRow
    from kehu_desktop.dto.slips import SlipView
    from kehu_desktop.dto.visits import PersonVisits
    from kehu_desktop.dto.visits import VisitDue
    from kehu_desktop.dto.visits import VisitView
    from kehu_desktop.dto.warnings import WarningView

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
