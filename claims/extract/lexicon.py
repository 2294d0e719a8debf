"""Word lists the extractors share: kept in one place so they are tuned in one place."""

from __future__ import annotations

from models import Hedge

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
SCALE_WORDS: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
# Vague plurals: "dozens of people" is at least two dozen, never an exact figure.
VAGUE_PLURALS: dict[str, int] = {
    "tens": 20,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
}

# "several dozen", "a few hundred": as vague as "dozens", a lower bound of two of the unit.
VAGUE_MULTIPLIERS: frozenset[tuple[str, ...]] = frozenset({("several",), ("a", "few"), ("many",)})
# 'several billion' is money, never a count: left out.
VAGUE_UNITS: dict[str, int] = {
    "dozen": NUMBER_WORDS["dozen"],
    **{word: value for word, value in SCALE_WORDS.items() if word != "billion"},
}

# Read right to left from the number: the longest phrase that ends just before it wins.
HEDGES_BEFORE: dict[tuple[str, ...], Hedge] = {
    ("at", "least"): Hedge.AT_LEAST,
    ("no", "fewer", "than"): Hedge.AT_LEAST,
    ("no", "less", "than"): Hedge.AT_LEAST,
    ("more", "than"): Hedge.MORE_THAN,
    ("over",): Hedge.MORE_THAN,
    ("upwards", "of"): Hedge.MORE_THAN,
    ("in", "excess", "of"): Hedge.MORE_THAN,
    ("at", "most"): Hedge.AT_MOST,
    ("up", "to"): Hedge.AT_MOST,
    ("as", "many", "as"): Hedge.AS_MANY_AS,
    ("no", "more", "than"): Hedge.AT_MOST,
    ("fewer", "than"): Hedge.LESS_THAN,
    ("less", "than"): Hedge.LESS_THAN,
    ("under",): Hedge.LESS_THAN,
    ("some",): Hedge.ABOUT,
    ("about",): Hedge.ABOUT,
    ("around",): Hedge.ABOUT,
    ("roughly",): Hedge.ABOUT,
    ("approximately",): Hedge.ABOUT,
    ("nearly",): Hedge.ABOUT,
    ("almost",): Hedge.ABOUT,
    ("close", "to"): Hedge.ABOUT,
    ("an", "estimated"): Hedge.ABOUT,
    ("estimated",): Hedge.ABOUT,
    ("approx",): Hedge.ABOUT,
}
HEDGES_AFTER: dict[tuple[str, ...], Hedge] = {
    ("or", "more"): Hedge.AT_LEAST,
    ("or", "so"): Hedge.ABOUT,
    ("plus",): Hedge.AT_LEAST,
}

# Casualty and event words, by lemma, to the counted thing they mean.
COUNTED_BY_LEMMA: dict[str, str] = {
    "kill": "killed",
    "killed": "killed",
    "dead": "killed",
    "death": "killed",
    "die": "killed",
    "fatality": "killed",
    "fatally": "killed",
    "toll": "killed",
    "body": "killed",
    "injure": "injured",
    "injured": "injured",
    "wound": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "injury": "injured",
    "casualty": "injured",
    "arrest": "arrested",
    "detain": "arrested",
    "arrested": "arrested",
    "missing": "missing",
    "evacuate": "evacuated",
    "rescue": "rescued",
    "hospitalize": "hospitalised",
    "hospitalise": "hospitalised",
    "displace": "displaced",
    "trap": "trapped",
    "strand": "stranded",
    "charge": "charged",
}
# Shootings: 'shot eleven times', 'seven bullets hit him' count hits; 'fired 11 shots',
# 'seven bullets fired by the officers' count shots. By the verb the figure hangs from.
SHOT_NOUNS = frozenset({"time", "bullet", "shot", "round"})
SHOT_VERBS: dict[str, str] = {
    "shoot": "times hit",
    "hit": "times hit",
    "strike": "times hit",
    "enter": "times hit",
    "pierce": "times hit",
    "fire": "shots fired",
}
SHOT_COUNTS = frozenset(SHOT_VERBS.values())
# Occasions in a life, counted by the verb 'N times' hangs from: 'married three times'.
OCCASION_VERBS: dict[str, str] = {"marry": "times married", "wed": "times married"}
OCCASION_COUNTS = frozenset(OCCASION_VERBS.values())
# What 'N times' counts, by its verb; bullets, shots and rounds count only shootings.
TIMES_VERBS: dict[str, str] = SHOT_VERBS | OCCASION_VERBS
# Adverbs that count occasions of their verb: 'shot twice', 'married twice'. Only after
# a verb of `TIMES_VERBS`: 'twice as large', 'twice a week' count nothing.
MULTIPLICATIVES: dict[str, int] = {"twice": 2, "thrice": 3}
CUMULATIVE_COUNTS = frozenset(
    {
        "killed",
        "injured",
        "arrested",
        "missing",
        "evacuated",
        "rescued",
        "hospitalised",
        "displaced",
        "trapped",
        "stranded",
        "charged",
    }
)
# Nouns for people: the count is about them, so look further for what happened to them.
PEOPLE_NOUNS = frozenset(
    {
        "people",
        "person",
        "civilian",
        "child",
        "man",
        "woman",
        "soldier",
        "resident",
        "victim",
        "passenger",
        "worker",
        "student",
        "fighter",
        "militant",
        "officer",
        "miner",
        "protester",
        "member",
        "casualty",
        "adult",
        "pilgrim",
        "tourist",
        "inmate",
        "police",
        "policeman",
        "suspect",
        "firefighter",
        "crew",
        "patient",
        "villager",
        "other",
        "others",
        "individual",
        "guest",
        "employee",
        "staff",
        "spectator",
        "pedestrian",
    }
)

# Unit words -> (canonical unit, pint unit or None when not convertible, counted).
# Millimetres are left out: in the news they are mostly calibres ('a 5.56mm and a 7.62mm
# rifles'), which are models of things, not distances.
UNITS: dict[str, tuple[str, str | None, str]] = {
    "metre": ("metre", "meter", "distance"),
    "meter": ("metre", "meter", "distance"),
    "metres": ("metre", "meter", "distance"),
    "meters": ("metre", "meter", "distance"),
    "m": ("metre", "meter", "distance"),
    "kilometre": ("km", "kilometer", "distance"),
    "kilometer": ("km", "kilometer", "distance"),
    "kilometres": ("km", "kilometer", "distance"),
    "kilometers": ("km", "kilometer", "distance"),
    "km": ("km", "kilometer", "distance"),
    "kms": ("km", "kilometer", "distance"),
    "centimetre": ("cm", "centimeter", "distance"),
    "centimeter": ("cm", "centimeter", "distance"),
    "centimetres": ("cm", "centimeter", "distance"),
    "centimeters": ("cm", "centimeter", "distance"),
    "cm": ("cm", "centimeter", "distance"),
    "inch": ("inch", "inch", "distance"),
    "inches": ("inch", "inch", "distance"),
    "mile": ("mile", "mile", "distance"),
    "miles": ("mile", "mile", "distance"),
    "foot": ("foot", "foot", "distance"),
    "feet": ("foot", "foot", "distance"),
    "ft": ("foot", "foot", "distance"),
    "yard": ("yard", "yard", "distance"),
    "yards": ("yard", "yard", "distance"),
    "kilogram": ("kg", "kilogram", "weight"),
    "kilograms": ("kg", "kilogram", "weight"),
    "kg": ("kg", "kilogram", "weight"),
    "kilo": ("kg", "kilogram", "weight"),
    "kilos": ("kg", "kilogram", "weight"),
    "pound": ("pound", "pound", "weight"),
    "pounds": ("pound", "pound", "weight"),
    "lb": ("pound", "pound", "weight"),
    "lbs": ("pound", "pound", "weight"),
    "ton": ("ton", "short_ton", "weight"),
    "tons": ("ton", "short_ton", "weight"),
    "tonne": ("tonne", "tonne", "weight"),
    "tonnes": ("tonne", "tonne", "weight"),
    "percent": ("percent", None, "percent"),
    "%": ("percent", None, "percent"),
    "per": ("percent", None, "percent"),
    "celsius": ("degC", "degC", "temperature"),
    "centigrade": ("degC", "degC", "temperature"),
    "fahrenheit": ("degF", "degF", "temperature"),
    "mph": ("mph", "mile / hour", "speed"),
    "km/h": ("km/h", "kilometer / hour", "speed"),
    "kph": ("km/h", "kilometer / hour", "speed"),
}
CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP"}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound sterling": "GBP",
}
# Duration words -> pint unit: '30 hours of deliberation', 'married two weeks ago'.
DURATION_WORDS: dict[str, str] = {
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
    "century": "century",
}
MAGNITUDE_WORDS = frozenset({"magnitude", "richter"})

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "yesterday": -1,
    "last night": -1,
    "the day before yesterday": -2,
}

# Titles and role words that stand before or beside a person's name.
ROLE_WORDS = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "ambassador",
        "general",
        "commander",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "director",
        "governor",
        "mayor",
        "senator",
        "judge",
        "prosecutor",
        "lawyer",
        "attorney",
        "officer",
        "sheriff",
        "captain",
        "colonel",
        "lieutenant",
        "sergeant",
        "prime",
        "foreign",
        "defense",
        "defence",
        "interior",
        "state",
        "envoy",
        "leader",
        "warlord",
        "strongman",
        "dictator",
        "king",
        "queen",
        "prince",
        "pope",
        "rep",
        "representative",
        "actor",
        "actress",
        "singer",
        "star",
        "coach",
        "player",
        "ceo",
        "chairman",
        "founder",
        "head",
        "engineer",
        "inspector",
        "detective",
        "police",
        "doctor",
        "dr",
        "professor",
        "manager",
        "executive",
        "owner",
        "deputy",
        "vice",
        "council",
        "councillor",
        "chancellor",
        "army",
        "field",
        "marshal",
        "agent",
        "official",
        "analyst",
        "researcher",
        "witness",
        "survivor",
        "resident",
        # Not 'bishop', 'constable', 'major', 'nurse', 'pastor', 'priest', 'principal': surnames
        # too ('John Major'), and a name ending in a role word is taken for no person's.
        "coroner",
        "superintendent",
        "commissioner",
        "trooper",
        "admiral",
        "surgeon",
        "paramedic",
        "firefighter",
        "congressman",
        "congresswoman",
        "lawmaker",
        "legislator",
        "magistrate",
        "imam",
        "rabbi",
        "reverend",
        "rev",
        "journalist",
        "correspondent",
    }
)
# Abbreviated titles, a role only before a name: 'Sen.' and 'Col' end people's names too
# (Amartya Sen), which a role word may not.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "gov", "sen", "rep", "gen", "col", "lt", "sgt"}
)
_TITLES = ROLE_WORDS | HONORIFICS


def is_title(word: str) -> bool:
    """A role word or honorific standing before a name ('Coroner', 'Sen.', 'Mrs')."""
    return word.lower().strip(".,'’") in _TITLES
