"""Slips and printing jobs: issued slips (void, copy ③ returns), printer profiles and print jobs,
and the seller printed on every slip.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.domain.slip_rules import COPY3_DAYS_DEFAULT
from kehu_desktop.domain.slip_rules import COPY3_DAYS_SETTING
from kehu_desktop.dto import PrintOutcome
from kehu_desktop.dto import SellerView
from kehu_desktop.dto import SlipRow
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.slips.issued import KINDS
    from kehu_desktop.services.slips.issued import STATUSES
    from kehu_desktop.services.slips.issued import apply_credit_in
    from kehu_desktop.services.slips.issued import get_slip
    from kehu_desktop.services.slips.issued import issue_slip_in
    from kehu_desktop.services.slips.issued import list_slips
    from kehu_desktop.services.slips.issued import record_copy3_returned
    from kehu_desktop.services.slips.issued import slip_counts
    from kehu_desktop.services.slips.issued import slips_missing_copy3
    from kehu_desktop.services.slips.issued import void_slip
    from kehu_desktop.services.slips.printers import delete_profile
    from kehu_desktop.services.slips.printers import ensure_default_profiles
    from kehu_desktop.services.slips.printers import get_profile
    from kehu_desktop.services.slips.printers import list_profiles
    from kehu_desktop.services.slips.printers import print_history
    from kehu_desktop.services.slips.printers import print_slip
    from kehu_desktop.services.slips.printers import save_profile
    from kehu_desktop.services.slips.printers import slip_pdf_bytes
    from kehu_desktop.services.slips.seller import SellerInput
    from kehu_desktop.services.slips.seller import clean_seller
    from kehu_desktop.services.slips.seller import get_seller
    from kehu_desktop.services.slips.seller import save_seller
    from kehu_desktop.services.slips.seller import save_seller_in

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
