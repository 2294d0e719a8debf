"""Stored records the service hands out: API keys, name entities, saved reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field


class ApiKey(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="First characters of the key, to recognise it in a list.")
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class Spelling(BaseModel):
    form: str
    count: int
    outlets: list[str]
    odd: bool = False
    variant_of: str | None = None


class Entity(BaseModel):
    """One person as the corpus names them, every spelling counted."""

    id: str
    name: str = Field(description="The majority spelling.")
    roles: list[str] = Field(default_factory=list)
    spellings: list[Spelling]


class StoredReport(BaseModel):
    id: str
    day: date
    window_start: datetime
    window_end: datetime
    created_at: datetime | None = None
    payload: dict[str, Any]
    html: str
    markdown: str
