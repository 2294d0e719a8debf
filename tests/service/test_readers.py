"""Readers: every bad item is named by file and line; good items still come out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from models import ItemError
from service.readers import SIDECAR, ReadItem, ReadWarning, read_path

SENTENCE = "Police in Tripoli said eleven people were killed on Monday."


def read(path: Path, **options: Any) -> tuple[list[ReadItem], list[ItemError], list[str]]:
    items, errors, warnings = [], [], []
    for item in read_path(path, **options):
        if isinstance(item, ReadItem):
            items.append(item)
        elif isinstance(item, ItemError):
            errors.append(item)
        else:
            assert isinstance(item, ReadWarning)
            warnings.append(item.message)
    return items, errors, warnings


def test_jsonl_with_missing_fields_and_a_derived_id(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": SENTENCE}) + "\n")
    (item,), errors, _ = read(feed, outlet="Metro Wire")
    assert errors == []
    assert item.article.id == "feed:1" and item.article.outlet == "Metro Wire"
    assert item.source == f"{feed}:1"


def test_jsonl_bad_lines(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok", "text": SENTENCE, "topic": 3}),
                "{not json",
                json.dumps(["a", "list"]),
                json.dumps({"id": "no-text"}),
                json.dumps({"id": "blank", "text": "  \n "}),
                json.dumps({"id": "boilerplate", "text": "By [Reuters](#)\n\nApril 19, 2019\n"}),
                json.dumps({"id": "bad-date", "text": SENTENCE, "published": "next week-ish"}),
            ]
        )
        + "\n"
    )
    items, errors, warnings = read(feed)
    assert [item.article.id for item in items] == ["ok", "bad-date"]
    assert items[1].article.published is None
    assert {error.source: error.message for error in errors} == {
        f"{feed}:2": "not valid JSON (Expecting property name enclosed in double quotes)",
        f"{feed}:3": "expected a JSON object with a 'text' field",
        f"{feed}:4": "the 'text' field is missing or not a string",
        f"{feed}:5": "the article text is empty",
        f"{feed}:6": "the article is only boilerplate: no text is left",
    }
    assert any("ignored unknown fields: topic" in warning for warning in warnings)
    assert any("unreadable published date" in warning for warning in warnings)


def test_oversized_article_names_size_and_limit(tmp_path: Path) -> None:
    feed = tmp_path / "big.jsonl"
    feed.write_text(json.dumps({"id": "big", "text": SENTENCE * 1000}) + "\n")
    _, (error,), _ = read(feed, max_chars=10_000)
    assert (
        error.message == f"the article has {len(SENTENCE) * 1000:,} characters; the limit is 10,000"
    )


def test_folder_with_sidecar(seeds_dir: Path) -> None:
    items, errors, _ = read(seeds_dir)
    assert errors == []
    by_id = {item.article.id: item.article for item in items}
    assert sorted(str(article_id) for article_id in by_id) == [f"seeds/{n:03d}" for n in range(5)]
    assert by_id["seeds/000"].outlet == "Reuters"
    assert str(by_id["seeds/001"].published) == "2019-04-09"
    assert by_id["seeds/004"].outlet is None


def test_windows_1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_bytes("Le ministre a déclaré que 40 personnes ont été tuées.".encode("cp1252"))
    (item,), _, warnings = read(path)
    assert "déclaré" in item.article.text
    assert warnings == [f"{path}: not UTF-8; read as Windows-1252"]


def test_missing_path_and_unknown_type(tmp_path: Path) -> None:
    _, (missing,), _ = read(tmp_path / "absent.jsonl")
    assert missing.message == "no such file or folder"
    odd = tmp_path / "feed.csv"
    odd.write_text("a,b\n")
    _, (unsupported,), _ = read(odd)
    assert "unsupported file type '.csv'" in unsupported.message


def test_a_folder_of_jsonl_batches_names_them(tmp_path: Path) -> None:
    """`parallax ingest service/demo_corpus` finds no .txt there: the message says which file
    to give instead."""
    (tmp_path / "articles.jsonl").write_text(json.dumps({"text": SENTENCE}) + "\n")
    _, (error,), _ = read(tmp_path)
    assert error.message == (
        "no .txt articles in this folder (it holds articles.jsonl: give that file as the path)"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    _, (nothing,), _ = read(empty)
    assert nothing.message == "no .txt articles in this folder"


def test_a_text_file_is_named_by_its_folder_however_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`parallax ingest single.txt` once stored '/single'; the id is the folder ingest's, so
    ingesting the file, its folder by any path, or `.` is one article, not several."""
    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "single.txt").write_text(SENTENCE)
    monkeypatch.chdir(wire)
    given_ways = [Path("single.txt"), Path("."), wire, wire / "single.txt", wire / ".." / "wire"]
    ids = [item.article.id for way in given_ways for item in read(way)[0]]
    assert ids == ["wire/single"] * 5


def test_a_sidecar_line_for_a_missing_file_is_named(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000.txt").write_text(SENTENCE)
    (seeds / SIDECAR).write_text(
        json.dumps({"file": "000.txt", "outlet": "Reuters"})
        + "\n"
        + json.dumps({"file": "001.txt", "outlet": "Bloomberg"})
        + "\n"
    )
    (item,), errors, warnings = read(seeds)
    assert errors == [] and item.article.outlet == "Reuters"
    assert warnings == [
        f"{seeds / SIDECAR}:2: names '001.txt', but {seeds} holds no such .txt file; "
        "the line was not used"
    ]


def test_unknown_sidecar_fields_are_named_as_for_jsonl(tmp_path: Path) -> None:
    """The seeds sidecar carries 'via'; a typo such as 'outlett' must not pass in silence."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000.txt").write_text(SENTENCE)
    (seeds / SIDECAR).write_text(
        json.dumps({"file": "000.txt", "outlett": "Reuters", "via": "themoscowtimes.com"}) + "\n"
    )
    (item,), errors, warnings = read(seeds)
    assert errors == [] and item.article.outlet is None
    assert warnings == [f"{seeds / SIDECAR}: ignored unknown fields: outlett, via"]


def test_a_sidecar_line_without_a_file_name_is_refused_not_a_crash(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000.txt").write_text(SENTENCE)
    (seeds / SIDECAR).write_bytes(
        json.dumps({"file": {"name": "000.txt"}}).encode()
        + b"\n"
        + '{"file": "000.txt", "outlet": "Le Monde diplomatique \xe9dition"}\n'.encode("cp1252")
    )
    (item,), (error,), warnings = read(seeds)
    assert error.source == f"{seeds / SIDECAR}:1"
    assert error.message == "expected an object with a 'file' name"
    assert item.article.outlet == "Le Monde diplomatique édition"
    assert warnings == [f"{seeds / SIDECAR}:2: not UTF-8; read as Windows-1252"]
