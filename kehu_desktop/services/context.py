"""Who is calling: the signed-in actor, and the role check every service starts with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.roles import ACTION_NAMES_ZH, PERMISSIONS, ROLE_NAMES_ZH, Role, allowed


@dataclass(frozen=True)
class Actor:
    """A signed-in user as services see it. Obtained from :func:`auth.sign_in`."""

    user_id: uuid.UUID | None
    username: str
    display_name: str
    branch_id: uuid.UUID | None
    region_id: uuid.UUID | None
    roles: frozenset[Role]

    def can(self, action: str) -> bool:
        return allowed(self.roles, action)

    @classmethod
    def system(cls, branch_id: uuid.UUID | None = None) -> Actor:
        """The local administrator used by `kehu` admin commands run on the machine itself.

        Whoever can run commands on the database file already holds all of its data, so the CLI's
        admin commands act as administrator; business decisions (approvals) still need a sign-in.
        """
        return cls(None, "system", "系统", branch_id, None, frozenset({Role.ADMIN}))


def require(actor: Actor, action: str) -> None:
    """Refuse unless one of the actor's roles allows ``action`` (see domain.roles.PERMISSIONS)."""
    if not actor.can(action):
        roles = "、".join(ROLE_NAMES_ZH[r] for r in sorted(PERMISSIONS[action]))
        raise Forbidden("auth.forbidden", action=ACTION_NAMES_ZH.get(action, action), roles=roles)
