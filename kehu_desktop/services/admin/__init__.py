"""Admin and sign-in: users, passwords and roles, the business settings, and setting up a branch
(first run, the demo branch's state).
"""

from __future__ import annotations

from kehu_desktop.domain.errors import (
    AuthenticationFailed,
)
from kehu_desktop.dto import (
    Owner,
)
from kehu_desktop.services.admin.auth import (
    PRODUCT_HASH_PARAMETERS,
    PasswordChangeRequired,
    add_demo_office_user,
    add_user,
    change_password,
    hash_parameters,
    hash_password,
    list_users,
    reset_password,
    set_active,
    set_hash_parameters,
    set_roles,
    sign_in,
    sign_in_changing_password,
    user_history,
)
from kehu_desktop.services.admin.settings import (
    REGION_QUOTA_PREFIX,
    RULES,
    edit_setting,
    idle_minutes,
    list_settings,
    rule_for,
)
from kehu_desktop.services.admin.setup import (
    BranchSetup,
    add_branch,
    branch_view,
    check_branch_setup,
    demo_state,
    is_demo_branch,
    is_set_up,
    local_branch_id,
    open_database,
    set_up_branch,
)
from kehu_desktop.services.base.records import (
    DEMO_BUILDING,
    DEMO_READY,
    DEMO_SETTING,
)

__all__ = [
    "AuthenticationFailed",
    "BranchSetup",
    "DEMO_BUILDING",
    "DEMO_READY",
    "DEMO_SETTING",
    "Owner",
    "PRODUCT_HASH_PARAMETERS",
    "PasswordChangeRequired",
    "REGION_QUOTA_PREFIX",
    "RULES",
    "add_branch",
    "add_demo_office_user",
    "add_user",
    "branch_view",
    "change_password",
    "check_branch_setup",
    "demo_state",
    "edit_setting",
    "hash_parameters",
    "hash_password",
    "idle_minutes",
    "is_demo_branch",
    "is_set_up",
    "list_settings",
    "list_users",
    "local_branch_id",
    "open_database",
    "reset_password",
    "rule_for",
    "set_active",
    "set_hash_parameters",
    "set_roles",
    "set_up_branch",
    "sign_in",
    "sign_in_changing_password",
    "user_history",
]
