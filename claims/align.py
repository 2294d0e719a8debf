"""Near-duplicate claims from different outlets, found with FAISS in batches.

Similar wording is not the same event: two claims are kept only when they also agree on what
they are about: the people and places they name, their dates, their publication times.

Figures are also aligned by the clause that holds them (`align_by_clause`): 'State media said
three strong aftershocks were felt' and 'It hit at 1:53 p.m. local time and was followed by at
least four strong aftershocks, IRNA reported' are 0.52 alike as sentences and 0.83 as clauses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

import numpy as np

from claims.batching import chunks
from claims.config import AlignConfig
from claims.corpus import Corpus, story_names
from claims.extract.lexicon import MONTHS
from claims.names import same_name
from claims.places import town_name
from models import Claim, DateMention, DatePrecision, MentionLabel, Quantity
from models.alignment import Alignment

# Vectors (normalised, one row per text) for figures' clauses: the claims' embedding model.
ClauseEmbedder = Callable[[Sequence[str]], np.ndarray]


def align(
    corpus: Corpus,
    config: AlignConfig,
    *,
    claim_ids: Sequence[int] | None = None,
    batch_done: Callable[[int], None] | None = None,
) -> list[Alignment]:
    """Pairs (left < right) of aligned claims; cost grows with claims x k, not claims squared.
    `batch_done`: told how many batches of `config.batch_size` claims are aligned so far."""
    ids = sorted(corpus.claims) if claim_ids is None else list(claim_ids)
    best: dict[tuple[int, int], float] = {}
    for batch_number, batch in enumerate(chunks(ids, config.batch_size), start=1):
        scores, neighbours = corpus.index.search(corpus.index.vectors(batch), config.k + 1)
        for query_id, row_scores, row_ids in zip(batch, scores, neighbours, strict=True):
            query = corpus.claims[query_id]
            for score, neighbour_id in zip(row_scores.tolist(), row_ids.tolist(), strict=True):
                if neighbour_id < 0 or neighbour_id == query_id or score < config.min_similarity:
                    continue
                neighbour = corpus.claims.get(neighbour_id)
                if neighbour is None:
                    continue
                key = (min(query_id, neighbour_id), max(query_id, neighbour_id))
                if key in best:
                    continue
                if comparable(query, neighbour, float(score), corpus, config):
                    best[key] = float(score)
        if batch_done is not None:
            batch_done(batch_number)
    return [Alignment(left=a, right=b, similarity=s) for (a, b), s in sorted(best.items())]


def align_by_clause(
    corpus: Corpus,
    config: AlignConfig,
    embed_clauses: ClauseEmbedder,
    compared: Callable[[Quantity], bool],
) -> list[Alignment]:
    """Pairs of claims whose figures of one counted thing sit in clauses that say the same
    thing, in articles that tell one story. Each distinct clause is embedded once; clauses
    are set against the others counting the same thing, in batches."""
    holders: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for claim in corpus.claims.values():
        for quantity in claim.quantities:
            if quantity.clause and quantity.counted and claim.id is not None and compared(quantity):
                holders[quantity.counted][quantity.clause].add(claim.id)
    texts = sorted({clause for by_clause in holders.values() for clause in by_clause})
    if not texts:
        return []
    vectors = dict(zip(texts, embed_clauses(texts), strict=True))
    pairs = _ClausePairs(corpus, config)
    for counted, by_clause in sorted(holders.items()):
        clauses = sorted(by_clause)
        matrix = np.stack([vectors[clause] for clause in clauses])
        for rows in chunks(range(len(clauses)), config.batch_size):
            scores = matrix[rows] @ matrix.T
            for row, column in zip(*np.nonzero(scores >= config.clause_similarity), strict=True):
                if column > rows[row]:  # each pair once; a clause against itself states one figure
                    pairs.add(counted, by_clause[clauses[rows[row]]], by_clause[clauses[column]])
    return pairs.alignments()


class _ClausePairs:
    """Claim pairs met through their clauses, each judged once however many figures it shares."""

    def __init__(self, corpus: Corpus, config: AlignConfig) -> None:
        self.corpus, self.config = corpus, config
        self.judged: dict[tuple[int, int], float | None] = {}  # None: not comparable
        self.counted: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.vectors: dict[int, np.ndarray] = {}

    def add(self, counted: str, left_ids: set[int], right_ids: set[int]) -> None:
        for left in left_ids:
            for right in right_ids:
                key = (min(left, right), max(left, right))
                if left != right and self._similarity(key) is not None:
                    self.counted[key].add(counted)

    def alignments(self) -> list[Alignment]:
        return [
            Alignment(
                left=key[0],
                right=key[1],
                similarity=self.judged[key] or 0.0,
                clauses=frozenset(self.counted[key]),
                sentences_aligned=False,
            )
            for key in sorted(self.counted)
        ]

    def _similarity(self, key: tuple[int, int]) -> float | None:
        if key not in self.judged:
            self.judged[key] = self._judge(*key)
        return self.judged[key]

    def _judge(self, left_id: int, right_id: int) -> float | None:
        """The sentences' similarity when the two claims can report one fact, else None."""
        corpus, config = self.corpus, self.config
        left, right = corpus.claims[left_id], corpus.claims[right_id]
        if corpus.outlet_of(left) == corpus.outlet_of(right):
            return None
        published = corpus.published_of(left), corpus.published_of(right)
        if not _close_in_time(*published, config):
            return None
        needed = config.min_story_overlap_undated if None in published else config.min_story_overlap
        if corpus.story_overlap(left.article_id or "", right.article_id or "") < needed:
            return None
        if not _dates_compatible(
            corpus.event_dates(left), corpus.event_dates(right), config.max_date_gap_days
        ):
            return None
        similarity = float(self._vector(left_id) @ self._vector(right_id))
        return similarity if similarity >= config.min_similarity_by_clause else None

    def _vector(self, claim_id: int) -> np.ndarray:
        if claim_id not in self.vectors:
            self.vectors[claim_id] = self.corpus.index.vectors([claim_id])[0]
        return self.vectors[claim_id]


def with_clause_matches(
    alignments: Sequence[Alignment], by_clause: Sequence[Alignment]
) -> list[Alignment]:
    """Sentence alignments with the clause matches added: a pair met both ways keeps its
    sentence alignment and learns which figures' clauses also matched."""
    merged = {(a.left, a.right): a for a in alignments}
    for match in by_clause:
        known = merged.get((match.left, match.right))
        merged[(match.left, match.right)] = (
            match
            if known is None
            else known.model_copy(update={"clauses": known.clauses | match.clauses})
        )
    return [merged[key] for key in sorted(merged)]


def match_new_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    corpus: Corpus,
    config: AlignConfig,
    *,
    outlet: str,
    published: datetime | None,
) -> list[tuple[int, int, float]]:
    """(position of the new claim, corpus claim id, similarity) for claims not in the index.

    The claims are one text (a posted draft): a sentence of it that names nothing ('The
    bridge had passed its inspections') aligns as a corpus article's would, when the draft
    and the neighbour's article tell one story by the names they hold and both are dated.
    Without a date, one story by its names may be two events in one place: ECB+ 20_2ecbplus
    posted whole, undated, set the 2005 Qeshm quake's 5.9 against 20_1ecb's 5.6 of 2008."""
    if not claims:
        return []
    names = story_names(claims) if published is not None else frozenset()
    same_story: dict[str, bool] = {}

    def tells_the_story(neighbour: Claim) -> bool:
        article_id = neighbour.article_id or ""
        if article_id not in same_story:
            same_story[article_id] = (
                corpus.published_of(neighbour) is not None
                and corpus.story_overlap_with(names, article_id) >= config.min_story_overlap
            )
        return same_story[article_id]

    hits: list[tuple[int, int, float]] = []
    scores, neighbours = corpus.index.search(vectors, config.k)
    for position, (row_scores, row_ids) in enumerate(zip(scores, neighbours, strict=True)):
        for score, neighbour_id in zip(row_scores.tolist(), row_ids.tolist(), strict=True):
            if neighbour_id < 0 or score < config.min_similarity:
                continue
            neighbour = corpus.claims.get(neighbour_id)
            if neighbour is None or corpus.outlet_of(neighbour) == outlet:
                continue
            claim = claims[position]
            if (
                _about_the_same(
                    claim, neighbour, float(score), config, same_story=tells_the_story(neighbour)
                )
                and _dates_compatible(
                    claim.dates, corpus.event_dates(neighbour), config.max_date_gap_days
                )
                and _close_in_time(published, corpus.published_of(neighbour), config)
            ):
                hits.append((position, neighbour_id, float(score)))
    return hits


def aligned_among(
    claim_ids: Sequence[int], corpus: Corpus, config: AlignConfig
) -> set[tuple[int, int]]:
    """Pairs (both orders) of these corpus claims that align with one another.

    A claim check aligns the posted claim with corpus claims only; whether those claims met
    each other decides whether 'Twenty' against 'seven' and against 'Twelve' is one disputed
    toll or two findings. Only the few claims in a check's disagreements are asked."""
    ids = sorted(set(claim_ids))
    if len(ids) < 2:
        return set()
    vectors = corpus.index.vectors(ids)
    similarities = vectors @ vectors.T
    pairs: set[tuple[int, int]] = set()
    for row, left in enumerate(ids):
        for column in range(row + 1, len(ids)):
            right, similarity = ids[column], float(similarities[row, column])
            if similarity >= config.min_similarity and comparable(
                corpus.claims[left], corpus.claims[right], similarity, corpus, config
            ):
                pairs |= {(left, right), (right, left)}
    return pairs


def comparable(
    left: Claim, right: Claim, similarity: float, corpus: Corpus, config: AlignConfig
) -> bool:
    if corpus.outlet_of(left) == corpus.outlet_of(right):
        return False
    if not _close_in_time(corpus.published_of(left), corpus.published_of(right), config):
        return False
    undated = corpus.published_of(left) is None or corpus.published_of(right) is None
    same_story = corpus.story_overlap(left.article_id or "", right.article_id or "") >= (
        config.min_story_overlap_undated if undated else config.min_story_overlap
    )
    return _about_the_same(left, right, similarity, config, same_story=same_story) and (
        _dates_compatible(
            corpus.event_dates(left), corpus.event_dates(right), config.max_date_gap_days
        )
    )


def _close_in_time(left: datetime | None, right: datetime | None, config: AlignConfig) -> bool:
    if left is None or right is None:
        return True
    return abs((left - right).days) <= config.max_publication_gap_days


def _about_the_same(
    left: Claim, right: Claim, similarity: float, config: AlignConfig, *, same_story: bool = False
) -> bool:
    """Shared people and places; unnamed claims need to be very close, unless their articles
    tell the same story ('Police said 12 people were injured in the riots' against '18
    people had been injured in the violence', in two reports of one Athens strike)."""
    people_left, people_right = (
        _names(left, MentionLabel.PERSON),
        _names(right, MentionLabel.PERSON),
    )
    places_left, places_right = _names(left, MentionLabel.PLACE), _names(right, MentionLabel.PLACE)
    orgs_left, orgs_right = _names(left, MentionLabel.ORG), _names(right, MentionLabel.ORG)
    shared_people = _overlap(people_left, people_right, config)
    if people_left and people_right and not shared_people:
        return False
    # spaCy labels one name a place here and an organisation there ("Merrow Bridge").
    shared_places = _overlap(places_left + orgs_left, places_right + orgs_right, config)
    if places_left and places_right and not shared_places and not shared_people:
        return False
    anchored = (
        shared_people
        or shared_places
        # NER misses names too: one claim's named thing written out in the other counts.
        or _written_in(people_left + places_left + orgs_left, right.text)
        or _written_in(people_right + places_right + orgs_right, left.text)
    )
    return anchored or same_story or similarity >= config.min_similarity_unanchored


def _names(claim: Claim, label: MentionLabel) -> list[str]:
    """What the claim names, but for the organisation it cites: 'the U.S. Geological Survey
    said' stands under quakes in Papua and in Sonoma County alike (ECB+ 37_6ecb, 38_3ecb)."""
    return [
        mention.text
        for mention in claim.mentions
        if mention.label == label
        and not (label is MentionLabel.ORG and _cites(claim.attribution, mention.text))
    ]


def _cites(attribution: str | None, name: str) -> bool:
    """The name stands whole in the attribution: 'the UN' cites the UN, 'an UNRWA official'
    does not."""
    return (
        attribution is not None
        and name in attribution  # most names are not: no pattern compiled for them
        and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", attribution) is not None
    )


def _overlap(left: list[str], right: list[str], config: AlignConfig) -> bool:
    return any(
        town_name(a) == town_name(b) or same_name(a, b, config.name_similarity)
        for a in left
        for b in right
    )


def _written_in(names: list[str], text: str) -> bool:
    lowered = text.lower()
    return any(len(name) > 3 and name.lower() in lowered for name in names)


def _dates_compatible(
    left: Sequence[DateMention], right: Sequence[DateMention], max_gap_days: int
) -> bool:
    """Whether two claims' dates can name one event; claims without dates always can."""
    if not left or not right:
        return True
    return any(_same_time(a, b, max_gap_days) for a in left for b in right)


def _same_time(left: DateMention, right: DateMention, max_gap_days: int) -> bool:
    """A day inside the month or year it falls in, or two within the gap. Unanchored, two
    named months must be the same month, and an event dated by weekday or 'yesterday' (this
    week) is not the one a claim dates by a named month or a year alone: that is a background
    event ('a 6.1 quake struck southern Iran in September')."""
    if left.value is not None and right.value is not None:
        gap = max(
            (_first_day(left) - _last_day(right)).days,
            (_first_day(right) - _last_day(left)).days,
            0,
        )
        return gap <= max_gap_days
    if left.precision == right.precision == DatePrecision.MONTH:
        months = _month_named(left.text), _month_named(right.text)
        if None not in months:
            return months[0] == months[1]
    return not ((_this_week(left) and _coarse(right)) or (_this_week(right) and _coarse(left)))


def _first_day(mention: DateMention) -> date:
    assert mention.value is not None
    if mention.precision == DatePrecision.YEAR:
        return mention.value.replace(month=1, day=1)
    if mention.precision == DatePrecision.MONTH:
        return mention.value.replace(day=1)
    return mention.value


def _last_day(mention: DateMention) -> date:
    assert mention.value is not None
    if mention.precision == DatePrecision.YEAR:
        return mention.value.replace(month=12, day=31)
    if mention.precision == DatePrecision.MONTH:
        following = mention.value.replace(day=28) + timedelta(days=4)
        return following - timedelta(days=following.day)
    return mention.value


def _this_week(mention: DateMention) -> bool:
    return mention.relative and mention.precision == DatePrecision.DAY


def _coarse(mention: DateMention) -> bool:
    """A year, or a month by name ('earlier this month' may well be last Sunday)."""
    return mention.precision == DatePrecision.YEAR or (
        mention.precision == DatePrecision.MONTH and _month_named(mention.text) is not None
    )


def _month_named(text: str) -> int | None:
    return next(
        (number for word in text.lower().split() if (number := MONTHS.get(word.strip(".,")))),
        None,
    )
