"""The FAISS claim index: ids kept, cosine search, atomic save, model guard."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claims.errors import IndexOutOfStepError
from claims.index import ClaimIndex, IndexSummary


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


def test_an_index_built_by_another_model_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "claims.faiss"
    ClaimIndex.empty(8).save(path, model="model-a")
    with pytest.raises(IndexOutOfStepError, match="model-a"):
        ClaimIndex.load(path, model="model-b")


def test_missing_index_is_reported_as_out_of_step(tmp_path: Path) -> None:
    with pytest.raises(IndexOutOfStepError):
        ClaimIndex.load(tmp_path / "absent.faiss", model="m")
