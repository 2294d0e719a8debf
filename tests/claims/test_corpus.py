"""The corpus's lookups: built at load, and extended rather than rebuilt when it grows."""

from __future__ import annotations

import pytest

from claims.corpus import Corpus, story_names
from tests.fixture_types import MakeCorpus

ARTICLES = (
    (
        "herald-1",
        "Harbour Herald",
        "2026-03-09",
        "Seven people were killed when the Merrow Bridge in Port Alder collapsed late Sunday. "
        "Mayor Ellen Marsh said divers were searching the river.",
    ),
    (
        "gazette-1",
        "Northfield Gazette",
        "2026-03-09",
        "Twelve people died in the Merrow Bridge collapse, Port Alder police said.",
    ),
    (
        "courier-1",
        "Valley Courier",
        "2026-03-10",
        "Mayor Ellen Marsh of Port Alder called the Merrow Bridge collapse a tragedy. "
        "Engineers from Kestrel Transit inspected the remaining span on Monday.",
    ),
)


def test_a_grown_corpus_reads_as_one_built_whole(make_corpus: MakeCorpus) -> None:
    whole = make_corpus(*ARTICLES)
    later = {cid: c for cid, c in whole.claims.items() if c.article_id == "courier-1"}
    earlier = Corpus(
        articles={aid: a for aid, a in whole.articles.items() if aid != "courier-1"},
        claims={cid: c for cid, c in whole.claims.items() if cid not in later},
        index=whole.index,
    ).build_lookups()
    before = earlier.story_overlap("herald-1", "gazette-1")

    grown = earlier.grown({"courier-1": whole.articles["courier-1"]}, later)

    assert whole.story_overlap("herald-1", "courier-1") > 0  # they share Ellen Marsh
    assert set(grown.claims) == set(whole.claims) and set(grown.articles) == set(whole.articles)
    for article_id in whole.articles:
        assert grown.claims_of(article_id) == whole.claims_of(article_id)
        for other in whole.articles:
            assert grown.story_overlap(article_id, other) == whole.story_overlap(article_id, other)
    # the corpus it grew from is left as it was, for checks still reading it
    assert earlier.claims_of("courier-1") == ()
    assert earlier.story_overlap("herald-1", "gazette-1") == before


def test_a_text_from_outside_weighs_as_an_article_would(make_corpus: MakeCorpus) -> None:
    """A posted draft naming what an article names overlaps it as that article's twin in the
    corpus would; a name the corpus never saw dilutes the overlap as a rare name does."""
    corpus = make_corpus(*ARTICLES)
    herald = story_names(corpus.claims_of("herald-1"))
    courier = story_names(corpus.claims_of("courier-1"))

    assert corpus.story_overlap_with(herald, "courier-1") == pytest.approx(
        corpus.story_overlap("herald-1", "courier-1")
    )
    assert corpus.story_overlap_with(courier, "courier-1") == pytest.approx(1.0)
    diluted = corpus.story_overlap_with(courier | {"qeshm"}, "courier-1")
    assert 0 < diluted < 1.0
    assert corpus.story_overlap_with(frozenset({"qeshm"}), "courier-1") == 0.0
