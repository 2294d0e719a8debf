"""Dates in a claim, resolved against the article's publication date.

News convention: a bare weekday means the most recent such day on or before publication
("late Sunday" in a Tuesday paper is two days earlier), and a month-day without a year is in
the publication year unless that would put it well after publication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from claims.extract.lexicon import MONTHS, NUMBER_WORDS, RELATIVE_DAYS, WEEKDAYS
from models import DateMention, DatePrecision, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token as SpacyToken

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
# 'November 15,2011': captured pages often lose the space after the comma.
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:(?:,\s*|\s+){_YEAR})?", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:(?:,\s*|\s+){_YEAR})?", re.IGNORECASE)
# '10 Nov 11': a day, a month and a two-digit year.
_DAY_MONTH_SHORT_YEAR = re.compile(
    rf"\b{_DAY}\s+{_MONTH}\s+(?P<short>\d\d)\b(?!\s*:)", re.IGNORECASE
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?:\s+(?:of\s+)?{_YEAR})?\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(rf"^(?:in\s+|the\s+year\s+)?{_YEAR}$", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_NEXT = re.compile(r"\b(?:next|coming)\b", re.IGNORECASE)
_LAST = re.compile(r"\blast\b", re.IGNORECASE)
_THIS_MONTH = re.compile(r"\b(?:earlier|later)?\s*this month\b", re.IGNORECASE)
# May is a month and a verb: only trust it with a day, a year or a preposition next to it.
_AMBIGUOUS_MONTHS = frozenset(
    {"may", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)
# Nouns a date leans on without being their event: 'Saturday evening', 'Friday night'.
_TIME_NOUNS = frozenset(
    {"morning", "afternoon", "evening", "night", "weekend", "day", "week", "month", "year"}
    | {"hour", "time", "noon", "midnight", "dawn", "dusk"}
)
_FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP"})
_MONTH_PREPOSITIONS = frozenset({"in", "since", "until", "by", "through", "during"})
_AFTER_PREPOSITION = re.compile(r"^(?:in|since|until|by|through|during)\s", re.IGNORECASE)

_RECURRING = re.compile(r"\b(?:each|every)\b", re.IGNORECASE)
# Longest first: 'the day before yesterday' holds 'yesterday'.
_RELATIVE_PHRASES = sorted(RELATIVE_DAYS, key=len, reverse=True)
_DAYS_AGO = re.compile(r"\b(?P<count>\d{1,2}|[a-z]+)\s+days?\s+ago\b")

Resolved = tuple[date | None, DatePrecision, bool]


def extract_dates(
    sent: SpacySpan, published: date | None, entities: Sequence[SpacySpan] | None = None
) -> list[DateMention]:
    """`entities`: the sentence's, when the caller has them (claims/extract/spans.py)."""
    found: list[DateMention] = []
    for ent in sent.ents if entities is None else entities:
        if not _a_date(ent) or _RECURRING.search(ent.text):
            continue  # 'the second Tuesday of each month' dates no event
        if _a_decade(ent):
            continue
        resolved = resolve_date(_with_preposition(ent), published)
        if resolved is None:
            continue
        value, precision, relative = resolved
        found.append(
            DateMention(
                text=ent.text,
                span=Span(start=ent.start_char, end=ent.end_char),
                value=value,
                precision=precision,
                relative=relative,
                verb=_governing_verb(ent),
            )
        )
    return found


def _a_date(ent: SpacySpan) -> bool:
    """spaCy's dates, and its times that name a day ('Sunday night', '8:30 p.m. Thursday'):
    a clock time alone dates nothing here."""
    if ent.label_ == "DATE":
        return True
    return ent.label_ == "TIME" and bool(
        _WEEKDAY.search(ent.text) or _MONTH_DAY.search(ent.text) or _DAY_MONTH.search(ent.text)
    )


def _a_decade(ent: SpacySpan) -> bool:
    """'the 1930's' reaches spaCy as the year 1930 and a separate "'s": ten years, not one."""
    last = ent.doc[ent.end - 1]
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return (
        following is not None
        and not last.whitespace_
        and following.lower_ in {"'s", "\u2019s", "s"}
        and last.text.isdigit()
        and last.text.endswith("0")
    )


def _with_preposition(ent: SpacySpan) -> str:
    """'in May': the word before the entity tells the month from the verb 'may'."""
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return f"{before} {ent.text}" if before in _MONTH_PREPOSITIONS else ent.text


def _governing_verb(ent: SpacySpan) -> str | None:
    """The verb the date belongs to, or the event noun ('a shooting at an office party in
    Vancouver Friday' dates the shooting, not the charge the sentence is about). An event
    noun with an ordinal ("Friday's second semifinal", 'the third game') is one of a series,
    whose other events fall on other days: the date is left without an event to dispute."""
    token = ent.root
    for _ in range(4):
        if token.pos_ in {"VERB", "AUX"}:
            if _clock_suffix(token):
                return None
            return _event_happening(token) or token.lemma_.lower()
        if (
            token.pos_ == "NOUN"
            and not ent.start <= token.i < ent.end
            and token.lemma_.lower() not in _TIME_NOUNS
        ):
            if any(child.ent_type_ == "ORDINAL" for child in token.children):
                return None
            return token.lemma_.lower()
        if token.head.i == token.i:
            return _lone_finite_verb(ent) if ent.start <= token.i < ent.end else None
        token = token.head
    return None


def _event_happening(verb: SpacyToken) -> str | None:
    """The event a verb of happening stands for: 'the explosion happened on Wednesday' dates
    the explosion, as 'killed in an explosion on Thursday' does ('occurred', 'took place')."""
    lemma = verb.lemma_.lower()
    takes_place = lemma == "take" and any(
        child.dep_ == "dobj" and child.lower_ == "place" for child in verb.children
    )
    if lemma not in {"happen", "occur"} and not takes_place:
        return None
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if len(subjects) != 1 or subjects[0].pos_ != "NOUN":
        return None
    event = subjects[0].lemma_.lower()
    return None if event in _TIME_NOUNS else event


def _clock_suffix(token: SpacyToken) -> bool:
    """The 'am' of a time stamp ('December 15th, 2008,7:35 am'), which the tagger takes
    for the verb 'be'."""
    return token.lower_ == "am" and token.i > 0 and token.doc[token.i - 1].text[-1:].isdigit()


def _lone_finite_verb(ent: SpacySpan) -> str | None:
    """A date the parser made the head of its sentence ('Last Friday, 1,300 biologists
    ...-sent separate letters', the capture's dashes lost) belongs to the sentence's verb
    when there is only one finite verb to choose ('be' and its auxiliaries aside)."""
    finite = [
        token
        for token in ent.sent
        if token.pos_ == "VERB"
        and token.tag_ in _FINITE_VERB_TAGS
        and not ent.start <= token.i < ent.end
    ]
    return finite[0].lemma_.lower() if len(finite) == 1 else None


def resolve_date(text: str, published: date | None) -> Resolved | None:
    """(value, precision, needed an anchor) for a date expression; None when it is no date."""
    lowered = " ".join(text.lower().split())
    for phrase in _RELATIVE_PHRASES:
        if re.search(rf"\b{phrase}\b", lowered):
            return _days_from(published, RELATIVE_DAYS[phrase])
    if (ago := _DAYS_AGO.search(lowered)) is not None:
        count = ago.group("count")
        days = int(count) if count.isdigit() else NUMBER_WORDS.get(count, 1 if count == "a" else 0)
        if days:
            return _days_from(published, -days)  # 'two days ago'
    calendar = _calendar_date(text, published)
    if calendar is not None:
        return calendar
    weekday = _WEEKDAY.search(text)
    if weekday:
        return (
            _weekday(
                WEEKDAYS[weekday.group("weekday").lower()],
                published,
                forward=bool(_NEXT.search(text)),
                last=bool(_LAST.search(text)),
            ),
            DatePrecision.DAY,
            True,
        )
    if _THIS_MONTH.search(text):
        return (published.replace(day=1) if published else None), DatePrecision.MONTH, True
    month = _MONTH_YEAR.search(text)
    if month and (
        month.group("year")
        or month.group("month").lower() not in _AMBIGUOUS_MONTHS
        or _AFTER_PREPOSITION.match(text.strip())
    ):
        month_number = MONTHS[month.group("month").lower()]
        if month.group("year"):
            return date(int(month.group("year")), month_number, 1), DatePrecision.MONTH, False
        if published is None:
            return None, DatePrecision.MONTH, True
        year = published.year if month_number <= published.month else published.year - 1
        return date(year, month_number, 1), DatePrecision.MONTH, True
    year_only = _YEAR_ONLY.match(lowered)
    if year_only:
        return date(int(year_only.group("year")), 1, 1), DatePrecision.YEAR, False
    if _NUMERIC.search(text):
        parsed = _dateparser(text, published)
        if parsed is not None:
            return parsed, DatePrecision.DAY, False
    return None


def _days_from(published: date | None, offset: int) -> Resolved:
    return (published + timedelta(days=offset) if published else None), DatePrecision.DAY, True


def _calendar_date(text: str, published: date | None) -> Resolved | None:
    short_year = _DAY_MONTH_SHORT_YEAR.search(text)
    if short_year:
        year = int(short_year.group("short"))
        day, month = int(short_year.group("day")), MONTHS[short_year.group("month").lower()]
        return (
            _safe_date(year + (2000 if year < 50 else 1900), month, day),
            DatePrecision.DAY,
            False,
        )
    match = _ISO.search(text) or _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if match is None:
        return None
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower().rstrip(".")]
    day = int(match.group("day"))
    if match.group("year"):
        return _safe_date(int(match.group("year")), month, day), DatePrecision.DAY, False
    if published is None:
        return None, DatePrecision.DAY, True
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published + timedelta(days=31):
        candidate = _safe_date(published.year - 1, month, day)
    return candidate, DatePrecision.DAY, True


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday(weekday: int, published: date | None, *, forward: bool, last: bool) -> date | None:
    """'On Thursday' in a Thursday paper is that day; 'last Thursday' in it, a week before."""
    if published is None:
        return None
    if forward:
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    back = (published.weekday() - weekday) % 7
    return published - timedelta(days=back or (7 if last else 0))


@cache
def _dateparser(text: str, published: date | None) -> date | None:
    """Numeric formats ('09/04/2019') only: dateparser is slow, so it is the last resort."""
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime.combine(published, datetime.min.time())
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
