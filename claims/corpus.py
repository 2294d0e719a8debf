"""The corpus as the comparator sees it: articles, claims and their vectors, in memory."""

from __future__ import annotations

import math
from collections import ChainMap
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import cast

from claims.index import ClaimIndex
from models import Article, Claim, DateMention, DatePrecision, MentionLabel

# The id a posted claim's article takes in the corpus overlay (`Corpus.with_posted`).
POSTED_ARTICLE_ID = "posted"

# What a story is about: its people, places, organisations and named events.
STORY_LABELS = frozenset(
    {MentionLabel.PERSON, MentionLabel.PLACE, MentionLabel.ORG, MentionLabel.EVENT}
)


@dataclass(frozen=True)
class Corpus:
    articles: Mapping[str, Article]
    claims: Mapping[int, Claim]
    index: ClaimIndex

    def build_lookups(self) -> Corpus:
        """Build the lookups comparing reads (claims by article, each article's names and
        their weights) now rather than on first use: a server that loads a corpus of 100k
        claims would otherwise build them inside the first checks that need them, 0.2-0.3 s
        that every other check waits out at the workspace lock."""
        _ = self._claims_by_article, self._name_weights
        return self

    @cached_property
    def _claims_by_article(self) -> Mapping[str, Sequence[Claim]]:
        """Built on first use, once per corpus: an overlay reuses its base's (`with_posted`)."""
        by_article: dict[str, list[Claim]] = {}
        for claim in self.claims.values():
            by_article.setdefault(claim.article_id or "", []).append(claim)
        for claims in by_article.values():
            claims.sort(key=lambda claim: claim.span.start)
        return by_article

    def claims_of(self, article_id: str) -> Sequence[Claim]:
        """An article's claims in reading order."""
        return self._claims_by_article.get(article_id, ())

    def event_dates(self, claim: Claim) -> Sequence[DateMention]:
        """When the claim says its event happened, or else when its article's news did.

        A news article opens with its event and the day of it ('on Sunday'); later sentences
        that give no date of their own ('a magnitude-5.2 quake injured three') are about that
        day unless they say otherwise."""
        if claim.dates:
            return claim.dates
        for lead in self.claims_of(claim.article_id or ""):
            days = [d for d in lead.dates if d.precision == DatePrecision.DAY]
            if days:
                return days
        return ()

    @cached_property
    def _story_names(self) -> Mapping[str, frozenset[str]]:
        """Each article's named people, places, organisations and events, lowercased."""
        names: dict[str, set[str]] = {}
        for claim in self.claims.values():
            found = names.setdefault(claim.article_id or "", set())
            found.update(m.text.lower() for m in claim.mentions if m.label in STORY_LABELS)
        return {article_id: frozenset(found) for article_id, found in names.items()}

    @cached_property
    def _name_weights(self) -> Mapping[str, float]:
        """Inverse document frequency: 'Qeshm' says more about a story than 'Iran'."""
        frequency: dict[str, int] = {}
        for found in self._story_names.values():
            for name in found:
                frequency[name] = frequency.get(name, 0) + 1
        articles = max(len(self._story_names), 1)
        return {name: math.log(1 + articles / count) for name, count in frequency.items()}

    def story_overlap(self, left_article: str, right_article: str) -> float:
        """How much two articles name the same things: IDF-weighted Jaccard of their names.

        On ECB+ development topics, articles on the same event mostly score above 0.04,
        articles on another event of the same kind (another quake on the same island) mostly
        below, and articles of different topics almost never above."""
        left = self._story_names.get(left_article, frozenset())
        right = self._story_names.get(right_article, frozenset())
        if not left or not right:
            return 0.0
        weights = self._name_weights
        shared = sum(weights.get(name, 0.0) for name in left & right)
        union = sum(weights.get(name, 0.0) for name in left | right)
        return shared / union if union else 0.0

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
        overlay = Corpus(
            articles=ChainMap(
                {article.id: article}, cast(MutableMapping[str, Article], self.articles)
            ),
            claims=ChainMap(
                {claim.id or 0: claim for claim in claims},
                cast(MutableMapping[int, Claim], self.claims),
            ),
            index=self.index,
        )
        # The overlay's article index is the base's plus the posted article, not a rebuild.
        posted: dict[str, Sequence[Claim]] = {
            article.id: sorted(claims, key=lambda claim: claim.span.start)
        }
        base = cast(MutableMapping[str, Sequence[Claim]], self._claims_by_article)
        overlay.__dict__["_claims_by_article"] = ChainMap(posted, base)
        return overlay
