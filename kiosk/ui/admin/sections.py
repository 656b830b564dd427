"""The section manager: the bank's sections in order, with their questions counted by status.

Sections are added (a code and titles in Kyrgyz, Russian and, if wished, English), renamed (the
code, which blueprints and files refer to, stays) and moved up or down.  The form is checked by
:func:`section_form_problems` (plain Python) before the bank is asked, so that what is wrong is
said in the interface language inside the dialog, which stays open until it is right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.bank_views import SectionView
from kiosk.ui.admin.browser import (
    STATUS_NAMES,
    AdminPage,
    DialogOverlay,
    message_box,
    not_permitted_message,
    page_layout,
    readonly_table,
    section_title,
)
from kiosk.ui.admin.ports import Bank
from kiosk.ui.widgets import button, label, set_text
from question_bank.lifecycle import LifecycleRefused, Status
from translations import N_, Translator

#: The longest section code the bank takes.
CODE_LIMIT = 40
#: One word: letters (any alphabet), digits, "-", "_" and ".".
CODE_PATTERN = re.compile(r"[\w.-]+")
#: The languages a section's title is written in; the first two are required.
TITLE_LANGUAGES = ("ky", "ru", "en")
REQUIRED_TITLES = ("ky", "ru")

CODE_MISSING = N_("Enter the section's code.")
CODE_TOO_LONG = N_("A section code has at most {limit} characters.")
CODE_NOT_A_WORD = N_("A section code is one word: letters, digits, “-” or “_”, no spaces.")
CODE_TAKEN = N_("A section with the code {code} exists already.")
TITLE_MISSING = {
    "ky": N_("Enter the title in Kyrgyz."),
    "ru": N_("Enter the title in Russian."),
}

Problem = tuple[str, dict[str, object]]


def section_form_problems(
    code: str,
    titles: Mapping[str, str],
    existing_codes: Iterable[str],
    *,
    new: bool,
) -> list[Problem]:
    """What is wrong with a section form, as (message, values) to translate; empty when fine.

    ``new`` is False when renaming (the code is not checked then: it does not change).  Codes are
    compared ignoring case, so that "LAW" cannot sit beside "law".
    """
    problems: list[Problem] = []
    code = code.strip()
    if new:
        if not code:
            problems.append((CODE_MISSING, {}))
        elif len(code) > CODE_LIMIT:
            problems.append((CODE_TOO_LONG, {"limit": CODE_LIMIT}))
        elif not CODE_PATTERN.fullmatch(code):
            problems.append((CODE_NOT_A_WORD, {}))
        elif code.casefold() in {c.casefold() for c in existing_codes}:
            problems.append((CODE_TAKEN, {"code": code}))
    for language in REQUIRED_TITLES:
        if not titles.get(language, "").strip():
            problems.append((TITLE_MISSING[language], {}))
    return problems


def clean_titles(titles: Mapping[str, str]) -> dict[str, str]:
    """The titles trimmed, without empty ones."""
    return {lang: text.strip() for lang, text in titles.items() if text.strip()}


COLUMNS = ("code", "title", *Status, "total")
HEADERS = {"code": N_("Code"), "title": N_("Title"), "total": N_("Total"), **STATUS_NAMES}
TITLE_CAPTIONS = {
    "ky": N_("Title in Kyrgyz"),
    "ru": N_("Title in Russian"),
    "en": N_("Title in English (optional)"),
}


class SectionsPage(AdminPage):
    """Lists the sections with their counts; adds, renames and reorders them.

    Only an ``actor`` with ``EDIT_BANK`` is offered the changes; others see the list.
    """

    def __init__(
        self, bank: Bank, actor: Actor, translator: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("sectionsPage")
        self._bank = bank
        self._actor = actor
        self._may_edit = actor.may(Permission.EDIT_BANK)
        #: The catalogue message of the last refused change, shown until the next one.
        self._refusal: str | None = None
        self._sections: list[SectionView] = []
        #: "add" or the code being renamed, while the dialog is open.
        self._editing: str | None = None
        self._problems: list[Problem] = []
        self._notice: tuple[str, dict[str, object]] | None = None

        self.content = QWidget()
        self.title = label("pageTitle", wrap=False, name="sectionsTitle")
        self.hint = label("muted", name="sectionsHint")
        self.table = readonly_table("sectionsTable")
        self.table.setColumnCount(len(COLUMNS))
        self.message = message_box("info", "sectionsMessage")
        self.error = message_box("error", "sectionsError")
        self.add_button = button("primary", name="addSection")
        self.rename_button = button(name="renameSection")
        self.up_button = button(name="moveSectionUp")
        self.down_button = button(name="moveSectionDown")
        actions = QHBoxLayout()
        actions.setSpacing(10)
        for widget in (self.add_button, self.rename_button, self.up_button, self.down_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        for widget in (self.add_button, self.rename_button, self.up_button, self.down_button):
            # What the roles do not allow is not offered; the service refuses it anyway.
            widget.setVisible(self._may_edit)
        column = QVBoxLayout(self.content)
        column.setContentsMargins(20, 14, 20, 14)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addWidget(self.message)
        column.addWidget(self.error)
        column.addWidget(self.table, 1)
        column.addLayout(actions)
        outer = page_layout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.content)

        self.dialog = DialogOverlay(self, self.content, "sectionDialog")
        self.code_field = QLineEdit(objectName="sectionCode")
        self.code_field.setMaxLength(CODE_LIMIT + 10)
        self.title_fields = {
            lang: QLineEdit(objectName=f"sectionTitle-{lang}") for lang in TITLE_LANGUAGES
        }
        self.code_caption = label("fieldCaption", wrap=False)
        self.title_captions: dict[str, QLabel] = {
            lang: label("fieldCaption", wrap=False) for lang in TITLE_LANGUAGES
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        form.addRow(self.code_caption, self.code_field)
        for lang in TITLE_LANGUAGES:
            form.addRow(self.title_captions[lang], self.title_fields[lang])
        self.dialog.fields.addLayout(form)
        for field in (self.code_field, *self.title_fields.values()):
            field.returnPressed.connect(self.dialog.ok.click)

        self.table.currentCellChanged.connect(self._update_buttons)
        if self._may_edit:
            self.table.cellDoubleClicked.connect(lambda _row, _column: self.ask_rename())
        self.add_button.clicked.connect(self.ask_add)
        self.rename_button.clicked.connect(self.ask_rename)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.dialog.accepted.connect(self._save)
        self.dialog.cancelled.connect(self._forget)
        self.retranslate()
        self.refresh()

    # -- data --------------------------------------------------------------------------------

    @property
    def sections(self) -> list[SectionView]:
        """The sections shown, in order."""
        return list(self._sections)

    def refresh(self) -> None:
        """Reload the sections and their counts, keeping the selected one."""
        current = self.current_code()
        self._sections = self._bank.sections(self._actor)
        self._draw_table()
        if current is not None:
            self.select(current)
        self._update_buttons()

    def current_code(self) -> str | None:
        """The code of the selected section."""
        row = self.table.currentRow()
        return self._sections[row].code if 0 <= row < len(self._sections) else None

    def select(self, code: str) -> None:
        """Select a section by its code."""
        for row, section in enumerate(self._sections):
            if section.code == code:
                self.table.setCurrentCell(row, 0)
                return

    # -- actions -----------------------------------------------------------------------------

    def ask_add(self) -> None:
        """Open the dialog for a new section."""
        self._editing = "add"
        self._problems = []
        self.code_field.clear()
        self.code_field.setEnabled(True)
        for field in self.title_fields.values():
            field.clear()
        self._present(self.code_field)

    def ask_rename(self) -> None:
        """Open the dialog for the selected section's titles."""
        code = self.current_code()
        if code is None:
            return
        section = next(s for s in self._sections if s.code == code)
        self._editing = code
        self._problems = []
        self.code_field.setText(code)
        self.code_field.setEnabled(False)
        for lang, field in self.title_fields.items():
            field.setText(section.title.get(lang, ""))
        self._present(self.title_fields["ky"])

    def move(self, step: int) -> None:
        """Move the selected section up (−1) or down (+1)."""
        code = self.current_code()
        if code is None:
            return
        row = self.table.currentRow()
        target = row + step
        if not 0 <= target < len(self._sections):
            return
        try:
            self._bank.move_section(self._actor, code, target)
        except NotPermitted as refusal:
            self._refused(refusal)
            return
        if self._refusal is not None:
            self._refusal = None
            self._draw_notice()
        self.refresh()
        self.select(code)
        self.changed.emit()

    def _save(self) -> None:
        titles = {lang: field.text() for lang, field in self.title_fields.items()}
        adding = self._editing == "add"
        code = self.code_field.text().strip() if adding else (self._editing or "")
        self._problems = section_form_problems(
            code, titles, (s.code for s in self._sections), new=adding
        )
        if not self._problems:
            try:
                if adding:
                    self._bank.add_section(self._actor, code, clean_titles(titles))
                else:
                    self._bank.rename_section(self._actor, code, clean_titles(titles))
            except NotPermitted as refusal:
                self.dialog.close_dialog()
                self._editing = None
                self._refused(refusal)
                return
            except (LifecycleRefused, LookupError) as refusal:
                # Someone else changed the sections meanwhile: the bank's reason, as it is.
                self._problems = [(N_("The bank refused: {reason}"), {"reason": str(refusal)})]
        if self._problems:
            self._draw_problems()
            return
        self.dialog.close_dialog()
        self._editing = None
        self._refusal = None
        self._notice = (
            (N_("Section {code} added."), {"code": code})
            if adding
            else (N_("Section {code} renamed."), {"code": code})
        )
        self.refresh()
        self.select(code)
        self._draw_notice()
        self.changed.emit()

    def _refused(self, refusal: NotPermitted) -> None:
        self._notice = None
        self._refusal = not_permitted_message(refusal)
        self._draw_notice()

    def _forget(self) -> None:
        self._editing = None
        self._problems = []

    # -- drawing -----------------------------------------------------------------------------

    def _present(self, focus: QWidget) -> None:
        title, ok = self._dialog_texts()
        self.dialog.present(title, ok, self._tr.gettext("Cancel"), focus=focus)

    def _dialog_texts(self) -> tuple[str, str]:
        _ = self._tr
        if self._editing == "add":
            return _("New section"), _("Add")
        return _("Rename section {code}").format(code=self._editing), _("Save")

    def _draw_problems(self) -> None:
        self.dialog.show_error(
            "\n".join(self._tr(message).format(**values) for message, values in self._problems)
        )

    def _draw_notice(self) -> None:
        self.error.set_message(self._tr(self._refusal) if self._refusal else "")
        if self._notice is None:
            self.message.set_message("")
        else:
            message, values = self._notice
            self.message.set_message(self._tr(message).format(**values))

    def _draw_table(self) -> None:
        language = self._tr.language
        self.table.setRowCount(len(self._sections))
        for row, section in enumerate(self._sections):
            counts = [section.counts.get(status, 0) for status in Status]
            cells = [
                section.code,
                section_title(section, language),
                *(str(n) for n in counts),
                str(sum(counts)),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        chosen = 0 <= row < len(self._sections)
        self.rename_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < len(self._sections) - 1)

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Sections"))
        set_text(
            self.hint,
            _(
                "The order here is the order of sections in the bank's lists and files. A "
                "section's code stays as it is: blueprints and files refer to it."
            ),
        )
        self.table.setHorizontalHeaderLabels([_(HEADERS[c]) for c in COLUMNS])
        self.table.setAccessibleName(_("Sections"))
        set_text(self.add_button, _("Add section…"))
        set_text(self.rename_button, _("Rename…"))
        set_text(self.up_button, "↑ " + _("Move up"))
        set_text(self.down_button, "↓ " + _("Move down"))
        set_text(self.code_caption, _("Code (one word, e.g. law)"))
        self.code_field.setAccessibleName(_("Code"))
        for lang, caption in self.title_captions.items():
            set_text(caption, _(TITLE_CAPTIONS[lang]))
            self.title_fields[lang].setAccessibleName(_(TITLE_CAPTIONS[lang]))
        self._draw_table()
        self._draw_notice()
        if self.dialog.isVisible():
            title, ok = self._dialog_texts()
            self.dialog.retexts(title, ok, _("Cancel"))
            if self._problems:
                self._draw_problems()
