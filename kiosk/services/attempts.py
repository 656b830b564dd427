"""The candidate's path through the test: code, briefing, the timed attempt, submission, result.

One :class:`AttemptService` serves one station.  Every change a candidate makes is committed
before the call returns, so what the screen acknowledges is on disk.  The service keeps, per
attempt, a stopwatch that measures consumed time on the injected monotonic clock; the time is
persisted with every answer (in its event row) and by the heartbeat (in the attempt row).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, bindparam, exists, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.appeal import appeal_deadline
from kiosk.domain.lockout import MAX_FAILURES, SESSION_MAX_FAILURES, LockoutState
from kiosk.domain.scoring import Outcome, score_attempt
from kiosk.domain.timing import HEARTBEAT_S, Stopwatch
from kiosk.security.codes import MalformedCode, code_digest, normalize_code
from kiosk.security.vault import Vault
from kiosk.services import audit
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.bank import approved_pool
from kiosk.services.competition_views import ADMITTED, APPROVED, REGISTERED, TIE_BREAK
from kiosk.services.keys import open_answer_key, seal_spent_code
from kiosk.services.session_views import MAX_PROBLEM_NOTE
from kiosk.services.views import (
    END_BY_CANDIDATE,
    AnswerAck,
    AttemptClosed,
    AttemptView,
    Briefing,
    ImageView,
    ItemView,
    LoginRefusal,
    LoginResult,
    OptionView,
    ResultView,
    TimeIsUp,
    in_language,
)
from kiosk.storage.models import (
    AnswerEvent,
    Attempt,
    AttemptItem,
    ExamSession,
    ProblemReport,
    Question,
    QuestionVersion,
    Registration,
    ResultVersion,
    Scenario,
    Section,
    StationLockout,
    StoredImage,
)
from question_bank.assembly import assemble_form
from question_bank.model import Blueprint

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"


@dataclass
class _Running:
    """What a station keeps in memory about an attempt it is running."""

    stopwatch: Stopwatch
    option_keys: dict[int, tuple[str, ...]]
    #: Positions of multiple-response questions (answered by toggling, not by choosing one).
    multiple: frozenset[int]
    #: position → (selected keys, flagged), as committed; this station is the attempt's only writer.
    answers: dict[int, tuple[frozenset[str], bool]]
    last_persist: float


_OPEN_ATTEMPT = (Attempt.id == bindparam("attempt")) & (Attempt.status == IN_PROGRESS)
# Both also note the station's sign of life for the console and read back the time limit, which
# the proctor may have raised (extra time) while this station was running the attempt.
_PERSIST_TIME = (
    update(Attempt)
    .where(_OPEN_ATTEMPT)
    .values(consumed_s=bindparam("consumed"), last_seen_at=bindparam("seen"))
    .returning(Attempt.time_limit_s)
)
_PERSIST_TIME_AND_PLACE = (
    update(Attempt)
    .where(_OPEN_ATTEMPT)
    .values(
        consumed_s=bindparam("consumed"),
        current_position=bindparam("pos"),
        last_seen_at=bindparam("seen"),
    )
    .returning(Attempt.time_limit_s)
)
#: Stores an answer only while the attempt is open: the guard and the write in one statement.
_STORE_ANSWER = (
    update(AttemptItem)
    .where(
        AttemptItem.attempt_id == bindparam("attempt"),
        AttemptItem.position == bindparam("pos"),
        exists().where(_OPEN_ATTEMPT),
    )
    .values(selected=bindparam("sel"), flagged=bindparam("flag"))
)
_RECORD_EVENT = insert(AnswerEvent)


class AttemptService:
    """The use cases of a candidate station."""

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session],
        clock: Clock,
        station_id: str,
        issue_protocol: Callable[[int], tuple[str, Path]],
        vault: Vault,
    ) -> None:
        self._engine = engine
        self._vault = vault
        self._sessions = sessions
        self._clock = clock
        self.station_id = station_id
        self._issue_protocol = issue_protocol
        self._running: dict[int, _Running] = {}
        # The code each registration logged in with at this station, to print once it is spent.
        self._codes: dict[int, str] = {}

    # -- login ---------------------------------------------------------------------------------

    def login(self, typed_code: str) -> LoginResult:
        """Check a typed code; a right one gives the briefing, a wrong one counts toward lockout."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            lock_row = session.get(StationLockout, self.station_id)
            state = _lockout_state(lock_row)
            if state.is_locked(now):
                return LoginResult(
                    refusal=LoginRefusal.LOCKED, locked_seconds=state.seconds_left(now)
                )
            try:
                code = normalize_code(typed_code)
            except MalformedCode:
                # A typo is caught by the check symbol before any lookup: no try is spent.
                return LoginResult(
                    refusal=LoginRefusal.MALFORMED, tries_left=MAX_FAILURES - state.failures
                )
            registration = session.scalars(
                select(Registration).where(
                    Registration.code_digest == code_digest(self._vault, code)
                )
            ).one_or_none()
            if registration is None:
                state = state.after_failure(now)
                _store_lockout(session, lock_row, self.station_id, state)
                audit.record(session, now, self.station_id, "login.refused", reason="unknown")
                _count_session_failure(session, now, self.station_id)
                if state.is_locked(now):
                    audit.record(session, now, self.station_id, "station.locked")
                    return LoginResult(
                        refusal=LoginRefusal.LOCKED, locked_seconds=state.seconds_left(now)
                    )
                return LoginResult(
                    refusal=LoginRefusal.UNKNOWN, tries_left=MAX_FAILURES - state.failures
                )
            attempt = session.scalars(
                select(Attempt).where(Attempt.registration_id == registration.id)
            ).one_or_none()
            closed = _closed_reason(registration, attempt, now)
            if closed is not None:
                audit.record(
                    session,
                    now,
                    self.station_id,
                    "login.refused",
                    subject=f"registration:{registration.id}",
                    reason=closed.value,
                )
                opens_at = registration.session.opens_at
                return LoginResult(
                    refusal=closed, opens_at=opens_at if closed is LoginRefusal.NOT_YET else None
                )
            if attempt is not None and attempt.status != IN_PROGRESS:
                audit.record(
                    session,
                    now,
                    self.station_id,
                    "login.refused",
                    subject=f"registration:{registration.id}",
                    reason="used",
                )
                return LoginResult(refusal=LoginRefusal.USED)
            if state.failures:
                _store_lockout(session, lock_row, self.station_id, state.after_success())
            audit.record(
                session, now, self.station_id, "login", subject=f"registration:{registration.id}"
            )
            self._codes[registration.id] = code
            return LoginResult(briefing=_briefing(registration, attempt))

    def lockout_seconds(self) -> int:
        """Seconds until this station takes codes again (0 when it is not locked)."""
        with self._sessions() as session:
            state = _lockout_state(session.get(StationLockout, self.station_id))
        return state.seconds_left(self._clock.now())

    # -- the attempt ---------------------------------------------------------------------------

    def start(self, registration_id: int, language: str) -> AttemptView:
        """Start the attempt with a freshly drawn, frozen form, or resume the one under way."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            attempt = session.scalars(
                select(Attempt).where(Attempt.registration_id == registration_id)
            ).one_or_none()
            if attempt is None:
                attempt = self._create_attempt(session, registration_id, language, now)
                audit.record(
                    session,
                    now,
                    self.station_id,
                    "attempt.started",
                    subject=f"attempt:{attempt.id}",
                    language=language,
                )
                kind = "start"
            elif attempt.status == IN_PROGRESS:
                _catch_up(session, attempt)
                audit.record(
                    session,
                    now,
                    self.station_id,
                    "attempt.resumed",
                    subject=f"attempt:{attempt.id}",
                    consumed_s=attempt.consumed_s,
                )
                kind = "resume"
            else:
                raise AttemptClosed(f"attempt {attempt.id} is already submitted")
            session.add(
                AnswerEvent(
                    attempt_id=attempt.id,
                    position=None,
                    kind=kind,
                    value=None,
                    consumed_s=attempt.consumed_s,
                    at=now,
                )
            )
            session.flush()
            self._running[attempt.id] = _Running(
                stopwatch=Stopwatch(
                    attempt.time_limit_s, attempt.consumed_s, self._clock.monotonic()
                ),
                option_keys={item.position: tuple(item.option_order) for item in attempt.items},
                multiple=frozenset(
                    session.scalars(
                        select(AttemptItem.position)
                        .join(
                            QuestionVersion,
                            QuestionVersion.id == AttemptItem.question_version_id,
                        )
                        .where(AttemptItem.attempt_id == attempt.id, QuestionVersion.multiple)
                    )
                ),
                answers={
                    item.position: (frozenset(item.selected), item.flagged)
                    for item in attempt.items
                },
                last_persist=self._clock.monotonic(),
            )
            return self._view(session, attempt)

    def _create_attempt(
        self, session: Session, registration_id: int, language: str, now: datetime
    ) -> Attempt:
        registration = session.get(Registration, registration_id)
        if registration is None:
            raise LookupError(f"no registration {registration_id}")
        exam: ExamSession = registration.session
        competition = exam.competition
        pool = approved_pool(session, competition.languages)
        sections = exam.blueprint if exam.blueprint is not None else competition.blueprint
        time_limit_s = exam.time_limit_s or competition.time_limit_s
        if exam.kind == TIE_BREAK:
            seen = seen_versions(session, exam.id)
            pool = [item for item in pool if item.version_id not in seen]
        blueprint = Blueprint(
            tuple((code, count) for code, count in sections),
            time_limit_s=time_limit_s,
            scoring=competition.scoring,
            languages=tuple(competition.languages),
        )
        seed = secrets.randbits(31)
        form = assemble_form(pool, blueprint, seed)
        attempt = Attempt(
            registration_id=registration_id,
            station_id=self.station_id,
            language=language,
            seed=seed,
            status=IN_PROGRESS,
            time_limit_s=time_limit_s,
            consumed_s=0.0,
            current_position=0,
            # The additional test only orders candidates who all met the threshold already.
            threshold_points=0 if exam.kind == TIE_BREAK else competition.threshold_points,
            started_at=now,
        )
        session.add(attempt)
        session.flush()
        session.add_all(
            AttemptItem(
                attempt_id=attempt.id,
                position=position,
                question_version_id=item.version_id,
                option_order=list(item.option_order),
                selected=[],
                flagged=False,
            )
            for position, item in enumerate(form)
        )
        session.flush()
        session.refresh(attempt)
        return attempt

    def view(self, attempt_id: int) -> AttemptView:
        """The attempt as the test screen shows it."""
        with self._sessions() as session:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None:
                raise LookupError(f"no attempt {attempt_id}")
            return self._view(session, attempt)

    def _view(self, session: Session, attempt: Attempt) -> AttemptView:
        language = attempt.language
        rows = session.execute(
            select(AttemptItem, QuestionVersion, Scenario, Section.title)
            .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
            .join(Question, Question.id == QuestionVersion.question_id)
            .join(Section, Section.id == Question.section_id)
            .outerjoin(Scenario, Scenario.id == QuestionVersion.scenario_id)
            .where(AttemptItem.attempt_id == attempt.id)
            .order_by(AttemptItem.position)
        ).all()
        pictures = _pictures(session, {i["sha256"] for row in rows for i in row[1].images})
        items = []
        for item, version, scenario, section_title in rows:
            option_texts = {o["key"]: in_language(o["text"], language) for o in version.options}
            items.append(
                ItemView(
                    position=item.position,
                    section_title=in_language(section_title, language),
                    scenario=in_language(scenario.text, language) if scenario else None,
                    stem=in_language(version.stem, language),
                    options=tuple(OptionView(key, option_texts[key]) for key in item.option_order),
                    multiple=version.multiple,
                    selected=frozenset(item.selected),
                    flagged=item.flagged,
                    images=tuple(
                        # A picture missing from the store is shown as "cannot be shown" (no
                        # bytes), not allowed to stop the candidate's test.
                        ImageView(i["name"], i["media_type"], pictures.get(i["sha256"], b""))
                        for i in version.images
                    ),
                )
            )
        return AttemptView(
            attempt_id=attempt.id,
            language=language,
            items=tuple(items),
            current_position=attempt.current_position,
            time_limit_s=attempt.time_limit_s,
            remaining_s=self.remaining(attempt.id)
            if attempt.id in self._running
            else max(0.0, attempt.time_limit_s - attempt.consumed_s),
        )

    def remaining(self, attempt_id: int) -> float:
        """Seconds left in a running attempt, from the monotonic clock (no database access)."""
        return self._run(attempt_id).stopwatch.remaining(self._clock.monotonic())

    def select_option(self, attempt_id: int, position: int, key: str | None) -> AnswerAck:
        """Choose option ``key`` at ``position`` (None clears it); committed before returning.

        Only for single-answer questions: a multiple-response question is answered with
        :meth:`toggle_option`.
        """
        running = self._run(attempt_id)
        keys = running.option_keys.get(position)
        if keys is None or (key is not None and key not in keys):
            raise ValueError(f"attempt {attempt_id} has no option {key!r} at {position}")
        if position in running.multiple:
            raise ValueError(f"question {position} takes several answers: toggle its options")
        return self._change(
            attempt_id, position, "select", frozenset(() if key is None else (key,))
        )

    def toggle_option(self, attempt_id: int, position: int, key: str) -> AnswerAck:
        """Tick option ``key`` of a multiple-response question, or untick it if it was ticked.

        The other ticks stay as they are.  Committed before returning, with an event that holds
        the whole selection after the change (as :meth:`select_option`'s does).
        """
        running = self._run(attempt_id)
        keys = running.option_keys.get(position)
        if keys is None or key not in keys:
            raise ValueError(f"attempt {attempt_id} has no option {key!r} at {position}")
        if position not in running.multiple:
            raise ValueError(f"question {position} takes one answer: select an option")
        selected = running.answers[position][0]
        return self._change(attempt_id, position, "select", selected ^ {key})

    def set_flag(self, attempt_id: int, position: int, flagged: bool) -> AnswerAck:
        """Mark or unmark a question for review; committed before returning."""
        running = self._run(attempt_id)
        if position not in running.option_keys:
            raise ValueError(f"attempt {attempt_id} has no question at {position}")
        selected = running.answers[position][0]
        return self._change(
            attempt_id, position, "flag" if flagged else "unflag", selected, flagged
        )

    def go_to(self, attempt_id: int, position: int) -> float:
        """Remember the question on screen, so that a restarted station opens it again."""
        if position not in self._run(attempt_id).option_keys:
            raise ValueError(f"attempt {attempt_id} has no question at {position}")
        with self._engine.begin() as connection:
            return self._persist_time(connection, attempt_id, position)

    def heartbeat(self, attempt_id: int) -> float:
        """Persist consumed time if a heartbeat interval has passed; the seconds left.

        Raises :class:`TimeIsUp` when no time is left, so the caller submits.
        """
        running = self._run(attempt_id)
        now = self._clock.monotonic()
        if running.stopwatch.expired(now) or now - running.last_persist >= HEARTBEAT_S:
            # Persisting also reads the limit back, so extra time given at the last moment counts.
            with self._engine.begin() as connection:
                remaining = self._persist_time(connection, attempt_id)
            if remaining <= 0.0:
                raise TimeIsUp(f"attempt {attempt_id}")
            return remaining
        return running.stopwatch.remaining(now)

    def report_problem(
        self, attempt_id: int, position: int | None, kind: ProblemKind, note: str = ""
    ) -> None:
        """Record a technical problem the candidate reports, committed before returning.

        It carries the question on screen (0-based ``position``; None when there was none) and
        the test time consumed, so that the proctor sees it at once and an appeal can place it
        on the answer timeline.  Reporting does not pause the test: the time keeps running, as
        it does while the proctor comes over.  Refused with :class:`AttemptClosed` when the
        attempt is not open at this station (:class:`TimeIsUp` when its time is over, as for an
        answer); a note longer than :data:`MAX_PROBLEM_NOTE` characters is refused with
        ``ValueError`` (the dialog stops typing there).
        """
        running = self._run(attempt_id)
        if position is not None and position not in running.option_keys:
            raise ValueError(f"attempt {attempt_id} has no question at {position}")
        kind = ProblemKind(kind)
        # One line for the console's list: the dialog's field is one line anyway.
        text = " ".join(note.split())
        if len(text) > MAX_PROBLEM_NOTE:
            raise ValueError(f"a note has at most {MAX_PROBLEM_NOTE} characters")
        consumed = running.stopwatch.consumed(self._clock.monotonic())
        if consumed >= running.stopwatch.limit_s:
            raise TimeIsUp(f"attempt {attempt_id}")
        now = self._clock.now()
        with self._sessions.begin() as session:
            status = session.scalar(select(Attempt.status).where(Attempt.id == attempt_id))
            if status != IN_PROGRESS:
                raise AttemptClosed(f"attempt {attempt_id} is not open")
            report = ProblemReport(
                attempt_id=attempt_id,
                position=position,
                kind=kind.value,
                note=text,
                consumed_s=consumed,
                at=now,
            )
            session.add(report)
            session.flush()
            audit.record(
                session,
                now,
                self.station_id,
                "problem.reported",
                subject=f"attempt:{attempt_id}",
                problem=report.id,
                kind=kind.value,
                position=position,
                consumed_s=consumed,
            )

    def _change(
        self,
        attempt_id: int,
        position: int,
        kind: str,
        selected: frozenset[str],
        flagged: bool | None = None,
    ) -> AnswerAck:
        """Commit one change of one question with its event, which also carries the time consumed.

        This is the path of every click, so it runs two prepared Core statements rather than the
        ORM, and leaves the attempt row to the heartbeat: the event row already holds the time and
        the question, and a resumed attempt takes whichever of the two is later (see
        :func:`_catch_up`).  The commit itself is most of the cost.
        """
        running = self._run(attempt_id)
        consumed = running.stopwatch.consumed(self._clock.monotonic())
        if consumed >= running.stopwatch.limit_s:
            raise TimeIsUp(f"attempt {attempt_id}")
        if flagged is None:
            flagged = running.answers[position][1]
        keys = sorted(selected)
        with self._engine.begin() as connection:
            stored = connection.execute(
                _STORE_ANSWER,
                {"attempt": attempt_id, "pos": position, "sel": keys, "flag": flagged},
            )
            if stored.rowcount != 1:
                raise AttemptClosed(f"attempt {attempt_id} is not open")
            now = self._clock.now()
            connection.execute(
                _RECORD_EVENT,
                {
                    "attempt_id": attempt_id,
                    "position": position,
                    "kind": kind,
                    "value": keys,
                    "consumed_s": consumed,
                    "at": now,
                },
            )
            audit.append(
                connection,
                self._vault,
                [
                    audit.entry(
                        now,
                        self.station_id,
                        f"answer.{kind}",
                        f"attempt:{attempt_id}",
                        position=position,
                        selected=keys,
                        flagged=flagged,
                    )
                ],
            )
        running.answers[position] = (selected, flagged)
        return AnswerAck(position, selected, flagged, running.stopwatch.limit_s - consumed)

    def _persist_time(
        self, connection: Connection, attempt_id: int, position: int | None = None
    ) -> float:
        """Write consumed time (and the question on screen) if the attempt is still open."""
        running = self._run(attempt_id)
        mono = self._clock.monotonic()
        values = {
            "attempt": attempt_id,
            "consumed": running.stopwatch.consumed(mono),
            "seen": self._clock.now(),
        }
        if position is None:
            limit = connection.execute(_PERSIST_TIME, values).scalar()
        else:
            limit = connection.execute(
                _PERSIST_TIME_AND_PLACE, {**values, "pos": position}
            ).scalar()
        if limit is None:
            raise AttemptClosed(f"attempt {attempt_id} is not open")
        running.stopwatch.limit_s = limit
        running.last_persist = mono
        return running.stopwatch.remaining(mono)

    def _run(self, attempt_id: int) -> _Running:
        try:
            return self._running[attempt_id]
        except KeyError:
            raise AttemptClosed(f"attempt {attempt_id} is not running at this station") from None

    # -- the end -------------------------------------------------------------------------------

    def submit(self, attempt_id: int, reason: str = END_BY_CANDIDATE) -> ResultView:
        """End the attempt, score its frozen form and issue the protocol; the result at once."""
        now = self._clock.now()
        running = self._running.pop(attempt_id, None)
        with self._sessions.begin() as session:
            attempt = session.get(Attempt, attempt_id, with_for_update=True)
            if attempt is None:
                raise LookupError(f"no attempt {attempt_id}")
            if attempt.status == IN_PROGRESS:
                if running is not None:
                    attempt.consumed_s = running.stopwatch.consumed(self._clock.monotonic())
                else:
                    _catch_up(session, attempt)
                pairs = session.execute(
                    select(
                        AttemptItem.selected,
                        Question.uid,
                        QuestionVersion.version,
                        QuestionVersion.key_sealed,
                    )
                    .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
                    .join(Question, Question.id == QuestionVersion.question_id)
                    .where(AttemptItem.attempt_id == attempt_id)
                ).all()
                outcome = score_attempt(
                    (
                        (frozenset(s), open_answer_key(self._vault, uid, v, sealed))
                        for s, uid, v, sealed in pairs
                    ),
                    attempt.threshold_points,
                )
                attempt.status = SUBMITTED
                spent = self._codes.pop(attempt.registration_id, None)
                if spent is not None:
                    attempt.code_sealed = seal_spent_code(self._vault, attempt_id, spent)
                attempt.ended_at = now
                attempt.end_reason = reason
                attempt.score = outcome.score
                attempt.max_score = outcome.max_score
                session.add(
                    ResultVersion(
                        attempt_id=attempt_id,
                        version=1,
                        score=outcome.score,
                        max_score=outcome.max_score,
                        basis=SUBMITTED,
                        recorded_by=self.station_id,
                        recorded_at=now,
                    )
                )
                session.add(
                    AnswerEvent(
                        attempt_id=attempt_id,
                        position=None,
                        kind="submit",
                        value=None,
                        consumed_s=attempt.consumed_s,
                        at=now,
                    )
                )
                audit.record(
                    session,
                    now,
                    self.station_id,
                    "attempt.submitted",
                    subject=f"attempt:{attempt_id}",
                    reason=reason,
                    score=outcome.score,
                )
        return self.result(attempt_id)

    def result(self, attempt_id: int) -> ResultView:
        """The result of a submitted attempt, issuing its protocol if that was not done yet."""
        number, path = self._issue_protocol(attempt_id)
        with self._sessions() as session:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or attempt.status != SUBMITTED:
                raise AttemptClosed(f"attempt {attempt_id} has no result yet")
            assert attempt.ended_at is not None and attempt.score is not None
            assert attempt.max_score is not None and attempt.end_reason is not None
            outcome = Outcome(attempt.score, attempt.max_score, attempt.threshold_points)
            competition = attempt.registration.session.competition
            return ResultView(
                attempt_id=attempt.id,
                candidate_name=attempt.registration.candidate.full_name,
                score=attempt.score,
                max_score=attempt.max_score,
                threshold=outcome.threshold,
                meets=outcome.meets,
                statement=outcome.statement,
                ended_at=attempt.ended_at,
                end_reason=attempt.end_reason,
                appeal_deadline=appeal_deadline(attempt.ended_at, competition.appeal_window_min),
                protocol_number=number,
                protocol_path=path,
            )


def _pictures(session: Session, digests: set[str]) -> dict[str, bytes]:
    """The stored bytes of these pictures, by content hash (one query, none without pictures)."""
    if not digests:
        return {}
    rows = session.execute(
        select(StoredImage.sha256, StoredImage.data).where(StoredImage.sha256.in_(digests))
    )
    return {digest: bytes(data) for digest, data in rows}


def _catch_up(session: Session, attempt: Attempt) -> None:
    """Bring the attempt row up to its latest answer event.

    Answers carry their time and question in the event row only (the click path writes no more
    than it must); the heartbeat and navigation write the attempt row.  Whichever happened later
    says how much time was consumed and which question was on screen.
    """
    latest = session.execute(
        select(AnswerEvent.consumed_s, AnswerEvent.position)
        .where(AnswerEvent.attempt_id == attempt.id)
        .order_by(AnswerEvent.id.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.consumed_s > attempt.consumed_s:
        attempt.consumed_s = latest.consumed_s
        if latest.position is not None:
            attempt.current_position = latest.position


def seen_versions(session: Session, tie_break_session_id: int) -> set[int]:
    """Every version of every question that a candidate of a tie-break session has already seen.

    cl. 29's additional test must be new to all the tied candidates; an edited question is the
    same question, so all its versions are excluded.
    """
    people = select(Registration.candidate_id).where(
        Registration.session_id == tie_break_session_id
    )
    seen_questions = (
        select(QuestionVersion.question_id)
        .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(Registration, Registration.id == Attempt.registration_id)
        .where(
            Registration.candidate_id.in_(people),
            # Their forms of this very test do not count: the tied draw from the same pool.
            Registration.session_id != tie_break_session_id,
        )
    )
    return set(
        session.scalars(
            select(QuestionVersion.id).where(QuestionVersion.question_id.in_(seen_questions))
        )
    )


def _count_session_failure(session: Session, now: datetime, station_id: str) -> None:
    """Count a wrong code against every session taking codes now, and suspend code entry in a
    session that reached :data:`SESSION_MAX_FAILURES`.

    A wrong code names no session, so it counts in each one whose entry window is open: the
    limit is meant for someone trying codes from station to station, which the per-station lock
    alone would let go on for ever, one minute at a time.
    """
    taking_codes = session.scalars(
        select(ExamSession)
        .where(
            ExamSession.ended_at.is_(None),
            ExamSession.codes_suspended_at.is_(None),
            (ExamSession.opens_at.is_(None)) | (ExamSession.opens_at <= now),
            (ExamSession.closes_at.is_(None)) | (ExamSession.closes_at >= now),
        )
        .with_for_update()
    ).all()
    for exam in taking_codes:
        exam.failed_codes += 1
        if exam.failed_codes >= SESSION_MAX_FAILURES:
            exam.codes_suspended_at = now
            audit.record(
                session,
                now,
                station_id,
                "session.codes_suspended",
                subject=f"session:{exam.id}",
                failed_codes=exam.failed_codes,
            )


def _closed_reason(
    registration: Registration, attempt: Attempt | None, now: datetime
) -> LoginRefusal | None:
    """Why a right code may not open its test now, or None.

    A test under way resumes whenever its session is still on (a crashed station is not kept
    out by the entry window); a new test starts only inside the window, for a candidate still in
    the competition and not marked absent.
    """
    exam: ExamSession = registration.session
    if attempt is not None and attempt.status != IN_PROGRESS:
        return None  # "already used" says more than "closed"
    if exam.codes_suspended_at is not None:
        # Too many wrong codes across the stations: no one gets in, not even to resume, until
        # the proctor, who is then at hand, has looked.
        return LoginRefusal.SUSPENDED
    if exam.ended_at is not None or exam.competition.status != APPROVED:
        return LoginRefusal.CLOSED
    if attempt is not None:
        return None
    if registration.status != REGISTERED or registration.candidate.status != ADMITTED:
        return LoginRefusal.CLOSED
    if exam.opens_at is not None and now < exam.opens_at:
        return LoginRefusal.NOT_YET
    if exam.closes_at is not None and now > exam.closes_at:
        return LoginRefusal.CLOSED
    return None


def _lockout_state(row: StationLockout | None) -> LockoutState:
    return LockoutState() if row is None else LockoutState(row.failures, row.locked_until)


def _store_lockout(
    session: Session, row: StationLockout | None, station_id: str, state: LockoutState
) -> None:
    if row is None:
        session.add(
            StationLockout(
                station_id=station_id, failures=state.failures, locked_until=state.locked_until
            )
        )
    else:
        row.failures = state.failures
        row.locked_until = state.locked_until


def _briefing(registration: Registration, attempt: Attempt | None) -> Briefing:
    exam_session: ExamSession = registration.session
    competition = exam_session.competition
    return Briefing(
        registration_id=registration.id,
        candidate_name=registration.candidate.full_name,
        post=dict(competition.post),
        school=dict(competition.school),
        session_date=exam_session.session_date,
        question_count=competition.question_count,
        time_limit_s=competition.time_limit_s,
        threshold=competition.threshold_points,
        resuming=attempt is not None,
        language=attempt.language if attempt is not None else None,
    )
