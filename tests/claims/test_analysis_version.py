"""Every change to what the pipeline makes of a text raises `ANALYSIS_VERSION`.

Stores compare the version their claims come from with the code's to advise a re-analysis
(`parallax stats`); a change that forgets to raise it leaves stores silently stale. The
fingerprint and how to record it: `tests/claims/analysis_fingerprint.py`.
"""

from __future__ import annotations

import pytest

from claims import ANALYSIS_VERSION, Pipeline
from tests.claims.analysis_fingerprint import (
    articles,
    corpora,
    digest,
    package_versions,
    recorded,
)

RECORD = "record it with: .venv/bin/python -m tests.claims.analysis_fingerprint --write"


def test_the_fingerprint_is_recorded_for_this_analysis_version() -> None:
    assert recorded()["analysis_version"] == ANALYSIS_VERSION, (
        f"ANALYSIS_VERSION is {ANALYSIS_VERSION} but the analysis fingerprint was recorded "
        f"for version {recorded()['analysis_version']}: {RECORD}"
    )


@pytest.mark.parametrize("name", ["demo", "seeds", "ecbplus-dev"])
def test_the_analysis_is_the_one_this_version_recorded(pipeline: Pipeline, name: str) -> None:
    path = corpora()[name]
    if path is None:
        pytest.skip(f"the {name} corpus is absent: it lives in ../shared beside the project")
    fingerprint = recorded()
    if fingerprint["packages"] != package_versions():
        pytest.skip(
            f"analysis packages {package_versions()} differ from the fingerprint's "
            f"{fingerprint['packages']}: their releases move it without our code; {RECORD}"
        )
    digests = fingerprint["digests"]
    assert isinstance(digests, dict)
    assert digest(pipeline, articles(name, path)) == digests[name], (
        f"what the pipeline makes of the {name} corpus changed, but ANALYSIS_VERSION is still "
        f"{ANALYSIS_VERSION}: raise it in claims/pipeline.py (stores analysed before will be "
        f"advised to run `parallax reanalyse`), then {RECORD}"
    )
