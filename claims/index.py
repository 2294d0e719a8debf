"""FAISS vector index of claims, keyed by claim id, persisted atomically next to the database.

faiss is imported here and nowhere else. Vectors are L2-normalised, so inner product is cosine.

Two kinds, chosen by `IndexConfig`: "flat" (exact, `IndexIDMap2(IndexFlatIP)`) and "ivf"
(approximate, `IndexIVFScalarQuantizer` with 8-bit codes and a hashtable direct map, so it
still removes, lists and reconstructs by claim id). HNSW was not used: it cannot remove ids,
and the workspace removes orphans. The index rebuilds itself, in place, when it outgrows its
kind: `add` as the corpus grows, `load` when the configuration changed. Callers hold one lock
around every call (a rebuild takes seconds to a minute: training plus moving every vector).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from claims.atomic import replace_atomically
from claims.config import IndexConfig
from claims.errors import IndexOutOfStepError, ModelUnavailableError

if TYPE_CHECKING:
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]
    Ids = npt.NDArray[np.int64]

IndexKind = Literal["flat", "ivf"]

# Fewer vectors than this cannot train a useful IVF, and exact search over them is instant.
MIN_IVF_VECTORS = 1_000
# faiss warns below 39 training vectors per cluster.
_MIN_TRAIN_PER_LIST = 39
_MAX_NLIST = 65_536
# Vectors moved per add call while rebuilding: bounds the temporary copies.
_CHUNK = 65_536
# Fewer queries than this are searched on the calling thread alone. One claim's search over
# 12k claims takes 0.84 ms of CPU there, and 2.2 ms with OpenMP's second thread spinning
# beside it for no gain in time: a claim check's few queries, from one of several request
# threads, only spin against the others. A comparison's batches of thousands share out.
_ALONE_BELOW = 32


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as exc:  # pragma: no cover - install hint
        raise ModelUnavailableError(
            "faiss is not installed: pip install 'parallax[pipeline]'"
        ) from exc
    return faiss


def derived_nlist(count: int, config: IndexConfig) -> int:
    """IVF clusters for `count` vectors: ~4*sqrt(n), with enough training vectors for each."""
    train = max(1, min(count, config.train_size))
    wanted = config.nlist or round(4 * math.sqrt(count))
    cap = train if config.nlist else train // _MIN_TRAIN_PER_LIST
    return max(1, min(wanted, cap, _MAX_NLIST))


@contextmanager
def _openmp_threads(count: int) -> Iterator[None]:
    """faiss's OpenMP thread count for the calling thread, for the duration of one call.

    OpenMP keeps the count per thread: one set in a server's main thread never reaches its
    request threads, which start at one OpenMP thread per core."""
    faiss = _faiss()
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)


class ClaimIndex:
    """Inner-product search over claim vectors, with claim ids as FAISS ids."""

    def __init__(
        self,
        inner: Any,
        dim: int,
        config: IndexConfig | None = None,
        *,
        trained_for: int = 0,
    ) -> None:
        self._inner = inner
        self.dim = dim
        self.config = config or IndexConfig()
        # Vectors the IVF clusters were trained for (0 when flat); retraining compares with it.
        self.trained_for = 0
        if self.kind == "ivf":
            self.trained_for = trained_for or len(self)
            self._inner.nprobe = self.config.nprobe

    @classmethod
    def empty(cls, dim: int, config: IndexConfig | None = None) -> ClaimIndex:
        """Always flat: an IVF index needs vectors to train on, so it starts exact."""
        faiss = _faiss()
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dim)), dim, config)

    def __len__(self) -> int:
        return int(self._inner.ntotal)

    @property
    def kind(self) -> IndexKind:
        return "ivf" if hasattr(self._inner, "nlist") else "flat"

    @property
    def nlist(self) -> int:
        """IVF clusters; 0 for the flat index."""
        return int(self._inner.nlist) if self.kind == "ivf" else 0

    @property
    def nprobe(self) -> int:
        """IVF clusters searched per query (0 for flat); settable for a session's trade-off."""
        return int(self._inner.nprobe) if self.kind == "ivf" else 0

    @nprobe.setter
    def nprobe(self, value: int) -> None:
        if self.kind == "ivf":
            self._inner.nprobe = value

    def serialized_bytes(self) -> int:
        """Size of the index as written to disk: the memory figure the benchmark reports."""
        return int(_faiss().serialize_index(self._inner).nbytes)

    def add(self, ids: Ids | Sequence[int], vectors: Vectors) -> None:
        """Add vectors under claim ids; rebuilds first when the new total calls for IVF."""
        id_array = np.ascontiguousarray(np.asarray(ids, dtype=np.int64))
        vector_array = np.ascontiguousarray(vectors, dtype=np.float32)
        if vector_array.ndim != 2 or vector_array.shape[1] != self.dim:
            raise ValueError(f"expected vectors of shape (n, {self.dim}), got {vector_array.shape}")
        if len(id_array) != len(vector_array):
            raise ValueError(f"{len(id_array)} ids for {len(vector_array)} vectors")
        if not len(id_array):
            return
        target = self._target_kind(len(self) + len(id_array))
        if target is None:
            self._inner.add_with_ids(vector_array, id_array)
        else:
            # Build the new index from old and new vectors at once: a large first batch under
            # kind="ivf" never passes through a flat copy.
            self._rebuild(target, id_array, vector_array)

    def maybe_upgrade(self) -> bool:
        """Rebuild as the configured kind if the current one no longer fits; True if rebuilt."""
        target = self._target_kind(len(self))
        if target is None:
            return False
        self._rebuild(target, np.zeros(0, dtype=np.int64), np.zeros((0, self.dim), np.float32))
        return True

    def remove(self, ids: Ids | Sequence[int]) -> int:
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
        with _openmp_threads(1) if len(queries) < _ALONE_BELOW else nullcontext():
            scores, ids = self._inner.search(queries, k)
        return scores, ids

    def ids(self) -> Ids:
        faiss = _faiss()
        if self.kind == "flat":
            return faiss.vector_to_array(self._inner.id_map).astype(np.int64)
        # The hashtable direct map cannot be listed from Python; the inverted lists can.
        lists = self._inner.invlists
        chunks = [np.zeros(0, dtype=np.int64)]
        for list_no in range(self._inner.nlist):
            size = lists.list_size(list_no)
            if size:
                chunks.append(faiss.rev_swig_ptr(lists.get_ids(list_no), size).copy())
        return np.concatenate(chunks).astype(np.int64)

    def vectors(self, ids: Ids | Sequence[int]) -> Vectors:
        """Stored vectors for these claim ids, in the order given (decoded, for IVF)."""
        if len(ids) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        found = self._inner.reconstruct_batch(np.asarray(ids, dtype=np.int64))
        return np.asarray(found, dtype=np.float32).reshape(len(ids), self.dim)

    def summary(self) -> IndexSummary:
        id_array = self.ids()
        return IndexSummary(count=len(id_array), max_id=int(id_array.max()) if len(id_array) else 0)

    def save(self, path: Path, *, model: str) -> None:
        """Write to a temporary file and rename, so a crash never leaves half an index."""
        faiss = _faiss()
        path.parent.mkdir(parents=True, exist_ok=True)
        with replace_atomically(path) as temporary:
            faiss.write_index(self._inner, str(temporary))
        summary = self.summary()
        _write_json_atomically(
            _meta_path(path),
            {
                "dim": self.dim,
                "count": summary.count,
                "max_id": summary.max_id,
                "model": model,
                "kind": self.kind,
                "nlist": self.nlist,
                "trained_for": self.trained_for,
            },
        )

    @classmethod
    def load(cls, path: Path, *, model: str, config: IndexConfig | None = None) -> ClaimIndex:
        """Load a saved index of either kind; refuses one written by another embedding model.

        If the configuration now asks for another kind (or the IVF index outgrew its
        training), the index is rebuilt from its own vectors and written back, so the
        rebuild happens once rather than on every start.
        """
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
        index = cls(inner, int(meta["dim"]), config, trained_for=int(meta.get("trained_for", 0)))
        if index.maybe_upgrade():
            index.save(path, model=model)
        return index

    # --- rebuilding -------------------------------------------------------------------

    def _target_kind(self, count: int) -> IndexKind | None:
        """The kind to rebuild as for `count` vectors, or None to keep the index as it is."""
        config = self.config
        if config.kind == "flat":
            return "flat" if self.kind == "ivf" else None
        if self.kind == "flat":
            # auto never goes back to flat: a corpus hovering at the threshold would flap.
            floor = config.switch_at if config.kind == "auto" else MIN_IVF_VECTORS
            return "ivf" if count >= max(floor, MIN_IVF_VECTORS) else None
        # An explicit nlist applies once there are enough vectors to train that many clusters.
        if config.nlist and self.nlist != config.nlist == derived_nlist(count, config):
            return "ivf"
        grown = config.retrain_growth and count >= config.retrain_growth * self.trained_for
        return "ivf" if grown else None

    def _rebuild(self, kind: IndexKind, new_ids: Ids, new_vectors: Vectors) -> None:
        """Replace the inner index by one of `kind` holding the current plus the new vectors."""
        faiss = _faiss()
        parts = [*self._parts(), (new_ids, lambda rows: new_vectors[rows])]
        total = sum(len(part_ids) for part_ids, _ in parts)
        if kind == "flat":
            inner = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        else:
            nlist = derived_nlist(total, self.config)
            inner = faiss.IndexIVFScalarQuantizer(
                faiss.IndexFlatIP(self.dim),
                self.dim,
                nlist,
                faiss.ScalarQuantizer.QT_8bit,
                faiss.METRIC_INNER_PRODUCT,
            )
            inner.train(_sample(parts, total, min(total, self.config.train_size)))
            inner.set_direct_map_type(faiss.DirectMap.Hashtable)
            inner.nprobe = self.config.nprobe
        for part_ids, rows_of in parts:
            for start in range(0, len(part_ids), _CHUNK):
                rows = np.arange(start, min(start + _CHUNK, len(part_ids)))
                inner.add_with_ids(
                    np.ascontiguousarray(rows_of(rows), dtype=np.float32), part_ids[rows]
                )
        self._inner = inner
        self.trained_for = total if kind == "ivf" else 0

    def _parts(self) -> list[tuple[Ids, Callable[[npt.NDArray[np.int64]], Vectors]]]:
        """The stored vectors as (ids, rows -> vectors), read lazily to avoid a full copy."""
        faiss = _faiss()
        ids = self.ids()
        if not len(ids):
            return []
        if self.kind == "flat":
            flat = faiss.downcast_index(self._inner.index)
            stored = faiss.rev_swig_ptr(flat.get_xb(), len(self) * self.dim).reshape(-1, self.dim)
            return [(ids, lambda rows: stored[rows])]
        return [(ids, lambda rows: self.vectors(ids[rows]))]


def _sample(
    parts: list[tuple[Ids, Callable[[npt.NDArray[np.int64]], Vectors]]], total: int, size: int
) -> Vectors:
    """A seeded uniform sample across all parts: the same vectors train the same clusters."""
    chosen = np.sort(np.random.default_rng(0).choice(total, size=size, replace=False))
    pieces = []
    offset = 0
    for part_ids, rows_of in parts:
        inside = chosen[(chosen >= offset) & (chosen < offset + len(part_ids))] - offset
        if len(inside):
            pieces.append(np.asarray(rows_of(inside), dtype=np.float32))
        offset += len(part_ids)
    return np.ascontiguousarray(np.vstack(pieces))


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
    with replace_atomically(path) as temporary:
        temporary.write_text(json.dumps(payload, sort_keys=True))
