"""The branch side of head-office sync (issue 8, docs/sync.md). Qt-free: the `kehu sync`
commands, and later the desktop's 设置 → 总部同步 through the DB worker, call it.

Registration (:func:`register`), push and pull (:func:`now`), the status (:func:`status`) and
the comparison with head office (:func:`verify`).
"""

from __future__ import annotations

from kehu_desktop.sync.client import SyncReport
from kehu_desktop.sync.client import due
from kehu_desktop.sync.client import now
from kehu_desktop.sync.client import verify
from kehu_desktop.sync.credentials import Credentials
from kehu_desktop.sync.credentials import config_dir
from kehu_desktop.sync.credentials import load
from kehu_desktop.sync.registration import SyncStatus
from kehu_desktop.sync.registration import register
from kehu_desktop.sync.registration import status
from kehu_desktop.sync.rejections import RejectionView
from kehu_desktop.sync.rejections import mark_seen
from kehu_desktop.sync.rejections import rejections_for
from kehu_desktop.sync.restore import RestoreReport
from kehu_desktop.sync.restore import restore

__all__ = [
    "Credentials",
    "RejectionView",
    "SyncReport",
    "SyncStatus",
    "config_dir",
    "due",
    "load",
    "mark_seen",
    "now",
    "register",
    "rejections_for",
    "restore",
    "RestoreReport",
    "status",
    "verify",
]
