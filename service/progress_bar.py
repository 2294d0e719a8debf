"""The progress bar long CLI jobs show on stderr: ingest, re-analysis, transfer, comparing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(
    description: str, console: Console, *, until_told: bool = False
) -> Iterator[Callable[[int, int], None]]:
    """Yields the (done, total) callback. `until_told`: shown only once told, for work that
    may not happen (findings are compared only when stale)."""
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=None, visible=not until_told)
        yield lambda done, total: progress.update(task, completed=done, total=total, visible=True)
