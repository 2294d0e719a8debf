"""Date detector: weekday and calendar date agree; different days for one event do not."""

from __future__ import annotations

from claims.align import align
from claims.compare.date import DateDetector
from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import Finding
from tests.fixture_types import EcbplusCorpus, MakeCorpus

CONFIG = PipelineConfig()


def findings(corpus: Corpus) -> list[Finding]:
    return DateDetector().detect(align(corpus, CONFIG.align), corpus, CONFIG)


def test_weekday_and_matching_date_are_no_finding(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Bloomberg",
            "2019-04-09",
            "U.S. Secretary of State Mike Pompeo called late Sunday for an immediate halt to Khalifa Haftar's advance on Tripoli.",
        ),
        (
            "b",
            "Reuters",
            "2019-04-19",
            "U.S. Secretary of State Mike Pompeo called on April 7 for an immediate halt to Khalifa Haftar's advance on Tripoli.",
        ),
    )
    assert findings(corpus) == []


def test_different_days_for_one_event(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "The Merrow Bridge in Port Alder collapsed late Sunday, killing seven people, police said.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-10",
            "The Merrow Bridge in Port Alder collapsed on Saturday evening, killing seven people, police said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "date of 'collapse'"
    assert sorted(value.normalized for value in finding.values) == ["2026-03-07", "2026-03-08"]


def test_the_same_weekday_in_papers_a_week_apart_is_no_finding(make_corpus: MakeCorpus) -> None:
    """Seen in the held-out smoke run: a paper of Wednesday and one of the Tuesday after both
    found two bodies 'on Saturday'. Resolved, the two are a week apart, but the outlets wrote
    the same day. Two papers' 'yesterday' do name two days."""
    sentence = "The Merrow Bridge in Port Alder collapsed on {}, killing seven people, police said."
    same_weekday = make_corpus(
        ("a", "Harbour Herald", "2026-03-11", sentence.format("Saturday")),
        ("b", "Valley Courier", "2026-03-17", sentence.format("Saturday")),
    )
    assert findings(same_weekday) == []
    yesterday = make_corpus(
        ("a", "Harbour Herald", "2026-03-09", sentence.format("yesterday").replace("on ", "")),
        ("b", "Valley Courier", "2026-03-11", sentence.format("yesterday").replace("on ", "")),
    )
    (finding,) = findings(yesterday)
    assert sorted(value.normalized for value in finding.values) == ["2026-03-08", "2026-03-10"]


def test_the_day_someone_spoke_is_not_the_day_of_the_event(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Valley Courier",
            "2026-04-02",
            "Four miners were killed in the explosion at the Kestrel Hill mine near Dunmore, the owner said on Thursday.",
        ),
        (
            "b",
            "Harbour Herald",
            "2026-04-04",
            "Nine miners were killed in the explosion at the Kestrel Hill mine near Dunmore, the owner said on Saturday.",
        ),
    )
    assert findings(corpus) == []


def test_years_for_one_vote(ecbplus_corpus: EcbplusCorpus) -> None:
    # 13_13ecbplus: "Voters in 2009 approved a $3 million bond to buy the properties";
    # 13_5ecbplus: "Palmer voters in 2010 approved a $3 million bond to pay for purchase".
    corpus = ecbplus_corpus("13_13ecbplus", "13_5ecbplus")
    (finding,) = findings(corpus)
    assert sorted(value.normalized for value in finding.values) == ["2009", "2010"]


def test_calendar_days_of_undated_articles(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            None,
            None,
            "The frigate Tabar sank the hijacked trawler Ekawat Nava in the Gulf of Aden on November 18.",
        ),
        (
            "b",
            None,
            None,
            "On November 19, the frigate Tabar sank the hijacked trawler Ekawat Nava in the Gulf of Aden.",
        ),
    )
    (finding,) = findings(corpus)
    assert sorted(value.normalized for value in finding.values) == [
        "November 18 (unanchored)",
        "November 19 (unanchored)",
    ]


def test_undated_weekdays_could_be_any_week(make_corpus: MakeCorpus) -> None:
    """Two undated reports of a coach fired 'on Saturday' and 'on Wednesday' may well be
    two firings years apart (ECB+ topic 5): an unanchored weekday disputes nothing."""
    corpus = make_corpus(
        ("a", None, None, "On Saturday, Maurice Cheeks was fired as head coach of the team."),
        ("b", None, None, "On Wednesday, Maurice Cheeks was fired as head coach of the team."),
    )
    assert findings(corpus) == []


def test_a_date_inside_an_event_noun_is_that_event_s(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Metro Wire",
            None,
            "A man has been charged with murder after a shooting at an office party in Vancouver Friday.",
        ),
        (
            "b",
            "Harbour Herald",
            None,
            "A man was charged with murder Saturday after a shooting at an office party in Vancouver.",
        ),
    )
    assert findings(corpus) == []


def test_a_claim_with_several_dates_gives_the_one_of_the_event_compared(
    make_corpus: MakeCorpus,
) -> None:
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-12",
            "The frigate Kestrel, deployed to the Gulf of Aden on March 2, sank a pirate mother ship on Tuesday, the navy said.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-12",
            "The frigate Kestrel sank a pirate mother ship in the Gulf of Aden on Wednesday, the navy said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "date of 'sink'"
    assert sorted(value.normalized for value in finding.values) == ["2026-03-10", "2026-03-11"]


def test_a_day_inside_a_quotation_is_the_speaker_s(make_corpus: MakeCorpus) -> None:
    # ECB+ 19_11ecbplus and 19_3ecbplus, printed two days apart: one chant, not two killings.
    corpus = make_corpus(
        (
            "a",
            "beforeitsnews.com",
            "2013-03-11",
            "March participants chanted “ NYPD KKK how many kids will you kill today, ” people report from the scene.",
        ),
        (
            "b",
            "nydailynews.com",
            "2013-03-13",
            "Dozens chanted “ NYPD, KKK, how many kids did you kill today ” as they marched west on Church Ave.",
        ),
    )
    assert findings(corpus) == []


def test_a_day_given_to_the_event_a_verb_of_happening_names(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Valley Courier",
            "2026-03-09",
            "The collapse of the Merrow Bridge in Port Alder happened on Saturday evening, police "
            "said.",
        ),
        (
            "b",
            "Harbour Herald",
            "2026-03-09",
            "The Merrow Bridge in Port Alder collapsed late Sunday, police said.",
        ),
    )
    (finding,) = findings(corpus)
    assert finding.subject == "date of 'collapse'"
    assert sorted(value.normalized for value in finding.values) == ["2026-03-07", "2026-03-08"]


def test_late_one_day_and_early_the_next_are_one_night(make_corpus: MakeCorpus) -> None:
    """ECB+ 1_11ecbplus has Lohan check in 'late Thursday', 1_17ecbplus 'Early Friday
    morning, around 1:30 a.m.': one night, named by the day on either side of midnight."""
    sentence = "The Merrow Bridge in Port Alder collapsed {}, killing seven people, police said."
    around_midnight = [
        ("late Sunday", "early Monday"),
        ("on Sunday night", "in the early hours of Monday"),
        ("late on Sunday", "early on Monday morning"),
    ]
    for late, early in around_midnight:
        corpus = make_corpus(
            ("a", "Harbour Herald", "2026-03-10", sentence.format(late)),
            ("b", "Valley Courier", "2026-03-10", sentence.format(early)),
        )
        assert findings(corpus) == [], (late, early)
    for earlier, later in [("late Sunday", "on Monday afternoon"), ("on Sunday", "early Monday")]:
        corpus = make_corpus(
            ("a", "Harbour Herald", "2026-03-10", sentence.format(earlier)),
            ("b", "Valley Courier", "2026-03-10", sentence.format(later)),
        )
        (finding,) = findings(corpus)
        assert sorted(value.normalized for value in finding.values) == [
            "2026-03-08",
            "2026-03-09",
        ], (earlier, later)
