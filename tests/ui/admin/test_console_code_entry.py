"""The console when too many wrong codes suspended code entry: the proctor is told, looks, says
what was found and resumes; an observer only sees it."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.ui.admin.console import ConsolePage
from tests.helpers.actors import OBSERVER, OPERATOR
from tests.ui.admin.fake_proctor import BISHKEK, FakeProctor, small_session
from translations import Translator

SUSPENDED_AT = datetime(2026, 8, 12, 10, 14, tzinfo=BISHKEK)


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


@pytest.fixture
def proctor() -> FakeProctor:
    session = small_session(1)
    session.codes_suspended_at = SUSPENDED_AT
    session.failed_codes = 30
    return FakeProctor([session])


def make_page(qtbot, proctor, timers, actor=OPERATOR, language="ky") -> ConsolePage:
    page = ConsolePage(proctor, actor, strict, BISHKEK, language=language, timers=timers)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    return page


def write(field, text: str) -> None:
    for char in text:
        field.insertPlainText(char)


def test_the_suspension_is_shown_with_its_time_and_count(qtbot, proctor, timers):
    page = make_page(qtbot, proctor, timers, language="ru")
    assert page.suspended_box.isVisible()
    text = page.suspended_text.text()
    assert "10:14" in text and "30" in text
    assert page.resume_codes_button.isVisible()


def test_the_proctor_resumes_with_what_was_found(qtbot, proctor, timers):
    page = make_page(qtbot, proctor, timers)
    page.resume_codes_button.click()
    dialog = page.code_entry_dialog
    assert dialog.isVisible()
    assert "30" in dialog.message.text()
    assert not dialog.ok.isEnabled()  # a reason first
    write(dialog.reason, "Бир талапкер станциядан станцияга басып жүрдү")
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    assert (
        "resume_code_entry",
        (1, "Бир талапкер станциядан станцияга басып жүрдү"),
        "operator",
    ) in (proctor.calls)
    assert not dialog.isVisible()
    assert not page.suspended_box.isVisible()


def test_an_observer_sees_the_suspension_but_cannot_resume(qtbot, proctor, timers):
    page = make_page(qtbot, proctor, timers, actor=OBSERVER)
    assert page.suspended_box.isVisible()
    assert not page.resume_codes_button.isVisible()
    page.ask_resume_code_entry()
    assert not page.code_entry_dialog.isVisible()


def test_no_banner_while_codes_are_taken(qtbot, timers):
    page = make_page(qtbot, FakeProctor([small_session(1)]), timers)
    assert not page.suspended_box.isVisible()
