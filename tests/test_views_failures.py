"""An unexpected error in the GUI (issue 10 §4): a Chinese message with 复制详细信息 instead of
dying, and the traceback in the log."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kehu_desktop.views.kit.errors import show_error
from tests.gui_support import chinese_catalogue  # noqa: F401 - a fixture chinese_ui uses
from tests.gui_support import chinese_ui  # noqa: F401 - a fixture
from tests.gui_support import save_screen


def _box() -> QMessageBox:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    return box


@pytest.mark.usefixtures("chinese_ui")
def test_an_unexpected_error_offers_its_details_to_copy(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    try:
        {}["missing"]  # noqa: B018 - the bug of the test
    except KeyError as exc:
        error = exc
    seen: dict[str, str] = {}
    QApplication.clipboard().clear()

    def copy_then_close() -> None:
        box = _box()
        seen["text"] = box.text()
        seen["informative"] = box.informativeText()
        copy = box.findChild(QPushButton, "copy_details")
        assert copy is not None
        seen["button"] = copy.text()
        save_screen(box, "unexpected-error")
        QTimer.singleShot(50, close)  # the box opens again after the copy
        copy.click()

    def close() -> None:
        seen["again"] = _box().text()
        _box().button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(50, copy_then_close)
    with caplog.at_level(logging.ERROR):
        show_error(None, error)
    assert seen["text"] == "发生了意外错误，请告知系统管理员。"
    assert seen["button"] == "复制详细信息" and seen["again"] == seen["text"]
    copied = QApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied and "KeyError: 'missing'" in copied
    assert "日志文件：" in copied and copied.rstrip().endswith("kehu.log")
    assert any(r.exc_info and r.exc_info[1] is error for r in caplog.records)
