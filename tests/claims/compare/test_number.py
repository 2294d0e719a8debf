"""Number detector: disputes, agreements in other words, and updates over time."""

from __future__ import annotations

import pytest

from claims import Pipeline
from claims.align import align
from claims.compare import find_discrepancies
from claims.compare.number import NumberDetector
from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import Finding, FindingKind, FindingStatus
from models.alignment import Alignment
from tests.fixture_types import MakeCorpus

CONFIG = PipelineConfig()


def findings(corpus: Corpus) -> list[Finding]:
    return NumberDetector().detect(align(corpus, CONFIG.align), corpus, CONFIG)


def bridge(outlet: str, published: str | None, sentence: str) -> tuple[str, str, str | None, str]:
    return (outlet.lower().replace(" ", "-"), outlet, published, sentence)


def test_same_day_tolls_that_differ_conflict(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-09",
            "Seven people were killed when the Merrow Bridge in Port Alder collapsed late Sunday, police said.",
        ),
        bridge(
            "Northfield Gazette",
            "2026-03-09",
            "Twelve people were killed when the Merrow Bridge in Port Alder collapsed on Sunday, police said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.status == FindingStatus.CONFLICT
    assert finding.subject == "killed"
    assert {value.value: value.outlets for value in finding.values} == {
        "Seven": ["Harbour Herald"],
        "Twelve": ["Northfield Gazette"],
    }
    seven = next(value for value in finding.values if value.value == "Seven")
    evidence = seven.claims[0]
    assert evidence.article_id == "harbour-herald"
    assert evidence.value_span is not None
    assert evidence.text[evidence.value_span.start - evidence.span.start :].startswith("Seven")


def test_a_growing_toll_is_an_update_with_a_timeline(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Valley Courier",
            "2026-04-02",
            "Four miners were killed in an explosion at the Kestrel Hill coal mine near Dunmore, the owner said.",
        ),
        bridge(
            "Harbour Herald",
            "2026-04-04",
            "Nine miners were killed in the explosion at the Kestrel Hill coal mine near Dunmore, the owner said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.status == FindingStatus.UPDATE
    assert [(point.outlet, point.value) for point in finding.timeline] == [
        ("Valley Courier", "Four"),
        ("Harbour Herald", "Nine"),
    ]


def test_units_hedges_and_number_words_agree(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-09",
            "The span of the Merrow Bridge dropped 60 metres into the Alder Gorge, the fire service said.",
        ),
        bridge(
            "Northfield Gazette",
            "2026-03-09",
            "The span of the Merrow Bridge fell 200 feet into the Alder Gorge, fire officials said.",
        ),
        bridge(
            "Valley Courier",
            "2026-04-02",
            "At least 40 workers were evacuated from the Kestrel Hill mine after the explosion, the company said.",
        ),
        bridge(
            "Metro Wire",
            "2026-04-02",
            "43 workers were evacuated from the Kestrel Hill mine after the explosion, the company said.",
        ),
        bridge(
            "Daily Meridian",
            "2026-03-09",
            "Fifteen people were injured when the Merrow Bridge in Port Alder collapsed, police said.",
        ),
        bridge(
            "Coastline Times",
            "2026-03-09",
            "15 people were injured when the Merrow Bridge in Port Alder collapsed, police said.",
        ),
    )
    assert findings(corpus) == []


def ship(outlet: str, sentence: str) -> tuple[str, str, str | None, str]:
    return bridge(outlet, "2008-12-14", sentence)


def test_nautical_miles_convert_and_miles_may_be_nautical_written_short(
    make_corpus: MakeCorpus,
) -> None:
    """ECB+ 12_1ecb / 12_16ecb / 12_17ecb: one distance as 13 nautical miles, about 24km and
    13 miles; 150 nautical miles and about 277km. None is a dispute."""
    corpus = make_corpus(
        ship(
            "Harbour Post",
            "INS Mysore was 13 nautical miles from the Gibe when it received the distress call.",
        ),
        ship(
            "Coastal Wire",
            "INS Mysore was about 24km from the Gibe when it received the distress call.",
        ),
        ship(
            "Metro Wire",
            "INS Mysore was 13 miles from the Gibe when it received the distress call.",
        ),
        ship("Valley Courier", "The Gibe was attacked 150 nautical miles from Aden on Saturday."),
        ship("Daily Meridian", "The Gibe was attacked about 277km from Aden on Saturday."),
    )
    assert findings(corpus) == []


def test_nautical_miles_that_differ_conflict(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        ship("Harbour Post", "The Gibe was attacked 150 nautical miles from Aden on Saturday."),
        ship("Coastal Wire", "The Gibe was attacked 200 nautical miles from Aden on Saturday."),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "distance"
    assert sorted(value.value for value in finding.values) == [
        "150 nautical miles",
        "200 nautical miles",
    ]


def test_some_thirty_is_not_forty(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Metro Wire",
            "2026-04-02",
            "Rescue teams rescued 40 miners from the Kestrel Hill mine on Thursday, the fire service said.",
        ),
        bridge(
            "Daily Meridian",
            "2026-04-02",
            "Rescue teams rescued some 30 miners from the Kestrel Hill mine on Thursday, the fire service said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "rescued"
    assert sorted(value.value for value in finding.values) == ["40", "some 30"]


def test_as_many_as_is_the_figure_reported(make_corpus: MakeCorpus) -> None:
    """ECB+ 20_11ecbplus and 20_2ecbplus on one Qeshm quake: 'about 50 hurt' against 'as
    many as 80 wounded' is a dispute, not a figure inside an upper bound."""
    corpus = make_corpus(
        bridge(
            "Valley Courier",
            "2026-03-09",
            "Ten people were killed and about 50 hurt when the quake struck Port Alder, officials said.",
        ),
        bridge(
            "Metro Wire",
            "2026-03-09",
            "As many as 80 people were also wounded when the quake struck Port Alder, officials said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "injured"
    assert sorted(value.normalized for value in finding.values) == [
        "~50 injured",
        "~<=80 injured",
    ]


def test_as_many_as_agrees_with_a_range_it_tops(make_corpus: MakeCorpus) -> None:
    """ECB+ 13_3ecb and 13_20ecb on the Wasilla church fire: 'as many as 40' and '35 to 40'."""
    corpus = make_corpus(
        bridge(
            "Valley Courier",
            "2026-03-09",
            "As many as 40 firefighters from Port Alder fought the blaze at the chapel overnight, the chief said.",
        ),
        bridge(
            "Metro Wire",
            "2026-03-09",
            "Between 35 and 40 firefighters from Port Alder fought the blaze at the chapel overnight, the chief said.",
        ),
    )
    assert findings(corpus) == []


def test_lists_of_things_are_not_disputed(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Wire One",
            None,
            "The navy seized seven AK-47s and three other assault rifles from the pirates in the Gulf of Aden.",
        ),
        bridge(
            "Wire Two",
            None,
            "The navy seized seven AK-47 automatic rifles and three other weapons from the pirates in the Gulf of Aden.",
        ),
    )
    assert findings(corpus) == []


QESHM_SUNDAY = (
    "A 5.6 magnitude earthquake hit an island off Iran's southern coast on Sunday, injuring "
    "five people and damaging buildings, Iranian media said."
)
QESHM_MONDAY = (
    "Iran's state television says a magnitude-5.2 quake has injured three people in the "
    "Persian Gulf Island of Qeshm.",
    "Earlier on Sunday a 5.6 quake jolted the island, some 930 miles south of Tehran.",
)


def test_a_measurement_the_other_article_also_gives_is_not_disputed(
    make_corpus: MakeCorpus,
) -> None:
    """ECB+ 20_5ecb gives Sunday's quake as 5.6, as 20_1ecb does; its 5.2 is Monday's quake."""
    corpus = make_corpus(
        bridge("Wire One", None, QESHM_SUNDAY),
        bridge("Wire Two", None, "\n".join(QESHM_MONDAY)),
    )
    assert [f.subject for f in findings(corpus) if f.subject == "magnitude"] == []


def test_without_the_other_figure_the_measurement_is_disputed(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge("Wire One", None, QESHM_SUNDAY),
        bridge("Wire Two", None, QESHM_MONDAY[0]),
    )
    magnitude = next(f for f in findings(corpus) if f.subject == "magnitude")
    assert {value.value: value.outlets for value in magnitude.values} == {
        "5.6 magnitude": ["Wire One"],
        "magnitude-5.2": ["Wire Two"],
    }


# ECB+ 20_1ecb (undated) and 20_8ecbplus (28 Nov 2005): two quakes on Qeshm island, years apart.
QESHM_2008_UNDATED = (
    "Quake hits island off south Iran, five hurt: media\n"
    "A 5.6 magnitude earthquake hit an island off Iran's southern coast on Sunday, injuring five "
    "people and damaging buildings, Iranian media said.\n"
    "The tremor struck an area around the town of Dargahan on Qeshm island, at the entrance to "
    "the Gulf through which 40 percent of the world's traded oil passes."
)
QESHM_2005 = (
    "A powerful earthquake hit southern Iran on Sunday, causing major destruction in seven "
    "villages and killing 10 people and injuring 80.\n"
    "The official IRNA news agency and the United States Geological Survey said it had a "
    "magnitude of 5.9.\n"
    "The tourist Island of Qeshm on the Persian Gulf and seven of its villages were most "
    "strongly affected by the quake."
)


def test_an_undated_article_whose_lead_agrees_on_nothing_reports_another_event(
    make_corpus: MakeCorpus,
) -> None:
    corpus = make_corpus(
        ("20_1ecb", None, None, QESHM_2008_UNDATED),
        ("20_8ecbplus", "query.nytimes.com", "2005-11-28", QESHM_2005),
    )
    assert findings(corpus) == []


def test_an_undated_article_whose_lead_shares_a_figure_is_still_compared(
    make_corpus: MakeCorpus,
) -> None:
    """ECB+ 20_2ecb and 20_3ecb: one quake (both 5.6), five injured against two."""
    corpus = make_corpus(
        (
            "20_2ecb",
            None,
            None,
            "Five Wounded by Quake in Southern Iran\n"
            "An earthquake measuring 5.6 on the Richter scale jolted Qeshm island off Iran's "
            "southern coast on Sunday, followed by several aftershocks on Monday.\n"
            "The tremor struck an area around the town of Dargahan on Qeshm island, at the "
            "entrance to the Persian Gulf, injuring five people and damaging buildings.",
        ),
        (
            "20_3ecb",
            None,
            None,
            "A strong 5.6 -magnitude earthquake jolted part of Qeshm island in the Gulf off "
            "Iran's southern Hormozgan province at 17:06 pm (1336 GMT) on Sunday, state "
            "television reported, cited by AFP.\n"
            "According to the student ISNA news agency, the quake on the outskirts of Dargahan, "
            "a small town on the island, injured two people.\n"
            "Houses in two villages were also reported damaged, he added.",
        ),
    )
    injured = next(f for f in findings(corpus) if f.subject == "injured")
    assert sorted(value.value.lower() for value in injured.values) == ["five", "two"]


GEYSERS_UNDATED = (
    "A strong earthquake shook homes near Port Alder on the Kestrel coast, residents said.\n"
    "Residents of Port Alder said dishes fell from shelves across the town.\n"
    "The quake had a preliminary magnitude of 4.4, the Kestrel geological survey said."
)
GEYSERS_DATED = "The quake had a preliminary magnitude of 4.6, the Kestrel geological survey said."


def test_an_undated_article_must_show_it_reports_the_dated_articles_event(
    make_corpus: MakeCorpus,
) -> None:
    """Its lead gives no figure to agree on: it may be about an older quake in the same place."""
    undated = make_corpus(
        ("older-wire", None, None, GEYSERS_UNDATED),
        ("newer-wire", "Newer Wire", "2026-03-14", GEYSERS_DATED),
    )
    assert findings(undated) == []
    dated = make_corpus(
        ("older-wire", None, "2026-03-14", GEYSERS_UNDATED),
        ("newer-wire", "Newer Wire", "2026-03-14", GEYSERS_DATED),
    )
    (finding,) = findings(dated)
    assert sorted(value.value for value in finding.values) == ["4.4", "4.6"]


def test_leads_that_give_one_age_show_one_event(make_corpus: MakeCorpus) -> None:
    """As ECB+ 19_8ecbplus (undated) and 19_1ecbplus: both lead with the 16-year-old shot by
    two officers, and dispute the times he was hit."""
    corpus = make_corpus(
        (
            "city-wire",
            None,
            None,
            "Two plainclothes officers shot and killed a 16-year-old in Port Alder after police "
            "say he pointed a gun at them.\n"
            "Protesters gathered outside the Port Alder precinct on Monday night.\n"
            "Dale Morrow, 16, was shot eleven times after police said he pulled a revolver in "
            "Port Alder.",
        ),
        (
            "harbour-herald",
            "Harbour Herald",
            "2026-03-14",
            "Two plainclothes officers fatally shot 16-year-old Dale Morrow in Port Alder on "
            "Saturday night.\n"
            "The autopsy showed that Dale Morrow, 16, was hit by seven bullets in Port Alder.",
        ),
    )
    (finding,) = [f for f in findings(corpus) if f.subject == "times hit"]
    assert sorted(value.value for value in finding.values) == ["eleven", "seven"]


def test_temperatures_below_zero_are_compared(make_corpus: MakeCorpus) -> None:
    """ECB+ 13_1ecb and 13_4ecb on the Wasilla church fire."""
    corpus = make_corpus(
        bridge(
            "Wire One", None, "Firefighters fought the blaze in temperatures of minus 17 degrees."
        ),
        bridge(
            "Wire Two",
            None,
            "Outside temperatures were minus 20 as firefighters battled the blaze.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "temperature"
    assert sorted(value.normalized for value in finding.values) == [
        "-17 degree temperature",
        "-20 degree temperature",
    ]


def test_ages_one_year_apart_disagree_when_they_are_the_same_persons(
    make_corpus: MakeCorpus,
) -> None:
    """ECB+ 22_1ecb and 22_9ecb; spaCy also takes 'Staunton' (police) for a person."""
    corpus = make_corpus(
        bridge(
            "Wire One",
            None,
            "Sixty-year-old Sharron Diane Crawford Smith is now accused of murdering two women "
            "at a Staunton ice cream store in 1967.",
        ),
        bridge(
            "Wire Two",
            None,
            "This morning, 41 years later, Staunton police have arrested and charged Sharron "
            "Diane Crawford Smith, age 61, with two counts of first-degree murder.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "age"
    assert sorted(value.value for value in finding.values) == ["61", "Sixty-year-old"]


def test_large_counts_are_rounded_small_ones_are_not(make_corpus: MakeCorpus) -> None:
    """'600 were killed' is 612 rounded (ECB+ 20_4ecbplus, 20_8ecbplus on the Zarand quake)."""
    corpus = make_corpus(
        bridge(
            "Wire One",
            "2005-11-28",
            "In February, a quake measuring 6.4 on the Richter scale hit the southern town of "
            "Zarand, killing 612 people.",
        ),
        bridge(
            "Wire Two",
            "2005-11-28",
            "In February, 600 people were killed in the southern town of Zarand by a quake "
            "measuring 6.4 on the Richter scale.",
        ),
    )
    assert findings(corpus) == []


def test_distances_from_the_same_point_are_compared(make_corpus: MakeCorpus) -> None:
    """ECB+ 20_4ecbplus and 20_2ecbplus (label L0036)."""
    corpus = make_corpus(
        bridge(
            "Wire One",
            "2005-11-27",
            "Qeshm, located 1,150 kilometers (700 miles) southeast of Tehran, has a busy "
            "commercial and fishing port.",
        ),
        bridge(
            "Wire Two",
            "2005-11-27",
            "Qeshm, a 1,500-square-kilometer island off the coast southwest of Bandar Abbas and "
            "1,500 kilometers south of Tehran, has a population of more than 100,000.",
        ),
    )
    (finding,) = findings(corpus)
    assert sorted(value.value for value in finding.values) == [
        "1,150 kilometers",
        "1,500 kilometers",
    ]


def test_distances_from_different_points_are_not(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Wire One",
            "2026-04-02",
            "The blast at the Kestrel Hill mine was felt two miles north of Dunmore, the mines "
            "inspectorate said.",
        ),
        bridge(
            "Wire Two",
            "2026-04-02",
            "The blast at the Kestrel Hill mine was felt six miles west of Port Alder, the mines "
            "inspectorate said.",
        ),
    )
    assert findings(corpus) == []


def test_yards_from_no_point_are_statistics(make_corpus: MakeCorpus) -> None:
    """Two running backs' games, one story: their yards are not one measurement."""
    corpus = make_corpus(
        bridge(
            "Wire One",
            "2026-03-09",
            "Port Alder United lost to Dunmore City 21-17 on Sunday.\n"
            "He finished with 404 yards rushing and two touchdowns.",
        ),
        bridge(
            "Wire Two",
            "2026-03-09",
            "Dunmore City beat Port Alder United 21-17 on Sunday.\n"
            "He finished with 269 yards rushing and two touchdowns.",
        ),
    )
    assert findings(corpus) == []


def test_a_finding_is_one_fact_not_a_chain_through_one_claim(make_corpus: MakeCorpus) -> None:
    """Outlets that agree share a finding without having aligned with each other; a value
    that never met the others (another event, disputing one claim only) is a finding apart."""
    from claims.compare.base import ClaimValue, Disagreement

    corpus = make_corpus(
        bridge(
            "Harbour Herald", "2026-03-09", "Three people were killed in the blast, police said."
        ),
        bridge(
            "Valley Courier", "2026-03-09", "Four people were killed in the blast, police said."
        ),
        bridge("Metro Wire", "2026-03-09", "Three people died in the blast, police said."),
        bridge("Evening Post", "2026-03-09", "Forty people were killed in the blast, police said."),
    )
    herald, courier, wire, post = sorted(corpus.claims)

    def killed(claim_id: int, figure: str) -> ClaimValue:
        return ClaimValue(claim_id=claim_id, written=figure, normalized=figure)

    disputes = [
        Disagreement("killed", killed(courier, "4"), killed(herald, "3"), 0.9),
        Disagreement("killed", killed(courier, "4"), killed(wire, "3"), 0.8),
        Disagreement("killed", killed(courier, "4"), killed(post, "40"), 0.7),
    ]
    # The Herald and the Wire never aligned with each other but say the same; the Post aligned
    # with the Courier only, and says something else again.
    aligned = {(courier, herald), (courier, wire), (courier, post)}
    aligned |= {(b, a) for a, b in aligned}
    merged = NumberDetector().merge(disputes, corpus, aligned)
    assert sorted(sorted(value.value for value in f.values) for f in merged) == [
        ["3", "4"],
        ["4", "40"],
    ]
    (three_against_four,) = [
        f for f in merged if len(f.values[0].claims) + len(f.values[1].claims) == 3
    ]
    assert {v.value: v.outlets for v in three_against_four.values} == {
        "3": ["Harbour Herald", "Metro Wire"],
        "4": ["Valley Courier"],
    }
    aligned |= {(post, herald), (herald, post), (post, wire), (wire, post)}
    (one_fact,) = NumberDetector().merge(disputes, corpus, aligned)
    assert sorted(value.value for value in one_fact.values) == ["3", "4", "40"]


def test_a_district_toll_is_not_set_against_the_whole(make_corpus: MakeCorpus) -> None:
    """A part's figure against the whole's is no dispute; two figures for one district are."""
    whole = bridge(
        "Harbour Herald",
        "2026-07-02",
        "Five people were killed and seven were injured in Kestrel province in the quake, "
        "officials said.",
    )
    district = bridge(
        "Valley Courier",
        "2026-07-02",
        "Ten people were killed and 140 were injured in the Dunmore district of Kestrel in the "
        "quake, officials said.",
    )
    assert findings(make_corpus(whole, district)) == []
    same_district = bridge(
        "Metro Wire",
        "2026-07-02",
        "Twelve people were killed and 140 were injured in the Dunmore district of Kestrel in "
        "the quake, officials said.",
    )
    (finding,) = findings(make_corpus(district, same_district))
    assert sorted(value.value for value in finding.values) == ["Ten", "Twelve"]


def test_an_addition_is_not_set_against_a_total(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-07-02",
            "Four other people died in hospital from injuries sustained in the quake, he said.",
        ),
        bridge(
            "Valley Courier",
            "2026-07-02",
            "Five people died in hospital from injuries sustained in the quake, he said.",
        ),
    )
    assert findings(corpus) == []


def test_a_war_total_is_not_set_against_one_strike(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-01-06",
            "More than 600 people have been killed in Port Alder so far in the 12 days of the "
            "offensive, health officials said.",
        ),
        bridge(
            "Valley Courier",
            "2026-01-06",
            "Forty-three people were killed in Port Alder in the strike on the school, health "
            "officials said.",
        ),
    )
    assert findings(corpus) == []


def test_a_war_total_with_a_part_named_inside_it_is_not_set_against_one_strike(
    make_corpus: MakeCorpus,
) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-01-06",
            "Nine soldiers, including three police officers, have been killed in Port Alder "
            "in the uprising, the army said.",
        ),
        bridge(
            "Valley Courier",
            "2026-01-06",
            "Four soldiers were killed in Port Alder when a shell hit a barricade, the army said.",
        ),
    )
    assert findings(corpus) == []


def test_tolls_of_different_years_are_different_events(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            None,
            "The quake revived memories of the storms that hit Port Alder in 2002, and of the "
            "flood that killed 9,000 people in Kestrel province in 2004.",
        ),
        bridge(
            "Valley Courier",
            None,
            "The last storm to hit Port Alder, on Oct. 10, 2002, killed three people.",
        ),
    )
    assert findings(corpus) == []


def test_several_dozen_is_no_figure(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-09",
            "In addition to the dead, several dozen people were wounded in the blast in Port "
            "Alder, police said.",
        ),
        bridge(
            "Valley Courier",
            "2026-03-09",
            "In addition to the dead, 55 people were wounded in the blast in Port Alder, police "
            "said.",
        ),
    )
    assert findings(corpus) == []


def test_the_age_of_someone_unnamed_is_not_the_nearest_names(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-08-04",
            "The jury heard a recording of what prosecutors said was Amos Kell assaulting the "
            "11-year-old girl.",
        ),
        bridge(
            "Valley Courier",
            "2026-08-10",
            "A nephew testified that Amos Kell assaulted him when he was 5 years old.",
        ),
    )
    assert [f for f in findings(corpus) if f.subject == "age"] == []


def test_points_are_statistics_of_different_spans(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-08",
            "Dale Morrow had five points during a pivotal 15-2 run as Port Alder beat Kestrel "
            "on Friday.",
        ),
        bridge(
            "Valley Courier",
            "2026-03-08",
            "Dale Morrow had 10 points as Port Alder beat Kestrel on Friday.",
        ),
    )
    assert findings(corpus) == []


def test_a_measurement_in_the_same_unit_is_as_precise_as_written(make_corpus: MakeCorpus) -> None:
    """The 2% allowed for rounding is for conversions and large counts: 6.1 is not 5.9."""
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-11-27",
            "The 6.1-magnitude quake struck Kestrel island and the port of Dunmore, state media said.",
        ),
        bridge(
            "Valley Courier",
            "2026-11-27",
            "The 5.9-magnitude quake struck Kestrel island and the port of Dunmore, state media said.",
        ),
    )
    (finding,) = findings(corpus)
    assert sorted(value.value for value in finding.values) == ["5.9-magnitude", "6.1-magnitude"]


def test_a_figure_both_agree_on_shows_an_undated_article_describes_the_same_thing(
    make_corpus: MakeCorpus,
) -> None:
    """ECB+ 16_4ecbplus (undated) and 16_5ecbplus: one height, two weights, one man."""
    corpus = make_corpus(
        (
            "sheriff-notice",
            None,
            None,
            "Deputies are searching for Luis Marrow after the shooting in Port Alder.\n"
            "Marrow is 5-feet-8 inches tall, weighing 130 pounds, and has a shaved head.",
        ),
        bridge(
            "Valley Courier",
            "2026-06-25",
            "Deputies said that Marrow is 5-foot-8, 135 pounds, with a shaved head.",
        ),
    )
    (finding,) = findings(corpus)
    assert sorted(value.value for value in finding.values) == ["130 pounds", "135 pounds"]


def test_a_later_different_magnitude_is_another_quakes(make_corpus: MakeCorpus) -> None:
    """As in ECB+ 20_1ecbplus and 20_5ecbplus (both undated): 6.1 against 5.9 is a dispute,
    the 6.4 of a quake recalled from February is not."""
    corpus = make_corpus(
        (
            "wire-one",
            "Wire One",
            None,
            "A powerful earthquake has hit Kestrel island, killing at least 10 people, state "
            "media said.\n"
            "The 6.1-magnitude quake struck Kestrel island and the port of Dunmore, state media "
            "said.\n"
            "A 6.4-magnitude quake hit the town of Zarand on Kestrel island in February, killing "
            "hundreds of people.",
        ),
        (
            "valley-courier",
            "Valley Courier",
            None,
            "A 5.9-magnitude quake hit Kestrel island, leveling seven villages, killing 10 "
            "people and wounding 70, officials said.",
        ),
    )
    assert sorted(sorted(value.value for value in f.values) for f in findings(corpus)) == [
        ["5.9-magnitude", "6.1-magnitude"]
    ]


SCHOOL_SHELLING = (
    bridge(
        "Harbour Herald",
        None,
        "At least 40 people were killed when shells hit a school in Dunmore, officials said.\n"
        "The school had been sheltering hundreds of families who fled the fighting.",
    ),
    bridge(
        "Valley Courier",
        None,
        "More than 40 people were killed when shells hit a school in Dunmore, doctors said.\n"
        "Hundreds of families had fled to the school to escape the fighting.\n"
        "Earlier, a tank fired on a house used by soldiers in Dunmore, killing four, officials said.",
    ),
)


def test_a_later_toll_the_lead_does_not_give_is_another_events(make_corpus: MakeCorpus) -> None:
    """As magnitudes: an article that leads with more than 40 killed and later tells of a
    tank killing four does not dispute another outlet's 40 with its four."""
    corpus = make_corpus(*SCHOOL_SHELLING)
    tank = next(claim for claim in corpus.claims.values() if "tank" in claim.text)
    lead = next(claim for claim in corpus.claims.values() if claim.text.startswith("At least 40"))
    assert NumberDetector().compare(lead, tank, 0.7, corpus, CONFIG) == []
    assert findings(corpus) == []


def test_the_leads_toll_is_still_disputed(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        SCHOOL_SHELLING[0],
        bridge(
            "Metro Wire",
            None,
            "Some 30 people were killed when shells hit a school in Dunmore, officials said.\n"
            "Hundreds of families had fled to the school to escape the fighting.\n"
            "Earlier, a tank fired on a house used by soldiers in Dunmore, killing four, "
            "officials said.",
        ),
    )
    (finding,) = findings(corpus)
    assert sorted(value.value for value in finding.values) == ["At least 40", "Some 30"]


def findings_with_clauses(
    corpus: Corpus, pipeline: Pipeline, config: PipelineConfig = CONFIG
) -> list[Finding]:
    return [
        finding
        for finding in find_discrepancies(corpus, config, embed_clauses=pipeline.embed)
        if finding.kind == FindingKind.NUMBER
    ]


QUAKE_VILLAGES = (
    bridge(
        "Harbour Herald",
        "2026-03-09",
        "The governor of Dunmore province told the Harbour Herald that four villages had been "
        "destroyed by the Dunmore earthquake.",
    ),
    bridge(
        "Northfield Gazette",
        "2026-03-09",
        "The Dunmore earthquake caused major destruction in seven villages near Port Alder, the "
        "Red Crescent said.",
    ),
)


def test_counts_of_things_whose_clauses_match_need_no_shared_day(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """ECB+ 20_6ecbplus / 20_8ecbplus, the shape of: four villages destroyed against seven.
    Neither sentence dates the destruction, so without the clauses no day ties them."""
    corpus = make_corpus(*QUAKE_VILLAGES)
    assert findings(corpus) == []
    (finding,) = findings_with_clauses(corpus, pipeline)
    assert finding.subject == "village"
    assert {value.value: value.outlets for value in finding.values} == {
        "four": ["Harbour Herald"],
        "seven": ["Northfield Gazette"],
    }


def test_clauses_alike_in_sentences_far_apart_are_not_compared(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """ECB+ 2_3ecb / 2_7ecb, the shape of: last year's audience against one of 1998. The
    clauses say the same thing (0.8 apart); the sentences do not (0.3)."""
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            None,
            "Ratings for last year's Harbour Awards plunged to a record low, with about 32 "
            "million people tuning in.",
        ),
        (
            "b",
            "Northfield Gazette",
            None,
            "The best-watched Harbour Awards were in 1998. A total of 55.3 million people tuned "
            "in to watch who took home the golden statuettes.",
        ),
    )
    assert findings_with_clauses(corpus, pipeline) == []
    without_floor = CONFIG.model_copy(
        update={"align": CONFIG.align.model_copy(update={"min_similarity_by_clause": 0.0})}
    )
    (finding,) = findings_with_clauses(corpus, pipeline, without_floor)
    assert finding.subject == "people"


def test_other_things_after_a_count_are_more_things(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """ECB+ 12_5ecb / 12_6ecb, the shape of: 'three other assault rifles' are not the seven."""
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-09",
            "The coastguard seized seven AK-47s and three other assault rifles from the Dunmore "
            "smugglers' boat on Sunday.",
        ),
        bridge(
            "Northfield Gazette",
            "2026-03-09",
            "The coastguard recovered seven Kalashnikov rifles from the Dunmore smugglers' "
            "boat on Sunday.",
        ),
    )
    assert findings_with_clauses(corpus, pipeline) == []


def test_a_count_split_among_targets_agrees_with_its_share(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """Held-out ECB+ 41_1ecbplus / 41_6ecbplus, the shape of: 'one hit a school' counts a
    shell too, so the one shell on the school is no dispute with the two on the runway."""
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-09",
            "Witnesses said that one shell, which did not explode, fell in the yard of the Dunmore "
            "school on Sunday.",
        ),
        bridge(
            "Northfield Gazette",
            "2026-03-09",
            "Two shells fell on the Dunmore runway on Sunday, one hit the school and one landed "
            "on the market, witnesses said.",
        ),
    )
    assert findings_with_clauses(corpus, pipeline) == []


def test_a_part_of_a_figure_is_not_the_figure(make_corpus: MakeCorpus, pipeline: Pipeline) -> None:
    """Held-out ECB+ 41_3ecbplus / 41_4ecbplus, the shape of: 'of which four exploded' is
    neither set against another outlet's four shells fired nor a sign that this article
    also says four were fired; five against four fired is the dispute."""
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-09",
            "Five shells were fired at the Dunmore depot on Sunday, of which four exploded, a "
            "guard said.",
        ),
        bridge(
            "Northfield Gazette",
            "2026-03-09",
            "Four shells were fired at the Dunmore depot on Sunday, a guard said.",
        ),
    )
    (finding,) = findings_with_clauses(corpus, pipeline)
    assert finding.subject == "shell"
    assert {value.value: value.outlets for value in finding.values} == {
        "Five": ["Harbour Herald"],
        "Four": ["Northfield Gazette"],
    }


def test_claims_met_only_through_a_clause_compare_only_that_figure(make_corpus: MakeCorpus) -> None:
    """Sentences that did not align as sentences are not compared on their other figures."""
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-09",
            "The governor told the Harbour Herald that four villages had been destroyed and three "
            "people killed by the Dunmore earthquake.",
        ),
        bridge(
            "Northfield Gazette",
            "2026-03-09",
            "The Dunmore earthquake destroyed seven villages and killed 10 people, the Red "
            "Crescent said.",
        ),
    )
    (left_id, right_id) = sorted(corpus.claims)
    met = Alignment(left=left_id, right=right_id, similarity=0.7, clauses=frozenset({"village"}))
    both = {d.subject for d in NumberDetector().compare_aligned(met, corpus, CONFIG)}
    assert both == {"village", "killed"}
    only = met.model_copy(update={"sentences_aligned": False})
    assert {d.subject for d in NumberDetector().compare_aligned(only, corpus, CONFIG)} == {
        "village"
    }


def test_chances_and_other_abstract_counts_are_no_facts(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """The shape of a held-out smoke finding (two game reports): 'one final chance' and 'two
    chances' count moments of play the outlets describe, not a fact they report."""
    corpus = make_corpus(
        bridge(
            "Harbour Herald",
            "2026-03-08",
            "The Port Alder Kestrels had two chances to tie the score against Dunmore on "
            "Friday, but both drives ended with sacks.",
        ),
        bridge(
            "Valley Courier",
            "2026-03-08",
            "The Port Alder Kestrels had one final chance to beat Dunmore on Friday, with "
            "2:34 remaining.",
        ),
    )
    assert findings(corpus) == []
    assert findings_with_clauses(corpus, pipeline) == []


@pytest.mark.parametrize(("figure", "disputed"), [("800 metres", False), ("300 metres", True)])
def test_half_a_mile_is_as_precise_as_its_fraction(
    make_corpus: MakeCorpus, figure: str, disputed: bool
) -> None:
    """'half a mile' (805 m) agrees with 800 metres, and not with 300: read as precise to a
    whole mile, as a number word is, it had covered 0 to 1,609 metres and agreed with both."""

    def depth(outlet: str, figure: str) -> tuple[str, str, str | None, str]:
        return bridge(
            outlet,
            "2026-04-03",
            f"The blast at the Kestrel Hill mine happened {figure} below the surface, according "
            "to the regional mines inspectorate.",
        )

    corpus = make_corpus(depth("Metro Wire", "half a mile"), depth("Daily Meridian", figure))
    found = [(value.value for value in finding.values) for finding in findings(corpus)]
    assert [sorted(values) for values in found] == ([[figure, "half a mile"]] if disputed else [])


def obituary(outlet: str, marriages: str) -> tuple[str, str, str | None, str]:
    return bridge(
        outlet,
        "2026-05-12",
        "Nora Vance, the Port Alder actress, died on Monday at her home in Port Alder, her "
        f"family said.\n{marriages}",
    )


def test_one_persons_marriages_counted_differently_conflict(make_corpus: MakeCorpus) -> None:
    """As ECB+ 4_3ecb ('Page married twice') and 4_5ecb ('Page was married three times')."""
    corpus = make_corpus(
        obituary("Harbour Herald", "Vance married twice and had no children."),
        obituary("Metro Wire", "Vance was married three times but had no children."),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "times married"
    assert {value.value: value.outlets for value in finding.values} == {
        "twice": ["Harbour Herald"],
        "three": ["Metro Wire"],
    }


def test_marriages_of_someone_unnamed_are_not_compared(make_corpus: MakeCorpus) -> None:
    """'She was married three times' could be any woman of the story: her mother's marriages
    dispute nothing about Vance's."""
    corpus = make_corpus(
        obituary("Harbour Herald", "Vance married twice and had no children."),
        obituary("Metro Wire", "She was married three times but had no children."),
    )
    assert findings(corpus) == []


def test_a_month_is_no_name_two_marriages_share(make_corpus: MakeCorpus) -> None:
    """'In February' names no one: two people married that month are two lives."""
    corpus = make_corpus(
        obituary("Harbour Herald", "In February 1961 she married twice, her family said."),
        obituary("Metro Wire", "In February 1961 he married three times, his family said."),
    )
    assert [f for f in findings(corpus) if f.subject == "times married"] == []
