"""Customers and selection: the customer list, the customer file, imports, approvals.

The package's public face (kehu_desktop.faces): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.views.customers.approvals import ApprovalsView
    from kehu_desktop.views.customers.customer_editor import CustomerEditor
    from kehu_desktop.views.customers.customer_list import CustomerListView
    from kehu_desktop.views.customers.sales_report_view import SalesReportView

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
