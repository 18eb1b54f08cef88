"""Dispatch and release (step 6): dispatch notes from request to return, and the release with its
credit check (``release_dispatch``).

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.domain.money import CENT
from kehu_desktop.domain.money import line_amount
from kehu_desktop.dto import APPROVAL_MODES
from kehu_desktop.dto import CANCELLABLE
from kehu_desktop.dto import RELEASED_NOT_SLIPPED
from kehu_desktop.dto import SALE_KINDS
from kehu_desktop.dto import STATUSES
from kehu_desktop.dto import DispatchLineInput
from kehu_desktop.dto import DispatchLineView
from kehu_desktop.dto import DispatchRequest
from kehu_desktop.dto import DispatchRow
from kehu_desktop.dto import DispatchView
from kehu_desktop.dto import LineInput
from kehu_desktop.dto import MarketOfficeGoods
from kehu_desktop.dto import ReleaseResult
from kehu_desktop.dto import TemporaryReceiptView
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.dispatch.notes import approve_dispatch
    from kehu_desktop.services.dispatch.notes import assign_driver
    from kehu_desktop.services.dispatch.notes import cancel_dispatch
    from kehu_desktop.services.dispatch.notes import complete_signature
    from kehu_desktop.services.dispatch.notes import confirm_delivery
    from kehu_desktop.services.dispatch.notes import park_at_market_office
    from kehu_desktop.services.dispatch.notes import record_note_returned
    from kehu_desktop.services.dispatch.queries import as_uuid
    from kehu_desktop.services.dispatch.queries import check_state
    from kehu_desktop.services.dispatch.queries import dispatch_view
    from kehu_desktop.services.dispatch.queries import get_dispatch
    from kehu_desktop.services.dispatch.queries import list_dispatches
    from kehu_desktop.services.dispatch.queries import load_note
    from kehu_desktop.services.dispatch.queries import market_office_goods
    from kehu_desktop.services.dispatch.queries import signatures_owed
    from kehu_desktop.services.dispatch.queries import touch
    from kehu_desktop.services.dispatch.queries import visible
    from kehu_desktop.services.dispatch.release import preview_release
    from kehu_desktop.services.dispatch.release import release_dispatch
    from kehu_desktop.services.dispatch.request import request_dispatch

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
