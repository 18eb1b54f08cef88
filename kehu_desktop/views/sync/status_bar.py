"""The main window's sync indicator in the status bar: last successful sync, pending count, the
user's records head office returned (business rejections, docs/sync.md "Push") and the last
error (issue 8 item 6). It shows what :class:`SyncRunner` last read; the runner reads
again after each sync and after writes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget

from kehu_desktop import sync
from kehu_desktop.views.kit.formatting import MUTED
from kehu_desktop.views.kit.formatting import ORANGE
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.sync.runner import SyncRunner

#: The error is cut to this width (a long server message must not push the user's name off a
#: 1366-pixel screen); the tooltip shows it whole.
ERROR_WIDTH = 260
TIME_FORMAT = "%m-%d %H:%M"
TIP_LINES = 5  # rejections named in the tooltip; the dialog lists them all


def status_error(status: sync.SyncStatus | None, runner: SyncRunner) -> str:
    """The error to show: the one the sync recorded, else the last run's own failure."""
    recorded = status.last_error if status is not None else None
    return recorded or runner.last_failure or ""


class SyncIndicator(QWidget):
    """ "同步 12-02 14:32 · 待上传 3" and, when there is one, the last error in red."""

    def __init__(self, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_indicator")
        self._runner = runner
        self.text_label = QLabel(self)
        self.text_label.setObjectName("sync_text")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("sync_error")
        self.error_label.setStyleSheet(f"color: {RED};")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        self.full_error = ""
        self.rejections_label = QLabel(self)
        self.rejections_label.setObjectName("sync_rejections")
        self.rejections_label.setTextFormat(Qt.TextFormat.RichText)
        self.rejections_label.linkActivated.connect(self.show_rejections)
        self.rejections_label.hide()
        self.rejections_box: QMessageBox | None = None
        layout = hbox(
            self.text_label, self.rejections_label, self.error_label, parent=self, margins=0
        )
        layout.setContentsMargins(0, 0, 12, 0)  # apart from the user's name beside it
        runner.statusChanged.connect(self.show_status)
        runner.runningChanged.connect(self.show_status)
        runner.failed.connect(self.show_status)
        self.show_status()

    def show_status(self, *_ignored: object) -> None:
        runner = self._runner
        status = runner.status
        if status is None:
            self.text_label.setText(self.tr("Head-office sync: …"))
        elif not status.registered:
            self.text_label.setText(self.tr("Head-office sync: not registered"))
        else:
            when = status.last_sync_at
            last = local_time(when, TIME_FORMAT) if when else self.tr("never")
            text = (
                self.tr("Syncing… · pending: %2")
                if runner.running
                else self.tr("Last sync: %1 · pending: %2")
            )
            self.text_label.setText(text.replace("%1", last).replace("%2", str(status.pending)))
        self.text_label.setStyleSheet(
            f"color: {MUTED};" if status is None or not status.registered else ""
        )
        self.text_label.setToolTip(
            self.tr("Head office: %1 (branch %2)")
            .replace("%1", status.server_url or "")
            .replace("%2", status.branch_code or "")
            if status is not None and status.registered
            else ""
        )
        error = status_error(status, runner) if status is None or status.registered else ""
        self.full_error = error
        if error:
            shown = self.tr("Sync failed: %1").replace("%1", error)
            metrics = self.error_label.fontMetrics()
            self.error_label.setText(
                metrics.elidedText(shown, Qt.TextElideMode.ElideRight, ERROR_WIDTH)
            )
            self.error_label.setToolTip(shown)
        self.error_label.setVisible(bool(error))
        self._show_rejections_count()

    def _show_rejections_count(self) -> None:
        rejections = self._runner.rejections
        if rejections:
            text = html.escape(
                self.tr("Returned by head office: %1").replace("%1", str(len(rejections)))
            )
            self.rejections_label.setText(
                f'<a href="rejections" style="color: {ORANGE};">{text}</a>'
            )
            self.rejections_label.setToolTip(
                "\n".join(r.message for r in rejections[:TIP_LINES])
                + ("\n…" if len(rejections) > TIP_LINES else "")
            )
        self.rejections_label.setVisible(bool(rejections))

    def show_rejections(self, *_ignored: object) -> QMessageBox:
        """The user's records head office refused, with what it said; 知道了 marks them seen
        (a corrected record is simply saved again and goes up with the next sync)."""
        rejections = list(self._runner.rejections)
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Records returned by head office"))
        box.setText(
            self.tr(
                "Head office did not take these records. Correct each one and save it again: "
                "the corrected record goes up with the next sync."
            )
        )
        box.setInformativeText(
            "\n".join(
                f"{local_time(r.at, TIME_FORMAT)}  {r.table} {r.row_id}: {r.message}"
                for r in rejections
            )
        )
        seen = box.addButton(self.tr("Got it"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            if box.clickedButton() is seen:
                self._runner.mark_rejections_seen()

        box.finished.connect(answered)
        self.rejections_box = box
        box.open()
        return box
