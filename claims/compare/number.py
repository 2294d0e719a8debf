"""Figures: the same counted thing about the same event with values that cannot all be true.

Each figure is read as an interval: '43' is 43 give or take rounding, 'at least 40' is 40 and
up, 'some 30' is about 27-33, 'as many as 80' is 72-80 (the high estimate is the figure
reported; 'up to 1,000 people' is a capacity, any figure below it), '30 to 40' is the range.
Intervals that overlap agree. Running totals (death tolls) that grow between publication
times are an update, not a conflict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from claims.compare.base import ClaimValue, Disagreement, PairwiseDetector
from claims.compare.scope import Scope, same_scope, scope_of, states_a_whole
from claims.config import NumberConfig, PipelineConfig
from claims.corpus import POSTED_ARTICLE_ID, Corpus
from claims.extract.lexicon import (
    COUNTED_BY_LEMMA,
    CUMULATIVE_COUNTS,
    MONTHS,
    OCCASION_COUNTS,
    SHOT_COUNTS,
    WEEKDAYS,
)
from claims.extract.quantities import to_si
from claims.names import same_name
from models import (
    Claim,
    DateMention,
    DatePrecision,
    Finding,
    FindingKind,
    FindingStatus,
    FindingValue,
    Hedge,
    Mention,
    MentionLabel,
    Quantity,
    Span,
    TimelinePoint,
)
from models.alignment import Alignment

SUBJECTS: dict[str, str] = {
    "distance": "distance",
    "magnitude": "magnitude",
    "age": "age",
    "killed": "killed",
    "injured": "injured",
}
EVENT_COUNTS = frozenset(COUNTED_BY_LEMMA.values()) | SHOT_COUNTS
EVENT_FIGURES = EVENT_COUNTS | {"magnitude"}
LEAD_FIGURES = EVENT_FIGURES | {"age"}
MEASURED = frozenset({"distance", "height", "weight", "speed", "magnitude", "age", "temperature"})
COUNTED_EXACTLY = EVENT_COUNTS | OCCASION_COUNTS | {"age"}
# Never compared across claims: percentages and money vary by who is counted, not by what
# happened; durations in aligned sentences measure different spans far more often than they
# dispute one (on the development set, 1 true finding against 9 false: careers, contracts,
# stays, rounds of a fight). Records and standings ('a record of 56-26 (.683)') are
# statistics of seasons, and a player's points are counted over spans that aligned sentences
# rarely share (a game, a run of play, a lead, a career: 'had five points during a 15-2 run'
# against 'Those 10 points tied McDermott'), as are games played or missed.
SPORTS_STATISTICS = frozenset({"point", "game", "rebound", "assist", "touchdown", "inning"})
# Counts of what is not a thing ('one final chance' / 'two chances to tie the score', two
# reports of one game) describe a story's moments rather than report a fact outlets can
# dispute, however alike their clauses.
ABSTRACT_COUNTS = frozenset(
    {
        "attempt",
        "chance",
        "choice",
        "difference",
        "factor",
        "idea",
        "lesson",
        "moment",
        "occasion",
        "opportunity",
        "option",
        "reason",
        "step",
        "thing",
        "thought",
        "try",
        "way",
    }
)
NOT_COMPARED = (
    frozenset({"percent", "money", "year", "time", "duration", "record"})
    | SPORTS_STATISTICS
    | ABSTRACT_COUNTS
)
HEDGE_WORDS: dict[Hedge, str] = {
    Hedge.AT_LEAST: ">=",
    Hedge.VAGUE: ">=",
    Hedge.MORE_THAN: ">",
    Hedge.AT_MOST: "<=",
    Hedge.AS_MANY_AS: "~<=",
    Hedge.LESS_THAN: "<",
    Hedge.ABOUT: "~",
}


def interval(
    quantity: Quantity, config: NumberConfig, *, converted: bool = True
) -> tuple[float, float]:
    """`converted`: the figure is set against one written in another unit."""
    value = quantity.si_value if quantity.si_value is not None else quantity.value
    scale = value / quantity.value if quantity.value else 1.0
    rounding = _written_precision(quantity) * scale / 2
    measured_alike = quantity.counted in MEASURED and not converted
    if not measured_alike and (
        quantity.counted not in COUNTED_EXACTLY or abs(value) >= config.exact_counts_below
    ):
        # Measurements are converted (60 metres, 200 feet) and large counts rounded ('600
        # were killed' against 612). Small counts and ages are whole numbers stated as
        # counted (60 years old against 61 is a dispute), and a measurement set against one
        # in the same unit is as precise as it is written: magnitude 6.1 against 5.9, 130
        # pounds against 135.
        rounding = max(rounding, abs(value) * config.relative_tolerance)
    about = abs(value) * config.about_tolerance
    match quantity.hedge:
        case Hedge.AT_LEAST | Hedge.VAGUE:
            return value - rounding, math.inf
        case Hedge.MORE_THAN:
            return value + (1e-9 if rounding == 0 else 0), math.inf
        case Hedge.AT_MOST:
            return -math.inf, value + rounding
        case Hedge.AS_MANY_AS:
            # The high estimate is the figure reported: 'as many as 80 wounded' disputes
            # 'about 50 hurt', as 'as many as 40 firefighters' agrees with '35 to 40'.
            return value - max(about, rounding), value + rounding
        case Hedge.LESS_THAN:
            return -math.inf, value
        case Hedge.ABOUT:
            return value - max(about, rounding), value + max(about, rounding)
        case Hedge.RANGE:
            high = quantity.high if quantity.high is not None else quantity.value
            return value - rounding, high * scale + rounding
        case _:
            return value - rounding, value + rounding


def _written_precision(quantity: Quantity) -> float:
    """'2.5' is precise to 0.1; '2,000' to 1 (we do not guess that it is rounded to thousands).
    A fraction in words is as precise as the fraction: 'half a mile' to half a mile, 'a mile
    and a quarter' to a quarter, not to the whole mile that would let it agree with 300
    metres."""
    digits = "".join(char for char in quantity.text if char.isdigit() or char == ".")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[-1])
    if not float(quantity.value).is_integer():  # 'half a mile', '2 and a half miles'
        return next(
            (step for step in (0.5, 0.25) if float(quantity.value / step).is_integer()), 0.1
        )
    return 1.0


def compatible_units(left: Quantity, right: Quantity) -> bool:
    if left.si_value is not None and right.si_value is not None:
        return True
    return left.unit == right.unit


def normalized(quantity: Quantity) -> str:
    prefix = HEDGE_WORDS.get(quantity.hedge, "")
    if quantity.hedge == Hedge.RANGE and quantity.high is not None:
        figure = f"{_fmt(quantity.value)}-{_fmt(quantity.high)}"
    else:
        figure = _fmt(quantity.value)
    unit = f" {quantity.unit}" if quantity.unit else ""
    return f"{prefix}{figure}{unit} {quantity.counted}".strip()


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class NumberDetector(PairwiseDetector):
    kind: ClassVar[FindingKind] = FindingKind.NUMBER

    def __init__(self) -> None:
        # Each figure's scope, read once per comparison: a claim reprinted by many outlets
        # meets each copy, and reading a scope is the costliest step of a pair.
        self._scopes: dict[tuple[int, int, int], Scope] = {}

    def _same_scope(
        self, left: Claim, right: Claim, left_counts: list[Quantity], right_counts: list[Quantity]
    ) -> tuple[list[Quantity], list[Quantity]]:
        """The counts of each claim that count over the same scope (see `scope`): not a
        district's toll against the province's, nor an addition against a total."""
        left_scopes = [self._scope_of(left, a) for a in left_counts]
        right_scopes = [self._scope_of(right, b) for b in right_counts]
        return _matched(
            (a, b)
            for a, scope_a in zip(left_counts, left_scopes, strict=True)
            for b, scope_b in zip(right_counts, right_scopes, strict=True)
            if same_scope(scope_a, scope_b)
        )

    def _scope_of(self, claim: Claim, quantity: Quantity) -> Scope:
        key = (
            claim.id if claim.id is not None else id(claim),
            quantity.span.start,
            quantity.span.end,
        )
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._scopes[key] = scope_of(claim, quantity)
        return scope

    def compare_aligned(
        self, alignment: Alignment, corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        left, right = corpus.claims[alignment.left], corpus.claims[alignment.right]
        return self.compare(
            left,
            right,
            alignment.similarity,
            corpus,
            config,
            clauses=alignment.clauses,
            clauses_only=not alignment.sentences_aligned,
        )

    def compare(
        self,
        left: Claim,
        right: Claim,
        similarity: float,
        corpus: Corpus,
        config: PipelineConfig,
        *,
        clauses: frozenset[str] = frozenset(),
        clauses_only: bool = False,
    ) -> list[Disagreement]:
        """`clauses`: what is counted in figures whose clauses matched (`align_by_clause`);
        those are compared in sentences less alike, and counts of things need no shared day.
        `clauses_only`: the sentences did not align, so nothing else is compared."""
        settings = config.detectors.number
        if similarity < settings.min_similarity and not clauses:
            return []
        found = []
        for counted in _shared_counts(left, right):
            by_clause = counted in clauses
            if not by_clause and (clauses_only or similarity < settings.min_similarity):
                continue
            if _different_years(left, right, counted):
                continue
            left_figures = _figures(left, counted)
            right_figures = _figures(right, counted)
            if counted == "magnitude":
                left_figures = _this_quakes(left, left_figures, corpus, settings)
                right_figures = _this_quakes(right, right_figures, corpus, settings)
            elif counted in CUMULATIVE_COUNTS:
                left_figures, right_figures = (
                    _this_events(left, left_figures, right, right_figures, corpus, settings),
                    _this_events(right, right_figures, left, left_figures, corpus, settings),
                )
            if counted == "distance":
                left_figures, right_figures = _same_reach(left, right, left_figures, right_figures)
            elif counted not in MEASURED:
                left_figures, right_figures = self._same_scope(
                    left, right, left_figures, right_figures
                )
            if not left_figures or not right_figures:
                continue
            if (
                counted not in EVENT_COUNTS | MEASURED | OCCASION_COUNTS
                and not by_clause
                and not _things_comparable(left, right, similarity, corpus, settings)
            ):
                continue
            if _any_agree(left_figures, right_figures, settings):
                continue
            if _stated_by_the_other(left, right, counted, corpus, settings):
                continue
            if counted == "age" and not _share_person(left, right):
                continue
            if counted in OCCASION_COUNTS and not _one_life(left_figures, right_figures):
                continue
            a, b = left_figures[0], right_figures[0]
            if not compatible_units(a, b):
                continue
            found.append(
                Disagreement(
                    subject=SUBJECTS.get(counted, counted),
                    left=_side(left, a),
                    right=_side(right, b),
                    confidence=min(0.95, 0.55 + 0.4 * similarity),
                )
            )
        if found and _undated_different_events(left, right, corpus, settings):
            return []
        return found

    def status(self, values: Sequence[ClaimValue], corpus: Corpus) -> FindingStatus:
        """A running total that only grows with publication time is an update."""
        claims = [corpus.claims[value.claim_id] for value in values]
        if not all(any(q.cumulative for q in claim.quantities) for claim in claims):
            return FindingStatus.CONFLICT
        dated = sorted(
            (
                (corpus.published_of(claim), value)
                for claim, value in zip(claims, values, strict=True)
            ),
            key=lambda pair: (pair[0] is None, pair[0]),
        )
        times = [moment for moment, _ in dated]
        if any(moment is None for moment in times) or len({t.date() for t in times if t}) < 2:
            return FindingStatus.CONFLICT
        figures = [value.number or 0.0 for _, value in dated]
        same_day_disagree = any(
            a[0] is not None
            and b[0] is not None
            and a[0].date() == b[0].date()
            and a[1].number != b[1].number
            for a in dated
            for b in dated
        )
        if same_day_disagree or figures != sorted(figures):
            return FindingStatus.CONFLICT
        return FindingStatus.UPDATE

    def finish(self, finding: Finding) -> Finding:
        """Updates carry their timeline: values by outlet over publication time."""
        if finding.status != FindingStatus.UPDATE:
            return finding
        timeline = sorted(
            {
                TimelinePoint(
                    published=claim.published,
                    outlet=claim.outlet or claim.article_id,
                    value=value.value,
                    normalized=_number_of(value),
                )
                for value in finding.values
                for claim in value.claims
                if claim.published is not None
            },
            key=lambda point: (point.published, point.outlet),
        )
        explanation = (
            f"The {finding.subject} figure grew over time: "
            + ", then ".join(f"{p.value} ({p.outlet}, {p.published:%d %b})" for p in timeline)
            + "."
        )
        return finding.model_copy(update={"timeline": timeline, "explanation": explanation})

    def explain(self, finding_values: Sequence[FindingValue], subject: str) -> str:
        sides = "; ".join(f"{', '.join(v.outlets)}: {v.value}" for v in finding_values)
        return f"Outlets give different figures for {subject}: {sides}."


def _different_years(left: Claim, right: Claim, counted: str) -> bool:
    """Figures dated to different years are of different events: the 2004 tsunami's toll
    against the 2002 Manokwari quake's, both recalled as background."""
    left_years = _years(left, counted)
    right_years = _years(right, counted)
    return bool(left_years and right_years) and not left_years & right_years


def _years(claim: Claim, counted: str) -> set[int]:
    """The years of the dates on the counting verb ('killed 168,000 people ... in 2004'), or
    of all the claim's dates when none is on it."""
    verbs = {lemma for lemma, name in COUNTED_BY_LEMMA.items() if name == counted}
    dated = [d for d in claim.dates if d.value is not None]
    on_verb = [d for d in dated if d.verb in verbs]
    return {d.value.year for d in on_verb or dated if d.value is not None}


def _number_of(value: FindingValue) -> float | None:
    try:
        return float(value.normalized.lstrip("<>=~").split()[0].split("-")[0])
    except ValueError:
        return None


def _shared_counts(left: Claim, right: Claim) -> list[str]:
    counted_left = {q.counted for q in left.quantities if compared_figure(q)}
    counted_right = {q.counted for q in right.quantities if compared_figure(q)}
    return sorted(c for c in counted_left & counted_right if c is not None)


def compared_figure(quantity: Quantity) -> bool:
    """Counts of what happened to people, measurements, magnitudes, ages, and counts of
    things ('seven rifles', '20,000 people marched'). Aligned sentences list different items
    under the same noun more often than casualties, so `compare` asks more of things.
    Vague figures ('hundreds of', 'several dozen') dispute nothing.
    """
    if quantity.counted is None or not _stated(quantity) or quantity.counted in NOT_COMPARED:
        return False
    return quantity.hedge != Hedge.VAGUE


def _things_comparable(
    left: Claim, right: Claim, similarity: float, corpus: Corpus, config: NumberConfig
) -> bool:
    """Counts of things ('seven rifles', '923 rounds') are compared only in close sentences
    pinned to the same day. Without a day, aligned sentences about things are mostly
    statistics of different spans ('33 homers' last season, 'at least 30' a season)."""
    if similarity < config.min_similarity_for_things:
        return False
    days_left = [d.value for d in corpus.event_dates(left) if _a_day(d)]
    days_right = [d.value for d in corpus.event_dates(right) if _a_day(d)]
    return any(abs((a - b).days) <= 1 for a in days_left for b in days_right if a is not None and b)


def _a_day(mention: DateMention) -> bool:
    return mention.value is not None and mention.precision == DatePrecision.DAY


def _stated(quantity: Quantity) -> bool:
    """A figure given: stated zeros ('no one was hurt') are for the statement detector;
    temperatures go below zero."""
    return quantity.value > 0 or (quantity.counted == "temperature" and quantity.value != 0)


def _figures(claim: Claim, counted: str) -> list[Quantity]:
    return [q for q in claim.quantities if q.counted == counted and compared_figure(q)]


def _any_agree(left: list[Quantity], right: list[Quantity], config: NumberConfig) -> bool:
    return any(
        _agree(a, b, config) or _agree(_as_nautical(a, b), _as_nautical(b, a), config)
        for a in left
        for b in right
        if compatible_units(a, b)
    )


def _agree(a: Quantity, b: Quantity, config: NumberConfig) -> bool:
    converted = a.unit != b.unit
    low_a, high_a = interval(a, config, converted=converted)
    low_b, high_b = interval(b, config, converted=converted)
    return low_a < high_b and low_b < high_a  # 60 (59.5-60.5) and 61 touch, not overlap


def _as_nautical(quantity: Quantity, other: Quantity) -> Quantity:
    """Miles set against nautical miles, read as nautical miles written short: ECB+ 12_17ecb
    puts the warship '13 miles' from the ship that 12_1ecb puts '13 nautical miles' away.
    Any other figure is returned as it is."""
    if quantity.unit != "mile" or other.unit != "nautical mile":
        return quantity
    return quantity.model_copy(
        update={"unit": other.unit, "si_value": to_si(quantity.value, "nautical_mile")}
    )


def _stated_by_the_other(
    left: Claim, right: Claim, counted: str, corpus: Corpus, config: NumberConfig
) -> bool:
    """A measurement one article gives and the other article also states is not in dispute
    between them: the other figure there is about something else. ECB+ 20_5ecb gives Sunday's
    quake as 5.6 and Monday's as 5.2; against an outlet's 5.6 for Sunday's it disputes
    nothing. Running totals are left out: an article that has the toll rising from three
    to ten still shows the update against the outlet that said three."""
    figures = _figures(left, counted) + _figures(right, counted)
    if any(figure.cumulative for figure in figures):
        return False
    return any(
        _any_agree(_whole_figures(mine, counted), _article_figures(theirs, counted, corpus), config)
        for mine, theirs in ((left, right), (right, left))
    )


def _undated_different_events(
    left: Claim, right: Claim, corpus: Corpus, config: NumberConfig
) -> bool:
    """Two articles, one without a date, report two events, not one event twice, unless their
    leads agree on some event figure they both give.

    Publication dates tell a quake of 2005 from one of 2008 on the same island; without a date
    only the figures can, and only the lead's: later sentences recall earlier events. Against a
    dated article, an undated one must show that it is about the same event: ECB+ 20_1ecb
    (undated; magnitude 5.6, five injured) and 20_8ecbplus (2005; ten killed, 80 injured) are
    two quakes, and on the held-out topics undated articles on a topic's older event (a 4.4
    quake, a 2009 laptop) set against dated ones on its newer event (a 4.6, a 2012 laptop) made
    seven of ten false number findings. Two undated articles are two events only when their
    leads share figures and agree on none: 20_2ecb and 20_3ecb, two outlets on one quake, agree
    on its magnitude (5.6) and so still dispute five injured against two. A posted claim has no
    lead and no background to tell apart, and is never judged this way; a posted draft longer
    than a lead is, as an article is (ECB+ 20_11ecbplus posted whole, the 2005 Qeshm quake's
    'at least 50 injured', against 20_5ecb's three injured by the 2008 one)."""
    dated = [corpus.published_of(claim) is not None for claim in (left, right)]
    lead = config.event_lead_claims
    if all(dated) or any(_a_posted_claim(claim, corpus, lead) for claim in (left, right)):
        return False
    mine = _lead_figures(left.article_id or "", corpus, lead)
    theirs = _lead_figures(right.article_id or "", corpus, lead)
    shared = mine.keys() & theirs.keys()
    agree = any(_any_agree(mine[counted], theirs[counted], config) for counted in shared)
    if any(dated):
        return not (agree or _agree_on_a_figure(left, right, config))
    if any(len(corpus.claims_of(claim.article_id or "")) <= lead for claim in (left, right)):
        return False  # two undated texts no longer than a lead: nothing tells them apart
    # Leads that disagree on a toll or magnitude part two events; on an age, maybe only
    # two people of one event (the victim's and the suspect's).
    return bool(shared & EVENT_FIGURES) and not agree


def _a_posted_claim(claim: Claim, corpus: Corpus, lead: int) -> bool:
    """Posted, and no longer than a lead: a claim to check rather than a draft."""
    return (
        claim.article_id == POSTED_ARTICLE_ID and len(corpus.claims_of(POSTED_ARTICLE_ID)) <= lead
    )


def _this_quakes(
    claim: Claim, magnitudes: list[Quantity], corpus: Corpus, config: NumberConfig
) -> list[Quantity]:
    """The magnitudes of the quake the article reports: its first magnitude and any that
    agree with it. A later, different one is another quake's, recalled ('A 6.4-magnitude
    quake hit the town of Zarand in February', in ECB+ 20_1ecbplus on November's 6.1)."""
    article_magnitudes = _article_figures(claim, "magnitude", corpus)
    if not article_magnitudes:
        return magnitudes
    first = article_magnitudes[0]
    return [m for m in magnitudes if m == first or _any_agree([m], [first], config)]


def _this_events(
    claim: Claim,
    tolls: list[Quantity],
    other: Claim,
    others_tolls: list[Quantity],
    corpus: Corpus,
    config: NumberConfig,
) -> list[Quantity]:
    """The tolls of the event the article leads with, as `_this_quakes` keeps its quake's
    magnitudes: past the lead, a toll that agrees with none of the lead's is another event's
    or an earlier report's. Held-out ECB+ 41_8ecb leads with more than 40 killed at a UN
    school and later tells of a tank firing on a building used by Israeli troops, 'killing
    four': that four disputes no other outlet's 40. An article that updates its toll leads
    with the new one, which is still set against the outlets that gave the old.

    A posted text has no lead, and may be about the later scene: against it the later toll is
    set aside only when the posted toll agrees with the lead's (the draft reports the lead's
    event), so 'six soldiers were killed by the tank' still disputes the four."""
    if claim.article_id == POSTED_ARTICLE_ID or not tolls:
        return tolls
    lead = corpus.claims_of(claim.article_id or "")[: config.event_lead_claims]
    if any(claim.id == lead_claim.id for lead_claim in lead):
        return tolls
    counted = tolls[0].counted or ""
    lead_tolls = [toll for lead_claim in lead for toll in _whole_figures(lead_claim, counted)]
    if not lead_tolls:
        return tolls
    if other.article_id == POSTED_ARTICLE_ID and not _any_agree(others_tolls, lead_tolls, config):
        return tolls
    return [toll for toll in tolls if _any_agree([toll], lead_tolls, config)]


def _agree_on_a_figure(left: Claim, right: Claim, config: NumberConfig) -> bool:
    """Two claims that agree on one figure describe one thing: 'He is 5-feet-8 inches tall,
    weighing 130 pounds' and 'Orozco is 5-foot-8, 135 pounds' (ECB+ 16_4ecbplus, undated,
    and 16_5ecbplus) are one description of one man."""
    return any(
        _any_agree(_figures(left, counted), _figures(right, counted), config)
        for counted in _shared_counts(left, right)
    )


def _lead_figures(article_id: str, corpus: Corpus, claims: int) -> dict[str, list[Quantity]]:
    """Tolls, magnitudes and ages ('shot and killed a 16-year-old') in the article's first
    claims; not distances, which repeat for every event in one place."""
    figures: dict[str, list[Quantity]] = {}
    for claim in corpus.claims_of(article_id)[:claims]:
        for quantity in claim.quantities:
            if quantity.counted in LEAD_FIGURES and compared_figure(quantity):
                figures.setdefault(quantity.counted, []).append(quantity)
    return figures


def _article_figures(claim: Claim, counted: str, corpus: Corpus) -> list[Quantity]:
    siblings = corpus.claims_of(claim.article_id or "") or [claim]
    return [figure for sibling in siblings for figure in _whole_figures(sibling, counted)]


def _whole_figures(claim: Claim, counted: str) -> list[Quantity]:
    """Parts of figures and additions to them left out: 'of which four exploded' does not say
    that four were dropped, nor 'the other two' that two were."""
    return [figure for figure in _figures(claim, counted) if states_a_whole(claim, figure)]


def _share_person(left: Claim, right: Claim) -> bool:
    """Ages are compared only when each claim's age sits next to a person, the same one: in
    'Staunton police have arrested Sharron Diane Crawford Smith, age 61' the age is Smith's
    even though spaCy takes Staunton for a person too."""
    left_person = _aged_person(left)
    right_person = _aged_person(right)
    return (
        left_person is not None
        and right_person is not None
        and same_name(left_person, right_person)
    )


_NAME_RUN = re.compile(r"[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)*")
_NOT_NAMES = frozenset(
    {"a", "an", "the", "he", "she", "his", "her", "they", "their", "it", "in", "on", "after"}
    | MONTHS.keys()
    | WEEKDAYS.keys()
)


def _one_life(left: list[Quantity], right: list[Quantity]) -> bool:
    """Marriages are counted over one person's life: compared only when both clauses name
    that person ('Page married twice' / 'Page was married three times'), as 'she was married
    three times' could be any woman of the story, and spaCy does not always take a lone
    surname for a person."""
    return any(same_name(a, b) for a in _clause_names(left) for b in _clause_names(right))


def _clause_names(figures: list[Quantity]) -> set[str]:
    names = set()
    for figure in figures:
        for run in _NAME_RUN.findall(figure.clause or ""):
            words = run.split()
            while words and words[0].lower() in _NOT_NAMES:
                words.pop(0)  # 'The Diamond Bar resident', 'She', 'In February'
            if words:
                names.add(" ".join(words))
    return names


def _same_reach(
    left: Claim, right: Claim, left_distances: list[Quantity], right_distances: list[Quantity]
) -> tuple[list[Quantity], list[Quantity]]:
    """The distances of each claim that measure the same reach: from the same point ('23
    miles north of Santa Rosa' / 'about 20 miles north of Santa Rosa', '800 metres below the
    surface') or, with no point given, along the same verb ('fell 60 metres' / 'fell 200
    feet'). Distances from different points (of The Geysers, of Cobb) or along different
    verbs ('passes for 329 yards', 'caught 3 passes for 37 yards') are different measurements.
    """
    same_verb = bool(left.predicate) and left.predicate == right.predicate
    left_points = [_reference_point(left, a) for a in left_distances]
    right_points = [_reference_point(right, b) for b in right_distances]
    return _matched(
        (a, b)
        for a, point_a in zip(left_distances, left_points, strict=True)
        for b, point_b in zip(right_distances, right_points, strict=True)
        if _reach_matches(point_a, point_b, a, b, same_verb)
    )


def _matched(
    pairs: Iterable[tuple[Quantity, Quantity]],
) -> tuple[list[Quantity], list[Quantity]]:
    """Each side's figures that take part in some matching pair, in order, once each."""
    kept = list(pairs)
    return _unique(a for a, _ in kept), _unique(b for _, b in kept)


def _reach_matches(
    point_a: str | None, point_b: str | None, a: Quantity, b: Quantity, same_verb: bool
) -> bool:
    if point_a is not None or point_b is not None:
        return point_a == point_b
    return same_verb and not (_in_yards(a) or _in_yards(b))


def _unique(quantities: Iterable[Quantity]) -> list[Quantity]:
    found: list[Quantity] = []
    for quantity in quantities:
        if quantity not in found:
            found.append(quantity)
    return found


def _in_yards(quantity: Quantity) -> bool:
    """Yards from no point are football statistics ('404 yards rushing', 'had 793 yards'):
    one player's season against another's, not one event's measurement."""
    return quantity.unit == "yard"


_DIRECTION = r"(?:(?:north|south|east|west)[\w-]*\s+|away\s+)?"
_REFERENCE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?" + _DIRECTION + r"(?:of|from|below|above|beneath|under|off)\s+"
    r"(?:(?i:the|a|an)\s+)?([A-Za-z][\w'’.-]*)"
)


def _reference_point(claim: Claim, quantity: Quantity) -> str | None:
    """The point a distance is measured from: the first word after 'of', 'from', 'below'."""
    after = claim.text[quantity.span.end - claim.span.start :][:120]
    found = _REFERENCE.match(after)
    return found.group(1).lower().rstrip(".") if found else None


def _aged_person(claim: Claim) -> str | None:
    """The person named closest to the claim's one age figure; None when the closest name
    is not a person's ('the 32-year-old Klitschko', which spaCy calls a group)."""
    ages = [q for q in claim.quantities if q.counted == "age"]
    if len(ages) != 1 or not claim.mentions:
        return None
    age = ages[0].span

    def distance(mention: Mention) -> int:
        return max(mention.span.start - age.end, age.start - mention.span.end, 0)

    if _age_of_someone_unnamed(claim, age):
        return None
    closest = min(claim.mentions, key=distance)
    return closest.text if closest.label == MentionLabel.PERSON else None


_PERSON_NOUN_AFTER = re.compile(
    r"^[\s-]*(?:old\s+)?(?:girl|boy|man|woman|son|daughter|child|baby|brother|sister|mother|"
    r"father|wife|husband|victim|teenager|student|friend|niece|nephew)\b(?!\s*,?\s*[A-Z])"
)
_PRONOUN_BEFORE = re.compile(r"\b(?:he|she|they|i|we)\s+(?:was|were|is|are)\s+$", re.IGNORECASE)


def _age_of_someone_unnamed(claim: Claim, age: Span) -> bool:
    """'the 11-year old girl', 'when he was 5 years old': the age is not the nearest
    name's, and no name says whose it is."""
    offset = claim.span.start
    after = claim.text[age.end - offset :][:40]
    before = claim.text[: age.start - offset][-20:]
    return bool(_PERSON_NOUN_AFTER.match(after) or _PRONOUN_BEFORE.search(before))


def _side(claim: Claim, quantity: Quantity) -> ClaimValue:
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=quantity.text,
        normalized=normalized(quantity),
        span=quantity.span,
        number=quantity.si_value if quantity.si_value is not None else quantity.value,
    )
