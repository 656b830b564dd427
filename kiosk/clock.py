"""Clocks, injected everywhere time matters so that tests can drive them.

Two kinds of time are kept apart on purpose: *monotonic* time measures how long a candidate has
been working (a user who changes the station's wall clock changes nothing), and *wall* time only
stamps records and documents.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the program needs to know about time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""
        ...

    def now(self) -> datetime:
        """The current wall time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clocks of the machine."""

    def monotonic(self) -> float:
        """Seconds from ``time.monotonic``."""
        return time.monotonic()

    def now(self) -> datetime:
        """Wall time in UTC."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to; both clocks advance together."""

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._now = start or datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
        self._monotonic = monotonic_start

    def monotonic(self) -> float:
        """The fake monotonic reading."""
        return self._monotonic

    def now(self) -> datetime:
        """The fake wall time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on both clocks."""
        self._monotonic += seconds
        self._now += timedelta(seconds=seconds)

    def set_wall(self, when: datetime) -> None:
        """Change only the wall clock, as a user who adjusts the system time would."""
        self._now = when
