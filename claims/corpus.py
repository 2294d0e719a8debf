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
        _ = self._claims_by_article, self._story_weights
        return self

    def grown(self, articles: Mapping[str, Article], claims: Mapping[int, Claim]) -> Corpus:
        """This corpus with more articles and claims, its lookups extended for the articles
        the new claims belong to instead of rebuilt over every claim (0.2-0.3 s at 100k, in a
        server that reloads after each ingest); this corpus is left as it was."""
        grown = Corpus(
            articles={**self.articles, **articles},
            claims={**self.claims, **claims},
            index=self.index,
        )
        by_article = dict(self._claims_by_article)
        names = dict(self._story_names)
        added: dict[str, list[Claim]] = {}
        for claim in claims.values():
            added.setdefault(claim.article_id or "", []).append(claim)
        for article_id, new in added.items():
            by_article[article_id] = sorted(
                [*by_article.get(article_id, ()), *new], key=lambda claim: claim.span.start
            )
            names[article_id] = names.get(article_id, frozenset()) | story_names(new)
        grown.__dict__["_claims_by_article"] = by_article
        grown.__dict__["_story_names"] = names
        return grown.build_lookups()

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
        return {
            article_id: story_names(claims)
            for article_id, claims in self._claims_by_article.items()
        }

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
        below, and articles of different topics almost never above. Remembered per pair of
        articles: comparing asks once per pair of their claims that align."""
        pair = (left_article, right_article)
        if right_article < left_article:
            pair = (right_article, left_article)
        overlap = self._story_overlaps.get(pair)
        if overlap is None:
            overlap = self._story_overlaps[pair] = self._weighed_overlap(*pair)
        return overlap

    def story_overlap_with(self, names: frozenset[str], article_id: str) -> float:
        """`story_overlap` between a text from outside the corpus (a posted draft), given by
        its names (`story_names`), and a stored article. A name the corpus has never seen
        weighs as one that a single article holds: it is no evidence of the same story."""
        weights = self._name_weights
        unseen = math.log(1 + max(len(self._story_names), 1))
        weight = sum(weights.get(name, unseen) for name in names)
        return self._overlap(names, weight, article_id)

    @cached_property
    def _story_overlaps(self) -> dict[tuple[str, str], float]:
        return {}

    def _weighed_overlap(self, left_article: str, right_article: str) -> float:
        left = self._story_names.get(left_article, frozenset())
        return self._overlap(left, self._story_weights.get(left_article, 0.0), right_article)

    def _overlap(self, names: frozenset[str], weight: float, article_id: str) -> float:
        """IDF-weighted Jaccard of `names` (weighing `weight` together) and an article's
        names. The names they share are the article's, so the corpus weighs each of them."""
        theirs = self._story_names.get(article_id, frozenset())
        if not names or not theirs:
            return 0.0
        shared = sum(self._name_weights.get(name, 0.0) for name in names & theirs)
        union = weight + self._story_weights[article_id] - shared
        return shared / union if union > 0 else 0.0

    @cached_property
    def _story_weights(self) -> Mapping[str, float]:
        """Each article's names weighed together: a pair's union is the two less what they
        share, so an overlap sums only the names the two articles share."""
        weights = self._name_weights
        return {
            article_id: sum(weights.get(name, 0.0) for name in names)
            for article_id, names in self._story_names.items()
        }

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


def story_names(claims: Sequence[Claim]) -> frozenset[str]:
    """The people, places, organisations and events the claims name, lowercased: what
    `story_overlap` weighs."""
    return frozenset(
        mention.text.lower()
        for claim in claims
        for mention in claim.mentions
        if mention.label in STORY_LABELS
    )
