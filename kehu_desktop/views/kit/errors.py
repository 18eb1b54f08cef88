"""Showing errors to the user: KehuError messages, field errors next to their fields.

Services raise :class:`KehuError` with a message already in the user's language. Anything else is
a bug or an environment problem: the user gets a short apology and the details to pass on.
"""

from __future__ import annotations

import errno
import logging
import traceback
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.logs import log_file

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b3261e;"


def weak_callback(method: Callable[..., Any]) -> Callable[..., None]:
    """A callback for ``DbWorker.submit`` that does not keep its widget alive.

    The worker thread drops its task (and so the callbacks) after running it. If that dropped
    the last reference to a Python-owned widget or model, Qt would destroy it on the worker
    thread and crash; it also keeps closed screens alive until their tasks end. A bound method
    of a QObject is held weakly; a result for a widget that is gone is ignored.
    """
    ref = weakref.WeakMethod(method)  # type: ignore[arg-type]

    def call(*args: Any) -> None:
        target = ref()
        owner = getattr(target, "__self__", None)
        # The Python wrapper may outlive its C++ widget (deleted by its parent): skip it too.
        if target is not None and (owner is None or shiboken6.isValid(owner)):
            target(*args)

    return call


def error_text(exc: BaseException) -> str:
    """One readable paragraph for ``exc``, in the user's language: a label never shows an
    exception's English text or a code (the details go to the log)."""
    if isinstance(exc, ValidationFailed):
        return "\n".join(e.message for e in exc.errors) or exc.message
    if isinstance(exc, KehuError):
        return exc.message
    log.error("unexpected error shown to the user", exc_info=exc)
    return unexpected_text(exc)


def unexpected_text(exc: BaseException) -> str:
    """What a user can act on for an error no service put into words: the kind of problem."""
    # QCoreApplication.translate spelt out each time: lupdate finds only that form.
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate(
            "ErrorMessages",
            "Access was refused: the file or folder is protected, or another program is using it.",
        )
    if isinstance(exc, FileNotFoundError):
        return QCoreApplication.translate(
            "ErrorMessages", "A file or folder was not found (moved, renamed or deleted?)."
        )
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return QCoreApplication.translate("ErrorMessages", "The disk is full.")
    if isinstance(exc, TimeoutError | ConnectionError):
        return QCoreApplication.translate(
            "ErrorMessages", "The connection failed or did not answer in time. Please try again."
        )
    if isinstance(exc, OSError):
        return QCoreApplication.translate(
            "ErrorMessages",
            "The computer reported a problem with a file, a device or the network. Please try "
            "again; if it persists, tell your administrator.",
        )
    return QCoreApplication.translate(
        "ErrorMessages",
        "An unexpected error occurred. Please tell your administrator (the details are in the "
        "log).",
    )


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """A modal message box for ``exc``: a warning for refusals, critical for unexpected errors.
    An unexpected error is logged with its traceback and offers 复制详细信息 (the technical text
    and where the log file is, to paste into a message to the administrator)."""
    box = QMessageBox(parent)
    box.setWindowTitle(title or QCoreApplication.translate("ErrorMessages", "Kehu"))
    if isinstance(exc, KehuError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(error_text(exc))
        box.exec()
        return
    log.error("unexpected error", exc_info=exc)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText(
        QCoreApplication.translate(
            "ErrorMessages", "An unexpected error occurred. Please tell your administrator."
        )
    )
    box.setInformativeText(unexpected_text(exc))
    details = error_details(exc)
    # For the administrator, behind "Show details": the technical text, as Python gave it.
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    copy = box.addButton(
        QCoreApplication.translate("ErrorMessages", "Copy details"),
        QMessageBox.ButtonRole.ActionRole,
    )
    copy.setObjectName("copy_details")
    while True:  # a click on any button closes a message box: copying opens it again
        box.exec()
        if box.clickedButton() is not copy:
            break
        QGuiApplication.clipboard().setText(details)


def error_details(exc: BaseException) -> str:
    """The traceback, and where the log file is."""
    text = "".join(traceback.format_exception(exc))
    return text + QCoreApplication.translate("ErrorMessages", "\nThe log file: %1").replace(
        "%1", str(log_file())
    )


class FieldErrors:
    """Red messages under input fields, filled from ``ValidationFailed.errors``.

    ``add(name, label)`` binds a field's code name (as services use it: ``branch_code``,
    ``admin_password``...) to the QLabel placed under the field.
    """

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}

    @staticmethod
    def make_label(parent: QWidget | None = None) -> QLabel:
        label = QLabel(parent)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    def add(self, name: str, label: QLabel) -> QLabel:
        self._labels[name] = label
        return label

    def label(self, name: str) -> QLabel:
        return self._labels[name]

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()

    def set(self, name: str, message: str) -> bool:
        label = self._labels.get(name)
        if label is None:
            return False
        text = f"{label.text()}\n{message}" if label.text() else message
        label.setText(text)
        label.show()
        return True

    def show(self, errors: list[FieldError]) -> list[FieldError]:
        """Place every error next to its field; returns the errors that have no field here."""
        self.clear()
        return [e for e in errors if not self.set(e.field, e.message)]

    def text(self, name: str) -> str:
        label = self._labels.get(name)
        return label.text() if label is not None and not label.isHidden() else ""
