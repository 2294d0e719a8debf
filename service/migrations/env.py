"""Alembic environment: the engine comes from service.storage.db, never from an ini file."""

from alembic import context

from service.storage.db import take_migration_lock
from service.storage.tables import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    take_migration_lock(connection)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
