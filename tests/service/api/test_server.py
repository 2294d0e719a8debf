"""A real uvicorn server on 127.0.0.1, driven through the Python client and a real browser."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from models import ArticleIn
from service.client import AsyncParallaxClient, ParallaxApiError, ParallaxClient
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace
from tests.databases import fresh_database_url
from tests.servers import PROJECT_ROOT, free_port, running_server

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


Server = tuple[str, str, str]  # base URL, write key, read key


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    settings = Settings(
        home=tmp_path_factory.mktemp("server-home"), database_url=fresh_database_url()
    )
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


chromium = pytest.mark.skipif(
    not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()),
    reason="the editor page test needs Debian's chromium and chromium-driver (installed by .ci/run)",
)


@chromium
def test_editor_page_highlights_the_conflict(loaded_server: Server, tmp_path: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    base_url, _, _ = loaded_server
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
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium", ignore_errors=True)


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
