"""The cyclic collector stays out of the corpus: no full passes while it loads, and none over
it once a server has frozen what it loaded."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claims import Pipeline
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
