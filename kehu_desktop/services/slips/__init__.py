"""Slips and printing jobs: issued slips (void, copy ③ returns), printer profiles and print jobs,
and the seller printed on every slip.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.domain.slip_rules import COPY3_DAYS_DEFAULT, COPY3_DAYS_SETTING
from kehu_desktop.dto import PrintOutcome, SellerView, SlipRow
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.slips.issued import (
        KINDS,
        STATUSES,
        apply_credit_in,
        get_slip,
        issue_slip_in,
        list_slips,
        record_copy3_returned,
        slip_counts,
        slips_missing_copy3,
        void_slip,
    )
    from kehu_desktop.services.slips.printers import (
        delete_profile,
        ensure_default_profiles,
        get_profile,
        list_profiles,
        print_history,
        print_slip,
        save_profile,
        slip_pdf_bytes,
    )
    from kehu_desktop.services.slips.seller import (
        SellerInput,
        clean_seller,
        get_seller,
        save_seller,
        save_seller_in,
    )

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
