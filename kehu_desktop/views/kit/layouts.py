"""Box layouts written as what they hold, top to bottom or left to right.

``vbox(a, b, (c, 1), None, d)``: ``a`` and ``b`` at their size, ``c`` taking the room left
(stretch 1), then a stretch, then ``d``. An item is a widget or a layout, optionally with its
stretch factor as a pair; ``None`` is a stretch. ``parent`` sets the layout on that widget.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

Item = QWidget | QLayout | tuple[QWidget | QLayout, int] | None


def _fill(layout: QBoxLayout, items: tuple[Item, ...], margins: int | None) -> None:
    if margins is not None:
        layout.setContentsMargins(margins, margins, margins, margins)
    for item in items:
        thing, stretch = item if isinstance(item, tuple) else (item, 0)
        if thing is None:
            layout.addStretch(1)
        elif isinstance(thing, QLayout):
            layout.addLayout(thing, stretch)
        else:
            layout.addWidget(thing, stretch)


def vbox(*items: Item, parent: QWidget | None = None, margins: int | None = None) -> QVBoxLayout:
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    _fill(layout, items, margins)
    return layout


def hbox(*items: Item, parent: QWidget | None = None, margins: int | None = None) -> QHBoxLayout:
    layout = QHBoxLayout(parent) if parent is not None else QHBoxLayout()
    _fill(layout, items, margins)
    return layout
