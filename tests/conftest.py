"""Shared fixtures: the real packaged models are loaded once per test run."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.engine import make_url

from tests.databases import drop_test_databases, fresh_database_url, postgres_admin_url

if TYPE_CHECKING:
    from spacy.language import Language

    from claims import Pipeline
    from claims.corpus import Corpus
    from tests.fixture_types import ArticleRow, EcbplusCorpus, MakeCorpus

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_ROOT.parent / "shared"
SEEDS_DIR = SHARED_DIR / "corpora" / "seeds"
ECBPLUS_FILE = SHARED_DIR / "corpora" / "ecbplus" / "articles.jsonl"
DEMO_CORPUS = PROJECT_ROOT / "service" / "demo_corpus" / "articles.jsonl"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the shared corpora beside the project")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _require(SEEDS_DIR)


@pytest.fixture(scope="session")
def ecbplus_file() -> Path:
    return _require(ECBPLUS_FILE)


@pytest.fixture(scope="session")
def demo_corpus() -> Path:
    return DEMO_CORPUS


@pytest.fixture(scope="session")
def nlp() -> Language:
    from claims.config import PipelineConfig
    from claims.nlp import load_nlp

    return load_nlp(PipelineConfig().spacy_model)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The real pipeline with the packaged spaCy model and embedder."""
    from claims import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig())


def pytest_report_header() -> str:
    admin_url = postgres_admin_url()
    if admin_url is None:
        return "parallax stores: SQLite"
    return f"parallax stores: PostgreSQL at {make_url(admin_url).render_as_string()}"


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    yield
    drop_test_databases()


@pytest.fixture()
def database_url() -> str | None:
    """A fresh PostgreSQL database in the PostgreSQL pass; None (SQLite in the home) otherwise."""
    return fresh_database_url()


@pytest.fixture()
def parallax_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str | None
) -> Iterator[Path]:
    """A fresh PARALLAX_HOME (and database) per test, so tests never share a store or index."""
    home = tmp_path / "parallax-home"
    monkeypatch.setenv("PARALLAX_HOME", str(home))
    if database_url is None:
        monkeypatch.delenv("PARALLAX_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("PARALLAX_DATABASE_URL", database_url)
    yield home


@pytest.fixture(scope="session")
def make_corpus(pipeline: Pipeline) -> MakeCorpus:
    """Build an in-memory Corpus from (id, outlet, published, text) with the real pipeline."""
    from models import ArticleIn
    from tests.corpus_builder import build_corpus

    def build(*articles: ArticleRow) -> Corpus:
        return build_corpus(
            pipeline,
            (
                ArticleIn(id=article_id, outlet=outlet, published=published, text=text)
                for article_id, outlet, published, text in articles
            ),
        )

    return build


@pytest.fixture(scope="session")
def ecbplus_corpus(ecbplus_file: Path, make_corpus: MakeCorpus) -> EcbplusCorpus:
    """A Corpus of ECB+ articles by id, read from ../shared: development topics (1-22) only."""
    with ecbplus_file.open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in map(json.loads, handle)}

    def build(*article_ids: str) -> Corpus:
        for article_id in article_ids:
            assert int(article_id.split("_")[0]) <= 22, f"{article_id} is in a held-out topic"
        return make_corpus(
            *(
                (
                    article_id,
                    rows[article_id]["outlet"],
                    rows[article_id]["published"],
                    rows[article_id]["text"],
                )
                for article_id in article_ids
            )
        )

    return build
