"""Group findings into stories and rank them, worst first.

A story is a set of articles linked by figure, date or statement findings (union-find over the
articles each finding cites). Name findings span many stories, so they join the story whose
articles they share most, or stand on their own.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from models import Article, Finding, FindingKind
from models.report import Story

HUMAN_COST = frozenset(
    {
        "killed",
        "injured",
        "missing",
        "arrested",
        "rescued",
        "evacuated",
        "hospitalised",
        "displaced",
        "trapped",
        "stranded",
        "whether anyone was killed",
        "whether anyone was injured",
    }
)


def severity(finding: Finding) -> int:
    """Casualty and other human-cost numbers first, then figures, dates and statements, names."""
    if finding.kind == FindingKind.NUMBER:
        return 4 if finding.subject in HUMAN_COST else 3
    if finding.kind == FindingKind.STATEMENT:
        return 4 if finding.subject in HUMAN_COST else 2
    if finding.kind == FindingKind.DATE:
        return 2
    return 1


def articles_of(finding: Finding) -> set[str]:
    return {claim.article_id for value in finding.values for claim in value.claims}


def group_stories(findings: Sequence[Finding], articles: Mapping[str, Article]) -> list[Story]:
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    linking = [finding for finding in findings if finding.kind != FindingKind.NAME]
    for finding in linking:
        ids = sorted(articles_of(finding))
        for other in ids[1:]:
            a, b = find(ids[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[Finding]] = defaultdict(list)
    for finding in linking:
        members[find(min(articles_of(finding)))].append(finding)
    story_articles = {
        root: {a for f in group for a in articles_of(f)} for root, group in members.items()
    }
    for finding in (f for f in findings if f.kind == FindingKind.NAME):
        cited = articles_of(finding)
        best = max(
            story_articles, key=lambda root: (len(story_articles[root] & cited), root), default=None
        )
        if best is not None and story_articles[best] & cited:
            members[best].append(finding)
        else:
            root = f"name:{finding.id}"
            members[root].append(finding)
            story_articles[root] = cited
    stories = [_story(group, story_articles[root], articles) for root, group in members.items()]
    return sorted(
        stories, key=lambda story: (-story.severity, -len(story.findings), story.title, story.id)
    )


def _story(
    findings: list[Finding], article_ids: set[str], articles: Mapping[str, Article]
) -> Story:
    known = [articles[a] for a in sorted(article_ids) if a in articles]
    dates = sorted(a.published for a in known if a.published is not None)
    ordered = sorted(findings, key=lambda f: (-severity(f), f.kind.value, f.subject, f.id))
    return Story(
        id="s-" + hashlib.sha256("|".join(sorted(article_ids)).encode()).hexdigest()[:12],
        title=_title(known, ordered),
        severity=max(severity(f) for f in findings),
        outlets=sorted({a.outlet_key for a in known}),
        article_ids=sorted(article_ids),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        findings=ordered,
    )


def _title(articles: Sequence[Article], findings: Sequence[Finding]) -> str:
    """The most common title; of equals, the earliest article's; else the first evidence."""
    titled = [a for a in articles if a.title and a.title.strip()]
    if titled:
        counts = Counter((a.title or "").strip() for a in titled)
        earliest = min(
            titled,
            key=lambda a: (-counts[(a.title or "").strip()], a.published or datetime.max, a.id),
        )
        return (earliest.title or "").strip()
    sentence = findings[0].values[0].claims[0].text
    return sentence if len(sentence) <= 90 else sentence[:87].rstrip() + "…"
