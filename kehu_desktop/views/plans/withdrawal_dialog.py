"""Proposing to withdraw a dealership from 计划完成情况 (step 8 into step 1's chain): the sales
manager's reason, prefilled with the months below plan when the row is flagged, which he may
change or replace (a proposal may have other reasons). OK runs the withdrawal service on the
worker; a refusal shows at the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kehu_desktop.dto import PlanActual
from kehu_desktop.services import plans
from kehu_desktop.services.customers import propose_withdrawal
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.kit.service_dialog import text_box


class WithdrawalDialog(ServiceDialog):
    """The reason for withdrawing ``actual``'s customer, sent to the branch GM for review."""

    def __init__(self, ctx: AppContext, actual: PlanActual, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self._actual = actual
        self.setWindowTitle(self.tr("Propose withdrawing the dealership"))
        self.set_intro(
            self.tr(
                "%1: the proposal goes to the branch GM for review, then to head office, whose "
                "approval terminates the customer. It stays selected until then."
            ).replace("%1", actual.customer_name)
        )
        self.reason = text_box(self, 120)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Why the dealership should be withdrawn"))
        if actual.withdraw:
            self.reason.setPlainText(plans.withdrawal_reason(actual))
        self.add_field("reason", self.tr("Reason"), self.reason)
        self.ok_button.setText(self.tr("Propose"))

    def submit(self) -> None:
        ctx = self._ctx
        self.run(
            propose_withdrawal,
            ctx.db,
            ctx.actor,
            self._actual.customer_id,
            self.reason.toPlainText(),
        )
