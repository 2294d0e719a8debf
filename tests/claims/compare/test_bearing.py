"""Bearings: one event put on opposite sides of one place, at one distance."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims import Pipeline
from claims.compare import check_against_corpus, find_discrepancies
from claims.compare.bearing import bearings, opposed_bearings
from models import ArticleIn, Claim, FindingKind
from tests.fixture_types import EcbplusCorpus, MakeCorpus

# ECB+ 12_5ecb (shortened) and 12_17ecb: one pirate attack on the Gibe, which INS Mysore foiled.
EAST_OF_ADEN = (
    "The Ethiopian merchant vessel Gibe reported that it was being attacked by a pirate "
    '"mother dhow" and a speedboat around 150 nautical miles east of Aden.'
)
WEST_OF_ADEN = (
    "Pirates on a dhow and a smaller boat attacked this merchant ship about 1100 hrs IST, "
    "150 nautical miles west of Aden, firing machine guns to scare the crew."
)


@pytest.fixture(scope="module")
def claim(pipeline: Pipeline) -> Callable[..., Claim]:
    """A sentence as the pipeline analyses it: bearings start from its distance figures."""

    def analysed(text: str, claim_id: int = 1) -> Claim:
        (one,) = pipeline.analyse_claim(text, None)
        return one.model_copy(update={"id": claim_id, "article_id": str(claim_id)})

    return analysed


def test_a_bearing_is_a_distance_a_direction_and_a_place(claim: Callable[..., Claim]) -> None:
    (aden,) = bearings(claim(WEST_OF_ADEN))
    assert (aden.direction, aden.place, aden.written_place) == ("west", "aden", "Aden")
    assert aden.metres == pytest.approx(150 * 1852)
    assert WEST_OF_ADEN[aden.span.start : aden.span.end] == "150 nautical miles west of Aden"

    # ECB+ 20_3ecbplus and 20_1ecbplus: a conversion in brackets, a two-word place and point.
    (bandar,) = bearings(claim("The quake hit 58km (36 miles) south-west of Bandar Abbas."))
    assert (bandar.direction, bandar.degrees, bandar.place) == ("southwest", 225, "bandar abbas")
    (dargahan,) = bearings(claim("Its epicentre was seven km east of Dargahan."))
    assert dargahan.metres == 7000


def test_no_bearing_without_a_distance_or_a_named_place(claim: Callable[..., Claim]) -> None:
    assert bearings(claim("The pirates were seen west of Aden on Saturday.")) == []
    assert bearings(claim("The camp lies 20 miles west of the border.")) == []


def test_east_against_west_of_one_place_at_one_distance(claim: Callable[..., Claim]) -> None:
    (disagreement,) = opposed_bearings(claim(EAST_OF_ADEN, 1), claim(WEST_OF_ADEN, 2), 0.8)
    assert disagreement.subject == "direction from Aden"
    assert (disagreement.left.written, disagreement.right.written) == (
        "east of Aden",
        "west of Aden",
    )


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # A writer's rounding: an eighth of a turn apart.
        ("It struck 14 miles northeast of Healdsburg.", "It struck 14 miles east of Healdsburg."),
        # Two places: 'San' alone names neither.
        ("It lies 45 miles south of San Francisco.", "It lies 45 miles north of San Angelo."),
        # Two points on the way: one mile north, then two miles east.
        ("It began one mile north of The Geysers.", "It ended two miles east of The Geysers."),
        # Across north on the circle: northwest (315) and north (0) are an eighth apart.
        ("The boat sank 10 km northwest of Qeshm.", "The boat sank 10 km north of Qeshm."),
        # The same side, told in other units.
        ("It was 1,500 kilometers south of Tehran.", "It was 940 miles south of Tehran."),
    ],
)
def test_bearings_that_do_not_dispute_a_place(
    claim: Callable[..., Claim], left: str, right: str
) -> None:
    mine, theirs = claim(left, 1), claim(right, 2)
    assert len(bearings(mine)) == len(bearings(theirs)) == 1  # both read, and still no dispute
    assert opposed_bearings(mine, theirs, 0.8) == []


def test_qeshm_city_is_qeshm(claim: Callable[..., Claim]) -> None:
    left = claim("The quake was felt 30 km north of Qeshm City.", 1)
    right = claim("The quake was felt 30 km south of Qeshm.", 2)
    assert len(opposed_bearings(left, right, 0.8)) == 1


def test_northwest_against_southeast(claim: Callable[..., Claim]) -> None:
    left = claim("The epicentre was 20 miles northwest of Bandar Abbas.", 1)
    right = claim("The epicentre was 32 km south-east of Bandar Abbas.", 2)
    (disagreement,) = opposed_bearings(left, right, 0.8)
    assert (disagreement.left.written, disagreement.right.written) == (
        "northwest of Bandar Abbas",
        "southeast of Bandar Abbas",
    )


def test_the_comparator_finds_the_attack_placed_on_both_sides_of_aden(
    ecbplus_corpus: EcbplusCorpus, pipeline: Pipeline
) -> None:
    """The two sentences are 0.59 alike, below alignment's 0.6; their distances' clauses
    match, and only the bearing rule reads such a pair among the statement rules."""
    corpus = ecbplus_corpus("12_5ecb", "12_17ecb")
    findings = find_discrepancies(corpus, pipeline.config, embed_clauses=pipeline.embed_clauses)
    (finding,) = [f for f in findings if f.kind == FindingKind.STATEMENT]
    assert finding.subject == "direction from Aden"
    assert sorted(value.value for value in finding.values) == ["east of Aden", "west of Aden"]
    assert {claim.article_id for value in finding.values for claim in value.claims} == {
        "12_5ecb",
        "12_17ecb",
    }


def test_a_posted_claim_on_the_other_side_conflicts(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """A draft that puts the attack east of Aden, checked against the outlet that wrote west."""
    corpus = make_corpus(("12_17", "Harbour Post", "2008-12-14", WEST_OF_ADEN))
    draft = WEST_OF_ADEN.replace("west of Aden", "east of Aden")
    claims = pipeline.analyse_claim(draft, None)
    vectors = pipeline.embed_queries([one.text for one in claims])
    posted = ArticleIn(text=draft, outlet="Evening Post")
    check = check_against_corpus(claims, vectors, posted, corpus, pipeline.config)
    (finding,) = [f for f in check.findings if f.kind == FindingKind.STATEMENT]
    assert [value.value for value in finding.values] == ["east of Aden", "west of Aden"]
