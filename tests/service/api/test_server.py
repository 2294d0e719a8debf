"""A real uvicorn server on 127.0.0.1, driven through the Python client and a real browser."""

from __future__ import annotations

import asyncio
import inspect
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from models import ArticleIn, Finding
from models.records import StoredReport
from service.client import AsyncParallaxClient, FieldError, ParallaxApiError, ParallaxClient
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace
from tests.databases import fresh_database_url
from tests.servers import PROJECT_ROOT, free_port, running_server

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


Server = tuple[str, str, str]  # base URL, write key, read key


@pytest.fixture(scope="module")
def server_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(home=tmp_path_factory.mktemp("server-home"), database_url=fresh_database_url())


@pytest.fixture(scope="module")
def server(server_settings: Settings) -> Iterator[Server]:
    settings = server_settings
    workspace = Workspace(settings)
    with workspace.sessions.begin() as session:
        write_key, _ = repo.create_api_key(session, name="tests", scopes=["read", "write"])
        read_key, _ = repo.create_api_key(session, name="reader", scopes=["read"])
    workspace.close()
    with running_server(settings) as base_url:
        yield base_url, write_key, read_key


@pytest.fixture(scope="module")
def loaded_server(server: Server, demo_corpus: Path) -> Server:
    base_url, write_key, _ = server
    articles = [
        ArticleIn.model_validate_json(line) for line in demo_corpus.read_text().splitlines()
    ]
    with ParallaxClient(base_url, api_key=write_key) as client:
        result = client.ingest(articles)
        assert result.created == len(articles)
    return server


def test_client_check_and_pages(loaded_server: Server) -> None:
    base_url, _, read_key = loaded_server
    with ParallaxClient(base_url, api_key=read_key) as client:
        result = client.check(
            "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
            outlet="Evening Post",
        )
        assert result.verdict.value == "conflicting"
        assert client.health().index_in_step
        article = client.article("demo-02")
        assert article.article.outlet == "Northfield Gazette"


def test_client_raises_the_problem_detail(loaded_server: Server) -> None:
    base_url, _, read_key = loaded_server
    with ParallaxClient(base_url, api_key=read_key) as client:
        with pytest.raises(ParallaxApiError) as refused:
            client.ingest([ArticleIn(text="Police said two people were hurt in Port Alder.")])
        assert refused.value.status == 403 and "'write' scope" in refused.value.detail


def test_client_key_from_the_environment(
    loaded_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url, write_key, _ = loaded_server
    monkeypatch.setenv("PARALLAX_API_KEY", write_key)
    with ParallaxClient(base_url) as client:
        result = client.ingest(
            [
                ArticleIn(
                    id="env-key",
                    outlet="Metro Wire",
                    text="Police in Port Alder said divers found a car in the river.",
                )
            ]
        )
        assert result.items[0].article_id == "env-key"


def test_async_client(loaded_server: Server) -> None:
    base_url, _, read_key = loaded_server

    async def run() -> list[str]:
        async with AsyncParallaxClient(base_url, api_key=read_key) as client:
            return [finding.kind.value async for finding in client.discrepancies()]

    kinds = asyncio.run(run())
    assert set(kinds) == {"number", "date", "name", "statement"}


def test_client_retries_server_errors_with_backoff() -> None:
    answers = iter(
        [
            httpx.Response(503, json={"detail": "busy"}),
            httpx.Response(429, headers={"Retry-After": "0"}, json={"detail": "slow down"}),
            httpx.Response(200, json={"status": "ok"}),
        ]
    )
    transport = httpx.MockTransport(lambda request: next(answers))
    with ParallaxClient("http://parallax.test", transport=transport, backoff=0.01) as client:
        assert client.health().status == "ok"


def test_client_async_verbs_match_the_sync_ones() -> None:
    def verbs(client: type) -> dict[str, list[tuple[object, ...]]]:
        return {
            name: [
                (parameter.name, parameter.kind, parameter.default, parameter.annotation)
                for parameter in inspect.signature(member).parameters.values()
            ]
            for name, member in vars(client).items()
            if inspect.isfunction(member) and not name.startswith("_")
        }

    sync, awaited = verbs(ParallaxClient), verbs(AsyncParallaxClient)
    assert sync.pop("close") == awaited.pop("aclose")
    assert awaited == sync
    assert all(
        inspect.iscoroutinefunction(member) or inspect.isasyncgenfunction(member)
        for name, member in vars(AsyncParallaxClient).items()
        if name in awaited
    )


REPORT_DAYS = (date(2026, 3, 9), date(2026, 3, 10))


@pytest.fixture(scope="module")
def reported_server(server: Server, server_settings: Settings) -> Server:
    """Reports of two days, stored as the nightly job stores them."""
    workspace = Workspace(server_settings)
    with workspace.sessions.begin() as session:
        for day in REPORT_DAYS:
            start = datetime(day.year, day.month, day.day)
            repo.save_report(
                session,
                StoredReport(
                    id=f"report-{day.isoformat()}",
                    day=day,
                    window_start=start - timedelta(days=1),
                    window_end=start,
                    payload={"stories": []},
                    html=f"<h1>Report of {day.isoformat()}</h1>",
                    markdown=f"# Report of {day.isoformat()}",
                ),
            )
    workspace.close()
    return server


def test_client_async_reads_the_reports_as_the_sync_one(reported_server: Server) -> None:
    base_url, _, read_key = reported_server
    first, last = REPORT_DAYS

    async def run() -> tuple[StoredReport, StoredReport, StoredReport, ParallaxApiError]:
        async with AsyncParallaxClient(base_url, api_key=read_key) as client:
            latest = await client.latest_report()
            earlier = await client.report(first)
            by_moment = await client.report(datetime(2026, 3, 9, 18, 30))
            with pytest.raises(ParallaxApiError) as missing:
                await client.report(date(2020, 1, 1))
            return latest, earlier, by_moment, missing.value

    latest, earlier, by_moment, missing = asyncio.run(run())
    assert (latest.day, earlier.day, by_moment) == (last, first, earlier)
    assert missing.status == 404 and "2020-01-01" in missing.detail
    with ParallaxClient(base_url, api_key=read_key) as client:
        assert client.latest_report() == latest
        assert client.report(first) == earlier


def test_client_refuses_invalid_input_as_the_server_would(server: Server) -> None:
    base_url, _, read_key = server
    answered = httpx.post(f"{base_url}/v1/claims/check", json={"text": ""}).json()
    with ParallaxClient(base_url, api_key=read_key) as client:
        with pytest.raises(ParallaxApiError) as empty:
            client.check("")
        with pytest.raises(ParallaxApiError) as long:
            client.check("x" * 5001, outlet="Evening Post")
        with pytest.raises(ParallaxApiError) as no_id:
            client.article("")
        with pytest.raises(ParallaxApiError) as no_entity:
            client.entity("")
    refused = empty.value
    assert refused.status == answered["status"] == 422
    assert refused.detail == answered["detail"] == "The request is not valid: check text."
    assert [asdict(error) for error in refused.errors] == answered["errors"]
    assert str(refused) == (
        "422: The request is not valid: check text. (text: String should have at least 1 character)"
    )
    assert long.value.errors == (FieldError("text", "String should have at most 5000 characters"),)
    assert no_id.value.errors == (FieldError("article_id", "must not be empty"),)
    assert no_entity.value.errors == (FieldError("entity_id", "must not be empty"),)

    async def run() -> ParallaxApiError:
        async with AsyncParallaxClient(base_url, api_key=read_key) as client:
            with pytest.raises(ParallaxApiError) as refused:
                await client.check("", published=date(2026, 3, 9))
            return refused.value

    assert asyncio.run(run()).errors == refused.errors


ODD_IDS = (
    "a?b",
    "a#b",
    "wire/2026/03/merrow bridge",
    "x/../y",
    "..",
    ".",
    "100% sure",
    "a%2Fb",
    "café+crème&co=1",
)


def test_client_round_trips_ids_with_reserved_characters(loaded_server: Server) -> None:
    base_url, write_key, read_key = loaded_server
    articles = [
        ArticleIn(
            id=article_id,
            outlet="Odd Id Wire",
            text=f"Volunteers in Port Alder repainted the harbour fence, section {article_id}.",
        )
        for article_id in ODD_IDS
    ]
    with ParallaxClient(base_url, api_key=write_key) as writer:
        stored = writer.ingest(articles)
    assert [item.article_id for item in stored.items] == list(ODD_IDS)
    with ParallaxClient(base_url, api_key=read_key) as client:
        assert [client.article(article_id).article.id for article_id in ODD_IDS] == list(ODD_IDS)
        with pytest.raises(ParallaxApiError) as unknown:
            client.entity("a?b")
        named = next(finding for finding in client.discrepancies() if finding.entity_id)
        assert named.entity_id is not None and client.entity(named.entity_id).id == named.entity_id
    assert unknown.value.status == 404 and "'a?b'" in unknown.value.detail

    async def run() -> list[str]:
        async with AsyncParallaxClient(base_url, api_key=read_key) as client:
            return [(await client.article(article_id)).article.id for article_id in ODD_IDS]

    assert asyncio.run(run()) == list(ODD_IDS)


def _latest_published(finding: Finding) -> datetime | None:
    moments = [
        claim.published.astimezone(UTC).replace(tzinfo=None)
        if claim.published.tzinfo
        else claim.published
        for value in finding.values
        for claim in value.claims
        if claim.published is not None
    ]
    return max(moments, default=None)


def test_client_filters_discrepancies_by_entity_and_since(loaded_server: Server) -> None:
    base_url, _, read_key = loaded_server
    since = datetime(2026, 4, 1)
    with ParallaxClient(base_url, api_key=read_key) as client:
        everything = list(client.discrepancies())
        entity_id = next(finding.entity_id for finding in everything if finding.entity_id)
        by_entity = [finding.id for finding in client.discrepancies(entity=entity_id)]
        since_ids = [finding.id for finding in client.discrepancies(since=since)]
        since_day = [finding.id for finding in client.discrepancies(since=since.date())]
        two_hours_east = since.replace(hour=2, tzinfo=timezone(timedelta(hours=2)))
        since_aware = [finding.id for finding in client.discrepancies(since=two_hours_east)]
        numbers_since = [finding.id for finding in client.discrepancies(kind="number", since=since)]
    assert by_entity == [finding.id for finding in everything if finding.entity_id == entity_id]
    later = [
        finding
        for finding in everything
        if (latest := _latest_published(finding)) is not None and latest >= since
    ]
    assert 0 < len(later) < len(everything)
    assert since_ids == since_day == since_aware == [finding.id for finding in later]
    assert numbers_since == [finding.id for finding in later if finding.kind == "number"]

    async def run() -> tuple[list[str], list[str]]:
        async with AsyncParallaxClient(base_url, api_key=read_key) as client:
            entity = [finding.id async for finding in client.discrepancies(entity=entity_id)]
            later = [finding.id async for finding in client.discrepancies(since=since)]
            return entity, later

    assert asyncio.run(run()) == (by_entity, since_ids)


def test_client_keeps_the_field_errors_of_a_422(server: Server) -> None:
    base_url, _, read_key = server
    with ParallaxClient(base_url, api_key=read_key) as client:
        with pytest.raises(ParallaxApiError) as refused:
            next(client.discrepancies(kind="numbr"))
        with pytest.raises(ParallaxApiError) as many:
            next(
                client.discrepancies(
                    kind="numbr", status="disputed", outlet="x" * 201, entity="x" * 65
                )
            )
        with pytest.raises(ParallaxApiError) as long_id:
            client.article("x" * 201)
    problem = "Input should be 'number', 'date', 'name' or 'statement'"
    assert refused.value.status == 422
    assert refused.value.errors == (FieldError("query.kind", problem),)
    assert str(refused.value) == (
        f"422: The request is not valid: check query.kind. (query.kind: {problem})"
    )
    fields = ["query.kind", "query.status", "query.outlet", "query.entity"]
    assert [error.field for error in many.value.errors] == fields
    assert str(many.value).endswith("; and 1 more)")
    assert "query.outlet: String should have at most 200 characters" in str(many.value)
    assert long_id.value.errors == (
        FieldError("path.article_id", "String should have at most 200 characters"),
    )


chromium = pytest.mark.skipif(
    not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()),
    reason="the editor page test needs Debian's chromium and chromium-driver (installed by .ci/run)",
)


@contextmanager
def chromium_page(tmp_path: Path) -> Iterator[WebDriver]:
    """Headless Debian chromium through chromedriver, its profile removed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--window-size=1200,1400",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium", ignore_errors=True)


@chromium
def test_editor_page_highlights_the_conflict(loaded_server: Server, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    base_url, _, _ = loaded_server
    with chromium_page(tmp_path) as driver:
        driver.get(base_url + "/")
        driver.find_element(By.ID, "claim-text").send_keys(
            "The Lisbon orchestra will tour Japan in May with 80 musicians.\n"
            "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday."
        )
        driver.find_element(By.ID, "check-button").click()
        verdict = WebDriverWait(driver, 30).until(
            expected_conditions.presence_of_element_located((By.ID, "verdict"))
        )
        assert verdict.text.lower() == "conflicting"
        sentences = driver.find_elements(By.CSS_SELECTOR, "#claim-verdicts li")
        assert [item.text.split()[0].lower() for item in sentences] == [
            "unverified",
            "conflicting",
        ]
        marks = [mark.text for mark in driver.find_elements(By.CSS_SELECTOR, "#check-result mark")]
        assert "Twenty" in marks and "Twelve" in marks
        heads = [head.text for head in driver.find_elements(By.CSS_SELECTOR, ".value-head")]
        assert any(head.startswith("Twenty = 20 killed") for head in heads)  # as compared
        # Each quoted sentence carries its own source line, not the next value's.
        quotes = driver.find_elements(By.CSS_SELECTOR, "#check-result .quote")
        sources = {
            quote.find_element(By.TAG_NAME, "mark").text: quote.find_element(
                By.CSS_SELECTOR, ".source"
            ).text
            for quote in quotes
        }
        assert sources["Twenty"].startswith("posted claim")
        assert sources["Twelve"].startswith("Northfield Gazette, 2026-03-09")
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "editor-page.png"))


@chromium
def test_editor_page_asks_for_a_key_when_reads_are_closed(
    loaded_server: Server, server_settings: Settings, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    _, _, read_key = loaded_server
    closed = running_server(server_settings, PARALLAX_API_OPEN_READS="false")
    with closed as base_url, chromium_page(tmp_path) as driver:
        driver.get(base_url + "/")
        wait = WebDriverWait(driver, 30)
        refused = wait.until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#findings .error"))
        )
        assert "X-API-Key" in refused.text
        driver.find_element(By.ID, "api-key").send_keys(read_key + "\t")  # tab: 'change'
        wait.until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#findings .finding"))
        )
        driver.find_element(By.ID, "claim-text").send_keys(
            "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday."
        )
        driver.find_element(By.ID, "check-button").click()
        verdict = wait.until(expected_conditions.presence_of_element_located((By.ID, "verdict")))
        assert verdict.text.lower() == "conflicting"


def test_ctrl_c_stops_the_server_quietly(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, the embedding process too: the server shuts
    down, stops that process, and nobody prints a traceback or leaked semaphores."""
    port = free_port()
    env = {**os.environ, "PARALLAX_HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    env.pop("PARALLAX_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a process group of its own, as a terminal gives it
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    text = output.decode()
    assert "Application shutdown complete" in text
    assert "Traceback" not in text
    assert "leaked" not in text
