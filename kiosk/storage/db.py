"""The database engine: SQLite for one laptop, PostgreSQL for a testing center, the same code.

SQLite runs in WAL mode with ``synchronous=FULL``, so a committed answer survives a power cut, and
with foreign keys enforced.  The schema is brought to the current revision by Alembic; start-up
first compares the stored revision with :data:`SCHEMA_REVISION` so that Alembic is imported only
when there is something to do.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text

#: The newest migration; a test keeps it equal to Alembic's head.
SCHEMA_REVISION = "0005"


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite database file."""
    return f"sqlite:///{path}"


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url`` with the settings the kiosk relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Sealing the answer keys of an older database overwrites their clear text; without this
    # the old bytes would stay readable in the file's free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    # Several stations or the admin window may write at once on one laptop: wait, don't fail.
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision."""
    if current_revision(engine) == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("kiosk.storage").joinpath("migrations"))
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
