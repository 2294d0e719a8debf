"""Bodies of the REST API that are not pipeline models: pages, problems, batches, keys."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.article import ArticleIn
from models.finding import Finding
from models.records import ApiKey


class FindingPage(BaseModel):
    items: list[Finding]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; null on the last page."
    )


class ArticleBatch(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1)


class Problem(BaseModel):
    """RFC 9457 problem details, as every error of the API is answered."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = Field(
        default=None, description="Field-level problems of a request that did not validate."
    )


class ApiKeyCreated(BaseModel):
    key: str = Field(description="The key itself, shown once; only its hash is stored.")
    record: ApiKey


class Health(BaseModel):
    status: str
    model_loaded: bool | None = None
    index_in_step: bool | None = None
    articles: int | None = None
    claims: int | None = None
