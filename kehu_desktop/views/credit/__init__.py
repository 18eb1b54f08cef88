"""Credit: the customer's credit tab, credit limit decisions, the credit check panel of the
cashier desk.

The public face of the package: other packages import these names from here. They are loaded on
first use (PEP 562), so importing the package does not import every screen, and two areas whose
screens show each other's widgets do not import each other in a circle.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kehu_desktop.views.credit.credit_panel import CreditPanel
    from kehu_desktop.views.credit.exposure_panel import CreditCheckPanel
    from kehu_desktop.views.credit.limits_view import LimitsView

__all__ = [
    "CreditCheckPanel",
    "CreditPanel",
    "LimitsView",
]

_HOME = {
    "CreditCheckPanel": "exposure_panel",
    "CreditPanel": "credit_panel",
    "LimitsView": "limits_view",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
