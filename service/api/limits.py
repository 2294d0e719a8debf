"""Refuse oversized bodies before they are read into memory, and NUL characters in paths and
queries before they reach a database that cannot hold them."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import problem_response


class BodySizeLimit:
    """413 for a Content-Length over the limit, and for a streamed body that grows past it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            f"The request body is over {self.max_bytes:,} bytes: send a shorter text or fewer "
            "articles.",
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


class NulGuard:
    """400 for a NUL character (%00) in the path or the query. No id, outlet or cursor holds
    one, and PostgreSQL refuses it in any text parameter: answered here, it is the caller's
    mistake, not a server error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _holds_nul(scope):
            response = problem_response(
                400, "The request's path or query holds a NUL character (%00); remove it."
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _holds_nul(scope: Scope) -> bool:
    query = bytes(scope.get("query_string") or b"").lower()
    return "\x00" in str(scope.get("path", "")) or b"%00" in query or b"\x00" in query
