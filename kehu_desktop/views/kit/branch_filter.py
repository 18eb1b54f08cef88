"""Head office's lists span branches: a combo of "all branches" and each branch of the user's
scope (services.admin.branches_in_scope), hidden at a branch. ``codes`` maps each branch's id to
its code once they have arrived, for a list's branch column (``arrived`` says when)."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QWidget

from kehu_desktop.dto import BranchChoice
from kehu_desktop.services.admin import branches_in_scope
from kehu_desktop.views.kit.context import AppContext

log = logging.getLogger(__name__)


class BranchFilter(QComboBox):
    arrived = Signal(object)  # dict: branch id → code

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("branch_filter")
        self.addItem(self.tr("All branches"), None)
        self.setMinimumContentsLength(8)
        self.codes: dict[uuid.UUID, str] = {}
        self.setVisible(ctx.head_office)
        if ctx.head_office:
            ctx.call(branches_in_scope, on_done=self._arrived, on_error=log.debug)

    @property
    def branch_id(self) -> uuid.UUID | None:
        """The branch chosen; None for all of them."""
        value = self.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def _arrived(self, branches: list[BranchChoice]) -> None:
        for branch in branches:
            self.addItem(f"{branch.code} {branch.name}", branch.id)
        self.codes = {b.id: b.code for b in branches}
        self.arrived.emit(self.codes)
