"""The technical appeal window (cl. 33): in person, within one hour after the test ends."""

from __future__ import annotations

from datetime import datetime, timedelta


def appeal_deadline(test_ended_at: datetime, window_minutes: int) -> datetime:
    """The last moment at which an appeal may be filed."""
    return test_ended_at + timedelta(minutes=window_minutes)
