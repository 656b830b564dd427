"""The competition's documents: the session results protocol, the ranking with winner and reserve,
and the hand-over package for the ministry (cl. 27).

Every document is built from the stored records at the moment it is asked for, written to the
archive folder and recorded in the audit log with its SHA-256, so the copy handed over can later
be matched with the one kept.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.appeal import appeal_deadline
from kiosk.domain.candidates import kyrgyz_sort_key
from kiosk.domain.results import Line, Outcome, Standing
from kiosk.domain.roles import Actor, Permission
from kiosk.security.codes import format_code
from kiosk.security.vault import Vault
from kiosk.services.accounts import full_name_of
from kiosk.services.appeal_views import AppealStatus
from kiosk.services.archive import DOCUMENTS, file_document
from kiosk.services.attempts import IN_PROGRESS, SUBMITTED
from kiosk.services.competition_views import (
    TIE_BREAK,
    WITHDRAWN,
    CompetitionResults,
    ResultsRefused,
)
from kiosk.services.guard import guarded
from kiosk.services.keys import spent_code, vault_of
from kiosk.services.protocols import ProtocolService
from kiosk.services.results import competition_results
from kiosk.storage import models
from protocols.dates import format_percent
from protocols.ministry_package import PackageRow, build_package, results_csv, results_xlsx
from protocols.ranking import RankingDocument, RankLine, render_ranking
from protocols.results_protocol import (
    ResultLine,
    SessionResults,
    SignatureLine,
    render_session_results,
)

RESPONSIBLE = {
    "ky": "Тестирлөө борборунун жооптуу кызматкери",
    "ru": "Ответственный сотрудник центра тестирования",
}
HEAD = {"ky": "Тестирлөө борборунун жетекчиси", "ru": "Руководитель центра тестирования"}
#: The ranking document's outcome for each outcome of the rules.
_DOCUMENT_OUTCOME = {
    Outcome.WINNER: "winner",
    Outcome.TIE_BREAK_NEEDED: "pending",
    Outcome.TIE_UNRESOLVED: "tie_unresolved",
    Outcome.VOID: "void",
    Outcome.NO_RUNNER_UP: "no_runner_up",
}


class DocumentService:
    """Builds, archives and hands out the competition's documents."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        timezone: ZoneInfo,
        archive_dir: Path,
        protocols: ProtocolService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._timezone = timezone
        self._folder = archive_dir / "documents"
        self._protocols = protocols

    @guarded(Permission.EXPORT_DOCUMENTS)
    def session_results(self, actor: Actor, session_id: int) -> bytes:
        """The results protocol of one session: every candidate, code, score and statement."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            pdf = render_session_results(self._session_results(session, session_id, actor, now))
            exam = session.get(models.ExamSession, session_id)
            assert exam is not None  # _session_results refused an unknown session
            self._archive(
                session,
                actor,
                now,
                f"session-results-{session_id}.pdf",
                pdf,
                kind="session_results",
                competition_id=exam.competition_id,
                session_id=session_id,
            )
        return pdf

    @guarded(Permission.EXPORT_DOCUMENTS)
    def ranking(self, actor: Actor, competition_id: int) -> bytes:
        """The ranking with the winner, the reserve, a tie or the finding that the competition
        is void.  Refused while anyone is still in the test."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            results = competition_results(session, competition_id)
            pdf = render_ranking(self._ranking(session, results, actor, now))
            self._archive(
                session,
                actor,
                now,
                f"ranking-{competition_id}.pdf",
                pdf,
                kind="ranking",
                competition_id=competition_id,
            )
        return pdf

    @guarded(Permission.EXPORT_DOCUMENTS)
    def ministry_package(self, actor: Actor, competition_id: int) -> bytes:
        """The hand-over package (cl. 27): the testing protocols of the candidates who meet the
        requirements, the ranking, each session's results protocol, the results as XLSX and CSV,
        and ``SHA256SUMS`` over every file.  Personal numbers are not included."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            _check_appeals_settled(session, competition_id, now, self._timezone)
            results = competition_results(session, competition_id)
            files: dict[str, bytes] = {
                "ranking.pdf": render_ranking(self._ranking(session, results, actor, now))
            }
            main_sessions = session.scalars(
                select(models.ExamSession)
                .where(
                    models.ExamSession.competition_id == competition_id,
                    models.ExamSession.kind != TIE_BREAK,
                )
                .order_by(models.ExamSession.session_date, models.ExamSession.shift)
            ).all()
            for exam in main_sessions:
                files[f"sessions/session-{exam.id}-results.pdf"] = render_session_results(
                    self._session_results(session, exam.id, actor, now)
                )
            attempts = _main_attempts(session, competition_id)
            main_date = main_sessions[0].session_date if main_sessions else self._local(now).date()
            rows = []
            for line in results.ranking.lines:
                attempt = attempts.get(line.candidate_id)
                number = None
                if attempt is not None and attempt.status == SUBMITTED and line.meets:
                    number, path = self._protocols.issue(attempt.id)
                    files[f"protocols/{number}.pdf"] = path.read_bytes()
                rows.append(_package_row(line, attempt, results, number, main_date))
            title = dict(results.competition.vacancy.post)
            files["results.xlsx"] = results_xlsx(rows, title)
            files["results.csv"] = results_csv(rows)
            package = build_package(files)
            self._archive(
                session,
                actor,
                now,
                f"ministry-package-{competition_id}.zip",
                package,
                kind="ministry_package",
                competition_id=competition_id,
            )
        return package

    # -- building the documents -------------------------------------------------------------------

    def _session_results(
        self, session: Session, session_id: int, actor: Actor, now: datetime
    ) -> SessionResults:
        exam = session.get(models.ExamSession, session_id)
        if exam is None:
            raise LookupError(f"no session {session_id}")
        competition = exam.competition
        rows = session.execute(
            select(models.Registration, models.Candidate, models.Attempt)
            .join(models.Candidate, models.Candidate.id == models.Registration.candidate_id)
            .outerjoin(models.Attempt, models.Attempt.registration_id == models.Registration.id)
            .where(models.Registration.session_id == session_id)
        ).all()
        rows = sorted(rows, key=lambda row: kyrgyz_sort_key(row.Candidate.full_name))
        sections = exam.blueprint or competition.blueprint
        question_count = sum(count for _, count in sections)
        vault = vault_of(session)
        lines = [
            _result_line(number, registration, candidate, attempt, vault)
            for number, (registration, candidate, attempt) in enumerate(rows, start=1)
        ]
        return SessionResults(
            number=f"SR-{exam.session_date:%Y}-{exam.id:05d}",
            institution=competition.institution,
            competition_post=competition.post,
            school=competition.school,
            session_date=exam.session_date,
            shift=exam.shift,
            session_place=exam.place,
            question_count=question_count,
            max_score=question_count,
            threshold=0 if exam.kind == TIE_BREAK else competition.threshold_points,
            lines=lines,
            observers=list(exam.observers or []),
            signatures=[
                SignatureLine(RESPONSIBLE, full_name_of(session, actor.name)),
                SignatureLine(HEAD, ""),
            ],
            issued_at=self._local(now),
        )

    def _ranking(
        self, session: Session, results: CompetitionResults, actor: Actor, now: datetime
    ) -> RankingDocument:
        ranking = results.ranking
        if ranking.outcome == Outcome.PENDING:
            raise ResultsRefused("in_progress")
        competition = results.competition
        names = {line.candidate_id: line.name for line in ranking.lines}
        year = self._local(now).year
        return RankingDocument(
            number=f"RK-{year}-{competition.id:05d}",
            institution=competition.vacancy.institution,
            competition_post=competition.vacancy.post,
            school=competition.vacancy.school,
            threshold=competition.threshold,
            question_count=competition.question_count,
            tie_break_questions=results.tie_break_questions,
            lines=[
                RankLine(
                    place=line.place,
                    candidate_name=line.name,
                    main_score=line.main_score,
                    extra_score=line.extra_score,
                    total=line.total,
                    meets=line.meets if line.main_score is not None else None,
                    standing=line.standing.value,
                )
                for line in ranking.lines
            ],
            outcome=_DOCUMENT_OUTCOME[ranking.outcome],
            winner_name=names.get(ranking.winner) if ranking.winner is not None else None,
            void_reason=ranking.void_reason.value if ranking.void_reason else None,
            signatures=[
                SignatureLine(RESPONSIBLE, full_name_of(session, actor.name)),
                SignatureLine(HEAD, ""),
            ],
            issued_at=self._local(now),
        )

    def _archive(
        self,
        session: Session,
        actor: Actor,
        now: datetime,
        name: str,
        data: bytes,
        *,
        kind: str,
        competition_id: int,
        session_id: int | None = None,
    ) -> None:
        """Keep a copy with a timestamped name, registered for retention (cl. 39)."""
        stamp = self._local(now).strftime("%Y%m%d-%H%M%S")
        stem, _, suffix = name.rpartition(".")
        file_document(
            session,
            self._folder.parent,
            f"{self._folder.name}/{stem}-{stamp}.{suffix}",
            data,
            kind=kind,
            retention=DOCUMENTS,
            competition_id=competition_id,
            session_id=session_id,
            reference=f"{stem}-{stamp}",
            actor=actor.name,
            at=now,
        )

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._timezone)


def _check_appeals_settled(
    session: Session, competition_id: int, now: datetime, timezone: ZoneInfo
) -> None:
    """The hand-over package is final: refused while an appeal may still change a result, that
    is while an appeal waits for its decision or a window of cl. 33 is still open."""
    in_competition = (
        select(models.Attempt)
        .join(models.Registration, models.Registration.id == models.Attempt.registration_id)
        .join(models.ExamSession, models.ExamSession.id == models.Registration.session_id)
        .where(models.ExamSession.competition_id == competition_id)
    )
    pending = session.scalars(
        select(models.Appeal.number)
        .where(
            models.Appeal.status == AppealStatus.FILED.value,
            models.Appeal.attempt_id.in_(in_competition.with_only_columns(models.Attempt.id)),
        )
        .order_by(models.Appeal.number)
    ).all()
    if pending:
        raise ResultsRefused("appeals_pending", ", ".join(pending))
    window = session.scalar(
        select(models.Competition.appeal_window_min).where(models.Competition.id == competition_id)
    )
    ends = session.scalars(
        in_competition.with_only_columns(models.Attempt.ended_at).where(
            models.Attempt.ended_at.is_not(None)
        )
    ).all()
    closes = max((appeal_deadline(ended, window or 0) for ended in ends), default=None)
    if closes is not None and now <= closes:
        raise ResultsRefused("appeal_window_open", closes.astimezone(timezone).strftime("%H:%M"))


def _result_line(
    number: int,
    registration: models.Registration,
    candidate: models.Candidate,
    attempt: models.Attempt | None,
    vault: Vault,
) -> ResultLine:
    if attempt is not None and attempt.status == SUBMITTED:
        status, score = "submitted", attempt.score
    elif attempt is not None and attempt.status == IN_PROGRESS:
        status, score = "in_progress", None
    elif candidate.status == WITHDRAWN:
        status, score = "withdrawn", None
    else:
        status, score = "absent", None
    spent = spent_code(vault, attempt) if attempt is not None else None
    code = format_code(spent) if spent else None
    return ResultLine(
        number=number,
        candidate_name=candidate.full_name,
        code=code,
        status=status,
        score=score,
        meets=None if attempt is None or score is None else score >= attempt.threshold_points,
    )


def _main_attempts(session: Session, competition_id: int) -> dict[int, models.Attempt]:
    rows = session.execute(
        select(models.Registration.candidate_id, models.Attempt)
        .join(models.ExamSession, models.ExamSession.id == models.Registration.session_id)
        .join(models.Attempt, models.Attempt.registration_id == models.Registration.id)
        .where(
            models.ExamSession.competition_id == competition_id,
            models.ExamSession.kind != TIE_BREAK,
        )
    ).all()
    return {candidate_id: attempt for candidate_id, attempt in rows}


def _package_row(
    line: Line,
    attempt: models.Attempt | None,
    results: CompetitionResults,
    protocol_number: str | None,
    main_date: date,
) -> PackageRow:
    max_score = results.competition.question_count
    percent = ""
    if line.main_score is not None:
        percent = format_percent(Fraction(line.main_score, max_score), "ru").removesuffix(" %")
    standing = line.standing.value
    if line.standing == Standing.IN_PROGRESS:
        standing = Standing.RANKED.value
    return PackageRow(
        place=line.place,
        candidate_name=line.name,
        score=line.main_score,
        max_score=max_score,
        percent=percent,
        meets=line.meets if line.main_score is not None else None,
        standing=standing,
        session_date=(
            attempt.registration.session.session_date if attempt is not None else main_date
        ),
        protocol_number=protocol_number,
    )
