"""Datelines: the date a captured page left at its top dates an article without metadata."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from claims.dateline import dateline_date
from claims.pipeline import dated
from models import ArticleIn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated: November 11,2011 18:50 IST\nIndian Naval ship, INS Sukanya...", "2011-11-11"),
        ("05 / 02 / 2013\nLindsay Lohan has checked into a rehab facility.", "2013-05-02"),
        ("TNN Nov 12,2011,05.51AM IST MUMBAI:\nAn Indian warship on Thursday...", "2011-11-12"),
        ("Posted on Thu Jun 13,2013 08:45 AM PDT\nLindsay Lohan has checked out.", "2013-06-13"),
        ("26 September 2013,10:00 (GMT+05:00)\nParliamentary elections...", "2013-09-26"),
        ("Sunday, November 27-2005 at 16:12\nTremors from an earthquake...", "2005-11-27"),
        (
            "Ten dead in southern Iran quake\nPublished: 2012.08.08 09:01 AM\nA fire...",
            "2012-08-08",
        ),
    ],
)
def test_datelines(text: str, expected: str) -> None:
    found = dateline_date(text)
    assert found is not None and found.date().isoformat() == expected


@pytest.mark.parametrize(
    "text",
    [
        "Lohan was previously at Betty Ford from September 2010 to January 2011.\nShe left.",
        "The bridge, built in 1935, collapsed.",
        "Mumbai, Nov 11 -\nIndian Navy patrolling the Gulf of Aden yesterday thwarted an attack.",
        "A fire on Tuesday destroyed Palmer's historic warehouse.",
    ],
)
def test_sentences_and_dates_without_a_year_are_no_datelines(text: str) -> None:
    assert dateline_date(text) is None


def test_metadata_wins_over_the_dateline() -> None:
    article = ArticleIn(text="Updated: November 11,2011\nText.", published=datetime(2011, 11, 12))
    assert dated(article) == (article, False)
    undated, inferred = dated(ArticleIn(text="Updated: November 11,2011\nText."))
    assert inferred and undated.published == datetime(2011, 11, 11)


def test_ecbplus_development_articles(ecbplus_file: Path) -> None:
    """Over half of the undated 'ecbplus' development articles (64 of 123) carry a dateline;
    where an article has both, they agree within a day (time zones); the 'ecb' articles,
    plain text without page furniture, never yield one."""
    with ecbplus_file.open(encoding="utf-8") as handle:
        rows = [row for row in map(json.loads, handle) if row["topic"] <= 22]
    found = {row["id"]: dateline_date(row["text"]) for row in rows}
    undated_plus = [row["id"] for row in rows if not row["published"] and "plus" in row["id"]]
    assert sum(found[article] is not None for article in undated_plus) >= 60
    for row in rows:
        dateline = found[row["id"]]
        if row["published"] and dateline is not None:
            published = datetime.fromisoformat(row["published"]).date()
            assert abs((dateline.date() - published).days) <= 1, row["id"]
    assert not any(found[row["id"]] for row in rows if row["id"].endswith("ecb"))
