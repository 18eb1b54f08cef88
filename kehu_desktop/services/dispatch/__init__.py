"""Dispatch and release (step 6): dispatch notes from request to return, and the release with its
credit check (``release_dispatch``).
"""

from __future__ import annotations

from kehu_desktop.domain.money import (
    CENT,
    line_amount,
)
from kehu_desktop.dto import (
    APPROVAL_MODES,
    CANCELLABLE,
    RELEASED_NOT_SLIPPED,
    SALE_KINDS,
    STATUSES,
    DispatchLineInput,
    DispatchLineView,
    DispatchRequest,
    DispatchRow,
    DispatchView,
    LineInput,
    MarketOfficeGoods,
    ReleaseResult,
    TemporaryReceiptView,
)
from kehu_desktop.services.base.locks import (
    lock_customer,
)
from kehu_desktop.services.dispatch.notes import (
    approve_dispatch,
    assign_driver,
    cancel_dispatch,
    complete_signature,
    confirm_delivery,
    park_at_market_office,
    record_note_returned,
)
from kehu_desktop.services.dispatch.queries import (
    as_uuid,
    check_state,
    dispatch_view,
    get_dispatch,
    list_dispatches,
    load_note,
    market_office_goods,
    signatures_owed,
    touch,
    visible,
)
from kehu_desktop.services.dispatch.release import (
    preview_release,
    release_dispatch,
)
from kehu_desktop.services.dispatch.request import (
    request_dispatch,
)

__all__ = [
    "APPROVAL_MODES",
    "CANCELLABLE",
    "CENT",
    "DispatchLineInput",
    "DispatchLineView",
    "DispatchRequest",
    "DispatchRow",
    "DispatchView",
    "LineInput",
    "MarketOfficeGoods",
    "RELEASED_NOT_SLIPPED",
    "ReleaseResult",
    "SALE_KINDS",
    "STATUSES",
    "TemporaryReceiptView",
    "approve_dispatch",
    "as_uuid",
    "assign_driver",
    "cancel_dispatch",
    "check_state",
    "complete_signature",
    "confirm_delivery",
    "dispatch_view",
    "get_dispatch",
    "line_amount",
    "list_dispatches",
    "load_note",
    "lock_customer",
    "market_office_goods",
    "park_at_market_office",
    "preview_release",
    "record_note_returned",
    "release_dispatch",
    "request_dispatch",
    "signatures_owed",
    "touch",
    "visible",
]
