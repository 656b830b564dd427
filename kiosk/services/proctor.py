"""The proctor's console: the live state of a session, and what the proctor decides during it.

Every decision (resume after a crash, extra time, absent, incident, end of session) is a row of
its own with the proctor's reason and an audit record in the same transaction.  Time given to a
candidate raises the attempt's limit; the station that runs the attempt reads the new limit back
with its next heartbeat, so the candidate sees it within a second.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.appeal import appeal_deadline
from kiosk.domain.roles import Actor, Permission
from kiosk.services import audit
from kiosk.services.appeal_views import AppealStatus, ProblemKind
from kiosk.services.attempts import IN_PROGRESS, SUBMITTED
from kiosk.services.competition_views import ABSENT, REGISTERED, WITHDRAWN
from kiosk.services.guard import guarded
from kiosk.services.session_views import (
    MAX_GRANT_S,
    SILENT_AFTER_S,
    ConsoleView,
    IncidentKind,
    IncidentView,
    ProblemView,
    SeatState,
    SeatView,
    SessionChoice,
    SessionStillRunning,
)
from kiosk.storage import models


class ProctorService:
    """The use cases of the proctor's console."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    @guarded(Permission.VIEW_RESULTS)
    def sessions(self, actor: Actor) -> list[SessionChoice]:
        """Sessions the console can watch, newest first."""
        with self._sessions() as session:
            counts = dict(
                session.execute(
                    select(models.Registration.session_id, func.count()).group_by(
                        models.Registration.session_id
                    )
                ).all()
            )
            rows = session.scalars(
                select(models.ExamSession).order_by(
                    models.ExamSession.session_date.desc(),
                    models.ExamSession.shift.desc(),
                    models.ExamSession.id.desc(),
                )
            )
            return [
                SessionChoice(
                    session_id=row.id,
                    competition_id=row.competition_id,
                    session_date=row.session_date,
                    shift=row.shift,
                    post=dict(row.competition.post),
                    place=dict(row.place),
                    kind=row.kind,
                    candidates=counts.get(row.id, 0),
                    ended=row.ended_at is not None,
                    observers=tuple(row.observers or ()),
                )
                for row in rows
            ]

    @guarded(Permission.VIEW_RESULTS)
    def console(self, actor: Actor, session_id: int) -> ConsoleView:
        """The live state of every candidate of a session (five queries, whatever its size)."""
        now = self._clock.now()
        with self._sessions() as session:
            exam = _exam(session, session_id)
            rows = session.execute(
                select(models.Registration, models.Candidate, models.Attempt)
                .join(models.Candidate, models.Candidate.id == models.Registration.candidate_id)
                .outerjoin(models.Attempt, models.Attempt.registration_id == models.Registration.id)
                .where(models.Registration.session_id == session_id)
                .order_by(models.Registration.id)
            ).all()
            granted = dict(
                session.execute(
                    select(models.TimeDecision.attempt_id, func.sum(models.TimeDecision.seconds))
                    .join(models.Attempt, models.Attempt.id == models.TimeDecision.attempt_id)
                    .join(
                        models.Registration,
                        models.Registration.id == models.Attempt.registration_id,
                    )
                    .where(models.Registration.session_id == session_id)
                    .group_by(models.TimeDecision.attempt_id)
                ).all()
            )
            incidents = session.execute(
                select(models.Incident, models.Candidate.full_name)
                .outerjoin(
                    models.Registration,
                    models.Registration.id == models.Incident.registration_id,
                )
                .outerjoin(
                    models.Candidate, models.Candidate.id == models.Registration.candidate_id
                )
                .where(models.Incident.session_id == session_id)
                .order_by(models.Incident.at.desc(), models.Incident.id.desc())
            ).all()
            per_registration = Counter(
                incident.registration_id for incident, _ in incidents if incident.registration_id
            )
            problems = _open_problems(session, session_id)
            problems_of = Counter(problem.registration_id for problem in problems)
            appeals = dict(
                session.execute(
                    select(models.Appeal.attempt_id, models.Appeal.number)
                    .join(models.Attempt, models.Attempt.id == models.Appeal.attempt_id)
                    .join(
                        models.Registration,
                        models.Registration.id == models.Attempt.registration_id,
                    )
                    .where(
                        models.Registration.session_id == session_id,
                        models.Appeal.status == AppealStatus.FILED.value,
                    )
                ).all()
            )
            window_min = exam.competition.appeal_window_min
            sections = exam.blueprint or exam.competition.blueprint
            question_count = sum(count for _, count in sections)
            seats = tuple(
                _seat(
                    registration,
                    candidate,
                    attempt,
                    now,
                    question_count,
                    int(granted.get(attempt.id, 0)) if attempt is not None else 0,
                    per_registration[registration.id],
                    problems_of[registration.id],
                    window_min,
                    appeals.get(attempt.id) if attempt is not None else None,
                )
                for registration, candidate, attempt in rows
            )
            return ConsoleView(
                session_id=exam.id,
                post=dict(exam.competition.post),
                session_date=exam.session_date,
                shift=exam.shift,
                place=dict(exam.place),
                opens_at=exam.opens_at,
                closes_at=exam.closes_at,
                ended=exam.ended_at is not None,
                seats=seats,
                incidents=tuple(
                    IncidentView(
                        id=incident.id,
                        at=incident.at,
                        kind=IncidentKind(incident.kind),
                        candidate_name=name,
                        text=incident.text,
                        actor=incident.actor,
                    )
                    for incident, name in incidents
                ),
                problems=problems,
                at=now,
                codes_suspended_at=exam.codes_suspended_at,
                failed_codes=exam.failed_codes,
            )

    @guarded(Permission.PROCTOR)
    def acknowledge_problem(self, actor: Actor, problem_id: int) -> None:
        """Mark a candidate's problem report as seen to by the proctor; it leaves the open list.

        The report itself stays (the commission sees it on the answer timeline), with who
        acknowledged it and when.  Acknowledging one already acknowledged (by another proctor a
        moment earlier) changes nothing: the first acknowledgement is the one kept.
        """
        now = self._clock.now()
        with self._sessions.begin() as session:
            report = session.get(models.ProblemReport, problem_id, with_for_update=True)
            if report is None:
                raise LookupError(f"no problem report {problem_id}")
            if report.acknowledged_at is not None:
                return
            report.acknowledged_by = actor.name
            report.acknowledged_at = now
            audit.record(
                session,
                now,
                actor.name,
                "problem.acknowledged",
                subject=f"attempt:{report.attempt_id}",
                problem=report.id,
                kind=report.kind,
            )

    @guarded(Permission.PROCTOR)
    def resume_station(
        self, actor: Actor, registration_id: int, add_seconds: int, reason: str
    ) -> None:
        """Record the decision on a crashed station's lost time (0 seconds = nothing added).

        The silence is measured from the station's last heartbeat and kept with the decision;
        the time the station was down was never charged to the candidate (time is counted only
        while a station runs the attempt), so the decision is about the disturbance.
        """
        self._grant(actor, registration_id, add_seconds, reason, "resume", allow_zero=True)

    @guarded(Permission.PROCTOR)
    def add_time(self, actor: Actor, registration_id: int, seconds: int, reason: str) -> None:
        """Give a candidate in the test extra time, with the reason."""
        self._grant(actor, registration_id, seconds, reason, "extra", allow_zero=False)

    def _grant(
        self,
        actor: Actor,
        registration_id: int,
        seconds: int,
        reason: str,
        kind: str,
        *,
        allow_zero: bool,
    ) -> None:
        if not reason.strip():
            raise ValueError("a reason is required")
        if seconds < 0 or seconds > MAX_GRANT_S or (seconds == 0 and not allow_zero):
            raise ValueError(f"time to add must be between 1 s and {MAX_GRANT_S} s")
        now = self._clock.now()
        with self._sessions.begin() as session:
            attempt = session.scalars(
                select(models.Attempt)
                .where(models.Attempt.registration_id == registration_id)
                .with_for_update()
            ).one_or_none()
            if attempt is None or attempt.status != IN_PROGRESS:
                raise ValueError("the candidate is not in the test")
            last_sign = attempt.last_seen_at or attempt.started_at
            lost_s = max(0.0, (now - last_sign).total_seconds()) if kind == "resume" else None
            attempt.time_limit_s += seconds
            session.add(
                models.TimeDecision(
                    attempt_id=attempt.id,
                    kind=kind,
                    seconds=seconds,
                    lost_s=lost_s,
                    reason=reason.strip(),
                    actor=actor.name,
                    at=now,
                )
            )
            # On the answer timeline too, so that an appeal sees the decision in its place.
            session.add(
                models.AnswerEvent(
                    attempt_id=attempt.id,
                    position=None,
                    kind=f"time_{kind}",
                    value=[seconds],
                    consumed_s=attempt.consumed_s,
                    at=now,
                )
            )
            audit.record(
                session,
                now,
                actor.name,
                f"time.{kind}",
                subject=f"attempt:{attempt.id}",
                seconds=seconds,
                lost_s=lost_s,
                reason=reason.strip(),
            )

    @guarded(Permission.PROCTOR)
    def report_incident(
        self,
        actor: Actor,
        session_id: int,
        registration_id: int | None,
        kind: IncidentKind,
        text: str,
    ) -> None:
        """Record an incident about one candidate or the whole room."""
        if not text.strip():
            raise ValueError("describe the incident")
        now = self._clock.now()
        with self._sessions.begin() as session:
            _exam(session, session_id)
            if registration_id is not None:
                registration = session.get(models.Registration, registration_id)
                if registration is None or registration.session_id != session_id:
                    raise LookupError(f"no registration {registration_id} in this session")
            incident = models.Incident(
                session_id=session_id,
                registration_id=registration_id,
                kind=IncidentKind(kind).value,
                text=text.strip(),
                actor=actor.name,
                at=now,
            )
            session.add(incident)
            session.flush()
            audit.record(
                session,
                now,
                actor.name,
                "incident.reported",
                subject=f"session:{session_id}",
                incident=incident.id,
                kind=incident.kind,
                registration=registration_id,
            )

    @guarded(Permission.PROCTOR)
    def mark_absent(self, actor: Actor, registration_id: int) -> None:
        """Mark a candidate who has not started as absent; their code stops opening the test."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            registration = session.get(models.Registration, registration_id, with_for_update=True)
            if registration is None:
                raise LookupError(f"no registration {registration_id}")
            if _attempt_of(session, registration_id) is not None:
                raise ValueError("the candidate has started the test")
            registration.status = ABSENT
            audit.record(
                session,
                now,
                actor.name,
                "candidate.absent",
                subject=f"registration:{registration_id}",
            )

    @guarded(Permission.PROCTOR)
    def resume_code_entry(self, actor: Actor, session_id: int, reason: str) -> None:
        """Take codes again after the suspension that too many wrong codes caused.

        The proctor first looks at who was typing them (the reason says what was found); the
        count starts again from nothing.
        """
        if not reason.strip():
            raise ValueError("say what was found before resuming code entry")
        now = self._clock.now()
        with self._sessions.begin() as session:
            exam = _exam(session, session_id)
            if exam.codes_suspended_at is None:
                return
            audit.record(
                session,
                now,
                actor.name,
                "session.codes_resumed",
                subject=f"session:{session_id}",
                failed_codes=exam.failed_codes,
                reason=reason.strip(),
            )
            exam.codes_suspended_at = None
            exam.failed_codes = 0

    @guarded(Permission.PROCTOR)
    def end_session(self, actor: Actor, session_id: int) -> None:
        """End the session: those who did not come become absent, no code opens a test any more.

        Refused while anyone is in the test (:class:`SessionStillRunning` names them): their
        time runs out on its own, and a crashed station must first be resumed and finished.
        """
        now = self._clock.now()
        with self._sessions.begin() as session:
            exam = _exam(session, session_id)
            if exam.ended_at is not None:
                return
            rows = session.execute(
                select(models.Registration, models.Attempt.status)
                .outerjoin(models.Attempt, models.Attempt.registration_id == models.Registration.id)
                .where(models.Registration.session_id == session_id)
            ).all()
            running = tuple(
                sorted(r.candidate.full_name for r, status in rows if status == IN_PROGRESS)
            )
            if running:
                raise SessionStillRunning(running)
            absent = 0
            for registration, status in rows:
                if status is None and registration.status == REGISTERED:
                    registration.status = ABSENT
                    absent += 1
            exam.ended_at = now
            audit.record(
                session,
                now,
                actor.name,
                "session.ended",
                subject=f"session:{session_id}",
                marked_absent=absent,
            )


def _exam(session: Session, session_id: int) -> models.ExamSession:
    row = session.get(models.ExamSession, session_id)
    if row is None:
        raise LookupError(f"no session {session_id}")
    return row


def _open_problems(session: Session, session_id: int) -> tuple[ProblemView, ...]:
    """The session's problem reports that nobody has acknowledged yet, oldest first."""
    rows = session.execute(
        select(models.ProblemReport, models.Attempt, models.Candidate.full_name)
        .join(models.Attempt, models.Attempt.id == models.ProblemReport.attempt_id)
        .join(models.Registration, models.Registration.id == models.Attempt.registration_id)
        .join(models.Candidate, models.Candidate.id == models.Registration.candidate_id)
        .where(
            models.Registration.session_id == session_id,
            models.ProblemReport.acknowledged_at.is_(None),
        )
        .order_by(models.ProblemReport.at, models.ProblemReport.id)
    ).all()
    return tuple(
        ProblemView(
            id=report.id,
            registration_id=attempt.registration_id,
            candidate_name=name,
            station=attempt.station_id,
            position=report.position + 1 if report.position is not None else None,
            kind=ProblemKind(report.kind),
            note=report.note,
            at=report.at,
        )
        for report, attempt, name in rows
    )


def _attempt_of(session: Session, registration_id: int) -> models.Attempt | None:
    return session.scalars(
        select(models.Attempt).where(models.Attempt.registration_id == registration_id)
    ).one_or_none()


def _seat(
    registration: models.Registration,
    candidate: models.Candidate,
    attempt: models.Attempt | None,
    now: datetime,
    question_count: int,
    granted_s: int,
    incidents: int,
    problems: int,
    appeal_window_min: int,
    open_appeal: str | None,
) -> SeatView:
    state = SeatState.NOT_ARRIVED
    silent_s = None
    if candidate.status == WITHDRAWN:
        state = SeatState.WITHDRAWN
    elif registration.status == ABSENT:
        state = SeatState.ABSENT
    if attempt is not None and attempt.status == SUBMITTED:
        state = SeatState.SUBMITTED
    elif attempt is not None:
        silent_s = max(0.0, (now - (attempt.last_seen_at or attempt.started_at)).total_seconds())
        state = SeatState.SILENT if silent_s >= SILENT_AFTER_S else SeatState.IN_TEST
    score = attempt.score if attempt is not None else None
    return SeatView(
        registration_id=registration.id,
        candidate_id=candidate.id,
        candidate_name=candidate.full_name,
        state=state,
        station=attempt.station_id if attempt is not None else None,
        position=attempt.current_position + 1 if attempt is not None else None,
        question_count=question_count,
        remaining_s=(
            max(0.0, attempt.time_limit_s - attempt.consumed_s)
            if attempt is not None and attempt.status == IN_PROGRESS
            else None
        ),
        silent_s=silent_s,
        score=score,
        max_score=attempt.max_score if attempt is not None else None,
        meets=None if score is None or attempt is None else score >= attempt.threshold_points,
        granted_s=granted_s,
        incidents=incidents,
        problems=problems,
        appeal_deadline=(
            appeal_deadline(attempt.ended_at, appeal_window_min)
            if attempt is not None and attempt.status == SUBMITTED and attempt.ended_at
            else None
        ),
        open_appeal=open_appeal,
    )
