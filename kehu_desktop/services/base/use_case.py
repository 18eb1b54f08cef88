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

One write path (issue 7; docs/decisions.md "Issue 7 — one write path"). A write use case
declares its permission (``action``); inside the block it changes rows and says what it changed
through this mechanism's parts, which every writing service uses and no other code repeats:

* locks, in one order: :func:`lock_customers` (customers, by id, sorted, in one statement)
  before :func:`for_update` (documents: notes, slips, payments, contracts, limits, regions,
  profiles …; and the gapless counters of ``records.next_number``, the outbox's last). Locking
  a customer after a document is a programming error (an assertion): two writers taking the
  same rows in different orders can deadlock on PostgreSQL.
* ``records.audit`` (the audit record) and ``records.record_change(s)`` (the outbox rows; the
  one place a local write becomes an outbox row) read the transaction's ``records.Write``;
  ``records.changed`` notes a change that has no outbox row;
* the name index: ``models.keep_search_index``, switched on for the Database's sessions (so
  also for a change applied from head office);
* after the commit, the :class:`~kehu_desktop.changes.Changes` collected go to the Database's
  change listeners (the GUI broadcasts them to every open screen).

``outbox=False`` applies a change that came from elsewhere (head-office sync): the same checks,
locks, audit and name index, and no outbox row, so the change is not sent back.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from typing import NamedTuple
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import GenerativeSelect

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import AccessWithdrawn
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import Region
from kehu_desktop.models import User
from kehu_desktop.models import UserRole
from kehu_desktop.models import utcnow
from kehu_desktop.services.base.context import Actor
from kehu_desktop.services.base.context import require
from kehu_desktop.services.base.records import Write
from kehu_desktop.services.base.records import audit
from kehu_desktop.services.base.records import write_of

log = logging.getLogger(__name__)

_KNOWN_ROLES = frozenset(r.value for r in Role)
_Locking = TypeVar("_Locking", bound=GenerativeSelect)


class UseCase(NamedTuple):
    """What the body of a service call works with: its transaction and the caller as stored."""

    session: Session
    actor: Actor


@contextmanager
def use_case(
    db: Database,
    actor: Actor,
    action: str | None,
    *,
    write: bool = True,
    outbox: bool = True,
) -> Iterator[UseCase]:
    """One service call: a write (or, with ``write=False``, a read) transaction in which the
    caller's account is read again and ``action`` (a key of domain.roles.PERMISSIONS; None for
    calls open to every signed-in user, such as changing one's password) is checked.

    Committed if the block ends normally, rolled back otherwise (as ``db.write()``). A write
    then publishes what it changed (``db.add_change_listener``). ``outbox=False``: a change
    applied from head office, written without outbox rows (see the module's docstring)."""
    refusal: Forbidden | None = None
    state: Write | None = None
    with db.write() if write else db.read() as s:
        try:
            current = current_actor(s, actor)
            if action is not None:
                require(current, action)
        except Forbidden as exc:
            refusal = exc
        else:
            if write:
                state = Write(outbox=outbox)
                state.attach(s)
            yield UseCase(s, current)
    if refusal is not None:
        _record_refusal(db, actor, action, refusal)
        raise refusal
    if state is not None:
        changes = state.log.value()
        if changes:
            db.publish_changes(changes)


def lock_customers(
    s: Session,
    ids: Iterable[Any],
    *,
    load: bool = False,
    where: Any = None,
    options: tuple[Any, ...] = (),
    refresh: bool = False,
) -> dict[Any, Customer]:
    """Lock the rows of these customers until the transaction ends (PostgreSQL ``FOR UPDATE``;
    on SQLite the write transaction's ``BEGIN IMMEDIATE`` already serialises writers), in id
    order, before any document. Everything that can add to a customer's exposure takes this lock
    first, so two releases never share the headroom.

    ``load``: return the locked customers (by id; those missing or not matching ``where`` left
    out), loaded with ``options``, ``refresh`` overwriting what the session held before the lock;
    otherwise only the lock is taken (an empty dict is returned)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    state = write_of(s)
    assert state is None or not state.documents_locked, "lock order: customers before documents"
    if not load:
        ids_only = select(Customer.id).where(
            Customer.id == wanted[0] if len(wanted) == 1 else Customer.id.in_(wanted)
        )
        s.execute(ids_only.order_by(Customer.id).with_for_update()).all()
        return {}
    found: dict[Any, Customer] = {}
    for start in range(0, len(wanted), 500):  # bound the IN list (an import locks thousands)
        chunk = wanted[start : start + 500]
        stmt = select(Customer).where(
            Customer.id == chunk[0] if len(chunk) == 1 else Customer.id.in_(chunk)
        )
        if where is not None:
            stmt = stmt.where(where)
        stmt = stmt.order_by(Customer.id).with_for_update(of=Customer).options(*options)
        if refresh:
            stmt = stmt.execution_options(populate_existing=True)
        found.update((c.id, c) for c in s.execute(stmt).unique().scalars())
    return found


def for_update(s: Session, stmt: _Locking, **options: Any) -> _Locking:
    """``stmt`` locking the documents it reads (``with_for_update(**options)``), noted in the
    transaction's lock order: after this, no customer may be locked."""
    state = write_of(s)
    if state is not None:
        state.documents_locked = True
    return stmt.with_for_update(**options)


def lock_region(s: Session, branch_id: Any) -> Region:
    """Lock the region of this branch (a document in the lock order), whose quotas (selected
    customers, credit) two branches' approvals must not both fill."""
    return s.execute(
        for_update(
            s,
            select(Region)
            .join(Branch, Branch.region_id == Region.id)
            .where(Branch.id == branch_id),
            of=Region,
        )
    ).scalar_one()


def documents_locked(s: Session) -> None:
    """Note a document lock taken another way (``Session.get``/``refresh`` with
    ``with_for_update``, a gapless counter)."""
    state = write_of(s)
    if state is not None:
        state.documents_locked = True


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
