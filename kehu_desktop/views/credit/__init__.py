"""Credit: the customer's credit tab, the credit evaluations, credit limit decisions, the credit
check panel of the cashier desk, the rating's rule table and its editor.

The package's public face (kehu_desktop.faces): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.views.credit.credit_panel import CreditPanel
    from kehu_desktop.views.credit.evaluations_view import EvaluationsView
    from kehu_desktop.views.credit.exposure_panel import CreditCheckPanel
    from kehu_desktop.views.credit.limits_view import LimitsView
    from kehu_desktop.views.credit.rating_rules_view import RatingRulesView
    from kehu_desktop.views.credit.region_quotas import RegionQuotasView

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
