"""Admin and sign-in: users, passwords and roles, the business settings, and setting up a branch
(first run, the demo branch's state).

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.domain.errors import AuthenticationFailed
from kehu_desktop.dto import Owner
from kehu_desktop.faces import lazy_face
from kehu_desktop.services.base.records import DEMO_BUILDING
from kehu_desktop.services.base.records import DEMO_READY
from kehu_desktop.services.base.records import DEMO_SETTING

if TYPE_CHECKING:
    from kehu_desktop.services.admin.audit_log import DEFAULT_LIMIT
    from kehu_desktop.services.admin.audit_log import audit_choices
    from kehu_desktop.services.admin.audit_log import audit_records
    from kehu_desktop.services.admin.audit_log import export_audit
    from kehu_desktop.services.admin.auth import PRODUCT_HASH_PARAMETERS
    from kehu_desktop.services.admin.auth import PasswordChangeRequired
    from kehu_desktop.services.admin.auth import add_demo_office_user
    from kehu_desktop.services.admin.auth import add_head_office_user
    from kehu_desktop.services.admin.auth import add_user
    from kehu_desktop.services.admin.auth import change_password
    from kehu_desktop.services.admin.auth import hash_parameters
    from kehu_desktop.services.admin.auth import hash_password
    from kehu_desktop.services.admin.auth import list_users
    from kehu_desktop.services.admin.auth import reset_password
    from kehu_desktop.services.admin.auth import set_active
    from kehu_desktop.services.admin.auth import set_hash_parameters
    from kehu_desktop.services.admin.auth import set_roles
    from kehu_desktop.services.admin.auth import sign_in
    from kehu_desktop.services.admin.auth import sign_in_changing_password
    from kehu_desktop.services.admin.auth import user_history
    from kehu_desktop.services.admin.backups import backup_status
    from kehu_desktop.services.admin.backups import check_backup_file
    from kehu_desktop.services.admin.backups import daily_backup
    from kehu_desktop.services.admin.backups import exit_backup
    from kehu_desktop.services.admin.backups import pg_dump_command
    from kehu_desktop.services.admin.backups import restore_backup
    from kehu_desktop.services.admin.backups import take_backup
    from kehu_desktop.services.admin.branch_status import SILENT_AFTER
    from kehu_desktop.services.admin.branch_status import branch_statuses
    from kehu_desktop.services.admin.branches import branch_in_scope
    from kehu_desktop.services.admin.branches import branches_in_scope
    from kehu_desktop.services.admin.branches import region_of
    from kehu_desktop.services.admin.regions import region_quotas
    from kehu_desktop.services.admin.regions import set_region_max_customers
    from kehu_desktop.services.admin.settings import REGION_QUOTA_PREFIX
    from kehu_desktop.services.admin.settings import RULES
    from kehu_desktop.services.admin.settings import edit_setting
    from kehu_desktop.services.admin.settings import idle_minutes
    from kehu_desktop.services.admin.settings import list_settings
    from kehu_desktop.services.admin.settings import rule_for
    from kehu_desktop.services.admin.settings import sync_interval_minutes
    from kehu_desktop.services.admin.setup import BranchSetup
    from kehu_desktop.services.admin.setup import add_branch
    from kehu_desktop.services.admin.setup import branch_view
    from kehu_desktop.services.admin.setup import check_branch_setup
    from kehu_desktop.services.admin.setup import demo_state
    from kehu_desktop.services.admin.setup import is_demo_branch
    from kehu_desktop.services.admin.setup import is_head_office
    from kehu_desktop.services.admin.setup import is_set_up
    from kehu_desktop.services.admin.setup import local_branch_id
    from kehu_desktop.services.admin.setup import open_database
    from kehu_desktop.services.admin.setup import set_up_branch

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
