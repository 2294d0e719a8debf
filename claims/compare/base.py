"""What every detector shares: the protocol, and turning pairwise disagreements into findings.

A pairwise detector says, for two aligned claims, which values disagree. Disagreements on the
same subject whose claims are all aligned with each other (or state the same value) are
merged, so one disputed death toll across five outlets is one finding with several values,
each listing its outlets and evidence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
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
        disagreements: list[Disagreement] = []
        for alignment in alignments:
            left, right = corpus.claims[alignment.left], corpus.claims[alignment.right]
            disagreements += self.compare(left, right, alignment.similarity, corpus, config)
        aligned = {(a.left, a.right) for a in alignments} | {(a.right, a.left) for a in alignments}
        return self.merge(disagreements, corpus, aligned)

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
        for side in by_claim.values():
            by_value[side.normalized].append(side)
        values = [
            FindingValue(
                value=sides[0].written,
                normalized=normalized,
                outlets=sorted({corpus.outlet_of(corpus.claims[s.claim_id]) for s in sides}),
                claims=[evidence(corpus, s.claim_id, s.span) for s in sides],
            )
            for normalized, sides in sorted(by_value.items())
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


def _group(
    disagreements: Sequence[Disagreement], aligned: Set[tuple[int, int]]
) -> list[tuple[str, list[Disagreement]]]:
    """Disagreements on one subject make one finding when every two of its claims are aligned
    or state the same value: one fact, disputed across outlets.

    Sharing one claim is not enough. 'Three killed' disputed by 'four' in one outlet and by
    '40' in another that never aligned with the first would chain two events into one finding
    with both tolls; they stay two findings, the shared claim in each."""
    by_subject: dict[str, list[Disagreement]] = defaultdict(list)
    for disagreement in disagreements:
        by_subject[disagreement.subject].append(disagreement)
    groups: list[tuple[str, list[Disagreement]]] = []
    for subject, found in sorted(by_subject.items()):
        clusters: list[_Cluster] = []
        for disagreement in sorted(found, key=_strongest_first):
            home = next((c for c in clusters if c.admits(disagreement, aligned)), None)
            if home is None:
                home = _Cluster()
                clusters.append(home)
            home.add(disagreement)
        groups += [(subject, cluster.members) for cluster in clusters]
    return groups


@dataclass
class _Cluster:
    """Claims (with the value each states) of one finding in the making."""

    values: dict[int, str] = field(default_factory=dict)
    members: list[Disagreement] = field(default_factory=list)

    def admits(self, disagreement: Disagreement, aligned: Set[tuple[int, int]]) -> bool:
        sides = (disagreement.left, disagreement.right)
        if not any(side.claim_id in self.values for side in sides):
            return False
        return all(
            claim_id == side.claim_id
            or value == side.normalized
            or (claim_id, side.claim_id) in aligned
            for side in sides
            if side.claim_id not in self.values
            for claim_id, value in self.values.items()
        )

    def add(self, disagreement: Disagreement) -> None:
        self.members.append(disagreement)
        for side in (disagreement.left, disagreement.right):
            self.values.setdefault(side.claim_id, side.normalized)


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
    """The same evidence always gives the same id."""
    basis = "|".join(
        [kind.value, subject, *(f"{cid}={v.normalized}" for cid, v in sorted(values.items()))]
    )
    return f"{kind.value[:1]}-" + hashlib.sha256(basis.encode()).hexdigest()[:16]
