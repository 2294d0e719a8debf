"""Name detector: one person spelled several ways; different people kept apart."""

from __future__ import annotations

from claims.compare.name import NameDetector
from claims.config import PipelineConfig
from models import FindingStatus

CONFIG = PipelineConfig()


def test_transliterations_cluster_with_the_majority_form(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Transport minister Yusuf Qaradi visited the Merrow Bridge in Port Alder on Monday.",
        ),
        (
            "b",
            "Coastline Times",
            "2026-03-10",
            "Transport minister Yusuf Qaradi said the Merrow Bridge in Port Alder would be rebuilt.",
        ),
        (
            "c",
            "Northfield Gazette",
            "2026-03-09",
            "Transport minister Youssef Kharadi travelled to the Merrow Bridge in Port Alder.",
        ),
        (
            "d",
            "Valley Courier",
            "2026-03-10",
            "Transport minister Yusuf Karadi ordered an inquiry into the Merrow Bridge in Port Alder.",
        ),
    )
    (finding,) = NameDetector().detect([], corpus, CONFIG)
    assert finding.status == FindingStatus.VARIANT
    assert finding.subject == "Yusuf Qaradi"
    forms = {value.value: (value.outlets, value.odd, value.variant_of) for value in finding.values}
    assert forms["Yusuf Qaradi"] == (["Coastline Times", "Harbour Herald"], False, None)
    assert forms["Yusuf Karadi"][1:] == (True, "recognised transliteration variant (Q/K)")
    assert forms["Youssef Kharadi"][1] is True
    assert finding.entity_id is not None


def test_similar_names_with_different_trades_are_different_people(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Mayor Ana Morales said Port Alder would open a relief fund after the Merrow Bridge collapse.",
        ),
        (
            "b",
            "Daily Meridian",
            "2026-03-10",
            "Anna Moralis, the engineer who inspected the Merrow Bridge in Port Alder, will give evidence.",
        ),
    )
    assert NameDetector().detect([], corpus, CONFIG) == []


def test_one_spelling_everywhere_is_no_finding(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Inspector Daniel Reyes said divers were searching the river in Port Alder.",
        ),
        (
            "b",
            "Metro Wire",
            "2026-03-09",
            "Inspector Daniel Reyes said all seven victims had been recovered in Port Alder.",
        ),
    )
    assert NameDetector().detect([], corpus, CONFIG) == []
    (entity,) = NameDetector().entities(corpus, CONFIG)
    assert entity.name == "Daniel Reyes" and entity.spellings[0].count == 2


def test_seed_articles_spell_haftar_two_ways(make_corpus, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    texts = {
        name: (seeds_dir / f"{name}.txt").read_text(encoding="utf-8") for name in ("000", "004")
    }
    corpus = make_corpus(
        ("seeds/000", "Reuters", "2019-04-19", texts["000"]),
        ("seeds/004", None, None, texts["004"]),
    )
    subjects = {finding.subject: finding for finding in NameDetector().detect([], corpus, CONFIG)}
    haftar = subjects["Khalifa Haftar"]
    odd = next(value for value in haftar.values if value.odd)
    assert odd.value == "Chalifa Haftar"
    assert odd.variant_of == "recognised transliteration variant (Kh/Ch)"
