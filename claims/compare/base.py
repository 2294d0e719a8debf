"""What every detector shares: the protocol, and turning pairwise disagreements into findings.

A pairwise detector says, for two aligned claims, which values disagree. Disagreements on the
same subject are merged while every value met every other in some aligned pair, so one
disputed death toll across five outlets is one finding with several values, each listing its
outlets and evidence, and a toll of another event never joins it through one shared claim.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from itertools import count
from typing import ClassVar, Protocol

from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import (
    Claim,
    EvidenceClaim,
    Finding,
    FindingKind,
    FindingStatus,
    FindingValue,
    Span,
)
from models.alignment import Alignment


class Detector(Protocol):
    kind: ClassVar[FindingKind]

    def detect(
        self, alignments: Sequence[Alignment], corpus: Corpus, config: PipelineConfig
    ) -> list[Finding]: ...


@dataclass(frozen=True)
class ClaimValue:
    """One side of a disagreement: a value as one claim states it."""

    claim_id: int
    written: str
    normalized: str
    span: Span | None = None
    number: float | None = None  # for timelines


@dataclass(frozen=True)
class Disagreement:
    subject: str
    left: ClaimValue
    right: ClaimValue
    confidence: float


class PairwiseDetector:
    """Base for detectors that judge two aligned claims at a time."""

    kind: ClassVar[FindingKind]

    def compare(
        self, left: Claim, right: Claim, similarity: float, corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        raise NotImplementedError

    def status(self, values: Sequence[ClaimValue], corpus: Corpus) -> FindingStatus:
        return FindingStatus.CONFLICT

    def finish(self, finding: Finding) -> Finding:
        """Last touches a detector adds to a merged finding (a timeline, say)."""
        return finding

    def explain(self, finding_values: Sequence[FindingValue], subject: str) -> str:
        sides = "; ".join(
            f"{', '.join(value.outlets)} {'say' if len(value.outlets) > 1 else 'says'} "
            f"{value.value!r}"
            for value in finding_values
        )
        return f"Outlets disagree on {subject}: {sides}."

    def detect(
        self, alignments: Sequence[Alignment], corpus: Corpus, config: PipelineConfig
    ) -> list[Finding]:
        found = self.disagreements(alignments, corpus, config)
        return self.merge(found, corpus, aligned_pairs(alignments))

    def disagreements(
        self, alignments: Sequence[Alignment], corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        found: list[Disagreement] = []
        for alignment in alignments:
            found += self.compare_aligned(alignment, corpus, config)
        return found

    def compare_aligned(
        self, alignment: Alignment, corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        """One aligned pair; a detector that reads more of an alignment than its similarity
        (the number detector, its matched clauses) says so here."""
        left, right = corpus.claims[alignment.left], corpus.claims[alignment.right]
        return self.compare(left, right, alignment.similarity, corpus, config)

    def merge(
        self,
        disagreements: Sequence[Disagreement],
        corpus: Corpus,
        aligned: Set[tuple[int, int]] = frozenset(),
    ) -> list[Finding]:
        groups = _group(disagreements, aligned)
        findings = [self._finding(subject, group, corpus) for subject, group in groups]
        return sorted(findings, key=lambda finding: finding.id)

    def _finding(self, subject: str, group: list[Disagreement], corpus: Corpus) -> Finding:
        by_claim: dict[int, ClaimValue] = {}
        for disagreement in group:
            for side in (disagreement.left, disagreement.right):
                by_claim.setdefault(side.claim_id, side)
        by_value: dict[str, list[ClaimValue]] = defaultdict(list)
        for side in sorted(by_claim.values(), key=_corpus_claim):  # a posted claim leads
            by_value[side.normalized].append(side)
        values = [
            FindingValue(
                value=sides[0].written,
                normalized=normalized,
                outlets=sorted({corpus.outlet_of(corpus.claims[s.claim_id]) for s in sides}),
                claims=[evidence(corpus, s.claim_id, s.span) for s in sides],
            )
            for normalized, sides in sorted(by_value.items(), key=_posted_first)
        ]
        status = self.status(list(by_claim.values()), corpus)
        finding = Finding(
            id=finding_id(self.kind, subject, by_claim),
            kind=self.kind,
            status=status,
            subject=subject,
            values=values,
            confidence=round(max(d.confidence for d in group), 3),
            explanation=self.explain(values, subject),
        )
        return self.finish(finding)


def _corpus_claim(side: ClaimValue) -> bool:
    return side.claim_id >= 0


def _posted_first(item: tuple[str, list[ClaimValue]]) -> tuple[bool, str]:
    """A checked claim's own value leads (posted claims are numbered below zero)."""
    normalized, sides = item
    return (all(side.claim_id >= 0 for side in sides), normalized)


def aligned_pairs(alignments: Sequence[Alignment]) -> set[tuple[int, int]]:
    """Both orders of every aligned pair: what `merge` asks when values meet."""
    return {(a.left, a.right) for a in alignments} | {(a.right, a.left) for a in alignments}


def _group(
    disagreements: Sequence[Disagreement], aligned: Set[tuple[int, int]]
) -> list[tuple[str, list[Disagreement]]]:
    """Disagreements on one subject make one finding while each value in it was met by every
    other directly (a claim of the one aligned with a claim of the other): one fact.

    Sharing one claim is not enough. 'Three killed' disputed by 'four' in one outlet and by
    '40' in another that never aligned with the first would chain two events into one finding
    with both tolls; they stay two findings, the shared claim in each. Outlets that agree need
    not have aligned with each other: 170,000 in five outlets against 230,000 in four is one
    finding when the two figures met somewhere."""
    by_subject: dict[str, list[Disagreement]] = defaultdict(list)
    for disagreement in disagreements:
        by_subject[disagreement.subject].append(disagreement)
    groups: list[tuple[str, list[Disagreement]]] = []
    for subject, found in sorted(by_subject.items()):
        clusters: dict[int, _Cluster] = {}  # numbered in the order they were opened
        numbers = count()
        holding: dict[int, set[int]] = defaultdict(set)  # claim id -> clusters holding it
        for disagreement in sorted(found, key=_strongest_first):
            sides = _stated_values(disagreement)
            touching = sorted({number for claim in sides for number in holding[claim]})
            home = next((n for n in touching if clusters[n].admits(sides, aligned)), None)
            if home is None:
                home = next(numbers)
                clusters[home] = _Cluster()
            clusters[home].add(disagreement)
            for claim in sides:
                holding[claim].add(home)
            for other in touching:  # one disagreement can show two findings to be one fact
                if other != home and clusters[home].admits(clusters[other].values, aligned):
                    for claim in clusters[other].values:
                        holding[claim].discard(other)
                        holding[claim].add(home)
                    clusters[home].absorb(clusters.pop(other))
        groups += [(subject, cluster.members) for _, cluster in sorted(clusters.items())]
    return groups


@dataclass
class _Cluster:
    """Claims (with the value each states) of one finding in the making."""

    values: dict[int, str] = field(default_factory=dict)
    members: list[Disagreement] = field(default_factory=list)

    def admits(self, claims: dict[int, str], aligned: Set[tuple[int, int]]) -> bool:
        """Whether these claims (id: value) can join: every value of the finding must then
        have met every other value, some claim of the one aligned with some claim of the
        other. Claims joining a value already here add only alignments."""
        new = {claim: value for claim, value in claims.items() if claim not in self.values}
        by_value: dict[str, list[int]] = defaultdict(list)
        for claim, value in (self.values | new).items():
            by_value[value].append(claim)
        new_values = set(new.values()) - set(self.values.values())
        return all(
            any((a, b) in aligned for a in by_value[value] for b in by_value[other])
            for value in new_values
            for other in by_value
            if other != value
        )

    def add(self, disagreement: Disagreement) -> None:
        self._join([disagreement], _stated_values(disagreement))

    def absorb(self, other: _Cluster) -> None:
        self._join(other.members, other.values)

    def _join(self, members: list[Disagreement], values: dict[int, str]) -> None:
        self.members += members
        for claim, value in values.items():
            self.values.setdefault(claim, value)


def _stated_values(disagreement: Disagreement) -> dict[int, str]:
    """Each side's claim and the value it states (the left one first, should they share)."""
    values: dict[int, str] = {}
    for side in (disagreement.left, disagreement.right):
        values.setdefault(side.claim_id, side.normalized)
    return values


def _strongest_first(disagreement: Disagreement) -> tuple[float, int, int]:
    return (-disagreement.confidence, disagreement.left.claim_id, disagreement.right.claim_id)


def evidence(corpus: Corpus, claim_id: int, value_span: Span | None) -> EvidenceClaim:
    claim = corpus.claims[claim_id]
    article = corpus.article_of(claim)
    return EvidenceClaim(
        claim_id=claim.id if claim.id is not None and claim.id >= 0 else None,
        article_id=article.id,
        outlet=article.outlet,
        published=article.published,
        text=claim.text,
        span=claim.span,
        value_span=value_span,
        attribution=claim.attribution,
    )


def finding_id(kind: FindingKind, subject: str, values: dict[int, ClaimValue]) -> str:
    """The same evidence always gives the same id, and the id names its kind."""
    basis = "|".join(
        [kind.value, subject, *(f"{cid}={v.normalized}" for cid, v in sorted(values.items()))]
    )
    return f"{kind.value}-" + hashlib.sha256(basis.encode()).hexdigest()[:16]
