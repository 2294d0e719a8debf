"""Text to claims: the sentences worth checking, with who said them, quotes kept whole.

Works over one parsed spaCy Doc: one walk over the sentences, no extra model passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.config import SegmentConfig
from claims.extract.spans import Entities
from models import Claim, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "announce",
        "report",
        "confirm",
        "deny",
        "claim",
        "state",
        "add",
        "warn",
        "insist",
        "declare",
        "tweet",
        "write",
        "note",
        "explain",
        "argue",
        "allege",
        "acknowledge",
        "admit",
        "assert",
        "estimate",
        "disclose",
        "reveal",
        "stress",
        "reiterate",
        "testify",
        "predict",
        "indicate",
        "suggest",
    }
)
# Verbs that attribute a claim to evidence rather than to a speaker ('State records show
# Lasalle has three prior DUI convictions', ECB+ 21_5ecb), only with a clause to report:
# 'The video shows Horton on the street' attributes nothing.
EVIDENCE_VERBS = frozenset({"show"})
CHECKABLE_ENTITIES = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "EVENT",
        "CARDINAL",
        "QUANTITY",
        "PERCENT",
        "MONEY",
        "DATE",
        "TIME",
    }
)
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "nothing", "neither"})
FAILURE_VERBS = frozenset({"fail", "refuse", "decline"})
DENIAL_VERBS = frozenset({"deny", "dismiss", "reject", "refute"})
OPENING_QUOTES = "“«"
CLOSING_QUOTES = "”»"
MAX_QUOTE_SENTENCES = 6
_QUOTE_MARKS = frozenset(OPENING_QUOTES + CLOSING_QUOTES + '"')


@dataclass(frozen=True)
class Segment:
    """A claim and the tokens it came from, for the extraction stage."""

    sent: SpacySpan
    claim: Claim
    entities: list[SpacySpan]  # the named entities inside `sent`


def segment(doc: Doc, config: SegmentConfig) -> list[Segment]:
    segments: list[Segment] = []
    seen_texts: set[str] = set()
    entities = Entities(doc)
    for unit in _quote_aware_units(doc):
        trimmed = _trim(unit)
        if trimmed is None:
            continue
        inside = entities.within(trimmed)
        if not _is_checkable(trimmed, config, inside):
            continue
        text = trimmed.text
        if text in seen_texts:  # captured pages often repeat the standfirst
            continue
        seen_texts.add(text)
        segments.append(Segment(sent=trimmed, claim=claim_of(trimmed), entities=inside))
    return segments


def _quote_aware_units(doc: Doc) -> list[SpacySpan]:
    """Sentences, with a quotation spaCy split in several sentences joined back into one."""
    units: list[SpacySpan] = []
    pending_start: int | None = None
    pending_count = 0
    for sent in doc.sents:
        start = sent.start if pending_start is None else pending_start
        open_quote = quote_open_after(doc[start : sent.end].text)
        pending_count += 1
        if open_quote and pending_count < MAX_QUOTE_SENTENCES and sent.end < len(doc):
            pending_start = start
            continue
        units.append(doc[start : sent.end])
        pending_start, pending_count = None, 0
    if pending_start is not None:
        units.append(doc[pending_start:])
    return units


def quote_open_after(text: str) -> bool:
    """Whether a quotation is still open at the end of `text`.

    Read on the last line only, which starts inside the quotation when `text` has more than
    one line (it was joined because one was open). A line without quote marks ends the
    quotation: one that runs on into the next paragraph opens it again with a mark. Straight
    marks are read by where they stand, since captured copy pads them with spaces ('" The
    government...', 'were lost, " the official said'): at the start of a line or before a
    word a mark opens, at the end of a line or after a word it closes, and one between spaces
    turns the quotation over."""
    lines = text.rstrip().split("\n")
    line = lines[-1]
    quoted = len(lines) > 1
    marks = [(at, char) for at, char in enumerate(line) if char in _QUOTE_MARKS]
    if not marks:
        return False
    for at, char in marks:
        before, after = line[:at].strip(), line[at + 1 :].strip()
        if char in OPENING_QUOTES:
            quoted = True
        elif char in CLOSING_QUOTES:
            quoted = False
        elif not before:
            quoted = True
        elif not after or not line[at - 1].isspace():
            quoted = False
        elif not line[at + 1].isspace():
            quoted = True
        else:
            quoted = not quoted
    return quoted


def _trim(unit: SpacySpan) -> SpacySpan | None:
    tokens = [token for token in unit if not token.is_space]
    if not tokens:
        return None
    return unit.doc[tokens[0].i : tokens[-1].i + 1]


def _is_checkable(sent: SpacySpan, config: SegmentConfig, entities: list[SpacySpan]) -> bool:
    text = sent.text
    if not config.min_chars <= len(text) <= config.max_chars:
        return False
    letters = sum(char.isalpha() for char in text)
    if letters < 0.5 * len(text.replace(" ", "")):
        return False
    if not any(token.pos_ in {"VERB", "AUX"} for token in sent):
        return False
    if any(ent.label_ in CHECKABLE_ENTITIES for ent in entities):
        return True
    return any(token.like_num or reports(token) for token in sent)


def reports(token: Token) -> bool:
    """Whether the token is a verb that reports a claim: 'said', or 'records show' a clause."""
    if token.lemma_ in REPORTING_VERBS:
        return True
    return token.lemma_ in EVIDENCE_VERBS and any(child.dep_ == "ccomp" for child in token.children)


def claim_of(sent: SpacySpan) -> Claim:
    """The claim a span states: who said it, its verb and polarity, its subject. Also read for
    a posted text in which no sentence is checkable, so that it still has a verb to deny."""
    reporting, attribution = _attribution(sent)
    head, negated = _predicate(sent, reporting)
    return Claim(
        text=sent.text,
        span=Span(start=sent.start_char, end=sent.end_char),
        attribution=attribution,
        is_quote=_has_quote(sent.text),
        negated=negated,
        predicate=head.lemma_.lower(),
        subject=_subject(head),
    )


def _has_quote(text: str) -> bool:
    return any(q in text for q in OPENING_QUOTES) or text.count('"') >= 2


def _attribution(sent: SpacySpan) -> tuple[Token | None, str | None]:
    """The reporting verb and who it attributes the claim to ('diplomats', 'the council')."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end:
            to = token.doc[token.i + 1]
            objects = [child for child in to.children if child.dep_ == "pobj"]
            if to.lower_ == "to" and objects:
                return None, _phrase(objects[0])
    for token in sent:
        if not reports(token) or token.pos_ not in {"VERB", "AUX"}:
            continue
        subjects = [child for child in token.children if child.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return token, _phrase(subjects[0])
    return None, None


def _phrase(head: Token) -> str:
    """The noun phrase under `head`, without a trailing relative clause or apposition."""
    kept = [
        token
        for token in head.subtree
        if not any(
            ancestor.dep_ in {"relcl", "acl", "appos", "punct"} and ancestor.head is not None
            for ancestor in _path_to(token, head)
        )
        and token.dep_ != "punct"
    ]
    if not kept:
        return head.text
    return head.doc[kept[0].i : kept[-1].i + 1].text


def _path_to(token: Token, head: Token) -> list[Token]:
    path = []
    current = token
    while current.i != head.i:
        path.append(current)
        if current.head.i == current.i:
            break
        current = current.head
    return path


def _predicate(sent: SpacySpan, reporting: Token | None) -> tuple[Token, bool]:
    """The claim's main content verb (inside reported speech, if any) and its polarity."""
    head = sent.root
    if reporting is not None and (reporting.i == head.i or reporting.head.i == head.i):
        clauses = [child for child in reporting.children if child.dep_ in {"ccomp", "xcomp"}]
        if clauses:
            head = clauses[0]
        elif reporting.i != head.i:
            head = sent.root
    elif reports(head):
        clauses = [child for child in head.children if child.dep_ in {"ccomp", "xcomp"}]
        head = clauses[0] if clauses else head
    negated = _is_negated(head)
    if reporting is not None and reporting.lemma_ in DENIAL_VERBS and head.i != reporting.i:
        negated = not negated  # "the company denied the bridge had failed inspections"
    if head.lemma_ in FAILURE_VERBS:
        complements = [child for child in head.children if child.dep_ == "xcomp"]
        if complements:
            head, negated = complements[0], not _is_negated(complements[0])
    return head, negated


def _subject(verb: Token) -> str | None:
    """The subject's lemma; a failure or control verb's own subject stands in for its
    complement's ('the bridge failed to pass' -> 'bridge')."""
    for token in (verb, verb.head):
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return str(child.lemma_.lower())
        if token.dep_ != "xcomp":
            break
    return None


def _is_negated(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg" or _no_longer(child):
            return True
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.lower_ in NEGATIVE_SUBJECTS:
                return True
            if any(grand.dep_ == "det" and grand.lower_ == "no" for grand in child.children):
                return True
    return False


def _no_longer(token: Token) -> bool:
    """'were no longer searching' denies 'were still searching': spaCy hangs the negation on
    'longer', not on the verb."""
    return (
        token.dep_ == "advmod"
        and token.lower_ == "longer"
        and any(child.dep_ == "neg" for child in token.children)
    )
