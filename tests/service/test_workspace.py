"""Ingest end to end through the Workspace: idempotency, bad input, transactions, the index,
and the vectors a check searches with."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text

from claims import ANALYSIS_VERSION, Pipeline, PipelineConfig
from claims.compare import KnownPeople, known_people
from claims.config import DetectorsConfig, EmbedConfig
from claims.embed import SentenceTransformerEmbedder
from models import ArticleIn, CheckRequest, FindingKind, Span, Verdict
from service import workspace as workspace_module
from service.settings import Settings
from service.storage import repo
from service.storage.tables import encode_vector
from service.workspace import Workspace

SEED_004_SENTENCE = (
    "According to the Ministry of Health of the government of Libya, eleven people were killed "
    "and 23 injured in the fighting over Tripoli."
)

GOOD_ARTICLE = {
    "id": "wire-1",
    "outlet": "Harbour Herald",
    "published": "2019-04-09",
    "text": "Heavy fighting continued south of Tripoli late Sunday, officials said. "
    + SEED_004_SENTENCE,
}


# Makes the database refuse a claim whose text mentions poison, in each dialect's words.
POISON_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER refuse_poison BEFORE INSERT ON claims "
        "WHEN NEW.text LIKE '%poisoned%' "
        "BEGIN SELECT RAISE(ABORT, 'poisoned claim refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.text LIKE '%poisoned%' THEN RAISE EXCEPTION 'poisoned claim refused'; END IF; "
        "RETURN NEW; END $$",
        "CREATE TRIGGER refuse_poison BEFORE INSERT ON claims "
        "FOR EACH ROW EXECUTE FUNCTION refuse_poison()",
    ],
}


POISONED = ArticleIn(
    id="poisoned",
    outlet="Coastline Times",
    text="Police in Tripoli said 14 people were arrested on Monday. "
    "The minister said the water supply of Tripoli was poisoned by 3 militias.",
)
HEALTHY = ArticleIn(id="healthy", outlet="Daily Meridian", text=GOOD_ARTICLE["text"])


def refuse_poisoned_claims(workspace: Workspace) -> None:
    with workspace.engine.begin() as connection:
        for statement in POISON_TRIGGER[workspace.engine.dialect.name]:
            connection.execute(text(statement))


def assert_index_in_step(workspace: Workspace) -> None:
    """Every stored claim has its vector in the index, and nothing else is there."""
    stats = workspace.stats()
    assert stats.index_in_step and stats.indexed_vectors == stats.claims


@pytest.fixture()
def workspace(parallax_home: Path, pipeline: Pipeline) -> Iterator[Workspace]:
    opened = Workspace(Settings(), pipeline=pipeline)
    yield opened
    opened.close()


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ingest_extracts_casualties_and_resolves_late_sunday(
    workspace: Workspace, tmp_path: Path
) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", [json.dumps(GOOD_ARTICLE)])
    result = workspace.ingest_paths([str(feed)])
    assert result.errors == []
    assert [item.article_id for item in result.items] == ["wire-1"]

    stored = workspace.article("wire-1")
    assert stored is not None
    counts = {
        quantity.counted: quantity.value for claim in stored.claims for quantity in claim.quantities
    }
    assert counts["killed"] == 11
    assert counts["injured"] == 23
    resolved = [d.value.isoformat() for c in stored.claims for d in c.dates if d.value]
    assert "2019-04-07" in resolved  # late Sunday, published Tuesday 9 April 2019
    for claim in stored.claims:
        assert stored.article.text[claim.span.start : claim.span.end] == claim.text


def test_an_undated_article_is_dated_by_its_dateline(workspace: Workspace, tmp_path: Path) -> None:
    text = (
        "Updated: November 11,2011 18:50 IST\n"
        "The Indian Navy patrolling the Gulf of Aden on Thursday thwarted an attack by pirates "
        "on merchant vessels, a Navy spokesman said."
    )
    feed = write_jsonl(tmp_path / "feed.jsonl", [json.dumps({"id": "navy-1", "text": text})])
    assert workspace.ingest_paths([str(feed)]).errors == []
    stored = workspace.article("navy-1")
    assert stored is not None
    assert stored.article.published == datetime(2011, 11, 11)  # the day; the time is not read
    assert stored.article.published_inferred
    days = [d.value for claim in stored.claims for d in claim.dates if d.text == "Thursday"]
    assert days == [date(2011, 11, 10)]


def test_reingest_changes_nothing(workspace: Workspace, demo_corpus: Path) -> None:
    first = workspace.ingest_paths([str(demo_corpus)])
    assert first.errors == []
    assert first.created == len(first.items) >= 8
    before = workspace.stats()
    assert before.index_in_step and before.indexed_vectors == before.claims > 0

    again = workspace.ingest_paths([str(demo_corpus)])
    assert again.created == 0
    assert all(not item.created for item in again.items)
    assert workspace.stats() == before


def test_same_text_same_outlet_without_id_is_the_same_article(workspace: Workspace) -> None:
    article = ArticleIn(outlet="Metro Wire", text=GOOD_ARTICLE["text"])
    first = workspace.ingest_articles([article])
    second = workspace.ingest_articles([article.model_copy()])
    assert first.created == 1 and second.created == 0
    assert first.items[0].article_id == second.items[0].article_id


def test_bad_lines_are_refused_by_name_and_the_rest_goes_in(
    workspace: Workspace, tmp_path: Path
) -> None:
    feed = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            json.dumps(GOOD_ARTICLE),
            "{this is not json",
            json.dumps({"id": "empty", "outlet": "Valley Courier", "text": "   "}),
            json.dumps({"id": "extra", "text": SEED_004_SENTENCE, "topic": 3, "section": "world"}),
            json.dumps(
                {
                    "id": "html",
                    "outlet": "Metro Wire",
                    "text": "<p>Police arrested "
                    "<b>four men</b> in Tripoli on Monday, a spokesman said.</p>",
                }
            ),
        ],
    )
    result = workspace.ingest_paths([str(feed)])
    refused = {error.source: error.message for error in result.errors}
    assert set(refused) == {f"{feed}:2", f"{feed}:3"}
    assert "JSON" in refused[f"{feed}:2"]
    assert {item.article_id for item in result.items} == {"wire-1", "extra", "html"}
    assert any("topic" in warning for warning in result.warnings)
    html_claims = workspace.article("html")
    assert html_claims is not None and html_claims.claims
    assert all("<b>" not in claim.text for claim in html_claims.claims)


def test_non_utf8_and_oversized_articles(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "wires"
    folder.mkdir()
    (folder / "latin1.txt").write_bytes(
        "Le ministre a déclaré mardi que 40 personnes ont été tuées à Tripoli.\n".encode("cp1252")
        + b"Officials in Tripoli said eleven people were killed on Monday.\n"
    )
    (folder / "huge.txt").write_text("Officials said 12 people died. " * 80_000)
    settings = workspace.settings.model_copy(update={"max_article_chars": 1_000_000})
    limited = Workspace(settings, pipeline=workspace.pipeline)
    result = limited.ingest_paths([str(folder)])
    limited.close()
    assert [item.article_id for item in result.items] == ["wires/latin1"]
    assert len(result.errors) == 1 and "huge.txt" in result.errors[0].source
    assert "1,000,000" in result.errors[0].message or "1000000" in result.errors[0].message
    stored = workspace.article("wires/latin1")
    assert stored is not None and "déclaré" in stored.article.text


def test_a_failing_article_leaves_nothing_behind(workspace: Workspace) -> None:
    # A real database failure half way through the article's transaction: a trigger
    # refuses one claim after the article row and earlier claims were written.
    refuse_poisoned_claims(workspace)
    result = workspace.ingest_articles([POISONED, HEALTHY])

    assert [item.article_id for item in result.items] == ["healthy"]
    assert result.errors and "poisoned" in result.errors[0].message
    assert workspace.article("poisoned") is None
    assert_index_in_step(workspace)


def test_missing_index_is_rebuilt_from_the_database(
    workspace: Workspace, demo_corpus: Path
) -> None:
    workspace.ingest_paths([str(demo_corpus)])
    claims = workspace.stats().claims
    workspace.settings.index_path.unlink()

    reopened = Workspace(workspace.settings, pipeline=workspace.pipeline)
    assert reopened.index_in_step()
    assert len(reopened.index) == claims
    reopened.close()


def test_index_behind_the_database_is_completed(workspace: Workspace, demo_corpus: Path) -> None:
    workspace.ingest_paths([str(demo_corpus)])
    index = workspace.index
    dropped = index.ids()[:5].tolist()
    index.remove(dropped)
    index.save(workspace.settings.index_path, model=workspace.pipeline.embedder_name)

    reopened = Workspace(workspace.settings, pipeline=workspace.pipeline)
    assert reopened.index_in_step()
    assert set(dropped) <= set(reopened.index.ids().tolist())
    reopened.close()


def test_a_warmed_up_server_checks_without_reading_the_corpus(
    parallax_home: Path, pipeline: Pipeline, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus is loaded by the warm-up, not by the first check (5 s at 100k claims)."""
    ingesting = Workspace(Settings(), pipeline=pipeline)
    ingesting.ingest_paths([str(demo_corpus)])
    ingesting.close()
    server = Workspace(Settings(), pipeline=pipeline)
    try:
        server.warm_up()

        def no_reading(*args: object, **kwargs: object) -> None:
            raise AssertionError("the first check read the corpus")

        monkeypatch.setattr(repo, "iter_claims", no_reading)
        result = server.check(
            CheckRequest(text="Twelve people were killed when the Merrow Bridge collapsed.")
        )
        assert result.matches
    finally:
        server.close()


LOOKUPS = ("_claims_by_article", "_story_names", "_name_weights")


def test_a_loaded_corpus_has_its_lookups_built_before_any_check(
    parallax_home: Path, pipeline: Pipeline, demo_corpus: Path
) -> None:
    """Built lazily, they were built inside the first checks that needed them, under the lock
    every other check waits at (p99 250 ms at 100k claims); a corpus grown by another
    worker's ingest is built with them too."""
    ingesting = Workspace(Settings(), pipeline=pipeline)
    ingesting.ingest_paths([str(demo_corpus)])
    server = Workspace(Settings(sync_interval_seconds=0), pipeline=pipeline)
    try:
        server.warm_up()
        loaded = server.corpus()
        assert all(name in vars(loaded) for name in LOOKUPS)
        later = ArticleIn(
            id="later-01",
            outlet="Kestrel Courier",
            text="Nine people were killed when the Merrow Bridge in Port Alder collapsed, the "
            "mayor said on Tuesday.",
        )
        ingesting.ingest_articles([later], sources=["test"])
        grown = server.corpus()
        assert grown is not loaded and len(grown.claims) > len(loaded.claims)
        assert all(name in vars(grown) for name in LOOKUPS)
        assert [claim.text for claim in grown.claims_of("later-01")] == [later.text]
    finally:
        ingesting.close()
        server.close()


def test_checks_know_the_people_of_articles_ingested_after_they_started(
    parallax_home: Path, pipeline: Pipeline, demo_corpus: Path
) -> None:
    """A server clusters its corpus's people once, at warm-up; after another worker's ingest
    they are clustered again in the background, and checks then know the new inspector."""
    ingesting = Workspace(Settings(), pipeline=pipeline)
    ingesting.ingest_paths([str(demo_corpus)])
    server = Workspace(Settings(sync_interval_seconds=0), pipeline=pipeline)
    try:
        server.warm_up()
        ingesting.ingest_articles(
            [
                ArticleIn(
                    id="coroner-01",
                    outlet="Kestrel Courier",
                    published=date(2026, 4, 6),
                    text="Inspector Margaret Hollis said the nine miners killed at the Kestrel Hill "
                    "mine near Dunmore had died of carbon monoxide poisoning.",
                )
            ],
            sources=["test"],
        )
        server.check(CheckRequest(text="Nine miners were killed at the Kestrel Hill mine."))
        for thread in threading.enumerate():
            if thread.name == "parallax-people":
                thread.join(timeout=60)
        result = server.check(
            CheckRequest(
                text="Inspector Margaret Holis said the miners at the Kestrel Hill mine died of "
                "carbon monoxide poisoning."
            )
        )
        (finding,) = [d for d in result.discrepancies if d.kind == FindingKind.NAME]
        assert finding.subject == "Margaret Hollis"
        assert [(value.value, value.outlets) for value in finding.values] == [
            ("Margaret Holis", ["posted claim"]),
            ("Margaret Hollis", ["Kestrel Courier"]),
        ]
        assert result.verdict == Verdict.CONFLICTING
    finally:
        ingesting.close()
        server.close()


def test_a_closed_workspace_leaves_no_clustering_behind(
    parallax_home: Path, pipeline: Pipeline, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The background clustering holds the corpus: close waits for it."""
    ingesting = Workspace(Settings(), pipeline=pipeline)
    ingesting.ingest_paths([str(demo_corpus)])
    server = Workspace(Settings(sync_interval_seconds=0), pipeline=pipeline)
    server.warm_up()

    def slow_known_people(*args: Any, **kwargs: Any) -> KnownPeople:
        time.sleep(0.5)
        return known_people(*args, **kwargs)

    monkeypatch.setattr(workspace_module, "known_people", slow_known_people)
    later = ArticleIn(
        id="later-01",
        outlet="Kestrel Courier",
        text="Nine miners were killed at the Kestrel Hill mine, Inspector Daniel Reyes said.",
    )
    ingesting.ingest_articles([later], sources=["test"])
    ingesting.close()
    server.check(CheckRequest(text="Nine miners died at the Kestrel Hill mine."))
    assert [t for t in threading.enumerate() if t.name == "parallax-people" and t.is_alive()]

    server.close()

    assert not [t for t in threading.enumerate() if t.name == "parallax-people" and t.is_alive()]


def test_checks_are_answered_while_the_findings_are_refreshed(
    workspace: Workspace, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comparing a large corpus takes most of a minute: checks do not wait for it, and a
    reader who finds the findings stale meanwhile waits for that refresh, not another."""
    workspace.ingest_paths([str(demo_corpus)])
    comparing, release = threading.Event(), threading.Event()
    comparisons = []
    find_discrepancies = workspace_module.find_discrepancies

    def held_comparison(*args: Any, **kwargs: Any) -> list[Any]:
        comparisons.append(args)
        comparing.set()
        assert release.wait(timeout=60)
        return find_discrepancies(*args, **kwargs)

    monkeypatch.setattr(workspace_module, "find_discrepancies", held_comparison)
    refreshing = threading.Thread(target=workspace.refresh_discrepancies)
    refreshing.start()
    try:
        assert comparing.wait(timeout=60)
        result = workspace.check(
            CheckRequest(text="Nine miners were killed at the Kestrel Hill mine.")
        )
        assert result.matches and refreshing.is_alive()
        reading = threading.Thread(target=workspace.discrepancies)
        reading.start()
        reading.join(timeout=0.5)
        assert reading.is_alive()  # waiting for the refresh under way
    finally:
        release.set()
        refreshing.join(timeout=60)
    reading.join(timeout=60)
    assert not reading.is_alive() and len(comparisons) == 1
    assert workspace.discrepancies(limit=1_000)


def test_closing_stops_a_background_refresh_at_its_next_step(
    parallax_home: Path, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server stopping mid-refresh does not wait for the rest of the comparison (most of a
    minute at 100k claims), and stores nothing half made: the next start compares again."""
    closing = Workspace(Settings())
    closing.ingest_paths([str(demo_corpus)])
    comparing, release = threading.Event(), threading.Event()
    steps: list[int] = []
    find_discrepancies = workspace_module.find_discrepancies

    def held_comparison(*args: Any, progress: Any, **kwargs: Any) -> list[Any]:
        def step(done: int, total: int) -> None:
            steps.append(done)
            if done == 1:
                comparing.set()
                assert release.wait(timeout=60)
            progress(done, total)

        return find_discrepancies(*args, progress=step, **kwargs)

    monkeypatch.setattr(workspace_module, "find_discrepancies", held_comparison)
    closing.refresh_later()
    assert comparing.wait(timeout=60)
    closer = threading.Thread(target=closing.close)
    closer.start()
    while not closing._closing.is_set():
        time.sleep(0.01)
    release.set()
    closer.join(timeout=60)
    assert not closer.is_alive() and steps == [1]
    reopened = Workspace(Settings())
    with reopened.sessions() as session:
        assert repo.last_findings_run(session) is None
    monkeypatch.undo()
    assert reopened.discrepancies(limit=1_000)  # compared again, in full
    reopened.close()


def test_ingest_stores_float32_vectors_and_checks_search_with_query_vectors(
    parallax_home: Path, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checks may embed in bfloat16; what is stored and indexed is float32 all the same."""
    config = PipelineConfig(embed=EmbedConfig(query_precision="bfloat16"))
    workspace = Workspace(Settings(pipeline=config), pipeline=Pipeline(config))
    workspace.ingest_paths([str(demo_corpus)])
    ids = workspace.index.ids()
    with workspace.sessions() as session:
        texts = repo.claim_texts(session, ids.tolist())
    float32 = SentenceTransformerEmbedder(EmbedConfig(query_precision="float32"))
    expected = float32.embed([texts[claim_id] for claim_id in ids.tolist()])
    np.testing.assert_allclose(workspace.index.vectors(ids), expected, atol=1e-6)

    def refuse(texts: object) -> None:
        raise AssertionError("a check embedded stored vectors")

    monkeypatch.setattr(workspace.pipeline, "embed", refuse)
    check = "Seven people were killed when the Merrow Bridge in Port Alder collapsed."
    result = workspace.check(CheckRequest(text=check))
    (query,) = workspace.pipeline.embed_queries([check])
    assert result.matches
    for match in result.matches:
        (stored,) = workspace.index.vectors([match.claim_id])
        assert match.similarity == pytest.approx(float(query @ stored), abs=1e-4)
    workspace.close()


def _findings_shown(workspace: Workspace) -> list[tuple[str, str, list[str]]]:
    return sorted(
        (finding.kind.value, finding.subject, sorted(value.value for value in finding.values))
        for finding in workspace.refresh_discrepancies()
    )


def test_reanalyse_brings_an_older_analysis_in_line(
    workspace: Workspace, demo_corpus: Path
) -> None:
    """A store keeps the claims of the version that ingested it: here demo-01 as one claim
    gluing its paragraphs together, as a quotation that never closed once made of them."""
    workspace.ingest_paths([str(demo_corpus)])
    current = workspace.article("demo-01")
    assert current is not None and len(current.claims) > 1
    findings = _findings_shown(workspace)
    text = current.article.text
    glued = current.claims[0].model_copy(
        update={"id": None, "text": text, "span": Span(start=0, end=len(text))}
    )
    with workspace.sessions.begin() as session:
        old, new_ids = repo.replace_claims(
            session,
            article_id="demo-01",
            claims=[glued],
            vectors=[encode_vector(workspace.pipeline.embed([text])[0])],
            vector_model=workspace.pipeline.embedder_name,
        )
    workspace.index.remove([claim.id for claim in old if claim.id is not None])
    workspace.index.add(new_ids, workspace.pipeline.embed([text]))
    assert _findings_shown(workspace) != findings

    result = workspace.reanalyse()

    assert result.errors == []
    assert result.articles == workspace.stats().articles and result.changed == 1
    assert result.claims_after - result.claims_before == len(current.claims) - 1
    again = workspace.article("demo-01")
    assert again is not None
    assert [c.text for c in again.claims] == [c.text for c in current.claims]
    assert [c.quantities for c in again.claims] == [c.quantities for c in current.claims]
    assert_index_in_step(workspace)
    assert _findings_shown(workspace) == findings


def _kinds_served(workspace: Workspace) -> set[str]:
    return {finding.kind.value for finding in workspace.discrepancies(limit=1000)}


def test_findings_made_with_other_settings_are_made_again(
    workspace: Workspace, demo_corpus: Path, pipeline: Pipeline
) -> None:
    """Stored findings are served until the claims change, or the comparator reading them:
    a server restarted with a detector switched off must not keep serving its findings."""
    workspace.ingest_paths([str(demo_corpus)])
    assert _kinds_served(workspace) == {"number", "date", "name", "statement"}
    with workspace.sessions() as session:
        first_run = repo.last_findings_run(session)

    numbers_only = PipelineConfig(detectors=DetectorsConfig(enabled=("number",)))
    restarted = Workspace(Settings(pipeline=numbers_only), pipeline=pipeline)
    try:
        assert restarted.comparison != workspace.comparison
        assert _kinds_served(restarted) == {"number"}
    finally:
        restarted.close()

    assert _kinds_served(workspace) == {"number", "date", "name", "statement"}
    with workspace.sessions() as session:
        assert repo.last_findings_run(session) == first_run  # the same run id, made again


def test_reanalysing_an_up_to_date_store_changes_nothing(
    workspace: Workspace, demo_corpus: Path
) -> None:
    workspace.ingest_paths([str(demo_corpus)])
    before = workspace.stats()
    result = workspace.reanalyse()
    assert result.changed == 0 and result.articles == before.articles
    assert result.claims_before == result.claims_after == before.claims
    assert workspace.stats().claims == before.claims


def test_an_article_that_cannot_be_stored_again_keeps_its_claims(workspace: Workspace) -> None:
    workspace.ingest_articles([POISONED, HEALTHY])
    kept = workspace.article("poisoned")
    assert kept is not None and kept.claims
    refuse_poisoned_claims(workspace)

    result = workspace.reanalyse()

    assert [error.source for error in result.errors] == ["poisoned"]
    assert result.articles == 1
    still = workspace.article("poisoned")
    assert still is not None and [c.id for c in still.claims] == [c.id for c in kept.claims]
    assert_index_in_step(workspace)


def test_a_store_knows_which_analysis_its_claims_come_from(
    workspace: Workspace, demo_corpus: Path
) -> None:
    workspace.ingest_paths([str(demo_corpus)])
    stats = workspace.stats()
    assert (stats.analysis_version, stats.reanalyse_advised) == (ANALYSIS_VERSION, False)

    # Claims an older version stored: the store holds the oldest analysis among its claims.
    with workspace.sessions.begin() as session:
        repo.set_state(session, "analysis_version", str(ANALYSIS_VERSION - 1))
    workspace.ingest_articles([HEALTHY])
    stats = workspace.stats()
    assert (stats.analysis_version, stats.reanalyse_advised) == (ANALYSIS_VERSION - 1, True)

    # Claims stored before versions were recorded: unknown, and it stays so until re-analysed.
    with workspace.sessions.begin() as session:
        repo.delete_state(session, "analysis_version")
    workspace.ingest_articles([POISONED])
    assert workspace.stats().analysis_version is None

    assert workspace.reanalyse().errors == []
    stats = workspace.stats()
    assert (stats.analysis_version, stats.reanalyse_advised) == (ANALYSIS_VERSION, False)


def test_an_empty_store_advises_nothing(workspace: Workspace) -> None:
    stats = workspace.stats()
    assert (stats.articles, stats.analysis_version, stats.reanalyse_advised) == (0, None, False)
