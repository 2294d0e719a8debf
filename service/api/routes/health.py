from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from models.api import Health
from service.api.deps import WorkspaceDep
from service.api.errors import ApiProblem

router = APIRouter(tags=["health"])


@router.get(
    "/healthz", response_model=Health, response_model_exclude_none=True, summary="The process is up"
)
def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Health, summary="Models loaded and index in step")
def readyz(workspace: WorkspaceDep) -> Health:
    stats = workspace.stats()
    if not stats.index_in_step:
        raise ApiProblem(503, "The claim index is behind the database; it is being completed.")
    return Health(
        status="ready",
        model_loaded=workspace.models_loaded(),
        index_in_step=stats.index_in_step,
        articles=stats.articles,
        claims=stats.claims,
    )


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(request: Request) -> Response:
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
