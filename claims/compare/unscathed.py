"""A named place or person said to come through whole, against another claim that it was hit.

'The island's main town, also called Qeshm, was undamaged' (ECB+ 20_4ecbplus) against
'Buildings were toppled in the island's capital, Qeshm City' (20_7ecbplus): the two sentences
align (0.66), but one states a condition with an adjective and the other an event with a verb,
so neither negation nor an antonym pair of verbs reads them. Opposite words anywhere in two
sentences were tried and dropped (claims/compare/statement.py); this reads only a name that is
itself the subject of the whole state ('Qeshm, was undamaged'; not 'the hospital in Qeshm was
undamaged') against the same name hit by a verb of the same kind (damage for things, harm for
people), and not where that name is only a reference point ('near Qeshm').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.compare.base import ClaimValue, Disagreement
from claims.places import town_name
from models import Claim, MentionLabel, Span

# The adjective of a whole state and what it denies: damage to things, harm to people.
_WHOLE_STATES = {
    "undamaged": ("damage",),
    "intact": ("damage",),
    "untouched": ("damage",),
    "unharmed": ("harm",),
    "unhurt": ("harm",),
    "uninjured": ("harm",),
    "unscathed": ("damage", "harm"),
}
_HITTING_VERBS = {
    "damage": frozenset(
        {"damage", "destroy", "topple", "flatten", "level", "raze", "demolish", "collapse", "gut"}
    ),
    "harm": frozenset({"injure", "hurt", "wound", "harm", "kill", "shoot", "stab"}),
}
_HIT_WORDS = {"damage": "damaged", "harm": "hurt"}
# Verb forms the lemma does not begin ('shot' for 'shoot'); the others are found by their stem.
_IRREGULAR_FORMS = {"shoot": "shot", "hurt": "hurt"}
# Any state word at all, in lowercased text: most claims have none, and this says so in a
# few microseconds where `_WHOLE`, trying its linking verbs at every space, takes ten or more.
_ANY_STATE = re.compile("|".join(_WHOLE_STATES))
_WHOLE = re.compile(
    r"(?P<link>,?\s+(?:was|were|is|are|remained|remains|stayed|escaped|was\s+left|were\s+left)\s+)"
    r"(?:(?:largely|mostly|virtually|completely|entirely|totally|apparently)\s+)?"
    r"(?P<state>" + "|".join(_WHOLE_STATES) + r")\b",
    re.IGNORECASE,
)
# A name after one of these is a point to measure from, not what was hit ('villages near Qeshm
# were destroyed'); before a whole state, where something is, not what was spared ('the
# hospital in Qeshm was undamaged').
_REFERENCE_WORDS = frozenset(
    {"of", "near", "from", "outside", "around", "off", "toward", "towards"}
)
_LOCATING_WORDS = _REFERENCE_WORDS | {"in", "at", "on", "by"}
# A name followed by one of these is the wider area around a town of that name ('On Qeshm
# island, ... homes in five villages had been damaged' is not the town Qeshm).
_AREA_WORDS = frozenset({"island", "province", "county", "district", "region", "state", "area"})
_NAMED = frozenset({MentionLabel.PLACE, MentionLabel.PERSON, MentionLabel.ORG})
# Capitalised words at the end of a text, an article before them left out ('The Merrow Bridge').
_CAPITALISED_RUN = re.compile(
    r"(?:^|(?<=\s))(?:(?:The|A|An)\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*),?$"
)


@dataclass(frozen=True)
class _Whole:
    name: str  # as written
    place: str  # what the name names, as `_place` keys it
    state: str
    kinds: tuple[str, ...]
    span: Span


def whole_against_hit(left: Claim, right: Claim, confidence: float) -> list[Disagreement]:
    """One disagreement when either claim says a name came through whole and the other that
    the same name was hit; the claim saying 'whole' may be either. A claim that says 'whole'
    is never the one hit: with both saying it, no side is taken."""
    left_wholes, right_wholes = _wholes(left), _wholes(right)
    if left_wholes and not right_wholes:
        return _whole_against(left, left_wholes, right, confidence, swap=False)
    if right_wholes and not left_wholes:
        return _whole_against(right, right_wholes, left, confidence, swap=True)
    return []


def _whole_against(
    whole_claim: Claim, wholes: list[_Whole], hit_claim: Claim, confidence: float, *, swap: bool
) -> list[Disagreement]:
    for whole in wholes:
        kind = _hit_kind(hit_claim, whole)
        if kind is None:
            continue
        sides = _whole_side(whole_claim, whole, kind), _hit_side(hit_claim, kind)
        subject = f"whether {whole.name} was {_HIT_WORDS[kind]}"
        left_side, right_side = (sides[1], sides[0]) if swap else sides
        return [Disagreement(subject, left_side, right_side, confidence)]
    return []


def _wholes(claim: Claim) -> list[_Whole]:
    """Names the claim says came through whole: a name right before the linking verb, itself
    the subject or its apposition ('The island's main town, also called Qeshm, was')."""
    if claim.negated or not _ANY_STATE.search(claim.text.lower()):
        return []
    found = []
    for match in _WHOLE.finditer(claim.text):
        named = _name_before(claim, match.start())
        if named is None:
            continue
        name, start = named
        if _word_before(claim, start) in _LOCATING_WORDS:
            continue
        state = match.group("state")
        state_start = claim.span.start + match.start("state")
        found.append(
            _Whole(
                name,
                _place(claim, start, name),
                state,
                _WHOLE_STATES[state.lower()],
                Span(start=state_start, end=state_start + len(state)),
            )
        )
    return found


def _name_before(claim: Claim, end: int) -> tuple[str, int] | None:
    """The name that ends at `end` (an offset into the claim's text) and where it starts: a
    person, place or organisation spaCy found, else capitalised words, which a short posted
    sentence often leaves spaCy without ('The Merrow Bridge was undamaged.')."""
    for mention in claim.mentions:
        if mention.label in _NAMED and mention.span.end - claim.span.start == end:
            return mention.text, mention.span.start - claim.span.start
    words = _CAPITALISED_RUN.search(claim.text[:end])
    if words is None:
        return None
    return words.group("name"), words.start("name")


def _hit_kind(claim: Claim, whole: _Whole) -> str | None:
    """What the claim's verb does to the name `whole` came through whole, if it hits it."""
    kind = next((k for k in whole.kinds if claim.predicate in _HITTING_VERBS[k]), None)
    if kind is None or claim.negated:
        return None
    key = whole.place
    hits_it = any(
        _place(claim, start, mention.text) == key
        and _word_before(claim, start) not in _REFERENCE_WORDS
        for mention in claim.mentions
        for start in [mention.span.start - claim.span.start]
    )
    return kind if hits_it else None


def _hit_side(claim: Claim, kind: str) -> ClaimValue:
    """The verb as written ('toppled'), so the editor sees the word that disputes 'undamaged'."""
    form = _verb_form(claim, claim.predicate or "")
    written = form.group() if form else claim.predicate or kind
    span = (
        Span(start=claim.span.start + form.start(), end=claim.span.start + form.end())
        if form
        else None
    )
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=written,
        normalized=_HIT_WORDS[kind],
        span=span,
    )


def _whole_side(claim: Claim, whole: _Whole, kind: str) -> ClaimValue:
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=whole.state,
        normalized=f"not {_HIT_WORDS[kind]}",
        span=whole.span,
    )


def _place(claim: Claim, start: int, name: str) -> str:
    """The name written at `start` as a key, with the word after it when that word makes it a
    wider area."""
    after = claim.text[start + len(name) :].split()
    area = after[0].lower().strip(",.;") if after else ""
    return town_name(f"{name} {area}" if area in _AREA_WORDS else name)


def _word_before(claim: Claim, start: int) -> str:
    words = claim.text[:start].split()
    return words[-1].lower() if words else ""


def _verb_form(claim: Claim, lemma: str) -> re.Match[str] | None:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    irregular = _IRREGULAR_FORMS.get(lemma)
    forms = rf"{re.escape(stem)}\w*" + (rf"|{irregular}" if irregular else "")
    return re.search(rf"\b(?:{forms})\b", claim.text, re.IGNORECASE)
