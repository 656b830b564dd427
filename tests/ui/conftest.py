"""Fixtures for the candidate screens: a station window on a prepared sitting, with fake timers.

Translators are strict, so any text without a Kyrgyz or Russian translation raises instead of
reaching the screen in English.  Timers are fakes that a test fires by hand after moving the fake
clock: nothing waits for real time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ui.candidate.window import CandidateWindow
from kiosk.ui.fonts import use_bundled_font
from kiosk.ui.theme import DEFAULT_SCALE, point_size
from kiosk.ui.timers import FakeTimers
from translations import Translator

STATION_SIZE = (1366, 768)


def strict(language: str) -> Translator:
    """A translator that raises on a missing translation."""
    return Translator(language, strict=True)


class RecordingPrinter:
    """A printer that remembers what it was given and what the screen showed at that moment."""

    def __init__(self, window_holder: list[CandidateWindow], outcome: object = False) -> None:
        self.outcome = outcome
        self.printed: list[Path] = []
        self.screens_at_print: list[str] = []
        self._holder = window_holder

    def print_pdf(self, path: Path) -> bool:
        self.printed.append(path)
        if self._holder:
            self.screens_at_print.append(self._holder[0].current_screen.objectName())
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return bool(self.outcome)


@pytest.fixture
def timers() -> FakeTimers:
    """The fake timers of the window under test, by name."""
    return FakeTimers()


@pytest.fixture
def printer() -> RecordingPrinter:
    """A printer that records; it reports "no printer" unless a test says otherwise."""
    return RecordingPrinter([])


@pytest.fixture
def make_window(qtbot, station, timers, printer):
    """Make a station window in a language, shown at the size of a 1366×768 station."""
    use_bundled_font(QApplication.instance(), point_size(DEFAULT_SCALE))

    def make(language: str = "ky") -> CandidateWindow:
        window = CandidateWindow(
            station.kiosk.attempts,
            station.kiosk.settings.timezone,
            language=language,
            timer_factory=timers,
            printer=printer,
            translator_factory=strict,
        )
        qtbot.addWidget(window)
        window.resize(*STATION_SIZE)
        window.show()
        printer._holder[:] = [window]
        return window

    return make


@pytest.fixture
def window(make_window) -> CandidateWindow:
    """A Kyrgyz station window on the login screen."""
    return make_window("ky")


def enter_code(qtbot, window: CandidateWindow, code: str) -> None:
    """Type a code into the login field and press Enter, as a candidate would."""
    field = window.login.code
    field.clear()
    qtbot.keyClicks(field, code)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def start_test(qtbot, window: CandidateWindow, code: str) -> int:
    """Log in with ``code`` and start the test; the attempt's id."""
    enter_code(qtbot, window, code)
    assert window.current_screen is window.briefing, window.login.message.text()
    qtbot.mouseClick(window.briefing.start, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.exam
    attempt_id = window.exam.attempt_id
    assert attempt_id is not None
    return attempt_id
