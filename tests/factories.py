"""Shared fixtures that build a small branch with one user per role."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.services import auth
from kehu_desktop.services.context import Actor
from kehu_desktop.services.setup import BranchSetup, set_up_branch

PASSWORD = "secret-123"


@dataclass
class Branch:
    db: Database
    branch_id: uuid.UUID
    actors: dict[Role, Actor]

    def actor(self, role: Role) -> Actor:
        return self.actors[role]


def make_branch(db: Database) -> Branch:
    branch_id = set_up_branch(
        db,
        BranchSetup(
            branch_code="SH",
            branch_name="上海分公司",
            region_code="HD",
            region_name="华东大区",
            admin_username="admin",
            admin_password=PASSWORD,
            market_offices=[("PD", "浦东市场部"), ("MH", "闵行市场部")],
        ),
    )
    admin = auth.sign_in(db, "admin", PASSWORD)
    actors = {Role.ADMIN: admin}
    for role in Role:
        if role == Role.ADMIN:
            continue
        hq = role in (Role.MARKETING_HEAD, Role.FINANCE)
        auth.add_user(db, admin, role.value, PASSWORD, [role], display_name=f"{role.value}用户")
        if hq:
            # Head-office users belong to no branch.
            from kehu_desktop.models import User

            with db.write() as s:
                user = s.query(User).filter_by(username=role.value).one()
                user.branch_id = None
        actors[role] = auth.sign_in(db, role.value, PASSWORD)
    return Branch(db, branch_id, actors)
