"""The section manager: counts per status, adding, renaming, moving, and errors in the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.domain.roles import NotPermitted, Permission, Role
from kiosk.ui.admin.browser import NOT_PERMITTED
from kiosk.ui.admin.sections import (
    CODE_MISSING,
    CODE_NOT_A_WORD,
    CODE_TAKEN,
    CODE_TOO_LONG,
    TITLE_MISSING,
    SectionsPage,
    section_form_problems,
)
from question_bank.lifecycle import Status
from tests.helpers.actors import staff
from tests.ui.admin import READER, admin_kiosk
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
USER = "bolot"
TITLES = {"ky": "Этика", "ru": "Этика", "en": ""}


# -- the form's rules, without Qt ----------------------------------------------------------------


def test_a_complete_new_section_has_no_problems():
    assert section_form_problems("ethics", TITLES, ["law", "it"], new=True) == []
    assert section_form_problems("этика-1", TITLES, [], new=True) == []  # any alphabet


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", (CODE_MISSING, {})),
        ("   ", (CODE_MISSING, {})),
        ("x" * 41, (CODE_TOO_LONG, {"limit": 40})),
        ("two words", (CODE_NOT_A_WORD, {})),
        ("law", (CODE_TAKEN, {"code": "law"})),
        ("LAW", (CODE_TAKEN, {"code": "LAW"})),
        (" it ", (CODE_TAKEN, {"code": "it"})),
    ],
)
def test_a_bad_code_is_named(code, problem):
    assert section_form_problems(code, TITLES, ["law", "it"], new=True) == [problem]


def test_the_kyrgyz_and_russian_titles_are_required():
    problems = section_form_problems("ethics", {"ky": " ", "ru": "", "en": "Ethics"}, [], new=True)
    assert problems == [(TITLE_MISSING["ky"], {}), (TITLE_MISSING["ru"], {})]


def test_renaming_does_not_check_the_code():
    assert section_form_problems("law", TITLES, ["law"], new=False) == []


# -- the page ----------------------------------------------------------------------------------


@pytest.fixture
def kiosk(qapp, tmp_path):
    kiosk = admin_kiosk(tmp_path / "data")
    yield kiosk
    kiosk.close()


@pytest.fixture
def page(qtbot, kiosk):
    page = SectionsPage(kiosk.bank, staff(USER), KY)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    return page


def table_rows(page: SectionsPage) -> list[list[str]]:
    table = page.table
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def type_text(widget, text: str) -> None:
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def fill(page: SectionsPage, code: str | None, titles: dict[str, str]) -> None:
    if code is not None:
        page.code_field.clear()
        type_text(page.code_field, code)
    for lang, text in titles.items():
        page.title_fields[lang].clear()
        type_text(page.title_fields[lang], text)


def test_the_sections_are_listed_in_order_with_counts_per_status(page):
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers == [
        KY("Code"),
        KY("Title"),
        KY("Draft"),
        KY("Submitted"),
        KY("Approved"),
        KY("Retired"),
        KY("Total"),
    ]
    assert table_rows(page) == [
        ["law", "Нормативдик укуктук актылар", "0", "1", "8", "0", "9"],
        ["pedagogy", "Педагогика жана курак психологиясы", "1", "0", "6", "0", "7"],
        ["it", "IT компетенциялары", "1", "0", "6", "0", "7"],
    ]
    page.set_translator(RU)
    assert table_rows(page)[1][1] == "Педагогика и психология"
    assert page.table.horizontalHeaderItem(3).text() == RU("Submitted")


def test_adding_a_section(qtbot, page, kiosk):
    page.add_button.click()
    assert page.dialog.isVisible() and not page.content.isEnabled()
    assert page.dialog.title.text() == KY("New section")
    assert page.code_field.hasFocus()
    fill(page, "ethics", {"ky": "Кесиптик этика", "ru": "Профессиональная этика", "en": ""})
    with qtbot.waitSignal(page.changed):
        page.dialog.ok.click()
    assert not page.dialog.isVisible() and page.content.isEnabled()
    added = kiosk.bank.sections(READER)[-1]
    assert (added.code, dict(added.title)) == (
        "ethics",
        {"ky": "Кесиптик этика", "ru": "Профессиональная этика"},
    )
    assert table_rows(page)[-1][:2] == ["ethics", "Кесиптик этика"]
    assert page.current_code() == "ethics"
    assert page.message.text() == KY("Section {code} added.").format(code="ethics")


def test_a_duplicate_code_is_shown_in_the_dialog_which_stays_open(page, kiosk):
    page.add_button.click()
    fill(page, "LAW", {"ky": "Мыйзамдар", "ru": "Законы"})
    page.dialog.ok.click()
    assert page.dialog.isVisible()
    assert page.dialog.error.text() == KY(CODE_TAKEN).format(code="LAW")
    assert [s.code for s in kiosk.bank.sections(READER)] == ["law", "pedagogy", "it"]
    # Corrected, it goes through.
    fill(page, "labour", {})
    page.dialog.ok.click()
    assert not page.dialog.isVisible()
    assert [s.code for s in kiosk.bank.sections(READER)] == ["law", "pedagogy", "it", "labour"]


def test_empty_titles_and_code_are_all_named_at_once(page, kiosk):
    page.add_button.click()
    page.dialog.ok.click()
    assert page.dialog.error.text().splitlines() == [
        KY(CODE_MISSING),
        KY(TITLE_MISSING["ky"]),
        KY(TITLE_MISSING["ru"]),
    ]
    # The error is redrawn in another language while the dialog is open.
    page.set_translator(RU)
    assert page.dialog.error.text().splitlines()[0] == RU(CODE_MISSING)
    assert page.dialog.title.text() == RU("New section")
    assert len(kiosk.bank.sections(READER)) == 3


def test_enter_in_a_field_saves_and_esc_cancels(qtbot, page, kiosk):
    page.add_button.click()
    fill(page, "ethics", {"ky": "Этика", "ru": "Этика"})
    qtbot.keyClick(page.title_fields["ru"], Qt.Key.Key_Escape)
    assert not page.dialog.isVisible()
    assert len(kiosk.bank.sections(READER)) == 3
    page.add_button.click()
    assert page.code_field.text() == ""  # a fresh form
    fill(page, "ethics", {"ky": "Этика", "ru": "Этика"})
    qtbot.keyClick(page.title_fields["ru"], Qt.Key.Key_Return)
    assert len(kiosk.bank.sections(READER)) == 4


def test_renaming_keeps_the_code_and_changes_the_titles(page, kiosk):
    page.select("pedagogy")
    page.rename_button.click()
    assert page.dialog.title.text() == KY("Rename section {code}").format(code="pedagogy")
    assert not page.code_field.isEnabled() and page.code_field.text() == "pedagogy"
    assert page.title_fields["ky"].text() == "Педагогика жана курак психологиясы"
    page.title_fields["ru"].clear()
    page.dialog.ok.click()
    assert page.dialog.error.text() == KY(TITLE_MISSING["ru"])
    fill(page, None, {"ru": "Педагогика", "en": "Pedagogy"})
    page.dialog.ok.click()
    assert not page.dialog.isVisible()
    renamed = next(s for s in kiosk.bank.sections(READER) if s.code == "pedagogy")
    assert dict(renamed.title) == {
        "ky": "Педагогика жана курак психологиясы",
        "ru": "Педагогика",
        "en": "Pedagogy",
    }
    assert renamed.counts == {Status.APPROVED: 6, Status.DRAFT: 1}


def test_moving_sections_up_and_down(qtbot, page, kiosk):
    page.select("law")
    assert page.rename_button.isEnabled()
    assert not page.up_button.isEnabled() and page.down_button.isEnabled()
    with qtbot.waitSignal(page.changed):
        page.down_button.click()
    assert [s.code for s in kiosk.bank.sections(READER)] == ["pedagogy", "law", "it"]
    assert page.current_code() == "law"
    page.select("it")
    assert not page.down_button.isEnabled()
    page.up_button.click()
    page.up_button.click()
    assert [s.code for s in kiosk.bank.sections(READER)] == ["it", "pedagogy", "law"]
    assert [row[0] for row in table_rows(page)] == ["it", "pedagogy", "law"]
    assert not page.up_button.isEnabled()


def test_a_refusal_by_the_bank_is_shown_in_the_dialog(page, kiosk, monkeypatch):
    def refuse(actor, code, title):
        raise LookupError(f"no section {code!r}")

    monkeypatch.setattr(kiosk.bank, "rename_section", refuse)
    page.select("it")
    page.rename_button.click()
    page.dialog.ok.click()
    assert page.dialog.isVisible()
    assert page.dialog.error.text() == KY("The bank refused: {reason}").format(
        reason="no section 'it'"
    )


def test_without_the_writers_role_the_sections_are_only_listed(qtbot, kiosk):
    page = SectionsPage(kiosk.bank, staff("bolot", Role.BANK_APPROVER), KY)
    qtbot.addWidget(page)
    page.show()
    assert [row[0] for row in table_rows(page)] == ["law", "pedagogy", "it"]
    for widget in (page.add_button, page.rename_button, page.up_button, page.down_button):
        assert not widget.isVisible()
    page.select("pedagogy")
    page.table.cellDoubleClicked.emit(1, 0)
    assert not page.dialog.isVisible()
    # Asked anyway, the bank refuses and the page says why; nothing moves.
    page.move(-1)
    assert page.error.text() == KY(NOT_PERMITTED[Permission.EDIT_BANK])
    assert [s.code for s in kiosk.bank.sections(READER)] == ["law", "pedagogy", "it"]


def test_a_refused_rename_closes_the_dialog_and_says_why(page, kiosk, monkeypatch):
    def refuse(actor, code, title):
        raise NotPermitted(actor.name, Permission.EDIT_BANK)

    monkeypatch.setattr(kiosk.bank, "rename_section", refuse)
    page.select("it")
    page.rename_button.click()
    page.dialog.ok.click()
    assert not page.dialog.isVisible()
    assert page.error.text() == KY(NOT_PERMITTED[Permission.EDIT_BANK])
    page.set_translator(RU)
    assert page.error.text() == RU(NOT_PERMITTED[Permission.EDIT_BANK])
    page.up_button.click()  # the next change that goes through clears it
    assert page.error.isHidden()
