"""Every error as application/problem+json, with a detail a person can act on."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.api import Problem

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)
# Pydantic names the members of a union it tried in an error's location ('published', 'date';
# 'body', 'list[ArticleIn]', 2, 'text'): type names, never a field of ours.
_UNION_MEMBER = re.compile(
    r"[A-Z]\w*|(?:list|dict|tuple|set)\[.*\]|date|datetime|str|int|float|bool|function-\w+\[.*\]"
)


class ApiProblem(Exception):
    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def problem_response(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors)
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def field_problems(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """One entry per field a person can fix, named by its path in the body ('articles.2.text'),
    with the problems pydantic found in each union member it tried joined."""
    merged: dict[str, dict[str, str]] = {}
    for error in errors:
        field = _field(tuple(error.get("loc", ())))
        problem = str(error.get("msg", "invalid"))
        # 'a valid date or datetime, month value is outside ...' and 'a valid datetime or
        # date, month value is outside ...' are one problem, told once.
        cause = str(error.get("ctx", {}).get("error", problem))
        merged.setdefault(field, {}).setdefault(cause, problem)
    return [
        {"field": field, "problem": "; ".join(found.values())} for field, found in merged.items()
    ]


def _field(location: tuple[str | int, ...]) -> str:
    if location[:1] in {("path",), ("query",), ("header",), ("cookie",)}:
        return ".".join(str(part) for part in location)  # a parameter's name: 'query.limit'
    return ".".join(
        str(part)
        for part in location
        if part != "body" and not (isinstance(part, str) and _UNION_MEMBER.fullmatch(part))
    )


def _broken_json(errors: Sequence[Mapping[str, Any]]) -> str | None:
    """The detail for a body that is not JSON at all, which pydantic reports as a field."""
    for error in errors:
        if error.get("type") == "json_invalid":
            reason = str(error.get("ctx", {}).get("error", "JSON decode error"))
            position = error.get("loc", ("body", 0))[-1]
            return f"The body is not valid JSON: {reason} at character {position}."
    return None


def wrong_content_type(content_type: str) -> str | None:
    """Why a body sent as something other than JSON was not read; None for JSON."""
    if "json" in content_type:
        return None
    said = f"Content-Type {content_type!r}" if content_type else "no Content-Type"
    return f"The body was sent with {said}: send JSON with Content-Type: application/json."


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def _api_problem(_: Request, exc: ApiProblem) -> JSONResponse:
        return problem_response(exc.status, exc.detail, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return problem_response(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        if (broken := _broken_json(exc.errors())) is not None:
            return problem_response(422, broken)
        whole_body = any(error.get("loc") == ("body",) for error in exc.errors())
        content_type = request.headers.get("content-type", "")
        if whole_body and (refusal := wrong_content_type(content_type)) is not None:
            return problem_response(415, refusal)
        errors = field_problems(exc.errors())
        fields = ", ".join(error["field"] or "body" for error in errors)
        return problem_response(422, f"The request is not valid: check {fields}.", errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem_response(
            500, "Something went wrong on our side; the error was logged. Try again shortly."
        )
