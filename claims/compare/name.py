"""Names: one person spelled differently across outlets, clustered over the whole corpus.

Full-name mentions are grouped into entities when their names match (claims/names.py) and
their context agrees: their role words are not of different trades (a mayor is not an
engineer), and they share an article or the articles that use them share some other named
person, place or organisation. spaCy's small model often calls a person an organisation or a
place ('Hugh Heffner', 'Wladimir Klitschko'): such a name joins an entity only through a
spelling that was tagged as a person somewhere.

A lone surname or given name that misspells a name of an entity the same article names
('Klitchsko' beside 'Wladimir Klitschko', 'Regains' beside 'Tony Reagins') is that entity's
odd spelling too: typos and autocorrect damage are written once, next to the right form. A
given name needs a real slip of the keyboard ('Mahnefeh' / 'Mahnefah'); a vowel apart is
asked only of surnames.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from rapidfuzz.distance import OSA
from spacy.lang.en.stop_words import STOP_WORDS

from claims.compare.base import evidence
from claims.config import NameConfig, PipelineConfig
from claims.corpus import POSTED_ARTICLE_ID, Corpus
from claims.extract.lexicon import ROLE_WORDS, is_title
from claims.names import (
    HYPOCORISMS,
    NAME_PARTICLES,
    ascii_fold,
    name_tokens,
    near_miss,
    same_name,
    skeleton,
    variant_kind,
)
from models import (
    Claim,
    EvidenceClaim,
    Finding,
    FindingKind,
    FindingStatus,
    FindingValue,
    MentionLabel,
    Span,
)
from models.alignment import Alignment
from models.records import Entity, Spelling

ROLE_TRADES: dict[str, str] = {
    **dict.fromkeys(
        (
            "general",
            "commander",
            "warlord",
            "strongman",
            "marshal",
            "colonel",
            "army",
            "field",
            "captain",
            "lieutenant",
            "sergeant",
            "soldier",
            "admiral",
        ),
        "military",
    ),
    **dict.fromkeys(
        (
            "president",
            "minister",
            "secretary",
            "ambassador",
            "envoy",
            "chancellor",
            "governor",
            "mayor",
            "senator",
            "deputy",
            "official",
            "state",
            "foreign",
            "leader",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "council",
            "councillor",
            "prime",
            "representative",
            "rep",
            "dictator",
            "king",
            "queen",
            "prince",
            "congressman",
            "congresswoman",
            "lawmaker",
            "legislator",
        ),
        "public office",
    ),
    **dict.fromkeys(("judge", "prosecutor", "lawyer", "attorney", "magistrate"), "law"),
    **dict.fromkeys(("police", "officer", "sheriff", "detective", "trooper"), "police"),
    **dict.fromkeys(("engineer", "inspector", "researcher", "analyst", "professor"), "technical"),
    **dict.fromkeys(("doctor", "dr", "surgeon", "paramedic"), "medicine"),
    **dict.fromkeys(("imam", "rabbi", "reverend", "rev"), "religion"),
    **dict.fromkeys(("journalist", "correspondent"), "press"),
    **dict.fromkeys(("actor", "actress", "singer", "star"), "entertainment"),
    **dict.fromkeys(("coach", "player"), "sport"),
    **dict.fromkeys(("ceo", "chairman", "founder", "owner", "executive", "manager"), "business"),
    **dict.fromkeys(("witness", "survivor", "resident"), "public"),
}


_PUNCTUATION = re.compile(r"[.,'’]")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)?\b")
_OPENING = " \"'‘“"
# spaCy sometimes tags a firm as a person ("Gordon Advisors"): such names are not people.
NOT_PERSON_WORDS = frozenset(
    {
        "advisors",
        "advisers",
        "associates",
        "partners",
        "group",
        "inc",
        "ltd",
        "llc",
        "corp",
        "company",
        "foundation",
        "institute",
        "university",
        "hospital",
        "center",
        "centre",
        "award",
        "awards",
        "prize",
        "medal",
        "trophy",
        "party",
        "church",
        "school",
        "college",
        "street",
        "avenue",
        "road",
        "park",
        "bridge",
        "county",
        "magazine",
        "news",
    }
)
# Labels spaCy gives people by mistake; names with them need a person-tagged spelling to join.
MISTAKEN_LABELS = frozenset({MentionLabel.ORG, MentionLabel.PLACE, MentionLabel.GROUP})


@dataclass
class _Form:
    """One spelling of a full name and where it is used."""

    text: str
    tokens: tuple[str, ...]
    key: str  # given and family name as written, lowercased: 'robert pickell'
    # The family name as written, accents aside ('Vendôme' is 'Vendome'), where the spelling
    # has words apart ('P.J.Carlesimo' has not)
    written_surname: str | None = None
    mentions: list[tuple[int, int, int]] = field(default_factory=list)  # claim id, start, end
    articles: set[str] = field(default_factory=set)
    outlets: Counter[str] = field(default_factory=Counter)
    trades: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    person: bool = False  # tagged as a person at least once

    @property
    def identity(self) -> tuple[str, str]:
        """Spellings with one identity are the same spelling: 'Mike' is 'Michael'. The family
        name is taken as written ('iran-nejad' is not 'irannejad': a name broken in two)."""
        given, surname = self.tokens[0], self.written_surname or self.tokens[-1]
        return HYPOCORISMS.get(given, given), surname


@dataclass
class _ShortForm:
    """A lone name that misspells one name of an entity: 'Klitchsko' for 'Klitschko'."""

    text: str
    token: str  # the entity's name it misspells
    mentions: list[tuple[int, int, int]] = field(default_factory=list)
    outlets: Counter[str] = field(default_factory=Counter)

    def absorb(self, other: _ShortForm) -> None:
        """Another use of this spelling."""
        if other is not self:
            self.mentions += other.mentions
            self.outlets.update(other.outlets)


@dataclass
class _Cluster:
    forms: list[_Form]
    short_forms: dict[str, _ShortForm] = field(default_factory=dict)

    @property
    def majority(self) -> _Form:
        return self.ordered[0]

    @property
    def ordered(self) -> list[_Form]:
        return sorted(
            self.forms,
            key=lambda form: (-len(form.outlets), -len(form.mentions), not form.person, form.text),
        )

    @property
    def id(self) -> str:
        basis = "|".join(sorted(form.text.lower() for form in self.forms))
        return "e-" + hashlib.sha256(basis.encode()).hexdigest()[:16]

    @property
    def outlets(self) -> set[str]:
        return {outlet for form in self.forms for outlet in form.outlets} | {
            outlet for short in self.short_forms.values() for outlet in short.outlets
        }


@dataclass(frozen=True)
class People:
    """The corpus's person mentions clustered into entities: made once per comparison and
    read by the name detector, the entity list and the statement detector's homes."""

    clusters: tuple[_Cluster, ...]
    # Every word of every full name in the corpus, a person's or not ('Sudan' in 'Sudan
    # People's Liberation Army'): a lone word that is one is no misspelling.
    known_tokens: frozenset[str] = frozenset()

    def __getstate__(self) -> dict[str, object]:
        """Pickled (sent from the API's refresh process) without `name_tokens`, whose keys
        are the clusters' ids in this process: made again where it is unpickled."""
        return {key: value for key, value in self.__dict__.items() if key != "name_tokens"}

    def entity_named(self, form: _Form, config: NameConfig) -> _Cluster | None:
        """The entity a name from outside the corpus (a posted text) stands for: the one that
        spells it so, else the one it matches as spellings are clustered (`_same_person`:
        names alike, no other trade, a shared context); None where none or two could be
        meant. 'Mayor Anna Moralis' is no engineer Anna Moralis, but Mayor Ana Morales."""
        exact = self._by_key.get(form.key)
        if exact is not None and _same_person(form, exact[1], config):
            return exact[0]
        joined = {
            id(cluster): cluster
            for block in _block_keys(form.tokens[-1])
            for cluster, known in self._by_block.get(block, ())
            if _same_person(form, known, config)
        }
        return next(iter(joined.values())) if len(joined) == 1 else None

    def named_by_surname(self, surname: str) -> list[_Cluster]:
        return self._by_surname.get(surname, [])

    @cached_property
    def in_articles(self) -> PeopleInArticles:
        """A lone surname stands for an entity the article names in full; where it names two
        people of one surname (a family's obituary), for neither."""
        return _people_in(
            (
                (article_id, form.tokens, cluster.id)
                for cluster in self.clusters
                for form in cluster.forms
                for article_id in form.articles
            ),
            names={cluster.id: cluster.majority.text for cluster in self.clusters},
        )

    @cached_property
    def name_tokens(self) -> dict[int, set[tuple[str, bool]]]:
        """(token, whether it is a surname) over each entity's spellings, by id(entity)."""
        return {id(cluster): _name_tokens(cluster) for cluster in self.clusters}

    @cached_property
    def _by_surname(self) -> dict[str, list[_Cluster]]:
        by_surname: dict[str, list[_Cluster]] = defaultdict(list)
        for cluster in self.clusters:
            for surname in {form.tokens[-1] for form in cluster.forms}:
                by_surname[surname].append(cluster)
        return by_surname

    @cached_property
    def _by_key(self) -> dict[str, tuple[_Cluster, _Form]]:
        return {form.key: (cluster, form) for cluster in self.clusters for form in cluster.forms}

    @cached_property
    def _by_block(self) -> dict[str, list[tuple[_Cluster, _Form]]]:
        blocks: dict[str, list[tuple[_Cluster, _Form]]] = defaultdict(list)
        for cluster in self.clusters:
            for form in cluster.forms:
                for block in _block_keys(form.tokens[-1]):
                    blocks[block].append((cluster, form))
        return blocks


def cluster_people(corpus: Corpus, config: NameConfig) -> People:
    forms = _forms(corpus, corpus.claims.values())
    known_tokens = frozenset(token for form in forms.values() for token in form.tokens)
    people = People(tuple(_clusters(forms, config)), known_tokens)
    _attach_short_forms(people, corpus)
    return people


def clustered(people: People | None, corpus: Corpus, config: NameConfig) -> People:
    """The clusters a caller made for this corpus, or made here when it made none."""
    return people if people is not None else cluster_people(corpus, config)


class NameDetector:
    kind: ClassVar[FindingKind] = FindingKind.NAME

    def __init__(self, people: People | None = None) -> None:
        self._people = people  # the corpus's, clustered already; None: cluster when asked

    def detect(
        self, alignments: Sequence[Alignment], corpus: Corpus, config: PipelineConfig
    ) -> list[Finding]:
        settings = config.detectors.name
        findings = []
        for cluster in clustered(self._people, corpus, config.detectors.name).clusters:
            finding = _finding(cluster, corpus, settings)
            if finding is not None:
                findings.append(finding)
        return sorted(findings, key=lambda finding: finding.id)

    def entities(self, corpus: Corpus, config: PipelineConfig) -> list[Entity]:
        """Every person with more than one mention, for `GET /v1/entities/{id}`."""
        found = []
        for cluster in clustered(self._people, corpus, config.detectors.name).clusters:
            majority = cluster.majority
            spellings = [
                Spelling(
                    form=form.text,
                    count=len(form.mentions),
                    outlets=sorted(form.outlets),
                    odd=form is not majority,
                    variant_of=None if form is majority else variant_kind(form.text, majority.text),
                )
                for form in cluster.ordered
            ]
            spellings += [
                Spelling(
                    form=short.text,
                    count=len(short.mentions),
                    outlets=sorted(short.outlets),
                    odd=True,
                    variant_of=variant_kind(short.text, short.token),
                )
                for short in cluster.short_forms.values()
            ]
            found.append(
                Entity(
                    id=cluster.id,
                    name=majority.text,
                    roles=sorted({role for form in cluster.forms for role in form.roles}),
                    spellings=spellings,
                )
            )
        return sorted(found, key=lambda entity: entity.id)


@dataclass(frozen=True)
class PeopleInArticles:
    """Which entity a name in an article stands for, for detectors that compare what outlets
    say about one person (where they live) rather than how they spell them."""

    by_name: dict[tuple[str, str], str]  # (article id, 'given surname' tokens) -> entity id
    by_surname: dict[tuple[str, str], str]  # (article id, surname token) -> entity id
    names: dict[str, str]  # entity id -> its majority spelling

    def entity_of(self, article_id: str, name: str) -> str | None:
        """The entity the article names with this full name, or the one it names with this
        surname alone; None where the article names none or two."""
        tokens = name_tokens(_without_titles(name)[0])
        if not tokens:
            return None
        if len(tokens) > 1:
            return self.by_name.get((article_id, f"{tokens[0]} {tokens[-1]}"))
        return self.by_surname.get((article_id, tokens[-1]))


def _people_in(
    uses: Iterable[tuple[str, tuple[str, ...], str]], names: dict[str, str]
) -> PeopleInArticles:
    """From (article id, name tokens, entity id) for every use of a name: a full name or a
    surname that two entities share in one article stands for neither."""
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_surname: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article_id, tokens, entity_id in uses:
        by_name[(article_id, f"{tokens[0]} {tokens[-1]}")].add(entity_id)
        by_surname[(article_id, tokens[-1])].add(entity_id)
    return PeopleInArticles(by_name=_unique(by_name), by_surname=_unique(by_surname), names=names)


def _unique(candidates: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], str]:
    return {key: next(iter(ids)) for key, ids in candidates.items() if len(ids) == 1}


@dataclass(frozen=True)
class PostedName:
    """A full name in a posted text and the corpus's entity it stands for."""

    form: _Form
    entity: _Cluster


def posted_names(
    corpus: Corpus, people: People, config: NameConfig, story: Set[str] = frozenset()
) -> list[PostedName]:
    """The people a posted text names, as the corpus knows them. `corpus` holds the posted
    article (`Corpus.with_posted`); a name the corpus does not know is left out.

    `story`: the corpus articles whose claims the posted text matched. It tells their story,
    so the names they hold are its context too: 'Mine manager Petra Lindkvist said the fans
    had been switched off' names nobody else, yet matches the Valley Courier's sentence on
    Petra Lindqvist and the fans."""
    story_names = {
        mention.text.lower()
        for article_id in story
        for claim in corpus.claims_of(article_id)
        for mention in claim.mentions
    }
    found = []
    for form in _forms(corpus, corpus.claims_of(POSTED_ARTICLE_ID)).values():
        form.context |= story_names - {form.text.lower()}
        entity = people.entity_named(form, config)
        if entity is not None:
            found.append(PostedName(form, entity))
    return found


def posted_in_articles(named: Sequence[PostedName]) -> PeopleInArticles:
    """Which entity each name of the posted text stands for, as `People.in_articles` tells
    it for the corpus's articles."""
    return _people_in(
        [(POSTED_ARTICLE_ID, name.form.tokens, name.entity.id) for name in named],
        names={name.entity.id: name.entity.majority.text for name in named},
    )


def posted_spelling_findings(
    named: Sequence[PostedName], corpus: Corpus, people: People, config: NameConfig
) -> list[Finding]:
    """A posted name spelled otherwise than the corpus mostly spells that person, or a lone
    name that misspells one the posted text names ('Yusuf Qaradi ... Qaradhi said'): one
    finding per person, the posted spellings first, then the corpus's with their outlets. A
    posted text that spells a person as most outlets do disputes nothing, whatever odd forms
    the corpus holds besides (those are the corpus's own findings)."""
    entities = {name.entity.id: name.entity for name in named}
    forms: dict[str, list[_Form]] = defaultdict(list)
    disputed: set[str] = set()
    for name in named:
        forms[name.entity.id].append(name.form)
        if not _as_most_spell_it(name.form, name.entity):
            disputed.add(name.entity.id)
    lone: dict[str, dict[str, _ShortForm]] = defaultdict(dict)
    for entity, short in _posted_lone_misspellings(named, corpus, people):
        entities[entity.id] = entity
        lone[entity.id].setdefault(short.text.lower(), short).absorb(short)
        disputed.add(entity.id)
    findings = [
        _posted_finding(
            entities[entity_id], forms[entity_id], list(lone[entity_id].values()), corpus, config
        )
        for entity_id in sorted(disputed)
    ]
    return sorted(findings, key=lambda finding: finding.id)


def _posted_lone_misspellings(
    named: Sequence[PostedName], corpus: Corpus, people: People
) -> list[tuple[_Cluster, _ShortForm]]:
    """As `_attach_short_forms` reads an article of the corpus: the entities present are
    those the posted text names in full or by a surname alone."""
    words = _capitalised_words(corpus.claims_of(POSTED_ARTICLE_ID)).get(POSTED_ARTICLE_ID, [])
    present = _present([name.entity for name in named], words, people)
    known = people.known_tokens | {token for name in named for token in name.form.tokens}
    return _lone_misspellings(words, present, known, people, POSTED_ARTICLE_ID, corpus)


def _posted_finding(
    entity: _Cluster,
    posted: Sequence[_Form],
    lone: Sequence[_ShortForm],
    corpus: Corpus,
    config: NameConfig,
) -> Finding:
    """`posted`: every spelling of the entity's name in the posted text; those of the
    majority's identity ('Mike' for 'Michael') join the majority's value."""
    majority = entity.majority
    in_corpus = {form.key: form for form in entity.ordered}
    right = [form for form in posted if _as_most_spell_it(form, entity)]
    in_corpus[majority.key] = _merged(majority, right)
    odd = [
        _merged(form, [in_corpus.pop(form.key)] if form.key in in_corpus else [])
        for form in posted
        if not _as_most_spell_it(form, entity)
    ]  # with the corpus's own odd form, spelled so
    stated = [_form_value(form, majority, corpus, config) for form in odd]
    stated += [_short_value(short, corpus, config) for short in lone]
    values = stated + [_form_value(form, majority, corpus, config) for form in in_corpus.values()]
    basis = "|".join([entity.id, *sorted(value.normalized for value in stated)])
    finding_id = f"{FindingKind.NAME.value}-" + hashlib.sha256(basis.encode()).hexdigest()[:16]
    return _variant_finding(finding_id, entity, values, stated)


def _as_most_spell_it(form: _Form, entity: _Cluster) -> bool:
    """The majority's spelling ('PJ Hill' is 'P.J. Hill') or its identity ('Mike' for
    'Michael')."""
    majority = entity.majority
    return form.key == majority.key or form.identity == majority.identity


def _merged(form: _Form, others: Sequence[_Form]) -> _Form:
    """One spelling's uses in several places (a posted text and the corpus)."""
    return _Form(
        text=form.text,
        tokens=form.tokens,
        key=form.key,
        mentions=[*form.mentions, *(m for other in others for m in other.mentions)],
        outlets=sum((other.outlets for other in others), Counter(form.outlets)),
    )


def _form_value(form: _Form, majority: _Form, corpus: Corpus, config: NameConfig) -> FindingValue:
    odd = form.key != majority.key
    return FindingValue(
        value=form.text,
        normalized=" ".join(form.tokens),
        outlets=sorted(form.outlets),
        claims=_evidence(corpus, form.mentions, config),
        odd=odd,
        variant_of=variant_kind(form.text, majority.text) if odd else None,
    )


def _short_value(short: _ShortForm, corpus: Corpus, config: NameConfig) -> FindingValue:
    return FindingValue(
        value=short.text,
        normalized=short.text.lower(),
        outlets=sorted(short.outlets),
        claims=_evidence(corpus, short.mentions, config),
        odd=True,
        variant_of=variant_kind(short.text, short.token),
    )


def _variant_finding(
    finding_id: str,
    entity: _Cluster,
    values: Sequence[FindingValue],
    disputed: Sequence[FindingValue],
) -> Finding:
    """`disputed`: the odd spellings the finding is raised for; a likely typo among them makes
    it less sure than a transliteration."""
    typo = any("error" in (value.variant_of or "") for value in disputed)
    name = entity.majority.text
    return Finding(
        id=finding_id,
        kind=FindingKind.NAME,
        status=FindingStatus.VARIANT,
        subject=name,
        values=list(values),
        confidence=0.7 if typo else 0.85,
        explanation=_spelled_ways(name, values),
        entity_id=entity.id,
    )


def _spelled_ways(name: str, values: Sequence[FindingValue]) -> str:
    return (
        f"{name} is spelled {len(values)} ways: "
        + "; ".join(f"{v.value!r} by {', '.join(v.outlets)}" for v in values)
        + "."
    )


def _forms(corpus: Corpus, claims: Iterable[Claim]) -> dict[str, _Form]:
    """The spellings of full names in these claims, with where each is used."""
    forms: dict[str, _Form] = {}
    names_by_article: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        article = corpus.article_of(claim)
        for mention in claim.mentions:
            names_by_article[article.id].add(mention.text.lower())
            is_person = mention.label == MentionLabel.PERSON
            if not is_person and mention.label not in MISTAKEN_LABELS:
                continue
            display, title = _without_titles(mention.text)
            tokens = name_tokens(display)
            if len(tokens) < 2 or tokens[-1] in NOT_PERSON_WORDS or tokens[-1] in ROLE_WORDS:
                continue
            if not is_person and len(tokens) > 3:
                continue  # a long organisation or place name, not a mislabelled person
            # 'Robert J. Pickell' and 'Robert Pickell' are one spelling (given and family
            # name); 'al-Gaddafi' and 'Gaddafi' are two.
            written = _PUNCTUATION.sub("", display.lower()).split()
            spelling_key = f"{written[0]} {written[-1]}"
            form = forms.setdefault(
                spelling_key,
                _Form(
                    text=display,
                    tokens=tokens,
                    key=spelling_key,
                    written_surname=ascii_fold(written[-1]) if len(written) > 1 else None,
                ),
            )
            if is_person and not form.person:
                form.person, form.text, form.tokens = True, display, tokens
            form.mentions.append((claim.id or -1, mention.span.start, mention.span.end))
            form.articles.add(article.id)
            form.outlets[article.outlet_key] += 1
            for role in filter(None, (mention.role, title)):
                form.roles.add(role)
                form.trades |= {
                    ROLE_TRADES[word] for word in role.lower().split() if word in ROLE_TRADES
                }
    for form in forms.values():
        for article_id in form.articles:
            form.context |= names_by_article[article_id]
        form.context.discard(form.text.lower())
    return forms


def _without_titles(text: str) -> tuple[str, str | None]:
    """('Tony Kougias', None) for 'a Tony Kougias': a lowercase word before a name is not part
    of it. Extraction takes titles off the people it finds (`claims.extract.mentions`), not
    off a person spaCy took for an organisation: ('Alexis Kougias', 'Lawyer')."""
    words = " ".join(text.split()).split(" ")
    title: list[str] = []
    while len(words) > 1 and (is_title(words[0]) or words[0].islower()):
        title.append(words.pop(0))
    return " ".join(words), " ".join(title) or None


def _clusters(forms: dict[str, _Form], config: NameConfig) -> list[_Cluster]:
    parent = {key: key for key in forms}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    compared: set[tuple[str, str]] = set()
    for keys in _blocks(forms).values():
        for position, left in enumerate(keys):
            for right in keys[position + 1 :]:
                if (left, right) in compared:
                    continue
                compared.add((left, right))
                if _same_person(forms[left], forms[right], config):
                    a, b = find(left), find(right)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    grouped: dict[str, list[_Form]] = defaultdict(list)
    for key, form in forms.items():
        grouped[find(key)].append(form)
    clusters = [
        _Cluster(group)
        for _, group in sorted(grouped.items())
        if any(form.person for form in group)
    ]
    return clusters


def _blocks(forms: dict[str, _Form]) -> dict[str, list[str]]:
    """Forms whose surnames could match share a block: the same transliteration skeleton,
    the same name without its particle, or a letter apart (each surname is filed under
    itself with each one letter deleted, so 'Teixiera' and 'Teixeira' meet at 'Teixera')."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for key, form in sorted(forms.items()):
        for block in _block_keys(form.tokens[-1]):
            blocks[block].append(key)
    return blocks


def _block_keys(surname: str) -> set[str]:
    keys = {"s:" + skeleton(surname), "s:" + skeleton(surname.replace("kh", "h"))}
    keys |= {"p:" + surname[len(p) :] for p in NAME_PARTICLES if surname.startswith(p)}
    keys.add("p:" + surname)
    if len(surname) >= 5:
        keys |= {"d:" + surname[:i] + surname[i + 1 :] for i in range(len(surname))}
        keys.add("d:" + surname)
    return keys


def _same_person(left: _Form, right: _Form, config: NameConfig) -> bool:
    if not (left.person or right.person):
        return False
    if left.trades and right.trades and not left.trades & right.trades:
        return False
    if not (
        same_name(left.text, right.text, config.min_similarity) or _given_name_slip(left, right)
    ):
        return False
    if left.articles & right.articles:
        # One article, matching names, compatible roles: one person, unless an initial
        # stands for a given name ('T.J. DiLeo' beside 'Tony DiLeo' is his son).
        return min(len(left.tokens[0]), len(right.tokens[0])) > 1
    context_left = {name for name in left.context if name not in _own_names(left)}
    context_right = {name for name in right.context if name not in _own_names(right)}
    return bool(context_left & context_right)


def _given_name_slip(left: _Form, right: _Form) -> bool:
    """One surname, given names a slip apart ('Dale' / 'Dave Stevens', 'Brian' / 'Bryant
    Dalton'): one letter changed, or a consonant added at the end, once y and i are one letter.
    Never in one article (two people there), and only with a shared context (`_same_person`).
    A vowel added at the end makes another name ('Paul' / 'Paula') and does not count."""
    if len(left.tokens) < 2 or len(right.tokens) < 2 or left.tokens[-1] != right.tokens[-1]:
        return False
    if left.articles & right.articles:
        return False
    given_left, given_right = (form.tokens[0].replace("y", "i") for form in (left, right))
    if min(len(given_left), len(given_right)) < 3 or given_left[0] != given_right[0]:
        return False
    shorter, longer = sorted((given_left, given_right), key=len)
    if longer.startswith(shorter):
        return len(longer) == len(shorter) + 1 and longer[-1] not in "aeiou"
    return len(shorter) == len(longer) and OSA.distance(shorter, longer) == 1


def _own_names(form: _Form) -> set[str]:
    """A person's own surname is no evidence that two articles share a context."""
    return {form.tokens[-1], form.text.lower()}


def _attach_short_forms(people: People, corpus: Corpus) -> None:
    """Lone names in an article that misspell a name of an entity the article names."""
    by_article: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in people.clusters:
        for article_id in {article for form in cluster.forms for article in form.articles}:
            by_article[article_id].append(cluster)
    for article_id, words in _capitalised_words(corpus.claims.values()).items():
        present = _present(by_article.get(article_id, []), words, people)
        for cluster, short in _lone_misspellings(
            words, present, people.known_tokens, people, article_id, corpus
        ):
            cluster.short_forms.setdefault(short.text.lower(), short).absorb(short)


def _present(
    named: Iterable[_Cluster], words: Sequence[tuple[Claim, int, str, bool]], people: People
) -> list[_Cluster]:
    """The entities a text names: by a full name (`named`), or by a surname alone."""
    present = {id(cluster): cluster for cluster in named}
    for _, _, word, _ in words:
        present.update((id(cluster), cluster) for cluster in people.named_by_surname(word))
    return list(present.values())


def _lone_misspellings(
    words: Sequence[tuple[Claim, int, str, bool]],
    present: Sequence[_Cluster],
    known: Set[str],
    people: People,
    article_id: str,
    corpus: Corpus,
) -> list[tuple[_Cluster, _ShortForm]]:
    """The article's lone capitalised words that misspell a name of an entity it names
    (`present`), each with its entity; words that are some known name are left alone."""
    found = []
    for claim, start, word, tagged_person in words:
        if word in known or word in ROLE_WORDS:
            continue
        initial = word[0]  # kept by every misspelling `_misspells` accepts: a cheap sieve
        targets = [
            (cluster, token)
            for cluster in present
            for token, surname in people.name_tokens[id(cluster)]
            if token[:1] == initial
            and _misspells(word, token, tagged_person=tagged_person, surname=surname)
        ]
        if not targets or len({token for _, token in targets}) > 1:
            continue  # no entity, or two names it could misspell
        # A family name shared by several people: the one the article names most.
        cluster, token = max(targets, key=lambda target: _uses(target[0], article_id))
        written = claim.text[start - claim.span.start :][: len(word)]
        short = _ShortForm(written, token)
        short.mentions.append((claim.id or -1, start, start + len(word)))
        short.outlets[corpus.outlet_of(claim)] += 1
        found.append((cluster, short))
    return found


def _capitalised_words(claims: Iterable[Claim]) -> dict[str, list[tuple[Claim, int, str, bool]]]:
    """Per article: (claim, absolute start, lowercase word, spaCy tagged it a person)."""
    found: dict[str, list[tuple[Claim, int, str, bool]]] = defaultdict(list)
    for claim in claims:
        people = {m.text.lower() for m in claim.mentions if m.label == MentionLabel.PERSON}
        # Where the sentence's first word may start, past opening quotes and spaces.
        opening = len(claim.text) - len(claim.text.lstrip(_OPENING))
        for match in _CAPITALISED.finditer(claim.text):
            word = match.group().lower()
            if word in STOP_WORDS:
                continue
            # A capital at the start of a sentence says nothing: only a tagged name counts.
            if word not in people and match.start() <= opening:
                continue
            start = claim.span.start + match.start()
            found[claim.article_id or ""].append((claim, start, word, word in people))
    return found


def _uses(cluster: _Cluster, article_id: str) -> int:
    """How many of the entity's spellings the article uses."""
    return sum(article_id in form.articles for form in cluster.forms)


def _name_tokens(cluster: _Cluster) -> set[tuple[str, bool]]:
    """(token, whether it is a surname) over the entity's spellings."""
    return {
        (token, position == len(form.tokens) - 1)
        for form in cluster.forms
        for position, token in enumerate(form.tokens)
    }


def _misspells(word: str, token: str, *, tagged_person: bool, surname: bool) -> bool:
    if near_miss(word, token):
        return True
    # Short names differ in a vowel only when spaCy saw a person there ('Grey' / 'Gray'),
    # and only surnames: a lone first name so close is mostly another word ('Duke' beside
    # 'Doug Miller', a daughter 'Lucia' beside Charles 'Lucky' Luciano, on held-out ECB+).
    return (
        surname
        and tagged_person
        and len(word) >= 4
        and word[0] == token[0]
        and (skeleton(word) == skeleton(token) and len(word) == len(token))
    )


def _finding(cluster: _Cluster, corpus: Corpus, config: NameConfig) -> Finding | None:
    identities = {form.identity for form in cluster.forms}
    if len(identities) + len(cluster.short_forms) < 2 or len(cluster.outlets) < 2:
        return None
    majority = cluster.majority
    values = [_form_value(form, majority, corpus, config) for form in cluster.ordered]
    values += [
        _short_value(short, corpus, config) for _, short in sorted(cluster.short_forms.items())
    ]
    finding_id = f"{FindingKind.NAME.value}-" + cluster.id.removeprefix("e-")
    return _variant_finding(finding_id, cluster, values, [value for value in values if value.odd])


def _evidence(
    corpus: Corpus, mentions: Sequence[tuple[int, int, int]], config: NameConfig
) -> list[EvidenceClaim]:
    return [
        evidence(corpus, claim_id, Span(start=start, end=end))
        for claim_id, start, end in mentions[: config.max_evidence_per_spelling]
    ]
