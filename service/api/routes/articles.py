from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path

from models import ArticleIn, ArticleWithClaims, IngestResult
from models.api import ArticleBatch
from service.api.deps import ReadAccess, SettingsDep, WorkspaceDep, WriteAccess
from service.api.errors import ApiProblem

router = APIRouter(prefix="/v1/articles", tags=["articles"])

ARTICLE_EXAMPLE = {
    "id": "evening-post-bridge",
    "outlet": "Evening Post",
    "url": "https://evening-post.example.test/bridge",
    "published": "2026-03-09",
    "title": "Bridge collapse",
    "text": "Twelve people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
}


@router.post("", response_model=IngestResult, summary="Ingest one article or a batch")
def ingest_articles(
    workspace: WorkspaceDep,
    settings: SettingsDep,
    _: WriteAccess,
    body: Annotated[
        ArticleIn | ArticleBatch | list[ArticleIn],
        Body(
            openapi_examples={
                "one article": {"value": ARTICLE_EXAMPLE},
                "a batch": {"value": {"articles": [ARTICLE_EXAMPLE]}},
            }
        ),
    ],
) -> IngestResult:
    """Idempotent: an article already stored (same id, URL, or outlet and text) is reported
    with `created: false`. Items that cannot be ingested are listed under `errors`."""
    articles = (
        [body]
        if isinstance(body, ArticleIn)
        else (body.articles if isinstance(body, ArticleBatch) else body)
    )
    if not articles:
        raise ApiProblem(422, "The batch is empty: send at least one article.")
    if len(articles) > settings.max_batch:
        raise ApiProblem(
            413, f"{len(articles)} articles in one request; the limit is {settings.max_batch}."
        )
    return workspace.ingest_articles(articles)


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
