"""`make eval`: precision and recall per finding kind on the labelled development set.

The development set is the demo corpus, the five seed articles and the ECB+ topics named in
`tests/eval/dev_set.py` (all within topics 1-22). Every finding the comparator makes on it is
judged: one that matches no `flag` label is a false finding, and is printed by name.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from models import Finding, FindingKind
from service.settings import Settings
from service.workspace import Workspace
from tests.eval import dev_set

EVAL_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = EVAL_DIR.parent.parent
LABELS_FILE = EVAL_DIR / "labels.jsonl"
DEMO_CORPUS = PROJECT_ROOT / "service" / "demo_corpus" / "articles.jsonl"
SHARED = PROJECT_ROOT.parent / "shared" / "corpora"
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.8


@dataclass(frozen=True)
class Label:
    id: str
    corpus: str
    kind: FindingKind
    expect: str
    articles: tuple[str, ...]
    values: tuple[str, ...]
    subject: str | None
    note: str

    @property
    def flag(self) -> bool:
        return self.expect == "flag"


@dataclass
class KindScore:
    findings: int = 0
    true_findings: int = 0
    labels: int = 0
    found_labels: int = 0

    @property
    def precision(self) -> float:
        return self.true_findings / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found_labels / self.labels if self.labels else 1.0


def load_labels(path: Path, corpora: set[str]) -> list[Label]:
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw["corpus"] not in corpora:
            continue
        labels.append(
            Label(
                id=raw["id"],
                corpus=raw["corpus"],
                kind=FindingKind(raw["kind"]),
                expect=raw["expect"],
                articles=tuple(raw["articles"]),
                values=tuple(raw["values"]),
                subject=raw.get("subject"),
                note=raw.get("note", ""),
            )
        )
    return labels


def finding_articles(finding: Finding) -> set[str]:
    return {claim.article_id for value in finding.values for claim in value.claims}


def values_overlap(finding: Finding, label: Label) -> bool:
    written = [value.value.lower() for value in finding.values]
    written += [value.normalized.lower() for value in finding.values]
    return any(
        wanted.lower() in form or (form and form in wanted.lower())
        for wanted in label.values
        for form in written
    )


def matches(finding: Finding, label: Label) -> bool:
    covered = finding_articles(finding) & set(label.articles)
    return finding.kind == label.kind and len(covered) >= 2 and values_overlap(finding, label)


def disputes(finding: Finding, label: Label) -> bool:
    """A finding disputes a must-not-flag pair when it sets the two articles' values apart.

    A merged finding may list agreeing outlets together under one value: that says they agree.
    """
    if finding.kind != label.kind or not values_overlap(finding, label):
        return False
    sides = [
        {claim.article_id for claim in value.claims} & set(label.articles)
        for value in finding.values
    ]
    touched = [side for side in sides if side]
    return len(touched) >= 2 and len(set().union(*touched)) >= 2


def dev_corpus_paths(workdir: Path) -> tuple[list[str], set[str]]:
    """The articles to ingest and the corpora whose labels apply (absent shared data is skipped)."""
    paths = [str(DEMO_CORPUS)]
    corpora = {"demo"}
    seeds = SHARED / "seeds"
    if seeds.exists():
        paths.append(str(seeds))
        corpora.add("seeds")
    ecbplus = SHARED / "ecbplus" / "articles.jsonl"
    if ecbplus.exists() and dev_set.ECBPLUS_TOPICS:
        subset = workdir / "ecbplus-dev.jsonl"
        with ecbplus.open(encoding="utf-8") as source, subset.open("w", encoding="utf-8") as out:
            for line in source:
                if json.loads(line)["topic"] in dev_set.ECBPLUS_TOPICS:
                    out.write(line)
        paths.append(str(subset))
        corpora.add("ecbplus")
    return paths, corpora


def score(
    findings: Sequence[Finding], labels: Sequence[Label]
) -> tuple[dict[FindingKind, KindScore], list[Finding], list[tuple[Finding, Label]], list[Label]]:
    scores: dict[FindingKind, KindScore] = defaultdict(KindScore)
    false_findings: list[Finding] = []
    on_must_not_flag: list[tuple[Finding, Label]] = []
    found: set[str] = set()
    for finding in findings:
        kind_score = scores[finding.kind]
        kind_score.findings += 1
        hits = [label for label in labels if label.flag and matches(finding, label)]
        if hits:
            kind_score.true_findings += 1
            found.update(label.id for label in hits)
        else:
            false_findings.append(finding)
        on_must_not_flag += [
            (finding, label) for label in labels if not label.flag and disputes(finding, label)
        ]
    missed = []
    for label in labels:
        if label.flag:
            scores[label.kind].labels += 1
            if label.id in found:
                scores[label.kind].found_labels += 1
            else:
                missed.append(label)
    return scores, false_findings, on_must_not_flag, missed


def describe(finding: Finding) -> str:
    values = "; ".join(f"{value.value!r} ({', '.join(value.outlets)})" for value in finding.values)
    articles = ", ".join(sorted(finding_articles(finding)))
    return f"[{finding.kind.value}/{finding.status.value}] {finding.subject}: {values} <{articles}>"


def evaluate(findings: Sequence[Finding], labels: Sequence[Label]) -> bool:
    scores, false_findings, on_must_not_flag, missed = score(findings, labels)
    print(f"{'kind':<10} {'findings':>8} {'true':>5} {'precision':>9} {'labels':>6} {'recall':>6}")
    passed = not on_must_not_flag
    for kind in FindingKind:
        s = scores[kind]
        ok = s.precision >= TARGET_PRECISION and s.recall >= TARGET_RECALL
        passed &= ok
        print(
            f"{kind.value:<10} {s.findings:>8} {s.true_findings:>5} {s.precision:>9.2f} "
            f"{s.labels:>6} {s.recall:>6.2f}  {'ok' if ok else 'BELOW TARGET'}"
        )
    print(f"targets: precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL} for every kind")
    _print_section("false findings", [describe(f) for f in false_findings])
    _print_section(
        "findings on must-not-flag pairs",
        [f"{label.id}: {describe(finding)}" for finding, label in on_must_not_flag],
    )
    _print_section(
        "missed labels",
        [
            f"{label.id} [{label.kind.value}] {label.subject}: {label.values} "
            f"<{', '.join(label.articles)}>"
            for label in missed
        ],
    )
    return passed


def _print_section(title: str, lines: Iterable[str]) -> None:
    lines = list(lines)
    print(f"\n{title}: {len(lines)}")
    for line in lines:
        print(f"  - {line}")


def run() -> tuple[list[Finding], list[Label]]:
    with tempfile.TemporaryDirectory(prefix="parallax-eval-") as workdir:
        paths, corpora = dev_corpus_paths(Path(workdir))
        workspace = Workspace(Settings(home=Path(workdir) / "home"))
        try:
            result = workspace.ingest_paths(paths)
            if result.errors:
                print(f"{len(result.errors)} articles refused: {result.errors[:3]}")
            findings = workspace.refresh_discrepancies()
        finally:
            workspace.close()
    labels = load_labels(LABELS_FILE, corpora)
    counts = Counter(label.corpus for label in labels)
    print(f"dev set: {', '.join(sorted(corpora))}; labels {dict(counts)}; findings {len(findings)}")
    return findings, labels


def main() -> None:
    findings, labels = run()
    sys.exit(0 if evaluate(findings, labels) else 1)


if __name__ == "__main__":
    main()
