"""Sign-in, lock-out, passwords and user administration, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import Type, extract_parameters, profiles
from argon2.exceptions import VerifyMismatchError
from argon2.low_level import verify_secret
from sqlalchemy import select

from kehu_desktop.domain.errors import AuthenticationFailed, Conflict, Forbidden, ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord, User, utcnow
from kehu_desktop.services import auth
from tests.conftest import TEST_HASH_PARAMETERS
from tests.factories import PASSWORD, Branch


def audit_actions(branch: Branch) -> list[str]:
    with branch.db.read() as s:
        return list(s.execute(select(AuditRecord.action).order_by(AuditRecord.at)).scalars())


def test_password_is_hashed_with_argon2(branch: Branch) -> None:
    with branch.db.read() as s:
        stored = s.execute(select(User.password_hash).where(User.username == "clerk")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def stored_hash(branch: Branch, username: str) -> str:
    with branch.db.read() as s:
        return str(
            s.execute(select(User.password_hash).where(User.username == username)).scalar_one()
        )


def test_the_product_hashes_at_full_cost_and_the_suite_cheaply_through_argon2(
    branch: Branch,
) -> None:
    # The suite's users carry cheap hashes, made and checked by argon2 itself: the real library
    # accepts the right password and rejects a wrong one.
    cheap = stored_hash(branch, "clerk")
    assert auth.hash_parameters() == TEST_HASH_PARAMETERS
    assert extract_parameters(cheap) == TEST_HASH_PARAMETERS
    assert verify_secret(cheap.encode(), PASSWORD.encode(), Type.ID)
    with pytest.raises(VerifyMismatchError):
        verify_secret(cheap.encode(), b"wrong", Type.ID)

    previous = auth.set_hash_parameters(None)  # what the product runs with: no override
    try:
        assert auth.PRODUCT_HASH_PARAMETERS == profiles.RFC_9106_LOW_MEMORY
        full = extract_parameters(auth.hash_password("anything-1"))
        assert (full.time_cost, full.memory_cost, full.parallelism) == (3, 65536, 4)
        assert full == auth.PRODUCT_HASH_PARAMETERS == auth.hash_parameters()
        # The product still verifies a cheap hash (through argon2: a wrong password is refused)
        # and upgrades it to the full cost at the next sign-in.
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(branch.db, "clerk", "wrong")
        assert stored_hash(branch, "clerk") == cheap
        assert auth.sign_in(branch.db, "clerk", PASSWORD).username == "clerk"
        assert extract_parameters(stored_hash(branch, "clerk")) == auth.PRODUCT_HASH_PARAMETERS
    finally:
        assert auth.set_hash_parameters(previous) == auth.PRODUCT_HASH_PARAMETERS
    assert auth.hash_parameters() == TEST_HASH_PARAMETERS


def test_sign_in_and_refusals_are_audited(branch: Branch) -> None:
    actor = auth.sign_in(branch.db, "clerk", PASSWORD)
    assert actor.roles == frozenset({Role.CLERK})
    with pytest.raises(AuthenticationFailed) as info:
        auth.sign_in(branch.db, "clerk", "wrong")
    assert info.value.message == "用户名或密码错误"
    with pytest.raises(AuthenticationFailed):
        auth.sign_in(branch.db, "nobody", "x")
    actions = audit_actions(branch)
    assert actions[-3:] == ["sign_in", "sign_in_refused", "sign_in_refused"]


def test_lock_out_after_repeated_failures(branch: Branch) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as info:
            auth.sign_in(branch.db, "cashier", "wrong")
        assert info.value.code == "auth.bad_credentials"
    with pytest.raises(AuthenticationFailed) as info:
        auth.sign_in(branch.db, "cashier", "wrong")
    assert info.value.code == "auth.locked"
    # Even the right password is refused while locked.
    with pytest.raises(AuthenticationFailed) as info:
        auth.sign_in(branch.db, "cashier", PASSWORD)
    assert info.value.code == "auth.locked"
    assert "锁定" in info.value.message
    # When the lock expires the right password works again.
    with branch.db.write() as s:
        user = s.execute(select(User).where(User.username == "cashier")).scalar_one()
        user.locked_until = utcnow() - timedelta(seconds=1)
    assert auth.sign_in(branch.db, "cashier", PASSWORD).username == "cashier"


def test_admin_reset_lifts_lock_and_forces_change(branch: Branch) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(branch.db, "driver", "wrong")
    auth.reset_password(branch.db, branch.actor(Role.ADMIN), "driver", "new-pass-1")
    actor = auth.sign_in(branch.db, "driver", "new-pass-1")
    users = {u.username: u for u in auth.list_users(branch.db, branch.actor(Role.ADMIN))}
    assert users["driver"].must_change_password
    auth.change_password(branch.db, actor, "new-pass-1", "new-pass-2")
    assert auth.sign_in(branch.db, "driver", "new-pass-2").username == "driver"


def test_change_password_checks_old_and_length(branch: Branch) -> None:
    clerk = branch.actor(Role.CLERK)
    with pytest.raises(ValidationFailed) as info:
        auth.change_password(branch.db, clerk, "wrong", "long-enough-1")
    assert info.value.errors[0].field == "old_password"
    with pytest.raises(ValidationFailed) as info:
        auth.change_password(branch.db, clerk, PASSWORD, "short")
    assert info.value.errors[0].field == "new_password"
    assert auth.sign_in(branch.db, "clerk", PASSWORD)


def test_only_admin_manages_users(branch: Branch) -> None:
    with pytest.raises(Forbidden):
        auth.add_user(branch.db, branch.actor(Role.BRANCH_GM), "x", PASSWORD, [Role.CLERK])
    with pytest.raises(Conflict):
        auth.add_user(branch.db, branch.actor(Role.ADMIN), "clerk", PASSWORD, [Role.CLERK])
    with pytest.raises(ValidationFailed) as info:
        auth.add_user(branch.db, branch.actor(Role.ADMIN), "y", PASSWORD, ["emperor"])
    assert info.value.errors[0].field == "roles"
    view = auth.add_user(
        branch.db, branch.actor(Role.ADMIN), "clerk2", PASSWORD, [Role.CLERK, Role.CASHIER]
    )
    assert view.roles == (Role.CASHIER, Role.CLERK)
    assert view.branch_id == branch.branch_id


def test_must_change_password_after_reset(branch: Branch) -> None:
    assert not auth.must_change_password(branch.db, branch.actor(Role.CLERK))
    auth.reset_password(branch.db, branch.actor(Role.ADMIN), "clerk", "reset-pass-1")
    actor = auth.sign_in(branch.db, "clerk", "reset-pass-1")
    assert auth.must_change_password(branch.db, actor)
    auth.change_password(branch.db, actor, "reset-pass-1", "my-own-pass-1")
    assert not auth.must_change_password(branch.db, actor)
