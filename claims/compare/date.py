"""Dates: the same event dated differently, after each date is resolved against its article.

'On Sunday' in a Tuesday paper and 'April 7' in another are the same day and never a finding.
Only dates that belong to the same event verb are compared ('collapsed late Sunday' against
'collapsed on Saturday'), never the day somebody spoke ('said on Monday'), and only when each
claim gives exactly one such day: a claim with several dates is too ambiguous to dispute.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from claims.compare.base import ClaimValue, Disagreement, PairwiseDetector
from claims.config import PipelineConfig
from claims.corpus import Corpus
from claims.segment import REPORTING_VERBS
from models import Claim, DateMention, DatePrecision, FindingKind, FindingValue


class DateDetector(PairwiseDetector):
    kind: ClassVar[FindingKind] = FindingKind.DATE

    def compare(
        self, left: Claim, right: Claim, similarity: float, corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        settings = config.detectors.date
        if similarity < settings.min_similarity:
            return []
        left_day, right_day = _event_day(left), _event_day(right)
        if left_day is None or right_day is None:
            return []
        assert left_day.value is not None and right_day.value is not None
        gap = abs((left_day.value - right_day.value).days)
        if gap == 0 or gap > settings.max_gap_days or left_day.verb != right_day.verb:
            return []
        if gap == 1 and (_said_today(left_day) or _said_today(right_day)):
            return []  # syndicated copy keeps "today" while the reprint is dated a day later
        subject = f"date of '{left_day.verb}'" if left_day.verb else "date"
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


def _event_day(claim: Claim) -> DateMention | None:
    """The one day the claim gives for an event; dates of reporting ('said on Monday') aside."""
    days = {
        mention.value: mention
        for mention in claim.dates
        if mention.value is not None
        and mention.precision == DatePrecision.DAY
        and mention.verb is not None
        and mention.verb not in REPORTING_VERBS
    }
    return next(iter(days.values())) if len(days) == 1 else None


def _said_today(mention: DateMention) -> bool:
    return mention.relative and any(
        word in mention.text.lower() for word in ("today", "tonight", "this morning", "yesterday")
    )


def _side(claim: Claim, mention: DateMention) -> ClaimValue:
    assert mention.value is not None
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=mention.text,
        normalized=mention.value.isoformat(),
        span=mention.span,
    )
