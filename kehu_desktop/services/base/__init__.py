"""The plumbing every use case shares: the acting user (:class:`Actor`, :func:`require`), the
:func:`use_case` transaction, and the records a write leaves behind (audit, outbox, document
numbers, settings rows).
"""

from __future__ import annotations

from kehu_desktop.services.base.context import (
    Actor,
    os_origin,
    require,
)
from kehu_desktop.services.base.records import (
    DEFAULT_SETTINGS,
    DEMO_BUILDING,
    DEMO_READY,
    DEMO_SETTING,
    Write,
    audit,
    changed,
    get_setting,
    jsonable,
    local_branch_in,
    next_number,
    put_setting,
    record_change,
    record_changes,
    row_dict,
    write_of,
)
from kehu_desktop.services.base.use_case import (
    documents_locked,
    for_update,
    lock_customers,
    lock_region,
    use_case,
)

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
    "write_of",
    "use_case",
]
