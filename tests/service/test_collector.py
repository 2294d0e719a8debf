"""The cyclic collector stays out of the corpus: no passes while it loads, and none over it
while a server holds it frozen or the whole corpus is compared."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claims import Pipeline
from claims.compare import find_discrepancies
from claims.corpus import Corpus
from models import Finding
from service import workspace as workspace_module
from service.collector import collector_paused, long_lived_frozen
from service.settings import Settings
from service.workspace import Workspace


@pytest.fixture()
def collections() -> Iterator[list[int]]:
    """The generation of every collection the interpreter runs while the test does."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(int(info["generation"]))

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def test_the_collector_is_paused_in_the_block_and_enabled_after(collections: list[int]) -> None:
    with collector_paused():
        assert not gc.isenabled()
        cycles = []
        for number in range(50_000):  # 70 times the threshold that starts a collection
            node: dict[str, object] = {"number": number}
            node["self"] = node
            cycles.append(node)
        during = list(collections)
    assert gc.isenabled()
    assert during == []


def test_a_collector_paused_further_up_stays_paused() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_frozen_objects_are_handed_back_on_exit() -> None:
    long_lived = [{"claim": number} for number in range(1_000)]
    with long_lived_frozen():
        assert gc.get_freeze_count() >= len(long_lived)
    assert gc.get_freeze_count() == 0


def test_a_block_inside_a_frozen_one_hands_nothing_back() -> None:
    """Frozen objects still die when their last reference goes (the suite's other threads
    drop theirs at any moment), so the count may fall a little; it must not fall to nothing
    (handed back) nor grow (frozen again)."""
    with long_lived_frozen():
        frozen_by_the_server = gc.get_freeze_count()
        with long_lived_frozen():
            pass
        assert 0 < gc.get_freeze_count() <= frozen_by_the_server
        assert gc.get_freeze_count() > frozen_by_the_server * 0.99
    assert gc.get_freeze_count() == 0


def test_the_whole_corpus_is_compared_frozen(
    parallax_home: Path, pipeline: Pipeline, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_while_comparing: list[int] = []

    def compare(corpus: Corpus, *args: Any, **kwargs: Any) -> list[Finding]:
        frozen_while_comparing.append(gc.get_freeze_count())
        return find_discrepancies(corpus, *args, **kwargs)

    monkeypatch.setattr(workspace_module, "find_discrepancies", compare)
    workspace = Workspace(Settings(), pipeline=pipeline)
    try:
        workspace.ingest_paths([str(demo_corpus)])
        findings = workspace.refresh_discrepancies()
    finally:
        workspace.close()
    assert findings
    assert len(frozen_while_comparing) == 1 and frozen_while_comparing[0] > 0
    assert gc.get_freeze_count() == 0  # handed back once compared


def test_loading_the_corpus_runs_no_collection(
    parallax_home: Path, pipeline: Pipeline, demo_corpus: Path, collections: list[int]
) -> None:
    workspace = Workspace(Settings(), pipeline=pipeline)
    try:
        workspace.ingest_paths([str(demo_corpus)])
        reopened = Workspace(Settings(), pipeline=pipeline)
        try:
            _ = reopened.index
            collections.clear()
            corpus = reopened.corpus()
            # Young collections outside the load only: while the database is asked for its
            # watermark, and the one the collector starts as it is enabled again. Collected
            # as they load, the demo corpus's 40 claims take eight.
            assert len(collections) <= 2
            assert len(corpus.claims) == workspace.stats().claims == 40
        finally:
            reopened.close()
    finally:
        workspace.close()
