"""The head-office service: an ASGI app (FastAPI) over the head-office database.

Stateless: everything lives in the database, so two instances on one database serve the same
branches. The branch a request acts for comes only from its ``Authorization: Bearer`` secret
(:func:`current_branch`), never from its payload.
"""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at run time,
# and ``Depends(current_branch)`` names a function local to create_app.
import json
import uuid
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated
from typing import Any

from fastapi import Depends
from fastapi import FastAPI
from fastapi import Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from kehu_desktop import __version__
from kehu_desktop.db import Database
from kehu_desktop.migrations import head_revision
from kehu_desktop.models import Branch
from kehu_desktop.models import BranchSync
from kehu_desktop.models import ChangeLogHead
from kehu_desktop.models import Region
from kehu_hq import exchange
from kehu_hq import registry
from kehu_hq.registry import RegistryError

#: A push's limits: bytes on the wire, bytes once unpacked (docs/sync.md).
MAX_COMPRESSED = 8 * 1024 * 1024
MAX_BODY = 64 * 1024 * 1024


class RegisterRequest(BaseModel):
    code: str
    #: The id of the branch row in the branch's own database (head office adopts it).
    branch_id: uuid.UUID | None = None


class RegisterReply(BaseModel):
    branch_code: str
    secret: str


def _remote(request: Request) -> str | None:
    return request.client.host if request.client else None


async def _read_json(request: Request, db: Database, branch: Branch) -> Any:
    """The request's JSON body, gunzipped as a stream when sent with ``Content-Encoding:
    gzip``; 413 past :data:`MAX_COMPRESSED` on the wire or :data:`MAX_BODY` unpacked, 400 when
    it is not JSON. The refusal is logged like any other."""
    gzipped = request.headers.get("content-encoding", "").lower() == "gzip"
    unpack = zlib.decompressobj(wbits=31) if gzipped else None
    received = 0
    parts: list[bytes] = []
    size = 0

    def too_large(what: str) -> RegistryError:
        registry.record_refusal(db, branch.id, 413, "push.too_large", what, remote=_remote(request))
        return RegistryError(413, "push.too_large", what)

    async for chunk in request.stream():
        received += len(chunk)
        if received > MAX_COMPRESSED:
            raise too_large(f"more than {MAX_COMPRESSED} bytes sent")
        if unpack is None:
            data = chunk
        else:
            try:
                data = unpack.decompress(chunk, MAX_BODY + 1 - size)
            except zlib.error:
                data = b"\x00"  # not gzip: read as bad JSON below
                unpack = None
        size += len(data)
        if size > MAX_BODY:
            raise too_large(f"more than {MAX_BODY} bytes unpacked")
        parts.append(data)
    try:
        return json.loads(b"".join(parts))
    except ValueError:
        registry.record_refusal(
            db, branch.id, 400, "push.malformed", "not JSON", remote=_remote(request)
        )
        raise RegistryError(400, "push.malformed", "the body is not (gzip) JSON") from None


def create_app(database_url: str) -> FastAPI:
    """The service on the database at ``database_url`` (at the schema head: ``kehu-hq db
    upgrade``)."""
    db = Database(database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = FastAPI(title="kehu head office", version=__version__, lifespan=lifespan)
    # Pull pages and digests go back gzipped to a client that accepts it (httpx does).
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.state.db = db

    @app.exception_handler(RegistryError)
    async def refused(_request: Request, error: RegistryError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return JSONResponse(
            {"error": error.code, "message": error.message, **error.extra},
            error.status,
            headers=headers,
        )

    async def current_branch(request: Request) -> Branch:
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        given = secret.strip() if scheme.lower() == "bearer" else None
        return await run_in_threadpool(registry.authenticate, db, given, _remote(request))

    # The database calls are blocking: FastAPI runs plain ``def`` endpoints in its thread pool.
    @app.post("/v1/register")
    def register(body: RegisterRequest, request: Request) -> RegisterReply:
        branch_code, secret = registry.register(
            db, body.code, _remote(request), branch_id=body.branch_id
        )
        return RegisterReply(branch_code=branch_code, secret=secret)

    @app.get("/v1/status")
    def status(branch: Annotated[Branch, Depends(current_branch)]) -> dict[str, Any]:
        with db.read() as session:
            sync = session.get(BranchSync, branch.id)
            region = session.get(Region, branch.region_id)
            assert sync is not None  # authenticate found it
            return {
                "branch_code": branch.code,
                "branch_id": str(branch.id),
                "branch_name": branch.name,
                "region": region.code if region else None,
                "registered_at": sync.registered_at,
                "acked_seq": sync.acked_seq,
                "last_push_at": sync.last_push_at,
                "last_pull_at": sync.last_pull_at,
                "schema_rev": head_revision(),
                "head_version": session.scalar(
                    select(ChangeLogHead.version).where(ChangeLogHead.id == 1)
                )
                or 0,
                "server_time": db.clock.now(),
            }

    @app.post("/v1/push")
    async def push(request: Request) -> dict[str, Any]:
        branch = await current_branch(request)
        body = await _read_json(request, db, branch)
        return await run_in_threadpool(exchange.push, db, branch, body, _remote(request))

    @app.get("/v1/pull")
    def pull(
        branch: Annotated[Branch, Depends(current_branch)],
        request: Request,
        after: int = 0,
        limit: int = 1000,
        schema_rev: str = "",
    ) -> dict[str, Any]:
        exchange.check_revision(db, branch, schema_rev, _remote(request))
        return exchange.pull(db, branch, after, limit, _remote(request))

    @app.get("/v1/records")
    def records(
        branch: Annotated[Branch, Depends(current_branch)],
        table: str,
        part: str = "branch",
        after: str | None = None,
        limit: int = 1000,
    ) -> dict[str, Any]:
        return exchange.records(db, branch, table, part, after, limit)

    @app.get("/v1/digest")
    def digest(branch: Annotated[Branch, Depends(current_branch)]) -> dict[str, Any]:
        return exchange.branch_digest(db, branch)

    @app.get("/v1/health")
    def health() -> dict[str, str]:
        with db.read() as session:
            session.execute(select(1))
        return {"status": "ok", "version": __version__}

    return app


__all__ = ["create_app"]
