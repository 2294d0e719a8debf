"""FAISS vector index of claims, keyed by claim id, persisted atomically next to the database.

faiss is imported here and nowhere else. Vectors are L2-normalised, so inner product is cosine.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from claims.errors import IndexOutOfStepError, ModelUnavailableError

if TYPE_CHECKING:
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]
    Ids = npt.NDArray[np.int64]


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as exc:  # pragma: no cover - install hint
        raise ModelUnavailableError(
            "faiss is not installed: pip install 'parallax[pipeline]'"
        ) from exc
    return faiss


class ClaimIndex:
    """Exact inner-product search over claim vectors, with claim ids as FAISS ids."""

    def __init__(self, inner: Any, dim: int) -> None:
        self._inner = inner
        self.dim = dim

    @classmethod
    def empty(cls, dim: int) -> ClaimIndex:
        faiss = _faiss()
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dim)), dim)

    def __len__(self) -> int:
        return int(self._inner.ntotal)

    def add(self, ids: Ids | Sequence[int], vectors: Vectors) -> None:
        id_array = np.ascontiguousarray(np.asarray(ids, dtype=np.int64))
        vector_array = np.ascontiguousarray(vectors, dtype=np.float32)
        if vector_array.ndim != 2 or vector_array.shape[1] != self.dim:
            raise ValueError(f"expected vectors of shape (n, {self.dim}), got {vector_array.shape}")
        if len(id_array) != len(vector_array):
            raise ValueError(f"{len(id_array)} ids for {len(vector_array)} vectors")
        if len(id_array):
            self._inner.add_with_ids(vector_array, id_array)

    def remove(self, ids: Sequence[int]) -> int:
        """Drop vectors by claim id; returns how many were there."""
        removed: int = self._inner.remove_ids(np.asarray(ids, dtype=np.int64))
        return removed

    def search(self, vectors: Vectors, k: int) -> tuple[Vectors, Ids]:
        """Cosine scores and claim ids of the k nearest claims; id -1 where there are fewer."""
        queries = np.ascontiguousarray(vectors, dtype=np.float32)
        if queries.ndim == 1:
            queries = queries[None, :]
        if len(self) == 0 or len(queries) == 0:
            return (
                np.zeros((len(queries), k), dtype=np.float32),
                np.full((len(queries), k), -1, dtype=np.int64),
            )
        scores, ids = self._inner.search(queries, k)
        return scores, ids

    def ids(self) -> Ids:
        faiss = _faiss()
        return faiss.vector_to_array(self._inner.id_map).astype(np.int64)

    def vectors(self, ids: Sequence[int]) -> Vectors:
        """Stored vectors for these claim ids, in the order given."""
        if len(ids) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        stacked = [self._inner.reconstruct(int(claim_id)) for claim_id in ids]
        return np.vstack(stacked).astype(np.float32)

    def summary(self) -> IndexSummary:
        id_array = self.ids()
        return IndexSummary(count=len(id_array), max_id=int(id_array.max()) if len(id_array) else 0)

    def save(self, path: Path, *, model: str) -> None:
        """Write to a temporary file and rename, so a crash never leaves half an index."""
        faiss = _faiss()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
        try:
            faiss.write_index(self._inner, tmp_name)
            os.replace(tmp_name, path)
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
        summary = self.summary()
        _write_json_atomically(
            _meta_path(path),
            {"dim": self.dim, "count": summary.count, "max_id": summary.max_id, "model": model},
        )

    @classmethod
    def load(cls, path: Path, *, model: str) -> ClaimIndex:
        """Load a saved index; refuses one written by another embedding model."""
        faiss = _faiss()
        meta_path = _meta_path(path)
        if not path.exists() or not meta_path.exists():
            raise IndexOutOfStepError(f"no index at {path}")
        meta = json.loads(meta_path.read_text())
        if meta.get("model") != model:
            raise IndexOutOfStepError(
                f"index at {path} was built with {meta.get('model')!r}, not {model!r}"
            )
        inner = faiss.read_index(str(path))
        return cls(inner, int(meta["dim"]))


class IndexSummary:
    """Vector count and highest claim id: compared with the database to detect drift."""

    __slots__ = ("count", "max_id")

    def __init__(self, count: int, max_id: int) -> None:
        self.count = count
        self.max_id = max_id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IndexSummary) and (self.count, self.max_id) == (
            other.count,
            other.max_id,
        )

    def __repr__(self) -> str:
        return f"IndexSummary(count={self.count}, max_id={self.max_id})"


def _meta_path(path: Path) -> Path:
    return path.with_suffix(path.suffix + ".json")


def _write_json_atomically(path: Path, payload: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(payload, sort_keys=True))
    os.replace(tmp, path)
