"""Articles as they come in and as they are stored."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ArticleIn(BaseModel):
    """An article as a reader or the API hands it over: everything but the text may be missing.

    Unknown fields are ignored rather than refused, because real feeds (ECB+, CMS exports)
    carry extra keys such as `topic`; readers report which ones they ignored.
    """

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str | None = Field(default=None, description="Caller's stable id; derived when absent.")
    outlet: str | None = Field(default=None, description="Publisher, e.g. 'Reuters'.")
    url: str | None = None
    published: date | datetime | None = Field(
        default=None, description="Publication date or time; anchors weekdays and 'yesterday'."
    )
    title: str | None = None
    text: str = Field(description="Raw article text, boilerplate and all.")

    @field_validator("text")
    @classmethod
    def _nul_as_space(cls, text: str) -> str:
        """A NUL in captured text is debris no database stores (PostgreSQL refuses it): a space
        in its place keeps every offset."""
        return text.replace("\x00", " ")

    @field_validator("id", "outlet", "url", "title")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        return refuse_nul(value)


def refuse_nul(value: str | None) -> str | None:
    """A NUL outside an article's text is a caller's mistake no database stores."""
    if value is not None and "\x00" in value:
        raise ValueError("holds a NUL character (\\x00); remove it")
    return value


class Article(BaseModel):
    """A stored article. `text` is the raw text as received: every span points into it."""

    id: str
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    published_inferred: bool = Field(
        default=False,
        description="The metadata had no date: `published` was read from the dateline at the "
        "top of the text ('Updated: November 11,2011 18:50 IST').",
    )
    title: str | None = None
    text: str
    content_hash: str
    claim_count: int = 0
    ingested_at: datetime | None = Field(
        default=None, description="When Parallax stored it; dates undated articles in reports."
    )

    @property
    def outlet_key(self) -> str:
        """Articles without an outlet count as their own outlet."""
        return self.outlet if self.outlet else f"unknown:{self.id}"
