"""The only place that reads the environment (prefix PARALLAX_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from claims.config import PipelineConfig


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PARALLAX_", env_nested_delimiter="__", extra="ignore"
    )

    home: Path = Field(
        default=Path(".parallax"), description="Holds the SQLite database and the FAISS index."
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; defaults to SQLite inside `home`."
    )
    pipeline: PipelineConfig = PipelineConfig()
    max_article_chars: int = Field(
        default=2_000_000, description="Longer articles are refused, naming the limit."
    )
    api_open_reads: bool = Field(
        default=True, description="Let GET requests and claim checks through without a key."
    )
    max_body_bytes: int = Field(default=5_000_000, description="Larger request bodies get 413.")
    max_batch: int = Field(default=100, ge=1, description="Articles per POST /v1/articles.")
    sync_interval_seconds: float = Field(
        default=0.5,
        ge=0,
        description="How often a worker asks the database whether other workers ingested.",
    )
    rate_limit_per_minute: int = Field(
        default=600, ge=1, description="Requests per API key (or client address) per minute."
    )
    api_embed_process: bool = Field(
        default=True,
        description="The API embeds in a process of its own, where torch never waits for the "
        "GIL the request threads hold (claims/embed.py ProcessEmbedder).",
    )
    api_refresh_process: bool = Field(
        default=True,
        description="The API compares the corpus in a process of its own, where the comparison "
        "never holds the GIL claim checks need (service/refresher.py).",
    )
    refresh_niceness: int = Field(
        default=10,
        ge=0,
        le=19,
        description="How much lower the refresh process's CPU priority is than the server's: "
        "checks first, findings after.",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'parallax.db').resolve()}"

    @property
    def index_path(self) -> Path:
        return self.home / "claims.faiss"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home
