"""The test screen's "technical problem" button and dialog: report, cancel, keys, time running out.

The window runs on a real station (``station``: SQLite, fake clock, fake timers); the station
port's ``report_problem`` is wrapped to record what the screen sent, and the proctor's console
(the real service) shows what was stored.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.services.appeal_views import ProblemKind
from kiosk.services.session_views import MAX_PROBLEM_NOTE
from kiosk.services.views import END_TIME_UP
from kiosk.ui.candidate.problem_dialog import PROBLEM_KIND_TEXTS
from kiosk.ui.theme import SCALE_STEPS
from tests.helpers.actors import OBSERVER
from tests.ui.conftest import STATION_SIZE, start_test
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)


def press(widget, key: int, text: str = "") -> None:
    """A key press and release sent to ``widget``, any alphabet."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def write(field, text: str) -> None:
    """Type ``text`` key by key (QTest's keyClicks knows only Latin-1)."""
    for char in text:
        press(field, Qt.Key.Key_unknown, char)


@pytest.fixture
def reports(station, monkeypatch) -> list[tuple]:
    """What the screen sent through the port's ``report_problem`` (the call goes through)."""
    attempts = station.kiosk.attempts
    sent: list[tuple] = []
    report = attempts.report_problem

    def spy(attempt_id, position, kind, note=""):
        sent.append((attempt_id, position, kind, note))
        return report(attempt_id, position, kind, note)

    monkeypatch.setattr(attempts, "report_problem", spy)
    return sent


@pytest.fixture
def exam(qtbot, window, station, reports):
    """The Kyrgyz window with the first candidate's test started at question 4."""
    attempt = start_test(qtbot, window, station.code)
    window.exam.go_to(3)
    return window, attempt


def stored(station):
    """The open problems as the proctor's console shows them."""
    return station.kiosk.proctor.console(OBSERVER, station.session_id).problems


def test_the_button_opens_the_dialog_over_the_test(exam, timers):
    window, _attempt = exam
    screen = window.exam
    assert screen.problem_button.isVisible()
    assert screen.problem_button.text() == "⚠ " + KY("Technical problem")
    screen.problem_button.click()
    dialog = screen.problem_dialog
    assert dialog.isVisible()
    assert dialog.title.text() == KY("Technical problem")
    assert [b.accessibleName() for b in dialog.kinds.values()] == [
        KY(text) for text in PROBLEM_KIND_TEXTS.values()
    ]
    assert [b.text()[0] for b in dialog.kinds.values()] == ["○"] * 5
    # The test behind cannot be touched; the time keeps running.
    assert not screen.page.isEnabled()
    assert window.top_bar.isEnabled()
    assert not dialog.send_button.isEnabled()
    assert dialog.clock.text() == screen.clock.text()
    assert timers["countdown"].is_active()


def test_sending_reports_the_kind_and_the_question_and_the_test_goes_on(exam, station, reports):
    window, attempt = exam
    screen = window.exam
    screen.problem_button.click()
    dialog = screen.problem_dialog
    dialog.kinds[ProblemKind.PICTURE_MISSING].click()
    assert dialog.chosen() is ProblemKind.PICTURE_MISSING
    assert dialog.kinds[ProblemKind.PICTURE_MISSING].text().startswith("◉")
    assert dialog.send_button.isEnabled()
    write(dialog.note, "Сүрөт ачылбай жатат")
    dialog.send_button.click()

    assert reports == [(attempt, 3, ProblemKind.PICTURE_MISSING, "Сүрөт ачылбай жатат")]
    (problem,) = stored(station)
    assert (problem.position, problem.kind, problem.note) == (
        4,
        ProblemKind.PICTURE_MISSING,
        "Сүрөт ачылбай жатат",
    )
    # A calm confirmation, one way back.
    assert dialog.isVisible() and dialog.sent
    assert dialog.title.text() == "✓ " + KY("The proctor has been told")
    assert dialog.sent_message.text() == KY(
        "The test goes on at the same question. Your time keeps running."
    )
    assert not dialog.send_button.isVisible() and not dialog.kinds[ProblemKind.OTHER].isVisible()
    assert dialog.back.isVisible()
    dialog.back.click()

    assert not dialog.isVisible()
    assert screen.page.isEnabled()
    assert window.current_screen is screen
    assert screen.current_position == 3
    assert screen.position.text() == KY("Question {number} of {total}").format(number=4, total=10)
    assert screen.in_progress


def test_cancel_and_escape_send_nothing(exam, reports):
    window, _attempt = exam
    screen = window.exam
    dialog = screen.problem_dialog
    screen.ask_problem()
    dialog.choose(ProblemKind.SCREEN)
    write(dialog.note, "экран")
    dialog.cancel.click()
    assert not dialog.isVisible()
    assert screen.page.isEnabled()
    screen.ask_problem()
    # Opened afresh: nothing chosen, no note.
    assert dialog.chosen() is None and dialog.note.text() == ""
    dialog.send()  # without a kind, Send does nothing (even if reached some other way)
    assert dialog.isVisible()
    dialog.choose(ProblemKind.OTHER)
    press(dialog.kinds[ProblemKind.OTHER], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert reports == []


def test_the_keyboard_alone_reports_a_problem(qtbot, exam, station, reports):
    window, attempt = exam
    screen = window.exam
    # Tab reaches the button (it comes after "Finish the test").
    screen.finish.setFocus()
    chain = screen.finish
    for _ in range(5):
        chain = chain.nextInFocusChain()
        if chain is screen.problem_button:
            break
    assert chain is screen.problem_button
    screen.problem_button.setFocus()
    qtbot.keyClick(screen.problem_button, Qt.Key.Key_Space)
    dialog = screen.problem_dialog
    assert dialog.isVisible()
    first = dialog.kinds[ProblemKind.TEXT_MISSING]
    assert first.hasFocus() or not window.isActiveWindow()
    # Down moves to the next kind and chooses it, as radio buttons do.
    press(first, Qt.Key.Key_Down)
    press(dialog.kinds[ProblemKind.PICTURE_MISSING], Qt.Key.Key_Down)
    press(dialog.kinds[ProblemKind.SCREEN], Qt.Key.Key_Down)
    assert dialog.chosen() is ProblemKind.KEYBOARD
    press(dialog.kinds[ProblemKind.KEYBOARD], Qt.Key.Key_Up)
    assert dialog.chosen() is ProblemKind.SCREEN
    press(dialog.kinds[ProblemKind.OTHER], Qt.Key.Key_Return)
    assert dialog.chosen() is ProblemKind.OTHER
    # Digits and letters typed into the note are the note's, not answers to the question.
    write(dialog.note, "Экран 2 жолу өчтү, B")
    assert not station.kiosk.attempts.view(attempt).items[3].selected
    assert screen.current_position == 3
    press(dialog.note, Qt.Key.Key_Return)
    assert reports == [(attempt, 3, ProblemKind.OTHER, "Экран 2 жолу өчтү, B")]
    assert dialog.sent
    press(dialog.back, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert screen.problem_button.hasFocus() or not window.isActiveWindow()
    # Back at the question, keys answer it again.
    press(screen.next, Qt.Key.Key_2, "2")
    item = station.kiosk.attempts.view(attempt).items[3]
    assert item.selected == {item.options[1].key}


def test_the_time_running_out_with_the_dialog_open_submits_the_test(exam, station, clock, timers):
    window, attempt = exam
    screen = window.exam
    screen.ask_problem()
    screen.problem_dialog.choose(ProblemKind.SCREEN)
    clock.advance(30 * 60)
    timers.fire("countdown")
    assert not screen.problem_dialog.isVisible()
    assert screen.page.isEnabled()
    assert window.current_screen is window.result
    assert station.kiosk.attempts.result(attempt).end_reason == END_TIME_UP


def test_the_time_running_out_on_the_confirmation_submits_the_test(exam, station, clock, timers):
    window, _attempt = exam
    screen = window.exam
    screen.ask_problem()
    screen.problem_dialog.choose(ProblemKind.SCREEN)
    screen.problem_dialog.send()
    assert screen.problem_dialog.sent
    clock.advance(30 * 60)
    timers.fire("countdown")
    assert not screen.problem_dialog.isVisible()
    assert window.current_screen is window.result
    # The next candidate's test starts without the dialog.
    assert not screen.problem_dialog.sent


def test_sending_after_the_time_ran_out_submits_instead(exam, station, clock, reports):
    window, attempt = exam
    screen = window.exam
    screen.ask_problem()
    screen.problem_dialog.choose(ProblemKind.KEYBOARD)
    clock.advance(30 * 60 + 1)  # before the countdown's next tick
    screen.problem_dialog.send_button.click()
    assert len(reports) == 1
    assert stored(station) == ()
    assert not screen.problem_dialog.isVisible()
    assert window.current_screen is window.result
    assert station.kiosk.attempts.result(attempt).end_reason == END_TIME_UP


def test_the_dialog_shows_the_time_as_it_runs(exam, clock, timers):
    window, _attempt = exam
    screen = window.exam
    screen.ask_problem()
    clock.advance(65)
    timers.fire("countdown")
    expected = KY("Time left: {time}").format(time="0:28:55")
    assert screen.clock.text() == expected
    assert screen.problem_dialog.clock.text() == expected


def test_the_language_switch_redraws_the_open_dialog_and_keeps_the_choice(exam):
    window, _attempt = exam
    screen = window.exam
    dialog = screen.problem_dialog
    screen.ask_problem()
    dialog.choose(ProblemKind.KEYBOARD)
    write(dialog.note, "мышь")
    window.set_language("ru")
    assert dialog.title.text() == RU("Technical problem")
    assert dialog.send_button.text() == RU("Send to the proctor")
    assert dialog.kinds[ProblemKind.KEYBOARD].accessibleName() == RU(
        "The keyboard or the mouse does not work"
    )
    assert dialog.chosen() is ProblemKind.KEYBOARD
    assert dialog.note.text() == "мышь"
    assert screen.problem_button.text() == "⚠ " + RU("Technical problem")


def test_the_note_is_held_to_its_limit(exam):
    window, _attempt = exam
    dialog = window.exam.problem_dialog
    window.exam.ask_problem()
    dialog.note.setText("ж" * (MAX_PROBLEM_NOTE + 20))
    assert len(dialog.note_text()) == MAX_PROBLEM_NOTE


@pytest.mark.parametrize("scale", SCALE_STEPS)
@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_dialog_fits_a_station_at_every_text_size(qtbot, make_window, station, scale, language):
    window = make_window(language)
    while window.scale != scale:
        window.step_text_size(+1 if window.scale < scale else -1)
    window.set_high_contrast(True)
    start_test(qtbot, window, station.code)
    screen = window.exam
    dialog = screen.problem_dialog
    screen.ask_problem()
    dialog.choose(ProblemKind.OTHER)
    for page in ("ask", "sent"):
        layout = dialog.panel.layout()
        height = layout.totalHeightForWidth(dialog.panel.width())
        margins = dialog.layout().contentsMargins()
        room = screen.height() - margins.top() - margins.bottom()
        assert height <= room, (page, height, room)
        assert layout.totalMinimumSize().width() <= dialog.panel.width() <= STATION_SIZE[0]
        if page == "ask":
            dialog.show_sent()
    # The test screen itself still fits the width with the button on it.
    assert screen.minimumSizeHint().width() <= STATION_SIZE[0]
