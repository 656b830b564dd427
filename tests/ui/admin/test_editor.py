"""The question editor: the form as records, problems under their fields, the live preview.

``editor_kiosk`` (also used by the review and history tests) gives each test a kiosk of its own
on a copy of one prepared SQLite bank: the rich test bank approved by "bolot" after "aida" wrote
it (a shared scenario, a multiple-response question, a picture, a fixed-order question).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.roles import Permission, Role
from kiosk.ui.admin.browser import NOT_PERMITTED
from kiosk.ui.admin.editor import (
    EditorForm,
    EditorPage,
    OptionForm,
    QuestionPreview,
    image_from_file,
    latest_scenarios,
    media_type_of,
    new_scenario_uid,
    next_option_key,
    parse_tags,
    problem_target,
    problem_text,
    refusal_text,
    unique_name,
)
from question_bank.formats.base import Problem
from question_bank.lifecycle import LifecycleRefused, SelfApproval, Status
from question_bank.model import Scenario
from tests.helpers.actors import staff
from tests.helpers.banks import rich_bank, tiny_png
from tests.helpers.keys import install_keys, open_keys
from tests.ui.admin import READER
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
AUTHOR = "aida"
APPROVER = "bolot"
_template: list[Path] = []


def _build_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kiosk-editor-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    data = folder / "data"
    kiosk = install_keys(build(resolve_settings(data_dir=str(data), environ={}), FakeClock()))
    try:
        kiosk.bank.load_approved(rich_bank(), author=AUTHOR, approver=APPROVER)
    finally:
        kiosk.close()
    return data


def editor_kiosk(data_dir: Path, clock: FakeClock | None = None) -> Kiosk:
    """A kiosk of its own on a copy of the prepared rich bank."""
    if not _template:
        _template.append(_build_template())
    shutil.copytree(_template[0], data_dir)
    settings = resolve_settings(data_dir=str(data_dir), station_id="admin", environ={})
    return open_keys(build(settings, clock or FakeClock(), upgrade=False))


@pytest.fixture
def kiosk(qapp, tmp_path):
    kiosk = editor_kiosk(tmp_path / "data")
    yield kiosk
    kiosk.close()


class Chooser:
    """A picture chooser that answers at once with the next path it was given."""

    def __init__(self, *paths: Path | None) -> None:
        self.paths = list(paths)
        self.asked: list[str] = []

    def __call__(self, _parent, caption: str, _name_filter: str) -> Path | None:
        self.asked.append(caption)
        return self.paths.pop(0) if self.paths else None


@pytest.fixture
def chooser() -> Chooser:
    return Chooser()


@pytest.fixture
def editor(qtbot, kiosk, timers, chooser):
    page = EditorPage(kiosk.bank, staff(AUTHOR), KY, timer_factory=timers, choose_image=chooser)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    return page


def type_into(page: EditorPage, stem: dict[str, str], options: list[dict[str, str]]) -> None:
    for language, text in stem.items():
        page.stem[language].setPlainText(text)
    for row, texts in zip(page.option_rows, options, strict=False):
        for language, text in texts.items():
            row.texts[language].setPlainText(text)


STEM = {"ky": "Мектептин уставын ким бекитет?", "ru": "Кто утверждает устав школы?"}
OPTIONS = [
    {"ky": "Директор", "ru": "Директор"},
    {"ky": "Түзүүчү", "ru": "Учредитель"},
    {"ky": "Мугалимдер", "ru": "Учителя"},
    {"ky": "Ата-энелер", "ru": "Родители"},
]


# -- the form as records (no widgets) ----------------------------------------------------------


def test_a_form_becomes_a_question_with_trimmed_texts_and_blank_languages_left_out():
    form = EditorForm(
        section="law",
        stem={"ky": "  Суроо?  ", "ru": "   "},
        options=(
            OptionForm("a", {"ky": "Бир", "ru": ""}, correct=False),
            OptionForm("b", {"ky": "Эки\n", "ru": "Два"}, correct=True),
        ),
        keep_order=True,
        source=" Закон, ст. 5 ",
        tags="устав, мыйзам; устав,  ",
    )
    question = form.question()
    assert question.stem == {"ky": "Суроо?"}
    assert [dict(o.text) for o in question.options] == [{"ky": "Бир"}, {"ky": "Эки", "ru": "Два"}]
    assert question.correct == {"b"}
    assert question.shuffle_options is False
    assert question.source == "Закон, ст. 5"
    assert question.tags == ("устав", "мыйзам")
    assert question.scenario is None and form.scenario() is None


def test_a_stored_version_fills_the_form_and_gives_itself_back(kiosk):
    for uid in ("LAW-002", "LAW-003", "IT-001", "IT-002"):
        version = kiosk.bank.latest(READER, uid)
        form = EditorForm.from_version(version)
        assert form.question() == version.question
        assert form.scenario() == version.scenario
    assert EditorForm.from_version(kiosk.bank.latest(READER, "IT-002")).keep_order is True


def test_small_rules_of_the_form():
    assert parse_tags(" a ;b,, a ") == ("a", "b")
    assert next_option_key(["a", "c"]) == "b"
    assert next_option_key("abcdef") is None
    assert new_scenario_uid(["SC-001", "SC-002/2"]) == "SC-003"
    assert [s.uid for s in latest_scenarios([Scenario("S", {"ky": "1"}), Scenario("S/2", {})])] == [
        "S"
    ]
    assert latest_scenarios([Scenario("S", {"ky": "1"}), Scenario("S/2", {"ky": "2"})])[0].text == {
        "ky": "2"
    }
    assert unique_name("a.png", ["a.png", "a-2.png"]) == "a-3.png"
    assert unique_name("b.png", ["a.png"]) == "b.png"


def test_the_media_type_comes_from_the_content_then_the_extension(tmp_path):
    assert media_type_of(tiny_png(), "picture.jpg") == "image/png"
    assert media_type_of(b"\xff\xd8\xff\xe0rest", "x") == "image/jpeg"
    assert media_type_of(b"GIF89a...", "x") == "image/gif"
    assert media_type_of(b'<?xml version="1.0"?><svg xmlns="..."/>', "x") == "image/svg+xml"
    assert media_type_of(b"????", "scan.JPEG") == "image/jpeg"
    assert media_type_of(b"????", "notes") == ""
    path = tmp_path / "chart.png"
    path.write_bytes(tiny_png(3))
    image = image_from_file(path, ["chart.png"])
    assert (image.name, image.media_type, image.data) == ("chart-2.png", "image/png", tiny_png(3))


def test_problems_name_the_field_they_belong_to():
    keys = ["a", "b", "c"]

    def target(field: str, location: str = "question") -> str:
        return problem_target(Problem("", location, field, "…"), keys)

    assert target("stem[ru]") == "stem[ru]"
    assert target("option c[ky]") == "option c[ky]"
    assert target("option b") == "option b"
    assert target("option 3[ru]") == "option c[ru]"
    assert target("option 9") == "options"
    assert target("key") == "key"
    assert target("tag 2") == "tags"
    assert target("image window.png") == "images"
    assert target("text[ru]", location="scenario") == "scenario[ru]"
    assert target("uid") == ""
    assert target("") == ""


def test_the_services_messages_are_shown_in_the_interface_language():
    assert problem_text("the stem has no Russian translation", KY) == KY(
        "Write this text: every language is needed before review."
    )
    assert problem_text(
        "the word «мектеp» (character 3) mixes Latin p with Cyrillic letters", RU
    ) == RU(
        "The word «{word}» mixes Latin letters ({letters}) into Cyrillic: retype them in Cyrillic."
    ).format(word="мектеp", letters="p")
    assert problem_text(
        "three keys in a single-choice question (a, b, c); keep one, or make it", KY
    ) == KY(
        "Only one option may be correct ({keys} are marked): keep one, "
        "or switch on several correct answers."
    ).format(keys="a, b, c")
    assert problem_text("something nobody foresaw", KY) == "something nobody foresaw"
    assert refusal_text(SelfApproval("aida wrote or edited this version; …"), RU) == RU(
        "You wrote or edited this question; another person must approve it"
    )
    assert refusal_text(
        LifecycleRefused("a submitted version is with its reviewer; it must be returned"), KY
    ) == KY("This version is with its reviewer: it can be edited once it is returned.")


# -- the page ----------------------------------------------------------------------------------


def test_a_new_question_starts_with_four_empty_options_in_the_chosen_section(editor):
    editor.new_question("it")
    assert editor.section.currentData() == "it"
    assert [row.key for row in editor.option_rows] == ["a", "b", "c", "d"]
    assert editor.title.text() == KY("New question")
    assert editor.status_line.text() == KY("Not saved yet")
    assert editor.version is None and editor.uid == ""
    assert editor.section.currentText() == "IT компетенциялары (it)"


def test_saving_stores_a_draft_and_says_so(qtbot, editor, kiosk):
    editor.new_question("law")
    type_into(editor, STEM, OPTIONS)
    editor.option_rows[1].correct.setChecked(True)
    editor.source.setText("Закон «Об образовании», ст. 24")
    editor.tags.setText("устав, мыйзам")
    assert editor.has_unsaved_changes
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save_button.click()
    version = kiosk.bank.latest(READER, saved.args[0])
    assert (version.status, version.number) == (Status.DRAFT, 1)
    assert version.question.stem == STEM
    assert version.question.correct == {"b"}
    assert version.question.tags == ("устав", "мыйзам")
    assert editor.uid == version.uid and not editor.has_unsaved_changes
    assert editor.status_line.text() == KY("Draft, version {number}").format(number=1)
    assert editor.notice.text() == KY("Saved: version {number}, draft.").format(number=1)
    assert editor.title.text() == KY("Question {uid}").format(uid=version.uid)

    # A second save changes the same draft.
    editor.stem["ky"].setPlainText("Уставды ким бекитет?")
    editor.save()
    assert [v.number for v in kiosk.bank.history(READER, version.uid)] == [1]
    assert kiosk.bank.latest(READER, version.uid).question.stem["ky"] == "Уставды ким бекитет?"


def test_submitting_saves_then_sends_for_review(editor, kiosk):
    editor.new_question("law")
    type_into(editor, STEM, OPTIONS)
    editor.option_rows[0].correct.setChecked(True)
    version = editor.submit()
    assert version is not None and version.status is Status.SUBMITTED
    assert [row.uid for row in kiosk.bank.review_queue(READER)] == [version.uid]
    assert editor.notice.text() == KY("Sent for review: version {number}.").format(number=1)
    assert not editor.save_button.isEnabled() and not editor.submit_button.isEnabled()
    assert KY("It is with its reviewer and can be edited once it is returned.") in (
        editor.status_line.text()
    )


def test_single_choice_keeps_one_tick_and_multiple_response_many(editor):
    rows = editor.option_rows
    rows[0].correct.setChecked(True)
    rows[2].correct.setChecked(True)
    assert [r.correct.isChecked() for r in rows] == [False, False, True, False]
    editor.multiple.setChecked(True)
    rows[0].correct.setChecked(True)
    rows[3].correct.setChecked(True)
    assert [r.correct.isChecked() for r in rows] == [True, False, True, True]
    assert editor.form().question().correct == {"a", "c", "d"}
    # Back to one answer: the first tick stays.
    editor.multiple.setChecked(False)
    assert [r.correct.isChecked() for r in rows] == [True, False, False, False]


def test_options_are_added_up_to_six_and_removed_down_to_two(editor):
    editor.add_option_button.click()
    editor.add_option_button.click()
    assert [row.key for row in editor.option_rows] == list("abcdef")
    assert not editor.add_option_button.isEnabled()
    editor.add_option()
    assert len(editor.option_rows) == 6
    for key in "bcde":
        editor.remove_option(key)
    assert [row.key for row in editor.option_rows] == ["a", "f"]
    assert not any(row.remove.isEnabled() for row in editor.option_rows)
    editor.remove_option("a")
    assert len(editor.option_rows) == 2
    editor.add_option()
    assert [row.key for row in editor.option_rows] == ["a", "f", "b"]


def test_a_problem_is_shown_under_its_field_and_nothing_typed_is_lost(editor, kiosk):
    editor.new_question("law")
    type_into(editor, STEM, OPTIONS)
    before = editor.form()
    assert editor.save() is None  # no option is marked correct
    assert editor.problem_message("key") == KY("Mark the correct option.")
    assert editor.multiple.property("problem") is True
    assert editor.errors.text() == KY(
        "The question was not saved. The marked fields need attention."
    )
    assert editor.form() == before
    assert kiosk.bank.rows(READER) and all(row.uid != "Q-00006" for row in kiosk.bank.rows(READER))

    # Fixed and saved: the marks go.
    editor.option_rows[3].correct.setChecked(True)
    assert editor.save() is not None
    assert editor.problem_message("key") == ""
    assert editor.multiple.property("problem") is False
    assert editor.errors.isHidden()


def test_a_missing_translation_stops_the_submission_at_its_field(editor, kiosk):
    editor.new_question("law")
    type_into(editor, {"ky": STEM["ky"]}, [{"ky": o["ky"]} for o in OPTIONS])
    editor.option_rows[0].correct.setChecked(True)
    editor.option_rows[2].texts["ru"].setPlainText("Учителя")
    version = editor.submit()
    # Saved as a draft, not submitted; each missing text is marked where it belongs.
    assert version is not None and version.status is Status.DRAFT
    assert kiosk.bank.review_queue(READER) == []
    missing = KY("Write this text: every language is needed before review.")
    assert editor.problem_message("stem[ru]") == missing
    assert editor.stem["ru"].property("problem") is True
    assert editor.problem_message("option a[ru]") == missing
    assert editor.problem_message("option c[ru]") == ""
    assert editor.stem["ky"].property("problem") is False
    assert editor.errors.text() == KY(
        "The question was saved as a draft but not sent for review. "
        "The marked fields need attention."
    )
    assert editor.option_rows[2].texts["ru"].toPlainText() == "Учителя"

    # The problems follow the interface language.
    editor.set_translator(RU)
    assert editor.problem_message("stem[ru]") == RU(
        "Write this text: every language is needed before review."
    )


def test_mixed_letters_are_named_under_the_option(editor):
    editor.new_question("law")
    type_into(editor, STEM, OPTIONS)
    editor.option_rows[1].texts["ky"].setPlainText("Түзүүчү мектеp")  # a Latin p
    editor.option_rows[1].correct.setChecked(True)
    assert editor.save() is None
    assert editor.problem_message("option b[ky]") == KY(
        "The word «{word}» mixes Latin letters ({letters}) into Cyrillic: retype them in Cyrillic."
    ).format(word="мектеp", letters="p")


def test_an_approved_question_says_saving_makes_a_new_version(editor, kiosk):
    editor.open_question("LAW-001")
    assert editor.status_line.text() == (
        KY("Approved, version {number}").format(number=1)
        + ". "
        + KY("Saving makes a new draft, version {number}.").format(number=2)
    )
    assert editor.stem["ru"].toPlainText() == rich_bank().questions[0].stem["ru"]
    assert editor.option_rows[1].correct.isChecked()
    editor.source.setText("Закон КР «Об образовании», ст. 25")
    saved = editor.save()
    assert saved is not None and (saved.number, saved.status) == (2, Status.DRAFT)
    assert kiosk.bank.version(
        READER, kiosk.bank.history(READER, "LAW-001")[0].version_id
    ).status is (Status.APPROVED)
    assert editor.status_line.text() == KY("Draft, version {number}").format(number=2)


def test_a_returned_draft_shows_the_reviewers_comment(editor, kiosk):
    draft = kiosk.bank.save(
        staff(AUTHOR), replace(kiosk.bank.latest(READER, "LAW-001").question, source="x")
    )
    kiosk.bank.submit(staff(AUTHOR), draft.version_id)
    kiosk.bank.return_for_rework(staff(APPROVER), draft.version_id, "Булагын тактаңыз")
    editor.open_question("LAW-001")
    assert editor.returned.text() == KY("Returned for rework by {actor}: {comment}").format(
        actor=APPROVER, comment="Булагын тактаңыз"
    )


def test_a_scenario_is_chosen_written_new_or_taken_away(editor, kiosk):
    editor.new_question("law")
    assert editor.scenario_mode == "none" and editor.scenario_panel.isHidden()
    choice = editor.scenario_choice
    assert choice.itemText(0) == KY("No situation")
    assert choice.itemText(choice.count() - 1) == KY("New situation…")
    # An existing one brings its texts.
    choice.setCurrentIndex(1)
    assert editor.scenario_mode == "existing"
    assert editor.scenario_uid.text() == "SC-ӨНҮГҮҮ" and editor.scenario_uid.isReadOnly()
    assert editor.scenario_texts["ru"].toPlainText() == rich_bank().scenarios[0].text["ru"]
    # A new one gets a fresh name and empty texts.
    choice.setCurrentIndex(choice.count() - 1)
    assert editor.scenario_mode == "new"
    assert editor.scenario_uid.text() == "SC-001" and not editor.scenario_uid.isReadOnly()
    editor.scenario_texts["ky"].setPlainText("Мектепте өрт чыкты.")
    editor.scenario_texts["ru"].setPlainText("В школе случился пожар.")
    type_into(editor, {"ky": "Биринчи эмне кылуу керек?", "ru": "Что делать сначала?"}, OPTIONS)
    editor.option_rows[0].correct.setChecked(True)
    saved = editor.save()
    assert saved is not None and saved.scenario is not None
    assert saved.scenario.text == {"ky": "Мектепте өрт чыкты.", "ru": "В школе случился пожар."}
    assert saved.question.scenario == "SC-001"
    # Saved, the new scenario is an existing one.
    assert editor.scenario_mode == "existing"
    # A new scenario may not take a name in use.
    editor.new_question("law")
    choice.setCurrentIndex(choice.count() - 1)
    editor.scenario_uid.setText("SC-001")
    type_into(editor, STEM, OPTIONS)
    editor.option_rows[0].correct.setChecked(True)
    assert editor.save() is None
    assert editor.problem_message("scenario uid") == KY(
        "A situation with this name exists already: choose it, or rename the new one."
    )


def test_pictures_are_added_through_the_chooser_and_removed(editor, chooser, tmp_path):
    png = tmp_path / "chart.png"
    png.write_bytes(tiny_png(5))
    chooser.paths[:] = [png, png, None]
    editor.add_image_button.click()
    editor.add_image_button.click()
    editor.add_image()  # cancelled
    assert chooser.asked == [KY("Add a picture")] * 3
    assert [image.name for image in editor.form().images] == ["chart.png", "chart-2.png"]
    assert editor.form().images[0].media_type == "image/png"
    assert editor.image_rows[0].details.text() == KY("{kind}, {size} KB").format(kind="PNG", size=1)
    editor.image_rows[0].remove.click()
    assert [image.name for image in editor.form().images] == ["chart-2.png"]


def test_an_unreadable_picture_file_is_said_under_the_pictures(editor, chooser, tmp_path):
    chooser.paths[:] = [tmp_path / "gone.png"]
    editor.add_image()
    assert editor.problem_message("images") == KY("The file {name} cannot be read.").format(
        name="gone.png"
    )


def test_the_preview_follows_the_typing_after_a_pause(editor, timers):
    editor.new_question("law")
    preview = editor.preview
    editor.stem["ky"].setPlainText("Жаңы суроо")
    timer = timers["editor-preview"]
    assert timer.is_active() and timer.single_shot
    assert preview.exam.stem.text() == ""  # not yet: the timer has not fired
    timers.fire("editor-preview")
    assert preview.exam.stem.text() == "Жаңы суроо"
    assert preview.exam.section.text() == "Нормативдик укуктук актылар"
    # The candidate's own screen, its clock at the time limit and not running.
    assert preview.exam.clock.text() == KY("Time left: {time}").format(time="1:30:00")
    assert preview.exam.position.text() == KY("Question {number} of {total}").format(
        number=1, total=1
    )


def test_the_preview_shows_the_question_in_either_language(editor, timers):
    editor.open_question("IT-001")
    exam = editor.preview.exam
    assert exam.stem.text() == rich_bank().questions[3].stem["ky"]
    assert [o.body.text() for o in exam.options if o.isVisibleTo(exam)] == [
        "Текст редактору",
        "Электрондук таблица",
    ]
    assert len(exam.pictures) == 1
    editor.preview.language_buttons["ru"].click()
    assert exam.stem.text() == rich_bank().questions[3].stem["ru"]
    assert exam.clock.text() == RU("Time left: {time}").format(time="1:30:00")
    assert editor.preview.language_buttons["ru"].property("current") is True
    # Typing goes on in the language shown.
    editor.stem["ru"].setPlainText("Какая программа на рисунке?")
    timers.fire("editor-preview")
    assert exam.stem.text() == "Какая программа на рисунке?"


def test_answering_in_the_preview_stays_in_the_preview(editor, kiosk, timers):
    editor.open_question("LAW-003")  # multiple response, with a scenario
    exam = editor.preview.exam
    assert exam.scenario.text() == rich_bank().scenarios[0].text["ky"]
    exam.choose(0)
    exam.choose(2)
    assert editor.preview.screen_view.shown_item().selected == {"a", "c"}
    assert exam.options[0].property("chosen") is True
    # Typing keeps the ticks; nothing reached the bank.
    editor.stem["ky"].setPlainText("Кимдер катышат?")
    timers.fire("editor-preview")
    assert editor.preview.screen_view.shown_item().selected == {"a", "c"}
    assert kiosk.bank.latest(READER, "LAW-003").number == 1
    assert not editor.has_unsaved_changes or editor.version is not None
    # "Finish" in the preview starts it again.
    exam.submit("candidate")
    assert editor.preview.screen_view.shown_item().selected == frozenset()


def test_the_preview_goes_under_the_form_on_a_narrow_page(editor):
    assert editor.side_by_side
    editor.resize(900, 700)
    assert not editor.side_by_side
    editor.resize(1300, 700)
    assert editor.side_by_side


def test_the_preview_can_take_the_whole_page_for_a_while(qtbot, editor):
    editor.open_question("LAW-002")
    small = editor.preview.screen_view.scale_factor
    editor.preview.enlarge.click()
    assert editor.form_side.isHidden() and editor.preview.enlarged
    assert editor.preview.enlarge.text() == "⤡ " + KY("Back to the form")
    qtbot.waitUntil(lambda: editor.preview.screen_view.scale_factor > small * 1.5)
    editor.preview.enlarge.click()
    assert not editor.form_side.isHidden()
    # Another question brings the form back in any case.
    editor.preview.enlarge.click()
    editor.new_question("law")
    assert not editor.form_side.isHidden() and not editor.preview.enlarged


def test_switching_the_interface_language_redraws_every_label(editor):
    editor.set_translator(RU)
    assert editor.save_button.text() == RU("Save")
    assert editor.submit_button.text() == RU("Submit for review")
    assert editor.title.text() == RU("New question")
    assert editor.scenario_choice.itemText(0) == RU("No situation")
    assert editor.preview.caption.text() == RU("As the candidate sees it")
    editor.retranslate(KY)
    assert editor.save_button.text() == KY("Save")


def test_the_read_only_preview_shows_a_version_in_the_given_order_with_its_key(qtbot, kiosk):
    preview = QuestionPreview(KY, show_key=True)
    qtbot.addWidget(preview)
    preview.resize(700, 500)
    version = kiosk.bank.latest(READER, "LAW-001")
    preview.show(version, "ru", ("c", "b", "a", "d"))
    exam = preview.exam
    assert [o.key for o in exam.options if not o.isHidden()] == ["c", "b", "a", "d"]
    assert exam.options[1].body.text() == "Учредитель"
    assert preview.key_lines() == ["Б) Учредитель"]
    assert preview.key_caption.text() == KY("Correct answer (the candidate does not see this):")
    # Read-only: a click chooses nothing.
    exam.choose(1)
    assert exam.options[1].property("chosen") is False
    # The blueprint page's way in.
    preview.show_question(version.question, version.scenario, "ky", option_order=("a", "b"))
    assert preview.key_lines() == ["Б) Түзүүчү"]
    plain = QuestionPreview(KY)
    qtbot.addWidget(plain)
    plain.show(version, "ky")
    assert plain.key_box.isHidden()


def test_the_preview_is_scaled_to_its_room(qtbot, kiosk):
    preview = QuestionPreview(KY)
    qtbot.addWidget(preview)
    preview.resize(700, 500)
    preview.show()
    preview.show(kiosk.bank.latest(READER, "LAW-001"), "ky")
    view = preview.screen_view
    assert 0.3 < view.scale_factor < 0.6
    assert view.stage.size().width() == 1366
    assert not view.exam.options[0].isHidden()
    assert view.exam.options[0].property("chosen") is False
    assert view.exam.options[0].isEnabled()
    assert view.exam.clock.isVisibleTo(view.stage)
    assert view.exam.warning.isHidden()
    assert view.exam.next.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_without_the_writers_role_the_editor_only_shows_the_question(qtbot, kiosk, timers):
    approver = staff(APPROVER, Role.BANK_APPROVER)
    page = EditorPage(kiosk.bank, approver, KY, timer_factory=timers)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    page.open_question("LAW-001")
    assert page.read_only
    assert page.stem["ky"].toPlainText() == rich_bank().questions[0].stem["ky"]
    assert not page.save_button.isVisible() and not page.submit_button.isVisible()
    assert page.read_only_note.isVisible()
    assert page.read_only_note.text() == KY(
        "Read only: your account's roles do not allow changing questions."
    )
    assert page.stem["ky"].isReadOnly() and page.source.isReadOnly()
    assert not page.section.isEnabled() and not page.add_option_button.isEnabled()
    assert all(not row.correct.isEnabled() for row in page.option_rows)
    # Asked anyway, the service refuses; the page says why, and no field is blamed.
    page.source.setText("x")
    assert page.save() is None
    assert page.errors.text() == KY(NOT_PERMITTED[Permission.EDIT_BANK])
    assert kiosk.bank.latest(READER, "LAW-001").number == 1


def test_a_writer_gets_a_form_to_edit(editor):
    editor.open_question("LAW-001")
    assert not editor.read_only and not editor.read_only_note.isVisible()
    assert editor.save_button.isVisible() and not editor.stem["ky"].isReadOnly()
    assert editor.section.isEnabled()


def test_the_preview_answers_everything_the_test_screen_may_ask():
    # The preview runs the real test screen on an in-memory port: a method missing there
    # crashes the editor's window when a button of the test screen is pressed.
    from kiosk.ui.admin.preview import PreviewAttempts
    from kiosk.ui.candidate.ports import Attempts

    wanted = {name for name in vars(Attempts) if not name.startswith("_")}
    assert wanted and not {n for n in wanted if not callable(getattr(PreviewAttempts(), n, None))}
