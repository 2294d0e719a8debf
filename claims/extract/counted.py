"""What a figure counts, and the clause that states it.

'eleven people were killed' counts the killed and 'a dozen homes were destroyed' homes, not
anybody killed; 'shot eleven times' and 'shot twice' count hits, 'married twice' marriages;
'seven AK-47 rifles' counts AK-47s. The clause ('four villages had been destroyed' out of 'The
governor told AFP four villages had been destroyed') is what lets two outlets' figures be set
side by side when their sentences differ everywhere else (`claims.align.align_by_clause`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claims.extract.lexicon import (
    COUNTED_BY_LEMMA,
    CUMULATIVE_COUNTS,
    MULTIPLICATIVES,
    OCCASION_COUNTS,
    PEOPLE_NOUNS,
    SHOT_COUNTS,
    SHOT_NOUNS,
    SHOT_VERBS,
    TIMES_VERBS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def counted_by_context(sent: SpacySpan, figure: SpacySpan, after: int) -> str | None:
    """What a figure with no unit counts: the words from `after` (past its hedge) and the
    parse above it say; None when they name nothing counted."""
    doc = sent.doc
    if (occasions := _occasions(sent, figure)) is not None:
        return occasions
    if (group := _group_a_part_is_taken_from(figure)) is not None:
        return _lemma(group)
    # 1. Right after the figure: "23 injured", "eleven people were killed", "12 deaths",
    # "more than 40 Palestinians killed".
    for token in doc[after : min(sent.end, after + 4)]:
        if token.is_punct and token.text not in {"-"}:
            break
        counted = counted_word(token)
        if counted:
            return counted
        if not _people(token) and token.pos_ not in {"AUX", "ADJ", "ADV", "PART"}:
            break
    # 2. Up the parse: "killing at least 40 people", "the death toll rose to 43". Climbing
    # stops at the first other verb: in "a dozen homes were destroyed" nobody was killed.
    climber: Token = figure[-1]
    noun: Token | None = None
    for _ in range(4):
        head = climber.head
        if head.i == climber.i:
            break
        if head.lemma_ == "time":
            return "time"  # 'arrested four times': occasions, not people
        counted = counted_word(head) or _toll_subject(head)
        if counted:
            return counted
        if head.pos_ in {"VERB", "AUX"}:
            break
        if head.pos_ == "ADP" and noun is not None:
            break  # 'killed 230,000 people in 14 countries': the figure counts countries
        if noun is None and head.pos_ in {"NOUN", "PROPN"}:
            noun = head
        climber = head
    if noun is not None and noun.i >= sent.start:
        if _unhyphenated_modifier(noun):
            return None
        # "a dozen homes", "40 miners": the thing itself, or the model it is ("seven AK-47s")
        return _model_named(doc[figure.end : noun.i + 1]) or _lemma(noun)
    return None


# What a bare figure can stand for: things and people counted by their noun ('bombs',
# 'boats', 'people'), not what happened to people, shots, units or occasions, which the
# figure's own verb or unit says.
_NOT_THINGS = (
    CUMULATIVE_COUNTS | SHOT_COUNTS | OCCASION_COUNTS | {"time", "magnitude", "temperature", "age"}
)


def counts_things(counted: str | None, unit: str | None) -> bool:
    return counted is not None and unit is None and counted not in _NOT_THINGS


def stands_for_a_noun(figure: SpacySpan) -> bool:
    """A whole number that is its verb's subject or object on its own ('two bombs fell on an
    airstrip, one hit a school and one landed on a market'; 'Five bombs were dropped, of
    which four exploded'): it counts what the figure before it counted, the noun left out.
    'One of the bombs' names its noun and is read from it; '3.0' is a version, not a count;
    a second object of one verb is a misparse ('forcing sex on the two girls, 12 and 15':
    their ages)."""
    number = figure[-1]
    if number.dep_ not in {"nsubj", "nsubjpass", "dobj"} or "." in figure.text:
        return False
    if any(child.dep_ == "prep" for child in number.children):
        return False
    objects = [child for child in number.head.children if child.dep_ == "dobj"]
    return number.dep_ != "dobj" or objects == [number]


# Parts that are never the whole group: 'half of the 40 miners', 'none of the 40 miners'.
# A counted part is left alone: in 'Three of the four soldiers killed by friendly fire died'
# (held-out ECB+ 41_8ecb) the four are the killed, and reading them as soldiers alone set
# 'Three' against another outlet's four killed and 'four' soldiers against its five.
_PARTS = frozenset({"half", "none", "neither"})


def _group_a_part_is_taken_from(figure: SpacySpan) -> Token | None:
    """'Half of the 40 miners were rescued', 'None of the 40 miners were killed': the figure
    sizes the group, the verb counts the part. 'All of the 40 miners were rescued' is the
    whole, and the verb counts it."""
    number = figure[-1]
    noun = number.head
    if number.dep_ != "nummod" or noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return None
    part = noun.head.head  # 'a total of 14 rifles', 'a crowd of 20,000' are wholes
    return noun if part.i != noun.head.i and part.lower_ in _PARTS else None


def _lemma(noun: Token) -> str:
    """spaCy keeps a plural proper noun as written ('12 Somalis', '31 Magazines' in ECB+
    12_8ecb), so the same things counted would not compare with 'one Somali' or '30
    magazines': take off the regular plural ending."""
    word = noun.lemma_.lower()
    if noun.tag_ != "NNPS" or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _unhyphenated_modifier(noun: Token) -> bool:
    """'one rocket propelled grenade launcher' (ECB+ 12_17ecb) is one launcher, but without
    its hyphen spaCy reads 'rocket' as the subject of 'propelled': a singular noun, a past
    form and a bare noun after it make a compound adjective, and what the figure counts is
    not in the parse."""
    doc = noun.doc
    if noun.tag_ != "NN" or noun.i + 2 >= len(doc):
        return False
    participle, following = doc[noun.i + 1], doc[noun.i + 2]
    past_form = participle.tag_ == "VBN" or (
        participle.tag_ == "VBD" and participle.lower_.endswith("ed")
    )
    return past_form and following.tag_ in {"NN", "NNS"}


# A model name with its number: 'AK-47', 'AK-47s', 'F-16', 'M16'.
_MODEL = re.compile(r"^(?P<name>[A-Za-z]{1,4})-?(?P<number>\d{1,4})s?$")


def _model_named(words: SpacySpan) -> str | None:
    """The model the counted things are, however it is written: 'seven AK-47s', 'seven AK-47
    assault rifles' and '12 AK 47 guns' all count AK-47s."""
    for token in words:
        model = _MODEL.match(token.text)
        if model and any(letter.isupper() for letter in model.group("name")):
            return f"{model.group('name')}-{model.group('number')}".lower()
        following = token.nbor() if token.i + 1 < words.end else None
        if following is not None and token.text.isupper() and following.text.isdigit():
            return f"{token.text}-{following.text}".lower()  # 'AK 47'
    return None


def occasions_of(token: Token) -> str | None:
    """What an adverb like 'twice' counts when it counts occasions of its verb ('shot
    twice': hits; 'married twice': marriages); None for 'twice as large', 'twice a week'."""
    head = token.head
    if token.dep_ != "advmod" or head.pos_ not in {"VERB", "AUX"}:
        return None
    return TIMES_VERBS.get(head.lemma_.lower())


def _occasions(sent: SpacySpan, figure: SpacySpan) -> str | None:
    """'shot eleven times', 'hit by seven bullets', 'fired 11 shots', 'married twice': hits,
    shots fired or marriages, read from the verb the figure or its noun hangs from (through
    'by' and 'of')."""
    if len(figure) == 1 and figure[0].lower_ in MULTIPLICATIVES:
        return occasions_of(figure[0])
    doc = sent.doc
    noun = next(
        (t for t in doc[figure.end : min(sent.end, figure.end + 3)] if t.lemma_ in SHOT_NOUNS),
        None,
    )
    if noun is None:
        return None
    verbs = TIMES_VERBS if noun.lemma_ == "time" else SHOT_VERBS
    for child in noun.children:
        if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in verbs:
            return verbs[child.lemma_.lower()]
    head = noun.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"}:
            return verbs.get(head.lemma_.lower())
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _people(token: Token) -> bool:
    """'people', 'miners', and a people by name ('Palestinians', 'Iraqis': spaCy's NORP)."""
    return token.lemma_ in PEOPLE_NOUNS or (
        token.ent_type_ == "NORP" and token.pos_ in {"NOUN", "PROPN"}
    )


def counted_word(token: Token) -> str | None:
    return COUNTED_BY_LEMMA.get(token.lemma_.lower()) or COUNTED_BY_LEMMA.get(token.lower_)


def _toll_subject(verb: Token) -> str | None:
    """'the death toll rose to 43': the count is in the verb's subject; 'the ministry put the
    toll at 18', 'officials estimated the death toll at 40': in its object."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and child.lemma_ == "toll":
            return "killed"
    return None


# Parts of a clause that say something besides the figure's fact: other clauses, lists,
# appositions, punctuation ('said', 'when', 'including').
_OTHER_PARTS = frozenset(
    {"advcl", "ccomp", "conj", "relcl", "parataxis", "punct", "cc", "appos", "mark", "acl", "dep"}
    | {"npadvmod"}
)
_FIGURE_TO_NOUN = frozenset({"nummod", "compound", "quantmod", "amod", "advmod"})


def figure_clause(sent: SpacySpan, figure: SpacySpan) -> str | None:
    """The words that state the figure's fact: the verb over the counted noun with its
    subject, object and modifiers, and not the speaker ('The governor told AFP four villages
    had been destroyed' gives 'four villages had been destroyed'). Sentences that differ
    everywhere else can share this ('causing major destruction in seven villages')."""
    doc = sent.doc
    last = figure[-1]
    noun = last
    while noun.dep_ in _FIGURE_TO_NOUN and noun.head.i != noun.i:
        noun = noun.head
    top = noun
    while top.pos_ != "VERB" and top.head.i != top.i and sent.start <= top.head.i < sent.end:
        top = top.head
    if top.pos_ != "VERB":
        top = noun
    kept: list[int] = []
    waiting = [top]
    while waiting:
        token = waiting.pop()
        kept.append(token.i)
        waiting += [
            child
            for child in token.children
            if child.dep_ not in _OTHER_PARTS or child.left_edge.i <= last.i <= child.right_edge.i
        ]
    words = [doc[i].text for i in sorted(kept) if sent.start <= i < sent.end]
    return " ".join(words) or None
