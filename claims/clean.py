"""Strip capture debris from raw article text without moving a single character.

Debris is replaced by spaces (newlines stay newlines), so every offset into the cleaned text is
the same offset into the raw text: spans found by spaCy point straight into the stored article.
Rules are applied in order; each has a name and the reason it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial


@dataclass(frozen=True)
class DebrisRule:
    name: str
    pattern: re.Pattern[str]
    why: str
    keep_group: str | None = None  # a named group whose text survives (link labels)


def _rule(
    name: str, pattern: str, why: str, keep_group: str | None = None, flags: int = 0
) -> DebrisRule:
    return DebrisRule(name, re.compile(pattern, flags), why, keep_group)


_LINE = re.MULTILINE
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

_MONTH_DAY_YEAR = rf"{_MONTHS}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}"
_DAY_MONTH_YEAR = rf"\d{{1,2}}[ \t]+{_MONTHS}[ \t]+\d{{4}}"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"

RULES: tuple[DebrisRule, ...] = (
    _rule(
        "script-style",
        r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>",
        "page code is never article text",
        flags=re.IGNORECASE | re.DOTALL,
    ),
    _rule("html-comment", r"<!--.*?-->", "markup comments", flags=re.DOTALL),
    _rule("html-tag", r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", "markup around the text"),
    _rule(
        "html-entity",
        r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});",
        "entities would be read as words; blanking keeps offsets",
    ),
    _rule(
        "related-line",
        r"^[ \t#*]*(?:Related (?:article|story|content|coverage)s?|Read more|See also|"
        r"Original url|Source url|Image (?:source|caption)|Photo)\s*:.*$",
        "capture tools add cross-links and source lines",
        flags=_LINE | re.IGNORECASE,
    ),
    _rule(
        "site-chrome",
        r"^[ \t]*(?:Accessibility links|Breaking News|Skip to (?:main )?content|Share this"
        r"(?: article)?|Leave a (?:comment|reply)|Post comment|Submit|Your email address will "
        r"not be published\.?.*|Required fields are marked.*|Name \*|E-?mail \*|Website|"
        r"Comment \*?|Save my name, email.*|Sign up for .*|Subscribe.*|Advertisement|"
        r"Cookie(?:s)? (?:policy|settings).*|Please enter your (?:comment|name|email).*)[ \t]*$",
        "navigation and comment-form leftovers",
        flags=_LINE | re.IGNORECASE,
    ),
    _rule(
        "byline",
        r"^[ \t]*By[ \t]+(?:\[[^\]\n]{1,80}\]\([^)\n]*\)|[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*"
        r"|and|&|de|van|von|al-\w+)){0,5})(?:[ \t]*,[ \t]*[A-Z][\w .'’-]{0,40})?[ \t]*$",
        "a byline names the writer, it is not a claim",
        flags=_LINE,
    ),
    _rule(
        "dateline-only",
        r"^[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
        rf"(?:{_MONTH_DAY_YEAR}|{_DAY_MONTH_YEAR}|{_ISO_DATE})"
        r"(?:[ \t]+\d{1,2}:\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]+[A-Z]{2,4})?)?[ \t]*$",
        "a date alone on a line is page furniture; the publication date is metadata",
        flags=_LINE | re.IGNORECASE,
    ),
    _rule(
        "dateline-labelled",
        r"^[ \t]*(?:(?:Last[ \t]+)?Updated|Published|Posted|Originally[ \t]+published)"
        r"(?:[ \t]+on)?[ \t]*:?[ \t]+[^\n]{0,60}?\b(?:19|20)\d\d\b[^\n]{0,40}$",
        "'Published: Dec. 19,2005 at 9:44 PM' is page furniture, not a claim about a publishing",
        flags=_LINE | re.IGNORECASE,
    ),
    _rule(
        "dateline-prefix",
        r"^[ \t]*[A-Z][A-Z.'-]+(?:[ \t]+[A-Z][A-Z.'-]+){0,3}(?:,[ \t]*[A-Z][A-Za-z.]+){0,2}"
        r"(?:[ \t]*\([A-Za-z .]+\))?[ \t]+(?:—|–|--?)[ \t]+",
        "a wire dateline ('PORT ALDER —', 'DUNMORE (Reuters) -') says where, not who",
        flags=_LINE,
    ),
    _rule(
        "markdown-link",
        r"\[(?P<label>[^\]\n]{0,200})\]\([^)\n]*\)",
        "keep the visible label of a link, drop its brackets and target",
        keep_group="label",
    ),
    _rule("markdown-heading", r"^[ \t]*#{1,6}[ \t]", "heading markers", flags=_LINE),
    _rule(
        "photo-credit",
        r"\*\*[^*\n]{1,80}\*\*",
        "bold captions such as **EPA / TASS** are photo credits",
    ),
    _rule("emphasis", r"(?<!\w)[*_]{1,3}(?=\w)|(?<=\w)[*_]{1,3}(?!\w)", "markdown emphasis"),
    _rule(
        "control",
        r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]",
        "invisible characters break tokenisation",
    ),
)


def _blank(text: str) -> str:
    """Spaces of the same length, newlines kept so line structure survives."""
    return "".join("\n" if char == "\n" else " " for char in text)


def clean(text: str) -> str:
    """Raw text -> same-length text with debris blanked."""
    cleaned = text
    for rule in RULES:
        cleaned = rule.pattern.sub(partial(_replace, rule=rule), cleaned)
    return cleaned


def _replace(match: re.Match[str], rule: DebrisRule) -> str:
    if rule.keep_group is None:
        return _blank(match.group(0))
    start = match.start()
    keep_start, keep_end = match.span(rule.keep_group)
    whole = match.group(0)
    return (
        _blank(whole[: keep_start - start])
        + whole[keep_start - start : keep_end - start]
        + _blank(whole[keep_end - start :])
    )


def is_blank(cleaned: str) -> bool:
    """True for text that was only boilerplate."""
    return not any(char.isalnum() for char in cleaned)
