"""The commission's review screen on the in-memory appeal service: the question exactly as the
candidate saw it with the choice and the key, the filters and the navigator's keys, the answer
timeline, the findings and the score the service recomputes, the decision and its refusals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.roles import Role
from kiosk.services.appeal_views import AppealStatus, Finding, TimelineKind
from kiosk.ui.admin.appeal_review import (
    AT_QUESTION,
    CLEARED_FINAL,
    FAULT,
    FINDING_TEXT_NEEDED,
    HEARING_REFUSED,
    KIND_NAMES,
    NO_FAULT,
    NO_MATCH,
    NOT_HEARD_NOTE,
    PROBLEM,
    REVIEW_PT,
    SELECTED,
    SELECTED_FINAL,
    SUMMARY_NEEDED,
    AppealReviewScreen,
    Filter,
)
from tests.helpers.actors import ADMIN, staff
from tests.ui.admin.fake_appeals import (
    BISHKEK,
    CHAIR_ID,
    FIRST_MEMBER,
    TEST,
    FakeAppeals,
)
from tests.ui.admin.test_appeals_page import write
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
CHAIR = staff("gulmira", Role.COMMISSION)
CHOSEN = KY("Candidate's answer")
#: A commission member who does not sit on this session's commission.
OUTSIDER = staff("chynara", Role.COMMISSION)
#: Asanov's appeal (Kyrgyz, hearing open), Petrova's (Russian), Bekmuratova's (decided, clean).
ASANOV, PETROVA, BEKMURATOVA = 3, 4, 1


@pytest.fixture
def fake(tmp_path) -> FakeAppeals:
    return FakeAppeals(tmp_path)


@pytest.fixture
def open_review(qtbot, fake):
    def make(appeal_id=ASANOV, actor=CHAIR, translator=KY) -> AppealReviewScreen:
        screen = AppealReviewScreen(fake, actor, fake.review(actor, appeal_id), translator, BISHKEK)
        qtbot.addWidget(screen)
        screen.resize(1366, 768)
        screen.show()
        return screen

    return make


def option_texts(screen: AppealReviewScreen) -> list[tuple[str, str, str]]:
    """Letter, text and marks of each option shown."""
    return [
        (row.letter.text(), row.text.text(), row.marks.text())
        for row in screen.option_rows
        if row.isVisibleTo(screen)
    ]


def test_the_question_is_shown_as_the_candidate_saw_it(open_review, fake):
    screen = open_review()
    screen.show_question(11)  # "I chose А but it shows Г"
    question = TEST[11]
    assert screen.stem.text() == question.stem["ky"]
    assert option_texts(screen) == [
        ("А", question.options[0]["ky"], f"✓ {KY('Key')}"),
        ("Б", question.options[1]["ky"], ""),
        ("В", question.options[2]["ky"], ""),
        ("Г", question.options[3]["ky"], f"◉ {CHOSEN}   ✗ {KY('Not the key')}"),
    ]
    assert screen.option_rows[3].property("look") == "wrong"
    assert screen.option_rows[0].property("look") == "key"
    verdict = screen.verdict_label.text()
    assert verdict.startswith("✗") and "Г" in verdict and "А" in verdict
    assert question.uid in screen.section_label.text()


def test_the_options_keep_the_candidates_shuffled_order(open_review, fake):
    screen = open_review()
    screen.show_question(1)
    item = fake.attempts[1].item(1)
    shown = option_texts(screen)
    assert [letter for letter, _text, _marks in shown] == ["А", "Б", "В", "Г"]
    assert [text for _letter, text, _marks in shown] == [option.text for option in item.options]
    assert [option.key for option in item.options] != ["a", "b", "c", "d"]  # really shuffled
    key_row = next(i for i, option in enumerate(item.options) if option.correct)
    assert shown[key_row][2] == f"✓ {KY('Key')}"


def test_a_situation_and_a_missing_picture_are_shown(open_review):
    screen = open_review()
    screen.show_question(8)
    assert screen.scenario_box.isVisibleTo(screen)
    assert screen.scenario.text().startswith("Окуу жылынын ортосунда")
    screen.show_question(6)
    assert not screen.scenario_box.isVisibleTo(screen)
    assert "mgt-002-structure.png" in screen.pictures.text()
    assert screen.verdict_label.text().startswith("—")
    assert "⚠" in screen.verdict_label.text()


def test_the_filters_narrow_the_navigator(open_review):
    screen = open_review()
    assert screen.listed_positions() == list(range(20))
    screen.filter_buttons[Filter.WRONG].click()
    assert screen.listed_positions() == [1, 3, 5, 9, 11, 12, 14]
    assert screen.navigator.count() == 7
    assert screen.navigator.item(0).text() == "2.  ✗"
    screen.filter_buttons[Filter.UNANSWERED].click()
    assert screen.listed_positions() == [6, 18]
    assert screen.navigator.item(0).text() == "7.  — ⚠"
    assert screen.current_position == 6
    screen.filter_buttons[Filter.FLAGGED].click()
    assert screen.listed_positions() == [5, 12, 18]
    assert screen.filter_buttons[Filter.FLAGGED].text() == f"{KY('Marked')} (3)"


def test_a_filter_with_no_match_says_so(open_review):
    screen = open_review(BEKMURATOVA)  # every question answered, none marked
    screen.filter_buttons[Filter.UNANSWERED].click()
    assert screen.listed_positions() == []
    assert not screen.navigator.isVisibleTo(screen)
    assert screen.no_match.isVisibleTo(screen)
    assert screen.no_match.text() == KY(NO_MATCH[Filter.UNANSWERED])
    screen.filter_buttons[Filter.ALL].click()
    assert screen.navigator.isVisibleTo(screen) and not screen.no_match.isVisibleTo(screen)


def test_the_navigator_is_moved_by_the_keyboard(qtbot, open_review):
    screen = open_review()
    screen.navigator.setFocus()
    qtbot.keyClick(screen.navigator, Qt.Key.Key_Down)
    assert screen.current_position == 1
    qtbot.keyClick(screen.navigator, Qt.Key.Key_End)
    assert screen.current_position == 19
    assert screen.stem.text() == TEST[19].stem["ky"]
    screen.filter_buttons[Filter.WRONG].click()
    screen.navigator.setFocus()
    qtbot.keyClick(screen.navigator, Qt.Key.Key_Home)
    assert screen.current_position == 1
    qtbot.keyClick(screen.navigator, Qt.Key.Key_Down)
    assert screen.current_position == 3
    screen.next_button.click()
    assert screen.current_position == 5


def test_the_answer_timeline_of_a_question(open_review):
    screen = open_review()
    screen.show_question(11)
    assert screen.timeline.texts() == [
        ("09:51:40", "21:40", KY(SELECTED).format(letters="А")),
        ("09:56:00", "22:40", KY(KIND_NAMES[TimelineKind.RESUME])),
        ("09:56:25", "23:05", KY(SELECTED_FINAL).format(letters="Г")),
    ]
    screen.show_question(18)  # chosen, marked, then cleared
    assert screen.timeline.texts()[-1][2] == KY(CLEARED_FINAL)


def test_the_events_of_the_whole_attempt_are_listed_apart(open_review, fake):
    screen = open_review()
    rows = screen.events.texts()
    assert [row[0] for row in rows] == [
        "09:30:00",
        "09:42:00",
        "09:53:50",
        "09:56:00",
        "09:56:00",
        "10:13:20",
    ]
    problem = KY(PROBLEM).format(
        detail=KY("picture missing") + ": сүрөт ачылбай, бош төрт бурчтук көрүндү"
    )
    assert rows[1][2] == KY(AT_QUESTION).format(number=7, event=problem)
    assert rows[4][1] == "22:40" and "3 " in rows[4][2]  # the time given back, in words
    assert rows[-1][2] == KY(KIND_NAMES[TimelineKind.SUBMIT])


def test_findings_change_the_score_the_service_recomputes(open_review, fake):
    def line(new):
        return KY("Score after findings: {new} (was {old})").format(new=new, old=11)

    screen = open_review()
    assert screen.score_line.text() == line(11)
    screen.show_question(6)  # the picture did not load: no answer
    screen.state_buttons[FAULT].click()
    # The service counts a confirmed fault only with the commission's words.
    assert screen.score_line.text() == line("—")
    assert KY(HEARING_REFUSED["finding_missing"]) in screen.score_note.text()
    write(screen.finding_text, "Сүрөт жүктөлгөн эмес.")
    assert screen.score_line.text() == line(12)
    item = fake.attempts[1].item(6)
    wrong = next(i for i, option in enumerate(item.options) if not option.correct)
    screen.established_boxes[wrong].click()  # established: the candidate would have chosen wrong
    assert screen.score_line.text() == line(11)
    last = fake.calls_of("recomputed_score")[-1]
    assert last == (
        ASANOV,
        (Finding(6, True, "Сүрөт жүктөлгөн эмес.", frozenset({item.options[wrong].key})),),
    )
    screen.established_boxes[wrong].click()
    assert screen.score_line.text() == line(12)
    assert screen.navigator.item(6).text() == "7.  — ⚠ ✎"
    calls = len(fake.calls_of("recomputed_score"))
    write(screen.finding_text, " Журнал текшерилди.")
    assert len(fake.calls_of("recomputed_score")) == calls  # not asked again at every key


def test_the_decision_sends_the_findings(open_review, fake):
    screen = open_review()
    decided = []
    screen.decided.connect(decided.append)
    screen.show_question(6)
    screen.state_buttons[FAULT].click()
    screen.finding_text.setPlainText("Сүрөт станцияга жүктөлгөн эмес.")
    screen.show_question(11)
    screen.state_buttons[NO_FAULT].click()
    screen.finding_text.setPlainText("Г жообун талапкер өзү тандаган (23:05).")
    screen.summary.setPlainText("7-суроо боюнча техникалык ката тастыкталды.")
    screen.decide_button.click()
    assert screen.confirm.isVisible()
    assert "7" in screen.confirm.message.text() and "12" in screen.confirm.message.text()
    screen.confirm.ok.click()
    assert fake.calls_of("decide") == [
        (
            ASANOV,
            (
                Finding(6, True, "Сүрөт станцияга жүктөлгөн эмес."),
                Finding(11, False, "Г жообун талапкер өзү тандаган (23:05)."),
            ),
            "7-суроо боюнча техникалык ката тастыкталды.",
        )
    ]
    assert [view.status for view in decided] == [AppealStatus.SATISFIED]
    assert decided[0].new_score == 12
    assert screen.read_only and not screen.confirm.isVisible()
    assert not screen.decide_button.isVisibleTo(screen)
    assert not screen.state_buttons[FAULT].isEnabled()
    assert "11 → 12" in screen.decided_box.text()


def test_a_fault_without_words_and_a_decision_without_a_summary_are_not_sent(open_review, fake):
    screen = open_review()
    screen.show_question(6)
    screen.state_buttons[FAULT].click()
    screen.show_question(0)
    screen.summary.setPlainText("Ката бар.")
    screen.decide_button.click()
    assert not screen.confirm.isVisible()
    assert screen.error_box.text() == KY(FINDING_TEXT_NEEDED).format(numbers="7")
    assert screen.current_position == 6  # taken to the question that needs the words
    screen.finding_text.setPlainText("Сүрөт жүктөлгөн эмес.")
    screen.summary.clear()
    screen.decide_button.click()
    assert screen.error_box.text() == KY(SUMMARY_NEEDED)
    assert fake.calls_of("decide") == []


def test_a_refused_decision_is_worded(open_review, fake):
    screen = open_review(actor=OUTSIDER)
    screen.show_question(0)
    screen.state_buttons[NO_FAULT].click()
    screen.summary.setPlainText("Ката жок.")
    screen.decide_button.click()
    screen.confirm.ok.click()
    assert screen.confirm.isVisible()
    assert screen.confirm.error.text() == KY(HEARING_REFUSED["not_on_commission"])
    assert not screen.read_only


def test_before_the_hearing_the_decision_waits(open_review, fake):
    fake.compose_commission(ADMIN, chair=CHAIR_ID, members=[FIRST_MEMBER], basis="№52", appeal_id=5)
    screen = open_review(5)
    assert screen.not_heard.text() == KY(NOT_HEARD_NOTE)
    assert not screen.decide_button.isEnabled()


def test_a_decided_appeal_is_read_only(open_review):
    screen = open_review(2, translator=RU)
    assert screen.read_only
    assert screen.findings() == [
        Finding(
            5,
            True,
            "Протокол станции: выбор «Заместитель директора» записан, но не учтён при "
            "подсчёте из-за сбоя сохранения.",
            frozenset({"a"}),
        )
    ]
    screen.show_question(5)
    assert screen.state_buttons[FAULT].isChecked() and not screen.state_buttons[FAULT].isEnabled()
    assert screen.finding_text.isReadOnly()
    assert "14 → 15" in screen.decided_box.text()
    assert screen.score_line.text() == RU("Score after findings: {new} (was {old})").format(
        new=15, old=14
    )


def test_the_text_is_large_and_can_be_made_larger(open_review):
    screen = open_review()
    assert screen.point >= 20 and screen.point == REVIEW_PT
    assert not screen.smaller.isEnabled()
    screen.larger.click()
    assert screen.point == 22
    assert screen.stem.font().pointSizeF() > 22
    screen.smaller.click()
    screen.zoom_out()
    assert screen.point == 20


def test_the_review_speaks_the_interface_language(open_review):
    screen = open_review(PETROVA, translator=RU)
    assert screen.stem.text() == TEST[0].stem["ru"]
    assert screen.filter_buttons[Filter.WRONG].text() == f"{RU('Wrong')} (7)"
    screen.set_translator(KY)
    assert screen.filter_buttons[Filter.WRONG].text() == f"{KY('Wrong')} (7)"
    assert screen.stem.text() == TEST[0].stem["ru"]  # the candidate's language stays
