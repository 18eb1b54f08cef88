"""Visits (拜访, step 10): who is due to visit whom by the schedule, the visit log, and who is
behind; the rules are in ``domain.visits``.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import PersonVisits
from kehu_desktop.dto import VisitDue
from kehu_desktop.dto import VisitView
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.visits.log import overdue_by_person
    from kehu_desktop.services.visits.log import record_visit
    from kehu_desktop.services.visits.log import visit_schedule
    from kehu_desktop.services.visits.log import visits_due
    from kehu_desktop.services.visits.log import visits_of

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
