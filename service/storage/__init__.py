"""Storage: SQLAlchemy tables, the engine with migrations, and the queries (repo)."""
