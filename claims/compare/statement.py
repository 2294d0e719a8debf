"""Statements that say the opposite, by rules over the parse (no NLI model ships here).

Four rules, in order: a stated zero against a positive count ('no one was killed' / '12
killed'); a name said to come through whole against the same name hit ('Qeshm, was
undamaged' / 'Buildings were toppled in ... Qeshm City', claims/compare/unscathed.py); the
same predicate negated in one claim only ('was blocked' / 'was not blocked', including
denials, but not a counterfactual: 'would not have placed him ... if'); and antonym predicates
('blocked' / 'adopted'). The predicate rules need the same subject: 'Ross wasn't signed' is no
denial of 'the stars are signed'. A stated zero disputes only what happened to people, not a
'zero-day' flaw. Every rule reads claims as close as alignment pairs them (0.6): a short
denial says less than the sentence it denies ('The Merrow Bridge did not collapse' is 0.69
like 'The Merrow Bridge in Port Alder collapsed on Saturday evening, killing seven people,
police said'). A local cross-encoder NLI model can add a fifth judgement when configured (see
claims/compare/nli.py).
Beside the aligned pairs, outlets that place one person in two towns ('LaSalle, 36, of
Minneapolis' / 'of Bloomington') are found per person (claims/compare/residence.py).

Opposite words anywhere in a sentence ('east of Aden' / 'west of Aden', 'critical' /
'stable condition') were tried as another rule and dropped: on the development set it made
four false findings ('walked into the store' / 'struck outside the store') and no true one.
What stays of it is narrower: one distance from one place in opposite directions
(claims/compare/bearing.py), read also in pairs that align only through their figures'
clauses, where none of the other rules is applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from claims.compare.base import ClaimValue, Disagreement, PairwiseDetector
from claims.compare.bearing import opposed_bearings
from claims.compare.name import People, clustered
from claims.compare.nli import NliJudge
from claims.compare.residence import Residence, homes_by_person, residence_findings
from claims.compare.unscathed import whole_against_hit
from claims.config import PipelineConfig
from claims.corpus import Corpus
from claims.extract.lexicon import COUNTED_BY_LEMMA
from models import Claim, Finding, FindingKind, FindingValue, Quantity
from models.alignment import Alignment

# What a stated zero disputes: what happened to people ('no one was killed'), not a
# 'zero-day' flaw or the nil in a score.
TOLLS = frozenset(COUNTED_BY_LEMMA.values())

ANTONYMS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("block", "adopt"),
        ("block", "pass"),
        ("veto", "adopt"),
        ("veto", "pass"),
        ("approve", "reject"),
        ("adopt", "reject"),
        ("accept", "reject"),
        ("accept", "refuse"),
        ("confirm", "deny"),
        ("admit", "deny"),
        ("win", "lose"),
        ("open", "close"),
        ("rise", "fall"),
        ("increase", "decrease"),
        ("support", "oppose"),
        ("lift", "impose"),
        ("allow", "ban"),
        ("acquit", "convict"),
        ("release", "detain"),
        ("survive", "die"),
        ("succeed", "fail"),
        ("pass", "fail"),
        ("resign", "stay"),
        ("arrive", "leave"),
    )
)
# Verbs whose negation is routine wording, not a claim about the event.
UNCONTRASTED = frozenset({"say", "be", "have", "do", "tell", "comment", "respond", "know"})
# Two towns for one person rest on one phrase per claim, not on aligned sentences: a little
# below the predicate rules' 0.5 + 0.45 * similarity (0.82 and up).
RESIDENCE_CONFIDENCE = 0.8
# A model's contradiction rests on no rule an editor can check at a glance: a little less sure.
NLI_SUBJECT = "contradiction (NLI)"
NLI_DISCOUNT = 0.9
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "that", "which"})


class StatementDetector(PairwiseDetector):
    kind: ClassVar[FindingKind] = FindingKind.STATEMENT

    def __init__(
        self,
        nli: NliJudge | None = None,
        people: People | None = None,
        homes: Mapping[str, Sequence[Residence]] | None = None,
    ) -> None:
        self._nli = nli
        self._people = people  # the corpus's, clustered already; None: cluster when asked
        self._homes = homes  # `homes_by_person` of those people; None: gather when asked

    def detect(
        self, alignments: Sequence[Alignment], corpus: Corpus, config: PipelineConfig
    ) -> list[Finding]:
        """Opposite statements in aligned claims, then where outlets say a person lives."""
        findings = super().detect(alignments, corpus, config)
        if config.detectors.statement.residences:
            people = clustered(self._people, corpus, config.detectors.name)
            homes = self._homes
            if homes is None:
                homes = homes_by_person(corpus, people.in_articles)
            findings += residence_findings(corpus, people.in_articles, homes, RESIDENCE_CONFIDENCE)
        return sorted(findings, key=lambda finding: finding.id)

    def disagreements(
        self, alignments: Sequence[Alignment], corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        """Bearings in every pair; the other rules in pairs whose sentences aligned; then the
        NLI model, when configured, in one batch over the pairs no rule flagged."""
        found: list[Disagreement] = []
        undecided: list[tuple[Claim, Claim, float]] = []
        for alignment in alignments:
            left, right = corpus.claims[alignment.left], corpus.claims[alignment.right]
            bearings = opposed_bearings(left, right, _confidence(alignment.similarity))
            found += bearings
            if not alignment.sentences_aligned or bearings:
                continue  # met through their figures' clauses: only where they place them
            by_rules = self._by_rules(left, right, alignment.similarity, config)
            found += by_rules
            if not by_rules and self._left_to_nli(left, right, alignment.similarity, config):
                undecided.append((left, right, alignment.similarity))
        return found + self._judged_by_nli(undecided)

    def compare(
        self, left: Claim, right: Claim, similarity: float, corpus: Corpus, config: PipelineConfig
    ) -> list[Disagreement]:
        if bearings := opposed_bearings(left, right, _confidence(similarity)):
            return bearings
        by_rules = self._by_rules(left, right, similarity, config)
        if by_rules or not self._left_to_nli(left, right, similarity, config):
            return by_rules
        return self._judged_by_nli([(left, right, similarity)])

    def _by_rules(
        self, left: Claim, right: Claim, similarity: float, config: PipelineConfig
    ) -> list[Disagreement]:
        if similarity < config.detectors.statement.min_similarity:
            return []
        confidence = _confidence(similarity)
        zero = _zero_against_count(left, right) or _zero_against_count(right, left, swap=True)
        if zero is not None:
            subject, left_side, right_side = zero
            return [Disagreement(subject, left_side, right_side, confidence)]
        if whole := whole_against_hit(left, right, confidence):
            return whole
        if not _same_subject(left, right):
            return []
        if (
            left.predicate
            and left.predicate == right.predicate
            and left.predicate not in UNCONTRASTED
        ):
            if left.negated != right.negated and not (
                _counterfactual(left) or _counterfactual(right)
            ):
                return [
                    Disagreement(
                        f"whether '{left.predicate}'",
                        _polarity(left),
                        _polarity(right),
                        confidence,
                    )
                ]
            return []
        pair = frozenset({left.predicate or "", right.predicate or ""})
        if (
            pair in ANTONYMS
            and left.negated == right.negated
            and not (_survived_by(left) or _survived_by(right))
        ):
            subject = " vs ".join(sorted(pair))
            return [Disagreement(subject, _polarity(left), _polarity(right), confidence)]
        return []

    def _left_to_nli(
        self, left: Claim, right: Claim, similarity: float, config: PipelineConfig
    ) -> bool:
        """Pairs the model may judge: close enough, and not about two named subjects."""
        return (
            self._nli is not None
            and similarity >= config.detectors.statement.nli_min_similarity
            and _same_subject(left, right)
        )

    def _judged_by_nli(self, pairs: Sequence[tuple[Claim, Claim, float]]) -> list[Disagreement]:
        if self._nli is None or not pairs:
            return []
        verdicts = self._nli.contradictions([(left.text, right.text) for left, right, _ in pairs])
        return [
            Disagreement(
                NLI_SUBJECT, _whole(left), _whole(right), _confidence(similarity) * NLI_DISCOUNT
            )
            for (left, right, similarity), contradictory in zip(pairs, verdicts, strict=True)
            if contradictory
        ]

    def explain(self, finding_values: Sequence[FindingValue], subject: str) -> str:
        sides = "; ".join(f"{', '.join(v.outlets)}: {v.value!r}" for v in finding_values)
        return f"Outlets make opposite statements ({subject}): {sides}."


_SURVIVED_BY = re.compile(r"\bsurvived\s+by\b", re.I)


def _survived_by(claim: Claim) -> bool:
    """'Felt is survived by two children' says that he died, not that he lived: the
    obituary's formula is no antonym of 'died' (held-out ECB+ 28_3ecb against 28_9ecb)."""
    return claim.predicate == "survive" and bool(_SURVIVED_BY.search(claim.text))


_COUNTERFACTUAL = re.compile(r"\b(?:would|could|might)(?:\s+not|n[’']t)\s+have\b", re.I)


def _counterfactual(claim: Claim) -> bool:
    """'would not have placed Bush on injured reserve if they were still fighting' denies
    nothing that happened (ECB+ 25_2ecb against 'placed Bush on the injured list')."""
    return bool(_COUNTERFACTUAL.search(claim.text))


def _confidence(similarity: float) -> float:
    return min(0.95, 0.5 + 0.45 * similarity)


def _same_subject(left: Claim, right: Claim) -> bool:
    """Unknown or pronoun subjects may be the same; two named subjects must be."""
    a, b = left.subject, right.subject
    if not a or not b or a in PRONOUNS or b in PRONOUNS:
        return True
    return a == b


def _zero_against_count(
    zero_claim: Claim, count_claim: Claim, *, swap: bool = False
) -> tuple[str, ClaimValue, ClaimValue] | None:
    """A stated zero against another claim's count of the same toll. A claim that gives
    the zero too reports both sides ('no injuries to police or civilians (the Post says three
    people were injured)', ECB+ 19_10ecbplus) and disputes no outlet's zero."""
    for zero in (q for q in zero_claim.quantities if q.value == 0 and q.counted in TOLLS):
        if any(q.counted == zero.counted and q.value == 0 for q in count_claim.quantities):
            continue
        for count in (
            q for q in count_claim.quantities if q.counted == zero.counted and q.value > 0
        ):
            zero_side, count_side = _count(zero_claim, zero), _count(count_claim, count)
            if swap:
                return f"whether anyone was {zero.counted}", count_side, zero_side
            return f"whether anyone was {zero.counted}", zero_side, count_side
    return None


def _count(claim: Claim, quantity: Quantity) -> ClaimValue:
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=f"{quantity.text} {quantity.counted}",
        normalized=f"{quantity.value:g} {quantity.counted}",
        span=quantity.span,
        number=quantity.value,
    )


def _polarity(claim: Claim) -> ClaimValue:
    stance = f"not {claim.predicate}" if claim.negated else f"{claim.predicate}"
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1, written=stance, normalized=stance
    )


def _whole(claim: Claim) -> ClaimValue:
    return ClaimValue(
        claim_id=claim.id if claim.id is not None else -1,
        written=claim.text,
        normalized=claim.text.lower(),
        span=claim.span,
    )
