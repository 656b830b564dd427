"""The technical appeal (cl. 33-35): filing within the hour, the commission, the on-screen review
of answers against the keys, the decision, and the appeal protocol.

The result is never edited: a satisfied appeal adds a version of the result
(:class:`~kiosk.storage.models.ResultVersion`) computed from the commission's findings, and the
testing protocol is reissued as a new version that supersedes the old.  ``Attempt.score`` follows
the newest version, so the ranking, the winner and the reserve follow too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain import appeal as rules
from kiosk.domain.candidates import kyrgyz_sort_key
from kiosk.domain.lettering import option_letters
from kiosk.domain.roles import Actor, Permission, Role
from kiosk.domain.scoring import item_points
from kiosk.security.codes import MalformedCode, format_code, normalize_code
from kiosk.services import audit
from kiosk.services.appeal_views import (
    CHAIR,
    MEMBER,
    Appealable,
    AppealAlreadyOpen,
    AppealStatus,
    AppealView,
    AppealWindowClosed,
    Attendance,
    CommissionerView,
    CommissionRefused,
    CommissionView,
    Finding,
    FindingView,
    HearingRefused,
    MemberView,
    NotAppealable,
    Review,
    ReviewItem,
    ReviewOption,
    TimelineEntry,
    TimelineKind,
)
from kiosk.services.archive import COMMISSION, file_document
from kiosk.services.attempts import SUBMITTED
from kiosk.services.guard import guarded
from kiosk.services.keys import answer_key, printed_code, spent_code, vault_of
from kiosk.services.protocols import ProtocolService, protocol_number
from kiosk.services.views import in_language
from kiosk.storage import models

#: Answer-timeline kinds as the station stores them (``answer_events.kind``).
_EVENT_KINDS = {
    "start": TimelineKind.START,
    "resume": TimelineKind.RESUME,
    "select": TimelineKind.SELECT,
    "flag": TimelineKind.FLAG,
    "unflag": TimelineKind.UNFLAG,
    "submit": TimelineKind.SUBMIT,
}
_TIME_KINDS = {"extra": TimelineKind.TIME_EXTRA, "resume": TimelineKind.TIME_RESUME}
#: The longest statement kept; a statement is what the candidate says, not a file.
MAX_STATEMENT = 4000


class AppealService:
    """Use cases of the appeals page and the review screen."""

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
        self._archive_dir = archive_dir
        self._protocols = protocols

    # -- filing --------------------------------------------------------------------------------

    @guarded(Permission.FILE_APPEALS)
    def appealable(self, actor: Actor, query: str = "") -> list[Appealable]:
        """Submitted attempts whose window is still open, newest first; ``query`` matches a
        part of the candidate's name or the whole code as typed."""
        now = self._clock.now()
        with self._sessions() as session:
            # Only attempts that ended within the longest window can still be appealed: the
            # dialog asks on every keystroke, so the years of history are not read each time.
            longest = session.scalar(select(func.max(models.Competition.appeal_window_min)))
            if longest is None:
                return []
            rows = session.execute(
                select(
                    models.Attempt,
                    models.Registration.session_id,
                    models.Candidate.full_name,
                    models.Competition,
                    models.Appeal.number,
                )
                .join(models.Registration, models.Registration.id == models.Attempt.registration_id)
                .join(models.Candidate, models.Candidate.id == models.Registration.candidate_id)
                .join(models.ExamSession, models.ExamSession.id == models.Registration.session_id)
                .join(
                    models.Competition, models.Competition.id == models.ExamSession.competition_id
                )
                .outerjoin(
                    models.Appeal,
                    and_(
                        models.Appeal.attempt_id == models.Attempt.id,
                        models.Appeal.status == AppealStatus.FILED.value,
                    ),
                )
                .where(
                    models.Attempt.status == SUBMITTED,
                    models.Attempt.ended_at >= now - timedelta(minutes=longest),
                )
                .order_by(models.Attempt.ended_at.desc())
            ).all()
        wanted = query.strip().casefold()
        code = _as_code(query) if wanted else None
        vault = vault_of(session)
        found = []
        for attempt, session_id, name, competition, open_appeal in rows:
            assert attempt.ended_at is not None and attempt.score is not None
            window = competition.appeal_window_min
            if not rules.may_file(attempt.ended_at, window, now):
                continue
            spent = spent_code(vault, attempt)
            if wanted and wanted not in name.casefold() and code != spent:
                continue
            found.append(
                Appealable(
                    attempt_id=attempt.id,
                    candidate_name=name,
                    code=format_code(spent) if spent else "",
                    session_id=session_id,
                    competition_id=competition.id,
                    post=competition.post,
                    ended_at=self._local(attempt.ended_at),
                    deadline=self._local(rules.appeal_deadline(attempt.ended_at, window)),
                    score=attempt.score,
                    max_score=attempt.max_score or 0,
                    open_appeal=open_appeal,
                )
            )
        return found

    @guarded(Permission.FILE_APPEALS)
    def file_appeal(self, actor: Actor, attempt_id: int, statement: str) -> AppealView:
        """File the candidate's appeal now (cl. 33): refused after the window closed, and while
        another appeal of the same attempt waits for its hearing."""
        statement = statement.strip()
        if not statement:
            raise ValueError("the candidate's statement is required")
        if len(statement) > MAX_STATEMENT:
            raise ValueError(f"the statement is longer than {MAX_STATEMENT} characters")
        now = self._clock.now()
        with self._sessions.begin() as session:
            attempt = session.get(models.Attempt, attempt_id, with_for_update=True)
            if attempt is None or attempt.status != SUBMITTED or attempt.ended_at is None:
                raise NotAppealable(f"attempt {attempt_id} has no result to appeal")
            exam = attempt.registration.session
            window = exam.competition.appeal_window_min
            if not rules.may_file(attempt.ended_at, window, now):
                raise AppealWindowClosed(
                    self._local(rules.appeal_deadline(attempt.ended_at, window))
                )
            earlier = session.scalars(
                select(models.Appeal).where(models.Appeal.attempt_id == attempt_id)
            ).all()
            for appeal in earlier:
                if appeal.status == AppealStatus.FILED:
                    raise AppealAlreadyOpen(appeal.number)
            number = f"A-{protocol_number(attempt)}"
            if earlier:
                number += f"-{len(earlier) + 1}"
            assert attempt.score is not None
            appeal = models.Appeal(
                number=number,
                attempt_id=attempt_id,
                commission_id=None,
                statement=statement,
                status=AppealStatus.FILED.value,
                filed_by=actor.name,
                filed_at=now,
                old_score=attempt.score,
            )
            session.add(appeal)
            session.flush()
            audit.record(
                session,
                now,
                actor.name,
                "appeal.filed",
                subject=number,
                attempt=attempt_id,
                minutes_after_end=round((now - attempt.ended_at).total_seconds() / 60, 2),
            )
            return self._view(session, appeal)

    @guarded(Permission.VIEW_APPEALS)
    def appeals(self, actor: Actor, competition_id: int | None = None) -> list[AppealView]:
        """Appeals, newest first, of one competition or of all."""
        with self._sessions() as session:
            query = select(models.Appeal).order_by(models.Appeal.filed_at.desc())
            if competition_id is not None:
                query = (
                    query.join(models.Attempt, models.Attempt.id == models.Appeal.attempt_id)
                    .join(
                        models.Registration,
                        models.Registration.id == models.Attempt.registration_id,
                    )
                    .join(
                        models.ExamSession,
                        models.ExamSession.id == models.Registration.session_id,
                    )
                    .where(models.ExamSession.competition_id == competition_id)
                )
            return [self._view(session, appeal) for appeal in session.scalars(query)]

    @guarded(Permission.VIEW_APPEALS)
    def appeal(self, actor: Actor, appeal_id: int) -> AppealView:
        """One appeal as it stands."""
        with self._sessions() as session:
            return self._view(session, _appeal(session, appeal_id))

    # -- the commission ------------------------------------------------------------------------

    @guarded(Permission.COMPOSE_COMMISSION)
    def commissioners(self, actor: Actor) -> list[CommissionerView]:
        """Active accounts with the commission role, in Kyrgyz name order."""
        with self._sessions() as session:
            accounts = session.scalars(select(models.Account).where(models.Account.active)).all()
            return sorted(
                (
                    CommissionerView(account.id, account.full_name)
                    for account in accounts
                    if Role.COMMISSION.value in account.roles
                ),
                key=lambda view: kyrgyz_sort_key(view.full_name),
            )

    @guarded(Permission.COMPOSE_COMMISSION)
    def compose_commission(
        self,
        actor: Actor,
        *,
        chair: int,
        members: Sequence[int],
        basis: str,
        session_id: int | None = None,
        appeal_id: int | None = None,
    ) -> CommissionView:
        """Compose the commission of a session, or of one appeal (cl. 34: a chair and 1-5
        members, all holding the commission role)."""
        if (session_id is None) == (appeal_id is None):
            raise ValueError("a commission is composed for a session or for one appeal")
        problem = rules.composition_problem(chair, members)
        if problem is not None:
            raise CommissionRefused(problem)
        now = self._clock.now()
        with self._sessions.begin() as session:
            for account_id in (chair, *members):
                account = session.get(models.Account, account_id)
                if account is None:
                    raise CommissionRefused("unknown_account", str(account_id))
                if not account.active or Role.COMMISSION.value not in account.roles:
                    raise CommissionRefused("not_commission", account.full_name)
            appeal = None
            if appeal_id is not None:
                appeal = _appeal(session, appeal_id)
                if appeal.heard_at is not None:
                    raise HearingRefused("decided" if appeal.decided_at else "heard")
                target_session = appeal.attempt.registration.session_id
            else:
                if session.get(models.ExamSession, session_id) is None:
                    raise LookupError(f"no session {session_id}")
                target_session = session_id
            commission = models.Commission(
                session_id=session_id,
                basis=basis.strip(),
                created_by=actor.name,
                created_at=now,
            )
            commission.members = [
                models.CommissionMember(account_id=chair, role=CHAIR),
                *(
                    models.CommissionMember(account_id=account_id, role=MEMBER)
                    for account_id in dict.fromkeys(members)
                ),
            ]
            session.add(commission)
            session.flush()
            if appeal is not None:
                appeal.commission = commission
            audit.record(
                session,
                now,
                actor.name,
                "commission.composed",
                subject=appeal.number if appeal else f"session:{target_session}",
                commission=commission.id,
                chair=chair,
                members=list(dict.fromkeys(members)),
                basis=basis.strip(),
            )
            return _commission_view(commission)

    @guarded(Permission.VIEW_APPEALS)
    def session_commission(self, actor: Actor, session_id: int) -> CommissionView | None:
        """The commission composed for a session (the latest composition), if any."""
        with self._sessions() as session:
            commission = _session_commission(session, session_id)
            return _commission_view(commission) if commission else None

    # -- the hearing ---------------------------------------------------------------------------

    @guarded(Permission.HEAR_APPEALS)
    def open_hearing(
        self, actor: Actor, appeal_id: int, attendance: Sequence[Attendance]
    ) -> AppealView:
        """Record who is present and any conflicts of interest; the hearing begins now.

        The chair and at least one member must be present without a conflict, and the one
        recording it must be among them.  Members not listed are recorded as absent.  May be
        recorded again (someone arrived late) until the decision.
        """
        now = self._clock.now()
        with self._sessions.begin() as session:
            appeal = _appeal(session, appeal_id, for_update=True)
            if appeal.status != AppealStatus.FILED:
                raise HearingRefused("decided")
            commission = appeal.commission or _session_commission(
                session, appeal.attempt.registration.session_id
            )
            if commission is None:
                raise HearingRefused("no_commission")
            roles = {member.account_id: member.role for member in commission.members}
            given = {entry.account_id: entry for entry in attendance}
            strangers = set(given) - set(roles)
            if strangers:
                raise HearingRefused("not_on_commission", ", ".join(map(str, sorted(strangers))))
            seats = {
                account_id: given.get(account_id, Attendance(account_id, present=False))
                for account_id in roles
            }
            problem = rules.hearing_problem(
                rules.Seat(roles[a] == CHAIR, entry.present, entry.conflict)
                for a, entry in seats.items()
            )
            if problem is not None:
                raise HearingRefused(problem)
            recorder = _account_id(session, actor)
            entry = seats.get(recorder) if recorder is not None else None
            if entry is None or not entry.present or entry.conflict.strip():
                raise HearingRefused("not_on_commission", actor.name)
            appeal.commission = commission
            appeal.heard_at = appeal.heard_at or now
            appeal.hearing = [
                models.HearingMember(
                    account_id=account_id,
                    role=roles[account_id],
                    present=entry.present,
                    conflict=entry.conflict.strip(),
                )
                for account_id, entry in seats.items()
            ]
            session.flush()
            audit.record(
                session,
                now,
                actor.name,
                "appeal.hearing_opened",
                subject=appeal.number,
                present=sorted(a for a, e in seats.items() if e.present),
                conflicts={str(a): e.conflict.strip() for a, e in seats.items() if e.conflict},
            )
            return self._view(session, appeal)

    @guarded(Permission.HEAR_APPEALS)
    def review(self, actor: Actor, appeal_id: int) -> Review:
        """What the commission sees on the screen (cl. 35): the frozen form with the answers,
        the keys and the points, and the answer timeline.  Showing the keys is audited."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            appeal = _appeal(session, appeal_id)
            self._check_taking_part(session, actor, appeal)
            attempt = appeal.attempt
            items, attempt_events = self._review_items(session, attempt)
            audit.record(session, now, actor.name, "appeal.reviewed", subject=appeal.number)
            assert attempt.score is not None and attempt.max_score is not None
            return Review(
                appeal=self._view(session, appeal),
                language=attempt.language,
                items=items,
                attempt_events=attempt_events,
                score=appeal.old_score,
                max_score=attempt.max_score,
                threshold=attempt.threshold_points,
            )

    @guarded(Permission.HEAR_APPEALS)
    def recomputed_score(self, actor: Actor, appeal_id: int, findings: Sequence[Finding]) -> int:
        """The score the findings would give, before they are recorded."""
        with self._sessions() as session:
            appeal = _appeal(session, appeal_id)
            answers = _answers(session, appeal.attempt_id)
            return rules.recomputed_score(
                answers, _remedies(findings, _option_keys(session, appeal))
            )

    @guarded(Permission.HEAR_APPEALS)
    def decide(
        self, actor: Actor, appeal_id: int, findings: Sequence[Finding], summary: str
    ) -> AppealView:
        """Record the findings and the decision, by someone taking part in the hearing.

        No fault confirmed: the appeal is rejected and the result stands.  A fault confirmed:
        the appeal is satisfied, the score is recomputed from the findings, a new result version
        is recorded and the testing protocol reissued as a version superseding the old.  The
        appeal protocol is archived in the same transaction.
        """
        now = self._clock.now()
        with self._sessions.begin() as session:
            appeal = _appeal(session, appeal_id, for_update=True)
            if appeal.status != AppealStatus.FILED:
                raise HearingRefused("decided")
            self._check_taking_part(session, actor, appeal)
            option_keys = _option_keys(session, appeal)
            remedies = _remedies(findings, option_keys)
            answers = _answers(session, appeal.attempt_id)
            attempt = session.get(models.Attempt, appeal.attempt_id, with_for_update=True)
            assert attempt is not None and attempt.max_score is not None
            new_score = rules.recomputed_score(answers, remedies)
            satisfied = bool(remedies)
            appeal.findings = [
                models.AppealFinding(
                    position=finding.position,
                    fault=finding.fault,
                    established=sorted(finding.established)
                    if finding.fault and finding.established is not None
                    else None,
                    finding=finding.text.strip(),
                )
                for finding in sorted(findings, key=lambda f: f.position)
            ]
            appeal.status = (AppealStatus.SATISFIED if satisfied else AppealStatus.REJECTED).value
            appeal.new_score = new_score if satisfied else appeal.old_score
            appeal.summary = summary.strip()
            appeal.decided_by = actor.name
            appeal.decided_at = now
            if satisfied:
                version = session.scalar(
                    select(func.max(models.ResultVersion.version)).where(
                        models.ResultVersion.attempt_id == attempt.id
                    )
                )
                session.add(
                    models.ResultVersion(
                        attempt_id=attempt.id,
                        version=(version or 0) + 1,
                        score=new_score,
                        max_score=attempt.max_score,
                        basis="appeal",
                        appeal_id=appeal.id,
                        recorded_by=actor.name,
                        recorded_at=now,
                    )
                )
                attempt.score = new_score
                session.flush()
                appeal.new_protocol = self._protocols.supersede(
                    session, attempt, appeal.number, actor.name
                )
            session.flush()
            audit.record(
                session,
                now,
                actor.name,
                "appeal.decided",
                subject=appeal.number,
                status=appeal.status,
                old_score=appeal.old_score,
                new_score=appeal.new_score,
                faults=sorted(remedies),
            )
            self._file_protocol(session, appeal, actor, now)
            return self._view(session, appeal)

    @guarded(Permission.VIEW_APPEALS)
    def appeal_protocol(self, actor: Actor, appeal_id: int) -> Path:
        """The archived appeal protocol PDF of a decided appeal."""
        with self._sessions() as session:
            appeal = _appeal(session, appeal_id)
            if appeal.protocol_file is None:
                raise HearingRefused("not_decided")
            return self._archive_dir / appeal.protocol_file

    # -- the appeal protocol -------------------------------------------------------------------

    def _file_protocol(
        self, session: Session, appeal: models.Appeal, actor: Actor, now: datetime
    ) -> None:
        # Imported here: reportlab is needed only when a decision is printed.
        from kiosk.services.appeal_documents import appeal_protocol_document
        from kiosk.services.verification import seal_and_render
        from protocols.appeal_protocol import render_appeal_protocol

        view = self._view(session, appeal)
        testing_protocol = session.scalar(
            select(models.ProtocolRecord.number)
            .where(models.ProtocolRecord.attempt_id == appeal.attempt_id)
            .order_by(models.ProtocolRecord.version)
        )
        exam = appeal.attempt.registration.session
        sealed = seal_and_render(
            session,
            appeal_protocol_document(
                view,
                institution=exam.competition.institution,
                place=exam.place,
                testing_protocol=testing_protocol or "",
                letters=self._letters_by_position(session, appeal),
                issued_at=self._local(now),
            ),
            render_appeal_protocol,
        )
        relative = f"appeals/appeal-{appeal.number}.pdf"
        file_document(
            session,
            self._archive_dir,
            relative,
            sealed.pdf,
            kind="appeal_protocol",
            retention=COMMISSION,
            competition_id=exam.competition_id,
            session_id=exam.id,
            reference=appeal.number,
            actor=actor.name,
            at=now,
            content_hash=sealed.content_hash,
            signature=sealed.record_signature,
            verification_code=sealed.code,
        )
        appeal.protocol_file = relative

    def _letters_by_position(
        self, session: Session, appeal: models.Appeal
    ) -> dict[int, tuple[str, str, str | None]]:
        """For each examined question, as the candidate's screen lettered it: the recorded
        answer, the key, and the answer the commission established (None when it did not)."""
        attempt = appeal.attempt
        established = {finding.position: finding.established for finding in appeal.findings}
        found = {}
        vault = vault_of(session)
        for item in attempt.items:
            if item.position not in established:
                continue
            lettering = _lettering(item.option_order, attempt.language)
            answer = established[item.position]
            found[item.position] = (
                _spell(item.selected, lettering),
                _spell(answer_key(vault, item.version), lettering),
                _spell(answer, lettering) if answer is not None else None,
            )
        return found

    # -- building the records ------------------------------------------------------------------

    def _check_taking_part(self, session: Session, actor: Actor, appeal: models.Appeal) -> None:
        if appeal.heard_at is None:
            raise HearingRefused("not_heard")
        account_id = _account_id(session, actor)
        if not any(
            seat.account_id == account_id and seat.present and not seat.conflict
            for seat in appeal.hearing
        ):
            raise HearingRefused("not_on_commission", actor.name)

    def _review_items(
        self, session: Session, attempt: models.Attempt
    ) -> tuple[tuple[ReviewItem, ...], tuple[TimelineEntry, ...]]:
        language = attempt.language
        rows = session.execute(
            select(models.AttemptItem, models.QuestionVersion, models.Question.uid)
            .join(
                models.QuestionVersion,
                models.QuestionVersion.id == models.AttemptItem.question_version_id,
            )
            .join(models.Question, models.Question.id == models.QuestionVersion.question_id)
            .where(models.AttemptItem.attempt_id == attempt.id)
            .order_by(models.AttemptItem.position)
        ).all()
        lettering = {
            item.position: _lettering(item.option_order, language) for item, _version, _uid in rows
        }
        per_question, attempt_events = self._timeline(session, attempt, lettering)
        stored_images = set(
            session.scalars(
                select(models.StoredImage.sha256).where(
                    models.StoredImage.sha256.in_(
                        {image["sha256"] for _i, version, _u in rows for image in version.images}
                    )
                )
            )
        )
        items = []
        for item, version, uid in rows:
            texts = {
                option["key"]: in_language(option["text"], language) for option in version.options
            }
            chosen = frozenset(item.selected)
            correct = answer_key(vault_of(session), version)
            section = session.get(models.Section, version.question.section_id)
            scenario = (
                session.get(models.Scenario, version.scenario_id) if version.scenario_id else None
            )
            items.append(
                ReviewItem(
                    position=item.position,
                    question_uid=uid,
                    version=version.version,
                    section_title=in_language(section.title, language) if section else "",
                    scenario=in_language(scenario.text, language) if scenario else None,
                    stem=in_language(version.stem, language),
                    options=tuple(
                        ReviewOption(
                            key=key,
                            letter=lettering[item.position][key],
                            text=texts[key],
                            chosen=key in chosen,
                            correct=key in correct,
                        )
                        for key in item.option_order
                    ),
                    multiple=version.multiple,
                    images=tuple(
                        (image["name"], image["sha256"] in stored_images)
                        for image in version.images
                    ),
                    flagged=item.flagged,
                    points=item_points(chosen, correct),
                    timeline=tuple(per_question.get(item.position, ())),
                )
            )
        return tuple(items), tuple(attempt_events)

    def _timeline(
        self,
        session: Session,
        attempt: models.Attempt,
        lettering: dict[int, dict[str, str]],
    ) -> tuple[dict[int, list[TimelineEntry]], list[TimelineEntry]]:
        """Every event of the attempt in time order: per question, and for the whole attempt."""
        # Time decisions are on the answer timeline in their place; their reasons and the
        # measured silence are in their own table, matched by kind and moment.
        decisions = {
            (f"time_{decision.kind}", decision.at): decision
            for decision in session.scalars(
                select(models.TimeDecision).where(models.TimeDecision.attempt_id == attempt.id)
            )
        }
        entries: list[TimelineEntry] = []
        for event in session.scalars(
            select(models.AnswerEvent)
            .where(models.AnswerEvent.attempt_id == attempt.id)
            .order_by(models.AnswerEvent.id)
        ):
            decision = decisions.get((event.kind, event.at))
            if decision is not None:
                entries.append(
                    TimelineEntry(
                        at=self._local(event.at),
                        consumed_s=event.consumed_s,
                        kind=_TIME_KINDS.get(decision.kind, TimelineKind.TIME_EXTRA),
                        position=None,
                        detail=decision.reason,
                        seconds=decision.seconds,
                        lost_s=decision.lost_s,
                    )
                )
                continue
            kind = _EVENT_KINDS.get(event.kind)
            if kind is None:
                continue
            letters = ""
            if kind is TimelineKind.SELECT and event.position is not None:
                letters = _spell(event.value or [], lettering.get(event.position, {}))
            entries.append(
                TimelineEntry(
                    at=self._local(event.at),
                    consumed_s=event.consumed_s,
                    kind=kind,
                    position=event.position,
                    letters=letters,
                )
            )
        for problem in session.scalars(
            select(models.ProblemReport).where(models.ProblemReport.attempt_id == attempt.id)
        ):
            entries.append(
                TimelineEntry(
                    at=self._local(problem.at),
                    consumed_s=problem.consumed_s,
                    kind=TimelineKind.PROBLEM,
                    position=problem.position,
                    detail=problem.note,
                    problem=problem.kind,
                )
            )
        for incident in session.scalars(
            select(models.Incident).where(
                models.Incident.registration_id == attempt.registration_id
            )
        ):
            entries.append(
                TimelineEntry(
                    at=self._local(incident.at),
                    consumed_s=attempt.consumed_s,
                    kind=TimelineKind.INCIDENT,
                    position=None,
                    detail=incident.text,
                    incident=incident.kind,
                )
            )
        # Stable: events of the same moment keep the order in which they were recorded.
        entries.sort(key=lambda entry: entry.at)
        per_question: dict[int, list[TimelineEntry]] = {}
        whole: list[TimelineEntry] = []
        for entry in entries:
            if entry.position is None:
                whole.append(entry)
            else:
                per_question.setdefault(entry.position, []).append(entry)
                if entry.kind is TimelineKind.PROBLEM:
                    whole.append(entry)
        return per_question, whole

    def _view(self, session: Session, appeal: models.Appeal) -> AppealView:
        attempt = appeal.attempt
        exam = attempt.registration.session
        competition = exam.competition
        assert attempt.ended_at is not None and attempt.max_score is not None
        answers = _answers(session, attempt.id) if appeal.findings else []
        findings = []
        for finding in appeal.findings:
            selected, correct = answers[finding.position]
            remedy = (
                rules.Remedy(
                    frozenset(finding.established) if finding.established is not None else None
                )
                if finding.fault
                else None
            )
            findings.append(
                FindingView(
                    position=finding.position,
                    fault=finding.fault,
                    text=finding.finding,
                    established=frozenset(finding.established)
                    if finding.established is not None
                    else None,
                    points_before=item_points(selected, correct),
                    points_after=rules.points_after(selected, correct, remedy),
                )
            )
        return AppealView(
            appeal_id=appeal.id,
            number=appeal.number,
            attempt_id=attempt.id,
            candidate_name=attempt.registration.candidate.full_name,
            code=printed_code(vault_of(session), attempt),
            competition_id=competition.id,
            post=competition.post,
            school=competition.school,
            session_id=exam.id,
            session_date=exam.session_date,
            ended_at=self._local(attempt.ended_at),
            deadline=self._local(
                rules.appeal_deadline(attempt.ended_at, competition.appeal_window_min)
            ),
            statement=appeal.statement,
            filed_at=self._local(appeal.filed_at),
            filed_by=appeal.filed_by,
            status=AppealStatus(appeal.status),
            heard_at=self._local(appeal.heard_at) if appeal.heard_at else None,
            decided_at=self._local(appeal.decided_at) if appeal.decided_at else None,
            old_score=appeal.old_score,
            new_score=appeal.new_score,
            max_score=attempt.max_score,
            threshold=attempt.threshold_points,
            commission=_commission_view(appeal.commission) if appeal.commission else None,
            hearing=tuple(
                MemberView(
                    account_id=seat.account_id,
                    full_name=seat.account.full_name,
                    role=seat.role,
                    present=seat.present,
                    conflict=seat.conflict,
                )
                for seat in appeal.hearing
            ),
            findings=tuple(findings),
            summary=appeal.summary,
            protocol_file=appeal.protocol_file,
            new_protocol=appeal.new_protocol,
        )

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._timezone)


def _appeal(session: Session, appeal_id: int, *, for_update: bool = False) -> models.Appeal:
    appeal = session.get(models.Appeal, appeal_id, with_for_update=for_update)
    if appeal is None:
        raise LookupError(f"no appeal {appeal_id}")
    return appeal


def _account_id(session: Session, actor: Actor) -> int | None:
    return session.scalar(select(models.Account.id).where(models.Account.login == actor.name))


def _session_commission(session: Session, session_id: int) -> models.Commission | None:
    return session.scalars(
        select(models.Commission)
        .where(models.Commission.session_id == session_id)
        .order_by(models.Commission.id.desc())
    ).first()


def _commission_view(commission: models.Commission) -> CommissionView:
    return CommissionView(
        commission_id=commission.id,
        session_id=commission.session_id,
        basis=commission.basis,
        members=tuple(
            MemberView(member.account_id, member.account.full_name, member.role)
            for member in sorted(
                commission.members,
                key=lambda m: (m.role != CHAIR, kyrgyz_sort_key(m.account.full_name)),
            )
        ),
    )


def _answers(session: Session, attempt_id: int) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(selected, correct) of each question of the frozen form, by position."""
    rows = session.execute(
        select(models.AttemptItem.selected, models.QuestionVersion)
        .join(
            models.QuestionVersion,
            models.QuestionVersion.id == models.AttemptItem.question_version_id,
        )
        .where(models.AttemptItem.attempt_id == attempt_id)
        .order_by(models.AttemptItem.position)
    ).all()
    vault = vault_of(session)
    return [(frozenset(selected), answer_key(vault, version)) for selected, version in rows]


def _option_keys(session: Session, appeal: models.Appeal) -> dict[int, frozenset[str]]:
    return {
        position: frozenset(order)
        for position, order in session.execute(
            select(models.AttemptItem.position, models.AttemptItem.option_order).where(
                models.AttemptItem.attempt_id == appeal.attempt_id
            )
        )
    }


def _remedies(
    findings: Sequence[Finding], option_keys: dict[int, frozenset[str]]
) -> dict[int, rules.Remedy]:
    """The confirmed faults by position, after checking every finding against the form."""
    seen: set[int] = set()
    remedies = {}
    for finding in findings:
        if finding.position not in option_keys or finding.position in seen:
            raise HearingRefused("unknown_question", str(finding.position + 1))
        seen.add(finding.position)
        if not finding.fault:
            continue
        if not finding.text.strip():
            raise HearingRefused("finding_missing", str(finding.position + 1))
        if finding.established is not None and not (
            finding.established and finding.established <= option_keys[finding.position]
        ):
            raise HearingRefused("bad_answer", str(finding.position + 1))
        remedies[finding.position] = rules.Remedy(finding.established)
    return remedies


def _as_code(typed: str) -> str | None:
    try:
        return normalize_code(typed)
    except MalformedCode:
        return None


def _lettering(option_order: Sequence[str], language: str) -> dict[str, str]:
    """Each option key's letter, in the order the options were shown."""
    return dict(zip(option_order, option_letters(language), strict=False))


def _spell(keys: Sequence[str] | frozenset[str], lettering: dict[str, str]) -> str:
    """Option keys as the letters the candidate saw, in the shown order."""
    order = list(lettering)
    return "".join(lettering[key] for key in sorted(keys, key=order.index) if key in lettering)
