"""Slips and printing jobs: the slip list, previews and printing off the GUI thread, printer
profiles, the Qt spooler.

The package's public face (kehu_desktop.faces): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.views.slips.print_jobs import PrintJobRunner
    from kehu_desktop.views.slips.qt_spooler import default_spooler
    from kehu_desktop.views.slips.slip_issued import SlipIssuedBar
    from kehu_desktop.views.slips.slip_model import kind_label
    from kehu_desktop.views.slips.slips_view import SlipsView

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
