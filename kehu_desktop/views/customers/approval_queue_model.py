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

    def __init__(self, parent: Any = None, *, head_office: bool = False) -> None:
        self._branch_codes: dict[uuid.UUID, str] = {}
        # Head office decides for every branch: a column says whose customer each one is.
        branch = [
            Column(
                QT_TRANSLATE_NOOP("ApprovalQueueModel", "Branch"),
                lambda r: self._branch_codes.get(r.branch_id, "") if r.branch_id else "",
                name="branch",
                context="ApprovalQueueModel",
            )
        ]
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
                *(branch if head_office else []),
            ],
            parent,
        )

    def set_branch_codes(self, codes: dict[uuid.UUID, str]) -> None:
        """The branches' codes (services.admin.branches_in_scope) for the branch column."""
        self._branch_codes = dict(codes)
        column = self.columnCount() - 1
        if self.rowCount():
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def customer_id(self, row: int) -> uuid.UUID | None:
        found: CustomerRow | None = self.row_at(row)
        return found.id if found is not None else None
