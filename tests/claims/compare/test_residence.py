"""Where outlets say a person lives: two towns are a finding, two levels of one place are not."""

from __future__ import annotations

from claims.align import align
from claims.compare.name import cluster_people
from claims.compare.residence import residences
from claims.compare.statement import StatementDetector
from claims.config import DetectorsConfig, PipelineConfig, StatementConfig
from claims.corpus import Corpus
from models import Finding, FindingKind
from tests.fixture_types import EcbplusCorpus, MakeCorpus

CONFIG = PipelineConfig()


def findings(corpus: Corpus, config: PipelineConfig = CONFIG) -> list[Finding]:
    found = StatementDetector().detect(align(corpus, config.align), corpus, config)
    return [finding for finding in found if finding.subject.startswith("where ")]


HIT_AND_RUN = (
    "Police said Marcus Dellaway, 41, of Port Alder, struck the cyclist on the river road "
    "on Tuesday night and drove off."
)
ARRESTED_IN_KESTREL_HILL = (
    "b",
    "Valley Courier",
    "2026-03-11",
    "The driver, Marcus Dellaway of Kestrel Hill, was arrested at his home on Wednesday.",
)


def test_two_towns_for_one_driver(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        ("a", "Harbour Herald", "2026-03-11", HIT_AND_RUN),
        ARRESTED_IN_KESTREL_HILL,
        (
            "c",
            "Metro Wire",
            "2026-03-12",
            "Marcus Dellaway, who lived two streets away in Port Alder, was charged on Thursday.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.kind == FindingKind.STATEMENT
    assert finding.subject == "where Marcus Dellaway lives"
    assert [(v.value, v.outlets) for v in finding.values] == [
        ("Port Alder", ["Harbour Herald", "Metro Wire"]),
        ("Kestrel Hill", ["Valley Courier"]),
    ]
    assert finding.entity_id is not None
    first = finding.values[0].claims[0]
    assert first.value_span is not None
    stated = corpus.articles["a"].text[first.value_span.start : first.value_span.end]
    assert stated == "Port Alder"
    assert "Valley Courier: 'Kestrel Hill'" in finding.explanation


def test_a_street_county_or_state_of_the_town_is_the_same_home(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        ("a", "Harbour Herald", "2026-03-11", HIT_AND_RUN),
        (
            "b",
            "Valley Courier",
            "2026-03-11",
            "Marcus Dellaway, 41, of Mill Lane, Port Alder, was arrested at his home on Wednesday.",
        ),
        (
            "c",
            "Metro Wire",
            "2026-03-12",
            "Marcus Dellaway, 41, of Oregon, was charged on Thursday with leaving the scene.",
        ),
        (
            "d",
            "Coastline Times",
            "2026-03-12",
            "Marcus Dellaway of Dunmore County's Port Alder was released on bail on Friday.",
        ),
    )
    assert findings(corpus) == []


def test_an_employer_is_not_a_home_and_one_outlet_is_no_dispute(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-11",
            "Marcus Dellaway of The Harbour Gazette said the river road had been closed twice.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-11",
            "Marcus Dellaway of Kestrel Hill said the river road had been closed twice.",
        ),
        (
            "c",
            "Valley Courier",
            "2026-03-12",
            "Marcus Dellaway, 41, of Port Alder, said he would write to the council on Monday.",
        ),
    )
    places = {
        r.place
        for r in residences(corpus, cluster_people(corpus, CONFIG.detectors.name).in_articles)
    }
    assert places == {"Kestrel Hill", "Port Alder"}
    assert findings(corpus) == []


def test_two_people_of_one_surname_are_not_one_home(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-11",
            "Survivors include his wife, Joan Dellaway of Port Alder, and a brother, "
            "Peter Dellaway of Kestrel Hill.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-11",
            "Peter Dellaway, 52, of Kestrel Hill, said his brother had been a fisherman.",
        ),
    )
    assert findings(corpus) == []


def test_the_setting_turns_the_comparison_off(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        ("a", "Harbour Herald", "2026-03-11", HIT_AND_RUN),
        ARRESTED_IN_KESTREL_HILL,
    )
    assert len(findings(corpus)) == 1
    off = PipelineConfig(detectors=DetectorsConfig(statement=StatementConfig(residences=False)))
    assert findings(corpus, off) == []


def test_ecbplus_driver_placed_in_two_towns(ecbplus_corpus: EcbplusCorpus) -> None:
    """ECB+ topic 21 (development): one outlet has Anthony LaSalle of Minneapolis, three of
    Bloomington; Raj Chohan of College Point against South Ozone Park, and of Queens, the
    borough both are in, which is no disagreement."""
    corpus = ecbplus_corpus(
        *("21_1ecb", "21_4ecb", "21_6ecb", "21_7ecb"),
        *("21_3ecbplus", "21_4ecbplus", "21_5ecbplus", "21_12ecbplus"),
    )
    subjects = {
        finding.subject: {value.value for value in finding.values} for finding in findings(corpus)
    }
    assert subjects == {
        "where Anthony Phillip LaSalle lives": {"Bloomington", "Minneapolis"},
        "where Raj Chohan lives": {"South Ozone Park", "College Point"},
    }
