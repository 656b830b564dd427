"""Blueprint check: needed against approved per section, red and in words when short; a sample."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from kiosk.ui.admin.blueprint import POLICIES, SAMPLE_TITLES, BlueprintPage
from kiosk.ui.theme import NORMAL
from question_bank.model import Blueprint
from tests.helpers.actors import staff
from tests.ui.admin import READER, admin_kiosk
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)


@pytest.fixture
def kiosk(qapp, tmp_path):
    kiosk = admin_kiosk(tmp_path / "data")
    yield kiosk
    kiosk.close()


@pytest.fixture
def page(qtbot, kiosk):
    page = BlueprintPage(kiosk.bank, READER, KY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def cells(page: BlueprintPage, row: int) -> list[str]:
    table = page.table
    return [
        table.item(row, column).text() if table.item(row, column) else ""
        for column in range(table.columnCount())
    ]


def test_the_table_lists_every_section_with_a_number_to_fill_in(page):
    assert list(page.spins) == ["law", "pedagogy", "it"]
    assert cells(page, 0)[0] == "Нормативдик укуктук актылар (law)"
    assert page.minutes.value() == 90
    assert page.languages == ("ky", "ru")
    page.spins["law"].setValue(4)
    page.spins["it"].setValue(3)
    assert page.total.text() == KY("Questions in a form: {total}").format(total=7)
    assert page.blueprint() == Blueprint((("law", 4), ("it", 3)), 90 * 60, languages=("ky", "ru"))


def test_a_short_section_is_red_and_said_in_words(page):
    page.set_blueprint(Blueprint((("law", 8), ("pedagogy", 8), ("it", 2))))
    page.check_button.click()
    assert cells(page, 0)[2:] == ["8", "0"]  # the submitted law question does not count
    assert cells(page, 1)[2:] == ["6", KY("{count} missing").format(count=2)]
    red = page.table.item(1, 3).background().color()
    assert red == QColor(NORMAL.bad_bg)
    assert page.table.item(0, 3).background().color() != red
    assert page.shortage.isVisible() and not page.verdict.isVisible()
    assert page.shortage.text().splitlines() == [
        KY("Not enough approved questions:"),
        KY("{section}: {count} missing").format(section="pedagogy", count=2),
    ]


def test_a_blueprint_the_pool_fills_is_ready(page):
    page.set_blueprint(Blueprint((("law", 4), ("pedagogy", 3), ("it", 3)), 45 * 60))
    page.check_button.click()
    assert page.verdict.isVisible() and not page.shortage.isVisible()
    assert page.verdict.text() == KY(
        "Ready: the approved questions fill this blueprint ({total} questions, {minutes} minutes)."
    ).format(total=10, minutes=45)


def test_the_language_policy_goes_to_the_bank(page, kiosk, monkeypatch):
    asked = []
    check = kiosk.bank.check_blueprint
    monkeypatch.setattr(
        kiosk.bank, "check_blueprint", lambda actor, bp: asked.append(bp) or check(actor, bp)
    )
    page.set_blueprint(Blueprint((("it", 1),)))
    page.policy.setCurrentIndex(POLICIES.index(("ru",)))
    page.minutes.setValue(30)
    page.check_button.click()
    assert asked[-1].languages == ("ru",)
    assert asked[-1].time_limit_s == 30 * 60
    assert dict(asked[-1].sections) == {"law": 0, "pedagogy": 0, "it": 1}


def test_nothing_to_check_without_numbers(page):
    page.check_button.click()
    assert page.shortage.text() == KY("Enter how many questions each section needs.")
    page.sample_button.click()
    assert page.sample == []


def test_a_change_of_settings_clears_the_results(page):
    page.set_blueprint(Blueprint((("pedagogy", 9),)))
    page.check_button.click()
    assert page.shortage.isVisible()
    page.spins["pedagogy"].setValue(2)
    assert page.check is None and not page.shortage.isVisible()
    assert cells(page, 1)[2:] == ["—", "—"]


def test_a_sample_form_lists_its_questions_in_order(page, kiosk):
    page.set_blueprint(Blueprint((("law", 3), ("it", 2))))
    page.sample_button.click()
    table = page.sample_table
    assert table.rowCount() == 5
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(5)]
    assert [row[0] for row in rows] == ["1", "2", "3", "4", "5"]
    assert [row[1] for row in rows] == ["law"] * 3 + ["it"] * 2
    assert table.item(0, 1).toolTip() == "Нормативдик укуктук актылар"
    for row in rows:
        uid, version = row[2].split(" v")
        assert version == "1"
        assert kiosk.bank.latest(READER, uid).question.stem["ky"].startswith(row[3][:20])
    assert page.sample_title.text() == KY(SAMPLE_TITLES["ky"]).format(count=5)
    page.set_translator(RU)
    assert page.sample_table.item(0, 3).text().startswith("Вопрос")
    assert page.sample_title.text() == RU(SAMPLE_TITLES["ru"]).format(count=5)


def test_a_one_language_policy_shows_the_sample_in_that_language(page):
    page.set_blueprint(Blueprint((("pedagogy", 2),), languages=("ru",)))
    page.sample_button.click()
    assert page.sample_table.item(0, 3).text().startswith("Вопрос")
    assert page.sample_title.text() == KY(SAMPLE_TITLES["ru"]).format(count=2)


def test_no_sample_when_the_pool_is_too_small(page):
    page.set_blueprint(Blueprint((("law", 20),)))
    page.sample_button.click()
    assert page.sample == [] and page.sample_table.rowCount() == 0
    assert page.sample_title.text() == KY(
        "No form can be drawn: some sections lack approved questions (see the check)."
    )
    assert KY("{section}: {count} missing").format(section="law", count=12) in (
        page.shortage.text()
    )


def test_a_new_section_appears_and_typed_numbers_stay(page, kiosk):
    page.spins["it"].setValue(5)
    kiosk.bank.add_section(staff("bolot"), "ethics", {"ky": "Этика", "ru": "Этика"})
    page.refresh()
    assert list(page.spins) == ["law", "pedagogy", "it", "ethics"]
    assert page.spins["it"].value() == 5 and page.spins["ethics"].value() == 0


def test_choosing_a_sample_question_shows_it_when_the_editor_offers_a_preview(page):
    if page.preview is None:
        pytest.skip("the editor offers no question preview")
    page.set_blueprint(Blueprint((("law", 2),)))
    page.sample_button.click()
    page.sample_table.setCurrentCell(1, 0)
    assert page.preview.isVisible()
