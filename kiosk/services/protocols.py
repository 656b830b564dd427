"""Issuing the testing protocol of cl. 26 for a submitted attempt.

The PDF is always written to the archive folder and recorded with its SHA-256; printing is the
screen's business (the Qt print system), so a station without a printer still keeps every
protocol.  Issuing is idempotent: a second call returns the protocol already issued.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.appeal import appeal_deadline
from kiosk.domain.scoring import Outcome
from kiosk.security.codes import format_code
from kiosk.services import audit
from kiosk.storage.models import Attempt, ProtocolRecord

if TYPE_CHECKING:
    from protocols.testing_protocol import TestingProtocol


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
        """The number and file of the attempt's protocol, making it on the first call."""
        with self._sessions.begin() as session:
            existing = session.scalars(
                select(ProtocolRecord)
                .where(ProtocolRecord.attempt_id == attempt_id)
                .order_by(ProtocolRecord.version.desc())
            ).first()
            if existing is not None and (self._folder / existing.file_name).exists():
                return existing.number, self._folder / existing.file_name
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or attempt.ended_at is None or attempt.score is None:
                raise LookupError(f"attempt {attempt_id} has not been submitted")
            # Imported here, not at start-up: reportlab is needed only once a test is submitted.
            from protocols.testing_protocol import render_testing_protocol

            now = self._clock.now()
            number = existing.number if existing else protocol_number(attempt)
            pdf = render_testing_protocol(self._document(session, attempt, number, now))
            self._folder.mkdir(parents=True, exist_ok=True)
            file_name = f"protocol-{number}.pdf"
            path = self._folder / file_name
            write_durably(path, pdf)
            digest = hashlib.sha256(pdf).hexdigest()
            if existing is None:
                session.add(
                    ProtocolRecord(
                        number=number,
                        attempt_id=attempt_id,
                        version=1,
                        file_name=file_name,
                        sha256=digest,
                        issued_at=now,
                    )
                )
            else:
                # The archived file had gone missing: written again, and the loss is on record.
                existing.sha256 = digest
            audit.record(
                session, now, self._actor, "protocol.issued", subject=number, sha256=digest
            )
            return number, path

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
            candidate_code=format_code(attempt.spent_code) if attempt.spent_code else "",
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


def write_durably(path: Path, data: bytes) -> None:
    """Write a file so that a power cut leaves either the old file or the whole new one."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
