"""The FAISS claim index: ids kept, cosine search, atomic save, model guard."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claims.config import IndexConfig, PipelineConfig
from claims.errors import IndexOutOfStepError
from claims.index import ClaimIndex, IndexSummary, derived_nlist


def unit_vectors(count: int, dim: int = 8, seed: int = 7) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_search_returns_claim_ids_not_positions() -> None:
    index = ClaimIndex.empty(8)
    vectors = unit_vectors(3)
    index.add([101, 7, 55], vectors)
    scores, ids = index.search(vectors[1], k=2)
    assert ids[0][0] == 7
    assert scores[0][0] == pytest.approx(1.0, abs=1e-5)


def test_search_on_empty_index_pads_with_minus_one() -> None:
    scores, ids = ClaimIndex.empty(8).search(unit_vectors(2), k=3)
    assert ids.shape == (2, 3) and (ids == -1).all()
    assert scores.shape == (2, 3)


class _ThreadCountSpy:
    """Stands in for the faiss index and notes the OpenMP thread count each search ran with."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.threads: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def search(self, queries: np.ndarray, k: int) -> Any:
        import faiss

        self.threads.append(faiss.omp_get_max_threads())
        return self.inner.search(queries, k)


def test_a_checks_few_queries_run_on_the_request_thread_alone() -> None:
    """OpenMP counts threads per thread: a request thread starts at one per core, whatever
    the server's main thread set, and their spinning doubled a search's CPU."""
    import faiss

    index = ClaimIndex.empty(8)
    index.add(list(range(200)), unit_vectors(200))
    spy = _ThreadCountSpy(index._inner)
    index._inner = spy
    seen: dict[str, Any] = {}

    def request_thread() -> None:
        seen["before"] = faiss.omp_get_max_threads()
        seen["one"] = index.search(unit_vectors(1, seed=1), k=3)
        seen["batch"] = index.search(unit_vectors(64, seed=1), k=3)
        seen["after"] = faiss.omp_get_max_threads()

    worker = threading.Thread(target=request_thread)
    worker.start()
    worker.join()
    assert spy.threads == [1, seen["before"]]
    assert seen["after"] == seen["before"]
    one_scores, one_ids = seen["one"]
    batch_scores, batch_ids = seen["batch"]
    assert (one_ids[0] == batch_ids[0]).all()
    assert one_scores[0] == pytest.approx(batch_scores[0], abs=1e-6)


def test_vectors_and_remove_by_claim_id() -> None:
    index = ClaimIndex.empty(8)
    vectors = unit_vectors(4)
    index.add([1, 2, 3, 4], vectors)
    np.testing.assert_allclose(index.vectors([3, 1]), vectors[[2, 0]], rtol=1e-6)
    assert index.remove([2, 99]) == 1
    assert sorted(index.ids().tolist()) == [1, 3, 4]
    assert index.summary() == IndexSummary(count=3, max_id=4)


def test_wrong_shape_is_refused_with_the_expected_shape() -> None:
    with pytest.raises(ValueError, match=r"\(n, 8\)"):
        ClaimIndex.empty(8).add([1], np.zeros((1, 4), dtype=np.float32))


def test_save_and_load_round_trip_leaves_no_temporary_files(tmp_path: Path) -> None:
    index = ClaimIndex.empty(8)
    index.add([10, 20], unit_vectors(2))
    path = tmp_path / "claims.faiss"
    index.save(path, model="model-a")
    loaded = ClaimIndex.load(path, model="model-a")
    assert sorted(loaded.ids().tolist()) == [10, 20]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.faiss", "claims.faiss.json"]


def test_the_saved_index_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    """Written to a temporary file and renamed, yet readable as a file written in place would
    be: by the group of a shared deployment with umask 027, by everyone with 022."""
    index = ClaimIndex.empty(8)
    index.add([10, 20], unit_vectors(2))
    path = tmp_path / "claims.faiss"
    previous = os.umask(0o027)
    try:
        index.save(path, model="model-a")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.with_suffix(".faiss.json").stat().st_mode) == 0o640


def test_an_index_built_by_another_model_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "claims.faiss"
    ClaimIndex.empty(8).save(path, model="model-a")
    with pytest.raises(IndexOutOfStepError, match="model-a"):
        ClaimIndex.load(path, model="model-b")


def test_missing_index_is_reported_as_out_of_step(tmp_path: Path) -> None:
    with pytest.raises(IndexOutOfStepError):
        ClaimIndex.load(tmp_path / "absent.faiss", model="m")


# --- index kinds: exact while small, IVF (8-bit codes) when large ------------------------

DIM = 32


def clustered_vectors(count: int, seed: int = 3) -> np.ndarray:
    """Unit vectors around 50 centres: like claims, neighbours exist and are findable."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, DIM))
    vectors = centres[rng.integers(0, 50, count)] + rng.normal(scale=0.5, size=(count, DIM))
    vectors = vectors.astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def claim_ids(count: int) -> np.ndarray:
    return np.arange(count, dtype=np.int64) * 3 + 11


def ivf_index(count: int = 3000, **config: Any) -> tuple[ClaimIndex, np.ndarray]:
    vectors = clustered_vectors(count)
    index = ClaimIndex.empty(DIM, IndexConfig(kind="ivf", **config))
    index.add(claim_ids(count), vectors)
    return index, vectors


def recall_at(k: int, exact: np.ndarray, approximate: np.ndarray) -> float:
    hits = [len(set(row) & set(other)) for row, other in zip(exact, approximate, strict=True)]
    return sum(hits) / (k * len(exact))


def test_ivf_agrees_with_flat_on_ids_vectors_and_neighbours() -> None:
    index, vectors = ivf_index(nprobe=64)
    flat = ClaimIndex.empty(DIM, IndexConfig(kind="flat"))
    flat.add(claim_ids(3000), vectors)
    assert (index.kind, flat.kind) == ("ivf", "flat")
    assert sorted(index.ids().tolist()) == sorted(flat.ids().tolist())
    assert index.summary() == flat.summary()
    # 8-bit codes: decoded vectors are close, not equal.
    np.testing.assert_allclose(index.vectors([11 + 3 * 5, 11]), vectors[[5, 0]], atol=0.02)
    queries = clustered_vectors(200, seed=9)
    _, exact = flat.search(queries, 10)
    scores, approximate = index.search(queries, 10)
    assert recall_at(10, exact, approximate) >= 0.95
    assert scores.shape == (200, 10)


def test_ivf_removes_by_claim_id() -> None:
    index, vectors = ivf_index()
    assert index.remove([11, 14, 99_999]) == 2
    assert len(index) == 2998
    assert not {11, 14} & set(index.ids().tolist())
    _, ids = index.search(vectors[:2], 5)
    assert not {11, 14} & set(ids.ravel().tolist())
    with pytest.raises(RuntimeError):
        index.vectors([11])


def test_ivf_round_trips_save_and_load(tmp_path: Path) -> None:
    index, vectors = ivf_index(nprobe=7)
    path = tmp_path / "claims.faiss"
    index.save(path, model="model-a")
    meta = json.loads((tmp_path / "claims.faiss.json").read_text())
    assert (meta["kind"], meta["nlist"], meta["trained_for"]) == ("ivf", index.nlist, 3000)
    loaded = ClaimIndex.load(path, model="model-a", config=IndexConfig(kind="ivf", nprobe=7))
    assert loaded.kind == "ivf" and loaded.summary() == index.summary()
    np.testing.assert_array_equal(
        loaded.search(vectors[:20], 5)[1], index.search(vectors[:20], 5)[1]
    )
    with pytest.raises(IndexOutOfStepError, match="model-a"):
        ClaimIndex.load(path, model="model-b", config=IndexConfig(kind="ivf"))


def test_auto_switches_to_ivf_past_the_threshold_and_keeps_every_id() -> None:
    config = IndexConfig(kind="auto", switch_at=2000)
    index = ClaimIndex.empty(DIM, config)
    vectors = clustered_vectors(2500)
    ids = claim_ids(2500)
    index.add(ids[:1500], vectors[:1500])
    index.remove([ids[0]])
    assert index.kind == "flat"
    for start in range(1500, 2500, 250):
        index.add(ids[start : start + 250], vectors[start : start + 250])
    assert index.kind == "ivf" and index.trained_for == 2249
    assert sorted(index.ids().tolist()) == ids[1:].tolist()
    # Shrinking back under the threshold does not flap back to flat.
    index.remove(ids[1:1000].tolist())
    index.add([1], vectors[:1])
    assert index.kind == "ivf"


def test_ivf_retrains_when_it_outgrows_its_clusters() -> None:
    index, _ = ivf_index(count=1000, retrain_growth=2.0)
    first_nlist = index.nlist
    more = clustered_vectors(1200, seed=4)
    index.add(np.arange(1200, dtype=np.int64) + 100_000, more)
    assert index.trained_for == 2200 and index.nlist > first_nlist
    assert len(index.ids()) == 2200


def test_a_flat_index_on_disk_is_rebuilt_once_when_ivf_is_configured(tmp_path: Path) -> None:
    path = tmp_path / "claims.faiss"
    flat = ClaimIndex.empty(DIM)
    flat.add(claim_ids(1500), clustered_vectors(1500))
    flat.save(path, model="m")
    loaded = ClaimIndex.load(path, model="m", config=IndexConfig(kind="ivf"))
    assert loaded.kind == "ivf" and loaded.summary() == flat.summary()
    assert json.loads((tmp_path / "claims.faiss.json").read_text())["kind"] == "ivf"
    back = ClaimIndex.load(path, model="m", config=IndexConfig(kind="flat"))
    assert back.kind == "flat" and back.summary() == flat.summary()


def test_derived_nlist_keeps_39_training_vectors_per_cluster() -> None:
    assert derived_nlist(1_000_000, IndexConfig()) == 100_000 // 39
    assert derived_nlist(10_000, IndexConfig()) == 256
    assert derived_nlist(2000, IndexConfig(nlist=500)) == 500


def test_a_retrain_growth_that_would_retrain_forever_is_refused() -> None:
    with pytest.raises(ValueError, match="retrain_growth"):
        IndexConfig(retrain_growth=1.0)
    assert PipelineConfig().index == IndexConfig(kind="auto")
