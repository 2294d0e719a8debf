"""`parallax report` and `parallax schedule`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from service.jobs.nightly import FORMATS, is_daily, naive_utc, run_report
from service.jobs.schedule import run_nightly
from service.moments import parse_moment
from service.progress_bar import progress_bar
from service.settings import Settings
from service.workspace import Workspace

console = Console()
errors = Console(stderr=True, soft_wrap=True)


def _moment(value: str, now: datetime) -> datetime:
    try:
        return parse_moment(value, now)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _formats(value: str) -> list[str]:
    formats = [part.strip() for part in value.split(",") if part.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise typer.BadParameter(
            f"unknown format(s) {', '.join(unknown)}; use {', '.join(FORMATS)}"
        )
    return formats


def report(
    since: Annotated[str, typer.Option(help="Window start: '24h', '7d' or a date.")] = "24h",
    until: Annotated[str | None, typer.Option(help="Window end (default: now).")] = None,
    out: Annotated[Path, typer.Option(help="Folder for the report files.")] = Path("reports"),
    format: Annotated[str, typer.Option(help="Comma-separated: html,json,md.")] = "html,json,md",
) -> None:
    """Write the discrepancy report for a window. A 24-hour window (the default) is the day's
    report: files named by its end day, stored for GET /v1/reports/{day}. Another window is
    written to files named by its start and end only, so it never replaces the day's."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    end = naive_utc(_moment(until, now) if until else now)
    start = naive_utc(_moment(since, end))
    if start >= end:
        raise typer.BadParameter(
            f"the window would start at {start:%Y-%m-%d %H:%M} (--since {since}) but end at "
            f"{end:%Y-%m-%d %H:%M} (--until {until or 'now'}): give a start before the end",
            param_hint="'--since' / '--until'",
        )
    workspace = Workspace(Settings())
    try:
        with progress_bar("comparing", errors, until_told=True) as progress:
            built, written = run_report(
                workspace,
                window_start=start,
                window_end=end,
                now=now,
                out_dir=out,
                formats=_formats(format),
                progress=progress,
            )
    finally:
        workspace.close()
    console.print(f"{len(built.stories)} stories, {sum(built.totals.values())} findings")
    for path in written:
        console.print(f"  wrote {escape(str(path))}")
    if not is_daily(built):
        errors.print(
            "[yellow]note:[/yellow] not a 24-hour window, so not stored for GET /v1/reports, "
            "which serves one report a day: the files above are this report"
        )


def schedule(
    at: Annotated[str, typer.Option(help="Time of day (UTC), HH:MM.")] = "06:00",
    keep: Annotated[int, typer.Option(help="Reports to keep.")] = 30,
    out: Annotated[Path, typer.Option(help="Folder for the report files.")] = Path("reports"),
) -> None:
    """Run the report every night at --at, keeping the last --keep; failed runs are retried."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # each run's migration check
    try:
        when = clock_time.fromisoformat(at)
    except ValueError as error:
        raise typer.BadParameter(f"--at {at!r} is not HH:MM") from error

    def job(now: datetime) -> None:
        workspace = Workspace(Settings())
        try:
            run_report(
                workspace,
                window_start=now - timedelta(hours=24),
                window_end=now,
                now=now,
                out_dir=out,
            )
        finally:
            workspace.close()

    workspace = Workspace(Settings())  # a wrong setting, store or model is told now, by name
    try:
        workspace.load_models()  # kept loaded (cached) for the nightly runs
    finally:
        workspace.close()
    console.print(f"Reports every day at {when:%H:%M} UTC into {escape(str(out))}, keeping {keep}.")
    run_nightly(job, at=when, out_dir=out, keep=keep)
