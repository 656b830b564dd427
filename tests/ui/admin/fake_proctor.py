"""An in-memory proctor service for the console's tests and screenshots.

It keeps the rules the console relies on, so that a test sees the state really change: extra
time raises the time left and the time granted, marking absent works only before the test,
ending the session is refused while anyone is in the test, an acknowledged problem leaves the
open list, every call checks the actor's role.  Every call is recorded in
:attr:`FakeProctor.calls` with the values it got.  Helpers move the session along
(:meth:`FakeProctor.start`, :meth:`FakeProctor.tick`, :meth:`FakeProctor.submit`,
:meth:`FakeProctor.report_problem`) as stations would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from kiosk.domain.roles import Actor, Permission
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.session_views import (
    ConsoleView,
    IncidentKind,
    IncidentView,
    ProblemView,
    SeatState,
    SeatView,
    SessionChoice,
    SessionStillRunning,
)

BISHKEK = timezone(timedelta(hours=6))
POST = {
    "ky": "Бишкек шаарындагы №61 орто мектептин директору",
    "ru": "Директор средней школы №61 г. Бишкек",
}
PLACE = {"ky": "Тестирлөө борбору, 2-зал", "ru": "Центр тестирования, зал 2"}
QUESTIONS = 80
TIME_LIMIT_S = 90 * 60
THRESHOLD = 48
#: As the service: one decision adds at most an hour.
MAX_GRANT_S = 60 * 60
#: The competition's appeal window (cl. 33), as the default competition has it.
APPEAL_WINDOW_MIN = 60
TESTING = (SeatState.IN_TEST, SeatState.SILENT)


@dataclass
class Seat:
    """A registered candidate as the fake keeps them (mutable, unlike the view)."""

    registration_id: int
    name: str
    state: SeatState = SeatState.NOT_ARRIVED
    station: str | None = None
    position: int | None = None
    remaining_s: float | None = None
    silent_s: float | None = None
    score: int | None = None
    granted_s: int = 0
    incidents: int = 0
    appeal_deadline: datetime | None = None
    open_appeal: str | None = None

    def view(self, problems: int = 0) -> SeatView:
        """The console's record of this seat (with ``problems`` open problem reports)."""
        return SeatView(
            registration_id=self.registration_id,
            # The fake seats each candidate once: the registration stands for the candidate.
            candidate_id=self.registration_id,
            candidate_name=self.name,
            state=self.state,
            station=self.station,
            position=self.position,
            question_count=QUESTIONS,
            remaining_s=self.remaining_s,
            silent_s=self.silent_s,
            score=self.score,
            max_score=QUESTIONS if self.score is not None else None,
            meets=self.score >= THRESHOLD if self.score is not None else None,
            granted_s=self.granted_s,
            incidents=self.incidents,
            problems=problems,
            appeal_deadline=self.appeal_deadline,
            open_appeal=self.open_appeal,
        )


@dataclass
class Session:
    """A session with its seats and incidents."""

    session_id: int
    session_date: date
    shift: int
    seats: list[Seat]
    kind: str = "main"
    ended: bool = False
    incidents: list[IncidentView] = field(default_factory=list)
    #: Problems reported and not yet acknowledged, in the order reported.
    problems: list[ProblemView] = field(default_factory=list)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    #: Code entry suspended after too many wrong codes (None: codes are taken).
    codes_suspended_at: datetime | None = None
    failed_codes: int = 0


class FakeProctor:
    """The ``Proctor`` port, in memory.  ``now`` is the time incidents are stamped with."""

    def __init__(self, sessions: list[Session], now: datetime | None = None) -> None:
        self._sessions = {session.session_id: session for session in sessions}
        self.now = now or datetime(2026, 8, 12, 10, 30, tzinfo=BISHKEK)
        #: (method name, the values it was called with, the actor's name), in call order.
        self.calls: list[tuple[str, tuple[object, ...], str]] = []
        #: Problems acknowledged, with who did it.
        self.acknowledged: dict[int, str] = {}
        self._problem_ids = 0

    # -- the port ------------------------------------------------------------------------------

    def sessions(self, actor: Actor) -> list[SessionChoice]:
        """Sessions, newest first."""
        actor.require(Permission.VIEW_RESULTS)
        ordered = sorted(
            self._sessions.values(), key=lambda s: (s.session_date, s.shift), reverse=True
        )
        return [
            SessionChoice(
                session_id=s.session_id,
                competition_id=1,
                session_date=s.session_date,
                shift=s.shift,
                post=POST,
                place=PLACE,
                kind=s.kind,
                candidates=len(s.seats),
                ended=s.ended,
            )
            for s in ordered
        ]

    def console(self, actor: Actor, session_id: int) -> ConsoleView:
        """The session's snapshot."""
        actor.require(Permission.VIEW_RESULTS)
        session = self._sessions[session_id]
        return ConsoleView(
            session_id=session.session_id,
            post=POST,
            session_date=session.session_date,
            shift=session.shift,
            place=PLACE,
            opens_at=session.opens_at,
            closes_at=session.closes_at,
            ended=session.ended,
            seats=tuple(
                seat.view(
                    sum(1 for p in session.problems if p.registration_id == seat.registration_id)
                )
                for seat in session.seats
            ),
            # Newest first, as the service lists them.
            incidents=tuple(sorted(session.incidents, key=lambda i: (i.at, i.id), reverse=True)),
            # Oldest first, as the service lists them.
            problems=tuple(sorted(session.problems, key=lambda p: (p.at, p.id))),
            at=self.now,
            codes_suspended_at=session.codes_suspended_at,
            failed_codes=session.failed_codes,
        )

    def resume_station(
        self, actor: Actor, registration_id: int, add_seconds: int, reason: str
    ) -> None:
        """The station talks again; ``add_seconds`` are given back."""
        self._record("resume_station", actor, registration_id, add_seconds, reason)
        seat = self._testing_seat(registration_id)
        _need_reason(reason)
        if not 0 <= add_seconds <= MAX_GRANT_S:
            raise ValueError(f"time to add must be between 0 s and {MAX_GRANT_S} s")
        seat.state = SeatState.IN_TEST
        seat.silent_s = 0.0
        seat.remaining_s = (seat.remaining_s or 0.0) + add_seconds
        seat.granted_s += add_seconds

    def add_time(self, actor: Actor, registration_id: int, seconds: int, reason: str) -> None:
        """Extra time for a candidate in the test."""
        self._record("add_time", actor, registration_id, seconds, reason)
        seat = self._testing_seat(registration_id)
        _need_reason(reason)
        if not 0 < seconds <= MAX_GRANT_S:
            raise ValueError(f"time to add must be between 1 s and {MAX_GRANT_S} s")
        seat.remaining_s = (seat.remaining_s or 0.0) + seconds
        seat.granted_s += seconds

    def report_incident(
        self,
        actor: Actor,
        session_id: int,
        registration_id: int | None,
        kind: IncidentKind,
        text: str,
    ) -> None:
        """An incident about a candidate, or the room when ``registration_id`` is None."""
        self._record("report_incident", actor, session_id, registration_id, kind, text)
        session = self._sessions[session_id]
        _need_reason(text)
        seat = self._seat(registration_id) if registration_id is not None else None
        if seat is not None:
            seat.incidents += 1
        session.incidents.append(
            IncidentView(
                id=len(session.incidents) + 1,
                at=self.now,
                kind=kind,
                candidate_name=seat.name if seat is not None else None,
                text=text,
                actor=actor.name,
            )
        )

    def mark_absent(self, actor: Actor, registration_id: int) -> None:
        """Absent: only someone who has not started."""
        self._record("mark_absent", actor, registration_id)
        seat = self._seat(registration_id)
        if seat.state is not SeatState.NOT_ARRIVED:
            raise ValueError(f"{seat.name} is {seat.state.value}")
        seat.state = SeatState.ABSENT

    def end_session(self, actor: Actor, session_id: int) -> None:
        """End the session unless someone is in the test; those not arrived become absent."""
        self._record("end_session", actor, session_id)
        session = self._sessions[session_id]
        running = tuple(sorted(seat.name for seat in session.seats if seat.state in TESTING))
        if running:
            raise SessionStillRunning(running)
        for seat in session.seats:
            if seat.state is SeatState.NOT_ARRIVED:
                seat.state = SeatState.ABSENT
        session.ended = True

    def acknowledge_problem(self, actor: Actor, problem_id: int) -> None:
        """The problem leaves the open list (a second acknowledgement changes nothing)."""
        self._record("acknowledge_problem", actor, problem_id)
        if problem_id in self.acknowledged:
            return
        for session in self._sessions.values():
            for problem in session.problems:
                if problem.id == problem_id:
                    session.problems.remove(problem)
                    self.acknowledged[problem_id] = actor.name
                    return
        raise LookupError(f"no problem report {problem_id}")

    # -- moving the session along --------------------------------------------------------------

    def report_problem(
        self, registration_id: int, kind: ProblemKind, note: str = "", position: int | None = None
    ) -> ProblemView:
        """The candidate reports a problem at ``position`` (1-based; default the question on
        screen), stamped with :attr:`now`."""
        seat = self._seat(registration_id)
        self._problem_ids += 1
        problem = ProblemView(
            id=self._problem_ids,
            registration_id=registration_id,
            candidate_name=seat.name,
            station=seat.station,
            position=position if position is not None else seat.position,
            kind=kind,
            note=note,
            at=self.now,
        )
        for session in self._sessions.values():
            if seat in session.seats:
                session.problems.append(problem)
        return problem

    def seat(self, registration_id: int) -> Seat:
        """A seat, to look at or change by hand."""
        return self._seat(registration_id)

    def start(self, registration_id: int, station: str) -> None:
        """The candidate signs in at ``station`` and starts."""
        seat = self._seat(registration_id)
        seat.state, seat.station = SeatState.IN_TEST, station
        seat.position, seat.remaining_s, seat.silent_s = 1, float(TIME_LIMIT_S), 0.0

    def tick(self, seconds: float) -> None:
        """Time passes: clocks run down, silent stations stay silent longer."""
        for session in self._sessions.values():
            for seat in session.seats:
                if seat.state in TESTING and seat.remaining_s is not None:
                    seat.remaining_s = max(0.0, seat.remaining_s - seconds)
                if seat.state is SeatState.SILENT and seat.silent_s is not None:
                    seat.silent_s += seconds

    def go_silent(self, registration_id: int, seconds: float) -> None:
        """The station has not been heard from for ``seconds``."""
        seat = self._seat(registration_id)
        seat.state, seat.silent_s = SeatState.SILENT, seconds

    def submit(self, registration_id: int, score: int) -> None:
        """The candidate submits with ``score``."""
        seat = self._seat(registration_id)
        seat.state, seat.score = SeatState.SUBMITTED, score
        seat.remaining_s = seat.silent_s = None
        seat.appeal_deadline = self.now + timedelta(minutes=APPEAL_WINDOW_MIN)

    def add_seat(self, session_id: int, seat: Seat) -> None:
        """A late registration."""
        self._sessions[session_id].seats.append(seat)

    # -- inside --------------------------------------------------------------------------------

    def resume_code_entry(self, actor: Actor, session_id: int, reason: str) -> None:
        """Codes are taken again; the count starts from nothing."""
        self._record("resume_code_entry", actor, session_id, reason)
        if not reason.strip():
            raise ValueError("say what was found before resuming code entry")
        session = self._sessions[session_id]
        session.codes_suspended_at = None
        session.failed_codes = 0

    def _record(self, name: str, actor: Actor, *values: object) -> None:
        self.calls.append((name, values, actor.name))
        actor.require(Permission.PROCTOR)

    def _seat(self, registration_id: int) -> Seat:
        for session in self._sessions.values():
            for seat in session.seats:
                if seat.registration_id == registration_id:
                    return seat
        raise LookupError(f"no registration {registration_id}")

    def _testing_seat(self, registration_id: int) -> Seat:
        seat = self._seat(registration_id)
        if seat.state not in TESTING:
            raise ValueError(f"{seat.name} is not in the test")
        return seat


def _need_reason(text: str) -> None:
    if not text.strip():
        raise ValueError("a reason is required")


SURNAMES = (
    "Абдыкадырова",
    "Өмүрбеков",
    "Үсөнова",
    "Ташиев",
    "Жээнбекова",
    "Сыдыков",
    "Эңсегенова",
    "Нурматов",
    "Бөкөнбаева",
    "Кадыров",
    "Түлөбердиева",
    "Мамытов",
    "Асанова",
    "Орозбеков",
    "Көкөева",
    "Исаков",
    "Шаршеева",
    "Дүйшөнбеков",
    "Ким",
    "Токтогулова",
)
GIVEN = (
    "Айгүл",
    "Нурлан",
    "Жылдыз",
    "Бакыт",
    "Гүлмира",
    "Эрмек",
    "Чолпон",
    "Азамат",
    "Мөлтүр",
    "Үмүт",
)


def name(number: int) -> str:
    """A realistic candidate name, different for each of the first 200 numbers."""
    return f"{SURNAMES[number % len(SURNAMES)]} {GIVEN[(number * 7 + number // 20) % len(GIVEN)]}"


def small_session(session_id: int = 1) -> Session:
    """Six candidates, one in each state: the tests' session.

    1 not arrived; 2 in the test at A-02 (question 17, 1:10:00 left, 5 min granted);
    3 silent at A-03 for 95 s; 4 submitted 52 / 80; 5 absent; 6 withdrawn.
    """
    seats = [Seat(session_id * 100 + number, name(number)) for number in range(1, 7)]
    two, three, four, five, six = seats[1:]
    two.state, two.station, two.position = SeatState.IN_TEST, "A-02", 17
    two.remaining_s, two.silent_s, two.granted_s = 4200.0, 1.0, 300
    three.state, three.station, three.position = SeatState.SILENT, "A-03", 40
    three.remaining_s, three.silent_s = 2400.0, 95.0
    four.state, four.station, four.score, four.incidents = SeatState.SUBMITTED, "A-04", 52, 1
    five.state = SeatState.ABSENT
    six.state, six.station = SeatState.WITHDRAWN, "A-06"
    return Session(
        session_id,
        date(2026, 8, 12),
        2,
        seats,
        opens_at=datetime(2026, 8, 12, 9, 0, tzinfo=BISHKEK),
        closes_at=datetime(2026, 8, 12, 12, 30, tzinfo=BISHKEK),
        incidents=[
            IncidentView(
                1,
                datetime(2026, 8, 12, 9, 40, tzinfo=BISHKEK),
                IncidentKind.EQUIPMENT,
                four.name,
                "Чычкан иштебей калды, алмаштырылды.",
                "proctor",
            )
        ],
    )


def live_shift(session_id: int = 7, count: int = 40) -> Session:
    """A shift well under way: most in the test, some done (appeal windows open and closed, one
    appeal filed), one silent station, a few absent.

    Used by the screenshot script; the mix is fixed (no randomness), so pictures repeat.
    """
    seats = [Seat(session_id * 1000 + n, name(n)) for n in range(1, count + 1)]
    for number, seat in enumerate(seats, start=1):
        station = f"{'AB'[(number - 1) // 20]}-{(number - 1) % 20 + 1:02d}"
        if number in (5, 23):
            continue  # not arrived yet
        if number in (11, 34):
            seat.state = SeatState.ABSENT
            continue
        seat.station = station
        if number == 29:
            seat.state = SeatState.WITHDRAWN
            continue
        if number % 4 == 0:
            seat.state, seat.score = SeatState.SUBMITTED, 38 + (number * 13) % 37
            # Ended 9:08, 9:16, …, 10:20: at the fake's 10:30 the first windows have closed.
            ended_at = datetime(2026, 8, 12, 9, 0, tzinfo=BISHKEK) + timedelta(minutes=2 * number)
            seat.appeal_deadline = ended_at + timedelta(minutes=APPEAL_WINDOW_MIN)
            continue
        seat.state, seat.position = SeatState.IN_TEST, 20 + (number * 17) % 60
        seat.remaining_s, seat.silent_s = 1500.0 + (number * 137) % 2400, 1.0
    silent = seats[5]
    silent.state, silent.silent_s = SeatState.SILENT, 74.0
    seats[6].granted_s = 600
    seats[17].granted_s, seats[17].incidents = 300, 1
    seats[6].incidents = 1
    # An appeal filed in time by the candidate who finished at 9:24, waiting for its hearing.
    seats[11].open_appeal = f"A-2026-0001-{session_id:02d}-00012"
    base = datetime(2026, 8, 12, 9, 0, tzinfo=BISHKEK)
    incidents = [
        IncidentView(
            1,
            base + timedelta(minutes=12),
            IncidentKind.POWER,
            None,
            "Залда 3 мүнөткө жарык өчтү; станциялар UPS менен иштеди.",
            "Жээнбеков Нурлан",
        ),
        IncidentView(
            2,
            base + timedelta(minutes=31),
            IncidentKind.EQUIPMENT,
            seats[6].name,
            "A-07 станциясынын клавиатурасы алмаштырылды, 10 мүнөт кошулду.",
            "Жээнбеков Нурлан",
        ),
        IncidentView(
            3,
            base + timedelta(minutes=48),
            IncidentKind.ILLNESS,
            seats[17].name,
            "Талапкердин башы ооруду, дарыгер чакырылды; 5 мүнөт кошулду.",
            "Жээнбеков Нурлан",
        ),
    ]
    return Session(
        session_id,
        date(2026, 8, 12),
        2,
        seats,
        opens_at=base,
        closes_at=base + timedelta(hours=3, minutes=30),
        incidents=incidents,
    )


def ended_session(session_id: int = 3) -> Session:
    """Yesterday's first shift, over."""
    seats = [Seat(session_id * 100 + n, name(n + 40)) for n in range(1, 4)]
    for number, seat in enumerate(seats, start=1):
        seat.state, seat.station, seat.score = SeatState.SUBMITTED, f"A-0{number}", 40 + number * 5
    return Session(session_id, date(2026, 8, 11), 1, seats, ended=True)
