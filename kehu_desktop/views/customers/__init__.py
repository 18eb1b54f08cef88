"""Customers and selection: the customer list, the customer file, imports, approvals.

The public face of the package: other packages import these names from here. They are loaded on
first use (PEP 562), so importing the package does not import every screen, and two areas whose
screens show each other's widgets do not import each other in a circle.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kehu_desktop.views.customers.approvals import ApprovalsView
    from kehu_desktop.views.customers.customer_editor import CustomerEditor
    from kehu_desktop.views.customers.customer_list import CustomerListView

__all__ = [
    "ApprovalsView",
    "CustomerEditor",
    "CustomerListView",
]

_HOME = {
    "ApprovalsView": "approvals",
    "CustomerEditor": "customer_editor",
    "CustomerListView": "customer_list",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
