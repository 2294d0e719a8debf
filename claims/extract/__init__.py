"""Extraction stage: quantities, dates and named mentions from one claim's tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from claims.extract.dates import extract_dates
from claims.extract.mentions import extract_mentions
from claims.extract.quantities import extract_quantities
from models import DateMention, Mention, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan


@dataclass(frozen=True)
class Extraction:
    quantities: list[Quantity]
    dates: list[DateMention]
    mentions: list[Mention]


def extract(
    sent: SpacySpan, published: date | None, entities: Sequence[SpacySpan] | None = None
) -> Extraction:
    """All spans are absolute offsets into the article text. `entities`: the sentence's named
    entities when the caller looked them up once for the document (claims/extract/spans.py)."""
    return Extraction(
        quantities=extract_quantities(sent),
        dates=extract_dates(sent, published, entities),
        mentions=extract_mentions(sent, entities),
    )


__all__ = ["Extraction", "extract"]
