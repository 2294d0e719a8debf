"""Checks on the held-out ECB+ topics (23-45), as an editor posts them: the even articles of
each topic are ingested into a fresh store, and every claim of the odd ones is posted as a
claim check (`Workspace.check`, the path `POST /v1/claims/check` takes). Every finding is
printed on one line beside the sentence posted, for reading.

`make smoke` compares whole articles with one another; a check sets one sentence, with its
own date and outlet, against the corpus, and meets rules `make smoke` never reaches (a posted
text has no lead, no article around it). Like `make smoke`, nothing here is labelled or tuned
on, and a reader judges the findings.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.console import Console

from bench.common import offline, print_figures
from bench.heldout import held_out_articles, one_line
from models import ArticleIn, Finding
from models.check import MAX_CHECK_CHARS, CheckRequest
from service.progress_bar import progress_bar
from service.settings import Settings
from service.workspace import Workspace


def split_by_topic(articles: list[ArticleIn]) -> tuple[list[ArticleIn], list[ArticleIn]]:
    """(ingested, posted): within each topic, in corpus order, alternate articles; so every
    posted story has outlets of its own in the store."""
    seen: Counter[str] = Counter()
    ingested: list[ArticleIn] = []
    posted: list[ArticleIn] = []
    for article in articles:
        topic = (article.id or "").split("_", 1)[0]
        (ingested if seen[topic] % 2 == 0 else posted).append(article)
        seen[topic] += 1
    return ingested, posted


def main() -> None:
    offline()
    ingested, posted = split_by_topic(held_out_articles())
    findings: list[tuple[ArticleIn, str, Finding]] = []
    with tempfile.TemporaryDirectory(prefix="parallax-heldout-checks-") as home:
        workspace = Workspace(Settings(home=Path(home)))
        started = time.perf_counter()
        workspace.ingest_articles(ingested, sources=[a.id or "" for a in ingested])
        ingest_seconds = time.perf_counter() - started
        to_post = [
            (article, claim.text)
            for article, analysed in zip(posted, workspace.pipeline.analyse(posted), strict=True)
            for claim in analysed.claims
        ]
        started = time.perf_counter()
        with progress_bar("checks", Console(stderr=True)) as told:
            for done, (article, text) in enumerate(to_post, start=1):
                request = CheckRequest(
                    text=text[:MAX_CHECK_CHARS], published=article.published, outlet=article.outlet
                )
                for finding in workspace.check(request).discrepancies:
                    findings.append((article, text, finding))
                told(done, len(to_post))
        check_seconds = time.perf_counter() - started
        workspace.close()
    by_kind = Counter(finding.kind.value for _, _, finding in findings)
    print_figures(
        "held-out checks (ECB+ topics 23-45: even articles stored, odd articles' claims posted)",
        [
            ("stored", f"{len(ingested)} articles in {ingest_seconds:.1f} s"),
            ("posted", f"{len(to_post)} claims of {len(posted)} articles in {check_seconds:.1f} s"),
            ("findings", ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())) or "none"),
        ],
    )
    for article, text, finding in findings:
        print(f"  {article.id}: {one_line(finding)}")
        print(f"      posted: {' '.join(text.split())[:200]}")


if __name__ == "__main__":
    main()
