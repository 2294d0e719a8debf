"""SQLAlchemy rows and their converters to the shared pydantic models.

Times are stored as naive UTC. Spans are two integer columns. Findings, entities and reports
keep their whole pydantic model as JSON next to the columns they are filtered by.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models import (
    Article,
    ArticleIn,
    Claim,
    DateMention,
    DatePrecision,
    Hedge,
    Mention,
    MentionLabel,
    Quantity,
    Span,
)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def as_naive_utc(moment: date | datetime | None) -> datetime | None:
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def encode_vector(vector: np.ndarray) -> bytes:
    """A claim vector as stored: little-endian float32, whatever the machine."""
    return np.asarray(vector, dtype="<f4").tobytes()


def decode_vectors(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """Stored vectors back as one (n, dim) float32 matrix."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), dim)
    return matrix.astype(np.float32)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_outlet_hash", "outlet", "content_hash"),)

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    published: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    claims: Mapped[list[ClaimRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    attribution: Mapped[str | None] = mapped_column(Text)
    is_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    predicate: Mapped[str | None] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(100))
    article: Mapped[ArticleRow] = relationship(back_populates="claims")
    quantities: Mapped[list[QuantityRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="QuantityRow.id"
    )
    dates: Mapped[list[DateRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="DateRow.id"
    )
    mentions: Mapped[list[MentionRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MentionRow.id"
    )


class QuantityRow(Base):
    __tablename__ = "quantities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(50))
    si_value: Mapped[float | None] = mapped_column(Float)
    hedge: Mapped[str] = mapped_column(String(20))
    counted: Mapped[str | None] = mapped_column(String(100), index=True)
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    clause: Mapped[str | None] = mapped_column(Text)


class DateRow(Base):
    __tablename__ = "dates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[date | None] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(10))
    relative: Mapped[bool] = mapped_column(Boolean, default=False)
    verb: Mapped[str | None] = mapped_column(String(100))


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20), index=True)
    role: Mapped[str | None] = mapped_column(String(200))


class ClaimVectorRow(Base):
    """A claim's embedding, so every worker (and a restart) completes its index without
    re-embedding. Kept apart from `claims` so reading claims never drags 1.5 kB a row along;
    `model` says which embedder wrote it, and a vector of another model is not used."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(200))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    subject: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    entity_id: Mapped[str | None] = mapped_column(String(64), index=True)
    outlets: Mapped[str] = mapped_column(Text, default="")  # "|a|b|" for LIKE filtering
    latest_published: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    run_id: Mapped[str] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    window_start: Mapped[datetime] = mapped_column(DateTime)
    window_end: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    html: Mapped[str] = mapped_column(Text)
    markdown: Mapped[str] = mapped_column(Text)


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class StateRow(Base):
    """Small key/value facts the service keeps: the last comparator run, for one."""

    __tablename__ = "service_state"
    __table_args__ = (UniqueConstraint("key"),)

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- converters -----------------------------------------------------------------------------


def article_row(
    article: ArticleIn, *, article_id: str, content_hash: str, published_inferred: bool = False
) -> ArticleRow:
    return ArticleRow(
        id=article_id,
        outlet=article.outlet,
        url=article.url,
        published=as_naive_utc(article.published),
        published_inferred=published_inferred,
        title=article.title,
        text=article.text,
        content_hash=content_hash,
    )


def article_model(row: ArticleRow, claim_count: int = 0) -> Article:
    return Article(
        id=row.id,
        outlet=row.outlet,
        url=row.url,
        published=row.published,
        published_inferred=bool(row.published_inferred),
        title=row.title,
        text=row.text,
        content_hash=row.content_hash,
        claim_count=claim_count,
        ingested_at=row.created_at,
    )


def claim_values(claim: Claim, *, article_id: str) -> dict[str, Any]:
    """One `claims` row as values for a bulk insert (ORM objects cost 3x more to store)."""
    return {
        "article_id": article_id,
        "start": claim.span.start,
        "end": claim.span.end,
        "text": claim.text,
        "attribution": claim.attribution,
        "is_quote": claim.is_quote,
        "negated": claim.negated,
        "predicate": claim.predicate,
        "subject": claim.subject,
    }


def extraction_values(
    claim: Claim, *, claim_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The claim's quantities, dates and mentions rows, for bulk inserts."""
    quantities = [
        {
            **_located(q, claim_id),
            "value": q.value,
            "high": q.high,
            "unit": q.unit,
            "si_value": q.si_value,
            "hedge": q.hedge.value,
            "counted": q.counted,
            "cumulative": q.cumulative,
            "clause": q.clause,
        }
        for q in claim.quantities
    ]
    dates = [
        {
            **_located(d, claim_id),
            "value": d.value,
            "precision": d.precision.value,
            "relative": d.relative,
            "verb": d.verb,
        }
        for d in claim.dates
    ]
    mentions = [
        {
            **_located(m, claim_id),
            "label": m.label.value,
            "role": m.role,
        }
        for m in claim.mentions
    ]
    return quantities, dates, mentions


def _located(found: Quantity | DateMention | Mention, claim_id: int) -> dict[str, Any]:
    """The columns every extraction row has: its claim, and the text and span it was read from."""
    return {
        "claim_id": claim_id,
        "text": found.text,
        "start": found.span.start,
        "end": found.span.end,
    }


def claim_model(row: ClaimRow) -> Claim:
    return Claim(
        id=row.id,
        article_id=row.article_id,
        text=row.text,
        span=Span(start=row.start, end=row.end),
        attribution=row.attribution,
        is_quote=row.is_quote,
        negated=row.negated,
        predicate=row.predicate,
        subject=row.subject,
        quantities=[
            Quantity(
                text=q.text,
                span=Span(start=q.start, end=q.end),
                value=q.value,
                high=q.high,
                unit=q.unit,
                si_value=q.si_value,
                hedge=Hedge(q.hedge),
                counted=q.counted,
                cumulative=q.cumulative,
                clause=q.clause,
            )
            for q in row.quantities
        ],
        dates=[
            DateMention(
                text=d.text,
                span=Span(start=d.start, end=d.end),
                value=d.value,
                precision=DatePrecision(d.precision),
                relative=d.relative,
                verb=d.verb,
            )
            for d in row.dates
        ],
        mentions=[
            Mention(
                text=m.text,
                span=Span(start=m.start, end=m.end),
                label=MentionLabel(m.label),
                role=m.role,
            )
            for m in row.mentions
        ],
    )
