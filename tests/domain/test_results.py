from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.results import (
    Entry,
    Outcome,
    Presence,
    Ranking,
    Standing,
    TieBreakWarning,
    VoidReason,
    rank,
    tie_break_deadline,
    tie_break_sections,
    tie_break_warning,
    void_reason,
)

THRESHOLD = 48
SUBMITTED, ABSENT, WITHDRAWN, IN_PROGRESS = (
    Presence.SUBMITTED,
    Presence.ABSENT,
    Presence.WITHDRAWN,
    Presence.IN_PROGRESS,
)


def sat(candidate_id, score, extra=None, *, refused=False, name=None):
    return Entry(candidate_id, name or f"Талапкер {candidate_id}", SUBMITTED, score, extra, refused)


def missing(candidate_id, presence):
    return Entry(candidate_id, f"Талапкер {candidate_id}", presence, None)


def table(ranking: Ranking):
    """(id, place, total, standing) per line, in printed order."""
    return [(ln.candidate_id, ln.place, ln.total, ln.standing) for ln in ranking.lines]


def test_clear_winner_and_the_reserve_behind():
    ranking = rank(
        [sat(1, 60), sat(2, 70), sat(3, 50), sat(4, 30)], THRESHOLD, tie_break_held=False
    )
    assert ranking.outcome == Outcome.WINNER
    assert ranking.winner == 2
    assert ranking.tied == ()
    assert ranking.void_reason is None
    assert ranking.reserve == (1, 3)
    assert not ranking.runner_up_won
    assert table(ranking) == [
        (2, 1, 70, Standing.WINNER),
        (1, 2, 60, Standing.RESERVE),
        (3, 3, 50, Standing.RESERVE),
        (4, 4, 30, Standing.BELOW),
    ]
    assert [line.meets for line in ranking.lines] == [True, True, True, False]


def test_a_score_at_the_threshold_enters_the_reserve():
    ranking = rank([sat(1, 60), sat(2, 48), sat(3, 47)], THRESHOLD, tie_break_held=False)
    assert ranking.reserve == (2,)
    assert ranking.lines[2].standing == Standing.BELOW


def test_two_tied_for_first_need_the_additional_test():
    entries = [sat(1, 60), sat(2, 65), sat(3, 65), sat(4, 50)]
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.TIE_BREAK_NEEDED
    assert ranking.winner is None
    assert set(ranking.tied) == {2, 3}
    assert [(line.place, line.standing) for line in ranking.lines] == [
        (1, Standing.TIED),
        (1, Standing.TIED),
        (3, Standing.RESERVE),
        (4, Standing.RESERVE),
    ]


def test_three_tied_for_first_need_the_additional_test():
    entries = [sat(1, 55), sat(2, 55), sat(3, 55), sat(4, 40)]
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.TIE_BREAK_NEEDED
    assert set(ranking.tied) == {1, 2, 3}
    assert [line.place for line in ranking.lines] == [1, 1, 1, 4]
    assert ranking.reserve == ()


def test_the_additional_test_decides_by_the_sum():
    entries = [sat(1, 55, 12), sat(2, 55, 20), sat(3, 55, 12), sat(4, 50)]
    ranking = rank(entries, THRESHOLD, tie_break_held=True)
    assert ranking.outcome == Outcome.WINNER
    assert ranking.winner == 2
    assert table(ranking) == [
        (2, 1, 75, Standing.WINNER),
        (1, 2, 67, Standing.RESERVE),
        (3, 2, 67, Standing.RESERVE),
        (4, 4, 50, Standing.RESERVE),
    ]


def test_equal_sums_after_the_additional_test_are_reported_not_broken():
    entries = [sat(1, 55, 20, name="Айбек"), sat(2, 55, 20, name="Бакыт"), sat(3, 55, 11)]
    ranking = rank(entries, THRESHOLD, tie_break_held=True)
    assert ranking.outcome == Outcome.TIE_UNRESOLVED
    assert ranking.winner is None
    assert set(ranking.tied) == {1, 2}
    assert table(ranking)[2] == (3, 3, 66, Standing.RESERVE)


def test_an_unresolved_tie_is_not_broken_by_name_or_input_order():
    names = {1: "Айбек", 2: "Бакыт"}
    forwards = [sat(1, 55, 20, name=names[1]), sat(2, 55, 20, name=names[2])]
    renamed = [sat(1, 55, 20, name=names[2]), sat(2, 55, 20, name=names[1])]
    for entries in (forwards, renamed, list(reversed(forwards))):
        ranking = rank(entries, THRESHOLD, tie_break_held=True)
        assert ranking.outcome == Outcome.TIE_UNRESOLVED
        assert {(line.candidate_id, line.place, line.standing) for line in ranking.lines} == {
            (1, 1, Standing.TIED),
            (2, 1, Standing.TIED),
        }


def test_a_tied_candidate_who_missed_the_additional_test_is_placed_after_those_who_sat_it():
    entries = [sat(1, 55, 0), sat(2, 55), sat(3, 50)]
    ranking = rank(entries, THRESHOLD, tie_break_held=True)
    assert ranking.winner == 1
    assert table(ranking) == [
        (1, 1, 55, Standing.WINNER),
        (2, 2, 55, Standing.RESERVE),
        (3, 3, 50, Standing.RESERVE),
    ]


def test_extra_scores_do_not_count_before_the_additional_test_is_held():
    ranking = rank([sat(1, 55, 20), sat(2, 55, 10)], THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.TIE_BREAK_NEEDED
    assert [line.total for line in ranking.lines] == [55, 55]


def test_a_tie_for_second_needs_no_additional_test_and_both_are_reserve():
    ranking = rank([sat(1, 50), sat(2, 70), sat(3, 50)], THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.WINNER
    assert ranking.winner == 2
    assert set(ranking.reserve) == {1, 3}
    assert [line.place for line in ranking.lines] == [1, 2, 2]


def test_a_top_scorer_below_the_threshold_is_no_winner():
    ranking = rank([sat(1, 47), sat(2, 30), missing(3, ABSENT)], THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.VOID
    assert ranking.void_reason == VoidReason.NONE_REACHED_THRESHOLD
    assert ranking.winner is None
    assert ranking.reserve == ()
    assert table(ranking) == [
        (1, 1, 47, Standing.BELOW),
        (2, 2, 30, Standing.BELOW),
        (3, None, None, Standing.ABSENT),
    ]


def test_when_the_winner_refuses_the_runner_up_wins():
    entries = [sat(1, 70, refused=True), sat(2, 60), sat(3, 50), sat(4, 20)]
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.WINNER
    assert ranking.winner == 2
    assert ranking.runner_up_won
    assert ranking.reserve == (3,)
    assert table(ranking) == [
        (1, 1, 70, Standing.REFUSED),
        (2, 2, 60, Standing.WINNER),
        (3, 3, 50, Standing.RESERVE),
        (4, 4, 20, Standing.BELOW),
    ]


def test_after_a_decided_tie_break_the_refusing_winner_passes_the_place_on():
    entries = [sat(1, 55, 20, refused=True), sat(2, 55, 15), sat(3, 50)]
    ranking = rank(entries, THRESHOLD, tie_break_held=True)
    assert (ranking.outcome, ranking.winner, ranking.reserve) == (Outcome.WINNER, 2, (3,))


def test_when_the_winner_refuses_and_nobody_else_reached_the_threshold():
    entries = [sat(1, 70, refused=True), sat(2, 40), missing(3, WITHDRAWN)]
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.NO_RUNNER_UP
    assert ranking.void_reason is None
    assert ranking.winner is None
    assert not ranking.runner_up_won
    assert [line.standing for line in ranking.lines] == [
        Standing.REFUSED,
        Standing.BELOW,
        Standing.WITHDRAWN,
    ]


def test_when_the_winner_refuses_and_the_next_place_is_tied():
    entries = [sat(1, 70, refused=True), sat(2, 60), sat(3, 60), sat(4, 55)]
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.TIE_BREAK_NEEDED
    assert set(ranking.tied) == {2, 3}
    assert ranking.reserve == (4,)
    assert [line.place for line in ranking.lines] == [1, 2, 2, 4]


def test_a_tie_for_a_refused_winners_place_needs_its_own_additional_test():
    # The additional test was held for first place; its winner refused; the next two are tied
    # on the main score and never sat an additional test.
    entries = [sat(1, 70, 10, refused=True), sat(2, 70, 5, refused=True), sat(3, 60), sat(4, 60)]
    ranking = rank(entries, THRESHOLD, tie_break_held=True)
    assert ranking.outcome == Outcome.TIE_BREAK_NEEDED
    assert set(ranking.tied) == {3, 4}


def test_refusal_with_the_next_place_tied_after_their_additional_test():
    entries = [sat(1, 70, refused=True), sat(2, 60, 8), sat(3, 60, 8), sat(4, 55)]
    ranking = rank(entries, THRESHOLD, tie_break_held=True)
    assert ranking.outcome == Outcome.TIE_UNRESOLVED
    assert set(ranking.tied) == {2, 3}


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ([], VoidReason.NO_APPLICATIONS),
        ([missing(1, WITHDRAWN), missing(2, WITHDRAWN)], VoidReason.ALL_WITHDREW),
        ([missing(1, ABSENT), missing(2, ABSENT)], VoidReason.NONE_CAME),
        ([missing(1, ABSENT), missing(2, WITHDRAWN)], VoidReason.NONE_CAME),
        ([sat(1, 47), missing(2, ABSENT), sat(3, 0)], VoidReason.NONE_REACHED_THRESHOLD),
    ],
)
def test_each_ground_for_a_void_competition(entries, reason):
    assert void_reason(entries, THRESHOLD) == reason
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert (ranking.outcome, ranking.void_reason) == (Outcome.VOID, reason)
    assert ranking.winner is None
    assert ranking.reserve == ()


def test_a_competition_with_a_qualified_candidate_is_not_void():
    assert void_reason([sat(1, 48), missing(2, ABSENT)], THRESHOLD) is None


def test_the_result_is_pending_while_someone_is_in_the_test():
    entries = [sat(1, 70), sat(2, 40), missing(3, IN_PROGRESS), missing(4, ABSENT)]
    assert void_reason(entries, THRESHOLD) is None
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.PENDING
    assert ranking.winner is None
    assert ranking.reserve == ()
    assert table(ranking) == [
        (1, 1, 70, Standing.RANKED),
        (2, 2, 40, Standing.BELOW),
        (3, None, None, Standing.IN_PROGRESS),
        (4, None, None, Standing.ABSENT),
    ]


def test_pending_even_when_everyone_else_stayed_away():
    entries = [missing(1, IN_PROGRESS), missing(2, ABSENT), missing(3, WITHDRAWN)]
    assert void_reason(entries, THRESHOLD) is None
    assert rank(entries, THRESHOLD, tie_break_held=False).outcome == Outcome.PENDING


def test_absent_and_withdrawn_candidates_are_never_ranked_whatever_their_scores_say():
    stray_scores = [
        Entry(1, "Асан", ABSENT, 80),
        Entry(2, "Бакыт", WITHDRAWN, 79, 20),
        sat(3, 50),
    ]
    ranking = rank(stray_scores, THRESHOLD, tie_break_held=True)
    assert ranking.winner == 3
    assert table(ranking) == [
        (3, 1, 50, Standing.WINNER),
        (1, None, None, Standing.ABSENT),
        (2, None, None, Standing.WITHDRAWN),
    ]
    assert [line.main_score for line in ranking.lines] == [50, None, None]
    assert not any(line.meets for line in ranking.lines[1:])


def test_lines_print_by_place_then_kyrgyz_name_order():
    entries = [
        sat(1, 60, name="Үсөнов"),
        sat(2, 60, name="Усенов"),
        sat(3, 70, name="Яковлев"),
        missing(4, WITHDRAWN),
        missing(5, ABSENT),
    ]
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert [line.candidate_id for line in ranking.lines] == [3, 2, 1, 5, 4]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([sat(1, 50), sat(1, 60)], "twice"),
        ([Entry(1, "Асан", SUBMITTED, None)], "without a score"),
        ([Entry(1, "Асан", ABSENT, None, refused=True)], "refused without"),
        ([sat(1, -1)], "negative"),
        ([sat(1, 50, -2)], "negative"),
    ],
)
def test_input_that_cannot_be_ranked_is_refused(entries, message):
    with pytest.raises(ValueError, match=message):
        rank(entries, THRESHOLD, tie_break_held=True)


entry_lists = st.lists(
    st.builds(
        lambda presence, score, extra, refused: (presence, score, extra, refused),
        st.sampled_from(list(Presence)),
        st.integers(0, 80),
        st.none() | st.integers(0, 26),
        st.booleans(),
    ),
    max_size=12,
).map(
    lambda rows: [
        Entry(
            candidate_id,
            f"Талапкер {candidate_id}",
            presence,
            score,
            extra,
            refused and presence == SUBMITTED,
        )
        for candidate_id, (presence, score, extra, refused) in enumerate(rows)
    ]
)


@given(entries=entry_lists, threshold=st.integers(0, 80), held=st.booleans())
def test_ranking_properties(entries, threshold, held):
    ranking = rank(entries, threshold, tie_break_held=held)
    by_id = {entry.candidate_id: entry for entry in entries}
    submitted = [line for line in ranking.lines if line.presence == SUBMITTED]

    # Every candidate has exactly one line; only submitted ones are placed.
    assert sorted(line.candidate_id for line in ranking.lines) == sorted(by_id)
    assert all((line.place is not None) == (line.presence == SUBMITTED) for line in ranking.lines)

    # Competition ranking: printed in place order, a place is 1 + those with a better score.
    assert [line.place for line in submitted] == sorted(line.place for line in submitted)
    for line in submitted:
        better = [other for other in submitted if other.main_score > line.main_score]
        at_least_as_good = [other for other in submitted if other.main_score >= line.main_score]
        # Extra scores can only order candidates with equal main scores, and only once held.
        assert 1 + len(better) <= line.place <= len(at_least_as_good)
        if not held:
            assert line.place == 1 + len(better)

    # Nobody below the threshold wins or enters the reserve; the winner has the best score.
    for line in ranking.lines:
        if line.standing in (Standing.WINNER, Standing.RESERVE, Standing.TIED):
            assert line.meets and line.main_score >= threshold
            assert not by_id[line.candidate_id].refused
    if ranking.winner is not None:
        winner = next(line for line in ranking.lines if line.candidate_id == ranking.winner)
        contenders = [ln for ln in submitted if ln.meets and ln.standing != Standing.REFUSED]
        assert winner.main_score == max(ln.main_score for ln in contenders)
        assert all(
            line.place > winner.place
            for line in ranking.lines
            if line.candidate_id in ranking.reserve
        )
    assert len(ranking.tied) != 1
    assert (ranking.void_reason is not None) == (ranking.outcome == Outcome.VOID)

    # The input order and the names decide nothing.
    renamed = [
        Entry(
            e.candidate_id,
            f"{99 - e.candidate_id}",
            e.presence,
            e.main_score,
            e.extra_score,
            e.refused,
        )
        for e in reversed(entries)
    ]
    again = rank(renamed, threshold, tie_break_held=held)
    assert (again.outcome, again.winner, set(again.tied), set(again.reserve)) == (
        ranking.outcome,
        ranking.winner,
        set(ranking.tied),
        set(ranking.reserve),
    )
    assert {(ln.candidate_id, ln.place, ln.standing) for ln in again.lines} == {
        (ln.candidate_id, ln.place, ln.standing) for ln in ranking.lines
    }


def test_the_additional_test_for_the_demo_blueprint():
    blueprint = [("law", 20), ("management", 16), ("pedagogy", 20), ("powers", 12), ("it", 12)]
    assert tie_break_sections(blueprint) == (
        ("law", 7),
        ("management", 5),
        ("pedagogy", 6),
        ("powers", 4),
        ("it", 4),
    )


def test_small_sections_may_be_dropped_and_equal_remainders_go_to_the_earlier_section():
    assert tie_break_sections([("a", 1), ("b", 1), ("c", 1), ("d", 0)]) == (("a", 1),)
    assert tie_break_sections([("a", 3), ("b", 3)], Fraction(1, 2)) == (("a", 2), ("b", 1))
    assert tie_break_sections([]) == ()
    assert tie_break_sections([("a", 0)]) == ()
    assert tie_break_sections([("a", 10)], Fraction(0)) == ()
    assert tie_break_sections([("a", 10), ("b", 5)], Fraction(1)) == (("a", 10), ("b", 5))


@pytest.mark.parametrize(
    ("sections", "fraction"),
    [([("a", 10)], Fraction(4, 3)), ([("a", 10)], Fraction(-1, 3)), ([("a", -1)], Fraction(1, 3))],
)
def test_impossible_tie_break_sizes_are_refused(sections, fraction):
    with pytest.raises(ValueError):
        tie_break_sections(sections, fraction)


@given(
    sections=st.lists(st.integers(0, 40), max_size=8).map(
        lambda counts: [(f"s{index}", count) for index, count in enumerate(counts)]
    ),
    fraction=st.fractions(min_value=0, max_value=1),
)
def test_tie_break_sections_keep_the_proportions(sections, fraction):
    result = tie_break_sections(sections, fraction)
    main_total = sum(count for _, count in sections)
    target = int(main_total * fraction) if main_total else 0
    assert sum(count for _, count in result) == target
    allotted = dict(result)
    main_counts = dict(sections)
    # Order kept, nothing empty, never more than the section had.
    assert [name for name, _ in result] == [name for name, _ in sections if name in allotted]
    assert all(0 < count <= main_counts[name] for name, count in result)
    # Largest remainder: each section gets its exact share rounded down or up.
    for name, count in sections:
        share = Fraction(count * target, main_total) if main_total else 0
        assert share - 1 < allotted.get(name, 0) < share + 1


def test_tie_break_dates():
    main = date(2026, 2, 27)
    assert tie_break_deadline(main, 2) == date(2026, 3, 1)
    assert tie_break_warning(main, date(2026, 2, 27), 2) is None
    assert tie_break_warning(main, date(2026, 3, 1), 2) is None
    assert tie_break_warning(main, date(2026, 3, 2), 2) == TieBreakWarning.LATE
    assert tie_break_warning(main, date(2026, 2, 26), 2) == TieBreakWarning.BEFORE_MAIN


def test_candidates_still_awaited_keep_the_competition_pending_not_void():
    # Nobody has sat yet, but the session is on: not "nobody came".
    entries = [missing(1, Presence.AWAITED), missing(2, ABSENT)]
    assert void_reason(entries, THRESHOLD) is None
    ranking = rank(entries, THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.PENDING
    assert table(ranking) == [(1, None, None, Standing.AWAITED), (2, None, None, Standing.ABSENT)]
    # A top score does not win while someone is still to be tested.
    ranking = rank([sat(3, 70), missing(1, Presence.AWAITED)], THRESHOLD, tie_break_held=False)
    assert ranking.outcome == Outcome.PENDING and ranking.winner is None
