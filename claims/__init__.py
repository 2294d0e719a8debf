"""The claim pipeline: segment, extract, embed, index, align, compare. No web imports."""

from claims.config import PipelineConfig
from claims.pipeline import AnalysedArticle, Pipeline

__all__ = ["AnalysedArticle", "Pipeline", "PipelineConfig"]
