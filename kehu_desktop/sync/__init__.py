"""The branch side of head-office sync (issue 8, docs/sync.md). Qt-free: the `kehu sync`
commands, and later the desktop's 设置 → 总部同步 through the DB worker, call it.

Built so far: registration (:func:`register`) and the status (:func:`status`). Push and pull are
not built yet.
"""

from __future__ import annotations

from kehu_desktop.sync.credentials import Credentials
from kehu_desktop.sync.credentials import config_dir
from kehu_desktop.sync.credentials import load
from kehu_desktop.sync.registration import SyncStatus
from kehu_desktop.sync.registration import register
from kehu_desktop.sync.registration import status

__all__ = ["Credentials", "SyncStatus", "config_dir", "load", "register", "status"]
