"""Plain data shared by every layer: the pipeline, storage, the API and the client.

Only pydantic and the standard library are imported here, so the REST client can
install without torch or spaCy.
"""

from models.article import Article, ArticleIn
from models.check import (
    ArticleWithClaims,
    CheckRequest,
    CheckResult,
    IngestItem,
    IngestResult,
    ItemError,
    Match,
    ReanalyseResult,
    Stats,
    Verdict,
)
from models.claim import (
    Claim,
    DateMention,
    DatePrecision,
    Hedge,
    Mention,
    MentionLabel,
    Quantity,
    Span,
)
from models.finding import (
    EvidenceClaim,
    Finding,
    FindingKind,
    FindingStatus,
    FindingValue,
    TimelinePoint,
)

__all__ = [
    "Article",
    "ArticleIn",
    "ArticleWithClaims",
    "CheckRequest",
    "CheckResult",
    "Claim",
    "DateMention",
    "DatePrecision",
    "EvidenceClaim",
    "Finding",
    "FindingKind",
    "FindingStatus",
    "FindingValue",
    "Hedge",
    "IngestItem",
    "IngestResult",
    "ItemError",
    "Match",
    "Mention",
    "MentionLabel",
    "Quantity",
    "ReanalyseResult",
    "Span",
    "Stats",
    "TimelinePoint",
    "Verdict",
]
