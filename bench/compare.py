"""Time to compare the whole ECB+ corpus, and how it grows at 1x, 4x and 16x; the time of the
nightly report over the whole corpus beside it.

Larger corpora are synthetic: copies of the real claims with shifted ids, each copy under its
own outlets and with its vectors turned by its own random rotation. A rotation keeps every
similarity inside a copy and makes copies near-orthogonal to one another, so each copy aligns
and disputes exactly as the original does, and the cost measured is that of a corpus N times
larger, not of N identical claims crowding each other out of the k nearest neighbours.
Figures' clauses are marked with their copy and embedded copy by copy, each under its copy's
rotation (`CopiedClauses`): every copy pays for its clauses as distinct texts would.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

from bench.common import offline, peak_memory_mib, print_figures, require_ecbplus
from claims import PipelineConfig
from claims.align import ClauseEmbedder
from claims.compare import find_discrepancies
from claims.corpus import Corpus
from claims.index import ClaimIndex
from service.jobs.nightly import run_report
from service.settings import Settings
from service.workspace import Workspace

COPY_MARK = "\x00copy"


class CopiedClauses:
    """Clause vectors for a scaled corpus: a clause of copy k is embedded as its original
    text and turned by copy k's rotation, as that copy's claim vectors are."""

    def __init__(self, embed: ClauseEmbedder, rotations: dict[int, np.ndarray]) -> None:
        self.embed, self.rotations = embed, rotations

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        by_copy: dict[int, list[int]] = {}
        originals: list[str] = []
        for position, text in enumerate(texts):
            original, _, copy_number = text.partition(COPY_MARK)
            originals.append(original)
            by_copy.setdefault(int(copy_number or 0), []).append(position)
        vectors = np.zeros((len(texts), len(self.rotations[0])), dtype=np.float32)
        for copy, positions in by_copy.items():
            embedded = self.embed([originals[position] for position in positions])
            vectors[positions] = embedded @ self.rotations[copy]
        return vectors


def scaled_corpus(base: Corpus, factor: int) -> tuple[Corpus, dict[int, np.ndarray]]:
    """`factor` copies of the corpus; copy k shifts claim ids by k * (max id + 1). Returns
    the rotation of each copy with it."""
    identity = np.eye(base.index.dim, dtype=np.float32)
    if factor == 1:
        return base, {0: identity}
    ids = np.array(sorted(base.claims), dtype=np.int64)
    vectors = base.index.vectors(ids.tolist())
    shift = int(ids.max()) + 1
    articles = {}
    claims = {}
    index = ClaimIndex.empty(base.index.dim)
    rng = np.random.default_rng(7)
    rotations = {0: identity}
    for copy in range(factor):
        if copy:
            rotation, _ = np.linalg.qr(rng.normal(size=(base.index.dim, base.index.dim)))
            rotations[copy] = rotation.astype(np.float32)
            turned = (vectors @ rotation).astype(np.float32)
        else:
            turned = vectors
        suffix = f"#copy{copy}" if copy else ""
        for article in base.articles.values():
            outlet = f"{article.outlet_key}{suffix}"
            articles[article.id + suffix] = article.model_copy(
                update={"id": article.id + suffix, "outlet": outlet}
            )
        for claim_id in ids.tolist():
            claim = base.claims[claim_id]
            new_id = claim_id + copy * shift
            quantities = [
                q.model_copy(update={"clause": f"{q.clause}{COPY_MARK}{copy}"})
                if copy and q.clause
                else q
                for q in claim.quantities
            ]
            claims[new_id] = claim.model_copy(
                update={
                    "id": new_id,
                    "article_id": f"{claim.article_id}{suffix}",
                    "quantities": quantities,
                }
            )
        index.add(ids + copy * shift, turned)
    return Corpus(articles=articles, claims=claims, index=index), rotations


def report_figures(workspace: Workspace) -> tuple[str, str]:
    """The report over every article: findings refreshed, built, rendered. A window other than
    a day's is written to files only, not stored (`service/jobs/nightly.py`)."""
    now = datetime(2030, 1, 1)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="parallax-report-") as out:
        report, written = run_report(
            workspace, window_start=datetime(1900, 1, 1), window_end=now, now=now, out_dir=Path(out)
        )
        html_kib = sum(path.stat().st_size for path in written if path.suffix == ".html") / 1024
    seconds = time.perf_counter() - started
    findings = sum(len(story.findings) for story in report.stories)
    return (
        "nightly report, whole corpus",
        f"{seconds:.1f} s (findings refreshed, HTML/JSON/Markdown written): "
        f"{len(report.stories)} stories, {findings} findings, HTML {html_kib:.0f} KiB",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", default="1,4,16")
    args = parser.parse_args()
    offline()
    corpus_file = require_ecbplus()
    config = PipelineConfig()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as home:
        workspace = Workspace(Settings(home=Path(home), pipeline=config))
        started = time.perf_counter()
        workspace.ingest_paths([str(corpus_file)])
        rows.append(("ingest (set-up)", f"{time.perf_counter() - started:.1f} s"))
        base = workspace.corpus()
        rows.append(report_figures(workspace))
        for factor in (int(part) for part in args.factors.split(",")):
            corpus, rotations = scaled_corpus(base, factor)
            clauses = CopiedClauses(workspace.pipeline.embed, rotations)
            started = time.perf_counter()
            findings = find_discrepancies(corpus, config, embed_clauses=clauses)
            seconds = time.perf_counter() - started
            rows.append(
                (
                    f"compare {factor}x",
                    f"{seconds:.1f} s for {len(corpus.claims):,} claims "
                    f"({len(corpus.claims) / seconds:,.0f} claims/s), {len(findings):,} findings",
                )
            )
            print_figures("compare benchmark (so far)", rows)
        # The nightly report above compared the corpus once: its clauses are remembered now,
        # as in a long-running server that refreshes after each ingest.
        started = time.perf_counter()
        findings = find_discrepancies(base, config, embed_clauses=workspace.pipeline.embed_clauses)
        rows.append(
            (
                "compare 1x, clauses remembered",
                f"{time.perf_counter() - started:.1f} s, {len(findings):,} findings",
            )
        )
        workspace.close()
    own, _ = peak_memory_mib()
    rows.append(("peak memory", f"{own:.0f} MiB"))
    print_figures("compare benchmark (ECB+, all topics, synthetic copies)", rows)


if __name__ == "__main__":
    main()
