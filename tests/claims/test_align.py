"""Alignment: near-duplicates across outlets, never the same outlet, never a different event."""

from __future__ import annotations

from claims.align import align
from claims.config import AlignConfig
from claims.corpus import Corpus
from tests.fixture_types import MakeCorpus


def aligned_articles(corpus: Corpus) -> set[frozenset[str]]:
    return {
        frozenset({corpus.claims[a.left].article_id or "", corpus.claims[a.right].article_id or ""})
        for a in align(corpus, AlignConfig())
    }


def test_same_event_from_two_outlets_aligns(make_corpus: MakeCorpus) -> None:
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


def test_similar_wording_about_other_people_and_places_does_not_align(
    make_corpus: MakeCorpus,
) -> None:
    corpus = make_corpus(
        ("a", "Wire One", "2020-06-01", "Bolsonaro negotiates border reopening with Uruguay."),
        ("b", "Wire Two", "2020-06-01", "Trump negotiates border reopening with Canada."),
    )
    assert aligned_articles(corpus) == set()


def test_a_city_by_its_older_name_is_the_same_city(make_corpus: MakeCorpus) -> None:
    """Each names a place, and 'Bombay' and 'Mumbai' are one: before they were two, the claims
    about one flood were kept apart as about two cities."""
    corpus = make_corpus(
        (
            "a",
            "Wire One",
            "2026-07-27",
            "Eleven people were killed when floods hit Bombay on Monday, officials said.",
        ),
        (
            "b",
            "Wire Two",
            "2026-07-27",
            "Fourteen people were killed when floods hit Mumbai on Monday, officials said.",
        ),
    )
    assert aligned_articles(corpus) == {frozenset({"a", "b"})}


def test_one_outlet_never_aligns_with_itself(make_corpus: MakeCorpus) -> None:
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


def test_articles_without_outlet_are_their_own_outlet(make_corpus: MakeCorpus) -> None:
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


def test_articles_published_months_apart_report_different_events(make_corpus: MakeCorpus) -> None:
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


def test_a_background_quake_dated_by_month_is_not_this_weeks_quake(make_corpus: MakeCorpus) -> None:
    """ECB+ 20_1ecb recalls September's quake; another undated outlet reports Sunday's."""
    corpus = make_corpus(
        (
            "a",
            None,
            None,
            "A powerful quake with a magnitude of 6.1 struck southern Iran in September near "
            "the port city of Bandar Abbas, on the mainland near Qeshm island.",
        ),
        (
            "b",
            None,
            None,
            "An earthquake measuring 5.6 on the Richter scale jolted Qeshm island off Iran's "
            "southern coast on Sunday, followed by several aftershocks on Monday.",
        ),
    )
    assert aligned_articles(corpus) == set()


def test_quakes_in_different_named_months_are_different_events(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        ("a", None, None, "A 6.1 quake struck southern Iran in September, near Bandar Abbas."),
        ("b", None, None, "A 6.4 quake struck southern Iran in February, near Bandar Abbas."),
    )
    assert aligned_articles(corpus) == set()


def test_a_day_inside_the_month_named_elsewhere_is_the_same_event(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Wire One",
            "2026-03-10",
            "Seven people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
        ),
        (
            "b",
            "Wire Two",
            "2026-03-20",
            "Twelve people were killed when the Merrow Bridge in Port Alder collapsed in March.",
        ),
    )
    assert aligned_articles(corpus) == {frozenset({"a", "b"})}


def test_an_undated_claim_is_about_the_day_its_article_leads_with(make_corpus: MakeCorpus) -> None:
    """ECB+ 20_5ecb: the 5.2 quake is Monday's; its sentence says so only through the lead."""
    monday = (
        "b",
        None,
        None,
        "Monday's earthquake was the second one to hit Qeshm island in the past 24 hours.\n"
        "Iran's state television says a magnitude-5.2 quake has injured three people in the "
        "Persian Gulf Island of Qeshm.",
    )
    september = (
        "a",
        None,
        None,
        "A powerful quake with a magnitude of 6.1 struck southern Iran in September near the "
        "port city of Bandar Abbas, on the mainland near Qeshm island, killing at least seven.",
    )
    assert aligned_articles(make_corpus(september, monday)) == set()
    undated = ("b", None, None, monday[3].split("\n")[1])
    assert aligned_articles(make_corpus(september, undated)) == {frozenset({"a", "b"})}


GREEK_RIOTS_2008 = (
    "Rioting spread across Greece for a third night after police in Athens shot dead a teenager, "
    "Alexandros Grigoropoulos. Prime Minister Costas Karamanlis appealed for calm. "
    "The riots in cities throughout the country have left at least 70 people injured."
)
ATHENS_STRIKE_2010 = (
    "Three people died when protesters set fire to a Marfin Bank branch in Athens during a general "
    "strike against the austerity plan of George Papandreou, the Greek prime minister, and the "
    "IMF and the European Union. Police said 12 people were injured in the riots."
)


def test_an_undated_article_needs_more_shared_names_to_tell_the_same_story(
    make_corpus: MakeCorpus,
) -> None:
    """Two riots in Athens, 2008 and 2010, share only 'Athens' among their names (story
    overlap about 0.08). Dated, that is one story, and their unnamed injury claims align; with
    one article undated nothing tells the years apart, and they do not (ECB+ 19_9ecb against
    8_3ecbplus: 'at least 70' against '12 injured' was a false finding)."""
    dated = make_corpus(
        ("a", "Wire One", "2010-05-05", GREEK_RIOTS_2008),
        ("b", "Wire Two", "2010-05-06", ATHENS_STRIKE_2010),
    )
    assert 0.04 <= dated.story_overlap("a", "b") < 0.1
    assert aligned_articles(dated) == {frozenset({"a", "b"})}
    undated = make_corpus(
        ("a", "Wire One", None, GREEK_RIOTS_2008),
        ("b", "Wire Two", "2010-05-06", ATHENS_STRIKE_2010),
    )
    assert aligned_articles(undated) == set()


def test_the_organisation_a_claim_cites_is_not_what_it_is_about(make_corpus: MakeCorpus) -> None:
    """ECB+ 37_6ecb (Papua) and 38_3ecb (Sonoma County) both cite the U.S. Geological Survey:
    one source for two quakes, which once set a 7.6 against a 4.2."""
    corpus = make_corpus(
        (
            "a",
            "Wire One",
            "2026-01-04",
            "A magnitude 7.6 earthquake struck near Manokwari on Sunday, the U.S. Geological Survey said.",
        ),
        (
            "b",
            "Wire Two",
            "2026-01-04",
            "A magnitude 4.2 earthquake struck near Santa Rosa on Sunday, the U.S. Geological Survey said.",
        ),
    )
    assert aligned_articles(corpus) == set()


def test_a_cited_organisation_is_one_named_whole(make_corpus: MakeCorpus) -> None:
    """'an UNRWA official said' cites UNRWA, not the UN: the UN school stays what both claims
    are about. Undated, and sharing little else, the articles do not tell one story by their
    names, and the claims are not close enough to align on wording alone."""
    corpus = make_corpus(
        (
            "a",
            "Wire One",
            None,
            "A shell hit a UN school on Tuesday, killing three people, an UNRWA official said. "
            "Mahmoud Abbas met Hosni Mubarak in Cairo. Nicolas Sarkozy spoke to Ehud Olmert "
            "in Paris.",
        ),
        (
            "b",
            "Wire Two",
            None,
            "Three people died on Tuesday after shelling near the UN school. Condoleezza Rice "
            "called Tzipi Livni from Washington. Javier Solana flew to Damascus.",
        ),
    )
    assert aligned_articles(corpus) == {frozenset({"a", "b"})}
