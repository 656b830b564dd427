"""The small parts of the screens: keys, timers, the font, the themes, starting a station."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from kiosk.ui.candidate import window as window_module
from kiosk.ui.candidate.keys import option_index, option_letters
from kiosk.ui.fonts import FAMILY, MONO_FAMILY, register_fonts, use_bundled_font
from kiosk.ui.theme import (
    DEFAULT_SCALE,
    FOCUS_WIDTH_PX,
    HIGH_CONTRAST,
    NORMAL,
    SCALE_STEPS,
    point_size,
    style_sheet,
)
from kiosk.ui.timers import FakeTimer, FakeTimers, Timer, make_timer


@pytest.mark.parametrize(
    ("key", "text", "index"),
    [
        (Qt.Key.Key_1, "1", 0),
        (Qt.Key.Key_4, "4", 3),
        (Qt.Key.Key_6, "6", 5),
        (Qt.Key.Key_A, "a", 0),
        (Qt.Key.Key_B, "B", 1),
        (Qt.Key.Key_C, "c", 2),
        (Qt.Key.Key_D, "d", 3),
        (0x0410, "а", 0),  # Cyrillic А
        (0x0411, "Б", 1),
        (0x0412, "в", 2),  # Cyrillic В, not Latin B
        (0x0413, "Г", 3),
        (0x0413, "", 3),  # a key code without text
        (Qt.Key.Key_7, "7", None),
        (Qt.Key.Key_G, "g", None),
        (0x04A2, "ң", None),
        (Qt.Key.Key_Space, " ", None),
        (Qt.Key.Key_Return, "\r", None),
    ],
)
def test_keys_choose_options_in_both_alphabets(key, text, index):
    assert option_index(int(key), text) == index


def test_option_letters_follow_the_interface_language():
    assert option_letters("ky")[:4] == "АБВГ"
    assert option_letters("ru")[:4] == "АБВГ"
    assert option_letters("en")[:4] == "ABCD"


def test_a_fake_timer_fires_only_when_told_and_only_while_running(qtbot):
    timers = FakeTimers()
    timer = timers("tick", 1000)
    fired = []
    timer.timeout.connect(lambda: fired.append(1))
    assert not timers.fire("tick")
    timer.start()
    assert timers.fire("tick") and timers.fire("tick")
    timer.stop()
    assert not timer.fire()
    assert fired == [1, 1]
    once = FakeTimer("once", 0, single_shot=True)
    once.start()
    assert once.fire() and not once.fire()


def test_a_real_timer_carries_its_name_and_interval(qtbot):
    timer = make_timer("countdown", 250)
    assert isinstance(timer, Timer)
    assert timer.name == "countdown" and timer.interval_ms == 250
    with qtbot.waitSignal(timer.timeout, timeout=2000):
        timer.start()
    timer.stop()
    assert not timer.is_active()


def test_the_bundled_font_draws_kyrgyz_letters(qapp):
    assert register_fonts() == FAMILY
    assert FAMILY in QFontDatabase.families()
    assert MONO_FAMILY in QFontDatabase.families()
    font = use_bundled_font(qapp, 18)
    assert QApplication.font().family() == FAMILY
    metrics = QFontMetrics(QFont(font))
    for letter in "ҢңӨөҮү✓⚑":
        assert metrics.inFontUcs4(ord(letter)), letter


def test_text_sizes_start_large_and_have_steps():
    assert len(SCALE_STEPS) >= 3
    assert point_size(DEFAULT_SCALE) >= 18
    assert list(SCALE_STEPS) == sorted(SCALE_STEPS)


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST], ids=lambda t: t.name)
def test_every_theme_draws_a_thick_focus_frame_in_its_own_colour(theme):
    for scale in SCALE_STEPS:
        sheet = style_sheet(theme, scale)
        assert f"{FOCUS_WIDTH_PX}px solid {theme.focus}" in sheet
        assert "QPushButton:focus" in sheet and "QLineEdit:focus" in sheet
    others = {value for name, value in vars(theme).items() if name != "focus"}
    assert theme.focus not in others
    assert FOCUS_WIDTH_PX >= 3


def test_high_contrast_is_black_with_white_and_yellow():
    assert HIGH_CONTRAST.background == "#000000"
    assert HIGH_CONTRAST.text == "#ffffff"
    assert HIGH_CONTRAST.accent == "#ffff00"


def test_run_station_shows_the_window_full_screen(qapp, station, monkeypatch):
    shown = []

    def fake_exec(*_args):
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "candidateWindow"]
        shown.extend((w.isFullScreen(), w.current_screen.objectName()) for w in windows)
        for w in windows:
            w.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert window_module.run_station(station.kiosk) == 0
    assert (True, "loginScreen") in shown
