"""The comparator on the project's own demo corpus: every planted finding, nothing else.

The full development set (demo, seeds, ECB+ topics in dev_set.py) is measured by `make eval`.
"""

from __future__ import annotations

from pathlib import Path

from claims import Pipeline
from service.settings import Settings
from service.workspace import Workspace
from tests.eval.run_eval import LABELS_DIR, load_labels, recall_by_dating, score


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


def test_recall_is_split_by_whether_the_labelled_articles_are_dated() -> None:
    """The demo's labels with demo-10 taken for undated and the demo-09 / demo-10 toll missed:
    two number labels name demo-10, and one of them was found."""
    labels = load_labels(LABELS_DIR, {"demo"})
    missed = [label for label in labels if label.id == "L0004"]
    dated = {f"demo-{number:02d}" for number in range(1, 10)}
    assert recall_by_dating(labels, missed, dated) == [
        "number: all articles dated 2/2 (1.00); some undated 1/2 (0.50)",
        "date: all articles dated 1/1 (1.00); some undated 0/0 (-)",
        "name: all articles dated 1/1 (1.00); some undated 0/0 (-)",
        "statement: all articles dated 3/3 (1.00); some undated 0/0 (-)",
    ]
