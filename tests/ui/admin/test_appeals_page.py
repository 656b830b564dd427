"""The appeals page on the in-memory appeal service: the list, filing within the hour, the
commission of a chair and 1 to 5 members, the hearing's attendance, what each role is offered,
the review window and the appeal protocol."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.domain.roles import Role
from kiosk.services.appeal_views import AppealStatus, Attendance
from kiosk.ui.admin.appeal_review import HEARING_REFUSED, AppealReviewScreen
from kiosk.ui.admin.appeals import (
    ALREADY_OPEN,
    COMMISSION_REFUSED,
    MINUTES_LEFT,
    OPEN_APPEAL,
    SCORE_CHANGED,
    SCORE_UNCHANGED,
    STATEMENT_NEEDED,
    STATUS_DECIDED,
    STATUS_HEARING,
    STATUS_NEW,
    STATUS_WAITING,
    WINDOW_CLOSED,
    AppealsPage,
)
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR, staff
from tests.ui.admin.fake_appeals import (
    ABSENT,
    BISHKEK,
    CHAIR_ID,
    CONFLICTED,
    FIRST_MEMBER,
    FakeAppeals,
)
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
CHAIR = staff("gulmira", Role.COMMISSION)


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


def write(field, text: str) -> None:
    """Type any alphabet into a field, key by key (QTest's keyClicks knows only Latin-1)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(field, event)


class Outside:
    """What the page handed to the world outside it: saved and opened files, review windows."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[tuple[str, bytes]] = []
        self.opened: list[Path] = []
        self.reviews: list[AppealReviewScreen] = []

    def save(self, _parent, _caption, suggested: str, data: bytes) -> Path:
        self.saved.append((suggested, data))
        return self.folder / suggested

    def open(self, path: Path) -> bool:
        self.opened.append(path)
        return True

    def show(self, screen: AppealReviewScreen, _near) -> None:
        screen.resize(1366, 768)
        screen.show()
        self.reviews.append(screen)


@pytest.fixture
def fake(tmp_path) -> FakeAppeals:
    return FakeAppeals(tmp_path / "archive")


@pytest.fixture
def outside(tmp_path) -> Outside:
    return Outside(tmp_path)


@pytest.fixture
def open_page(qtbot, fake, outside):
    def make(actor=OPERATOR, language="ky") -> AppealsPage:
        page = AppealsPage(
            fake,
            actor,
            strict,
            BISHKEK,
            language=language,
            now=lambda: fake.now,
            save_file=outside.save,
            open_document=outside.open,
            show_review=outside.show,
        )
        qtbot.addWidget(page)
        page.resize(1180, 718)
        page.show()
        return page

    return make


def filing_rows(page: AppealsPage) -> list[tuple[str, ...]]:
    table = page.filing_dialog.table
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


# -- the list --------------------------------------------------------------------------------------


def test_the_appeals_are_listed_newest_first_with_their_state_and_scores(open_page):
    page = open_page(ADMIN)
    rows = page.row_texts()
    assert [row["number"] for row in rows] == [
        "2026-005",
        "2026-004",
        "2026-003",
        "2026-002",
        "2026-001",
    ]
    by_number = {row["number"]: row for row in rows}
    assert by_number["2026-005"]["status"] == KY(STATUS_NEW)
    assert by_number["2026-003"]["status"] == KY(STATUS_HEARING)
    assert by_number["2026-002"]["status"] == KY(STATUS_DECIDED[AppealStatus.SATISFIED])
    assert by_number["2026-001"]["status"] == KY(STATUS_DECIDED[AppealStatus.REJECTED])
    assert by_number["2026-002"]["score"] == KY(SCORE_CHANGED).format(old=14, new=15, total=20)
    assert by_number["2026-001"]["score"] == KY(SCORE_UNCHANGED).format(old=14, total=20)
    assert by_number["2026-003"]["code"] == "K7PM-42QX"
    assert by_number["2026-003"]["filed"] == "12.08.2026 10:44"


def test_the_chosen_appeal_is_told_in_full(open_page):
    page = open_page(ADMIN)
    page.select_appeal(3)
    assert page.detail_text("statement").startswith("12-суроодо мен А жообун тандагам")
    hearing = page.detail_text("hearing")
    assert "12:05" in hearing
    assert "Сыдыкова Айнура Кубанычбековна (Талапкердин жакын тууганы)" in hearing
    assert "Токтогулов Эрмек Жумабекович" in hearing  # absent
    page.select_appeal(2)
    assert "TP-2026-0004-2" in page.detail_text("decision")


# -- filing ----------------------------------------------------------------------------------------


def test_filing_finds_the_test_by_the_candidates_name(open_page, fake):
    page = open_page(OPERATOR)
    page.file_button.click()
    dialog = page.filing_dialog
    assert dialog.isVisible()
    assert len(filing_rows(page)) == 4  # every test whose window is open
    write(dialog.search, "осмон")
    rows = filing_rows(page)
    assert rows == [
        ("Осмонова Гүлнара Асановна", "G8LC-3MTW", "11:44", KY(MINUTES_LEFT).format(minutes=24))
    ]
    write(dialog.statement, "Суроолордун сүрөттөрү ачылган жок.")
    dialog.ok.click()
    assert fake.calls_of("file_appeal") == [(6, "Суроолордун сүрөттөрү ачылган жок.")]
    assert not dialog.isVisible()
    assert "2026-006" in page.notice_text and "12:20" in page.notice_text
    assert page.current.number == "2026-006"
    assert page.row_texts()[0]["name"] == "Осмонова Гүлнара Асановна"


def test_filing_finds_the_test_by_its_code_typed_loosely(open_page, fake):
    page = open_page(OPERATOR)
    page.file_button.click()
    write(page.filing_dialog.search, "s5vk 2dpy")
    assert [row[0] for row in filing_rows(page)] == ["Сидоренко Анна Викторовна"]
    assert page.filing_dialog.chosen.attempt_id == 8


def test_a_search_without_a_match_says_so(open_page):
    page = open_page(OPERATOR)
    page.file_button.click()
    write(page.filing_dialog.search, "Бекмуратова")  # her window closed at 11:09
    assert not page.filing_dialog.table.isVisible()
    assert "Бекмуратова" in page.filing_dialog.empty.text()


def test_the_statement_is_required(open_page, fake):
    page = open_page(OPERATOR)
    page.file_button.click()
    write(page.filing_dialog.search, "Сидоренко")
    write(page.filing_dialog.statement, "   ")
    page.filing_dialog.ok.click()
    assert page.filing_dialog.isVisible()
    assert page.filing_dialog.error.text() == KY(STATEMENT_NEEDED)
    assert fake.calls_of("file_appeal") == []


def test_a_window_that_closed_meanwhile_is_refused_with_the_time_it_closed(open_page, fake):
    page = open_page(OPERATOR)
    page.file_button.click()
    write(page.filing_dialog.search, "Төлөгөнов")
    assert filing_rows(page)[0][3] == KY(MINUTES_LEFT).format(minutes=5)
    write(page.filing_dialog.statement, "Жооптор сакталган жок.")
    fake.now += timedelta(minutes=6)  # the candidate came back too late
    page.filing_dialog.ok.click()
    assert page.filing_dialog.isVisible()
    assert page.filing_dialog.error.text() == KY(WINDOW_CLOSED).format(time="12:24")
    assert "12:24" in page.filing_dialog.error.text()
    assert len(fake.appeals(OPERATOR)) == 5  # nothing filed
    assert filing_rows(page) == []  # the list now knows it too


def test_an_appeal_already_open_is_refused_with_its_number(open_page, fake):
    page = open_page(OPERATOR, language="ru")
    page.file_button.click()
    write(page.filing_dialog.search, "Жолдошев")
    assert filing_rows(page)[0][3] == RU(OPEN_APPEAL).format(number="2026-005")
    write(page.filing_dialog.statement, "Ещё одно заявление.")
    page.filing_dialog.ok.click()
    assert page.filing_dialog.error.text() == RU(ALREADY_OPEN).format(number="2026-005")
    assert len(fake.appeals(OPERATOR)) == 5


# -- the commission ------------------------------------------------------------------------------


def test_the_commission_needs_a_chair_and_one_to_five_members(open_page, fake):
    page = open_page(ADMIN)
    page.select_appeal(5)
    page.commission_button.click()
    dialog = page.commission_dialog
    assert dialog.isVisible() and dialog.session_wide
    assert dialog.chair_id is None and not dialog.ok.isEnabled()
    dialog.choose_chair(CHAIR_ID)
    write(dialog.basis, "№52 буйрук, 12.08.2026")
    assert not dialog.ok.isEnabled()  # no member yet
    others = [person.account_id for person in dialog.people if person.account_id != CHAIR_ID]
    dialog.set_members(others)  # six ticked one by one: the sixth is refused
    assert len(dialog.member_ids) == 5
    assert dialog.error.text() == KY(COMMISSION_REFUSED["too_many"])
    assert dialog.ok.isEnabled()
    dialog.choose_chair(dialog.member_ids[0])  # a member becomes the chair: no longer a member
    new_chair = dialog.chair_id
    assert new_chair not in dialog.member_ids and len(dialog.member_ids) == 4
    dialog.ok.click()
    assert not dialog.isVisible()
    chair, members, basis, session_id, appeal_id = fake.calls_of("compose_commission")[0]
    assert (chair, len(members), session_id, appeal_id) == (new_chair, 4, 2, None)
    assert basis == "№52 буйрук, 12.08.2026"
    assert page.current.appeal_id == 5
    assert page.row_texts()[0]["status"] == KY(STATUS_WAITING)


def test_a_commission_for_one_appeal_alone(open_page, fake):
    page = open_page(ADMIN)
    page.select_appeal(5)
    page.commission_button.click()
    dialog = page.commission_dialog
    dialog.for_appeal.click()
    dialog.choose_chair(CHAIR_ID)
    dialog.set_members([FIRST_MEMBER])
    write(dialog.basis, "№53 буйрук")
    dialog.ok.click()
    assert fake.calls_of("compose_commission")[0][3:] == (None, 5)
    assert fake.session_commission(ADMIN, 2) is None


def test_a_refusal_of_the_service_is_worded(open_page, fake):
    page = open_page(ADMIN)
    page.select_appeal(5)
    page.commission_button.click()
    dialog = page.commission_dialog
    dialog.choose_chair(CHAIR_ID)
    dialog.set_members([FIRST_MEMBER, CONFLICTED])
    write(dialog.basis, "№52 буйрук")
    # Meanwhile the account lost its commission role.
    fake.accounts[CONFLICTED] = replace(fake.accounts[CONFLICTED], commission=False)
    dialog.ok.click()
    assert dialog.isVisible()
    assert dialog.error.text() == KY(COMMISSION_REFUSED["not_commission"]).format(
        detail="Сыдыкова Айнура Кубанычбековна"
    )


# -- the hearing --------------------------------------------------------------------------------


def compose_for_session_two(fake: FakeAppeals) -> None:
    fake.compose_commission(
        ADMIN, chair=CHAIR_ID, members=[FIRST_MEMBER, CONFLICTED, ABSENT], basis="№52", session_id=2
    )


def test_the_hearing_records_who_is_present_and_any_conflict(open_page, fake):
    compose_for_session_two(fake)
    page = open_page(CHAIR)
    page.select_appeal(5)
    assert page.hearing_button.isEnabled()
    page.hearing_button.click()
    dialog = page.hearing_dialog
    assert dialog.names[0].text().startswith("Абдыраева Гүлмира")
    assert len(dialog.attending) == 4 and all(box.isChecked() for box in dialog.attending)
    dialog.attending[3].click()  # Токтогулов is absent
    assert not dialog.conflicts[3].isEnabled()
    write(dialog.conflicts[2], "Талапкердин классташы")
    assert "Сыдыкова" not in dialog.taking_part.text()
    dialog.ok.click()
    assert not dialog.isVisible()
    (appeal_id, attendance) = fake.calls_of("open_hearing")[0]
    assert appeal_id == 5
    assert attendance == (
        Attendance(CHAIR_ID, True, ""),
        Attendance(FIRST_MEMBER, True, ""),
        Attendance(CONFLICTED, True, "Талапкердин классташы"),
        Attendance(ABSENT, False, ""),
    )
    hearing = page.detail_text("hearing")
    assert "Талапкердин классташы" in hearing and "Токтогулов" in hearing
    assert page.row_texts()[0]["status"] == KY(STATUS_HEARING)
    # Токтогулов comes late: the attendance is recorded again, starting from what was recorded.
    page.hearing_button.click()
    assert not dialog.attending[3].isChecked()
    assert dialog.conflicts[2].text() == "Талапкердин классташы"
    dialog.attending[3].click()
    dialog.ok.click()
    assert fake.calls_of("open_hearing")[1][1][3] == Attendance(ABSENT, True, "")
    absent = KY("Absent: {names}.").split(":")[0]
    assert absent in hearing and absent not in page.detail_text("hearing")


def test_the_hearing_cannot_go_on_without_the_chair(open_page, fake):
    compose_for_session_two(fake)
    page = open_page(CHAIR)
    page.select_appeal(5)
    page.hearing_button.click()
    page.hearing_dialog.attending[0].click()
    page.hearing_dialog.ok.click()
    assert page.hearing_dialog.isVisible()
    assert page.hearing_dialog.error.text() == KY(HEARING_REFUSED["chair_absent"])


# -- roles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "offered"),
    [
        (ADMIN, {"file", "commission", "protocol"}),
        (OPERATOR, {"file", "protocol"}),
        (OBSERVER, {"protocol"}),
        (CHAIR, {"hearing", "review", "protocol"}),
    ],
)
def test_each_role_is_offered_what_it_may_do(open_page, actor, offered):
    page = open_page(actor)
    buttons = {
        "file": page.file_button,
        "commission": page.commission_button,
        "hearing": page.hearing_button,
        "review": page.review_button,
        "protocol": page.protocol_button,
    }
    shown = {key for key, widget in buttons.items() if widget.isVisibleTo(page)}
    assert shown == offered
    assert page.open_protocol_button.isVisibleTo(page)


def test_only_the_commission_opens_the_review_with_the_keys(open_page, fake, outside):
    page = open_page(ADMIN)
    page.select_appeal(3)
    assert page.open_review() is None  # no Review action, and no call either
    assert fake.calls_of("review") == []
    page = open_page(CHAIR)
    page.select_appeal(3)
    page.review_button.click()
    screen = page.review_screen
    assert screen is not None and outside.reviews == [screen]
    assert screen.isWindow() and screen.isVisible()
    assert screen.appeal.number == "2026-003"
    assert fake.calls_of("review") == [(3,)]


def test_a_decision_in_the_review_updates_the_list(open_page, fake):
    page = open_page(CHAIR)
    page.select_appeal(3)
    page.review_button.click()
    screen = page.review_screen
    screen.show_question(6)
    screen.choose_state("fault")
    screen.finding_text.setPlainText("Сүрөт станцияга жүктөлгөн эмес.")
    screen.summary.setPlainText("7-суроо боюнча техникалык ката тастыкталды.")
    screen.decide_button.click()
    screen.confirm.ok.click()
    assert page.row_texts()[2]["status"] == KY(STATUS_DECIDED[AppealStatus.SATISFIED])
    assert "2026-003" in page.notice_text and "12" in page.notice_text
    assert page.protocol_button.isEnabled()


# -- the protocol ------------------------------------------------------------------------------


def test_the_protocol_of_a_decided_appeal_is_saved_and_opened(open_page, fake, outside):
    page = open_page(OBSERVER)
    page.select_appeal(3)
    assert not page.protocol_button.isEnabled()
    page.select_appeal(2)
    assert page.protocol_button.isEnabled() and page.open_protocol_button.isEnabled()
    page.protocol_button.click()
    [(suggested, data)] = outside.saved
    assert suggested == "appeal-protocol-2026-002.pdf" and data.startswith(b"%PDF")
    assert str(outside.folder / suggested) in page.notice_text
    page.open_protocol_button.click()
    assert outside.opened == [fake.archive / "appeals" / "2026-002.pdf"]


def test_the_page_switches_language(open_page):
    page = open_page(ADMIN)
    page.set_translator(RU)
    assert page.title.text() == RU("Technical appeals")
    assert page.row_texts()[0]["status"] == RU(STATUS_NEW)
