"""The competitions page on the real services (SQLite): creating a draft through the dialog,
the live threshold, the form's problems in words, approving with a basis, roles, language."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from kiosk.clock import FakeClock
from kiosk.domain.rules import CompetitionRules
from kiosk.ui.admin.competitions import (
    ALREADY_APPROVED,
    BAD_SHARE,
    NAME_MISSING_IN,
    NO_QUESTIONS,
    CompetitionsPage,
    parse_share,
    share_text,
)
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR
from tests.helpers.competition import World, make_world
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
BISHKEK = ZoneInfo("Asia/Bishkek")
SECTIONS = [("law", "Укук"), ("pedagogy", "Педагогика"), ("it", "IT")]


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


@pytest.fixture
def world(qapp, tmp_path) -> Iterator[World]:
    built = make_world(f"sqlite:///{tmp_path / 'k.db'}", tmp_path / "data", FakeClock())
    yield built
    built.kiosk.close()


def make_page(qtbot, world: World, actor=ADMIN, language: str = "ky") -> CompetitionsPage:
    page = CompetitionsPage(
        world.kiosk.competitions, actor, strict, BISHKEK, SECTIONS, language=language
    )
    qtbot.addWidget(page)
    page.resize(1180, 718)
    page.show()
    return page


def fill_vacancy(page: CompetitionsPage) -> None:
    texts = page.dialog.texts
    texts["post"]["ky"].setText("Мектеп директору")
    texts["post"]["ru"].setText("Директор школы")
    texts["school"]["ky"].setText("Ө. Мамбетов атындагы №12 мектеп")
    texts["school"]["ru"].setText("Школа №12 имени Ө. Мамбетова")
    texts["location"]["ky"].setText("Нарын ш.")
    texts["location"]["ru"].setText("г. Нарын")


def test_a_draft_is_created_through_the_dialog_and_approved_with_a_basis(qtbot, world):
    page = make_page(qtbot, world)
    page.open_new_competition()
    dialog = page.dialog
    assert dialog.isVisible()
    # One testing center runs every competition: its name comes from the last one.
    assert dialog.text("institution") == {"ky": "Тестирлөө борбору", "ru": "Центр тестирования"}
    assert dialog.appeal_minutes.value() == CompetitionRules().appeal_window_min
    assert dialog.reentry_months.value() == 12
    fill_vacancy(page)
    dialog.funding.setCurrentIndex(1)
    dialog.counts["law"].setValue(8)
    dialog.counts["pedagogy"].setValue(4)
    assert dialog.threshold_points.text() == "Босого балл: 12 баллдан 8"
    dialog.threshold_percent.setValue(70)
    assert dialog.threshold_points.text() == "Босого балл: 12 баллдан 9"
    dialog.minutes.setValue(45)
    dialog.reentry_months.setValue(6)
    dialog.ok.click()

    assert not dialog.isVisible()
    created = page.competitions[0]
    assert created.id != world.competition_id
    stored = world.kiosk.competitions.competition(ADMIN, created.id)
    assert stored.status == "draft"
    assert stored.threshold == 9
    assert stored.question_count == 12
    assert stored.time_limit_s == 45 * 60
    assert stored.blueprint.sections == (("law", 8), ("pedagogy", 4))
    assert stored.vacancy.funding == "local"
    assert stored.vacancy.location == {"ky": "Нарын ш.", "ru": "г. Нарын"}
    assert stored.rules.reentry_ban_months == 6
    assert stored.rules.threshold_share == Fraction(7, 10)
    assert page.current is not None and page.current.id == created.id
    assert page.approve_button.isEnabled()

    page.ask_approve()
    approve = page.approve_dialog
    assert approve.isVisible()
    assert not approve.ok.isEnabled()  # the basis is required
    approve.basis.setText("Буйрук №45, 20.11.2026")
    assert approve.ok.isEnabled()
    approve.ok.click()

    stored = world.kiosk.competitions.competition(ADMIN, created.id)
    assert stored.status == "approved"
    assert stored.approved_by == ADMIN.name
    assert stored.basis == "Буйрук №45, 20.11.2026"
    assert page.notice_text == "Бекитилди: Мектеп директору. Эми сеанстарды пландаштырса болот."
    assert not page.approve_button.isEnabled()


def test_the_forms_problems_are_named_and_nothing_is_recorded(qtbot, world):
    page = make_page(qtbot, world)
    before = len(page.competitions)
    page.open_new_competition()
    page.dialog.tie_break_share.setText("бир")
    page.dialog.ok.click()

    assert page.dialog.isVisible()
    shown = page.dialog.error.text().splitlines()
    assert shown == [
        KY(NAME_MISSING_IN).format(field=KY("Post")),
        KY(NAME_MISSING_IN).format(field=KY("School")),
        KY(NO_QUESTIONS),
        KY(BAD_SHARE),
    ]
    assert len(world.kiosk.competitions.competitions(ADMIN)) == before


def test_approving_an_approved_competition_again_is_refused_in_words(qtbot, world):
    page = make_page(qtbot, world, language="ru")
    page.select_competition(world.competition_id)
    assert not page.approve_button.isEnabled()
    # Approved elsewhere while the dialog was open: the service's refusal is shown.
    page.approve_dialog.ask(page.competitions[0], RU)
    page.approve_dialog.basis.setText("Приказ №2")
    page.approve_dialog.ok.click()
    assert page.error_text == RU(ALREADY_APPROVED)


def test_an_observer_and_an_operator_are_offered_no_changes(qtbot, world):
    for actor in (OBSERVER, OPERATOR):
        page = make_page(qtbot, world, actor)
        assert page.create_button.isHidden()
        assert page.approve_button.isHidden()
        assert [view.id for view in page.competitions] == [world.competition_id]


def test_the_language_switch_redraws_the_list_and_the_details(qtbot, world):
    page = make_page(qtbot, world)
    assert page.table.item(0, 0).text() == "Мектеп директору\n№5 орто мектеп"
    page.set_translator(RU)
    assert page.title.text() == "Конкурсы"
    assert page.table.item(0, 0).text() == "Директор школы\nСредняя школа №5"
    assert page.table.item(0, 2).text() == "Утверждён"
    assert "Пороговый балл: 6 из 10 (60 %)" in page.details.text()


def test_shares_are_read_and_shown_as_people_write_them():
    assert parse_share("1/3") == Fraction(1, 3)
    assert parse_share("0,25") == Fraction(1, 4)
    assert parse_share("0") is None
    assert parse_share("3/2") is None
    assert parse_share("1/0") is None
    assert share_text(Fraction(3, 5)) == "60 %"
    assert share_text(Fraction(1, 3)) == "33,3 %"
