"""The log file: ``logs/kehu.log`` in the data folder, rotated (issue 10 §4).

What goes in: errors with their tracebacks (the GUI's unexpected errors, a failed backup or
start-up task), sign-ins and refused sign-ins, each sync and its failures, each print job and
its failures, backups and restores; at ``INFO`` by default (``kehu --log-level``, ``kehu-desktop
--log-level``, or ``KEHU_LOG_LEVEL``). Never a password or the sync secret. Warnings and errors
also go to standard error, as before.

The file is rotated at :data:`MAX_BYTES` with :data:`KEEP` older files (``kehu.log.1`` …), so a
branch PC that runs for years keeps a few megabytes of log. Configured once per process: a second
call (the CLI's ``main`` run again in the same process, as tests do) changes only the level.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from kehu_desktop import config

LOG_NAME = "kehu.log"
MAX_BYTES = 1_000_000
KEEP = 5
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_LEVEL = "INFO"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
#: Marks our handlers on the root logger: one each however often logging is configured.
_OURS = "_kehu_handler"


def log_folder() -> Path:
    return config.data_dir() / "logs"


def log_file() -> Path:
    return log_folder() / LOG_NAME


def level_name(level: str | None) -> str:
    """``level``, else ``KEHU_LOG_LEVEL``, else INFO; an unknown name gives INFO."""
    name = (level or os.environ.get("KEHU_LOG_LEVEL") or DEFAULT_LEVEL).strip().upper()
    return name if name in LEVELS else DEFAULT_LEVEL


def configure_logging(level: str | None = None, *, max_bytes: int = MAX_BYTES) -> Path | None:
    """Log to the rotating file in the data folder at ``level`` (see :func:`level_name`) and
    warnings to standard error. Returns the file, or None when it cannot be written (a
    read-only data folder: the program still runs, with standard error only)."""
    root = logging.getLogger()
    name = level_name(level)
    root.setLevel(name)
    ours = [h for h in root.handlers if getattr(h, _OURS, False)]
    if ours:
        for handler in ours:
            if isinstance(handler, logging.handlers.RotatingFileHandler):
                handler.setLevel(name)
                return Path(handler.baseFilename)
        return None
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    setattr(console, _OURS, True)
    root.addHandler(console)
    try:
        log_folder().mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file(), maxBytes=max_bytes, backupCount=KEEP, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file: %s", exc)
        return None
    handler.setLevel(name)
    handler.setFormatter(logging.Formatter(FORMAT))
    setattr(handler, _OURS, True)
    root.addHandler(handler)
    return log_file()


def stop_logging() -> None:
    """Close and remove our handlers (tests; the end of a process closes them anyway)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
