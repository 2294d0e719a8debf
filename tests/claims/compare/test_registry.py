"""The detector table: the known kinds are pinned, unknown ones are refused by name."""

from __future__ import annotations

import pytest

from claims.compare import DETECTORS, get_detector
from claims.errors import UnknownDetectorError
from models import FindingKind


def test_the_registered_kinds() -> None:
    assert {kind.value for kind in DETECTORS} == {"number", "date", "name", "statement"}
    for kind in FindingKind:
        assert get_detector(kind).kind == kind


def test_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(UnknownDetectorError, match="known kinds: date, name, number, statement"):
        get_detector("sentiment")
