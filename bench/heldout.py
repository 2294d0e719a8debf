"""Smoke run on the held-out ECB+ topics (23-45): ingest them into a fresh store, compare, and
print every finding on one line: numbers, dates and statements first, then name spellings.

The held-out topics have no labels and are never tuned on: this run is for reading what the
comparator does on stories it was not developed against (sports, product launches, other
quakes), and for seeing it run end to end. A reader judges the findings; nothing is scored.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.common import held_out_rows, offline, print_figures
from models import ArticleIn, Finding, FindingKind
from service.settings import Settings
from service.workspace import Workspace


def held_out_articles() -> list[ArticleIn]:
    fields = ArticleIn.model_fields
    return [
        ArticleIn.model_validate({name: row.get(name) for name in fields})
        for row in held_out_rows()
    ]


def one_line(finding: Finding) -> str:
    values = "; ".join(
        f"{value.value!r} ({', '.join(claim.article_id for claim in value.claims)})"
        for value in finding.values
    )
    return f"[{finding.kind.value}/{finding.status.value}] {finding.subject}: {values}"


def main() -> None:
    offline()
    articles = held_out_articles()
    with tempfile.TemporaryDirectory(prefix="parallax-heldout-") as home:
        workspace = Workspace(Settings(home=Path(home)))
        started = time.perf_counter()
        result = workspace.ingest_articles(articles, sources=[a.id or "" for a in articles])
        ingest_seconds = time.perf_counter() - started
        started = time.perf_counter()
        findings = workspace.discrepancies(limit=10_000)
        compare_seconds = time.perf_counter() - started
        workspace.close()
    by_kind = Counter(finding.kind.value for finding in findings)
    print_figures(
        "held-out smoke run (ECB+ topics 23-45, unlabelled)",
        [
            ("articles", f"{result.created} stored, {len(result.errors)} refused"),
            ("ingest", f"{ingest_seconds:.1f} s"),
            ("compare", f"{compare_seconds:.1f} s"),
            ("findings", ", ".join(f"{kind} {count}" for kind, count in sorted(by_kind.items()))),
        ],
    )
    names_last = sorted(findings, key=lambda finding: finding.kind == FindingKind.NAME)
    for finding in names_last:
        print(f"  {one_line(finding)}")


if __name__ == "__main__":
    main()
