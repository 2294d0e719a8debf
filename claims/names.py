"""Name normalisation shared by alignment and the name detector.

Transliterations of one name differ in predictable places (Q/G/K/Kh/Ch, ou/u/o, ei/ey, ie/y,
doubled letters, an al- prefix). A consonant skeleton with those letters folded together is
equal across such variants while staying different for most different names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

ARTICLE_PREFIXES = ("al-", "el-", "al ", "el ", " al‑")
HYPOCORISMS: dict[str, str] = {
    "mike": "michael",
    "mick": "michael",
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "rob": "robert",
    "bobby": "robert",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "tony": "anthony",
    "dave": "david",
    "dan": "daniel",
    "danny": "daniel",
    "joe": "joseph",
    "chris": "christopher",
    "nick": "nicholas",
    "alex": "alexander",
    "andy": "andrew",
    "ben": "benjamin",
    "sam": "samuel",
    "steve": "stephen",
    "steven": "stephen",
    "matt": "matthew",
    "pat": "patrick",
    "ed": "edward",
    "ted": "edward",
    "rick": "richard",
    "dick": "richard",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "kate": "katherine",
    "katie": "katherine",
    "jenny": "jennifer",
    "jen": "jennifer",
    "sue": "susan",
    "peggy": "margaret",
    "meg": "margaret",
    "larry": "lawrence",
    "jerry": "gerald",
    "ron": "ronald",
    "don": "donald",
    "greg": "gregory",
    "jeff": "jeffrey",
    "fred": "frederick",
}
_FOLDS: tuple[tuple[str, str], ...] = (
    ("kh", "k"),
    ("ch", "k"),
    ("q", "k"),
    ("g", "k"),
    ("c", "k"),
    ("ck", "k"),
    ("ph", "f"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("z", "s"),
    ("w", "v"),
    ("j", "y"),
)
# Surname particles written joined or dropped: 'LaCalamita' / 'Calamita', 'DiMaggio'.
NAME_PARTICLES = ("della", "del", "van", "von", "der", "la", "le", "de", "di", "da", "du")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")
_NON_LETTERS = re.compile(r"[^a-z\s-]")


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Lowercase ASCII tokens without titles' punctuation or an al-/el- article prefix."""
    folded = _NON_LETTERS.sub(" ", ascii_fold(name).lower().replace("’", "'").replace("'", ""))
    tokens = []
    for token in folded.split():
        for prefix in ("al-", "el-"):
            if token.startswith(prefix) and len(token) > len(prefix) + 2:
                token = token[len(prefix) :]
        if token in {"al", "el"}:
            continue
        tokens.append(token.replace("-", ""))
    return tuple(token for token in tokens if token)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """First letter plus folded consonants: 'qaradi', 'kharadi', 'karadi' -> 'krd'."""
    folded = token
    for source, target in _FOLDS:
        folded = folded.replace(source, target)
    folded = _DOUBLES.sub(r"\1", folded)
    head, rest = folded[:1], folded[1:]
    if head in "aeiouy":
        head = "a"
    rest = _VOWELS.sub("", rest.replace("h", ""))
    return head + rest


def given_names_match(left: str, right: str) -> bool:
    if left == right:
        return True
    if HYPOCORISMS.get(left, left) == HYPOCORISMS.get(right, right):
        return True
    if len(left) == 1 or len(right) == 1:
        return left[0] == right[0]
    if left[-1] != right[-1] and left[-1] in "aeio" and right[-1] in "aeio":
        return False  # 'Mario' / 'Maria', 'Giulio' / 'Giulia': another name, not a spelling
    shorter, longer = sorted((left, right), key=len)
    if longer[:-1] == shorter and longer[-1] in "aeio":
        return False  # 'Paul' / 'Paula', 'Daniel' / 'Daniela': likewise
    if skeleton(left) == skeleton(right) and JaroWinkler.similarity(left, right) >= 0.75:
        return True
    # Greek gamma before i/e: 'Giannis' / 'Yiannis'.
    if _greek_gamma(left) == _greek_gamma(right):
        return True
    # A dropped or added letter inside the name ('Anre' / 'Andre', 'Latoya' / 'Latonya'), not at
    # its end, where it makes another name of the other sex ('Paul' / 'Paula').
    return (
        min(len(left), len(right)) >= 4
        and abs(len(left) - len(right)) == 1
        and left[-1] == right[-1]
        and Levenshtein.distance(left, right) == 1
    )


def surnames_match(left: str, right: str, min_similarity: float) -> bool:
    if left == right:
        return True
    if skeleton(left) == skeleton(right) and JaroWinkler.similarity(left, right) >= min_similarity:
        return True
    if _without_particle(left) == _without_particle(right):
        return True
    return near_miss(left, right)


def near_miss(left: str, right: str) -> bool:
    """One slip of the keyboard or of autocorrect in a name of five letters or more: a letter
    changed, dropped or added, or two letters swapped ('Teixiera'); two slips in names of
    eight letters or more ('Klitchsko'). The first letter is kept, and a letter added at
    the end makes another surname ('Brown' / 'Browne', 'Owen' / 'Owens')."""
    if left == right or left[:1] != right[:1]:
        return False
    shortest = min(len(left), len(right))
    if shortest < 5 or left.startswith(right) or right.startswith(left):
        return False
    return OSA.distance(left, right) <= (2 if shortest >= 8 else 1)


def _without_particle(token: str) -> str:
    for particle in NAME_PARTICLES:
        if token.startswith(particle) and len(token) - len(particle) >= 4:
            return token[len(particle) :]
    return token


def _greek_gamma(token: str) -> str:
    return "g" + token[1:] if token[:2] in {"yi", "ye"} else token


def same_name(left: str, right: str, min_similarity: float = 0.75) -> bool:
    """Could these two written names be one person? Surname-only matches a full name."""
    left_tokens, right_tokens = name_tokens(left), name_tokens(right)
    if not left_tokens or not right_tokens:
        return False
    if not surnames_match(left_tokens[-1], right_tokens[-1], min_similarity):
        return False
    if len(left_tokens) == 1 or len(right_tokens) == 1:
        return True
    return given_names_match(left_tokens[0], right_tokens[0])


def variant_kind(odd: str, usual: str) -> str:
    """Why an odd spelling differs from the usual one, in words an editor understands."""
    odd_tokens, usual_tokens = name_tokens(odd), name_tokens(usual)
    raw_odd, raw_usual = ascii_fold(odd).lower(), ascii_fold(usual).lower()
    if odd_tokens == usual_tokens:
        if any(p in raw_odd or p in raw_usual for p in ("al-", "el-", "al ", "el ")):
            return "article prefix (al-) added or dropped"
        return "same letters, different accents or punctuation"
    if len(odd_tokens) == len(usual_tokens) and odd_tokens[:-1] != usual_tokens[:-1]:
        first_odd, first_usual = odd_tokens[0], usual_tokens[0]
        if HYPOCORISMS.get(first_odd, first_odd) == HYPOCORISMS.get(first_usual, first_usual):
            return "short form of the given name"
    pairs = [(odd_tokens[-1], usual_tokens[-1])]
    if len(odd_tokens) > 1 and len(usual_tokens) > 1:
        pairs.insert(0, (odd_tokens[0], usual_tokens[0]))
    edits = sum(Levenshtein.distance(a, b) for a, b in pairs)
    slips = sum(OSA.distance(a, b) for a, b in pairs)
    folds = sorted({fold for a, b in pairs for fold in _folds_between(a, b)})
    if folds and all(_transliterated(a, b) for a, b in pairs):
        return f"recognised transliteration variant ({', '.join(folds)})"
    if any(a != b and _without_particle(a) == _without_particle(b) for a, b in pairs):
        return "name particle joined or dropped"
    if slips == 1:
        return "likely typo (1 letter differs)" if edits == 1 else "likely typo (letters swapped)"
    if all(_transliterated(a, b) for a, b in pairs):
        return "recognised transliteration variant (vowels)"
    return f"likely error ({edits} letters differ)"


TRANSLITERATION_PAIRS: tuple[tuple[str, str], ...] = (
    ("kh", "ch"),
    ("kh", "k"),
    ("kh", "h"),
    ("ch", "k"),
    ("q", "k"),
    ("q", "g"),
    ("g", "k"),
    ("ou", "u"),
    ("ou", "o"),
    ("ei", "ey"),
    ("ie", "y"),
    ("ph", "f"),
    ("dh", "d"),
    ("j", "y"),
    ("ee", "i"),
)


def _transliterated(left: str, right: str) -> bool:
    """Equal once transliteration letters are folded; Russian 'x' is written kh or h."""
    return (
        skeleton(left) == skeleton(right)
        or skeleton(left.replace("kh", "h")) == skeleton(right.replace("kh", "h"))
        or _greek_gamma(left) == _greek_gamma(right)
    )


def _folds_between(left: str, right: str) -> list[str]:
    """Transliteration patterns that explain part of the difference: 'Kh/Ch', 'ou/u'."""
    distance = Levenshtein.distance(left, right)
    found = []
    for source, target in TRANSLITERATION_PAIRS:
        if (
            Levenshtein.distance(left.replace(source, target), right.replace(source, target))
            < distance
        ):
            found.append(f"{source.capitalize()}/{target.capitalize()}")
    if _DOUBLES.sub(r"\1", left) == _DOUBLES.sub(r"\1", right) and left != right:
        found.append("doubled letter")
    if _greek_gamma(left) == _greek_gamma(right) and left != right:
        found.append("Y/G")
    return found
