"""The publication date a captured page left at the top of its text, for articles whose
metadata has none: 'Updated: November 11,2011 18:50 IST', '05 / 02 / 2013', 'TNN Nov 12,2011,
05.51AM IST MUMBAI:'. Without it, 'on Thursday' and 'yesterday' cannot be placed in time.

Only a line among the first few that is a date and little else counts: besides the date it may
hold times, zones, places and words such as 'Updated' or 'Posted on', but no sentence. A
sentence that mentions a year is not a dateline. dateparser reads the date once it is found.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

FIRST_LINES = 3
MAX_WORDS = 14
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d(?!\d)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"(?<![\w/]){_MONTH}\s+{_DAY}[,-]?\s*{_YEAR}"
    rf"|(?<![\w/]){_DAY}\s+{_MONTH},?\s+{_YEAR}"
    rf"|(?<![\w/]){_MONTH}\s+{_DAY}\s+{_YEAR}"
    r"|(?<![\w/])\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:\d{4}|\d{2})(?![\d/])"
    rf"|(?<![\w.]){_YEAR}[-.]\d\d[-.]\d\d(?![\d])",
    re.IGNORECASE,
)
# Words a dateline may carry around its date; anything else lowercase makes it a sentence.
_DATELINE_WORDS = frozenset(
    {
        "updated",
        "update",
        "published",
        "posted",
        "edited",
        "created",
        "story",
        "time",
        "date",
        "last",
        "first",
        "originally",
        "on",
        "at",
        "and",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "hrs",
        "et",
        "est",
        "edt",
        "pst",
        "pdt",
        "gmt",
        "bst",
        "utc",
        "ist",
    }
)
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*[.,]*$")
_TIME = re.compile(r"^[\d:.,()+\-]+(?:[ap]\.?m\.?)?[.,]*$", re.IGNORECASE)
_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "MDY",  # '05 / 02 / 2013': sites that write dates so are mostly American
    "REQUIRE_PARTS": ["day", "month", "year"],
}


def dateline_date(text: str) -> datetime | None:
    """The date of the first dateline among the text's first lines, or None."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:FIRST_LINES]
    for line in lines:
        found = _line_date(line)
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4096)
def _line_date(line: str) -> datetime | None:
    match = _DATE.search(line)
    if (
        match is None
        or len(line.split()) > MAX_WORDS
        or not _only_dateline_words(line[: match.start()] + line[match.end() :])
    ):
        return None
    import dateparser

    parsed = dateparser.parse(match.group(), languages=["en"], settings=_SETTINGS)
    if parsed is None or parsed.year < 1900 or parsed > datetime.now():
        return None
    return parsed


def _only_dateline_words(rest: str) -> bool:
    for word in rest.replace(",", " ").replace(":", " ").split():
        token = word.strip("()[]|-–—")
        lowered = token.lower()
        if not any(char.isalpha() for char in lowered):
            continue
        if lowered in _DATELINE_WORDS or _WEEKDAY.match(lowered) or _TIME.match(lowered):
            continue
        if not token[:1].isupper():
            return False  # 'A fire on Tuesday destroyed...': a sentence
    # What is left is capitalised: a place, an agency or a zone ('MUMBAI', 'TNN', 'AKDT').
    return True
