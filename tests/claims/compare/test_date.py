"""Date detector: weekday and calendar date agree; different days for one event do not."""

from __future__ import annotations

from claims.align import align
from claims.compare.date import DateDetector
from claims.config import PipelineConfig

CONFIG = PipelineConfig()


def findings(corpus):  # type: ignore[no-untyped-def]
    return DateDetector().detect(align(corpus, CONFIG.align), corpus, CONFIG)


def test_weekday_and_matching_date_are_no_finding(make_corpus) -> None:  # type: ignore[no-untyped-def]
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


def test_different_days_for_one_event(make_corpus) -> None:  # type: ignore[no-untyped-def]
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


def test_the_day_someone_spoke_is_not_the_day_of_the_event(make_corpus) -> None:  # type: ignore[no-untyped-def]
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
