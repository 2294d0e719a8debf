"""An in-memory Corpus made by the real pipeline, as a store would hold it, without a store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from claims import AnalysedArticle, Pipeline
from claims.corpus import Corpus
from claims.index import ClaimIndex
from models import Article, ArticleIn, Claim


def build_corpus(pipeline: Pipeline, articles: Iterable[ArticleIn]) -> Corpus:
    return corpus_of(pipeline, pipeline.analyse(articles))


def corpus_of(pipeline: Pipeline, analysed_articles: Iterable[AnalysedArticle]) -> Corpus:
    """Claims numbered from 1 in article order, so the same articles give the same ids."""
    stored: dict[str, Article] = {}
    claims: dict[int, Claim] = {}
    for analysed in analysed_articles:
        article_id = analysed.article.id or ""
        # As the workspace stores it: dated by its dateline when the metadata has no date.
        dated = analysed.article.published
        if dated is not None and not isinstance(dated, datetime):
            dated = datetime(dated.year, dated.month, dated.day)
        stored[article_id] = Article(
            id=article_id,
            outlet=analysed.article.outlet,
            published=dated,
            text=analysed.article.text,
            content_hash=article_id,
        )
        for claim in analysed.claims:
            claim_id = len(claims) + 1
            claims[claim_id] = claim.model_copy(update={"id": claim_id, "article_id": article_id})
    index = ClaimIndex.empty(pipeline.embedder.dimension, pipeline.config.index)
    ids = sorted(claims)
    index.add(ids, pipeline.embed([claims[i].text for i in ids]))
    return Corpus(articles=stored, claims=claims, index=index)
