"""Places as outlets write them: the town one outlet names with 'City' and another without,
by an older or English name ('Kiev', 'Salonika') or without its accents, and the regions
(countries, US states, New York boroughs) that may hold a town.

Countries come from ISO 3166 (`iso3166`), US states from `us`; there is no gazetteer of
towns here.
"""

from __future__ import annotations

from functools import cache, lru_cache

import iso3166
import us

from claims.names import ascii_fold

_TOWN_WORDS = frozenset({"city", "town"})
# Places outlets name by two names, an older or English one and the one used now, each read
# as the name used now. Only names that stand for one place in the news: not 'Odessa' (also
# in Texas), 'Canton' (Ohio's) or 'Macedonia' (also a Greek region).
EXONYMS: dict[str, str] = {
    "kiev": "kyiv", "kharkov": "kharkiv", "lvov": "lviv", "nikolayev": "mykolaiv",
    "zaporozhye": "zaporizhzhia", "lugansk": "luhansk", "chernigov": "chernihiv",
    "kishinev": "chisinau", "tiflis": "tbilisi", "byelorussia": "belarus",
    "salonika": "thessaloniki", "salonica": "thessaloniki",
    "bombay": "mumbai", "calcutta": "kolkata", "madras": "chennai", "bangalore": "bengaluru",
    "poona": "pune", "dacca": "dhaka", "ceylon": "sri lanka",
    "peking": "beijing", "rangoon": "yangon", "burma": "myanmar", "saigon": "ho chi minh",
    "ivory coast": "cote d'ivoire", "swaziland": "eswatini", "czech republic": "czechia",
    "turkey": "turkiye", "cape verde": "cabo verde", "east timor": "timor-leste",
}  # fmt: skip
# Boroughs that hold a city's neighbourhoods, named as a home as often as the neighbourhood.
BOROUGHS = frozenset({"queens", "brooklyn", "manhattan", "bronx", "staten island"})
# Short names of countries ISO 3166 spells out ('Russian Federation').
COUNTRY_ALIASES = frozenset(
    {
        "britain", "great britain", "england", "scotland", "wales", "northern ireland", "uk",
        "russia", "america", "united states", "u.s", "usa", "u.k", "syria", "vietnam", "iran",
        "north korea", "south korea", "korea", "laos", "bolivia", "venezuela", "tanzania",
        "moldova", "taiwan", "palestine", "gaza", "west bank",
    }
)  # fmt: skip


@lru_cache(maxsize=65536)
def town_name(name: str) -> str:
    """A place's name as two outlets' names for it are compared: lowercased, without accents
    ('Bogotá' is Bogota), by the name used now ('Kiev' is Kyiv), and without the 'City' or
    'Town' that one outlet writes and another leaves out ('Qeshm City' is Qeshm). 'Qeshm
    island' or 'Kent County' names the wider area around a town of that name and keeps its
    word, and so does a city named after its country or state: 'Mexico City' is not Mexico,
    nor 'Kansas City' Kansas."""
    words = ascii_fold(name).lower().replace("’", "'").split()
    while len(words) > 1 and words[-1] in _TOWN_WORDS and not is_region(" ".join(words[:-1])):
        words.pop()
    town = " ".join(words)
    return EXONYMS.get(town, town)


def folded(place: str) -> str:
    return " ".join(place.lower().replace("’", "'").strip(" .,").split())


def is_region(place: str) -> bool:
    """A state, country or borough: it may hold a town another outlet names."""
    place = folded(place)
    return place in BOROUGHS or place in COUNTRY_ALIASES or place in _states_and_countries()


@cache
def _states_and_countries() -> frozenset[str]:
    states = [*us.states.STATES_AND_TERRITORIES, us.states.DC]
    names = {folded(state.name) for state in states}
    names |= {folded(state.ap_abbr) for state in states if state.ap_abbr}
    for country in iso3166.countries:
        names |= {folded(country.name.split(",")[0]), folded(country.apolitical_name)}
    return frozenset(names)
