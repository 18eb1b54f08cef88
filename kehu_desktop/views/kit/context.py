"""What every screen needs: the database, the signed-in actor, the DB worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kehu_desktop.db import Database
from kehu_desktop.services.base import Actor
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.kit.worker import Task


def _held_weakly(callback: Callable[..., Any]) -> Callable[..., Any]:
    return weak_callback(callback) if hasattr(callback, "__self__") else callback


@dataclass
class AppContext:
    db: Database
    actor: Actor
    worker: DbWorker
    #: Head office's database (services.setup.is_head_office): every branch of the user's scope,
    #: the head-office screens, "总部" in the title.
    head_office: bool = False

    def __post_init__(self) -> None:
        # Every screen hears the changes committed to this database (worker.changesMade).
        self.worker.watch(self.db)

    def call(
        self,
        service: Callable[..., Any],
        *args: Any,
        on_done: Callable[..., Any],
        on_error: Callable[[Exception], Any],
        **kwargs: Any,
    ) -> Task:
        """Run ``service(db, actor, *args, **kwargs)`` on the DB worker as the signed-in user.
        A bound method as callback is held weakly (errors.weak_callback): a screen closed
        meanwhile neither stays alive nor hears the answer."""
        return self.worker.submit(
            service,
            self.db,
            self.actor,
            *args,
            on_done=_held_weakly(on_done),
            on_error=_held_weakly(on_error),
            **kwargs,
        )
