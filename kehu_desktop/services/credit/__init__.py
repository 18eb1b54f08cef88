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
* ``credit_position``: exposure and the credit position;
* ``rating_rules``: the versions of the rating's rule table (head office's);
* ``evaluations``: the monthly credit evaluation and its workflow (step 3).

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import ContractView
from kehu_desktop.dto import CreditExceptionView
from kehu_desktop.dto import CreditPosition
from kehu_desktop.dto import EvaluationForm
from kehu_desktop.dto import EvaluationView
from kehu_desktop.dto import Exposure
from kehu_desktop.dto import ExposureItem
from kehu_desktop.dto import GradeView
from kehu_desktop.dto import LimitView
from kehu_desktop.dto import RatingDue
from kehu_desktop.dto import RuleTableView
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.credit.common import REGION_ROLES
    from kehu_desktop.services.credit.common import RELEASED_STATUSES
    from kehu_desktop.services.credit.common import CreditRules
    from kehu_desktop.services.credit.common import benchmarks
    from kehu_desktop.services.credit.common import credit_setting
    from kehu_desktop.services.credit.common import load_credit_rules
    from kehu_desktop.services.credit.contracts import CONTRACT_LABELS
    from kehu_desktop.services.credit.contracts import MAX_SCAN_BYTES
    from kehu_desktop.services.credit.contracts import ContractInput
    from kehu_desktop.services.credit.contracts import clean_contract
    from kehu_desktop.services.credit.contracts import contract_scan
    from kehu_desktop.services.credit.contracts import contracts_of
    from kehu_desktop.services.credit.contracts import end_contract
    from kehu_desktop.services.credit.contracts import exceptions_of
    from kehu_desktop.services.credit.contracts import grant_credit_exception
    from kehu_desktop.services.credit.contracts import record_contract
    from kehu_desktop.services.credit.contracts import revoke_credit_exception
    from kehu_desktop.services.credit.evaluations import apply_evaluation_decisions
    from kehu_desktop.services.credit.evaluations import decide_evaluation
    from kehu_desktop.services.credit.evaluations import evaluation_form
    from kehu_desktop.services.credit.evaluations import evaluation_pdf
    from kehu_desktop.services.credit.evaluations import evaluations_of
    from kehu_desktop.services.credit.evaluations import file_evaluation
    from kehu_desktop.services.credit.evaluations import get_evaluation
    from kehu_desktop.services.credit.evaluations import month_evaluations
    from kehu_desktop.services.credit.evaluations import pending_evaluations
    from kehu_desktop.services.credit.evaluations import rating_due
    from kehu_desktop.services.credit.evaluations import review_evaluation
    from kehu_desktop.services.credit.grades_limits import apply_limit
    from kehu_desktop.services.credit.grades_limits import apply_limit_decisions
    from kehu_desktop.services.credit.grades_limits import approved_limit
    from kehu_desktop.services.credit.grades_limits import decide_limit
    from kehu_desktop.services.credit.grades_limits import grade_history
    from kehu_desktop.services.credit.grades_limits import grade_on
    from kehu_desktop.services.credit.grades_limits import limits_of
    from kehu_desktop.services.credit.grades_limits import pending_limits
    from kehu_desktop.services.credit.grades_limits import set_grade
    from kehu_desktop.services.credit.position import credit_position
    from kehu_desktop.services.credit.position import credit_position_in
    from kehu_desktop.services.credit.position import exposure_in
    from kehu_desktop.services.credit.rating_rules import rule_table
    from kehu_desktop.services.credit.rating_rules import rule_table_versions
    from kehu_desktop.services.credit.rating_rules import rules_in_force
    from kehu_desktop.services.credit.rating_rules import save_rule_table

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
