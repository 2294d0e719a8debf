"""Prometheus metrics of one app: requests by route and status, their latency, and the claim
checks answered from memory."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claims.pipeline import CheckCacheInfo


class ApiMetrics:
    """Its own registry, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "parallax_requests_total",
            "Requests answered",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "parallax_request_seconds",
            "Time to answer a request",
            ["method", "route"],
            registry=self.registry,
        )

        self.remembered_checks = _RememberedChecks()
        self.registry.register(self.remembered_checks)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


class _RememberedChecks(Collector):
    """Claim checks answered from memory, read from the pipeline at each scrape."""

    def __init__(self) -> None:
        self.source: Callable[[], CheckCacheInfo] | None = None

    def collect(self) -> Iterator[Metric]:
        if self.source is None:
            return
        info = self.source()
        yield CounterMetricFamily(
            "parallax_check_cache_hits",
            "Claim checks of a text checked before: neither parsed nor embedded",
            value=info.hits,
        )
        yield CounterMetricFamily(
            "parallax_check_cache_misses", "Claim checks of a new text", value=info.misses
        )
        yield GaugeMetricFamily(
            "parallax_check_cache_claims",
            "Claims of checked texts remembered (the limit is check_cache_claims)",
            value=info.claims,
        )


class MetricsMiddleware:
    """Counts and times every HTTP request as plain ASGI.

    Starlette's BaseHTTPMiddleware would run each request through a task group and a memory
    stream, which costs a claim check about as much as its FAISS search."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            # The router records the matched route in the scope it was handed.
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.observe(scope["method"], route, status, time.perf_counter() - started)
