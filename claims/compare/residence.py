"""Where a person lives, as outlets state it: 'Anthony LaSalle, 36, of Minneapolis' in one and
'Anthony Phillip LaSalle, 36, of Bloomington' in the others.

Reporters place the people of a story by the town after their name ('NAME, AGE, of PLACE',
'NAME, who lived in PLACE'). The two claims rarely say the same thing otherwise, so they are
compared per person across the whole corpus, as spellings are, not per aligned pair: the
name detector's entities tell which mentions are one person, and a lone surname stands for
the person its article names in full.

Places at two levels are no disagreement: 'Newton Street, Millom' contains 'Millom', and
'of Queens', 'of Texas' or 'of Canada' names a borough, state or country that may hold the
other outlet's town (`claims.places`). There is no gazetteer of towns here, so two towns are
taken to be two places, and a club named like one ('Smith of Arsenal' before a transfer, 'of
Chelsea' after) would pass for a home: none such on ECB+.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from claims.compare.base import ClaimValue, evidence, finding_id
from claims.compare.name import PeopleInArticles
from claims.corpus import POSTED_ARTICLE_ID, Corpus
from claims.places import folded, is_region
from models import Claim, Finding, FindingKind, FindingStatus, FindingValue, MentionLabel, Span

# What follows a name before its place: ', 36, of', ' of', ', who lived half a mile away in'.
_BEFORE_PLACE = re.compile(
    r",?\s+(?:(?:aged\s+)?\d{1,3},\s+)?of\s+"
    r"|,\s+who\s+(?:had\s+)?(?:lived|lives|resided|resides)\b[^,.;:]{0,30}?\bin\s+"
)
# A run of capitalised words ('Fort Smith'), then its qualifiers (', Ark.', ', Millom').
_CAPITALISED_RUN = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*)*"
_PLACE = re.compile(rf"(?P<place>{_CAPITALISED_RUN})(?P<qualifiers>(?:,\s+{_CAPITALISED_RUN})*)")
_POSSESSIVE = re.compile(r"(?P<holder>.+?)['’]s\s+(?P<town>[A-Z].*)")
# 'Bob Woodward of The Washington Post' names an employer, not a home: the last word says so.
NOT_PLACE_WORDS = frozenset(
    {
        "university", "college", "school", "academy", "institute", "department",
        "ministry", "police", "post", "times", "news", "press", "journal", "herald", "tribune",
        "party", "council", "committee", "commission", "company", "inc", "corp", "ltd",
        "association", "union", "agency", "bureau", "office", "board", "court", "church",
        "hospital", "club", "team", "house", "senate", "congress", "foundation", "group",
        "bank", "state",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Residence:
    """One outlet placing one person: the place as written, with its qualifiers."""

    claim_id: int
    entity_id: str
    place: str
    qualifiers: tuple[str, ...]
    span: Span

    @property
    def levels(self) -> set[str]:
        """Every level the claim names: 'Newton Street, Millom' is {'newton street', 'millom'}."""
        return {folded(self.place), *(folded(q) for q in self.qualifiers)}


def residences(corpus: Corpus, people: PeopleInArticles) -> list[Residence]:
    found = []
    for claim_id, claim in sorted(corpus.claims.items()):
        found += _stated_in(claim_id, claim, corpus, people)
    return found


def _stated_in(
    claim_id: int, claim: Claim, corpus: Corpus, people: PeopleInArticles
) -> list[Residence]:
    found = []
    article_id = corpus.article_of(claim).id
    for mention in claim.mentions:
        if mention.label != MentionLabel.PERSON:
            continue
        after = mention.span.end - claim.span.start
        before_place = _BEFORE_PLACE.match(claim.text, after)
        if before_place is None:
            continue
        place = _PLACE.match(claim.text, before_place.end())
        if place is None or _not_a_place(place.group("place")):
            continue
        entity_id = people.entity_of(article_id, mention.text)
        if entity_id is None:
            continue
        qualifiers = [q.strip() for q in place.group("qualifiers").split(",") if q.strip()]
        written, start = place.group("place").rstrip("."), place.start("place")
        held = _POSSESSIVE.fullmatch(written)
        if held is not None:  # "Macomb County's Bruce Township": the town, in its county
            qualifiers.append(held.group("holder"))
            start += held.start("town")
            written = held.group("town")
        found.append(
            Residence(
                claim_id=claim_id,
                entity_id=entity_id,
                place=written,
                qualifiers=tuple(qualifiers),
                span=Span(
                    start=claim.span.start + start, end=claim.span.start + start + len(written)
                ),
            )
        )
    return found


def _not_a_place(place: str) -> bool:
    """'The Washington Post', 'Boston College', 'University (of Alabama)': an institution
    ends in its kind, so 'College Point' stays a place."""
    words = [word.strip(".,").lower() for word in place.split()]
    return words[0] == "the" or words[-1] in NOT_PLACE_WORDS


def homes_by_person(corpus: Corpus, people: PeopleInArticles) -> dict[str, list[Residence]]:
    """The towns outlets place each person in (entity id -> residences)."""
    return _towns_by_person(residences(corpus, people))


def _towns_by_person(stated: Iterable[Residence]) -> dict[str, list[Residence]]:
    """States, countries and boroughs left out, as they may hold any of the towns."""
    by_entity: dict[str, list[Residence]] = defaultdict(list)
    for residence in stated:
        if not is_region(residence.place):
            by_entity[residence.entity_id].append(residence)
    return by_entity


def residence_findings(
    corpus: Corpus,
    people: PeopleInArticles,
    homes: Mapping[str, Sequence[Residence]],
    confidence: float,
) -> list[Finding]:
    """One finding per person whom outlets place in towns that exclude each other; `homes`:
    `homes_by_person` of the corpus, gathered once for these findings and claim checks."""
    findings = []
    for entity_id, stated in sorted(homes.items()):
        finding = _finding(entity_id, list(stated), corpus, people, confidence)
        if finding is not None:
            findings.append(finding)
    return findings


def posted_residence_findings(
    corpus: Corpus,
    posted_people: PeopleInArticles,
    homes: Mapping[str, Sequence[Residence]],
    confidence: float,
) -> list[Finding]:
    """The towns a posted text places its people in, against the corpus's `homes` for them:
    a finding where the posted town and another outlet's exclude each other, or where the
    corpus is split and the posted text takes a side. `corpus` holds the posted article."""
    stated = _towns_by_person(
        residence
        for claim in corpus.claims_of(POSTED_ARTICLE_ID)
        for residence in _stated_in(claim.id or 0, claim, corpus, posted_people)
    )
    findings = []
    for entity_id, posted in sorted(stated.items()):
        known = homes.get(entity_id, ())
        finding = _finding(entity_id, [*known, *posted], corpus, posted_people, confidence)
        if finding is not None and any(
            claim.article_id == POSTED_ARTICLE_ID
            for value in finding.values
            for claim in value.claims
        ):
            findings.append(finding)
    return findings


def _finding(
    entity_id: str,
    stated: list[Residence],
    corpus: Corpus,
    people: PeopleInArticles,
    confidence: float,
) -> Finding | None:
    groups = _places_apart(stated)
    outlets = [{corpus.outlet_of(corpus.claims[r.claim_id]) for r in group} for group in groups]
    # One outlet giving two towns is no dispute between outlets.
    disputed = [
        position
        for position, group_outlets in enumerate(outlets)
        if any(group_outlets - other for other in outlets if other is not group_outlets)
    ]
    if len(disputed) < 2:
        return None
    name = people.names[entity_id]
    subject = f"where {name} lives"
    values = [
        FindingValue(
            value=groups[position][0].place,
            normalized=folded(groups[position][0].place),
            outlets=sorted(outlets[position]),
            claims=[evidence(corpus, r.claim_id, r.span) for r in groups[position]],
        )
        for position in disputed
    ]
    sides = "; ".join(f"{', '.join(v.outlets)}: {v.value!r}" for v in values)
    basis = {
        r.claim_id: ClaimValue(r.claim_id, r.place, value.normalized)
        for position, value in zip(disputed, values, strict=True)
        for r in groups[position]
    }
    return Finding(
        id=finding_id(FindingKind.STATEMENT, subject, basis),
        kind=FindingKind.STATEMENT,
        status=FindingStatus.CONFLICT,
        subject=subject,
        values=values,
        confidence=confidence,
        explanation=f"Outlets place {name} in different towns: {sides}.",
        entity_id=entity_id,
    )


def _places_apart(stated: list[Residence]) -> list[list[Residence]]:
    """The residences grouped by place, a place joining another that names it as one of its
    levels ('Millom' joins 'Newton Street, Millom'); the most stated place leads each group."""
    groups: list[list[Residence]] = []
    for residence in stated:
        joined = [group for group in groups if any(_one_place(residence, r) for r in group)]
        merged = [residence, *(r for group in joined for r in group)]
        groups = [group for group in groups if all(group is not j for j in joined)] + [merged]
    for group in groups:
        counts = Counter(folded(r.place) for r in group)
        group.sort(key=lambda r: (-counts[folded(r.place)], r.claim_id))
    return sorted(groups, key=lambda group: (-len(group), group[0].claim_id))


def _one_place(left: Residence, right: Residence) -> bool:
    """'Millom' and 'Newton Street, Millom' are; 'Spiro, Okla.' and 'Fort Coffee, Okla.' are not."""
    return folded(left.place) in right.levels or folded(right.place) in left.levels
