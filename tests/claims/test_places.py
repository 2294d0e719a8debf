from __future__ import annotations

import pytest

from claims.places import is_region, town_name


@pytest.mark.parametrize(
    ("written", "town"),
    [
        ("Qeshm City", "qeshm"),  # ECB+ 20_7ecbplus, against 20_4ecbplus's 'Qeshm'
        ("Qeshm", "qeshm"),
        ("Port Alder town", "port alder"),
        ("Qeshm island", "qeshm island"),
        ("Kent County", "kent county"),
        ("City", "city"),
        ("Mexico City", "mexico city"),
        ("Kansas City", "kansas city"),
        ("Oklahoma City", "oklahoma city"),
        ("New York City", "new york city"),
    ],
)
def test_town_name_drops_only_the_word_for_a_town(written: str, town: str) -> None:
    assert town_name(written) == town


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kiev", "Kyiv"),
        ("Salonika", "Thessaloniki"),  # ECB+ 8_6ecbplus, against 8_3ecbplus
        ("Bombay", "Mumbai"),
        ("Saigon", "Ho Chi Minh City"),
        ("Ivory Coast", "Côte d’Ivoire"),
        ("Bogotá", "Bogota"),
    ],
)
def test_a_place_by_its_older_name_or_without_accents_is_one_place(one: str, other: str) -> None:
    assert town_name(one) == town_name(other)


@pytest.mark.parametrize(("one", "other"), [("Odessa", "Odesa"), ("Canton", "Guangzhou")])
def test_names_that_stand_for_two_places_are_left_apart(one: str, other: str) -> None:
    """Odessa, Texas; Canton, Ohio."""
    assert town_name(one) != town_name(other)


@pytest.mark.parametrize(
    ("place", "region"),
    [
        ("Texas", True),
        ("Mexico", True),
        ("Russia", True),  # ISO 3166 spells it 'Russian Federation'
        ("Netherlands", True),
        ("Queens", True),
        ("Minneapolis", False),
        ("Qeshm", False),
    ],
)
def test_regions_are_countries_states_and_boroughs(place: str, region: bool) -> None:
    assert is_region(place) is region
