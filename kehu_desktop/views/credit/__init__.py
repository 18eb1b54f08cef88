"""Credit: the customer's credit tab, credit limit decisions, the credit check panel of the
cashier desk.

The package's public face (views.kit.lazy): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.views.kit.lazy import exports

if TYPE_CHECKING:
    from kehu_desktop.views.credit.credit_panel import CreditPanel as CreditPanel
    from kehu_desktop.views.credit.exposure_panel import CreditCheckPanel as CreditCheckPanel
    from kehu_desktop.views.credit.limits_view import LimitsView as LimitsView

__getattr__ = exports(
    __name__,
    {
        "CreditCheckPanel": "exposure_panel",
        "CreditPanel": "credit_panel",
        "LimitsView": "limits_view",
    },
)
