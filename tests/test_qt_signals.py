"""Guards the Qt binding against a known PySide6 6.12 fault: emitting ``True`` through a
Python-defined signal dropped a reference to ``True`` each time, and Python 3.11 aborted with
"bool_dealloc" after a while (see pyproject.toml's pin). The worker emits busy flags constantly."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtCore import Signal


class _Emitter(QObject):
    flag = Signal(bool)
    value = Signal(object)


def test_emitting_true_keeps_its_reference_count(qapp: object) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.flag.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.flag.emit(True)
        emitter.value.emit(True)
    del received[:]
    # Other threads may hold a few references meanwhile; a leak would be 400 short.
    assert sys.getrefcount(True) >= before - 20
