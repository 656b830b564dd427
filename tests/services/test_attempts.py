"""The candidate's path through the service layer, on every database backend."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.app import build
from kiosk.domain.scoring import STATEMENT_DOES_NOT_MEET, STATEMENT_MEETS
from kiosk.security.codes import format_code
from kiosk.services.keys import answer_key as stored_key
from kiosk.services.keys import vault_of
from kiosk.services.views import END_TIME_UP, AttemptClosed, LoginRefusal, TimeIsUp
from kiosk.storage.models import AnswerEvent, Attempt, AttemptItem, AuditRecord, QuestionVersion
from tests.helpers.keys import open_keys
from tests.helpers.sittings import SMALL_BLUEPRINT


def unknown_code():
    from kiosk.security.codes import generate_code

    return generate_code()


def test_a_right_code_gives_the_briefing(sitting):
    result = sitting.kiosk.attempts.login(format_code(sitting.code).lower())
    assert result.refusal is None
    briefing = result.briefing
    assert briefing.candidate_name == "Үсөнбаева Гүлнара Өмүрбековна"
    assert briefing.question_count == 10
    assert briefing.time_limit_s == 1800
    assert briefing.threshold == 6
    assert not briefing.resuming


def test_a_typo_is_caught_without_spending_a_try(sitting):
    attempts = sitting.kiosk.attempts
    typo = sitting.code[:-1] + ("0" if sitting.code[-1] != "0" else "1")
    for _ in range(10):
        assert attempts.login(typo).refusal is LoginRefusal.MALFORMED
    assert attempts.login(unknown_code()).refusal is LoginRefusal.UNKNOWN


def test_five_unknown_codes_lock_the_station_for_a_minute(sitting):
    attempts = sitting.kiosk.attempts
    tries = [attempts.login(unknown_code()) for _ in range(4)]
    assert [t.tries_left for t in tries] == [4, 3, 2, 1]
    locked = attempts.login(unknown_code())
    assert locked.refusal is LoginRefusal.LOCKED
    assert locked.locked_seconds == 60
    # Even the right code is refused while the lock lasts.
    sitting.clock.advance(30)
    assert attempts.login(sitting.code).refusal is LoginRefusal.LOCKED
    assert attempts.lockout_seconds() == 30
    sitting.clock.advance(30)
    assert attempts.lockout_seconds() == 0
    assert attempts.login(sitting.code).briefing is not None


def test_another_station_is_not_locked(sitting, tmp_path):
    for _ in range(5):
        sitting.kiosk.attempts.login(unknown_code())
    settings = sitting.kiosk.settings
    other = open_keys(
        build(
            type(settings)(
                settings.data_dir, settings.database_url, "station-02", settings.timezone
            ),
            sitting.clock,
        )
    )
    try:
        assert other.attempts.login(sitting.code).briefing is not None
    finally:
        other.close()


def start(sitting, code=None, language="ky"):
    attempts = sitting.kiosk.attempts
    briefing = attempts.login(code or sitting.code).briefing
    return attempts.start(briefing.registration_id, language)


def test_the_form_is_drawn_by_the_blueprint_and_frozen_at_start(sitting):
    view = start(sitting)
    assert len(view.items) == SMALL_BLUEPRINT.total
    assert view.remaining_s == 1800
    with sitting.kiosk.sessions() as session:
        items = session.scalars(
            select(AttemptItem).where(AttemptItem.attempt_id == view.attempt_id)
        ).all()
        sections = Counter(item.version.question.section_id for item in items)
        assert sorted(sections.values()) == sorted(count for _, count in SMALL_BLUEPRINT.sections)
        for item, shown in zip(items, view.items, strict=True):
            assert tuple(shown.options[i].key for i in range(4)) == tuple(item.option_order)
            assert item.version.status == "approved"


def test_texts_come_in_the_chosen_language(sitting):
    view = start(sitting, language="ru")
    assert view.language == "ru"
    assert view.items[0].stem.startswith("Вопрос")
    assert any(item.scenario and item.scenario.startswith("В школе") for item in view.items) or all(
        item.scenario is None for item in view.items
    )


def test_each_answer_is_committed_with_its_time_before_the_call_returns(sitting):
    view = start(sitting)
    item = view.items[2]
    sitting.clock.advance(42)
    ack = sitting.kiosk.attempts.select_option(view.attempt_id, 2, item.options[1].key)
    assert ack.selected == {item.options[1].key}
    assert ack.remaining_s == pytest.approx(1800 - 42)
    # Read back through a separate engine, as another process would.
    reader = build(sitting.kiosk.settings, sitting.clock, upgrade=False)
    try:
        with reader.sessions() as session:
            stored = session.get(AttemptItem, (view.attempt_id, 2))
            assert stored.selected == [item.options[1].key]
            events = session.scalars(
                select(AnswerEvent)
                .where(AnswerEvent.attempt_id == view.attempt_id)
                .order_by(AnswerEvent.id)
            ).all()
            assert [e.kind for e in events] == ["start", "select"]
            assert events[-1].value == [item.options[1].key]
            assert events[-1].consumed_s == pytest.approx(42)
    finally:
        reader.close()
    # A station restarted at this moment has the answer, the question and the time.
    sitting.clock.advance(100)
    restarted = open_keys(build(sitting.kiosk.settings, sitting.clock))
    try:
        resumed = restarted.attempts.start(view_registration(restarted, sitting.code), "ky")
        assert resumed.current_position == 2
        assert resumed.remaining_s == pytest.approx(1800 - 42)
        assert resumed.items[2].selected == {item.options[1].key}
    finally:
        restarted.close()


def view_registration(kiosk, code):
    return kiosk.attempts.login(code).briefing.registration_id


def test_an_unknown_option_changes_nothing(sitting):
    view = start(sitting)
    with pytest.raises(ValueError):
        sitting.kiosk.attempts.select_option(view.attempt_id, 0, "z")
    with pytest.raises(ValueError):
        sitting.kiosk.attempts.select_option(view.attempt_id, 99, "a")
    assert not sitting.kiosk.attempts.view(view.attempt_id).items[0].selected


def test_changing_and_clearing_an_answer_and_flags(sitting):
    attempts = sitting.kiosk.attempts
    view = start(sitting)
    first, second = view.items[0].options[0].key, view.items[0].options[3].key
    attempts.select_option(view.attempt_id, 0, first)
    assert attempts.select_option(view.attempt_id, 0, second).selected == {second}
    assert attempts.set_flag(view.attempt_id, 0, True).flagged
    cleared = attempts.select_option(view.attempt_id, 0, None)
    assert cleared.selected == frozenset() and cleared.flagged
    item = attempts.view(view.attempt_id).items[0]
    assert item.flagged and not item.answered


def test_remaining_time_ignores_the_wall_clock(sitting):
    view = start(sitting)
    sitting.clock.set_wall(sitting.clock.now() + timedelta(hours=5))
    assert sitting.kiosk.attempts.remaining(view.attempt_id) == 1800
    sitting.clock.set_wall(sitting.clock.now() - timedelta(days=1))
    sitting.clock.advance(10)
    assert sitting.kiosk.attempts.remaining(view.attempt_id) == pytest.approx(1790)


def test_heartbeat_persists_consumed_time_every_second(sitting):
    view = start(sitting)
    sitting.clock.advance(0.5)
    sitting.kiosk.attempts.heartbeat(view.attempt_id)
    with sitting.kiosk.sessions() as session:
        assert session.get(Attempt, view.attempt_id).consumed_s == 0
    sitting.clock.advance(0.6)
    sitting.kiosk.attempts.heartbeat(view.attempt_id)
    with sitting.kiosk.sessions() as session:
        assert session.get(Attempt, view.attempt_id).consumed_s == pytest.approx(1.1)


def test_a_restarted_station_resumes_the_same_attempt_where_it_was(sitting):
    attempts = sitting.kiosk.attempts
    view = start(sitting)
    attempts.select_option(view.attempt_id, 0, view.items[0].options[2].key)
    attempts.set_flag(view.attempt_id, 3, True)
    sitting.clock.advance(300)
    attempts.go_to(view.attempt_id, 4)
    # The station dies; it comes back ten minutes later as a new process.
    sitting.clock.advance(600)
    restarted = open_keys(build(sitting.kiosk.settings, sitting.clock))
    try:
        briefing = restarted.attempts.login(sitting.code).briefing
        assert briefing.resuming and briefing.language == "ky"
        resumed = restarted.attempts.start(briefing.registration_id, "ru")
        assert resumed.attempt_id == view.attempt_id
        assert resumed.language == "ky"
        assert resumed.current_position == 4
        assert resumed.remaining_s == pytest.approx(1500)
        assert [i.options for i in resumed.items] == [i.options for i in view.items]
        assert resumed.items[0].selected == {view.items[0].options[2].key}
        assert resumed.items[3].flagged
    finally:
        restarted.close()


def answer_key(sitting, attempt_id, position):
    with sitting.kiosk.sessions() as session:
        item = session.get(AttemptItem, (attempt_id, position))
        version = session.get(QuestionVersion, item.question_version_id)
        return min(stored_key(vault_of(session), version))


def wrong_key(view, position, right):
    return next(o.key for o in view.items[position].options if o.key != right)


def test_submission_scores_the_frozen_form_and_issues_the_protocol(sitting):
    attempts = sitting.kiosk.attempts
    view = start(sitting)
    for position in range(6):
        attempts.select_option(
            view.attempt_id, position, answer_key(sitting, view.attempt_id, position)
        )
    attempts.select_option(
        view.attempt_id, 6, wrong_key(view, 6, answer_key(sitting, view.attempt_id, 6))
    )
    sitting.clock.advance(600)
    result = attempts.submit(view.attempt_id)
    assert (result.score, result.max_score, result.threshold) == (6, 10, 6)
    assert result.meets and result.statement == STATEMENT_MEETS
    assert result.appeal_deadline == result.ended_at + timedelta(minutes=60)
    assert result.protocol_path.exists()
    assert result.protocol_path.read_bytes().startswith(b"%PDF")
    assert result.protocol_path.parent == sitting.kiosk.settings.archive_dir / "protocols"
    with sitting.kiosk.sessions() as session:
        actions = list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert actions[-2:] == ["attempt.submitted", "protocol.issued"]


def test_a_score_below_the_threshold_does_not_meet_it(sitting):
    view = start(sitting)
    result = sitting.kiosk.attempts.submit(view.attempt_id)
    assert result.score == 0 and not result.meets
    assert result.statement == STATEMENT_DOES_NOT_MEET


def test_a_submitted_attempt_cannot_be_resumed_or_changed(sitting):
    attempts = sitting.kiosk.attempts
    view = start(sitting)
    registration_id = attempts.login(sitting.code).briefing.registration_id
    attempts.submit(view.attempt_id)
    assert attempts.login(sitting.code).refusal is LoginRefusal.USED
    with pytest.raises(AttemptClosed):
        attempts.select_option(view.attempt_id, 0, view.items[0].options[0].key)
    with pytest.raises(AttemptClosed):
        attempts.start(registration_id, "ky")
    # A second submission changes nothing.
    assert attempts.submit(view.attempt_id).score == 0


def test_at_zero_no_answer_is_taken_and_the_last_one_counts(sitting):
    attempts = sitting.kiosk.attempts
    view = start(sitting)
    right = answer_key(sitting, view.attempt_id, 0)
    sitting.clock.advance(1799.5)
    attempts.select_option(view.attempt_id, 0, right)
    sitting.clock.advance(0.5)
    with pytest.raises(TimeIsUp):
        attempts.heartbeat(view.attempt_id)
    with pytest.raises(TimeIsUp):
        attempts.select_option(view.attempt_id, 1, view.items[1].options[0].key)
    result = attempts.submit(view.attempt_id, END_TIME_UP)
    assert result.score == 1 and result.end_reason == END_TIME_UP
    with sitting.kiosk.sessions() as session:
        assert session.get(Attempt, view.attempt_id).consumed_s == pytest.approx(1800)


def test_each_candidate_gets_an_own_order(sitting):
    first = start(sitting)
    second = start(sitting, code=sitting.codes[1].code)
    assert [i.stem for i in first.items] != [i.stem for i in second.items] or [
        i.options for i in first.items
    ] != [i.options for i in second.items]
