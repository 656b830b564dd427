"""Competitions and their candidates: the vacancy, the approved test form and threshold
(cl. 22), the rule numbers, and the candidates admitted at stage 1 (cl. 9, 28).

A competition is created as a draft; its form and threshold are fixed once the authorized body's
approval is recorded (who recorded it, when, on what basis), and only an approved competition
opens sessions.  Candidates are applications to one competition; the personal number ties a
person's applications together for the re-entry ban.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.candidates import kyrgyz_sort_key, reentry_refusal, validate_pin
from kiosk.domain.roles import Actor, Permission
from kiosk.domain.rules import CompetitionRules
from kiosk.services import audit
from kiosk.services.competition_views import (
    ADMITTED,
    APPROVED,
    DRAFT,
    FUNDING,
    MAIN,
    NOT_ADMITTED,
    WITHDRAWN,
    Application,
    ApplicationRefused,
    CandidateView,
    CompetitionTerms,
    CompetitionView,
    TermsLocked,
    Vacancy,
)
from kiosk.services.guard import guarded
from kiosk.storage import models
from question_bank.model import Blueprint


def rules_to_json(rules: CompetitionRules) -> dict[str, Any]:
    """The stored form of the rule numbers (fractions as "n/d")."""
    return {
        name: str(value) if isinstance(value, Fraction) else value
        for name, value in vars(rules).items()
    }


def rules_from_json(stored: dict[str, Any]) -> CompetitionRules:
    """Rule numbers as stored; a missing number takes today's default (older competitions)."""
    defaults = CompetitionRules()
    values: dict[str, Any] = {}
    for name, default in vars(defaults).items():
        if name in stored:
            raw = stored[name]
            values[name] = Fraction(raw) if isinstance(default, Fraction) else type(default)(raw)
    return CompetitionRules(**values)


def competition_view(row: models.Competition) -> CompetitionView:
    """The view of a stored competition."""
    return CompetitionView(
        id=row.id,
        vacancy=Vacancy(
            institution=dict(row.institution),
            post=dict(row.post),
            school=dict(row.school),
            location=dict(row.location or {}),
            funding=row.funding,
        ),
        status=row.status,
        blueprint=Blueprint(
            tuple((code, count) for code, count in row.blueprint),
            time_limit_s=row.time_limit_s,
            scoring=row.scoring,
            languages=tuple(row.languages),
        ),
        question_count=row.question_count,
        time_limit_s=row.time_limit_s,
        threshold=row.threshold_points,
        rules=rules_from_json(row.rules or {}),
        approved_by=row.terms_approved_by,
        approved_at=row.terms_approved_at,
        basis=row.terms_basis,
    )


class CompetitionService:
    """Competitions, their approval, and their candidates."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, timezone: ZoneInfo) -> None:
        self._sessions = sessions
        self._clock = clock
        self._timezone = timezone

    # -- competitions ---------------------------------------------------------------------------

    @guarded(Permission.MANAGE_COMPETITIONS)
    def create_competition(self, actor: Actor, terms: CompetitionTerms) -> int:
        """Record a competition as a draft; its terms take effect once approved."""
        if terms.vacancy.funding not in FUNDING:
            raise ValueError(f"funding must be one of {FUNDING}")
        if not 0 < terms.threshold <= terms.blueprint.total:
            raise ValueError("the threshold must be between 1 and the number of questions")
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = models.Competition(
                institution=terms.vacancy.institution,
                post=terms.vacancy.post,
                school=terms.vacancy.school,
                location=terms.vacancy.location,
                funding=terms.vacancy.funding,
                status=DRAFT,
                blueprint=[list(pair) for pair in terms.blueprint.sections],
                question_count=terms.blueprint.total,
                time_limit_s=terms.time_limit_s,
                threshold_points=terms.threshold,
                appeal_window_min=terms.rules.appeal_window_min,
                scoring=terms.blueprint.scoring,
                languages=list(terms.blueprint.languages),
                rules=rules_to_json(terms.rules),
                created_at=now,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                now,
                actor.name,
                "competition.created",
                subject=f"competition:{row.id}",
                threshold=terms.threshold,
                questions=terms.blueprint.total,
                rules=rules_to_json(terms.rules),
            )
            return row.id

    @guarded(Permission.APPROVE_TERMS)
    def approve_terms(self, actor: Actor, competition_id: int, basis: str) -> CompetitionView:
        """Record the authorized body's approval of the form and threshold (cl. 22)."""
        if not basis.strip():
            raise ValueError("name the approving document (order number and date)")
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = _competition(session, competition_id)
            if row.status != DRAFT:
                raise TermsLocked(f"competition {competition_id} is {row.status}")
            row.status = APPROVED
            row.terms_approved_by = actor.name
            row.terms_approved_at = now
            row.terms_basis = basis.strip()
            audit.record(
                session,
                now,
                actor.name,
                "competition.terms_approved",
                subject=f"competition:{row.id}",
                threshold=row.threshold_points,
                questions=row.question_count,
                time_limit_s=row.time_limit_s,
                basis=row.terms_basis,
            )
            return competition_view(row)

    @guarded(Permission.VIEW_RESULTS)
    def competitions(self, actor: Actor) -> list[CompetitionView]:
        """Every competition, newest first."""
        with self._sessions() as session:
            newest_first = select(models.Competition).order_by(models.Competition.id.desc())
            rows = session.scalars(newest_first)
            return [competition_view(row) for row in rows]

    @guarded(Permission.VIEW_RESULTS)
    def competition(self, actor: Actor, competition_id: int) -> CompetitionView:
        """One competition."""
        with self._sessions() as session:
            return competition_view(_competition(session, competition_id))

    # -- candidates -----------------------------------------------------------------------------

    @guarded(Permission.REGISTER_CANDIDATES)
    def add_candidate(self, actor: Actor, competition_id: int, form: Application) -> int:
        """Register a candidate's application with the stage-1 decision; refusals say why.

        Refused: an invalid personal number, no consent (Annex 3), a second application of the
        same person to the same competition, or a person below the threshold within the re-entry
        ban (cl. 28), with the date from which they may apply.
        """
        now = self._clock.now()
        today = now.astimezone(self._timezone).date()
        name = " ".join(form.full_name.split())
        if not name:
            raise ApplicationRefused("name")
        pin = validate_pin(form.pin, today=today)
        if not form.consent:
            raise ApplicationRefused("consent")
        if not form.admitted and not form.reason.strip():
            raise ApplicationRefused("reason")
        with self._sessions() as session:
            competition = _competition(session, competition_id)
            twice = select(models.Candidate.id).where(
                models.Candidate.competition_id == competition_id, models.Candidate.pin == pin
            )
            if session.scalars(twice).first() is not None:
                raise ApplicationRefused("duplicate")
            ban = rules_from_json(competition.rules or {}).reentry_ban_months
            reapply_on = reentry_refusal(_last_failure(session, pin, self._timezone), today, ban)
        if reapply_on is not None:
            # Written in its own transaction: the refusal writes nothing else.
            with self._sessions.begin() as session:
                audit.record(
                    session,
                    now,
                    actor.name,
                    "candidate.refused_reentry",
                    subject=f"competition:{competition_id}",
                    reapply_on=reapply_on.isoformat(),
                )
            raise ApplicationRefused("reentry", reapply_on)
        with self._sessions.begin() as session:
            row = models.Candidate(
                competition_id=competition_id,
                full_name=name,
                pin=pin,
                phone=form.phone.strip(),
                email=form.email.strip(),
                consent_at=now,
                consent_by=actor.name,
                status=ADMITTED if form.admitted else NOT_ADMITTED,
                admission_reason=form.reason.strip(),
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                now,
                actor.name,
                "candidate.registered",
                subject=f"candidate:{row.id}",
                status=row.status,
            )
            return row.id

    @guarded(Permission.REGISTER_CANDIDATES)
    def withdraw(self, actor: Actor, candidate_id: int, reason: str = "") -> None:
        """Record that a candidate withdrew from the competition."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = session.get(models.Candidate, candidate_id)
            if row is None:
                raise LookupError(f"no candidate {candidate_id}")
            row.status = WITHDRAWN
            audit.record(
                session,
                now,
                actor.name,
                "candidate.withdrew",
                subject=f"candidate:{row.id}",
                reason=reason,
            )

    @guarded(Permission.VIEW_CANDIDATES)
    def candidates(self, actor: Actor, competition_id: int) -> list[CandidateView]:
        """The competition's candidates in Kyrgyz alphabetical order."""
        with self._sessions() as session:
            rows = session.scalars(
                select(models.Candidate).where(models.Candidate.competition_id == competition_id)
            ).all()
            views = [
                CandidateView(
                    id=row.id,
                    full_name=row.full_name,
                    pin_tail=(row.pin or "")[-4:],
                    status=row.status,
                    reason=row.admission_reason,
                    consent_at=row.consent_at,
                )
                for row in rows
            ]
        return sorted(views, key=lambda view: kyrgyz_sort_key(view.full_name))


def _competition(session: Session, competition_id: int) -> models.Competition:
    row = session.get(models.Competition, competition_id)
    if row is None:
        raise LookupError(f"no competition {competition_id}")
    return row


def _last_failure(session: Session, pin: str, timezone: ZoneInfo) -> Any:
    """The local date of the person's latest main-test result below the threshold, or None."""
    ended = session.scalars(
        select(models.Attempt.ended_at)
        .join(models.Registration, models.Registration.id == models.Attempt.registration_id)
        .join(models.ExamSession, models.ExamSession.id == models.Registration.session_id)
        .join(models.Candidate, models.Candidate.id == models.Registration.candidate_id)
        .where(
            models.Candidate.pin == pin,
            models.ExamSession.kind == MAIN,
            models.Attempt.status == "submitted",
            and_(models.Attempt.score < models.Attempt.threshold_points),
        )
        .order_by(models.Attempt.ended_at.desc())
        .limit(1)
    ).first()
    return None if ended is None else ended.astimezone(timezone).date()
