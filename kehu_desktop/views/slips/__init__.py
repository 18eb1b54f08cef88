"""Slips and printing jobs: the slip list, previews and printing off the GUI thread, printer
profiles, the Qt spooler.

The public face of the package: other packages import these names from here. They are loaded on
first use (PEP 562), so importing the package does not import every screen, and two areas whose
screens show each other's widgets do not import each other in a circle.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kehu_desktop.views.slips.print_jobs import PrintJobRunner
    from kehu_desktop.views.slips.qt_spooler import default_spooler
    from kehu_desktop.views.slips.slip_issued import SlipIssuedBar
    from kehu_desktop.views.slips.slip_model import kind_label
    from kehu_desktop.views.slips.slips_view import SlipsView

__all__ = [
    "PrintJobRunner",
    "SlipIssuedBar",
    "SlipsView",
    "default_spooler",
    "kind_label",
]

_HOME = {
    "PrintJobRunner": "print_jobs",
    "SlipIssuedBar": "slip_issued",
    "SlipsView": "slips_view",
    "default_spooler": "qt_spooler",
    "kind_label": "slip_model",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
