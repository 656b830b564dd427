"""The proctor's console through the services, on every database backend."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.domain.roles import NotPermitted
from kiosk.services.session_views import IncidentKind, SeatState, SessionStillRunning
from kiosk.services.views import LoginRefusal, TimeIsUp
from kiosk.storage.models import AnswerEvent, Appeal, AuditRecord, TimeDecision
from tests.helpers.actors import OBSERVER, OPERATOR
from tests.helpers.keys import open_keys

pytestmark = pytest.mark.storage


def seats(world):
    view = world.kiosk.proctor.console(OBSERVER, world.session_id)
    return {seat.candidate_name: seat for seat in view.seats}


def audited(world, action):
    with world.kiosk.sessions() as session:
        return session.scalars(select(AuditRecord).where(AuditRecord.action == action)).all()


def test_the_console_shows_each_candidates_state(world, clock):
    a, b, c, d = (world.add(n) for n in ("Асанов Бакыт", "Бекова Айзада", "Касымов Улан", "Дөөлөт"))
    codes = world.seat(a, b, c, d)
    world.sit(codes[0], right=7)
    running = world.sit(codes[1], right=2, submit=False)
    world.kiosk.attempts.go_to(running, 4)
    clock.advance(65)
    world.kiosk.attempts.heartbeat(running)
    world.kiosk.proctor.mark_absent(OPERATOR, codes[3].registration_id)

    shown = seats(world)
    assert shown["Асанов Бакыт"].state is SeatState.SUBMITTED
    assert (shown["Асанов Бакыт"].score, shown["Асанов Бакыт"].max_score) == (7, 10)
    assert shown["Асанов Бакыт"].meets is True
    in_test = shown["Бекова Айзада"]
    assert in_test.state is SeatState.IN_TEST
    assert (in_test.position, in_test.question_count) == (5, 10)
    assert in_test.remaining_s == pytest.approx(30 * 60 - 65)
    assert in_test.station == "st-01"
    assert shown["Касымов Улан"].state is SeatState.NOT_ARRIVED
    assert shown["Дөөлөт"].state is SeatState.ABSENT
    # A station that stops sending heartbeats turns silent on the console.
    clock.advance(25)
    assert seats(world)["Бекова Айзада"].state is SeatState.SILENT
    assert seats(world)["Бекова Айзада"].silent_s == pytest.approx(25)


def test_extra_time_reaches_the_running_station_and_is_recorded(world, clock):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    attempt = world.sit(code, right=1, submit=False)
    with pytest.raises(ValueError):
        world.kiosk.proctor.add_time(OPERATOR, code.registration_id, 300, "  ")
    world.kiosk.proctor.add_time(OPERATOR, code.registration_id, 300, "денсаулыгы начарлады")
    clock.advance(30 * 60 + 10)  # past the original limit, inside the new one
    remaining = world.kiosk.attempts.heartbeat(attempt)
    assert remaining == pytest.approx(290)
    assert seats(world)["Асанов Бакыт"].granted_s == 300
    clock.advance(291)
    with pytest.raises(TimeIsUp):
        world.kiosk.attempts.heartbeat(attempt)
    (grant,) = audited(world, "time.extra")
    assert grant.details["reason"] == "денсаулыгы начарлады"
    assert grant.actor == "operator"


def test_resuming_a_crashed_station_records_the_decision_on_the_lost_time(world, clock, tmp_path):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    attempt = world.sit(code, right=3, submit=False)
    world.kiosk.attempts.heartbeat(attempt)
    clock.advance(1)
    world.kiosk.attempts.heartbeat(attempt)
    clock.advance(240)  # the station froze for four minutes
    assert seats(world)["Асанов Бакыт"].state is SeatState.SILENT
    world.kiosk.proctor.resume_station(OPERATOR, code.registration_id, 120, "станция катып калды")
    with world.kiosk.sessions() as session:
        decision = session.scalars(select(TimeDecision)).one()
        events = session.scalars(
            select(AnswerEvent.kind).where(AnswerEvent.attempt_id == attempt)
        ).all()
    assert (decision.kind, decision.seconds) == ("resume", 120)
    assert decision.lost_s == pytest.approx(240)
    assert "time_resume" in events
    # The candidate logs in again (a new station process) and has the time given back.
    from kiosk.app import build
    from kiosk.config import resolve_settings

    other = open_keys(
        build(
            resolve_settings(
                data_dir=str(tmp_path / "other"),
                database_url=world.kiosk.settings.database_url,
                station_id="st-02",
                environ={},
            ),
            clock,
        )
    )
    try:
        briefing = other.attempts.login(code.code).briefing
        assert briefing.resuming
        view = other.attempts.start(briefing.registration_id, "ky")
        assert view.remaining_s == pytest.approx(30 * 60 - 1 + 120)
    finally:
        other.close()
    assert audited(world, "time.resume")[0].details["lost_s"] == pytest.approx(240)


def test_a_resume_decision_may_add_nothing_but_needs_a_reason(world):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    world.sit(code, right=3, submit=False)
    with pytest.raises(ValueError):
        world.kiosk.proctor.resume_station(OPERATOR, code.registration_id, 0, "")
    world.kiosk.proctor.resume_station(OPERATOR, code.registration_id, 0, "убакыт жоголгон жок")
    assert seats(world)["Асанов Бакыт"].granted_s == 0
    with pytest.raises(ValueError):
        world.kiosk.proctor.add_time(OPERATOR, code.registration_id, 0, "нөл")


def test_incidents_are_listed_about_a_candidate_or_the_room(world):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    proctor = world.kiosk.proctor
    proctor.report_incident(
        OPERATOR, world.session_id, None, IncidentKind.POWER, "Жарык өчтү, 2 мүнөт"
    )
    proctor.report_incident(
        OPERATOR,
        world.session_id,
        code.registration_id,
        IncidentKind.MISCONDUCT,
        "Телефон колдонду",
    )
    with pytest.raises(ValueError):
        proctor.report_incident(OPERATOR, world.session_id, None, IncidentKind.OTHER, " ")
    view = proctor.console(OBSERVER, world.session_id)
    assert [(i.kind, i.candidate_name) for i in view.incidents] == [
        (IncidentKind.MISCONDUCT, "Асанов Бакыт"),
        (IncidentKind.POWER, None),
    ]
    assert view.seats[0].incidents == 1
    assert len(audited(world, "incident.reported")) == 2


def test_an_absent_candidates_code_no_longer_opens_the_test(world):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    world.kiosk.proctor.mark_absent(OPERATOR, code.registration_id)
    assert world.kiosk.attempts.login(code.code).refusal is LoginRefusal.CLOSED
    assert audited(world, "candidate.absent")


def test_someone_who_started_cannot_be_marked_absent(world):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    world.sit(code, right=3, submit=False)
    with pytest.raises(ValueError):
        world.kiosk.proctor.mark_absent(OPERATOR, code.registration_id)


def test_ending_the_session_waits_for_those_in_the_test_then_marks_the_rest_absent(world):
    done, running, late = world.seat(*(world.add(n) for n in ("Асанов", "Бекова", "Касымов")))
    world.sit(done, right=6)
    attempt = world.sit(running, right=6, submit=False)
    with pytest.raises(SessionStillRunning) as still:
        world.kiosk.proctor.end_session(OPERATOR, world.session_id)
    assert still.value.names == ("Бекова",)
    world.kiosk.attempts.submit(attempt)
    world.kiosk.proctor.end_session(OPERATOR, world.session_id)
    view = world.kiosk.proctor.console(OBSERVER, world.session_id)
    assert view.ended
    assert [s.state for s in view.seats] == [
        SeatState.SUBMITTED,
        SeatState.SUBMITTED,
        SeatState.ABSENT,
    ]
    assert world.kiosk.attempts.login(late.code).refusal is LoginRefusal.CLOSED
    (ended,) = audited(world, "session.ended")
    assert ended.details["marked_absent"] == 1


def test_an_observer_watches_but_cannot_act(world):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    assert world.kiosk.proctor.console(OBSERVER, world.session_id).seats
    with pytest.raises(NotPermitted):
        world.kiosk.proctor.mark_absent(OBSERVER, code.registration_id)
    with pytest.raises(NotPermitted):
        world.kiosk.proctor.end_session(OBSERVER, world.session_id)
    assert len(audited(world, "permission.refused")) == 2


def test_the_session_list_counts_candidates(world):
    world.seat(world.add("Асанов Бакыт"), world.add("Бекова Айзада"))
    (choice,) = world.kiosk.proctor.sessions(OBSERVER)
    assert (choice.session_id, choice.candidates, choice.kind, choice.ended) == (
        world.session_id,
        2,
        "main",
        False,
    )


def test_the_console_counts_down_the_appeal_window_of_a_submitted_attempt(world, clock):
    done, running = world.seat(world.add("Асанов Бакыт"), world.add("Бекова Айзада"))
    world.sit(done, right=7)
    world.sit(running, right=2, submit=False)
    ended_at = clock.now()

    clock.advance(60)  # 59:00 left
    view = world.kiosk.proctor.console(OBSERVER, world.session_id)
    assert view.at == clock.now()
    submitted, in_test = view.seats
    assert submitted.appeal_deadline == ended_at + timedelta(minutes=60)
    assert submitted.appeal_minutes_left(view.at) == 59
    assert submitted.open_appeal is None
    # Someone still in the test has no window yet.
    assert in_test.appeal_deadline is None
    assert in_test.appeal_minutes_left(view.at) is None

    clock.advance(58 * 60 + 59)  # 0:01 left: rounded up to a whole minute
    view = world.kiosk.proctor.console(OBSERVER, world.session_id)
    assert view.seats[0].appeal_minutes_left(view.at) == 1
    clock.advance(1)  # 60:00 after the end: the deadline itself is still in time
    view = world.kiosk.proctor.console(OBSERVER, world.session_id)
    assert view.seats[0].appeal_minutes_left(view.at) == 1
    clock.advance(1)  # 60:01: closed
    view = world.kiosk.proctor.console(OBSERVER, world.session_id)
    assert view.seats[0].appeal_minutes_left(view.at) is None
    assert view.seats[0].appeal_deadline == ended_at + timedelta(minutes=60)


def test_the_console_names_an_appeal_waiting_for_its_hearing(world, clock):
    first, second = world.seat(world.add("Асанов Бакыт"), world.add("Бекова Айзада"))
    attempt = world.sit(first, right=5)
    other = world.sit(second, right=6)
    clock.advance(600)
    with world.kiosk.sessions.begin() as session:
        for number, attempt_id, status in (
            ("АП-2026-0001", attempt, "filed"),
            ("АП-2026-0002", other, "rejected"),
        ):
            session.add(
                Appeal(
                    number=number,
                    attempt_id=attempt_id,
                    statement="Мен Б вариантын тандагам, бирок В көрсөтүлүп турат.",
                    status=status,
                    filed_by="operator",
                    filed_at=clock.now(),
                    old_score=5,
                )
            )
    view = world.kiosk.proctor.console(OBSERVER, world.session_id)
    filed, decided = view.seats
    assert filed.open_appeal == "АП-2026-0001"
    # A decided appeal is not open any more.
    assert decided.open_appeal is None
