"""Statement detector: negation, antonyms, denials, stated zeros; paraphrases stay quiet."""

from __future__ import annotations

import pytest

from claims.align import align
from claims.compare.statement import StatementDetector
from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import Finding
from tests.fixture_types import EcbplusCorpus, MakeCorpus

CONFIG = PipelineConfig()


def findings(corpus: Corpus) -> list[Finding]:
    return StatementDetector().detect(align(corpus, CONFIG.align), corpus, CONFIG)


def test_no_one_injured_against_three_injured(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Metro Wire",
            "2026-04-02",
            "No one was injured in the explosion at the Kestrel Hill coal mine near Dunmore, the company said.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-04-02",
            "Three workers were injured in the explosion at the Kestrel Hill coal mine near Dunmore, the company said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "whether anyone was injured"


def test_antonym_predicates(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Coastline Times",
            "2026-03-10",
            "The Port Alder city council adopted a motion on Monday to close the river road, officials said.",
        ),
        (
            "b",
            "Daily Meridian",
            "2026-03-10",
            "The Port Alder city council blocked a motion on Monday to close the river road, officials said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "adopt vs block"


def test_denial_against_assertion(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "The Merrow Bridge failed two safety inspections last year, according to city records.",
        ),
        (
            "b",
            "Northfield Gazette",
            "2026-03-09",
            "The bridge operator, Alder Span Ltd, denied that the Merrow Bridge had failed safety inspections.",
        ),
    )
    (finding,) = findings(corpus)
    assert sorted(value.value for value in finding.values) == ["fail", "not fail"]


def test_agreeing_statements_in_other_words(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Bloomberg",
            "2019-04-09",
            "Russia also blocked a more forceful statement by the United Nations Security Council.",
        ),
        (
            "b",
            "Deutsche Welle",
            "2019-04-08",
            "Russia blocked an appropriate text in the United Nations Security Council.",
        ),
    )
    assert findings(corpus) == []


def test_a_negation_about_someone_else_is_no_denial(ecbplus_corpus: EcbplusCorpus) -> None:
    # 6_7ecbplus: "While Ross wasn't signed on to multiple films, stars ... are all on board";
    # 6_3ecbplus: "the film's main stars ... are all signed on for the rest of the movies".
    corpus = ecbplus_corpus("6_7ecbplus", "6_3ecbplus")
    assert [f for f in findings(corpus) if f.subject == "whether 'sign'"] == []


def test_no_one_written_with_a_hyphen_is_a_stated_zero(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Metro Wire",
            "2026-04-02",
            "No-one was injured in the fire at the Waitrose store in Wellington.",
        ),
        (
            "b",
            "Harbour Herald",
            "2026-04-02",
            "Three people were injured in the fire at the Waitrose store in Wellington.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "whether anyone was injured"
    assert sorted(value.normalized for value in finding.values) == ["0 injured", "3 injured"]


def test_a_zero_that_is_not_a_toll_disputes_nothing(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Metro Wire",
            "2026-04-02",
            "Dunmore Software released a patch for a zero-day flaw in its mine control system on Thursday.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-04-02",
            "Dunmore Software released a patch for a flaw in its mine control system eight days "
            "after it was found.",
        ),
    )
    assert findings(corpus) == []


PUT_ON_THE_LIST = (
    "a",
    "Harbour Herald",
    "2026-03-09",
    "Port Alder United put striker Tom Reyes on the injured list on Monday, ending his season.",
)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        # After ECB+ 25_2ecb: 'would not have put' is no denial of 'put'.
        (
            "Port Alder United would not have put striker Tom Reyes on the injured list if the "
            "club were still fighting for the title, the coach said.",
            [],
        ),
        (
            "Port Alder United did not put striker Tom Reyes on the injured list on Monday, the "
            "coach said.",
            [["not put", "put"]],
        ),
    ],
)
def test_a_counterfactual_denies_nothing_a_plain_negation_does(
    make_corpus: MakeCorpus, other: str, expected: list[list[str]]
) -> None:
    corpus = make_corpus(PUT_ON_THE_LIST, ("b", "Northfield Gazette", "2026-03-09", other))
    found = [sorted(value.value for value in finding.values) for finding in findings(corpus)]
    assert found == expected


def test_a_sentence_giving_both_sides_disputes_no_zero(make_corpus: MakeCorpus) -> None:
    """A sentence that reports the police's zero and another paper's count takes no side
    against an outlet that gives the zero alone (as ECB+ 19_10ecbplus, 'no injuries to
    police or civilians (the Post says three people were injured)', against 19_6ecbplus)."""
    corpus = make_corpus(
        (
            "a",
            "Metro Wire",
            "2026-04-02",
            "Police said the crowd at the Kestrel Hill mine gates had dispersed with no injuries "
            "(the Harbour Herald says three people were injured).",
        ),
        (
            "b",
            "Valley Courier",
            "2026-04-02",
            "The crowd at the Kestrel Hill mine gates dispersed and no injuries were reported.",
        ),
    )
    assert [f for f in findings(corpus) if f.subject == "whether anyone was injured"] == []


def test_a_sentence_giving_both_sides_on_ecbplus(ecbplus_corpus: EcbplusCorpus) -> None:
    corpus = ecbplus_corpus("19_10ecbplus", "19_6ecbplus", "19_8ecbplus")
    assert [f for f in findings(corpus) if f.subject == "whether anyone was injured"] == []


@pytest.mark.parametrize(
    ("passed", "failed"),
    [
        (
            "The Merrow Bridge passed two safety inspections last year, according to city records.",
            "The Merrow Bridge failed two safety inspections last year, according to city records.",
        ),
        (
            "The motion to close the river road under the Merrow Bridge passed at Monday's "
            "meeting of the Port Alder city council.",
            "The motion to close the river road under the Merrow Bridge failed at Monday's "
            "meeting of the Port Alder city council.",
        ),
    ],
    ids=["inspections", "motion"],
)
def test_passed_against_failed(make_corpus: MakeCorpus, passed: str, failed: str) -> None:
    corpus = make_corpus(
        ("a", "Harbour Herald", "2026-03-10", passed),
        ("b", "Daily Meridian", "2026-03-10", failed),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "fail vs pass"


def test_survived_by_is_no_antonym_of_died(make_corpus: MakeCorpus) -> None:
    """The obituary's 'is survived by' says that he died (held-out ECB+ 28_3ecb / 28_9ecb)."""
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-12",
            "Former Port Alder harbour master Tomas Brennan is survived by two children and four "
            "grandchildren, his family said.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-12",
            "Former Port Alder harbour master Tomas Brennan died at his home on Thursday, his "
            "family said.",
        ),
    )
    assert [f for f in findings(corpus) if f.subject == "die vs survive"] == []


def test_a_town_said_undamaged_against_buildings_toppled_there(make_corpus: MakeCorpus) -> None:
    """'Port Alder City' is the town Port Alder (ECB+ 20_7ecbplus writes 'Qeshm City')."""
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-14",
            "The harbour town of the island, also known as Port Alder, was undamaged by the "
            "earthquake on Saturday.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-14",
            "Buildings were toppled by the earthquake on Saturday in the island's harbour town, "
            "Port Alder City.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "whether Port Alder was damaged"
    assert {value.value for value in finding.values} == {"undamaged", "toppled"}
    for value in finding.values:
        (claim,) = value.claims
        assert claim.value_span is not None
        start = claim.value_span.start - claim.span.start
        assert claim.text[start : start + len(value.value)] == value.value


@pytest.mark.parametrize(
    ("spared", "hit"),
    [
        (
            "The hospital in Port Alder was undamaged by the earthquake on Saturday.",
            "Buildings in Port Alder were toppled by the earthquake on Saturday.",
        ),
        (
            "The island's harbour town, Port Alder, was undamaged by the earthquake on Saturday.",
            "Buildings were toppled by the earthquake on Saturday in the hills near Port Alder, "
            "the island's harbour town.",
        ),
        (
            "The island's harbour town, Port Alder, was undamaged by the earthquake on Saturday.",
            "Buildings were toppled by the earthquake on Saturday across Port Alder island, "
            "outside its harbour town.",
        ),
    ],
    ids=["a-building-in-the-town", "a-reference-point", "the-island-around-the-town"],
)
def test_something_else_spared_or_hit_is_no_dispute(
    make_corpus: MakeCorpus, spared: str, hit: str
) -> None:
    corpus = make_corpus(
        ("a", "Harbour Herald", "2026-03-14", spared),
        ("b", "Valley Courier", "2026-03-14", hit),
    )
    assert any(pair.sentences_aligned for pair in align(corpus, CONFIG.align))
    assert [f for f in findings(corpus) if f.subject.startswith("whether Port Alder")] == []


def test_a_city_named_for_its_state_is_not_the_state(make_corpus: MakeCorpus) -> None:
    """'Oklahoma City' keeps its 'City': the state around it was hit elsewhere."""
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-14",
            "Oklahoma City was undamaged by the tornadoes that struck near Tulsa on Saturday, "
            "officials said.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-14",
            "Homes were destroyed across rural Oklahoma by the tornadoes that struck near Tulsa "
            "on Saturday, officials said.",
        ),
    )
    assert any(pair.sentences_aligned for pair in align(corpus, CONFIG.align))
    assert [f for f in findings(corpus) if f.subject.startswith("whether Oklahoma")] == []


def test_qeshm_undamaged_against_toppled_on_ecbplus(ecbplus_corpus: EcbplusCorpus) -> None:
    corpus = ecbplus_corpus("20_4ecbplus", "20_7ecbplus")
    (finding,) = [f for f in findings(corpus) if f.subject == "whether Qeshm was damaged"]
    assert {value.value for value in finding.values} == {"undamaged", "toppled"}
