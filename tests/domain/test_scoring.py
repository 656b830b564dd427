from fractions import Fraction

import pytest

from kiosk.domain.scoring import (
    STATEMENT_DOES_NOT_MEET,
    STATEMENT_MEETS,
    Outcome,
    item_points,
    score_attempt,
    threshold_points,
)


@pytest.mark.parametrize(
    ("questions", "fraction", "expected"),
    [
        (80, Fraction(6, 10), 48),
        (26, Fraction(6, 10), 16),
        (10, Fraction(6, 10), 6),
        (7, Fraction(1, 2), 4),
    ],
)
def test_threshold_is_the_least_whole_score_reaching_the_fraction(questions, fraction, expected):
    assert threshold_points(questions, fraction) == expected


def test_a_score_at_the_threshold_meets_it():
    assert Outcome(48, 80, 48).meets
    assert Outcome(48, 80, 48).statement == STATEMENT_MEETS
    assert not Outcome(47, 80, 48).meets
    assert Outcome(47, 80, 48).statement == STATEMENT_DOES_NOT_MEET


def test_points_only_for_exactly_the_key():
    key = frozenset({"b"})
    assert item_points(frozenset({"b"}), key) == 1
    assert item_points(frozenset({"a"}), key) == 0
    assert item_points(frozenset(), key) == 0
    assert item_points(frozenset({"a", "b"}), frozenset({"a", "b"})) == 1
    assert item_points(frozenset({"a"}), frozenset({"a", "b"})) == 0


def test_score_counts_right_answers_of_the_whole_form():
    answers = [
        (frozenset({"a"}), frozenset({"a"})),
        (frozenset({"b"}), frozenset({"a"})),
        (frozenset(), frozenset({"c"})),
        (frozenset({"d"}), frozenset({"d"})),
    ]
    outcome = score_attempt(answers, threshold=3)
    assert (outcome.score, outcome.max_score, outcome.meets) == (2, 4, False)
