"""Payments and receivables: recording a payment, receipts, receivables, remittances.

The package's public face (views.kit.lazy): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.views.kit.lazy import exports

if TYPE_CHECKING:
    from kehu_desktop.views.payments.payments_view import PaymentsView as PaymentsView

__getattr__ = exports(
    __name__,
    {
        "PaymentsView": "payments_view",
    },
)
