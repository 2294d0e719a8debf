"""Where a test keeps its data: SQLite inside its home, or a fresh PostgreSQL database of its own.

Set PARALLAX_TEST_POSTGRES_URL to the URL of a role that may create databases (`.ci/run` does,
for its second pass) and every store a test opens gets a new database on that server, so tests
stay as isolated as they are on SQLite. Left unset, `fresh_database_url()` is None and
`Settings` falls back to SQLite in the test's home.
"""

from __future__ import annotations

import os
import time
import uuid

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

ADMIN_URL_VARIABLE = "PARALLAX_TEST_POSTGRES_URL"
PREFIX = "parallax_test_"
# The databases this test run made: dropped when it ends, and only those (another run may be
# using the same server).
_created: list[str] = []


def postgres_admin_url() -> str | None:
    return os.environ.get(ADMIN_URL_VARIABLE) or None


def fresh_database_url() -> str | None:
    """A new, empty PostgreSQL database when testing against PostgreSQL; None on SQLite."""
    admin_url = postgres_admin_url()
    if admin_url is None:
        return None
    name = PREFIX + uuid.uuid4().hex[:16]
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        _created.append(name)
    finally:
        engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_test_databases() -> int:
    """Drop the databases this test run created."""
    admin_url = postgres_admin_url()
    if admin_url is None or not _created:
        return 0
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    dropped = 0
    try:
        with engine.connect() as connection:
            while _created:
                _drop(connection, _created.pop())
                dropped += 1
    finally:
        engine.dispose()
    return dropped


def _drop(connection: Connection, name: str, attempts: int = 5) -> None:
    """FORCE ends the sessions still open on the database; a background worker of the server
    (autovacuum analysing a table the test wrote) belongs to no role the test role may end
    without pg_signal_backend, which `.ci/start-postgres` grants: elsewhere, wait it out."""
    for attempt in range(1, attempts + 1):
        try:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError as error:
            if attempt == attempts:
                raise RuntimeError(
                    f"could not drop test database {name} after {attempts} attempts: {error.orig}"
                ) from error
            time.sleep(0.5 * attempt)
