"""`make eval`: precision and recall per finding kind on the labelled development set.

The development set is the demo corpus, the five seed articles and the ECB+ topics named in
`tests/eval/dev_set.py` (all within topics 1-22). Every finding the comparator makes on it is
judged: one that matches no `flag` label is a false finding, and is printed by name.

A `flag` label may carry `beyond`: a real discrepancy a reader sees that lies outside what the
four finding kinds are built to catch (a place named differently, clock times, arithmetic
between an age and a year). A finding that matches one is true; recall targets count only the
labels within the kinds, and the others are reported beside them.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from models import EvidenceClaim, Finding, FindingKind
from service.settings import Settings
from service.workspace import Workspace
from tests.eval import dev_set

EVAL_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = EVAL_DIR.parent.parent
LABELS_DIR = EVAL_DIR / "labels"
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
    beyond: str | None = None
    status: str | None = None

    @property
    def flag(self) -> bool:
        return self.expect == "flag"


@dataclass
class KindScore:
    findings: int = 0
    true_findings: int = 0
    labels: int = 0
    found_labels: int = 0
    beyond_labels: int = 0
    beyond_found: int = 0

    @property
    def precision(self) -> float:
        return self.true_findings / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found_labels / self.labels if self.labels else 1.0


def load_labels(folder: Path, corpora: set[str]) -> list[Label]:
    """Every label in the folder's .jsonl files (one file per corpus or ECB+ topic)."""
    lines = [
        line
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    labels = []
    for line in lines:
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
                beyond=raw.get("beyond"),
                status=raw.get("status"),
            )
        )
    return labels


def finding_articles(finding: Finding) -> set[str]:
    return {claim.article_id for value in finding.values for claim in value.claims}


def stated_at(evidence: EvidenceClaim, wanted: str) -> bool:
    """The label's value is written in the evidence sentence where the finding says its
    value is (the label's '12 people' around the finding's '12'); anywhere in it when the
    finding marks no place."""
    text, needle = evidence.text.lower(), wanted.lower()
    target = evidence.value_span
    position = text.find(needle)
    while position >= 0:
        start = evidence.span.start + position
        if target is None or (start < target.end and target.start < start + len(needle)):
            return True
        position = text.find(needle, position + 1)
    return False


def values_shown(finding: Finding, label: Label) -> list[tuple[set[str], set[str]]]:
    """Per finding value: (the label's articles it comes from, the label values it states
    there)."""
    shown = []
    for value in finding.values:
        articles: set[str] = set()
        stated: set[str] = set()
        for evidence in value.claims:
            if evidence.article_id not in label.articles:
                continue
            found = {wanted for wanted in label.values if stated_at(evidence, wanted)}
            if found:
                articles.add(evidence.article_id)
                stated |= found
        if stated:
            shown.append((articles, stated))
    return shown


def matches(finding: Finding, label: Label) -> bool:
    """The finding sets two of the label's values against each other, each stated in one of
    the label's articles. A merged finding with more values matches when it contains them.

    A name finding is one entity across the corpus with a few evidence sentences per
    spelling: it matches when it shows two of the label's spellings, from one of its articles.
    """
    if finding.kind != label.kind:
        return False
    if label.kind == FindingKind.NAME:
        covered = finding_articles(finding) & set(label.articles)
        return bool(covered) and bool(spellings_shown(finding, label))
    shown = values_shown(finding, label)
    return len(shown) >= 2 and len(set().union(*(stated for _, stated in shown))) >= 2


def spellings_shown(finding: Finding, label: Label) -> set[str]:
    """The finding's spellings that are the label's (a middle name shown beside them is
    fine), when at least two of them are: spellings that differ only in capitals are one."""
    shown = {
        value.value
        for value in finding.values
        for wanted in label.values
        if set(wanted.lower().split()) <= set(value.value.lower().split())
    }
    return shown if len(shown) >= 2 else set()


def disputes(finding: Finding, label: Label) -> bool:
    """A finding disputes a must-not-flag pair when it sets the label's articles' values
    apart: two of its values, each stating a label value, from different label articles.
    A merged finding may list agreeing outlets together under one value: that says they agree.
    """
    if finding.kind != label.kind:
        return False
    if label.kind == FindingKind.NAME:
        return matches(finding, label)
    shown = values_shown(finding, label)
    return len(shown) >= 2 and len(set().union(*(articles for articles, _ in shown))) >= 2


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
        if not label.flag:
            continue
        kind_score = scores[label.kind]
        if label.beyond:
            kind_score.beyond_labels += 1
            kind_score.beyond_found += label.id in found
        else:
            kind_score.labels += 1
            kind_score.found_labels += label.id in found
        if label.id not in found:
            missed.append(label)
    return scores, false_findings, on_must_not_flag, missed


def describe(finding: Finding) -> str:
    values = "; ".join(f"{value.value!r} ({', '.join(value.outlets)})" for value in finding.values)
    articles = ", ".join(sorted(finding_articles(finding)))
    events = " (ECB+ events of two subtopics)" if len(ecbplus_events(finding)) > 1 else ""
    return (
        f"[{finding.kind.value}/{finding.status.value}] {finding.subject}: {values} "
        f"<{articles}>{events}"
    )


def ecbplus_events(finding: Finding) -> set[str]:
    """The ECB+ subtopics ('20ecb', '20ecbplus') a finding's evidence comes from: each
    topic pairs two events of one kind, so two subtopics mean two events were merged."""
    found = set()
    for article_id in finding_articles(finding):
        match = re.fullmatch(r"(\d+)_\d+(ecb(?:plus)?)", article_id)
        if match:
            found.add(match.group(1) + match.group(2))
    return found


def status_mismatches(findings: Sequence[Finding], labels: Sequence[Label]) -> list[str]:
    """Findings that match a flag label but carry another status (conflict for an update)."""
    return [
        f"{label.id}: labelled {label.status}, found {finding.status.value}"
        for finding in findings
        for label in labels
        if label.flag
        and label.status
        and matches(finding, label)
        and finding.status.value != label.status
    ]


def recall_by_dating(
    labels: Sequence[Label], missed: Sequence[Label], dated: Set[str]
) -> list[str]:
    """Recall per kind on labels whose articles all carry a publication date, and on the rest.
    ECB+'s older half has no dates, and undated articles leave weekdays unresolved and counts
    of things unpinned: the split says how the kinds do on dated news, as newsrooms feed it."""
    missed_ids = {label.id for label in missed}
    lines = []
    for kind in FindingKind:
        counted = [
            label for label in labels if label.flag and not label.beyond and label.kind == kind
        ]
        parts = []
        for name, group in (
            ("all articles dated", [label for label in counted if set(label.articles) <= dated]),
            ("some undated", [label for label in counted if not set(label.articles) <= dated]),
        ):
            found = sum(label.id not in missed_ids for label in group)
            share = f"{found / len(group):.2f}" if group else "-"
            parts.append(f"{name} {found}/{len(group)} ({share})")
        lines.append(f"{kind.value}: " + "; ".join(parts))
    return lines


def evaluate(
    findings: Sequence[Finding], labels: Sequence[Label], dated: Set[str] | None = None
) -> bool:
    """`dated`: the ids of articles with a publication date, for the recall split."""
    scores, false_findings, on_must_not_flag, missed = score(findings, labels)
    print(
        f"{'kind':<10} {'findings':>8} {'true':>5} {'precision':>9} {'labels':>6} {'recall':>6}"
        f"  {'beyond':>6}"
    )
    passed = not on_must_not_flag
    for kind in FindingKind:
        s = scores[kind]
        ok = s.precision >= TARGET_PRECISION and s.recall >= TARGET_RECALL
        passed &= ok
        print(
            f"{kind.value:<10} {s.findings:>8} {s.true_findings:>5} {s.precision:>9.2f} "
            f"{s.labels:>6} {s.recall:>6.2f}  {s.beyond_found:>2}/{s.beyond_labels:<3} "
            f"{'ok' if ok else 'BELOW TARGET'}"
        )
    print(f"targets: precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL} for every kind")
    print("beyond: labels outside what the kinds are built to catch, found/labelled (no target)")
    if dated is not None:
        _print_section(
            "recall by dating (labels not beyond)", recall_by_dating(labels, missed, dated)
        )
    _print_section("false findings", [describe(f) for f in false_findings])
    _print_section("true findings with another status", status_mismatches(findings, labels))
    _print_section(
        "findings on must-not-flag pairs",
        [f"{label.id}: {describe(finding)}" for finding, label in on_must_not_flag],
    )
    _print_section(
        "missed labels",
        [
            f"{label.id} [{label.kind.value}] {label.subject}: {label.values} "
            f"<{', '.join(label.articles)}>{' (beyond)' if label.beyond else ''}"
            for label in missed
        ],
    )
    return passed


def _print_section(title: str, lines: Iterable[str]) -> None:
    lines = list(lines)
    print(f"\n{title}: {len(lines)}")
    for line in lines:
        print(f"  - {line}")


def run() -> tuple[list[Finding], list[Label], set[str]]:
    """The development set's findings, its labels, and the ids of its dated articles."""
    with tempfile.TemporaryDirectory(prefix="parallax-eval-") as workdir:
        paths, corpora = dev_corpus_paths(Path(workdir))
        workspace = Workspace(Settings(home=Path(workdir) / "home"))
        try:
            result = workspace.ingest_paths(paths)
            if result.errors:
                print(f"{len(result.errors)} articles refused: {result.errors[:3]}")
            findings = workspace.refresh_discrepancies()
            articles = workspace.corpus().articles.values()
            dated = {article.id for article in articles if article.published is not None}
        finally:
            workspace.close()
    labels = load_labels(LABELS_DIR, corpora)
    counts = Counter(label.corpus for label in labels)
    print(f"dev set: {', '.join(sorted(corpora))}; labels {dict(counts)}; findings {len(findings)}")
    return findings, labels, dated


def main() -> None:
    findings, labels, dated = run()
    sys.exit(0 if evaluate(findings, labels, dated) else 1)


if __name__ == "__main__":
    main()
