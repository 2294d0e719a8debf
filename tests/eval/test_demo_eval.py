"""The comparator on the project's own demo corpus: every planted finding, nothing else.

The full development set (demo, seeds, ECB+ topics in dev_set.py) is measured by `make eval`.
"""

from __future__ import annotations

from pathlib import Path

from claims import Pipeline
from service.settings import Settings
from service.workspace import Workspace
from tests.eval.run_eval import LABELS_DIR, load_labels, score


def test_demo_labels_are_all_found_and_nothing_else(
    parallax_home: Path, pipeline: Pipeline, demo_corpus: Path
) -> None:
    workspace = Workspace(Settings(), pipeline=pipeline)
    workspace.ingest_paths([str(demo_corpus)])
    findings = workspace.refresh_discrepancies()
    workspace.close()
    labels = load_labels(LABELS_DIR, {"demo"})
    scores, false_findings, on_must_not_flag, missed = score(findings, labels)
    assert false_findings == []
    assert on_must_not_flag == []
    assert missed == []
    assert {kind.value for kind in scores} == {"number", "date", "name", "statement"}
    # An id says what it is in a log line or a URL: 'name-...' and 'number-...' never share a prefix.
    assert all(finding.id.startswith(f"{finding.kind.value}-") for finding in findings)
