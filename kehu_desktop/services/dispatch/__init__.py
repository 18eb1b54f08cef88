"""Dispatch and release (step 6): dispatch notes from request to return, and the release with its
credit check (``release_dispatch``).

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.domain.money import CENT, line_amount
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
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
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
    from kehu_desktop.services.dispatch.release import preview_release, release_dispatch
    from kehu_desktop.services.dispatch.request import request_dispatch

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
