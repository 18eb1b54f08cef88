"""Payments and receivables (step 7): payments and their allocation to slips, remittances to head
office, and the receivables ledgers.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import METHODS
from kehu_desktop.dto import AllocationView
from kehu_desktop.dto import AppliedAllocation
from kehu_desktop.dto import BadDebtRow
from kehu_desktop.dto import CustomerBalance
from kehu_desktop.dto import MonthEndReceivables
from kehu_desktop.dto import OpenSlip
from kehu_desktop.dto import PaymentRow
from kehu_desktop.dto import PaymentView
from kehu_desktop.dto import ReceivableRow
from kehu_desktop.dto import RemittanceItemView
from kehu_desktop.dto import RemittanceView
from kehu_desktop.dto import UnremittedPayment
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.payments.common import LABELS
    from kehu_desktop.services.payments.common import MAX_AMOUNT
    from kehu_desktop.services.payments.common import PAYMENT_KIND
    from kehu_desktop.services.payments.common import REFERENCE_REQUIRED
    from kehu_desktop.services.payments.common import PaymentInput
    from kehu_desktop.services.payments.ledgers import bad_debts
    from kehu_desktop.services.payments.ledgers import month_end_receivables
    from kehu_desktop.services.payments.ledgers import outstanding
    from kehu_desktop.services.payments.ledgers import receivables
    from kehu_desktop.services.payments.ledgers import start_of_day
    from kehu_desktop.services.payments.ledgers import take_month_end_snapshot
    from kehu_desktop.services.payments.queries import find_payment
    from kehu_desktop.services.payments.queries import get_payment
    from kehu_desktop.services.payments.queries import list_payments
    from kehu_desktop.services.payments.queries import payment_receipt_pdf
    from kehu_desktop.services.payments.recording import allocate_open_credit
    from kehu_desktop.services.payments.recording import apply_open_credit
    from kehu_desktop.services.payments.recording import record_payment
    from kehu_desktop.services.payments.recording import reverse_payment
    from kehu_desktop.services.payments.remittances import REMITTANCE_KIND
    from kehu_desktop.services.payments.remittances import REMITTANCE_METHODS
    from kehu_desktop.services.payments.remittances import RemittanceInput
    from kehu_desktop.services.payments.remittances import list_remittances
    from kehu_desktop.services.payments.remittances import record_remittance
    from kehu_desktop.services.payments.remittances import remittance_levels
    from kehu_desktop.services.payments.remittances import remittances_due
    from kehu_desktop.services.payments.remittances import remittances_overdue
    from kehu_desktop.services.payments.remittances import unremitted_payments

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
