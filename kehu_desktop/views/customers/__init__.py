"""Customers and selection: the customer list, the customer file, imports, approvals.

The package's public face (views.kit.lazy): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.views.kit.lazy import exports

if TYPE_CHECKING:
    from kehu_desktop.views.customers.approvals import ApprovalsView as ApprovalsView
    from kehu_desktop.views.customers.customer_editor import CustomerEditor as CustomerEditor
    from kehu_desktop.views.customers.customer_list import CustomerListView as CustomerListView

__getattr__ = exports(
    __name__,
    {
        "ApprovalsView": "approvals",
        "CustomerEditor": "customer_editor",
        "CustomerListView": "customer_list",
    },
)
