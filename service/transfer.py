"""Export a store to one JSONL file and import it into another: backups, SQLite -> PostgreSQL.

The file is a header line, then one line per article with its claims exactly as stored, then
findings, entities and stored reports. Import copies claims as they are (no re-analysis), so
the target answers as the source did. The target assigns its own claim ids; findings restored
with the corpus have their evidence pointed at those ids. API keys are never exported: they
are credentials of one deployment, not data.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from claims.atomic import replace_atomically
from claims.index import IndexSummary
from models import Article, ArticleIn, Claim, EvidenceClaim, Finding, ItemError, Span
from models.records import Entity, StoredReport
from service.readers import ARTICLE_FIELDS
from service.storage import repo
from service.workspace import Workspace, content_hash, derive_article_id, findings_run_id

FORMAT = "parallax-export"
VERSION = 1
RECORD_TYPES = ("article", "finding", "entity", "report")
STALE_RUN = "imported-stale"  # matches no store: findings are recomputed on the next read
FINDINGS_PAGE = 500

ProgressCallback = Callable[[int, int], None]  # (articles done, articles in all)


class TransferError(ValueError):
    """The file as a whole cannot be imported: no header, or another format version."""


class Header(BaseModel):
    type: Literal["parallax-export"]
    version: int
    exported_at: datetime
    counts: dict[str, int]
    includes_findings: bool = True
    findings_current: bool = Field(
        default=False, description="The findings were made from exactly the exported claims."
    )
    findings_comparison: str | None = Field(
        default=None,
        description="The comparator and settings that made the findings "
        "(claims.compare.comparison_fingerprint): a store comparing otherwise compares again.",
    )
    analysis_version: int | None = Field(
        default=None, description="The oldest analysis the exported claims come from."
    )


class ArticleRecord(BaseModel):
    """One article line: the stored article and its claims, extractions included."""

    type: Literal["article"] = "article"
    id: str
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    published_inferred: bool = False
    title: str | None = None
    text: str
    ingested_at: datetime | None = None
    claims: list[Claim] = Field(default_factory=list)
    vector_model: str | None = Field(
        default=None, description="The embedding model of `vectors`, when they were exported."
    )
    vectors: list[str] | None = Field(
        default=None,
        description="One base64 little-endian float32 vector per claim, in the order of `claims`: "
        "a store using the same model imports them instead of embedding every claim again.",
    )


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int]
    findings_current: bool


@dataclass
class ImportSummary:
    articles_created: int = 0
    articles_skipped: int = 0
    claims: int = 0
    findings: int = 0
    entities: int = 0
    reports: int = 0
    reports_skipped: int = 0
    vectors_added: int = 0
    errors: list[ItemError] = field(default_factory=list)
    note: str | None = None  # why findings were not restored, or are recomputed anyway


@dataclass
class _Restore:
    """What the file said beyond articles, kept until every article is in."""

    claim_ids: dict[int, int] = field(default_factory=dict)  # exported -> stored, if different
    article_ids: dict[str, str] = field(default_factory=dict)  # the same, for articles
    unmatched_claims: int = 0  # claims of an already stored article that it does not have
    articles_seen: int = 0
    claims_seen: int = 0
    incomplete: bool = False  # a line other than a report was refused
    findings: list[Finding] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


# --- export ---------------------------------------------------------------------------------


def export_store(
    workspace: Workspace,
    path: Path,
    *,
    findings: bool = True,
    progress: ProgressCallback | None = None,
) -> ExportSummary:
    """Write the store to `path`; the file appears whole or not at all.

    The body is streamed to a temporary file first, so the header can give the counts of what
    was really written even while other processes ingest.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(("articles", "claims", "findings", "entities", "reports"), 0)
    body = _temporary_beside(path)
    try:
        with workspace.sessions() as session:
            total = repo.stats(session)["articles"]
            before = _findings_state(session, workspace.comparison)
            with body.open("w", encoding="utf-8") as out:
                model = workspace.pipeline.embedder_name
                for article, claims in repo.iter_articles_with_claims(session):
                    vectors = repo.claim_vectors(session, [c.id or 0 for c in claims], model=model)
                    record = _article_record(article, claims, vectors, model)
                    _write(out, record.model_dump(mode="json", exclude_none=True))
                    counts["articles"] += 1
                    counts["claims"] += len(claims)
                    if progress:
                        progress(counts["articles"], max(total, counts["articles"]))
                if findings:
                    for finding in _iter_findings(session):
                        _write(out, {"type": "finding", **finding.model_dump(mode="json")})
                        counts["findings"] += 1
                    for entity in repo.iter_entities(session):
                        _write(out, {"type": "entity", **entity.model_dump(mode="json")})
                        counts["entities"] += 1
                for report in repo.iter_reports(session):
                    _write(out, {"type": "report", **report.model_dump(mode="json")})
                    counts["reports"] += 1
            after = _findings_state(session, workspace.comparison)
        header = Header(
            type=FORMAT,
            version=VERSION,
            exported_at=datetime.now(UTC),
            counts=counts,
            includes_findings=findings,
            findings_current=findings and before == after and before[0],
            findings_comparison=workspace.comparison if findings else None,
            analysis_version=workspace.analysis_version(),
        )
        _assemble(path, header, body)
    finally:
        body.unlink(missing_ok=True)
    return ExportSummary(path=path, counts=counts, findings_current=header.findings_current)


def _findings_state(session: Session, comparison: str) -> tuple[bool, str | None, tuple[int, int]]:
    """(findings fresh, their run, claim watermark): unchanged across the export = consistent."""
    count, max_id = repo.claim_watermark(session)
    last_run = repo.last_findings_run(session)
    fresh = last_run == findings_run_id(IndexSummary(count=count, max_id=max_id), comparison)
    return fresh, last_run, (count, max_id)


def _article_record(
    article: Article, claims: list[Claim], vectors: dict[int, bytes], model: str
) -> ArticleRecord:
    """The article line; vectors only when the store has one for every claim."""
    complete = bool(claims) and all(claim.id in vectors for claim in claims)
    return ArticleRecord(
        **article.model_dump(include={*ARTICLE_FIELDS, "ingested_at", "published_inferred"}),
        claims=claims,
        vector_model=model if complete else None,
        vectors=[base64.b64encode(vectors[claim.id or 0]).decode() for claim in claims]
        if complete
        else None,
    )


def _iter_findings(session: Session) -> Iterator[Finding]:
    after: str | None = None
    while page := repo.list_findings(session, after=after, limit=FINDINGS_PAGE):
        yield from page
        after = page[-1].id


def _write(out: TextIO, record: dict[str, Any]) -> None:
    # ASCII escapes keep every line valid UTF-8, even for texts holding lone surrogates.
    out.write(json.dumps(record, separators=(",", ":")) + "\n")


def _temporary_beside(path: Path) -> Path:
    """Scratch space in the target's folder (where there is room for the export), private to
    this process (mode 0600) and removed afterwards."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    return Path(name)


def _assemble(path: Path, header: Header, body: Path) -> None:
    with (
        replace_atomically(path) as target,
        target.open("w", encoding="utf-8") as out,
        body.open(encoding="utf-8") as lines,
    ):
        _write(out, header.model_dump(mode="json"))
        shutil.copyfileobj(lines, out)


# --- import ---------------------------------------------------------------------------------


def import_store(
    workspace: Workspace, path: Path, *, progress: ProgressCallback | None = None
) -> ImportSummary:
    """Read an export into this store; importing the same file again changes nothing.

    Each article is its own transaction and a bad line is reported (file and line) while the
    rest still goes in. Findings and entities are restored only when the store then holds
    exactly the exported corpus; otherwise the comparator recomputes them on the next read.
    """
    summary = ImportSummary()
    restore = _Restore()
    with path.open("rb") as handle:
        header = read_header(path, handle.readline())
        total = header.counts.get("articles", 0)
        workspace.sync_index()  # load it now, so the count below is only what the file added
        was_empty = workspace.is_empty()
        for number, raw in enumerate(handle, start=2):
            if not raw.strip():
                continue
            kind = _import_line(workspace, path, number, raw, restore, summary)
            if kind == "article" and progress:
                progress(restore.articles_seen, max(total, restore.articles_seen))
    if header.includes_findings:
        _restore_findings(workspace, header, restore, summary)
    if summary.articles_created:
        # Claims come in as exported, analysed by whichever version made them.
        workspace.record_analysis(header.analysis_version, store_was_empty=was_empty)
    summary.vectors_added = workspace.sync_index()
    return summary


def read_header(path: Path, first_line: bytes) -> Header:
    """The first line must say what the file is; anything else is refused before any write."""
    if not first_line.strip():
        raise TransferError(f"{path} is empty: expected a file written by `parallax export`")
    try:
        record = json.loads(first_line)
    except ValueError as error:
        raise TransferError(
            f"{path}:1 is not a Parallax export header ({error}); "
            "expected a file written by `parallax export`"
        ) from error
    if not isinstance(record, dict) or record.get("type") != FORMAT:
        raise TransferError(
            f'{path}:1 is not a Parallax export header (no "type": "{FORMAT}"); '
            "expected a file written by `parallax export`"
        )
    if record.get("version") != VERSION:
        raise TransferError(
            f"{path} is export format version {record.get('version')!r}; "
            f"this Parallax reads version {VERSION}"
        )
    try:
        return Header.model_validate(record)
    except ValidationError as error:
        raise TransferError(f"{path}:1 has a damaged header: {_describe(error)}") from error


def _import_line(
    workspace: Workspace,
    path: Path,
    number: int,
    raw: bytes,
    restore: _Restore,
    summary: ImportSummary,
) -> str | None:
    """Imports one line; returns its record type, or None when the line was refused."""
    kind: str | None = None
    try:
        record = json.loads(raw.decode("utf-8"))
        if not isinstance(record, dict):
            raise ValueError("expected a JSON object with a 'type'")
        kind = record.get("type")
        if kind == "article":
            _import_article(workspace, ArticleRecord.model_validate(record), restore, summary)
        elif kind == "finding":
            restore.findings.append(Finding.model_validate(record))
        elif kind == "entity":
            restore.entities.append(Entity.model_validate(record))
        elif kind == "report":
            _import_report(workspace, StoredReport.model_validate(record), summary)
        else:
            raise ValueError(f"unknown record type {kind!r}; expected one of {RECORD_TYPES}")
    except (ValueError, SQLAlchemyError) as failure:
        restore.incomplete = restore.incomplete or kind != "report"
        summary.errors.append(ItemError(source=f"{path}:{number}", message=_describe(failure)))
        return None
    return kind


def _describe(failure: Exception) -> str:
    if isinstance(failure, UnicodeDecodeError):
        return f"not valid UTF-8 ({failure.reason})"
    if isinstance(failure, json.JSONDecodeError):
        return f"not valid JSON ({failure.msg})"
    if isinstance(failure, ValidationError):
        problems = [
            f"{'.'.join(str(part) for part in problem['loc']) or 'record'}: {problem['msg']}"
            for problem in failure.errors()[:3]
        ]
        more = failure.error_count() - len(problems)
        return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")
    if isinstance(failure, SQLAlchemyError):
        reason = getattr(failure, "orig", None) or failure
        return f"could not be stored, nothing was kept: {reason}"
    return str(failure)


def _import_article(
    workspace: Workspace, record: ArticleRecord, restore: _Restore, summary: ImportSummary
) -> None:
    """One transaction: the article with its claims as exported, unless it is already here."""
    _check_spans(record)
    article = ArticleIn.model_validate(record.model_dump(include=set(ARTICLE_FIELDS)))
    text_hash = content_hash(record.text)
    article_id = derive_article_id(article, text_hash)
    pairs: list[tuple[Claim, int | None]]
    with workspace.sessions.begin() as session:
        existing = repo.find_duplicate(
            session, article=article, article_id=article_id, content_hash=text_hash
        )
        if existing is None:
            stored, new_ids = repo.insert_article(
                session,
                article=article,
                article_id=article_id,
                content_hash=text_hash,
                claims=record.claims,
                vectors=_usable_vectors(
                    record, workspace.pipeline.embedder_name, workspace.index.dim
                ),
                vector_model=workspace.pipeline.embedder_name,
                published_inferred=record.published_inferred,
            )
            if record.ingested_at is not None:
                repo.set_ingested_at(session, article_id=stored.id, ingested_at=record.ingested_at)
            stored_id, pairs = stored.id, list(zip(record.claims, new_ids, strict=True))
        else:
            stored_id, pairs = existing.id, _matching_claims(session, existing.id, record.claims)
    restore.articles_seen += 1
    restore.claims_seen += len(record.claims)
    if existing is None:
        summary.articles_created += 1
        summary.claims += len(record.claims)
    else:
        summary.articles_skipped += 1
    if stored_id != record.id:
        restore.article_ids[record.id] = stored_id
    for claim, new_id in pairs:
        if new_id is None:
            restore.unmatched_claims += 1
        elif claim.id is not None and claim.id != new_id:
            restore.claim_ids[claim.id] = new_id


def _usable_vectors(record: ArticleRecord, model: str, dim: int) -> list[bytes] | None:
    """The exported vectors, when this store embeds with the model that made them."""
    if record.vectors is None or record.vector_model != model:
        return None
    vectors = [base64.b64decode(vector, validate=True) for vector in record.vectors]
    if len(vectors) != len(record.claims) or any(len(v) != 4 * dim for v in vectors):
        raise ValueError(
            f"article {record.id!r}: expected {len(record.claims)} vectors of {dim} float32 "
            f"values, one per claim"
        )
    return vectors


def _check_spans(record: ArticleRecord) -> None:
    """Every span must point into the article text, or evidence could not be highlighted."""
    length = len(record.text)
    for claim in record.claims:
        spans: list[Span] = [
            claim.span,
            *(quantity.span for quantity in claim.quantities),
            *(moment.span for moment in claim.dates),
            *(mention.span for mention in claim.mentions),
        ]
        for span in spans:
            if span.end > length:
                raise ValueError(
                    f"claim {claim.id} of article {record.id!r}: span {span.start}-{span.end} "
                    f"lies beyond the article text ({length} characters)"
                )


def _matching_claims(
    session: Session, article_id: str, exported: list[Claim]
) -> list[tuple[Claim, int | None]]:
    """An article already stored: find each exported claim among its claims by span and text."""
    stored = {
        (claim.span.start, claim.span.end, claim.text): claim.id
        for claim in repo.claims_for_article(session, article_id)
    }
    return [
        (claim, stored.get((claim.span.start, claim.span.end, claim.text))) for claim in exported
    ]


def _import_report(workspace: Workspace, report: StoredReport, summary: ImportSummary) -> None:
    with workspace.sessions.begin() as session:
        created = repo.restore_report(session, report)
    if created:
        summary.reports += 1
    else:
        summary.reports_skipped += 1


def _restore_findings(
    workspace: Workspace, header: Header, restore: _Restore, summary: ImportSummary
) -> None:
    """Findings describe a whole corpus: restore them only onto exactly that corpus."""
    with workspace.sessions.begin() as session:
        counts = repo.stats(session)
        exact = (
            not restore.incomplete
            and restore.unmatched_claims == 0
            and counts["articles"] == restore.articles_seen
            and counts["claims"] == restore.claims_seen
        )
        if not exact:
            summary.note = (
                "findings and entities were not restored: the store does not hold exactly the "
                "exported corpus (other articles, or refused lines); they are recomputed on the "
                "next read"
            )
            return
        count, max_id = repo.claim_watermark(session)
        current = header.findings_current and header.findings_comparison == workspace.comparison
        run_id = (
            findings_run_id(IndexSummary(count=count, max_id=max_id), workspace.comparison)
            if current
            else STALE_RUN
        )
        if header.findings_current and not current:
            summary.note = (
                f"findings were restored but were made by another comparator or other settings "
                f"({header.findings_comparison or 'unrecorded'}, this store compares as "
                f"{workspace.comparison}); they are recomputed on the next read"
            )
        findings = [_remapped(finding, restore) for finding in restore.findings]
        repo.replace_findings(session, findings, run_id=run_id)
        repo.replace_entities(session, restore.entities)
    summary.findings = len(findings)
    summary.entities = len(restore.entities)


def _remapped(finding: Finding, restore: _Restore) -> Finding:
    """The same finding, its evidence pointing at this store's claim and article ids."""
    if not restore.claim_ids and not restore.article_ids:
        return finding
    values = [
        value.model_copy(update={"claims": [_remapped_evidence(c, restore) for c in value.claims]})
        for value in finding.values
    ]
    return finding.model_copy(update={"values": values})


def _remapped_evidence(evidence: EvidenceClaim, restore: _Restore) -> EvidenceClaim:
    claim_id = evidence.claim_id
    if claim_id is not None:
        claim_id = restore.claim_ids.get(claim_id, claim_id)
    article_id = restore.article_ids.get(evidence.article_id, evidence.article_id)
    return evidence.model_copy(update={"claim_id": claim_id, "article_id": article_id})
