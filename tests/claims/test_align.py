"""Alignment: near-duplicates across outlets, never the same outlet, never a different event."""

from __future__ import annotations

from claims.align import align
from claims.config import AlignConfig


def aligned_articles(corpus) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    return {
        frozenset({corpus.claims[a.left].article_id or "", corpus.claims[a.right].article_id or ""})
        for a in align(corpus, AlignConfig())
    }


def test_same_event_from_two_outlets_aligns(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Seven people were killed when the Merrow Bridge in Port Alder collapsed late Sunday, police said.",
        ),
        (
            "b",
            "Northfield Gazette",
            "2026-03-09",
            "Twelve people were killed when the Merrow Bridge in Port Alder collapsed on Sunday, police said.",
        ),
    )
    assert aligned_articles(corpus) == {frozenset({"a", "b"})}


def test_similar_wording_about_other_people_and_places_does_not_align(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        ("a", "Wire One", "2020-06-01", "Bolsonaro negotiates border reopening with Uruguay."),
        ("b", "Wire Two", "2020-06-01", "Trump negotiates border reopening with Canada."),
    )
    assert aligned_articles(corpus) == set()


def test_one_outlet_never_aligns_with_itself(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Seven people were killed when the Merrow Bridge in Port Alder collapsed late Sunday.",
        ),
        (
            "b",
            "Harbour Herald",
            "2026-03-10",
            "Seven people died when the Merrow Bridge in Port Alder collapsed on Sunday.",
        ),
    )
    assert aligned_articles(corpus) == set()


def test_articles_without_outlet_are_their_own_outlet(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        (
            "a",
            None,
            None,
            "Seven people were killed when the Merrow Bridge in Port Alder collapsed.",
        ),
        (
            "b",
            None,
            None,
            "Twelve people were killed when the Merrow Bridge in Port Alder collapsed.",
        ),
    )
    assert aligned_articles(corpus) == {frozenset({"a", "b"})}


def test_articles_published_months_apart_report_different_events(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        (
            "a",
            "Wire One",
            "2008-12-14",
            "A 5.6 magnitude earthquake hit Qeshm island off Iran's southern coast.",
        ),
        (
            "b",
            "Wire Two",
            "2005-11-27",
            "A 5.9 magnitude earthquake hit Qeshm island off Iran's southern coast.",
        ),
    )
    assert aligned_articles(corpus) == set()
