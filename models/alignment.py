"""Two claims from different outlets that say nearly the same thing."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Alignment(BaseModel):
    left: int = Field(description="Claim id; the smaller of the two.")
    right: int
    similarity: float
    clauses: frozenset[str] = Field(
        default=frozenset(),
        description="What is counted ('village') in figures whose clauses say the same thing "
        "('four villages had been destroyed' / 'seven villages were destroyed'), however far "
        "apart the rest of the two sentences is.",
    )
    sentences_aligned: bool = Field(
        default=True,
        description="The sentences themselves aligned; False when only figures' clauses met, "
        "and then only those figures are compared.",
    )
