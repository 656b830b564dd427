"""Technical problems a candidate reports from the test screen: recorded, shown, acknowledged."""

import pytest
from sqlalchemy import select

from kiosk.domain.roles import NotPermitted, Role
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.competition_views import SessionPlan
from kiosk.services.demo import SETUP
from kiosk.services.session_views import MAX_PROBLEM_NOTE
from kiosk.services.views import AttemptClosed, TimeIsUp
from kiosk.storage.models import AuditRecord, ProblemReport
from tests.helpers.actors import OBSERVER, OPERATOR, staff
from tests.helpers.sittings import SESSION_DAY, TEST_PLACE

pytestmark = pytest.mark.storage


def reports(world) -> list[ProblemReport]:
    """Every stored report, read in a transaction of its own (so only what was committed)."""
    with world.kiosk.sessions() as session:
        return list(session.scalars(select(ProblemReport).order_by(ProblemReport.id)))


def audited(world, action):
    with world.kiosk.sessions() as session:
        return session.scalars(select(AuditRecord).where(AuditRecord.action == action)).all()


def console(world):
    return world.kiosk.proctor.console(OBSERVER, world.session_id)


@pytest.fixture
def running(world, clock):
    """One candidate in the test, at question 4 after five minutes: (code, attempt id)."""
    (code,) = world.seat(world.add("Асанов Бакыт"))
    attempt = world.sit(code, right=2, submit=False)
    world.kiosk.attempts.go_to(attempt, 3)
    clock.advance(300)
    return code, attempt


def test_a_report_is_stored_with_the_question_and_the_time_used(world, clock, running):
    _code, attempt = running
    attempts = world.kiosk.attempts
    attempts.report_problem(attempt, 3, ProblemKind.PICTURE_MISSING, "  Сүрөт\n көрүнбөйт  ")

    (report,) = reports(world)
    assert report.attempt_id == attempt
    assert (report.position, report.kind) == (3, "picture_missing")
    assert report.note == "Сүрөт көрүнбөйт"
    assert report.consumed_s == pytest.approx(300)
    assert report.at == clock.now()
    assert report.acknowledged_at is None and report.acknowledged_by is None
    (record,) = audited(world, "problem.reported")
    assert record.actor == "st-01"
    assert record.subject == f"attempt:{attempt}"
    assert record.details["kind"] == "picture_missing"
    assert record.details["position"] == 3
    assert record.details["problem"] == report.id


def test_reporting_does_not_stop_the_clock(world, clock, running):
    _code, attempt = running
    attempts = world.kiosk.attempts
    attempts.report_problem(attempt, 3, ProblemKind.SCREEN)
    clock.advance(60)
    assert attempts.remaining(attempt) == pytest.approx(30 * 60 - 360)
    assert attempts.heartbeat(attempt) == pytest.approx(30 * 60 - 360)


def test_a_report_without_a_question_and_of_every_kind(world, running):
    _code, attempt = running
    for kind in ProblemKind:
        world.kiosk.attempts.report_problem(attempt, None, kind)
    stored = reports(world)
    assert [r.kind for r in stored] == [kind.value for kind in ProblemKind]
    assert all(r.position is None and r.note == "" for r in stored)


def test_a_report_after_the_test_was_submitted_is_refused(world, running):
    _code, attempt = running
    world.kiosk.attempts.submit(attempt)
    with pytest.raises(AttemptClosed):
        world.kiosk.attempts.report_problem(attempt, 3, ProblemKind.KEYBOARD)
    assert reports(world) == []
    assert audited(world, "problem.reported") == []


def test_a_report_after_the_time_ran_out_says_so(world, clock, running):
    _code, attempt = running
    clock.advance(30 * 60)
    with pytest.raises(TimeIsUp):
        world.kiosk.attempts.report_problem(attempt, 3, ProblemKind.OTHER, "убакыт")
    assert reports(world) == []


def test_a_report_from_a_station_not_running_the_attempt_is_refused(world, running):
    _code, attempt = running
    with pytest.raises(AttemptClosed):
        world.kiosk.attempts.report_problem(attempt + 1000, None, ProblemKind.OTHER)
    assert reports(world) == []


def test_bad_input_changes_nothing(world, running):
    _code, attempt = running
    attempts = world.kiosk.attempts
    with pytest.raises(ValueError):
        attempts.report_problem(attempt, 99, ProblemKind.SCREEN)
    with pytest.raises(ValueError):
        attempts.report_problem(attempt, 3, "coffee")
    with pytest.raises(ValueError):
        attempts.report_problem(attempt, 3, ProblemKind.OTHER, "ж" * (MAX_PROBLEM_NOTE + 1))
    assert reports(world) == []
    attempts.report_problem(attempt, 3, ProblemKind.OTHER, "ж" * MAX_PROBLEM_NOTE)
    assert len(reports(world)[0].note) == MAX_PROBLEM_NOTE


def test_the_console_shows_an_open_problem_with_question_and_time(world, clock, running):
    code, attempt = running
    world.kiosk.attempts.report_problem(attempt, 3, ProblemKind.TEXT_MISSING, "Текст жок")
    reported_at = clock.now()
    clock.advance(2)

    view = console(world)
    (problem,) = view.problems
    assert problem.registration_id == code.registration_id
    assert problem.candidate_name == "Асанов Бакыт"
    assert problem.station == "st-01"
    assert problem.position == 4  # 1-based, as the console numbers questions
    assert problem.kind is ProblemKind.TEXT_MISSING
    assert problem.note == "Текст жок"
    assert problem.at == reported_at
    (seat,) = view.seats
    assert seat.problems == 1


def test_acknowledging_takes_the_problem_off_the_open_list(world, clock, running):
    _code, attempt = running
    attempts = world.kiosk.attempts
    attempts.report_problem(attempt, 3, ProblemKind.SCREEN)
    clock.advance(5)
    attempts.report_problem(attempt, None, ProblemKind.KEYBOARD)
    first, second = console(world).problems
    assert (first.kind, second.kind) == (ProblemKind.SCREEN, ProblemKind.KEYBOARD)
    assert console(world).seats[0].problems == 2

    clock.advance(30)
    world.kiosk.proctor.acknowledge_problem(OPERATOR, first.id)

    view = console(world)
    assert [p.id for p in view.problems] == [second.id]
    assert view.seats[0].problems == 1
    stored = {r.id: r for r in reports(world)}
    assert stored[first.id].acknowledged_by == "operator"
    assert stored[first.id].acknowledged_at == clock.now()
    (record,) = audited(world, "problem.acknowledged")
    assert record.actor == "operator"
    assert record.details["problem"] == first.id
    assert record.subject == f"attempt:{attempt}"
    # The report itself stays, for the commission's timeline.
    assert len(stored) == 2


def test_a_second_acknowledgement_keeps_the_first(world, clock, running):
    _code, attempt = running
    world.kiosk.attempts.report_problem(attempt, 3, ProblemKind.SCREEN)
    (problem,) = console(world).problems
    world.kiosk.proctor.acknowledge_problem(OPERATOR, problem.id)
    first_at = clock.now()
    clock.advance(10)
    world.kiosk.proctor.acknowledge_problem(staff("second", Role.OPERATOR), problem.id)
    (report,) = reports(world)
    assert (report.acknowledged_by, report.acknowledged_at) == ("operator", first_at)
    assert len(audited(world, "problem.acknowledged")) == 1


def test_only_a_proctor_acknowledges(world, running):
    _code, attempt = running
    world.kiosk.attempts.report_problem(attempt, 3, ProblemKind.SCREEN)
    (problem,) = console(world).problems
    with pytest.raises(NotPermitted):
        world.kiosk.proctor.acknowledge_problem(OBSERVER, problem.id)
    assert console(world).problems == (problem,)
    with pytest.raises(LookupError):
        world.kiosk.proctor.acknowledge_problem(OPERATOR, problem.id + 100)


def test_problems_of_another_session_are_not_shown(world, running):
    _code, attempt = running
    world.kiosk.attempts.report_problem(attempt, 3, ProblemKind.SCREEN)
    other = world.kiosk.exam_sessions.create_session(
        SETUP, world.competition_id, SessionPlan(SESSION_DAY, TEST_PLACE, shift=2)
    )
    view = world.kiosk.proctor.console(OBSERVER, other)
    assert view.problems == ()
