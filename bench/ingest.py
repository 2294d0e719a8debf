"""Ingest all of ECB+ into a fresh store and compare with the bare embedding model.

Target (issue 2): end-to-end claims/s >= 0.6 x the bare model's throughput on the same
claim texts, measured in the same run. Also timed: analysing one long article (held-out ECB+
texts run together) at two lengths, which should take time in proportion to its length.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import (
    held_out_rows,
    offline,
    peak_memory_mib,
    print_figures,
    require_ecbplus,
)
from claims import PipelineConfig
from models import ArticleIn
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace

TARGET_RATIO = 0.6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--processes", type=int, default=PipelineConfig().ingest_processes, help="ingest workers"
    )
    parser.add_argument(
        "--batch-articles",
        type=int,
        default=PipelineConfig().ingest_batch_articles,
        help="articles per worker job",
    )
    args = parser.parse_args()
    offline()
    corpus = require_ecbplus()
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as home:
        config = PipelineConfig(
            ingest_processes=args.processes, ingest_batch_articles=args.batch_articles
        )
        workspace = Workspace(Settings(home=Path(home), pipeline=config))
        started = time.perf_counter()
        _ = workspace.pipeline.nlp, workspace.pipeline.embedder, workspace.index
        load_seconds = time.perf_counter() - started

        started = time.perf_counter()
        result = workspace.ingest_paths([str(corpus)])
        ingest_seconds = time.perf_counter() - started

        with workspace.sessions() as session:
            ids = repo.claim_ids(session)
            texts_by_id = repo.claim_texts(session, ids)
        texts = [texts_by_id[claim_id] for claim_id in ids]
        started = time.perf_counter()
        workspace.pipeline.embed(texts)
        bare_seconds = time.perf_counter() - started
        own_mib, child_mib = peak_memory_mib()  # before the long article, which adds its own
        long_article = long_article_seconds(workspace, (100_000, 400_000))
        long_article_mib, _ = peak_memory_mib()
        workspace.close()

    articles = result.created
    claims = len(texts)
    end_to_end = claims / ingest_seconds
    bare = claims / bare_seconds
    stages = workspace.timer.seconds
    rows = [
        ("corpus", f"{corpus} ({articles} articles stored, {len(result.errors)} refused)"),
        (
            "ingest processes",
            f"{config.ingest_processes} ({config.ingest_batch_articles} articles a job)",
        ),
        ("model load", f"{load_seconds:.1f} s"),
        ("ingest wall time", f"{ingest_seconds:.1f} s"),
        ("articles/s", f"{articles / ingest_seconds:.1f}"),
        ("claims/s end to end", f"{end_to_end:.1f} ({claims} claims)"),
        ("bare model claims/s", f"{bare:.1f} (same texts, same model, same run)"),
        ("ratio", f"{end_to_end / bare:.2f} (target >= {TARGET_RATIO})"),
        (
            "peak memory of the ingest",
            f"{own_mib:.0f} MiB (main), {child_mib:.0f} MiB (largest worker)",
        ),
    ]
    rows += [
        (f"one article of {chars:,} characters", f"{seconds:.1f} s to analyse ({found} claims)")
        for chars, (seconds, found) in long_article.items()
    ]
    rows.append(("peak memory with the long article", f"{long_article_mib:.0f} MiB (main)"))
    rows += [
        (f"stage: {name}", f"{seconds:.1f} s")
        for name, seconds in sorted(stages.items(), key=lambda item: -item[1])
    ]
    print_figures("ingest benchmark (ECB+, all topics)", rows)


def long_article_seconds(
    workspace: Workspace, lengths: tuple[int, ...]
) -> dict[int, tuple[float, int]]:
    """(seconds, claims) to parse and extract one article of each length, from held-out texts
    run together: a long text must cost its length, not its length squared."""
    text = "\n\n".join(row["text"] for row in held_out_rows())
    timings = {}
    for chars in lengths:
        article = ArticleIn(id="long", outlet="bench", published="2020-01-01", text=text[:chars])
        started = time.perf_counter()
        analysed = workspace.pipeline.analyse_one(article)
        timings[chars] = time.perf_counter() - started, len(analysed.claims)
    return timings


if __name__ == "__main__":
    main()
