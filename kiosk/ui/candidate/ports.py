"""What the candidate screens need from the rest of the program, as protocols.

The screens are given an :class:`Attempts` (in the station, ``kiosk.services.attempts
.AttemptService``), a :class:`Printer` and, in a locked-down station, a :class:`StaffGate`.
They are typed against these protocols rather than the service classes, because importing a
service would pull the database layer into the widgets (the import contracts forbid that); the
records and exceptions they exchange live in ``kiosk.services.views``, which imports no database
code, and here (:class:`GateAnswer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from kiosk.domain.roles import Actor
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.views import AnswerAck, AttemptView, LoginResult, ResultView


class Attempts(Protocol):
    """The candidate station's use cases (``AttemptService``)."""

    def login(self, typed_code: str) -> LoginResult:
        """Check a typed code."""
        ...

    def lockout_seconds(self) -> int:
        """Seconds until the station takes codes again."""
        ...

    def start(self, registration_id: int, language: str) -> AttemptView:
        """Start or resume the attempt."""
        ...

    def select_option(self, attempt_id: int, position: int, key: str | None) -> AnswerAck:
        """Choose the option of a single-answer question; committed on return."""
        ...

    def toggle_option(self, attempt_id: int, position: int, key: str) -> AnswerAck:
        """Tick or untick an option of a multiple-response question; committed on return."""
        ...

    def set_flag(self, attempt_id: int, position: int, flagged: bool) -> AnswerAck:
        """Mark a question for review; committed on return."""
        ...

    def go_to(self, attempt_id: int, position: int) -> float:
        """Remember the question on screen; the seconds left."""
        ...

    def heartbeat(self, attempt_id: int) -> float:
        """Persist consumed time; the seconds left (``TimeIsUp`` at zero)."""
        ...

    def report_problem(
        self, attempt_id: int, position: int | None, kind: ProblemKind, note: str = ...
    ) -> None:
        """Record a technical problem at a question; committed on return, the time runs on."""
        ...

    def submit(self, attempt_id: int, reason: str = ...) -> ResultView:
        """End the attempt; the result."""
        ...

    def result(self, attempt_id: int) -> ResultView:
        """The result of a submitted attempt."""
        ...


class Printer(Protocol):
    """Prints a protocol PDF (``kiosk.ui.printing.ProtocolPrinter``)."""

    def print_pdf(self, path: Path) -> bool:
        """Print; False when there is no printer."""
        ...


class StationSettings(Protocol):
    """The settings a station window needs."""

    @property
    def timezone(self) -> ZoneInfo:
        """Where local times (the appeal deadline) are shown."""
        ...

    @property
    def station_id(self) -> str:
        """The station's name (in the log and the audit trail)."""
        ...


class GateOutcome(Enum):
    """What became of staff credentials typed at the station."""

    ALLOWED = "allowed"
    WRONG = "wrong"  # wrong login or password (the same answer for both)
    LOCKED = "locked"  # the account is locked after wrong passwords (``seconds_left``)
    INACTIVE = "inactive"  # the account is disabled
    NOT_PERMITTED = "not_permitted"  # signed in, but the roles do not allow this
    NO_KEY = "no_key"  # signed in, but the account holds no key to the installation's data
    KEY_FAILED = "key_failed"  # the account's key slot did not open the installation key


@dataclass(frozen=True)
class GateAnswer:
    """The answer to staff credentials: the outcome, who signed in, how long a lock lasts."""

    outcome: GateOutcome
    login: str = ""
    seconds_left: int = 0

    @property
    def allowed(self) -> bool:
        """True when the station may do what was asked."""
        return self.outcome is GateOutcome.ALLOWED


class StaffGate(Protocol):
    """Staff credentials at the station (``kiosk.ui.candidate.gate.KioskGate``).

    A station opens for candidates only when an operator or an administrator signs in on it,
    which also opens the installation key in the station's process; only an administrator may
    close it again or quit the program.
    """

    @property
    def station_open(self) -> bool:
        """True while the installation key is open in this process."""
        ...

    def open_station(self, login: str, password: str) -> GateAnswer:
        """Open the station for candidates with an operator's or administrator's credentials."""
        ...

    def authorise_exit(self, login: str, password: str) -> GateAnswer:
        """Check an administrator's credentials for closing the station or quitting."""
        ...

    def close_station(self) -> None:
        """Forget the installation key in this process (the station is closed)."""
        ...


class StaffAccounts(Protocol):
    """Signing staff in (``kiosk.services.accounts.AccountService``)."""

    def sign_in(self, login: str, password: str) -> Actor:
        """The signed-in actor (the installation key opened), or ``SignInRefused``."""
        ...


class KeyRing(Protocol):
    """The installation key of this process (``kiosk.services.keys.KeyService``)."""

    @property
    def unlocked(self) -> bool:
        """True while this process holds the key."""
        ...

    def lock(self) -> None:
        """Forget the key."""
        ...


class Station(Protocol):
    """The composition root's ``Kiosk``, as far as the station window needs it."""

    @property
    def attempts(self) -> Attempts:
        """The candidate use cases."""
        ...

    @property
    def settings(self) -> StationSettings:
        """The installation's settings."""
        ...

    @property
    def accounts(self) -> StaffAccounts:
        """Staff sign-in, to open and close the station."""
        ...

    @property
    def keys(self) -> KeyRing:
        """The installation key of this process."""
        ...
