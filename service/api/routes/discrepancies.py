from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from models import FindingKind, FindingStatus
from models.api import FindingPage
from models.records import Entity
from service.api.deps import ReadAccess, WorkspaceDep
from service.api.errors import ApiProblem
from service.moments import FORMS, parse_moment

router = APIRouter(prefix="/v1", tags=["discrepancies"])
# A finding id names its kind: "number-" and sixteen hex digits.
FINDING_ID = re.compile("(?:" + "|".join(kind.value for kind in FindingKind) + r")-[0-9a-f]{16}")


@router.get("/discrepancies", response_model=FindingPage, summary="Findings, a page at a time")
def list_discrepancies(
    workspace: WorkspaceDep,
    _: ReadAccess,
    kind: FindingKind | None = None,
    status: FindingStatus | None = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    entity: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[
        str | None,
        Query(
            max_length=64,
            description=f"Findings whose latest claim was published since then: {FORMS}.",
            examples=["24h", "2026-03-09"],
        ),
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=64, description="`next_cursor` of the page before.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> FindingPage:
    """Filter by kind, status, outlet, entity and latest publication time; pass `next_cursor`
    back as `cursor` for the next page."""
    if cursor is not None and not FINDING_ID.fullmatch(cursor):
        raise ApiProblem(
            422, f"cursor {cursor!r} is not one this API gave: pass a page's `next_cursor`."
        )
    items = workspace.discrepancies(
        kind=kind,
        status=status,
        outlet=outlet,
        entity=entity,
        since=_moment(since),
        after=cursor,
        limit=limit + 1,
    )
    next_cursor = items[limit - 1].id if len(items) > limit else None
    return FindingPage(items=items[:limit], next_cursor=next_cursor)


def _moment(since: str | None) -> datetime | None:
    if since is None:
        return None
    try:
        return parse_moment(since, datetime.now(UTC))
    except ValueError as error:
        raise ApiProblem(422, f"since: {error}.") from None


@router.get("/entities/{entity_id}", response_model=Entity, summary="A person and their spellings")
def get_entity(workspace: WorkspaceDep, _: ReadAccess, entity_id: str) -> Entity:
    found = workspace.entity(entity_id)
    if found is None:
        raise ApiProblem(404, f"No entity with id {entity_id!r}; entity ids come from findings.")
    return found
