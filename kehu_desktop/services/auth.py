"""Sign-in, lock-out, passwords and user accounts. Passwords are hashed with argon2id."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import (
    AuthenticationFailed,
    Conflict,
    FieldError,
    NotFound,
    ValidationFailed,
)
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import User, UserRole, utcnow
from kehu_desktop.services.context import Actor, require
from kehu_desktop.services.records import audit, get_setting

#: The cost every password is hashed with: argon2id as RFC 9106 recommends where memory is
#: limited (3 passes over 64 MiB, 4 lanes; about 0.1 s on a branch PC). A sign-in rehashes a
#: stored hash made with other parameters, so raising this upgrades every account in time.
PRODUCT_HASH_PARAMETERS: Parameters = profiles.RFC_9106_LOW_MEMORY

# The one hasher of the process. Only set_hash_parameters() replaces it (the test suite, whose
# hundreds of users would otherwise spend most of its time in argon2).
_parameters = PRODUCT_HASH_PARAMETERS
_hasher = PasswordHasher.from_parameters(_parameters)


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


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    username: str
    display_name: str
    branch_id: uuid.UUID | None
    roles: tuple[Role, ...]
    active: bool
    locked_until: datetime | None
    must_change_password: bool


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
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        branch_id=user.branch_id,
        roles=tuple(sorted(Role(r.role) for r in user.roles)),
        active=user.active,
        locked_until=user.locked_until,
        must_change_password=user.must_change_password,
    )


def sign_in(db: Database, username: str, password: str) -> Actor:
    """Check the password. After ``auth.max_failed_attempts`` failures in a row the account is
    locked for ``auth.lockout_minutes``. Every sign-in and every refusal is audited."""
    failure: AuthenticationFailed | None = None
    with db.write() as s:
        user = s.execute(select(User).where(User.username == username.strip())).scalar_one_or_none()
        now = utcnow()
        if user is None:
            audit(s, None, "sign_in_refused", username=username[:50], detail="unknown user")
            failure = AuthenticationFailed("auth.bad_credentials")
        elif not user.active:
            audit(
                s,
                _actor(user),
                "sign_in_refused",
                entity="user",
                entity_id=user.id,
                detail="disabled",
            )
            failure = AuthenticationFailed("auth.disabled")
        elif user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            audit(
                s,
                _actor(user),
                "sign_in_refused",
                entity="user",
                entity_id=user.id,
                detail="locked",
            )
            failure = AuthenticationFailed("auth.locked", minutes=minutes)
        elif not _verify(user.password_hash, password):
            user.failed_attempts += 1
            limit = int(get_setting(s, "auth.max_failed_attempts"))
            detail = f"wrong password ({user.failed_attempts}/{limit})"
            if user.failed_attempts >= limit:
                minutes = int(get_setting(s, "auth.lockout_minutes"))
                user.locked_until = now + timedelta(minutes=minutes)
                user.failed_attempts = 0
                detail += "; locked"
                failure = AuthenticationFailed("auth.locked", minutes=minutes)
            else:
                failure = AuthenticationFailed("auth.bad_credentials")
            audit(
                s, _actor(user), "sign_in_refused", entity="user", entity_id=user.id, detail=detail
            )
        else:
            user.failed_attempts = 0
            user.locked_until = None
            user.last_sign_in = now
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit(s, _actor(user), "sign_in", entity="user", entity_id=user.id)
            return _actor(user)
    assert failure is not None
    raise failure


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_new_password(db_session: object, password: str, minimum: int) -> None:
    if len(password) < minimum:
        raise ValidationFailed([FieldError("new_password", "auth.weak_password", {"min": minimum})])


def change_password(db: Database, actor: Actor, old_password: str, new_password: str) -> None:
    """Any signed-in user may change their own password, knowing the old one."""
    with db.write() as s:
        user = s.get(User, actor.user_id) if actor.user_id else None
        if user is None or not _verify(user.password_hash, old_password):
            audit(s, actor, "password_change_refused", entity="user", entity_id=actor.user_id)
            refused = True
        else:
            _check_new_password(s, new_password, int(get_setting(s, "auth.min_password_length")))
            user.password_hash = hash_password(new_password)
            user.must_change_password = False
            audit(s, actor, "password_changed", entity="user", entity_id=user.id)
            refused = False
    if refused:
        raise ValidationFailed([FieldError("old_password", "auth.bad_credentials")])


def add_user(
    db: Database,
    actor: Actor,
    username: str,
    password: str,
    roles: Iterable[Role | str],
    *,
    display_name: str | None = None,
    branch_id: uuid.UUID | None = None,
    region_id: uuid.UUID | None = None,
    must_change_password: bool = False,
) -> UserView:
    """Administrators only. Refuses an existing user name, unknown roles, a short password."""
    require(actor, "user.manage")
    errors = []
    role_set: set[Role] = set()
    for r in roles:
        try:
            role_set.add(Role(r))
        except ValueError:
            errors.append(FieldError("roles", "role.unknown", {"value": r}))
    username = username.strip()
    if not username:
        errors.append(FieldError("username", "required", {"label": "用户名"}))
    if errors:
        raise ValidationFailed(errors)
    with db.write() as s:
        _check_new_password(s, password, int(get_setting(s, "auth.min_password_length")))
        if s.execute(select(User.id).where(User.username == username)).first():
            raise Conflict("user.exists", name=username)
        user = User(
            username=username,
            display_name=display_name or username,
            password_hash=hash_password(password),
            branch_id=branch_id if branch_id is not None else actor.branch_id,
            region_id=region_id,
            must_change_password=must_change_password,
            roles=[UserRole(role=r.value) for r in sorted(role_set)],
        )
        s.add(user)
        s.flush()
        audit(
            s,
            actor,
            "user_added",
            entity="user",
            entity_id=user.id,
            after={"username": username, "roles": sorted(role_set)},
        )
        return _view(user)


def set_roles(db: Database, actor: Actor, username: str, roles: Iterable[Role | str]) -> UserView:
    require(actor, "user.manage")
    new_roles = sorted({Role(r) for r in roles})
    with db.write() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            raise NotFound("user.unknown", name=username)
        before = sorted(r.role for r in user.roles)
        user.roles = [UserRole(role=r.value) for r in new_roles]
        audit(
            s,
            actor,
            "roles_changed",
            entity="user",
            entity_id=user.id,
            before={"roles": before},
            after={"roles": new_roles},
        )
        s.flush()
        return _view(user)


def reset_password(db: Database, actor: Actor, username: str, new_password: str) -> None:
    """Administrators only; also lifts a lock-out. The user must change it at next sign-in."""
    require(actor, "user.manage")
    with db.write() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            raise NotFound("user.unknown", name=username)
        _check_new_password(s, new_password, int(get_setting(s, "auth.min_password_length")))
        user.password_hash = hash_password(new_password)
        user.failed_attempts = 0
        user.locked_until = None
        user.must_change_password = True
        audit(s, actor, "password_reset", entity="user", entity_id=user.id)


def list_users(db: Database, actor: Actor) -> list[UserView]:
    require(actor, "user.manage")
    with db.read() as s:
        return [_view(u) for u in s.execute(select(User).order_by(User.username)).scalars()]


def must_change_password(db: Database, actor: Actor) -> bool:
    """Whether the signed-in user has to choose a new password (after an administrator's reset)."""
    if actor.user_id is None:
        return False
    with db.read() as s:
        user = s.get(User, actor.user_id)
        return bool(user and user.must_change_password)
