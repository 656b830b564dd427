"""Blueprint check: can the approved questions fill a test of this shape, and what would one look
like?

The operator says how many questions each section contributes, the time limit and the language
policy; "Check" asks the bank, section by section, how many approved questions (written in every
language of the policy) are available and how many are missing — shown in red and in words
("pedagogy: 2 missing").  "Sample form" draws one form as a candidate would get it and lists its
questions; choosing one shows it read-only, as the candidate would see it, when the editor
offers a preview widget (``kiosk.ui.admin.editor.QuestionPreview``).
"""

from __future__ import annotations

import importlib
import inspect

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from kiosk.domain.roles import Actor
from kiosk.services.bank_views import BlueprintCheck, SampleItem, SectionView
from kiosk.services.views import in_language
from kiosk.ui.admin.browser import (
    NO_VALUE,
    AdminPage,
    caption,
    fit_rows,
    message_box,
    one_line,
    page_layout,
    readonly_table,
    section_title,
)
from kiosk.ui.admin.ports import Bank
from kiosk.ui.theme import NORMAL
from kiosk.ui.widgets import button, label, set_text
from question_bank.assembly import PoolTooSmall
from question_bank.model import Blueprint
from translations import N_, Translator

#: The language policies a test may have: the candidate chooses among these languages.
POLICIES: tuple[tuple[str, ...], ...] = (("ky", "ru"), ("ky",), ("ru",))
POLICY_NAMES = {
    ("ky", "ru"): N_("Kyrgyz and Russian (the candidate chooses)"),
    ("ky",): N_("Kyrgyz only"),
    ("ru",): N_("Russian only"),
}
DEFAULT_MINUTES = 90
MAX_PER_SECTION = 500
#: The blueprint table shows this many sections without scrolling, in rows this tall (px),
#: enough for a spin box in the row.
MAX_ROWS_SHOWN = 8
ROW_HEIGHT = 38
COLUMNS = ("section", "needed", "available", "missing")
HEADERS = {
    "section": N_("Section"),
    "needed": N_("Questions needed"),
    "available": N_("Approved, available"),
    "missing": N_("Missing"),
}
#: The sample form's title, by the language its questions are shown in.
SAMPLE_TITLES = {
    "ky": N_("Sample form: {count} questions, shown in Kyrgyz"),
    "ru": N_("Sample form: {count} questions, shown in Russian"),
}
SAMPLE_HEADERS = (N_("No."), N_("Section"), N_("Question, version"), N_("Text"))


def _preview_class() -> type[QWidget] | None:
    """The editor's read-only question preview, if the editor module offers one."""
    try:
        module = importlib.import_module("kiosk.ui.admin.editor")
    except ModuleNotFoundError as missing:
        if missing.name != "kiosk.ui.admin.editor":
            raise
        return None
    return getattr(module, "QuestionPreview", None)


class BlueprintPage(AdminPage):
    """Sections × questions needed, time limit and language policy; check and sample form."""

    def __init__(
        self, bank: Bank, actor: Actor, translator: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("blueprintPage")
        self._bank = bank
        self._actor = actor
        self._sections: list[SectionView] = []
        self._needed: dict[str, int] = {}
        self.spins: dict[str, QSpinBox] = {}
        self.check: BlueprintCheck | None = None
        self.sample: list[SampleItem] = []
        #: A message about the sample (why none could be drawn), untranslated.
        self._sample_note: str | None = None
        self._total_note: bool = False

        self._captions: list[QLabel] = []
        self.title = label("pageTitle", wrap=False, name="blueprintTitle")
        self.hint = label("muted", name="blueprintHint")
        self.table = readonly_table("blueprintTable")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.minutes = QSpinBox(objectName="timeLimit")
        self.minutes.setRange(1, 600)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.policy = QComboBox(objectName="languagePolicy")
        self.minutes_caption = caption(self._captions, self.minutes)
        self.policy_caption = caption(self._captions, self.policy)
        self.total = label("value", wrap=False, name="blueprintTotal")
        self.check_button = button("primary", name="checkBlueprint")
        self.sample_button = button(name="sampleForm")
        self.verdict = message_box("good", "blueprintReady")
        self.shortage = message_box("error", "blueprintShortage")
        self.sample_title = label("heading", wrap=False, name="sampleTitle")
        self.sample_table = readonly_table("sampleTable")
        self.sample_table.setColumnCount(len(SAMPLE_HEADERS))
        preview_class = _preview_class()
        self.preview: QWidget | None = None
        if preview_class is not None:
            self.preview = _make_preview(preview_class, translator)

        settings = QHBoxLayout()
        settings.setSpacing(10)
        settings.addWidget(self.minutes_caption)
        settings.addWidget(self.minutes)
        settings.addSpacing(24)
        settings.addWidget(self.policy_caption)
        settings.addWidget(self.policy)
        settings.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(self.total)
        actions.addStretch(1)
        actions.addWidget(self.check_button)
        actions.addWidget(self.sample_button)
        bottom = QHBoxLayout()
        bottom.setSpacing(16)
        bottom.addWidget(self.sample_table, 3)
        if self.preview is not None:
            bottom.addWidget(self.preview, 2)
        column = page_layout(self)
        column.setContentsMargins(20, 14, 20, 14)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addLayout(settings)
        column.addWidget(self.table)
        column.addLayout(actions)
        column.addWidget(self.verdict)
        column.addWidget(self.shortage)
        column.addWidget(self.sample_title)
        column.addLayout(bottom, 1)

        self.check_button.clicked.connect(self.run_check)
        self.sample_button.clicked.connect(self.draw_sample)
        self.policy.currentIndexChanged.connect(self._settings_changed)
        self.minutes.valueChanged.connect(self._settings_changed)
        self.sample_table.currentCellChanged.connect(self._sample_chosen)
        self.retranslate()
        self.refresh()

    # -- the form ----------------------------------------------------------------------------

    @property
    def languages(self) -> tuple[str, ...]:
        """The language policy chosen."""
        index = self.policy.currentIndex()
        return POLICIES[index] if 0 <= index < len(POLICIES) else POLICIES[0]

    def blueprint(self, *, with_empty: bool = False) -> Blueprint:
        """The blueprint the form describes (sections needing no question left out)."""
        return Blueprint(
            sections=tuple(
                (s.code, self.spins[s.code].value())
                for s in self._sections
                if with_empty or self.spins[s.code].value() > 0
            ),
            time_limit_s=self.minutes.value() * 60,
            languages=self.languages,
        )

    def set_blueprint(self, blueprint: Blueprint) -> None:
        """Fill the form from a blueprint (sections it does not name need none)."""
        wanted = blueprint.as_dict()
        for code, spin in self.spins.items():
            spin.setValue(wanted.get(code, 0))
        self._needed = {code: spin.value() for code, spin in self.spins.items()}
        self.minutes.setValue(max(1, round(blueprint.time_limit_s / 60)))
        policy = tuple(blueprint.languages)
        self.policy.setCurrentIndex(POLICIES.index(policy) if policy in POLICIES else 0)
        self._settings_changed()

    def refresh(self) -> None:
        """Reload the sections, keeping the numbers typed for those that remain."""
        self._needed.update({code: spin.value() for code, spin in self.spins.items()})
        self._sections = self._bank.sections(self._actor)
        codes = [s.code for s in self._sections]
        if codes != list(self.spins):
            self._make_spins()
        self.check = None
        self._draw_table()
        self._draw_total()
        self._draw_check()

    def _make_spins(self) -> None:
        for old in self.spins.values():
            # The table deletes replaced cell widgets later; hidden now, they draw nothing.
            old.hide()
        self.table.setRowCount(len(self._sections))
        self.spins = {}
        for row, section in enumerate(self._sections):
            spin = QSpinBox()
            spin.setObjectName(f"needed-{section.code}")
            spin.setRange(0, MAX_PER_SECTION)
            spin.setValue(self._needed.get(section.code, 0))
            spin.setFrame(False)
            spin.valueChanged.connect(self._settings_changed)
            self.spins[section.code] = spin
            self.table.setCellWidget(row, COLUMNS.index("needed"), spin)
        fit_rows(self.table, MAX_ROWS_SHOWN, ROW_HEIGHT)

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the table to its rows in the fonts the window's style sheet gives (known now)."""
        super().showEvent(event)
        fit_rows(self.table, MAX_ROWS_SHOWN, ROW_HEIGHT)

    # -- actions -----------------------------------------------------------------------------

    def run_check(self) -> BlueprintCheck | None:
        """Ask the bank whether the approved questions fill the blueprint."""
        blueprint = self.blueprint(with_empty=True)
        self._total_note = blueprint.total == 0
        self.check = (
            None if self._total_note else self._bank.check_blueprint(self._actor, blueprint)
        )
        self._draw_table()
        self._draw_check()
        return self.check

    def draw_sample(self) -> None:
        """Draw one form as a candidate would get it and list its questions."""
        self.sample = []
        self._sample_note = None
        blueprint = self.blueprint()
        if blueprint.total == 0:
            self._total_note = True
            self._draw_check()
        else:
            try:
                self.sample = self._bank.sample_form(self._actor, blueprint)
            except PoolTooSmall:
                self._sample_note = N_(
                    "No form can be drawn: some sections lack approved questions (see the check)."
                )
                self.run_check()
        self._draw_sample()

    def _settings_changed(self) -> None:
        # Results belong to the settings they were made for: a change makes them stale.
        self.check = None
        self.sample = []
        self._sample_note = None
        self._total_note = False
        self._draw_table()
        self._draw_total()
        self._draw_check()
        self._draw_sample()

    def _sample_chosen(self, row: int) -> None:
        if self.preview is None or not 0 <= row < len(self.sample):
            return
        _show_in_preview(self.preview, self.sample[row], self._shown_language())

    # -- drawing -----------------------------------------------------------------------------

    def _shown_language(self) -> str:
        """The language a sample question is shown in: the interface's, if the policy has it."""
        language = self._tr.language
        return language if language in self.languages else self.languages[0]

    def _draw_total(self) -> None:
        total = sum(spin.value() for spin in self.spins.values())
        _ = self._tr
        set_text(self.total, _("Questions in a form: {total}").format(total=total))

    def _draw_table(self) -> None:
        _ = self._tr
        language = self._tr.language
        supply = {s.code: s for s in self.check.sections} if self.check is not None else {}
        bad = QBrush(QColor(NORMAL.bad_bg))
        bad_text = QBrush(QColor(NORMAL.bad_text))
        for row, section in enumerate(self._sections):
            name = QTableWidgetItem(f"{section_title(section, language)} ({section.code})")
            self.table.setItem(row, COLUMNS.index("section"), name)
            found = supply.get(section.code)
            available = QTableWidgetItem(str(found.available) if found else NO_VALUE)
            missing_count = found.missing if found else 0
            missing = QTableWidgetItem(
                str(missing_count) if found and missing_count else ("0" if found else NO_VALUE)
            )
            for item in (available, missing):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if missing_count:
                for item in (name, available, missing):
                    item.setBackground(bad)
                    item.setForeground(bad_text)
                missing.setText(_("{count} missing").format(count=missing_count))
            self.table.setItem(row, COLUMNS.index("available"), available)
            self.table.setItem(row, COLUMNS.index("missing"), missing)
            spin = self.spins.get(section.code)
            if spin is not None:
                spin.setAccessibleName(
                    _("Questions needed: {section}").format(section=section.code)
                )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)

    def _draw_check(self) -> None:
        _ = self._tr
        if self._total_note:
            self.verdict.set_message("")
            self.shortage.set_message(_("Enter how many questions each section needs."))
            return
        check = self.check
        if check is None:
            self.verdict.set_message("")
            self.shortage.set_message("")
            return
        short = [s for s in check.sections if s.missing]
        lines = [
            _("{section}: {count} missing").format(section=s.code, count=s.missing) for s in short
        ]
        lines += [
            _("{section}: no such section in the bank").format(section=code)
            for code in check.unknown_sections
        ]
        if lines:
            self.verdict.set_message("")
            self.shortage.set_message(_("Not enough approved questions:") + "\n" + "\n".join(lines))
        else:
            self.shortage.set_message("")
            self.verdict.set_message(
                _(
                    "Ready: the approved questions fill this blueprint ({total} questions, "
                    "{minutes} minutes)."
                ).format(total=sum(s.needed for s in check.sections), minutes=self.minutes.value())
            )

    def _draw_sample(self) -> None:
        _ = self._tr
        language = self._shown_language()
        titles = {s.code: section_title(s, self._tr.language) for s in self._sections}
        if self._sample_note is not None:
            set_text(self.sample_title, _(self._sample_note))
        elif self.sample:
            set_text(
                self.sample_title,
                _(SAMPLE_TITLES[language]).format(count=len(self.sample)),
            )
        else:
            set_text(self.sample_title, _("Sample form: press “Sample form” to draw one."))
        self.sample_table.setRowCount(len(self.sample))
        for row, item in enumerate(self.sample):
            question = item.version.question
            stem = in_language(dict(question.stem), language)
            cells = (
                str(item.position + 1),
                question.section,
                f"{item.version.uid} v{item.version.number}",
                one_line(stem),
            )
            tips = ("", titles.get(question.section, ""), "", stem)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(tips[column])
                self.sample_table.setItem(row, column, cell)
        header = self.sample_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Blueprint check"))
        set_text(
            self.hint,
            _(
                "How many questions each section gives a form, the time and the languages. "
                "Only approved questions written in every chosen language count."
            ),
        )
        set_text(self.minutes_caption, _("Time limit, minutes:"))
        set_text(self.policy_caption, _("Languages:"))
        self.minutes.setAccessibleName(_("Time limit, minutes"))
        self.policy.setAccessibleName(_("Languages"))
        index = self.policy.currentIndex()
        self.policy.blockSignals(True)
        self.policy.clear()
        self.policy.addItems([_(POLICY_NAMES[p]) for p in POLICIES])
        self.policy.setCurrentIndex(max(0, index))
        self.policy.blockSignals(False)
        self.table.setHorizontalHeaderLabels([_(HEADERS[c]) for c in COLUMNS])
        self.sample_table.setHorizontalHeaderLabels([_(h) for h in SAMPLE_HEADERS])
        self.table.setAccessibleName(_("Blueprint"))
        self.sample_table.setAccessibleName(_("Sample form"))
        set_text(self.check_button, _("Check"))
        set_text(self.sample_button, _("Sample form"))
        if self.preview is not None and hasattr(self.preview, "set_translator"):
            self.preview.set_translator(self._tr)
        self._draw_table()
        self._draw_total()
        self._draw_check()
        self._draw_sample()


def _make_preview(preview_class: type[QWidget], translator: Translator) -> QWidget:
    """The editor's preview widget, built whichever way it takes its translator."""
    try:
        return preview_class(translator)
    except TypeError:
        return preview_class()


def _show_in_preview(preview: QWidget, item: SampleItem, language: str) -> None:
    """Show a sample question in the editor's preview, in the order the candidate gets it.

    The preview is expected to offer ``show_question(question, scenario, language)``, and may
    take the shown order of the options as ``option_order``.
    """
    show = getattr(preview, "show_question", None)
    if show is None:
        return
    version = item.version
    if "option_order" in inspect.signature(show).parameters:
        show(version.question, version.scenario, language, option_order=item.option_order)
    else:
        show(version.question, version.scenario, language)
