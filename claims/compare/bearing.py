"""Where outlets place one event: the same distance from the same place, on opposite sides.

'150 nautical miles east of Aden' against '150 nautical miles west of Aden' (ECB+ 12_5ecb and
12_17ecb, one pirate attack) agree on every figure and still put the ship 300 nautical miles
apart. A bearing is read only where a distance gives it ('<distance> <direction> of <Place>'): a
bare 'west of Aden' names a region, not a point. Two bearings dispute the place when they
are measured from the same place, over distances that agree, in directions at least a
quarter turn apart; 'north' against 'northeast' is a writer's rounding, not a dispute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.compare.base import ClaimValue, Disagreement
from models import Claim, Span

# The eight compass points in degrees, as written without space or hyphen ('north-east').
_DEGREES = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
# A quarter turn: 'north' / 'east' are two places; 'north' / 'northeast' one, rounded.
MIN_ANGLE = 90.0
# Distances that agree within this share of the larger one locate one point ('about 150'
# / '150'); further apart, two bearings may well be two places on the way.
MAX_DISTANCE_GAP = 0.25

# What follows a distance figure the extractor read ('150 nautical miles'): a conversion in
# brackets, a compass direction, 'of' and a capitalised place.
_DIRECTION_OF_PLACE = re.compile(
    r"(?:\s*\([^)]{0,40}\))?\s+(?:to\s+the\s+)?"
    r"(?P<direction>(?:north|south)(?:[\s-]?(?:east|west))?|east|west)"
    r"\s+of\s+(?:the\s+)?(?P<place>(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*))",
    re.IGNORECASE,
)
_PLACE_KINDS = frozenset({"city", "town", "village", "island", "port", "province", "county"})


@dataclass(frozen=True)
class Bearing:
    """'150 nautical miles west of Aden': how far, which way and from where."""

    metres: float
    degrees: float
    direction: str
    place: str  # the key two bearings are compared by: 'qeshm' for 'Qeshm City'
    written_place: str
    span: Span


def bearings(claim: Claim) -> list[Bearing]:
    """The bearings the claim gives, in the order written: each distance figure the
    extractor read, followed by a direction and a place. Only a capitalised name is a place
    to measure from ('west of the border' is not)."""
    found = []
    for quantity in claim.quantities:
        if quantity.counted != "distance" or quantity.si_value is None:
            continue
        after = quantity.span.end - claim.span.start
        match = _DIRECTION_OF_PLACE.match(claim.text, after)
        if match is None:
            continue
        direction = re.sub(r"[\s-]", "", match.group("direction").lower())
        found.append(
            Bearing(
                metres=quantity.si_value,
                degrees=_DEGREES[direction],
                direction=direction,
                place=_place(match.group("place")),
                written_place=match.group("place"),
                span=Span(start=quantity.span.start, end=claim.span.start + match.end()),
            )
        )
    return found


def opposed_bearings(left: Claim, right: Claim, confidence: float) -> list[Disagreement]:
    """One disagreement per place the two claims put on different sides, at one distance.
    Cheap enough for every aligned pair: a claim with no distance figure costs a look at its
    quantities (0.2 microseconds)."""
    found = []
    for mine in bearings(left):
        for theirs in bearings(right):
            if (
                mine.place == theirs.place
                and _distances_agree(mine.metres, theirs.metres)
                and _angle(mine.degrees, theirs.degrees) >= MIN_ANGLE
            ):
                found.append(
                    Disagreement(
                        f"direction from {theirs.written_place}",
                        _side(left, mine),
                        _side(right, theirs),
                        confidence,
                    )
                )
                break
    return found


def _place(name: str) -> str:
    """The place's name without the word for what it is, which one outlet writes and another
    leaves out ('Qeshm City' / 'Qeshm'); 'San Jose' and 'San Francisco' stay two places."""
    words = name.lower().split()
    while len(words) > 1 and words[-1] in _PLACE_KINDS:
        words.pop()
    return " ".join(words)


def _angle(left: float, right: float) -> float:
    turn = abs(left - right) % 360
    return min(turn, 360 - turn)


def _distances_agree(left: float, right: float) -> bool:
    return abs(left - right) <= MAX_DISTANCE_GAP * max(left, right)


def _side(claim: Claim, bearing: Bearing) -> ClaimValue:
    """The value an editor reads: the direction and the place; the span marks all of it."""
    written = f"{bearing.direction} of {bearing.written_place}"
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=written,
        normalized=f"{bearing.direction} of {bearing.place}",
        span=bearing.span,
    )
