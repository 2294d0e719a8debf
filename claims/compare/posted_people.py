"""A posted text's people against the corpus's: how it spells them and where it says they live.

Spellings and homes are compared per person across the corpus, not per aligned pair, so a
claim check cannot find them by aligning the posted claims: it asks which of the corpus's
entities each posted name stands for (`People.entity_named`) and sets the posted spelling
and town against the corpus's. The corpus's people are clustered once per corpus
(`known_people`), not per check: clustering all of ECB+ takes 0.3-0.8 s (4-5 s at 100k
claims), matching a posted name against the clusters well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from claims.compare.name import (
    People,
    clustered,
    posted_in_articles,
    posted_names,
    posted_spelling_findings,
)
from claims.compare.residence import Residence, homes_by_person, posted_residence_findings
from claims.compare.statement import RESIDENCE_CONFIDENCE
from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import Finding, FindingKind


@dataclass(frozen=True)
class KnownPeople:
    """The corpus's people as a claim check reads them."""

    people: People
    # entity id -> the towns outlets place them in; None where homes are not compared
    homes: Mapping[str, Sequence[Residence]] | None


def known_people(
    corpus: Corpus, config: PipelineConfig, people: People | None = None
) -> KnownPeople:
    """`people`: the corpus's clusters when the caller made them already (a refresh has)."""
    people = clustered(people, corpus, config.detectors.name)
    homes = homes_by_person(corpus, people.in_articles) if _compares_homes(config) else None
    return KnownPeople(people=people, homes=homes)


def posted_people_findings(
    corpus: Corpus, known: KnownPeople, config: PipelineConfig, story: Set[str] = frozenset()
) -> list[Finding]:
    """Names the posted text spells otherwise than most outlets, and towns it places people
    in that other outlets do not. `corpus` holds the posted article (`Corpus.with_posted`);
    `story`: the articles whose claims the posted text matched (`posted_names`)."""
    enabled = set(config.detectors.enabled)
    if not enabled & {FindingKind.NAME.value, FindingKind.STATEMENT.value}:
        return []
    named = posted_names(corpus, known.people, config.detectors.name, story)
    findings: list[Finding] = []
    if FindingKind.NAME.value in enabled:
        findings += posted_spelling_findings(named, corpus, known.people, config.detectors.name)
    if _compares_homes(config) and known.homes is not None:
        findings += posted_residence_findings(
            corpus, posted_in_articles(named), known.homes, RESIDENCE_CONFIDENCE
        )
    return findings


def _compares_homes(config: PipelineConfig) -> bool:
    detectors = config.detectors
    return FindingKind.STATEMENT.value in detectors.enabled and detectors.statement.residences
