"""One corpus on disk: database, FAISS index and pipeline, behind the verbs the CLI and API share.

Routes and CLI commands stay thin: they parse input, call a Workspace method, print or
return the models it gives back. Ingest order keeps the index honest: analyse and embed
first, commit the article in one transaction, then add its vectors; an index that misses
committed claims (a crash in between) is completed from the database on the next open.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from claims import ANALYSIS_VERSION, AnalysedArticle, EmbeddedArticle, Pipeline
from claims.batching import chunks
from claims.compare import (
    KnownPeople,
    check_against_corpus,
    comparison_fingerprint,
    comparison_steps,
    find_discrepancies,
    known_people,
    load_nli_model,
    person_entities,
)
from claims.corpus import Corpus
from claims.errors import IndexOutOfStepError
from claims.index import ClaimIndex, IndexSummary
from models import (
    Article,
    ArticleIn,
    ArticleWithClaims,
    CheckRequest,
    CheckResult,
    Claim,
    Finding,
    FindingKind,
    FindingStatus,
    IngestItem,
    IngestResult,
    ItemError,
    Match,
    ReanalyseResult,
    Stats,
    Verdict,
)
from models.records import Entity
from service.collector import collector_paused, long_lived_frozen
from service.readers import ReadItem, ReadWarning, read_path
from service.settings import Settings
from service.stage_timer import StageTimer
from service.storage import db, repo
from service.storage.tables import decode_vectors, encode_vector

ProgressCallback = Callable[[int, int], None]  # (articles or steps done, in all)
log = logging.getLogger(__name__)

# The database is the truth and the index is completed from it on open, so the index file is
# rewritten now and then during a long ingest, not after every batch.
INDEX_SAVE_SECONDS = 30.0
VECTOR_CHUNK = 2048  # claims whose vectors are read (or embedded) per database round trip
REANALYSE_CHUNK = 1000  # stored articles read into memory at a time by `reanalyse`
ANALYSIS_STATE = "analysis_version"  # the oldest analysis the stored claims come from


class RefreshAbandoned(Exception):
    """A background refresh stopped because the workspace is closing; nothing was stored."""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def derive_article_id(article: ArticleIn, text_hash: str) -> str:
    """Stable id for articles sent without one: the same article always gets the same id."""
    if article.id:
        return article.id
    basis = article.url or f"{article.outlet or ''}\n{text_hash}"
    return "a-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ComparedPeople:
    """The people a refresh gathered, with the watermark of the corpus they are of."""

    watermark: IndexSummary
    known: KnownPeople


class Refresher(Protocol):
    """Compares the corpus and stores its findings elsewhere than in this process (the API
    server's `service.refresher.RefreshProcess`), and hands back the people it gathered, which
    claim checks here need; `close` abandons a comparison under way."""

    def refresh(self) -> ComparedPeople | None: ...

    def close(self) -> None: ...


class Workspace:
    def __init__(
        self,
        settings: Settings,
        pipeline: Pipeline | None = None,
        *,
        refresher: Refresher | None = None,
    ) -> None:
        """`refresher`: where stale findings are compared again; in this process without."""
        self.settings = settings
        self._refresher = refresher
        settings.ensure_home()
        self.pipeline = pipeline or Pipeline(settings.pipeline)
        self.engine = db.make_engine(settings.resolved_database_url)
        db.migrate(self.engine)
        self.sessions = db.session_factory(self.engine)
        # One FAISS index and corpus cache shared by API threads: mutate and read under a lock.
        self._lock = threading.RLock()
        # Comparing the whole corpus: one refresh at a time, outside `_lock`.
        self._refresh_lock = threading.RLock()
        # Refreshing in the background after an ingest (`refresh_later`): whether another
        # refresh is wanted, and the thread that runs them, both under `_background_lock`.
        self._background_lock = threading.Lock()
        self._refresh_wanted = False
        self._refresh_thread: threading.Thread | None = None
        # Set by `close`: a background refresh under way stops at its next step.
        self._closing = threading.Event()
        self._corpus: Corpus | None = None
        self._corpus_watermark: IndexSummary | None = None
        # When the database was last asked whether another process wrote: at most every
        # `sync_interval_seconds`, so a check costs no query while the corpus is unchanged.
        self._corpus_checked_at = float("-inf")
        # When the watermark the corpus was last compared with was asked for: an answer asked
        # for earlier (by a thread that waited for the lock) is older news and is ignored.
        self._corpus_asked_at = float("-inf")
        # The corpus's people as claim checks read them: clustered once per corpus, not per
        # check (`claims.compare.known_people`), and again in the background after an ingest.
        self._known_people: _PeopleOfCorpus | None = None
        self._people_thread: threading.Thread | None = None  # clustering in the background
        self.timer = StageTimer()

    # --- index ------------------------------------------------------------------------

    @cached_property
    def index(self) -> ClaimIndex:
        """Loaded from disk, or rebuilt from the database when missing or out of step."""
        try:
            index = ClaimIndex.load(
                self.settings.index_path,
                model=self.pipeline.embedder_name,
                config=self.pipeline.config.index,
            )
        except IndexOutOfStepError as reason:
            log.info("rebuilding the claim index: %s", reason)
            index = ClaimIndex.empty(self.pipeline.embedder.dimension, self.pipeline.config.index)
        self._complete_index(index, thorough=True)
        return index

    def _database_summary(self) -> IndexSummary:
        with self.sessions() as session:
            count, max_id = repo.claim_watermark(session)
        return IndexSummary(count=count, max_id=max_id)

    def models_loaded(self) -> bool:
        """Both models are loaded once the first analysis or start-up warm-up ran."""
        return "nlp" in vars(self.pipeline) and "embedder" in vars(self.pipeline)

    def warm_up(self) -> None:
        """Load models, the index, the corpus and its people now, so the first request is not
        the slow one (a check's model may be a bfloat16 copy, made on first use; 100k claims
        take 5 s to load)."""
        _ = self.pipeline.nlp, self.index
        self.pipeline.embed_queries(["The warm-up claim."])
        load_nli_model(self.settings.pipeline)  # a folder holding none fails the start
        corpus = self.corpus()
        with self._lock:
            self._people_known_in(corpus, wait=True)

    def load_models(self) -> None:
        """spaCy, the embedding model for stored vectors and clauses, and a configured NLI
        model, loaded now: a long-running job (`parallax schedule`) learns of one that is
        missing or wrong when it starts, not at its first run hours later."""
        _ = self.pipeline.nlp
        self.pipeline.embed(["The warm-up claim."])
        load_nli_model(self.settings.pipeline)

    def index_in_step(self) -> bool:
        return self.index.summary() == self._database_summary()

    def sync_index(self) -> int:
        """Bring the index in step with the database (another process may have ingested)."""
        with self._lock:
            return self._complete_index(self.index)

    def _complete_index(self, index: ClaimIndex, *, thorough: bool = False) -> int:
        """Add what the database has and the index lacks; drop what the database lost.

        Other workers only append, so usually the claims past the index's highest id are all
        that is missing; a full comparison of ids runs on open (after a crash, say) or when
        the counts say more changed."""
        indexed, database = index.summary(), self._database_summary()
        if indexed == database:
            return 0
        with self.sessions() as session:
            newer = repo.claim_ids(session, after_id=indexed.max_id)
            if thorough or indexed.count + len(newer) != database.count:
                stored = set(repo.claim_ids(session))
                present = set(index.ids().tolist())
                orphans, missing = sorted(present - stored), sorted(stored - present)
            else:
                orphans, missing = [], newer
        if orphans:
            index.remove(orphans)
        embedded = 0
        for chunk in chunks(missing, VECTOR_CHUNK):
            vectors, fresh = self._stored_vectors(chunk, index.dim)
            index.add(chunk, vectors)
            embedded += fresh
        self._save_index(index)
        log.info(
            "index completed: %d added (%d embedded anew), %d orphans removed",
            len(missing),
            embedded,
            len(orphans),
        )
        return len(missing)

    def _stored_vectors(self, claim_ids: list[int], dim: int) -> tuple[np.ndarray, int]:
        """The claims' vectors from the database; those it lacks (written before vectors were
        stored, or by another model) are embedded now and stored for the other workers."""
        model = self.pipeline.embedder_name
        with self.sessions() as session:
            stored = repo.claim_vectors(session, claim_ids, model=model)
            lacking = [claim_id for claim_id in claim_ids if claim_id not in stored]
            texts = repo.claim_texts(session, lacking) if lacking else {}
        if lacking:
            fresh = self.pipeline.embed([texts[claim_id] for claim_id in lacking])
            encoded = {
                claim_id: encode_vector(v) for claim_id, v in zip(lacking, fresh, strict=True)
            }
            try:
                with self.sessions.begin() as session:
                    repo.save_claim_vectors(session, encoded, model=model)
            except IntegrityError:
                log.debug("another worker stored these vectors first")
            stored.update(encoded)
        return decode_vectors([stored[claim_id] for claim_id in claim_ids], dim), len(lacking)

    def _save_index(self, index: ClaimIndex) -> None:
        index.save(self.settings.index_path, model=self.pipeline.embedder_name)

    # --- ingest -----------------------------------------------------------------------

    def ingest_paths(
        self,
        paths: Iterable[str],
        *,
        outlet: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> IngestResult:
        result = IngestResult()
        read_items: list[ReadItem] = []
        for path in paths:
            for item in read_path(
                Path(path), outlet=outlet, max_chars=self.settings.max_article_chars
            ):
                if isinstance(item, ItemError):
                    result.errors.append(item)
                elif isinstance(item, ReadWarning):
                    result.warnings.append(item.message)
                else:
                    read_items.append(item)
        self._ingest(read_items, result, progress)
        return result

    def ingest_articles(
        self,
        articles: Sequence[ArticleIn],
        *,
        sources: Sequence[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> IngestResult:
        """Idempotent; one transaction per article; per-item errors, never a half batch."""
        labels = sources or [f"item {position}" for position in range(len(articles))]
        result = IngestResult()
        items: list[ReadItem] = []
        for label, article in zip(labels, articles, strict=True):
            if not article.text.strip():
                result.errors.append(ItemError(source=label, message="the article text is empty"))
            elif len(article.text) > self.settings.max_article_chars:
                result.errors.append(
                    ItemError(
                        source=label,
                        message=f"the article has {len(article.text):,} characters; the limit is "
                        f"{self.settings.max_article_chars:,}",
                    )
                )
            else:
                items.append(ReadItem(source=label, article=article))
        self._ingest(items, result, progress)
        return result

    def _ingest(
        self, items: Sequence[ReadItem], result: IngestResult, progress: ProgressCallback | None
    ) -> None:
        with self._lock:
            self._ingest_locked(items, result, progress)

    def _ingest_locked(
        self, items: Sequence[ReadItem], result: IngestResult, progress: ProgressCallback | None
    ) -> None:
        """Stream: batches are parsed and embedded (in workers, for large ingests) while
        this process commits the ones already done."""
        index = self.index
        was_empty = self.is_empty()
        fresh = list(self._fresh_items(items, result))
        batches = _timed(
            self.pipeline.analyse_and_embed([item.article for item in fresh]), self.timer
        )
        done = len(items) - len(fresh)
        last_save = time.monotonic()
        position = 0
        for batch in batches:
            with self.timer.stage("store"):
                for one in batch:
                    item = fresh[position]
                    position += 1
                    self._store_one(item, one.analysed, one.vectors, index, result)
            if time.monotonic() - last_save > INDEX_SAVE_SECONDS:
                with self.timer.stage("index-save"):
                    self._save_index(index)
                last_save = time.monotonic()
            done += len(batch)
            if progress:
                progress(done, len(items))
        with self.timer.stage("index-save"):
            self._save_index(index)
        if result.created:
            self.record_analysis(ANALYSIS_VERSION, store_was_empty=was_empty)
        self._corpus_checked_at = float("-inf")  # the next read looks at the database

    def _fresh_items(self, items: Iterable[ReadItem], result: IngestResult) -> Iterator[ReadItem]:
        """Articles already stored are reported and not analysed again."""
        for item in items:
            text_hash = content_hash(item.article.text)
            article_id = derive_article_id(item.article, text_hash)
            with self.sessions() as session:
                try:
                    existing = repo.find_duplicate(
                        session, article=item.article, article_id=article_id, content_hash=text_hash
                    )
                except repo.DuplicateIdError as conflict:
                    result.errors.append(ItemError(source=item.source, message=str(conflict)))
                    continue
            if existing is None:
                yield item
            else:
                result.items.append(_existing_item(item.source, existing))

    def _store_one(
        self,
        item: ReadItem,
        analysed: AnalysedArticle,
        vectors: np.ndarray,
        index: ClaimIndex,
        result: IngestResult,
    ) -> None:
        """One transaction; the duplicate check is repeated inside it for concurrent writers."""
        text_hash = content_hash(item.article.text)
        article_id = derive_article_id(item.article, text_hash)
        try:
            with self.sessions.begin() as session:
                existing = repo.find_duplicate(
                    session, article=item.article, article_id=article_id, content_hash=text_hash
                )
                if existing is not None:
                    result.items.append(_existing_item(item.source, existing))
                    return
                stored, claim_ids = repo.insert_article(
                    session,
                    article=analysed.article,
                    article_id=article_id,
                    content_hash=text_hash,
                    claims=analysed.claims,
                    vectors=[encode_vector(vector) for vector in vectors],
                    vector_model=self.pipeline.embedder_name,
                    published_inferred=analysed.published_inferred,
                )
        except repo.DuplicateIdError as conflict:
            result.errors.append(ItemError(source=item.source, message=str(conflict)))
            return
        except IntegrityError as failure:
            # Most likely another writer stored the same article between check and insert.
            with self.sessions() as session:
                existing = repo.find_duplicate(
                    session, article=item.article, article_id=article_id, content_hash=text_hash
                )
            if existing is not None:
                result.items.append(_existing_item(item.source, existing))
            else:
                result.errors.append(_storage_error(item.source, failure))
            return
        except SQLAlchemyError as failure:
            # The transaction rolled back: no half article, and no vectors were added.
            result.errors.append(_storage_error(item.source, failure))
            return
        index.add(claim_ids, vectors)
        result.items.append(
            IngestItem(
                source=item.source, article_id=stored.id, created=True, claim_count=len(claim_ids)
            )
        )

    def reanalyse(self, *, progress: ProgressCallback | None = None) -> ReanalyseResult:
        """Every stored article analysed again by this version of the pipeline, its claims,
        extractions and vectors replaced in one transaction per article.

        Stores keep the claims of the version that ingested them; after an upgrade that
        segments or extracts differently this brings them in line, and findings follow on
        the next read (the claim ids change). An article that cannot be stored keeps its
        claims and is reported; the rest go on."""
        with self._lock:
            with self.sessions() as session:
                stored = repo.article_ids(session)
            result = ReanalyseResult()
            index = self.index
            last_save = time.monotonic()
            done = 0
            for ids in chunks(stored, REANALYSE_CHUNK):
                with self.sessions() as session:
                    found = repo.articles_by_ids(session, ids)
                chunk = [found[article_id] for article_id in ids if article_id in found]
                incoming = [_as_received(article) for article in chunk]
                embedded = (
                    one for batch in self.pipeline.analyse_and_embed(incoming) for one in batch
                )
                for article, one in zip(chunk, embedded, strict=True):
                    self._replace_claims(article, one, index, result)
                    done += 1
                    if progress:
                        progress(done, len(stored))
                    if time.monotonic() - last_save > INDEX_SAVE_SECONDS:
                        self._save_index(index)
                        last_save = time.monotonic()
            self._save_index(index)
            if not result.errors:
                self.record_analysis(ANALYSIS_VERSION, store_was_empty=True)
            self._corpus = None  # claims were removed, not only added: read them all again
            self._corpus_checked_at = float("-inf")
        return result

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return not repo.has_articles(session)

    @cached_property
    def comparison(self) -> str:
        """The comparator and the settings it reads, which stored findings are stamped with
        (fixed for the workspace's life, as its settings are)."""
        return comparison_fingerprint(self.settings.pipeline)

    def analysis_version(self) -> int | None:
        """The oldest analysis the stored claims come from (None: unknown, so older)."""
        with self.sessions() as session:
            stored = repo.get_state(session, ANALYSIS_STATE)
        return int(stored) if stored is not None else None

    def record_analysis(self, version: int | None, *, store_was_empty: bool) -> None:
        """Claims of analysis `version` were just stored: into an empty store they set its
        version; otherwise the store keeps the oldest it holds, and an unknown one stays so."""
        for _ in range(2):  # a worker that wrote the first record at the same moment wins once
            recorded = self.analysis_version()
            if store_was_empty:
                oldest = version
            elif recorded is None or version is None:
                oldest = None
            else:
                oldest = min(recorded, version)
            if oldest == recorded:
                return
            try:
                with self.sessions.begin() as session:
                    if oldest is None:
                        repo.delete_state(session, ANALYSIS_STATE)
                    else:
                        repo.set_state(session, ANALYSIS_STATE, str(oldest))
                return
            except IntegrityError:
                log.debug("another worker recorded the analysis version first")

    def _replace_claims(
        self,
        article: Article,
        embedded: EmbeddedArticle,
        index: ClaimIndex,
        result: ReanalyseResult,
    ) -> None:
        claims = embedded.analysed.claims
        try:
            with self.sessions.begin() as session:
                old, new_ids = repo.replace_claims(
                    session,
                    article_id=article.id,
                    claims=claims,
                    vectors=[encode_vector(vector) for vector in embedded.vectors],
                    vector_model=self.pipeline.embedder_name,
                )
        except SQLAlchemyError as failure:
            # The transaction rolled back: the article keeps its claims and the index its vectors.
            result.errors.append(_storage_error(article.id, failure))
            return
        index.remove([claim.id for claim in old if claim.id is not None])
        index.add(new_ids, embedded.vectors)
        result.articles += 1
        result.changed += _content(old) != _content(claims)
        result.claims_before += len(old)
        result.claims_after += len(claims)

    # --- reading ----------------------------------------------------------------------

    def article(self, article_id: str) -> ArticleWithClaims | None:
        with self.sessions() as session:
            stored = repo.get_article(session, article_id)
            if stored is None:
                return None
            return ArticleWithClaims(
                article=stored, claims=repo.claims_for_article(session, article_id)
            )

    def stats(self) -> Stats:
        with self.sessions() as session:
            counts = repo.stats(session)
        index_summary = self.index.summary()
        version = self.analysis_version()
        return Stats(
            analysis_version=version,
            reanalyse_advised=counts["articles"] > 0
            and (version is None or version < ANALYSIS_VERSION),
            articles=counts["articles"],
            claims=counts["claims"],
            outlets=counts["outlets"],
            quantities=counts["quantities"],
            dates=counts["dates"],
            mentions=counts["mentions"],
            indexed_vectors=index_summary.count,
            index_in_step=index_summary == self._database_summary(),
        )

    def corpus(self) -> Corpus:
        """Every article and claim in memory with the index; rebuilt when the store changed."""
        looked = self._look_at_database()
        with self._lock:
            return self._current_corpus(looked)

    def _look_at_database(self) -> tuple[float, IndexSummary] | None:
        """(when asked, the database's watermark) once the sync interval has passed, else None.

        Asked before the lock is taken: counting the claims takes 10 ms of SQLite at 100k
        claims, and every claim check in flight would wait for it at the lock."""
        now = time.monotonic()
        if (
            self._corpus is not None
            and now - self._corpus_checked_at < self.settings.sync_interval_seconds
        ):
            return None
        self._corpus_checked_at = now
        return now, self._database_summary()

    def _current_corpus(self, looked: tuple[float, IndexSummary] | None) -> Corpus:
        """The corpus as of the watermark `looked` at (under the lock); as it is when None."""
        if looked is None and self._corpus is None:
            looked = time.monotonic(), self._database_summary()
        if looked is not None and looked[0] > self._corpus_asked_at:
            asked_at, watermark = looked
            self._corpus_asked_at = asked_at
            if self._corpus is None or self._corpus_watermark != watermark:
                self._complete_index(self.index)
                self._corpus = self._load_corpus(self._corpus, self._corpus_watermark, watermark)
                self._corpus_watermark = watermark
        assert self._corpus is not None
        return self._corpus

    @collector_paused()
    def _load_corpus(
        self, previous: Corpus | None, was: IndexSummary | None, now: IndexSummary
    ) -> Corpus:
        """Only the claims added since `previous` when nothing else changed; else everything.

        Claims committed after the index was completed are left for the next look: the
        comparator reads every claim's vector from the index."""
        indexed = set(self.index.ids().tolist())
        with self.sessions() as session:
            if previous is not None and was is not None:
                newer = {
                    claim.id: claim
                    for claim in repo.iter_claims(session, after_id=was.max_id)
                    if claim.id is not None and claim.id in indexed
                }
                if was.count + len(newer) == now.count:
                    wanted = {c.article_id for c in newer.values() if c.article_id}
                    new_articles = repo.articles_by_ids(
                        session, sorted(wanted - set(previous.articles))
                    )
                    return previous.grown(new_articles, newer)
            articles = {article.id: article for article in repo.all_articles(session)}
            claims = {
                c.id: c for c in repo.iter_claims(session) if c.id is not None and c.id in indexed
            }
        return Corpus(articles=articles, claims=claims, index=self.index).build_lookups()

    # --- comparing --------------------------------------------------------------------

    def check(self, request: CheckRequest) -> CheckResult:
        claims, vectors = self.pipeline.check_query(request.text, request.published)
        article = ArticleIn(text=request.text, published=request.published, outlet=request.outlet)
        looked = self._look_at_database()
        with self._lock:
            corpus = self._current_corpus(looked)
            known = self._people_known_in(corpus)
            checked = check_against_corpus(
                claims, vectors, article, corpus, self.settings.pipeline, known
            )
        matches = [
            self._match(corpus, claim_id, similarity, checked.matched_by[claim_id])
            for claim_id, similarity in checked.matches
        ]
        matched = {position for positions in checked.matched_by.values() for position in positions}
        return CheckResult(
            claims=claims,
            matches=matches,
            discrepancies=checked.findings,
            verdict=_verdict(bool(checked.findings), bool(matches)),
            claim_verdicts=[
                _verdict(position in checked.disputed, position in matched)
                for position in range(len(claims))
            ],
        )

    def _people_known_in(
        self, corpus: Corpus, known: KnownPeople | None = None, *, wait: bool = False
    ) -> KnownPeople:
        """The corpus's people for claim checks (under the lock). Clustering them takes
        0.3-0.8 s over all of ECB+, 4-5 s at 100k claims: after an ingest, here or by another
        worker, checks read the people as they were while the grown corpus's are clustered in
        the background, by the refresh process when there is one (the newly ingested people
        are not known to checks for that while); the first check of a
        server that was not warmed up, or after claims were removed, waits for them.
        `known`: gathered by the caller already (a refresh); `wait`: never the old ones."""
        cached = self._known_people
        if cached is not None and cached.corpus is corpus:
            return cached.known
        if known is None and not wait and cached is not None and cached.serves(corpus):
            if self._refresher is None:
                self._cluster_people_later(corpus)
            elif not self._refreshing_elsewhere():  # else the refresh under way hands them over
                self.refresh_later()
            return cached.known
        if known is None:
            known = known_people(corpus, self.settings.pipeline)
        self._known_people = _PeopleOfCorpus(corpus, known)
        return known

    def _refreshing_elsewhere(self) -> bool:
        return self._refresher is not None and self._refresh_thread is not None

    def _cluster_people_later(self, corpus: Corpus) -> None:
        if self._people_thread is not None and self._people_thread.is_alive():
            return
        self._people_thread = threading.Thread(
            target=self._cluster_people, args=(corpus,), name="parallax-people", daemon=True
        )
        self._people_thread.start()

    def _cluster_people(self, corpus: Corpus) -> None:
        """Outside the lock: a corpus is never changed once loaded, only replaced."""
        try:
            known = known_people(corpus, self.settings.pipeline)
            with self._lock:
                cached = self._known_people
                if cached is not None and cached.serves(corpus):
                    self._known_people = _PeopleOfCorpus(corpus, known)
        except Exception:
            log.exception("clustering the corpus's people for claim checks failed")

    @staticmethod
    def _match(
        corpus: Corpus, claim_id: int, similarity: float, posted_claims: Sequence[int]
    ) -> Match:
        claim = corpus.claims[claim_id]
        article = corpus.articles[claim.article_id or ""]
        return Match(
            claim_id=claim_id,
            article_id=article.id,
            outlet=article.outlet,
            published=article.published,
            text=claim.text,
            similarity=round(float(similarity), 4),
            posted_claims=list(posted_claims),
        )

    def refresh_discrepancies(self, progress: ProgressCallback | None = None) -> list[Finding]:
        """Run the comparator over the whole corpus and store the findings; `progress` is
        told (steps done, steps in all), `claims.compare.comparison_steps`.

        Refreshes run one at a time, and outside the workspace lock: comparing 100k claims
        takes most of a minute, which claim checks would otherwise spend waiting. A loaded
        corpus is never changed, only replaced, so it is compared as it was taken."""
        with self._refresh_lock:
            with self._lock:
                # Findings are stamped with the database's watermark: never compare a
                # throttled view.
                corpus = self._current_corpus((time.monotonic(), self._database_summary()))
                watermark = self._corpus_watermark or self._database_summary()
            with long_lived_frozen():
                settings = self.settings.pipeline
                if progress is not None:
                    progress(0, comparison_steps(corpus, settings))
                known = known_people(corpus, settings)
                findings = find_discrepancies(
                    corpus,
                    settings,
                    embed_clauses=self.pipeline.embed_clauses,
                    known=known,
                    progress=progress,
                )
                entities = person_entities(corpus, settings, known.people)
            with self._lock:
                if self._corpus is corpus:  # checks may have moved on to a newer corpus
                    self._people_known_in(corpus, known)
            self._store_findings(findings, entities, watermark)
        return findings

    def refresh_later(self) -> None:
        """Bring the findings up to date in a background thread (after an ingest through the
        API), so that the next reader need not wait for the comparison: most of a minute at
        100k claims. Ingests that arrive meanwhile are compared by one more refresh."""
        with self._background_lock:
            self._refresh_wanted = True
            if self._refresh_thread is None:
                self._refresh_thread = threading.Thread(
                    target=self._refresh_while_wanted, name="parallax-refresh", daemon=True
                )
                self._refresh_thread.start()

    def _refresh_while_wanted(self) -> None:
        while True:
            with self._background_lock:
                if not self._refresh_wanted:
                    self._refresh_thread = None
                    return
                self._refresh_wanted = False
            try:
                self._refresh_once()
            except Exception as exc:
                if self._closing.is_set():
                    log.info("background refresh abandoned: the workspace is closing (%s)", exc)
                else:
                    log.exception("refreshing the findings in the background failed")

    def _refresh_once(self) -> None:
        """In a refresher, the people come back even when the findings were fresh already:
        the corpus may have grown through another worker's ingest, whose refresh stored them."""
        if self._refresher is None:
            self.ensure_fresh_findings(self._abandon_if_closing)
            return
        with self._refresh_lock:
            self._adopt_people(self._refresher.refresh())

    def _abandon_if_closing(self, done: int, total: int) -> None:
        """A background refresh's progress: a closing server need not wait most of a minute
        for findings nobody will read before the next start, which compares them again."""
        if self._closing.is_set():
            raise RefreshAbandoned(f"stopped after {done} of {total} steps")

    def _store_findings(
        self, findings: list[Finding], entities: list[Entity], watermark: IndexSummary
    ) -> None:
        with self.sessions.begin() as session:
            # Workers sharing a database may refresh at once: one writes, the others wait
            # and then replace the findings with the same ones.
            db.take_lock(session, db.FINDINGS_LOCK_KEY)
            repo.replace_findings(
                session, findings, run_id=findings_run_id(watermark, self.comparison)
            )
            repo.replace_entities(session, entities)

    def current_discrepancies(
        self,
        *,
        refresh: bool = False,
        kind: FindingKind | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[Finding]:
        """Stored findings, recomputed first when the corpus changed since they were made;
        `progress` hears of the comparison, when there is one."""
        if refresh:
            self.refresh_discrepancies(progress)
        else:
            self.ensure_fresh_findings(progress)
        with self.sessions() as session:  # fresh now: not asked again, as `discrepancies` asks
            return repo.list_findings(session, kind=kind, limit=1_000_000)

    def ensure_fresh_findings(self, progress: ProgressCallback | None = None) -> None:
        """A reader that finds the findings stale refreshes them, in the refresher when there
        is one (`progress` is then not told); readers arriving meanwhile wait for that
        refresh rather than start their own."""
        with self._refresh_lock:
            with self.sessions() as session:
                last_run = repo.last_findings_run(session)
            if last_run == findings_run_id(self._database_summary(), self.comparison):
                return
            if self._refresher is not None:
                self._adopt_people(self._refresher.refresh())
            else:
                self.refresh_discrepancies(progress)

    def people_now(self) -> ComparedPeople:
        """The people of the corpus the database holds now, clustered here when the last
        comparison did not gather them: the refresh process's answer, also when another
        worker's refresh had stored the findings already."""
        looked = self._look_at_database()
        with self._lock:
            corpus = self._current_corpus(looked)
            known = self._people_known_in(corpus, wait=True)
            assert self._corpus_watermark is not None
            return ComparedPeople(self._corpus_watermark, known)

    def _adopt_people(self, compared: ComparedPeople | None) -> None:
        """Checks read the people the refresher gathered when they are of the corpus loaded
        here, grown first to the refresher's watermark when that is still the database's
        (the usual case: the ingest that asked for the refresh came in here, and no check has
        loaded it yet); otherwise the next check clusters its own (`_people_known_in`)."""
        if compared is None:
            return
        # Asked before the lock, as `_look_at_database` asks: 10 ms of SQLite at 100k claims.
        database = self._database_summary()
        with self._lock:
            if self._corpus is None:
                return  # not warmed up: the first check loads the corpus and its people
            if self._corpus_watermark != compared.watermark:
                if database != compared.watermark:
                    return
                self._current_corpus((time.monotonic(), compared.watermark))
            cached = self._known_people
            if cached is None or cached.corpus is not self._corpus:
                self._known_people = _PeopleOfCorpus(self._corpus, compared.known)

    def discrepancies(
        self,
        *,
        kind: FindingKind | None = None,
        status: FindingStatus | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        since: datetime | None = None,
        after: str | None = None,
        limit: int = 50,
    ) -> list[Finding]:
        """Stored findings; recomputed first when articles came in since the last run."""
        self.ensure_fresh_findings()
        with self.sessions() as session:
            return repo.list_findings(
                session,
                kind=kind,
                status=status,
                outlet=outlet,
                entity=entity,
                since=since,
                after=after,
                limit=limit,
            )

    def entity(self, entity_id: str) -> Entity | None:
        self.ensure_fresh_findings()
        with self.sessions() as session:
            return repo.get_entity(session, entity_id)

    def close(self) -> None:
        """Background clustering finishes first and a background refresh stops, at once in
        a refresher, at its next step here: they hold the corpus and the database, which a
        closed workspace lets go of."""
        self._closing.set()
        if self._refresher is not None:
            self._refresher.close()
        if self._people_thread is not None:
            self._people_thread.join()
        with self._background_lock:
            self._refresh_wanted = False
            refreshing = self._refresh_thread
        if refreshing is not None:
            refreshing.join()
        self.engine.dispose()


@dataclass
class _PeopleOfCorpus:
    """The people clustered from `corpus`, and the latest corpus grown from it they stand for
    until its own are clustered: their claims are all still there."""

    corpus: Corpus
    known: KnownPeople
    grown: weakref.ref[Corpus] | None = None

    def serves(self, corpus: Corpus) -> bool:
        if corpus is self.corpus or (self.grown is not None and self.grown() is corpus):
            return True
        if self.corpus.claims.keys() <= corpus.claims.keys():
            self.grown = weakref.ref(corpus)
            return True
        return False


def _verdict(disputed: bool, matched: bool) -> Verdict:
    if disputed:
        return Verdict.CONFLICTING
    return Verdict.SUPPORTED if matched else Verdict.UNVERIFIED


def _storage_error(source: str, failure: SQLAlchemyError) -> ItemError:
    reason = getattr(failure, "orig", None) or failure
    return ItemError(source=source, message=f"could not be stored, nothing was kept: {reason}")


def _existing_item(source: str, existing: Article) -> IngestItem:
    return IngestItem(
        source=source, article_id=existing.id, created=False, claim_count=existing.claim_count
    )


def _content(claims: Sequence[Claim]) -> list[dict[str, object]]:
    """What analysis made of an article, without the ids storing it gave."""
    return [claim.model_dump(exclude={"id", "article_id"}) for claim in claims]


def _as_received(article: Article) -> ArticleIn:
    """The stored article as it came in: a date read from its dateline is read again."""
    return ArticleIn(
        id=article.id,
        outlet=article.outlet,
        url=article.url,
        published=None if article.published_inferred else article.published,
        title=article.title,
        text=article.text,
    )


def findings_run_id(watermark: IndexSummary, comparison: str) -> str:
    """Names the findings made from exactly the claims up to this watermark by this comparator
    and its settings: an upgrade or a changed threshold makes them stale, as new claims do."""
    return f"claims-{watermark.count}-{watermark.max_id}-compared-{comparison}"


def _timed(
    batches: Iterator[list[EmbeddedArticle]], timer: StageTimer
) -> Iterator[list[EmbeddedArticle]]:
    """Counts the time spent waiting for analysis and embedding as its own stage."""
    while True:
        with timer.stage("analyse and embed"):
            batch = next(batches, None)
        if batch is None:
            return
        yield batch
