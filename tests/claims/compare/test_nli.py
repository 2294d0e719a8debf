"""The optional NLI hook: a local cross-encoder folder judges the pairs the rules leave.

The models are tiny cross-encoders built per test (tests/nli_models.py) whose verdict is
fixed, so these tests pin what the hook does with a verdict, not what a trained model thinks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from claims.align import align
from claims.compare.nli import NliJudge
from claims.compare.statement import NLI_SUBJECT, StatementDetector
from claims.compare.version import comparison_fingerprint
from claims.config import PipelineConfig, StatementConfig
from claims.corpus import Corpus
from claims.errors import ModelUnavailableError
from models import Finding
from tests.fixture_types import MakeCorpus
from tests.nli_models import build_nli_model

CONTRADICTION, ENTAILMENT = 0, 1
# Two reports of one crash, after ECB+ 18_9ecbplus / 18_2ecbplus: one predicate ('die'),
# both affirmative, so no rule sets them apart; only a model reading them can.
AT_THE_SCENE = "Kafoury died at the scene of the crash on Interstate 5, police said."
ON_THE_WAY = "Kafoury died on the way to the hospital after the crash on Interstate 5, police said."


def judged_findings(corpus: Corpus, model_folder: Path) -> list[Finding]:
    config = PipelineConfig.model_validate(
        {"detectors": {"statement": {"nli_model_path": model_folder}}}
    )
    judge = NliJudge.from_config(config.detectors.statement)
    return StatementDetector(judge).detect(align(corpus, config.align), corpus, config)


@pytest.fixture(scope="module")
def crash_reports(make_corpus: MakeCorpus) -> Corpus:
    return make_corpus(
        ("scene", "Metro Wire", "2026-05-14", AT_THE_SCENE),
        ("hospital", "Harbour Herald", "2026-05-14", ON_THE_WAY),
    )


def test_a_contradiction_the_model_finds_is_a_finding_with_both_sentences(
    crash_reports: Corpus, tmp_path: Path
) -> None:
    (finding,) = judged_findings(crash_reports, build_nli_model(tmp_path, CONTRADICTION))
    assert finding.subject == NLI_SUBJECT
    assert sorted(value.value for value in finding.values) == sorted([AT_THE_SCENE, ON_THE_WAY])
    assert {outlet for value in finding.values for outlet in value.outlets} == {
        "Metro Wire",
        "Harbour Herald",
    }
    for value in finding.values:
        (claim,) = value.claims
        assert (claim.span.start, claim.span.end) == (0, len(value.value))
    assert 0.5 < finding.confidence < 0.9
    assert "Harbour Herald" in finding.explanation and "Metro Wire" in finding.explanation


def test_the_rules_alone_and_an_entailing_model_leave_the_pair_alone(
    crash_reports: Corpus, tmp_path: Path
) -> None:
    config = PipelineConfig()
    assert (
        StatementDetector().detect(align(crash_reports, config.align), crash_reports, config) == []
    )
    assert judged_findings(crash_reports, build_nli_model(tmp_path, ENTAILMENT)) == []


def test_a_contradiction_below_the_threshold_is_no_finding(
    crash_reports: Corpus, tmp_path: Path
) -> None:
    # Logits 1, 0, 0: contradiction at 0.58, under the default 0.8.
    folder = build_nli_model(tmp_path, CONTRADICTION, margin=1.0)
    assert judged_findings(crash_reports, folder) == []


def test_a_rule_finding_is_not_judged_again(make_corpus: MakeCorpus, tmp_path: Path) -> None:
    corpus = make_corpus(
        (
            "a",
            "Metro Wire",
            "2026-04-02",
            "Harbour officials said the ferry Marisol was not inspected before it left Port Alder.",
        ),
        (
            "b",
            "Valley Courier",
            "2026-04-02",
            "Harbour officials said the ferry Marisol was inspected before it left Port Alder.",
        ),
    )
    (finding,) = judged_findings(corpus, build_nli_model(tmp_path, CONTRADICTION))
    assert finding.subject == "whether 'inspect'"


def test_pairs_are_judged_both_ways_in_one_batch(tmp_path: Path) -> None:
    judge = NliJudge(
        StatementConfig(nli_model_path=build_nli_model(tmp_path, CONTRADICTION), nli_batch_size=4)
    )
    pairs = [(AT_THE_SCENE, ON_THE_WAY), (ON_THE_WAY, "Kafoury survived.")] * 3
    assert judge.contradictions(pairs) == [True] * 6
    assert judge.contradictions([]) == []


def test_readings_are_remembered_so_a_second_comparison_asks_only_of_new_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    judge = NliJudge(StatementConfig(nli_model_path=build_nli_model(tmp_path, CONTRADICTION)))
    model = judge._loaded.model
    asked: list[list[tuple[str, str]]] = []
    predict = model.predict

    def counted(readings: list[tuple[str, str]], **options: object) -> object:
        asked.append(list(readings))
        return predict(readings, **options)

    monkeypatch.setattr(model, "predict", counted)
    judge.contradictions([(AT_THE_SCENE, ON_THE_WAY)])
    assert asked == [[(AT_THE_SCENE, ON_THE_WAY), (ON_THE_WAY, AT_THE_SCENE)]]
    survived = "Kafoury survived the crash on Interstate 5, police said."
    assert judge.contradictions([(AT_THE_SCENE, ON_THE_WAY), (AT_THE_SCENE, survived)]) == [
        True,
        True,
    ]
    assert asked[1] == [(AT_THE_SCENE, survived), (survived, AT_THE_SCENE)]


def test_the_hook_is_off_by_default() -> None:
    assert NliJudge.from_config(StatementConfig()) is None


def test_a_missing_model_folder_is_refused_as_a_setting(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Path does not point to a directory"):
        StatementConfig(nli_model_path=tmp_path / "no-such-model")


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="no cross-encoder"):
        NliJudge.from_config(StatementConfig(nli_model_path=tmp_path))


def test_labels_that_do_not_name_contradiction_need_the_index(tmp_path: Path) -> None:
    generic = {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}
    folder = build_nli_model(tmp_path, 2, labels=generic)
    with pytest.raises(ModelUnavailableError, match="NLI_CONTRADICTION_LABEL"):
        NliJudge(StatementConfig(nli_model_path=folder))
    with pytest.raises(ModelUnavailableError, match="has the labels"):
        NliJudge(StatementConfig(nli_model_path=folder, nli_contradiction_label=5))
    judge = NliJudge(StatementConfig(nli_model_path=folder, nli_contradiction_label=2))
    assert judge.contradictions([(AT_THE_SCENE, ON_THE_WAY)]) == [True]


def test_a_single_score_model_is_no_nli_model(tmp_path: Path) -> None:
    folder = build_nli_model(tmp_path, 0, labels={0: "relevance"})
    with pytest.raises(ModelUnavailableError, match="scores one label"):
        NliJudge(StatementConfig(nli_model_path=folder))


def test_turning_the_hook_on_makes_stored_findings_stale_but_its_batch_size_does_not(
    tmp_path: Path,
) -> None:
    def fingerprint(**statement: object) -> str:
        config = PipelineConfig.model_validate({"detectors": {"statement": statement}})
        return comparison_fingerprint(config)

    assert fingerprint(nli_model_path=tmp_path) != fingerprint()
    assert fingerprint(nli_model_path=tmp_path, nli_batch_size=8) == fingerprint(
        nli_model_path=tmp_path
    )
