"""Import and export of the question bank.

Import is two steps.  Choosing a file runs a *dry run*: the bank reads and checks the whole file
and says what it would do (new questions, new versions of questions it holds, new sections,
questions it already has and would skip) or lists every problem (file, location, field,
message).  Only then can the user confirm the real import, which is all or nothing; when the
file has problems the confirm button stays disabled and nothing is written.

Export writes the bank in a chosen format; one-language formats ask for the language.  Importing
is a bank editor's work: without ``EDIT_BANK`` the import tab is disabled and the page opens on
export.  File dialogs are reached only through the injected ``choose_file`` /
``choose_save_path`` functions, so tests never open one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.bank_views import ImportReport
from kiosk.ui.admin.browser import (
    CONTENT_LANGUAGE_NAMES,
    NOT_PERMITTED,
    AdminPage,
    caption,
    message_box,
    not_permitted_message,
    page_layout,
    readonly_table,
)
from kiosk.ui.admin.ports import Bank
from kiosk.ui.widgets import ElidedLabel, button, label, set_text
from question_bank.formats import FORMAT_NAMES, format_module, guess_format
from question_bank.formats.base import ImportFailed, Problem
from translations import CONTENT_LANGUAGES, N_, Translator

#: Asks for a file to read: (parent, caption, name filter) → the path, or None if cancelled.
ChooseFile = Callable[[QWidget, str, str], Path | None]
#: Asks where to save: (parent, caption, suggested file name, name filter) → path or None.
ChooseSavePath = Callable[[QWidget, str, str, str], Path | None]


def dialog_choose_file(parent: QWidget, caption_text: str, name_filter: str) -> Path | None:
    """The system's open-file dialog (the program's default ``choose_file``)."""
    path, _selected = QFileDialog.getOpenFileName(parent, caption_text, "", name_filter)
    return Path(path) if path else None


def dialog_choose_save_path(
    parent: QWidget, caption_text: str, suggested: str, name_filter: str
) -> Path | None:
    """The system's save-file dialog (the program's default ``choose_save_path``)."""
    path, _selected = QFileDialog.getSaveFileName(parent, caption_text, suggested, name_filter)
    return Path(path) if path else None


def available_formats() -> list[str]:
    """The formats whose module is installed, in the order the screen lists them."""
    names = []
    for name in FORMAT_NAMES:
        try:
            format_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != f"question_bank.formats.{name}":
                raise
            continue
        names.append(name)
    return names


#: Formats whose name describes them, said in the interface language; the others are product
#: names (Moodle XML, GIFT, Aiken) and stay as the formats call themselves.
FORMAT_TITLES = {
    "package": N_("Kiosk bank package"),
    "qti": N_("QTI 2.1 package"),
    "xlsx": N_("Excel workbook"),
}


def format_label(name: str, translate: Callable[[str], str] | None = None) -> str:
    """A format's name on screen, in the interface language where it is a description."""
    if translate is not None and name in FORMAT_TITLES:
        return translate(FORMAT_TITLES[name])
    return str(format_module(name).LABEL)


def is_multilingual(name: str) -> bool:
    """Whether one file of this format holds every language."""
    return bool(format_module(name).MULTILINGUAL)


def name_filter(names: Sequence[str], all_files: str) -> str:
    """A file dialog's filter naming each format's extensions."""
    parts = []
    for name in names:
        patterns = " ".join(f"*{ext}" for ext in format_module(name).EXTENSIONS)
        parts.append(f"{format_label(name)} ({patterns})")
    parts.append(f"{all_files} (*)")
    return ";;".join(parts)


def template_maker(name: str) -> Callable[[], bytes] | None:
    """The format's blank template, if it offers one (the Excel workbook does)."""
    module: ModuleType = format_module(name)
    maker = getattr(module, "template", None)
    if maker is None or not callable(maker):
        return None
    required = [
        p
        for p in inspect.signature(maker).parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    return maker if not required else None


#: Rows of the dry run's table: what the import would do, item by item.
PLAN_KINDS = {
    "section": N_("New section"),
    "question": N_("New question"),
    "version": N_("New version"),
    "duplicate": N_("Already in the bank: skipped"),
}


def plan_rows(report: ImportReport) -> list[tuple[str, str, str, tuple[str, dict[str, object]]]]:
    """The report as table rows: (kind, item, note message, note values)."""
    rows: list[tuple[str, str, str, tuple[str, dict[str, object]]]] = []
    rows += [("section", code, "", ("", {})) for code in report.new_sections]
    rows += [("question", uid, "", ("", {})) for uid in report.new_questions]
    rows += [("version", item, "", ("", {})) for item in report.new_versions]
    rows += [
        (
            "duplicate",
            duplicate.location,
            "",
            (
                N_("the same as {uid} v{version}"),
                {"uid": duplicate.existing_uid, "version": duplicate.existing_version},
            ),
        )
        for duplicate in report.duplicates
    ]
    return rows


class ImportPanel(QWidget):
    """Choose a file, see what it would do, then import it (or see its problems)."""

    def __init__(
        self,
        page: ExchangePage,
        bank: Bank,
        actor: Actor,
        choose_file: ChooseFile,
    ) -> None:
        super().__init__()
        self.setObjectName("importPanel")
        self._page = page
        self._bank = bank
        self._actor = actor
        self._choose_file = choose_file
        self._formats = available_formats()
        self._format_values: list[str | None] = [None, *self._formats]
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.problems: tuple[Problem, ...] = ()
        self.imported: ImportReport | None = None
        #: The catalogue message when the bank refused the actor the import.
        self.refusal: str | None = None

        self._captions: list[QLabel] = []
        self.file_label = ElidedLabel("value")
        self.file_label.setObjectName("importFile")
        self.choose_button = button("primary", name="chooseImportFile")
        self.format_combo = QComboBox(objectName="importFormat")
        self.language_combo = QComboBox(objectName="importLanguage")
        self.file_caption = caption(self._captions, self.choose_button)
        self.format_caption = caption(self._captions, self.format_combo)
        self.language_caption = caption(self._captions, self.language_combo)
        self.detected = label("muted", wrap=False, name="detectedFormat")
        self.summary = message_box("info", "importSummary")
        self.failure = message_box("error", "importProblems")
        self.plan_table = readonly_table("importPlan")
        self.plan_table.setColumnCount(3)
        self.problem_table = readonly_table("importProblemTable")
        self.problem_table.setColumnCount(4)
        self.problem_table.setWordWrap(True)
        self.check_button = button(name="checkImport")
        self.import_button = button("primary", name="confirmImport")

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.file_caption, 0, 0)
        grid.addWidget(self.file_label, 0, 1, 1, 3)
        grid.addWidget(self.choose_button, 0, 4)
        grid.addWidget(self.format_caption, 1, 0)
        grid.addWidget(self.format_combo, 1, 1)
        grid.addWidget(self.language_caption, 1, 2)
        grid.addWidget(self.language_combo, 1, 3)
        grid.addWidget(self.detected, 2, 1, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(10)
        column.addLayout(grid)
        column.addWidget(self.summary)
        column.addWidget(self.failure)
        column.addWidget(self.plan_table, 1)
        column.addWidget(self.problem_table, 1)
        # Takes the room while both tables are hidden (and none once one is shown).
        column.addStretch(0)
        column.addLayout(actions)

        self.choose_button.clicked.connect(self.choose)
        self.check_button.clicked.connect(self.dry_run)
        self.import_button.clicked.connect(self.confirm)
        self.format_combo.currentIndexChanged.connect(self._options_changed)
        self.language_combo.currentIndexChanged.connect(self._options_changed)

    # -- state -------------------------------------------------------------------------------

    @property
    def _tr(self) -> Translator:
        return self._page.translator

    @property
    def chosen_format(self) -> str | None:
        """The format chosen in the combo (None: tell it from the file name)."""
        index = self.format_combo.currentIndex()
        return self._format_values[index] if 0 <= index < len(self._format_values) else None

    @property
    def language(self) -> str:
        """The language a one-language file is read as."""
        index = self.language_combo.currentIndex()
        return CONTENT_LANGUAGES[index] if 0 <= index < len(CONTENT_LANGUAGES) else "ky"

    def effective_format(self) -> str | None:
        """The format the file will be read as, if it can be told."""
        if self.chosen_format is not None:
            return self.chosen_format
        if self.path is None:
            return None
        try:
            name = guess_format(self.path.name)
        except KeyError:
            return None
        return name if name in self._formats else None

    # -- actions -----------------------------------------------------------------------------

    def choose(self) -> None:
        """Ask for a file, then check it at once."""
        _ = self._tr
        path = self._choose_file(
            self, _("Choose a file to import"), name_filter(self._formats, _("All files"))
        )
        if path is None:
            return
        self.open_file(path)

    def open_file(self, path: Path) -> None:
        """Take ``path`` as the file to import and run the dry run."""
        self.path = Path(path)
        self.imported = None
        self.dry_run()

    def dry_run(self) -> None:
        """Ask the bank what importing the file would do; nothing is written."""
        if self.path is None:
            return
        self.imported = None
        self.refusal = None
        try:
            self.report = self._bank.import_file(
                self._actor,
                self.path,
                format_name=self.chosen_format,
                language=self.language,
                dry_run=True,
            )
            self.problems = ()
        except ImportFailed as failure:
            self.report = None
            self.problems = failure.problems
        except NotPermitted as refusal:
            self._refused(refusal)
        self.draw()

    def confirm(self) -> None:
        """Import the checked file for real (all or nothing)."""
        if self.path is None or self.report is None or self.problems:
            return
        try:
            done = self._bank.import_file(
                self._actor,
                self.path,
                format_name=self.chosen_format,
                language=self.language,
                dry_run=False,
            )
        except NotPermitted as refusal:
            self._refused(refusal)
            self.draw()
            return
        except ImportFailed as failure:
            # The file changed on disk since the dry run: show what is wrong now.
            self.report = None
            self.problems = failure.problems
            self.draw()
            return
        self.imported = done
        self.report = done
        self.draw()
        self._page.changed.emit()

    def _refused(self, refusal: NotPermitted) -> None:
        self.report = None
        self.problems = ()
        self.refusal = not_permitted_message(refusal)

    def _options_changed(self) -> None:
        self._draw_options()
        if self.path is not None:
            self.dry_run()

    # -- drawing -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.file_caption, _("File:"))
        set_text(self.format_caption, _("Format:"))
        set_text(self.language_caption, _("Language of the file:"))
        set_text(self.choose_button, _("Choose file…"))
        set_text(self.check_button, _("Check again"))
        set_text(self.import_button, _("Import"))
        self.format_combo.setAccessibleName(_("Format"))
        self.language_combo.setAccessibleName(_("Language of the file"))
        _set_items(
            self.format_combo,
            [_("Tell from the file name")] + [format_label(n, _) for n in self._formats],
        )
        _set_items(
            self.language_combo, [_(CONTENT_LANGUAGE_NAMES[lang]) for lang in CONTENT_LANGUAGES]
        )
        self.plan_table.setHorizontalHeaderLabels([_("What"), _("Item in the file"), _("Note")])
        self.problem_table.setHorizontalHeaderLabels(
            [_("File"), _("Where"), _("Field"), _("Problem")]
        )
        self.plan_table.setAccessibleName(_("What the import does"))
        self.problem_table.setAccessibleName(_("Problems in the file"))
        self.draw()

    def _draw_options(self) -> None:
        _ = self._tr
        name = self.effective_format()
        one_language = name is not None and not is_multilingual(name)
        self.language_combo.setEnabled(one_language)
        if self.path is None:
            self.detected.setText("")
        elif name is None:
            set_text(self.detected, _("The format cannot be told from the file name: choose it."))
        elif self.chosen_format is None:
            set_text(self.detected, _("Format: {format}").format(format=format_label(name, _)))
        else:
            self.detected.setText("")

    def draw(self) -> None:
        """Show the file, the outcome of the last check or import, and what can be done next."""
        _ = self._tr
        self.file_label.set_full_text(
            str(self.path) if self.path is not None else _("No file chosen yet.")
        )
        self._draw_options()
        self.check_button.setEnabled(self.path is not None)
        self.import_button.setEnabled(
            self.report is not None
            and self.imported is None
            and not self.problems
            and (self.report.written > 0 or bool(self.report.new_sections))
        )
        if self.refusal is not None:
            self.summary.set_message("")
            self.failure.set_message(_(self.refusal))
        elif self.problems:
            self.summary.set_message("")
            self.failure.set_message(
                _(
                    "The file cannot be imported, and nothing was written. Problems found: "
                    "{count}. Correct them in the file and check it again."
                ).format(count=len(self.problems))
            )
        else:
            self.failure.set_message("")
            self.summary.set_message(self._summary_text())
        self._draw_plan()
        self._draw_problems()

    def _summary_text(self) -> str:
        _ = self._tr
        report = self.report
        if report is None:
            return _(
                "Choose a file: it is checked first, and nothing is written until you confirm."
            )
        counts = "\n".join(
            (
                _("New questions: {count}").format(count=len(report.new_questions)),
                _("New versions of questions in the bank: {count}").format(
                    count=len(report.new_versions)
                ),
                _("New sections: {count}").format(count=len(report.new_sections)),
                _("Already in the bank, skipped: {count}").format(count=len(report.duplicates)),
            )
        )
        if report.approved:
            counts += "\n" + _("Arrive approved: {count}").format(count=report.approved)
        if self.imported is not None:
            head = _(
                "Imported from {file}. The questions are drafts now, unless the file is a bank "
                "package."
            )
        elif report.written == 0 and not report.new_sections:
            head = _("Nothing new to import from {file}: the bank has every question in it.")
        else:
            head = _("Checked {file}: nothing is written yet. Importing would bring:")
        return head.format(file=report.file_name) + "\n" + counts

    def _draw_plan(self) -> None:
        _ = self._tr
        rows = plan_rows(self.report) if self.report is not None and not self.problems else []
        self.plan_table.setVisible(bool(rows))
        self.plan_table.setRowCount(len(rows))
        for row, (kind, item, _unused, (note, values)) in enumerate(rows):
            cells = (_(PLAN_KINDS[kind]), item, _(note).format(**values) if note else "")
            for column, text in enumerate(cells):
                self.plan_table.setItem(row, column, QTableWidgetItem(text))
        _fit_table(self.plan_table)

    def _draw_problems(self) -> None:
        self.problem_table.setVisible(bool(self.problems))
        self.problem_table.setRowCount(len(self.problems))
        for row, problem in enumerate(self.problems):
            cells = (problem.file, problem.location, problem.field, problem.message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problem_table.setItem(row, column, item)
        _fit_table(self.problem_table)
        if self.problems:
            self.problem_table.resizeRowsToContents()


class ExportPanel(QWidget):
    """Write the bank to a file in a chosen format (and the Excel template, blank)."""

    def __init__(
        self, page: ExchangePage, bank: Bank, actor: Actor, choose_save_path: ChooseSavePath
    ) -> None:
        super().__init__()
        self.setObjectName("exportPanel")
        self._page = page
        self._bank = bank
        self._actor = actor
        self._choose_save_path = choose_save_path
        self._formats = available_formats()
        #: (message, values, is error) of the last export.
        self._outcome: tuple[str, dict[str, object], bool] | None = None
        self._captions: list[QLabel] = []
        self.format_combo = QComboBox(objectName="exportFormat")
        self.language_combo = QComboBox(objectName="exportLanguage")
        self.format_caption = caption(self._captions, self.format_combo)
        self.language_caption = caption(self._captions, self.language_combo)
        self.language_hint = label("muted", name="exportLanguageHint")
        self.drafts = QCheckBox(objectName="exportDrafts")
        self.format_hint = label("muted", name="exportFormatHint")
        self.export_button = button("primary", name="exportBank")
        self.template_button = button(name="blankTemplate")
        self.message = message_box("info", "exportMessage")
        self.error = message_box("error", "exportError")

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.format_caption, 0, 0)
        grid.addWidget(self.format_combo, 0, 1)
        grid.addWidget(self.format_hint, 1, 1, 1, 2)
        grid.addWidget(self.language_caption, 2, 0)
        grid.addWidget(self.language_combo, 2, 1)
        grid.addWidget(self.language_hint, 3, 1, 1, 2)
        grid.addWidget(self.drafts, 4, 1, 1, 2)
        # The choices take half the width; their explanations may run across.
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.template_button)
        actions.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(12)
        column.addLayout(grid)
        column.addLayout(actions)
        column.addWidget(self.message)
        column.addWidget(self.error)
        column.addStretch(1)

        self.format_combo.currentIndexChanged.connect(self._draw_options)
        self.export_button.clicked.connect(self.export)
        self.template_button.clicked.connect(self.save_template)

    @property
    def _tr(self) -> Translator:
        return self._page.translator

    @property
    def format_name(self) -> str:
        """The chosen format."""
        index = self.format_combo.currentIndex()
        return self._formats[index] if 0 <= index < len(self._formats) else self._formats[0]

    @property
    def language(self) -> str:
        """The language a one-language file is written in."""
        index = self.language_combo.currentIndex()
        return CONTENT_LANGUAGES[index] if 0 <= index < len(CONTENT_LANGUAGES) else "ky"

    def suggested_name(self) -> str:
        """A file name for the export: the bank, the language if one, the format's extension."""
        module = format_module(self.format_name)
        extension = module.EXTENSIONS[0]
        if is_multilingual(self.format_name):
            return f"question-bank{extension}"
        return f"question-bank-{self.language}{extension}"

    def export(self) -> None:
        """Ask where to save, then write the bank there."""
        _ = self._tr
        name = self.format_name
        path = self._choose_save_path(
            self,
            _("Export the bank"),
            self.suggested_name(),
            name_filter([name], _("All files")),
        )
        if path is None:
            return
        try:
            data = self._bank.export(
                self._actor, name, language=self.language, include_drafts=self.drafts.isChecked()
            )
        except NotPermitted as refusal:
            self._outcome = (not_permitted_message(refusal), {}, True)
            self._draw_outcome()
            return
        except ValueError as refusal:
            self._outcome = (
                N_("The bank cannot be written in this format: {reason}"),
                {"reason": str(refusal)},
                True,
            )
            self._draw_outcome()
            return
        self._write(path, data)

    def save_template(self) -> None:
        """Save the blank Excel template for editors to fill in."""
        _ = self._tr
        maker = template_maker(self.format_name)
        if maker is None:
            return
        path = self._choose_save_path(
            self,
            _("Save the blank template"),
            f"question-bank-template{format_module(self.format_name).EXTENSIONS[0]}",
            name_filter([self.format_name], _("All files")),
        )
        if path is not None:
            self._write(path, maker())

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.write_bytes(data)
        except OSError as error:
            self._outcome = (
                N_("Could not write {path}: {reason}"),
                {"path": str(path), "reason": error.strerror or str(error)},
                True,
            )
        else:
            self._outcome = (N_("Saved: {path}"), {"path": str(path)}, False)
        self._draw_outcome()

    def _draw_options(self) -> None:
        _ = self._tr
        name = self.format_name
        one_language = not is_multilingual(name)
        self.language_combo.setEnabled(one_language)
        set_text(
            self.language_hint,
            _("This format holds one language per file.")
            if one_language
            else _("This format holds Kyrgyz and Russian in one file."),
        )
        package = name == "package"
        self.drafts.setEnabled(not package)
        set_text(
            self.format_hint,
            _("Every version with its history and approvals: for moving the bank to another kiosk.")
            if package
            else _("The current approved version of each question."),
        )
        self.template_button.setVisible(template_maker(name) is not None)

    def _draw_outcome(self) -> None:
        if self._outcome is None:
            self.message.set_message("")
            self.error.set_message("")
            return
        message, values, is_error = self._outcome
        text = self._tr(message).format(**values)
        self.message.set_message("" if is_error else text)
        self.error.set_message(text if is_error else "")

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.format_caption, _("Format:"))
        set_text(self.language_caption, _("Language:"))
        self.format_combo.setAccessibleName(_("Format"))
        self.language_combo.setAccessibleName(_("Language"))
        _set_items(self.format_combo, [format_label(n, _) for n in self._formats])
        _set_items(
            self.language_combo, [_(CONTENT_LANGUAGE_NAMES[lang]) for lang in CONTENT_LANGUAGES]
        )
        set_text(
            self.drafts,
            _("Include drafts and questions under review (the latest version of each question)"),
        )
        set_text(self.export_button, _("Export…"))
        set_text(self.template_button, _("Blank template…"))
        self._draw_options()
        self._draw_outcome()


class ExchangePage(AdminPage):
    """Import and export, on two tabs (import only for an ``actor`` with ``EDIT_BANK``)."""

    def __init__(
        self,
        bank: Bank,
        actor: Actor,
        translator: Translator,
        parent: QWidget | None = None,
        *,
        choose_file: ChooseFile = dialog_choose_file,
        choose_save_path: ChooseSavePath = dialog_choose_save_path,
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("exchangePage")
        self.title = label("pageTitle", wrap=False, name="exchangeTitle")
        self.import_panel = ImportPanel(self, bank, actor, choose_file)
        self.export_panel = ExportPanel(self, bank, actor, choose_save_path)
        self.tabs = QTabWidget(objectName="exchangeTabs")
        self.tabs.addTab(self.import_panel, "")
        self.tabs.addTab(self.export_panel, "")
        if not actor.may(Permission.EDIT_BANK):
            # Reading and exporting the bank is allowed, importing into it is not.
            self.tabs.setTabEnabled(0, False)
            self.tabs.setCurrentIndex(1)
        column = page_layout(self)
        column.setContentsMargins(20, 14, 20, 14)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Import and export"))
        self.tabs.setTabText(0, _("Import from a file"))
        if not self.tabs.isTabEnabled(0):
            self.tabs.setTabToolTip(0, _(NOT_PERMITTED[Permission.EDIT_BANK]))
        self.tabs.setTabText(1, _("Export to a file"))
        self.import_panel.retranslate()
        self.export_panel.retranslate()


def _set_items(combo: QComboBox, texts: Sequence[str]) -> None:
    """Give a combo its item texts in a new language, keeping the choice."""
    index = combo.currentIndex()
    combo.blockSignals(True)
    if combo.count() == len(texts):
        for position, text in enumerate(texts):
            combo.setItemText(position, text)
    else:
        combo.clear()
        combo.addItems(list(texts))
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)


def _fit_table(table: QTableWidget) -> None:
    """Columns as wide as their contents; the last one takes the rest (and wraps)."""
    header = table.horizontalHeader()
    last = table.columnCount() - 1
    for column in range(last):
        header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(last, header.ResizeMode.Stretch)
