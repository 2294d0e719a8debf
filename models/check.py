"""Requests and answers of the service: ingest results, claim checks, pages of findings."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from models.article import Article, refuse_nul
from models.claim import Claim
from models.finding import Finding


class ItemError(BaseModel):
    """Why one input item was refused; the rest of the batch still goes in."""

    source: str = Field(description="File and line, or batch position: 'feed.jsonl:12', 'item 3'.")
    message: str


class IngestItem(BaseModel):
    source: str
    article_id: str
    created: bool = Field(description="False when the article was already stored (idempotent).")
    claim_count: int


class IngestResult(BaseModel):
    items: list[IngestItem] = Field(default_factory=list)
    errors: list[ItemError] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for item in self.items if item.created)


class ReanalyseResult(BaseModel):
    """What analysing the stored articles again changed."""

    articles: int = Field(default=0, description="Articles analysed again and stored.")
    changed: int = Field(default=0, description="Of those, articles whose claims changed.")
    claims_before: int = 0
    claims_after: int = 0
    errors: list[ItemError] = Field(default_factory=list)


# The longest text one claim check takes.
MAX_CHECK_CHARS = 5000


class CheckRequest(BaseModel):
    text: str = Field(
        min_length=1, max_length=MAX_CHECK_CHARS, examples=["Eleven people were killed."]
    )
    published: date | datetime | None = Field(
        default=None, description="Anchors weekdays and 'yesterday' in the text."
    )
    outlet: str | None = None

    @field_validator("outlet")
    @classmethod
    def _no_nul(cls, outlet: str | None) -> str | None:
        """Schemathesis found a NUL here as a 500: the outlet became an article's."""
        return refuse_nul(outlet)


class Match(BaseModel):
    claim_id: int
    article_id: str
    outlet: str | None
    published: datetime | None
    text: str
    similarity: float
    posted_claims: list[int] = Field(
        default_factory=list,
        description="Which of the checked text's claims (positions in `claims`) it matches.",
    )


class Verdict(StrEnum):
    SUPPORTED = "supported"
    CONFLICTING = "conflicting"
    UNVERIFIED = "unverified"


class CheckResult(BaseModel):
    claims: list[Claim] = Field(description="The posted text as analysed.")
    matches: list[Match]
    discrepancies: list[Finding] = Field(
        description="Findings against the posted text: figures, dates and statements of the "
        "claims it matches, names it spells otherwise than most outlets spell that person, "
        "and towns it places a person in that other outlets do not."
    )
    verdict: Verdict
    claim_verdicts: list[Verdict] = Field(
        default_factory=list,
        description="One verdict per claim, in the order of `claims`: which sentences of a "
        "draft conflict, which other outlets support, which nothing matched.",
    )


class ArticleWithClaims(BaseModel):
    article: Article
    claims: list[Claim]


class Stats(BaseModel):
    articles: int
    claims: int
    outlets: int
    indexed_vectors: int
    index_in_step: bool
    quantities: int
    dates: int
    mentions: int
    analysis_version: int | None = Field(
        default=None,
        description="The oldest analysis the stored claims come from; none when some were "
        "stored before versions were recorded.",
    )
    reanalyse_advised: bool = Field(
        default=False,
        description="The store holds claims of an older analysis than this version's: run "
        "`parallax reanalyse`.",
    )
