"""The cashier's release desk (出纳放行台): the heart of the product.

The driver brings an approved dispatch note; the cashier finds it in the list of notes waiting
for release, and before anything else sees the credit check as the release service would decide
it now (services.release.preview_release): the decision with every failed rule and its numbers,
the customer's credit position and the documents that make up the exposure. The Release button
is enabled only when the check allows it; there is no override, and the screen says so. The
release itself (services.release.release_dispatch) decides again inside its locked transaction,
so its answer, which may differ from the preview if someone else released meanwhile, is what
the screen shows afterwards.

Other tabs: notes out on the road (record the signed note returned), goods per market office,
signatures still owed. All database work runs on the DB worker.
"""

from __future__ import annotations

import logging
import uuid
from functools import partial

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.domain.credit_check import CreditDecision
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.services.dispatch import DispatchRow
from kehu_desktop.services.dispatch import ReleaseResult
from kehu_desktop.services.dispatch import preview_release
from kehu_desktop.services.dispatch import release_dispatch
from kehu_desktop.views.credit import CreditCheckPanel
from kehu_desktop.views.dispatch.cashier_tabs import MarketGoodsTab
from kehu_desktop.views.dispatch.cashier_tabs import NotesOutTab
from kehu_desktop.views.dispatch.cashier_tabs import SignaturesOwedTab
from kehu_desktop.views.dispatch.cashier_tabs import note_table
from kehu_desktop.views.dispatch.dispatch_model import CASHIER_COLUMNS
from kehu_desktop.views.dispatch.dispatch_model import PagedDispatchModel
from kehu_desktop.views.dispatch.dispatch_terms import failure_text
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import remember_splitter
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.field_widgets import search_timer
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.worker import Task

log = logging.getLogger(__name__)

WAITING_STATUSES = ("approved", "assigned")


class CashierDeskView(QWidget):
    """Release approved dispatch notes strictly within credit; register returned notes."""

    dispatchReleased = Signal(object)  # the DispatchView of a released note
    noteReturned = Signal(object)  # the DispatchView of a note recorded as returned

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._preview_task: Task | None = None
        self._previewed: DispatchRow | None = None  # the note whose check the panel shows
        self._releasing = False
        self._reselect: uuid.UUID | None = None
        self.can_release = ctx.actor.can("dispatch.release")
        self.setObjectName("cashier_desk")

        title = QLabel(self.tr("Cashier's release desk"), self)
        emphasise(title, 1.3)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Find a note: number or customer name"))
        self.search_edit.setMinimumWidth(300)
        self._search_timer = search_timer(self.search_edit, self._search, self)
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        top = hbox(title, None, self.search_edit, self.refresh_button)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)

        # The release tab: waiting notes on the left, the credit check on the right.
        self.model = PagedDispatchModel(ctx, WAITING_STATUSES, CASHIER_COLUMNS, self)
        self.model.pageLoaded.connect(self._page_loaded)
        self.model.loadFailed.connect(self._failed)
        self.model.modelReset.connect(self._selection_changed)
        self.table = note_table(self, "waiting", self.model)
        self.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._selection_changed()
        )
        self.panel = CreditCheckPanel(self)
        self.release_button = push_button(self, self.tr("Release"), "release")
        emphasise(self.release_button, 1.2)
        self.release_button.setMinimumHeight(40)
        self.release_button.setStyleSheet(
            "QPushButton:enabled { background: #2e7d32; color: white; border-radius: 4px; }"
        )
        self.release_button.clicked.connect(self.release)
        self.release_hint = QLabel(self)
        self.release_hint.setObjectName("release_hint")
        self.release_hint.setWordWrap(True)
        right = QWidget(self)
        vbox((self.panel, 1), self.release_hint, self.release_button, parent=right, margins=0)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # The list gets the larger part: at 1366 × 768 the customers' names fit beside the
        # whole credit check. Where the cashier moves the handle is kept.
        splitter.setSizes([600, 400])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        remember_splitter(splitter, "cashier_desk")

        self.notes_out = NotesOutTab(ctx, self)
        self.goods = MarketGoodsTab(ctx, self)
        self.owed = SignaturesOwedTab(ctx, self)
        for tab in (self.notes_out, self.goods, self.owed):
            tab.messageShown.connect(self._show_message)
        self.notes_out.noteReturned.connect(self._note_returned)
        self.owed.countChanged.connect(self._owed_counted)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(splitter, self.tr("Awaiting release"))
        self.tabs.addTab(self.notes_out, self.tr("Notes out (to return)"))
        self.tabs.addTab(self.goods, self.tr("Goods per market office"))
        self.tabs.addTab(self.owed, self.tr("Signatures owed"))

        vbox(top, self.busy_bar, self.messages, (self.tabs, 1), parent=self)
        ctx.worker.busyChanged.connect(self._busy_changed)
        ctx.worker.changesMade.connect(self._changes_made)
        self._enable_release()
        self.refresh()

    # --- loading -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return (
            self.model.loading
            or self._preview_task is not None
            or self._releasing
            or self.notes_out.busy
            or self.goods.busy
            or self.owed.busy
            or self._ctx.worker.busy
        )

    def _busy_changed(self, _busy: bool) -> None:
        self.busy_bar.setVisible(self._ctx.worker.busy)

    def _changes_made(self, changes: Changes) -> None:
        """Notes, slips or money changed (here or on another screen): the lists follow."""
        if changes.touches("dispatch_note", "slip", "payment", "temporary_receipt"):
            pending = self._reselect  # a note still to select again from an earlier reload
            self.refresh()
            self._reselect = self._reselect or pending

    def refresh(self, *, keep_selection: bool = True) -> None:
        """Reload every list; the selected note stays selected and is checked again."""
        current = self.selected_note() if keep_selection else None
        self._reselect = current.id if current is not None else None
        self.model.set_filter(WAITING_STATUSES, self.search_edit.text())
        self.notes_out.search(self.search_edit.text())
        self.goods.refresh()
        self.owed.refresh()

    def _search(self) -> None:
        self.model.set_filter(WAITING_STATUSES, self.search_edit.text())
        self.notes_out.search(self.search_edit.text())

    def _page_loaded(self, offset: int) -> None:
        count = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.tabs.setTabText(
            0, self.tr("Awaiting release ({count})").format(count=f"{count}{more}")
        )
        if self._reselect is not None and (
            self.select_note(self._reselect) or not self.model.canFetchMore()
        ):
            self._reselect = None  # selected again, or gone from the list
        # The driver's note typed in the search box: select it straight away.
        elif offset == 0 and count == 1 and self.search_edit.text().strip():
            self.table.selectRow(0)

    def _owed_counted(self, count: int) -> None:
        self.tabs.setTabText(3, self.tr("Signatures owed ({count})").format(count=count))

    def _failed(self, exc: Exception) -> None:
        if not isinstance(exc, KehuError):
            log.error("cashier desk: background task failed", exc_info=exc)
        self._show_message("error", error_text(exc))

    def _show_message(self, kind: str, text: str) -> None:
        self.messages.show_message(kind, text)

    # --- the preview -------------------------------------------------------------------------

    def selected_note(self) -> DispatchRow | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selection_changed(self) -> None:
        row = self.selected_note()
        if self._preview_task is not None:
            self._preview_task.cancel()
            self._preview_task = None
        self._previewed = None
        if row is None:
            self.panel.clear(self.tr("Select a dispatch note to see the credit check."))
            self._enable_release()
            return
        self.panel.show_loading(row)
        self._enable_release()
        self._preview_task = self._ctx.call(
            preview_release,
            row.id,
            on_done=partial(weak_callback(self._previewed_arrived), row),
            on_error=self._preview_failed,
        )

    def _previewed_arrived(self, row: DispatchRow, decision: CreditDecision) -> None:
        self._preview_task = None
        current = self.selected_note()
        if current is None or current.id != row.id:
            return
        self._previewed = row
        self.panel.show_decision(row, decision)
        self._enable_release()

    def _preview_failed(self, exc: Exception) -> None:
        self._preview_task = None
        self.panel.clear(
            self.tr("The credit check could not be run: {reason}").format(reason=error_text(exc))
        )
        self._failed(exc)
        self._enable_release()

    def _enable_release(self) -> None:
        row = self._previewed
        decision = self.panel.decision
        allowed = bool(row is not None and decision is not None and decision.allowed)
        self.release_button.setEnabled(allowed and self.can_release and not self._releasing)
        self.release_button.setText(
            self.tr("Release {number}").format(number=row.number)
            if row is not None
            else self.tr("Release")
        )
        if not self.can_release:
            hint, colour = self.tr("Only the cashier releases goods."), "#555"
        elif row is None:
            hint, colour = "", "#555"
        elif not allowed and self.panel.payment_owed:
            hint, colour = (
                self.tr(
                    "Release is not possible: the cashier may not override the credit check. "
                    "The customer must first pay what it still owes."
                ),
                RED,
            )
        elif not allowed:
            hint, colour = (
                self.tr(
                    "Release is not possible: the cashier may not override the credit check. "
                    "Please have the authorised approver adjust the limit."
                ),
                RED,
            )
        else:
            hint, colour = (
                self.tr(
                    "Releasing checks the credit again at that moment; the result is shown here."
                ),
                "#555",
            )
        self.release_hint.setText(hint)
        self.release_hint.setStyleSheet(f"color: {colour};")
        self.release_hint.setVisible(bool(hint))

    # --- the release -------------------------------------------------------------------------

    def release(self) -> None:
        row = self._previewed
        decision = self.panel.decision
        if row is None or decision is None or not decision.allowed or self._releasing:
            return
        if not self.can_release:
            return
        self._releasing = True
        self.messages.clear()
        self._enable_release()
        self._ctx.call(
            release_dispatch,
            row.id,
            on_done=partial(weak_callback(self._release_done), row),
            on_error=self._release_failed,
        )

    def _release_done(self, row: DispatchRow, result: ReleaseResult) -> None:
        self._releasing = False
        if result.released:
            note = result.note
            warnings = [("", failure_text(w)) for w in result.decision.warnings]
            self.messages.show_message(
                "success",
                self.tr(
                    "Released {number} ({customer}, {amount}). Hand the goods to the driver "
                    "{driver}."
                ).format(
                    number=note.number,
                    customer=note.customer_name,
                    amount=yuan(note.total),
                    driver=note.driver or "-",
                ),
                warnings,
            )
            self.dispatchReleased.emit(note)
            self.search_edit.blockSignals(True)
            self.search_edit.clear()  # ready for the next driver's note
            self.search_edit.blockSignals(False)
            self.refresh(keep_selection=False)
            return
        # The check under the lock refused (someone else used the headroom meanwhile).
        self.panel.show_decision(row, result.decision)
        self.messages.show_message(
            "error",
            self.tr(
                "Not released: the check at the moment of release refused {number}. The situation "
                "changed since the preview; the reasons are shown below."
            ).format(number=row.number),
        )
        self._enable_release()

    def _release_failed(self, exc: Exception) -> None:
        self._releasing = False
        self._failed(exc)
        self.refresh()  # e.g. already released or cancelled by someone else

    def _note_returned(self, note: object) -> None:
        self.goods.refresh()
        self.noteReturned.emit(note)

    def select_note(self, note_id: uuid.UUID) -> bool:
        """Select the waiting note ``note_id`` if it is loaded (tests, and links from elsewhere)."""
        row = self.model.row_of(note_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True
