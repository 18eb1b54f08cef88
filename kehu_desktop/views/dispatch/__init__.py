"""Dispatch and release: dispatch notes, the cashier desk, and the words of both (also shown in
the credit check and on slips).

The package's public face (kehu_desktop.faces): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.views.dispatch.cashier_desk import CashierDeskView
    from kehu_desktop.views.dispatch.dispatch_terms import failure_text
    from kehu_desktop.views.dispatch.dispatch_terms import (
        payment_terms_label as payment_terms_label,
    )
    from kehu_desktop.views.dispatch.dispatch_terms import sale_kind_label
    from kehu_desktop.views.dispatch.dispatch_terms import slip_kind_label
    from kehu_desktop.views.dispatch.dispatch_views import DispatchNotesView

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
