"""The bank browser: its Qt model, the filter widgets, sorting, opening and retiring questions."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.domain.roles import Actor, Permission, Role
from kiosk.services.bank_filter import BankFilter, matches
from kiosk.services.bank_views import QuestionRow, SectionView
from kiosk.ui.admin.browser import COLUMNS, NOT_PERMITTED, BankBrowser, QuestionTableModel
from question_bank.lifecycle import Action, Status
from tests.helpers.actors import ADMIN, staff
from tests.ui.admin import READER, admin_kiosk
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
USER = "bolot"


@pytest.fixture
def kiosk(qapp, tmp_path):
    kiosk = admin_kiosk(tmp_path / "data")
    yield kiosk
    kiosk.close()


@pytest.fixture
def browser(qtbot, kiosk):
    page = BankBrowser(kiosk.bank, staff(USER), KY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def shown_uids(page: BankBrowser) -> list[str]:
    return [page.proxy.record(row).uid for row in range(page.proxy.rowCount())]


def type_text(widget, text: str) -> None:
    """Type any alphabet into a widget, key by key (QTest's keyClicks knows only Latin-1)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def cell(page: BankBrowser, uid: str, column: str) -> str:
    for row in range(page.proxy.rowCount()):
        if page.proxy.record(row).uid == uid:
            return page.proxy.index(row, COLUMNS.index(column)).data()
    raise AssertionError(f"{uid} is not shown")


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, (text, [combo.itemText(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)


# -- the model ---------------------------------------------------------------------------------


def test_the_model_and_the_proxy_pass_qts_model_tester(qtmodeltester, kiosk):
    model = QuestionTableModel(KY)
    model.set_rows(kiosk.bank.rows(READER))
    qtmodeltester.check(model)
    page = BankBrowser(kiosk.bank, staff(USER), KY)
    page.set_filter(BankFilter(status=Status.APPROVED, text="суроо"))
    qtmodeltester.check(page.proxy)
    page.deleteLater()


def test_each_column_shows_the_latest_version(browser, kiosk):
    assert browser.total == 23
    assert [KY(t) for t in ("Code", "Section", "Status")] == [
        browser.proxy.headerData(i, Qt.Orientation.Horizontal) for i in range(3)
    ]
    assert cell(browser, "LAW-001", "section") == "law"
    assert cell(browser, "LAW-001", "status") == KY("Approved")
    assert cell(browser, "LAW-001", "version") == "1"
    assert cell(browser, "LAW-001", "languages") == f"{KY('KY')} · {KY('RU')}"
    assert cell(browser, "LAW-001", "stem").startswith("1-суроо: мектептин өнүгүү планы")
    assert cell(browser, "LAW-001", "author") == "author"
    assert cell(browser, "Q-00023", "status") == KY("Submitted")
    assert cell(browser, "Q-00023", "tags") == "кеңеш, устав"
    assert cell(browser, "Q-00022", "languages") == KY("KY")
    assert cell(browser, "LAW-001", "updated") == kiosk.clock.now().strftime("%Y-%m-%d")


def test_the_stem_follows_the_interface_language_and_falls_back_to_the_other(browser):
    resets = []
    browser.model.modelReset.connect(lambda: resets.append(1))
    browser.set_translator(RU)
    assert cell(browser, "LAW-001", "stem").startswith("Вопрос 1: кем утверждается")
    assert cell(browser, "LAW-001", "status") == RU("Approved")
    assert cell(browser, "Q-00022", "stem") == "Электрондук журнал эмне үчүн керек?"
    assert browser.proxy.headerData(0, Qt.Orientation.Horizontal) == RU("Code")
    assert resets == []  # a language switch redraws, it does not reload


def test_the_model_resets_only_when_the_rows_change(kiosk):
    model = QuestionTableModel(KY)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    rows = kiosk.bank.rows(READER)
    assert model.set_rows(rows)
    assert not model.set_rows(kiosk.bank.rows(READER))  # the same data read again
    changed = [replace(rows[0], status=Status.RETIRED), *rows[1:]]
    assert model.set_rows(changed)
    assert len(resets) == 2


def test_sorting_by_a_column_and_back(browser):
    view = browser.view
    # The bank's order at first: sections in order, then uids.
    assert shown_uids(browser)[:2] == ["LAW-001", "LAW-002"]
    view.sortByColumn(COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
    statuses = [cell(browser, uid, "status") for uid in shown_uids(browser)]
    assert statuses[:2] == [KY("Draft"), KY("Draft")]
    assert statuses[2] == KY("Submitted")
    view.sortByColumn(COLUMNS.index("uid"), Qt.SortOrder.DescendingOrder)
    assert shown_uids(browser)[0] == "Q-00023"
    view.sortByColumn(COLUMNS.index("uid"), Qt.SortOrder.AscendingOrder)
    assert shown_uids(browser)[:3] == ["IT-001", "IT-002", "IT-003"]


def test_texts_sort_in_kyrgyz_alphabetical_order(kiosk):
    base = kiosk.bank.rows(READER)[0]
    stems = ["Пландоо", "Өнүгүү", "Окуу", "Үй", "Уставы", "Нуска", "Ңа"]
    rows = [replace(base, uid=f"Q-{n}", stem={"ky": s}) for n, s in enumerate(stems)]
    model = QuestionTableModel(KY)
    model.set_rows(rows)
    model.sort(COLUMNS.index("stem"), Qt.SortOrder.AscendingOrder)
    assert [r.stem["ky"] for r in model.rows] == [
        "Нуска",
        "Ңа",
        "Окуу",
        "Өнүгүү",
        "Пландоо",
        "Уставы",
        "Үй",
    ]


def test_uids_sort_by_their_numbers(kiosk):
    base = kiosk.bank.rows(READER)[0]
    model = QuestionTableModel(KY)
    model.set_rows([replace(base, uid=uid) for uid in ("Q-10", "Q-9", "Q-100")])
    model.sort(COLUMNS.index("uid"), Qt.SortOrder.AscendingOrder)
    assert [r.uid for r in model.rows] == ["Q-9", "Q-10", "Q-100"]


def test_sorting_keeps_the_selected_question(browser):
    assert browser.select_uid("PEDAGOGY-002")
    browser.view.sortByColumn(COLUMNS.index("uid"), Qt.SortOrder.DescendingOrder)
    assert browser.current_row().uid == "PEDAGOGY-002"


# -- filters -----------------------------------------------------------------------------------


def test_the_filter_widgets_narrow_the_list_and_the_count_says_so(browser):
    assert browser.count.text() == KY("{shown} of {total} questions").format(shown=23, total=23)
    choose(browser.section_filter, f"pedagogy — {'Педагогика жана курак психологиясы'}")
    assert browser.shown == 7
    choose(browser.status_filter, KY("Draft"))
    assert shown_uids(browser) == ["Q-00021"]
    assert browser.count.text() == KY("{shown} of {total} questions").format(shown=1, total=23)
    browser.reset_filters()
    assert browser.shown == 23
    choose(browser.language_filter, KY("Written in Russian"))
    assert "Q-00022" not in shown_uids(browser) and browser.shown == 22
    browser.reset_filters()
    choose(browser.tag_filter, "кеңеш")
    assert shown_uids(browser) == ["Q-00023"]


def test_the_search_field_finds_kyrgyz_text_in_any_case_and_all_words(qtbot, browser):
    type_text(browser.search, "ӨНҮГҮҮ")
    assert browser.shown == 21  # twenty test questions say "өнүгүү", and one draft
    browser.search.clear()
    type_text(browser.search, "  өнүгүү   программасын ")
    assert shown_uids(browser) == ["Q-00021"]
    browser.search.setText("Ответ B (LAW-003)")  # an option's text
    assert shown_uids(browser) == ["LAW-003"]
    browser.search.setText("Мектепте жаңы окуу")  # the scenario of LAW-001..003
    assert shown_uids(browser) == ["LAW-001", "LAW-002", "LAW-003"]
    browser.search.setText("мектептин уставы")  # the source of aida's questions
    assert browser.shown == 3
    browser.search.setText("өнүгүү журнал")
    assert browser.shown == 0


def test_filters_survive_a_reload_and_a_language_switch(browser):
    choose(browser.status_filter, KY("Submitted"))
    browser.refresh()
    assert shown_uids(browser) == ["Q-00023"]
    browser.set_translator(RU)
    assert browser.status_filter.currentText() == RU("Submitted")
    assert shown_uids(browser) == ["Q-00023"]
    assert browser.count.text() == RU("{shown} of {total} questions").format(shown=1, total=23)


# -- opening, creating, history ------------------------------------------------------------------


def test_a_double_click_or_enter_opens_the_question(qtbot, browser):
    browser.set_filter(BankFilter(section="it"))
    index = browser.proxy.index(2, COLUMNS.index("stem"))
    rect = browser.view.visualRect(index)
    viewport = browser.view.viewport()
    with qtbot.waitSignal(browser.open_requested, timeout=500) as opened:
        # A double click is a click and a second press that the system marks as double.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == ["IT-003"]
    browser.view.setFocus()
    browser.view.setCurrentIndex(browser.proxy.index(0, 0))
    with qtbot.waitSignal(browser.open_requested, timeout=500) as opened:
        qtbot.keyClick(browser.view, Qt.Key.Key_Return)
    assert opened.args == ["IT-001"]
    with qtbot.waitSignal(browser.open_requested, timeout=500) as opened:
        browser.open_button.click()
    assert opened.args == ["IT-001"]


def test_new_question_starts_in_the_filtered_section(qtbot, browser):
    with qtbot.waitSignal(browser.new_requested) as started:
        browser.new_button.click()
    assert started.args == [None]
    browser.set_filter(BankFilter(section="law"))
    with qtbot.waitSignal(browser.new_requested) as started:
        browser.new_button.click()
    assert started.args == ["law"]


def test_history_and_open_need_a_chosen_question(qtbot, browser):
    assert not browser.open_button.isEnabled() and not browser.history_button.isEnabled()
    browser.select_uid("LAW-004")
    assert browser.open_button.isEnabled() and browser.history_button.isEnabled()
    with qtbot.waitSignal(browser.history_requested) as asked:
        browser.history_button.click()
    assert asked.args == ["LAW-004"]


# -- retiring ----------------------------------------------------------------------------------


def test_retiring_asks_for_a_comment_then_retires(qtbot, browser, kiosk):
    browser.select_uid("LAW-005")
    assert browser.retire_button.isEnabled()
    browser.retire_button.click()
    dialog = browser.retire_dialog
    assert dialog.isVisible() and not browser.content.isEnabled()
    assert dialog.title.text() == KY("Retire question {uid}?").format(uid="LAW-005")
    assert dialog.ok.text() == KY("Retire") and dialog.cancel.text() == KY("Cancel")
    dialog.ok.click()  # no comment yet
    assert dialog.error.text() == KY("Write why the question is retired.")
    assert kiosk.bank.latest(READER, "LAW-005").status is Status.APPROVED
    type_text(browser.retire_comment, "Мыйзам өзгөрдү")
    with qtbot.waitSignal(browser.changed):
        dialog.ok.click()
    assert not dialog.isVisible() and browser.content.isEnabled()
    latest = kiosk.bank.latest(READER, "LAW-005")
    assert latest.status is Status.RETIRED
    assert (latest.events[-1].action, latest.events[-1].actor) == (Action.RETIRED, USER)
    assert latest.events[-1].comment == "Мыйзам өзгөрдү"
    assert cell(browser, "LAW-005", "status") == KY("Retired")
    assert browser.message.text() == KY(
        "Question {uid} is retired: it no longer goes into new test forms."
    ).format(uid="LAW-005")
    assert not browser.retire_button.isEnabled()  # already retired


def test_cancelling_or_esc_retires_nothing(qtbot, browser, kiosk):
    browser.select_uid("LAW-006")
    browser.retire_button.click()
    type_text(browser.retire_comment, "x")
    browser.retire_dialog.cancel.click()
    assert not browser.retire_dialog.isVisible()
    browser.retire_button.click()
    assert browser.retire_comment.toPlainText() == ""  # a fresh comment each time
    qtbot.keyClick(browser.retire_dialog, Qt.Key.Key_Escape)
    assert not browser.retire_dialog.isVisible() and browser.content.isEnabled()
    assert kiosk.bank.latest(READER, "LAW-006").status is Status.APPROVED


def test_a_draft_cannot_be_retired(qtbot, browser, kiosk):
    browser.select_uid("Q-00021")
    assert not browser.retire_button.isEnabled()
    browser.ask_retire()  # were it asked anyway, the bank refuses and the page says why
    type_text(browser.retire_comment, "Керек эмес")
    browser.retire_dialog.ok.click()
    assert browser.error.text() == KY("Only a question with an approved version can be retired.")
    assert kiosk.bank.latest(READER, "Q-00021").status is Status.DRAFT


def make_browser(qtbot, kiosk, actor) -> BankBrowser:
    page = BankBrowser(kiosk.bank, actor, KY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def test_the_actions_offered_follow_the_roles(qtbot, kiosk):
    writer = make_browser(qtbot, kiosk, staff("aida", Role.BANK_EDITOR))
    assert writer.new_button.isVisible() and not writer.retire_button.isVisible()
    approver = make_browser(qtbot, kiosk, staff("bolot", Role.BANK_APPROVER))
    assert not approver.new_button.isVisible() and approver.retire_button.isVisible()
    reader = make_browser(qtbot, kiosk, ADMIN)
    assert reader.total == writer.total == 23  # 20 approved and three by aida
    assert not reader.new_button.isVisible() and not reader.retire_button.isVisible()
    assert reader.open_button.isVisible() and reader.history_button.isVisible()


def test_a_retirement_refused_for_the_roles_is_said_in_words(qtbot, kiosk):
    writer = make_browser(qtbot, kiosk, staff("aida", Role.BANK_EDITOR))
    writer.select_uid("LAW-005")
    writer.ask_retire()  # were it asked anyway, the bank refuses and the page says why
    type_text(writer.retire_comment, "Мыйзам өзгөрдү")
    writer.retire_dialog.ok.click()
    assert not writer.retire_dialog.isVisible()
    assert writer.error.text() == KY(NOT_PERMITTED[Permission.APPROVE_BANK])
    assert kiosk.bank.latest(READER, "LAW-005").status is Status.APPROVED
    writer.set_translator(RU)
    assert writer.error.text() == RU(NOT_PERMITTED[Permission.APPROVE_BANK])


def test_the_open_retire_dialog_follows_a_language_switch(browser):
    browser.select_uid("LAW-005")
    browser.retire_button.click()
    browser.retire_dialog.ok.click()
    browser.set_translator(RU)
    assert browser.retire_dialog.title.text() == RU("Retire question {uid}?").format(uid="LAW-005")
    assert browser.retire_dialog.ok.text() == RU("Retire")


# -- ten thousand questions ----------------------------------------------------------------------


class ManyRows:
    """A bank with many questions and nothing else, for the browser's speed."""

    required_languages = ("ky", "ru")

    def __init__(self, count: int) -> None:
        start = datetime(2026, 1, 1, tzinfo=UTC)
        sections = ("law", "management", "pedagogy", "governance", "it")
        words = ("өнүгүү", "устав", "бюджет", "кеңеш", "мугалим", "окуучу", "ата-эне")
        self._rows = [
            QuestionRow(
                uid=f"Q-{n:05d}",
                version_id=n,
                number=1 + n % 3,
                section=sections[n % 5],
                status=list(Status)[n % 4],
                stem={"ky": f"{n}-суроо: {words[n % 7]} жана {words[(n // 7) % 7]}"},
                languages=frozenset(("ky", "ru") if n % 10 else ("ky",)),
                tags=(words[n % 7],),
                multiple=False,
                author="aida",
                updated_at=start + timedelta(minutes=n),
                search_text=(
                    f"q-{n:05d}\n{n}-суроо: {words[n % 7]} жана {words[(n // 7) % 7]}\n"
                    f"{words[n % 7]}\nжооп а\nжооп б\nмыйзам, {n % 50}-берене"
                ),
            )
            for n in range(count)
        ]
        self._sections = [SectionView(code, {"ky": code}, i) for i, code in enumerate(sections)]

    def rows(self, actor: Actor) -> list[QuestionRow]:
        return list(self._rows)

    def sections(self, actor: Actor) -> list[SectionView]:
        return list(self._sections)


def test_ten_thousand_questions_filter_fast_without_resetting_the_model(qtbot):
    bank = ManyRows(10_000)
    page = BankBrowser(bank, staff(USER), KY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    resets = []
    page.model.modelReset.connect(lambda: resets.append(1))
    assert page.total == 10_000

    started = time.perf_counter()
    page.search.setText("ӨНҮГҮҮ")
    QApplication.processEvents()
    typed = time.perf_counter() - started
    assert (
        page.shown == sum(matches(r, BankFilter(text="өнүгүү")) for r in bank.rows(READER)) > 2000
    )
    started = time.perf_counter()
    page.set_filter(BankFilter(section="law", status=Status.DRAFT, text="өнүгүү устав"))
    QApplication.processEvents()
    combined = time.perf_counter() - started
    wanted = BankFilter(section="law", status=Status.DRAFT, text="өнүгүү устав")
    assert page.shown == sum(matches(r, wanted) for r in bank.rows(READER)) > 0
    started = time.perf_counter()
    page.view.sortByColumn(COLUMNS.index("stem"), Qt.SortOrder.AscendingOrder)
    page.reset_filters()
    QApplication.processEvents()
    sorted_and_cleared = time.perf_counter() - started
    page.refresh()  # the same rows again: nothing to redo
    assert resets == []
    # Generous bounds for slow machines; on a laptop each takes a few tens of milliseconds.
    assert typed < 1.0 and combined < 1.0 and sorted_and_cleared < 2.0


def test_an_invalid_index_has_no_data(kiosk):
    model = QuestionTableModel(KY)
    model.set_rows(kiosk.bank.rows(READER))
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0
