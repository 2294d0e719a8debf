"""Name detector: one person spelled several ways; different people kept apart."""

from __future__ import annotations

from pathlib import Path

from claims.compare.name import NameDetector
from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import Finding, FindingStatus
from tests.fixture_types import EcbplusCorpus, MakeCorpus

CONFIG = PipelineConfig()


def test_transliterations_cluster_with_the_majority_form(make_corpus: MakeCorpus) -> None:
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


def test_similar_names_with_different_trades_are_different_people(make_corpus: MakeCorpus) -> None:
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


def test_one_spelling_everywhere_is_no_finding(make_corpus: MakeCorpus) -> None:
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


def test_seed_articles_spell_haftar_two_ways(make_corpus: MakeCorpus, seeds_dir: Path) -> None:
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


def _odd_forms(finding: Finding) -> dict[str, str | None]:
    return {value.value: value.variant_of for value in finding.values if value.odd}


def _by_subject(corpus: Corpus) -> dict[str, Finding]:
    return {finding.subject: finding for finding in NameDetector().detect([], corpus, CONFIG)}


def test_a_lone_misspelt_surname_beside_the_full_name_is_an_odd_form(
    ecbplus_corpus: EcbplusCorpus,
) -> None:
    # 7_10ecb: "The technical knockout in Klitchsko's sixth defense of the IBF title..."
    corpus = ecbplus_corpus("7_10ecb", "7_2ecb", "7_8ecb")
    finding = _by_subject(corpus)["Wladimir Klitschko"]
    assert _odd_forms(finding) == {"Klitchsko": "likely error (2 letters differ)"}
    (odd,) = [value for value in finding.values if value.odd]
    assert [claim.article_id for claim in odd.claims] == ["7_10ecb"]
    assert odd.claims[0].value_span is not None


def test_swapped_letters_in_a_surname_are_a_typo(ecbplus_corpus: EcbplusCorpus) -> None:
    # 10_2ecb names "Angels general manager Tony Reagins", then "Regains didn't reveal...".
    corpus = ecbplus_corpus("10_2ecb", "10_3ecb")
    finding = _by_subject(corpus)["Tony Reagins"]
    assert _odd_forms(finding) == {"Regains": "likely typo (letters swapped)"}


def test_a_name_spacy_tags_as_an_organisation_joins_the_person(
    ecbplus_corpus: EcbplusCorpus,
) -> None:
    # 4_1ecb: "Hugh Heffner's new magazine Playboy" (tagged ORG); 4_2ecb: "Hugh Hefner" (PERSON).
    corpus = ecbplus_corpus("4_1ecb", "4_2ecb")
    finding = _by_subject(corpus)["Hugh Hefner"]
    assert _odd_forms(finding) == {
        "Hugh Heffner": "recognised transliteration variant (doubled letter)"
    }


def test_greek_gamma_transliterations(ecbplus_corpus: EcbplusCorpus) -> None:
    corpus = ecbplus_corpus("8_1ecbplus", "8_2ecbplus", "8_3ecbplus")
    finding = _by_subject(corpus)["Giannis Panagopoulos"]
    assert _odd_forms(finding) == {
        "Yiannis Panagopoulos": "recognised transliteration variant (Y/G)"
    }


def test_a_short_given_name_is_the_same_spelling(ecbplus_corpus: EcbplusCorpus) -> None:
    # 5_4ecb writes "Sam Dalembert", the others "Samuel Dalembert": one person, no finding.
    corpus = ecbplus_corpus("5_4ecb", "5_1ecb", "5_10ecb")
    assert "Samuel Dalembert" not in _by_subject(corpus)
    entities = {entity.name: entity for entity in NameDetector().entities(corpus, CONFIG)}
    spellings = {s.form: s.variant_of for s in entities["Samuel Dalembert"].spellings}
    assert spellings == {"Samuel Dalembert": None, "Sam Dalembert": "short form of the given name"}


def test_an_initial_beside_a_full_given_name_in_one_article_is_another_person(
    ecbplus_corpus: EcbplusCorpus,
) -> None:
    # 5_2ecb names general manager Tony DiLeo and, separately, T.J. DiLeo.
    corpus = ecbplus_corpus("5_2ecb", "5_1ecb")
    assert "Tony DiLeo" not in _by_subject(corpus)


def test_a_slip_in_the_given_name_is_an_odd_form(ecbplus_corpus: EcbplusCorpus) -> None:
    # 22_8ecbplus writes "Brian Dalton" for the wounded Bryant Dalton of 22_3ecbplus and 22_7ecbplus.
    corpus = ecbplus_corpus("22_8ecbplus", "22_3ecbplus", "22_7ecbplus")
    finding = _by_subject(corpus)["Bryant Dalton"]
    assert set(_odd_forms(finding)) == {"Brian Dalton"}


def test_a_final_vowel_makes_another_given_name(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Paul Okafor, a Port Alder engineer, inspected the Merrow Bridge with mayor Ana Morales.",
        ),
        (
            "b",
            "Daily Meridian",
            "2026-03-10",
            "Paula Okafor, a Port Alder nurse, treated survivors of the Merrow Bridge collapse with "
            "mayor Ana Morales.",
        ),
    )
    assert "Paul Okafor" not in _by_subject(corpus) and "Paula Okafor" not in _by_subject(corpus)


def test_a_lone_word_like_a_given_name_is_not_its_misspelling(make_corpus: MakeCorpus) -> None:
    """Short lone words close to a given name are mostly other words: a university, a child."""
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Port Alder guard Doug Miller scored eight points with nine boards on Sunday.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-03-10",
            "Port Alder passed the likes of Larry Miller on Sunday. Former Duke star J.J. Redick "
            "holds that mark with 2,769 points.",
        ),
        (
            "c",
            "Coastline Times",
            "2026-03-09",
            'The Port Alder crime family was founded in 1931 by gangster Charles "Lucky" Luciano.',
        ),
        (
            "d",
            "Daily Meridian",
            "2026-03-10",
            'Charles "Lucky" Luciano founded the family in Port Alder; its boss left three '
            "children, Vincent, Lucia and Carmella Esposito.",
        ),
    )
    subjects = _by_subject(corpus)
    assert "Doug Miller" not in subjects
    assert 'Charles "Lucky" Luciano' not in subjects


def test_a_family_name_broken_in_two_is_a_variant_an_accent_is_not(
    make_corpus: MakeCorpus,
) -> None:
    """ECB+ 20_4ecb wrote governor Mehdi Irannejad as 'Mehdi iran-Nejad', an autocorrect's or
    a capture's damage an editor fixes; 'Ramírez' written without its accent is house style."""
    corpus = make_corpus(
        (
            "a",
            "Harbour Herald",
            "2026-03-09",
            "Governor Mehdi Irannejad said 20 houses near Port Alder were damaged by the quake.",
        ),
        (
            "b",
            "Daily Meridian",
            "2026-03-09",
            "Two villagers were injured near Port Alder, the governor of Dunmore, Mehdi "
            "iran-Nejad, told reporters.",
        ),
        (
            "c",
            "Harbour Herald",
            "2026-03-09",
            "Inspector Lucía Ramírez said the Merrow Bridge in Port Alder had failed at pier four.",
        ),
        (
            "d",
            "Valley Courier",
            "2026-03-10",
            "Inspector Lucia Ramirez told the inquiry the Merrow Bridge in Port Alder had failed.",
        ),
    )
    (finding,) = NameDetector().detect([], corpus, CONFIG)
    assert finding.subject == "Mehdi Irannejad"
    assert sorted((value.value, value.outlets) for value in finding.values) == [
        ("Mehdi Irannejad", ["Harbour Herald"]),
        ("Mehdi iran-Nejad", ["Daily Meridian"]),
    ]
