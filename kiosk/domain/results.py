"""The outcome of a competition: places, winner, ties, reserve, void (cl. 29-32 of the regulation).

Everything here is decided from the scores alone.  A tie that the rules do not break is reported
as such, for the authorized body to decide: it is never broken by name, by time of submission or
by the order of the input, because any of those would choose a director by accident.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from kiosk.domain.candidates import kyrgyz_sort_key


class Presence(StrEnum):
    """Where a registered candidate is with the main test."""

    SUBMITTED = "submitted"
    ABSENT = "absent"
    WITHDRAWN = "withdrawn"
    IN_PROGRESS = "in_progress"
    #: Seated in a session that has not ended, and not started yet: the result is still to come.
    AWAITED = "awaited"


#: Presences whose result is still to come: the competition cannot be decided yet.
UNDECIDED = frozenset({Presence.IN_PROGRESS, Presence.AWAITED})


class Standing(StrEnum):
    """What one candidate's line says in the results."""

    WINNER = "winner"
    #: Tied for first (or for the place of a winner who refused), not yet decided.
    TIED = "tied"
    RESERVE = "reserve"
    REFUSED = "refused"
    BELOW = "below"
    ABSENT = "absent"
    WITHDRAWN = "withdrawn"
    #: Placed, but the competition is not decided yet (someone is still in the test).
    RANKED = "ranked"
    IN_PROGRESS = "in_progress"
    AWAITED = "awaited"


class Outcome(StrEnum):
    """What the competition as a whole has come to."""

    WINNER = "winner"
    #: Tied for first and the additional test (cl. 29) has not been held.
    TIE_BREAK_NEEDED = "tie_break_needed"
    #: The additional test was held and the sums are still equal: for the authorized body.
    TIE_UNRESOLVED = "tie_unresolved"
    VOID = "void"
    #: The winner refused the contract and nobody else reached the threshold (cl. 29).
    NO_RUNNER_UP = "no_runner_up"
    #: Someone is still taking the test.
    PENDING = "pending"


class VoidReason(StrEnum):
    """The four grounds of cl. 30 for finding that the competition did not take place."""

    NO_APPLICATIONS = "no_applications"
    ALL_WITHDREW = "all_withdrew"
    NONE_CAME = "none_came"
    NONE_REACHED_THRESHOLD = "none_reached_threshold"


class TieBreakWarning(StrEnum):
    """What is wrong with a planned date of the additional test."""

    LATE = "late"
    BEFORE_MAIN = "before_main"


@dataclass(frozen=True)
class Entry:
    """One registered candidate of a competition, with the scores they have."""

    candidate_id: int
    name: str
    presence: Presence
    main_score: int | None
    #: The additional (tie-break) test's score, for those who sat it.
    extra_score: int | None = None
    #: The winner refused the contract (cl. 29); the next one takes the place.
    refused: bool = False


@dataclass(frozen=True)
class Line:
    """One candidate's line in the results; unplaced candidates have no place and no total."""

    candidate_id: int
    name: str
    presence: Presence
    place: int | None
    main_score: int | None
    extra_score: int | None
    total: int | None
    meets: bool
    standing: Standing


@dataclass(frozen=True)
class Ranking:
    """The results of a competition, in the order they are printed."""

    lines: tuple[Line, ...]
    outcome: Outcome
    #: Candidates tied for first place (or for a refused winner's place), in printed order.
    tied: tuple[int, ...] = ()
    void_reason: VoidReason | None = None

    @property
    def winner(self) -> int | None:
        """The winner's candidate id, if there is one."""
        winners = (line.candidate_id for line in self.lines if line.standing == Standing.WINNER)
        return next(winners, None)

    @property
    def reserve(self) -> tuple[int, ...]:
        """The reserve (cl. 32), best first."""
        return tuple(line.candidate_id for line in self.lines if line.standing == Standing.RESERVE)

    @property
    def runner_up_won(self) -> bool:
        """True when the winner took the place of a candidate who refused the contract (cl. 29)."""
        refusals = any(line.standing == Standing.REFUSED for line in self.lines)
        return self.winner is not None and refusals


def void_reason(entries: Iterable[Entry], threshold: int) -> VoidReason | None:
    """The ground of cl. 30 on which the competition is void, or None.

    None also while someone is still in the test: then nothing can be concluded yet.
    """
    entries = list(entries)
    if not entries:
        return VoidReason.NO_APPLICATIONS
    presences = {entry.presence for entry in entries}
    if presences == {Presence.WITHDRAWN}:
        return VoidReason.ALL_WITHDREW
    if presences <= {Presence.WITHDRAWN, Presence.ABSENT}:
        return VoidReason.NONE_CAME
    if presences & UNDECIDED:
        return None
    if not any(_meets(entry, threshold) for entry in entries):
        return VoidReason.NONE_REACHED_THRESHOLD
    return None


def rank(entries: Iterable[Entry], threshold: int, *, tie_break_held: bool) -> Ranking:
    """Place the candidates and decide the competition (cl. 29-32).

    Places are competition ranking (1, 1, 3) over everyone who submitted, refusers included,
    because the printed order is the order of the scores.  When the additional test was held,
    candidates with equal main scores are ordered by their extra scores, which is the same as
    the sum of cl. 29 because their main scores are equal; one who did not sit the additional
    test is placed after those who did.
    """
    entries = list(entries)
    _check(entries)
    reason = void_reason(entries, threshold)
    submitted = [entry for entry in entries if entry.presence == Presence.SUBMITTED]
    places = _places(submitted, tie_break_held=tie_break_held)

    contenders = [entry for entry in submitted if _meets(entry, threshold) and not entry.refused]
    first: list[Entry] = []
    if contenders:
        best = max(_order_key(entry, tie_break_held) for entry in contenders)
        first = [e for e in contenders if _order_key(e, tie_break_held) == best]

    if any(entry.presence in UNDECIDED for entry in entries):
        outcome = Outcome.PENDING
    elif reason is not None:
        outcome = Outcome.VOID
    elif not first:
        outcome = Outcome.NO_RUNNER_UP
    elif len(first) == 1:
        outcome = Outcome.WINNER
    elif tie_break_held and first[0].extra_score is not None:
        outcome = Outcome.TIE_UNRESOLVED
    else:
        # Also when the tie-break was held for others: a tie for a refused winner's place
        # among candidates who did not sit it (or who all missed it) needs a test of its own.
        outcome = Outcome.TIE_BREAK_NEEDED

    first_ids = {entry.candidate_id for entry in first}
    lines = [
        _line(entry, places.get(entry.candidate_id), threshold, outcome, first_ids, tie_break_held)
        for entry in entries
    ]
    lines.sort(key=_print_order)
    tied = tuple(line.candidate_id for line in lines if line.standing == Standing.TIED)
    return Ranking(
        lines=tuple(lines),
        outcome=outcome,
        tied=tied,
        void_reason=reason if outcome == Outcome.VOID else None,
    )


def _check(entries: Sequence[Entry]) -> None:
    """Refuse input the rules cannot rank, rather than rank it wrongly."""
    ids = [entry.candidate_id for entry in entries]
    if len(ids) != len(set(ids)):
        raise ValueError("a candidate is entered twice")
    for entry in entries:
        if entry.presence == Presence.SUBMITTED and entry.main_score is None:
            raise ValueError(f"candidate {entry.candidate_id} submitted without a score")
        if entry.refused and entry.presence != Presence.SUBMITTED:
            raise ValueError(f"candidate {entry.candidate_id} refused without taking the test")
        scores = (entry.main_score, entry.extra_score)
        if any(score is not None and score < 0 for score in scores):
            raise ValueError(f"candidate {entry.candidate_id} has a negative score")


def _meets(entry: Entry, threshold: int) -> bool:
    """Whether a submitted candidate's main score reaches the threshold (whole points)."""
    return (
        entry.presence == Presence.SUBMITTED
        and entry.main_score is not None
        and entry.main_score >= threshold
    )


def _order_key(entry: Entry, tie_break_held: bool) -> tuple[int, int]:
    """Main score first; the extra score decides among equal main scores once the test is held."""
    assert entry.main_score is not None
    extra = entry.extra_score if tie_break_held and entry.extra_score is not None else -1
    return entry.main_score, extra


def _places(submitted: Sequence[Entry], *, tie_break_held: bool) -> dict[int, int]:
    """Competition ranking: a place is one more than the number of candidates strictly ahead."""
    keys = {entry.candidate_id: _order_key(entry, tie_break_held) for entry in submitted}
    return {
        candidate_id: 1 + sum(other > key for other in keys.values())
        for candidate_id, key in keys.items()
    }


def _line(
    entry: Entry,
    place: int | None,
    threshold: int,
    outcome: Outcome,
    first_ids: set[int],
    tie_break_held: bool,
) -> Line:
    meets = _meets(entry, threshold)
    total = None
    if entry.presence == Presence.SUBMITTED:
        assert entry.main_score is not None
        counted_extra = entry.extra_score if tie_break_held else None
        total = entry.main_score + (counted_extra or 0)
    return Line(
        candidate_id=entry.candidate_id,
        name=entry.name,
        presence=entry.presence,
        place=place,
        main_score=entry.main_score if entry.presence == Presence.SUBMITTED else None,
        extra_score=entry.extra_score if entry.presence == Presence.SUBMITTED else None,
        total=total,
        meets=meets,
        standing=_standing(entry, meets, outcome, first_ids),
    )


def _standing(entry: Entry, meets: bool, outcome: Outcome, first_ids: set[int]) -> Standing:
    unplaced = {
        Presence.ABSENT: Standing.ABSENT,
        Presence.WITHDRAWN: Standing.WITHDRAWN,
        Presence.IN_PROGRESS: Standing.IN_PROGRESS,
        Presence.AWAITED: Standing.AWAITED,
    }
    if entry.presence in unplaced:
        return unplaced[entry.presence]
    if entry.refused:
        return Standing.REFUSED
    if not meets:
        return Standing.BELOW
    if outcome == Outcome.PENDING:
        return Standing.RANKED
    if entry.candidate_id in first_ids:
        return Standing.WINNER if outcome == Outcome.WINNER else Standing.TIED
    # Anyone placed after the first place who reached the threshold is in the reserve whoever
    # wins a tie for first; the tie's losers join it once the tie is decided.
    return Standing.RESERVE


_PRESENCE_PRINT_ORDER = {
    Presence.SUBMITTED: 0,
    Presence.IN_PROGRESS: 1,
    Presence.AWAITED: 2,
    Presence.ABSENT: 3,
    Presence.WITHDRAWN: 4,
}


def _print_order(line: Line) -> tuple[object, ...]:
    """Places first; within one place (a tie) by name, which orders the print, not the tie."""
    # Only submitted lines have places, and they print first, so unplaced ones need none.
    return (
        _PRESENCE_PRINT_ORDER[line.presence],
        line.place or 0,
        kyrgyz_sort_key(line.name),
        line.candidate_id,
    )


def tie_break_sections(
    main_sections: Sequence[tuple[str, int]], fraction: Fraction = Fraction(1, 3)
) -> tuple[tuple[str, int], ...]:
    """Questions per section of the additional test (cl. 29: at most a third of the main test).

    The total is ⌊N × fraction⌋ for a main test of N questions (80 → 26), shared out in the main
    test's proportions by the largest-remainder method, so the additional test measures the same
    things in the same measure.  Equal remainders go to the earlier section, to be reproducible.
    No section gets more questions than it had; sections left with none are dropped.
    """
    if not 0 <= fraction <= 1:
        raise ValueError(f"the fraction must be between 0 and 1, got {fraction}")
    if any(count < 0 for _, count in main_sections):
        raise ValueError("a section cannot have a negative number of questions")
    main_total = sum(count for _, count in main_sections)
    if main_total == 0:
        return ()
    target = math.floor(main_total * fraction)
    quotas = [Fraction(count * target, main_total) for _, count in main_sections]
    counts = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(
        range(len(quotas)), key=lambda index: (-(quotas[index] - counts[index]), index)
    )
    for index in by_remainder[: target - sum(counts)]:
        counts[index] += 1
    return tuple(
        (name, count) for (name, _), count in zip(main_sections, counts, strict=True) if count
    )


def tie_break_deadline(main_date: date, days: int) -> date:
    """The last day on which the additional test may be held (cl. 29: within 2 days)."""
    return main_date + timedelta(days=days)


def tie_break_warning(main_date: date, planned: date, days: int) -> TieBreakWarning | None:
    """What is wrong with holding the additional test on ``planned``, or None."""
    if planned < main_date:
        return TieBreakWarning.BEFORE_MAIN
    if planned > tie_break_deadline(main_date, days):
        return TieBreakWarning.LATE
    return None
