"""Buttons made in one call: text, object name (tests and style sheets find them by it), what a
click does, and the optional tooltip and visibility (a button the user's role may not use is
hidden, not disabled; ``visible=None`` leaves it as Qt made it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

Slot = Callable[..., Any] | SignalInstance  # a signal passes the click on


def _setup(
    button: QPushButton, name: str, slot: Slot | None, tip: str, visible: bool | None
) -> QPushButton:
    button.setObjectName(name)
    if slot is not None:
        button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    if visible is not None:
        button.setVisible(visible)
    return button


def push_button(
    parent: QWidget,
    text: str,
    name: str,
    slot: Slot | None = None,
    *,
    tip: str = "",
    visible: bool | None = None,
) -> QPushButton:
    """A push button on ``parent`` named ``name`` whose click calls ``slot``."""
    return _setup(QPushButton(text, parent), name, slot, tip, visible)


def box_button(
    box: QDialogButtonBox,
    text: str,
    role: QDialogButtonBox.ButtonRole,
    name: str,
    slot: Slot | None = None,
    *,
    tip: str = "",
    visible: bool | None = None,
) -> QPushButton:
    """A button of a dialog's button box, placed by ``role``, whose click calls ``slot``."""
    return _setup(box.addButton(text, role), name, slot, tip, visible)


def never_default(box: QDialogButtonBox) -> None:
    """Enter in a field must never press a button of ``box`` (save, print, close) by surprise."""
    for button in box.buttons():
        if isinstance(button, QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
