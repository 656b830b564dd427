"""The database itself: durability settings, migrations, and where the data lives."""

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from kiosk.config import resolve_settings
from kiosk.storage.db import SCHEMA_REVISION, current_revision, make_engine, migrate
from kiosk.storage.models import Base


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_migrations_create_exactly_the_modelled_tables(database_url):
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    assert current_revision(engine) == SCHEMA_REVISION
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspect(engine).get_columns(name)}
        assert columns == set(table.columns.keys()), name
    engine.dispose()


def test_the_startup_revision_is_alembics_head():
    config = Config()
    config.set_main_option("script_location", str(Path("kiosk/storage/migrations").resolve()))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_data_dir_and_database_come_from_options_then_environment(tmp_path):
    env = {"KIOSK_DATA_DIR": str(tmp_path / "env"), "KIOSK_STATION": "st-7"}
    settings = resolve_settings(environ=env)
    assert settings.data_dir == (tmp_path / "env").resolve()
    assert settings.database_url == f"sqlite:///{(tmp_path / 'env').resolve() / 'kiosk.db'}"
    assert settings.station_id == "st-7"
    override = resolve_settings(data_dir=str(tmp_path / "cli"), environ=env)
    assert override.data_dir == (tmp_path / "cli").resolve()
    pg = resolve_settings(environ={**env, "KIOSK_DATABASE_URL": "postgresql://u@h/db"})
    assert pg.database_url == "postgresql+psycopg://u@h/db"
    assert (
        resolve_settings(database_url="sqlite:///x.db", environ=env).database_url
        == "sqlite:///x.db"
    )


def test_folders_are_made_inside_the_data_dir(tmp_path):
    settings = resolve_settings(data_dir=str(tmp_path / "d"), environ={})
    settings.ensure_folders()
    assert settings.archive_dir.is_dir() and settings.log_dir.is_dir()
    assert settings.archive_dir.parent == settings.data_dir


def test_upgrading_a_first_schema_database_keeps_its_questions(database_url):
    from alembic import command

    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(Path("kiosk/storage/migrations").resolve()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text("INSERT INTO sections (id, code, title) VALUES (1, 'law', '{\"ky\": \"Мыйзам\"}')")
        )
        connection.execute(text("INSERT INTO questions (id, uid, section_id) VALUES (1, 'Q-1', 1)"))
        connection.execute(
            text(
                "INSERT INTO question_versions (id, question_id, version, status, stem, options,"
                " correct, source, tags, shuffle_options, created_at) VALUES (1, 1, 1,"
                " 'approved', '{}', '[]', '[\"a\"]', '', '[]', true, '2026-01-01 00:00:00+00')"
            )
        )
    migrate(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT multiple, languages, author, fingerprint FROM question_versions")
        ).one()
        position = connection.execute(text("SELECT position FROM sections")).scalar()
    assert (bool(row[0]), row[2], row[3], position) == (False, "", "", 0)
    assert "ky" in str(row[1])
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("question_versions")}
    assert indexes["one_approved_version"]["unique"]
    engine.dispose()


def test_a_local_time_is_stored_as_the_same_instant(database_url):
    """A Bishkek time (UTC+6) reads back as the same moment, not six hours off (SQLite keeps
    no zone, so the type converts to UTC before writing)."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from sqlalchemy.orm import Session

    from kiosk.storage.models import Account

    engine = make_engine(database_url)
    migrate(engine)
    local = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Asia/Bishkek"))
    with Session(engine) as session, session.begin():
        session.add(
            Account(
                login="a",
                full_name="A",
                roles=[],
                password_hash="x",
                failed_logins=0,
                locked_until=local,
                active=True,
                created_at=local,
            )
        )
    with Session(engine) as session:
        stored = session.query(Account).one().locked_until
    assert stored == local
    assert stored.utcoffset() is not None
    assert stored.astimezone(UTC).hour == 3
    engine.dispose()


def test_attempts_scored_before_result_versions_get_their_first_version(world):
    # A database of revision 0003 held scores only in ``attempts``; 0004 keeps them as
    # version 1 of each result, so that an appeal can add version 2.
    from alembic import command

    (code,) = world.seat(world.add("Асанова Гүлнара"))
    attempt_id = world.sit(code, right=7)
    engine = world.kiosk.engine
    config = Config()
    config.set_main_option("script_location", str(Path("kiosk/storage/migrations").resolve()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert current_revision(engine) == "0003"
    migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT attempt_id, version, score, basis FROM result_versions")
        ).all()
    assert [tuple(row) for row in rows] == [(attempt_id, 1, 7, "submitted")]
