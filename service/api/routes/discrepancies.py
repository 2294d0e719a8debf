from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from models import FindingKind, FindingStatus
from models.api import FindingPage
from models.records import Entity
from service.api.deps import ReadAccess, WorkspaceDep
from service.api.errors import ApiProblem

router = APIRouter(prefix="/v1", tags=["discrepancies"])


@router.get("/discrepancies", response_model=FindingPage, summary="Findings, a page at a time")
def list_discrepancies(
    workspace: WorkspaceDep,
    _: ReadAccess,
    kind: FindingKind | None = None,
    status: FindingStatus | None = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    entity: Annotated[str | None, Query(max_length=64)] = None,
    since: datetime | None = None,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> FindingPage:
    """Filter by kind, status, outlet, entity and latest publication time; pass `next_cursor`
    back as `cursor` for the next page."""
    items = workspace.discrepancies(
        kind=kind,
        status=status,
        outlet=outlet,
        entity=entity,
        since=since,
        after=cursor,
        limit=limit + 1,
    )
    next_cursor = items[limit - 1].id if len(items) > limit else None
    return FindingPage(items=items[:limit], next_cursor=next_cursor)


@router.get("/entities/{entity_id}", response_model=Entity, summary="A person and their spellings")
def get_entity(workspace: WorkspaceDep, _: ReadAccess, entity_id: str) -> Entity:
    found = workspace.entity(entity_id)
    if found is None:
        raise ApiProblem(404, f"No entity with id {entity_id!r}; entity ids come from findings.")
    return found
