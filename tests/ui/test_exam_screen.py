"""The test screen: answers by click and by key, navigation, flags, finishing, time."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.services.views import END_BY_CANDIDATE, END_TIME_UP
from kiosk.ui.theme import SCALE_STEPS
from tests.ui.conftest import start_test
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)


def press(widget, key: int, text: str = "") -> None:
    """Send a key press (and release) to ``widget``, any alphabet, as the keyboard would."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def stored(station, attempt_id):
    """The attempt as the database has it."""
    return station.kiosk.attempts.view(attempt_id)


@pytest.fixture
def exam(qtbot, window, station):
    """The Kyrgyz window with the first candidate's test started; (window, attempt id)."""
    return window, start_test(qtbot, window, station.code)


def test_the_test_starts_at_question_one_with_the_time_as_text(exam):
    window, _attempt = exam
    screen = window.exam
    assert screen.position.text() == KY("Question {number} of {total}").format(number=1, total=10)
    assert screen.clock.text() == KY("Time left: {time}").format(time="0:30:00")
    assert not screen.warning.isVisible()
    assert not screen.previous.isEnabled() and screen.next.isEnabled()
    assert len(screen.nav_buttons) == 10
    assert window.app_title.full_text() == "Үсөнбаева Гүлнара Өмүрбековна"
    letters = [option.letter.text() for option in screen.options if option.isVisible()]
    assert letters == ["А", "Б", "В", "Г"]


def test_a_click_is_committed_before_it_is_shown(qtbot, exam, station, monkeypatch):
    window, attempt = exam
    screen = window.exam
    attempts = station.kiosk.attempts
    shown_at_commit = []
    commit = attempts.select_option

    def spy(attempt_id, position, key):
        shown_at_commit.append(
            (screen.options[1].property("chosen"), screen.options[1].isChecked())
        )
        return commit(attempt_id, position, key)

    monkeypatch.setattr(attempts, "select_option", spy)
    qtbot.mouseClick(screen.options[1], Qt.MouseButton.LeftButton)
    item = stored(station, attempt).items[0]
    assert item.selected == {item.options[1].key}
    assert shown_at_commit == [(False, False)]
    assert screen.options[1].property("chosen") is True
    assert screen.options[1].isChecked()
    assert screen.options[1].mark.text().endswith(KY("Your answer"))
    assert KY("Your answer") in screen.options[1].accessibleName()
    assert screen.options[0].property("chosen") is False
    assert screen.nav_buttons[0].text() == "1 ✓"


def test_a_refused_click_shows_nothing_chosen(qtbot, exam, station, monkeypatch):
    window, _attempt = exam
    screen = window.exam

    def refuse(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(station.kiosk.attempts, "select_option", refuse)
    with pytest.raises(OSError):
        screen.choose(2)
    assert not any(option.property("chosen") for option in screen.options)
    assert not any(option.isChecked() for option in screen.options)
    assert screen.nav_buttons[0].text() == "1"


def test_options_are_chosen_by_digits_and_by_letters_in_both_alphabets(exam, station):
    window, attempt = exam
    screen = window.exam
    target = screen.options[0]
    press(target, Qt.Key.Key_2, "2")
    view = stored(station, attempt)
    assert view.items[0].selected == {view.items[0].options[1].key}

    screen.go_next()
    press(target, 0x0412, "В")  # Cyrillic Ve: the third option
    view = stored(station, attempt)
    assert view.items[1].selected == {view.items[1].options[2].key}

    screen.go_next()
    press(target, Qt.Key.Key_C, "c")  # Latin C: also the third option
    view = stored(station, attempt)
    assert view.items[2].selected == {view.items[2].options[2].key}

    screen.go_next()
    press(target, Qt.Key.Key_B, "b")  # Latin B is the second option, not Cyrillic Ve
    press(screen.next, 0x0413, "")  # Cyrillic Ghe without text (some layouts): the fourth
    view = stored(station, attempt)
    assert view.items[3].selected == {view.items[3].options[3].key}

    screen.go_next()
    press(target, Qt.Key.Key_9, "9")  # no ninth option: nothing happens
    press(target, 0x04A2, "Ң")  # a Kyrgyz letter is not an option letter
    assert not stored(station, attempt).items[4].selected


def test_arrows_and_page_keys_move_between_questions_and_the_place_is_remembered(exam, station):
    window, attempt = exam
    screen = window.exam
    press(screen.options[0], Qt.Key.Key_Right)
    assert screen.current_position == 1
    press(screen.next, Qt.Key.Key_PageDown)
    assert screen.current_position == 2
    assert stored(station, attempt).current_position == 2
    press(screen.options[0], Qt.Key.Key_Left)
    press(screen.options[0], Qt.Key.Key_PageUp)
    press(screen.options[0], Qt.Key.Key_PageUp)  # already at the first: stays
    assert screen.current_position == 0
    assert stored(station, attempt).current_position == 0
    assert screen.position.text() == KY("Question {number} of {total}").format(number=1, total=10)


def test_previous_next_and_the_navigator(qtbot, exam, station):
    window, attempt = exam
    screen = window.exam
    qtbot.mouseClick(screen.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.previous, Qt.MouseButton.LeftButton)
    assert screen.current_position == 1
    # At 1366×768 the question has the whole width; the navigator is a page of its own.
    assert not screen.navigator.isVisible()
    qtbot.mouseClick(screen.overview_toggle, Qt.MouseButton.LeftButton)
    assert screen.overview_shown and screen.navigator.isVisible()
    assert not screen.question_scroll.isVisible()
    qtbot.mouseClick(screen.nav_buttons[9], Qt.MouseButton.LeftButton)
    assert not screen.overview_shown
    assert screen.current_position == 9
    assert not screen.next.isEnabled()
    assert stored(station, attempt).current_position == 9
    view = stored(station, attempt)
    assert screen.stem.text() == view.items[9].stem
    assert screen.nav_buttons[9].property("current") is True
    assert KY("on screen now") in screen.nav_buttons[9].accessibleName()
    assert screen.nav_buttons[1].property("current") is False


def test_a_question_is_marked_and_unmarked_for_review(qtbot, exam, station):
    window, attempt = exam
    screen = window.exam
    screen.go_to(4)
    qtbot.mouseClick(screen.flag, Qt.MouseButton.LeftButton)
    assert stored(station, attempt).items[4].flagged
    assert screen.flag.text() == "⚑ " + KY("Remove the mark")
    nav = screen.nav_buttons[4]
    assert nav.text() == "5 ⚑"
    assert nav.accessibleName() == (
        KY("Question {number}").format(number=5)
        + ": "
        + ", ".join((KY("not answered"), KY("marked"), KY("on screen now")))
    )
    screen.choose(0)
    assert nav.text() == "5 ✓⚑"
    qtbot.mouseClick(screen.flag, Qt.MouseButton.LeftButton)
    assert not stored(station, attempt).items[4].flagged
    assert screen.flag.text() == "⚑ " + KY("Come back later")
    assert nav.text() == "5 ✓"


def test_finishing_lists_the_unanswered_questions_and_asks_first(qtbot, exam, station):
    window, attempt = exam
    screen = window.exam
    for position in (0, 2, 3, 5, 6, 8):
        screen.go_to(position)
        screen.choose(1)
    screen.go_to(3)
    screen.toggle_flag()
    qtbot.mouseClick(screen.finish, Qt.MouseButton.LeftButton)
    confirm = window.confirm
    assert confirm.isVisible()
    # Nothing behind the question can be reached while it is asked.
    assert not window.stack.isEnabled() and not window.top_bar.isEnabled()
    assert confirm.message.text() == KY("You have not answered these questions: {numbers}.").format(
        numbers="2, 5, 8, 10"
    )
    assert KY("Marked to come back to: {numbers}.").format(numbers="4") in confirm.details.text()
    assert confirm.yes.text() == KY("Yes, finish the test")
    assert confirm.no.text() == KY("No, back to the questions")
    assert confirm.no.hasFocus() or not window.isActiveWindow()
    # While the question is asked, option keys do nothing.
    press(confirm.no, Qt.Key.Key_1, "1")
    assert not stored(station, attempt).items[1].selected

    qtbot.mouseClick(confirm.no, Qt.MouseButton.LeftButton)
    assert not confirm.isVisible()
    assert window.current_screen is window.exam
    assert window.stack.isEnabled() and window.top_bar.isEnabled()

    qtbot.mouseClick(screen.finish, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(confirm.answered):
        qtbot.mouseClick(confirm.yes, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.result
    result = station.kiosk.attempts.result(attempt)
    assert result.end_reason == END_BY_CANDIDATE
    assert window.result.score.text() == KY("{score} out of {max_score}").format(
        score=result.score, max_score=10
    )
    assert window.result.statement.text() == KY(result.statement)


def test_escape_answers_no(qtbot, exam):
    window, _attempt = exam
    window.exam.ask_finish()
    qtbot.keyClick(window.confirm, Qt.Key.Key_Escape)
    assert not window.confirm.isVisible()
    assert window.current_screen is window.exam


def test_all_answered_says_so(exam):
    window, _attempt = exam
    screen = window.exam
    for position in range(10):
        screen.go_to(position)
        screen.choose(0)
    screen.ask_finish()
    assert window.confirm.message.text() == KY("You have answered all the questions.")


def test_at_zero_the_test_is_submitted_with_the_very_last_click(exam, station, clock, timers):
    window, attempt = exam
    screen = window.exam
    screen.go_to(6)
    clock.advance(30 * 60 - 0.5)
    screen.choose(3)  # half a second before the end
    clock.advance(1)
    timers.fire("countdown")
    assert window.current_screen is window.result
    assert not timers["countdown"].is_active()
    result = station.kiosk.attempts.result(attempt)
    assert result.end_reason == END_TIME_UP
    item = stored(station, attempt).items[6]
    assert item.selected == {item.options[3].key}
    assert window.result.time_up.isVisible()
    assert window.result.time_up.text() == KY(
        "The time is over. The test was submitted with your answers."
    )
    assert not window.exam.in_progress


def test_a_click_after_the_time_ran_out_submits_instead(exam, station, clock):
    window, attempt = exam
    clock.advance(30 * 60 + 1)
    window.exam.choose(0)
    assert window.current_screen is window.result
    assert station.kiosk.attempts.result(attempt).end_reason == END_TIME_UP
    assert not stored(station, attempt).items[0].selected


def test_the_time_runs_out_while_the_finish_question_is_open(exam, station, clock, timers):
    window, _attempt = exam
    window.exam.ask_finish()
    clock.advance(30 * 60)
    timers.fire("countdown")
    assert not window.confirm.isVisible()
    assert window.stack.isEnabled()
    assert window.current_screen is window.result


def test_warnings_at_ten_and_five_minutes(exam, clock, timers):
    window, _attempt = exam
    screen = window.exam
    clock.advance(30 * 60 - 601)
    timers.fire("countdown")
    assert screen.clock.text() == KY("Time left: {time}").format(time="0:10:01")
    assert not screen.warning.isVisible()
    clock.advance(2)
    timers.fire("countdown")
    assert screen.warning.isVisible()
    assert screen.warning.text() == KY(
        "Attention: {minutes} minutes left. Check your answers."
    ).format(minutes=10)
    assert screen.clock.property("urgent") is True
    clock.advance(300)
    timers.fire("countdown")
    assert screen.warning.text() == KY(
        "Attention: {minutes} minutes left. Check your answers."
    ).format(minutes=5)
    assert screen.clock.text() == KY("Time left: {time}").format(time="0:04:59")


def test_a_resumed_test_past_a_mark_shows_its_warning_at_once(qtbot, make_window, station, clock):
    attempts = station.kiosk.attempts
    briefing = attempts.login(station.code).briefing
    view = attempts.start(briefing.registration_id, "ky")
    clock.advance(30 * 60 - 200)
    attempts.heartbeat(view.attempt_id)
    window = make_window("ky")
    start_test(qtbot, window, station.code)
    assert window.exam.warning.isVisible()
    assert "5" in window.exam.warning.text()


def test_text_size_and_contrast_change_nothing_else(qtbot, exam, station):
    window, attempt = exam
    screen = window.exam
    screen.go_to(3)
    screen.choose(2)
    sheet = window.styleSheet()
    for _ in SCALE_STEPS:
        qtbot.mouseClick(window.larger, Qt.MouseButton.LeftButton)
    assert window.scale == SCALE_STEPS[-1]
    assert not window.larger.isEnabled()
    qtbot.mouseClick(window.contrast, Qt.MouseButton.LeftButton)
    assert window.high_contrast
    assert window.styleSheet() != sheet
    assert window.current_screen is window.exam
    assert screen.current_position == 3
    assert screen.options[2].property("chosen") is True
    item = stored(station, attempt).items[3]
    assert item.selected == {item.options[2].key}
    for _ in SCALE_STEPS:
        window.step_text_size(-1)
    assert window.scale == SCALE_STEPS[0]
    assert not window.smaller.isEnabled()
    qtbot.mouseClick(window.contrast, Qt.MouseButton.LeftButton)
    assert not window.high_contrast
    assert screen.current_position == 3


def test_switching_the_language_redraws_the_labels_and_keeps_the_test(qtbot, exam, station):
    window, attempt = exam
    screen = window.exam
    screen.go_to(2)
    screen.choose(1)
    stem = screen.stem.text()
    assert screen.next.text() == KY("Next") + " →"
    qtbot.mouseClick(window.language_buttons["ru"], Qt.MouseButton.LeftButton)
    assert window.language == "ru"
    assert screen.next.text() == RU("Next") + " →"
    assert screen.position.text() == "Вопрос 3 из 10"
    assert screen.clock.text().startswith("Осталось")
    assert screen.finish.text() == RU("Finish the test")
    assert window.contrast.text().endswith(RU("High contrast"))
    # The questions stay in the language the test was started in.
    assert screen.stem.text() == stem
    assert screen.options[1].property("chosen") is True
    assert screen.current_position == 2
    qtbot.mouseClick(window.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert screen.next.text() == "Next →"
    letters = [option.letter.text() for option in screen.options if option.isVisible()]
    assert letters == ["A", "B", "C", "D"]
    item = stored(station, attempt).items[2]
    assert item.selected == {item.options[1].key}


def test_the_window_refuses_to_close_during_the_test(qtbot, exam):
    window, _attempt = exam
    window.close()
    assert window.isVisible()
    window.exam.submit(END_BY_CANDIDATE)
    window.close()
    assert not window.isVisible()


def test_the_heartbeat_keeps_the_countdown_and_the_stored_time(exam, station, clock, timers):
    window, attempt = exam
    clock.advance(125)
    timers.fire("countdown")
    assert window.exam.clock.text() == KY("Time left: {time}").format(time="0:27:55")
    assert stored(station, attempt).remaining_s == pytest.approx(30 * 60 - 125, abs=1)


def test_every_control_is_reached_with_tab(exam):
    window, _attempt = exam
    screen = window.exam
    start = screen.options[0]
    start.setFocus()
    seen = [start]
    widget = start
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            seen.append(widget)
    expected = [
        *[option for option in screen.options if option.isVisible()],
        screen.next,
        screen.flag,
        screen.overview_toggle,
        screen.finish,
        *window.language_buttons.values(),
        window.larger,
        window.smaller,
        window.contrast,
    ]
    for control in expected:
        if control.isEnabled():
            assert control in seen, control.objectName()
    # Options first, then the buttons under them.
    order = [seen.index(w) for w in (screen.options[3], screen.next, screen.finish)]
    assert order == sorted(order)
    # On the list of questions, every number is reached too.
    screen.show_overview()
    widget = start = screen.nav_buttons[screen.current_position]
    seen = [start]
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            seen.append(widget)
    assert all(nav in seen for nav in screen.nav_buttons)
    assert screen.back_to_question in seen


class EightyQuestions:
    """Just enough of the attempt service for a screen with the default 80-question form."""

    def __init__(self):
        from kiosk.services.views import AttemptView, ItemView, OptionView

        self.view = AttemptView(
            attempt_id=1,
            language="ky",
            items=tuple(
                ItemView(
                    position=p,
                    section_title="Педагогика жана курак психологиясы",
                    scenario=None,
                    stem=f"{p + 1}-суроо: мугалимдин кесиптик өнүгүүсү кантип пландалат?",
                    options=tuple(OptionView(k, f"Жооп {k}") for k in "abcd"),
                    multiple=False,
                    selected=frozenset(),
                    flagged=False,
                )
                for p in range(80)
            ),
            current_position=71,
            time_limit_s=90 * 60,
            remaining_s=90 * 60 - 100,
        )

    def go_to(self, attempt_id, position):
        return 5000.0


@pytest.mark.parametrize("scale", SCALE_STEPS)
def test_eighty_questions_fit_the_navigator_at_every_text_size(qtbot, make_window, scale):
    window = make_window("ky")
    while window.scale != scale:
        window.step_text_size(+1 if window.scale < scale else -1)
    window.set_high_contrast(True)
    fake = EightyQuestions()
    window.exam._attempts = fake
    window.show_exam(fake.view)
    screen = window.exam
    assert screen.position.text() == KY("Question {number} of {total}").format(number=72, total=80)
    assert screen.minimumSizeHint().width() <= 1366
    screen.show_overview()
    assert screen.minimumSizeHint().width() <= 1366
    qtbot.waitUntil(lambda: not screen.nav_buttons[71].visibleRegion().isEmpty())
    assert screen.nav_buttons[71].hasFocus() or not window.isActiveWindow()
    screen.jump_to(2)
    screen.show_overview()
    qtbot.waitUntil(lambda: not screen.nav_buttons[2].visibleRegion().isEmpty())


def test_the_list_of_questions_takes_no_answers_and_esc_goes_back(exam, station):
    window, attempt = exam
    screen = window.exam
    screen.show_overview()
    for control in (screen.previous, screen.flag, screen.next, screen.overview_toggle):
        assert not control.isVisible()
    press(screen.nav_buttons[0], Qt.Key.Key_2, "2")
    press(screen.nav_buttons[0], Qt.Key.Key_Right)
    assert not stored(station, attempt).items[0].selected
    assert screen.current_position == 0
    press(screen.nav_buttons[0], Qt.Key.Key_Escape)
    assert not screen.overview_shown
    assert screen.next.isVisible() and screen.overview_toggle.isVisible()


def test_on_a_wide_screen_the_navigator_stays_beside_the_question(qtbot, exam):
    window, _attempt = exam
    screen = window.exam
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: screen.navigator.isVisible())
    assert screen.question_scroll.isVisible()
    assert not screen.overview_toggle.isVisible()
    assert not screen.back_to_question.isVisible()
    qtbot.mouseClick(screen.nav_buttons[4], Qt.MouseButton.LeftButton)
    assert screen.current_position == 4
    assert screen.navigator.isVisible()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not screen.navigator.isVisible())
    assert screen.overview_toggle.isVisible()


def png(width: int, height: int) -> bytes:
    """A PNG of ``width`` × ``height`` pixels, half blue, half yellow."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#1e4e8c"))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 2, height, QColor("#ffd000"))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


class TestMultipleResponseAndPictures:
    """A form of ``rich_bank()``: one multiple-response question (keys а, б, в of four) and one
    question with a picture, among five."""

    @pytest.fixture
    def station(self, qapp, tmp_path, clock):
        """The rich sitting, in place of the small one, for the window of these tests."""
        from tests.helpers.sittings import prepare_rich_sitting

        prepared = prepare_rich_sitting(
            f"sqlite:///{tmp_path / 'kiosk.db'}", tmp_path / "data", clock
        )
        yield prepared
        prepared.kiosk.close()

    @staticmethod
    def replace_picture(station, data: bytes) -> None:
        """Put other bytes in place of the bank's only picture (before the test starts)."""
        from kiosk.storage.models import StoredImage

        with station.kiosk.sessions.begin() as session:
            (stored_image,) = session.query(StoredImage).all()
            stored_image.data = data

    @staticmethod
    def show(screen, multiple: bool | None = None, pictured: bool = False) -> int:
        """Go to the multiple-response question or to the one with a picture; its position."""
        view = screen._view
        for item in view.items:
            if (multiple is None or item.multiple == multiple) and bool(item.images) == pictured:
                screen.go_to(item.position)
                return item.position
        raise AssertionError("no such question in the form")

    def test_ticking_two_options_commits_both_and_unticking_keeps_the_other(
        self, qtbot, exam, station, monkeypatch
    ):
        window, attempt = exam
        screen = window.exam
        position = self.show(screen, multiple=True)
        keys = [option.key for option in stored(station, attempt).items[position].options]
        attempts = station.kiosk.attempts
        shown_at_commit = []
        commit = attempts.toggle_option

        def spy(attempt_id, at, key):
            shown_at_commit.append(screen.options[2].isChecked())
            return commit(attempt_id, at, key)

        monkeypatch.setattr(attempts, "toggle_option", spy)
        monkeypatch.setattr(attempts, "select_option", None)  # never used on this question
        qtbot.mouseClick(screen.options[0], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(screen.options[2], Qt.MouseButton.LeftButton)
        assert shown_at_commit == [False, False]
        assert stored(station, attempt).items[position].selected == {keys[0], keys[2]}
        ticked = [option.isChecked() for option in screen.options[:4]]
        assert ticked == [True, False, True, False]
        assert [option.property("chosen") for option in screen.options[:4]] == ticked
        assert [option.tick.text() for option in screen.options[:4]] == ["☑", "☐", "☑", "☐"]
        assert screen.nav_buttons[position].text() == f"{position + 1} ✓"
        assert KY("answered") in screen.nav_buttons[position].accessibleName()

        qtbot.mouseClick(screen.options[0], Qt.MouseButton.LeftButton)
        assert stored(station, attempt).items[position].selected == {keys[2]}
        assert [option.isChecked() for option in screen.options[:4]] == [False, False, True, False]
        assert screen.nav_buttons[position].text() == f"{position + 1} ✓"
        qtbot.mouseClick(screen.options[2], Qt.MouseButton.LeftButton)
        assert not stored(station, attempt).items[position].selected
        assert not any(option.isChecked() for option in screen.options)
        assert screen.nav_buttons[position].text() == f"{position + 1}"
        assert position + 1 in screen.unanswered()

    def test_keys_toggle_the_options_of_a_multiple_response_question(self, exam, station):
        window, attempt = exam
        screen = window.exam
        position = self.show(screen, multiple=True)
        keys = [option.key for option in stored(station, attempt).items[position].options]
        press(screen.next, Qt.Key.Key_1, "1")
        press(screen.next, 0x0412, "В")  # Cyrillic Ve: the third option
        press(screen.next, Qt.Key.Key_D, "d")  # Latin D: the fourth
        assert stored(station, attempt).items[position].selected == {keys[0], keys[2], keys[3]}
        press(screen.next, Qt.Key.Key_A, "a")  # Latin A: the first again, unticked
        press(screen.next, Qt.Key.Key_4, "4")
        assert stored(station, attempt).items[position].selected == {keys[2]}
        assert [option.isChecked() for option in screen.options[:4]] == [False, False, True, False]
        # A single-answer question still takes one answer: a second key replaces the first.
        single = self.show(screen, multiple=False)
        press(screen.next, Qt.Key.Key_1, "1")
        press(screen.next, Qt.Key.Key_2, "2")
        item = stored(station, attempt).items[single]
        assert item.selected == {item.options[1].key}
        assert [option.tick.text() for option in screen.options[:2]] == ["○", "◉"]

    def test_the_multiple_hint_is_shown_only_on_multiple_response_questions(
        self, qtbot, exam, station
    ):
        window, attempt = exam
        screen = window.exam
        for item in stored(station, attempt).items:
            screen.go_to(item.position)
            assert screen.multiple_hint.isVisible() == item.multiple, item.position
            boxes = {option.tick.text() for option in screen.options if option.isVisible()}
            assert boxes == ({"☐"} if item.multiple else {"○"})
            description = KY("Choose all correct answers") if item.multiple else ""
            assert screen.options[0].accessibleDescription() == description
        self.show(screen, multiple=True)
        assert screen.multiple_hint.text() == "☑ " + KY("Choose all correct answers")
        assert screen.multiple_hint.text() == "☑ Туура жооптордун баарын тандаңыз"
        assert screen.multiple_hint.accessibleName() == KY("Choose all correct answers")
        qtbot.mouseClick(window.language_buttons["ru"], Qt.MouseButton.LeftButton)
        assert screen.multiple_hint.text() == "☑ Выберите все правильные ответы"

    def test_the_picture_is_shown_under_the_stem_and_named(self, qtbot, exam):
        window, _attempt = exam
        screen = window.exam
        self.show(screen, multiple=False, pictured=False)
        assert not screen.pictures
        self.show(screen, pictured=True)
        (picture,) = screen.pictures
        qtbot.waitUntil(lambda: not picture.shown_size().isEmpty())
        assert picture.isVisible() and not picture.broken
        assert not picture.pixmap().isNull()
        # The bank's picture is 1×1: enlarged twice at most, not to the width of the page.
        assert picture.shown_size().width() == 2 and picture.shown_size().height() == 2
        assert picture.accessibleName() == KY("Picture {number}: {name}").format(
            number=1, name="window"
        )
        assert picture.geometry().top() > screen.stem.geometry().bottom()
        assert picture.geometry().bottom() < screen.options[0].geometry().top()
        qtbot.mouseClick(window.language_buttons["ru"], Qt.MouseButton.LeftButton)
        assert picture.accessibleName() == "Рисунок 1: window"
        assert screen.pictures == [picture]  # retranslated, not decoded again

    @pytest.mark.parametrize(("width", "height"), [(3000, 1200), (500, 2400), (300, 200)])
    def test_a_picture_fits_the_width_and_the_visible_height(
        self, qtbot, make_window, station, width, height
    ):
        self.replace_picture(station, png(width, height))
        window = make_window("ky")
        start_test(qtbot, window, station.code)
        screen = window.exam
        for scale in SCALE_STEPS:
            while window.scale != scale:
                window.step_text_size(+1 if window.scale < scale else -1)
            self.show(screen, pictured=True)
            (picture,) = screen.pictures
            qtbot.waitUntil(lambda p=picture: not p.shown_size().isEmpty())
            QApplication.processEvents()
            shown = picture.shown_size()
            assert shown.width() <= picture.contentsRect().width()
            assert shown.height() <= screen.question_scroll.viewport().height()
            assert shown.width() <= 2 * width and shown.height() <= 2 * height
            assert shown.width() / shown.height() == pytest.approx(width / height, rel=0.02)
            # Nothing is wider than the page: no sideways scrolling at any text size.
            content = screen.question_scroll.widget()
            assert content.minimumSizeHint().width() <= screen.question_scroll.viewport().width()
            # As large as one of the three limits allows.
            assert (
                shown.width() == picture.contentsRect().width()
                or shown.height() == picture.contentsRect().height()
                or shown.width() == 2 * width
            )

    @pytest.mark.parametrize(
        "data",
        [
            pytest.param(b"\x89PNG but not really a picture", id="not-a-picture"),
            # What the bank's check lets through (the PNG signature is right); libpng complains.
            pytest.param(
                "truncated", id="truncated", marks=pytest.mark.qt_log_ignore("libpng error")
            ),
        ],
    )
    def test_a_picture_that_cannot_be_decoded_shows_a_placeholder(
        self, qtbot, make_window, station, data
    ):
        self.replace_picture(station, png(400, 200)[:-20] if data == "truncated" else data)
        window = make_window("ky")
        start_test(qtbot, window, station.code)
        screen = window.exam
        self.show(screen, pictured=True)
        (picture,) = screen.pictures
        assert picture.broken and picture.pixmap().isNull()
        assert picture.isVisible()
        assert picture.text() == "Сүрөттү көрсөтүү мүмкүн эмес"
        assert KY("The picture cannot be shown") in picture.accessibleName()
        assert picture.property("broken") is True
        # The question can still be answered.
        screen.choose(1)
        assert screen.options[1].isChecked()
        qtbot.mouseClick(window.language_buttons["ru"], Qt.MouseButton.LeftButton)
        assert picture.text() == RU("The picture cannot be shown")
