"""The pipeline's posted-claim analysis: the same claims alone or in a batch of concurrent posts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from claims import Pipeline

POSTED = [
    ("Eleven people were killed and 23 injured in Tripoli late Sunday, officials said.", None),
    (
        "Eleven people were killed and 23 injured in Tripoli late Sunday, officials said.",
        date(2019, 4, 9),
    ),
    ("The Merrow Bridge dropped 200 feet into the Alder Gorge.", None),
    ("No one was hurt.", None),  # no claim qualifies: the whole text is the claim
    ("", None),
]


def test_concurrent_posts_are_analysed_as_each_alone(pipeline: Pipeline) -> None:
    alone = [pipeline._analyse_posted([post])[0] for post in POSTED]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda post: pipeline.analyse_claim(*post), POSTED * 4))
    assert together == alone * 4


def test_a_weekday_resolves_against_the_posted_date(pipeline: Pipeline) -> None:
    undated, dated = (pipeline.analyse_claim(*post) for post in POSTED[:2])
    killed = [q.value for q in dated[0].quantities if q.counted == "killed"]
    assert killed == [11]
    assert [d.value for d in dated[0].dates] == [date(2019, 4, 7)]
    assert [d.value for d in undated[0].dates] == [None]


def test_text_without_a_claim_is_one_claim_and_empty_text_none(pipeline: Pipeline) -> None:
    (whole,) = pipeline.analyse_claim("No one was hurt.", None)
    assert whole.text == "No one was hurt." and whole.span.start == 0
    assert pipeline.analyse_claim("", None) == []
