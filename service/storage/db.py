"""Engine, migrations and sessions. SQLite by default; any SQLAlchemy URL works."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL lets readers work while one writer ingests; foreign keys make cascades real."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


# Fixed numbers naming PostgreSQL advisory locks that serialise work across processes.
MIGRATION_LOCK_KEY = 7_305_211
FINDINGS_LOCK_KEY = 7_305_212


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; harmless when it already is.

    Several workers often start at once: the first migrates while the others wait, then find
    the schema current (a PostgreSQL advisory lock, taken in migrations/env.py; a file lock
    beside a SQLite database)."""
    with _sqlite_migration_lock(engine):
        command.upgrade(alembic_config(engine), "head")


def take_migration_lock(connection: Any) -> None:
    """Called by migrations/env.py inside the migration transaction; released at its end."""
    take_lock(connection, MIGRATION_LOCK_KEY)


def take_lock(connection: Connection | Session, key: int) -> None:
    """Wait for a PostgreSQL advisory lock held until the transaction ends. SQLite needs none:
    it lets one writer in at a time anyway."""
    dialect = (
        connection.get_bind().dialect if isinstance(connection, Session) else connection.dialect
    )
    if dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


@contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
