"""Dispatch and release: dispatch notes, the cashier desk, and the words of both (also shown in
the credit check and on slips).

The public face of the package: other packages import these names from here. They are loaded on
first use (PEP 562), so importing the package does not import every screen, and two areas whose
screens show each other's widgets do not import each other in a circle.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kehu_desktop.views.dispatch.cashier_desk import CashierDeskView
    from kehu_desktop.views.dispatch.dispatch_terms import (
        failure_text,
        payment_terms_label,
        sale_kind_label,
        slip_kind_label,
    )
    from kehu_desktop.views.dispatch.dispatch_views import DispatchNotesView

__all__ = [
    "CashierDeskView",
    "DispatchNotesView",
    "failure_text",
    "payment_terms_label",
    "sale_kind_label",
    "slip_kind_label",
]

_HOME = {
    "CashierDeskView": "cashier_desk",
    "DispatchNotesView": "dispatch_views",
    "failure_text": "dispatch_terms",
    "payment_terms_label": "dispatch_terms",
    "sale_kind_label": "dispatch_terms",
    "slip_kind_label": "dispatch_terms",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
