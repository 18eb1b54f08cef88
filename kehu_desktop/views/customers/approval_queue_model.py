"""The short list of customers waiting for one selection step (a few dozen rows at most)."""

from __future__ import annotations

import uuid
from typing import Any

from kehu_desktop.dto import CustomerRow
from kehu_desktop.views.customers.customer_model import channel_label
from kehu_desktop.views.customers.customer_terms import field_label
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import IdRole
from kehu_desktop.views.kit.table_model import TableModel

COLUMNS = ("name", "uscc", "channel", "market_office", "status", "updated_at")
CustomerIdRole = IdRole


def _field(key: str) -> Column:
    return Column(field_label(key), lambda r: getattr(r, key) or "", name=key)


class ApprovalQueueModel(TableModel):
    """Read-only rows of :class:`CustomerRow`; sorted by a QSortFilterProxyModel in the view."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                _field("name"),
                _field("uscc"),
                Column(field_label("channel"), lambda r: channel_label(r.channel), name="channel"),
                _field("market_office"),
                Column(
                    QT_TRANSLATE_NOOP("ApprovalQueueModel", "Status"),
                    lambda r: status_label("customer", r.status),
                    name="status",
                    context="ApprovalQueueModel",
                ),
                Column(
                    QT_TRANSLATE_NOOP("ApprovalQueueModel", "Last change"),
                    lambda r: local_time(r.updated_at),
                    name="updated_at",
                    context="ApprovalQueueModel",
                ),
            ],
            parent,
        )

    def customer_id(self, row: int) -> uuid.UUID | None:
        found: CustomerRow | None = self.row_at(row)
        return found.id if found is not None else None
