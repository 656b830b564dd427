"""Results of a competition: the ranking, the additional test for a tie (cl. 29), a winner's
refusal, and the reserve and void findings, all computed by ``kiosk.domain.results`` from the
stored attempts — never typed in.
"""

from __future__ import annotations

import math
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.results import (
    Entry,
    Outcome,
    Presence,
    Ranking,
    TieBreakWarning,
    rank,
    tie_break_deadline,
    tie_break_sections,
    tie_break_warning,
)
from kiosk.domain.roles import Actor, Permission
from kiosk.services import audit
from kiosk.services.attempts import IN_PROGRESS, SUBMITTED, seen_versions
from kiosk.services.bank import approved_pool
from kiosk.services.competition_views import (
    NOT_ADMITTED,
    REGISTERED,
    TIE_BREAK,
    WITHDRAWN,
    CompetitionResults,
    ResultsRefused,
    SessionPlan,
    TieBreakScheduled,
)
from kiosk.services.competitions import competition_view
from kiosk.services.guard import guarded
from kiosk.services.sessions import SessionService
from kiosk.storage import models


class ResultsService:
    """Ranking, tie-break, refusal."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        timezone: ZoneInfo,
        session_service: SessionService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._timezone = timezone
        self._session_service = session_service

    @guarded(Permission.VIEW_RESULTS)
    def results(self, actor: Actor, competition_id: int) -> CompetitionResults:
        """The ranking as the stored attempts make it now."""
        with self._sessions() as session:
            return competition_results(session, competition_id)

    @guarded(Permission.DECIDE_RESULTS)
    def schedule_tie_break(
        self, actor: Actor, competition_id: int, plan: SessionPlan
    ) -> TieBreakScheduled:
        """Schedule the additional test for the candidates tied for first and issue their codes.

        Its form has at most the rules' share of the main test's questions (⌊80/3⌋ = 26) in the
        same section proportions, drawn only from approved questions none of the tied candidates
        has seen; refused when the bank has too few such questions in a section.  A date after
        the cl. 29 deadline is allowed but flagged; a date before the main test is refused.
        """
        now = self._clock.now()
        with self._sessions.begin() as session:
            results = competition_results(session, competition_id)
            if results.ranking.outcome != Outcome.TIE_BREAK_NEEDED:
                raise ResultsRefused("no_tie", results.ranking.outcome.value)
            row = session.get(models.Competition, competition_id)
            assert row is not None
            rules = results.competition.rules
            main_date = _main_date(session, competition_id)
            warning = tie_break_warning(main_date, plan.session_date, rules.tie_break_days)
            if warning == TieBreakWarning.BEFORE_MAIN:
                raise ResultsRefused("before_main", main_date.isoformat())
            sections = tie_break_sections(
                [(code, count) for code, count in row.blueprint], rules.tie_break_share
            )
            total = sum(count for _, count in sections)
            time_limit_s = 60 * math.ceil(row.time_limit_s * total / row.question_count / 60)
            exam = self._session_service.add_session_row(
                session, row, plan, TIE_BREAK, blueprint=sections, time_limit_s=time_limit_s
            )
            tied = [session.get(models.Candidate, cid) for cid in results.ranking.tied]
            codes = tuple(
                self._session_service.seat(session, exam, candidate, actor.name, now)
                for candidate in tied
                if candidate is not None
            )
            _check_unseen_pool(session, exam.id, row.languages, sections)
            audit.record(
                session,
                now,
                actor.name,
                "tie_break.scheduled",
                subject=f"competition:{competition_id}",
                tie_break_session=exam.id,
                candidates=list(results.ranking.tied),
                questions=total,
                warning=warning.value if warning else None,
            )
            return TieBreakScheduled(
                session_id=exam.id,
                codes=codes,
                sections=sections,
                time_limit_s=time_limit_s,
                deadline=tie_break_deadline(main_date, rules.tie_break_days),
                warning=warning,
            )

    @guarded(Permission.DECIDE_RESULTS)
    def record_refusal(self, actor: Actor, candidate_id: int, note: str = "") -> Ranking:
        """The winner refused the contract (cl. 29): the runner-up takes the place."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            candidate = session.get(models.Candidate, candidate_id)
            if candidate is None or candidate.competition_id is None:
                raise LookupError(f"no candidate {candidate_id}")
            before = competition_results(session, candidate.competition_id).ranking
            if before.winner != candidate_id:
                raise ResultsRefused("not_winner", candidate.full_name)
            candidate.refused_at = now
            session.flush()
            after = competition_results(session, candidate.competition_id).ranking
            audit.record(
                session,
                now,
                actor.name,
                "winner.refused",
                subject=f"candidate:{candidate_id}",
                note=note,
                new_winner=after.winner,
                outcome=after.outcome.value,
            )
            return after


def competition_results(session: Session, competition_id: int) -> CompetitionResults:
    """The ranking of a competition from its candidates and their submitted attempts."""
    row = session.get(models.Competition, competition_id)
    if row is None:
        raise LookupError(f"no competition {competition_id}")
    attempts = session.execute(
        select(models.Registration.candidate_id, models.ExamSession.kind, models.Attempt)
        .join(models.ExamSession, models.ExamSession.id == models.Registration.session_id)
        .join(models.Attempt, models.Attempt.registration_id == models.Registration.id)
        .where(models.ExamSession.competition_id == competition_id)
    ).all()
    main: dict[int, models.Attempt] = {}
    extra: dict[int, models.Attempt] = {}
    for candidate_id, kind, attempt in attempts:
        (extra if kind == TIE_BREAK else main)[candidate_id] = attempt
    tie_breaks = session.scalars(
        select(models.ExamSession).where(
            models.ExamSession.competition_id == competition_id,
            models.ExamSession.kind == TIE_BREAK,
        )
    ).all()
    held = bool(tie_breaks) and all(exam.ended_at is not None for exam in tie_breaks)
    candidates = session.scalars(
        select(models.Candidate).where(
            models.Candidate.competition_id == competition_id,
            models.Candidate.status != NOT_ADMITTED,
        )
    ).all()
    # Who is seated for the main test, and whose seat is in a session still under way: until it
    # ends, a candidate who has not started is awaited, not absent.
    seats = session.execute(
        select(
            models.Registration.candidate_id,
            models.Registration.status,
            models.ExamSession.ended_at,
        )
        .join(models.ExamSession, models.ExamSession.id == models.Registration.session_id)
        .where(
            models.ExamSession.competition_id == competition_id,
            models.ExamSession.kind != TIE_BREAK,
        )
    ).all()
    seated = {candidate_id for candidate_id, _, _ in seats}
    awaited = {
        candidate_id
        for candidate_id, status, ended_at in seats
        if status == REGISTERED and ended_at is None
    }
    entries = [
        _entry(
            candidate,
            main.get(candidate.id),
            extra.get(candidate.id),
            # Not seated yet counts as awaited too: the operator seats or withdraws them.
            candidate.id in awaited or candidate.id not in seated,
        )
        for candidate in candidates
    ]
    questions = None
    if tie_breaks and tie_breaks[-1].blueprint:
        questions = sum(count for _, count in tie_breaks[-1].blueprint)
    return CompetitionResults(
        competition=competition_view(row),
        ranking=rank(entries, row.threshold_points, tie_break_held=held),
        tie_break_questions=questions,
        tie_break_held=held,
    )


def _entry(
    candidate: models.Candidate,
    main: models.Attempt | None,
    extra: models.Attempt | None,
    awaited: bool,
) -> Entry:
    presence = Presence.ABSENT
    score = None
    if main is not None and main.status == SUBMITTED:
        presence, score = Presence.SUBMITTED, main.score
    elif main is not None and main.status == IN_PROGRESS:
        presence = Presence.IN_PROGRESS
    elif candidate.status == WITHDRAWN:
        presence = Presence.WITHDRAWN
    elif awaited:
        presence = Presence.AWAITED
    extra_score = extra.score if extra is not None and extra.status == SUBMITTED else None
    return Entry(
        candidate_id=candidate.id,
        name=candidate.full_name,
        presence=presence,
        main_score=score,
        extra_score=extra_score,
        refused=candidate.refused_at is not None and presence == Presence.SUBMITTED,
    )


def _main_date(session: Session, competition_id: int) -> date:
    latest = session.scalar(
        select(models.ExamSession.session_date)
        .where(
            models.ExamSession.competition_id == competition_id,
            models.ExamSession.kind != TIE_BREAK,
        )
        .order_by(models.ExamSession.session_date.desc())
        .limit(1)
    )
    if latest is None:
        raise ResultsRefused("no_main_session")
    return latest


def _check_unseen_pool(
    session: Session,
    tie_break_session_id: int,
    languages: list[str],
    sections: tuple[tuple[str, int], ...],
) -> None:
    """Refuse (rolling the scheduling back) when unseen approved questions are too few."""
    seen = seen_versions(session, tie_break_session_id)
    available: dict[str, int] = {}
    for item in approved_pool(session, languages):
        if item.version_id not in seen:
            available[item.section] = available.get(item.section, 0) + 1
    short = [
        f"{code}: {available.get(code, 0)}/{count}"
        for code, count in sections
        if available.get(code, 0) < count
    ]
    if short:
        raise ResultsRefused("too_few_unseen_questions", ", ".join(short))
