"""Input paths to articles. Never raises on a bad item: it yields an error naming file and line.

Formats: a `.jsonl` file (one article a line), a folder of `.txt` articles with an optional
`meta.jsonl` sidecar (`file, outlet, url, published, title`), or one `.txt` file. A `.txt`
article's id is `<folder>/<file stem>`, the same whether its folder or the file was given.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claims.clean import clean, is_blank
from models import ArticleIn, ItemError

ARTICLE_FIELDS = frozenset(ArticleIn.model_fields)
SIDECAR = "meta.jsonl"
# A sidecar line describes a file: its id comes from the file name and its text from the file.
SIDECAR_FIELDS = (ARTICLE_FIELDS - {"id", "text"}) | {"file"}


@dataclass(frozen=True)
class ReadItem:
    source: str
    article: ArticleIn


@dataclass(frozen=True)
class ReadWarning:
    message: str


Read = ReadItem | ItemError | ReadWarning


def read_path(
    path: Path, *, outlet: str | None = None, max_chars: int = 2_000_000
) -> Iterator[Read]:
    if not path.exists():
        yield ItemError(source=str(path), message="no such file or folder")
    elif path.is_dir():
        yield from _read_folder(path, outlet, max_chars)
    elif path.suffix == ".jsonl":
        yield from _read_jsonl(path, outlet, max_chars)
    elif path.suffix == ".txt":
        yield from _read_text_file(path, _text_article_id(path), {}, outlet, max_chars)
    else:
        yield ItemError(
            source=str(path), message=f"unsupported file type {path.suffix!r}: use .jsonl or .txt"
        )


def decode(raw: bytes, source: str) -> tuple[str, ReadWarning | None]:
    """UTF-8, else Windows-1252 (what most mis-encoded news text is), else with replacements."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), ReadWarning(f"{source}: not UTF-8; read as Windows-1252")
    except UnicodeDecodeError:
        return (
            raw.decode("utf-8", errors="replace"),
            ReadWarning(f"{source}: not UTF-8; undecodable bytes replaced"),
        )


def _read_jsonl(path: Path, outlet: str | None, max_chars: int) -> Iterator[Read]:
    for item in _json_lines(path, ARTICLE_FIELDS, "expected a JSON object with a 'text' field"):
        if isinstance(item, _JsonLine):
            item.record.setdefault("id", f"{path.stem}:{item.number}")
            yield from _article(item.record, item.source, outlet, max_chars)
        else:
            yield item


@dataclass(frozen=True)
class _JsonLine:
    """One line's object, with where it stands for the errors and warnings about it."""

    number: int
    source: str  # 'feed.jsonl:12'
    record: dict[str, Any]


def _json_lines(
    path: Path, known: frozenset[str], expected: str
) -> Iterator[_JsonLine | ItemError | ReadWarning]:
    """Each line's object, what is wrong with the other lines, and the fields outside `known`
    (once per file, after the lines)."""
    ignored: set[str] = set()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            line, warning = decode(raw, source)
            if warning:
                yield warning
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield ItemError(source=source, message=f"not valid JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                yield ItemError(source=source, message=expected)
                continue
            ignored |= set(record) - known
            yield _JsonLine(number=number, source=source, record=record)
    if ignored:
        yield ReadWarning(f"{path}: ignored unknown fields: {', '.join(sorted(ignored))}")


def _text_article_id(file: Path) -> str:
    """`<folder>/<file stem>`, naming the folder as the file system does: `parallax ingest .`
    or `parallax ingest note.txt` in that folder give the ids `parallax ingest ../seeds` gave,
    so re-ingesting changes nothing. Symbolic links are not followed: a linked folder keeps
    the name it is given by. A file at the root has no folder name: its stem alone."""
    folder = Path(os.path.abspath(file.parent)).name
    return f"{folder}/{file.stem}" if folder else file.stem


def _read_folder(folder: Path, outlet: str | None, max_chars: int) -> Iterator[Read]:
    sidecar: dict[str, _JsonLine] = {}
    meta_path = folder / SIDECAR
    if meta_path.exists():
        for item in _read_sidecar(meta_path):
            if isinstance(item, _JsonLine):
                sidecar[item.record["file"]] = item
            else:
                yield item
    files = sorted(folder.glob("*.txt"))
    if not files:
        batches = sorted(f.name for f in folder.glob("*.jsonl") if f.name != SIDECAR)
        hint = f" (it holds {', '.join(batches)}: give that file as the path)" if batches else ""
        yield ItemError(source=str(folder), message=f"no .txt articles in this folder{hint}")
    for name in sorted(set(sidecar) - {file.name for file in files}):
        yield ReadWarning(
            f"{meta_path}:{sidecar[name].number}: names {name!r}, but {folder} holds no such "
            ".txt file; the line was not used"
        )
    for file in files:
        described = sidecar.get(file.name)
        meta = described.record if described else {}
        yield from _read_text_file(file, _text_article_id(file), meta, outlet, max_chars)


def _read_sidecar(path: Path) -> Iterator[_JsonLine | ItemError | ReadWarning]:
    """Its records, what is wrong with the others, and the unknown fields (once, as .jsonl)."""
    expected = "expected an object with a 'file' name"
    for item in _json_lines(path, SIDECAR_FIELDS, expected):
        if not isinstance(item, _JsonLine):
            yield item
        elif not isinstance(item.record.get("file"), str):
            yield ItemError(source=item.source, message=expected)
        else:
            yield item


def _read_text_file(
    path: Path, article_id: str, meta: dict[str, Any], outlet: str | None, max_chars: int
) -> Iterator[Read]:
    source = str(path)
    if path.stat().st_size > 4 * max_chars:
        yield ItemError(
            source=source,
            message=f"{path.stat().st_size:,} bytes is over the limit of {max_chars:,} characters",
        )
        return
    text, warning = decode(path.read_bytes(), source)
    if warning:
        yield warning
    record = {key: value for key, value in meta.items() if key in ARTICLE_FIELDS}
    record.update({"id": article_id, "text": text})
    yield from _article(record, source, outlet, max_chars)


def _article(
    record: dict[str, Any], source: str, outlet: str | None, max_chars: int
) -> Iterator[Read]:
    text = record.get("text")
    if not isinstance(text, str):
        yield ItemError(source=source, message="the 'text' field is missing or not a string")
        return
    if not text.strip():
        yield ItemError(source=source, message="the article text is empty")
        return
    if is_blank(clean(text)):
        yield ItemError(source=source, message="the article is only boilerplate: no text is left")
        return
    if len(text) > max_chars:
        yield ItemError(
            source=source,
            message=f"the article has {len(text):,} characters; the limit is {max_chars:,}",
        )
        return
    fields = {key: value for key, value in record.items() if key in ARTICLE_FIELDS}
    if outlet and not fields.get("outlet"):
        fields["outlet"] = outlet
    if fields.get("id") is not None:
        fields["id"] = str(fields["id"])
    try:
        article = ArticleIn.model_validate(fields)
    except ValidationError as error:
        bad = {str(problem["loc"][0]) for problem in error.errors() if problem["loc"]}
        if bad - {"published"}:
            yield ItemError(source=source, message=f"invalid fields: {', '.join(sorted(bad))}")
            return
        yield ReadWarning(f"{source}: unreadable published date {fields['published']!r}; ignored")
        article = ArticleIn.model_validate({**fields, "published": None})
    yield ReadItem(source=source, article=article)
