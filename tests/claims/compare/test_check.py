"""A posted claim checked against the corpus: findings as an editor reads them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims import Pipeline
from claims.compare import CorpusCheck, check_against_corpus, cluster_people, posted_article
from claims.compare.name import posted_names
from claims.config import PipelineConfig
from claims.corpus import POSTED_ARTICLE_ID, Corpus
from models import ArticleIn, Claim, FindingKind, FindingStatus
from tests.fixture_types import EcbplusCorpus, MakeCorpus

CONFIG = PipelineConfig()
BRIDGE = "the Merrow Bridge in Port Alder collapsed on Sunday, police said."


def _posted_claims(text: str, pipeline: Pipeline) -> list[Claim]:
    """The text's claims numbered as a check numbers them, in the posted article."""
    return [
        claim.model_copy(update={"id": -(position + 1), "article_id": POSTED_ARTICLE_ID})
        for position, claim in enumerate(pipeline.analyse_claim(text, None))
    ]


def _check(
    text: str, corpus: Corpus, pipeline: Pipeline, published: str | None = None
) -> CorpusCheck:
    """The text posted by the Evening Post, analysed and embedded as the API does."""
    posted = ArticleIn(text=text, outlet="Evening Post", published=published)
    claims = pipeline.analyse_claim(text, posted.published)
    vectors = pipeline.embed_queries([claim.text for claim in claims])
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


@pytest.fixture(scope="module")
def demo(make_corpus: MakeCorpus, demo_corpus: Path) -> Corpus:
    rows = [json.loads(line) for line in demo_corpus.read_text(encoding="utf-8").splitlines()]
    return make_corpus(*((r["id"], r["outlet"], r["published"], r["text"]) for r in rows))


def test_a_short_denial_of_the_toll_disputes_it(demo: Corpus, pipeline: Pipeline) -> None:
    """'No one was killed' says less than the outlets' sentences and is only 0.65-0.67 like
    them: the statement rules read claims as close as alignment pairs them (0.6)."""
    text = "No one was killed when the Merrow Bridge collapsed."

    checked = _check(text, demo, pipeline)

    (finding,) = checked.findings
    assert checked.disputed == {0}
    assert finding.kind == FindingKind.STATEMENT
    assert finding.subject == "whether anyone was killed"
    assert [(value.normalized, value.outlets) for value in finding.values] == [
        ("0 killed", ["Evening Post"]),
        ("12 killed", ["Northfield Gazette"]),
        ("7 killed", ["Harbour Herald", "Metro Wire", "Valley Courier"]),
    ]


def test_a_short_denial_of_the_event_disputes_it(demo: Corpus, pipeline: Pipeline) -> None:
    """'did not collapse' is 0.69 like the Valley Courier's whole sentence on the collapse."""
    checked = _check("The Merrow Bridge did not collapse.", demo, pipeline)

    (finding,) = checked.findings
    assert finding.subject == "whether 'collapse'"
    assert [(value.value, value.outlets) for value in finding.values] == [
        ("not collapse", ["Evening Post"]),
        ("collapse", ["Valley Courier"]),
    ]


def test_a_short_claim_of_no_damage_disputes_the_collapse(demo: Corpus, pipeline: Pipeline) -> None:
    """spaCy finds no name in the short sentence; its capitalised words stand for one."""
    checked = _check("The Merrow Bridge was undamaged.", demo, pipeline)

    (finding,) = checked.findings
    assert finding.subject == "whether Merrow Bridge was damaged"
    assert finding.values[0].value == "undamaged"
    assert {value.value for value in finding.values[1:]} == {"collapsed"}


def test_a_posted_name_spelled_as_one_outlet_spells_it(demo: Corpus, pipeline: Pipeline) -> None:
    """The demo corpus spells the transport minister 'Yusuf Qaradi' in two outlets and
    otherwise in two more: a draft that follows the Valley Courier's 'Yusuf Karadi' is shown
    the spelling most outlets use, the Courier beside it."""
    text = "Transport minister Yusuf Karadi visited the Merrow Bridge in Port Alder on Monday."

    checked = _check(text, demo, pipeline)

    (finding,) = [finding for finding in checked.findings if finding.kind == FindingKind.NAME]
    assert checked.disputed == {0}
    assert finding.subject == "Yusuf Qaradi"
    assert finding.status == FindingStatus.VARIANT
    assert [(v.value, v.outlets, v.odd) for v in finding.values] == [
        ("Yusuf Karadi", ["Evening Post", "Valley Courier"], True),
        ("Yusuf Qaradi", ["Coastline Times", "Harbour Herald"], False),
        ("Youssef Kharadi", ["Northfield Gazette"], True),
    ]
    assert finding.values[0].variant_of == "recognised transliteration variant (Q/K)"
    posted = finding.values[0].claims[0]
    assert posted.article_id == POSTED_ARTICLE_ID
    assert posted.value_span is not None
    assert text[posted.value_span.start : posted.value_span.end] == "Yusuf Karadi"
    assert finding.entity_id is not None


def test_a_posted_name_alone_is_read_in_the_story_it_matches(
    demo: Corpus, pipeline: Pipeline
) -> None:
    """The draft names nobody else, so nothing but the story tells that its Petra Lindkvist
    is the mine manager the corpus spells Lindqvist: the claim it matches is about her."""
    text = "Mine manager Petra Lindkvist said the fans had been switched off."

    checked = _check(text, demo, pipeline)

    (finding,) = [finding for finding in checked.findings if finding.kind == FindingKind.NAME]
    assert checked.disputed == {0}
    assert finding.subject == "Petra Lindqvist"
    assert [(v.value, v.outlets, v.odd) for v in finding.values] == [
        ("Petra Lindkvist", ["Evening Post"], True),
        ("Petra Lindqvist", ["Harbour Herald", "Metro Wire", "Valley Courier"], False),
    ]


def test_a_posted_name_spelled_as_most_outlets_spell_it_is_no_finding(
    demo: Corpus, pipeline: Pipeline
) -> None:
    """The corpus's own odd spellings are its findings, not the draft's."""
    text = "Transport minister Yusuf Qaradi visited the Merrow Bridge in Port Alder on Monday."

    checked = _check(text, demo, pipeline)

    assert not [finding for finding in checked.findings if finding.kind == FindingKind.NAME]
    assert checked.disputed == frozenset()


def test_a_lone_name_misspelling_one_the_draft_names(demo: Corpus, pipeline: Pipeline) -> None:
    """'Qaradhi said' after 'Yusuf Qaradi' in one draft: the second sentence conflicts, the
    first, spelled as most outlets spell him, stands with them."""
    text = (
        "Transport minister Yusuf Qaradi visited the Merrow Bridge in Port Alder on Monday. "
        "The inquiry into the collapse will report in May, Qaradhi said."
    )

    checked = _check(text, demo, pipeline)

    (finding,) = [finding for finding in checked.findings if finding.kind == FindingKind.NAME]
    assert checked.disputed == {1}
    assert [(v.value, v.outlets, v.odd) for v in finding.values[:2]] == [
        ("Qaradhi", ["Evening Post"], True),
        ("Yusuf Qaradi", ["Coastline Times", "Evening Post", "Harbour Herald"], False),
    ]
    assert finding.values[0].variant_of == "recognised transliteration variant (Dh/D)"


def test_a_posted_name_written_as_the_outlets_write_it_is_no_finding(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """'PJ Hill' is the outlets' 'P.J. Hill' without its stops: one spelling, not an odd one
    (held-out ECB+ showed a check reporting it against itself)."""
    corpus = make_corpus(
        ("a", "Harbour Herald", "2026-03-11", "The Saints lost running back P.J. Hill to a "
         "knee injury in the win over the Falcons in New Orleans on Sunday."),
        ("b", "Metro Wire", "2026-03-12", "Running back P.J. Hill will miss the rest of the "
         "season with the knee injury he suffered against the Falcons in New Orleans."),
    )  # fmt: skip

    text = "The Saints lost PJ Hill to a knee injury against the Falcons in New Orleans."
    named = posted_names(
        corpus.with_posted(posted_article(ArticleIn(text=text)), _posted_claims(text, pipeline)),
        cluster_people(corpus, CONFIG.detectors.name),
        CONFIG.detectors.name,
    )
    checked = _check(text, corpus, pipeline)

    assert [(name.form.text, name.entity.majority.text) for name in named] == [
        ("PJ Hill", "P.J. Hill")
    ]
    assert not [finding for finding in checked.findings if finding.kind == FindingKind.NAME]


def test_a_posted_name_is_read_with_its_role(demo: Corpus, pipeline: Pipeline) -> None:
    """'Anna Moralis' is the engineer in the demo corpus and 'Ana Morales' the mayor: a draft
    calling the mayor 'Anna Moralis' misspells the mayor, and one writing of the engineer
    spells her as the outlets do."""
    mayor = _check(
        "Mayor Anna Moralis said the Merrow Bridge in Port Alder would be rebuilt.",
        demo,
        pipeline,
    )
    engineer = _check(
        "Anna Moralis, the engineer who inspected the Merrow Bridge, said she had reported "
        "cracks in two of its piers.",
        demo,
        pipeline,
    )

    (finding,) = [finding for finding in mayor.findings if finding.kind == FindingKind.NAME]
    assert finding.subject == "Ana Morales"
    assert [(v.value, v.odd) for v in finding.values] == [
        ("Anna Moralis", True),
        ("Ana Morales", False),
    ]
    assert not [finding for finding in engineer.findings if finding.kind == FindingKind.NAME]


HIT_AND_RUN = (
    ("herald", "Harbour Herald", "2026-03-11", "Police said Marcus Dellaway, 41, of Port "
     "Alder, struck the cyclist on the river road on Tuesday night and drove off."),
    ("wire", "Metro Wire", "2026-03-12", "Marcus Dellaway, who lived two streets away in Port "
     "Alder, was charged on Thursday with leaving the scene on the river road."),
)  # fmt: skip


def test_a_posted_home_town_against_the_outlets(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """Homes are compared per person, not per aligned sentence: a draft placing the driver in
    Kestrel Hill meets the two outlets placing him in Port Alder, whatever its sentence says
    besides; a draft agreeing with them, or naming his state, disputes nothing."""
    corpus = make_corpus(*HIT_AND_RUN)
    elsewhere = _check(
        "Marcus Dellaway, 41, of Kestrel Hill, appeared in court in Port Alder on Friday.",
        corpus,
        pipeline,
    )
    agreeing = _check(
        "Marcus Dellaway, 41, of Port Alder, appeared in court on Friday.", corpus, pipeline
    )
    in_his_state = _check(
        "Marcus Dellaway, 41, of Minnesota, appeared in court in Port Alder on Friday.",
        corpus,
        pipeline,
    )

    (finding,) = elsewhere.findings
    assert finding.kind == FindingKind.STATEMENT
    assert finding.subject == "where Marcus Dellaway lives"
    assert [(v.value, v.outlets) for v in finding.values] == [
        ("Port Alder", ["Harbour Herald", "Metro Wire"]),
        ("Kestrel Hill", ["Evening Post"]),
    ]
    assert elsewhere.disputed == {0}
    assert agreeing.findings == []
    assert in_his_state.findings == []


SCHOOL_AND_TANK = (
    "valley",
    "Valley Courier",
    None,
    "More than 40 people were killed when shells hit a school in Dunmore, doctors said.\n"
    "Hundreds of families had fled to the school to escape the fighting.\n"
    "Earlier, a tank fired on a house used by soldiers in Dunmore, killing four, officials said.",
)


def test_a_draft_about_the_later_scene_disputes_its_toll(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """Past its lead, an article's toll of another scene is set aside against other outlets'
    tolls of the lead's event, but a draft about that scene still disputes it."""
    corpus = make_corpus(SCHOOL_AND_TANK)
    text = "Six soldiers were killed when a tank fired on a house used by soldiers in Dunmore."

    (finding,) = _check(text, corpus, pipeline).findings

    assert [(value.value, value.outlets) for value in finding.values] == [
        ("Six", ["Evening Post"]),
        ("four", ["Valley Courier"]),
    ]


def test_a_draft_of_the_leads_toll_is_not_set_against_a_later_scenes(
    make_corpus: MakeCorpus, pipeline: Pipeline
) -> None:
    """A draft giving the lead's toll reports the lead's event: the tank's four, in a sentence
    close to the draft's, disputes nothing it says."""
    corpus = make_corpus(SCHOOL_AND_TANK)
    text = (
        "At least 40 people were killed in Dunmore, where a tank fired on a house, officials said."
    )

    checked = _check(text, corpus, pipeline)

    assert checked.findings == []
    assert checked.matches


DRAFT = (
    "Nine people were killed when the Merrow Bridge in Port Alder collapsed on Sunday. "
    "Transport minister Yusuf Qaradi visited the gorge on Monday. "
    "The bridge had passed its safety inspections last year."
)


def test_a_draft_sentence_naming_nothing_is_read_in_the_drafts_story(
    demo: Corpus, pipeline: Pipeline
) -> None:
    """'The bridge had passed its safety inspections last year' names nothing to anchor it;
    the draft around it names the Merrow Bridge, Port Alder and Yusuf Qaradi, as the Harbour
    Herald's article does, and both are dated: one story."""
    checked = _check(DRAFT, demo, pipeline, published="2026-03-09")

    (finding,) = [f for f in checked.findings if f.subject == "fail vs pass"]
    assert [(value.value, value.outlets) for value in finding.values] == [
        ("pass", ["Evening Post"]),
        ("fail", ["Harbour Herald"]),
    ]
    assert 2 in checked.disputed
    alone = _check(DRAFT.split(". ")[-1], demo, pipeline, published="2026-03-09")
    assert alone.matches == []  # alone, nothing tells which bridge


def test_an_undated_draft_tells_no_story(demo: Corpus, pipeline: Pipeline) -> None:
    """Without a date, one story by its names may be two events in one place."""
    checked = _check(DRAFT, demo, pipeline)
    assert checked.matches  # its named sentences still match
    assert not [f for f in checked.findings if f.subject == "fail vs pass"]


def test_a_draft_is_judged_as_an_article_against_undated_reports(
    ecbplus_file: Path, ecbplus_corpus: EcbplusCorpus, pipeline: Pipeline
) -> None:
    """ECB+ 20_11ecbplus, the 2005 Qeshm quake (ten killed, at least 50 injured, magnitude
    5.9 or 6.1), posted whole against 20_5ecb and 20_2ecb, undated reports of the 2008 one
    (three and five injured, 5.2 and 5.6): a draft longer than a lead is judged as an article
    is, and leads that dispute the magnitude tell two quakes. Posted as drafts, the 2005
    reports had set their tolls and magnitudes against the 2008 ones."""
    with ecbplus_file.open(encoding="utf-8") as handle:
        (row,) = (r for r in map(json.loads, handle) if r["id"] == "20_11ecbplus")
    corpus = ecbplus_corpus("20_5ecb", "20_2ecb")

    checked = _check(row["text"][:1500], corpus, pipeline, published=row["published"])

    assert checked.matches  # the quakes' sentences meet: only their leads part them
    assert [f.subject for f in checked.findings if f.kind == FindingKind.NUMBER] == []
