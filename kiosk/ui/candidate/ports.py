"""What the candidate screens need from the rest of the program, as protocols.

The screens are given an :class:`Attempts` (in the station, ``kiosk.services.attempts
.AttemptService``) and a :class:`Printer`.  They are typed against these protocols rather than the
service class, because importing the service would pull the database layer into the widgets (the
import contracts forbid that); the records and exceptions they exchange live in
``kiosk.services.views``, which imports no database code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

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
