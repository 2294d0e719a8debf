"""Dependencies routes declare: the workspace, settings, and the caller's key and scope.

They are coroutines: FastAPI runs a plain `def` dependency in the thread pool, and four thread
hand-offs per request cost a claim check more than the checks themselves. Only the database
look-up of a presented API key goes to a thread.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from models.records import ApiKey
from service.api.errors import ApiProblem
from service.api.security import READ, WRITE, RateLimiter, has_scope, presented_key
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace


async def get_workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def _caller(
    request: Request,
    workspace: WorkspaceDep,
    x_api_key: Annotated[
        str | None, Header(description="API key; or Authorization: Bearer")
    ] = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> ApiKey | None:
    plain = presented_key(x_api_key, authorization)
    if plain is None:
        return None
    key = await run_in_threadpool(_verify_key, workspace, plain)
    if key is None:
        raise ApiProblem(
            401,
            "The API key is not valid or was revoked. Create one with `parallax keys create`.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return key


def _verify_key(workspace: Workspace, plain: str) -> ApiKey | None:
    with workspace.sessions.begin() as session:
        return repo.verify_api_key(session, plain)


def _limit(request: Request, key: ApiKey | None) -> None:
    limiter: RateLimiter = request.app.state.rate_limiter
    client = f"key:{key.id}" if key else f"ip:{request.client.host if request.client else '-'}"
    wait = limiter.retry_after(client)
    if wait is not None:
        raise ApiProblem(
            429,
            f"Too many requests; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )


async def require_read(
    request: Request,
    settings: SettingsDep,
    key: Annotated[ApiKey | None, Depends(_caller)],
) -> ApiKey | None:
    if key is None and not settings.api_open_reads:
        raise ApiProblem(
            401,
            "This server needs an API key for reads: send it as X-API-Key.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if key is not None and not has_scope(key, READ):
        raise ApiProblem(403, f"The key {key.prefix}… has no 'read' scope.")
    _limit(request, key)
    return key


async def require_write(
    request: Request, key: Annotated[ApiKey | None, Depends(_caller)]
) -> ApiKey:
    if key is None:
        raise ApiProblem(
            401,
            "Writing needs an API key with the 'write' scope: send it as X-API-Key.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not has_scope(key, WRITE):
        raise ApiProblem(403, f"The key {key.prefix}… has no 'write' scope.")
    _limit(request, key)
    return key


ReadAccess = Annotated[ApiKey | None, Depends(require_read)]
WriteAccess = Annotated[ApiKey, Depends(require_write)]
