"""The results page against the real services on SQLite: winner and reserve, a tie and its
additional test, a tie that remains, a refusal, a void competition, an observer, the documents."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from kiosk.clock import FakeClock
from kiosk.domain.results import Outcome, Standing, VoidReason
from kiosk.services.competition_views import ResultsRefused
from kiosk.ui.admin.results import (
    OUTCOME_TIE_UNRESOLVED,
    STANDING_NAMES,
    VOID_GROUNDS,
    ResultsPage,
    refusal_text,
    standing_looks,
)
from kiosk.ui.theme import NORMAL
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR
from tests.helpers.competition import make_world
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


class Saved:
    """What the page asked to save: documents and code slips."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.documents: list[tuple[str, bytes]] = []
        self.slips: list[tuple[int, list[str]]] = []

    def document(self, _parent, _caption, suggested: str, data: bytes) -> Path:
        self.documents.append((suggested, data))
        return self.folder / suggested

    def code_slips(self, session_id: int, codes) -> None:
        self.slips.append((session_id, [code.candidate_name for code in codes]))


@pytest.fixture
def world(tmp_path):
    built = make_world(f"sqlite:///{tmp_path / 'kiosk.db'}", tmp_path / "data", FakeClock())
    yield built
    built.kiosk.close()


@pytest.fixture
def saved(tmp_path) -> Saved:
    return Saved(tmp_path)


@pytest.fixture
def open_page(qtbot, world, saved):
    def make(actor=ADMIN, language="ky") -> ResultsPage:
        kiosk = world.kiosk
        page = ResultsPage(
            kiosk.results,
            kiosk.documents,
            kiosk.competitions,
            actor,
            strict,
            kiosk.settings.timezone,
            language=language,
            # The world has one competition, so every session is its session.
            competition_sessions=lambda who, _competition: kiosk.proctor.sessions(who),
            save_document=saved.document,
            save_slips=saved.code_slips,
        )
        qtbot.addWidget(page)
        page.resize(1180, 720)
        page.show()
        return page

    return make


def standing_cells(page):
    return {row["name"]: row["standing"] for row in page.row_texts()}


def standing_words(standing: Standing, translator=KY) -> str:
    return translator(STANDING_NAMES[standing])


def tie_for_first(world):
    return world.run_session({"Асанов": 8, "Бекова": 8, "Касымов": 7, "Дөөлөтов": 3})


def schedule(page, day: date) -> None:
    page.tie_break_button.click()
    page.tie_break_dialog.day.setDate(QDate(day.year, day.month, day.day))
    page.tie_break_dialog.ok.click()


def test_the_winner_and_the_reserve_are_shown_in_words_and_colour(world, open_page):
    world.run_session({"Асанов": 9, "Бекова": 7, "Касымов": 6, "Дөөлөтов": 5, "Эркинова": None})
    page = open_page()

    assert page.results.ranking.outcome is Outcome.WINNER
    assert "Асанов" in page.outcome_text
    assert page.reserve_label.text().endswith("Бекова, Касымов.")
    cells = standing_cells(page)
    assert standing_words(Standing.WINNER) in cells["Асанов"]
    assert standing_words(Standing.RESERVE) in cells["Бекова"]
    assert standing_words(Standing.RESERVE) in cells["Касымов"]
    assert standing_words(Standing.BELOW) in cells["Дөөлөтов"]
    assert standing_words(Standing.ABSENT) in cells["Эркинова"]
    rows = page.row_texts()
    assert [row["place"] for row in rows] == ["1", "2", "3", "4", "—"]
    assert rows[0]["main"] == "9" and rows[0]["total"] == "9"
    assert rows[0]["meets"] == "жооп берет"
    assert rows[3]["meets"] == "жооп бербейт"
    standing_column = 6
    winner_cell = page.table.item(0, standing_column)
    assert (
        winner_cell.background().color().name()
        == standing_looks(NORMAL)[Standing.WINNER].background
    )
    assert page.refusal_button.isVisible()
    assert not page.tie_break_button.isVisibleTo(page)  # no tie, no additional test


def test_the_page_switches_language(world, open_page):
    world.run_session({"Асанов": 9, "Бекова": 7})
    page = open_page()
    page.set_translator(RU)
    assert page.outcome_text == "Победитель конкурса: Асанов."
    assert standing_words(Standing.WINNER, RU) in standing_cells(page)["Асанов"]
    assert page.ranking_button.text() == "Рейтинг (PDF)"


def test_a_tie_offers_the_additional_test_of_a_third_of_the_questions(world, open_page, saved):
    ids = tie_for_first(world)
    page = open_page()
    assert page.results.ranking.outcome is Outcome.TIE_BREAK_NEEDED
    assert "Асанов, Бекова" in page.outcome_text
    assert "29" in page.outcome_text
    assert standing_words(Standing.TIED) in standing_cells(page)["Асанов"]
    assert page.tie_break_button.isVisible()
    assert not page.refusal_button.isVisibleTo(page)

    page.tie_break_button.click()
    dialog = page.tie_break_dialog
    assert dialog.isVisible()
    assert "25.11.2026" in dialog.deadline.text()  # two days after the main test of 23.11
    assert "3" in dialog.form.text()
    dialog.day.setDate(QDate(2026, 11, 27))
    assert "25.11.2026" in dialog.warning.text()  # later than the deadline: warned, allowed
    dialog.day.setDate(QDate(2026, 11, 24))
    assert dialog.warning.isHidden()
    dialog.ok.click()

    assert not dialog.isVisible()
    shown = page.scheduled_dialog
    assert shown.isVisible()
    scheduled = shown.scheduled
    assert sum(count for _, count in scheduled.sections) == 3  # ⌊10/3⌋
    assert "3" in shown.form.text() and "9" in shown.form.text()  # 3 questions, 9 minutes
    assert "Асанов" in shown.codes.text() and "Бекова" in shown.codes.text()
    shown.ok.click()
    assert saved.slips == [(scheduled.session_id, ["Асанов", "Бекова"])]
    assert not shown.saved.isHidden()
    shown.cancel.click()

    # Scheduled but not held yet: a second additional test is not offered.
    assert not page.tie_break_button.isVisibleTo(page)
    assert page.slips_button.isVisible()
    assert "24.11.2026" in page.notice_text
    assert set(page.results.ranking.tied) == {ids["Асанов"], ids["Бекова"]}


def test_a_date_before_the_main_test_is_refused_in_words(world, open_page):
    tie_for_first(world)
    page = open_page()
    schedule(page, date(2026, 11, 22))
    dialog = page.tie_break_dialog
    assert dialog.isVisible()
    assert "23.11.2026" in dialog.error.text()
    assert not page.scheduled_dialog.isVisible()


def test_a_tie_that_remains_is_reported_with_no_winner(world, open_page):
    tie_for_first(world)
    page = open_page()
    schedule(page, date(2026, 11, 24))
    scheduled = page.scheduled_dialog.scheduled
    page.scheduled_dialog.cancel.click()
    world.clock.set_wall(world.clock.now().replace(day=24))
    for code in scheduled.codes:
        world.sit(code, right=2)
    world.kiosk.proctor.end_session(OPERATOR, scheduled.session_id)
    page.refresh()

    assert page.results.ranking.outcome is Outcome.TIE_UNRESOLVED
    expected = KY(OUTCOME_TIE_UNRESOLVED).format(names="Асанов, Бекова")
    assert page.outcome_text == expected
    cells = standing_cells(page)
    assert standing_words(Standing.WINNER) not in "".join(cells.values())
    assert standing_words(Standing.TIED) in cells["Асанов"]
    assert standing_words(Standing.TIED) in cells["Бекова"]
    assert page.row_texts()[0]["total"] == "10"  # 8 + 2
    assert not page.tie_break_button.isVisibleTo(page)
    assert not page.refusal_button.isVisibleTo(page)


def test_the_winners_refusal_moves_the_winner(world, open_page):
    ids = world.run_session({"Асанов": 9, "Бекова": 7, "Касымов": 6})
    page = open_page()
    page.refusal_button.click()
    dialog = page.refusal_dialog
    assert dialog.isVisible()
    assert "Асанов" in dialog.message.text()
    dialog.note.setText("Келишимден жазуу жүзүндө баш тартты")
    dialog.ok.click()

    assert not dialog.isVisible()
    assert page.results.ranking.winner == ids["Бекова"]
    cells = standing_cells(page)
    assert standing_words(Standing.REFUSED) in cells["Асанов"]
    assert standing_words(Standing.WINNER) in cells["Бекова"]
    assert "Бекова" in page.outcome_text and "Асанов" in page.outcome_text
    assert "Бекова" in page.notice_text
    assert page.reserve_label.text().endswith("Касымов.")


def test_a_refusal_with_nobody_else_over_the_threshold(world, open_page):
    world.run_session({"Асанов": 9, "Бекова": 5})
    page = open_page()
    page.refusal_button.click()
    page.refusal_dialog.ok.click()
    assert page.results.ranking.outcome is Outcome.NO_RUNNER_UP
    assert "Асанов" in page.outcome_text
    assert not page.refusal_button.isVisibleTo(page)


@pytest.mark.parametrize(
    ("scores", "reason"),
    [
        ({}, VoidReason.NO_APPLICATIONS),
        ({"Асанов": None, "Бекова": None}, VoidReason.NONE_CAME),
        ({"Асанов": 5, "Бекова": 2}, VoidReason.NONE_REACHED_THRESHOLD),
    ],
)
def test_a_void_competition_shows_its_ground(world, open_page, scores, reason):
    if scores:
        world.run_session(scores)
    page = open_page()
    assert page.results.ranking.void_reason is reason
    assert KY(VOID_GROUNDS[reason]) in page.outcome_text
    assert "30" in page.outcome_text
    assert not page.refusal_button.isVisibleTo(page)
    assert not page.tie_break_button.isVisibleTo(page)


def test_results_are_pending_while_someone_is_in_the_test(world, open_page):
    ids = {name: world.add(name) for name in ("Асанов", "Бекова")}
    done, running = world.seat(*ids.values())
    world.sit(done, right=9)
    world.sit(running, right=9, submit=False)
    page = open_page()
    assert page.results.ranking.outcome is Outcome.PENDING
    assert "(1)" in page.outcome_text
    assert standing_words(Standing.IN_PROGRESS) in standing_cells(page)["Бекова"]
    assert not page.ranking_button.isEnabled()


def test_an_observer_sees_the_results_without_actions(world, open_page):
    tie_for_first(world)
    page = open_page(OBSERVER)
    assert "Асанов, Бекова" in page.outcome_text
    actions = (
        page.tie_break_button,
        page.refusal_button,
        page.slips_button,
        page.ranking_button,
        page.session_button,
        page.package_button,
    )
    assert not any(widget.isVisibleTo(page) for widget in actions)


def test_an_operator_saves_documents_but_decides_nothing(world, open_page):
    world.run_session({"Асанов": 9, "Бекова": 7})
    page = open_page(OPERATOR)
    assert page.ranking_button.isVisibleTo(page)
    assert not page.refusal_button.isVisibleTo(page)
    assert not page.tie_break_button.isVisibleTo(page)


def test_the_documents_are_passed_to_the_save_function(world, open_page, saved):
    world.run_session({"Асанов": 9, "Бекова": 7})
    world.kiosk.proctor.end_session(OPERATOR, world.session_id)
    page = open_page()

    page.ranking_button.click()
    name, data = saved.documents[-1]
    assert name == f"ranking-{world.competition_id}.pdf"
    assert data.startswith(b"%PDF")
    assert name in page.notice_text

    assert [choice.session_id for choice in page.sessions] == [world.session_id]
    page.session_button.click()
    name, data = saved.documents[-1]
    assert name == f"session-results-{world.session_id}.pdf"
    assert data.startswith(b"%PDF")

    # The package waits for the appeal windows of cl. 33, and says so.
    page.package_button.click()
    assert saved.documents[-1][0] == f"session-results-{world.session_id}.pdf"
    assert "(33-п.)" in page.error_text
    world.clock.advance(61 * 60)
    page.package_button.click()
    name, data = saved.documents[-1]
    assert name == f"ministry-package-{world.competition_id}.zip"
    files = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "SHA256SUMS" in files
    assert "SHA256SUMS" in page.notice_text
    assert str(len(files)) in page.notice_text


@pytest.mark.parametrize(
    ("reason", "detail", "expected"),
    [
        ("too_few_unseen_questions", "law: 0/1, it: 2/3", "law: 0/1, it: 2/3"),
        ("before_main", "2026-11-23", "23.11.2026"),
        ("no_tie", "winner", "кошумча тестирлөө керек эмес"),
    ],
)
def test_refusals_of_the_results_service_are_said_in_words(reason, detail, expected):
    text = refusal_text(ResultsRefused(reason, detail), KY)
    assert expected in text
    assert reason not in text


def test_an_open_dialog_follows_the_language_switch(world, open_page):
    world.run_session({"Асанов": 9, "Бекова": 7})
    page = open_page()
    page.refusal_button.click()
    page.set_translator(RU)
    assert page.refusal_dialog.title.text() == "Победитель отказался от договора"
    assert "Асанов" in page.refusal_dialog.message.text()
    assert page.refusal_dialog.note_caption.text() == "Примечание (когда и как поступил отказ)"
