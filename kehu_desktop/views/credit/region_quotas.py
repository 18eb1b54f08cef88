"""大区限额: head office's quotas per marketing region (head-office mode, issue 8).

Each region with its number of customers it may have selected (step 1) and its quota of
approved credit limits for the quarter (step 4), beside what its branches use now. The marketing
head sets the number of customers, finance (or the administrator) the credit quota; the services
check who may, the buttons only show to those who may.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.dto import RegionQuotaView
from kehu_desktop.services.admin import REGION_QUOTA_PREFIX
from kehu_desktop.services.admin import edit_setting
from kehu_desktop.services.admin import region_quotas
from kehu_desktop.services.admin import set_region_max_customers
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.formatting import plain_amount
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.table_model import selected_row

log = logging.getLogger(__name__)


def _no_limit() -> str:
    return QCoreApplication.translate("RegionQuotaColumns", "No limit")


COLUMNS: tuple[tuple[str, str, Any, bool], ...] = (
    ("code", QT_TRANSLATE_NOOP("RegionQuotaColumns", "Code"), lambda r: r.code, False),
    ("name", QT_TRANSLATE_NOOP("RegionQuotaColumns", "Region"), lambda r: r.name, False),
    (
        "branches",
        QT_TRANSLATE_NOOP("RegionQuotaColumns", "Branches"),
        lambda r: str(r.branches),
        True,
    ),
    (
        "max_customers",
        QT_TRANSLATE_NOOP("RegionQuotaColumns", "Customers allowed"),
        lambda r: _no_limit() if r.max_customers is None else f"{r.max_customers:,}",
        True,
    ),
    (
        "selected",
        QT_TRANSLATE_NOOP("RegionQuotaColumns", "Selected customers"),
        lambda r: f"{r.selected_customers:,}",
        True,
    ),
    ("quarter", QT_TRANSLATE_NOOP("RegionQuotaColumns", "Quarter"), lambda r: r.quarter, False),
    (
        "credit_quota",
        QT_TRANSLATE_NOOP("RegionQuotaColumns", "Credit quota (¥)"),
        lambda r: _no_limit() if r.credit_quota is None else plain_amount(r.credit_quota),
        True,
    ),
    (
        "approved",
        QT_TRANSLATE_NOOP("RegionQuotaColumns", "Approved this month (¥)"),
        lambda r: plain_amount(r.approved_this_month),
        True,
    ),
)


class MaxCustomersDialog(ServiceDialog):
    """How many customers the region may have selected; empty for no limit."""

    def __init__(self, ctx: AppContext, region: RegionQuotaView, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Customers allowed"), parent)
        self._region = region
        self.set_intro(
            self.tr("%1: approvals stop once this many of its customers are selected.").replace(
                "%1", region.name
            )
        )
        self.value = QLineEdit("" if region.max_customers is None else str(region.max_customers))
        self.value.setPlaceholderText(self.tr("empty: no limit"))
        self.add_field("max_customers", self.tr("Customers allowed"), self.value)

    def submit(self) -> None:
        ctx = self._ctx
        self.run(set_region_max_customers, ctx.db, ctx.actor, self._region.id, self.value.text())


class CreditQuotaDialog(ServiceDialog):
    """The region's quota of approved limits, one amount for every quarter."""

    def __init__(self, ctx: AppContext, region: RegionQuotaView, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Credit quota"), parent)
        self._region = region
        self._key = f"{REGION_QUOTA_PREFIX}{region.code}"
        self.FIELD_ALIASES = {self._key: "quota"}  # the setting's errors are named by its key
        self.set_intro(
            self.tr(
                "%1: the limits approved for a month may not add up to more than this (every "
                "quarter)."
            ).replace("%1", region.name)
        )
        quota = region.credit_quota
        self.value = QLineEdit("" if quota is None else f"{quota:.2f}")
        self.add_field("quota", self.tr("Credit quota (yuan)"), self.value)

    def submit(self) -> None:
        ctx = self._ctx
        self.run(edit_setting, ctx.db, ctx.actor, self._key, self.value.text())


class RegionQuotasView(QWidget):
    """The regions of the user's scope with their quotas; buttons for who may set them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("region_quotas")
        self.title = QLabel(self.tr("Region quotas"), self)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel(
            self.tr(
                "Head office sets how many customers each region may have selected and the "
                "quota of credit limits its branches may have approved; beside them, what the "
                "region uses now."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.banner = Banner(self)
        self.busy = BusyBar(self)
        self.model = TableModel(
            [
                Column(title, text, right=right, name=name, context="RegionQuotaColumns")
                for name, title, text, right in COLUMNS
            ],
            self,
        )
        self.table = make_table(self, "region_quotas", self.model, stretch=1)
        self.customers_button = push_button(
            self,
            self.tr("Set customers allowed…"),
            "set_max_customers",
            self._set_max_customers,
            visible=ctx.actor.can("region.set_quota"),
        )
        self.quota_button = push_button(
            self,
            self.tr("Set credit quota…"),
            "set_credit_quota",
            self._set_credit_quota,
            visible=ctx.actor.can("settings.edit"),
        )
        buttons = hbox(self.customers_button, self.quota_button, None)
        vbox(self.title, self.intro, self.banner, self.busy, self.table, buttons, parent=self)
        ctx.worker.changesMade.connect(self._changes_made)
        self.refresh()

    def refresh(self) -> None:
        if self.busy.busy:
            return
        self.busy.start()
        self._ctx.call(region_quotas, on_done=self._arrived, on_error=self._failed)

    def _arrived(self, rows: list[RegionQuotaView]) -> None:
        self.busy.finish()
        self.banner.clear()
        chosen = selected_row(self.table, RegionQuotaView)
        self.model.set_rows(rows)
        row = self.model.row_of(chosen.id) if chosen is not None else None
        self.table.selectRow(0 if row is None else row)

    def _failed(self, exc: Exception) -> None:
        self.busy.finish()
        log.error("cannot read the region quotas", exc_info=exc)
        self.banner.show_message("error", error_text(exc))

    def _changes_made(self, changes: Changes) -> None:
        if changes.touches("region", "setting", "customer", "credit_limit"):
            self.refresh()

    def _open(self, dialog: ServiceDialog) -> ServiceDialog:
        dialog.saved.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def _set_max_customers(self) -> ServiceDialog | None:
        region = selected_row(self.table, RegionQuotaView)
        return self._open(MaxCustomersDialog(self._ctx, region, self)) if region else None

    def _set_credit_quota(self) -> ServiceDialog | None:
        region = selected_row(self.table, RegionQuotaView)
        return self._open(CreditQuotaDialog(self._ctx, region, self)) if region else None
