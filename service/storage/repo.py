"""Queries. Keyword-only functions taking a Session; callers own the transaction."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, tuple_
from sqlalchemy.orm import Session, selectinload

from models import Article, ArticleIn, Claim, Finding, FindingKind, FindingStatus
from models.records import ApiKey, Entity, StoredReport
from service.storage.tables import (
    ApiKeyRow,
    ArticleRow,
    ClaimRow,
    ClaimVectorRow,
    DateRow,
    EntityRow,
    FindingRow,
    MentionRow,
    QuantityRow,
    ReportRow,
    StateRow,
    article_model,
    article_row,
    as_naive_utc,
    claim_model,
    claim_values,
    extraction_values,
    utcnow,
)


class DuplicateIdError(ValueError):
    """An article id is already used by an article with different content."""


# --- articles and claims --------------------------------------------------------------------


def find_duplicate(
    session: Session, *, article: ArticleIn, article_id: str, content_hash: str
) -> Article | None:
    """The stored article this one repeats (same id, URL, or outlet and text), if any."""
    by_id = session.get(ArticleRow, article_id)
    if by_id is not None:
        if by_id.content_hash != content_hash and (not article.url or by_id.url != article.url):
            raise DuplicateIdError(
                f"id {article_id!r} is already used by a different article "
                f"({by_id.outlet or 'no outlet'}, {by_id.published or 'no date'}); "
                "give this one another id"
            )
        return _with_count(session, by_id)
    conditions = []
    if article.url:
        conditions.append(ArticleRow.url == article.url)
    outlet_match = (
        ArticleRow.outlet.is_(None)
        if article.outlet is None
        else ArticleRow.outlet == article.outlet
    )
    conditions.append((ArticleRow.content_hash == content_hash) & outlet_match)
    row = session.scalars(select(ArticleRow).where(or_(*conditions)).limit(1)).first()
    return _with_count(session, row) if row is not None else None


def _with_count(session: Session, row: ArticleRow) -> Article:
    count = session.scalar(select(func.count(ClaimRow.id)).where(ClaimRow.article_id == row.id))
    return article_model(row, claim_count=count or 0)


def insert_article(
    session: Session,
    *,
    article: ArticleIn,
    article_id: str,
    content_hash: str,
    claims: Sequence[Claim],
    vectors: Sequence[bytes] | None = None,
    vector_model: str = "",
    published_inferred: bool = False,
) -> tuple[Article, list[int]]:
    """Returns the stored article and the new claim ids, in the order of `claims`.

    `vectors` (one per claim, from `encode_vector`) are stored in the same transaction, so an
    article is never committed without them."""
    if vectors is not None and len(vectors) != len(claims):
        raise ValueError(f"{len(vectors)} vectors for {len(claims)} claims")
    row = article_row(
        article,
        article_id=article_id,
        content_hash=content_hash,
        published_inferred=published_inferred,
    )
    session.add(row)
    session.flush()
    ids = _insert_claims(
        session, article_id=article_id, claims=claims, vectors=vectors, vector_model=vector_model
    )
    return article_model(row, claim_count=len(ids)), ids


def replace_claims(
    session: Session,
    *,
    article_id: str,
    claims: Sequence[Claim],
    vectors: Sequence[bytes],
    vector_model: str,
) -> tuple[list[Claim], list[int]]:
    """The article's claims, with their extractions and vectors, replaced by `claims`:
    returns the claims it had and the new claim ids, in the order of `claims`."""
    if len(vectors) != len(claims):
        raise ValueError(f"{len(vectors)} vectors for {len(claims)} claims")
    old = claims_for_article(session, article_id)
    # Extractions and vectors go with their claims (ON DELETE CASCADE).
    session.execute(delete(ClaimRow).where(ClaimRow.article_id == article_id))
    ids = _insert_claims(
        session, article_id=article_id, claims=claims, vectors=vectors, vector_model=vector_model
    )
    return old, ids


def _insert_claims(
    session: Session,
    *,
    article_id: str,
    claims: Sequence[Claim],
    vectors: Sequence[bytes] | None,
    vector_model: str,
) -> list[int]:
    ids: list[int] = []
    if claims:
        ids = list(
            session.scalars(
                insert(ClaimRow).returning(ClaimRow.id, sort_by_parameter_order=True),
                [claim_values(claim, article_id=article_id) for claim in claims],
            )
        )
    children: dict[type[Any], list[dict[str, Any]]] = {QuantityRow: [], DateRow: [], MentionRow: []}
    for claim_id, claim in zip(ids, claims, strict=True):
        quantities, dates, mentions = extraction_values(claim, claim_id=claim_id)
        children[QuantityRow] += quantities
        children[DateRow] += dates
        children[MentionRow] += mentions
    for table, values in children.items():
        if values:
            session.execute(insert(table), values)
    if vectors:
        session.execute(
            insert(ClaimVectorRow),
            [
                {"claim_id": claim_id, "model": vector_model, "vector": vector}
                for claim_id, vector in zip(ids, vectors, strict=True)
            ],
        )
    return ids


def get_article(session: Session, article_id: str) -> Article | None:
    row = session.get(ArticleRow, article_id)
    return _with_count(session, row) if row is not None else None


def _claims_query() -> Any:
    return select(ClaimRow).options(
        selectinload(ClaimRow.quantities),
        selectinload(ClaimRow.dates),
        selectinload(ClaimRow.mentions),
    )


def claims_for_article(session: Session, article_id: str) -> list[Claim]:
    rows = session.scalars(
        _claims_query().where(ClaimRow.article_id == article_id).order_by(ClaimRow.start)
    )
    return [claim_model(row) for row in rows]


def iter_claims(session: Session, *, after_id: int = 0, batch: int = 2000) -> Iterator[Claim]:
    """Every claim with its extractions, in id order, a batch of rows at a time."""
    last = after_id
    while True:
        rows = list(
            session.scalars(
                _claims_query().where(ClaimRow.id > last).order_by(ClaimRow.id).limit(batch)
            )
        )
        if not rows:
            return
        for row in rows:
            yield claim_model(row)
        last = rows[-1].id
        session.expunge_all()


def claims_by_ids(session: Session, ids: Sequence[int]) -> dict[int, Claim]:
    rows = session.scalars(_claims_query().where(ClaimRow.id.in_(list(ids))))
    return {row.id: claim_model(row) for row in rows}


def claim_texts(session: Session, ids: Sequence[int]) -> dict[int, str]:
    rows = session.execute(select(ClaimRow.id, ClaimRow.text).where(ClaimRow.id.in_(list(ids))))
    return {claim_id: text for claim_id, text in rows}


def claim_vectors(session: Session, ids: Sequence[int], *, model: str) -> dict[int, bytes]:
    """Stored vectors of these claims written by `model`; claims without one are left out."""
    rows = session.execute(
        select(ClaimVectorRow.claim_id, ClaimVectorRow.vector).where(
            ClaimVectorRow.claim_id.in_(list(ids)), ClaimVectorRow.model == model
        )
    )
    return {claim_id: vector for claim_id, vector in rows}


def save_claim_vectors(session: Session, vectors: Mapping[int, bytes], *, model: str) -> None:
    """Store (or replace, e.g. after a model change) the vectors of these claims."""
    if not vectors:
        return
    session.execute(delete(ClaimVectorRow).where(ClaimVectorRow.claim_id.in_(list(vectors))))
    session.add_all(
        ClaimVectorRow(claim_id=claim_id, model=model, vector=vector)
        for claim_id, vector in vectors.items()
    )


def claim_ids(session: Session, *, after_id: int = 0) -> list[int]:
    query = select(ClaimRow.id).where(ClaimRow.id > after_id).order_by(ClaimRow.id)
    return list(session.scalars(query))


def claim_watermark(session: Session) -> tuple[int, int]:
    """(claim count, highest claim id): what the index must match."""
    count, highest = session.execute(select(func.count(ClaimRow.id), func.max(ClaimRow.id))).one()
    return int(count or 0), int(highest or 0)


def all_articles(session: Session) -> list[Article]:
    counts = dict(
        session.execute(
            select(ClaimRow.article_id, func.count(ClaimRow.id)).group_by(ClaimRow.article_id)
        ).all()
    )
    rows = session.scalars(select(ArticleRow).order_by(ArticleRow.id))
    return [article_model(row, claim_count=counts.get(row.id, 0)) for row in rows]


def has_articles(session: Session) -> bool:
    return session.scalar(select(ArticleRow.id).limit(1)) is not None


def article_ids(session: Session) -> list[str]:
    return list(session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))


def articles_by_ids(session: Session, ids: Sequence[str]) -> dict[str, Article]:
    rows = session.scalars(select(ArticleRow).where(ArticleRow.id.in_(list(ids))))
    return {row.id: article_model(row) for row in rows}


def stats(session: Session) -> dict[str, int]:
    def count(column: Any) -> int:
        return int(session.scalar(select(func.count(column))) or 0)

    outlets = session.scalar(
        select(func.count(func.distinct(func.coalesce(ArticleRow.outlet, ArticleRow.id))))
    )
    return {
        "articles": count(ArticleRow.id),
        "claims": count(ClaimRow.id),
        "outlets": int(outlets or 0),
        "quantities": count(QuantityRow.id),
        "dates": count(DateRow.id),
        "mentions": count(MentionRow.id),
    }


# --- findings and entities ------------------------------------------------------------------


def replace_findings(session: Session, findings: Sequence[Finding], *, run_id: str) -> None:
    """The comparator's latest run replaces the previous one as a whole."""
    session.execute(delete(FindingRow))
    for finding in findings:
        outlets = sorted({outlet for value in finding.values for outlet in value.outlets})
        published = [
            claim.published
            for value in finding.values
            for claim in value.claims
            if claim.published is not None
        ]
        session.add(
            FindingRow(
                id=finding.id,
                kind=finding.kind.value,
                status=finding.status.value,
                subject=finding.subject,
                confidence=finding.confidence,
                entity_id=finding.entity_id,
                outlets="|" + "|".join(outlets) + "|",
                latest_published=as_naive_utc(max(published)) if published else None,
                run_id=run_id,
                payload=finding.model_dump(mode="json"),
            )
        )
    set_state(session, "findings_run", run_id)


def list_findings(
    session: Session,
    *,
    kind: FindingKind | None = None,
    status: FindingStatus | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    since: datetime | None = None,
    after: str | None = None,
    limit: int = 50,
) -> list[Finding]:
    """Stable order by id; `after` is the cursor: the last id of the previous page."""
    query = select(FindingRow.payload).order_by(FindingRow.id).limit(limit)
    if kind is not None:
        query = query.where(FindingRow.kind == kind.value)
    if status is not None:
        query = query.where(FindingRow.status == status.value)
    if outlet is not None:
        query = query.where(FindingRow.outlets.contains(f"|{outlet}|", autoescape=True))
    if entity is not None:
        query = query.where(FindingRow.entity_id == entity)
    if since is not None:
        query = query.where(FindingRow.latest_published >= as_naive_utc(since))
    if after is not None:
        query = query.where(FindingRow.id > after)
    return [Finding.model_validate(payload) for payload in session.scalars(query)]


def last_findings_run(session: Session) -> str | None:
    return get_state(session, "findings_run")


def replace_entities(session: Session, entities: Sequence[Entity]) -> None:
    session.execute(delete(EntityRow))
    for entity in entities:
        session.add(
            EntityRow(id=entity.id, name=entity.name, payload=entity.model_dump(mode="json"))
        )


def get_entity(session: Session, entity_id: str) -> Entity | None:
    row = session.get(EntityRow, entity_id)
    return Entity.model_validate(row.payload) if row is not None else None


# --- reports --------------------------------------------------------------------------------


def save_report(session: Session, report: StoredReport) -> None:
    """One report per day: a rerun for the same day replaces it."""
    session.execute(delete(ReportRow).where(ReportRow.day == report.day))
    session.add(_report_row(report, created_at=utcnow()))


def _report_row(report: StoredReport, *, created_at: datetime) -> ReportRow:
    return ReportRow(
        id=report.id,
        day=report.day,
        window_start=report.window_start,
        window_end=report.window_end,
        created_at=created_at,
        payload=report.payload,
        html=report.html,
        markdown=report.markdown,
    )


def _report(row: ReportRow | None) -> StoredReport | None:
    if row is None:
        return None
    return StoredReport(
        id=row.id,
        day=row.day,
        window_start=row.window_start,
        window_end=row.window_end,
        created_at=row.created_at,
        payload=row.payload,
        html=row.html,
        markdown=row.markdown,
    )


def get_report(session: Session, day: date) -> StoredReport | None:
    return _report(session.scalars(select(ReportRow).where(ReportRow.day == day)).first())


def latest_report(session: Session) -> StoredReport | None:
    return _report(session.scalars(select(ReportRow).order_by(ReportRow.day.desc())).first())


def delete_reports_before(session: Session, day: date) -> int:
    result = session.execute(delete(ReportRow).where(ReportRow.day < day))
    return int(getattr(result, "rowcount", 0) or 0)


# --- API keys -------------------------------------------------------------------------------

KEY_PREFIX = "plx_"


def _hash_key(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def create_api_key(session: Session, *, name: str, scopes: Sequence[str]) -> tuple[str, ApiKey]:
    """Returns the key itself (shown once) and its record; only a hash is stored."""
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKeyRow(
        name=name, prefix=plain[:12], key_hash=_hash_key(plain), scopes=",".join(sorted(scopes))
    )
    session.add(row)
    session.flush()
    return plain, _api_key(row)


def verify_api_key(session: Session, plain: str) -> ApiKey | None:
    """The active key matching `plain`, or None. Compared by hash, in constant time."""
    digest = _hash_key(plain)
    row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == plain[:12])).first()
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.key_hash, digest):
        return None
    row.last_used_at = utcnow()
    return _api_key(row)


def revoke_api_key(session: Session, key_id: int) -> bool:
    row = session.get(ApiKeyRow, key_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def list_api_keys(session: Session) -> list[ApiKey]:
    return [_api_key(row) for row in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))]


def _api_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        name=row.name,
        prefix=row.prefix,
        scopes=[scope for scope in row.scopes.split(",") if scope],
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
    )


# --- state ----------------------------------------------------------------------------------


def get_state(session: Session, key: str) -> str | None:
    row = session.get(StateRow, key)
    return row.value if row is not None else None


def set_state(session: Session, key: str, value: str) -> None:
    row = session.get(StateRow, key)
    if row is None:
        session.add(StateRow(key=key, value=value))
    else:
        row.value = value


def delete_state(session: Session, key: str) -> None:
    session.execute(delete(StateRow).where(StateRow.key == key))


# --- export and import ----------------------------------------------------------------------


def iter_articles_with_claims(
    session: Session, *, batch: int = 100
) -> Iterator[tuple[Article, list[Claim]]]:
    """Every article with its claims (in id order), oldest first, a page of articles at a time.

    Ingest order, so claims copied into a fresh store get their ids in the same order.
    """
    last: tuple[datetime, str] | None = None
    while True:
        query = select(ArticleRow).order_by(ArticleRow.created_at, ArticleRow.id).limit(batch)
        if last is not None:
            query = query.where(tuple_(ArticleRow.created_at, ArticleRow.id) > tuple_(*last))
        rows = list(session.scalars(query))
        if not rows:
            return
        claims: dict[str, list[Claim]] = {row.id: [] for row in rows}
        claim_rows = session.scalars(
            _claims_query().where(ClaimRow.article_id.in_(list(claims))).order_by(ClaimRow.id)
        )
        for claim in claim_rows:
            claims[claim.article_id].append(claim_model(claim))
        page = [
            (article_model(row, claim_count=len(claims[row.id])), claims[row.id]) for row in rows
        ]
        last = (rows[-1].created_at, rows[-1].id)
        session.expunge_all()
        yield from page


def set_ingested_at(session: Session, *, article_id: str, ingested_at: datetime) -> None:
    """Keep an imported article's original ingest time: undated articles are reported by it."""
    row = session.get(ArticleRow, article_id)
    if row is not None:
        row.created_at = as_naive_utc(ingested_at) or row.created_at


def iter_entities(session: Session) -> Iterator[Entity]:
    for payload in session.scalars(select(EntityRow.payload).order_by(EntityRow.id)):
        yield Entity.model_validate(payload)


def iter_reports(session: Session) -> Iterator[StoredReport]:
    """One report at a time, oldest day first: each holds a whole HTML page."""
    for report_id in list(session.scalars(select(ReportRow.id).order_by(ReportRow.day))):
        report = _report(session.get(ReportRow, report_id))
        if report is not None:
            yield report
        session.expunge_all()


def restore_report(session: Session, report: StoredReport) -> bool:
    """Store a report kept elsewhere, creation time included; a day already held is kept."""
    if session.scalars(select(ReportRow.id).where(ReportRow.day == report.day)).first():
        return False
    session.add(_report_row(report, created_at=as_naive_utc(report.created_at) or utcnow()))
    return True
