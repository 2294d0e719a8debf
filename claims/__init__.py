"""The claim pipeline: segment, extract, embed, index, align, compare. No web imports."""

from claims.config import PipelineConfig
from claims.pipeline import ANALYSIS_VERSION, AnalysedArticle, EmbeddedArticle, Pipeline

__all__ = ["ANALYSIS_VERSION", "AnalysedArticle", "EmbeddedArticle", "Pipeline", "PipelineConfig"]
