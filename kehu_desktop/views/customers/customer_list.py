"""The customer list screen: one search box, three filters, the paged table, and its actions."""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.dto import BranchView
from kehu_desktop.services.admin import setup
from kehu_desktop.services.customers import SEARCH_EXAMPLE
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.views.customers.customer_model import CHANNEL_LABELS
from kehu_desktop.views.customers.customer_model import CustomerTableModel
from kehu_desktop.views.customers.customer_model import channel_label
from kehu_desktop.views.kit.branch_filter import BranchFilter
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import show_error
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import search_timer
from kehu_desktop.views.kit.formatting import CUSTOMER_STATUS
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import make_table

# Widths in characters of the UI font; the address column takes what is left.
COLUMN_CHARS = (16, 12, 8, 0, 4, 7, 6)
ADDRESS_COLUMN = 3


class CustomerListView(QWidget):
    """Find, open, add, import and export customers. Every query runs on the DB worker.

    The commands (new, open, import, export) are methods; the main window offers them as
    actions in its menu and toolbar, shown only to roles that may use them.
    """

    customerOpened = Signal(object)  # the customer id (uuid.UUID) whose editor was opened
    exportFinished = Signal(str)  # the path written

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = CustomerTableModel(ctx, parent=self)

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        # The example is a constant that tests/test_demo.py searches in the demo branch.
        self.search_edit.setPlaceholderText(
            self.tr("Search: name, pinyin initials (e.g. %1), credit code or phone").replace(
                "%1", SEARCH_EXAMPLE
            )
        )
        self.search_edit.setMinimumWidth(360)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("All statuses"), None)
        for code in CUSTOMER_STATUS:
            self.status_combo.addItem(status_label("customer", code), code)
        self.channel_combo = QComboBox(self)
        self.channel_combo.addItem(self.tr("All channels"), None)
        for code in CHANNEL_LABELS:
            self.channel_combo.addItem(channel_label(code), code)
        self.office_combo = QComboBox(self)
        self.office_combo.addItem(self.tr("All market offices"), None)
        self.office_combo.setMinimumContentsLength(8)
        # Head office's list spans branches: a branch filter in place of the market offices
        # (each branch has its own), filled from the branches of the user's scope.
        self.branch_combo = BranchFilter(ctx, self)
        self.branch_combo.arrived.connect(self.model.set_branch_codes)
        self.office_combo.setVisible(not ctx.head_office)

        self.table = self._make_table()
        self.count_label = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = hbox(
            (self.search_edit, 3),
            self.status_combo,
            self.channel_combo,
            self.office_combo,
            self.branch_combo,
        )
        footer = hbox(self.count_label, None, self.message_label)
        vbox(filters, (self.table, 1), footer, parent=self)

        self._search_timer = search_timer(self.search_edit, self.apply_filters, self)
        self.search_edit.returnPressed.connect(self.apply_filters)
        for combo in (self.status_combo, self.channel_combo, self.office_combo, self.branch_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.table.activated.connect(self._open_index)
        self.model.countChanged.connect(self._show_count)
        self.model.modelReset.connect(self._counting)
        self.model.loadFailed.connect(self._load_failed)
        # After a change elsewhere: the row selected and the scroll position before the reload.
        self._keep: tuple[int, uuid.UUID | None, int | None] | None = None
        self.model.pageLoaded.connect(self._restore_place)
        ctx.worker.changesMade.connect(self._changes_made)

        self.model.refresh()
        if not ctx.head_office:
            ctx.call(
                setup.branch_view,
                on_done=self._offices_arrived,
                on_error=lambda _exc: None,
            )

    def _make_table(self) -> QTableView:
        table = make_table(self, "", self.model, widths="", centred=False, wrap=False)
        # Fixed row heights: the view never measures rows, which keeps 100k rows fast.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        metrics = table.fontMetrics()
        char = metrics.horizontalAdvance("中")
        # Channel and status hold fixed words: as wide as the longest in the UI language.
        words = {
            4: [channel_label(c) for c in CHANNEL_LABELS],
            5: [],
            6: [status_label("customer", c) for c in CUSTOMER_STATUS],
        }
        for column, chars in enumerate(COLUMN_CHARS):
            if chars:
                widest = max(
                    (metrics.horizontalAdvance(w) for w in words.get(column, [])), default=0
                )
                table.setColumnWidth(column, max(chars * char, widest) + 16)
        header.setSectionResizeMode(ADDRESS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(char * 3)
        table.setSortingEnabled(True)
        # A million rows: never measured; the names are elided in the middle, widths the user
        # drags are kept.
        fit_columns(table, "customers", names=[0], measure=False)
        # Shown over the empty table: an empty list must say why.
        self.empty_label = QLabel(table.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(mid); font-size: 13pt;")
        self.empty_label.hide()
        table.viewport().installEventFilter(self)
        return table

    # --- filters -------------------------------------------------------------------------------

    def current_query(self) -> CustomerQuery:
        return replace(
            self.model.query,
            search=self.search_edit.text().strip(),
            status=self.status_combo.currentData(),
            channel=self.channel_combo.currentData(),
            market_office_id=self.office_combo.currentData(),
            branch_id=self.branch_combo.currentData(),
        )

    def apply_filters(self) -> None:
        """Run the search now (the box waits for a pause in typing); a stale query is cancelled
        by the model before the new one is queued."""
        self._search_timer.stop()
        self.model.set_query(self.current_query())

    def _offices_arrived(self, branch: BranchView) -> None:
        for office in branch.market_offices:
            self.office_combo.addItem(office.name, office.id)

    def _counting(self) -> None:
        self.count_label.setText(self.tr("Counting…"))
        self.message_label.clear()
        self.empty_label.hide()

    def _show_count(self, count: int) -> None:
        query = self.model.query
        filtered = bool(
            query.search
            or query.status
            or query.channel
            or query.market_office_id
            or query.branch_id
        )
        if count:
            self.empty_label.hide()
        elif filtered:
            self._show_empty(self.tr("No customer matches the search and filters."))
        else:
            self._show_empty(self.tr("There are no customers yet."))
        if count == 1:
            self.count_label.setText(self.tr("1 customer"))
        else:
            self.count_label.setText(self.tr("%1 customers").replace("%1", f"{count:,}"))

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.setGeometry(self.table.viewport().rect())
        self.empty_label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        viewport = self.empty_label.parentWidget()
        if watched is viewport and event.type() == QEvent.Type.Resize:
            self.empty_label.setGeometry(viewport.rect())
        return super().eventFilter(watched, event)

    def _load_failed(self, exc: Exception) -> None:
        self.message_label.setText(error_text(exc))

    # --- actions -------------------------------------------------------------------------------

    def _changes_made(self, changes: Changes) -> None:
        """A customer was saved, imported, selected or given a grade or limit (here or on
        another screen): reload, keeping the place in the list."""
        if not changes.touches("customer", "customer_credit_data", "credit_grade", "credit_limit"):
            return
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else -1
        self._keep = (row, self.selected_customer_id(), self.table.verticalScrollBar().value())
        self.model.refresh()

    def _restore_place(self, _offset: int) -> None:
        if self._keep is None:
            return
        row, customer_id, scroll = self._keep
        if scroll is not None:  # the first page: back to where the user was (that page loads)
            self.table.verticalScrollBar().setValue(scroll)
        loaded = self.model.loaded_row(row) if row >= 0 else None
        if loaded is None and row >= 0 and self.model.loading:
            self._keep = (row, customer_id, None)  # its page is still on the way
            return
        self._keep = None
        if loaded is not None and loaded.id == customer_id:
            self.table.selectRow(row)

    def selected_customer_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.customer_id(index.row()) if index.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        customer_id = self.model.customer_id(index.row())
        if customer_id is not None:
            self.open_customer(customer_id)

    def open_selected(self) -> None:
        customer_id = self.selected_customer_id()
        if customer_id is not None:
            self.open_customer(customer_id)

    def new_customer(self) -> None:
        self.open_customer(None)

    def open_customer(self, customer_id: uuid.UUID | None) -> QWidget | None:
        try:
            # lazy: the screen may be missing
            from kehu_desktop.views.customers.customer_editor import CustomerEditor
        except ImportError:
            self.message_label.setText(self.tr("The customer editor is not available yet."))
            return None
        editor = CustomerEditor(self._ctx, customer_id, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.customerSaved.connect(self._customer_saved)
        editor.open()
        self.customerOpened.emit(customer_id)
        return editor

    def _customer_saved(self, _customer: Any) -> None:
        self.model.refresh()

    def import_customers(self) -> QWidget | None:
        try:
            # lazy: the screen may be missing
            from kehu_desktop.views.customers.import_dialog import ImportDialog
        except ImportError:
            self.message_label.setText(self.tr("Importing is not available yet."))
            return None
        dialog = ImportDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.model.refresh())
        dialog.open()
        return dialog

    def export_customers(self) -> None:
        xlsx, csv = self.tr("Excel workbook (*.xlsx)"), self.tr("CSV file (*.csv)")
        default = Path.home() / self.tr("customers-%1.xlsx").replace(
            "%1", self._ctx.db.clock.today().strftime("%Y%m%d")
        )
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export customers"), str(default), f"{xlsx};;{csv}"
        )
        if not path:
            return
        if chosen == csv and not path.lower().endswith(".csv"):
            path += ".csv"
        elif chosen == xlsx and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Export what the list shows (search, filters, order) on the DB worker."""
        try:
            from kehu_desktop.services.customers import exporting  # lazy: only an export needs it
        except ImportError:
            self.message_label.setText(self.tr("Exporting is not available yet."))
            return
        self.message_label.setText(self.tr("Exporting…"))
        self._ctx.call(
            exporting.export_customers,
            self.current_query(),
            path,
            on_done=partial(weak_callback(self._exported), path),
            on_error=self._export_failed,
        )

    def _exported(self, path: Path, count: object) -> None:
        self.message_label.setText(
            self.tr("Exported %1 customers to %2")
            .replace("%2", str(path))
            .replace("%1", str(count))
        )
        self.exportFinished.emit(str(path))

    def _export_failed(self, exc: Exception) -> None:
        self.message_label.clear()
        show_error(self, exc, self.tr("Export customers"))
