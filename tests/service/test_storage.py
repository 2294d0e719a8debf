"""Storage: migrations, idempotency keys, findings pages, API keys stored hashed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, sessionmaker

from models import (
    ArticleIn,
    Claim,
    EvidenceClaim,
    Finding,
    FindingKind,
    FindingStatus,
    FindingValue,
    Span,
)
from service.storage import db, repo
from service.storage.tables import ApiKeyRow


@pytest.fixture()
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    db.migrate(engine)
    db.migrate(engine)  # a second run is harmless
    yield db.session_factory(engine)
    engine.dispose()


ARTICLE = ArticleIn(
    id="wire-1",
    outlet="Harbour Herald",
    url="https://harbour-herald.example.test/bridge",
    text="Seven people were killed when the Merrow Bridge collapsed.",
)
CLAIM = Claim(text=ARTICLE.text, span=Span(start=0, end=len(ARTICLE.text)), predicate="kill")


def test_schema_has_every_table(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        tables = set(inspect(session.get_bind()).get_table_names())
    assert {
        "articles",
        "claims",
        "quantities",
        "dates",
        "mentions",
        "findings",
        "entities",
        "reports",
        "api_keys",
        "alembic_version",
    } <= tables


def test_duplicates_by_id_url_and_outlet_hash(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        repo.insert_article(
            session, article=ARTICLE, article_id="wire-1", content_hash="h1", claims=[CLAIM]
        )
    with sessions() as session:
        same_url = ARTICLE.model_copy(update={"id": None})
        assert (
            repo.find_duplicate(session, article=same_url, article_id="other", content_hash="h2")
            is not None
        )
        same_text = ARTICLE.model_copy(update={"id": None, "url": None})
        found = repo.find_duplicate(
            session, article=same_text, article_id="other", content_hash="h1"
        )
        assert found is not None and found.id == "wire-1" and found.claim_count == 1
        other_outlet = same_text.model_copy(update={"outlet": "Metro Wire"})
        assert (
            repo.find_duplicate(session, article=other_outlet, article_id="x", content_hash="h1")
            is None
        )
        with pytest.raises(repo.DuplicateIdError, match="wire-1"):
            repo.find_duplicate(
                session,
                article=ArticleIn(id="wire-1", text="Different."),
                article_id="wire-1",
                content_hash="h9",
            )


def test_deleting_an_article_deletes_its_claims(sessions: sessionmaker[Session]) -> None:
    from service.storage.tables import ArticleRow

    with sessions.begin() as session:
        repo.insert_article(
            session, article=ARTICLE, article_id="wire-1", content_hash="h1", claims=[CLAIM]
        )
    with sessions.begin() as session:
        session.delete(session.get(ArticleRow, "wire-1"))
    with sessions() as session:
        assert repo.claim_watermark(session) == (0, 0)


def finding(number: int, kind: FindingKind, outlet: str) -> Finding:
    evidence = EvidenceClaim(
        article_id="a", outlet=outlet, published=None, text="t", span=Span(start=0, end=1)
    )
    return Finding(
        id=f"f-{number:03d}",
        kind=kind,
        status=FindingStatus.CONFLICT,
        subject="killed",
        values=[
            FindingValue(value="7", normalized="7 killed", outlets=[outlet], claims=[evidence])
        ],
        confidence=0.9,
        explanation="x",
    )


def test_findings_filter_and_cursor_pages(sessions: sessionmaker[Session]) -> None:
    stored = [
        finding(n, FindingKind.NUMBER if n % 2 else FindingKind.DATE, f"Outlet {n % 3}")
        for n in range(10)
    ]
    with sessions.begin() as session:
        repo.replace_findings(session, stored, run_id="run-1")
    with sessions() as session:
        first = repo.list_findings(session, limit=4)
        second = repo.list_findings(session, limit=4, after=first[-1].id)
        assert [f.id for f in first + second] == [f"f-{n:03d}" for n in range(8)]
        numbers = repo.list_findings(session, kind=FindingKind.NUMBER, limit=100)
        assert all(f.kind == FindingKind.NUMBER for f in numbers) and len(numbers) == 5
        by_outlet = repo.list_findings(session, outlet="Outlet 1", limit=100)
        assert [f.id for f in by_outlet] == ["f-001", "f-004", "f-007"]
        assert repo.last_findings_run(session) == "run-1"


def test_api_keys_are_stored_hashed_and_can_be_revoked(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        plain, key = repo.create_api_key(session, name="desk", scopes=["read", "write"])
    with sessions() as session:
        stored = session.scalars(select(ApiKeyRow)).one()
        assert plain not in {stored.key_hash, stored.prefix} and stored.key_hash != plain
    with sessions.begin() as session:
        verified = repo.verify_api_key(session, plain)
        assert verified is not None and verified.scopes == ["read", "write"]
        assert repo.verify_api_key(session, plain + "x") is None
        assert repo.revoke_api_key(session, key.id)
    with sessions() as session:
        assert repo.verify_api_key(session, plain) is None
