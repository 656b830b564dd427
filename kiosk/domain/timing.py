"""How much time a candidate has left.

Remaining time is the limit minus the time *consumed*, and consumed time only grows while the
station measures it on a monotonic clock.  The consumed figure is persisted with every answer and
by a heartbeat, so a restarted station continues from the last persisted figure: the candidate
loses at most one heartbeat interval of measured time, and never the time the station was down
(what happens to that time is an operator's recorded decision).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Warnings are shown when the remaining time first drops to these many seconds.
WARNING_MARKS_S: tuple[int, ...] = (600, 300)
#: How often a running attempt persists its consumed time, in seconds.
HEARTBEAT_S = 1.0


@dataclass
class Stopwatch:
    """Consumed time of one attempt, measured from a base figure on a monotonic clock."""

    limit_s: float
    consumed_at_mark: float
    monotonic_mark: float

    def consumed(self, monotonic_now: float) -> float:
        """Seconds consumed so far, never more than the limit."""
        elapsed = max(0.0, monotonic_now - self.monotonic_mark)
        return min(self.limit_s, self.consumed_at_mark + elapsed)

    def remaining(self, monotonic_now: float) -> float:
        """Seconds left, never below zero."""
        return max(0.0, self.limit_s - self.consumed(monotonic_now))

    def expired(self, monotonic_now: float) -> bool:
        """True once no time is left."""
        return self.remaining(monotonic_now) <= 0.0


def crossed_warning(before_s: float, after_s: float) -> int | None:
    """The warning mark passed when remaining time went from ``before_s`` to ``after_s``."""
    for mark in sorted(WARNING_MARKS_S):
        if after_s <= mark < before_s:
            return mark
    return None


def split_duration(seconds: float) -> tuple[int, int, int]:
    """Hours, minutes and seconds of a duration, rounded up to the whole second.

    Rounded up so that the display shows 0:00:01 until the very end and reaches zero only when
    the time is really over.
    """
    whole = int(-(-seconds // 1)) if seconds > 0 else 0
    return whole // 3600, whole % 3600 // 60, whole % 60


def minutes_seconds(seconds: float) -> str:
    """A short duration such as ``0:45`` or ``8:30`` (minutes may pass 59: ``75:00``)."""
    hours, minutes, secs = split_duration(seconds)
    return f"{hours * 60 + minutes}:{secs:02d}"
