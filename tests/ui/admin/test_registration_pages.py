"""The candidates and sessions pages on the real services (SQLite): registering applications
with their refusals in words, withdrawing, scheduling, seating with codes whose slips are saved at
once, reissuing a code, the registration sheet, the observers, and what each role is offered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.clock import FakeClock
from kiosk.domain.candidates import PinProblem
from kiosk.services.competition_views import CompetitionTerms, Vacancy
from kiosk.services.demo import SETUP, made_up_pin
from kiosk.services.session_views import SeatState
from kiosk.storage.models import ExamSession
from kiosk.ui.admin.registration import (
    APPLICATION_REFUSED,
    CONSENT_MISSING,
    PIN_PROBLEMS,
    REASON_MISSING,
    REGISTRATION_REFUSED,
    CandidatesPage,
    SessionsPage,
    application_problems,
)
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR
from tests.helpers.competition import World, make_world
from tests.helpers.sittings import SMALL_BLUEPRINT, TEST_VACANCY
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
BISHKEK = ZoneInfo("Asia/Bishkek")
GOOD_PIN = "21503199000123"


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


@pytest.fixture
def world(qapp, tmp_path) -> Iterator[World]:
    built = make_world(f"sqlite:///{tmp_path / 'k.db'}", tmp_path / "data", FakeClock())
    yield built
    built.kiosk.close()


class Saver:
    """Stands in for the save dialog: records what was offered, writes it, or cancels."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.offered: list[tuple[str, bytes]] = []
        self.cancel = False

    def __call__(self, _parent, _caption: str, suggested: str, data: bytes) -> Path | None:
        self.offered.append((suggested, data))
        if self.cancel:
            return None
        path = self.folder / suggested
        path.write_bytes(data)
        return path


def candidates_page(qtbot, world: World, actor=OPERATOR, language="ky") -> CandidatesPage:
    page = CandidatesPage(
        world.kiosk.competitions,
        actor,
        strict,
        BISHKEK,
        language=language,
        now=world.clock.now,
    )
    qtbot.addWidget(page)
    page.resize(1180, 718)
    page.show()
    page.select_competition(world.competition_id)
    return page


def sessions_page(qtbot, world: World, saver: Saver, actor=OPERATOR, language="ky") -> SessionsPage:
    page = SessionsPage(
        world.kiosk.competitions,
        world.kiosk.exam_sessions,
        world.kiosk.proctor,
        actor,
        strict,
        BISHKEK,
        language=language,
        save_file=saver,
        now=world.clock.now,
    )
    qtbot.addWidget(page)
    page.resize(1180, 718)
    page.show()
    page.select_competition(world.competition_id)
    return page


def fill_application(page: CandidatesPage, name: str, pin: str, *, consent: bool = True) -> None:
    page.open_registration()
    page.dialog.full_name.setText(name)
    page.dialog.pin.setText(pin)
    page.dialog.phone.setText("+996 555 123 456")
    page.dialog.consent.setChecked(consent)


# -- candidates -----------------------------------------------------------------------------------


def test_a_candidate_is_registered_and_listed_in_kyrgyz_order(qtbot, world):
    world.add("Өмүрова Айжан")
    world.add("Ысаков Бакыт")
    page = candidates_page(qtbot, world)
    fill_application(page, "  Нурланов   Ңурбек ", GOOD_PIN)
    page.dialog.ok.click()

    assert not page.dialog.isVisible()
    assert page.notice_text == "Катталды: Нурланов Ңурбек."
    # Kyrgyz order: Ө follows О, long before Ы (a code-point sort puts Ө after Я).
    assert [view.full_name for view in page.candidates] == [
        "Нурланов Ңурбек",
        "Өмүрова Айжан",
        "Ысаков Бакыт",
    ]
    assert page.table.item(0, 2).text() == "…0123"
    assert page.table.item(0, 3).text() == "Жол берилди"
    assert page.current is not None and page.current.full_name == "Нурланов Ңурбек"


def test_a_bad_personal_number_is_named_as_it_is_typed(qtbot, world):
    page = candidates_page(qtbot, world)
    fill_application(page, "Асанов Асан", "2150319900012")
    assert page.dialog.pin_message == "Жеке номер 14 сандан турат; 13 терилди."
    page.dialog.pin.setText("31503199000123")
    assert page.dialog.pin_message == KY(PIN_PROBLEMS[PinProblem.SEX])
    page.dialog.pin.setText("23102199000123")
    assert page.dialog.pin_message == KY(PIN_PROBLEMS[PinProblem.BIRTH_DATE])
    page.dialog.ok.click()

    assert page.dialog.isVisible()
    assert page.dialog.error.text() == KY(PIN_PROBLEMS[PinProblem.BIRTH_DATE])
    assert page.candidates == []
    page.dialog.pin.setText(GOOD_PIN)
    assert page.dialog.pin_message == "✓ Жеке номер туура түзүлгөн."


def test_without_consent_nothing_is_registered(qtbot, world):
    page = candidates_page(qtbot, world, language="ru")
    fill_application(page, "Асанов Асан", GOOD_PIN, consent=False)
    page.dialog.ok.click()
    assert page.dialog.isVisible()
    assert page.dialog.error.text() == RU(CONSENT_MISSING)
    assert world.kiosk.competitions.candidates(ADMIN, world.competition_id) == []


def test_not_admitted_needs_a_reason_and_shows_it(qtbot, world):
    page = candidates_page(qtbot, world)
    fill_application(page, "Асанов Асан", GOOD_PIN)
    page.dialog.not_admitted.setChecked(True)
    assert page.dialog.reason.isEnabled()
    page.dialog.ok.click()
    assert page.dialog.error.text() == KY(REASON_MISSING)
    page.dialog.reason.setText("педагогикалык стажы 7 жылдан аз")
    page.dialog.ok.click()
    assert page.table.item(0, 3).text() == "Жол берилген жок: педагогикалык стажы 7 жылдан аз"


def test_a_person_below_the_threshold_is_refused_with_the_date_of_cl_28(qtbot, world):
    failed = world.add("Асанов Асан", pin=GOOD_PIN)
    (code,) = world.seat(failed)
    world.sit(code, right=2)  # 2 of 10, threshold 6: below it on 23.11.2026
    later = world.kiosk.competitions.create_competition(
        SETUP,
        CompetitionTerms(
            Vacancy(
                institution=dict(TEST_VACANCY.institution),
                post={"ky": "Мектеп директору", "ru": "Директор школы"},
                school={"ky": "№9 мектеп", "ru": "Школа №9"},
            ),
            SMALL_BLUEPRINT,
            30 * 60,
        ),
    )
    page = candidates_page(qtbot, world)
    page.select_competition(later)
    fill_application(page, "Асанов Асан", GOOD_PIN)
    page.dialog.ok.click()

    assert page.dialog.isVisible()
    assert page.dialog.error.text() == KY(APPLICATION_REFUSED["reentry"]).format(date="23.11.2027")
    assert "23.11.2027" in page.dialog.error.text()
    assert world.kiosk.competitions.candidates(ADMIN, later) == []


def test_a_second_application_of_the_same_person_is_refused(qtbot, world):
    world.add("Асанов Асан", pin=GOOD_PIN)
    page = candidates_page(qtbot, world)
    fill_application(page, "Асанов Асан", GOOD_PIN)
    page.dialog.ok.click()
    assert page.dialog.error.text() == KY(APPLICATION_REFUSED["duplicate"])


def test_a_withdrawal_is_confirmed_then_recorded(qtbot, world):
    world.add("Асанов Асан")
    page = candidates_page(qtbot, world)
    page.select_candidate(page.candidates[0].id)
    page.ask_withdraw()
    assert page.withdraw_dialog.isVisible()
    assert "Асанов Асан" in page.withdraw_dialog.message.text()
    page.withdraw_dialog.cancel.click()
    assert page.candidates[0].status == "admitted"

    page.ask_withdraw()
    page.withdraw_reason.setText("ден соолугуна байланыштуу")
    page.withdraw_dialog.ok.click()
    assert page.candidates[0].status == "withdrawn"
    assert page.table.item(0, 3).text() == "Конкурстан баш тартты"
    assert not page.withdraw_button.isEnabled()


def test_the_form_check_names_every_problem_at_once():
    problems = application_problems("", "12", False, False, "", date(2026, 11, 23))
    assert [text for text, _values in problems] == [
        APPLICATION_REFUSED["name"],
        PIN_PROBLEMS[PinProblem.LENGTH],
        CONSENT_MISSING,
        REASON_MISSING,
    ]


# -- sessions -------------------------------------------------------------------------------------


def test_seating_issues_codes_and_offers_their_slips_at_once(qtbot, world, tmp_path):
    first, second = world.add("Асанов Асан"), world.add("Үсөнова Гүлзат")
    world.add("Болотов Марат", admitted=False)
    saver = Saver(tmp_path)
    page = sessions_page(qtbot, world, saver)
    assert [choice.session_id for choice in page.sessions] == [world.session_id]
    page.open_seating()
    # Only the admitted candidates without a seat are offered, every one ticked.
    assert [view.id for view in page.seat_dialog.candidates] == [first, second]
    assert page.seat_dialog.chosen == [first, second]
    page.seat_dialog.ok.click()

    assert len(saver.offered) == 1
    name, data = saver.offered[0]
    assert data.startswith(b"%PDF")
    assert name == "code-slips-2026-11-23-1.pdf"
    assert not page.has_unsaved_codes
    assert page.unsaved_text == ""
    assert str(tmp_path / name) in page.notice_text
    assert sorted(seat.candidate_name for seat in page.seated) == ["Асанов Асан", "Үсөнова Гүлзат"]
    page.open_seating()
    assert page.seat_dialog.candidates == []
    assert not page.seat_dialog.ok.isEnabled()


def test_unsaved_slips_are_warned_about_until_saved(qtbot, world, tmp_path):
    world.add("Асанов Асан")
    saver = Saver(tmp_path)
    saver.cancel = True
    page = sessions_page(qtbot, world, saver)
    page.open_seating()
    page.seat_dialog.ok.click()

    assert page.has_unsaved_codes
    assert "1 жаңы код сактала элек" in page.unsaved_text
    assert page.save_slips_button.isVisible()
    saver.cancel = False
    page.save_slips_button.click()
    assert not page.has_unsaved_codes
    assert saver.offered[-1][1].startswith(b"%PDF")
    assert page.save_slips_button.isHidden()


def test_a_reissued_code_replaces_the_old_one_and_its_slip_is_offered(qtbot, world, tmp_path):
    candidate = world.add("Асанов Асан")
    (old,) = world.seat(candidate)
    saver = Saver(tmp_path)
    page = sessions_page(qtbot, world, saver)
    page.select_seat(old.registration_id)
    assert page.seat is not None and page.seat.state is SeatState.NOT_ARRIVED
    page.ask_reissue()
    assert "Асанов Асан" in page.reissue_dialog.message.text()
    page.reissue_dialog.ok.click()

    assert len(saver.offered) == 1 and saver.offered[0][1].startswith(b"%PDF")
    assert world.kiosk.attempts.login(old.code).briefing is None


def test_a_code_cannot_be_reissued_once_the_test_began(qtbot, world, tmp_path):
    candidate = world.add("Асанов Асан")
    (code,) = world.seat(candidate)
    page = sessions_page(qtbot, world, Saver(tmp_path))
    world.sit(code, right=3, submit=False)
    # The list still shows "not arrived"; the service refuses, and the page says why.
    page.select_seat(code.registration_id)
    page.ask_reissue()
    page.reissue_dialog.ok.click()
    assert page.reissue_dialog.error.text() == KY(REGISTRATION_REFUSED["started"]).format(
        candidate="Асанов Асан"
    )


def test_a_session_is_scheduled_through_the_dialog(qtbot, world, tmp_path):
    page = sessions_page(qtbot, world, Saver(tmp_path), language="ru")
    page.open_new_session()
    dialog = page.session_dialog
    dialog.ok.click()
    assert dialog.error.text() == RU("Write the place in Kyrgyz and in Russian.")
    dialog.shift.setValue(2)
    dialog.place["ky"].setText("Ош ш., 3-зал")
    dialog.place["ru"].setText("г. Ош, зал 3")
    dialog.stations.setPlainText("PC-01\n\nPC-02\n")
    dialog.ok.click()

    assert not dialog.isVisible()
    assert page.notice_text == "Назначен сеанс 24.11.2026, смена 2."
    new = page.session
    assert new is not None and new.session_id != world.session_id
    assert new.session_date == date(2026, 11, 24) and new.shift == 2
    with world.kiosk.sessions() as session:
        row = session.get(ExamSession, new.session_id)
        assert row.stations == ["PC-01", "PC-02"]
        assert row.place == {"ky": "Ош ш., 3-зал", "ru": "г. Ош, зал 3"}


def test_a_draft_competition_gets_no_session(qtbot, world, tmp_path):
    draft = world.kiosk.competitions.create_competition(
        SETUP, CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 30 * 60)
    )
    page = sessions_page(qtbot, world, Saver(tmp_path))
    page.select_competition(draft)
    page.open_new_session()
    page.session_dialog.place["ky"].setText("Бишкек, 2-зал")
    page.session_dialog.place["ru"].setText("Бишкек, зал 2")
    page.session_dialog.ok.click()
    assert page.session_dialog.error.text() == KY(REGISTRATION_REFUSED["terms_not_approved"])


def test_the_registration_sheet_and_the_observers(qtbot, world, tmp_path):
    world.seat(world.add("Асанов Асан"))
    saver = Saver(tmp_path)
    page = sessions_page(qtbot, world, saver)
    path = page.save_registration_sheet()
    assert path == tmp_path / "registration-sheet-2026-11-23-1.pdf"
    assert path.read_bytes().startswith(b"%PDF")

    page.open_observers()
    page.observer_names.setPlainText("Сатыбалдиева Бермет\n\n  Кадыров   Руслан ")
    page.observers_dialog.ok.click()
    assert page.notice_text == "Байкоочулар жазылды: 2."
    with world.kiosk.sessions() as session:
        assert session.get(ExamSession, world.session_id).observers == [
            "Сатыбалдиева Бермет",
            "Кадыров Руслан",
        ]
    page.open_observers()  # a correction starts from the list recorded
    assert page.observer_names.toPlainText() == "Сатыбалдиева Бермет\nКадыров Руслан"


def test_an_observer_sees_the_lists_but_no_action(qtbot, world, tmp_path):
    world.seat(world.add("Асанов Асан"))
    sessions = sessions_page(qtbot, world, Saver(tmp_path), actor=OBSERVER)
    candidates = candidates_page(qtbot, world, actor=OBSERVER)
    for action in (
        sessions.new_button,
        sessions.sheet_button,
        sessions.observers_button,
        sessions.seat_button,
        sessions.reissue_button,
        candidates.register_button,
        candidates.withdraw_button,
    ):
        assert action.isHidden(), action.objectName()
    assert [seat.candidate_name for seat in sessions.seated] == ["Асанов Асан"]
    assert [view.full_name for view in candidates.candidates] == ["Асанов Асан"]


def test_the_language_switch_redraws_both_pages(qtbot, world, tmp_path):
    world.seat(world.add("Асанов Асан"))
    sessions = sessions_page(qtbot, world, Saver(tmp_path))
    candidates = candidates_page(qtbot, world)
    sessions.set_translator(RU)
    candidates.set_translator(RU)
    assert sessions.title.text() == "Сеансы и коды"
    assert sessions.seats.item(0, 2).text() == "Ещё не пришёл"
    assert candidates.table.item(0, 3).text() == "Допущен"
    assert candidates.count.text() == "Кандидатов: 1, допущено: 1"


def test_made_up_numbers_are_well_formed():
    # The helpers' numbers pass the page's own check (otherwise the tests above prove nothing).
    assert application_problems("А", made_up_pin(7), True, True, "", date(2026, 11, 23)) == []
