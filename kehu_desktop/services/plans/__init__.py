"""Distribution plans (分销计划表, step 8): the month's grid, the sales rep's progress, plan
against actual (also per product) and the withdrawal rule; month rules in ``domain.plans``.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import PlanActual
from kehu_desktop.dto import PlanInput
from kehu_desktop.dto import PlanLineInput
from kehu_desktop.dto import PlanRow
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.plans.grid import file_plans
    from kehu_desktop.services.plans.grid import log_progress
    from kehu_desktop.services.plans.grid import plan_grid
    from kehu_desktop.services.plans.grid import plan_vs_actual
    from kehu_desktop.services.plans.grid import plans_to_file
    from kehu_desktop.services.plans.grid import withdrawal_reason

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
