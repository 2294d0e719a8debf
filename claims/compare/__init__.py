"""The comparator: align claims across outlets, then run every enabled detector.

Detectors are registered in one explicit table; `get_detector` names the known kinds when
asked for an unknown one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

import numpy as np

from claims.align import (
    ClauseEmbedder,
    align,
    align_by_clause,
    aligned_among,
    comparable,
    match_new_claims,
    with_clause_matches,
)
from claims.compare.base import Detector, Disagreement, PairwiseDetector, aligned_pairs
from claims.compare.date import DateDetector
from claims.compare.name import NameDetector, People, cluster_people
from claims.compare.nli import NliJudge
from claims.compare.number import NumberDetector, compared_figure
from claims.compare.posted_people import KnownPeople, known_people, posted_people_findings
from claims.compare.statement import StatementDetector
from claims.compare.version import COMPARISON_VERSION, comparison_fingerprint
from claims.config import PipelineConfig
from claims.corpus import POSTED_ARTICLE_ID, Corpus
from claims.errors import UnknownDetectorError
from models import Article, ArticleIn, Claim, Finding, FindingKind
from models.alignment import Alignment
from models.records import Entity

DETECTOR_CLASSES: tuple[type[Detector], ...] = (
    NumberDetector,
    DateDetector,
    NameDetector,
    StatementDetector,
)
DETECTORS: dict[FindingKind, type[Detector]] = {cls.kind: cls for cls in DETECTOR_CLASSES}
# A comparison's progress: (steps done, steps in all).
Progress = Callable[[int, int], None]


def get_detector(
    kind: str | FindingKind, config: PipelineConfig | None = None, known: KnownPeople | None = None
) -> Detector:
    """`known`: the corpus's people (`known_people`) when the caller has them, so the
    detectors that read them (names, homes) do not cluster the corpus again each."""
    try:
        detector_class = DETECTORS[FindingKind(kind)]
    except ValueError:
        kinds = ", ".join(sorted(k.value for k in DETECTORS))
        raise UnknownDetectorError(f"unknown detector {kind!r}; known kinds: {kinds}") from None
    if detector_class is StatementDetector:
        nli = None if config is None else NliJudge.from_config(config.detectors.statement)
        if known is None:
            return StatementDetector(nli)
        return StatementDetector(nli, known.people, known.homes)
    if detector_class is NameDetector:
        return NameDetector(None if known is None else known.people)
    return detector_class()


def enabled_detectors(config: PipelineConfig, known: KnownPeople | None = None) -> list[Detector]:
    return [get_detector(kind, config, known) for kind in config.detectors.enabled]


def load_nli_model(config: PipelineConfig) -> None:
    """The configured NLI model, loaded now (it stays cached) when statements are compared:
    a folder holding none fails before any work, named by its setting."""
    if "statement" in config.detectors.enabled:
        NliJudge.from_config(config.detectors.statement)


def find_discrepancies(
    corpus: Corpus,
    config: PipelineConfig,
    *,
    embed_clauses: ClauseEmbedder | None = None,
    known: KnownPeople | None = None,
    progress: Progress | None = None,
) -> list[Finding]:
    """Every finding in the corpus, in a stable order.

    With `embed_clauses` (the claims' embedding model), figures are also compared whose
    clauses say the same thing in sentences that otherwise differ (`align_by_clause`); the
    number detector reads those pairs, and the statement detector only for where they place
    an event ('150 miles east of Aden' / 'west of Aden'): its other rules were not made for
    them.
    `known` (`known_people`): the corpus's people and homes, gathered here when not given.
    `progress`: told (steps done, `comparison_steps`) as the comparison goes."""
    total, batches = comparison_steps(corpus, config), _alignment_batches(corpus, config)
    load_nli_model(config)  # a model that cannot load fails first

    def tell(done: int) -> None:
        if progress is not None:
            progress(done, total)

    if known is None and {"name", "statement"} & set(config.detectors.enabled):
        known = known_people(corpus, config)
    tell(1)
    alignments = align(corpus, config.align, batch_done=lambda batch: tell(1 + batch))
    with_clauses = alignments
    if embed_clauses is not None and {"number", "statement"} & set(config.detectors.enabled):
        by_clause = align_by_clause(corpus, config.align, embed_clauses, compared_figure)
        with_clauses = with_clause_matches(alignments, by_clause)
    tell(batches + 2)
    findings: list[Finding] = []
    for done, detector in enumerate(enabled_detectors(config, known), start=batches + 3):
        given = (
            with_clauses if isinstance(detector, NumberDetector | StatementDetector) else alignments
        )
        findings += detector.detect(given, corpus, config)
        tell(done)
    return sorted(findings, key=lambda finding: (finding.kind.value, finding.id))


def comparison_steps(corpus: Corpus, config: PipelineConfig) -> int:
    """The steps `find_discrepancies` reports, in order: the people gathered (first, so that
    a caller that gathers them itself can report it), each batch of claims aligned (where
    most of the time goes), the figures aligned by clause, each detector."""
    return 1 + _alignment_batches(corpus, config) + 1 + len(config.detectors.enabled)


def _alignment_batches(corpus: Corpus, config: PipelineConfig) -> int:
    return -(-len(corpus.claims) // config.align.batch_size)


def person_entities(
    corpus: Corpus, config: PipelineConfig, people: People | None = None
) -> list[Entity]:
    return NameDetector(people).entities(corpus, config)


@dataclass(frozen=True)
class CorpusCheck:
    """What the corpus says about posted claims, which are known by their position."""

    matches: list[tuple[int, float]]  # (corpus claim id, best similarity), best first
    matched_by: dict[int, tuple[int, ...]]  # corpus claim id -> posted claims aligned with it
    findings: list[Finding]
    disputed: frozenset[int]  # posted claims some finding disputes


def check_against_corpus(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    article: ArticleIn,
    corpus: Corpus,
    config: PipelineConfig,
    known: KnownPeople | None = None,
) -> CorpusCheck:
    """A posted text against the corpus: the claims it matches and the findings it makes.

    `known`: the corpus's people (`known_people`), made once per corpus by a caller that
    checks many texts; made here when not given."""
    posted = posted_article(article)
    numbered = [
        claim.model_copy(update={"id": -(position + 1), "article_id": posted.id})
        for position, claim in enumerate(claims)
    ]
    published = posted.published
    hits = match_new_claims(
        numbered, vectors, corpus, config.align, outlet=posted.outlet_key, published=published
    )
    extended = corpus.with_posted(posted, numbered)
    alignments = [
        Alignment(left=numbered[position].id or 0, right=claim_id, similarity=similarity)
        for position, claim_id, similarity in hits
    ]
    posted_pairs = aligned_pairs(alignments)
    findings: list[Finding] = []
    disputed: set[int] = set()
    for detector in enabled_detectors(config):
        if not isinstance(detector, PairwiseDetector):
            continue
        found = detector.disagreements(alignments, extended, config)
        seconding, seconding_pairs = _seconding(detector, found, hits, corpus, config)
        findings += detector.merge(
            [*found, *seconding],
            extended,
            posted_pairs | _met(found, corpus, config) | aligned_pairs(seconding_pairs),
        )
        disputed |= {
            -side.claim_id - 1  # posted claims are numbered -1, -2, ... by position
            for disagreement in found
            for side in (disagreement.left, disagreement.right)
            if side.claim_id < 0
        }
    known = known if known is not None else known_people(corpus, config)
    story = {corpus.claims[claim_id].article_id or "" for _, claim_id, _ in hits}
    about_people = posted_people_findings(extended, known, config, story)
    findings += about_people
    disputed |= _posted_positions(about_people, numbered)
    best: dict[int, float] = {}
    matched_by: dict[int, set[int]] = defaultdict(set)
    for position, claim_id, similarity in hits:
        best[claim_id] = max(similarity, best.get(claim_id, -1.0))
        matched_by[claim_id].add(position)
    return CorpusCheck(
        matches=sorted(best.items(), key=lambda item: (-item[1], item[0])),
        matched_by={claim_id: tuple(sorted(found)) for claim_id, found in matched_by.items()},
        findings=sorted(findings, key=lambda finding: (finding.kind.value, finding.id)),
        disputed=frozenset(disputed),
    )


def _posted_positions(findings: Sequence[Finding], posted: Sequence[Claim]) -> set[int]:
    """The posted claims (by position) that hold some finding's disputed value: any side of a
    dispute, but of a name only an odd spelling (a draft spelling a minister right in one
    sentence and wrong in the next conflicts in the second only)."""
    spans = [
        claim.value_span or claim.span
        for finding in findings
        for value in finding.values
        if value.odd or finding.kind != FindingKind.NAME
        for claim in value.claims
        if claim.article_id == POSTED_ARTICLE_ID
    ]
    return {
        position
        for position, claim in enumerate(posted)
        for span in spans
        if claim.span.start <= span.start and span.end <= claim.span.end
    }


def _met(
    disagreements: Sequence[Disagreement], corpus: Corpus, config: PipelineConfig
) -> set[tuple[int, int]]:
    """Which corpus claims disputing a posted claim on one subject align with each other: those
    let one disputed fact show as one finding. The posted claims are numbered below zero."""
    by_subject: dict[str, set[int]] = defaultdict(set)
    for disagreement in disagreements:
        for side in (disagreement.left, disagreement.right):
            if side.claim_id >= 0:
                by_subject[disagreement.subject].add(side.claim_id)
    return set().union(
        *(aligned_among(sorted(ids), corpus, config.align) for ids in by_subject.values())
    )


def _seconding(
    detector: PairwiseDetector,
    found: Sequence[Disagreement],
    hits: Sequence[tuple[int, int, float]],
    corpus: Corpus,
    config: PipelineConfig,
) -> tuple[list[Disagreement], list[Alignment]]:
    """Corpus claims that state a posted claim's value against the claim disputing it, so an
    editor sees the posted 'Twelve' is not alone ('Twelve: posted claim, Northfield Gazette'
    against 'Seven: Harbour Herald'). Each matched the posted claim and aligns with the
    disputing one; a value that differs from the posted one adds nothing here. Returns the
    disagreements and the alignments they came from."""
    matched: dict[int, set[int]] = defaultdict(set)  # posted claim id -> corpus claims
    for position, claim_id, _ in hits:
        matched[-(position + 1)].add(claim_id)
    shown = {
        side.claim_id for disagreement in found for side in (disagreement.left, disagreement.right)
    }
    wanted: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    for disagreement in found:
        posted, disputing = sorted(
            (disagreement.left, disagreement.right), key=attrgetter("claim_id")
        )
        if posted.claim_id >= 0 or disputing.claim_id < 0:
            continue
        for claim_id in matched[posted.claim_id] - shown:
            wanted[(claim_id, disputing.claim_id)].add((disagreement.subject, posted.normalized))
    seconding: list[Disagreement] = []
    pairs: list[Alignment] = []
    for (claim_id, disputing_id), stated in sorted(wanted.items()):
        left, right = min(claim_id, disputing_id), max(claim_id, disputing_id)
        similarity = float(np.dot(*corpus.index.vectors([left, right])))
        if similarity < config.align.min_similarity or not comparable(
            corpus.claims[left], corpus.claims[right], similarity, corpus, config.align
        ):
            continue
        pair = Alignment(left=left, right=right, similarity=similarity)
        for disagreement in detector.compare_aligned(pair, corpus, config):
            side = (
                disagreement.left if disagreement.left.claim_id == claim_id else disagreement.right
            )
            if (disagreement.subject, side.normalized) in stated:
                seconding.append(disagreement)
                pairs.append(pair)
    return seconding, pairs


def posted_article(article: ArticleIn) -> Article:
    """A posted text as the corpus overlay's article (`Corpus.with_posted`)."""
    published = article.published
    if published is not None and not isinstance(published, datetime):
        published = datetime(published.year, published.month, published.day)
    return Article(
        id=POSTED_ARTICLE_ID,
        outlet=article.outlet or "posted claim",
        published=published,
        text=article.text,
        content_hash="",
    )


__all__ = [
    "COMPARISON_VERSION",
    "DETECTORS",
    "CorpusCheck",
    "Detector",
    "KnownPeople",
    "People",
    "Progress",
    "check_against_corpus",
    "cluster_people",
    "comparison_fingerprint",
    "comparison_steps",
    "find_discrepancies",
    "get_detector",
    "known_people",
    "load_nli_model",
    "person_entities",
    "posted_article",
]
