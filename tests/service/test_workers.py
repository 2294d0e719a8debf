"""Several processes over one database: workers stay in step, writers race, a crash mid-ingest.

Every test here runs against SQLite and, in the PostgreSQL pass of `.ci/run`, against a fresh
PostgreSQL database (see tests/databases.py).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from claims import Pipeline
from claims.index import IndexSummary
from models import ArticleIn, CheckRequest
from service.client import ParallaxClient
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace
from tests.servers import PROJECT_ROOT, running_server

MERROW_CHECK = "Seven people were killed when the Merrow Bridge in Port Alder collapsed."


def demo_rows(demo_corpus: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in demo_corpus.read_text().splitlines()]


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def cli(settings: Settings, *arguments: str) -> subprocess.Popen[bytes]:
    """`parallax ARGUMENTS` in its own process over the store `settings` name."""
    env = {
        **os.environ,
        "PARALLAX_HOME": str(settings.home),
        "PARALLAX_DATABASE_URL": settings.resolved_database_url,
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def finish(process: subprocess.Popen[bytes], timeout: float = 300) -> str:
    output, _ = process.communicate(timeout=timeout)
    text = output.decode()
    assert process.returncode == 0, text
    return text


def assert_every_article_whole(workspace: Workspace, pipeline: Pipeline) -> None:
    """Each stored article has every claim its analysis gives, and the index has them all."""
    with workspace.sessions() as session:
        articles = repo.all_articles(session)
        claim_ids = repo.claim_ids(session)
    for article in articles:
        incoming = ArticleIn(text=article.text, published=article.published, outlet=article.outlet)
        expected = len(pipeline.analyse_one(incoming).claims)
        assert article.claim_count == expected, article.id
    assert sorted(workspace.index.ids().tolist()) == claim_ids
    assert workspace.stats().index_in_step


def test_vectors_are_stored_so_a_lost_index_is_rebuilt_without_embedding(
    tmp_path: Path, database_url: str | None, pipeline: Pipeline, demo_corpus: Path
) -> None:
    settings = Settings(home=tmp_path / "home", database_url=database_url)
    first = Workspace(settings, pipeline=pipeline)
    first.ingest_paths([str(demo_corpus)])
    query = pipeline.embed([MERROW_CHECK])
    expected = first.index.search(query, 5)
    first.close()
    settings.index_path.unlink()

    class NoEmbedding(Pipeline):
        def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
            raise AssertionError(f"re-embedded {len(texts)} claims the database had vectors for")

    offline = NoEmbedding(pipeline.config)
    offline.__dict__["nlp"] = pipeline.nlp
    offline.__dict__["embedder"] = pipeline.embedder
    second = Workspace(settings, pipeline=offline)
    assert second.stats().index_in_step
    scores, ids = second.index.search(query, 5)
    assert ids.tolist() == expected[1].tolist()
    np.testing.assert_allclose(scores, expected[0], rtol=1e-5)
    second.close()


def test_a_worker_finds_what_another_worker_ingested(
    tmp_path: Path, database_url: str | None, pipeline: Pipeline, demo_corpus: Path
) -> None:
    """Two workspaces (two workers' worth: own index, own caches) over one database."""
    writer_settings = Settings(home=tmp_path / "writer", database_url=database_url)
    reader_settings = Settings(
        home=tmp_path / "reader",
        database_url=writer_settings.resolved_database_url,
        sync_interval_seconds=0.5,
    )
    writer = Workspace(writer_settings, pipeline=pipeline)
    reader = Workspace(reader_settings, pipeline=pipeline)
    assert reader.check(CheckRequest(text=MERROW_CHECK)).verdict.value == "unverified"

    writer.ingest_paths([str(demo_corpus)])
    time.sleep(reader_settings.sync_interval_seconds)
    result = reader.check(CheckRequest(text=MERROW_CHECK))

    assert {match.article_id for match in result.matches} >= {"demo-01", "demo-02"}
    assert result.verdict.value == "conflicting"  # the demo outlets disagree on the toll
    assert reader.index_in_step()
    more = [ArticleIn.model_validate(row) for row in demo_rows(demo_corpus)[:1]]
    more[0] = more[0].model_copy(update={"id": "late-report", "url": None, "outlet": "Late Wire"})
    writer.ingest_articles(more)
    time.sleep(reader_settings.sync_interval_seconds)
    later = reader.check(CheckRequest(text=MERROW_CHECK))
    assert "late-report" in {match.article_id for match in later.matches}
    writer.close()
    reader.close()


def test_checks_ask_the_database_outside_the_lock_and_ignore_older_answers(
    tmp_path: Path, pipeline: Pipeline, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting the claims takes 10 ms at 100k: checks in flight must not wait for it."""
    settings = Settings(home=tmp_path / "home", sync_interval_seconds=3600)
    workspace = Workspace(settings, pipeline=pipeline)
    workspace.ingest_paths([str(demo_corpus)])
    asked_under_lock = []
    summary = workspace._database_summary

    def watched() -> IndexSummary:
        asked_under_lock.append(workspace._lock._is_owned())  # type: ignore[attr-defined]
        return summary()

    first = workspace.check(CheckRequest(text=MERROW_CHECK))  # loads the corpus
    corpus = workspace.corpus()
    monkeypatch.setattr(workspace, "_database_summary", watched)
    workspace._corpus_checked_at = float("-inf")  # the interval has passed
    assert workspace.check(CheckRequest(text=MERROW_CHECK)) == first
    assert workspace.check(CheckRequest(text=MERROW_CHECK)) == first
    assert asked_under_lock == [False]  # once (then the interval had not passed), unlocked
    assert workspace.corpus() is corpus  # nothing changed: nothing reloaded
    # An answer asked for before the one in use (a thread that waited at the lock) is old news.
    before_ingest = (time.monotonic() - 3600, IndexSummary(count=0, max_id=0))
    with workspace._lock:
        assert workspace._current_corpus(before_ingest) is corpus
    workspace.close()


def test_two_servers_share_one_corpus(
    tmp_path: Path, database_url: str | None, demo_corpus: Path
) -> None:
    """Ingest through one server process, check on another: found once the sync interval passed."""
    first = Settings(home=tmp_path / "first", database_url=database_url)
    second = Settings(home=tmp_path / "second", database_url=first.resolved_database_url)
    bootstrap = Workspace(first)
    with bootstrap.sessions.begin() as session:
        write_key, _ = repo.create_api_key(session, name="tests", scopes=["read", "write"])
    bootstrap.close()
    articles = [ArticleIn.model_validate(row) for row in demo_rows(demo_corpus)]
    with (
        running_server(first) as first_url,
        running_server(second, PARALLAX_SYNC_INTERVAL_SECONDS="0.5") as second_url,
        ParallaxClient(first_url, api_key=write_key) as writer,
        ParallaxClient(second_url) as reader,
    ):
        assert reader.check(MERROW_CHECK).verdict.value == "unverified"
        assert writer.ingest(articles).created == len(articles)
        time.sleep(0.5)
        found = reader.check(MERROW_CHECK)
        assert {match.article_id for match in found.matches} >= {"demo-01", "demo-02"}
        assert found.verdict.value == "conflicting"
        assert reader.health().index_in_step


def test_concurrent_ingests_lose_nothing_and_duplicate_nothing(
    tmp_path: Path, database_url: str | None, pipeline: Pipeline, demo_corpus: Path
) -> None:
    rows = demo_rows(demo_corpus)
    settings = Settings(home=tmp_path / "home", database_url=database_url)
    Workspace(settings, pipeline=pipeline).close()  # migrated once, before the race
    left = write_jsonl(tmp_path / "left.jsonl", rows[:7])
    right = write_jsonl(tmp_path / "right.jsonl", rows[3:])  # rows 3-6 go in from both
    racers = [cli(settings, "ingest", str(left)), cli(settings, "ingest", str(right))]
    outputs = [finish(racer) for racer in racers]

    workspace = Workspace(settings, pipeline=pipeline)
    with workspace.sessions() as session:
        stored = [article.id for article in repo.all_articles(session)]
    assert sorted(stored) == sorted(str(row["id"]) for row in rows)
    assert all(", 0 refused" in output for output in outputs), outputs
    counts = [re.search(r"(\d+) articles ingested", output) for output in outputs]
    created = [int(count[1]) for count in counts if count is not None]
    assert len(created) == len(outputs), outputs
    assert sum(created) == len(rows)  # each overlapping article went in once, by one of them
    assert_every_article_whole(workspace, pipeline)
    workspace.close()


def test_sigkill_mid_ingest_leaves_whole_articles_and_an_index_in_step(
    tmp_path: Path, database_url: str | None, pipeline: Pipeline, demo_corpus: Path
) -> None:
    rows = demo_rows(demo_corpus)
    copies = [
        {**row, "id": f"{row['id']}-{n}", "url": None, "outlet": f"{row['outlet']} {n}"}
        for n in range(8)
        for row in rows
    ]
    feed = write_jsonl(tmp_path / "feed.jsonl", copies)
    settings = Settings(home=tmp_path / "home", database_url=database_url)
    watcher = Workspace(settings, pipeline=pipeline)

    ingest = cli(settings, "ingest", str(feed))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and ingest.poll() is None:
        with watcher.sessions() as session:
            if repo.stats(session)["articles"] > 0:
                break
        time.sleep(0.02)
    assert ingest.poll() is None, "the ingest ended before it could be killed"
    ingest.send_signal(signal.SIGKILL)
    ingest.wait(timeout=30)
    watcher.close()

    restarted = Workspace(settings, pipeline=pipeline)
    kept = restarted.stats().articles
    assert 0 < kept < len(copies)
    assert_every_article_whole(restarted, pipeline)
    restarted.close()

    finish(cli(settings, "ingest", str(feed)))
    completed = Workspace(settings, pipeline=pipeline)
    assert completed.stats().articles == len(copies)
    assert_every_article_whole(completed, pipeline)
    completed.close()
