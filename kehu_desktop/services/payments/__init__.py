"""Payments and receivables (step 7): payments and their allocation to slips, remittances to head
office, and the receivables ledgers.
"""

from __future__ import annotations

from kehu_desktop.dto import (
    METHODS,
    AllocationView,
    AppliedAllocation,
    BadDebtRow,
    CustomerBalance,
    MonthEndReceivables,
    OpenSlip,
    PaymentRow,
    PaymentView,
    ReceivableRow,
    RemittanceItemView,
    RemittanceView,
    UnremittedPayment,
)
from kehu_desktop.services.payments.common import (
    LABELS,
    MAX_AMOUNT,
    PAYMENT_KIND,
    REFERENCE_REQUIRED,
    PaymentInput,
)
from kehu_desktop.services.payments.ledgers import (
    bad_debts,
    month_end_receivables,
    outstanding,
    receivables,
    start_of_day,
    take_month_end_snapshot,
)
from kehu_desktop.services.payments.queries import (
    find_payment,
    get_payment,
    list_payments,
    payment_receipt_pdf,
)
from kehu_desktop.services.payments.recording import (
    allocate_open_credit,
    apply_open_credit,
    record_payment,
    reverse_payment,
)
from kehu_desktop.services.payments.remittances import (
    REMITTANCE_KIND,
    REMITTANCE_METHODS,
    RemittanceInput,
    list_remittances,
    record_remittance,
    remittance_levels,
    remittances_due,
    remittances_overdue,
    unremitted_payments,
)

__all__ = [
    "AllocationView",
    "AppliedAllocation",
    "BadDebtRow",
    "CustomerBalance",
    "LABELS",
    "MAX_AMOUNT",
    "METHODS",
    "MonthEndReceivables",
    "OpenSlip",
    "PAYMENT_KIND",
    "PaymentInput",
    "PaymentRow",
    "PaymentView",
    "REFERENCE_REQUIRED",
    "REMITTANCE_KIND",
    "REMITTANCE_METHODS",
    "ReceivableRow",
    "RemittanceInput",
    "RemittanceItemView",
    "RemittanceView",
    "UnremittedPayment",
    "allocate_open_credit",
    "apply_open_credit",
    "bad_debts",
    "find_payment",
    "get_payment",
    "list_payments",
    "list_remittances",
    "month_end_receivables",
    "outstanding",
    "payment_receipt_pdf",
    "receivables",
    "record_payment",
    "record_remittance",
    "remittance_levels",
    "remittances_due",
    "remittances_overdue",
    "reverse_payment",
    "start_of_day",
    "take_month_end_snapshot",
    "unremitted_payments",
]
