"""Column widths of every list, one rule for all: wide enough for what the rows hold, names elided
in the middle with the full text as a tooltip, resizable by the user and remembered.

``fit_columns(table, key, names=...)`` attaches a :class:`ColumnWidths` to a table:

* until the user resizes a column, the columns are sized from their content (the loaded rows and
  the title) whenever rows arrive or the table changes width; a column is never wider than
  :data:`WIDEST_CHARS` characters, a name column (customer, product) may be narrowed down to
  :data:`NAME_MIN_CHARS` when the table is too narrow for all of them; width to spare goes to
  the (first) name column, else to the last column;
* text that does not fit is elided in the middle (上海华东…有限公司: the start and the legal form
  stay readable) and its cell shows the full text as a tooltip;
* widths the user sets by dragging a column edge are kept in QSettings under
  ``columns/<key>`` (window state, like the main window's geometry) and restored the next time
  the list opens; the header's context menu puts the automatic widths back.

A long list (the customer list) passes ``measure=False``: its widths come from the view, the
rows are never measured, and only eliding, tooltips and remembering apply.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QByteArray
from PySide6.QtCore import QEvent
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import QPoint
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QMenu
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QStyledItemDelegate
from PySide6.QtWidgets import QStyleOptionViewItem
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QToolTip
from PySide6.QtWidgets import QWidget

from kehu_desktop.views.kit import i18n

SETTINGS_PREFIX = "columns/"
WIDEST_CHARS = 30  # no column wider than this many Chinese characters when sized by content
NAME_CHARS = 24  # a name column sized by content: up to this wide
NAME_MIN_CHARS = 8  # ...and narrowed to no less than this when the table lacks room
PADDING = 10  # beside the text: a little air between columns

Index = QModelIndex | QPersistentModelIndex


def _text_width(view: QAbstractItemView, text: str) -> int:
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return view.fontMetrics().horizontalAdvance(text) + 2 * margin


class ElidedTextTips(QStyledItemDelegate):
    """The view's usual delegate, plus: a cell whose text is cut short shows it whole as its
    tooltip (when the model gives no tooltip of its own)."""

    def helpEvent(  # noqa: N802 - Qt override
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            text = full_text_tip(view, index)
            if text:
                QToolTip.showText(event.globalPos(), text, view.viewport())
                return True
        return super().helpEvent(event, view, option, index)


def full_text_tip(view: QAbstractItemView, index: Index) -> str:
    """The tooltip a cell shows: the model's own, else the cell's text when it is elided."""
    own = index.data(Qt.ItemDataRole.ToolTipRole)
    if own:
        return str(own)
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if text is None or text == "":
        return ""
    text = str(text)
    return text if _text_width(view, text) > view.visualRect(index).width() else ""


class ColumnWidths(QObject):
    """Sizes, elides and remembers the columns of one table (module docstring)."""

    def __init__(
        self,
        table: QTableView,
        key: str,
        *,
        names: Sequence[int] = (),
        measure: bool = True,
    ) -> None:
        super().__init__(table)
        self.table = table
        self.key = SETTINGS_PREFIX + key
        self.names = tuple(names)
        self.measure = measure
        self.user_sized = False  # the user dragged a column edge: keep their widths
        self._fitting = False
        self._pressed = False
        self._dragged = False
        self._last_width = -1
        header = table.horizontalHeader()
        if measure:  # otherwise the view keeps its own modes (e.g. a stretched address)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance("中") * 2 + 8)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sectionResized.connect(self._section_resized)
        # Kept here: events still arrive while the table itself is being destroyed.
        self._header_viewport = header.viewport()
        self._viewport = table.viewport()
        self._header_viewport.installEventFilter(self)
        self._viewport.installEventFilter(self)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setWordWrap(False)
        if type(table.itemDelegate()) is QStyledItemDelegate:
            table.setItemDelegate(ElidedTextTips(table))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self._changed)
        model.dataChanged.connect(self._changed)
        model.headerDataChanged.connect(self._changed)
        self.restore()
        self._changed()

    # --- remembering -------------------------------------------------------------------------

    def saved(self) -> list[int] | None:
        value = i18n.app_settings().value(self.key)
        if not isinstance(value, str) or not value:
            return None
        try:
            widths = [int(part) for part in value.split(",")]
        except ValueError:
            return None
        return widths if len(widths) == self.table.model().columnCount() else None

    def restore(self) -> bool:
        """Apply the widths the user set last time; False (and nothing changed) if there are
        none for this table as it is now (e.g. its columns changed in a new version)."""
        widths = self.saved()
        if widths is None:
            return False
        self.user_sized = True
        self._apply(widths)
        return True

    def save(self) -> None:
        header = self.table.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(header.count())]
        settings = i18n.app_settings()
        settings.setValue(self.key, ",".join(str(w) for w in widths))

    def reset(self) -> None:
        """Forget the user's widths: back to widths from the content."""
        i18n.app_settings().remove(self.key)
        self.user_sized = False
        self.fit()

    # --- sizing ------------------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if shiboken6.isValid(self._timer):
            self._timer.start()  # many rows or cells change at once: fit once, afterwards

    def fit(self) -> None:
        """Widths from the content (see the module docstring); nothing once the user set
        widths or for a table that is not measured."""
        if self.user_sized:
            self.restore()  # a model reset may have forgotten them
            return
        if not self.measure:
            return
        table, header = self.table, self.table.horizontalHeader()
        count = header.count()
        if count == 0:
            return
        char = table.fontMetrics().horizontalAdvance("中")
        widths = []
        for column in range(count):
            content = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
            cap = (NAME_CHARS if column in self.names else WIDEST_CHARS) * char
            widths.append(min(content + PADDING, cap))
        visible = [c for c in range(count) if not header.isSectionHidden(c)]
        over = sum(widths[c] for c in visible) - table.viewport().width()
        for column in self.names:  # too narrow for all: the names give way first
            if over <= 0:
                break
            floor = NAME_MIN_CHARS * char
            give = min(over, max(0, widths[column] - floor))
            widths[column] -= give
            over -= give
        shown_names = [c for c in self.names if c in visible and c != count - 1]
        if over < 0 and shown_names:  # room to spare: the name gets it, not the last column
            widths[shown_names[0]] -= over
        self._apply(widths)

    def _apply(self, widths: Sequence[int]) -> None:
        table, header = self.table, self.table.horizontalHeader()
        count = header.count()
        self._fitting = True
        try:
            if header.stretchLastSection() and count:
                # The stretched last column keeps the width it is given as its least: give it
                # what it holds first, then it takes what the others leave.
                last = count - 1
                content = max(table.sizeHintForColumn(last), header.sectionSizeHint(last))
                header.resizeSection(last, content + PADDING)
            for column, width in enumerate(widths[:count]):
                stretched = header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive
                last_one = header.stretchLastSection() and column == count - 1
                if not (stretched or last_one):
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    # --- the user's changes ------------------------------------------------------------------

    def _section_resized(self, _column: int, _old: int, _new: int) -> None:
        if self._pressed and not self._fitting:
            self._dragged = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if watched is self._header_viewport:
            if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                self._pressed = True
            elif kind == QEvent.Type.MouseButtonRelease:
                self._pressed = False
                if self._dragged:  # a column edge was dragged (or double-clicked): theirs now
                    self._dragged = False
                    self.user_sized = True
                    self.save()
        elif watched is self._viewport and kind == QEvent.Type.Resize:
            width = self._viewport.width()
            if width != self._last_width:
                self._last_width = width
                self._changed()
        return False

    def _header_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(header)
        action = menu.addAction(self.tr("Automatic column widths"))
        action.setEnabled(self.user_sized)
        action.triggered.connect(self.reset)
        menu.popup(header.mapToGlobal(pos))


def fit_columns(
    table: QTableView, key: str, *, names: Sequence[int] = (), measure: bool = True
) -> ColumnWidths:
    """Attach :class:`ColumnWidths` to ``table`` (after its model is set). ``key`` names the
    list in the settings (unique per list); ``names`` are the name columns."""
    widths = ColumnWidths(table, key, names=names, measure=measure)
    table.setProperty("column_widths_key", widths.key)
    return widths


def column_widths(table: QWidget) -> ColumnWidths | None:
    """The :class:`ColumnWidths` attached to ``table``, if any (for tests and screens)."""
    found = table.findChild(ColumnWidths, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found


def remember_splitter(splitter: QSplitter, key: str) -> None:
    """Keep where the user puts a splitter's handle (QSettings ``splitters/<key>``), like the
    column widths, and put it back there the next time the screen opens."""
    name = f"splitters/{key}"
    state = i18n.app_settings().value(name)
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)

    def moved(_pos: int, _index: int) -> None:
        i18n.app_settings().setValue(name, splitter.saveState())

    splitter.splitterMoved.connect(moved)
