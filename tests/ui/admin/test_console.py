"""The proctor's console: states and counters, live refresh, each decision, refusals, the observer.

The page runs against :class:`~tests.ui.admin.fake_proctor.FakeProctor`, which really changes its
state; its refresh timer is a fake that the tests fire by hand.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.domain.roles import NotPermitted, Permission, Role
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.session_views import IncidentKind, SeatState
from kiosk.ui.admin.console import (
    CANNOT_NOW,
    COLUMNS,
    NOT_PERMITTED,
    REFRESH_MS,
    ConsolePage,
    state_looks,
)
from kiosk.ui.admin.console_dialogs import INCIDENT_KIND_NAMES
from kiosk.ui.theme import NORMAL
from tests.helpers.actors import OBSERVER, OPERATOR, staff
from tests.ui.admin.fake_proctor import (
    BISHKEK,
    FakeProctor,
    Seat,
    ended_session,
    live_shift,
    small_session,
)
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
# The small session's registrations (see small_session): one in each state.
NOT_ARRIVED, IN_TEST, SILENT, SUBMITTED, ABSENT, WITHDRAWN = range(101, 107)


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


@pytest.fixture
def proctor() -> FakeProctor:
    return FakeProctor([small_session(1), ended_session(3)])


def make_page(qtbot, proctor, timers, actor=OPERATOR, language="ky") -> ConsolePage:
    page = ConsolePage(proctor, actor, strict, BISHKEK, language=language, timers=timers)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    return page


@pytest.fixture
def page(qtbot, proctor, timers) -> ConsolePage:
    return make_page(qtbot, proctor, timers)


def cell(page: ConsolePage, registration_id: int, column: str, role=Qt.ItemDataRole.DisplayRole):
    row = page.model.row_of(registration_id)
    assert row is not None
    return page.model.index(row, COLUMNS.index(column)).data(role)


def name_of(proctor: FakeProctor, registration_id: int) -> str:
    return proctor.seat(registration_id).name


def write(field, text: str) -> None:
    """Type any alphabet into a field, key by key (QTest's keyClicks knows only Latin-1)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(field, event)


def choose(page: ConsolePage, registration_id: int) -> None:
    assert page.select_registration(registration_id)
    assert page.selected_seat().registration_id == registration_id


# -- what the console shows ----------------------------------------------------------------------


def test_every_state_is_shown_in_words_with_its_colour(page, qtmodeltester):
    qtmodeltester.check(page.model)
    states = {
        NOT_ARRIVED: "○ Келе элек",
        IN_TEST: "● Тестте",
        SILENT: "⚠ Байланыш жок: 1:35",
        SUBMITTED: "✓ Тапшырды",
        ABSENT: "✕ Келген жок",
        WITHDRAWN: "– Баш тартты",
    }
    looks = state_looks(NORMAL)
    for registration_id, text in states.items():
        assert cell(page, registration_id, "state") == text
        brush = cell(page, registration_id, "state", Qt.ItemDataRole.BackgroundRole)
        assert isinstance(brush, QBrush)
    colours = {
        cell(page, r, "state", Qt.ItemDataRole.BackgroundRole).color().name() for r in states
    }
    assert colours == {look.background for look in looks.values()}
    # A silent station's whole row asks for attention, not only its state.
    silent_name = cell(page, SILENT, "candidate", Qt.ItemDataRole.BackgroundRole)
    assert silent_name.color().name() == NORMAL.warning_bg
    assert cell(page, IN_TEST, "candidate", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(page, SILENT, "state", Qt.ItemDataRole.ToolTipRole) == (
        "Станциядан 1:35 (мүн:сек) бою белги жок: ал токтоп калышы мүмкүн."
    )


def test_a_row_shows_question_time_score_granted_and_incidents(page, proctor):
    assert [page.model.index(1, c).data() for c in range(len(COLUMNS))] == [
        "2",
        name_of(proctor, IN_TEST),
        "A-02",
        "● Тестте",
        "17 / 80",
        "1:10:00",
        "—",
        "+5 мүн.",
        "—",
    ]
    assert cell(page, SUBMITTED, "score") == "52 / 80 · жооп берет"
    assert cell(page, SUBMITTED, "question") == "—"
    assert cell(page, SUBMITTED, "remaining") == "—"
    assert cell(page, SUBMITTED, "incidents") == "1"
    assert cell(page, NOT_ARRIVED, "station") == "—"
    header = page.model.headerData(COLUMNS.index("remaining"), Qt.Orientation.Horizontal)
    assert header == KY("Time left")


def test_the_counters_add_up_the_states(page, proctor):
    assert page.total.text() == "Катталган: 6"
    for state, chip in page.counters.items():
        assert chip.text().endswith(": 1"), (state, chip.text())
        assert chip.isVisible()
    assert page.counters[SeatState.SILENT].text() == "⚠ Байланыш жок: 1"
    proctor.start(NOT_ARRIVED, "A-01")
    page.refresh()
    assert page.counters[SeatState.IN_TEST].text() == "● Тестте: 2"
    # A state nobody is in any more leaves the row (in the test and submitted always stay).
    assert page.counters[SeatState.NOT_ARRIVED].isHidden()


def test_the_session_is_described_and_its_incidents_listed(page, proctor):
    assert page.heading.text() == "Бишкек шаарындагы №61 орто мектептин директору"
    assert page.details.text() == (
        "12.08.2026 · 2-смена · Тестирлөө борбору, 2-зал · коддор 09:00–12:30 аралыгында иштейт"
    )
    model = page.incident_model
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        "09:40",
        "Жабдуу бузулду",
        name_of(proctor, SUBMITTED),
        "Чычкан иштебей калды, алмаштырылды.",
        "proctor",
    ]


def test_the_picker_offers_every_session_and_starts_with_the_running_one(page, proctor):
    picker = page.session_picker
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "12.08.2026 · 2-смена · Бишкек шаарындагы №61 орто мектептин директору · талапкерлер: 6",
        "11.08.2026 · 1-смена · Бишкек шаарындагы №61 орто мектептин директору · талапкерлер: 3"
        " · аяктады",
    ]
    assert page.session_id == 1
    page.choose_session(3)
    assert page.view.session_id == 3
    assert page.model.rowCount() == 3
    assert page.ended_note.isVisible()
    choose(page, 301)
    for widget in (page.end_button, page.incident_button, page.resume_button):
        assert not widget.isEnabled()


# -- live ------------------------------------------------------------------------------------------


def test_the_timer_refreshes_every_two_seconds_while_the_page_is_shown(page, timers):
    timer = timers["consoleRefresh"]
    assert timer.interval_ms == REFRESH_MS == 2000
    assert timer.is_active()
    page.hide()
    assert not timer.is_active()
    page.show()
    assert timer.is_active()


def test_a_tick_redraws_only_the_changed_rows_and_keeps_the_selection(page, proctor, timers, qtbot):
    choose(page, IN_TEST)
    changed: list[tuple[int, int]] = []
    page.model.dataChanged.connect(
        lambda first, last, _roles: changed.append((first.row(), last.row()))
    )
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    proctor.seat(IN_TEST).remaining_s = 4190.0
    proctor.seat(IN_TEST).position = 18
    proctor.start(NOT_ARRIVED, "A-01")

    assert timers.fire("consoleRefresh")

    assert resets == []
    assert sorted(changed) == [(0, 0), (1, 1)]
    assert cell(page, IN_TEST, "remaining") == "1:09:50"
    assert cell(page, IN_TEST, "question") == "18 / 80"
    assert cell(page, NOT_ARRIVED, "state") == "● Тестте"
    assert page.selected_seat().registration_id == IN_TEST
    assert page.selected_seat().position == 18
    assert page.resume_button.isEnabled()


def test_a_tick_keeps_the_scroll_position_of_a_long_session(qtbot, timers):
    shift = live_shift()
    proctor = FakeProctor([shift])
    page = make_page(qtbot, proctor, timers)
    page.resize(1180, 500)
    qtbot.wait_until(lambda: page.table.verticalScrollBar().maximum() > 0)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    choose(page, shift.seats[20].registration_id)
    bar.setValue(scrolled)
    proctor.tick(2)
    timers.fire("consoleRefresh")
    assert bar.value() == scrolled
    assert page.selected_seat().registration_id == shift.seats[20].registration_id


def test_a_late_registration_resets_the_table_but_keeps_the_chosen_candidate(page, proctor):
    choose(page, SILENT)
    proctor.add_seat(1, Seat(199, "Осмонова Айжан"))
    page.refresh()
    assert page.model.rowCount() == 7
    assert cell(page, 199, "state") == "○ Келе элек"
    assert page.selected_seat().registration_id == SILENT


# -- decisions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registration_id", "resume", "extra", "absent"),
    [
        (NOT_ARRIVED, False, False, True),
        (IN_TEST, True, True, False),
        (SILENT, True, True, False),
        (SUBMITTED, False, False, False),
        (ABSENT, False, False, False),
        (WITHDRAWN, False, False, False),
    ],
)
def test_actions_are_enabled_by_the_chosen_candidates_state(
    page, registration_id, resume, extra, absent
):
    choose(page, registration_id)
    assert page.resume_button.isEnabled() is resume
    assert page.extra_button.isEnabled() is extra
    assert page.absent_button.isEnabled() is absent
    assert page.incident_button.isEnabled()
    assert page.end_button.isEnabled()


def test_nothing_chosen_enables_only_the_room_wide_actions(page):
    page.table.clearSelection()
    assert page.selected_seat() is None
    assert not page.resume_button.isEnabled()
    assert not page.extra_button.isEnabled()
    assert not page.absent_button.isEnabled()
    assert page.incident_button.isEnabled()


def test_resume_shows_the_silence_and_gives_back_the_minutes_entered(page, proctor, qtbot):
    choose(page, SILENT)
    page.resume_button.click()
    dialog = page.resume_dialog
    assert dialog.isVisible()
    assert dialog.title.text() == f"Станцияны улантуу: {name_of(proctor, SILENT)}"
    assert "A-03 станциясынан 1 мүн. 35 сек. бою белги жок." in dialog.message.text()
    # Nothing is added unless the proctor says so; the minutes offered are the silence.
    assert dialog.no_time.isChecked()
    assert dialog.minutes.value() == 2
    assert not dialog.minutes.isEnabled()
    dialog.give_back.setChecked(True)
    assert dialog.minutes.isEnabled()
    dialog.minutes.setValue(3)
    assert not dialog.ok.isEnabled()
    write(dialog.reason, "Станция кайра жүктөлдү")
    assert dialog.ok.isEnabled()
    dialog.ok.click()

    assert proctor.calls[-1] == (
        "resume_station",
        (SILENT, 180, "Станция кайра жүктөлдү"),
        "operator",
    )
    assert not dialog.isVisible()
    assert cell(page, SILENT, "state") == "● Тестте"
    assert cell(page, SILENT, "granted") == "+3 мүн."
    assert page.notice_text == (
        f"{name_of(proctor, SILENT)}: станция улантылды, 3 мүн. кайтарылып берилди."
    )


def test_resume_with_no_time_added_sends_zero_seconds(page, proctor, qtbot):
    choose(page, IN_TEST)
    page.ask_resume()
    dialog = page.resume_dialog
    assert "A-02 станциясы иштеп жатат." in dialog.message.text()
    write(dialog.reason, "Экран катып калды")
    dialog.ok.click()
    assert proctor.calls[-1] == ("resume_station", (IN_TEST, 0, "Экран катып калды"), "operator")
    assert cell(page, IN_TEST, "granted") == "+5 мүн."


def test_extra_time_raises_the_time_left_and_the_time_granted(page, proctor, qtbot):
    choose(page, IN_TEST)
    page.extra_button.click()
    dialog = page.extra_dialog
    assert dialog.isVisible()
    assert dialog.message.text() == "Азыр калган убакыт: 1:10:00."
    dialog.minutes.setValue(15)
    write(dialog.reason, "Комиссиянын чечими")
    dialog.ok.click()
    assert proctor.calls[-1] == ("add_time", (IN_TEST, 900, "Комиссиянын чечими"), "operator")
    assert cell(page, IN_TEST, "remaining") == "1:25:00"
    assert cell(page, IN_TEST, "granted") == "+20 мүн."
    assert page.selected_seat().registration_id == IN_TEST


@pytest.mark.parametrize("opener", ["ask_resume", "ask_extra_time", "ask_incident"])
def test_a_reason_is_required(page, proctor, qtbot, opener):
    choose(page, IN_TEST)
    getattr(page, opener)()
    dialog = {
        "ask_resume": page.resume_dialog,
        "ask_extra_time": page.extra_dialog,
        "ask_incident": page.incident_dialog,
    }[opener]
    assert not dialog.ok.isEnabled()
    write(dialog.reason, "   ")
    assert not dialog.ok.isEnabled()
    # Even if OK were reached (Enter in a field), a blank reason goes nowhere.
    dialog.accepted.emit()
    assert proctor.calls == []
    assert dialog.isVisible()
    assert dialog.error.text() == KY("Write the reason: it goes into the session's record.")
    write(dialog.reason, "x")
    assert dialog.ok.isEnabled()
    assert dialog.error.isHidden()


def test_mark_absent_asks_with_kyrgyz_yes_and_no_then_marks(page, proctor):
    choose(page, NOT_ARRIVED)
    page.absent_button.click()
    dialog = page.absent_dialog
    assert dialog.isVisible()
    assert (dialog.ok.text(), dialog.cancel.text()) == ("Ооба", "Жок")
    assert dialog.title.text() == f"{name_of(proctor, NOT_ARRIVED)} келген жок деп белгиленсинби?"
    assert dialog.cancel.hasFocus()  # a stray Enter changes nothing
    dialog.ok.click()
    assert proctor.calls[-1] == ("mark_absent", (NOT_ARRIVED,), "operator")
    assert cell(page, NOT_ARRIVED, "state") == "✕ Келген жок"
    assert not page.absent_button.isEnabled()


def test_answering_no_changes_nothing(page, proctor):
    choose(page, NOT_ARRIVED)
    page.ask_absent()
    page.absent_dialog.cancel.click()
    page.ask_end()
    page.end_dialog.cancel.click()
    assert proctor.calls == []
    assert not page.absent_dialog.isVisible()
    assert cell(page, NOT_ARRIVED, "state") == "○ Келе элек"


def test_an_incident_about_the_chosen_candidate(page, proctor, qtbot):
    choose(page, IN_TEST)
    page.incident_button.click()
    dialog = page.incident_dialog
    about = [dialog.about.itemText(i) for i in range(dialog.about.count())]
    assert about == [name_of(proctor, IN_TEST), "Бүт зал"]
    kinds = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert kinds == [KY(name) for name in INCIDENT_KIND_NAMES.values()]
    assert len(kinds) == 5
    dialog.kind.setCurrentIndex(list(INCIDENT_KIND_NAMES).index(IncidentKind.MISCONDUCT))
    write(dialog.reason, "Телефон колдонду")
    dialog.ok.click()
    assert proctor.calls[-1] == (
        "report_incident",
        (1, IN_TEST, IncidentKind.MISCONDUCT, "Телефон колдонду"),
        "operator",
    )
    assert cell(page, IN_TEST, "incidents") == "1"
    newest = [page.incident_model.index(0, c).data() for c in range(1, 4)]
    assert newest == ["Эрежени бузуу", name_of(proctor, IN_TEST), "Телефон колдонду"]
    assert page.notice_text == "Инцидент катталды."


def test_an_incident_about_the_whole_room_when_nobody_is_chosen(page, proctor, qtbot):
    choose(page, IN_TEST)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)  # lets go of the candidate
    assert page.selected_seat() is None
    page.ask_incident()
    dialog = page.incident_dialog
    assert [dialog.about.itemText(i) for i in range(dialog.about.count())] == ["Бүт зал"]
    write(dialog.reason, "Жарык өчтү")
    dialog.ok.click()
    assert proctor.calls[-1] == (
        "report_incident",
        (1, None, IncidentKind.POWER, "Жарык өчтү"),
        "operator",
    )
    assert page.incident_model.index(0, 2).data() == "Бүт зал"


def test_the_incident_can_be_about_the_room_while_a_candidate_is_chosen(page, proctor, qtbot):
    choose(page, SILENT)
    page.ask_incident()
    page.incident_dialog.about.setCurrentIndex(1)
    write(page.incident_dialog.reason, "Ызы-чуу")
    page.incident_dialog.ok.click()
    assert proctor.calls[-1][1][1] is None


def test_ending_a_running_session_is_refused_and_names_who_is_in_the_test(page, proctor):
    page.end_button.click()
    dialog = page.end_dialog
    assert dialog.isVisible()
    assert (dialog.title.text(), dialog.ok.text()) == ("Сеансты аяктайлыбы?", "Ооба")
    dialog.ok.click()
    assert proctor.calls[-1] == ("end_session", (1,), "operator")
    assert not dialog.isVisible()
    names = sorted([name_of(proctor, IN_TEST), name_of(proctor, SILENT)])
    assert page.error_text == (
        f"Тест тапшырып жаткан талапкерлер бар (2), сеансты аяктоого болбойт: {', '.join(names)}."
    )
    assert not page.view.ended


def test_a_session_nobody_is_testing_in_ends(page, proctor):
    proctor.submit(IN_TEST, 61)
    proctor.submit(SILENT, 40)
    page.ask_end()
    page.end_dialog.ok.click()
    assert page.view.ended
    assert cell(page, NOT_ARRIVED, "state") == "✕ Келген жок"
    assert cell(page, SILENT, "score") == "40 / 80 · жооп бербейт"
    assert page.notice_text == "Сеанс аяктады."
    assert page.ended_note.isVisible()
    assert not page.end_button.isEnabled()
    assert page.session_picker.currentText().endswith("· аяктады")


def test_a_decision_the_table_was_behind_on_is_explained(page, proctor, qtbot):
    choose(page, NOT_ARRIVED)
    page.ask_absent()
    proctor.start(NOT_ARRIVED, "A-01")  # the candidate sat down meanwhile
    page.absent_dialog.ok.click()
    assert page.error_text == KY(CANNOT_NOW)
    assert cell(page, NOT_ARRIVED, "state") == "● Тестте"


def test_a_refusal_by_the_service_is_shown(page, proctor, qtbot, monkeypatch):
    def refuse(actor, *_args):
        raise NotPermitted(actor.name, Permission.PROCTOR)

    monkeypatch.setattr(proctor, "add_time", refuse)
    choose(page, IN_TEST)
    page.ask_extra_time()
    write(page.extra_dialog.reason, "себеп")
    page.extra_dialog.ok.click()
    assert not page.extra_dialog.isVisible()
    assert page.error_text == KY(NOT_PERMITTED)


def test_a_staff_member_who_may_not_read_sessions_is_told_so(qtbot, proctor, timers):
    page = make_page(qtbot, proctor, timers, actor=staff("aida"))
    assert page.error_text == KY(NOT_PERMITTED)
    assert page.session_picker.count() == 0
    assert page.model.rowCount() == 0


# -- the observer --------------------------------------------------------------------------------


def test_an_observer_sees_the_console_without_actions(qtbot, proctor, timers):
    page = make_page(qtbot, proctor, timers, actor=OBSERVER)
    assert Role.OBSERVER in OBSERVER.roles
    assert not page.can_act
    assert page.actions.isHidden()
    assert page.read_only_note.isVisible()
    assert page.model.rowCount() == 6
    assert cell(page, SILENT, "state") == "⚠ Байланыш жок: 1:35"
    choose(page, NOT_ARRIVED)
    page.ask_absent()
    page.ask_incident()
    page.ask_end()
    assert not page.absent_dialog.isVisible()
    assert not page.incident_dialog.isVisible()
    assert proctor.calls == []


# -- language and keyboard -----------------------------------------------------------------------


def test_the_page_retranslates_to_russian_keeping_rows_selection_and_an_open_dialog(
    page, proctor, qtbot
):
    choose(page, IN_TEST)
    page.ask_extra_time()
    write(page.extra_dialog.reason, "Причина")
    page.set_language("ru")

    assert page.translator.language == "ru"
    assert page.title.text() == RU("Proctor's console")
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Кандидат"
    assert cell(page, IN_TEST, "state") == "● Проходит тест"
    assert cell(page, SILENT, "state") == "⚠ Нет связи: 1:35"
    assert cell(page, SUBMITTED, "score") == "52 / 80 · соответствует"
    assert cell(page, IN_TEST, "granted") == "+5 мин"
    assert page.counters[SeatState.IN_TEST].text() == "● Проходит тест: 1"
    assert page.heading.text() == "Директор средней школы №61 г. Бишкек"
    assert page.details.text().startswith("12.08.2026 · 2-я смена · Центр тестирования, зал 2")
    assert page.session_picker.itemText(0).endswith("кандидатов: 6")
    assert page.end_button.text() == "Завершить сеанс"
    assert page.incident_model.index(0, 1).data() == "Неисправность оборудования"
    assert page.selected_seat().registration_id == IN_TEST
    dialog = page.extra_dialog
    assert dialog.isVisible()
    assert dialog.title.text() == f"Дополнительное время: {name_of(proctor, IN_TEST)}"
    assert (dialog.ok.text(), dialog.cancel.text()) == ("ОК", "Отмена")
    assert dialog.reason.toPlainText() == "Причина"


def test_a_message_is_redrawn_in_the_new_language(page, proctor):
    page.ask_end()
    page.end_dialog.ok.click()
    assert page.error_text.startswith("Тест тапшырып жаткан талапкерлер бар (2)")
    page.set_language("ru")
    assert page.error_text.startswith("Сеанс нельзя завершить: тест ещё проходят кандидаты (2)")


def test_the_actions_are_reachable_by_keyboard(page):
    page.take_focus()
    assert page.table.hasFocus()
    for widget in (page.resume_button, page.extra_button, page.absent_button):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    choose(page, IN_TEST)
    page.extra_button.setFocus()
    page.extra_button.click()
    assert page.extra_dialog.minutes.hasFocus()


# -- technical problems and appeal windows -------------------------------------------------------


def next_tab_stop(widget):
    """The next widget that Tab stops at after ``widget``."""
    following = widget.nextInFocusChain()
    while not (following.isVisible() and following.focusPolicy() & Qt.FocusPolicy.TabFocus):
        following = following.nextInFocusChain()
    return following


def problem_row(page: ConsolePage, row: int = 0) -> list[str]:
    model = page.problem_model
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_a_reported_problem_shows_at_the_next_tick_without_resetting_the_table(
    page, proctor, timers
):
    choose(page, SILENT)
    assert page.problem_box.isHidden()
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    proctor.report_problem(IN_TEST, ProblemKind.KEYBOARD, "Чычкан иштебейт")

    timers.fire("consoleRefresh")

    assert page.problem_box.isVisible()
    assert page.problems_caption.text() == "✉ " + KY(
        "Technical problems reported by candidates: {count}"
    ).format(count=1)
    assert problem_row(page) == [
        "10:30",
        name_of(proctor, IN_TEST),
        "A-02",
        "17",
        KY("Keyboard or mouse fault"),
        "Чычкан иштебейт",
    ]
    # The seat itself: marked, its whole row tinted, in words in the tooltip.
    assert cell(page, IN_TEST, "candidate") == f"✉ {name_of(proctor, IN_TEST)}"
    for column in ("number", "candidate", "score"):
        brush = cell(page, IN_TEST, column, Qt.ItemDataRole.BackgroundRole)
        assert brush.color().name() == NORMAL.warning_bg
    assert cell(page, IN_TEST, "candidate", Qt.ItemDataRole.ToolTipRole) == KY(
        "Technical problems reported and not yet acknowledged: {count}"
    ).format(count=1)
    assert cell(page, NOT_ARRIVED, "candidate") == name_of(proctor, NOT_ARRIVED)
    # The table was not reset: the proctor's choice stays.
    assert resets == []
    assert page.selected_seat().registration_id == SILENT
    # The oldest open problem is chosen, ready for "Acknowledged".
    assert page.selected_problem().registration_id == IN_TEST
    assert page.acknowledge_button.isEnabled()


def test_a_problem_without_a_question_or_note_shows_dashes(page, proctor):
    proctor.seat(IN_TEST).position = None
    proctor.report_problem(IN_TEST, ProblemKind.OTHER)
    page.refresh()
    assert problem_row(page)[3:] == ["—", KY("Other problem"), "—"]


def test_acknowledging_calls_the_port_and_takes_the_problem_off(page, proctor, timers):
    problem = proctor.report_problem(IN_TEST, ProblemKind.SCREEN, "Экран караңгы")
    timers.fire("consoleRefresh")
    page.acknowledge_button.click()

    assert proctor.calls[-1] == ("acknowledge_problem", (problem.id,), "operator")
    assert page.problem_box.isHidden()
    assert page.problem_model.records == []
    assert cell(page, IN_TEST, "candidate") == name_of(proctor, IN_TEST)
    assert cell(page, IN_TEST, "candidate", Qt.ItemDataRole.BackgroundRole) is None
    assert page.notice_text == KY("{candidate}: the problem is acknowledged.").format(
        candidate=name_of(proctor, IN_TEST)
    )
    assert not page.acknowledge_button.isEnabled()


def test_the_chosen_problem_stays_chosen_when_another_arrives(page, proctor, timers):
    first = proctor.report_problem(IN_TEST, ProblemKind.SCREEN)
    proctor.now += timedelta(minutes=1)
    second = proctor.report_problem(SILENT, ProblemKind.TEXT_MISSING, "Текст жок")
    timers.fire("consoleRefresh")
    assert [p.id for p in page.problem_model.records] == [first.id, second.id]
    page.select_problem(second.id)
    proctor.now += timedelta(minutes=1)
    proctor.report_problem(NOT_ARRIVED, ProblemKind.OTHER)
    timers.fire("consoleRefresh")
    assert len(page.problem_model.records) == 3
    assert page.selected_problem().id == second.id

    page.acknowledge_problem()
    assert proctor.calls[-1][1] == (second.id,)
    assert page.problem_model.records[0].id == first.id
    assert page.selected_problem().id == first.id
    assert page.problems_caption.text().endswith(": 2")


def test_a_problem_acknowledged_elsewhere_is_not_refused(page, proctor):
    problem = proctor.report_problem(IN_TEST, ProblemKind.SCREEN)
    page.refresh()
    proctor.acknowledge_problem(OPERATOR, problem.id)  # another proctor, a moment earlier
    page.acknowledge_button.click()
    assert page.error_text == ""
    assert page.problem_box.isHidden()


def test_the_problems_are_acknowledged_by_keyboard(page, proctor, qtbot):
    problem = proctor.report_problem(SILENT, ProblemKind.PICTURE_MISSING)
    page.refresh()
    assert page.problems.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.acknowledge_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    # Tab goes from the list to its button, then on to the candidates.
    assert next_tab_stop(page.problems) is page.acknowledge_button
    assert next_tab_stop(page.acknowledge_button) is page.table
    page.acknowledge_button.setFocus()
    qtbot.keyClick(page.acknowledge_button, Qt.Key.Key_Space)
    assert proctor.calls[-1] == ("acknowledge_problem", (problem.id,), "operator")
    assert page.problem_box.isHidden()


def test_an_observer_sees_the_problems_but_cannot_acknowledge(qtbot, proctor, timers):
    proctor.report_problem(IN_TEST, ProblemKind.SCREEN)
    page = make_page(qtbot, proctor, timers, actor=OBSERVER)
    assert page.problem_box.isVisible()
    assert page.acknowledge_button.isHidden()
    page.acknowledge_problem()
    assert proctor.calls == []
    assert len(page.problem_model.records) == 1


def test_the_problem_panel_speaks_russian_after_a_switch(page, proctor):
    proctor.report_problem(IN_TEST, ProblemKind.PICTURE_MISSING)
    page.refresh()
    page.set_language("ru")
    assert problem_row(page)[4] == "Нет рисунка"
    assert page.problems_caption.text() == "✉ " + RU(
        "Technical problems reported by candidates: {count}"
    ).format(count=1)
    assert page.acknowledge_button.text() == "✓ " + RU("Acknowledged")
    assert page.problem_model.headerData(5, Qt.Orientation.Horizontal) == "Пояснение кандидата"


def test_the_appeal_window_counts_down_in_the_state_of_a_submitted_seat(page, proctor, timers):
    seat = proctor.seat(SUBMITTED)
    seat.appeal_deadline = proctor.now + timedelta(minutes=42, seconds=10)
    timers.fire("consoleRefresh")
    assert cell(page, SUBMITTED, "state") == "✓ Тапшырды · " + KY("appeal {minutes} min").format(
        minutes=43
    )
    assert cell(page, SUBMITTED, "state", Qt.ItemDataRole.ToolTipRole) == KY(
        "Appeal window: {minutes} min left"
    ).format(minutes=43)
    changed: list[int] = []
    page.model.dataChanged.connect(lambda first, _last, _roles: changed.append(first.row()))
    # Only the clock moves: the countdown's row is redrawn (not the others, no reset).
    proctor.now += timedelta(minutes=42)
    timers.fire("consoleRefresh")
    assert cell(page, SUBMITTED, "state") == "✓ Тапшырды · " + KY("appeal {minutes} min").format(
        minutes=1
    )
    assert changed == [page.model.row_of(SUBMITTED)]
    proctor.now += timedelta(seconds=11)  # past the deadline: the window is gone
    timers.fire("consoleRefresh")
    assert cell(page, SUBMITTED, "state") == "✓ Тапшырды"
    assert cell(page, SUBMITTED, "state", Qt.ItemDataRole.ToolTipRole) is None


def test_an_appeal_filed_is_said_with_its_number(page, proctor):
    seat = proctor.seat(SUBMITTED)
    seat.appeal_deadline = proctor.now + timedelta(minutes=30)
    seat.open_appeal = "A-2026-0001-01-00004"
    page.refresh()
    assert cell(page, SUBMITTED, "state") == "✓ Тапшырды · " + KY("appeal filed")
    assert cell(page, SUBMITTED, "state", Qt.ItemDataRole.ToolTipRole) == KY(
        "Appeal No. {number} is filed and waits for its hearing."
    ).format(number="A-2026-0001-01-00004")
    page.set_language("ru")
    assert cell(page, SUBMITTED, "state") == "✓ Сдал · апелл. подана"


def test_a_candidate_who_submits_gets_an_appeal_window(page, proctor):
    proctor.submit(IN_TEST, 61)
    page.refresh()
    assert cell(page, IN_TEST, "state") == "✓ Тапшырды · апелл. 60 мүн."
    assert cell(page, IN_TEST, "remaining") == "—"
