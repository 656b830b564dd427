"""Every screen, walked widget by widget: names for every control, no English left in Kyrgyz,
a focus frame that can be seen, and layouts that fit a 1366×768 station at every text size."""

from collections.abc import Iterator
from importlib import resources

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from kiosk.domain.scoring import STATEMENT_DOES_NOT_MEET, STATEMENT_MEETS
from kiosk.security.codes import generate_code
from kiosk.ui.theme import HIGH_CONTRAST, NORMAL, SCALE_STEPS
from tests.ui.conftest import STATION_SIZE, enter_code


def english_msgids() -> set[str]:
    """Every English source text of the screens' catalogue."""
    path = resources.files("translations").joinpath("locale", "en", "ui.po")
    with path.open("rb") as po_file:
        ids = {m.id for m in read_po(po_file) if m.id and isinstance(m.id, str)}
    return ids | {STATEMENT_MEETS, STATEMENT_DOES_NOT_MEET}


def visible_texts(window) -> Iterator[tuple[QWidget, str]]:
    """Each visible label and button of the window with its text."""
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget, widget.text()


def check_screen(window, state: str, english: set[str]) -> None:
    """The checks every screen must pass."""
    for widget, text in visible_texts(window):
        name = f"{state}: {type(widget).__name__} {widget.objectName()!r}"
        assert text.strip() or widget.accessibleName().strip(), f"{name} has no text and no name"
        if window.language != "en":
            assert text not in english, f"{name} shows English {text!r}"
    for widget in window.findChildren(QWidget):
        focusable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if widget.isVisible() and focusable and isinstance(widget, QAbstractButton | QLineEdit):
            assert widget.accessibleName().strip(), f"{state}: {widget.objectName()} has no name"
            if window.language != "en":
                assert widget.accessibleName() not in english, widget.objectName()


def walk(qtbot, window, station, clock, timers) -> Iterator[str]:
    """Drive the window through every candidate screen, yielding at each."""
    yield "login"
    enter_code(qtbot, window, "12345")
    yield "code with a typo"
    enter_code(qtbot, window, generate_code())
    yield "code not accepted"
    for _ in range(4):
        enter_code(qtbot, window, generate_code())
    yield "station locked"
    clock.advance(61)
    timers.fire("login-lockout")
    enter_code(qtbot, window, station.code)
    yield "briefing"
    window.briefing.start.click()
    yield "question"
    window.exam.choose(1)
    window.exam.toggle_flag()
    scenario = next(
        (
            i.position
            for i in station.kiosk.attempts.view(window.exam.attempt_id).items
            if i.scenario
        ),
        None,
    )
    if scenario is not None:
        window.exam.go_to(scenario)
        yield "question with a scenario"
    clock.advance(30 * 60 - 290)
    timers.fire("countdown")
    yield "five-minute warning"
    window.exam.ask_finish()
    yield "finish question"
    window.confirm.yes.click()
    timers.fire("print-protocol")
    yield "result"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_every_screen_names_its_controls_and_speaks_the_language(
    qtbot, make_window, station, clock, timers, language
):
    window = make_window(language)
    english = english_msgids()
    states = []
    for state in walk(qtbot, window, station, clock, timers):
        check_screen(window, state, english)
        states.append(state)
    assert len(states) >= 9


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST], ids=lambda t: t.name)
def test_the_focus_frame_is_drawn_in_its_own_colour(qtbot, window, station, theme):
    window.set_high_contrast(theme is HIGH_CONTRAST)
    enter_code(qtbot, window, station.code)
    window.briefing.start.click()
    qtbot.waitActive(window)
    for control in (window.exam.finish, window.exam.options[0], window.exam.nav_buttons[3]):
        control.setFocus(Qt.FocusReason.TabFocusReason)
        assert control.hasFocus()
        image = control.grab().toImage()
        edge = QColor(image.pixel(1, image.height() // 2)).name()
        assert edge == theme.focus, control.objectName()
        window.contrast.setFocus()
        image = control.grab().toImage()
        assert QColor(image.pixel(1, image.height() // 2)).name() != theme.focus


@pytest.mark.parametrize("scale", SCALE_STEPS)
def test_every_screen_fits_a_station_at_every_text_size(qtbot, window, station, scale):
    while window.scale != scale:
        window.step_text_size(+1 if window.scale < scale else -1)
    window.set_high_contrast(True)
    enter_code(qtbot, window, station.code)
    widths = {"briefing": window.briefing.minimumSizeHint().width()}
    window.briefing.start.click()
    widths["question"] = window.exam.minimumSizeHint().width()
    widths["top bar"] = window.top_bar.minimumSizeHint().width()
    window.exam.ask_finish()
    widths["finish question"] = window.confirm.panel.minimumSizeHint().width()
    window.confirm.yes.click()
    widths["result"] = window.result.minimumSizeHint().width()
    widths["login"] = window.login.minimumSizeHint().width()
    assert all(width <= STATION_SIZE[0] for width in widths.values()), widths
