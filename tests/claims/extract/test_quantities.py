"""Quantities: values, hedges, units and what is counted, exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from claims.extract.quantities import extract_quantities
from models import Hedge


def figures(nlp: Language, text: str) -> list[tuple[str, float, str | None, Hedge]]:
    return [(q.text, q.value, q.counted, q.hedge) for q in extract_quantities(nlp(text)[:])]


def test_number_words_and_ellipsis(nlp: Language) -> None:
    found = extract_quantities(
        nlp(
            "According to the Ministry of Health of the government of Libya, eleven people were "
            "killed and 23 injured in the fighting over Tripoli."
        )[:]
    )
    assert [(q.text, q.value, q.counted, q.cumulative) for q in found] == [
        ("eleven", 11.0, "killed", True),
        ("23", 23.0, "injured", True),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The blast killed at least 40 people, police said.",
            [("at least 40", 40.0, "killed", Hedge.AT_LEAST)],
        ),
        ("Some 30 others were wounded in the attack.", [("Some 30", 30.0, "injured", Hedge.ABOUT)]),
        (
            "More than 200 protesters were arrested on Monday.",
            [("More than 200", 200.0, "arrested", Hedge.MORE_THAN)],
        ),
        (
            "As many as 80 people were also wounded.",
            [("As many as 80", 80.0, "injured", Hedge.AS_MANY_AS)],
        ),
        (
            "The church accommodates congregations of up to 1,000 people.",
            [("up to 1,000", 1000.0, "people", Hedge.AT_MOST)],
        ),
        ("A dozen miners were rescued overnight.", [("A dozen", 12.0, "rescued", Hedge.EXACT)]),
        ("The death toll rose to 43 on Wednesday.", [("43", 43.0, "killed", Hedge.EXACT)]),
        (
            "Twenty people died, hospital officials said, while the ministry put the toll at 18.",
            [("Twenty", 20.0, "killed", Hedge.EXACT), ("18", 18.0, "killed", Hedge.EXACT)],
        ),
        (
            "Dozens of people were injured in the riots.",
            [("Dozens", 24.0, "injured", Hedge.VAGUE)],
        ),
        (
            "In addition to the dead, several dozen people were wounded in the blast.",
            [("several dozen", 24.0, "injured", Hedge.VAGUE)],
        ),
        (
            "A few hundred protesters were arrested on Monday.",
            [("A few hundred", 200.0, "arrested", Hedge.VAGUE)],
        ),
        (  # one vague figure: not 'Hundreds' counting thousands and 'thousands' of its own
            "Hundreds of thousands of civilians have been uprooted by the fighting.",
            [("Hundreds of thousands", 200_000.0, None, Hedge.VAGUE)],
        ),
        (
            "Tens of thousands of people were evacuated from the coast.",
            [("Tens of thousands", 20_000.0, "evacuated", Hedge.VAGUE)],
        ),
        (
            "Twenty-three pilgrims died in the crush.",
            [("Twenty-three", 23.0, "killed", Hedge.EXACT)],
        ),
        (
            "The 1998 floods killed 3,400 people in nine provinces.",
            [("3,400", 3400.0, "killed", Hedge.EXACT), ("nine", 9.0, "province", Hedge.EXACT)],
        ),
    ],
)
def test_hedges_and_counted_things(nlp: Language, sentence: str, expected: list) -> None:
    assert figures(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Half a dozen houses were destroyed in the landslide.",
            [("Half a dozen", 6.0, "house", Hedge.EXACT)],
        ),
        (
            "Half a million people fled the city.",
            [("Half a million", 500_000.0, "people", Hedge.EXACT)],
        ),
        (
            "Some one and a half million people were displaced by the floods.",
            [("Some one and a half million", 1_500_000.0, "displaced", Hedge.ABOUT)],
        ),
        # The 40 are the group a part is taken from; the verb counts the part.
        ("Half of the 40 miners were rescued.", [("40", 40.0, "miner", Hedge.EXACT)]),
        ("All of the 40 miners were rescued.", [("40", 40.0, "rescued", Hedge.EXACT)]),
        (
            "None of the 40 miners were killed, officials said.",
            [
                ("40", 40.0, "miner", Hedge.EXACT),
                ("None of the 40 miners", 0.0, "killed", Hedge.EXACT),
            ],
        ),
        (
            "Not a single person was injured.",
            [("Not a single person", 0.0, "injured", Hedge.EXACT)],
        ),
    ],
)
def test_halves_parts_and_zeros_are_read(nlp: Language, sentence: str, expected: list) -> None:
    assert figures(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "metres"),
    [
        (  # ECB+ 21_3ecbplus
            "Chohan, who lived half a mile away in South Ozone Park, was rushed to Jamaica "
            "Hospital, where she later died.",
            "half a mile",
            0.5,
            "mile",
            804.672,
        ),
        (  # ECB+ 21_13ecbplus
            "She had moved about a mile and a half away five or six years ago, her friend said.",
            "about a mile and a half",
            1.5,
            "mile",
            2414.016,
        ),
        (  # spaCy tags '2 and a half miles' a time
            "The trail runs 2 and a half miles along the river.",
            "2 and a half miles",
            2.5,
            "mile",
            4023.36,
        ),
        (
            "It took rescuers an hour and a half to reach the miners.",
            "an hour and a half",
            1.5,
            "hour",
            None,
        ),
    ],
)
def test_a_half_of_a_unit_is_measured(
    nlp: Language, sentence: str, text: str, value: float, unit: str, metres: float | None
) -> None:
    (quantity, *_) = extract_quantities(nlp(sentence)[:])
    assert (quantity.text, quantity.value, quantity.unit) == (text, value, unit)
    if metres is not None:
        assert quantity.si_value == pytest.approx(metres)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # spaCy tags 'Between 30 and 40' a date
            "Between 30 and 40 people were hurt in the blast.",
            [("Between 30 and 40", 30.0, "injured", Hedge.RANGE)],
        ),
        (
            "The fire broke out at 2 am and 30 people were evacuated.",
            [("30", 30.0, "evacuated", Hedge.EXACT)],
        ),
        ("On Sunday 30 people were arrested.", [("30", 30.0, "arrested", Hedge.EXACT)]),
        ("On March 30 people gathered outside the court.", []),  # a day, after its month
    ],
)
def test_what_spacy_mislabels_is_read_by_what_follows(
    nlp: Language, sentence: str, expected: list
) -> None:
    assert figures(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council will spend £3m on repairs.", ("£3m", 3e6, "GBP", "money")),
        ("The deal is worth $1.2bn, officials said.", ("$1.2bn", 1.2e9, "USD", "money")),
        (
            "About 2.5m people were displaced by the floods.",
            ("About 2.5m", 2.5e6, None, "displaced"),
        ),
        ("More than 20k people marched.", ("More than 20k", 2e4, None, "people")),
        ("The epicentre was 300m below the surface.", ("300m", 300.0, "metre", "distance")),
    ],
)
def test_short_scales_beside_money_or_people(
    nlp: Language, sentence: str, expected: tuple[str, float, str | None, str]
) -> None:
    (quantity,) = extract_quantities(nlp(sentence)[:])
    assert (quantity.text, quantity.value, quantity.unit, quantity.counted) == expected


def test_range_between(nlp: Language) -> None:
    (quantity,) = extract_quantities(nlp("The quake struck between 30 and 40 km away.")[:])
    assert quantity.text == "between 30 and 40 km"
    assert (quantity.value, quantity.high, quantity.hedge) == (30.0, 40.0, Hedge.RANGE)
    assert quantity.si_value == pytest.approx(30_000.0)


def test_units_convert_so_metres_and_feet_compare(nlp: Language) -> None:
    (metres,) = extract_quantities(nlp("The span dropped 60 metres into the gorge.")[:])
    (feet,) = extract_quantities(nlp("The span fell 200 feet into the gorge.")[:])
    assert (metres.unit, metres.counted, metres.si_value) == ("metre", "distance", 60.0)
    assert (feet.unit, feet.counted) == ("foot", "distance")
    assert feet.si_value == pytest.approx(60.96)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("A magnitude 6.1 earthquake struck the island.", 6.1),
        ("The 6.1-magnitude quake struck Qeshm island.", 6.1),
        ("An earthquake measuring 5.6 on the Richter scale jolted Qeshm island.", 5.6),
        # ECB+ 20_5ecb: spaCy keeps the hyphenated figure as one token.
        ("Iran's state television says a magnitude-5.2 quake has injured people.", 5.2),
        # ECB+ 20_5ecb: a decimal figure right before the quake word.
        ("Earlier on Sunday a 5.6 quake jolted the island.", 5.6),
    ],
)
def test_magnitudes(nlp: Language, sentence: str, value: float) -> None:
    assert [(q.value, q.counted) for q in extract_quantities(nlp(sentence)[:])] == [
        (value, "magnitude")
    ]


def test_a_count_of_quakes_is_not_a_magnitude(nlp: Language) -> None:
    found = extract_quantities(nlp("Two quakes hit the island on Sunday.")[:])
    assert [(q.value, q.counted) for q in found] == [(2.0, "quake")]


def test_ages(nlp: Language) -> None:
    found = extract_quantities(nlp("The 33-year-old actress was released on Monday.")[:])
    assert [(q.text, q.value, q.counted) for q in found] == [("33-year-old", 33.0, "age")]


def test_stated_zero(nlp: Language) -> None:
    found = extract_quantities(nlp("No one was killed in the blast, the mayor said.")[:])
    assert [(q.text, q.value, q.counted) for q in found] == [("No one", 0.0, "killed")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The UN embassy in Libya called for a two-hour ceasefire to evacuate civilians.",
        "Muammar Gaddafi was toppled in 2011.",
        "Haftar's LNA on April 4 launched the offensive aimed at taking the capital.",
        "One of the victims was a pregnant woman.",
        "She has been held for 90 days since her arrest.",
        "Call 5551234567 for information.",
    ],
)
def test_not_counts(nlp: Language, sentence: str) -> None:
    """Years, dates, phone numbers and 'one of' are no figures; durations are durations."""
    found = extract_quantities(nlp(sentence)[:])
    assert [q for q in found if q.counted in {"killed", "injured"}] == []
    assert all(
        q.value not in {2.0, 2011.0, 4.0, 90.0, 5551234567.0}
        for q in found
        if q.counted != "duration"
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The jury was unable to come to a decision after 30 hours of deliberation.",
            [("30 hours", 30.0, "hour", 108000.0, Hedge.EXACT)],
        ),
        (
            "The deputy, who was wed about three weeks ago, is survived by his wife.",
            [("about three weeks", 3.0, "week", 1814400.0, Hedge.ABOUT)],
        ),
        (
            "The UN embassy in Libya called for a two-hour ceasefire to evacuate civilians.",
            [("two-hour", 2.0, "hour", 7200.0, Hedge.EXACT)],
        ),
    ],
)
def test_durations(nlp: Language, sentence: str, expected: list[tuple[object, ...]]) -> None:
    """spaCy tags '30 hours' a time and 'three weeks' a date; both are measured durations."""
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.value, q.unit, q.si_value, q.hedge) for q in found] == expected
    assert {q.counted for q in found} == {"duration"}


def test_a_bare_count_spacy_tags_as_a_date(nlp: Language) -> None:
    # ECB+ 20_8ecbplus; spaCy's NER calls the bare "80" a DATE.
    sentence = (
        "A powerful earthquake hit southern Iran on Sunday, causing major destruction in "
        "seven villages and killing 10 people and injuring 80."
    )
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.value, q.counted) for q in found] == [
        ("seven", 7.0, "village"),
        ("10", 10.0, "killed"),
        ("80", 80.0, "injured"),
    ]


def test_ecbplus_tolls(nlp: Language, ecbplus_file: Path) -> None:
    texts = {}
    with ecbplus_file.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in {"20_11ecbplus", "20_6ecbplus"}:
                texts[row["id"]] = row["text"]
    sentence = next(
        s for s in texts["20_11ecbplus"].split("\n") if s.startswith("Ten people were killed")
    )
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.value, q.counted, q.hedge) for q in found][:2] == [
        (10.0, "killed", Hedge.EXACT),
        (50.0, "injured", Hedge.AT_LEAST),
    ]


def test_age_written_after_the_name(nlp: Language) -> None:
    sentence = "Staunton police have arrested Sharron Diane Crawford Smith, age 61, on two counts."
    found = extract_quantities(nlp(sentence)[:])
    assert ("61", 61.0, "age") in [(q.text, q.value, q.counted) for q in found]


def test_no_one_with_a_hyphen(nlp: Language) -> None:
    found = extract_quantities(nlp("No-one was injured in the fire.")[:])
    assert [(q.text, q.value, q.counted) for q in found] == [("No-one", 0.0, "injured")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 19_8ecbplus
            "Gray, 16, was shot eleven times after police said he pulled out a revolver.",
            [("eleven", 11.0, "times hit", Hedge.EXACT)],
        ),
        (  # ECB+ 19_3ecbplus
            "An autopsy report revealed Gray was hit by seven bullets.",
            [("seven", 7.0, "times hit", Hedge.EXACT)],
        ),
        (  # ECB+ 19_7ecbplus
            "The officers then fired 11 shots, the police said.",
            [("11", 11.0, "shots fired", Hedge.EXACT)],
        ),
        (  # ECB+ 19_2ecbplus
            "An autopsy shows that Gray was hit in the back by three of the seven bullets "
            "fired by the officers.",
            [("three", 3.0, "back", Hedge.EXACT), ("seven", 7.0, "shots fired", Hedge.EXACT)],
        ),
        (  # as ECB+ 21_10ecb
            "She was struck twice by the car outside the store.",
            [("twice", 2.0, "times hit", Hedge.EXACT)],
        ),
        ("The officer fired twice, police said.", [("twice", 2.0, "shots fired", Hedge.EXACT)]),
        ("Page was married three times.", [("three", 3.0, "times married", Hedge.EXACT)]),
        ("Page married twice.", [("twice", 2.0, "times married", Hedge.EXACT)]),
        ("He was arrested three times.", [("three", 3.0, "time", Hedge.EXACT)]),
        ("The quake was twice as strong as the last one.", []),
        ("The ferry sails twice a week.", []),
    ],
)
def test_hits_shots_fired_and_marriages(nlp: Language, sentence: str, expected: list) -> None:
    assert figures(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 13_1ecb
            "Firefighters fought the blaze in temperatures of minus 17 degrees.",
            [("minus 17 degrees", -17.0, "temperature", Hedge.EXACT)],
        ),
        (  # ECB+ 13_4ecb
            "Outside temperatures were minus 20 as firefighters battled the blaze.",
            [("minus 20", -20.0, "temperature", Hedge.EXACT)],
        ),
        (
            "The epicenter was located in an area 55.96 degrees in longitude.",
            [("55.96", 55.96, "degree", Hedge.EXACT)],
        ),
    ],
)
def test_temperatures(nlp: Language, sentence: str, expected: list) -> None:
    assert figures(nlp, sentence) == expected


def test_celsius_converts(nlp: Language) -> None:
    (quantity,) = extract_quantities(nlp("It was 5 degrees Celsius in Kabul on Monday.")[:])
    assert (quantity.text, quantity.counted, quantity.unit) == (
        "5 degrees Celsius",
        "temperature",
        "degC",
    )
    assert quantity.si_value == pytest.approx(278.15)


def test_figures_run_together_by_a_lost_space(nlp: Language) -> None:
    """ECB+ 20_1ecb as captured: '40,15' is 40 injured, then 15 of them."""
    sentence = (
        "A powerful quake struck southern Iran in September, killing at least seven people "
        "and injuring 40,15 of them on Qeshm."
    )
    assert figures(nlp, sentence) == [
        ("at least seven", 7.0, "killed", Hedge.AT_LEAST),
        ("40", 40.0, "injured", Hedge.EXACT),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 16_4ecbplus
            "He is 5-feet-8 inches tall, weighing 130 pounds, has a shaved head and is heavily "
            "tattooed.",
            [("5-feet-8 inches", 68, "height"), ("130 pounds", 130.0, "weight")],
        ),
        (  # ECB+ 16_5ecbplus, the weight run into the height as captured
            "Deputies said that Orozco is 5-foot-8,135 pounds, with tattoos of \"devil's "
            'horns" on his forehead.',
            [("5-foot-8", 68, "height"), ("135 pounds", 135.0, "weight")],
        ),
        (
            "Bradley, the 6-foot-9,260-pound center, was traded.",
            [("6-foot-9", 81, "height"), ("260-pound", 260.0, "weight")],
        ),
        (
            "Witnesses described a man about 6 feet 2 inches tall.",
            [("about 6 feet 2 inches", 74, "height")],
        ),
        ("Police are looking for the 5-foot-10-inch suspect.", [("5-foot-10-inch", 70, "height")]),
    ],
)
def test_heights_are_one_figure(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str]]
) -> None:
    """Feet and inches are one height (in inches), not 5 of something and 8 inches; a weight
    that lost its space after the height is a figure of its own."""
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.counted) for q in found] == [
        (text, counted) for text, _, counted in expected
    ]
    for quantity, (_, size, _) in zip(found, expected, strict=True):
        assert quantity.value == size
        assert sentence[quantity.span.start : quantity.span.end] == quantity.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 12_19ecb
            "The Indian commandos also recovered 12 AK 47 guns, three rifles, two grenades along "
            "with other ammunition.",
            [("12", 12.0, "ak-47"), ("three", 3.0, "rifle"), ("two", 2.0, "grenade")],
        ),
        (  # ECB+ 12_5ecb: the trawler's name, not five of something
            'Then, on November 18, it had sunk Thai trawler "Ekawat Nava 5", which had been '
            "commandeered by pirates, after a gunbattle.",
            [],
        ),
        ("A Boeing 737 crashed on take-off, killing 150.", [("150", 150.0, "killed")]),
        ("Flight 370 vanished with 239 people on board.", [("239", 239.0, "people")]),
        ("The chase went north along Interstate 75 in Genesee County.", []),
        (
            "Temple's 88-72 win over No. 8 Tennessee came two days later.",
            [("two days", 2.0, "duration")],
        ),
        ("The woman was identified only as Juror No. 12, the court said.", []),
        ('"It was hard to watch," said Benson, a managing editor at WCCO-TV, Ch. 4.', []),
    ],
)
def test_digits_after_the_word_they_label_are_a_name(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str]]
) -> None:
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.value, q.counted) for q in found] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # ECB+ 40_4ecb and 40_10ecbplus: sizes that name models; as lengths they set the
        # 17-inch MacBook Pro of 2009 against the 13- and 15-inch ones of 2012.
        (
            "Apple will start shipping the new 17-inch MacBook Pro at the end of the month "
            "for $2,799.",
            [("$2,799", 2799.0, "money")],
        ),
        (
            "The 13-inch MacBook Pro spec upgrade costs $1199, while the 15-inch will sell for "
            "$1499.",
            [("$1199", 1199.0, "money"), ("$1499", 1499.0, "money")],
        ),
        (
            "Apple will ask $1,099 for the base 13-inch version and $1,799 for a 15-inch version.",
            [("$1,099", 1099.0, "money"), ("$1,799", 1799.0, "money")],
        ),
        # Sizes of things that are not models stay lengths.
        ("Police found a 10-inch knife in the car.", [("10-inch", 10.0, "distance")]),
        ("It has a 17-inch display.", [("17-inch", 17.0, "distance")]),
    ],
)
def test_a_size_that_names_a_model_measures_nothing(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str]]
) -> None:
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.value, q.counted) for q in found] == expected


def test_a_height_in_feet_alone_stays_a_distance(nlp: Language) -> None:
    assert figures(nlp, "The wall around the compound is 6 feet tall.") == [
        ("6 feet", 6.0, "distance", Hedge.EXACT)
    ]


def test_magnitude_with_a_stray_hyphen(nlp: Language) -> None:
    """ECB+ 20_3ecb: '5.6 -magnitude'."""
    assert figures(nlp, "A strong 5.6 -magnitude earthquake jolted part of Qeshm island.") == [
        ("5.6 -magnitude", 5.6, "magnitude", Hedge.EXACT)
    ]


def test_people_joined_by_and_are_added_up(nlp: Language) -> None:
    """ECB+ 8_7ecbplus: three killed in the Marfin bank fire, written as two and one."""
    sentence = (
        "A petrol bomb hurled at an Athens branch of the Marfin Investment Bank killed two "
        "women and a man who were caught in the resulting inferno."
    )
    assert figures(nlp, sentence) == [("two women and a man", 3.0, "killed", Hedge.EXACT)]


def test_two_and_three_are_two_figures(nlp: Language) -> None:
    """ECB+ 8_7ecbplus; 'and' joins number words only after hundreds ('one hundred and ten')."""
    assert [q[1] for q in figures(nlp, "People here have two and three jobs to get by.")] == [
        2.0,
        3.0,
    ]


def test_times_count_occasions_not_people(nlp: Language) -> None:
    """ECB+ 19_6ecbplus: four arrests of one man, not four people arrested."""
    sentence = "Gray had previously been arrested four times on charges of grand larceny."
    assert figures(nlp, sentence) == [("four", 4.0, "time", Hedge.EXACT)]


@pytest.mark.parametrize(
    "sentence",
    [
        # ECB+ 5_3ecb, 7_1ecb: records; scores that do not rise as a range does.
        "Last season, Cheeks guided the Sixers to the NBA Playoffs after starting the year with "
        "an 18-30 record.",
        "Wladimir Klitschko (52-3,46 KOs) retained his title.",
        "The Harbour Herald XI raced out to an early 14-0 lead in the game.",
        "Port Alder beat Dunmore 91-73 on Saturday.",
        "The Sixers finished with a record of 56-26 in 2001.",
    ],
)
def test_scores_and_records_are_not_counts(nlp: Language, sentence: str) -> None:
    assert [
        q for q in figures(nlp, sentence) if q[1] in {0.0, 14.0, 18.0, 30.0, 52.0, 56.0, 91.0}
    ] == []


def test_a_written_zero_is_not_a_stated_toll(nlp: Language) -> None:
    assert figures(nlp, "The gauge at the Kestrel Hill mine read 0 on Thursday.") == []


def clauses(nlp: Language, text: str) -> dict[str, str | None]:
    return {q.text: q.clause for q in extract_quantities(nlp(text)[:])}


def test_a_figures_clause_leaves_out_the_speaker_and_the_other_clauses(nlp: Language) -> None:
    """ECB+ 20_6ecbplus, the shape of: the fact is the villages' destruction, not who told it."""
    found = clauses(
        nlp,
        "The governor of Qeshm island told the AFP news agency four villages had been "
        "destroyed and three people killed.",
    )
    assert found["four"] == "four villages had been destroyed"


def test_the_same_fact_in_other_words_gives_a_close_clause(nlp: Language) -> None:
    found = clauses(
        nlp,
        "A powerful earthquake hit the south on Sunday, causing major destruction in seven "
        "villages and killing 10 people.",
    )
    assert found["seven"] == "causing major destruction in seven villages"
    assert found["10"] == "killing 10 people"


def test_figures_without_a_counted_thing_have_no_clause(nlp: Language) -> None:
    assert [q.clause for q in extract_quantities(nlp("The score was 3 to 2.")[:])] == [None, None]


def test_a_million_dollars_is_money(nlp: Language) -> None:
    """ECB+ 13_6ecb: 'estimated at one million dollars' was once a count of dollars."""
    (quantity,) = extract_quantities(
        nlp("Damage to the Harbour Chapel is estimated at one million dollars.")[:]
    )
    assert (quantity.value, quantity.unit, quantity.counted) == (1_000_000.0, "USD", "money")


@pytest.mark.parametrize(
    "sentence",
    [
        "The new Harbour tablet has a retina display of 2880 x 1800 pixels.",
        "Its display shows a whopping 2,880 by 1,800 pixels.",
    ],
)
def test_two_dimensions_count_nothing(nlp: Language, sentence: str) -> None:
    assert [q for q in figures(nlp, sentence) if q[2] == "pixel"] == []


def test_a_pixel_count_is_still_a_count(nlp: Language) -> None:
    assert figures(nlp, "That amounts to 5,184,000 pixels.") == [
        ("5,184,000", 5184000.0, "pixel", Hedge.EXACT)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # ECB+ topic 12 (12_19ecb, 12_16ecb, 12_12ecb, 12_17ecb): one haul of rifles.
        "The Indian commandos also recovered 12 AK 47 guns, three rifles, two grenades along with other ammunition.",
        "They also confiscated seven AK-47s, a 5.56mm and a 7.62mm rifles, a grenade launcher.",
        "The Naval commandos also boarded the pirates' boats and seized seven AK-47 assault rifles.",
        "The cache of arms on the pirate ship included seven AK-47 rifles, one rocket propelled grenade launcher.",
    ],
)
def test_things_of_a_model_count_the_model(nlp: Language, sentence: str) -> None:
    assert figures(nlp, sentence)[0][2] == "ak-47"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 12_17ecb: one launcher, not one rocket, whatever the parse makes of it
            "The cache of arms on the pirate ship included seven AK-47 rifles, one rocket "
            "propelled grenade launcher, grenades and three other rifles.",
            [("seven", 7.0, "ak-47", Hedge.EXACT), ("three", 3.0, "rifle", Hedge.EXACT)],
        ),
        (
            "Police found four hand written notes in the car.",
            [("four", 4.0, None, Hedge.EXACT)],
        ),
    ],
)
def test_a_compound_modifier_without_its_hyphen_counts_nothing(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str | None, Hedge]]
) -> None:
    assert figures(nlp, sentence) == expected


def test_a_count_run_into_a_record_is_read(nlp: Language) -> None:
    """ECB+ 7_1ecb as captured: '(52-3,46 KOs)' is a record, then 46 knockouts; the records
    themselves stay uncounted."""
    sentence = (
        "Wladimir Klitschko (52-3,46 KOs) blasted a sluggish Hasim Rahman (45-7-2,36 KOs) in "
        "Mannheim, Germany on Saturday night."
    )
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.value, q.counted) for q in found] == [
        ("46", 46.0, "ko"),
        ("36", 36.0, "ko"),
    ]
    assert [sentence[q.span.start : q.span.end] for q in found] == ["46", "36"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 12_8ecb: spaCy tags the capitalised plurals NNPS and keeps them as written
            "The ship has, thus far, confiscated a total of 14 AK 47 Rifles, 31 Magazines and "
            "923 rounds of ammunition.",
            [("14", 14.0, "ak-47"), ("31", 31.0, "magazine"), ("923", 923.0, "round")],
        ),
        (
            "The apprehended included 12 Somalis and 11 Yemenis.",
            [("12", 12.0, "somali"), ("11", 11.0, "yemeni")],
        ),
    ],
)
def test_plural_proper_nouns_count_the_singular(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str]]
) -> None:
    assert [figure[:3] for figure in figures(nlp, sentence)] == expected


def test_a_compound_modifier_with_its_hyphen_counts_the_thing(nlp: Language) -> None:
    assert figures(nlp, "They found two rocket-propelled grenade launchers.") == [
        ("two", 2.0, "launcher", Hedge.EXACT)
    ]


def test_people_counted_before_a_participle_are_still_counted(nlp: Language) -> None:
    assert figures(nlp, "Three people injured in the blast were taken to hospital.") == [
        ("Three", 3.0, "injured", Hedge.EXACT)
    ]


def test_a_people_named_before_a_participle_are_counted_as_people(nlp: Language) -> None:
    """The shape of held-out ECB+ 41_8ecb's lead, which had counted Palestinians and so gave
    the article no toll to tell its main event by."""
    assert figures(
        nlp,
        "The death toll rose today, with reports of more than 40 Palestinians killed after "
        "missiles exploded outside a school.",
    ) == [("more than 40", 40.0, "killed", Hedge.MORE_THAN)]
    assert figures(nlp, "He met 40 Palestinians in Gaza City on Monday.") == [
        ("40", 40.0, "palestinian", Hedge.EXACT)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # the shape of held-out ECB+ 41_6ecbplus, whose 'one' had counted nothing
            "Two shells fell on the runway, one hit a school and one landed on a market, but "
            "did not explode, a witness said.",
            [("Two", 2.0, "shell"), ("one", 1.0, "shell"), ("one", 1.0, "shell")],
        ),
        (
            "Five shells were fired at the depot, of which four exploded, a guard said.",
            [("Five", 5.0, "shell"), ("four", 4.0, "shell")],
        ),
        (
            "As many as 20,000 people marched in Port Alder and 5,000 gathered in Kestrel.",
            [("As many as 20,000", 20000.0, "people"), ("5,000", 5000.0, "people")],
        ),
    ],
)
def test_a_bare_figure_counts_the_things_counted_before_it(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str]]
) -> None:
    assert [figure[:3] for figure in figures(nlp, sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # what happened to people is the verb's to say: the 20 were not arrested
            "Police arrested 86 people on Saturday and 20 were released without charge.",
            [("86", 86.0, "arrested"), ("20", 20.0, None)],
        ),
        (  # 'one of the guards' names what it counts, and no shell
            "Five shells were fired and one of the guards was hurt.",
            [("Five", 5.0, "shell")],
        ),
        (  # versions, not counts of ports
            "The Kestrel tablet will have two USB ports which will support both 3.0 and 2.0.",
            [("two", 2.0, "port"), ("3.0", 3.0, None), ("2.0", 2.0, None)],
        ),
        (  # held-out ECB+ 36_2ecbplus, the shape of: ages in apposition, which spaCy makes a second
            # object of 'forcing'
            "The charges involve forcing marriage on the two girls, 12 and 15, who he had "
            "taken as wives, prosecutors said.",
            [("two", 2.0, "girl"), ("12", 12.0, None)],
        ),
    ],
)
def test_a_bare_figure_does_not_borrow_what_happened_to_people_or_a_named_noun(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str | None]]
) -> None:
    assert [figure[:3] for figure in figures(nlp, sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 10_4ecb: the bid is spread over eight years, not more than eight
            "The Nationals reportedly have bid $160 million over eight years.",
            [("$160 million", "money", Hedge.EXACT), ("eight years", "duration", Hedge.EXACT)],
        ),
        (
            "He has worked at the Port Alder docks for over eight years.",
            [("over eight years", "duration", Hedge.MORE_THAN)],
        ),
        ("The search took over two hours.", [("over two hours", "duration", Hedge.MORE_THAN)]),
    ],
)
def test_over_after_a_figure_spreads_it_across_a_span(
    nlp: Language, sentence: str, expected: list[tuple[str, str, Hedge]]
) -> None:
    assert [(text, counted, hedge) for text, _, counted, hedge in figures(nlp, sentence)] == (
        expected
    )


def test_centimetres_and_inches_are_distances(nlp: Language) -> None:
    sentence = "The storm left 40 centimetres of snow in Port Alder and up to 16 inches in Kestrel."
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.unit, q.si_value, q.counted) for q in found] == [
        ("40 centimetres", "cm", pytest.approx(0.4), "distance"),
        ("up to 16 inches", "inch", pytest.approx(0.4064), "distance"),
    ]


def test_nautical_miles_are_a_distance_of_their_own(nlp: Language) -> None:
    sentence = (  # ECB+ 12_17ecb
        "Pirates on a dhow and a smaller boat attacked this merchant ship about 1100 hrs IST, "
        "150 nautical miles west of Aden, firing machine guns to scare the crew."
    )
    found = extract_quantities(nlp(sentence)[:])
    assert [(q.text, q.unit, q.si_value, q.counted) for q in found] == [
        ("150 nautical miles", "nautical mile", pytest.approx(277_800), "distance"),
    ]


def test_millimetres_are_calibres_not_distances(nlp: Language) -> None:
    found = extract_quantities(nlp("Police seized two 9 mm pistols from the car.")[:])
    assert [(q.text, q.unit, q.counted) for q in found] == [
        ("two", None, "pistol"),
        ("9", None, "mm"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # ECB+ 7_*ecb, the shape of
            "The crowd of 22,000 sang to the trainer, who turned 68 on Saturday.",
            [("22,000", 22000.0, "crowd", Hedge.EXACT), ("68", 68.0, "age", Hedge.EXACT)],
        ),
        (  # a telephone number, not a count of the men spoken to before it
            "Reporters spoke to one man who says he called 911 after he heard a crash.",
            [("one", 1.0, "man", Hedge.EXACT)],
        ),
    ],
)
def test_an_age_turned_and_a_number_called(
    nlp: Language, sentence: str, expected: list[tuple[str, float, str | None, Hedge]]
) -> None:
    assert figures(nlp, sentence) == expected
