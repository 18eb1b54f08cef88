"""我的待办: the first screen after sign-in (everyone but the clerk).

The package's public face (kehu_desktop.faces): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.views.my_work.my_work_view import WorkView

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
