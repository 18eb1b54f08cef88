"""我的待办: one line per kind of work waiting for the signed-in user (approvals, warnings,
visits, signatures, copy ③, remittances…), with its count; a line opens its screen. The counts
also go to the navigation (``countsChanged``). What counts is the services' (services.my_work)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import KehuError
from kehu_desktop.services import my_work as work
from kehu_desktop.views.credit.credit_records import RED
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)


class WorkView(QWidget):
    """我的待办."""

    openScreen = Signal(str)  # the navigation key of the screen a line opens
    countsChanged = Signal(object)  # {screen key: count}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._items: list[work.WorkItem] = []
        self.setObjectName("work_view")
        title = QLabel(self.tr("My work"), self)
        emphasise(title, 1.15)
        self.greeting = QLabel(
            self.tr("{name}, this is what waits for you.").format(name=ctx.actor.display_name),
            self,
        )
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.list = QListWidget(self)
        self.list.setObjectName("work")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setStyleSheet("QListWidget::item { padding: 8px 4px; }")
        emphasise(self.list, 1.1)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._enable)
        self.empty = QLabel(self.tr("Nothing waits for you."), self)
        self.empty.setObjectName("empty")
        self.empty.hide()
        self.open_button = push_button(self, self.tr("Open"), "open", self.open_selected)
        vbox(
            hbox(title, self.greeting, None, self.refresh_button),
            self.busy_bar,
            self.messages,
            self.empty,
            (self.list, 1),
            hbox(self.open_button, None),
            parent=self,
        )
        self._enable()
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def items(self) -> list[work.WorkItem]:
        return self._items

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(work.my_work, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, items: list[work.WorkItem]) -> None:
        self._items = items
        self.list.clear()
        for item in items:
            text = item.text
            if item.urgent:
                text += self.tr(" — {count} overdue").format(count=item.urgent)
            line = QListWidgetItem(text)
            if item.urgent:
                line.setForeground(RED)
            self.list.addItem(line)
        self.empty.setVisible(not items)
        counts: dict[str, int] = {}
        for item in items:
            counts[item.screen] = counts.get(item.screen, 0) + item.count
        self.countsChanged.emit(counts)
        self.busy_bar.finish()
        self._enable()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if not isinstance(exc, KehuError):
            log.error("my work: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    def _enable(self) -> None:
        self.open_button.setEnabled(self.list.currentRow() >= 0)

    def open_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._items):
            self.openScreen.emit(self._items[row].screen)
