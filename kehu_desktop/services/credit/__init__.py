"""Credit (steps 3-5 and 7): grades with history, monthly limits with approvals, contracts, the
branch GM's exceptions for non-state customers, and the credit position the cashier sees.

The rules themselves (who decides which grade, the caps, the quota) are in ``domain/credit.py``;
the services read and write the records. Every call is one transaction, checks the caller's
roles, audits every decision and writes an outbox row for every change of a branch's record.
:func:`credit_position_in` is the exception: it runs inside the caller's transaction (the release
service calls it with the customer locked) and opens none itself.

This module is the public face of the credit services; the code lives in its siblings:

* ``credit_common``: settings readers, benchmarks, :class:`CreditRules`, shared look-ups;
* ``credit_grades_limits``: grades (step 3), monthly limits and their decisions (step 4);
* ``contracts``: contracts (step 5) and credit exceptions (step 7);
* ``credit_position``: exposure and the credit position.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import (
    ContractView,
    CreditExceptionView,
    CreditPosition,
    Exposure,
    ExposureItem,
    GradeView,
    LimitView,
)
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.credit.common import (
        REGION_ROLES,
        RELEASED_STATUSES,
        CreditRules,
        benchmarks,
        credit_setting,
        load_credit_rules,
    )
    from kehu_desktop.services.credit.contracts import (
        CONTRACT_LABELS,
        MAX_SCAN_BYTES,
        ContractInput,
        clean_contract,
        contract_scan,
        contracts_of,
        end_contract,
        exceptions_of,
        grant_credit_exception,
        record_contract,
        revoke_credit_exception,
    )
    from kehu_desktop.services.credit.grades_limits import (
        apply_limit,
        approved_limit,
        decide_limit,
        grade_history,
        grade_on,
        limits_of,
        pending_limits,
        set_grade,
    )
    from kehu_desktop.services.credit.position import (
        credit_position,
        credit_position_in,
        exposure_in,
    )

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
