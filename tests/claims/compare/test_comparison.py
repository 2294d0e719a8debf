"""The whole comparison (`find_discrepancies`): what it tells a caller as it goes."""

from __future__ import annotations

from claims.compare import comparison_steps, find_discrepancies
from claims.config import AlignConfig, PipelineConfig
from tests.fixture_types import MakeCorpus

MINE = (
    (
        "a",
        "Metro Wire",
        "2026-04-02",
        "No one was injured in the explosion at the Kestrel Hill coal mine near Dunmore, the "
        "company said. Nine miners were killed in the blast, Inspector Margaret Hollis said.",
    ),
    (
        "b",
        "Valley Courier",
        "2026-04-02",
        "Three workers were injured in the explosion at the Kestrel Hill coal mine near "
        "Dunmore, the company said. Eleven miners were killed in the blast, Inspector "
        "Margaret Holis said.",
    ),
)


def test_progress_counts_every_step_up_to_the_announced_total(make_corpus: MakeCorpus) -> None:
    corpus = make_corpus(*MINE)
    config = PipelineConfig(align=AlignConfig(batch_size=1))  # a batch per claim
    told: list[tuple[int, int]] = []

    found = find_discrepancies(
        corpus, config, progress=lambda done, total: told.append((done, total))
    )

    total = comparison_steps(corpus, config)
    # The people, a batch per claim, the clause alignment, one step per detector.
    assert total == 1 + len(corpus.claims) + 1 + len(config.detectors.enabled)
    assert [done for done, _ in told] == list(range(1, total + 1))
    assert {announced for _, announced in told} == {total}
    assert {finding.kind.value for finding in found} == {"number", "name", "statement"}
    assert found == find_discrepancies(corpus, config)
