"""What every detector shares: the protocol, and turning pairwise disagreements into findings.

A pairwise detector says, for two aligned claims, which values disagree. Disagreements on the
same subject that share claims are merged, so one disputed death toll across five outlets is
one finding with several values, each listing its outlets and evidence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
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
        return self.merge(disagreements, corpus)

    def merge(self, disagreements: Sequence[Disagreement], corpus: Corpus) -> list[Finding]:
        groups = _group(disagreements)
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


def _group(disagreements: Sequence[Disagreement]) -> list[tuple[str, list[Disagreement]]]:
    """Disagreements on one subject that share a claim belong to one finding (union-find)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for d in disagreements:
        left, right = find((d.subject, d.left.claim_id)), find((d.subject, d.right.claim_id))
        if left != right:
            parent[max(left, right)] = min(left, right)
    grouped: dict[tuple[str, int], list[Disagreement]] = defaultdict(list)
    for d in disagreements:
        grouped[find((d.subject, d.left.claim_id))].append(d)
    return [(root[0], group) for root, group in sorted(grouped.items())]


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
