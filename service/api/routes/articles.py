"""Articles in and out. A batch is validated item by item, so one bad article is reported
against its position while the rest go in, as `parallax ingest` does with a feed's lines."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import ValidationError
from pydantic.json_schema import models_json_schema

from models import ArticleIn, ArticleWithClaims, IngestResult
from models.api import ArticleBatch
from models.check import ItemError
from service.api.deps import ReadAccess, SettingsDep, WorkspaceDep, WriteAccess
from service.api.errors import ApiProblem, field_problems, wrong_content_type

router = APIRouter(prefix="/v1/articles", tags=["articles"])

ARTICLE_EXAMPLE = {
    "id": "evening-post-bridge",
    "outlet": "Evening Post",
    "url": "https://evening-post.example.test/bridge",
    "published": "2026-03-09",
    "title": "Bridge collapse",
    "text": "Twelve people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
}


SHAPES = 'one article object, a list of them, or {"articles": [...]}'
ARTICLE_FIELDS = frozenset(ArticleIn.model_fields)


def body_schemas() -> dict[str, Any]:
    """ArticleIn and ArticleBatch for the OpenAPI components: the route reads its body itself
    (to validate a batch item by item), so FastAPI would not list them."""
    _, schemas = models_json_schema(
        [(ArticleIn, "validation"), (ArticleBatch, "validation")],
        ref_template="#/components/schemas/{model}",
    )
    defs: dict[str, Any] = schemas["$defs"]
    return defs


def _ref(model: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model}"}


REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [
                    _ref("ArticleIn"),
                    _ref("ArticleBatch"),
                    {"type": "array", "items": _ref("ArticleIn")},
                ]
            },
            "examples": {
                "one article": {"value": ARTICLE_EXAMPLE},
                "a batch": {"value": {"articles": [ARTICLE_EXAMPLE]}},
            },
        }
    },
}


async def json_body(request: Request) -> Any:
    """The parsed body; a route running in the thread pool cannot await it."""
    refusal = wrong_content_type(request.headers.get("content-type", ""))
    if refusal is not None:
        raise ApiProblem(415, refusal)
    try:
        return json.loads(await request.body())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiProblem(422, f"The body is not valid JSON: {error}; send {SHAPES}.") from None


@router.post(
    "",
    response_model=IngestResult,
    summary="Ingest one article or a batch",
    openapi_extra={"requestBody": REQUEST_BODY},
)
def ingest_articles(
    workspace: WorkspaceDep,
    settings: SettingsDep,
    _: WriteAccess,
    body: Annotated[Any, Depends(json_body)],
) -> IngestResult:
    """Idempotent: an article already stored (same id, URL, or outlet and text) is reported
    with `created: false`. In a batch, items that cannot be ingested are listed under `errors`
    by position (`item 2`) and the rest go in; one article on its own that cannot be ingested
    is refused with a 422 problem. New articles are compared with the corpus in the
    background, so GET /v1/discrepancies soon lists what they dispute without waiting."""
    single = isinstance(body, dict) and "articles" not in body
    raw = [body] if single else _batch_items(body)
    if not raw:
        raise ApiProblem(422, "The batch is empty: send at least one article.")
    if len(raw) > settings.max_batch:
        raise ApiProblem(
            413, f"{len(raw)} articles in one request; the limit is {settings.max_batch}."
        )
    articles, sources, refused, warnings = _validated(raw)
    result = workspace.ingest_articles(articles, sources=sources)
    if result.created:
        workspace.refresh_later()
    result.errors = sorted(refused + result.errors, key=lambda error: _position(error.source))
    result.warnings = warnings + result.warnings
    if single and result.errors:
        raise ApiProblem(422, f"The article was refused: {result.errors[0].message}.")
    return result


def _batch_items(body: Any) -> list[Any]:
    items = body.get("articles") if isinstance(body, dict) else body
    if not isinstance(items, list):
        raise ApiProblem(422, f"The body is not an article or a batch: send {SHAPES}.")
    return items


def _validated(
    raw: list[Any],
) -> tuple[list[ArticleIn], list[str], list[ItemError], list[str]]:
    """The items that are articles, their positions, and why each of the others is not."""
    articles: list[ArticleIn] = []
    sources: list[str] = []
    refused: list[ItemError] = []
    warnings: list[str] = []
    for position, item in enumerate(raw):
        source = f"item {position}"
        try:
            articles.append(ArticleIn.model_validate(item))
        except ValidationError as error:
            problems = field_problems(error.errors())
            message = "; ".join(f"{p['field'] or 'the item'}: {p['problem']}" for p in problems)
            refused.append(ItemError(source=source, message=message))
            continue
        sources.append(source)
        if ignored := sorted(set(item) - ARTICLE_FIELDS):
            warnings.append(f"{source}: ignored unknown fields: {', '.join(ignored)}")
    return articles, sources, refused, warnings


def _position(source: str) -> int:
    return int(source.removeprefix("item "))


@router.get(
    "/{article_id:path}", response_model=ArticleWithClaims, summary="An article and its claims"
)
def get_article(
    workspace: WorkspaceDep,
    _: ReadAccess,
    article_id: Annotated[str, Path(min_length=1, max_length=200)],
) -> ArticleWithClaims:
    found = workspace.article(article_id)
    if found is None:
        raise ApiProblem(404, f"No article with id {article_id!r}.")
    return found
