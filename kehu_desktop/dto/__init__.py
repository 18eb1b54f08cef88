"""The data the layers hand each other: frozen dataclasses the services return and the views and
printing read. Below services and printing, above nothing but the domain: printing imports its
inputs from here, never from services.
"""

from __future__ import annotations

from kehu_desktop.dto.credit import (
    ContractView,
    CreditExceptionView,
    CreditPosition,
    Exposure,
    ExposureItem,
    GradeView,
    LimitView,
    OverdueSlip,
)
from kehu_desktop.dto.customers import (
    BranchView,
    ChangeFormEntryView,
    CustomerFile,
    CustomerPage,
    CustomerRow,
    MarketOfficeView,
    MonthlySalesRow,
    PrinterProfileView,
    SaveResult,
    SelectionStepView,
    SlipLineView,
    SlipView,
)
from kehu_desktop.dto.dispatch import (
    APPROVAL_MODES,
    CANCELLABLE,
    CENT,
    RELEASED_NOT_SLIPPED,
    SALE_KINDS,
    STATUSES,
    DispatchLineInput,
    DispatchLineView,
    DispatchRequest,
    DispatchRow,
    DispatchView,
    LineInput,
    MarketOfficeGoods,
    TemporaryReceiptView,
)

__all__ = [
    "APPROVAL_MODES",
    "BranchView",
    "CANCELLABLE",
    "CENT",
    "ChangeFormEntryView",
    "ContractView",
    "CreditExceptionView",
    "CreditPosition",
    "CustomerFile",
    "CustomerPage",
    "CustomerRow",
    "DispatchLineInput",
    "DispatchLineView",
    "DispatchRequest",
    "DispatchRow",
    "DispatchView",
    "Exposure",
    "ExposureItem",
    "GradeView",
    "LimitView",
    "LineInput",
    "MarketOfficeGoods",
    "MarketOfficeView",
    "MonthlySalesRow",
    "OverdueSlip",
    "PrinterProfileView",
    "RELEASED_NOT_SLIPPED",
    "SALE_KINDS",
    "STATUSES",
    "SaveResult",
    "SelectionStepView",
    "SlipLineView",
    "SlipView",
    "TemporaryReceiptView",
]
