"""Typed REST client for Parallax: the same pydantic models the server returns.

    from service.client import ParallaxClient
    with ParallaxClient("http://127.0.0.1:8000", api_key="plx_…") as client:
        result = client.check("Twelve people were killed in Port Alder on Sunday.")

Retries 429 and 5xx answers with exponential back-off (honouring Retry-After), and raises
`ParallaxApiError` carrying the server's problem detail otherwise. Imports only `models`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

from models import ArticleIn, ArticleWithClaims, CheckRequest, CheckResult, Finding, IngestResult
from models.api import FindingPage, Health
from models.records import Entity, StoredReport

Model = TypeVar("Model", bound=BaseModel)
RETRIED = frozenset({429, 500, 502, 503, 504})


class ClientSettings(BaseSettings):
    """Where the client looks when no key is passed: PARALLAX_API_KEY."""

    model_config = SettingsConfigDict(env_prefix="PARALLAX_", extra="ignore")
    api_key: str | None = None


class ParallaxApiError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail


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
    try:
        detail = str(response.json().get("detail", response.text))
    except ValueError:
        detail = response.text
    raise ParallaxApiError(response.status_code, detail)


def _check_body(text: str, published: date | datetime | None, outlet: str | None) -> dict[str, Any]:
    request = CheckRequest(text=text, published=published, outlet=outlet)
    return request.model_dump(mode="json", exclude_none=True)


def _articles_body(articles: Sequence[ArticleIn]) -> dict[str, Any]:
    return {
        "articles": [article.model_dump(mode="json", exclude_none=True) for article in articles]
    }


def _page_params(
    kind: str | None, status: str | None, outlet: str | None, cursor: str | None
) -> dict[str, str]:
    params = {"kind": kind, "status": status, "outlet": outlet, "cursor": cursor, "limit": "100"}
    return {key: value for key, value in params.items() if value is not None}


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
        return _parse(self._request("GET", f"/v1/articles/{article_id}"), ArticleWithClaims)

    def discrepancies(
        self, *, kind: str | None = None, status: str | None = None, outlet: str | None = None
    ) -> Iterator[Finding]:
        """Every finding, following the cursor page by page."""
        cursor: str | None = None
        while True:
            params = _page_params(kind, status, outlet, cursor)
            page = _parse(self._request("GET", "/v1/discrepancies", params=params), FindingPage)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def entity(self, entity_id: str) -> Entity:
        return _parse(self._request("GET", f"/v1/entities/{entity_id}"), Entity)

    def latest_report(self) -> StoredReport:
        return _parse(self._request("GET", "/v1/reports/latest"), StoredReport)

    def report(self, day: date) -> StoredReport:
        return _parse(self._request("GET", f"/v1/reports/{day.isoformat()}"), StoredReport)

    def health(self) -> Health:
        return _parse(self._request("GET", "/readyz"), Health)


class AsyncParallaxClient:
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
        return _parse(await self._request("GET", f"/v1/articles/{article_id}"), ArticleWithClaims)

    async def discrepancies(
        self, *, kind: str | None = None, status: str | None = None, outlet: str | None = None
    ) -> AsyncIterator[Finding]:
        cursor: str | None = None
        while True:
            params = _page_params(kind, status, outlet, cursor)
            response = await self._request("GET", "/v1/discrepancies", params=params)
            page = _parse(response, FindingPage)
            for finding in page.items:
                yield finding
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def entity(self, entity_id: str) -> Entity:
        return _parse(await self._request("GET", f"/v1/entities/{entity_id}"), Entity)

    async def health(self) -> Health:
        return _parse(await self._request("GET", "/readyz"), Health)
