"""Names: one person spelled differently across outlets, clustered over the whole corpus.

Full-name mentions are grouped into entities when their names match (claims/names.py) and
their context agrees: the two spellings never appear side by side in one article (then they are
two people), their role words are not of different trades (a mayor is not an engineer), and
the articles that use them share some other named person, place or organisation.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from claims.compare.base import evidence
from claims.config import NameConfig, PipelineConfig
from claims.corpus import Corpus
from claims.names import name_tokens, same_name, skeleton, variant_kind
from models import Finding, FindingKind, FindingStatus, FindingValue, MentionLabel, Span
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
        ),
        "public office",
    ),
    **dict.fromkeys(("judge", "prosecutor", "lawyer", "attorney"), "law"),
    **dict.fromkeys(("police", "officer", "sheriff", "detective"), "police"),
    **dict.fromkeys(("engineer", "inspector", "researcher", "analyst", "professor"), "technical"),
    **dict.fromkeys(("doctor", "dr"), "medicine"),
    **dict.fromkeys(("actor", "actress", "singer", "star"), "entertainment"),
    **dict.fromkeys(("coach", "player"), "sport"),
    **dict.fromkeys(("ceo", "chairman", "founder", "owner", "executive", "manager"), "business"),
    **dict.fromkeys(("witness", "survivor", "resident"), "public"),
}


_PUNCTUATION = re.compile(r"[.,'’]")
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
    }
)


@dataclass
class _Form:
    """One spelling of a full name and where it is used."""

    text: str
    tokens: tuple[str, ...]
    mentions: list[tuple[int, int, int]] = field(default_factory=list)  # claim id, start, end
    articles: set[str] = field(default_factory=set)
    outlets: Counter[str] = field(default_factory=Counter)
    trades: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)


class NameDetector:
    kind: ClassVar[FindingKind] = FindingKind.NAME

    def detect(
        self, alignments: Sequence[Alignment], corpus: Corpus, config: PipelineConfig
    ) -> list[Finding]:
        settings = config.detectors.name
        findings = []
        for cluster in _clusters(corpus, settings):
            finding = _finding(cluster, corpus, settings)
            if finding is not None:
                findings.append(finding)
        return sorted(findings, key=lambda finding: finding.id)

    def entities(self, corpus: Corpus, config: PipelineConfig) -> list[Entity]:
        """Every person with more than one mention, for `GET /v1/entities/{id}`."""
        found = []
        for cluster in _clusters(corpus, config.detectors.name):
            majority = _majority(cluster)
            found.append(
                Entity(
                    id=_entity_id(cluster),
                    name=majority.text,
                    roles=sorted({role for form in cluster for role in form.roles}),
                    spellings=[
                        Spelling(
                            form=form.text,
                            count=len(form.mentions),
                            outlets=sorted(form.outlets),
                            odd=form is not majority,
                            variant_of=None
                            if form is majority
                            else variant_kind(form.text, majority.text),
                        )
                        for form in _ordered(cluster)
                    ],
                )
            )
        return sorted(found, key=lambda entity: entity.id)


def _forms(corpus: Corpus) -> dict[str, _Form]:
    forms: dict[str, _Form] = {}
    names_by_article: dict[str, set[str]] = defaultdict(set)
    for claim in corpus.claims.values():
        article = corpus.article_of(claim)
        for mention in claim.mentions:
            names_by_article[article.id].add(mention.text.lower())
            if mention.label != MentionLabel.PERSON:
                continue
            tokens = name_tokens(mention.text)
            if len(tokens) < 2 or tokens[-1] in NOT_PERSON_WORDS:
                continue
            # 'Robert J. Pickell' and 'Robert Pickell' are one spelling (given and family
            # name); 'al-Gaddafi' and 'Gaddafi' are two.
            written = _PUNCTUATION.sub("", mention.text.lower()).split()
            spelling_key = f"{written[0]} {written[-1]}"
            display = " ".join(mention.text.split())
            form = forms.setdefault(spelling_key, _Form(text=display, tokens=tokens))
            form.mentions.append((claim.id or -1, mention.span.start, mention.span.end))
            form.articles.add(article.id)
            form.outlets[article.outlet_key] += 1
            if mention.role:
                form.roles.add(mention.role)
                form.trades |= {
                    ROLE_TRADES[word]
                    for word in mention.role.lower().split()
                    if word in ROLE_TRADES
                }
    for form in forms.values():
        for article_id in form.articles:
            form.context |= names_by_article[article_id]
        form.context.discard(form.text.lower())
    return forms


def _clusters(corpus: Corpus, config: NameConfig) -> list[list[_Form]]:
    forms = _forms(corpus)
    buckets: dict[str, list[str]] = defaultdict(list)
    for key, form in forms.items():
        buckets[skeleton(form.tokens[-1])].append(key)
    parent = {key: key for key in forms}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for keys in buckets.values():
        for position, left in enumerate(keys):
            for right in keys[position + 1 :]:
                if _same_person(forms[left], forms[right], config):
                    a, b = find(left), find(right)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    grouped: dict[str, list[_Form]] = defaultdict(list)
    for key, form in forms.items():
        grouped[find(key)].append(form)
    return [group for _, group in sorted(grouped.items())]


def _same_person(left: _Form, right: _Form, config: NameConfig) -> bool:
    if left.articles & right.articles:
        return False  # two spellings in one article: two people
    if left.trades and right.trades and not left.trades & right.trades:
        return False
    if not same_name(left.text, right.text, config.min_similarity):
        return False
    context_left = {name for name in left.context if name not in _own_names(left)}
    context_right = {name for name in right.context if name not in _own_names(right)}
    return bool(context_left & context_right)


def _own_names(form: _Form) -> set[str]:
    """A person's own surname is no evidence that two articles share a context."""
    return {form.tokens[-1], form.text.lower()}


def _majority(cluster: Sequence[_Form]) -> _Form:
    return _ordered(cluster)[0]


def _ordered(cluster: Sequence[_Form]) -> list[_Form]:
    return sorted(cluster, key=lambda form: (-len(form.outlets), -len(form.mentions), form.text))


def _entity_id(cluster: Sequence[_Form]) -> str:
    basis = "|".join(sorted(form.text.lower() for form in cluster))
    return "e-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


def _finding(cluster: list[_Form], corpus: Corpus, config: NameConfig) -> Finding | None:
    if len(cluster) < 2:
        return None
    outlets = {outlet for form in cluster for outlet in form.outlets}
    if len(outlets) < 2:
        return None
    majority = _majority(cluster)
    values = []
    for form in _ordered(cluster):
        odd = form is not majority
        claims = []
        for claim_id, start, end in form.mentions[: config.max_evidence_per_spelling]:
            claims.append(evidence(corpus, claim_id, Span(start=start, end=end)))
        values.append(
            FindingValue(
                value=form.text,
                normalized=" ".join(form.tokens),
                outlets=sorted(form.outlets),
                claims=claims,
                odd=odd,
                variant_of=variant_kind(form.text, majority.text) if odd else None,
            )
        )
    odd_forms = [value for value in values if value.odd]
    typo = any("error" in (value.variant_of or "") for value in odd_forms)
    explanation = (
        f"{majority.text} is spelled {len(values)} ways: "
        + "; ".join(f"{v.value!r} by {', '.join(v.outlets)}" for v in values)
        + "."
    )
    return Finding(
        id="n-" + _entity_id(cluster)[2:],
        kind=FindingKind.NAME,
        status=FindingStatus.VARIANT,
        subject=majority.text,
        values=values,
        confidence=0.7 if typo else 0.85,
        explanation=explanation,
        entity_id=_entity_id(cluster),
    )
