"""Setting up what a sitting needs: the bank's approved questions, a competition, a session, and
registered candidates with their login codes.

Issue-level administration (accounts, roles, approval workflow) builds on these use cases; for now
they serve the demo and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.security.codes import code_digest, generate_code
from kiosk.services import audit
from kiosk.storage import models
from question_bank.model import Blueprint


@dataclass(frozen=True)
class CompetitionTerms:
    """A competition's vacancy and its approved test form (cl. 22)."""

    institution: dict[str, str]
    post: dict[str, str]
    school: dict[str, str]
    blueprint: Blueprint
    time_limit_s: int
    threshold_points: int
    appeal_window_min: int


@dataclass(frozen=True)
class IssuedCode:
    """A code as printed on a slip: shown once, then only its digest is kept."""

    registration_id: int
    candidate_name: str
    code: str


class CatalogService:
    """Competitions, sessions, candidates and codes."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, actor: str) -> None:
        self._sessions = sessions
        self._clock = clock
        self._actor = actor

    def create_competition(self, terms: CompetitionTerms) -> int:
        """Record a competition with its approved form and threshold; returns its id."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = models.Competition(
                institution=terms.institution,
                post=terms.post,
                school=terms.school,
                blueprint=[list(pair) for pair in terms.blueprint.sections],
                question_count=terms.blueprint.total,
                time_limit_s=terms.time_limit_s,
                threshold_points=terms.threshold_points,
                appeal_window_min=terms.appeal_window_min,
                scoring=terms.blueprint.scoring,
                languages=list(terms.blueprint.languages),
                created_at=now,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                now,
                self._actor,
                "competition.created",
                subject=f"competition:{row.id}",
                threshold=terms.threshold_points,
                questions=terms.blueprint.total,
            )
            return row.id

    def create_session(
        self, competition_id: int, session_date: date, place: dict[str, str], shift: int = 1
    ) -> int:
        """Schedule a sitting of a competition; returns its id."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = models.ExamSession(
                competition_id=competition_id, session_date=session_date, shift=shift, place=place
            )
            session.add(row)
            session.flush()
            audit.record(session, now, self._actor, "session.created", subject=f"session:{row.id}")
            return row.id

    def register(self, session_id: int, full_name: str) -> IssuedCode:
        """Register a candidate in a session and issue their login code."""
        now = self._clock.now()
        code = generate_code()
        with self._sessions.begin() as session:
            candidate = models.Candidate(full_name=full_name)
            session.add(candidate)
            session.flush()
            registration = models.Registration(
                session_id=session_id,
                candidate_id=candidate.id,
                code_digest=code_digest(code),
                code_issued_at=now,
            )
            session.add(registration)
            session.flush()
            audit.record(
                session, now, self._actor, "code.issued", subject=f"registration:{registration.id}"
            )
            return IssuedCode(registration.id, full_name, code)
