"""The nightly discrepancy report: build it from the findings of a window, render, store.

The same window and data give the same report: stories, findings and entities are sorted,
ids are hashes of their content, and the only clock reading is the `generated_at` passed in.
Files are written to a temporary name in the same folder and renamed into place, so a failed
run never leaves half a report. A 24-hour window is the day's report, named by its end day and
stored in the database; any other window is named by its ends and kept in files only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from claims.atomic import replace_atomically
from models import Article, EvidenceClaim, Finding, FindingKind
from models.records import Spelling, StoredReport
from models.report import EntityRow, Report
from service.jobs.charts import timeline_png
from service.jobs.schedule import REPORT_PREFIX, daily_name
from service.jobs.stories import articles_of, group_stories
from service.storage import repo
from service.workspace import ProgressCallback, Workspace

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("html", "json", "md")
DAY = timedelta(hours=24)
_WHITESPACE = re.compile(r"\s+")
Renderer = Callable[[Report], str]


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def in_window(
    finding: Finding, articles: Mapping[str, Article], start: datetime, end: datetime
) -> bool:
    """A finding belongs to the window when one of its articles was published in it (articles
    without a publication date count by the time Parallax ingested them)."""
    for article_id in articles_of(finding):
        article = articles.get(article_id)
        if article is None:
            continue
        moment = article.published or article.ingested_at
        if moment is not None and start <= naive_utc(moment) < end:
            return True
    return False


def build_report(
    findings: Sequence[Finding],
    articles: Mapping[str, Article],
    *,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
) -> Report:
    start, end = naive_utc(window_start), naive_utc(window_end)
    if start >= end:
        raise ValueError(f"the window starts at {start} but ends at {end}: an empty report")
    chosen = sorted((f for f in findings if in_window(f, articles, start, end)), key=lambda f: f.id)
    stories = group_stories(chosen, articles)
    totals = {kind.value: sum(1 for f in chosen if f.kind == kind) for kind in FindingKind}
    basis = "|".join([start.isoformat(), end.isoformat(), *(f.id for f in chosen)])
    return Report(
        id="r-" + hashlib.sha256(basis.encode()).hexdigest()[:16],
        window_start=start,
        window_end=end,
        generated_at=naive_utc(now),
        totals=totals,
        stories=stories,
        entities=_entity_rows(chosen),
    )


def _entity_rows(findings: Sequence[Finding]) -> list[EntityRow]:
    rows = []
    for finding in findings:
        if finding.kind != FindingKind.NAME:
            continue
        rows.append(
            EntityRow(
                entity_id=finding.entity_id or finding.id,
                name=finding.subject,
                spellings=[
                    Spelling(
                        form=value.value,
                        count=len(value.claims),
                        outlets=value.outlets,
                        odd=value.odd,
                        variant_of=value.variant_of,
                    )
                    for value in finding.values
                ],
            )
        )
    return sorted(rows, key=lambda row: (row.name, row.entity_id))


# --- rendering ------------------------------------------------------------------------------


def highlight(claim: EvidenceClaim) -> tuple[str, str, str]:
    """The sentence split around the disputed value; the template escapes each piece."""
    span = claim.value_span
    if span is None:
        return claim.text, "", ""
    start, end = span.start - claim.span.start, span.end - claim.span.start
    if not 0 <= start < end <= len(claim.text):
        return claim.text, "", ""
    return claim.text[:start], claim.text[start:end], claim.text[end:]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["highlight"] = highlight
    environment.globals["chart"] = timeline_png
    environment.filters["published"] = published_when
    return environment


def published_when(moment: datetime) -> str:
    """Most feeds give a publication day without a time, which is stored as midnight: such a
    day is shown as the day, not as '00:00', which would claim a time nobody gave."""
    if moment.time() == time(0):
        return f"{moment:%d %b %Y}"
    return f"{moment:%d %b %Y %H:%M}"


def render_html(report: Report) -> str:
    return _environment().get_template("report.html.j2").render(report=report)


def render_markdown(report: Report) -> str:
    markdown = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    markdown.filters["md"] = _markdown_text
    markdown.globals["highlight"] = highlight
    return markdown.get_template("report.md.j2").render(report=report)


def _markdown_text(text: str) -> str:
    """Article text cannot inject markup into an email or chat message."""
    escaped = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for char in "*_`[]|#":
        escaped = escaped.replace(char, "\\" + char)
    return _WHITESPACE.sub(" ", escaped)


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


RENDERERS: dict[str, Renderer] = {"html": render_html, "json": render_json, "md": render_markdown}


def write_report(
    report: Report,
    out_dir: Path,
    formats: Sequence[str],
    renderers: Mapping[str, Renderer] = RENDERERS,
) -> list[Path]:
    """Render every format first, then rename each into place: all or nothing per file."""
    unknown = sorted(set(formats) - set(renderers))
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(unknown)}; use {', '.join(FORMATS)}")
    rendered = {fmt: renderers[fmt](report) for fmt in formats}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, content in rendered.items():
        target = out_dir / f"{report_name(report)}.{fmt}"
        with replace_atomically(target) as temporary:
            temporary.write_text(content, encoding="utf-8")
        written.append(target)
    return written


def is_daily(report: Report) -> bool:
    """A 24-hour window, as the nightly run and `parallax report` by default cover: the one
    report of its end day, in the database and in files named by that day."""
    return report.window_end - report.window_start == DAY


def report_name(report: Report) -> str:
    """File name without the format: a daily report by its end day (a rerun for the same day
    replaces it, as in the database), any other window by both ends, so it never overwrites
    the day's report nor another window's."""
    if is_daily(report):
        return daily_name(report.window_end)
    return f"{REPORT_PREFIX}{_moment_name(report.window_start)}--{_moment_name(report.window_end)}"


def _moment_name(moment: datetime) -> str:
    if moment.time() == time(0):
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%dT%H%M%S}"


def run_report(
    workspace: Workspace,
    *,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
    out_dir: Path | None = None,
    formats: Sequence[str] = FORMATS,
    progress: ProgressCallback | None = None,
) -> tuple[Report, list[Path]]:
    """Build from the workspace's current findings, write files and, for a daily report, store
    it in the database, which holds one report a day: GET /v1/reports/{day} serves what the
    files of that day hold, never a longer window that happened to end on that day."""
    findings = workspace.current_discrepancies(progress=progress)
    with workspace.sessions() as session:
        articles = {article.id: article for article in repo.all_articles(session)}
    report = build_report(
        findings, articles, window_start=window_start, window_end=window_end, now=now
    )
    if not is_daily(report):
        return report, write_report(report, out_dir, formats) if out_dir is not None else []
    html, markdown = render_html(report), render_markdown(report)
    written = write_report(report, out_dir, formats) if out_dir is not None else []
    with workspace.sessions.begin() as session:
        repo.save_report(
            session,
            StoredReport(
                id=report.id,
                day=report.window_end.date(),
                window_start=report.window_start,
                window_end=report.window_end,
                payload=report.model_dump(mode="json"),
                html=html,
                markdown=markdown,
            ),
        )
    return report, written
