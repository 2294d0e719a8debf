"""The corpus as the comparator sees it: articles, claims and their vectors, in memory."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

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

    def with_posted(self, article: Article, claims: Sequence[Claim]) -> Corpus:
        """The corpus seen with one posted article added: an overlay, not a copy, so a claim
        check costs nothing per claim in the corpus. Only the overlay's own dicts are new."""
        return Corpus(
            articles=ChainMap(
                {article.id: article}, cast(MutableMapping[str, Article], self.articles)
            ),
            claims=ChainMap(
                {claim.id or 0: claim for claim in claims},
                cast(MutableMapping[int, Claim], self.claims),
            ),
            index=self.index,
        )
