"""The admin window: navigation, the user's name, the language switch, pages kept in step."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from sqlalchemy import select

from kiosk.domain.roles import Role
from kiosk.storage.models import AuditRecord
from kiosk.ui.admin import window as window_module
from kiosk.ui.admin.window import NAVIGATION, AdminWindow, run_admin
from question_bank.lifecycle import Status
from tests.helpers.actors import ADMIN, OPERATOR, staff
from tests.ui.admin import READER, admin_kiosk
from translations import LANGUAGE_NAMES, Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
EN = Translator("en", strict=True)
USER = "Бакыт Өмүрбеков"


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


@pytest.fixture
def kiosk(qapp, tmp_path):
    kiosk = admin_kiosk(tmp_path / "data")
    yield kiosk
    kiosk.close()


@pytest.fixture
def make_window(qtbot, kiosk, tmp_path):
    def make(language: str = "ky") -> AdminWindow:
        window = AdminWindow(
            kiosk.bank,
            staff(USER),
            strict,
            language,
            choose_file=lambda *_args: None,
            choose_save_path=lambda *_args: None,
            timezone=kiosk.settings.timezone,
        )
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        return window

    return make


@pytest.fixture
def window(make_window) -> AdminWindow:
    return make_window("ky")


def visible_texts(window: AdminWindow) -> list[str]:
    """Every text on screen now: labels and buttons of the window and the page shown."""
    texts = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if widget.isVisible() and widget.text():
            texts.append(widget.text())
    return texts


def test_the_window_names_the_user_and_opens_on_the_bank(window):
    assert window.user_label.text() == KY("User: {user}").format(user=USER)
    assert window.app_title.full_text() == KY("Qualification testing: administration")
    assert window.current_page == "bank"
    assert window.stack.currentWidget() is window.browser
    assert window.nav_buttons["bank"].isChecked()
    # A bank editor has the bank's pages only: no console, no accounts.
    assert list(window.nav_buttons) == ["bank", "review", "sections", "exchange", "blueprint"]
    names = [window.nav_buttons[key].text() for key in window.nav_buttons]
    assert names[0] == KY("Bank")
    assert names[1] == KY("Review queue") + " (1)"  # one question waits for review
    assert names[2:] == [KY("Sections"), KY("Import / export"), KY("Blueprint check")]


def test_the_navigation_shows_each_page(qtbot, window):
    expected = {
        "sections": window.sections,
        "exchange": window.exchange,
        "blueprint": window.blueprint,
        "bank": window.browser,
    }
    for key, page in expected.items():
        window.nav_buttons[key].click()
        assert window.stack.currentWidget() is page
        assert window.current_page == key
        assert [k for k, b in window.nav_buttons.items() if b.isChecked()] == [key]
    window.nav_buttons["review"].click()
    assert window.stack.currentWidget() is window.pages["review"]


@pytest.mark.parametrize(("language", "tr"), [("ru", RU), ("en", EN), ("ky", KY)])
def test_the_language_switch_retranslates_every_page_at_once(window, language, tr):
    if language == "ky":
        window.set_language("ru")
    window.language_buttons[language].click()
    assert window.language == language
    assert window.user_label.text() == tr("User: {user}").format(user=USER)
    assert window.nav_buttons["sections"].text() == tr("Sections")
    assert window.browser.title.text() == tr("Question bank")
    assert window.browser.new_button.text() == tr("New question")
    assert window.sections.add_button.text() == tr("Add section…")
    assert window.sections.table.horizontalHeaderItem(4).text() == tr("Approved")
    assert window.exchange.tabs.tabText(1) == tr("Export to a file")
    assert window.blueprint.check_button.text() == tr("Check")
    assert window.language_buttons[language].property("current") is True
    assert LANGUAGE_NAMES[language] in window.language_buttons[language].accessibleName()


def test_no_english_is_left_on_a_kyrgyz_or_russian_page(window):
    # Strict translators raise on any untranslated message; this checks what reached the screen.
    english = {EN(NAVIGATION[key]) for key in window.nav_buttons} | {
        "Question bank",
        "New question",
        "Show all",
        "Retire…",
        "Check",
        "Sample form",
    }
    for language in ("ky", "ru"):
        window.set_language(language)
        for key in ("bank", "sections", "exchange", "blueprint"):
            window.show_page(key)
            leftovers = english & set(visible_texts(window))
            assert not leftovers, (language, key, leftovers)


def test_a_change_on_one_page_shows_on_the_others(window, kiosk):
    window.browser.select_uid("IT-002")
    window.browser.retire_button.click()
    window.browser.retire_comment.setPlainText("Эскирди")
    window.browser.retire_dialog.ok.click()
    it = next(s for s in window.sections.sections if s.code == "it")
    assert it.counts.get(Status.RETIRED) == 1
    window.sections.select("it")
    window.sections.up_button.click()
    assert window.browser.section_filter.itemText(2).startswith("it ")
    assert list(window.blueprint.spins) == ["law", "it", "pedagogy"]


def test_new_open_and_history_go_to_their_pages(qtbot, window):
    window.browser.new_button.click()
    assert window.current_page == "editor"
    assert window.nav_buttons["bank"].isChecked()  # the editor belongs to the bank
    window.show_page("bank")
    window.browser.select_uid("LAW-002")
    window.browser.open_button.click()
    assert window.current_page == "editor"
    window.show_page("bank")
    window.browser.history_button.click()
    assert window.current_page == "history"


def test_the_editor_opens_the_question_chosen_in_the_browser(qtbot, window):
    editor_module = pytest.importorskip("kiosk.ui.admin.editor")
    assert isinstance(window.editor, editor_module.EditorPage)
    opened = []
    window.editor.open_question = opened.append
    window.browser.select_uid("PEDAGOGY-003")
    window.browser.open_button.click()
    assert opened == ["PEDAGOGY-003"]
    started = []
    window.editor.new_question = started.append
    window.browser.set_filter(window.browser.proxy.filter.__class__(section="it"))
    window.browser.new_button.click()
    assert started == ["it"]


def test_a_saved_question_reloads_the_bank(qtbot, window, kiosk):
    pytest.importorskip("kiosk.ui.admin.editor")
    draft = kiosk.bank.latest(READER, "Q-00021")
    kiosk.bank.submit(staff("aida"), draft.version_id)
    window.editor.saved.emit("Q-00021")
    assert window.browser.current_row().uid == "Q-00021"
    assert window.nav_buttons["review"].text() == KY("Review queue") + " (2)"


def test_the_review_queue_is_wired(qtbot, window, kiosk):
    review_module = pytest.importorskip("kiosk.ui.admin.review")
    assert isinstance(window.review, review_module.ReviewPage)
    waiting = kiosk.bank.review_queue(READER)[0]
    kiosk.bank.approve(staff("cholpon"), waiting.version_id)
    window.review.decided.emit(waiting.version_id)
    assert window.nav_buttons["review"].text() == KY("Review queue")


def test_the_history_page_shows_the_chosen_question(qtbot, window):
    pytest.importorskip("kiosk.ui.admin.history")
    shown = []
    window.history.show_question = shown.append
    window.browser.select_uid("LAW-003")
    window.browser.history_button.click()
    assert shown == ["LAW-003"] and window.current_page == "history"


def test_run_admin_opens_the_window_for_the_user(monkeypatch, kiosk):
    opened = []

    def fake_exec(app):
        opened.extend(w for w in app.topLevelWidgets() if isinstance(w, AdminWindow))
        return 0

    monkeypatch.setattr(window_module, "_exec", fake_exec)
    monkeypatch.setattr(window_module, "Translator", strict)
    assert run_admin(kiosk, staff(USER)) == 0
    window = next(w for w in opened if w.isVisible())
    assert window.user == USER and window.language == "ky"
    assert (window.width(), window.height()) == (1366, 768)
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def test_the_pages_follow_the_roles_of_the_signed_in_actor(qtbot, kiosk):
    window = AdminWindow(kiosk.bank, staff("aida", Role.BANK_EDITOR), strict, "ky")
    qtbot.addWidget(window)
    window.show()
    assert window.actor == staff("aida", Role.BANK_EDITOR) and window.user == "aida"
    assert window.browser.new_button.isVisible() and not window.browser.retire_button.isVisible()
    window.show_page("review")
    assert not window.review.approve_button.isVisible() and window.review.decide_note.isVisible()
    assert not window.editor.read_only


def test_an_operator_has_the_console_and_no_bank(qtbot, kiosk):
    window = AdminWindow(kiosk.bank, OPERATOR, strict, "ky", proctor=kiosk.proctor)
    qtbot.addWidget(window)
    assert list(window.nav_buttons) == ["console"]
    assert window.current_page == "console" and window.browser is None
    assert window.nav_buttons["console"].text() == KY("Console")
    window.set_language("ru")
    assert window.nav_buttons["console"].text() == RU("Console")
    with kiosk.sessions() as session:
        refused = session.scalars(
            select(AuditRecord.actor).where(AuditRecord.action == "permission.refused")
        ).all()
    assert refused == []  # nothing was tried that the roles do not allow


def test_an_administrator_has_the_console_the_bank_to_read_and_the_accounts(qtbot, kiosk):
    window = AdminWindow(
        kiosk.bank, ADMIN, strict, "ky", proctor=kiosk.proctor, accounts=kiosk.accounts
    )
    qtbot.addWidget(window)
    assert list(window.nav_buttons) == [
        "console",
        "bank",
        "review",
        "sections",
        "exchange",
        "blueprint",
        "accounts",
    ]
    assert window.current_page == "console"
    assert window.editor.read_only and not window.browser.new_button.isVisibleTo(window)
    window.nav_buttons["accounts"].click()
    assert window.stack.currentWidget() is window.accounts


def test_run_admin_asks_who_signs_in_and_stops_when_cancelled(monkeypatch, kiosk):
    asked = []

    def cancelled(accounts, translator_factory):
        asked.append(accounts)
        return None

    monkeypatch.setattr(window_module, "sign_in_interactively", cancelled)
    monkeypatch.setattr(window_module, "_exec", lambda app: 0)
    assert run_admin(kiosk) == 1
    assert asked == [kiosk.accounts]
