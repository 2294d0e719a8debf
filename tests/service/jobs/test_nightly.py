"""The nightly report: stories ranked, evidence escaped, deterministic, atomic, in a browser."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import TypedDict

import pytest

from claims import Pipeline
from models import EvidenceClaim, Finding, FindingKind, FindingStatus, FindingValue, Span
from models.report import Report
from service.jobs.nightly import (
    build_report,
    published_when,
    render_html,
    render_json,
    render_markdown,
    report_name,
    run_report,
    write_report,
)
from service.jobs.schedule import next_run, prune, with_retries
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace
from tests.databases import fresh_database_url

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
WINDOW = {"window_start": datetime(2026, 3, 1), "window_end": datetime(2026, 4, 30)}


class Window(TypedDict):
    window_start: datetime
    window_end: datetime


DAY_WINDOW = Window(window_start=datetime(2026, 4, 2), window_end=datetime(2026, 4, 3))
NOW = datetime(2026, 5, 1, 6, 0)


@pytest.fixture(scope="module")
def demo_workspace(
    tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline, demo_corpus: Path
) -> Workspace:
    settings = Settings(
        home=tmp_path_factory.mktemp("report-home"), database_url=fresh_database_url()
    )
    workspace = Workspace(settings, pipeline=pipeline)
    workspace.ingest_paths([str(demo_corpus)])
    return workspace


def demo_report(workspace: Workspace) -> Report:
    findings = workspace.current_discrepancies()
    with workspace.sessions() as session:
        articles = {a.id: a for a in repo.all_articles(session)}
    return build_report(findings, articles, now=NOW, **WINDOW)


def test_stories_are_ranked_human_cost_first(demo_workspace: Workspace) -> None:
    report = demo_report(demo_workspace)
    assert [story.title for story in report.stories] == [
        "Four miners killed in Kestrel Hill blast",
        "Seven dead as Merrow Bridge collapses in Port Alder",
        "Port Alder council votes on river road after collapse",
    ]
    assert [story.severity for story in report.stories] == [4, 4, 2]
    first = report.stories[0]
    assert (
        first.findings[0].subject == "killed" and first.findings[0].status == FindingStatus.UPDATE
    )
    assert report.totals == {"number": 4, "date": 1, "name": 1, "statement": 3}
    (entity,) = report.entities
    assert entity.name == "Yusuf Qaradi"
    assert sum(spelling.odd for spelling in entity.spellings) == 2


def test_the_window_selects_findings(demo_workspace: Workspace) -> None:
    findings = demo_workspace.current_discrepancies()
    with demo_workspace.sessions() as session:
        articles = {a.id: a for a in repo.all_articles(session)}
    april = build_report(
        findings,
        articles,
        window_start=datetime(2026, 4, 1),
        window_end=datetime(2026, 4, 30),
        now=NOW,
    )
    assert [story.title for story in april.stories] == ["Four miners killed in Kestrel Hill blast"]


def test_a_publication_day_without_a_time_is_shown_as_the_day(demo_workspace: Workspace) -> None:
    html = render_html(demo_report(demo_workspace))
    assert "Valley Courier, 02 Apr 2026 · the mine&#39;s owner" in html
    assert "02 Apr 2026 00:00" not in html
    assert published_when(datetime(2026, 4, 2, 14, 30)) == "02 Apr 2026 14:30"


def test_same_window_and_data_give_the_same_report(demo_workspace: Workspace) -> None:
    first, second = demo_report(demo_workspace), demo_report(demo_workspace)
    assert render_json(first) == render_json(second)
    assert render_html(first) == render_html(second)
    assert render_markdown(first) == render_markdown(second)
    assert Report.model_validate_json(render_json(first)) == first


def hostile_finding() -> Finding:
    text = (
        "Police said <script>alert(1)</script> 12 people <img src=x onerror=alert(2)> were killed."
    )
    start = text.index("12")
    claim = EvidenceClaim(
        article_id="evil",
        outlet="<b>Evil Wire</b>",
        published=datetime(2026, 3, 9),
        text=text,
        span=Span(start=0, end=len(text)),
        value_span=Span(start=start, end=start + 2),
    )
    return Finding(
        id="n-evil",
        kind=FindingKind.NUMBER,
        status=FindingStatus.CONFLICT,
        subject="killed",
        values=[
            FindingValue(
                value="12", normalized="12 killed", outlets=["<b>Evil Wire</b>"], claims=[claim]
            )
        ],
        confidence=0.9,
        explanation="<script>alert(3)</script>",
    )


def test_article_text_is_escaped_in_html_and_markdown() -> None:
    from models import Article

    article = Article(
        id="evil",
        outlet="<b>Evil Wire</b>",
        published=datetime(2026, 3, 9),
        text="x",
        content_hash="x",
    )
    report = build_report([hostile_finding()], {"evil": article}, now=NOW, **WINDOW)
    html = render_html(report)
    assert "<script>" not in html and "<img" not in html and "<b>Evil" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>12</mark>" in html
    markdown = render_markdown(report)
    assert "<script>" not in markdown and "<img" not in markdown


def test_a_failed_render_leaves_no_half_report(demo_workspace: Workspace, tmp_path: Path) -> None:
    report = demo_report(demo_workspace)
    out = tmp_path / "reports"
    write_report(report, out, ["html", "json"])
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    def broken(_: Report) -> str:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_report(report, out, ["html", "json"], renderers={"html": render_html, "json": broken})
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_retries_until_a_run_succeeds() -> None:
    calls: list[int] = []
    waits: list[float] = []

    def flaky() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise OSError("database locked")

    assert with_retries(flaky, attempts=3, backoff_seconds=10, sleep=waits.append)
    assert len(calls) == 3 and waits == [10, 20]
    assert not with_retries(lambda: 1 / 0, attempts=2, backoff_seconds=1, sleep=waits.append)


def test_next_run_and_keeping_the_last_n(tmp_path: Path) -> None:
    from datetime import time

    assert next_run(datetime(2026, 5, 1, 5, 0), time(6, 0)) == datetime(2026, 5, 1, 6, 0)
    assert next_run(datetime(2026, 5, 1, 6, 0), time(6, 0)) == datetime(2026, 5, 2, 6, 0)
    for day in range(1, 6):
        for fmt in ("html", "json"):
            (tmp_path / f"parallax-report-2026-05-0{day}.{fmt}").write_text("x")
    asked_for_by_hand = tmp_path / "parallax-report-2026-01-01--2026-05-01.html"
    asked_for_by_hand.write_text("x")
    prune(tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "parallax-report-2026-01-01--2026-05-01.html",
        "parallax-report-2026-05-04.html",
        "parallax-report-2026-05-04.json",
        "parallax-report-2026-05-05.html",
        "parallax-report-2026-05-05.json",
    ]


def test_run_report_stores_and_writes(demo_workspace: Workspace, tmp_path: Path) -> None:
    report, written = run_report(
        demo_workspace, now=NOW, out_dir=tmp_path, formats=["json", "md"], **DAY_WINDOW
    )
    assert [p.name for p in written] == [
        "parallax-report-2026-04-03.json",
        "parallax-report-2026-04-03.md",
    ]
    assert json.loads(written[0].read_text())["id"] == report.id
    assert "  - Four = 4 killed (Valley Courier)" in written[1].read_text()  # as compared
    with demo_workspace.sessions() as session:
        stored = repo.latest_report(session)
    assert stored is not None and stored.id == report.id and "<!doctype html>" in stored.html


def test_another_window_neither_overwrites_nor_replaces_the_days_report(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    """`parallax report --since 2026-03-01` on the day of a nightly run: both reports stay,
    and GET /v1/reports/{day} keeps serving what the day's files hold."""
    daily, (daily_file,) = run_report(
        demo_workspace, now=NOW, out_dir=tmp_path, formats=["json"], **DAY_WINDOW
    )
    longer, (longer_file,) = run_report(
        demo_workspace,
        now=NOW,
        out_dir=tmp_path,
        formats=["json"],
        window_start=datetime(2026, 3, 1),
        window_end=DAY_WINDOW["window_end"],
    )
    assert daily_file.name == "parallax-report-2026-04-03.json"
    assert longer_file.name == "parallax-report-2026-03-01--2026-04-03.json"
    assert json.loads(daily_file.read_text())["id"] == daily.id
    assert json.loads(longer_file.read_text())["id"] == longer.id != daily.id
    assert [story.title for story in daily.stories] == ["Four miners killed in Kestrel Hill blast"]
    assert len(longer.stories) == 3
    with demo_workspace.sessions() as session:
        served = repo.get_report(session, date(2026, 4, 3))
    assert served is not None and served.id == daily.id


def test_a_window_of_times_of_day_is_named_by_both_to_the_second() -> None:
    week = build_report(
        [],
        {},
        window_start=datetime(2026, 3, 27, 6, 30, 15),
        window_end=datetime(2026, 4, 3, 6, 30, 15),
        now=NOW,
    )
    assert report_name(week) == "parallax-report-2026-03-27T063015--2026-04-03T063015"
    day = build_report(
        [],
        {},
        window_start=datetime(2026, 4, 2, 6, 30),
        window_end=datetime(2026, 4, 3, 6, 30),
        now=NOW,
    )
    assert report_name(day) == "parallax-report-2026-04-03"


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="starts at 2026-12-01 00:00:00 but ends at 2026-11-01"):
        build_report(
            [], {}, window_start=datetime(2026, 12, 1), window_end=datetime(2026, 11, 1), now=NOW
        )


def test_report_files_get_the_mode_the_umask_gives(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    """Renamed into place from a temporary file, yet as readable as a file written in place:
    a web server in the group can serve them under umask 027."""
    previous = os.umask(0o027)
    try:
        written = write_report(demo_report(demo_workspace), tmp_path, ["html", "json", "md"])
    finally:
        os.umask(previous)
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in written} == {
        "parallax-report-2026-03-01--2026-04-30.html": 0o640,
        "parallax-report-2026-03-01--2026-04-30.json": 0o640,
        "parallax-report-2026-03-01--2026-04-30.md": 0o640,
    }


@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium (installed by .ci/run)"
)
def test_report_renders_in_a_browser(demo_workspace: Workspace, tmp_path: Path) -> None:
    report = demo_report(demo_workspace)
    (html_file,) = write_report(report, tmp_path, ["html"])
    flags = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        ["/usr/bin/chromium", *flags, "--dump-dom", html_file.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert dom.count('class="story"') == 4  # three stories and the spelling table
    assert 'src="data:image/png;base64,' in dom
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "/usr/bin/chromium",
            *flags,
            "--window-size=1100,2400",
            f"--screenshot={ARTIFACTS / 'report.png'}",
            html_file.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
