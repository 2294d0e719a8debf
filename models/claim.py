"""A claim is a check-worthy sentence plus what was extracted from it.

All spans are character offsets into the stored article text (`Article.text`), so the
evidence shown to an editor can always be highlighted in the original.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator


class Span(BaseModel):
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Hedge(StrEnum):
    """How firmly a figure is stated; decides whether two figures can both be true."""

    EXACT = "exact"
    AT_LEAST = "at_least"  # "at least 40", "40 or more"
    MORE_THAN = "more_than"  # "more than 40", "over 40"
    AT_MOST = "at_most"  # "at most", "up to", "no more than"
    AS_MANY_AS = "as_many_as"  # "as many as 80": the high estimate, the figure reported
    LESS_THAN = "less_than"  # "fewer than", "under"
    ABOUT = "about"  # "about", "around", "some", "nearly", "roughly", "almost"
    RANGE = "range"  # "30 to 40", "between 30 and 40"
    VAGUE = "vague"  # "dozens of", "several hundred": a lower bound, no figure to dispute


class Quantity(BaseModel):
    text: str = Field(description="The figure as written, hedge included: 'at least eleven'.")
    span: Span
    value: float = Field(description="The figure in the unit below; for ranges the low end.")
    high: float | None = Field(default=None, description="High end of a range, else None.")
    unit: str | None = Field(default=None, description="Canonical unit: 'metre', 'km', 'year'…")
    si_value: float | None = Field(
        default=None, description="Value converted to the SI base unit, for unit-free comparison."
    )
    hedge: Hedge = Hedge.EXACT
    counted: str | None = Field(
        default=None,
        description="What is counted, normalised: 'killed', 'injured', 'arrested', 'magnitude', "
        "'distance', 'age'…",
    )
    cumulative: bool = Field(
        default=False, description="A running total (a death toll) that may grow over time."
    )
    clause: str | None = Field(
        default=None,
        description="The words of the clause that holds the figure, the speaker and other "
        "clauses left out ('four villages had been destroyed'): counted figures only.",
    )


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class DateMention(BaseModel):
    text: str = Field(description="As written: 'late Sunday', 'April 7'.")
    span: Span
    value: date | None = Field(
        default=None,
        description="Resolved against the article's publication date; None if unanchored.",
    )
    precision: DatePrecision = DatePrecision.DAY
    relative: bool = Field(default=False, description="Needed an anchor: weekday, 'yesterday'.")
    verb: str | None = Field(
        default=None,
        description="Lemma of the verb the date belongs to ('collapse'), so the date of an "
        "event is not compared with the date somebody spoke about it ('said on Saturday').",
    )


class MentionLabel(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    PLACE = "PLACE"  # spaCy GPE, LOC and FAC
    GROUP = "GROUP"  # spaCy NORP
    EVENT = "EVENT"


class Mention(BaseModel):
    text: str
    span: Span
    label: MentionLabel
    role: str | None = Field(
        default=None, description="Role words next to a person: 'commander', 'Secretary of State'."
    )


class Claim(BaseModel):
    id: int | None = Field(default=None, description="Database id; also the FAISS vector id.")
    article_id: str | None = None
    text: str
    span: Span
    attribution: str | None = Field(
        default=None, description="Who says so: 'diplomats', 'the Ministry of Health'."
    )
    is_quote: bool = False
    negated: bool = Field(default=False, description="The main statement is negated.")
    predicate: str | None = Field(
        default=None, description="Lemma of the main verb: 'kill', 'block', 'adopt'."
    )
    subject: str | None = Field(
        default=None,
        description="Lemma of the main verb's subject ('council', 'ross'): who or what the "
        "statement is about, so 'Ross wasn't signed' is not set against 'the stars are signed'.",
    )
    quantities: list[Quantity] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
