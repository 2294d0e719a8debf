"""The API server's refresh process: findings compared and stored there, failures reported,
a process that died started again."""

from __future__ import annotations

import os
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from claims import PipelineConfig
from claims.config import EmbedConfig
from models import ArticleIn, CheckRequest
from service import workspace as workspace_module
from service.refresher import RefreshFailed, RefreshProcess
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace

MERROW = "Seven people were killed when the Merrow Bridge in Port Alder collapsed on Sunday."
NEW_PERSON = ArticleIn(
    id="late-wire",
    outlet="Late Wire",
    published="2026-03-10",
    text="Inspector Hana Okafor said the Merrow Bridge in Port Alder had last been inspected "
    "in January, two months before it collapsed.",
)


def not_here(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("the server's process compared the corpus")


def test_findings_are_compared_in_the_refresh_process_and_read_from_the_store(
    parallax_home: Path, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    refresher = RefreshProcess(settings)
    workspace = Workspace(settings, refresher=refresher)
    try:
        workspace.ingest_paths([str(demo_corpus)])
        monkeypatch.setattr(workspace_module, "find_discrepancies", not_here)
        found = workspace.discrepancies(limit=1_000)
        assert {finding.kind.value for finding in found} == {"number", "date", "name", "statement"}
        # The demo corpus's tolls: twelve killed against seven.
        assert any(value.value == "Twelve" for finding in found for value in finding.values)
        # A process that died (killed, out of memory) is started again by the next refresh.
        assert refresher._process is not None
        refresher._process.kill()
        refresher._process.join()
        with workspace.sessions.begin() as session:
            repo.replace_findings(session, [], run_id="stale")  # as if articles came in
        assert workspace.discrepancies(limit=1_000) == found
    finally:
        workspace.close()
    # Closed, it is not started again: not by a background refresh still wanted, nor a reader.
    with pytest.raises(RefreshFailed, match="closed"):
        refresher.refresh()
    assert refresher._process is None


def test_a_comparison_that_fails_in_the_refresh_process_is_reported_to_the_reader(
    parallax_home: Path, demo_corpus: Path, tmp_path: Path
) -> None:
    """The figures' clauses are embedded by a model the refresh process cannot load."""
    ingesting = Workspace(Settings())
    ingesting.ingest_paths([str(demo_corpus)])
    ingesting.close()
    missing_model = PipelineConfig(embed=EmbedConfig(model=str(tmp_path / "no-such-model")))
    settings = Settings(pipeline=missing_model)
    workspace = Workspace(settings, refresher=RefreshProcess(settings))
    try:
        with pytest.raises(RefreshFailed, match="no-such-model"):
            workspace.discrepancies()
    finally:
        workspace.close()


def test_checks_read_the_people_the_refresh_process_gathered(
    parallax_home: Path, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an ingest the server does not cluster the grown corpus's people again (5 s at
    100k claims, holding the GIL its checks need): the refresh process hands them over."""
    settings = Settings()
    workspace = Workspace(settings, refresher=RefreshProcess(settings))
    try:
        workspace.ingest_paths([str(demo_corpus)])
        first = workspace.check(CheckRequest(text=MERROW))
        assert first.matches  # the corpus and its people are loaded
        workspace.ingest_articles([NEW_PERSON])
        monkeypatch.setattr(workspace_module, "known_people", not_here)
        workspace.refresh_later()
        for thread in threading.enumerate():
            if thread.name == "parallax-refresh":
                thread.join(timeout=120)
        compared = workspace.people_now()
        assert compared.watermark == workspace.index.summary()
        assert "okafor" in compared.known.people.known_tokens
        checked = workspace.check(
            CheckRequest(text="Inspector Hana Okafor said the bridge was inspected in January.")
        )
        assert checked.matches
    finally:
        workspace.close()


def test_a_worker_reads_the_people_of_another_workers_ingest_from_its_refresh_process(
    parallax_home: Path, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers share a store: the one whose corpus grew through another's ingest asks its
    refresh process for the grown corpus's people, even when the other worker has stored the
    findings already, rather than cluster them beside its checks."""
    settings = Settings(sync_interval_seconds=0)
    ingesting = Workspace(settings)
    serving = Workspace(settings, refresher=RefreshProcess(settings))
    try:
        ingesting.ingest_paths([str(demo_corpus)])
        assert serving.check(CheckRequest(text=MERROW)).matches  # corpus and people loaded
        ingesting.ingest_articles([NEW_PERSON])
        ingesting.current_discrepancies()  # the findings are fresh: nothing left to compare
        monkeypatch.setattr(workspace_module, "known_people", not_here)
        okafor = CheckRequest(
            text="Inspector Hana Okafor said the bridge was inspected in January."
        )
        assert serving.check(okafor).matches  # the grown corpus, with the people it had
        for thread in threading.enumerate():
            if thread.name in ("parallax-refresh", "parallax-people"):
                thread.join(timeout=120)
        compared = serving.people_now()
        assert compared.watermark == ingesting.index.summary()
        assert "okafor" in compared.known.people.known_tokens
    finally:
        serving.close()
        ingesting.close()


class _SlowToClose(Connection):
    """A pipe end whose close takes a while, as one may when the other thread is switched out
    between the check that it is open and the close itself."""

    def _close(self, _close: Any = os.close) -> None:
        handle = self.fileno()
        time.sleep(0.3)
        _close(handle)


def test_the_pipe_is_closed_once_when_close_and_a_failed_refresh_race(
    parallax_home: Path,
) -> None:
    """The server stopping terminates the refresh process; the refresh waiting on it then
    closes the pipe as `close` does. Closed twice, the second close failed the server's shutdown
    with EBADF (once in CI), or closed another file that had taken the number."""
    read_end, write_end = os.pipe()
    os.close(write_end)
    refresher = RefreshProcess(Settings())
    pipe = _SlowToClose(read_end)
    refresher._connection = pipe
    failures: list[BaseException] = []

    def stopping() -> None:
        try:
            refresher.close()
        except BaseException as exc:  # the test reports what the thread raised
            failures.append(exc)

    server_stopping = threading.Thread(target=stopping)
    server_stopping.start()
    time.sleep(0.1)  # `close` is inside the pipe's close now
    refresher._forget()  # what the refresh that saw the process end does
    server_stopping.join()
    assert failures == []
    assert pipe.closed
    assert refresher._connection is None
