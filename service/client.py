"""Typed REST client for Parallax: the same pydantic models the server returns.

    from service.client import ParallaxClient
    with ParallaxClient("http://127.0.0.1:8000", api_key="plx_…") as client:
        result = client.check("Twelve people were killed in Port Alder on Sunday.")

Retries 429 and 5xx answers with exponential back-off (honouring Retry-After), and raises
`ParallaxApiError` carrying the server's problem detail otherwise; input the client can judge
before sending is refused with the same error. Imports only `models`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from models import (
    ArticleIn,
    ArticleWithClaims,
    CheckRequest,
    CheckResult,
    Finding,
    FindingKind,
    FindingStatus,
    IngestResult,
)
from models.api import FindingPage, Health
from models.records import Entity, StoredReport

Model = TypeVar("Model", bound=BaseModel)
RETRIED = frozenset({429, 500, 502, 503, 504})
PAGE_SIZE = 100
ERRORS_IN_MESSAGE = 3


class ClientSettings(BaseSettings):
    """Where the client looks when no key is passed: PARALLAX_API_KEY."""

    model_config = SettingsConfigDict(env_prefix="PARALLAX_", extra="ignore")
    api_key: str | None = None


@dataclass(frozen=True)
class FieldError:
    """One part of a request that did not validate, named as the API names it ('text',
    'query.outlet', 'path.article_id')."""

    field: str
    problem: str


class ParallaxApiError(Exception):
    """The one error callers catch: the server's problem detail, or the client's refusal of
    input it can judge before sending, worded like the server's 422 so one handler serves both.
    `errors` lists the fields that did not validate; empty for other failures."""

    def __init__(self, status: int, detail: str, errors: Sequence[FieldError] = ()) -> None:
        self.status = status
        self.detail = detail
        self.errors = tuple(errors)
        super().__init__(f"{status}: {detail}{_in_brief(self.errors)}")


def _in_brief(errors: Sequence[FieldError]) -> str:
    """The first few field errors for the message; the full list stays on `errors`."""
    if not errors:
        return ""
    shown = [f"{error.field or 'body'}: {error.problem}" for error in errors[:ERRORS_IN_MESSAGE]]
    hidden = len(errors) - len(shown)
    return " (" + "; ".join(shown) + (f"; and {hidden} more" if hidden else "") + ")"


def _invalid(errors: Sequence[FieldError]) -> ParallaxApiError:
    fields = ", ".join(error.field or "body" for error in errors)
    return ParallaxApiError(422, f"The request is not valid: check {fields}.", errors)


def _refused(failure: ValidationError) -> ParallaxApiError:
    """A request model the client built itself that did not validate, as the server says it."""
    return _invalid(
        [
            FieldError(".".join(str(part) for part in error["loc"]), error["msg"])
            for error in failure.errors()
        ]
    )


def _headers(api_key: str | None) -> dict[str, str]:
    key = api_key if api_key is not None else ClientSettings().api_key
    return {"X-API-Key": key} if key else {}


def _wait(response: httpx.Response | None, attempt: int, backoff: float) -> float:
    if response is not None:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            return float(retry_after)
    return backoff * (2**attempt)


def _parse(response: httpx.Response, model: type[Model]) -> Model:
    if response.is_success:
        return model.model_validate_json(response.content)
    raise _problem(response)


def _problem(response: httpx.Response) -> ParallaxApiError:
    """The problem+json body's detail and field errors; anything else (a proxy's page) as text."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return ParallaxApiError(response.status_code, response.text or response.reason_phrase)
    errors = [
        FieldError(str(error.get("field", "")), str(error.get("problem", "")))
        for error in body.get("errors") or ()
        if isinstance(error, dict)
    ]
    return ParallaxApiError(response.status_code, str(body.get("detail", response.text)), errors)


def _segment(value: str, field: str) -> str:
    """An id as one path segment: '/', '?', '#', '%' and spaces are escaped, and an id of dots
    alone too, since httpx would resolve '..' as the parent path."""
    if not value:
        raise _invalid([FieldError(field, "must not be empty")])
    encoded = quote(value, safe="")
    return encoded.replace(".", "%2E") if not encoded.strip(".") else encoded


def _report_path(day: date) -> str:
    """A datetime (a date to the type checker) names the report of its own day."""
    if isinstance(day, datetime):
        day = day.date()
    return f"/v1/reports/{_segment(day.isoformat(), 'day')}"


def _check_body(text: str, published: date | datetime | None, outlet: str | None) -> dict[str, Any]:
    try:
        request = CheckRequest(text=text, published=published, outlet=outlet)
    except ValidationError as failure:
        raise _refused(failure) from failure
    return request.model_dump(mode="json", exclude_none=True)


def _articles_body(articles: Sequence[ArticleIn]) -> dict[str, Any]:
    return {
        "articles": [article.model_dump(mode="json", exclude_none=True) for article in articles]
    }


def _finding_filters(
    kind: FindingKind | str | None,
    status: FindingStatus | str | None,
    outlet: str | None,
    entity: str | None,
    since: date | datetime | None,
) -> dict[str, str]:
    """The query of GET /v1/discrepancies; a naive `since` is UTC, a date its midnight."""
    filters = {
        "kind": None if kind is None else str(kind),
        "status": None if status is None else str(status),
        "outlet": outlet,
        "entity": entity,
        "since": None if since is None else since.isoformat(),
        "limit": str(PAGE_SIZE),
    }
    return {key: value for key, value in filters.items() if value is not None}


class ParallaxClient:
    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url, headers=_headers(api_key), timeout=timeout, transport=transport
        )
        self._retries = retries
        self._backoff = backoff

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, path: str, **options: Any) -> httpx.Response:
        for attempt in range(self._retries + 1):
            try:
                response = self._http.request(method, path, **options)
            except httpx.TransportError:
                if attempt == self._retries:
                    raise
                time.sleep(_wait(None, attempt, self._backoff))
                continue
            if response.status_code not in RETRIED or attempt == self._retries:
                return response
            time.sleep(_wait(response, attempt, self._backoff))
        raise AssertionError("unreachable")

    def check(
        self, text: str, *, published: date | datetime | None = None, outlet: str | None = None
    ) -> CheckResult:
        body = _check_body(text, published, outlet)
        return _parse(self._request("POST", "/v1/claims/check", json=body), CheckResult)

    def ingest(self, articles: Sequence[ArticleIn]) -> IngestResult:
        return _parse(
            self._request("POST", "/v1/articles", json=_articles_body(articles)), IngestResult
        )

    def article(self, article_id: str) -> ArticleWithClaims:
        path = f"/v1/articles/{_segment(article_id, 'article_id')}"
        return _parse(self._request("GET", path), ArticleWithClaims)

    def discrepancies(
        self,
        *,
        kind: FindingKind | str | None = None,
        status: FindingStatus | str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        since: date | datetime | None = None,
    ) -> Iterator[Finding]:
        """Every finding, following the cursor page by page."""
        filters = _finding_filters(kind, status, outlet, entity, since)
        cursor: str | None = None
        while True:
            params = filters if cursor is None else {**filters, "cursor": cursor}
            page = _parse(self._request("GET", "/v1/discrepancies", params=params), FindingPage)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def entity(self, entity_id: str) -> Entity:
        path = f"/v1/entities/{_segment(entity_id, 'entity_id')}"
        return _parse(self._request("GET", path), Entity)

    def latest_report(self) -> StoredReport:
        return _parse(self._request("GET", "/v1/reports/latest"), StoredReport)

    def report(self, day: date) -> StoredReport:
        return _parse(self._request("GET", _report_path(day)), StoredReport)

    def health(self) -> Health:
        return _parse(self._request("GET", "/readyz"), Health)


class AsyncParallaxClient:
    """`ParallaxClient`'s verbs, awaited; `aclose` in place of `close`."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url, headers=_headers(api_key), timeout=timeout, transport=transport
        )
        self._retries = retries
        self._backoff = backoff

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, path: str, **options: Any) -> httpx.Response:
        for attempt in range(self._retries + 1):
            try:
                response = await self._http.request(method, path, **options)
            except httpx.TransportError:
                if attempt == self._retries:
                    raise
                await asyncio.sleep(_wait(None, attempt, self._backoff))
                continue
            if response.status_code not in RETRIED or attempt == self._retries:
                return response
            await asyncio.sleep(_wait(response, attempt, self._backoff))
        raise AssertionError("unreachable")

    async def check(
        self, text: str, *, published: date | datetime | None = None, outlet: str | None = None
    ) -> CheckResult:
        body = _check_body(text, published, outlet)
        return _parse(await self._request("POST", "/v1/claims/check", json=body), CheckResult)

    async def ingest(self, articles: Sequence[ArticleIn]) -> IngestResult:
        response = await self._request("POST", "/v1/articles", json=_articles_body(articles))
        return _parse(response, IngestResult)

    async def article(self, article_id: str) -> ArticleWithClaims:
        path = f"/v1/articles/{_segment(article_id, 'article_id')}"
        return _parse(await self._request("GET", path), ArticleWithClaims)

    async def discrepancies(
        self,
        *,
        kind: FindingKind | str | None = None,
        status: FindingStatus | str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        since: date | datetime | None = None,
    ) -> AsyncIterator[Finding]:
        """Every finding, following the cursor page by page."""
        filters = _finding_filters(kind, status, outlet, entity, since)
        cursor: str | None = None
        while True:
            params = filters if cursor is None else {**filters, "cursor": cursor}
            response = await self._request("GET", "/v1/discrepancies", params=params)
            page = _parse(response, FindingPage)
            for finding in page.items:
                yield finding
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def entity(self, entity_id: str) -> Entity:
        path = f"/v1/entities/{_segment(entity_id, 'entity_id')}"
        return _parse(await self._request("GET", path), Entity)

    async def latest_report(self) -> StoredReport:
        return _parse(await self._request("GET", "/v1/reports/latest"), StoredReport)

    async def report(self, day: date) -> StoredReport:
        return _parse(await self._request("GET", _report_path(day)), StoredReport)

    async def health(self) -> Health:
        return _parse(await self._request("GET", "/readyz"), Health)
