"""The branch as the seller on its slips (供货单位: company, address, phone, 药品经营许可证号).

Opened from the slips screen by an administrator (``seller.edit``; the service checks it too).
The current details are loaded on the DB worker first; OK saves them through services.seller.
Slips issued afterwards print the new details, slips already issued keep theirs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop.services.slips import SellerInput
from kehu_desktop.services.slips import SellerView
from kehu_desktop.services.slips import seller
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.service_dialog import ServiceDialog


class SellerDialog(ServiceDialog):
    """Edit the seller details; ``loaded`` is True once the current ones are on screen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Seller on the slips"))
        self.set_intro(
            self.tr(
                "Printed at the top of every slip (随货同行单) issued from now on. Slips already "
                "issued keep what they printed."
            )
        )
        self.loaded = False
        self.inputs: dict[str, QLineEdit] = {}
        for name, label, hint in (
            ("company_name", self.tr("Company"), self.tr("e.g. 华东康健医药股份有限公司")),
            ("address", self.tr("Address"), ""),
            ("phone", self.tr("Phone"), self.tr("with area code, e.g. 021-56781234")),
            ("licence_no", self.tr("Drug-trade licence no."), self.tr("e.g. 沪AA0210001")),
        ):
            edit = QLineEdit(self)
            edit.setPlaceholderText(hint)
            self.inputs[name] = edit
            self.add_field(name, label, edit)
        self.ok_button.setEnabled(False)  # until the current details are shown
        ctx.call(
            seller.get_seller,
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _loaded(self, current: SellerView | None) -> None:
        if current is not None:
            for name, edit in self.inputs.items():
                edit.setText(str(getattr(current, name)))
        self.loaded = True
        self.ok_button.setEnabled(True)

    def _load_failed(self, exc: Exception) -> None:
        self.messages.show_message("error", error_text(exc))

    def seller_input(self) -> SellerInput:
        return SellerInput(**{name: edit.text() for name, edit in self.inputs.items()})

    def submit(self) -> None:
        self.run(seller.save_seller, self._ctx.db, self._ctx.actor, self.seller_input())
