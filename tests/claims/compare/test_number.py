"""Number detector: disputes, agreements in other words, and updates over time."""

from __future__ import annotations

from claims.align import align
from claims.compare.number import NumberDetector
from claims.config import PipelineConfig
from models import FindingStatus

CONFIG = PipelineConfig()


def findings(corpus):  # type: ignore[no-untyped-def]
    return NumberDetector().detect(align(corpus, CONFIG.align), corpus, CONFIG)


def bridge(outlet: str, published: str | None, sentence: str) -> tuple[str, str, str | None, str]:
    return (outlet.lower().replace(" ", "-"), outlet, published, sentence)


def test_same_day_tolls_that_differ_conflict(make_corpus) -> None:  # type: ignore[no-untyped-def]
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


def test_a_growing_toll_is_an_update_with_a_timeline(make_corpus) -> None:  # type: ignore[no-untyped-def]
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


def test_units_hedges_and_number_words_agree(make_corpus) -> None:  # type: ignore[no-untyped-def]
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


def test_some_thirty_is_not_forty(make_corpus) -> None:  # type: ignore[no-untyped-def]
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


def test_lists_of_things_are_not_disputed(make_corpus) -> None:  # type: ignore[no-untyped-def]
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


def test_a_measurement_the_other_article_also_gives_is_not_disputed(make_corpus) -> None:  # type: ignore[no-untyped-def]
    """ECB+ 20_5ecb gives Sunday's quake as 5.6, as 20_1ecb does; its 5.2 is Monday's quake."""
    corpus = make_corpus(
        bridge("Wire One", None, QESHM_SUNDAY),
        bridge("Wire Two", None, "\n".join(QESHM_MONDAY)),
    )
    assert [f.subject for f in findings(corpus) if f.subject == "magnitude"] == []


def test_without_the_other_figure_the_measurement_is_disputed(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        bridge("Wire One", None, QESHM_SUNDAY),
        bridge("Wire Two", None, QESHM_MONDAY[0]),
    )
    magnitude = next(f for f in findings(corpus) if f.subject == "magnitude")
    assert {value.value: value.outlets for value in magnitude.values} == {
        "5.6 magnitude": ["Wire One"],
        "magnitude-5.2": ["Wire Two"],
    }
