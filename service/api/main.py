"""The FastAPI app: one Workspace per process, routers included, errors as problem+json."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from claims import Pipeline
from claims.embed import inference_threads
from service.api.errors import install_error_handlers
from service.api.limits import BodySizeLimit, NulGuard
from service.api.metrics import ApiMetrics, MetricsMiddleware
from service.api.routes import articles, checks, discrepancies, editor, health, reports
from service.api.security import RateLimiter
from service.collector import long_lived_frozen
from service.refresher import RefreshProcess
from service.settings import Settings
from service.workspace import Workspace

STATIC = Path(__file__).resolve().parent / "static"
DESCRIPTION = """Parallax aligns claims across news outlets and flags where they disagree:
numbers, dates, name spellings and opposite statements, each finding with its evidence.

Reads are open unless the server says otherwise; writes need an API key with the `write`
scope in `X-API-Key` (create one with `parallax keys create NAME --scope read --scope write`).
Errors are `application/problem+json`."""


def open_served_workspace(settings: Settings) -> Workspace:
    """The workspace a server answers from, warmed up: models loaded (an NLI model too, when
    one is configured), the corpus and its people in memory. `parallax serve` opens it before
    uvicorn starts, so a model or setting that is wrong is told in a line naming its variable
    instead of a traceback from the server's start-up."""
    # Checks embed one claim at a time from many request threads: torch's threads would only
    # spin against each other and against spaCy (bench/check_latency.py measures it); faiss
    # searches a check's few queries on the calling thread alone (`ClaimIndex.search`).
    inference_threads(1)
    pipeline = Pipeline(settings.pipeline, embed_in_process=settings.api_embed_process)
    refresher = RefreshProcess(settings) if settings.api_refresh_process else None
    workspace: Workspace | None = None
    try:
        workspace = Workspace(settings, pipeline, refresher=refresher)
        workspace.warm_up()
    except BaseException:
        if workspace is not None:
            workspace.close()  # closes the refresher too
        elif refresher is not None:
            refresher.close()
        pipeline.close()
        raise
    return workspace


def create_app(settings: Settings | None = None, workspace: Workspace | None = None) -> FastAPI:
    """`workspace`: opened by `open_served_workspace` already, for this app's one run; the
    app closes it, with its pipeline, when it stops."""
    settings = settings or (workspace.settings if workspace is not None else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        served = workspace if workspace is not None else open_served_workspace(settings)
        app.state.workspace = served
        app.state.metrics.remembered_checks.source = served.pipeline.check_cache_info
        try:
            with long_lived_frozen():  # the corpus and the models, out of the collector's way
                yield
        finally:
            served.close()
            served.pipeline.close()

    app = FastAPI(
        title="Parallax",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.metrics = ApiMetrics()
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(NulGuard)
    install_error_handlers(app)
    for module in (checks, articles, discrepancies, reports, health, editor):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _document_read_bodies(app)
    return app


def _document_read_bodies(app: FastAPI) -> None:
    """Add the models of bodies a route reads itself to the schema's components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()  # kept by FastAPI as app.openapi_schema: completed in place
        schema.setdefault("components", {}).setdefault("schemas", {}).update(
            articles.body_schemas()
        )
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
