"""Checking the audit chain: ``kiosk audit verify`` and the administrator's window."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.roles import Actor, Permission
from kiosk.security.audit_chain import ChainReport, verify_chain
from kiosk.services import audit
from kiosk.services.guard import guarded
from kiosk.services.keys import vault_of


class AuditTrailService:
    """Verifies the chain of audit records with the installation key."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    @guarded(Permission.VERIFY_AUDIT)
    def verify(self, actor: Actor) -> ChainReport:
        """Check every link, seal and the head; the report names the first break.

        Needs the installation key open (the MACs are keyed), which the actor's sign-in did.
        The check itself is audited, with its outcome, as the last link.
        """
        with self._sessions() as session:
            records, head = audit.stored_chain(session)
            report = verify_chain(records, head, audit.mac_of(vault_of(session)))
        with self._sessions.begin() as session:
            audit.record(
                session,
                self._clock.now(),
                actor.name,
                "audit.verified",
                records=report.records,
                intact=report.intact,
                broken_at=report.broken_at,
            )
        return report
