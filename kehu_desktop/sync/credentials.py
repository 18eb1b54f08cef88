"""Where the branch keeps its head-office URL and secret: a file in the user's config folder,
never the database file, so a copied or backed-up database carries no credential
(docs/sync.md, "Registration and identity"; docs/decisions.md, "Issue 8 — the branch
registers")."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import asdict
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kehu_desktop.config import APP_NAME

#: The file's name in the config folder. One per OS user: it names the branch it belongs to,
#: and a database of another branch reads it as "not registered".
FILENAME = "sync.secret"


@dataclass(frozen=True)
class Credentials:
    url: str
    branch_id: uuid.UUID
    branch_code: str
    secret: str
    registered_at: str  # ISO time, the branch PC's clock (information only)
    last_error: str | None = None  # unused: the last error lives in sync_state now


def config_dir() -> Path:
    """``KEHU_CONFIG_DIR`` (tests, a second installation), else the platform's user config
    folder."""
    override = os.environ.get("KEHU_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, "kehu"))


def path() -> Path:
    return config_dir() / FILENAME


def load() -> Credentials | None:
    """The stored credentials, or None when there are none (or the file is unreadable)."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
        data["branch_id"] = uuid.UUID(data["branch_id"])
        return Credentials(**data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(credentials: Credentials) -> Path:
    """Write the file atomically with mode 0600: a temporary file made 0600 from the start
    (mkstemp) in the same folder, flushed, then renamed over the old one, so a crash leaves the
    old file or the new one, never half of one, and the secret is never readable by others."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = asdict(credentials) | {"branch_id": str(credentials.branch_id)}
    fd, temporary = tempfile.mkstemp(prefix=".sync-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)  # mkstemp makes it 0600 already; say so where it matters
        os.replace(temporary, path())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path()
