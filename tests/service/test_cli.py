"""The command line, run as a user would: ingest, stats, discrepancies, check."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app, open_workspace
from service.storage import repo

runner = CliRunner()


def test_ingest_stats_discrepancies_and_check(parallax_home: Path, demo_corpus: Path) -> None:
    ingested = runner.invoke(app, ["ingest", str(demo_corpus)])
    assert ingested.exit_code == 0, ingested.output
    assert "10 articles ingested" in ingested.output

    stats = runner.invoke(app, ["stats"])
    assert "index in step" in stats.output and "True" in stats.output

    listed = runner.invoke(app, ["discrepancies", "--kind", "number", "--json"])
    assert listed.exit_code == 0, listed.output
    findings = json.loads(listed.stdout)
    assert findings and {finding["kind"] for finding in findings} == {"number"}
    first = findings[0]
    assert {"id", "kind", "status", "subject", "values", "confidence", "explanation"} <= set(first)
    claim = first["values"][0]["claims"][0]
    assert {"article_id", "outlet", "published", "text", "span"} <= set(claim)

    table = runner.invoke(app, ["discrepancies"])
    assert "Yusuf Qaradi" in table.output

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
    assert sorted(p.name for p in out.iterdir()) == [
        "parallax-report-2026-04-30.html",
        "parallax-report-2026-04-30.json",
        "parallax-report-2026-04-30.md",
    ]
    refused = runner.invoke(app, ["report", "--format", "pdf", "--out", str(out)])
    assert refused.exit_code != 0 and "unknown format" in refused.output


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
