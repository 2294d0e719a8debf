"""Optional contradiction judge: a local cross-encoder NLI model, off by default.

No NLI model ships as a package here, so the statement detector works by rules. A user with a
model folder (any sentence-transformers CrossEncoder trained on NLI, e.g. one exported from the
hub on another machine) sets `PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH=/models/nli`
and the detector also flags aligned claims the model calls contradictory with at least
`nli_threshold` probability, read both ways: NLI is directional, and an editor should see a
contradiction only where each sentence contradicts the other. The model is loaded once, on
first use, and judges a comparison's pairs in batches; what it said of each reading is
remembered with it (`nli_cache_readings`), so comparing again after an ingest asks it only of
new pairs (all of ECB+, 12,424 claims, gives it 7,212 pairs, 14,424 readings).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from cachetools import LRUCache

from claims.config import StatementConfig
from claims.errors import ModelUnavailableError

PATH_SETTING = "PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH"
LABEL_SETTING = "PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_CONTRADICTION_LABEL"


class NliJudge:
    def __init__(self, config: StatementConfig) -> None:
        if config.nli_model_path is None:  # the setting itself is validated as a folder
            raise ModelUnavailableError(f"no NLI model configured: set {PATH_SETTING}")
        self._loaded = _load_cross_encoder(str(config.nli_model_path), config.nli_cache_readings)
        self._threshold = config.nli_threshold
        self._batch_size = config.nli_batch_size
        self._contradiction = _contradiction_label(
            self._loaded.model, config.nli_contradiction_label, config.nli_model_path
        )

    @classmethod
    def from_config(cls, config: StatementConfig) -> NliJudge | None:
        if config.nli_model_path is None:
            return None
        return cls(config)

    def contradictions(self, pairs: Sequence[tuple[str, str]]) -> list[bool]:
        """For each (left, right): whether the model finds them contradictory both ways."""
        if not pairs:
            return []
        both_ways = [*pairs, *((right, left) for left, right in pairs)]
        forward, backward = np.split(self._contradiction_probabilities(both_ways), 2)
        return [bool(p >= self._threshold) for p in np.minimum(forward, backward)]

    def _contradiction_probabilities(
        self, pairs: Sequence[tuple[str, str]]
    ) -> npt.NDArray[np.float64]:
        logits = self._loaded.logits(pairs, self._batch_size)
        logits = logits - logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return probabilities[:, self._contradiction]


@dataclass
class _LoadedModel:
    """A cross-encoder and its logits for the readings it was asked, by (premise, hypothesis)."""

    model: Any
    remembered: LRUCache[tuple[str, str], npt.NDArray[np.float64]]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def logits(self, pairs: Sequence[tuple[str, str]], batch_size: int) -> npt.NDArray[np.float64]:
        with self.lock:
            known = {pair: self.remembered[pair] for pair in pairs if pair in self.remembered}
        missing = list(dict.fromkeys(pair for pair in pairs if pair not in known))
        if missing:
            from torch.nn import Identity

            # Raw logits whatever activation the model folder names: the softmax is ours.
            fresh = np.asarray(
                self.model.predict(
                    missing,
                    batch_size=batch_size,
                    activation_fn=Identity(),
                    show_progress_bar=False,
                ),
                dtype=np.float64,
            )
            answered = dict(zip(missing, fresh, strict=True))
            if self.remembered.maxsize:  # a cache of size 0 refuses every entry
                with self.lock:
                    self.remembered.update(answered)
            known |= answered
        return np.stack([known[pair] for pair in pairs])


@cache
def _load_cross_encoder(path: str, remembered_readings: int) -> _LoadedModel:
    try:
        from sentence_transformers import CrossEncoder
    except ImportError as exc:  # pragma: no cover - install hint
        raise ModelUnavailableError(
            "sentence-transformers is needed for the NLI hook: pip install 'parallax[pipeline]'"
        ) from exc
    try:
        model = CrossEncoder(path, device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(
            f"NLI model folder {path} holds no cross-encoder sentence-transformers can load "
            f"({exc}); point {PATH_SETTING} at one"
        ) from exc
    return _LoadedModel(model, LRUCache(maxsize=remembered_readings))


def _contradiction_label(model: Any, configured: int | None, path: Path) -> int:
    """The class the model calls contradiction: named in its config, or set by the user."""
    labels: dict[int, str] = dict(getattr(getattr(model, "config", None), "id2label", None) or {})
    if len(labels) < 2:
        raise ModelUnavailableError(
            f"NLI model folder {path} scores one label, not entailment classes: a cross-encoder "
            "trained on NLI (contradiction, entailment, neutral) is needed"
        )
    if configured is not None:
        if configured not in labels:
            raise ModelUnavailableError(
                f"{LABEL_SETTING}={configured}, but the NLI model in {path} has the labels "
                f"{sorted(labels)}"
            )
        return configured
    named = [i for i, label in labels.items() if str(label).lower().startswith("contradict")]
    if len(named) != 1:
        raise ModelUnavailableError(
            f"the NLI model in {path} does not name one contradiction label (its labels: "
            f"{labels}): set {LABEL_SETTING} to the index of its contradiction class"
        )
    return int(named[0])
