"""Optional contradiction judge: a local cross-encoder NLI model, off by default.

No NLI model ships as a package here, so the statement detector works by rules. A user with a
model folder (any sentence-transformers CrossEncoder trained on NLI, e.g. one exported from the
hub on another machine) sets `PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH=/models/nli`
and the detector also flags aligned claims the model calls contradictory with at least
`nli_threshold` probability. The model is loaded once, on first use.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from claims.config import StatementConfig
from claims.errors import ModelUnavailableError


class NliJudge:
    def __init__(self, model_path: Path, threshold: float) -> None:
        if not model_path.is_dir():
            raise ModelUnavailableError(
                f"NLI model folder {model_path} does not exist: set "
                "PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH to a local "
                "cross-encoder folder, or unset it to use the rules alone"
            )
        self._model = _load_cross_encoder(str(model_path))
        self._threshold = threshold
        self._contradiction = _contradiction_label(self._model)

    @classmethod
    def from_config(cls, config: StatementConfig) -> NliJudge | None:
        if config.nli_model_path is None:
            return None
        return cls(config.nli_model_path, config.nli_threshold)

    def contradicts(self, premise: str, hypothesis: str) -> bool:
        logits = np.asarray(self._model.predict([(premise, hypothesis)]))[0]
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        return bool(probabilities[self._contradiction] >= self._threshold)


@cache
def _load_cross_encoder(path: str) -> Any:
    try:
        from sentence_transformers import CrossEncoder
    except ImportError as exc:  # pragma: no cover - install hint
        raise ModelUnavailableError(
            "sentence-transformers is needed for the NLI hook: pip install 'parallax[pipeline]'"
        ) from exc
    return CrossEncoder(path, device="cpu")


def _contradiction_label(model: Any) -> int:
    labels = getattr(getattr(model, "config", None), "id2label", None) or {}
    for index, label in labels.items():
        if str(label).lower().startswith("contradiction"):
            return int(index)
    return 0
