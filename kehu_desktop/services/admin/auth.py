"""Sign-in, lock-out, passwords and user accounts. Passwords are hashed with argon2id."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import timedelta

from argon2 import Parameters
from argon2 import PasswordHasher
from argon2 import profiles
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import AuthenticationFailed
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import BUSINESS_ROLES
from kehu_desktop.domain.roles import OFF_BRANCH_ROLES
from kehu_desktop.domain.roles import REGION_ROLES
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import UserEvent
from kehu_desktop.dto import UserView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Region
from kehu_desktop.models import User
from kehu_desktop.models import UserRole
from kehu_desktop.models import utcnow
from kehu_desktop.services.base import DEMO_BUILDING
from kehu_desktop.services.base import DEMO_SETTING
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import is_head_office_in
from kehu_desktop.services.base import local_branch_in
from kehu_desktop.services.base import record_changes
from kehu_desktop.services.base import use_case

#: The cost every password is hashed with: argon2id as RFC 9106 recommends where memory is
#: limited (3 passes over 64 MiB, 4 lanes; about 0.1 s on a branch PC). A sign-in rehashes a
#: stored hash made with other parameters, so raising this upgrades every account in time.
PRODUCT_HASH_PARAMETERS: Parameters = profiles.RFC_9106_LOW_MEMORY

# The one hasher of the process. Only set_hash_parameters() replaces it (the test suite, whose
# hundreds of users would otherwise spend most of its time in argon2).
_parameters = PRODUCT_HASH_PARAMETERS
_hasher = PasswordHasher.from_parameters(_parameters)

log = logging.getLogger(__name__)


def hash_parameters() -> Parameters:
    """The parameters new hashes are made with (and that a sign-in upgrades stored hashes to)."""
    return _parameters


def set_hash_parameters(parameters: Parameters | None) -> Parameters:
    """Hash new passwords with ``parameters`` from now on (``None``: the product's
    :data:`PRODUCT_HASH_PARAMETERS`) and return the parameters used until now, to restore them.

    For tests only: tests/conftest.py lowers the cost for the whole session so that creating
    users stays cheap, while hashing, verifying and rehashing still run through argon2 and the
    code below exactly as in the product. Nothing in the application calls it.
    """
    global _hasher, _parameters
    previous = _parameters
    _parameters = parameters or PRODUCT_HASH_PARAMETERS
    _hasher = PasswordHasher.from_parameters(_parameters)
    return previous


class PasswordChangeRequired(AuthenticationFailed):
    """The password was right, but an administrator's reset forces a new one first: sign in
    with :func:`sign_in_changing_password`."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        branch_id=user.branch_id,
        region_id=user.region_id,
        roles=frozenset(Role(r.role) for r in user.roles),
    )


def _view(user: User) -> UserView:
    return filled(UserView, user, roles=tuple(sorted(Role(r.role) for r in user.roles)))


def sign_in(db: Database, username: str, password: str) -> Actor:
    """Check the password. After ``auth.max_failed_attempts`` failures in a row the account is
    locked for ``auth.lockout_minutes``. Every sign-in and every refusal is audited.

    Refuses with :class:`PasswordChangeRequired` (once the password has proved right) while an
    administrator's reset forces a change: the caller then asks for a new password and signs in
    with :func:`sign_in_changing_password`."""
    failure: AuthenticationFailed | None = None
    with db.write() as s:
        user = _check_password(s, username, password)
        if isinstance(user, AuthenticationFailed):
            failure = user
        elif user.must_change_password:
            audit(
                s,
                _actor(user),
                "sign_in_refused",
                entity="user",
                entity_id=user.id,
                detail="password change required",
            )
            failure = PasswordChangeRequired("auth.must_change_password")
        else:
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit(s, _actor(user), "sign_in", entity="user", entity_id=user.id)
            log.info("signed in: %s", user.username)
            return _actor(user)
    log.info("sign-in refused: %s (%s)", username.strip()[:50], failure.code)
    raise failure


def sign_in_changing_password(
    db: Database, username: str, old_password: str, new_password: str
) -> Actor:
    """Sign in and change the password in one step: what a user whose password an
    administrator reset must do (any user may). The old password counts towards the lock-out
    like any sign-in; the new one must be long enough and differ from the old. Audited as a
    password change and a sign-in."""
    failure: AuthenticationFailed | None = None
    with db.write() as s:
        user = _check_password(s, username, old_password)
        if isinstance(user, AuthenticationFailed):
            failure = user
        else:
            _check_new_password(s, old_password, new_password)
            user.password_hash = hash_password(new_password)
            user.must_change_password = False
            actor = _actor(user)
            audit(s, actor, "password_changed", entity="user", entity_id=user.id)
            audit(s, actor, "sign_in", entity="user", entity_id=user.id)
            log.info("signed in with a new password: %s", user.username)
            return actor
    log.info("sign-in refused: %s (%s)", username.strip()[:50], failure.code)
    raise failure


def _check_password(s: Session, username: str, password: str) -> User | AuthenticationFailed:
    """The user if ``password`` is theirs and they may sign in, else the refusal (audited;
    wrong passwords counted and the account locked at the limit). The caller commits either
    way, so the count survives the refusal."""
    user = s.execute(select(User).where(User.username == username.strip())).scalar_one_or_none()
    now = utcnow()
    if user is None:
        audit(s, None, "sign_in_refused", username=username[:50], detail="unknown user")
        return AuthenticationFailed("auth.bad_credentials")
    if not user.active:
        audit(
            s, _actor(user), "sign_in_refused", entity="user", entity_id=user.id, detail="disabled"
        )
        return AuthenticationFailed("auth.disabled")
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        audit(s, _actor(user), "sign_in_refused", entity="user", entity_id=user.id, detail="locked")
        return AuthenticationFailed("auth.locked", minutes=minutes)
    if not _verify(user.password_hash, password):
        user.failed_attempts += 1
        limit = int(get_setting(s, "auth.max_failed_attempts"))
        detail = f"wrong password ({user.failed_attempts}/{limit})"
        failure = AuthenticationFailed("auth.bad_credentials")
        if user.failed_attempts >= limit:
            minutes = int(get_setting(s, "auth.lockout_minutes"))
            user.locked_until = now + timedelta(minutes=minutes)
            user.failed_attempts = 0
            detail += "; locked"
            failure = AuthenticationFailed("auth.locked", minutes=minutes)
        audit(s, _actor(user), "sign_in_refused", entity="user", entity_id=user.id, detail=detail)
        return failure
    user.failed_attempts = 0
    user.locked_until = None
    user.last_sign_in = now
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_new_password(s: Session, old_password: str | None, new_password: str) -> None:
    """Field errors of a new password: at least ``auth.min_password_length`` characters and,
    when the old one is known, not the same."""
    minimum = int(get_setting(s, "auth.min_password_length"))
    if len(new_password) < minimum:
        raise ValidationFailed([FieldError("new_password", "auth.weak_password", {"min": minimum})])
    if old_password is not None and new_password == old_password:
        raise ValidationFailed([FieldError("new_password", "auth.same_password")])


def change_password(db: Database, actor: Actor, old_password: str, new_password: str) -> None:
    """Any signed-in user may change their own password, knowing the old one."""
    with use_case(db, actor, None) as (s, actor):
        user = s.get(User, actor.user_id) if actor.user_id else None
        if user is None or not _verify(user.password_hash, old_password):
            audit(s, actor, "password_change_refused", entity="user", entity_id=actor.user_id)
            refused = True
        else:
            _check_new_password(s, old_password, new_password)
            user.password_hash = hash_password(new_password)
            user.must_change_password = False
            audit(s, actor, "password_changed", entity="user", entity_id=user.id)
            refused = False
    if refused:
        raise ValidationFailed([FieldError("old_password", "auth.bad_credentials")])


def _role_set(roles: Iterable[Role | str]) -> tuple[set[Role], list[FieldError]]:
    known: set[Role] = set()
    errors = []
    for r in roles:
        try:
            known.add(Role(r))
        except ValueError:
            errors.append(FieldError("roles", "role.unknown", {"value": r}))
    return known, errors


def _check_roles(s: Session, roles: set[Role]) -> list[FieldError]:
    """What a branch may not grant: head-office and regional roles (their users come from head
    office), and business roles together with the administrator's (who keeps the users must
    not be able to act as cashier or approver)."""
    errors = []
    if local_branch_in(s) is not None:
        for role in sorted(roles & OFF_BRANCH_ROLES):
            errors.append(FieldError("roles", "role.off_branch", {"role": ROLE_NAMES_ZH[role]}))
    if Role.ADMIN in roles and roles & BUSINESS_ROLES:
        names = "、".join(ROLE_NAMES_ZH[r] for r in sorted(roles & BUSINESS_ROLES))
        errors.append(FieldError("roles", "role.admin_alone", {"roles": names}))
    return errors


def add_user(
    db: Database,
    actor: Actor,
    username: str,
    password: str,
    roles: Iterable[Role | str],
    *,
    display_name: str | None = None,
    branch_id: uuid.UUID | None = None,
    must_change_password: bool = False,
) -> UserView:
    """Administrators only. The user belongs to ``branch_id`` (default: the administrator's
    branch, else this database's). Refuses an existing user name, unknown roles, no role, a
    short password, head-office and regional roles at a branch (docs/roles.md), and the
    administrator's role together with a business role. Audited with the roles given."""
    username, role_set, errors = _account_fields(username, roles)
    # Hashed before the write transaction: argon2's quarter of a second must not hold the
    # database's write lock (other users' saves wait for it; the demo adds users meanwhile).
    password_hash = hash_password(password)
    with use_case(db, actor, "user.manage") as (s, actor):
        errors += _check_roles(s, role_set)
        if errors:
            raise ValidationFailed(errors)
        _check_new_name_and_password(s, username, password)
        user = _new_user(
            s,
            actor,
            username,
            password_hash,
            role_set,
            display_name=display_name,
            branch_id=branch_id or actor.branch_id or local_branch_in(s),
            region_id=None,
            must_change_password=must_change_password,
        )
        return _view(user)


def add_head_office_user(
    db: Database,
    actor: Actor,
    username: str,
    password: str,
    roles: Iterable[Role | str],
    *,
    region_code: str | None = None,
    display_name: str | None = None,
) -> UserView:
    """Head office's own users (``kehu-hq user add``), on head office's database only: its
    administrator and the head-office and regional roles (no branch). A marketing director or
    regional manager needs a region (its code), the others none. Refused otherwise as
    :func:`add_user` refuses (name taken, short password, the administrator with a business
    role). Audited as ``user_added`` with the roles and region."""
    username, role_set, errors = _account_fields(username, roles)
    for role in sorted(role_set - OFF_BRANCH_ROLES - {Role.ADMIN}):
        errors.append(FieldError("roles", "role.branch_only", {"role": ROLE_NAMES_ZH[role]}))
    regional = sorted(role_set & REGION_ROLES)
    if regional and not region_code:
        errors.append(
            FieldError("region", "user.region_required", {"role": ROLE_NAMES_ZH[regional[0]]})
        )
    if region_code and not regional:
        errors.append(FieldError("region", "user.region_not_needed"))
    password_hash = hash_password(password)  # outside the write transaction (see add_user)
    with use_case(db, actor, "user.manage") as (s, actor):
        if not is_head_office_in(s):
            raise Forbidden("user.head_office_only")
        errors += _check_roles(s, role_set)
        region_id = None
        if region_code and regional:
            code = region_code.strip().upper()
            region_id = s.execute(select(Region.id).where(Region.code == code)).scalar()
            if region_id is None:
                errors.append(FieldError("region", "user.region_unknown", {"region": code}))
        if errors:
            raise ValidationFailed(errors)
        _check_new_name_and_password(s, username, password)
        user = _new_user(
            s,
            actor,
            username,
            password_hash,
            role_set,
            display_name=display_name,
            branch_id=None,
            region_id=region_id,
            must_change_password=False,
        )
        return _view(user)


def _account_fields(
    username: str, roles: Iterable[Role | str]
) -> tuple[str, set[Role], list[FieldError]]:
    """A new account's name (trimmed) and roles as typed, with what is wrong with them."""
    role_set, errors = _role_set(roles)
    username = username.strip()
    if not username:
        errors.append(FieldError("username", "required", {"label": "用户名"}))
    if not role_set and not errors:
        errors.append(FieldError("roles", "role.none"))
    return username, role_set, errors


def _check_new_name_and_password(s: Session, username: str, password: str) -> None:
    """A new account's password rules and a user name nobody has in this database."""
    _check_new_password(s, None, password)
    if s.execute(select(User.id).where(User.username == username)).first():
        raise Conflict("user.exists", name=username)


def _new_user(
    s: Session,
    actor: Actor | None,
    username: str,
    password_hash: str,
    roles: set[Role],
    *,
    display_name: str | None,
    branch_id: uuid.UUID | None,
    region_id: uuid.UUID | None,
    must_change_password: bool,
    detail: str | None = None,
) -> User:
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=password_hash,
        branch_id=branch_id,
        region_id=region_id,
        must_change_password=must_change_password,
        roles=[UserRole(role=r.value) for r in sorted(roles)],
    )
    s.add(user)
    s.flush()
    audit(
        s,
        actor,
        "user_added",
        entity="user",
        entity_id=user.id,
        after={
            "username": username,
            "roles": sorted(roles),
            "branch_id": branch_id,
            "region_id": region_id,
        },
        detail=detail,
    )
    changed(s, "user", user.id)
    _send_user(s, user)
    return user


def _send_user(s: Session, user: User, removed: Iterable[UserRole] = ()) -> None:
    """The outbox rows of a branch's user and roles (head office needs them: its copies of the
    branch's records name them). Credentials stay here (services.base.records)."""
    if user.branch_id is None:
        return  # head office's or a region's user: head office sends those
    s.flush()
    record_changes(s, user.branch_id, [("user_role", r) for r in removed], op="delete")
    record_changes(s, user.branch_id, [("user", user)] + [("user_role", r) for r in user.roles])


def add_demo_office_user(
    db: Database,
    username: str,
    password: str,
    role: Role,
    *,
    display_name: str,
    region_id: uuid.UUID | None,
) -> UserView:
    """The demo's bootstrap of a head-office or regional user (no branch; a regional one in
    ``region_id``), which no branch may otherwise create: works only while services.demo is
    building the demo branch (the settings row ``demo.branch`` is "building", written in the
    transaction that created the branch), so a real branch can never use it. Head-office sync
    will bring such users to real branches. Audited as ``user_added`` by "system"."""
    if role not in OFF_BRANCH_ROLES:
        raise ValidationFailed([FieldError("roles", "role.unknown", {"value": role})])
    password_hash = hash_password(password)  # outside the write transaction (see add_user)
    with db.write() as s:
        if get_setting(s, DEMO_SETTING) != DEMO_BUILDING:
            raise Forbidden("user.demo_only")
        if s.execute(select(User.id).where(User.username == username)).first():
            raise Conflict("user.exists", name=username)
        user = _new_user(
            s,
            Actor.system(None),
            username,
            password_hash,
            {role},
            display_name=display_name,
            branch_id=None,
            region_id=region_id if role in REGION_ROLES else None,
            must_change_password=False,
            detail="demo bootstrap",
        )
        return _view(user)


def _target(s: Session, username: str) -> User:
    user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFound("user.unknown", name=username)
    return user


def set_roles(db: Database, actor: Actor, username: str, roles: Iterable[Role | str]) -> UserView:
    """Administrators only; not on their own account (another administrator must). An empty
    set takes every power away: the user's next service call is refused and the program signs
    them out. Refuses what :func:`add_user` refuses; audited with the roles before and after."""
    role_set, errors = _role_set(roles)
    with use_case(db, actor, "user.manage") as (s, actor):
        user = _target(s, username)
        if actor.user_id is not None and user.id == actor.user_id:
            raise Forbidden("user.own_roles")
        before = {Role(r.role) for r in user.roles}
        old_rows = [r for r in user.roles if r.role not in {x.value for x in role_set}]
        # Roles the user already holds (given by head office) may stay; new ones are checked.
        errors += _check_roles(s, role_set - (before & OFF_BRANCH_ROLES))
        if Role.ADMIN in before and Role.ADMIN not in role_set and _last_admin(s, user):
            errors.append(FieldError("roles", "user.last_admin", {"name": user.username}))
        if errors:
            raise ValidationFailed(errors)
        user.roles = [UserRole(role=r.value) for r in sorted(role_set)]
        audit(
            s,
            actor,
            "roles_changed",
            entity="user",
            entity_id=user.id,
            before={"roles": sorted(before)},
            after={"roles": sorted(role_set)},
        )
        changed(s, "user", user.id)
        s.flush()
        _send_user(s, user, old_rows)
        return _view(user)


def _last_admin(s: Session, user: User) -> bool:
    """Whether ``user`` is the only enabled administrator of their branch (or of head office):
    taking the role from them, or locking them out, would leave nobody to manage the users."""
    if not user.active or Role.ADMIN.value not in {r.role for r in user.roles}:
        return False
    others = s.execute(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == Role.ADMIN.value,
            User.active.is_(True),
            User.id != user.id,
            User.branch_id.is_(None)
            if user.branch_id is None
            else User.branch_id == user.branch_id,
        )
        .limit(1)
    ).first()
    return others is None


def set_active(db: Database, actor: Actor, username: str, active: bool) -> UserView:
    """Administrators only: lock an account (disable it: its sessions end at their next service
    call) or unlock it (enable it again, which also lifts a lock-out after wrong passwords).
    Not one's own account, nor the last enabled administrator (``user.last_admin_lock``, on
    the field ``active``). Audited with before and after."""
    with use_case(db, actor, "user.manage") as (s, actor):
        user = _target(s, username)
        if actor.user_id is not None and user.id == actor.user_id:
            raise Forbidden("user.own_roles")
        if not active and _last_admin(s, user):
            raise ValidationFailed(
                [FieldError("active", "user.last_admin_lock", {"name": user.username})]
            )
        before = user.active
        user.active = active
        if active:
            user.failed_attempts = 0
            user.locked_until = None
        audit(
            s,
            actor,
            "user_enabled" if active else "user_disabled",
            entity="user",
            entity_id=user.id,
            before={"active": before},
            after={"active": active},
        )
        changed(s, "user", user.id)
        s.flush()
        _send_user(s, user)
        return _view(user)


def reset_password(db: Database, actor: Actor, username: str, new_password: str) -> None:
    """Administrators only; also lifts a lock-out. The user must change it at next sign-in."""
    with use_case(db, actor, "user.manage") as (s, actor):
        user = _target(s, username)
        _check_new_password(s, None, new_password)
        user.password_hash = hash_password(new_password)
        user.failed_attempts = 0
        user.locked_until = None
        user.must_change_password = True
        audit(s, actor, "password_reset", entity="user", entity_id=user.id)
        changed(s, "user", user.id)


def user_history(db: Database, actor: Actor, username: str) -> list[UserEvent]:
    """Who may read the audit (``audit.view``: administrator, branch GM, accountant): what
    happened to the account, oldest first (creation, every role change with the roles before
    and after, disabling, resets, sign-ins and refusals)."""
    with use_case(db, actor, "audit.view", write=False) as (s, actor):
        user = _target(s, username)
        rows = s.execute(
            select(AuditRecord)
            .where(AuditRecord.entity == "user", AuditRecord.entity_id == str(user.id))
            .order_by(AuditRecord.at, AuditRecord.id)
        ).scalars()
        return [
            UserEvent(
                r.at,
                r.action,
                f"{r.username} ({r.origin})" if r.origin else r.username,
                r.before,
                r.after,
                r.detail,
            )
            for r in rows
        ]


def list_users(db: Database, actor: Actor) -> list[UserView]:
    with use_case(db, actor, "user.manage", write=False) as (s, actor):
        return [_view(u) for u in s.execute(select(User).order_by(User.username)).scalars()]
