"""Storage: SQLAlchemy 2 models, the engine for SQLite or PostgreSQL, and Alembic migrations."""
