"""What the proctor's console and the staff screens show: plain records, no database objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from kiosk.domain.appeal import minutes_left
from kiosk.domain.roles import Role
from kiosk.services.appeal_views import ProblemKind

#: The most a single grant of time may add; more is a new session, not extra time.
MAX_GRANT_S = 60 * 60
#: A station that has sent no heartbeat for this long is shown as silent (it may have crashed).
SILENT_AFTER_S = 20.0
#: The most characters of a candidate's note on a technical problem: a few sentences for the
#: proctor (the station's dialog stops typing there, the service refuses more).
MAX_PROBLEM_NOTE = 500


class SeatState(StrEnum):
    """Where a registered candidate is, as the console shows it."""

    NOT_ARRIVED = "not_arrived"
    IN_TEST = "in_test"
    #: In the test, but the station has not been heard from for :data:`SILENT_AFTER_S`.
    SILENT = "silent"
    SUBMITTED = "submitted"
    ABSENT = "absent"
    WITHDRAWN = "withdrawn"


class IncidentKind(StrEnum):
    """What an incident report is about."""

    POWER = "power"
    EQUIPMENT = "equipment"
    ILLNESS = "illness"
    MISCONDUCT = "misconduct"
    OTHER = "other"


@dataclass(frozen=True)
class SeatView:
    """One registered candidate on the console."""

    registration_id: int
    candidate_id: int
    candidate_name: str
    state: SeatState
    station: str | None
    #: The question on screen, 1-based; None before the test.
    position: int | None
    question_count: int
    remaining_s: float | None
    #: Seconds since the station's last sign of life, while in the test.
    silent_s: float | None
    score: int | None
    max_score: int | None
    meets: bool | None
    #: Time granted by the proctor so far (extra time and resume decisions), in seconds.
    granted_s: int
    incidents: int
    #: Technical problems the candidate reported that the proctor has not acknowledged yet.
    problems: int = 0
    #: For a submitted attempt: the end of the appeal window (cl. 33), open or not.
    appeal_deadline: datetime | None = None
    #: The number of an appeal filed for the attempt and waiting for its hearing.
    open_appeal: str | None = None

    def appeal_minutes_left(self, now: datetime) -> int | None:
        """Whole minutes left to appeal at ``now``, rounded up; None when no window is open.

        The deadline itself is still in time (as for filing), and is shown as 1 minute, never 0.
        """
        if self.appeal_deadline is None:
            return None
        return minutes_left(self.appeal_deadline, now)


@dataclass(frozen=True)
class IncidentView:
    """An incident as listed on the console."""

    id: int
    at: datetime
    kind: IncidentKind
    candidate_name: str | None
    text: str
    actor: str


@dataclass(frozen=True)
class ProblemView:
    """A technical problem a candidate reported from the test screen, open on the console."""

    id: int
    registration_id: int
    candidate_name: str
    station: str | None
    #: The question on screen when it was reported, 1-based; None if there was none.
    position: int | None
    kind: ProblemKind
    note: str
    at: datetime


@dataclass(frozen=True)
class ConsoleView:
    """A session's live state."""

    session_id: int
    post: Mapping[str, str]
    session_date: date
    shift: int
    place: Mapping[str, str]
    opens_at: datetime | None
    closes_at: datetime | None
    ended: bool
    seats: tuple[SeatView, ...]
    incidents: tuple[IncidentView, ...]
    #: Problems reported by candidates and not yet acknowledged, oldest first (a queue).
    problems: tuple[ProblemView, ...] = ()
    #: The moment of the snapshot, on the service's clock: appeal windows are counted from it.
    at: datetime | None = None
    #: Since when code entry is suspended after too many wrong codes across the stations
    #: (None: codes are taken); the proctor resumes it.
    codes_suspended_at: datetime | None = None
    #: Wrong codes typed at any station while the session took them.
    failed_codes: int = 0

    def count(self, state: SeatState) -> int:
        """How many candidates are in ``state``."""
        return sum(1 for seat in self.seats if seat.state is state)


@dataclass(frozen=True)
class SessionChoice:
    """A session in the console's session picker."""

    session_id: int
    competition_id: int
    session_date: date
    shift: int
    post: Mapping[str, str]
    place: Mapping[str, str]
    kind: str
    candidates: int
    ended: bool
    #: The independent observers recorded as present.
    observers: tuple[str, ...] = ()


class SessionStillRunning(RuntimeError):
    """The session cannot end while candidates are in the test."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__(f"still in the test: {', '.join(names)}")
        self.names = names


@dataclass(frozen=True)
class AccountView:
    """A staff account as the accounts page lists it (never the password hash)."""

    login: str
    full_name: str
    roles: frozenset[Role]
    active: bool
    locked_until: datetime | None


class SignInRefused(Exception):
    """Signing in failed: ``reason`` is "wrong", "locked" (with ``seconds_left``) or "inactive".

    A wrong login and a wrong password give the same "wrong", so the message does not reveal
    which accounts exist.
    """

    def __init__(self, reason: str, seconds_left: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.seconds_left = seconds_left


class LastAdministrator(ValueError):
    """The change would leave the installation without an active administrator."""
