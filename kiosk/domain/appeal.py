"""The rules of the technical appeal (cl. 33-35) as plain Python.

* cl. 33: in person, within one hour after the test ends (the minutes are a competition setting).
* cl. 34: a technical commission of a chair and at most five members.
* cl. 35: the commission establishes whether the points awarded are right; the program recomputes
  the score from the commission's findings, so that no score is ever typed in.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.domain.scoring import item_points

MAX_MEMBERS = 5
MIN_MEMBERS = 1


def appeal_deadline(test_ended_at: datetime, window_minutes: int) -> datetime:
    """The last moment at which an appeal may be filed."""
    return test_ended_at + timedelta(minutes=window_minutes)


def may_file(test_ended_at: datetime, window_minutes: int, now: datetime) -> bool:
    """True up to and including the deadline (59:59 and 60:00 are in time, 60:01 is not)."""
    return now <= appeal_deadline(test_ended_at, window_minutes)


def minutes_left(deadline: datetime, now: datetime) -> int | None:
    """Whole minutes left to file at ``now``, rounded up; None once the window has closed.

    The deadline itself is still in time (as for filing), and is shown as 1 minute, never 0.
    """
    if now > deadline:
        return None
    return max(1, math.ceil((deadline - now).total_seconds() / 60))


def composition_problem(chair: int, members: Collection[int]) -> str | None:
    """Why a chair and members do not make a commission under cl. 34, or None.

    Reasons: "chair_is_member", "too_few" (a chair alone is not a commission), "too_many".
    """
    if chair in members:
        return "chair_is_member"
    if len(set(members)) < MIN_MEMBERS:
        return "too_few"
    if len(set(members)) > MAX_MEMBERS:
        return "too_many"
    return None


@dataclass(frozen=True)
class Seat:
    """A commission member at a hearing."""

    is_chair: bool
    present: bool
    conflict: str

    @property
    def takes_part(self) -> bool:
        """Present and without a declared conflict of interest."""
        return self.present and not self.conflict.strip()


def hearing_problem(seats: Iterable[Seat]) -> str | None:
    """Why a hearing cannot decide with these people, or None.

    The chair must take part, and at least one member: a member with a declared conflict of
    interest does not decide, and neither does one who is absent.
    Reasons: "chair_absent", "no_member".
    """
    seats = list(seats)
    if not any(seat.is_chair and seat.takes_part for seat in seats):
        return "chair_absent"
    if not any(not seat.is_chair and seat.takes_part for seat in seats):
        return "no_member"
    return None


@dataclass(frozen=True)
class Remedy:
    """A confirmed technical fault on one question.

    ``established`` is the answer the candidate actually gave, when the commission established
    it (the record was wrong: it is scored against the key); None when the question could not
    be answered at all (text or picture missing), and its point is awarded.
    """

    established: frozenset[str] | None


def points_after(selected: frozenset[str], correct: frozenset[str], remedy: Remedy | None) -> int:
    """The points of one question after the commission's finding."""
    if remedy is None:
        return item_points(selected, correct)
    if remedy.established is None:
        return 1
    return item_points(remedy.established, correct)


def recomputed_score(
    answers: Iterable[tuple[frozenset[str], frozenset[str]]],
    remedies: Mapping[int, Remedy],
) -> int:
    """The score of a frozen form's (selected, correct) pairs, by position, after the remedies."""
    return sum(
        points_after(selected, correct, remedies.get(position))
        for position, (selected, correct) in enumerate(answers)
    )
