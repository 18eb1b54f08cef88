"""Sign-in, lock-out, passwords and user administration, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import Type
from argon2 import extract_parameters
from argon2 import profiles
from argon2.exceptions import VerifyMismatchError
from argon2.low_level import verify_secret
from sqlalchemy import select

from kehu_desktop.domain.errors import AuthenticationFailed
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import User
from kehu_desktop.models import utcnow
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import DEMO_READY
from kehu_desktop.services.base import DEMO_SETTING
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import put_setting
from tests.conftest import TEST_HASH_PARAMETERS
from tests.factories import PASSWORD
from tests.factories import Branch


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
    users = {u.username: u for u in auth.list_users(branch.db, branch.actor(Role.ADMIN))}
    assert users["driver"].must_change_password
    actor = auth.sign_in_changing_password(branch.db, "driver", "new-pass-1", "new-pass-2")
    assert actor.username == "driver"
    assert auth.sign_in(branch.db, "driver", "new-pass-2").username == "driver"


def test_a_forced_password_change_is_enforced_by_the_sign_in_itself(branch: Branch) -> None:
    """Issue 11 §4: after an administrator's reset the service sign-in (and so the CLI and any
    script) refuses until a new password is chosen; it signed in before."""
    auth.reset_password(branch.db, branch.actor(Role.ADMIN), "clerk", "reset-pass-1")
    with pytest.raises(auth.PasswordChangeRequired) as info:
        auth.sign_in(branch.db, "clerk", "reset-pass-1")
    assert info.value.message == "管理员已重置您的密码：请先设置新密码再登录"
    # A wrong password is still just wrong (the forced change is not revealed to a guesser).
    with pytest.raises(AuthenticationFailed) as wrong:
        auth.sign_in(branch.db, "clerk", "guess")
    assert not isinstance(wrong.value, auth.PasswordChangeRequired)
    # The new password is checked field by field; nothing changes on a refusal.
    with pytest.raises(ValidationFailed) as bad:
        auth.sign_in_changing_password(branch.db, "clerk", "reset-pass-1", "short")
    assert [(e.field, e.code) for e in bad.value.errors] == [("new_password", "auth.weak_password")]
    with pytest.raises(ValidationFailed) as same:
        auth.sign_in_changing_password(branch.db, "clerk", "reset-pass-1", "reset-pass-1")
    assert same.value.errors[0].code == "auth.same_password"
    with pytest.raises(AuthenticationFailed):
        auth.sign_in_changing_password(branch.db, "clerk", "wrong", "my-own-pass-1")
    with pytest.raises(auth.PasswordChangeRequired):
        auth.sign_in(branch.db, "clerk", "reset-pass-1")

    actor = auth.sign_in_changing_password(branch.db, "clerk", "reset-pass-1", "my-own-pass-1")
    assert actor.roles == frozenset({Role.CLERK})
    assert auth.sign_in(branch.db, "clerk", "my-own-pass-1").username == "clerk"
    with pytest.raises(AuthenticationFailed):
        auth.sign_in(branch.db, "clerk", "reset-pass-1")
    history = auth.user_history(branch.db, branch.actor(Role.ADMIN), "clerk")
    assert [(e.action, e.detail) for e in history if e.action != "sign_in_refused"][-4:] == [
        ("password_reset", None),
        ("password_changed", None),
        ("sign_in", None),
        ("sign_in", None),
    ]
    assert "password change required" in [e.detail for e in history]


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


def test_the_administrator_cannot_take_business_powers(branch: Branch) -> None:
    """Issue 11 §3: add_user/set_roles accepted any role, the admin's own account included."""
    admin = branch.actor(Role.ADMIN)
    with pytest.raises(Forbidden) as own:
        auth.set_roles(branch.db, admin, "admin", [Role.ADMIN, Role.CASHIER])
    assert own.value.code == "user.own_roles"
    with pytest.raises(Forbidden):
        auth.set_roles(branch.db, admin, "admin", [Role.ADMIN])  # not even unchanged
    with pytest.raises(Forbidden):
        auth.set_active(branch.db, admin, "admin", False)
    # Nobody holds the administrator's role together with a business role.
    with pytest.raises(ValidationFailed) as mixed:
        auth.add_user(branch.db, admin, "keeper", PASSWORD, [Role.ADMIN, Role.BRANCH_GM])
    assert mixed.value.errors[0].message == (
        "系统管理员不能同时担任业务角色（分支机构总经理）：管理用户的人不能给自己业务权力"
    )
    auth.add_user(branch.db, admin, "admin2", PASSWORD, [Role.ADMIN])
    with pytest.raises(ValidationFailed):
        auth.set_roles(branch.db, admin, "admin2", [Role.ADMIN, Role.CASHIER])
    # The system actor of the command line is no exception.
    with pytest.raises(ValidationFailed):
        auth.add_user(
            branch.db, Actor.system(branch.branch_id), "x", PASSWORD, ["admin", "cashier"]
        )
    assert [u.username for u in auth.list_users(branch.db, admin) if u.username == "x"] == []


@pytest.mark.parametrize(
    "role",
    [Role.MARKETING_HEAD, Role.MARKETING_DIRECTOR, Role.REGIONAL_MANAGER, Role.FINANCE],
)
def test_no_head_office_or_regional_role_is_created_at_a_branch(branch: Branch, role: Role) -> None:
    admin = branch.actor(Role.ADMIN)
    with pytest.raises(ValidationFailed) as info:
        auth.add_user(branch.db, admin, "boss", PASSWORD, [role])
    assert info.value.errors[0].field == "roles"
    assert "属于总部或营销大区，不能在分支机构创建" in info.value.errors[0].message
    with pytest.raises(ValidationFailed):
        auth.add_user(branch.db, Actor.system(None), "boss", PASSWORD, [role])
    with pytest.raises(ValidationFailed):
        auth.set_roles(branch.db, admin, "clerk", [Role.CLERK, role])
    # Nor through the demo's bootstrap: this branch is not a demo being built.
    with pytest.raises(Forbidden) as demo:
        auth.add_demo_office_user(
            branch.db, "boss", PASSWORD, role, display_name="老板", region_id=None
        )
    assert demo.value.code == "user.demo_only"
    with branch.db.write() as s:
        put_setting(s, DEMO_SETTING, DEMO_READY)  # a finished demo: no longer either
    with pytest.raises(Forbidden):
        auth.add_demo_office_user(
            branch.db, "boss", PASSWORD, role, display_name="老板", region_id=None
        )
    # A user who already holds one (from head office) keeps it when other roles change.
    view = auth.set_roles(branch.db, admin, role.value, [role])
    assert view.roles == (role,)


def test_every_role_change_is_audited_and_in_the_users_history(branch: Branch) -> None:
    admin = branch.actor(Role.ADMIN)
    auth.add_user(branch.db, admin, "wang", PASSWORD, [Role.CLERK])
    auth.set_roles(branch.db, admin, "wang", [Role.CLERK, Role.CASHIER])
    auth.set_roles(branch.db, admin, "wang", [])
    auth.set_active(branch.db, admin, "wang", False)
    history = auth.user_history(branch.db, admin, "wang")
    assert [(e.action, e.by, e.before, e.after) for e in history] == [
        (
            "user_added",
            "admin",
            None,
            {
                "username": "wang",
                "roles": ["clerk"],
                "branch_id": str(branch.branch_id),
                "region_id": None,
            },
        ),
        ("roles_changed", "admin", {"roles": ["clerk"]}, {"roles": ["cashier", "clerk"]}),
        ("roles_changed", "admin", {"roles": ["cashier", "clerk"]}, {"roles": []}),
        ("user_disabled", "admin", {"active": True}, {"active": False}),
    ]
    assert len(auth.user_history(branch.db, branch.actor(Role.BRANCH_GM), "wang")) == 4
    with pytest.raises(Forbidden):
        auth.user_history(branch.db, branch.actor(Role.CLERK), "wang")
