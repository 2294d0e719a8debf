"""Types of the shared fixtures in tests/conftest.py, for the tests that take them."""

from __future__ import annotations

from typing import Protocol

from claims.corpus import Corpus

# (article id, outlet, publication date as ISO text, text), as the tests write articles.
ArticleRow = tuple[str, str | None, str | None, str]


class MakeCorpus(Protocol):
    """`make_corpus(("a", "Reuters", "2019-04-09", "Eleven people were killed."), ...)`"""

    def __call__(self, *articles: ArticleRow) -> Corpus: ...


class EcbplusCorpus(Protocol):
    """`ecbplus_corpus("7_10ecb", "7_2ecb")`: development topics only."""

    def __call__(self, *article_ids: str) -> Corpus: ...
