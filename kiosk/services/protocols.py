"""Issuing the testing protocol of cl. 26 for a submitted attempt.

The PDF is always written to the archive folder and recorded with its SHA-256; printing is the
screen's business (the Qt print system), so a station without a printer still keeps every
protocol.  Issuing is idempotent: a second call returns the protocol already issued.  Every
protocol is sealed (:mod:`kiosk.services.verification`): signed by the installation, with its QR
code and verification code, which needs the installation key open in the station's process.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.appeal import appeal_deadline
from kiosk.domain.scoring import Outcome
from kiosk.services import audit
from kiosk.services.archive import DOCUMENTS, file_document, write_durably
from kiosk.services.keys import printed_code, vault_of
from kiosk.services.verification import SealedDocument, seal_and_render
from kiosk.storage.models import Appeal, ArchivedDocument, Attempt, ProtocolRecord

if TYPE_CHECKING:
    from protocols.testing_protocol import TestingProtocol


class ProtocolRemoved(LookupError):
    """The protocol's retention period ended and it was removed from the archive."""

    def __init__(self, number: str) -> None:
        super().__init__(f"protocol {number} was removed when its retention period ended")
        self.number = number


def protocol_number(attempt: Attempt) -> str:
    """The year, competition, session and attempt, as in 2026-0001-01-00003."""
    exam_session = attempt.registration.session
    return (
        f"{exam_session.session_date.year}-{exam_session.competition_id:04d}"
        f"-{exam_session.id:02d}-{attempt.id:05d}"
    )


class ProtocolService:
    """Makes, files and records testing protocols."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        archive_dir: Path,
        timezone: ZoneInfo,
        actor: str,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._folder = archive_dir / "protocols"
        self._timezone = timezone
        self._actor = actor

    def issue(self, attempt_id: int) -> tuple[str, Path]:
        """The number and file of the attempt's newest protocol, making it on the first call."""
        with self._sessions.begin() as session:
            existing = _newest(session, attempt_id)
            if existing is not None and (self._folder / existing.file_name).exists():
                return existing.number, self._folder / existing.file_name
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or attempt.ended_at is None or attempt.score is None:
                raise LookupError(f"attempt {attempt_id} has not been submitted")
            if existing is None:
                return self._make(session, attempt, protocol_number(attempt), self._actor)
            if session.scalar(
                select(ArchivedDocument.removed_at).where(
                    ArchivedDocument.reference == existing.number,
                    ArchivedDocument.removed_at.is_not(None),
                )
            ):
                # Retention destroyed it on purpose (cl. 39): it is not made again.
                raise ProtocolRemoved(existing.number)
            # The archived file had gone missing: written again, and the loss is on record.  It is
            # made as first issued (same issue time, same seal), so that unchanged data gives the
            # very same file and the printed copies keep verifying.
            now = self._clock.now()
            appeal = session.scalar(
                select(Appeal.number).where(Appeal.new_protocol == existing.number)
            )
            sealed = self._render(
                session, attempt, existing.number, existing.issued_at, existing.supersedes, appeal
            )
            path = self._folder / existing.file_name
            write_durably(path, sealed.pdf)
            existing.sha256 = hashlib.sha256(sealed.pdf).hexdigest()
            _reregister(session, existing.number, existing.sha256, sealed)
            audit.record(
                session,
                now,
                self._actor,
                "protocol.rewritten",
                subject=existing.number,
                sha256=existing.sha256,
            )
            return existing.number, path

    def supersede(self, session: Session, attempt: Attempt, appeal_number: str, actor: str) -> str:
        """Issue a new version of the attempt's protocol after an appeal changed its result.

        Runs in the caller's transaction (the appeal's decision), so the new result and its
        protocol are recorded together.  The old versions stay in the archive and the register.
        """
        previous = _newest(session, attempt.id)
        if previous is None:
            raise LookupError(f"attempt {attempt.id} has no protocol to supersede")
        base = protocol_number(attempt)
        version = previous.version + 1
        number, _ = self._make(
            session,
            attempt,
            f"{base}-v{version}",
            actor,
            version=version,
            supersedes=previous.number,
            appeal_number=appeal_number,
        )
        return number

    def _make(
        self,
        session: Session,
        attempt: Attempt,
        number: str,
        actor: str,
        *,
        version: int = 1,
        supersedes: str | None = None,
        appeal_number: str | None = None,
    ) -> tuple[str, Path]:
        now = self._clock.now()
        sealed = self._render(session, attempt, number, now, supersedes, appeal_number)
        file_name = f"protocol-{number}.pdf"
        exam_session = attempt.registration.session
        filed = file_document(
            session,
            self._folder.parent,
            f"{self._folder.name}/{file_name}",
            sealed.pdf,
            kind="testing_protocol",
            retention=DOCUMENTS,
            competition_id=exam_session.competition_id,
            session_id=exam_session.id,
            reference=number,
            actor=actor,
            at=now,
            action="protocol.issued",
            content_hash=sealed.content_hash,
            signature=sealed.record_signature,
            verification_code=sealed.code,
        )
        session.add(
            ProtocolRecord(
                number=number,
                attempt_id=attempt.id,
                version=version,
                file_name=file_name,
                sha256=filed.sha256,
                issued_at=now,
                supersedes=supersedes,
            )
        )
        return number, self._folder / file_name

    def _render(
        self,
        session: Session,
        attempt: Attempt,
        number: str,
        now: datetime,
        supersedes: str | None = None,
        appeal_number: str | None = None,
    ) -> SealedDocument:
        """The protocol rendered with its QR code and verification code, signed."""
        # Imported here, not at start-up: reportlab is needed only once a test is submitted.
        from protocols.testing_protocol import render_testing_protocol

        document = self._document(session, attempt, number, now)
        if supersedes is not None:
            document = replace(document, supersedes=supersedes, appeal_number=appeal_number)
        return seal_and_render(session, document, render_testing_protocol)

    def _document(
        self, session: Session, attempt: Attempt, number: str, now: datetime
    ) -> TestingProtocol:
        from protocols.testing_protocol import TestingProtocol

        registration = attempt.registration
        exam_session = registration.session
        competition = exam_session.competition
        assert attempt.ended_at is not None and attempt.score is not None
        assert attempt.max_score is not None
        outcome = Outcome(attempt.score, attempt.max_score, attempt.threshold_points)
        return TestingProtocol(
            number=number,
            institution=competition.institution,
            competition_post=competition.post,
            school=competition.school,
            session_date=exam_session.session_date,
            session_place=exam_session.place,
            candidate_name=registration.candidate.full_name,
            candidate_code=printed_code(vault_of(session), attempt),
            question_count=attempt.max_score,
            score=outcome.score,
            max_score=outcome.max_score,
            threshold=outcome.threshold,
            meets=outcome.meets,
            started_at=self._local(attempt.started_at),
            ended_at=self._local(attempt.ended_at),
            appeal_deadline=self._local(
                appeal_deadline(attempt.ended_at, competition.appeal_window_min)
            ),
            issued_at=self._local(now),
            responsible_person="",
        )

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._timezone)


def _reregister(session: Session, number: str, sha256: str, sealed: SealedDocument) -> None:
    """Point the archive register's record of a rewritten protocol at the new file and seal
    (the same ones unless the data changed since the protocol was first issued)."""
    row = session.scalars(
        select(ArchivedDocument).where(
            ArchivedDocument.reference == number, ArchivedDocument.kind == "testing_protocol"
        )
    ).first()
    if row is None:
        return
    row.sha256 = sha256
    row.content_hash = sealed.content_hash
    row.signature = sealed.record_signature
    row.verification_code = sealed.code


def _newest(session: Session, attempt_id: int) -> ProtocolRecord | None:
    return session.scalars(
        select(ProtocolRecord)
        .where(ProtocolRecord.attempt_id == attempt_id)
        .order_by(ProtocolRecord.version.desc())
    ).first()
