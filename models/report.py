"""The nightly discrepancy report, as `parallax report --format json` writes it.

Schema: a `Report` has a window (`window_start`, `window_end`), `generated_at`, `totals` per
finding kind, `stories` ranked worst first, and an `entities` spelling table. A `Story` is a
cluster of articles about one event with its outlets, publication span and findings; each
`Finding` is the same model the API returns, evidence included.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from models.finding import Finding
from models.records import Spelling


class Story(BaseModel):
    id: str
    title: str
    severity: int = Field(description="4 human cost, 3 other figures, 2 dates/statements, 1 names.")
    outlets: list[str]
    article_ids: list[str]
    first_published: datetime | None
    last_published: datetime | None
    findings: list[Finding]


class EntityRow(BaseModel):
    entity_id: str
    name: str
    spellings: list[Spelling]


class Report(BaseModel):
    id: str
    window_start: datetime
    window_end: datetime
    generated_at: datetime
    totals: dict[str, int]
    stories: list[Story]
    entities: list[EntityRow]
