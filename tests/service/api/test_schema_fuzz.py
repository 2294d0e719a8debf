"""Schemathesis against our OpenAPI spec: no generated request makes the server answer 500."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from models import ArticleIn
from service.api.main import create_app
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace
from tests.databases import fresh_database_url

HOME = Path(tempfile.mkdtemp(prefix="parallax-fuzz-"))


def _app() -> tuple[FastAPI, str]:
    import shutil

    shutil.rmtree(HOME, ignore_errors=True)
    app_settings = Settings(
        home=HOME, database_url=fresh_database_url(), rate_limit_per_minute=100_000
    )
    workspace = Workspace(app_settings)
    workspace.ingest_articles(
        [
            ArticleIn(
                id="demo",
                outlet="Metro Wire",
                text="Police in Port Alder said seven people were killed on Sunday.",
            )
        ]
    )
    with workspace.sessions.begin() as session:
        key, _ = repo.create_api_key(session, name="fuzz", scopes=["read", "write"])
    workspace.close()
    return create_app(app_settings), key


APP, KEY = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def running_app() -> Iterator[None]:
    with TestClient(APP):  # runs the lifespan: the workspace is open while the cases run
        yield


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case: schemathesis.Case) -> None:
    case.headers["X-API-Key"] = KEY
    case.call_and_validate(checks=[not_a_server_error])
