"""The one table model of every list: rows of service dataclasses shown through column specs.

The columns are data (:class:`Column`: header, cell text, alignment, colour, sort key), so a
screen declares what it shows and :class:`TableModel` does the Qt side. The rows come either
whole (:meth:`TableModel.set_rows`, with an optional bold totals row) or a page at a time from a
``fetch(offset, limit, total)`` function that runs on the DB worker and answers a :class:`Page`.

Paging, like Camelot's collection proxy and Anki's browser table, never blocks the GUI:

- While the number of matching rows is unknown the model grows page by page through
  ``canFetchMore``/``fetchMore`` as the view scrolls (``Page.has_more`` says whether to go on).
- Once it is known (a page carries ``total``, or the optional ``count()`` comes back) the model
  has that many rows, so the scroll bar is true and the user can jump anywhere; a row whose page
  is not held shows "Loading…" and its page is asked for. At most ``max_pages`` pages are held;
  the least recently used are dropped and fetched again if needed.
- Sorting is done by the source: :meth:`TableModel.sort` hands the column's sort key to
  ``on_sort`` (the screen changes its query and refreshes).

Every answer is tagged with the generation of the query it was asked for, so a page that arrives
after a refresh is dropped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QWidget

from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.formatting import PLACEHOLDER
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import brush
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.worker import Task

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1  # the row's dataclass (None on the totals row)
IdRole = Qt.ItemDataRole.UserRole + 2  # the row's ``id``
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
PAGE_SIZE = 200
MAX_PAGES = 50  # 10,000 rows held at the most
T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """How one column shows a row.

    ``title`` is the header: an English source string translated under ``context`` each time it
    is shown (so a language switch shows at once), or, with no context, text already translated.
    """

    title: str
    text: Callable[[Any], str]
    right: bool = False  # right-aligned (amounts, counts)
    colour: Callable[[Any], str | None] | None = None  # foreground colour of the cell
    name: str = ""
    sort: str | None = None  # the source's sort key; None: the column does not sort
    context: str = ""

    @property
    def header(self) -> str:
        return QCoreApplication.translate(self.context, self.title) if self.context else self.title


def money_column(title: str, value: Callable[[Any], Decimal | None], name: str = "") -> Column:
    """An amount column: ¥, right-aligned, negative amounts in red."""

    def colour(row: Any) -> str | None:
        amount = value(row)
        return RED if amount is not None and amount < 0 else None

    return Column(title, lambda row: yuan(value(row)), right=True, colour=colour, name=name)


@dataclass(frozen=True)
class Page:
    """One answer of a fetch: ``rows`` from ``offset`` on; ``total`` when the source counts as
    it pages (None: unknown); ``has_more``: rows beyond these match too."""

    rows: Sequence[Any]
    offset: int
    total: int | None = None
    has_more: bool = False


Fetch = Callable[[int, int, int | None], Page]  # (offset, limit, total known) → Page


class TableModel(QAbstractTableModel):
    """Rows of any dataclass through :class:`Column` specs; whole or paged (module docstring)."""

    countChanged = Signal(int)  # the number of matching rows, once known
    pageLoaded = Signal(int)  # offset of a page that arrived
    loadFailed = Signal(object)  # the exception of a failed page or count

    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        *,
        ctx: AppContext | None = None,
        fetch: Fetch | None = None,
        count: Callable[[], int] | None = None,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        distinct: Callable[[Any], Hashable] | None = None,
        on_sort: Callable[[str, bool], None] | None = None,
        header_alignment: bool = False,
        loading_text: str = "",
        query: Any = None,
    ) -> None:
        """``fetch``/``count`` run on ``ctx.worker``. ``distinct``: while growing, drop a row
        whose key is already shown (offset paging shifts when a row is added meanwhile).
        ``header_alignment``: headers of right-aligned columns are right-aligned too.
        ``loading_text``: the placeholder of a row whose page is on its way. ``query``: what
        the fetch asks for (a frozen dataclass the screen replaces with :meth:`set_query`)."""
        super().__init__(parent)
        self._columns = list(columns)
        self._ctx = ctx
        self._source_fetch = fetch
        self._source_count = count
        self._page_size = page_size
        self._max_pages = max_pages
        self._distinct = distinct
        self._on_sort = on_sort
        self._header_alignment = header_alignment
        self._loading_text = loading_text
        self._query = query
        self._rows: list[Any] = []  # None: a row whose page is not held
        self._totals: list[str] | None = None
        self._pages: OrderedDict[int, None] = OrderedDict()  # offsets of held pages, LRU first
        self._tasks: dict[int, Task] = {}  # by offset
        self._count_task: Task | None = None
        self._generation = 0
        self._total: int | None = None
        self._has_more = False
        self._next_offset = 0  # where the source goes on while growing
        self._bold = QFont()
        self._bold.setBold(True)

    # --- the rows ------------------------------------------------------------------------------

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def total(self) -> int | None:
        """The number of matching rows, or None while it is unknown."""
        return self._total

    @property
    def loading(self) -> bool:
        return bool(self._tasks) or self._count_task is not None

    def rows(self) -> list[Any]:
        """The rows held, in order (pages not held are left out)."""
        return [row for row in self._rows if row is not None]

    def set_rows(self, rows: Sequence[Any], totals: Sequence[str] | None = None) -> None:
        """Show ``rows`` whole. ``totals``: one text per column for a last, bold row."""
        self._cancel()
        self.beginResetModel()
        self._generation += 1
        self._rows = list(rows)
        self._totals = list(totals) if totals is not None else None
        self._total = len(self._rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The row if it is held (never fetches)."""
        return self._row(row, fetch=False)

    def row_of(self, key: Any, attribute: str = "id") -> int | None:
        """The row whose ``attribute`` is ``key`` among the rows held, or None."""
        return next(
            (i for i, r in enumerate(self._rows) if r is not None and getattr(r, attribute) == key),
            None,
        )

    def column_named(self, name: str) -> int:
        return next(i for i, c in enumerate(self._columns) if c.name == name)

    def text(self, row: int, column: int) -> str:
        value = self.data(self.index(row, column))
        return "" if value is None else str(value)

    @property
    def query(self) -> Any:
        return self._query

    def set_query(self, query: Any) -> None:
        """Ask again with ``query`` if it differs from the one shown."""
        if query != self._query:
            self._query = query
            self.refresh()

    # --- paging --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Forget every row and ask again: the first page (and the count, if counted apart)."""
        self._cancel()
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._totals = None
        self._pages.clear()
        self._total = None
        self._has_more = True
        self._next_offset = 0
        self.endResetModel()
        self._request(0)
        if self._source_count is not None:
            self._request_count()

    def _cancel(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        if self._count_task is not None:
            self._count_task.cancel()
        self._tasks.clear()
        self._count_task = None

    def _request(self, offset: int) -> None:
        if offset in self._tasks or self._source_fetch is None or self._ctx is None:
            return
        self._tasks[offset] = self._ctx.worker.submit(
            self._source_fetch,
            offset,
            self._page_size,
            self._total,
            on_done=partial(weak_callback(self._arrived), self._generation, offset),
            on_error=partial(weak_callback(self._failed), self._generation, offset),
        )

    def _request_count(self) -> None:
        assert self._ctx is not None and self._source_count is not None
        self._count_task = self._ctx.worker.submit(
            self._source_count,
            on_done=partial(weak_callback(self._counted), self._generation),
            on_error=partial(weak_callback(self._failed), self._generation, None),
        )

    def _arrived(self, generation: int, offset: int, page: Page) -> None:
        if generation != self._generation:
            return
        self._tasks.pop(offset, None)
        rows = list(page.rows)
        if self._total is None and page.total is not None:  # the source counted
            self._total = page.total
            self._has_more = False
            self._resize(page.total)
            self.countChanged.emit(page.total)
        if self._total is None:  # growing: the rows go at the end
            self._next_offset = offset + len(rows)
            self._has_more = page.has_more
            if self._distinct is not None:
                seen = {self._distinct(r) for r in self._rows if r is not None}
                rows = [r for r in rows if self._distinct(r) not in seen]
            offset = len(self._rows)
            self._resize(offset + len(rows))
        elif not page.has_more and offset + len(rows) < len(self._rows):
            # Rows vanished since the count: believe the newer answer.
            self._total = offset + len(rows)
            self._resize(self._total)
            self.countChanged.emit(self._total)
        end = min(offset + len(rows), len(self._rows))
        self._rows[offset:end] = rows[: end - offset]
        self._hold(offset)
        if end > offset:
            self.dataChanged.emit(
                self.index(offset, 0), self.index(end - 1, len(self._columns) - 1)
            )
        self.pageLoaded.emit(page.offset)

    def _counted(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self._count_task = None
        self._total = count
        self._has_more = False
        self._resize(count)
        self.countChanged.emit(count)

    def _failed(self, generation: int, offset: int | None, exc: Exception) -> None:
        if generation != self._generation:
            return
        if offset is None:
            self._count_task = None
        else:
            self._tasks.pop(offset, None)
            if self._total is None:
                self._has_more = False
        self.loadFailed.emit(exc)

    def _hold(self, offset: int) -> None:
        """Note the page as used; drop the least recently used beyond ``max_pages`` (only once
        the count is known: a growing list is read again from its end, not from the middle)."""
        self._pages[offset] = None
        self._pages.move_to_end(offset)
        while self._total is not None and len(self._pages) > self._max_pages:
            dropped, _ = self._pages.popitem(last=False)
            end = min(dropped + self._page_size, len(self._rows))
            self._rows[dropped:end] = [None] * (end - dropped)

    def _resize(self, rows: int) -> None:
        held = len(self._rows)
        if rows > held:
            self.beginInsertRows(QModelIndex(), held, rows - 1)
            self._rows.extend([None] * (rows - held))
            self.endInsertRows()
        elif rows < held:
            self.beginRemoveRows(QModelIndex(), rows, held - 1)
            del self._rows[rows:]
            self.endRemoveRows()

    def _row(self, row: int, *, fetch: bool = True) -> Any:
        if not 0 <= row < len(self._rows):
            return None
        found = self._rows[row]
        start = row - row % self._page_size
        if found is None:
            if fetch:
                self._request(start)
        elif start in self._pages:
            self._pages.move_to_end(start)
        return found

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._totals is not None else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        if parent.isValid() or self._total is not None or not self._has_more:
            return False
        return self._next_offset not in self._tasks

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self._request(self._next_offset)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return str(section + 1)
            return None
        if not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.TextAlignmentRole and self._header_alignment and column.right:
            return int(RIGHT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if index.row() == len(self._rows) and self._totals is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._totals[index.column()]
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(RIGHT if column.right else LEFT)
            return None
        row = self._row(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self._loading_text or None
            if role == Qt.ItemDataRole.ForegroundRole and self._loading_text:
                return brush(PLACEHOLDER)
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = column.text(row)
            # The tooltip shows the whole text of a clipped cell.
            return text if role == Qt.ItemDataRole.DisplayRole else (text or None)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.right else LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return brush(colour) if colour else None
        if role == RowRole:
            return row
        if role == IdRole:
            return getattr(row, "id", None)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in the source by the column's key (the source adds a tie-breaker)."""
        if self._on_sort is None or not 0 <= column < len(self._columns):
            return
        key = self._columns[column].sort
        if key is not None:
            self._on_sort(key, order == Qt.SortOrder.DescendingOrder)


def make_table(
    parent: QWidget,
    name: str,
    model: QAbstractItemModel,
    *,
    stretch: int | Sequence[int] | None = None,
    widths: str | None = None,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    alternating: bool = True,
    centred: bool = True,
    wrap: bool = True,
) -> QTableView:
    """A read-only list: whole rows selected, no row numbers, columns fitted to their content and
    the widths the user sets kept under ``widths`` (default ``ledger/<name>``; "" fits nothing,
    for a list that sizes its own columns). Column ``stretch`` (e.g. the customer's name) gives
    way first when the table is narrow and is elided in the middle (views.column_widths)."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(wrap)
    table.verticalHeader().hide()
    if centred:
        table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    if widths != "":
        names = [] if stretch is None else [stretch] if isinstance(stretch, int) else stretch
        fit_columns(table, widths or f"ledger/{name}", names=names)
    return table


def selected_row(table: QTableView, kind: type[T]) -> T | None:
    """The row (a ``kind`` dataclass) of the table's first selected row, or None."""
    rows = table.selectionModel().selectedRows()
    found = rows[0].data(RowRole) if rows else None
    return found if isinstance(found, kind) else None


def offset_pages(fetch: Callable[[int, int], Sequence[Any]], *, probe: bool = False) -> Fetch:
    """A :data:`Fetch` from a service call that takes ``offset``/``limit`` and gives no count.
    ``probe``: ask for one row more than a page, so the last page is known without an empty
    call after it (``limit + 1``); otherwise a full page means "there may be more"."""

    def fetch_page(offset: int, limit: int, _total: int | None) -> Page:
        rows = list(fetch(offset, limit + 1 if probe else limit))
        if probe:
            return Page(rows[:limit], offset, has_more=len(rows) > limit)
        return Page(rows, offset, has_more=len(rows) >= limit)

    return fetch_page
