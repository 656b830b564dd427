"""A question's history: versions, their events, and two versions compared word by word."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.clock import FakeClock
from kiosk.ui.admin.history import (
    HistoryPage,
    field_name,
    format_time,
    spans_html,
)
from question_bank.diff import Span
from question_bank.model import Option
from tests.helpers.actors import staff
from tests.ui.admin import READER
from tests.ui.admin.test_editor import APPROVER, AUTHOR, editor_kiosk
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qapp, tmp_path, clock):
    kiosk = editor_kiosk(tmp_path / "data", clock)
    yield kiosk
    kiosk.close()


@pytest.fixture
def three_versions(kiosk, clock):
    """LAW-001: v1 approved, v2 approved (reworded, new key), v3 a draft (a new option)."""
    bank = kiosk.bank
    first = bank.latest(READER, "LAW-001").question
    clock.advance(86400)
    second = replace(
        first,
        stem={**first.stem, "ru": first.stem["ru"].replace("школы", "гимназии")},
        correct=frozenset({"a"}),
    )
    draft = bank.save(staff(AUTHOR), second)
    bank.submit(staff(AUTHOR), draft.version_id)
    bank.return_for_rework(staff(APPROVER), draft.version_id, "Ачкычты текшериңиз")
    bank.submit(staff(AUTHOR), draft.version_id)
    clock.advance(3600)
    bank.approve(staff(APPROVER), draft.version_id, "Эми туура")
    clock.advance(3600)
    third = replace(
        second,
        options=(*second.options, Option("e", {"ky": "Министрлик", "ru": "Министерство"})),
    )
    bank.save(staff("cholpon"), third)
    return bank.history(READER, "LAW-001")


@pytest.fixture
def page(qtbot, kiosk, three_versions):
    page = HistoryPage(kiosk.bank, READER, KY)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    page.show_question("LAW-001")
    return page


def table(model) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_versions_are_listed_with_author_approver_and_dates(
    page, three_versions, qtmodeltester
):
    rows = table(page.versions_model)
    first = three_versions[0]
    assert rows[0] == [
        "1",
        KY("Retired"),
        AUTHOR,
        APPROVER,
        format_time(first.events[0].at),
        format_time(first.events[2].at),
    ]
    assert rows[1][:4] == ["2", KY("Approved"), AUTHOR, APPROVER]
    assert rows[2][:4] == ["3", KY("Draft"), "cholpon", "—"]
    assert rows[2][5] == "—"
    assert page.title.text() == KY("History of question {uid}").format(uid="LAW-001")
    qtmodeltester.check(page.versions_model)


def test_the_chosen_versions_events_are_listed(page, three_versions):
    def line(action: str, actor: str, at) -> str:
        return KY("{action} — {actor}, {time}").format(
            action=KY(action), actor=actor, time=format_time(at)
        )

    # The latest version is chosen at first.
    third = three_versions[2]
    assert page.event_lines() == [line("Edited", "cholpon", third.events[0].at)]
    page.versions_table.selectRow(1)
    events = three_versions[1].events
    assert page.event_lines() == [
        line("Edited", AUTHOR, events[0].at),
        line("Sent for review", AUTHOR, events[1].at),
        line("Returned for rework", APPROVER, events[2].at),
        "    «Ачкычты текшериңиз»",
        line("Sent for review", AUTHOR, events[3].at),
        line("Approved", APPROVER, events[4].at),
        "    «Эми туура»",
    ]
    assert page.events.text() == "\n".join(page.event_lines())
    assert page.events_caption.text() == KY("What happened to version {number}").format(number=2)


def test_the_two_latest_versions_are_compared_at_first(page):
    assert page.old_choice.currentText() == KY("{number} ({status})").format(
        number=2, status=KY("Approved")
    )
    assert page.new_choice.currentText() == KY("{number} ({status})").format(
        number=3, status=KY("Draft")
    )
    assert [change.field for change in page.changes] == ["options", "option e[ky]", "option e[ru]"]
    rows = page.diff_row_texts()
    assert rows[0] == (KY("Options, in written order"), "a, b, c, d", "a, b, c, d, e")
    assert rows[2] == (
        KY("Option {key} ({language})").format(key="e", language=KY("in Russian")),
        "—",
        "Министерство",
    )


def test_any_two_versions_are_compared_word_by_word(page):
    page.compare(1, 2)
    fields = {change.field: change for change in page.changes}
    assert set(fields) == {"stem[ru]", "key"}
    stem = fields["stem[ru]"]
    assert [s.text for s in stem.old_spans if s.changed] == ["школы"]
    assert [s.text for s in stem.new_spans if s.changed] == ["гимназии"]
    # The changed words are marked in the cells: struck through on the old side, bold on the new.
    names = [name.text() for name, _old, _new in page.diff_labels[1:]]
    assert names == [
        KY("Question ({language})").format(language=KY("in Russian")),
        KY("Correct answer"),
    ]
    old_cell, new_cell = page.diff_labels[1][1], page.diff_labels[1][2]
    assert "line-through" in old_cell.text() and ">школы</span>" in old_cell.text()
    assert "font-weight:bold" in new_cell.text() and ">гимназии</span>" in new_cell.text()
    assert page.diff_labels[2][0].text() == KY("Correct answer")
    assert page.diff_row_texts()[1][1:] == ("b", "a")
    page.swap()
    assert page.diff_row_texts()[1][1:] == ("a", "b")


def test_every_field_can_be_shown_not_only_the_changes(page):
    page.only_changes.setChecked(False)
    names = [row[0] for row in page.diff_row_texts()]
    assert names[:3] == [
        KY("Section"),
        KY("Situation"),
        KY("Question ({language})").format(language=KY("in Kyrgyz")),
    ]
    assert KY("Several correct answers") in names
    shuffled = next(row for row in page.diff_row_texts() if row[0] == KY("Options shuffled"))
    assert shuffled[1:] == ("yes", "yes")  # the accessible names keep the stored values
    cell = next(old for name, old, _new in page.diff_labels[1:] if name.text() == shuffled[0])
    assert cell.text() == KY("yes")


def test_one_version_has_nothing_to_compare(qtbot, kiosk):
    page = HistoryPage(kiosk.bank, READER, KY)
    qtbot.addWidget(page)
    page.show_question("IT-001")
    assert page.diff_note.text() == KY("This question has one version: nothing to compare.")
    assert not page.old_choice.isEnabled() and not page.swap_button.isEnabled()
    assert page.diff_labels == []
    assert len(table(page.versions_model)) == 1


def test_the_same_version_twice_differs_in_nothing(page):
    page.compare(2, 2)
    assert page.diff_note.text() == KY("The same version is chosen twice.")
    assert page.changes == []


def test_the_history_follows_the_interface_language(page):
    page.compare(1, 2)
    page.set_translator(RU)
    assert page.title.text() == RU("History of question {uid}").format(uid="LAW-001")
    assert table(page.versions_model)[0][1] == RU("Retired")
    assert page.versions_model.headerData(
        0, page.versions_table.horizontalHeader().orientation()
    ) == (RU("Version"))
    assert page.diff_row_texts()[0][0] == RU("Question ({language})").format(
        language=RU("in Russian")
    )
    page.retranslate(KY)
    assert page.compare_caption.text() == KY("Compare version")


def test_field_names_and_marked_spans_as_text():
    assert field_name("option c[ky]", RU) == RU("Option {key} ({language})").format(
        key="c", language=RU("in Kyrgyz")
    )
    assert field_name("scenario[ru]", KY) == KY("Situation ({language})").format(
        language=KY("in Russian")
    )
    assert field_name("something else", KY) == "something else"
    assert spans_html((Span("a<b", False), Span("c\nd", True)), "x") == (
        'a&lt;b<span style="x">c<br>d</span>'
    )
