"""分支机构同步状态: head office watches its branches' sync (issue 8, head-office mode).

One row per branch (services.admin.branch_statuses, from head office's ``branch_sync``): code,
name, region, registration, last push and pull, the acknowledged seq, the pending count the
branch last reported, the lag, the last error. A registered branch that has not pushed or pulled
for more than a day, or never since it registered, is red: someone should call the branch.

The rows change when branches talk to the service (another process), never through this
program's writes, so the screen reads them again every minute while it is shown.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from kehu_desktop.dto import BranchStatus
from kehu_desktop.services.admin import branch_statuses
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import make_table

log = logging.getLogger(__name__)

CONTEXT = "BranchStatusColumns"
RELOAD_MS = 60_000
#: What a cell shows where there is nothing to show (no push yet, no lag before a first pull).
NONE = "—"


def _registration(row: BranchStatus) -> str:
    if row.registered:
        return QCoreApplication.translate("BranchStatusColumns", "Registered")
    if row.revoked_at is not None:
        return QCoreApplication.translate("BranchStatusColumns", "Revoked")
    return QCoreApplication.translate("BranchStatusColumns", "Not registered")


def _state(row: BranchStatus) -> str:
    if row.silence == "never":
        return QCoreApplication.translate("BranchStatusColumns", "Never synced")
    if row.silence == "silent":
        return QCoreApplication.translate("BranchStatusColumns", "Silent for over a day")
    return QCoreApplication.translate("BranchStatusColumns", "OK") if row.registered else ""


def _number(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def _time(value: Any) -> str:
    return local_time(value) or NONE


def _error(row: BranchStatus) -> str:
    if row.last_error_code is None:
        return ""
    when = local_time(row.last_error_at)
    text = f"{row.last_error_code}: {row.last_error_message or ''}".strip()
    return f"{when} {text}" if when else text


#: (name, title, cell text, right-aligned)
COLUMNS: tuple[tuple[str, str, Any, bool], ...] = (
    ("code", QT_TRANSLATE_NOOP("BranchStatusColumns", "Code"), lambda r: r.code, False),
    ("name", QT_TRANSLATE_NOOP("BranchStatusColumns", "Branch"), lambda r: r.name, False),
    ("region", QT_TRANSLATE_NOOP("BranchStatusColumns", "Region"), lambda r: r.region_name, False),
    (
        "registration",
        QT_TRANSLATE_NOOP("BranchStatusColumns", "Registration"),
        _registration,
        False,
    ),
    (
        "last_push",
        QT_TRANSLATE_NOOP("BranchStatusColumns", "Last push"),
        lambda r: _time(r.last_push_at),
        False,
    ),
    (
        "last_pull",
        QT_TRANSLATE_NOOP("BranchStatusColumns", "Last pull"),
        lambda r: _time(r.last_pull_at),
        False,
    ),
    (
        "acked_seq",
        QT_TRANSLATE_NOOP("BranchStatusColumns", "Acked seq"),
        lambda r: _number(r.acked_seq),
        True,
    ),
    (
        "pending",
        QT_TRANSLATE_NOOP("BranchStatusColumns", "Pending (reported)"),
        lambda r: _number(r.pending_reported),
        True,
    ),
    ("lag", QT_TRANSLATE_NOOP("BranchStatusColumns", "Lag"), lambda r: _number(r.lag), True),
    ("state", QT_TRANSLATE_NOOP("BranchStatusColumns", "Sync"), _state, False),
    ("last_error", QT_TRANSLATE_NOOP("BranchStatusColumns", "Last error"), _error, False),
)


def _red(row: BranchStatus) -> str | None:
    return RED if row.silence else None


def status_columns() -> list[Column]:
    return [
        Column(title, text, right=right, colour=_red, name=name, context=CONTEXT)
        for name, title, text, right in COLUMNS
    ]


class BranchStatusView(QWidget):
    """The table of every branch's sync, read on the DB worker; red rows for silent branches."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("branch_status")
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.banner = Banner(self)
        self.busy = BusyBar(self)
        self.model = TableModel(status_columns(), self)
        # A handful of rows: every column as wide as its content, the last error taking what
        # is left (elided; the cell's tooltip holds it whole), so the table never scrolls sideways.
        self.table = make_table(self, "branch_status", self.model, widths="")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        vbox(self.title, self.intro, self.banner, self.summary, self.busy, self.table, parent=self)
        self._timer = QTimer(self)
        self._timer.setInterval(RELOAD_MS)
        self._timer.timeout.connect(self.refresh)
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        self.title.setText(self.tr("Branch sync status"))
        self.intro.setText(
            self.tr(
                "Every branch head office serves: its registration, when it last sent its "
                "records (push) and fetched head office's (pull), and its last error. A red row "
                "is a branch that has not synced for more than a day, or never since it "
                "registered."
            )
        )

    def refresh(self) -> None:
        if self.busy.busy:
            return
        self.busy.start()
        self._ctx.call(branch_statuses, on_done=self._arrived, on_error=self._failed)

    def _arrived(self, rows: list[BranchStatus]) -> None:
        self.busy.finish()
        self.banner.clear()
        self.model.set_rows(rows)
        silent = sum(1 for r in rows if r.silence)
        text = self.tr("%1 branches, %2 registered").replace("%1", str(len(rows)))
        text = text.replace("%2", str(sum(1 for r in rows if r.registered)))
        if silent:
            text += self.tr("; %1 silent (red)").replace("%1", str(silent))
        self.summary.setText(text)

    def _failed(self, exc: Exception) -> None:
        self.busy.finish()
        log.error("cannot read the branches' sync status", exc_info=exc)
        self.banner.show_message("error", error_text(exc))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().hideEvent(event)
