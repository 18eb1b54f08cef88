"""What every screen needs: the database, the signed-in actor, the DB worker."""

from __future__ import annotations

from dataclasses import dataclass

from kehu_desktop.db import Database
from kehu_desktop.services.base import Actor
from kehu_desktop.views.worker import DbWorker


@dataclass
class AppContext:
    db: Database
    actor: Actor
    worker: DbWorker

    def __post_init__(self) -> None:
        # Every screen hears the changes committed to this database (worker.changesMade).
        self.worker.watch(self.db)
