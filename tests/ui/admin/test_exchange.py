"""Import and export: the dry run first, problems in a table, confirm to write; export to a file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.domain.roles import NotPermitted, Permission
from kiosk.ui.admin.browser import NOT_PERMITTED
from kiosk.ui.admin.exchange import (
    PLAN_KINDS,
    ExchangePage,
    available_formats,
    format_label,
    template_maker,
)
from question_bank.formats import format_module
from question_bank.lifecycle import Status
from question_bank.model import Bank, Section
from tests.helpers.actors import ADMIN, staff
from tests.helpers.banks import SECTION_TITLES, make_bank, make_question
from tests.ui.admin import READER, admin_kiosk
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
USER = "bolot"


class Chooser:
    """Answers the file dialogs at once with the paths a test sets, and remembers the asks."""

    def __init__(self) -> None:
        self.open_path: Path | None = None
        self.save_path: Path | None = None
        self.asked: list[tuple[str, ...]] = []

    def choose_file(self, parent, caption: str, name_filter: str) -> Path | None:
        self.asked.append(("open", caption, name_filter))
        return self.open_path

    def choose_save_path(self, parent, caption: str, suggested: str, name_filter: str):
        self.asked.append(("save", caption, suggested, name_filter))
        return self.save_path


@pytest.fixture
def kiosk(qapp, tmp_path):
    kiosk = admin_kiosk(tmp_path / "data")
    yield kiosk
    kiosk.close()


@pytest.fixture
def chooser() -> Chooser:
    return Chooser()


@pytest.fixture
def page(qtbot, kiosk, chooser):
    page = ExchangePage(
        kiosk.bank,
        staff(USER),
        KY,
        choose_file=chooser.choose_file,
        choose_save_path=chooser.choose_save_path,
    )
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    return page


def incoming_bank() -> Bank:
    """A file's bank: one changed question, one the bank has, two new ones in a new section."""
    base = make_bank()
    by_uid = {q.uid: q for q in base.questions}
    changed = replace(by_uid["LAW-004"], stem={"ky": "Өзгөргөн суроо?", "ru": "Новый вопрос?"})
    new = [
        replace(
            make_question("", "ethics", n),
            stem={"ky": f"Этика боюнча {n}-суроо?", "ru": f"Вопрос {n} по этике?"},
        )
        for n in (1, 2)
    ]
    return Bank(
        (Section("law", SECTION_TITLES["law"]), Section("ethics", {"ky": "Этика", "ru": "Этика"})),
        (),
        (changed, by_uid["LAW-005"], *new),
    )


def write_file(folder: Path, format_name: str, language: str = "ky") -> Path:
    module = format_module(format_name)
    path = folder / f"incoming{module.EXTENSIONS[0]}"
    path.write_bytes(module.write(incoming_bank(), language))
    return path


def table(widget) -> list[list[str]]:
    return [
        [widget.item(row, column).text() for column in range(widget.columnCount())]
        for row in range(widget.rowCount())
    ]


# -- import ------------------------------------------------------------------------------------


def test_choosing_a_file_runs_a_dry_run_that_writes_nothing(page, kiosk, chooser, tmp_path):
    panel = page.import_panel
    assert not panel.import_button.isEnabled() and not panel.check_button.isEnabled()
    chooser.open_path = write_file(tmp_path, "moodle")
    before = kiosk.bank.rows(READER)
    panel.choose_button.click()
    assert chooser.asked[0][:2] == ("open", KY("Choose a file to import"))
    assert "Moodle XML (*.xml)" in chooser.asked[0][2]
    assert kiosk.bank.rows(READER) == before  # a dry run only
    assert table(panel.plan_table) == [
        [KY(PLAN_KINDS["section"]), "ethics", ""],
        [KY(PLAN_KINDS["question"]), "Q-00024", ""],
        [KY(PLAN_KINDS["question"]), "Q-00025", ""],
        [KY(PLAN_KINDS["version"]), "LAW-004 v2", ""],
        [
            KY(PLAN_KINDS["duplicate"]),
            "question 2 (LAW-005)",
            KY("the same as {uid} v{version}").format(uid="LAW-005", version=1),
        ],
    ]
    summary = panel.summary.text()
    assert (
        KY("Checked {file}: nothing is written yet. Importing would bring:").format(
            file="incoming.xml"
        )
        in summary
    )
    assert KY("New questions: {count}").format(count=2) in summary
    assert KY("Already in the bank, skipped: {count}").format(count=1) in summary
    assert panel.detected.text() == KY("Format: {format}").format(format="Moodle XML")
    assert not panel.language_combo.isEnabled()  # Moodle XML carries both languages
    assert panel.import_button.isEnabled() and not panel.problem_table.isVisible()


def test_confirming_imports_for_real_once(qtbot, page, kiosk, chooser, tmp_path):
    panel = page.import_panel
    chooser.open_path = write_file(tmp_path, "moodle")
    panel.choose_button.click()
    with qtbot.waitSignal(page.changed):
        panel.import_button.click()
    rows = {row.uid: row for row in kiosk.bank.rows(READER)}
    assert len(rows) == 25
    assert (rows["LAW-004"].number, rows["LAW-004"].status) == (2, Status.DRAFT)
    assert rows["Q-00024"].section == "ethics"
    assert panel.summary.text().startswith(
        KY(
            "Imported from {file}. The questions are drafts now, unless the file is a bank package."
        ).format(file="incoming.xml")
    )
    assert not panel.import_button.isEnabled()  # nothing to import twice
    panel.check_button.click()  # the same file again: all of it is in the bank now
    assert panel.summary.text().startswith(
        KY("Nothing new to import from {file}: the bank has every question in it.").format(
            file="incoming.xml"
        )
    )
    assert not panel.import_button.isEnabled()


def test_a_file_with_problems_lists_them_and_cannot_be_imported(page, kiosk, chooser, tmp_path):
    panel = page.import_panel
    broken = tmp_path / "broken.xml"
    broken.write_text("<quiz>\n<question type='multichoice'>\n", encoding="utf-8")
    chooser.open_path = broken
    before = kiosk.bank.rows(READER)
    panel.choose_button.click()
    assert not panel.import_button.isEnabled()
    assert panel.problem_table.isVisible() and not panel.plan_table.isVisible()
    problems = table(panel.problem_table)
    assert problems and all(row[0] == "broken.xml" for row in problems)
    assert problems[0][1].startswith("line ")
    assert panel.failure.text() == KY(
        "The file cannot be imported, and nothing was written. Problems found: {count}. "
        "Correct them in the file and check it again."
    ).format(count=len(problems))
    headers = [panel.problem_table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == [KY("File"), KY("Where"), KY("Field"), KY("Problem")]
    panel.confirm()  # even if asked, nothing is written
    assert kiosk.bank.rows(READER) == before


def test_content_problems_name_the_field(page, kiosk, chooser, tmp_path):
    bank = incoming_bank()
    only_ky = replace(bank.questions[2], correct=frozenset({"a", "b"}))  # two keys, one choice
    path = tmp_path / "two-keys.xml"
    path.write_bytes(format_module("moodle").write(replace(bank, questions=(only_ky,)), "ky"))
    chooser.open_path = path
    page.import_panel.choose_button.click()
    problems = table(page.import_panel.problem_table)
    assert len(problems) >= 1 and problems[0][0] == "two-keys.xml"
    assert all(row[2] for row in problems)  # each names its field


def test_one_language_files_ask_for_their_language(page, kiosk, chooser, tmp_path):
    if "aiken" not in available_formats():
        pytest.skip("the Aiken format is not installed")
    panel = page.import_panel
    chooser.open_path = write_file(tmp_path, "aiken", "ru")
    panel.choose_button.click()
    assert panel.language_combo.isEnabled()
    assert panel.detected.text() == KY("Format: {format}").format(format=format_label("aiken"))
    panel.language_combo.setCurrentIndex(1)  # Russian: the dry run runs again
    assert panel.language == "ru"
    assert panel.report is not None and not panel.problems
    before = {row.uid for row in kiosk.bank.rows(READER)}
    panel.import_button.click()
    imported = [row for row in kiosk.bank.rows(READER) if row.uid not in before]
    assert imported and all(set(row.stem) == {"ru"} for row in imported)
    assert "Вопрос 1 по этике?" in {row.stem["ru"] for row in imported}


def test_the_format_can_be_chosen_when_the_name_does_not_tell(page, chooser, tmp_path):
    panel = page.import_panel
    path = tmp_path / "export.data"
    path.write_bytes(format_module("moodle").write(incoming_bank(), "ky"))
    chooser.open_path = path
    panel.choose_button.click()
    assert panel.detected.text() == KY("The format cannot be told from the file name: choose it.")
    assert panel.problems and panel.problems[0].field == "format"
    panel.format_combo.setCurrentIndex(1 + available_formats().index("moodle"))
    assert not panel.problems and panel.import_button.isEnabled()


def test_a_cancelled_choice_changes_nothing(page, chooser):
    chooser.open_path = None
    page.import_panel.choose_button.click()
    assert page.import_panel.path is None
    assert page.import_panel.file_label.full_text() == KY("No file chosen yet.")


def test_the_dry_run_is_redrawn_in_another_language(page, chooser, tmp_path):
    chooser.open_path = write_file(tmp_path, "moodle")
    page.import_panel.choose_button.click()
    page.set_translator(RU)
    assert page.tabs.tabText(0) == RU("Import from a file")
    assert table(page.import_panel.plan_table)[0][0] == RU(PLAN_KINDS["section"])
    assert RU("New questions: {count}").format(count=2) in page.import_panel.summary.text()


# -- export ------------------------------------------------------------------------------------


def choose_format(panel, name: str) -> None:
    panel.format_combo.setCurrentIndex(available_formats().index(name))


def test_export_writes_the_chosen_format_where_the_user_says(page, kiosk, chooser, tmp_path):
    panel = page.export_panel
    page.tabs.setCurrentIndex(1)
    choose_format(panel, "moodle")
    assert not panel.language_combo.isEnabled() and panel.drafts.isEnabled()
    chooser.save_path = tmp_path / "out.xml"
    panel.export_button.click()
    assert chooser.asked[-1][:3] == ("save", KY("Export the bank"), "question-bank.xml")
    assert chooser.save_path.read_bytes() == kiosk.bank.export(READER, "moodle")
    assert panel.message.text() == KY("Saved: {path}").format(path=str(chooser.save_path))


def test_export_with_drafts_and_in_one_language(page, kiosk, chooser, tmp_path):
    if "aiken" not in available_formats():
        pytest.skip("the Aiken format is not installed")
    panel = page.export_panel
    choose_format(panel, "aiken")
    assert panel.language_combo.isEnabled()
    panel.language_combo.setCurrentIndex(1)
    chooser.save_path = tmp_path / "out.txt"
    panel.export_button.click()
    assert chooser.asked[-1][2] == "question-bank-ru.aiken"
    assert chooser.save_path.read_bytes() == kiosk.bank.export(READER, "aiken", language="ru")
    panel.drafts.setChecked(True)
    panel.export_button.click()  # the Kyrgyz-only draft cannot be written in Russian
    assert panel.error.text().startswith(
        KY("The bank cannot be written in this format: {reason}").split("{reason}")[0]
    )
    assert not panel.message.isVisible()


def test_the_package_carries_everything_so_drafts_need_no_choice(page):
    panel = page.export_panel
    choose_format(panel, "package")
    assert not panel.drafts.isEnabled() and not panel.language_combo.isEnabled()


def test_a_cancelled_export_writes_nothing(page, chooser, tmp_path):
    chooser.save_path = None
    page.export_panel.export_button.click()
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]
    assert not page.export_panel.message.isVisible()


def test_an_unwritable_place_is_said(page, chooser, tmp_path):
    chooser.save_path = tmp_path / "missing-folder" / "bank.kbank"
    page.export_panel.export_button.click()
    assert page.export_panel.error.text().startswith(
        KY("Could not write {path}: {reason}").split("{path}")[0]
    )
    assert str(chooser.save_path) in page.export_panel.error.text()


def test_the_blank_template_is_offered_for_the_workbook_only(page, chooser, tmp_path):
    if "xlsx" not in available_formats() or template_maker("xlsx") is None:
        pytest.skip("the workbook format has no template")
    panel = page.export_panel
    choose_format(panel, "moodle")
    assert not panel.template_button.isVisibleTo(panel)
    choose_format(panel, "xlsx")
    assert panel.template_button.isVisibleTo(panel)
    chooser.save_path = tmp_path / "template.xlsx"
    panel.template_button.click()
    assert chooser.asked[-1][:3] == (
        "save",
        KY("Save the blank template"),
        "question-bank-template.xlsx",
    )
    assert chooser.save_path.read_bytes()[:2] == b"PK"  # a workbook is a zip


def test_without_the_writers_role_only_export_is_offered(qtbot, kiosk, chooser, tmp_path):
    page = ExchangePage(
        kiosk.bank,
        ADMIN,
        KY,
        choose_file=chooser.choose_file,
        choose_save_path=chooser.choose_save_path,
    )
    qtbot.addWidget(page)
    page.show()
    assert not page.tabs.isTabEnabled(0) and page.tabs.currentWidget() is page.export_panel
    chooser.save_path = tmp_path / "out.xml"
    page.export_panel.format_combo.setCurrentIndex(available_formats().index("moodle"))
    page.export_panel.export_button.click()
    assert chooser.save_path.read_bytes() == kiosk.bank.export(READER, "moodle")
    # Asked anyway, the bank refuses the import and the panel says why; nothing is written.
    before = kiosk.bank.rows(READER)
    page.import_panel.open_file(write_file(tmp_path, "moodle"))
    panel = page.import_panel
    assert panel.failure.text() == KY(NOT_PERMITTED[Permission.EDIT_BANK])
    assert not panel.import_button.isEnabled() and panel.summary.isHidden()
    panel.confirm()
    assert kiosk.bank.rows(READER) == before


def test_an_export_refused_for_the_roles_is_said(page, kiosk, chooser, tmp_path, monkeypatch):
    def refuse(actor, *_args, **_options):
        raise NotPermitted(actor.name, Permission.VIEW_BANK)

    monkeypatch.setattr(kiosk.bank, "export", refuse)
    chooser.save_path = tmp_path / "out.xml"
    page.export_panel.export_button.click()
    assert page.export_panel.error.text() == KY(NOT_PERMITTED[Permission.VIEW_BANK])
    assert not chooser.save_path.exists()
