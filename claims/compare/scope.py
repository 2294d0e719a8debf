"""What a count covers: two figures dispute one fact only when they count over the same scope.

Reading the number findings on the held-out ECB+ topics showed scope as the largest class of
false findings: one district's toll set against the province's ("In neighbouring Central Aceh
district, 10 people were killed" / "Five people died ... in Aceh"), an addition against a
total ("Four other people died in hospitals" / "Five people died"), a war's running toll
against one strike's ("More than 600 Palestinians have been killed so far in the 12 days of
the Israeli offensive" / "at least 43 people were killed ... in the school"), and one side's
dead against the other's ("Nine Israelis" / "three Gazans"). Each figure's scope is read from
the words around it, between the figures before and after it in its sentence, so that "43
killed and 55 wounded in the school, pushing the toll above 680 since the conflict began"
gives the war's scope to 680 only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from claims.extract.lexicon import COUNTED_BY_LEMMA, NUMBER_WORDS
from models import Claim, MentionLabel, Quantity


class AreaLevel(StrEnum):
    PART = "part"  # a district, county, village: part of what an event struck
    REGION = "region"  # a province, state, island: often all of it
    WORLD = "world"  # several countries: more than one event's place


@dataclass(frozen=True)
class Area:
    level: AreaLevel
    name: str | None  # 'bener meriah', or None for 'in the district'


class Addition(StrEnum):
    NONE = "none"
    ADDED = "added"  # 'another 20,000', 'four other people': on top of a figure given before
    SECOND_SCENE = "second scene"  # 'in a separate attack', 'another UN school', 'Elsewhere'


@dataclass(frozen=True)
class Scope:
    addition: Addition
    area: Area | None
    campaign: bool  # a running total of a war or offensive, not of one event
    group: str | None  # whose dead: 'israelis', 'palestinians'
    part: bool = False  # part of the figure before it: 'of which four exploded'


_PART_UNITS = r"district|county|regency|village|municipality|sub-district|neighbou?rhood|suburb"
_REGION_UNITS = r"province|state|region|island"
_NAME = r"(?:[A-Z][\w'’.-]*\s+){0,3}"
_AREA = re.compile(
    r"\b(?i:in|across|throughout|of)\s+(?i:the\s+)?(?i:neighbou?ring\s+|nearby\s+)?"
    rf"(?P<name>{_NAME})(?P<unit>(?i:{_PART_UNITS}|{_REGION_UNITS}))s?\b"
    r"|(?P<world>\bcountries\b|\b(?i:across)\s+(?:Asia|Europe|Africa|the\s+(?:world|globe))\b"
    r"|\b(?i:around)\s+the\s+(?:world|globe|Indian\s+Ocean|Pacific)\b|\bworldwide\b)"
)
# Figures that bound a figure's stretch of words: counts and measures, not the '12 days' or
# 'December 27' that a running total is counted over.
_NOT_BOUNDS = frozenset({"duration", "time", "year"})
# A figure that names part of the one before it ('Nine Israelis, including three civilians,
# have been killed in the conflict'; 'Five bombs were dropped, of which four exploded'): the
# words after the part still belong to the whole.
_PART_OF_BEFORE = re.compile(
    r"\b(?:including|among\s+(?:them|whom|which)|of\s+(?:whom|which|them))\W*$", re.IGNORECASE
)
# 'Of the 23 pirates arrested, 12 are Somali': the figures after the comma are parts.
_WHOLE_TAKEN_FROM = re.compile(
    r"(?:^|[,;:]\s*)of\s+(?:the|these|those|its|their)\s+$", re.IGNORECASE
)
_CAMPAIGN = re.compile(
    r"\b(?:in|during|since|of|into)\s+the\s+(?:[\w'’-]+\s+){0,3}"
    r"(?:conflict|war|offensive|campaign|uprising|intifada|insurgency)\b"
    r"|\bsince\s+(?:the|it)\b[^.;]{0,40}\b(?:began|started)\b"
    # strikes on several targets: 'the bombing of UN schools ... and of housing killed more
    # than 50', a sum over scenes, not one of them
    r"|\b(?:bombing|shelling|shelled|bombed|strikes|raids|attacks)\s+(?:of|on)\s+"
    r"(?:[\w'’-]+\s+){0,2}[a-z]+(?<![suia])s\b"
)
# A second scene or an addition: 'another UN school', 'in a separate attack', 'Elsewhere',
# 'In an earlier Israeli strike', 'Hours earlier, three young men died'.
_SECOND_SCENE = re.compile(
    r"\b(?:separate|separately|elsewhere)\b|\ban\s+earlier\b"
    r"|^\W*(?:hours|minutes|days|moments)\s+(?:earlier|before)\b",
    re.IGNORECASE,
)
_ANOTHER_THING = re.compile(r"\banother\s+([\w-]+)", re.IGNORECASE)
_ADDED_BEFORE = re.compile(r"\b(?:another|further|additional)\s*$", re.IGNORECASE)
_OTHER_BEFORE = re.compile(r"(?<!each\s)\bother\s*$", re.IGNORECASE)
_ADDED_AFTER = re.compile(r"^\s*(?:other|more)\b(?!\s+than)", re.IGNORECASE)
_POSSESSOR = re.compile(r"^.*[’']s\s+")
_PEOPLE_COUNTS = frozenset(COUNTED_BY_LEMMA.values())  # killed, injured, arrested...


def scope_of(claim: Claim, quantity: Quantity) -> Scope:
    before, after = _stretch(claim, quantity)
    return Scope(
        addition=_addition(claim, quantity, before, after),
        area=_area(claim, quantity),
        campaign=bool(_CAMPAIGN.search(before) or _CAMPAIGN.search(after)),
        group=_group(claim, quantity),
        part=is_part(claim, quantity),
    )


def same_scope(left: Scope, right: Scope) -> bool:
    """A second scene in one article is not known to be the second scene in another, and a
    part ('Five bombs were dropped, of which four exploded') is not a whole."""
    return (
        left.addition == right.addition != Addition.SECOND_SCENE
        and left.campaign == right.campaign
        and left.part == right.part
        and _same_area(left.area, right.area)
        and (left.group is None or right.group is None or left.group == right.group)
    )


def states_a_whole(claim: Claim, quantity: Quantity) -> bool:
    """Neither part of a figure before it ('of which four exploded', 'including three
    civilians') nor added to one ('another 20,000', 'the other two')."""
    before, after = _stretch(claim, quantity)
    return not is_part(claim, quantity) and (
        _addition(claim, quantity, before, after) != Addition.ADDED
    )


def is_part(claim: Claim, quantity: Quantity) -> bool:
    return any(_part_of(claim, whole, quantity) for whole in claim.quantities)


def _stretch(claim: Claim, quantity: Quantity) -> tuple[str, str]:
    """The claim's words from the figure before this one to it, and from it to the next."""
    offset = claim.span.start
    bounds = [
        q
        for q in claim.quantities
        if q.counted not in _NOT_BOUNDS and not _part_of(claim, quantity, q)
    ]
    starts = [q.span.start for q in bounds if q.span.start > quantity.span.start]
    ends = [q.span.end for q in bounds if q.span.end < quantity.span.start]
    begin = max(ends, default=offset) - offset
    finish = min(starts, default=claim.span.end) - offset
    return (
        claim.text[begin : quantity.span.start - offset],
        claim.text[quantity.span.end - offset : finish],
    )


def _part_of(claim: Claim, whole: Quantity, part: Quantity) -> bool:
    """'Five bombs were dropped, of which four exploded'; 'Of the 23 pirates arrested, 12 are
    Somali'."""
    if part.span.start < whole.span.end:
        return False
    offset = claim.span.start
    between = claim.text[whole.span.end - offset : part.span.start - offset]
    before_whole = claim.text[: whole.span.start - offset]
    return bool(_PART_OF_BEFORE.search(between)) or (
        bool(_WHOLE_TAKEN_FROM.search(before_whole)) and "," in between
    )


def _addition(claim: Claim, quantity: Quantity, before: str, after: str) -> Addition:
    if _SECOND_SCENE.search(claim.text) or _another_thing(claim.text):
        return Addition.SECOND_SCENE
    # 'Four other people died': an addition; 'ten killed and four other people hurt' or
    # 'wounding other 70': the other people are the ones not killed, and the figure is whole;
    # but after a count of things ('seven AK-47s and three other assault rifles', 'Four bombs
    # were dropped ... while the other two') the others are more things.
    earlier = [q for q in claim.quantities if q.span.start < quantity.span.start]
    last = max(earlier, key=lambda q: q.span.start, default=None)
    in_addition = (
        last is None or last.counted == quantity.counted or last.counted not in _PEOPLE_COUNTS
    )
    others = _ADDED_AFTER.search(after) or _OTHER_BEFORE.search(before)
    if _ADDED_BEFORE.search(before) or (in_addition and others):
        return Addition.ADDED
    return Addition.NONE


def _another_thing(text: str) -> bool:
    """'another UN school' is a second scene; 'another 20,000' is an added figure, read apart."""
    return any(
        not (word[0].isdigit() or word.lower() in NUMBER_WORDS)
        for word in _ANOTHER_THING.findall(text)
    )


def _area(claim: Claim, quantity: Quantity) -> Area | None:
    """The area named nearest after the figure in its sentence ('Twelve people were killed
    and 70 others injured ... in Bener Meriah district'), else nearest before it ('In
    neighbouring Central Aceh district, 10 people were killed, 140 were injured')."""
    before = claim.text[: quantity.span.start - claim.span.start]
    after = claim.text[quantity.span.end - claim.span.start :]
    for text, nearest in ((after, 0), (before, -1)):
        found = list(_AREA.finditer(text))
        if found:
            return _area_of(found[nearest])
    return None


def _area_of(match: re.Match[str]) -> Area:
    if match.group("world"):
        return Area(AreaLevel.WORLD, None)
    name = _POSSESSOR.sub("", match.group("name")).strip().lower() or None
    unit = match.group("unit").lower()
    level = AreaLevel.REGION if re.fullmatch(_REGION_UNITS, unit) else AreaLevel.PART
    return Area(level, name)


def _same_area(left: Area | None, right: Area | None) -> bool:
    """A province is often all an event struck, so it may stand against no area named; a
    district is a part and several countries are more than one event's place."""
    if left is None or right is None:
        named = left or right
        return named is None or named.level == AreaLevel.REGION
    if left.level != right.level:
        return False
    return left.name is None or right.name is None or left.name == right.name


def _group(claim: Claim, quantity: Quantity) -> str | None:
    """Whose dead: a nationality or organisation written right after the figure ('Nine
    Israelis', 'six Hamas gunmen')."""
    for mention in claim.mentions:
        if mention.label in {MentionLabel.GROUP, MentionLabel.ORG} and (
            0 <= mention.span.start - quantity.span.end <= 2
        ):
            return mention.text.lower()
    return None
