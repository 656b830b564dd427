"""The appeal rules as plain Python: the hour, the commission's size, the hearing, the rescoring."""

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.domain.appeal import (
    Remedy,
    Seat,
    appeal_deadline,
    composition_problem,
    hearing_problem,
    may_file,
    points_after,
    recomputed_score,
)

ENDED = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "accepted"),
    [
        (timedelta(0), True),
        (timedelta(minutes=59, seconds=59), True),
        (timedelta(minutes=60), True),
        (timedelta(minutes=60, seconds=1), False),
        (timedelta(days=1), False),
    ],
)
def test_the_window_is_one_hour_inclusive(after, accepted):
    assert may_file(ENDED, 60, ENDED + after) is accepted
    assert appeal_deadline(ENDED, 60) == ENDED + timedelta(hours=1)


@pytest.mark.parametrize(
    ("chair", "members", "problem"),
    [
        (1, [], "too_few"),
        (1, [2], None),
        (1, [2, 3, 4, 5, 6], None),
        (1, [2, 3, 4, 5, 6, 7], "too_many"),
        (1, [2, 2, 2, 2, 2, 2], None),  # one person counted once
        (1, [1, 2], "chair_is_member"),
    ],
)
def test_a_commission_is_a_chair_and_one_to_five_members(chair, members, problem):
    assert composition_problem(chair, members) == problem


@pytest.mark.parametrize(
    ("seats", "problem"),
    [
        ([Seat(True, True, ""), Seat(False, True, "")], None),
        ([Seat(True, False, ""), Seat(False, True, "")], "chair_absent"),
        ([Seat(True, True, "ага-ини"), Seat(False, True, "")], "chair_absent"),
        ([Seat(True, True, ""), Seat(False, True, "кошунасы")], "no_member"),
        ([Seat(True, True, ""), Seat(False, False, ""), Seat(False, True, " ")], None),
    ],
)
def test_the_chair_and_a_member_without_conflict_must_take_part(seats, problem):
    assert hearing_problem(seats) == problem


A, B = frozenset("a"), frozenset("b")


def test_points_after_each_kind_of_finding():
    assert points_after(B, A, None) == 0
    assert points_after(A, A, None) == 1
    assert points_after(B, A, Remedy(established=A)) == 1
    assert points_after(B, A, Remedy(established=frozenset("c"))) == 0
    assert points_after(frozenset(), A, Remedy(established=None)) == 1
    # A fault confirmed on a question answered right leaves its point.
    assert points_after(A, A, Remedy(established=None)) == 1


def test_the_score_is_recomputed_from_the_findings_by_position():
    answers = [(A, A), (B, A), (frozenset(), A), (B, A)]
    assert recomputed_score(answers, {}) == 1
    assert recomputed_score(answers, {1: Remedy(A), 2: Remedy(None)}) == 3
