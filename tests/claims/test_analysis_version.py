"""Every change to what the pipeline makes of a text raises `ANALYSIS_VERSION`, and every change
to what the comparator makes of the same claims raises `COMPARISON_VERSION`.

Stores compare the version their claims come from with the code's to advise a re-analysis
(`parallax stats`), and compare again when their findings were made by another comparator; a
change that forgets to raise its version leaves stores silently stale. The fingerprint and how
to record it: `tests/claims/analysis_fingerprint.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from claims import ANALYSIS_VERSION, AnalysedArticle, Pipeline
from claims.compare import COMPARISON_VERSION
from tests.claims.analysis_fingerprint import (
    ANALYSIS_PACKAGES,
    COMPARISON_PACKAGES,
    articles,
    corpora,
    digest,
    findings_digest,
    package_versions,
    recorded,
)

RECORD = "record it with: .venv/bin/python -m tests.claims.analysis_fingerprint --write"
CORPORA = ["demo", "seeds", "ecbplus-dev"]

Analysed = Callable[[str], list[AnalysedArticle]]


@pytest.fixture(scope="module")
def analysed(pipeline: Pipeline) -> Analysed:
    """Each corpus analysed once for both fingerprints; absent corpora skip with the reason."""

    @cache
    def analyse(name: str) -> list[AnalysedArticle]:
        path = corpora()[name]
        if path is None:
            pytest.skip(f"the {name} corpus is absent: it lives in ../shared beside the project")
        return list(pipeline.analyse(articles(name, path)))

    return analyse


def _skip_unless_recorded_with(names: tuple[str, ...], key: str) -> None:
    if recorded().get(key) != package_versions(names):
        pytest.skip(
            f"packages {package_versions(names)} differ from the fingerprint's "
            f"{recorded().get(key)}: their releases move it without our code; {RECORD}"
        )


def _recorded_digest(key: str, name: str) -> str:
    digests = recorded()[key]
    assert isinstance(digests, dict)
    return str(digests[name])


def test_the_fingerprint_is_recorded_for_these_versions() -> None:
    fingerprint = recorded()
    assert fingerprint["analysis_version"] == ANALYSIS_VERSION, (
        f"ANALYSIS_VERSION is {ANALYSIS_VERSION} but the analysis fingerprint was recorded "
        f"for version {fingerprint['analysis_version']}: {RECORD}"
    )
    assert fingerprint.get("comparison_version") == COMPARISON_VERSION, (
        f"COMPARISON_VERSION is {COMPARISON_VERSION} but the fingerprint was recorded for "
        f"version {fingerprint.get('comparison_version')}: {RECORD}"
    )


@pytest.mark.parametrize("name", CORPORA)
def test_the_analysis_is_the_one_this_version_recorded(analysed: Analysed, name: str) -> None:
    claims = analysed(name)
    _skip_unless_recorded_with(ANALYSIS_PACKAGES, "packages")
    assert digest(claims) == _recorded_digest("digests", name), (
        f"what the pipeline makes of the {name} corpus changed, but ANALYSIS_VERSION is still "
        f"{ANALYSIS_VERSION}: raise it in claims/pipeline.py (stores analysed before will be "
        f"advised to run `parallax reanalyse`), then {RECORD}"
    )


@pytest.mark.parametrize("name", CORPORA)
def test_the_findings_are_the_ones_this_version_recorded(
    pipeline: Pipeline, analysed: Analysed, name: str
) -> None:
    claims = analysed(name)
    _skip_unless_recorded_with(ANALYSIS_PACKAGES, "packages")
    _skip_unless_recorded_with(COMPARISON_PACKAGES, "comparison_packages")
    if digest(claims) != _recorded_digest("digests", name):
        pytest.skip("the analysis moved: the test above names the version to raise first")
    assert findings_digest(pipeline, claims) == _recorded_digest("findings", name), (
        f"what the comparator finds in the {name} corpus changed, but COMPARISON_VERSION is "
        f"still {COMPARISON_VERSION}: raise it in claims/compare/version.py (stores compare "
        f"again on their next read), then {RECORD}"
    )
