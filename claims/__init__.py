"""The claim pipeline: segment, extract, embed, index, align, compare. No web imports."""

from claims.config import PipelineConfig
from claims.pipeline import AnalysedArticle, EmbeddedArticle, Pipeline

__all__ = ["AnalysedArticle", "EmbeddedArticle", "Pipeline", "PipelineConfig"]
