"""Dates: the same event dated differently, after each date is resolved against its article.

'On Sunday' in a Tuesday paper and 'April 7' in another are the same day and never a finding.
Only dates that belong to the same event verb are compared ('collapsed late Sunday' against
'collapsed on Saturday'), never the day somebody spoke ('said on Monday'). A claim with several
dates gives the one of the event the other claim dates ('On November 19, INS Tabar sunk a
trawler ... since its deployment on November 2' against 'on November 18, it had sunk Thai
trawler'); when that is still more than one date, the claim is too ambiguous to dispute.

Dates are compared by what they state: year, month, day, weekday. 'Approved in 2009' and
'approved in 2010' disagree; 'in December 2008' and 'on December 9, 2008' do not. A date that
cannot be resolved (an undated article's 'November 18') is compared only when it names a
calendar day: an unanchored weekday or month could be any week or year, and on the
development set such pairs were other events of the same kind (two firings of one coach).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from claims.compare.base import ClaimValue, Disagreement, PairwiseDetector
from claims.config import PipelineConfig
from claims.corpus import Corpus
from claims.extract.lexicon import MONTHS, WEEKDAYS
from claims.segment import REPORTING_VERBS, quote_open_after
from models import Claim, DateMention, DatePrecision, FindingKind, FindingValue

_WORDS = re.compile(r"[a-z]+|\d+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
Facets = dict[str, int]
_LATE = re.compile(r"\b(?:late|night|overnight|midnight)\b")
_EARLY = re.compile(r"\b(?:early|overnight|midnight|dawn|small hours)\b")
_CLAUSE_END = re.compile(r"[,.;:()]")


class DateDetector(PairwiseDetector):
    kind: ClassVar[FindingKind] = FindingKind.DATE

    def compare(
        self, left: Claim, right: Claim, similarity: float, corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        settings = config.detectors.date
        if similarity < settings.min_similarity:
            return []
        dated = _one_event_dated(_event_dates(left), _event_dates(right))
        if dated is None:
            return []
        left_date, right_date = dated
        if not (_stated_day(left_date) or left_date.value) or not (
            _stated_day(right_date) or right_date.value
        ):
            return []
        if _written_alike(left_date, right_date):
            return []  # 'Saturday' in both: days a week apart come from when each was published
        if _a_day(left_date) and _a_day(right_date):
            assert left_date.value is not None and right_date.value is not None
            gap = abs((left_date.value - right_date.value).days)
            if gap > settings.max_gap_days:
                return []  # a week apart and more: another event with the same verb
            if gap == 1 and (_said_today(left_date) or _said_today(right_date)):
                return []  # syndicated copy keeps "today" while the reprint is dated a day later
            if gap == 1 and _around_midnight(left, left_date, right, right_date):
                return []
        if not _disagree(facets(left_date), facets(right_date)):
            return []
        subject = f"date of '{left_date.verb}'" if left_date.verb else "date"
        return [
            Disagreement(
                subject=subject,
                left=_side(left, left_date),
                right=_side(right, right_date),
                confidence=_confidence(left_date, right_date, similarity),
            )
        ]

    def explain(self, finding_values: Sequence[FindingValue], subject: str) -> str:
        sides = "; ".join(
            f"{', '.join(v.outlets)}: {v.value!r} ({v.normalized})" for v in finding_values
        )
        return f"Outlets date the same event differently: {sides}."


def facets(mention: DateMention) -> Facets:
    """What a date states: year, month, day, weekday; a resolved date states what its
    precision allows, an unresolved one what its words say."""
    if mention.value is not None:
        stated: Facets = {"year": mention.value.year}
        if mention.precision in {DatePrecision.MONTH, DatePrecision.DAY}:
            stated["month"] = mention.value.month
        if mention.precision == DatePrecision.DAY:
            stated["day"] = mention.value.day
            stated["weekday"] = mention.value.weekday()
        return stated
    return _written_facets(mention)


def _written_facets(mention: DateMention) -> Facets:
    words = _WORDS.findall(mention.text.lower())
    stated: Facets = {}
    for position, word in enumerate(words):
        if word in WEEKDAYS:
            stated["weekday"] = WEEKDAYS[word]
        elif word in MONTHS and "month" not in stated:
            stated["month"] = MONTHS[word]
            for neighbour in words[max(0, position - 1) : position + 2]:
                if neighbour.isdigit() and 1 <= int(neighbour) <= 31:
                    stated["day"] = int(neighbour)
    year = _YEAR.search(mention.text)
    if year:
        stated["year"] = int(year.group())
    return stated


def _written_alike(left: DateMention, right: DateMention) -> bool:
    """Two weekdays each resolved from the same words against its own article ('on Saturday'
    in a paper of Wednesday and in one of the Tuesday after): the outlets said the same day,
    and which week it fell in is the resolver's guess. Not 'yesterday' in papers of two
    days, which do name two days."""
    written = _written_facets(left)
    return (
        left.relative
        and right.relative
        and "weekday" in written
        and written == _written_facets(right)
    )


def _a_day(mention: DateMention) -> bool:
    return mention.value is not None and mention.precision == DatePrecision.DAY


def _stated_day(mention: DateMention) -> bool:
    """An unresolved date that still names a calendar day: 'November 18'."""
    return mention.value is None and {"month", "day"} <= facets(mention).keys()


def _disagree(left: Facets, right: Facets) -> bool:
    shared = left.keys() & right.keys()
    return any(left[facet] != right[facet] for facet in shared)


def _event_dates(claim: Claim) -> dict[str, list[DateMention]]:
    """The dates the claim gives for events, by event verb, each stated once; dates of
    reporting ('said on Monday') and relative spans ('this month') aside."""
    by_verb: dict[str, dict[tuple[object, ...], DateMention]] = {}
    for mention in claim.dates:
        if mention.verb is None or mention.verb in REPORTING_VERBS:
            continue
        if mention.relative and _inside_quotes(claim, mention):
            continue
        stated = facets(mention)
        if stated:
            by_verb.setdefault(mention.verb, {})[tuple(sorted(stated.items()))] = mention
    return {verb: list(dates.values()) for verb, dates in by_verb.items()}


def _inside_quotes(claim: Claim, mention: DateMention) -> bool:
    """Quoted words keep the day they were said on, which the article need not give: three
    reports of one chant ("how many kids will you kill today"), printed on three days, do not
    date three killings."""
    return quote_open_after(claim.text[: max(0, mention.span.start - claim.span.start)])


def _one_event_dated(
    left: dict[str, list[DateMention]], right: dict[str, list[DateMention]]
) -> tuple[DateMention, DateMention] | None:
    """The one event both claims date, with each claim's one date for it."""
    shared = left.keys() & right.keys()
    if len(shared) != 1:
        return None
    (verb,) = shared
    if len(left[verb]) != 1 or len(right[verb]) != 1:
        return None
    return left[verb][0], right[verb][0]


def _confidence(left: DateMention, right: DateMention, similarity: float) -> float:
    """Two resolved days are surest; a weekday or month read from words alone less so."""
    resolved = left.value is not None and right.value is not None
    return round(min(0.95, (0.5 if resolved else 0.4) + 0.45 * similarity), 3)


def _around_midnight(
    left: Claim, left_date: DateMention, right: Claim, right_date: DateMention
) -> bool:
    """'Checked in late Thursday' and 'early Friday morning, around 1:30 a.m.' (ECB+ 1_11ecbplus,
    1_17ecbplus) give one night two names: the earlier day said late, the next one early."""
    assert left_date.value is not None and right_date.value is not None
    earlier, later = (left, left_date), (right, right_date)
    if right_date.value < left_date.value:
        earlier, later = later, earlier
    return bool(_LATE.search(_time_of_day(*earlier)) and _EARLY.search(_time_of_day(*later)))


def _time_of_day(claim: Claim, mention: DateMention) -> str:
    """The date's words with the few around it in its clause: 'Thursday' of 'on Thursday
    night,', 'Monday' of 'in the early hours of Monday'."""
    start, end = mention.span.start - claim.span.start, mention.span.end - claim.span.start
    before = _CLAUSE_END.split(claim.text[:start])[-1].split()[-4:]
    after = _CLAUSE_END.split(claim.text[end:], maxsplit=1)[0].split()[:2]
    return " ".join([*before, mention.text, *after]).lower()


def _said_today(mention: DateMention) -> bool:
    return mention.relative and any(
        word in mention.text.lower() for word in ("today", "tonight", "this morning", "yesterday")
    )


def _side(claim: Claim, mention: DateMention) -> ClaimValue:
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=mention.text,
        normalized=_normalized(mention),
        span=mention.span,
    )


def _normalized(mention: DateMention) -> str:
    """ISO for resolved dates ('2019-04-07', '2019-04', '2019'); the facets otherwise."""
    if mention.value is not None:
        return _iso(mention.value, mention.precision)
    stated = facets(mention)
    names = {number: name for name, number in WEEKDAYS.items()}
    parts = []
    if "weekday" in stated:
        parts.append(names[stated["weekday"]].capitalize())
    if "month" in stated:
        month = date(2000, stated["month"], 1).strftime("%B")
        parts.append(f"{month} {stated['day']}" if "day" in stated else month)
    if "year" in stated:
        parts.append(str(stated["year"]))
    return " ".join(parts) + " (unanchored)"


def _iso(value: date, precision: DatePrecision) -> str:
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return f"{value.year}-{value.month:02d}"
    return value.isoformat()
