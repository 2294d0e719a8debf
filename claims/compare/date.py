"""Dates: the same event dated differently, after each date is resolved against its article.

'On Sunday' in a Tuesday paper and 'April 7' in another are the same day and never a finding.
Only claims that say the same thing about the same event are compared, and only when each
gives exactly one day for it: a claim with several dates is too ambiguous to dispute.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from claims.compare.base import ClaimValue, Disagreement, PairwiseDetector
from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import Claim, DateMention, DatePrecision, FindingKind, FindingValue


class DateDetector(PairwiseDetector):
    kind: ClassVar[FindingKind] = FindingKind.DATE

    def compare(
        self, left: Claim, right: Claim, similarity: float, corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        settings = config.detectors.date
        if similarity < settings.min_similarity:
            return []
        left_day, right_day = _single_day(left), _single_day(right)
        if left_day is None or right_day is None:
            return []
        assert left_day.value is not None and right_day.value is not None
        gap = abs((left_day.value - right_day.value).days)
        if gap == 0 or gap > settings.max_gap_days:
            return []
        if left.predicate and right.predicate and left.predicate != right.predicate:
            return []
        subject = f"date of '{left.predicate}'" if left.predicate else "date"
        return [
            Disagreement(
                subject=subject,
                left=_side(left, left_day),
                right=_side(right, right_day),
                confidence=min(0.95, 0.5 + 0.45 * similarity),
            )
        ]

    def explain(self, finding_values: Sequence[FindingValue], subject: str) -> str:
        sides = "; ".join(
            f"{', '.join(v.outlets)}: {v.value!r} ({v.normalized})" for v in finding_values
        )
        return f"Outlets date the same event differently: {sides}."


def _single_day(claim: Claim) -> DateMention | None:
    days = {
        mention.value: mention
        for mention in claim.dates
        if mention.value is not None and mention.precision == DatePrecision.DAY
    }
    return next(iter(days.values())) if len(days) == 1 else None


def _side(claim: Claim, mention: DateMention) -> ClaimValue:
    assert mention.value is not None
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=mention.text,
        normalized=mention.value.isoformat(),
        span=mention.span,
    )
