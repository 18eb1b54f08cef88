"""The one way a service call starts: ``with use_case(db, actor, ACTION) as (s, actor)``.

It opens the call's transaction, reads the caller's account again inside it and checks the
action against the roles stored *now*, not the ones captured at sign-in. So a user whose roles
were taken away, or who was disabled or locked after signing in, is refused at the next call:

* disabled, locked, deleted, or no role left: :class:`AccessWithdrawn` (a :class:`Forbidden`
  whose message says the access was withdrawn; the GUI signs the user out on it);
* the roles now held do not allow ``action``: :class:`Forbidden` as ``require`` always said.

Both refusals are audited (``access_refused``) in a transaction of their own, since the call's
transaction is rolled back. The re-read is one indexed query (users by primary key joined to
user_roles). It yields the session and the actor as stored now (roles, branch and region read
again), which the body uses in place of the caller's: rebinding ``actor`` in the ``as`` clause
keeps the stale one out of reach.

``Actor.system`` (the command line's local administrator) has no account row: it is let through
with its administrator role, and every audit record it writes names the operating-system user
and host (``Actor.origin``). So is any actor without an account (``user_id`` None), which only
code running in-process with the database can make: it holds the data anyway.

A later step (one write path) adds the audit and outbox rows to this mechanism; keep it small.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import AccessWithdrawn, Forbidden
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import User, UserRole, utcnow
from kehu_desktop.services.base.context import Actor, require
from kehu_desktop.services.base.records import audit

log = logging.getLogger(__name__)

_KNOWN_ROLES = frozenset(r.value for r in Role)


class UseCase(NamedTuple):
    """What the body of a service call works with: its transaction and the caller as stored."""

    session: Session
    actor: Actor


@contextmanager
def use_case(
    db: Database, actor: Actor, action: str | None, *, write: bool = True
) -> Iterator[UseCase]:
    """One service call: a write (or, with ``write=False``, a read) transaction in which the
    caller's account is read again and ``action`` (a key of domain.roles.PERMISSIONS; None for
    calls open to every signed-in user, such as changing one's password) is checked.

    Committed if the block ends normally, rolled back otherwise (as ``db.write()``)."""
    refusal: Forbidden | None = None
    with db.write() if write else db.read() as s:
        try:
            current = current_actor(s, actor)
            if action is not None:
                require(current, action)
        except Forbidden as exc:
            refusal = exc
        else:
            yield UseCase(s, current)
    if refusal is not None:
        _record_refusal(db, actor, action, refusal)
        raise refusal


def current_actor(s: Session, actor: Actor) -> Actor:
    """``actor`` with the roles, branch and region stored now; :class:`AccessWithdrawn` if the
    account is gone, disabled, locked or left without a role."""
    if actor.user_id is None:
        return actor  # Actor.system: the local administrator has no account to withdraw
    rows = s.execute(
        select(User.active, User.locked_until, User.branch_id, User.region_id, UserRole.role)
        .outerjoin(UserRole, UserRole.user_id == User.id)
        .where(User.id == actor.user_id)
    ).all()
    if not rows:
        raise AccessWithdrawn("auth.withdrawn_unknown")
    active, locked_until, branch_id, region_id, _role = rows[0]
    if not active:
        raise AccessWithdrawn("auth.withdrawn_disabled")
    if locked_until is not None and locked_until > utcnow():
        raise AccessWithdrawn("auth.withdrawn_locked")
    roles = frozenset(Role(r.role) for r in rows if r.role in _KNOWN_ROLES)
    if not roles:
        raise AccessWithdrawn("auth.withdrawn_no_roles")
    if roles == actor.roles and branch_id == actor.branch_id and region_id == actor.region_id:
        return actor
    return dataclasses.replace(actor, roles=roles, branch_id=branch_id, region_id=region_id)


def _record_refusal(db: Database, actor: Actor, action: str | None, refusal: Forbidden) -> None:
    """Audit a refusal in its own transaction (the call's was rolled back). A database that
    cannot take the record (read-only file) must not hide the refusal itself: logged."""
    try:
        with db.write() as s:
            audit(
                s,
                actor,
                "access_refused",
                entity="user",
                entity_id=actor.user_id,
                detail=f"{action or '-'}: {refusal.code}",
            )
    except Exception:  # noqa: BLE001 - the refusal below matters more than its record
        log.exception("could not audit the refusal of %s to %s", actor.username, action)
