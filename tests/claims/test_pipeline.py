"""The pipeline's posted-claim analysis: the same claims alone or in a batch of concurrent posts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from spacy.language import Language

from claims import Pipeline, PipelineConfig
from claims.extract.quantities import extract_quantities
from claims.nlp import parse, split_text
from models import ArticleIn, Claim

POSTED = [
    ("Eleven people were killed and 23 injured in Tripoli late Sunday, officials said.", None),
    (
        "Eleven people were killed and 23 injured in Tripoli late Sunday, officials said.",
        date(2019, 4, 9),
    ),
    ("The Merrow Bridge dropped 200 feet into the Alder Gorge.", None),
    ("No one was hurt.", None),  # no claim qualifies: the whole text is the claim
    ("", None),
]


def test_concurrent_posts_are_analysed_as_each_alone(pipeline: Pipeline) -> None:
    alone = [pipeline._analyse_posted([post])[0] for post in POSTED]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda post: pipeline.analyse_claim(*post), POSTED * 4))
    assert together == alone * 4


def test_a_weekday_resolves_against_the_posted_date(pipeline: Pipeline) -> None:
    undated, dated = (pipeline.analyse_claim(*post) for post in POSTED[:2])
    killed = [q.value for q in dated[0].quantities if q.counted == "killed"]
    assert killed == [11]
    assert [d.value for d in dated[0].dates] == [date(2019, 4, 7)]
    assert [d.value for d in undated[0].dates] == [None]


def test_text_without_a_claim_is_one_claim_and_empty_text_none(pipeline: Pipeline) -> None:
    (whole,) = pipeline.analyse_claim("No one was hurt.", None)
    assert whole.text == "No one was hurt." and whole.span.start == 0
    assert pipeline.analyse_claim("", None) == []


def test_text_without_a_claim_is_read_as_a_claim(pipeline: Pipeline) -> None:
    """No name, figure or reporting verb makes it checkable, but a posted text is checked
    all the same, and its verb and polarity are what the statement rules read."""
    (whole,) = pipeline.analyse_claim("The city council did not block the motion.", None)
    assert (whole.predicate, whole.negated, whole.subject) == ("block", True, "council")


def test_a_text_checked_again_is_neither_parsed_nor_embedded_again(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    remembering = Pipeline(PipelineConfig())
    remembering.__dict__.update(nlp=pipeline.nlp, embedder=pipeline.embedder)
    parsed: list[str] = []
    embedded: list[str] = []
    parse_posted, embed_queries = remembering._analyse_posted, remembering.embed_queries

    def parse_recorded(posts: list[tuple[str, date | datetime | None]]) -> list[list[Claim]]:
        parsed.extend(text for text, _ in posts)
        return parse_posted(posts)

    def embed_recorded(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        embedded.extend(texts)
        return embed_queries(texts)

    monkeypatch.setattr(remembering, "_analyse_posted", parse_recorded)
    monkeypatch.setattr(remembering, "embed_queries", embed_recorded)
    text, published = POSTED[1]

    first_claims, first_vectors = remembering.check_query(text, published)
    first_claims[0].quantities.clear()  # a caller's copy: changing it changes nothing remembered
    again_claims, again_vectors = remembering.check_query(text, published)
    other_date, _ = remembering.check_query(text, None)

    assert parsed == [text, text]  # once per (text, date), not once per check
    assert embedded == [claim.text for claim in again_claims] * 2
    assert again_claims == pipeline.analyse_claim(text, published)
    np.testing.assert_array_equal(again_vectors, first_vectors)
    assert [d.value for d in other_date[0].dates] == [None]


def test_remembered_checks_are_weighed_by_their_claims(pipeline: Pipeline) -> None:
    small = Pipeline(PipelineConfig(check_cache_claims=2))
    small.__dict__.update(nlp=pipeline.nlp, embedder=pipeline.embedder)
    one, other = POSTED[0][0], POSTED[2][0]
    two_claims = f"{one} {other}"
    small.check_query(one, None)
    small.check_query(other, None)
    small.check_query(one, None)  # both fit: a hit
    assert small.check_query(two_claims, None)[1].shape == (2, 384)  # two claims: all the room
    small.check_query(one, None)  # forgotten to make room: a miss
    info = small.check_cache_info()
    assert (info.hits, info.misses, info.claims) == (1, 4, 1)


def test_a_check_cache_of_zero_remembers_nothing(pipeline: Pipeline) -> None:
    forgetting = Pipeline(PipelineConfig(check_cache_claims=0))
    forgetting.__dict__.update(nlp=pipeline.nlp, embedder=pipeline.embedder)
    text, published = POSTED[2]
    forgetting.check_query(text, published)
    forgetting.check_query(text, published)
    assert forgetting.check_cache_info() == (0, 2, 0)


CLAUSES = [
    "four villages had been destroyed",
    "causing major destruction in seven villages",
    "three strong aftershocks were felt",
]


@pytest.mark.parametrize("remembered", [100, 1, 0])
def test_clauses_met_before_are_not_embedded_again(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, remembered: int
) -> None:
    """A refresh after an ingest embeds only new clauses; a cache too small for a call, or
    none, still gives every clause its own vector."""
    clauses = Pipeline(PipelineConfig(clause_cache_texts=remembered))
    clauses.__dict__.update(embedder=pipeline.embedder)
    embedded: list[str] = []
    embed = clauses.embed

    def embed_recorded(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        embedded.extend(texts)
        return embed(texts)

    monkeypatch.setattr(clauses, "embed", embed_recorded)

    first = clauses.embed_clauses(CLAUSES[:2])
    again = clauses.embed_clauses([CLAUSES[1], CLAUSES[2], CLAUSES[1]])

    np.testing.assert_allclose(
        again, pipeline.embed([CLAUSES[1], CLAUSES[2], CLAUSES[1]]), atol=1e-6
    )
    np.testing.assert_allclose(first[1], again[0], atol=1e-6)
    first_call = sorted(CLAUSES[:2])
    # Remembering one clause keeps the last embedded ('four ...'); 'causing ...' comes again.
    second_call = [CLAUSES[2]] if remembered >= 2 else sorted(CLAUSES[1:])
    assert embedded == [*first_call, *second_call]
    assert clauses.embed_clauses([]).shape == (0, 384)


def test_worker_processes_give_what_one_process_gives(
    pipeline: Pipeline, demo_corpus: Path
) -> None:
    """Large ingests parse and embed in workers: same claims, same order, same vectors."""
    articles = [
        ArticleIn.model_validate_json(line)
        for line in demo_corpus.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    here = [one for batch in pipeline.analyse_and_embed(articles) for one in batch]
    workers = Pipeline(
        PipelineConfig(ingest_processes=2, ingest_worker_min_articles=1, ingest_batch_articles=3)
    )
    there = [one for batch in workers.analyse_and_embed(articles) for one in batch]

    assert [one.analysed for one in there] == [one.analysed for one in here]
    assert sum(len(one.analysed.claims) for one in here) == 40
    for alone, in_worker in zip(here, there, strict=True):
        assert in_worker.vectors.shape == (len(alone.analysed.claims), 384)
        cosines = np.sum(alone.vectors * in_worker.vectors, axis=1)
        assert np.all(cosines > 0.9999)  # one torch thread against two: rounding only


def test_a_text_repeated_in_a_batch_gets_the_vector_of_the_text(pipeline: Pipeline) -> None:
    wire = "Eleven people were killed and 23 injured in Tripoli late Sunday, officials said."
    articles = [
        ArticleIn(id="wire", outlet="Wire", text=wire),
        ArticleIn(id="reprint", outlet="Daily", text=f"Fighting went on. {wire}"),
    ]
    first, second = next(iter(pipeline.analyse_and_embed(articles)))
    (alone,) = pipeline.embed([wire])
    assert [claim.text for claim in second.analysed.claims] == [wire]
    assert np.sum(first.vectors[0] * alone) > 0.9999
    assert np.array_equal(first.vectors[0], second.vectors[0])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (  # ECB+ 16_8ecbplus
            "The deputy, who was wed about three weeks ago, is survived by his wife.",
            ["who", "was", "wed", "about"],
        ),
        ("Wed, 10 Nov 2011", ["Wed", ",", "10"]),
        ("We'd like to go.", ["We", "'d", "like"]),
    ],
)
def test_wed_is_a_word_not_a_contraction(nlp: Language, text: str, words: list[str]) -> None:
    tokens = [token.text for token in nlp(text)]
    assert any(tokens[at : at + len(words)] == words for at in range(len(tokens)))


def test_the_clause_of_a_figure_after_wed_reads_as_written(nlp: Language) -> None:
    sentence = nlp("Chela Ortiz, who was wed three weeks ago, sat with her mother-in-law.")
    (weeks,) = extract_quantities(sentence[:])
    assert weeks.clause is not None and "who was wed three weeks ago" in weeks.clause


def test_split_text_cuts_at_paragraphs_and_joins_back() -> None:
    text = "First paragraph here.\n\nSecond one, longer than the rest.\n\nThird."
    pieces = split_text(text, 40)
    assert pieces == [
        "First paragraph here.\n\n",
        "Second one, longer than the rest.\n\n",
        "Third.",
    ]
    assert "".join(split_text("no breaks at all in this long line", 10)) == (
        "no breaks at all in this long line"
    )
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_a_long_article_parsed_in_pieces_gives_the_claims_of_one_parse(
    pipeline: Pipeline,
) -> None:
    """The demo articles run together into one text of about 5,000 characters: parsed in
    pieces of at most 1,000 (cut at paragraph breaks) it gives the same claims, spans
    included, as parsed whole."""
    demo = Path(__file__).parents[2] / "service" / "demo_corpus" / "articles.jsonl"
    rows = [json.loads(line) for line in demo.read_text(encoding="utf-8").splitlines()]
    text = "\n\n".join(row["text"] for row in rows)
    article = ArticleIn(id="long", outlet="Wire", published="2026-03-09", text=text)
    whole = pipeline.analyse_one(article).claims
    pieces = Pipeline(pipeline.config.model_copy(update={"parse_piece_chars": 1_000}))
    assert len(split_text(text, 1_000)) > 3
    in_pieces = pieces.analyse_one(article).claims
    assert [c.model_dump() for c in in_pieces] == [c.model_dump() for c in whole]
    for claim in in_pieces:
        assert text[claim.span.start : claim.span.end] == claim.text


def test_a_text_over_spacys_limit_is_parsed_in_pieces(pipeline: Pipeline) -> None:
    """spaCy refuses a text over `nlp.max_length` (1,000,000 characters; the workspace takes
    articles up to 2,000,000); in pieces it parses. Shown here with the limit lowered."""
    nlp = pipeline.nlp
    paragraph = "Officials in Tripoli said eleven people were killed on Monday.\n\n"
    text = paragraph * 200  # 12,800 characters
    limit = nlp.max_length
    nlp.max_length = 5_000
    try:
        with pytest.raises(ValueError, match="E088"):
            nlp(text)
        (doc,) = parse(nlp, [text], batch_size=8, piece_chars=4_000)
    finally:
        nlp.max_length = limit
    assert doc.text == text
    assert len(list(doc.sents)) == 200
    assert [ent.text for ent in doc.ents].count("Tripoli") == 200
