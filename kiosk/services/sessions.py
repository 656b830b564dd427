"""Sessions and login codes: scheduling a shift, registering candidates with their codes, the code
slips and the registration sheet.

The PDF library is imported only when a document is asked for: a candidate station, which builds
these services too, starts faster without it.

A code is shown once, when it is issued (the slips are printed from that moment's list); the
database keeps only its digest.  A reissued code replaces the old digest, so the old slip opens
nothing.  Codes open the test only inside the session's window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.candidates import kyrgyz_sort_key
from kiosk.domain.roles import Actor, Permission
from kiosk.security.codes import code_digest, format_code, generate_code
from kiosk.services import audit
from kiosk.services.accounts import full_name_of
from kiosk.services.competition_views import (
    ADMITTED,
    APPROVED,
    MAIN,
    REGISTERED,
    IssuedCode,
    RegistrationRefused,
    SessionPlan,
)
from kiosk.services.guard import guarded
from kiosk.services.keys import vault_of
from kiosk.storage import models

#: Codes open the test from this long before the start …
OPENS_BEFORE = timedelta(minutes=30)
#: … until this long after it (a later arrival needs a new session or the operator's decision).
LATEST_ENTRY_AFTER = timedelta(minutes=60)


def new_registration_code(session: Session, registration: models.Registration) -> str:
    """Give a registration a fresh code (the old one stops working); returns it in clear."""
    code = generate_code()
    registration.code_digest = code_digest(vault_of(session), code)
    return code


class SessionService:
    """Scheduling sessions and issuing codes."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, timezone: ZoneInfo) -> None:
        self._sessions = sessions
        self._clock = clock
        self._timezone = timezone

    @guarded(Permission.MANAGE_SESSIONS)
    def create_session(self, actor: Actor, competition_id: int, plan: SessionPlan) -> int:
        """Schedule a main-test session of an approved competition; returns its id."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            competition = session.get(models.Competition, competition_id)
            if competition is None:
                raise LookupError(f"no competition {competition_id}")
            if competition.status != APPROVED:
                raise RegistrationRefused("terms_not_approved")
            row = self.add_session_row(session, competition, plan, MAIN)
            audit.record(
                session,
                now,
                actor.name,
                "session.created",
                subject=f"session:{row.id}",
                opens_at=row.opens_at.isoformat() if row.opens_at else None,
                closes_at=row.closes_at.isoformat() if row.closes_at else None,
            )
            return row.id

    def add_session_row(
        self,
        session: Session,
        competition: models.Competition,
        plan: SessionPlan,
        kind: str,
        blueprint: Sequence[tuple[str, int]] | None = None,
        time_limit_s: int | None = None,
    ) -> models.ExamSession:
        """The session row of a plan, with its code window (used for tie-break sessions too)."""
        opens_at = closes_at = None
        if plan.starts_at is not None:
            start = datetime.combine(plan.session_date, plan.starts_at, self._timezone)
            opens_at, closes_at = start - OPENS_BEFORE, start + LATEST_ENTRY_AFTER
        row = models.ExamSession(
            competition_id=competition.id,
            session_date=plan.session_date,
            shift=plan.shift,
            place=plan.place,
            kind=kind,
            blueprint=None if blueprint is None else [list(pair) for pair in blueprint],
            time_limit_s=time_limit_s,
            opens_at=opens_at,
            closes_at=closes_at,
            stations=list(plan.stations),
            observers=[],
        )
        session.add(row)
        session.flush()
        return row

    @guarded(Permission.ISSUE_CODES)
    def register(
        self, actor: Actor, session_id: int, candidate_ids: Sequence[int]
    ) -> list[IssuedCode]:
        """Seat admitted candidates in a session and issue their codes, all or none."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            exam = _session(session, session_id)
            issued = []
            for candidate_id in candidate_ids:
                candidate = session.get(models.Candidate, candidate_id)
                if candidate is None or candidate.competition_id != exam.competition_id:
                    raise RegistrationRefused("other_competition", str(candidate_id))
                if candidate.status != ADMITTED:
                    raise RegistrationRefused(candidate.status, candidate.full_name)
                seated = session.scalars(
                    select(models.Registration.id)
                    .join(models.ExamSession)
                    .where(
                        models.Registration.candidate_id == candidate_id,
                        models.ExamSession.kind == exam.kind,
                        models.ExamSession.competition_id == exam.competition_id,
                    )
                ).first()
                if seated is not None:
                    raise RegistrationRefused("already_registered", candidate.full_name)
                issued.append(self.seat(session, exam, candidate, actor.name, now))
            return issued

    def seat(
        self,
        session: Session,
        exam: models.ExamSession,
        candidate: models.Candidate,
        actor_name: str,
        now: datetime,
    ) -> IssuedCode:
        """Add one registration with a new code, audited (inside the caller's transaction)."""
        code = generate_code()
        registration = models.Registration(
            session_id=exam.id,
            candidate_id=candidate.id,
            code_digest=code_digest(vault_of(session), code),
            code_issued_at=now,
            status=REGISTERED,
        )
        session.add(registration)
        session.flush()
        audit.record(
            session, now, actor_name, "code.issued", subject=f"registration:{registration.id}"
        )
        return IssuedCode(registration.id, candidate.full_name, code)

    @guarded(Permission.ISSUE_CODES)
    def reissue_code(self, actor: Actor, registration_id: int) -> IssuedCode:
        """A new code for a lost slip; the old code stops working.  Refused once the test began."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            registration = session.get(models.Registration, registration_id)
            if registration is None:
                raise LookupError(f"no registration {registration_id}")
            started = session.scalars(
                select(models.Attempt.id).where(models.Attempt.registration_id == registration_id)
            ).first()
            if started is not None:
                raise RegistrationRefused("started", registration.candidate.full_name)
            code = new_registration_code(session, registration)
            registration.code_issued_at = now
            audit.record(
                session, now, actor.name, "code.reissued", subject=f"registration:{registration_id}"
            )
            return IssuedCode(registration.id, registration.candidate.full_name, code)

    @guarded(Permission.ISSUE_CODES)
    def code_slips(self, actor: Actor, session_id: int, issued: Sequence[IssuedCode]) -> bytes:
        """The slips of codes just issued, as one PDF (the codes exist nowhere else in clear)."""
        from protocols.code_slips import CodeSlip, render_code_slips

        with self._sessions() as session:
            exam = _session(session, session_id)
            starts = None
            if exam.opens_at is not None:
                starts = (exam.opens_at + OPENS_BEFORE).astimezone(self._timezone).time()
            slips = [
                CodeSlip(
                    candidate_name=code.candidate_name,
                    code=format_code(code.code),
                    competition_post=exam.competition.post,
                    session_date=exam.session_date,
                    session_place=exam.place,
                    starts_at=starts,
                    shift=str(exam.shift),
                )
                for code in sorted(issued, key=lambda c: kyrgyz_sort_key(c.candidate_name))
            ]
        return render_code_slips(slips)

    @guarded(Permission.MANAGE_SESSIONS)
    def registration_sheet(self, actor: Actor, session_id: int) -> bytes:
        """The sheet the candidates sign on arrival, in Kyrgyz alphabetical order."""
        from protocols.registration_sheet import (
            RegistrationSheet,
            SheetLine,
            render_registration_sheet,
        )

        with self._sessions() as session:
            exam = _session(session, session_id)
            people = sorted(
                (registration.candidate for registration in _registrations(session, session_id)),
                key=lambda person: kyrgyz_sort_key(person.full_name),
            )
            competition = exam.competition
            starts = None
            if exam.opens_at is not None:
                starts = (exam.opens_at + OPENS_BEFORE).astimezone(self._timezone).time()
            sheet = RegistrationSheet(
                institution=competition.institution,
                competition_post=competition.post,
                school=competition.school,
                session_place=exam.place,
                session_date=exam.session_date,
                shift=exam.shift,
                starts_at=starts,
                lines=[
                    SheetLine(number, person.full_name, f"…{(person.pin or '')[-4:]}")
                    for number, person in enumerate(people, start=1)
                ],
                issued_at=self._clock.now().astimezone(self._timezone).replace(tzinfo=None),
                responsible_person=full_name_of(session, actor.name),
            )
        return render_registration_sheet(sheet)

    @guarded(Permission.PROCTOR)
    def set_observers(self, actor: Actor, session_id: int, names: Sequence[str]) -> None:
        """Record the independent observers present (printed on the results protocol)."""
        now = self._clock.now()
        cleaned = [" ".join(name.split()) for name in names if name.strip()]
        with self._sessions.begin() as session:
            exam = _session(session, session_id)
            exam.observers = cleaned
            audit.record(
                session,
                now,
                actor.name,
                "session.observers",
                subject=f"session:{session_id}",
                observers=len(cleaned),
            )


def _session(session: Session, session_id: int) -> models.ExamSession:
    row = session.get(models.ExamSession, session_id)
    if row is None:
        raise LookupError(f"no session {session_id}")
    return row


def _registrations(session: Session, session_id: int) -> list[models.Registration]:
    return list(
        session.scalars(
            select(models.Registration).where(models.Registration.session_id == session_id)
        )
    )
