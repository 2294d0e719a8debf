"""The corpus as the comparator sees it: articles, claims and their vectors, in memory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from claims.index import ClaimIndex
from models import Article, Claim


@dataclass(frozen=True)
class Corpus:
    articles: Mapping[str, Article]
    claims: Mapping[int, Claim]
    index: ClaimIndex

    def article_of(self, claim: Claim) -> Article:
        return self.articles[claim.article_id or ""]

    def outlet_of(self, claim: Claim) -> str:
        """Articles without an outlet count as their own outlet."""
        return self.article_of(claim).outlet_key

    def published_of(self, claim: Claim) -> datetime | None:
        return self.article_of(claim).published
