"""Slips and printing jobs: issued slips (void, copy ③ returns), printer profiles and print jobs,
and the seller printed on every slip.
"""

from __future__ import annotations

from kehu_desktop.dto import (
    PrintOutcome,
    SellerView,
    SlipRow,
)
from kehu_desktop.services.slips.issued import (
    COPY3_DAYS_DEFAULT,
    COPY3_DAYS_SETTING,
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

__all__ = [
    "COPY3_DAYS_DEFAULT",
    "COPY3_DAYS_SETTING",
    "KINDS",
    "PrintOutcome",
    "STATUSES",
    "SellerInput",
    "SellerView",
    "SlipRow",
    "apply_credit_in",
    "clean_seller",
    "delete_profile",
    "ensure_default_profiles",
    "get_profile",
    "get_seller",
    "get_slip",
    "issue_slip_in",
    "list_profiles",
    "list_slips",
    "print_history",
    "print_slip",
    "record_copy3_returned",
    "save_profile",
    "save_seller",
    "save_seller_in",
    "slip_counts",
    "slip_pdf_bytes",
    "slips_missing_copy3",
    "void_slip",
]
