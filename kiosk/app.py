"""The composition root: the one place that wires settings, database, clock and services."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, SystemClock
from kiosk.config import Settings
from kiosk.security.vault import VAULT, Vault
from kiosk.services.accounts import AccountService
from kiosk.services.attempts import AttemptService
from kiosk.services.bank import BankService
from kiosk.services.competitions import CompetitionService
from kiosk.services.keys import KeyService
from kiosk.services.proctor import ProctorService
from kiosk.services.protocols import ProtocolService
from kiosk.services.results import ResultsService
from kiosk.services.sessions import SessionService
from kiosk.storage.db import make_engine, migrate

if TYPE_CHECKING:
    from kiosk.services.appeals import AppealService
    from kiosk.services.audit_trail import AuditTrailService
    from kiosk.services.documents import DocumentService
    from kiosk.services.retention import RetentionService
    from kiosk.services.verification import VerificationService


@dataclass
class Kiosk:
    """Everything a station or a command needs, built once."""

    settings: Settings
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    keys: KeyService
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

    @cached_property
    def verification(self) -> VerificationService:
        """Checking protocols by file or code (needs only the public key)."""
        from kiosk.services.verification import VerificationService

        return VerificationService(self.sessions, self.clock, self.keys)

    @cached_property
    def audit_trail(self) -> AuditTrailService:
        """Verification of the audit chain (administrators and observers)."""
        from kiosk.services.audit_trail import AuditTrailService

        return AuditTrailService(self.sessions, self.clock)

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
    # The process's vault rides on every database session, so that a use case reaches the
    # installation key (once staff opened it here) without each service holding it.
    vault = Vault()
    sessions = sessionmaker(engine, expire_on_commit=False, info={VAULT: vault})
    keys = KeyService(sessions, clock, vault)
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
        keys=keys,
        attempts=AttemptService(
            engine, sessions, clock, settings.station_id, protocols.issue, vault
        ),
        bank=BankService(sessions, clock),
        protocols=protocols,
        accounts=AccountService(sessions, clock, keys),
        competitions=CompetitionService(sessions, clock, zone),
        exam_sessions=session_service,
        proctor=ProctorService(sessions, clock),
        results=results,
    )
