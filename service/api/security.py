"""API keys with read/write scopes, and a per-key rate limit.

The rate limit is a token bucket per key (or per client address for open reads), kept in the
process: with several workers each enforces it separately.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from models.records import ApiKey

READ = "read"
WRITE = "write"
SCOPES = (READ, WRITE)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self._rate = per_minute / 60.0
        self._capacity = float(per_minute)
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """None when the request may go ahead; else seconds until it may."""
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.setdefault(client, _Bucket(self._capacity, now))
            bucket.tokens = min(self._capacity, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return None
            return max(1, math.ceil((1 - bucket.tokens) / self._rate))


def presented_key(header_key: str | None, authorization: str | None) -> str | None:
    """The key from `X-API-Key` or `Authorization: Bearer`."""
    if header_key:
        return header_key.strip()
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def has_scope(key: ApiKey, scope: str) -> bool:
    return scope in key.scopes
