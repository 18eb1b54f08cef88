"""What every screen needs: the database, the signed-in actor, the DB worker."""

from __future__ import annotations

from dataclasses import dataclass

from kehu_desktop.db import Database
from kehu_desktop.services.context import Actor
from kehu_desktop.views.kit.worker import DbWorker


@dataclass
class AppContext:
    db: Database
    actor: Actor
    worker: DbWorker
