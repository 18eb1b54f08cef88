"""Which branches' records an actor reads: the scope every list and look-up applies.

docs/roles.md: a branch user acts on their own branch, a regional role (marketing director,
regional manager) on the branches of their region, a head-office role on every branch. On a
branch's database only the branch's own records are there anyway; on head office's, which holds
the union of all branches (issue 8), this is what keeps a regional manager inside the region.

A list may narrow the scope to one branch (``branch_id``, the ``--branch CODE`` of ``kehu`` and
the branch filter of the head-office screens); narrowing never widens: a branch user asking for
another branch gets nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_
from sqlalchemy import false
from sqlalchemy import select

from kehu_desktop.domain.roles import HEAD_OFFICE_ROLES
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Branch
from kehu_desktop.services.base.context import Actor

#: Off-branch roles that see every branch: head office's, and the administrator (on head
#: office's database its administrator; on a branch's, ``Actor.system`` of the command line).
EVERY_BRANCH_ROLES = HEAD_OFFICE_ROLES | {Role.ADMIN}


def sees_every_branch(actor: Actor) -> bool:
    """Whether the actor's lists cover every branch (before any branch filter)."""
    return actor.branch_id is None and bool(actor.roles & EVERY_BRANCH_ROLES)


def scope_condition(actor: Actor, column: Any, *, branch_id: uuid.UUID | None = None) -> Any:
    """The SQL condition on ``column`` (a branch id column) for the rows the actor may read,
    narrowed to ``branch_id`` when given; None when nothing needs testing (every branch).

    A user with neither a branch, a head-office role nor a region (a regional role whose region
    is not set yet) reads nothing rather than everything."""
    conditions: list[Any] = []
    if actor.branch_id is not None:
        conditions.append(column == actor.branch_id)
    elif sees_every_branch(actor):
        pass
    elif actor.region_id is not None:
        region_branches = select(Branch.id).where(Branch.region_id == actor.region_id)
        conditions.append(column.in_(region_branches))
    else:
        conditions.append(false())
    if branch_id is not None:
        conditions.append(column == branch_id)
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else and_(*conditions)


def scoped(
    actor: Actor, column: Any, everything: Any, *, branch_id: uuid.UUID | None = None
) -> Any:
    """:func:`scope_condition`, or ``everything`` (a condition true of every row, such as
    ``Customer.id.is_not(None)``) where it has nothing to test."""
    condition = scope_condition(actor, column, branch_id=branch_id)
    return everything if condition is None else condition
