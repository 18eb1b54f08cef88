"""Where the data lives and which database to open.

Order of precedence: ``KEHU_DATABASE_URL``; ``database_url`` in ``settings.json`` in the data
folder; the default SQLite file ``kehu.sqlite3`` in the data folder. ``KEHU_DATA_DIR`` moves the
data folder (default: the platform's user data folder, via platformdirs).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

APP_NAME = "kehu-desktop"
DB_FILENAME = "kehu.sqlite3"


def data_dir() -> Path:
    override = os.environ.get("KEHU_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, "kehu"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _settings_file() -> Path:
    return data_dir() / "settings.json"


def local_settings() -> dict[str, object]:
    try:
        return dict(json.loads(_settings_file().read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        return {}


def save_local_settings(values: dict[str, object]) -> None:
    merged = local_settings() | values
    _settings_file().write_text(json.dumps(merged, ensure_ascii=False, indent=2), "utf-8")


def database_url() -> str:
    url = os.environ.get("KEHU_DATABASE_URL") or local_settings().get("database_url")
    if url:
        return str(url)
    return sqlite_url(data_dir() / DB_FILENAME)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"
