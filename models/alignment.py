"""Two claims from different outlets that say nearly the same thing."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Alignment(BaseModel):
    left: int = Field(description="Claim id; the smaller of the two.")
    right: int
    similarity: float
