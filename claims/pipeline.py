"""The one orchestrator: raw article -> cleaned text -> spaCy doc -> claims with extractions.

Embedding is a separate call so the service can batch vectors across articles, and so a
claim check can reuse the same analysis without touching the index.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, cached_property
from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np
from cachetools import CacheInfo, LRUCache, cached

from claims.batching import Coalescer, chunks
from claims.clean import clean
from claims.config import PipelineConfig
from claims.dateline import dateline_date
from claims.embed import (
    CoalescingEmbedder,
    Embedder,
    SentenceTransformerEmbedder,
    ignore_interrupts,
    inference_threads,
    process_embedder,
    split_rows,
)
from claims.extract import extract
from claims.nlp import load_nlp, parse
from claims.segment import claim_of, segment
from models import ArticleIn, Claim

if TYPE_CHECKING:
    import numpy.typing as npt
    from spacy.language import Language
    from spacy.tokens import Doc

# What this version makes of an article. Raised whenever segmentation or extraction changes the
# claims stored for a text, so that a store can tell it holds an older analysis and should be
# analysed again (`parallax reanalyse`); tests/claims/test_analysis_version.py fails when the
# analysis moves and this does not. 2: quotations read line by line, the `vague` hedge.
# 3: the `as_many_as` hedge. 4: each counted figure's clause; 'a million dollars' is money.
# 5: 'last Thursday' in a Thursday paper is a week before; 'seven AK-47s' count AK-47s;
# 'the 1930's' is no year. 6: 'one rocket propelled grenade launcher' counts no rockets.
# 7: '31 Magazines', '12 Somalis' count a magazine, a Somali. 8: '(52-3,46 KOs)' counts 46 KOs.
# 9: halves ('half a dozen' is 6, 'a mile and a half'); a unit or people after a figure spaCy
# calls a time or date ('2 and a half miles', 'Between 30 and 40 people'); '2 am' counts nothing.
# 10: short scales beside money or people ('£3m', '$1.2bn', '2.5m people'; '300m' stays metres).
# 11: 'Sunday night' (a spaCy time naming a day), 'two days ago', 'the day before yesterday';
# 'None of the 40 miners were killed' states a zero, and its 40 counts miners, not the killed;
# 'the ministry put the toll at 18' counts the killed.
# 12: a name a place noun names ('the southern town of Khan Yunis') is a place, not a person.
# 13: a bare figure counts the things counted before it ('two bombs fell on an airstrip, one
# hit a school').
# 14: an event noun with an ordinal ("Friday's second semifinal") is one of a series: its
# date has no event to dispute.
# 15: centimetres and inches are distances; '$160 million over eight years' spreads the figure
# across the span (not 'more than eight years').
# 16: a bare figure counts the things before it only as a whole number and its verb's one
# object ('support both 3.0 and 2.0', 'the two girls, 12 and 15' count nothing).
# 17: 'who turned 68' is an age; 'called 911' counts nothing.
# 18: role words spaCy takes into a name are the person's role ('Coroner Margaret Hollis' is
# Margaret Hollis, a coroner); more role words (coroner, trooper, lawmaker, rabbi...); 'Dr.'.
# 19: a people by name counts like people before a participle ('40 Palestinians killed').
# 20: 'Rev.' is a role ('the Rev. Al Sharpton').
# 21: a date spaCy made its sentence's root takes the sentence's one finite verb.
# 22: a name keeps a hyphenated tail spaCy cut at a lowercase part ('Mehdi iran-Nejad').
# 23: honorifics spaCy takes into a name are the person's role ('Ms Palin' is Palin).
# 24: nautical miles are a distance ('150 nautical miles'), not a count of miles.
# 25: a verb of happening dates its subject ('the explosion happened on Wednesday').
# 26: 'no longer' negates its verb ('were no longer searching').
# 27: evidence that shows a clause attributes it ('State records show Lasalle has ...').
# 28: 'shot twice', 'married three times': adverbs and 'times' count occasions of their verb
# (hits, shots fired, marriages).
# 29: 'wed' and 'Wed' are words, not "we'd" written without its apostrophe.
# 30: 'No. 1', 'Juror No. 12', 'Ch. 4' count nothing (spaCy splits 'No.' into 'No' and '.').
# 31: 'hundreds of thousands of' and 'tens of thousands of' are one vague figure.
# 32: a sentence's opening preposition is not part of the name after it ('Without Felt's').
# 33: a size that names a model measures nothing ('the 17-inch MacBook Pro').
ANALYSIS_VERSION = 33


@dataclass(frozen=True)
class AnalysedArticle:
    article: ArticleIn  # with the dateline's date when its metadata had none
    claims: list[Claim]
    published_inferred: bool = False


def dated(article: ArticleIn) -> tuple[ArticleIn, bool]:
    """The article, given its dateline's date when its metadata has none; and whether it was."""
    if article.published is not None:
        return article, False
    found = dateline_date(article.text)
    if found is None:
        return article, False
    return article.model_copy(update={"published": found}), True


def anchor_date(published: date | datetime | None) -> date | None:
    """The day relative dates ('late Sunday', 'yesterday') are resolved against."""
    if published is None:
        return None
    return published.date() if isinstance(published, datetime) else published


def claims_from_doc(doc: Doc, published: date | None, config: PipelineConfig) -> list[Claim]:
    claims: list[Claim] = []
    for found in segment(doc, config.segment):
        extraction = extract(found.sent, published, found.entities)
        claims.append(
            found.claim.model_copy(
                update={
                    "quantities": extraction.quantities,
                    "dates": extraction.dates,
                    "mentions": extraction.mentions,
                }
            )
        )
    return claims


class CheckCacheInfo(NamedTuple):
    """How claim checks were answered: from memory (hits) or by parsing and embedding."""

    hits: int
    misses: int
    claims: int  # remembered now


# A checked text as analysed: its claims and the vectors a check searches with.
_Query = tuple[tuple[Claim, ...], "npt.NDArray[np.float32]"]


class _RememberingQuery(Protocol):
    """`Pipeline._query` behind cachetools' `cached(..., info=True)`."""

    def __call__(self, text: str, published: date | datetime | None) -> _Query: ...

    def cache_info(self) -> CacheInfo: ...


class Pipeline:
    """Builds every stage from one PipelineConfig; models load lazily, once per process.

    `embed_in_process` puts the embedding model in a process of its own (the API's choice:
    see `claims.embed.ProcessEmbedder`); ingest workers and the CLI embed where they are."""

    def __init__(
        self, config: PipelineConfig | None = None, *, embed_in_process: bool = False
    ) -> None:
        self.config = config or PipelineConfig()
        self.embed_in_process = embed_in_process

    @cached_property
    def nlp(self) -> Language:
        return load_nlp(self.config.spacy_model)

    @cached_property
    def embedder(self) -> Embedder:
        inner: Embedder = (
            process_embedder(self.config.embed)
            if self.embed_in_process
            else SentenceTransformerEmbedder(self.config.embed)
        )
        return CoalescingEmbedder(inner)

    @property
    def embedder_name(self) -> str:
        """Which model the vectors come from, known without loading it."""
        return self.config.embed.model

    def analyse_one(self, article: ArticleIn) -> AnalysedArticle:
        return next(self.analyse([article]))

    def check_query(
        self, text: str, published: date | datetime | None
    ) -> tuple[list[Claim], npt.NDArray[np.float32]]:
        """A posted text's claims and the vectors a check searches with.

        Remembered by text and date (`config.check_cache_claims`): an editor re-checking a draft
        sentence by sentence, or a tool polling the same claim, skips parsing and embedding
        for the texts it has checked before. Callers get copies to change as they like."""
        claims, vectors = self._remembered_query(text, published)
        return [claim.model_copy(deep=True) for claim in claims], vectors.copy()

    @cached_property
    def _remembered_query(self) -> _RememberingQuery:
        """Least recently checked texts go first, counted by their claims: a 5,000-character
        draft weighs forty one-sentence checks."""
        remembered: LRUCache[Hashable, _Query] = LRUCache(
            maxsize=self.config.check_cache_claims, getsizeof=lambda query: max(1, len(query[0]))
        )
        remembering: _RememberingQuery = cached(remembered, lock=threading.Lock(), info=True)(
            self._query
        )
        return remembering

    def check_cache_info(self) -> CheckCacheInfo:
        info = self._remembered_query.cache_info()
        return CheckCacheInfo(hits=info.hits, misses=info.misses, claims=int(info.currsize))

    def _query(self, text: str, published: date | datetime | None) -> _Query:
        claims = self.analyse_claim(text, published)
        return tuple(claims), self.embed_queries([claim.text for claim in claims])

    def analyse_claim(self, text: str, published: date | datetime | None) -> list[Claim]:
        """A posted claim: its claims, or the whole text as one claim when none qualifies.

        Claims posted at the same time (API threads) are parsed together in one spaCy batch."""
        return self._posted_claims.submit((text, published))

    @cached_property
    def _posted_claims(self) -> Coalescer[tuple[str, date | datetime | None], list[Claim]]:
        return Coalescer(self._analyse_posted, name="parallax-analyse")

    def _analyse_posted(
        self, posted: list[tuple[str, date | datetime | None]]
    ) -> list[list[Claim]]:
        docs = self._parse(clean(text) for text, _ in posted)
        return [
            _claims_of_posted(doc, anchor_date(published), self.config)
            for doc, (_, published) in zip(docs, posted, strict=True)
        ]

    def analyse(self, articles: Iterable[ArticleIn]) -> Iterator[AnalysedArticle]:
        """Analyse in spaCy batches, in order, in this process."""
        incoming = [dated(article) for article in articles]
        docs = self._parse(clean(article.text) for article, _ in incoming)
        for doc, (article, inferred) in zip(docs, incoming, strict=True):
            claims = claims_from_doc(doc, anchor_date(article.published), self.config)
            yield AnalysedArticle(article, claims, inferred)

    def _parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        return parse(
            self.nlp,
            texts,
            batch_size=self.config.spacy_batch_size,
            piece_chars=self.config.parse_piece_chars,
        )

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors to store: float32, as every stored vector is."""
        return self.embedder.embed(texts)

    def embed_clauses(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors of figures' clauses (`claims.align.align_by_clause`), float32 as stored
        vectors are, remembered by text (`config.clause_cache_texts`): comparing the corpus
        again after an ingest embeds only the clauses it has not met."""
        remembered, lock = self._clause_vectors
        with lock:
            known = {text: remembered[text] for text in texts if text in remembered}
        missing = sorted({text for text in texts if text not in known})
        if missing:
            fresh = dict(zip(missing, self.embed(missing), strict=True))
            if remembered.maxsize:  # a cache of size 0 refuses every entry
                with lock:
                    remembered.update(fresh)
            known |= fresh
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.stack([known[text] for text in texts])

    @cached_property
    def _clause_vectors(self) -> tuple[LRUCache[str, npt.NDArray[np.float32]], threading.Lock]:
        return LRUCache(maxsize=self.config.clause_cache_texts), threading.Lock()

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors a claim check searches with and never stores: bfloat16 arithmetic where
        `config.embed.query_precision` resolves to it, for half the embedding's CPU."""
        return self.embedder.embed_queries(texts)

    def close(self) -> None:
        """Stop the embedding process, when this pipeline started one."""
        if self.embed_in_process and "embedder" in self.__dict__:
            process_embedder(self.config.embed).close()

    def analyse_and_embed(self, articles: Sequence[ArticleIn]) -> Iterator[list[EmbeddedArticle]]:
        """Batches of articles with their claims' vectors, in order.

        A large ingest runs in worker processes, each parsing and embedding whole batches on
        one torch thread. Parsing costs about as much CPU as embedding; in one process the two
        take turns, and a parser process beside two torch threads leaves torch spinning on a
        busy core (twice as slow). One single-threaded worker per core keeps every core busy.
        """
        config = self.config
        if config.ingest_processes and len(articles) >= config.ingest_worker_min_articles:
            yield from self._analyse_and_embed_in_workers(articles)
            return
        for batch in chunks(articles, config.ingest_batch_articles):
            yield self._embed_analysed(list(self.analyse(batch)))

    def _embed_analysed(self, analysed: list[AnalysedArticle]) -> list[EmbeddedArticle]:
        """Each distinct text is embedded once: outlets reprint wire copy word for word."""
        texts = [claim.text for one in analysed for claim in one.claims]
        distinct = {text: row for row, text in enumerate(dict.fromkeys(texts))}
        vectors = self.embed(list(distinct))[[distinct[text] for text in texts]]
        per_article = split_rows(vectors, [len(one.claims) for one in analysed])
        return [EmbeddedArticle(one, rows) for one, rows in zip(analysed, per_article, strict=True)]

    def _analyse_and_embed_in_workers(
        self, articles: Sequence[ArticleIn]
    ) -> Iterator[list[EmbeddedArticle]]:
        # spawn, not fork: torch threads in the parent make forked children hang.
        context = multiprocessing.get_context("spawn")
        config_json = self.config.model_dump_json()
        batches = chunks(articles, self.config.ingest_batch_articles)
        with context.Pool(
            self.config.ingest_processes, initializer=_worker_pipeline, initargs=(config_json,)
        ) as pool:
            jobs = ((config_json, batch) for batch in batches)
            yield from pool.imap(_analyse_and_embed_in_worker, jobs)
            pool.close()  # let the workers exit on their own; leaving the block terminates them
            pool.join()


@dataclass(frozen=True)
class EmbeddedArticle:
    """An analysed article and one vector per claim, in claim order."""

    analysed: AnalysedArticle
    vectors: npt.NDArray[np.float32]


@cache
def _worker_pipeline(config_json: str) -> Pipeline:
    """One pipeline per worker process, its models loaded as the worker starts, on one core."""
    ignore_interrupts()
    inference_threads(1)
    pipeline = Pipeline(PipelineConfig.model_validate_json(config_json))
    _ = pipeline.nlp, pipeline.embedder
    return pipeline


def _analyse_and_embed_in_worker(job: tuple[str, list[ArticleIn]]) -> list[EmbeddedArticle]:
    config_json, articles = job
    pipeline = _worker_pipeline(config_json)
    return pipeline._embed_analysed(list(pipeline.analyse(articles)))


def _claims_of_posted(doc: Doc, anchor: date | None, config: PipelineConfig) -> list[Claim]:
    claims = claims_from_doc(doc, anchor, config)
    if claims or not doc.text.strip():
        return claims
    whole = doc.char_span(0, len(doc.text.rstrip()), alignment_mode="expand") or doc[:]
    extraction = extract(whole, anchor)
    return [
        claim_of(whole).model_copy(
            update={
                "quantities": extraction.quantities,
                "dates": extraction.dates,
                "mentions": extraction.mentions,
            }
        )
    ]
