"""The composition root: the one place that wires settings, database, clock and services."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, SystemClock
from kiosk.config import Settings
from kiosk.services.attempts import AttemptService
from kiosk.services.bank import BankService
from kiosk.services.catalog import CatalogService
from kiosk.services.protocols import ProtocolService
from kiosk.storage.db import make_engine, migrate


@dataclass
class Kiosk:
    """Everything a station or a command needs, built once."""

    settings: Settings
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    attempts: AttemptService
    bank: BankService
    catalog: CatalogService
    protocols: ProtocolService

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def build(settings: Settings, clock: Clock | None = None, *, upgrade: bool = True) -> Kiosk:
    """Open (and migrate) the database and build the services on it."""
    clock = clock or SystemClock()
    settings.ensure_folders()
    engine = make_engine(settings.database_url)
    if upgrade:
        migrate(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    protocols = ProtocolService(
        sessions, clock, settings.archive_dir, settings.timezone, actor=settings.station_id
    )
    return Kiosk(
        settings=settings,
        clock=clock,
        engine=engine,
        sessions=sessions,
        attempts=AttemptService(engine, sessions, clock, settings.station_id, protocols.issue),
        bank=BankService(sessions, clock),
        catalog=CatalogService(sessions, clock, actor=settings.station_id),
        protocols=protocols,
    )
