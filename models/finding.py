"""Findings: the discrepancies an editor acts on, each with its evidence.

The CLI (`parallax discrepancies --json`), the API and the report all emit this model.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from models.claim import Span


class FindingKind(StrEnum):
    NUMBER = "number"
    DATE = "date"
    NAME = "name"
    STATEMENT = "statement"


class FindingStatus(StrEnum):
    CONFLICT = "conflict"  # the outlets cannot all be right
    UPDATE = "update"  # a running figure grew between publication times
    VARIANT = "variant"  # one entity, several spellings


class EvidenceClaim(BaseModel):
    claim_id: int | None = None
    article_id: str
    outlet: str | None
    published: datetime | None
    text: str = Field(description="The claim sentence.")
    span: Span = Field(description="Where the claim sits in the article text.")
    value_span: Span | None = Field(
        default=None, description="Where the disputed value sits in the article text."
    )
    attribution: str | None = None


class FindingValue(BaseModel):
    value: str = Field(description="As written: 'at least 40', 'Chalifa Haftar'.")
    normalized: str = Field(description="Comparable form: '>=40 killed', '2019-04-07'.")
    outlets: list[str]
    claims: list[EvidenceClaim]
    odd: bool = Field(default=False, description="Name findings: a minority spelling.")
    variant_of: str | None = Field(
        default=None, description="Name findings: why the odd form differs (transliteration, typo)."
    )

    def as_compared(self) -> str:
        """'Saturday = 2013-06-15', 'Twelve = 12 killed': what was compared beside what was
        written, so that the same words resolved apart, or feet against metres, read plainly."""
        if self.normalized.casefold() == self.value.casefold():
            return self.value
        return f"{self.value} = {self.normalized}"


class TimelinePoint(BaseModel):
    model_config = ConfigDict(frozen=True)  # hashable: one point per outlet, time and value

    published: datetime
    outlet: str
    value: str
    normalized: float | None = None


class Finding(BaseModel):
    id: str = Field(
        description="Stable: the same evidence gives the same id. It starts with the kind "
        "('number-', 'date-', 'name-', 'statement-'); a corpus name finding's carries its "
        "entity's hash."
    )
    kind: FindingKind
    status: FindingStatus
    subject: str = Field(description="What is disputed: 'killed', 'fall distance', a name.")
    values: list[FindingValue] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    explanation: str
    timeline: list[TimelinePoint] = Field(default_factory=list)
    entity_id: str | None = Field(
        default=None,
        description="The person the finding is about: a name's spellings, or where outlets "
        "say the person lives (`GET /v1/entities/{id}`).",
    )
