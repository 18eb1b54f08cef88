"""The plumbing every use case shares: the acting user (:class:`Actor`, :func:`require`), the
:func:`use_case` transaction, and the records a write leaves behind (audit, outbox, document
numbers, settings rows).
"""

from __future__ import annotations

from kehu_desktop.services.base.context import Actor
from kehu_desktop.services.base.context import os_origin
from kehu_desktop.services.base.context import require
from kehu_desktop.services.base.records import DEFAULT_SETTINGS
from kehu_desktop.services.base.records import DEMO_BUILDING
from kehu_desktop.services.base.records import DEMO_READY
from kehu_desktop.services.base.records import DEMO_SETTING
from kehu_desktop.services.base.records import Write
from kehu_desktop.services.base.records import audit
from kehu_desktop.services.base.records import changed
from kehu_desktop.services.base.records import get_setting
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.base.records import jsonable
from kehu_desktop.services.base.records import local_branch_in
from kehu_desktop.services.base.records import next_number
from kehu_desktop.services.base.records import put_setting
from kehu_desktop.services.base.records import record_change
from kehu_desktop.services.base.records import record_changes
from kehu_desktop.services.base.records import row_dict
from kehu_desktop.services.base.records import write_of
from kehu_desktop.services.base.scope import scope_condition
from kehu_desktop.services.base.scope import scoped
from kehu_desktop.services.base.scope import sees_every_branch
from kehu_desktop.services.base.use_case import documents_locked
from kehu_desktop.services.base.use_case import for_update
from kehu_desktop.services.base.use_case import lock_customers
from kehu_desktop.services.base.use_case import lock_region
from kehu_desktop.services.base.use_case import use_case

__all__ = [
    "Actor",
    "DEFAULT_SETTINGS",
    "DEMO_BUILDING",
    "DEMO_READY",
    "DEMO_SETTING",
    "Write",
    "audit",
    "changed",
    "get_setting",
    "is_head_office_in",
    "jsonable",
    "local_branch_in",
    "documents_locked",
    "for_update",
    "lock_customers",
    "lock_region",
    "next_number",
    "os_origin",
    "put_setting",
    "record_change",
    "record_changes",
    "require",
    "row_dict",
    "scope_condition",
    "scoped",
    "sees_every_branch",
    "write_of",
    "use_case",
]
