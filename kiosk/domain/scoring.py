"""Scoring an attempt and comparing it with the threshold (cl. 22, 26 of the regulation)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from translations import N_

#: The two statements of cl. 26, as catalogue messages; the catalogue holds the exact wordings.
STATEMENT_MEETS = N_("The score meets the qualification requirements")
STATEMENT_DOES_NOT_MEET = N_("The score does not meet the qualification requirements")


def threshold_points(question_count: int, fraction: Fraction) -> int:
    """The threshold in whole points: the least score that reaches ``fraction`` of the questions."""
    return math.ceil(fraction * question_count)


def item_points(selected: frozenset[str], correct: frozenset[str]) -> int:
    """One point for exactly the keyed options, none otherwise (all-or-nothing)."""
    return 1 if selected and selected == correct else 0


@dataclass(frozen=True)
class Outcome:
    """The result of an attempt as the regulation states it."""

    score: int
    max_score: int
    threshold: int

    @property
    def meets(self) -> bool:
        """Whole points are compared: a score at the threshold meets it."""
        return self.score >= self.threshold

    @property
    def statement(self) -> str:
        """The statement of cl. 26, as a catalogue message."""
        return STATEMENT_MEETS if self.meets else STATEMENT_DOES_NOT_MEET


def score_attempt(
    answers: Iterable[tuple[frozenset[str], frozenset[str]]], threshold: int
) -> Outcome:
    """Score (selected, correct) pairs, one per question of the frozen form."""
    pairs = list(answers)
    score = sum(item_points(selected, correct) for selected, correct in pairs)
    return Outcome(score=score, max_score=len(pairs), threshold=threshold)
