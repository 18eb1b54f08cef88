"""Slips and printing jobs: the slip list, previews and printing off the GUI thread, printer
profiles, the Qt spooler.

The package's public face (views.kit.lazy): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.views.kit.lazy import exports

if TYPE_CHECKING:
    from kehu_desktop.views.slips.print_jobs import PrintJobRunner as PrintJobRunner
    from kehu_desktop.views.slips.qt_spooler import default_spooler as default_spooler
    from kehu_desktop.views.slips.slip_issued import SlipIssuedBar as SlipIssuedBar
    from kehu_desktop.views.slips.slip_model import kind_label as kind_label
    from kehu_desktop.views.slips.slips_view import SlipsView as SlipsView

__getattr__ = exports(
    __name__,
    {
        "PrintJobRunner": "print_jobs",
        "SlipIssuedBar": "slip_issued",
        "SlipsView": "slips_view",
        "default_spooler": "qt_spooler",
        "kind_label": "slip_model",
    },
)
