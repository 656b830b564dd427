"""Station lockout after repeated wrong codes.

A station that sees five wrong codes in a row refuses codes for a minute.  The rule is kept in
wall time (stored in the database), because a lockout must survive a restart of the program and a
minute's error from a changed clock does not help anyone guess a code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_SECONDS = 60
#: Wrong codes across all the stations of a session before its code entry is suspended until the
#: proctor resumes it.  A typo does not count (the check symbol catches it before any lookup), so
#: honest candidates almost never add to it; someone going from station to station to escape the
#: per-station lock does.
SESSION_MAX_FAILURES = 30


@dataclass(frozen=True)
class LockoutState:
    """Consecutive wrong codes at a station, and until when it is locked."""

    failures: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        """True while the lock lasts."""
        return self.locked_until is not None and now < self.locked_until

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds until the station takes codes again (rounded up)."""
        if not self.is_locked(now):
            return 0
        assert self.locked_until is not None
        return int(-(-(self.locked_until - now).total_seconds() // 1))

    def after_failure(
        self, now: datetime, max_failures: int = MAX_FAILURES, lock_seconds: int = LOCK_SECONDS
    ) -> LockoutState:
        """The state after one more wrong code; the fifth one locks the station."""
        failures = self.failures + 1
        if failures >= max_failures:
            return LockoutState(0, now + timedelta(seconds=lock_seconds))
        return LockoutState(failures, None)

    def after_success(self) -> LockoutState:
        """A right code clears the count."""
        return LockoutState()
