"""Payments and receivables (step 7): payments and their allocation to slips, remittances to head
office, and the receivables ledgers.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
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

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
