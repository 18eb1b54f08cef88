"""Dispatch and release: dispatch notes, the cashier desk, and the words of both (also shown in
the credit check and on slips).

The package's public face (views.kit.lazy): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.views.kit.lazy import exports

if TYPE_CHECKING:
    from kehu_desktop.views.dispatch.cashier_desk import CashierDeskView as CashierDeskView
    from kehu_desktop.views.dispatch.dispatch_terms import failure_text as failure_text
    from kehu_desktop.views.dispatch.dispatch_terms import (
        payment_terms_label as payment_terms_label,
    )
    from kehu_desktop.views.dispatch.dispatch_terms import sale_kind_label as sale_kind_label
    from kehu_desktop.views.dispatch.dispatch_terms import slip_kind_label as slip_kind_label
    from kehu_desktop.views.dispatch.dispatch_views import DispatchNotesView as DispatchNotesView

__getattr__ = exports(
    __name__,
    {
        "CashierDeskView": "cashier_desk",
        "DispatchNotesView": "dispatch_views",
        "failure_text": "dispatch_terms",
        "payment_terms_label": "dispatch_terms",
        "sale_kind_label": "dispatch_terms",
        "slip_kind_label": "dispatch_terms",
    },
)
