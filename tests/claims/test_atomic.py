"""Atomic replacement: the permissions of a file written in place, the old file on failure."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.atomic import replace_atomically

HEADLINE = "Seven dead as Merrow Bridge collapses in Port Alder\n"


@pytest.fixture()
def umask_027() -> Iterator[int]:
    """A stricter umask than the usual 022, so a result of 0644 cannot pass by chance."""
    previous = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask_027: int) -> None:
    written_in_place = tmp_path / "in-place.txt"
    written_in_place.write_text(HEADLINE)
    target = tmp_path / "report.md"
    with replace_atomically(target) as temporary:
        temporary.write_text(HEADLINE)
    assert target.read_text() == HEADLINE
    assert mode(target) == mode(written_in_place) == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in-place.txt", "report.md"]


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n")
    target.chmod(0o604)
    with replace_atomically(target) as temporary:
        temporary.write_text(HEADLINE)
    assert target.read_text() == HEADLINE and mode(target) == 0o604


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n")
    with pytest.raises(RuntimeError, match="disk full"), replace_atomically(target) as temporary:
        temporary.write_text(HEADLINE[:10])
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["report.md"]
