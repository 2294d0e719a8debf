"""People, organisations, places and groups named in a claim, with role words for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from claims.extract.lexicon import ROLE_WORDS, is_title
from claims.extract.spans import source_text
from models import Mention, MentionLabel, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

LABELS: dict[str, MentionLabel] = {
    "PERSON": MentionLabel.PERSON,
    "ORG": MentionLabel.ORG,
    "GPE": MentionLabel.PLACE,
    "LOC": MentionLabel.PLACE,
    "FAC": MentionLabel.PLACE,
    "NORP": MentionLabel.GROUP,
    "EVENT": MentionLabel.EVENT,
}
_POSSESSIVE = ("'s", "’s", "'", "’")
# Prepositions and subordinators, conjunctions, 'to', 'when': no name starts with one.
_FUNCTION_WORD_TAGS = frozenset({"IN", "CC", "TO", "WRB"})
# 'the southern town of Khan Yunis': spaCy's small model takes many a foreign place name for
# a person; a name one of these nouns names is a place all the same.
PLACE_NOUNS = frozenset(
    {
        "capital",
        "city",
        "county",
        "district",
        "island",
        "municipality",
        "neighborhood",
        "neighbourhood",
        "port",
        "province",
        "region",
        "suburb",
        "town",
        "village",
    }
)


def extract_mentions(sent: SpacySpan, entities: Sequence[SpacySpan] | None = None) -> list[Mention]:
    """`entities`: the sentence's, when the caller has them (claims/extract/spans.py)."""
    found: list[Mention] = []
    for ent in sent.ents if entities is None else entities:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        if label in {MentionLabel.PERSON, MentionLabel.ORG}:
            ent = _with_hyphenated_tail(ent)
        if label is MentionLabel.PERSON and _named_as_a_place(ent):
            label = MentionLabel.PLACE
        if label is MentionLabel.PERSON:
            ent = _without_leading_function_words(ent)
        titles = _titles(ent) if label is MentionLabel.PERSON else []
        start, end = _trimmed_offsets(ent[titles[-1].i + 1 - ent.start :] if titles else ent)
        if end <= start:
            continue
        text = source_text(ent, start, end)
        if not any(char.isalpha() for char in text):
            continue
        role = None
        if label is MentionLabel.PERSON:
            role = " ".join(token.text for token in titles) or _role(ent)
        found.append(Mention(text=text, span=Span(start=start, end=end), label=label, role=role))
    return found


def _with_hyphenated_tail(ent: SpacySpan) -> SpacySpan:
    """A name with a double-barrelled surname the capture or an autocorrect broke ('the
    governor of Qeshm, Mehdi iran-Nejad' for Irannejad): spaCy stops the name at the
    lowercase word, which the tagger still reads as a proper noun, joined to the next by a
    hyphen."""
    doc, end = ent.doc, ent.end
    if end + 3 > len(doc) or not ent[-1].whitespace_:
        return ent
    word, hyphen, rest = doc[end], doc[end + 1], doc[end + 2]
    if (
        word.tag_ == "NNP"
        and word.text[:1].islower()  # 'Secretary-General', 'All-Defensive' are words of their own
        and hyphen.text == "-"
        and not word.whitespace_
        and not hyphen.whitespace_
        and rest.tag_ == "NNP"
        and rest.text[:1].isupper()
        and not (word.ent_type_ or hyphen.ent_type_ or rest.ent_type_)
        and rest.i < ent.sent.end  # never past the claim the name is in
    ):
        return doc[ent.start : end + 3]
    return ent


def _without_leading_function_words(ent: SpacySpan) -> SpacySpan:
    """A preposition or conjunction spaCy took into the name after it ("Without Felt's
    information, ...", ECB+ 28_5ecb), which its tagger still reads as one."""
    opening = 0
    while (
        opening < len(ent) - 1
        and ent[opening].tag_ in _FUNCTION_WORD_TAGS
        and ent[opening].is_stop  # the tagger once read 'Barack' as a preposition
    ):
        opening += 1
    return ent[opening:]


def _titles(ent: SpacySpan) -> list[Token]:
    """Role words and honorifics spaCy took into a name ('Coroner Margaret Hollis', 'Mrs
    Hollis'): the role, not the name."""
    titles: list[Token] = []
    for token in ent[:-1]:
        if token.lower_ == "the" and not titles:
            continue
        if not is_title(token.text):
            break
        titles.append(token)
    return titles


def _named_as_a_place(ent: SpacySpan) -> bool:
    """What a place noun names: 'the southern town of Khan Yunis', 'the southern cities of
    Khan Younis and Rafah', "Gaza's second largest city, Khan Younis"."""
    root = ent.root
    while root.dep_ == "conj" and root.head.ent_type_:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        named_by = root.head.head
    elif root.dep_ == "appos":
        named_by = root.head
    else:
        return False
    return named_by.lemma_.lower() in PLACE_NOUNS


def _trimmed_offsets(ent: SpacySpan) -> tuple[int, int]:
    """Drop a leading 'the' and a trailing possessive: "the Kremlin's" -> "Kremlin"."""
    tokens = list(ent)
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in _POSSESSIVE or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if not tokens:
        return 0, 0
    end_text = tokens[-1].text
    end = tokens[-1].idx + len(end_text)
    for suffix in _POSSESSIVE[:2]:
        if end_text.endswith(suffix) and len(end_text) > len(suffix):
            end -= len(suffix)
    return tokens[0].idx, end


def _role(ent: SpacySpan) -> str | None:
    """Role words before or beside a name.

    'commander Khalifa Haftar' -> 'commander'; 'Dmitry Peskov, Putin's spokesman' -> 'spokesman'.
    """
    doc = ent.doc
    words: list[str] = []
    index = ent.start - 1
    while index >= 0 and len(words) < 4:
        token = doc[index]
        if token.ent_type_ and token.ent_type_ not in {"NORP", "GPE", "ORG"}:
            break
        if _is_role(token) or (token.lower_ == "of" and words):
            words.insert(0, token.text)
            index -= 1
            continue
        break
    while words and words[0].lower() == "of":
        words.pop(0)
    if words:
        return " ".join(words)
    root = ent.root
    if root.dep_ == "appos" and _is_role(root.head):
        return root.head.text
    for child in root.children:
        if child.dep_ == "appos" and _is_role(child):
            return child.text
    return None


def _is_role(token: Token) -> bool:
    return token.lower_.rstrip(".") in ROLE_WORDS
