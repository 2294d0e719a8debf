"""Figures in a claim: value, unit, hedge and what is counted ("eleven people were killed")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from claims.extract.counted import (
    counted_by_context,
    counted_word,
    counts_things,
    figure_clause,
    occasions_of,
    stands_for_a_noun,
)
from claims.extract.lexicon import (
    CUMULATIVE_COUNTS,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DURATION_WORDS,
    HEDGES_AFTER,
    HEDGES_BEFORE,
    MAGNITUDE_WORDS,
    MONTHS,
    MULTIPLICATIVES,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
    SCALE_WORDS,
    UNITS,
    VAGUE_MULTIPLIERS,
    VAGUE_PLURALS,
    VAGUE_UNITS,
    WEEKDAYS,
)
from claims.extract.spans import source_text
from models import Hedge, Quantity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
# Two figures run together by a lost space, as captured: 'injuring 40,15 of them'.
_FUSED_FIGURES = re.compile(r"^(\d+),\d{1,2}$|^(\d+),\d{4,}$")
# A height as spaCy splits it: '5', '-', 'foot-8' (and 'foot-8,135' when the weight that
# follows lost its space: '5-foot-8,135 pounds').
_HEIGHT_TAIL = re.compile(r"^(?:foot|feet|ft)-(\d{1,2})(?:,(\d{2,3}))?$", re.IGNORECASE)
_FEET = frozenset({"foot", "feet", "ft"})
_INCH_WORDS = frozenset({"inch", "inches"})
_INCHES = _INCH_WORDS | {"in", '"', "''"}  # after a figure: '5 ft 8 in'

# spaCy keeps "magnitude-5.2" as one token.
_FUSED_MAGNITUDE = re.compile(r"^(?:magnitude|richter)-(\d+(?:\.\d+)?)$", re.IGNORECASE)
_ZERO_SUBJECTS = frozenset({"nobody", "none", "noone", "no-one"})
_ZERO_NOUNS = frozenset({"death", "casualty", "injury", "fatality", "arrest"})
_QUAKE_WORDS = frozenset({"earthquake", "quake", "tremor", "aftershock", "temblor"})
_TEMPERATURE_WORDS = frozenset({"temperature"})
_VAGUE_FIRST_WORDS = frozenset(words[0] for words in VAGUE_MULTIPLIERS)
_AND_A_HALF = ("and", "a", "half")
# Short scales as British and wire copy write them: '£3m', '$1.2bn', '2.5m people', '20k'.
_SHORT_SCALES = {"k": 1_000.0, "m": 1_000_000.0, "mn": 1_000_000.0, "bn": 1_000_000_000.0}
_FUSED_SHORT_SCALE = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn)$", re.IGNORECASE)
_CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "hrs", "gmt", "utc", "ist"})


@dataclass(frozen=True)
class _Number:
    start: int  # token index of the first token of the figure
    end: int  # token index after the last token
    value: float
    vague: bool = False  # "dozens", "hundreds"
    chars: int | None = None  # the figure is the first `chars` characters of its only token
    offset: int = 0  # the figure starts this many characters into its first token
    half_after_unit: bool = False  # 'a mile and a half': the fraction follows the unit


def extract_quantities(sent: SpacySpan) -> list[Quantity]:
    doc = sent.doc
    found: list[Quantity] = []
    thing: str | None = None  # what the last count of things counted; a bare figure counts it too
    index = sent.start
    while index < sent.end:
        number = _read_number(doc, index, sent.end)
        if number is None:
            index += 1
            continue
        if (height := _height_at(sent, number)) is not None:
            found.append(height.quantity)
            if height.run_in is None:
                index = height.end
                continue
            number = height.run_in  # the weight that lost its space: '5-foot-8,135 pounds'
        quantity, consumed_to = _quantity_at(sent, number, thing)
        if quantity is None and (run_in := _count_run_into_a_record(sent, number)) is not None:
            quantity, consumed_to = _quantity_at(sent, run_in, thing)
        if quantity is not None:
            found.append(quantity)
            if counts_things(quantity.counted, quantity.unit):
                thing = quantity.counted
        index = max(consumed_to, number.end)
    found.extend(_zero_counts(sent))
    return found


# --- reading figures ------------------------------------------------------------------------


def _read_number(doc: Doc, start: int, limit: int) -> _Number | None:
    token = doc[start]
    lower = token.lower_
    if lower in VAGUE_PLURALS and start + 1 < limit and doc[start + 1].lower_ == "of":
        return _vague_plural(doc, start, limit)
    if (multiple := _vague_multiple(doc, start, limit)) is not None:
        return multiple
    if fused := _FUSED_MAGNITUDE.match(token.text):
        return _Number(start, start + 1, float(fused.group(1)))
    if fused_figures := _FUSED_FIGURES.match(token.text):
        first = fused_figures.group(1) or fused_figures.group(2)
        return _Number(start, start + 1, float(first), chars=len(first))
    if (fused_scale := _FUSED_SHORT_SCALE.match(token.text)) is not None:
        figure, word = fused_scale.group(1), fused_scale.group(2).lower()
        if not _short_scale_meant(doc, start, start + 1, limit, word):
            return None  # '5k', a race; '20k' of nothing said
        return _Number(start, start + 1, float(figure) * _SHORT_SCALES[word])
    if _DIGITS.match(token.text):
        value = float(token.text.replace(",", ""))
        end = start + 1
        if _and_a_half(doc, end, limit):
            value, end = value + 0.5, end + len(_AND_A_HALF)
        if end < limit and doc[end].lower_ in SCALE_WORDS:
            value *= SCALE_WORDS[doc[end].lower_]
            end += 1
        elif (
            end < limit
            and (word := doc[end].lower_) in _SHORT_SCALES
            and doc[end].idx == doc[end - 1].idx + len(doc[end - 1].text)  # '2.5m', not '2.5 m'
            and _short_scale_meant(doc, start, end + 1, limit, word)
        ):
            value *= _SHORT_SCALES[word]
            end += 1
        return _Number(start, end, value)
    if lower == "one" and _after_no(doc, start):
        return None  # 'No-one was injured' is a stated zero, not a count of one
    if lower == "half" and _next_is(doc, start, limit, {"a", "an"}):
        return _half_of(doc, start, limit)
    if (
        lower in {"a", "an"}
        and _measure_follows(doc, start + 1, limit)
        and _and_a_half(doc, start + 2, limit)
    ):
        return _Number(start, start + 1, 1.5, half_after_unit=True)  # 'a mile and a half'
    if lower in NUMBER_WORDS or (
        lower == "a" and _next_is(doc, start, limit, {"dozen", "hundred", "thousand"})
    ):
        return _read_number_words(doc, start, limit)
    if lower in MULTIPLICATIVES and occasions_of(token) is not None:
        return _Number(start, start + 1, float(MULTIPLICATIVES[lower]))  # 'shot twice'
    return None


def _short_scale_meant(doc: Doc, start: int, after: int, limit: int, word: str) -> bool:
    """'bn' and 'mn' always scale a figure; 'm' and 'k' only beside money or people ('£3m',
    '2.5m people', '20k people'): '300m below the surface' is metres, '5k' a race."""
    if word in {"bn", "mn"}:
        return True
    money = start > 0 and doc[start - 1].text in CURRENCY_SYMBOLS
    return money or (after < limit and doc[after].lemma_ in PEOPLE_NOUNS)


def _and_a_half(doc: Doc, index: int, limit: int) -> bool:
    end = index + len(_AND_A_HALF)
    return end <= limit and tuple(t.lower_ for t in doc[index:end]) == _AND_A_HALF


def _measure_follows(doc: Doc, index: int, limit: int) -> bool:
    """A unit of measure or of time, not a counted noun: 'half a mile', not 'half a team'."""
    return index < limit and (
        (doc[index].lower_ in UNITS and doc[index].lower_ != "per")
        or doc[index].lower_ in DURATION_WORDS
    )


def _half_of(doc: Doc, start: int, limit: int) -> _Number | None:
    """'half a dozen' is 6 and 'half a million' 500,000; 'half a mile', 'half an hour' are 0.5
    of the unit that follows. 'Half of the 40 miners' is no figure of its own."""
    whole = _read_number_words(doc, start + 1, limit)
    if whole is not None and whole.end > start + 2:
        return _Number(start, whole.end, whole.value / 2)
    if _measure_follows(doc, start + 2, limit):
        return _Number(start, start + 2, 0.5)
    return None


def _vague_plural(doc: Doc, start: int, limit: int) -> _Number:
    """'dozens of', and 'hundreds of thousands of' as one figure: the second plural scales the
    first, where it had been a figure of its own that counted 'thousand'."""
    value = VAGUE_PLURALS[doc[start].lower_]
    scale = doc[start + 2].lower_ if start + 3 < limit else ""
    factor = SCALE_WORDS.get(scale[:-1]) if scale.endswith("s") else None
    if factor is not None and doc[start + 3].lower_ == "of":
        return _Number(start, start + 3, value * factor, vague=True)
    return _Number(start, start + 1, value, vague=True)


def _vague_multiple(doc: Doc, start: int, limit: int) -> _Number | None:
    """'several dozen', 'a few hundred': at least two of the unit, and no figure to dispute."""
    if doc[start].lower_ not in _VAGUE_FIRST_WORDS:
        return None  # asked of every token: most are answered here
    for words in VAGUE_MULTIPLIERS:
        unit = start + len(words)
        if unit >= limit or tuple(t.lower_ for t in doc[start:unit]) != words:
            continue
        if (value := VAGUE_UNITS.get(doc[unit].lower_)) is not None:
            return _Number(start, unit + 1, 2 * value, vague=True)
    return None


def _after_no(doc: Doc, index: int) -> bool:
    """'No-one', which spaCy splits into 'No', '-', 'one'."""
    return index >= 2 and doc[index - 1].text == "-" and doc[index - 2].lower_ == "no"


def _next_is(doc: Doc, index: int, limit: int, words: set[str]) -> bool:
    return index + 1 < limit and doc[index + 1].lower_ in words


def _read_number_words(doc: Doc, start: int, limit: int) -> _Number | None:
    """'twenty-three', 'one hundred and twenty', 'a dozen', 'two million'."""
    total = 0.0
    current = 0.0
    end = start
    index = start
    seen_word = False
    while index < limit:
        lower = doc[index].lower_
        if lower == "a" and index == start:
            current = 1
        elif lower == "dozen":
            current = max(current, 1) * 12
            seen_word = True
        elif lower in NUMBER_WORDS:
            current += NUMBER_WORDS[lower]
            seen_word = True
        elif lower in SCALE_WORDS and (seen_word or current):
            current = max(current, 1) * SCALE_WORDS[lower]
            if SCALE_WORDS[lower] >= 1_000:
                total += current
                current = 0
            seen_word = True
        elif lower == "and" and seen_word and _and_a_half(doc, index, limit):
            current += 0.5  # 'two and a half', 'one and a half million'
            index = end = index + len(_AND_A_HALF)
            continue
        elif (
            (lower == "-" or (lower == "and" and (total or current >= 100)))
            and seen_word
            and index + 1 < limit
            and (doc[index + 1].lower_ in NUMBER_WORDS)
        ):
            index += 1
            continue
        else:
            break
        end = index + 1
        index += 1
    if not seen_word:
        return None
    return _Number(start, end, float(total + current))


# --- one figure -----------------------------------------------------------------------------


def _quantity_at(
    sent: SpacySpan, number: _Number, thing_before: str | None = None
) -> tuple[Quantity | None, int]:
    """`thing_before`: what the sentence's last figure of things counted, which a bare
    figure after it counts too (`stands_for_a_noun`)."""
    doc = sent.doc
    if _is_not_a_count(sent, number):
        return None, number.end
    hedge, hedge_start = _hedge_before(doc, number.start, sent.start)
    high: float | None = None
    end = number.end
    range_end = _range_end(doc, number, sent.end)
    if range_end is not None:
        high, end = range_end
        hedge = Hedge.RANGE
        if hedge_start > sent.start and doc[hedge_start - 1].lower_ == "between":
            hedge_start -= 1
    elif number.vague:
        hedge = Hedge.VAGUE
    after_hedge, end = _hedge_after(doc, end, sent.end, hedge)
    hedge = after_hedge
    unit, pint_unit, counted, end = _unit(doc, number, end, sent.end)
    if counted == "duration" and _over_a_span(doc, hedge_start, number.start, sent.start):
        hedge, hedge_start = Hedge.EXACT, number.start
    if number.half_after_unit and unit is not None:
        end += len(_AND_A_HALF)
    if unit is None and counted is None and (joined := _and_more_people(doc, end, sent.end)):
        extra, end = joined
        number = replace(number, value=number.value + extra, end=end)
    start = hedge_start
    if counted == "money" and start == number.start:
        start -= 1  # keep the currency symbol in the figure as written
    figure = doc[number.start : number.end]
    if counted is None:
        counted = counted_by_context(sent, figure, end)
    if counted is None and unit is None and thing_before and stands_for_a_noun(figure):
        counted = thing_before
    if counted is None and number.value == 1 and doc[number.start].lower_ in {"one", "a"}:
        return None, end  # "one of the", "a man": not a figure anyone disputes
    text_start = doc[start].idx + (number.offset if start == number.start else 0)
    text_end = doc[end - 1].idx + len(doc[end - 1].text)
    if number.chars is not None and end == number.end:
        text_end = doc[number.start].idx + number.chars
    value = number.value
    if counted == "temperature" and _minus_before(doc, number.start, sent.start):
        value, start = -value, number.start - 1
        text_start = doc[start].idx
    return (
        Quantity(
            text=source_text(sent, text_start, text_end),
            span=Span(start=text_start, end=text_end),
            value=value,
            high=high,
            unit=unit,
            si_value=to_si(value, pint_unit),
            hedge=hedge,
            counted=counted,
            cumulative=counted in CUMULATIVE_COUNTS,
            clause=figure_clause(sent, figure) if counted is not None else None,
        ),
        end,
    )


class _Height(NamedTuple):
    quantity: Quantity
    end: int  # token index after the height
    run_in: _Number | None  # a figure run into its last token


def _height_at(sent: SpacySpan, number: _Number) -> _Height | None:
    """'5-foot-8', '5-feet-8 inches', '6 feet 2 inches tall' as one height in inches (68),
    where read figure by figure it was 5 of something and 8 inches. The weight that often
    follows without its space ('5-foot-8,135 pounds') comes back as a figure of its own."""
    doc, limit = sent.doc, sent.end
    at = number.end
    inches: int | None = None
    run_in: _Number | None = None
    if at + 1 < limit and doc[at].text == "-" and (tail := _HEIGHT_TAIL.match(doc[at + 1].text)):
        inches, end = int(tail.group(1)), at + 2
        if tail.group(2):
            token = doc[at + 1].text
            run_in = _Number(
                at + 1, at + 2, float(tail.group(2)), offset=len(token) - len(tail.group(2))
            )
        elif end + 1 < limit and doc[end].text == "-" and doc[end + 1].lower_ in _INCH_WORDS:
            end += 2  # 'the 5-foot-10-inch suspect'
        elif end < limit and doc[end].lower_ in _INCH_WORDS:
            end += 1  # '5-feet-8 inches'
    elif (
        at + 2 < limit
        and doc[at].lower_ in _FEET
        and doc[at + 1].text.isdigit()
        and doc[at + 2].lower_ in _INCHES
    ):
        inches, end = int(doc[at + 1].text), at + 3
    if inches is None or inches >= 12 or number.chars is not None or number.value >= 10:
        return None
    hedge, start = _hedge_before(doc, number.start, sent.start)
    total_inches = number.value * 12 + inches  # exact, where feet would be 5.6667
    text_start = doc[start].idx
    last = doc[end - 1]
    text_end = last.idx + run_in.offset - 1 if run_in is not None else last.idx + len(last.text)
    height = Quantity(
        text=source_text(sent, text_start, text_end),
        span=Span(start=text_start, end=text_end),
        value=total_inches,
        unit="inch",
        si_value=to_si(total_inches, "inch"),
        hedge=hedge,
        counted="height",
    )
    return _Height(height, end, run_in)


def _and_more_people(doc: Doc, end: int, limit: int) -> tuple[float, int] | None:
    """'killed two women and a man': three people, (1, index after 'man')."""
    if not (end + 3 < limit and doc[end].lemma_ in PEOPLE_NOUNS and doc[end + 1].lower_ == "and"):
        return None
    more = doc[end + 2]
    if more.lower_ in {"a", "an"}:
        count: float | None = 1.0
        more_end = end + 3
    else:
        following = _read_number(doc, end + 2, limit)
        count, more_end = (following.value, following.end) if following else (None, end)
    if count is None or more_end >= limit or doc[more_end].lemma_ not in PEOPLE_NOUNS:
        return None
    return count, more_end + 1


def _is_not_a_count(sent: SpacySpan, number: _Number) -> bool:
    doc = sent.doc
    first = doc[number.start]
    if _duration_unit(doc, number.end, sent.end) is not None:
        return False  # '30 hours', 'two weeks': spaCy calls them times and dates
    if first.ent_type_ == "ORDINAL":
        return True
    if number.end < sent.end and doc[number.end].lower_ in _CLOCK_WORDS:
        return True  # 'at 2 am', whatever spaCy calls it
    # spaCy takes '2 and a half miles' for a time and 'Between 30 and 40 people' for a date:
    # a unit or people counted right after the figure say otherwise, unless a month names the
    # figure a day ('On March 30 people gathered').
    after_month = number.start > sent.start and doc[number.start - 1].lower_.strip(".") in MONTHS
    counts_anyway = not after_month and (
        _unit_word_follows(doc, number.end, sent.end)
        or (first.dep_ == "nummod" and first.head.lemma_ in PEOPLE_NOUNS)
    )
    if first.ent_type_ == "TIME" and not (counts_anyway or _is_age(doc, number.end, sent.end)):
        return True
    if first.ent_type_ == "DATE" and not (
        counts_anyway
        or _is_age(doc, number.end, sent.end)
        or _object_of_a_count(first)
        or (number.start > 0 and doc[number.start - 1].lower_ in {"age", "aged"})
    ):
        return True
    if _score_or_record(doc, number, sent.start, sent.end):
        return True
    if _a_dimension(doc, number, sent.start, sent.end):
        return True
    if _part_of_a_name(doc, number, sent.start) or _size_naming_a_model(doc, number, sent.end):
        return True
    text = first.text
    if text == "0":
        return True  # a written zero is a score or a reading, never a stated toll
    if _DIGITS.match(text) and "," not in text and "." not in text:
        if len(text) >= 7:
            return True  # phone numbers, ids
        if (
            len(text) == 4
            and 1800 <= number.value <= 2100
            and not _unit_word_follows(doc, number.end, sent.end)
        ):
            return True  # a year
    before = doc[number.start - 1] if number.start > sent.start else None
    if before is not None and before.text == "." and before.i > sent.start:
        before = doc[before.i - 1]  # 'No. 1', which spaCy splits into 'No' and '.'
    if before is not None and before.lower_ in _DESIGNATORS:
        return True  # 'No. 1 North Carolina', 'Juror No. 12', 'Ch. 4': a rank or a label
    if before is not None and text in _EMERGENCY_NUMBERS and before.lemma_ in _CALLING:
        return True  # 'called 911': a telephone number
    return first.lower_ == "one" and number.end < sent.end and doc[number.end].lower_ == "of"


_DESIGNATORS = frozenset({"no", "no.", "nos", "#", "number", "ch"})
_EMERGENCY_NUMBERS = frozenset({"911", "999", "112", "000"})
_CALLING = frozenset({"call", "dial", "ring", "phone"})
_DIMENSION_JOINS = frozenset({"x", "×", "by"})


def _a_dimension(doc: Doc, number: _Number, floor: int, limit: int) -> bool:
    """'2,880 by 1,800 pixels', '2880 x 1800': a size in two dimensions, in which neither
    figure counts anything (2,880 pixels is no figure to set against a display's 5,184,000)."""
    after = number.end
    if (
        after + 1 < limit
        and doc[after].lower_ in _DIMENSION_JOINS
        and _read_number(doc, after + 1, limit) is not None
    ):
        return True
    before = number.start - 1
    return (
        before - 1 >= floor
        and doc[before].lower_ in _DIMENSION_JOINS
        and _read_number(doc, before - 1, limit) is not None
    )


def _count_run_into_a_record(sent: SpacySpan, number: _Number) -> _Number | None:
    """'Klitschko (52-3,46 KOs)' as captured: the last figure of a record and, after a lost
    space, a count of its own. Only behind a record: in 'injuring 40,15 of them' the 15 is
    part of the 40, not another toll."""
    doc = sent.doc
    if number.chars is None or not _score_or_record(doc, number, sent.start, sent.end):
        return None
    tail = doc[number.start].text[number.chars + 1 :]
    if not (tail.isdigit() and len(tail) <= 2):
        return None
    return _Number(number.start, number.end, float(tail), offset=number.chars + 1)


def _score_or_record(doc: Doc, number: _Number, floor: int, limit: int) -> bool:
    """'a 7-0 lead', 'won 91-73', 'a 52-3 record', '45-7-2': figures joined by hyphens that
    do not rise as a range does ('30-40 people') are scores and records, and so is any
    figure of a record ('an 18-30 record', 'a record of 56-26 (.683)')."""
    before = number.start - 2
    if (
        number.offset == 0  # a figure inside its token ('foot-8,135') follows no hyphen
        and before >= floor
        and doc[number.start - 1].text in {"-", "–"}
        and _leading_figure(doc[before].text) is not None
    ):
        return True
    after = number.end + 1
    if after < limit and doc[number.end].text in {"-", "–"}:
        following = _leading_figure(doc[after].text)
        if following is not None:
            record = after + 1 < limit and doc[after + 1].lemma_ == "record"
            return record or following <= number.value
    return (
        number.start - 2 >= floor
        and doc[number.start - 1].lower_ == "of"
        and doc[number.start - 2].lemma_ == "record"
    )


_NAMED_THINGS = frozenset({"PRODUCT", "ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PERSON"})


def _part_of_a_name(doc: Doc, number: _Number, floor: int) -> bool:
    """'Flight 370', 'a Boeing 737', 'Apollo 11', 'the trawler Ekawat Nava 5', '12 AK 47
    guns': digits after the capitalised word they label are a name, not 370 flights. Counts
    come before what they count; a figure the parser hangs on a date ('in March 40 people
    died') is still a count."""
    first = doc[number.start]
    if number.start <= floor or number.offset or not first.text.isdigit():
        return False
    word = doc[number.start - 1]
    if not (word.is_alpha and word.text[0].isupper()) or word.lower_.rstrip(".") in (
        MONTHS.keys() | WEEKDAYS.keys()
    ):
        return False
    named = first.ent_type_ in _NAMED_THINGS and first.ent_iob_ == "I"
    return named or first.head == word


_SIZE_UNITS = frozenset(
    {"inch", "cm", "centimeter", "centimetre", "mm", "millimeter", "millimetre"}
)
_MODEL_NOUNS = frozenset({"version", "model", "edition", "option", "variant"})
_NOMINAL_ROLES = frozenset({"nsubj", "nsubjpass", "dobj"})


def _size_naming_a_model(doc: Doc, number: _Number, limit: int) -> bool:
    """'the new 17-inch MacBook Pro', 'the base 13-inch version', 'while the 15-inch will sell
    for $1499' (ECB+ topic 40): a screen size that tells one model from another, where
    read as a length it set the 17-inch MacBook against the 13- and 15-inch ones."""
    unit_at = number.end + 1
    if not (
        unit_at < limit
        and doc[number.end].text == "-"
        and doc[unit_at].lower_ in _SIZE_UNITS
        and not doc[number.end].whitespace_
    ):
        return False
    unit = doc[unit_at]
    following = doc[unit_at + 1] if unit_at + 1 < limit else None
    if following is not None and following.pos_ == "PROPN":
        return True  # '17-inch MacBook Pro' (which spaCy tags a person; heights are in feet)
    if unit.head.lemma_.lower() in _MODEL_NOUNS:
        return True  # 'the 13-inch version'
    # 'the 15-inch will sell': the size as the model's name, subject or object of a verb
    return unit.dep_ in _NOMINAL_ROLES and unit.head.pos_ in {"VERB", "AUX"}


def _leading_figure(text: str) -> float | None:
    """'73' -> 73; '3,46' (two figures run together) -> 3."""
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    if fused := _FUSED_FIGURES.match(text):
        return float(fused.group(1) or fused.group(2))
    return None


def _object_of_a_count(token: Token) -> bool:
    """'killing 10 people and injuring 80': spaCy tags the bare 80 a date."""
    return token.dep_ in {"dobj", "nsubj", "nsubjpass"} and counted_word(token.head) is not None


def _unit_word_follows(doc: Doc, index: int, limit: int) -> bool:
    return index < limit and (doc[index].lower_ in UNITS or doc[index].lemma_ in PEOPLE_NOUNS)


def _duration_unit(doc: Doc, index: int, limit: int) -> tuple[str, int] | None:
    """(unit, index after it) for '30 hours', 'two-week', 'three years'; None for ages."""
    if index < limit and doc[index].text == "-":
        index += 1
    if index >= limit or doc[index].lower_ not in DURATION_WORDS:
        return None
    at = index - 1 if doc[index - 1].text == "-" else index
    if _is_age(doc, at, limit, unit_at=index):
        return None
    return DURATION_WORDS[doc[index].lower_], index + 1


def _is_age(doc: Doc, index: int, limit: int, unit_at: int | None = None) -> bool:
    """'33-year-old', '57 years old'."""
    position = unit_at if unit_at is not None else index
    if unit_at is None and position < limit and doc[position].text == "-":
        position += 1
    if position >= limit or doc[position].lower_ not in {"year", "years"}:
        return False
    rest = [token.lower_ for token in doc[position + 1 : min(position + 3, limit)]]
    return "old" in rest


def _hedge_before(doc: Doc, start: int, floor: int) -> tuple[Hedge, int]:
    words = [token.lower_ for token in doc[max(floor, start - 3) : start]]
    for length in (3, 2, 1):
        if len(words) >= length and tuple(words[-length:]) in HEDGES_BEFORE:
            return HEDGES_BEFORE[tuple(words[-length:])], start - length
    return Hedge.EXACT, start


def _over_a_span(doc: Doc, hedge_start: int, start: int, floor: int) -> bool:
    """'$160 million over eight years', '200 people over two weeks': after a noun or a
    figure, 'over' spreads what was said across the span; it says the span is longer only
    after a verb or a preposition ('took over two hours', 'for over eight years')."""
    return (
        start - hedge_start == 1
        and doc[hedge_start].lower_ == "over"
        and hedge_start > floor
        and doc[hedge_start - 1].pos_ in {"NOUN", "PROPN", "NUM", "SYM"}
    )


def _hedge_after(doc: Doc, end: int, limit: int, hedge: Hedge) -> tuple[Hedge, int]:
    words = tuple(token.lower_ for token in doc[end : min(limit, end + 2)])
    for length in (2, 1):
        if words[:length] in HEDGES_AFTER and hedge == Hedge.EXACT:
            return HEDGES_AFTER[words[:length]], end + length
    return hedge, end


def _range_end(doc: Doc, number: _Number, limit: int) -> tuple[float, int] | None:
    """'30 to 40', '30-40', 'between 30 and 40'."""
    joiner = number.end
    if joiner + 1 >= limit:
        return None
    word = doc[joiner].lower_
    between = number.start > 0 and doc[number.start - 1].lower_ == "between"
    if word in {"to", "-", "–"} or (word == "and" and between):
        upper = _read_number(doc, joiner + 1, limit)
        if upper is not None and upper.value > number.value:
            return upper.value, upper.end
    return None


def _unit(
    doc: Doc, number: _Number, end: int, limit: int
) -> tuple[str | None, str | None, str | None, int]:
    """(canonical unit, pint unit, counted, new end) for units, magnitudes, ages and money."""
    index = end
    if index < limit and doc[index].text == "-":
        index += 1
    if _is_age(doc, end, limit):
        old_at = next(i for i in range(index, min(index + 4, limit)) if doc[i].lower_ == "old")
        return "year", None, "age", old_at + 1
    previous = doc[number.start - 1] if number.start > 0 else None
    if previous is not None and previous.lower_ in {"aged", "age"}:
        return "year", None, "age", end
    if (
        previous is not None
        and previous.lower_ in {"turned", "turns", "turning"}
        and number.value < 130
        and not _unit_word_follows(doc, end, limit)
    ):
        return "year", None, "age", end  # 'Steward, who turned 68 on Saturday'

    if (duration := _duration_unit(doc, end, limit)) is not None:
        unit, unit_end = duration
        return unit, unit, "duration", unit_end
    if _FUSED_MAGNITUDE.match(doc[number.start].text):
        return None, None, "magnitude", end
    if index < limit and doc[index].lower_.lstrip("-") in MAGNITUDE_WORDS:
        return None, None, "magnitude", index + 1  # also '5.6 -magnitude', as captured
    before = [token.lower_ for token in doc[max(0, number.start - 2) : number.start]]
    if (
        number.value < 10
        and before
        and (
            before[-1] in MAGNITUDE_WORDS
            or (len(before) == 2 and before[0] in MAGNITUDE_WORDS and before[1] in {"of", "-"})
        )
    ):
        return None, None, "magnitude", end
    if (
        index < limit
        and doc[index].lemma_.lower() in _QUAKE_WORDS
        and number.value < 10
        and "." in doc[number.start].text
    ):
        return None, None, "magnitude", end  # "a 5.6 quake"; "two quakes" stays a count
    if (temperature := _temperature_unit(doc, number, index, limit)) is not None:
        return temperature
    if previous is not None and previous.text in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[previous.text], None, "money", end
    if index < limit and doc[index].lower_ in CURRENCY_WORDS:
        return CURRENCY_WORDS[doc[index].lower_], None, "money", index + 1  # 'a million dollars'
    if _nautical_miles(doc, index, limit):
        return "nautical mile", "nautical_mile", "distance", index + 2
    if index < limit and doc[index].lower_ in UNITS:
        unit, pint_unit, counted = UNITS[doc[index].lower_]
        if doc[index].lower_ == "per" and not (
            index + 1 < limit and doc[index + 1].lower_ == "cent"
        ):
            return None, None, None, end
        unit_end = index + (2 if doc[index].lower_ == "per" else 1)
        return unit, pint_unit, counted, unit_end
    if (
        _quake_sentence(doc, number)
        and number.value < 10
        and previous is not None
        and previous.lemma_ in {"measure", "register", "of"}
    ):
        return None, None, "magnitude", end
    return None, None, None, end


def _nautical_miles(doc: Doc, index: int, limit: int) -> bool:
    """'150 nautical miles': a distance of its own unit (1,852 metres), not a count of miles."""
    return (
        index + 1 < limit
        and doc[index].lower_ == "nautical"
        and doc[index + 1].lower_ in {"mile", "miles"}
    )


def _minus_before(doc: Doc, start: int, floor: int) -> bool:
    return start > floor and doc[start - 1].lower_ == "minus"


def _temperature_unit(
    doc: Doc, number: _Number, index: int, limit: int
) -> tuple[str | None, str | None, str | None, int] | None:
    """'minus 17 degrees', 'minus 20' in a sentence about temperatures, '5 degrees Celsius'.
    Degrees without a scale compare only with degrees without one."""
    degrees = index < limit and doc[index].lower_ in {"degree", "degrees"}
    scale_at = index + 1 if degrees else index
    if scale_at < limit and doc[scale_at].lower_ in UNITS:
        unit, pint_unit, counted = UNITS[doc[scale_at].lower_]
        if counted == "temperature":
            return unit, pint_unit, counted, scale_at + 1
    sentence = doc[number.start].sent
    if _minus_before(doc, number.start, sentence.start) and (
        degrees or _sentence_mentions(doc, number, _TEMPERATURE_WORDS)
    ):
        return "degree", None, "temperature", index + 1 if degrees else number.end
    return None


def _quake_sentence(doc: Doc, number: _Number) -> bool:
    return _sentence_mentions(doc, number, _QUAKE_WORDS)


def _sentence_mentions(doc: Doc, number: _Number, lemmas: frozenset[str]) -> bool:
    return any(token.lemma_.lower() in lemmas for token in doc[number.start].sent)


def _zero_counts(sent: SpacySpan) -> list[Quantity]:
    """'No one was killed', 'nobody was hurt', 'no deaths', 'None of the passengers was hurt',
    'Not a single person was injured': a count of zero, stated."""
    doc = sent.doc
    found: list[Quantity] = []
    for token in sent:
        phrase_end: int | None = None
        counted: str | None = None
        if token.lower_ == "no" and token.i + 1 < sent.end:
            following = doc[token.i + 1]
            if following.lower_ == "one":
                phrase_end = token.i + 2
            elif token.i + 2 < sent.end and _after_no(doc, token.i + 2):
                phrase_end = token.i + 3  # 'No-one'
            elif following.lemma_ in _ZERO_NOUNS or following.lemma_ in PEOPLE_NOUNS:
                phrase_end = token.i + 2
                counted = counted_word(following)
        elif token.lower_ in _ZERO_SUBJECTS:
            phrase_end = token.i + 1
            for of in (child for child in token.children if child.lower_ == "of"):
                phrase_end = of.right_edge.i + 1  # 'None of the passengers'
            if token.dep_ in {"nsubj", "nsubjpass"}:
                counted = counted_word(token.head)  # ... 'was hurt'
        elif (
            token.lower_ == "not"
            and token.i + 3 < sent.end
            and [t.lower_ for t in doc[token.i + 1 : token.i + 3]] == ["a", "single"]
            and doc[token.i + 3].lemma_ in PEOPLE_NOUNS
        ):
            phrase_end = token.i + 4  # 'Not a single person'
        if phrase_end is None:
            continue
        if counted is None:
            for later in doc[phrase_end : min(sent.end, phrase_end + 4)]:
                counted = counted_word(later)
                if counted:
                    break
        if counted is None:
            continue
        start, end = token.idx, doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text)
        found.append(
            Quantity(
                text=source_text(sent, start, end),
                span=Span(start=start, end=end),
                value=0.0,
                counted=counted,
                cumulative=counted in CUMULATIVE_COUNTS,
            )
        )
    return found


# --- units ----------------------------------------------------------------------------------


@cache
def _unit_registry() -> Any:
    """pint's registry is slow to build: once per process."""
    import pint

    return pint.UnitRegistry()


def to_si(value: float, pint_unit: str | None) -> float | None:
    """The figure in SI base units (metres, kilograms), so that figures written in other
    units compare; None for a unit pint is not given (percentages, currencies)."""
    if pint_unit is None:
        return None
    registry = _unit_registry()
    return float(registry.Quantity(value, pint_unit).to_base_units().magnitude)
