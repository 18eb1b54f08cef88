"""The head-office service: an ASGI app (FastAPI) over the head-office database.

Stateless: everything lives in the database, so two instances on one database serve the same
branches. The branch a request acts for comes only from its ``Authorization: Bearer`` secret
(:func:`current_branch`), never from its payload.
"""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at run time,
# and ``Depends(current_branch)`` names a function local to create_app.
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated
from typing import Any

from fastapi import Depends
from fastapi import FastAPI
from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from kehu_desktop import __version__
from kehu_desktop.db import Database
from kehu_desktop.migrations import head_revision
from kehu_desktop.models import Branch
from kehu_desktop.models import BranchSync
from kehu_desktop.models import Region
from kehu_hq import registry
from kehu_hq.registry import RegistryError


class RegisterRequest(BaseModel):
    code: str


class RegisterReply(BaseModel):
    branch_code: str
    secret: str


def _remote(request: Request) -> str | None:
    return request.client.host if request.client else None


def create_app(database_url: str) -> FastAPI:
    """The service on the database at ``database_url`` (at the schema head: ``kehu-hq db
    upgrade``)."""
    db = Database(database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = FastAPI(title="kehu head office", version=__version__, lifespan=lifespan)
    app.state.db = db

    @app.exception_handler(RegistryError)
    async def refused(_request: Request, error: RegistryError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return JSONResponse(
            {"error": error.code, "message": error.message}, error.status, headers=headers
        )

    async def current_branch(request: Request) -> Branch:
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        given = secret.strip() if scheme.lower() == "bearer" else None
        return await run_in_threadpool(registry.authenticate, db, given, _remote(request))

    # The database calls are blocking: FastAPI runs plain ``def`` endpoints in its thread pool.
    @app.post("/v1/register")
    def register(body: RegisterRequest, request: Request) -> RegisterReply:
        branch_code, secret = registry.register(db, body.code, _remote(request))
        return RegisterReply(branch_code=branch_code, secret=secret)

    @app.get("/v1/status")
    def status(branch: Annotated[Branch, Depends(current_branch)]) -> dict[str, Any]:
        with db.read() as session:
            sync = session.get(BranchSync, branch.id)
            region = session.get(Region, branch.region_id)
            assert sync is not None  # authenticate found it
            return {
                "branch_code": branch.code,
                "branch_name": branch.name,
                "region": region.code if region else None,
                "registered_at": sync.registered_at,
                "acked_seq": sync.acked_seq,
                "last_push_at": sync.last_push_at,
                "last_pull_at": sync.last_pull_at,
                "schema_rev": head_revision(),
                "server_time": db.clock.now(),
            }

    @app.get("/v1/health")
    def health() -> dict[str, str]:
        with db.read() as session:
            session.execute(select(1))
        return {"status": "ok", "version": __version__}

    return app


__all__ = ["create_app"]
