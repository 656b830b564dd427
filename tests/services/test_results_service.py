"""Results of a competition from the stored attempts, on every database backend: ranking, the
additional test for a tie, refusal, reserve, and each ground for a void competition."""

from datetime import date, time

import pytest
from sqlalchemy import select

from kiosk.domain.results import Outcome, Standing, TieBreakWarning, VoidReason
from kiosk.domain.roles import NotPermitted
from kiosk.services.competition_views import ResultsRefused, SessionPlan
from kiosk.storage.models import Attempt, AttemptItem, QuestionVersion, Registration
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR
from tests.helpers.sittings import TEST_PLACE

pytestmark = pytest.mark.storage

NEXT_DAY = SessionPlan(date(2026, 11, 24), TEST_PLACE, starts_at=time(10, 0))


def standings(world):
    ranking = world.kiosk.results.results(OBSERVER, world.competition_id).ranking
    return ranking, {line.name: (line.place, line.standing) for line in ranking.lines}


def test_a_clear_winner_and_a_reserve_at_or_above_the_threshold(world):
    ids = world.run_session(
        {"Асанов": 9, "Бекова": 7, "Касымов": 6, "Дөөлөтов": 5, "Эркинова": None}
    )
    ranking, shown = standings(world)
    assert ranking.outcome is Outcome.WINNER
    assert ranking.winner == ids["Асанов"]
    assert ranking.reserve == (ids["Бекова"], ids["Касымов"])  # 6 is the threshold itself
    assert shown["Дөөлөтов"] == (4, Standing.BELOW)
    assert shown["Эркинова"] == (None, Standing.ABSENT)


def test_results_are_pending_while_someone_is_in_the_test(world):
    ids = {name: world.add(name) for name in ("Асанов", "Бекова")}
    done, running = world.seat(*ids.values())
    world.sit(done, right=9)
    world.sit(running, right=9, submit=False)
    assert standings(world)[0].outcome is Outcome.PENDING


def tie_for_first(world):
    return world.run_session({"Асанов": 8, "Бекова": 8, "Касымов": 7, "Дөөлөтов": 3})


def test_a_tie_for_first_schedules_an_additional_test_of_unseen_questions(world, clock):
    ids = tie_for_first(world)
    ranking, shown = standings(world)
    assert ranking.outcome is Outcome.TIE_BREAK_NEEDED
    assert set(ranking.tied) == {ids["Асанов"], ids["Бекова"]}
    assert shown["Касымов"] == (3, Standing.RESERVE)
    with pytest.raises(NotPermitted):
        world.kiosk.results.schedule_tie_break(OPERATOR, world.competition_id, NEXT_DAY)

    plan = world.kiosk.results.schedule_tie_break(ADMIN, world.competition_id, NEXT_DAY)
    assert plan.sections == (("law", 1), ("pedagogy", 1), ("it", 1))  # ⌊10/3⌋ = 3
    assert plan.time_limit_s == 9 * 60  # 30 min × 3/10
    assert plan.warning is None
    assert plan.deadline == date(2026, 11, 25)
    assert {c.candidate_name for c in plan.codes} == {"Асанов", "Бекова"}

    clock.set_wall(clock.now().replace(day=24))
    tied_registrations = set()
    with world.kiosk.sessions() as session:
        tied_registrations = set(
            session.scalars(
                select(Registration.id).where(
                    Registration.candidate_id.in_([ids["Асанов"], ids["Бекова"]])
                )
            )
        )
        seen = set(
            session.scalars(
                select(QuestionVersion.question_id)
                .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
                .join(Attempt, Attempt.id == AttemptItem.attempt_id)
                .where(Attempt.registration_id.in_(tied_registrations))
            )
        )
    assert len(seen) >= 10  # ten each, overlapping by chance
    attempts = [world.sit(code, right=0, submit=False) for code in plan.codes]
    for attempt in attempts:
        with world.kiosk.sessions() as session:
            drawn = set(
                session.scalars(
                    select(QuestionVersion.question_id)
                    .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
                    .where(AttemptItem.attempt_id == attempt)
                )
            )
        assert len(drawn) == 3
        assert not drawn & seen, "a tie-break question was seen in the main test"


def finish_tie_break(world, clock, scores):
    plan = world.kiosk.results.schedule_tie_break(ADMIN, world.competition_id, NEXT_DAY)
    clock.set_wall(clock.now().replace(day=24))
    for code in plan.codes:
        world.sit(code, right=scores[code.candidate_name])
    world.kiosk.proctor.end_session(OPERATOR, plan.session_id)
    return plan


def test_the_sum_of_main_and_additional_scores_decides(world, clock):
    ids = tie_for_first(world)
    finish_tie_break(world, clock, {"Асанов": 1, "Бекова": 2})
    ranking, shown = standings(world)
    assert ranking.outcome is Outcome.WINNER
    assert ranking.winner == ids["Бекова"]
    lines = {line.name: line for line in ranking.lines}
    assert (lines["Бекова"].main_score, lines["Бекова"].extra_score, lines["Бекова"].total) == (
        8,
        2,
        10,
    )
    assert shown["Асанов"] == (2, Standing.RESERVE)
    assert ranking.reserve == (ids["Асанов"], ids["Касымов"])


def test_a_tie_that_remains_is_reported_not_broken(world, clock):
    ids = tie_for_first(world)
    finish_tie_break(world, clock, {"Асанов": 2, "Бекова": 2})
    ranking, shown = standings(world)
    assert ranking.outcome is Outcome.TIE_UNRESOLVED
    assert ranking.winner is None
    assert set(ranking.tied) == {ids["Асанов"], ids["Бекова"]}
    assert shown["Асанов"][1] is Standing.TIED and shown["Бекова"][1] is Standing.TIED


def test_a_late_additional_test_is_flagged_and_one_before_the_main_test_refused(world):
    tie_for_first(world)
    with pytest.raises(ResultsRefused) as early:
        world.kiosk.results.schedule_tie_break(
            ADMIN, world.competition_id, SessionPlan(date(2026, 11, 22), TEST_PLACE)
        )
    assert early.value.reason == "before_main"
    late = world.kiosk.results.schedule_tie_break(
        ADMIN, world.competition_id, SessionPlan(date(2026, 11, 27), TEST_PLACE)
    )
    assert late.warning is TieBreakWarning.LATE


def test_no_additional_test_without_a_tie(world):
    world.run_session({"Асанов": 9, "Бекова": 7})
    with pytest.raises(ResultsRefused) as refused:
        world.kiosk.results.schedule_tie_break(ADMIN, world.competition_id, NEXT_DAY)
    assert refused.value.reason == "no_tie"


def test_when_the_winner_refuses_the_runner_up_wins(world):
    ids = world.run_session({"Асанов": 9, "Бекова": 7, "Касымов": 6})
    with pytest.raises(ResultsRefused):
        world.kiosk.results.record_refusal(ADMIN, ids["Бекова"])
    after = world.kiosk.results.record_refusal(ADMIN, ids["Асанов"], "келишимден баш тартты")
    assert after.winner == ids["Бекова"]
    assert after.runner_up_won
    assert after.reserve == (ids["Касымов"],)
    _, shown = standings(world)
    assert shown["Асанов"][1] is Standing.REFUSED


def test_when_the_winner_refuses_and_nobody_else_qualifies(world):
    ids = world.run_session({"Асанов": 9, "Бекова": 5})
    after = world.kiosk.results.record_refusal(ADMIN, ids["Асанов"])
    assert after.outcome is Outcome.NO_RUNNER_UP
    assert after.winner is None


@pytest.mark.parametrize(
    ("scores", "withdraw", "reason"),
    [
        ({}, (), VoidReason.NO_APPLICATIONS),
        ({"Асанов": None, "Бекова": None}, ("Асанов", "Бекова"), VoidReason.ALL_WITHDREW),
        ({"Асанов": None, "Бекова": None}, (), VoidReason.NONE_CAME),
        ({"Асанов": 5, "Бекова": 2}, (), VoidReason.NONE_REACHED_THRESHOLD),
    ],
)
def test_each_ground_for_a_void_competition(world, scores, withdraw, reason):
    ids = world.run_session(scores) if scores else {}
    for name in withdraw:
        world.kiosk.competitions.withdraw(OPERATOR, ids[name])
    ranking, _ = standings(world)
    assert ranking.outcome is Outcome.VOID
    assert ranking.void_reason is reason


def test_an_additional_test_is_refused_when_the_bank_has_too_few_unseen_questions(
    database_url, tmp_path, clock
):
    from tests.helpers.competition import make_world

    # A bank exactly the size of the form: the tied candidates have seen every question.
    world = make_world(
        database_url, tmp_path / "small", clock, bank_sizes={"law": 4, "pedagogy": 3, "it": 3}
    )
    try:
        world.run_session({"Асанов": 8, "Бекова": 8})
        with pytest.raises(ResultsRefused) as refused:
            world.kiosk.results.schedule_tie_break(ADMIN, world.competition_id, NEXT_DAY)
        assert refused.value.reason == "too_few_unseen_questions"
        assert "law: 0/1" in refused.value.detail
        # Nothing was scheduled: the refusal rolled the session and its codes back.
        assert [c.kind for c in world.kiosk.proctor.sessions(OBSERVER)] == ["main"]
    finally:
        world.kiosk.close()


def test_until_the_session_ends_those_not_yet_tested_are_awaited_not_absent(world):
    ids = {name: world.add(name) for name in ("Асанов", "Бекова", "Касымов")}
    first, *_ = world.seat(ids["Асанов"], ids["Бекова"])  # Касымов is not seated yet
    world.sit(first, right=9)
    ranking, shown = standings(world)
    assert ranking.outcome is Outcome.PENDING  # not "void: nobody came"
    assert shown["Бекова"] == (None, Standing.AWAITED)
    assert shown["Касымов"] == (None, Standing.AWAITED)
    world.kiosk.competitions.withdraw(OPERATOR, ids["Касымов"])
    world.kiosk.proctor.end_session(OPERATOR, world.session_id)
    ranking, shown = standings(world)
    assert ranking.outcome is Outcome.WINNER
    assert shown["Бекова"] == (None, Standing.ABSENT)
