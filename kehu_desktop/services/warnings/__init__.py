"""Early warnings (预警, step 9): the job that finds the conditions (``job``) and the owners'
response and closing (``handling``); the rules themselves are in ``domain.warnings``.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import WarningView
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.warnings.handling import answer
    from kehu_desktop.services.warnings.handling import apply_warning_answers
    from kehu_desktop.services.warnings.handling import close_warning
    from kehu_desktop.services.warnings.handling import list_warnings
    from kehu_desktop.services.warnings.handling import owns
    from kehu_desktop.services.warnings.handling import respond_in
    from kehu_desktop.services.warnings.handling import respond_warning
    from kehu_desktop.services.warnings.handling import warning_text
    from kehu_desktop.services.warnings.job import JobReport
    from kehu_desktop.services.warnings.job import run_warnings
    from kehu_desktop.services.warnings.job import warning_settings

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
