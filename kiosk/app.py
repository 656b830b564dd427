"""The composition root: the one place that wires settings, database, clock and services."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, SystemClock
from kiosk.config import Settings
from kiosk.services.accounts import AccountService
from kiosk.services.attempts import AttemptService
from kiosk.services.bank import BankService
from kiosk.services.competitions import CompetitionService
from kiosk.services.proctor import ProctorService
from kiosk.services.protocols import ProtocolService
from kiosk.services.results import ResultsService
from kiosk.services.sessions import SessionService
from kiosk.storage.db import make_engine, migrate

if TYPE_CHECKING:
    from kiosk.services.appeals import AppealService
    from kiosk.services.documents import DocumentService
    from kiosk.services.retention import RetentionService


@dataclass
class Kiosk:
    """Everything a station or a command needs, built once."""

    settings: Settings
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    attempts: AttemptService
    bank: BankService
    protocols: ProtocolService
    accounts: AccountService
    competitions: CompetitionService
    exam_sessions: SessionService
    proctor: ProctorService
    results: ResultsService

    @cached_property
    def documents(self) -> DocumentService:
        """The competition's documents; built on first use, so that a station, which never
        makes them, does not load the PDF and spreadsheet libraries at start-up."""
        from kiosk.services.documents import DocumentService

        return DocumentService(
            self.sessions,
            self.clock,
            self.settings.timezone,
            self.settings.archive_dir,
            self.protocols,
        )

    @cached_property
    def appeals(self) -> AppealService:
        """Technical appeals and their commissions (admin mode only)."""
        from kiosk.services.appeals import AppealService

        return AppealService(
            self.sessions,
            self.clock,
            self.settings.timezone,
            self.settings.archive_dir,
            self.protocols,
        )

    @cached_property
    def retention(self) -> RetentionService:
        """Retention of the archive and the records (cl. 36, 39); built on first use, like the
        documents, because only an administrator's command or window ever needs it."""
        from kiosk.services.retention import RetentionService

        return RetentionService(
            self.sessions, self.clock, self.settings.timezone, self.settings.archive_dir
        )

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
    zone = settings.timezone
    protocols = ProtocolService(
        sessions, clock, settings.archive_dir, zone, actor=settings.station_id
    )
    session_service = SessionService(sessions, clock, zone)
    results = ResultsService(sessions, clock, zone, session_service)
    return Kiosk(
        settings=settings,
        clock=clock,
        engine=engine,
        sessions=sessions,
        attempts=AttemptService(engine, sessions, clock, settings.station_id, protocols.issue),
        bank=BankService(sessions, clock),
        protocols=protocols,
        accounts=AccountService(sessions, clock),
        competitions=CompetitionService(sessions, clock, zone),
        exam_sessions=session_service,
        proctor=ProctorService(sessions, clock),
        results=results,
    )
