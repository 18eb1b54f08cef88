"""Who is calling: the signed-in actor, and the role check every service starts with."""

from __future__ import annotations

import getpass
import os
import socket
import uuid
from dataclasses import dataclass

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.roles import ACTION_NAMES_ZH
from kehu_desktop.domain.roles import PERMISSIONS
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.domain.roles import allowed


@dataclass(frozen=True)
class Actor:
    """A signed-in user as services see it. Obtained from :func:`auth.sign_in`."""

    user_id: uuid.UUID | None
    username: str
    display_name: str
    branch_id: uuid.UUID | None
    region_id: uuid.UUID | None
    roles: frozenset[Role]
    #: Where the actor works from, written into every audit record: "OS user@host" for the
    #: command line (Actor.system and ``kehu --user``), None in the GUI.
    origin: str | None = None

    def can(self, action: str) -> bool:
        return allowed(self.roles, action)

    @classmethod
    def system(cls, branch_id: uuid.UUID | None = None) -> Actor:
        """The local administrator used by `kehu` admin commands run on the machine itself.

        Whoever can run commands on the database file already holds all of its data, so the CLI's
        admin commands act as administrator; business decisions (approvals) still need a sign-in.
        """
        return cls(
            None, "system", "系统", branch_id, None, frozenset({Role.ADMIN}), origin=os_origin()
        )


def os_origin() -> str:
    """The OS user and host of this process ("wang@branch-pc"): who ran a command, since
    "system" names nobody."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name anywhere (a bare container): the number
        user = f"uid {os.getuid()}" if hasattr(os, "getuid") else "?"
    return f"{user}@{socket.gethostname()}"[:120]


def require(actor: Actor, action: str) -> None:
    """Refuse unless one of the actor's roles allows ``action`` (see domain.roles.PERMISSIONS)."""
    if not actor.can(action):
        roles = "、".join(ROLE_NAMES_ZH[r] for r in sorted(PERMISSIONS[action]))
        raise Forbidden("auth.forbidden", action=ACTION_NAMES_ZH.get(action, action), roles=roles)
