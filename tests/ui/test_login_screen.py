"""The login screen: wrong codes, a used code, the lockout countdown, and the briefing."""

from PySide6.QtCore import Qt

from kiosk.security.codes import format_code, generate_code
from tests.ui.conftest import enter_code, start_test
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)


def test_a_typo_gets_its_own_message_and_costs_no_try(qtbot, window, station):
    typo = station.code[:-1] + ("0" if station.code[-1] != "0" else "1")
    for _ in range(6):
        enter_code(qtbot, window, typo)
    assert window.current_screen is window.login
    assert window.login.message.text() == KY(
        "The code is not complete or has a typo. Check it against your slip."
    )
    assert window.login.message.isVisible()
    assert station.kiosk.attempts.lockout_seconds() == 0
    # Six typos later, a wrong code still has all but one try left.
    enter_code(qtbot, window, generate_code())
    assert KY("Tries left: {count}").format(count=4) in window.login.message.text()


def test_an_unknown_code_is_refused_with_the_tries_left(qtbot, window):
    enter_code(qtbot, window, generate_code())
    text = window.login.message.text()
    assert (
        KY("This code was not accepted. Check it against your slip or ask the testing staff.")
        in text
    )
    assert KY("Tries left: {count}").format(count=4) in text
    assert window.login.code.isEnabled()
    # The text stays in the field, selected, so that a correction is quick.
    assert window.login.code.hasSelectedText()


def test_an_empty_field_asks_for_the_code_without_asking_the_service(qtbot, window, station):
    qtbot.keyClick(window.login.code, Qt.Key.Key_Return)
    assert window.login.message.text() == KY("First type the code from your slip.")
    enter_code(qtbot, window, generate_code())
    assert KY("Tries left: {count}").format(count=4) in window.login.message.text()


def test_a_used_code_says_the_test_is_done(qtbot, window, station):
    attempts = station.kiosk.attempts
    briefing = attempts.login(station.code).briefing
    attempts.submit(attempts.start(briefing.registration_id, "ky").attempt_id)
    enter_code(qtbot, window, station.code)
    assert window.current_screen is window.login
    assert window.login.message.text() == KY("The test for this code has already been completed.")


def test_five_wrong_codes_lock_the_station_with_a_countdown_until_it_unlocks(
    qtbot, window, station, clock, timers
):
    for _ in range(5):
        enter_code(qtbot, window, generate_code())
    login = window.login
    assert login.locked
    assert not login.code.isEnabled() and not login.enter.isEnabled()
    assert KY("Too many wrong codes. The station is locked for a while.") in login.message.text()
    assert "1:00" in login.message.text()
    # Typing or pressing Enter changes nothing while locked.
    login.submit()
    assert login.locked

    clock.advance(15)
    assert timers.fire("login-lockout")
    assert KY("You can try again in {time}").format(time="0:45") in login.message.text()

    clock.advance(44)
    timers.fire("login-lockout")
    assert "0:01" in login.message.text()

    clock.advance(1)
    timers.fire("login-lockout")
    assert not login.locked
    assert login.code.isEnabled() and login.enter.isEnabled()
    assert login.message.text() == ""
    assert not timers["login-lockout"].is_active()
    enter_code(qtbot, window, station.code)
    assert window.current_screen is window.briefing


def test_a_new_window_on_a_locked_station_shows_the_lock(qtbot, make_window, station):
    for _ in range(5):
        station.kiosk.attempts.login(generate_code())
    window = make_window("ru")
    assert window.login.locked
    assert RU("Too many wrong codes. The station is locked for a while.") in (
        window.login.message.text()
    )


def test_the_code_is_taken_in_small_letters_with_spaces_and_dashes(qtbot, window, station):
    typed = " " + format_code(station.code).lower().replace("-", " - ")
    qtbot.keyClicks(window.login.code, typed)
    assert window.login.code.text() == typed.upper()
    qtbot.keyClick(window.login.code, Qt.Key.Key_Enter)
    assert window.current_screen is window.briefing


def test_the_briefing_shows_who_and_what(qtbot, window, station):
    enter_code(qtbot, window, station.code)
    briefing = window.briefing
    assert briefing.name.text() == "Үсөнбаева Гүлнара Өмүрбековна"
    assert "Мектеп директору" in briefing.post.text()
    assert "№5 орто мектеп" in briefing.post.text()
    values = {key: value.text() for key, (_caption, value) in briefing.facts.items()}
    assert values == {
        "date": "23.11.2026",
        "questions": "10",
        "time": KY("{minutes} minutes").format(minutes=30),
        "threshold": "6",
    }
    assert KY("Every answer is saved at once.") in briefing.rules.text()
    assert briefing.start.text() == KY("Start the test")
    assert briefing.language_row.isVisible()
    assert briefing.content_language == "ky"


def test_this_is_not_me_goes_back_to_an_empty_login(qtbot, window, station):
    enter_code(qtbot, window, station.code)
    qtbot.mouseClick(window.briefing.back, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.login
    assert window.login.code.text() == ""
    assert window.login.code.hasFocus() or not window.isActiveWindow()


def test_the_content_language_follows_the_interface_and_can_be_chosen(qtbot, make_window, station):
    window = make_window("ru")
    enter_code(qtbot, window, station.code)
    assert window.briefing.content_language == "ru"
    qtbot.mouseClick(window.briefing.language_buttons["ky"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.briefing.start, Qt.MouseButton.LeftButton)
    view = station.kiosk.attempts.view(window.exam.attempt_id)
    assert view.language == "ky"
    assert window.exam.stem.text() == view.items[view.current_position].stem


def test_english_interface_defaults_to_kyrgyz_questions(qtbot, make_window, station):
    window = make_window("en")
    enter_code(qtbot, window, station.code)
    assert window.briefing.content_language == "ky"


def test_a_resumed_test_says_so_and_keeps_its_language(qtbot, make_window, station):
    attempts = station.kiosk.attempts
    briefing = attempts.login(station.code).briefing
    attempts.start(briefing.registration_id, "ru")
    window = make_window("ky")
    enter_code(qtbot, window, station.code)
    assert window.briefing.resuming.isVisible()
    assert window.briefing.resuming.text() == KY(
        "Your test was interrupted. It continues where it stopped, with the time you had."
    )
    assert not window.briefing.language_row.isVisible()
    assert window.briefing.start.text() == KY("Continue the test")
    qtbot.mouseClick(window.briefing.start, Qt.MouseButton.LeftButton)
    assert station.kiosk.attempts.view(window.exam.attempt_id).language == "ru"


def test_a_second_candidate_after_the_first_starts_clean(qtbot, window, station):
    start_test(qtbot, window, station.code)
    window.exam.submit("candidate")
    qtbot.mouseClick(window.result.done_button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.login
    assert window.login.message.text() == ""
    start_test(qtbot, window, station.codes[1].code)
    assert window.exam.position.text() == KY("Question {number} of {total}").format(
        number=1, total=10
    )


def test_a_test_submitted_meanwhile_cannot_be_started_from_the_briefing(qtbot, window, station):
    enter_code(qtbot, window, station.code)
    attempts = station.kiosk.attempts
    other = attempts.login(station.code).briefing
    attempts.submit(attempts.start(other.registration_id, "ky").attempt_id)
    qtbot.mouseClick(window.briefing.start, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.login
    enter_code(qtbot, window, station.code)
    assert window.login.message.text() == KY("The test for this code has already been completed.")


def test_a_code_of_an_absent_candidate_sends_them_to_the_staff(qtbot, window, station):
    from tests.helpers.actors import OPERATOR

    station.kiosk.proctor.mark_absent(OPERATOR, station.codes[0].registration_id)
    enter_code(qtbot, window, station.code)
    assert window.current_screen is window.login
    assert window.login.message.text() == KY(
        "This code cannot open the test now. Please ask the testing staff."
    )


def test_a_code_before_the_session_opens_says_from_when_it_works(qtbot, window, station):
    from datetime import UTC, datetime

    from sqlalchemy import update

    from kiosk.storage.models import ExamSession

    opens = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 14:30 in Bishkek
    with station.kiosk.sessions.begin() as session:
        session.execute(update(ExamSession).values(opens_at=opens))
    enter_code(qtbot, window, station.code)
    assert window.login.message.text() == KY(
        "Your session has not started yet. The code works from {time}."
    ).format(time="14:30")
