"""A posted claim checked against the corpus: findings as an editor reads them."""

from __future__ import annotations

from claims import Pipeline
from claims.compare import CorpusCheck, check_against_corpus
from claims.config import PipelineConfig
from claims.corpus import Corpus
from models import ArticleIn
from tests.fixture_types import MakeCorpus

CONFIG = PipelineConfig()
BRIDGE = "the Merrow Bridge in Port Alder collapsed on Sunday, police said."


def _check(text: str, corpus: Corpus, pipeline: Pipeline) -> CorpusCheck:
    """The text posted by the Evening Post, analysed and embedded as the API does."""
    claims = pipeline.analyse_claim(text, None)
    vectors = pipeline.embed_queries([claim.text for claim in claims])
    posted = ArticleIn(text=text, outlet="Evening Post")
    return check_against_corpus(claims, vectors, posted, corpus, CONFIG)


def test_a_toll_disputed_three_ways_is_one_finding(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """The posted 'Twenty' meets 'seven' in two outlets and 'Twelve' in a third, and those
    outlets met each other: one disputed toll with three values, not one finding per value."""
    corpus = make_corpus(
        ("herald", "Harbour Herald", "2026-03-09", f"Seven people were killed when {BRIDGE}"),
        ("wire", "Metro Wire", "2026-03-09", f"Seven people died when {BRIDGE}"),
        ("gazette", "Northfield Gazette", "2026-03-09", f"Twelve people were killed when {BRIDGE}"),
    )
    text = "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday."

    checked = _check(text, corpus, pipeline)

    assert checked.disputed == {0}
    assert {positions for positions in checked.matched_by.values()} == {(0,)}
    (finding,) = checked.findings
    assert finding.subject == "killed"
    assert [(value.value, value.outlets) for value in finding.values] == [
        ("Twenty", ["Evening Post"]),  # the checked claim's value first
        ("Twelve", ["Northfield Gazette"]),
        ("Seven", ["Harbour Herald", "Metro Wire"]),
    ]


def test_values_whose_claims_never_met_stay_apart(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """'Seven' about the bridge and 'Twelve' about a mine never met: the posted 'Twenty'
    disputes each, and the two stay two findings."""
    corpus = make_corpus(
        ("herald", "Harbour Herald", "2026-03-09", f"Seven people were killed when {BRIDGE}"),
        (
            "gazette",
            "Northfield Gazette",
            "2026-03-09",
            "Twelve miners were killed in an explosion at the Kestrel Hill coal mine near "
            "Port Alder on Sunday, the owner said.",
        ),
    )
    text = (
        "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday. "
        "Twenty miners were killed in an explosion at the Kestrel Hill coal mine near Port "
        "Alder on Sunday."
    )

    findings = _check(text, corpus, pipeline).findings

    shown = sorted(
        sorted((value.value, value.claims[0].text.split()[1]) for value in finding.values)
        for finding in findings
    )
    assert shown == [
        [("Seven", "people"), ("Twenty", "people")],
        [("Twelve", "miners"), ("Twenty", "miners")],
    ]


def test_outlets_stating_the_posted_value_stand_beside_it(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """The posted 'Twelve' agrees with the Northfield Gazette, which no finding against the
    posted claim would name: it is shown with the posted value, against the 'Seven' both
    dispute. An outlet matched without a toll adds nothing."""
    corpus = make_corpus(
        ("herald", "Harbour Herald", "2026-03-09", f"Seven people were killed when {BRIDGE}"),
        ("wire", "Metro Wire", "2026-03-09", f"Seven people died when {BRIDGE}"),
        ("gazette", "Northfield Gazette", "2026-03-09", f"Twelve people were killed when {BRIDGE}"),
        (
            "courier",
            "Valley Courier",
            "2026-03-09",
            f"Rescue teams searched the river after {BRIDGE}",
        ),
    )
    text = "Twelve people were killed when the Merrow Bridge in Port Alder collapsed on Sunday."

    checked = _check(text, corpus, pipeline)

    assert checked.disputed == {0}
    (finding,) = checked.findings
    assert finding.subject == "killed"
    assert [(value.value, value.outlets) for value in finding.values] == [
        ("Twelve", ["Evening Post", "Northfield Gazette"]),
        ("Seven", ["Harbour Herald", "Metro Wire"]),
    ]
    posted_value = finding.values[0]
    assert [(claim.claim_id is None, claim.outlet) for claim in posted_value.claims] == [
        (True, "Evening Post"),
        (False, "Northfield Gazette"),
    ]
