"""`parallax`: the command line. Each command calls the same Workspace verbs as the API."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from models import CheckRequest, Finding, FindingKind, IngestResult
from service import transfer
from service.api.commands import PORT_OPTION, ensure_can_listen, keys_app, run_server, serve
from service.configuration import CONFIGURATION_ERRORS, configuration_problems
from service.jobs.commands import report, schedule
from service.progress_bar import progress_bar
from service.settings import Settings
from service.workspace import Workspace

DEMO_CORPUS = Path(__file__).resolve().parent / "demo_corpus" / "articles.jsonl"


class ParallaxGroup(TyperGroup):
    """Every command runs through here: a setting, model, database or home folder that is
    wrong is told in a few lines naming its PARALLAX_ variable, with exit code 1; any other
    exception is a bug and keeps its traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CONFIGURATION_ERRORS as error:
            problems = configuration_problems(error)
            if not problems:
                raise
            for problem in problems:
                errors.print(f"[red]error:[/red] {escape(problem)}", highlight=False)
            raise typer.Exit(code=1) from error


app = typer.Typer(
    cls=ParallaxGroup,
    help="Parallax: align claims across outlets and flag where they disagree.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Docstrings wrap at the code's line length: markdown joins their lines into paragraphs.
    rich_markup_mode="markdown",
)
app.command()(serve)
app.command()(report)
app.command()(schedule)
app.add_typer(keys_app, name="keys")
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one line per refused item: greppable


@contextmanager
def open_workspace() -> Iterator[Workspace]:
    workspace = Workspace(Settings())
    try:
        yield workspace
    finally:
        workspace.close()


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help=".jsonl files, folders of .txt, or .txt files")
    ],
    outlet: Annotated[str | None, typer.Option(help="Outlet for articles that name none.")] = None,
) -> None:
    """Ingest articles; re-ingesting the same article changes nothing."""
    with open_workspace() as workspace:
        result = _ingest_with_progress(workspace, [str(path) for path in paths], outlet)
    # As `parallax import`: the rest goes in, and the exit code tells a script some did not.
    _print_ingest_result(result, refused_exit_code=1)
    if result.errors:
        raise typer.Exit(code=1)


@app.command()
def reanalyse() -> None:
    """Analyse every stored article again with this version of Parallax (after an upgrade):
    claims, extractions and vectors are replaced one article at a time; findings follow."""
    with open_workspace() as workspace, progress_bar("re-analysing", errors) as progress:
        result = workspace.reanalyse(progress=progress)
    console.print(
        f"{result.articles} articles analysed again, {result.changed} of them changed; "
        f"claims {result.claims_before} -> {result.claims_after}"
    )
    for error in result.errors:
        errors.print(f"[red]kept as it was:[/red] {escape(error.source)}: {escape(error.message)}")
    if result.errors:
        raise typer.Exit(code=1)


@app.command()
def stats() -> None:
    """What the store holds, and whether the index is in step with it."""
    with open_workspace() as workspace:
        figures = workspace.stats()
    table = Table(show_header=False, box=None)
    for name, value in figures.model_dump().items():
        table.add_row(name.replace("_", " "), str(value))
    console.print(table)
    if figures.reanalyse_advised:
        errors.print(
            "[yellow]hint:[/yellow] some claims come from an older analysis than this "
            "version's; `parallax reanalyse` brings them in line"
        )


@app.command()
def discrepancies(
    kind: Annotated[FindingKind | None, typer.Option(help="Only this kind.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON array instead of a table.")
    ] = False,
    refresh: Annotated[
        bool, typer.Option(help="Recompare the corpus first (default: when it changed).")
    ] = False,
) -> None:
    """List the findings: where outlets disagree, with their evidence."""
    with (
        open_workspace() as workspace,
        progress_bar("comparing", errors, until_told=True) as progress,
    ):
        findings = workspace.current_discrepancies(refresh=refresh, kind=kind, progress=progress)
    if as_json:
        sys.stdout.write(_findings_json(findings) + "\n")
        return
    _print_findings(findings)


@app.command()
def check(
    text: Annotated[
        str, typer.Argument(help="The claim to check; '-' reads it from standard input.")
    ],
    published: Annotated[
        datetime | None, typer.Option(help="Publication date anchoring weekdays.")
    ] = None,
    outlet: Annotated[str | None, typer.Option()] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check one claim against the corpus: matches, conflicts and a verdict.

    A text of several sentences (`parallax check - < draft.txt`) is checked claim by claim."""
    if text == "-":
        text = sys.stdin.read()
    try:
        request = CheckRequest(text=text.strip(), published=published, outlet=outlet)
    except ValidationError as refused:
        problems = "; ".join(str(error["msg"]).lower() for error in refused.errors())
        errors.print(f"[red]refused:[/red] the text to check: {escape(problems)}")
        raise typer.Exit(code=2) from refused
    with open_workspace() as workspace:
        result = workspace.check(request)
        empty = workspace.is_empty()
    if empty:
        errors.print(
            "[yellow]note:[/yellow] the store holds no articles, so nothing can match: "
            "ingest some first (parallax ingest PATH)"
        )
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    console.print(f"verdict: [bold]{result.verdict.value}[/bold]")
    if len(result.claims) > 1:
        for claim, verdict in zip(result.claims, result.claim_verdicts, strict=True):
            console.print(f"  [bold]{verdict.value:<11}[/bold] {escape(claim.text)}")
    for match in result.matches:
        source = escape(match.outlet or match.article_id)
        console.print(f"  {match.similarity:.2f}  {source}: {escape(match.text)}")
    _print_findings(result.discrepancies)


@app.command()
def demo(
    serve: Annotated[bool, typer.Option(help="Serve the API afterwards.")] = True,
    host: str = "127.0.0.1",
    port: Annotated[int, PORT_OPTION] = 8000,
) -> None:
    """Load the shipped demo corpus into an empty store, show what it finds, then serve."""
    if serve:
        ensure_can_listen(host, port)  # before the ingest, not after it
    with open_workspace() as workspace:
        if workspace.is_empty():
            console.print(
                f"Empty store at {escape(str(workspace.settings.home))}: ingesting the demo corpus"
            )
            _print_ingest_result(_ingest_with_progress(workspace, [str(DEMO_CORPUS)], None))
        with progress_bar("comparing", errors, until_told=True) as progress:
            findings = workspace.current_discrepancies(progress=progress)
        figures = workspace.stats()
    console.print(
        f"{figures.articles} articles from {figures.outlets} outlets, {figures.claims} claims "
        f"({figures.indexed_vectors} indexed)"
    )
    _print_findings(findings)
    if serve:
        _serve(host, port)


@app.command("export")
def export(
    path: Annotated[Path, typer.Argument(help="The .jsonl file to write; replaced atomically.")],
    findings: Annotated[
        bool,
        typer.Option(
            "--findings/--no-findings",
            help="Include findings and name entities (the comparator can recompute them).",
        ),
    ] = True,
) -> None:
    """Write articles, claims, findings, entities and reports to one JSONL file, for backup or
    to move to another store. API keys are not exported: create new ones in the target store."""
    with open_workspace() as workspace, progress_bar("exporting", errors) as progress:
        summary = transfer.export_store(workspace, path, findings=findings, progress=progress)
    counts = summary.counts
    console.print(
        f"exported {counts['articles']} articles ({counts['claims']} claims), "
        f"{counts['findings']} findings, {counts['entities']} entities, "
        f"{counts['reports']} reports to {summary.path}"
    )


@app.command("import")
def import_(
    path: Annotated[
        Path,
        typer.Argument(help="A file written by `parallax export`.", exists=True, dir_okay=False),
    ],
) -> None:
    """Read an export into the current store (PARALLAX_HOME / PARALLAX_DATABASE_URL).

    Claims go in as exported, without re-analysis; importing the same file again changes
    nothing. A refused line is reported with its line number, the rest still goes in, and the
    exit code is 1 so a restore script notices.
    """
    try:
        with open_workspace() as workspace, progress_bar("importing", errors) as progress:
            summary = transfer.import_store(workspace, path, progress=progress)
    except transfer.TransferError as refused:
        errors.print(f"[red]refused:[/red] {escape(str(refused))}")
        raise typer.Exit(code=1) from refused
    console.print(
        f"{summary.articles_created} articles imported ({summary.claims} claims), "
        f"{summary.articles_skipped} already stored, {len(summary.errors)} lines refused; "
        f"{summary.findings} findings, {summary.entities} entities, {summary.reports} reports "
        f"restored; {summary.vectors_added} vectors indexed"
    )
    if summary.note:
        errors.print(f"[yellow]note:[/yellow] {escape(summary.note)}")
    for error in summary.errors:
        errors.print(f"[red]refused:[/red] {escape(error.source)}: {escape(error.message)}")
    if summary.errors:
        raise typer.Exit(code=1)


def _serve(host: str, port: int) -> None:
    run_server(host=host, port=port)


def _ingest_with_progress(
    workspace: Workspace, paths: list[str], outlet: str | None
) -> IngestResult:
    with progress_bar("ingesting", errors) as progress:
        return workspace.ingest_paths(paths, outlet=outlet, progress=progress)


def _print_ingest_result(result: IngestResult, refused_exit_code: int | None = None) -> None:
    created = result.created
    skipped = len(result.items) - created
    claims = sum(item.claim_count for item in result.items if item.created)
    refused = f"{len(result.errors)} refused"
    if result.errors:
        refused += " (named below; the rest went in)"
        if refused_exit_code is not None:
            refused += f", so the exit code is {refused_exit_code}"
    console.print(
        f"{created} articles ingested ({claims} claims), {skipped} already stored, {refused}"
    )
    for warning in result.warnings:
        errors.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    for error in result.errors:
        errors.print(f"[red]refused:[/red] {escape(error.source)}: {escape(error.message)}")


def _findings_json(findings: list[Finding]) -> str:
    return json.dumps([finding.model_dump(mode="json") for finding in findings], indent=2)


def _print_findings(findings: list[Finding]) -> None:
    if not findings:
        console.print("No discrepancies found.")
        return
    title = "1 discrepancy" if len(findings) == 1 else f"{len(findings)} discrepancies"
    table = Table(title=title, show_lines=True)
    table.add_column("kind")
    table.add_column("status")
    table.add_column("subject")
    table.add_column("values (outlets)")
    table.add_column("conf.", justify="right")
    for finding in findings:
        values = "\n".join(
            f"{value.as_compared()} ({', '.join(value.outlets)})" for value in finding.values
        )
        table.add_row(
            finding.kind.value,
            finding.status.value,
            escape(finding.subject),
            escape(values),
            f"{finding.confidence:.2f}",
        )
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    app()
