"""Name matching: transliterations match, different people do not."""

from __future__ import annotations

import pytest

from claims.names import same_name, skeleton, variant_kind


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Khalifa Haftar", "Chalifa Haftar"),
        ("Yusuf Qaradi", "Youssef Kharadi"),
        ("Muammar Gaddafi", "Muammar al-Gaddafi"),
        ("Moammar Qaddafi", "Muammar Gaddafi"),
        ("Mike Pompeo", "Michael Pompeo"),
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Haftar", "Khalifa Haftar"),
        ("Giannis Panagopoulos", "Yiannis Panagopoulos"),
        ("Anre Iguodala", "Andre Iguodala"),
        ("Latoya Brown", "Latonya Brown"),
        ("Andrew Welzler", "Andrew Wetzler"),
        ("Mark Teixiera", "Mark Teixeira"),
        ("Anthony Calamita", "Anthony LaCalamita"),
        ("Kurbanguly Berdymukhamedov", "Gurbanguly Berdimuhamedov"),
    ],
)
def test_variants_of_one_name(left: str, right: str) -> None:
    assert same_name(left, right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Jair Bolsonaro", "Donald Trump"),
        ("Mike Pompeo", "Mark Pompeo"),
        ("Vladimir Putin", "Dmitry Peskov"),
        ("Mario Lopez", "Maria Lopez"),
        ("Paul Owen", "Paul Owens"),
        ("Kimani Gray", "Mahnefah Gray"),
    ],
)
def test_different_names(left: str, right: str) -> None:
    assert not same_name(left, right)


def test_skeleton_folds_transliterations() -> None:
    assert skeleton("qaradi") == skeleton("kharadi") == skeleton("karadi")


@pytest.mark.parametrize(
    ("odd", "usual", "why"),
    [
        ("Chalifa Haftar", "Khalifa Haftar", "recognised transliteration variant (Kh/Ch)"),
        ("Yusuf Karadi", "Yusuf Qaradi", "recognised transliteration variant (Q/K)"),
        ("Muammar al-Gaddafi", "Muammar Gaddafi", "article prefix (al-) added or dropped"),
        ("Michael Pompeo", "Mike Pompeo", "short form of the given name"),
        ("Tara Reed", "Tara Reid", "likely typo (1 letter differs)"),
        ("Tony Regains", "Tony Reagins", "likely typo (letters swapped)"),
        (
            "Yiannis Panagopoulos",
            "Giannis Panagopoulos",
            "recognised transliteration variant (Y/G)",
        ),
        ("Anthony Calamita", "Anthony LaCalamita", "name particle joined or dropped"),
        ("Betty Mae Page", "Bettie Page", "recognised transliteration variant (Ie/Y)"),
    ],
)
def test_variant_kinds(odd: str, usual: str, why: str) -> None:
    assert variant_kind(odd, usual) == why
