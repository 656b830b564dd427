"""The question editor: one question in Kyrgyz and Russian, with the candidate's view beside it.

The form holds a question's section, its scenario (none, an existing one, or a new one, each
with its Kyrgyz and Russian text), the stem in both languages side by side, two to six options
with their texts and "correct" ticks, the multiple-response and fixed-order switches, the
source, tags and pictures.  What the form holds becomes records through :class:`EditorForm`
(plain data, no widgets); the bank service decides whether they may be saved or submitted.

Nothing the user typed is lost when the service refuses: each problem it reports
(``ImportFailed`` problems, ``LifecycleRefused`` reasons) is shown under the field it names,
which is highlighted, and what was not tied to a field is shown above the form.  The service's
messages are English; :func:`problem_text` turns the known ones into the interface language.

Writing questions needs ``EDIT_BANK``: for an actor without it the form is read-only, the save
and submit buttons give way to a note, and a refusal by the service is said in words too.

Beside the form (below it on a narrow window) the question is shown as a candidate will see it
(:class:`~kiosk.ui.admin.preview.PreviewPanel`), updated a moment after the typing stops (a
named single-shot timer, ``editor-preview``).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.bank_views import SectionView, VersionView
from kiosk.services.views import in_language
from kiosk.ui.admin.browser import not_permitted_message
from kiosk.ui.admin.history import language_name
from kiosk.ui.admin.ports import Bank
from kiosk.ui.admin.preview import PreviewPanel, QuestionPreview
from kiosk.ui.candidate.base import Screen
from kiosk.ui.theme import NORMAL, Theme, set_state
from kiosk.ui.timers import TimerFactory, make_timer
from kiosk.ui.widgets import MessageBox, button, label, scroll_area, set_text
from question_bank.diff import scenario_name
from question_bank.formats.base import ImportFailed, Problem
from question_bank.lifecycle import Action, LifecycleRefused, SelfApproval, Status
from question_bank.model import Image, Option, Question, Scenario
from question_bank.validation import IMAGE_TYPES, MAX_OPTIONS, MIN_OPTIONS
from translations import CONTENT_LANGUAGES, N_, Translator

__all__ = [
    "EditorForm",
    "EditorPage",
    "OptionForm",
    "QuestionPreview",
    "image_from_file",
    "problem_target",
    "problem_text",
    "refusal_text",
]

#: How long the preview waits after the last keystroke before it redraws.
PREVIEW_DELAY_MS = 300
#: Below this page width the preview goes under the form instead of beside it.
SIDE_BY_SIDE_MIN_WIDTH = 1000
#: How the page's width is shared between the form and the preview.
FORM_STRETCH = (11, 9)
#: The narrowest the form gets: two languages side by side still fit.
FORM_MIN_WIDTH = 520
#: Option keys, in the order new options get them.
OPTION_KEYS = "abcdef"
#: The options a new question starts with.
NEW_OPTIONS = 4
#: Room kept above a field the form scrolls to.
SCROLL_MARGIN = 40
#: The picture types the file chooser offers.
IMAGE_FILTER = "*.png *.jpg *.jpeg *.gif *.svg"
THUMBNAIL = QSize(96, 64)

#: How the last save went.
SAVED = "saved"
SUBMITTED = "submitted"
NOT_SAVED = "not saved"
NOT_SUBMITTED = "saved, not submitted"

#: Scenario choices in the form.
NO_SCENARIO = "none"
EXISTING_SCENARIO = "existing"
NEW_SCENARIO = "new"

#: Asks for a file: (parent, caption, name filter) → the path, or None when cancelled.
ChooseImage = Callable[[QWidget, str, str], Path | None]
#: Lists the bank's scenarios (the editor's choice of an existing one).
ScenarioSource = Callable[[], Sequence[Scenario]]


def dialog_choose_image(parent: QWidget, caption_text: str, name_filter: str) -> Path | None:
    """The system's open-file dialog (the editor's default picture chooser)."""
    path, _selected = QFileDialog.getOpenFileName(parent, caption_text, "", name_filter)
    return Path(path) if path else None


# -- the form as records -----------------------------------------------------------------------


def _texts(texts: Mapping[str, str]) -> dict[str, str]:
    """Per-language texts as stored: trimmed, and a language left blank is not written yet."""
    return {language: text.strip() for language, text in texts.items() if text.strip()}


@dataclass(frozen=True)
class OptionForm:
    """One option row of the form."""

    key: str
    text: Mapping[str, str]
    correct: bool = False


@dataclass(frozen=True)
class EditorForm:
    """What the editor's form holds, as plain data; :meth:`question` makes the records.

    Texts are taken trimmed and a blank language is left out (a draft may lack a translation;
    submitting asks for every one).  ``keep_order`` is the form's "keep option order" switch,
    the opposite of the question's ``shuffle_options``; ``tags`` is the comma-separated line.
    """

    uid: str = ""
    section: str = ""
    stem: Mapping[str, str] = field(default_factory=dict)
    options: tuple[OptionForm, ...] = ()
    multiple: bool = False
    keep_order: bool = False
    source: str = ""
    tags: str = ""
    images: tuple[Image, ...] = ()
    scenario_mode: str = NO_SCENARIO
    scenario_uid: str = ""
    scenario_text: Mapping[str, str] = field(default_factory=dict)

    def question(self) -> Question:
        """The question the form describes."""
        return Question(
            uid=self.uid,
            section=self.section,
            stem=_texts(self.stem),
            options=tuple(Option(o.key, _texts(o.text)) for o in self.options),
            correct=frozenset(o.key for o in self.options if o.correct),
            scenario=self.scenario_uid.strip() if self.scenario_mode != NO_SCENARIO else None,
            source=self.source.strip(),
            tags=parse_tags(self.tags),
            shuffle_options=not self.keep_order,
            multiple=self.multiple,
            images=self.images,
        )

    def scenario(self) -> Scenario | None:
        """The scenario with the text the form gives it (None: the question has none)."""
        if self.scenario_mode == NO_SCENARIO:
            return None
        return Scenario(self.scenario_uid.strip(), _texts(self.scenario_text))

    @classmethod
    def from_version(cls, version: VersionView) -> EditorForm:
        """The form filled from a stored version."""
        question = version.question
        mode = NO_SCENARIO if question.scenario is None else EXISTING_SCENARIO
        return cls(
            uid=question.uid,
            section=question.section,
            stem=dict(question.stem),
            options=tuple(
                OptionForm(o.key, dict(o.text), o.key in question.correct) for o in question.options
            ),
            multiple=question.multiple,
            keep_order=not question.shuffle_options,
            source=question.source,
            tags=", ".join(question.tags),
            images=question.images,
            scenario_mode=mode,
            scenario_uid=scenario_name(question.scenario),
            scenario_text=dict(version.scenario.text) if version.scenario else {},
        )


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from the comma- or semicolon-separated line, trimmed, blanks and repeats left out."""
    tags = (tag.strip() for tag in re.split(r"[,;]", text))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def next_option_key(used: Iterable[str]) -> str | None:
    """The first option key not in ``used`` (None when all six are taken)."""
    taken = set(used)
    return next((key for key in OPTION_KEYS if key not in taken), None)


def new_scenario_uid(existing: Iterable[str]) -> str:
    """A scenario name not used yet: ``SC-001``, ``SC-002`` …"""
    taken = {scenario_name(uid) for uid in existing}
    number = 1
    while f"SC-{number:03d}" in taken:
        number += 1
    return f"SC-{number:03d}"


def latest_scenarios(scenarios: Iterable[Scenario]) -> list[Scenario]:
    """One entry per scenario, with its latest text (stored edits ``SC-1/2`` … come later)."""
    latest: dict[str, Scenario] = {}
    for scenario in scenarios:
        name = scenario_name(scenario.uid)
        latest[name] = Scenario(name, dict(scenario.text))
    return list(latest.values())


# -- pictures ----------------------------------------------------------------------------------

_EXTENSIONS = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def media_type_of(data: bytes, name: str) -> str:
    """A picture's media type from its first bytes, else from its file name's extension."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    suffix = Path(name).suffix.lower()
    return _EXTENSIONS.get(suffix) or mimetypes.guess_type(name)[0] or ""


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext`` … when the question already has that name."""
    used = set(taken)
    if name not in used:
        return name
    path = Path(name)
    number = 2
    while f"{path.stem}-{number}{path.suffix}" in used:
        number += 1
    return f"{path.stem}-{number}{path.suffix}"


def image_from_file(path: Path, taken: Iterable[str] = ()) -> Image:
    """A picture read from ``path``, named after the file (made unique within the question)."""
    data = path.read_bytes()
    return Image(unique_name(path.name, taken), media_type_of(data, path.name), data)


# -- the service's messages in the interface language ------------------------------------------

#: The service's English messages (as patterns) → the catalogue's; named groups fill the
#: placeholders.  Messages not listed are shown as they are.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (
            r"^the \w+(?: \w+)? has no \w+ translation$",
            N_("Write this text: every language is needed before review."),
        ),
        (r"^the \w+(?: \w+)? is empty$", N_("The text is empty.")),
        (
            r"^the word «(?P<word>[^»]+)» \(character \d+\) mixes Latin (?P<letters>.+) with "
            r"Cyrillic letters",
            N_(
                "The word «{word}» mixes Latin letters ({letters}) into Cyrillic: "
                "retype them in Cyrillic."
            ),
        ),
        (
            r"^the word «(?P<word>[^»]+)» \(character \d+\) mixes Cyrillic (?P<letters>.+) with "
            r"Latin letters",
            N_("The word «{word}» mixes Cyrillic letters ({letters}) into Latin."),
        ),
        (r"^no key: mark at least one", N_("Mark at least one option as correct.")),
        (r"^no key: mark the correct option", N_("Mark the correct option.")),
        (
            r"^\w+ keys in a single-choice question \((?P<keys>[^)]*)\)",
            N_(
                "Only one option may be correct ({keys} are marked): keep one, "
                "or switch on several correct answers."
            ),
        ),
        (r"^the key '(?P<key>[^']*)' names no option$", N_("The key {key} names no option.")),
        (
            r"^a question needs (?P<low>\d+) to (?P<high>\d+) options; "
            r"this one has (?P<count>\d+)$",
            N_("A question needs {low} to {high} options; this one has {count}."),
        ),
        (
            r"^another option already has the key (?P<key>.+)$",
            N_("Another option has the key {key}."),
        ),
        (r"^same text as option (?P<key>.+)$", N_("The same text as option {key}.")),
        (r"^the option has no key$", N_("The option has no key.")),
        (r"^the image has no name$", N_("The picture has no name.")),
        (r"^another image of the question has this name$", N_("Another picture has this name.")),
        (
            r"^the picture type (?P<type>.+) cannot be shown",
            N_("Pictures of type {type} cannot be shown: use PNG, JPEG, GIF or SVG."),
        ),
        (r"^the image has no data$", N_("The picture file is empty.")),
        (r"^the data is not a", N_("The file is not the kind of picture its name says.")),
        (r"^the tag is empty$", N_("A tag is empty.")),
        (r"^cannot read (?P<name>.+)$", N_("The file {name} cannot be read.")),
        (r"^the new situation needs a name$", N_("Give the new situation a name.")),
        (
            r"^a situation has this name already$",
            N_("A situation with this name exists already: choose it, or rename the new one."),
        ),
        (r"^the section code is empty$", N_("Choose a section.")),
        (r"^no section ", N_("Choose a section.")),
        (r"^the scenario has no text$", N_("Write the situation in this language.")),
        (r"^no scenario ", N_("The bank has no such situation.")),
        (r"^the uid is \d+ characters long", N_("The question's code is too long.")),
        (
            r"wrote or edited this version; another person must approve it$",
            N_("You wrote or edited this question; another person must approve it"),
        ),
        (
            r"^a submitted version is with its reviewer",
            N_("This version is with its reviewer: it can be edited once it is returned."),
        ),
        (r"^only a draft can be submitted", N_("Only a draft can be sent for review.")),
        (
            r"^only a submitted version can be approved",
            N_("Only a submitted version can be approved."),
        ),
        (
            r"^only a submitted version can be returned",
            N_("Only a submitted version can be returned."),
        ),
        (
            r"^say what must change",
            N_("Say what must change: returning a question needs a comment."),
        ),
        (
            r"^only an approved version can be retired",
            N_("Only an approved version can be retired."),
        ),
    )
)


def problem_text(message: str, translate: Callable[[str], str]) -> str:
    """A message of the bank service in the interface language (as it is, if not known)."""
    for pattern, catalogue_message in _MESSAGES:
        match = pattern.search(message)
        if match:
            return translate(catalogue_message).format(**match.groupdict())
    return message


def refusal_text(error: LifecycleRefused | NotPermitted, translate: Callable[[str], str]) -> str:
    """Why the lifecycle (or the actor's roles) refused, in the interface language; the
    two-person rule in its words."""
    if isinstance(error, NotPermitted):
        return translate(not_permitted_message(error))
    if isinstance(error, SelfApproval):
        return translate(N_("You wrote or edited this question; another person must approve it"))
    return problem_text(str(error), translate)


def problem_target(problem: Problem, option_keys: Sequence[str] = ()) -> str:
    """The form field a problem names: ``stem[ru]``, ``option c[ky]``, ``option c``,
    ``options``, ``key``, ``section``, ``scenario``, ``scenario[ky]``, ``source``, ``tags``,
    ``images``; "" when it names none (it is shown above the form).

    ``option_keys`` are the options' keys in written order, for problems that number an option
    ("option 3") instead of naming its key.
    """
    name = problem.field.strip()
    if problem.location.startswith("scenario"):
        language = re.fullmatch(r"text\[(\w+)\]", name)
        return f"scenario[{language.group(1)}]" if language else "scenario"
    if name.startswith("tag "):
        return "tags"
    if name.startswith("image "):
        return "images"
    numbered = re.fullmatch(r"option (\d+)(\[\w+\])?", name)
    if numbered:
        index = int(numbered.group(1)) - 1
        if 0 <= index < len(option_keys):
            return f"option {option_keys[index]}{numbered.group(2) or ''}"
        return "options"
    if re.fullmatch(r"(stem|option \w+|scenario)(\[\w+\])?", name):
        return name
    if name in ("options", "key", "section", "source", "scenario", "tags", "images"):
        return name
    return ""


#: Status names for the editor's status line.
STATUS_LINES: dict[Status, str] = {
    Status.DRAFT: N_("Draft, version {number}"),
    Status.SUBMITTED: N_("Submitted for review, version {number}"),
    Status.APPROVED: N_("Approved, version {number}"),
    Status.RETIRED: N_("Retired, version {number}"),
}


def editor_style(theme: Theme = NORMAL) -> str:
    """The editor's own additions to the admin style: a field with a problem, its message."""
    t = theme
    return f"""
QPlainTextEdit[problem="true"], QLineEdit[problem="true"], QComboBox[problem="true"] {{
    border: 3px solid {t.error_text}; background: {t.bad_bg};
}}
QCheckBox[problem="true"] {{ color: {t.error_text}; font-weight: bold; }}
QLabel[role="fieldError"] {{ color: {t.error_text}; font-weight: bold; }}
QFrame[role="optionRow"] {{
    background: {t.surface}; border: 1px solid {t.disabled_border}; border-radius: 6px;
}}
QFrame[role="optionRow"][problem="true"] {{ border: 3px solid {t.error_text}; }}
QLabel[role="optionKey"] {{ font-weight: bold; }}
QLabel[role="thumbnail"] {{ border: 1px solid {t.disabled_border}; background: {t.surface}; }}
"""


# -- widgets -----------------------------------------------------------------------------------


def text_box(name: str, lines: int) -> QPlainTextEdit:
    """A multi-line text field about ``lines`` lines high, left by Tab (not typed into)."""
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    metrics = box.fontMetrics()
    box.setMinimumHeight(metrics.lineSpacing() * lines + 18)
    box.setMaximumHeight(metrics.lineSpacing() * (lines + 2) + 18)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return box


def choice_box(name: str) -> QComboBox:
    """A drop-down list as narrow as the page needs (long entries are cut, not the page)."""
    box = QComboBox()
    box.setObjectName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(16)
    return box


class FieldNote:
    """A field's problem: the field highlighted and the message under it (hidden when none)."""

    def __init__(self, widget: QWidget, name: str) -> None:
        self.widget = widget
        self.label = label("fieldError", name=name)
        self.label.hide()

    def set_problem(self, messages: Sequence[str]) -> None:
        """Show ``messages`` (none: clear)."""
        set_state(self.widget, problem=bool(messages))
        set_text(self.label, "\n".join(messages))
        self.label.setVisible(bool(messages))


class OptionRow(QFrame):
    """One option in the form: its key, its text in each language, "correct", remove."""

    changed = Signal()
    correct_toggled = Signal(str, bool)
    remove_requested = Signal(str)

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"option-{key}")
        self.setProperty("role", "optionRow")
        self.key_label = label("optionKey", wrap=False, name=f"optionKey-{key}")
        self.texts: dict[str, QPlainTextEdit] = {}
        self.notes: dict[str, FieldNote] = {}
        self.correct = QCheckBox()
        self.correct.setObjectName(f"correct-{key}")
        self.remove = button("tool", name=f"removeOption-{key}")
        self.row_note = FieldNote(self, f"optionProblem-{key}")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.key_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        for column, language in enumerate(CONTENT_LANGUAGES, start=1):
            box = text_box(f"option-{key}-{language}", 2)
            box.textChanged.connect(self.changed)
            self.texts[language] = box
            self.notes[language] = FieldNote(box, f"optionProblem-{key}-{language}")
            grid.addWidget(box, 0, column)
            grid.addWidget(self.notes[language].label, 1, column)
            grid.setColumnStretch(column, 1)
        side = QVBoxLayout()
        side.setSpacing(4)
        side.addWidget(self.correct)
        side.addWidget(self.remove)
        side.addStretch(1)
        grid.addLayout(side, 0, len(CONTENT_LANGUAGES) + 1)
        grid.addWidget(self.row_note.label, 2, 1, 1, len(CONTENT_LANGUAGES))
        self.correct.toggled.connect(lambda on: self.correct_toggled.emit(self.key, on))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self.key))

    def form(self) -> OptionForm:
        """The option as the row holds it."""
        return OptionForm(
            self.key,
            {language: box.toPlainText() for language, box in self.texts.items()},
            self.correct.isChecked(),
        )

    def fill(self, option: OptionForm) -> None:
        """Put an option's texts and tick into the row."""
        for language, box in self.texts.items():
            box.setPlainText(option.text.get(language, ""))
        self.correct.setChecked(option.correct)

    def retranslate(self, translate: Callable[[str], str]) -> None:
        """The row's texts in the interface language."""
        _ = translate
        set_text(self.key_label, self.key)
        self.key_label.setAccessibleName(_("Option {key}").format(key=self.key))
        self.correct.setText(_("Correct"))
        self.correct.setAccessibleName(_("Option {key} is correct").format(key=self.key))
        set_text(self.remove, "✕", _("Remove option {key}").format(key=self.key))
        self.remove.setToolTip(_("Remove option {key}").format(key=self.key))
        for language, box in self.texts.items():
            box.setAccessibleName(
                _("Option {key} ({language})").format(
                    key=self.key, language=language_name(language, _)
                )
            )

    def clear_problems(self) -> None:
        """No problem shown on the row."""
        self.row_note.set_problem(())
        for note in self.notes.values():
            note.set_problem(())


class ImageRow(QFrame):
    """A picture of the question: a small copy, its name, type and size, and "remove"."""

    remove_requested = Signal(str)

    def __init__(self, image: Image) -> None:
        super().__init__()
        self.image = image
        self.setObjectName(f"image-{image.name}")
        self.thumbnail = QLabel()
        self.thumbnail.setProperty("role", "thumbnail")
        self.thumbnail.setFixedSize(THUMBNAIL)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture = QImage.fromData(image.data)
        if not picture.isNull():
            self.thumbnail.setPixmap(
                QPixmap.fromImage(picture).scaled(
                    THUMBNAIL,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.name = label(wrap=False, name=f"imageName-{image.name}")
        self.details = label("muted", wrap=False)
        self.remove = button("tool", name=f"removeImage-{image.name}")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self.image.name))
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.name)
        texts.addWidget(self.details)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.thumbnail)
        row.addLayout(texts, 1)
        row.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignVCenter)

    def retranslate(self, translate: Callable[[str], str]) -> None:
        """The row's texts in the interface language."""
        _ = translate
        set_text(self.name, self.image.name)
        kind = IMAGE_TYPES.get(self.image.media_type, self.image.media_type or "?")
        size_kb = max(1, round(len(self.image.data) / 1024))
        set_text(self.details, _("{kind}, {size} KB").format(kind=kind, size=size_kb))
        set_text(self.remove, _("Remove"), _("Remove picture {name}").format(name=self.image.name))


class EditorPage(Screen):
    """Writes and edits one question; emits :attr:`saved` with its uid after each save.

    ``actor`` is the author of every save and submission; without ``EDIT_BANK`` the page only
    shows questions.  Optional: ``timer_factory`` (tests pass
    fake timers), ``choose_image`` (asks for a picture file; tests answer at once),
    ``scenarios`` (lists the bank's scenarios; by default the bank's own list when it offers
    one), ``theme``.
    """

    saved = Signal(str)

    def __init__(
        self,
        bank: Bank,
        actor: Actor,
        translator: Translator,
        parent: QWidget | None = None,
        *,
        timer_factory: TimerFactory = make_timer,
        choose_image: ChooseImage = dialog_choose_image,
        scenarios: ScenarioSource | None = None,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("editorPage")
        self._bank = bank
        self._actor = actor
        self._read_only = not actor.may(Permission.EDIT_BANK)
        self._choose_image = choose_image
        self._scenario_source = scenarios or (lambda: _bank_scenarios(bank, actor))
        self._sections: list[SectionView] = []
        self._scenarios: list[Scenario] = []
        self._version: VersionView | None = None
        self._uid = ""
        self._images: list[Image] = []
        self._filling = False
        self._dirty = False
        self._outcome = ""
        self._problems: tuple[Problem, ...] = ()
        self._refusal: LifecycleRefused | NotPermitted | None = None
        self.setStyleSheet(editor_style(theme))
        self._preview_timer = timer_factory("editor-preview", PREVIEW_DELAY_MS, single_shot=True)
        self._preview_timer.timeout.connect(self.update_preview)

        self._build()
        self.retranslate()
        self.new_question(None)

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = label("pageTitle", name="editorTitle")
        self.status_line = label("muted", name="editorStatus")
        self.returned = MessageBox("info", name="returnedNote")
        self.errors = MessageBox("error", name="editorErrors")
        self.notice = MessageBox("good", name="editorNotice")
        self.captions: dict[str, QLabel] = {}

        def caption(key: str, buddy: QWidget | None = None) -> QLabel:
            widget = label("fieldCaption", wrap=False, name=f"caption-{key}")
            if buddy is not None:
                widget.setBuddy(buddy)
            self.captions[key] = widget
            return widget

        form = QWidget()
        form.setObjectName("editorForm")
        column = QVBoxLayout(form)
        column.setContentsMargins(16, 12, 16, 16)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.status_line)
        column.addWidget(self.returned)
        column.addWidget(self.errors)
        column.addWidget(self.notice)

        # Section.
        self.section = choice_box("sectionChoice")
        self.notes: dict[str, FieldNote] = {"section": FieldNote(self.section, "sectionProblem")}
        self.section.currentIndexChanged.connect(self._changed)
        column.addWidget(caption("section", self.section))
        column.addWidget(self.section)
        column.addWidget(self.notes["section"].label)

        # Scenario.
        self.scenario_choice = choice_box("scenarioChoice")
        self.scenario_choice.currentIndexChanged.connect(self._scenario_chosen)
        self.notes["scenario"] = FieldNote(self.scenario_choice, "scenarioProblem")
        self.scenario_uid = QLineEdit()
        self.scenario_uid.setObjectName("scenarioName")
        self.scenario_uid.textChanged.connect(self._changed)
        self.notes["scenario uid"] = FieldNote(self.scenario_uid, "scenarioNameProblem")
        self.scenario_note = label("muted", name="scenarioNote")
        self.scenario_texts: dict[str, QPlainTextEdit] = {}
        scenario_row = QHBoxLayout()
        scenario_row.addWidget(self.scenario_choice, 2)
        scenario_row.addWidget(caption("scenario uid", self.scenario_uid))
        scenario_row.addWidget(self.scenario_uid, 1)
        self.scenario_panel = QWidget()
        scenario_grid = QGridLayout(self.scenario_panel)
        scenario_grid.setContentsMargins(0, 0, 0, 0)
        scenario_grid.setVerticalSpacing(2)
        for index, language in enumerate(CONTENT_LANGUAGES):
            box = text_box(f"scenario-{language}", 3)
            box.textChanged.connect(self._changed)
            self.scenario_texts[language] = box
            self.notes[f"scenario[{language}]"] = FieldNote(box, f"scenarioProblem-{language}")
            scenario_grid.addWidget(caption(f"scenario-{language}", box), 0, index)
            scenario_grid.addWidget(box, 1, index)
            scenario_grid.addWidget(self.notes[f"scenario[{language}]"].label, 2, index)
            scenario_grid.setColumnStretch(index, 1)
        scenario_grid.addWidget(self.scenario_note, 3, 0, 1, len(CONTENT_LANGUAGES))
        column.addSpacing(4)
        column.addWidget(caption("scenario", self.scenario_choice))
        column.addLayout(scenario_row)
        column.addWidget(self.notes["scenario"].label)
        column.addWidget(self.notes["scenario uid"].label)
        column.addWidget(self.scenario_panel)

        # Stem.
        self.stem: dict[str, QPlainTextEdit] = {}
        stem_grid = QGridLayout()
        stem_grid.setVerticalSpacing(2)
        for index, language in enumerate(CONTENT_LANGUAGES):
            box = text_box(f"stem-{language}", 3)
            box.textChanged.connect(self._changed)
            self.stem[language] = box
            self.notes[f"stem[{language}]"] = FieldNote(box, f"stemProblem-{language}")
            stem_grid.addWidget(caption(f"stem-{language}", box), 0, index)
            stem_grid.addWidget(box, 1, index)
            stem_grid.addWidget(self.notes[f"stem[{language}]"].label, 2, index)
            stem_grid.setColumnStretch(index, 1)
        column.addSpacing(4)
        column.addLayout(stem_grid)

        # Options.
        self.multiple = QCheckBox()
        self.multiple.setObjectName("multipleResponse")
        self.multiple.toggled.connect(self._multiple_toggled)
        self.keep_order = QCheckBox()
        self.keep_order.setObjectName("keepOrder")
        self.keep_order.toggled.connect(self._changed)
        self.add_option_button = button(name="addOption")
        self.add_option_button.clicked.connect(self.add_option)
        self.option_rows: list[OptionRow] = []
        self._options_box = QVBoxLayout()
        self._options_box.setSpacing(4)
        self.notes["options"] = FieldNote(self.add_option_button, "optionsProblem")
        self.notes["key"] = FieldNote(self.multiple, "keyProblem")
        switches = QVBoxLayout()
        switches.setSpacing(2)
        switches.addWidget(self.multiple)
        switches.addWidget(self.keep_order)
        column.addSpacing(6)
        column.addWidget(caption("options"))
        column.addLayout(switches)
        column.addWidget(self.notes["key"].label)
        column.addLayout(self._options_box)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_option_button)
        add_row.addStretch(1)
        column.addLayout(add_row)
        column.addWidget(self.notes["options"].label)

        # Source and tags.
        self.source = QLineEdit()
        self.source.setObjectName("source")
        self.source.textChanged.connect(self._changed)
        self.tags = QLineEdit()
        self.tags.setObjectName("tags")
        self.tags.textChanged.connect(self._changed)
        self.notes["source"] = FieldNote(self.source, "sourceProblem")
        self.notes["tags"] = FieldNote(self.tags, "tagsProblem")
        meta = QGridLayout()
        meta.setVerticalSpacing(2)
        meta.addWidget(caption("source", self.source), 0, 0)
        meta.addWidget(self.source, 1, 0)
        meta.addWidget(self.notes["source"].label, 2, 0)
        meta.addWidget(caption("tags", self.tags), 0, 1)
        meta.addWidget(self.tags, 1, 1)
        meta.addWidget(self.notes["tags"].label, 2, 1)
        meta.setColumnStretch(0, 1)
        meta.setColumnStretch(1, 1)
        column.addSpacing(6)
        column.addLayout(meta)

        # Pictures.
        self.add_image_button = button(name="addImage")
        self.add_image_button.clicked.connect(self.add_image)
        self.image_rows: list[ImageRow] = []
        self._images_box = QVBoxLayout()
        self._images_box.setSpacing(2)
        self.notes["images"] = FieldNote(self.add_image_button, "imagesProblem")
        images_head = QHBoxLayout()
        images_head.addWidget(caption("images"))
        images_head.addStretch(1)
        images_head.addWidget(self.add_image_button)
        column.addSpacing(6)
        column.addLayout(images_head)
        column.addLayout(self._images_box)
        column.addWidget(self.notes["images"].label)
        column.addStretch(1)
        self.form_scroll = scroll_area(form)
        self.form_scroll.setObjectName("editorFormScroll")

        # The buttons stay in view below the form.
        self.save_button = button(name="saveQuestion")
        self.submit_button = button("primary", name="submitQuestion")
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 6, 16, 10)
        self.read_only_note = label("muted", name="editorReadOnly")
        bar.addWidget(self.read_only_note, 1)
        if not self._read_only:
            bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.submit_button)
        # Without EDIT_BANK nothing is offered that the service would refuse.
        self.read_only_note.setVisible(self._read_only)
        self.save_button.setVisible(not self._read_only)
        self.submit_button.setVisible(not self._read_only)
        form_side = QWidget()
        form_column = QVBoxLayout(form_side)
        form_column.setContentsMargins(0, 0, 0, 0)
        form_column.setSpacing(0)
        form_column.addWidget(self.form_scroll, 1)
        form_column.addLayout(bar)

        self.preview = PreviewPanel(self._tr, enlargeable=True)
        self.preview.enlarge_toggled.connect(self._enlarge_preview)
        preview_side = QWidget()
        preview_column = QVBoxLayout(preview_side)
        preview_column.setContentsMargins(8, 12, 12, 12)
        preview_column.addWidget(self.preview)

        # Beside each other on a wide page, one above the other on a narrow one (resizeEvent).
        for side in (form_side, preview_side):
            policy = side.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            side.setSizePolicy(policy)
        form_side.setMinimumWidth(FORM_MIN_WIDTH)
        self.form_side = form_side
        self.preview_side = preview_side
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.split.setContentsMargins(0, 0, 0, 0)
        self.split.setSpacing(0)
        self.split.addWidget(form_side, FORM_STRETCH[0])
        self.split.addWidget(preview_side, FORM_STRETCH[1])
        outer = QVBoxLayout(self)
        # A page takes the size the window gives it (offscreen Qt warns about a minimum).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.split)

    # -- opening -------------------------------------------------------------------------------

    @property
    def uid(self) -> str:
        """The question being edited ("" for a new one not saved yet)."""
        return self._uid

    @property
    def version(self) -> VersionView | None:
        """The stored version the form started from (or saved last); None for a new question."""
        return self._version

    @property
    def has_unsaved_changes(self) -> bool:
        """True when the form differs from what was opened or saved last."""
        return self._dirty

    def new_question(self, section: str | None = None) -> None:
        """An empty form for a new question (in ``section`` when given)."""
        self._reload_choices()
        self._version = None
        self._uid = ""
        options = tuple(OptionForm(key, {}) for key in OPTION_KEYS[:NEW_OPTIONS])
        chosen = section or (self._sections[0].code if self._sections else "")
        self._fill(EditorForm(section=chosen, options=options))

    def open_question(self, uid: str) -> None:
        """The latest version of ``uid`` in the form."""
        self._reload_choices()
        version = self._bank.latest(self._actor, uid)
        self._version = version
        self._uid = version.uid
        self._fill(EditorForm.from_version(version))

    def refresh(self) -> None:
        """Reload the sections and scenarios offered (the form itself is kept)."""
        form = self.form()
        self._reload_choices()
        self._filling = True
        try:
            self._fill_section(form.section)
            self._fill_scenario(form)
        finally:
            self._filling = False

    def take_focus(self) -> None:
        """Put the cursor into the Kyrgyz stem."""
        self.stem[CONTENT_LANGUAGES[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def _reload_choices(self) -> None:
        self._sections = self._bank.sections(self._actor)
        self._scenarios = latest_scenarios(self._scenario_source())

    def _fill(self, form: EditorForm) -> None:
        """Put a form's content into the widgets, with no problem or message shown."""
        self._filling = True
        try:
            self._fill_section(form.section)
            self._fill_scenario(form)
            for language, box in self.stem.items():
                box.setPlainText(form.stem.get(language, ""))
            for row in list(self.option_rows):
                self._drop_row(row)
            for option in form.options:
                self._add_row(option)
            self.multiple.setChecked(form.multiple)
            self.keep_order.setChecked(form.keep_order)
            self.source.setText(form.source)
            self.tags.setText(form.tags)
            self._images = list(form.images)
            self._draw_images()
        finally:
            self._filling = False
        self._dirty = False
        self.preview.enlarge.setChecked(False)
        self._report("", ())
        self._draw_state()
        self.update_preview()
        if self._read_only:
            self._lock_form()

    @property
    def read_only(self) -> bool:
        """True when the actor may not write questions: the form only shows one."""
        return self._read_only

    def _lock_form(self) -> None:
        """Make the form's fields read-only (texts stay selectable) and its controls inert.

        Done after each fill, because the option and picture rows are made anew by it.
        """
        form = self.form_scroll.widget()
        for text in form.findChildren(QLineEdit) + form.findChildren(QPlainTextEdit):
            text.setReadOnly(True)
        for control in form.findChildren(QComboBox) + form.findChildren(QAbstractButton):
            control.setEnabled(False)

    def _fill_section(self, code: str) -> None:
        self.section.clear()
        for section in self._sections:
            self.section.addItem(section.code, section.code)
        if code and self.section.findData(code) < 0:
            # A section the bank no longer lists: keep it, so that nothing is lost.
            self.section.addItem(code, code)
        self.section.setCurrentIndex(max(0, self.section.findData(code)))
        self._draw_section_titles()

    def _fill_scenario(self, form: EditorForm) -> None:
        self.scenario_choice.clear()
        self.scenario_choice.addItem("", (NO_SCENARIO, ""))
        for scenario in self._scenarios:
            self.scenario_choice.addItem(scenario.uid, (EXISTING_SCENARIO, scenario.uid))
        self.scenario_choice.addItem("", (NEW_SCENARIO, ""))
        if form.scenario_mode == EXISTING_SCENARIO:
            index = self._scenario_index(form.scenario_uid)
            if index < 0:
                # Not in the list (the list comes from elsewhere): offer it anyway.
                self.scenario_choice.insertItem(
                    self.scenario_choice.count() - 1,
                    form.scenario_uid,
                    (EXISTING_SCENARIO, form.scenario_uid),
                )
                index = self._scenario_index(form.scenario_uid)
        elif form.scenario_mode == NEW_SCENARIO:
            index = self.scenario_choice.count() - 1
        else:
            index = 0
        self.scenario_choice.setCurrentIndex(index)
        self.scenario_uid.setText(form.scenario_uid)
        for language, box in self.scenario_texts.items():
            box.setPlainText(form.scenario_text.get(language, ""))
        self._draw_scenario_items()
        self._draw_scenario_panel()

    def _scenario_index(self, uid: str) -> int:
        for index in range(self.scenario_choice.count()):
            if self.scenario_choice.itemData(index) == (EXISTING_SCENARIO, uid):
                return index
        return -1

    # -- the form ------------------------------------------------------------------------------

    @property
    def scenario_mode(self) -> str:
        """``none``, ``existing`` or ``new``."""
        data = self.scenario_choice.currentData()
        return data[0] if data else NO_SCENARIO

    def form(self) -> EditorForm:
        """What the form holds now."""
        return EditorForm(
            uid=self._uid,
            section=self.section.currentData() or "",
            stem={language: box.toPlainText() for language, box in self.stem.items()},
            options=tuple(row.form() for row in self.option_rows),
            multiple=self.multiple.isChecked(),
            keep_order=self.keep_order.isChecked(),
            source=self.source.text(),
            tags=self.tags.text(),
            images=tuple(self._images),
            scenario_mode=self.scenario_mode,
            scenario_uid=self.scenario_uid.text(),
            scenario_text={
                language: box.toPlainText() for language, box in self.scenario_texts.items()
            },
        )

    def _changed(self) -> None:
        """Something was typed or chosen: mark the form changed and redraw the preview soon."""
        if self._filling:
            return
        self._dirty = True
        self._preview_timer.start()

    def _scenario_chosen(self) -> None:
        if self._filling:
            return
        mode, uid = self.scenario_choice.currentData() or (NO_SCENARIO, "")
        self._filling = True
        try:
            if mode == EXISTING_SCENARIO:
                scenario = next((s for s in self._scenarios if s.uid == uid), None)
                self.scenario_uid.setText(uid)
                for language, box in self.scenario_texts.items():
                    box.setPlainText(scenario.text.get(language, "") if scenario else "")
            elif mode == NEW_SCENARIO:
                self.scenario_uid.setText(new_scenario_uid(s.uid for s in self._scenarios))
                for box in self.scenario_texts.values():
                    box.clear()
        finally:
            self._filling = False
        self._draw_scenario_panel()
        self._changed()

    def _multiple_toggled(self, on: bool) -> None:
        if not on and not self._filling:
            # One answer from now on: keep the first tick only.
            ticked = [row for row in self.option_rows if row.correct.isChecked()]
            for row in ticked[1:]:
                row.correct.setChecked(False)
        self._changed()

    def _correct_toggled(self, key: str, on: bool) -> None:
        if on and not self.multiple.isChecked() and not self._filling:
            # Single choice: ticking one option unticks the others.
            for row in self.option_rows:
                if row.key != key and row.correct.isChecked():
                    row.correct.setChecked(False)
        self._changed()

    def add_option(self) -> None:
        """Add an empty option (up to six)."""
        key = next_option_key(row.key for row in self.option_rows)
        if key is None or len(self.option_rows) >= MAX_OPTIONS:
            return
        row = self._add_row(OptionForm(key, {}))
        self._draw_option_buttons()
        self._changed()
        row.texts[CONTENT_LANGUAGES[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_option(self, key: str) -> None:
        """Remove option ``key`` (at least two stay)."""
        if len(self.option_rows) <= MIN_OPTIONS:
            return
        row = next((r for r in self.option_rows if r.key == key), None)
        if row is None:
            return
        self._drop_row(row)
        self._draw_option_buttons()
        self._changed()

    def _add_row(self, option: OptionForm) -> OptionRow:
        row = OptionRow(option.key)
        row.fill(option)
        row.retranslate(self._tr)
        row.changed.connect(self._changed)
        row.correct_toggled.connect(self._correct_toggled)
        row.remove_requested.connect(self.remove_option)
        self.option_rows.append(row)
        self._options_box.addWidget(row)
        # Shown now, not when the event loop gets to it: a problem may be scrolled to at once.
        if self.isVisible():
            row.show()
        self._draw_option_buttons()
        return row

    def _drop_row(self, row: OptionRow) -> None:
        self.option_rows.remove(row)
        self._options_box.removeWidget(row)
        row.hide()
        row.deleteLater()

    def add_image(self) -> None:
        """Ask for a picture file and add it to the question."""
        _ = self._tr
        path = self._choose_image(
            self, _("Add a picture"), _("Pictures ({patterns})").format(patterns=IMAGE_FILTER)
        )
        if path is None:
            return
        try:
            image = image_from_file(path, (i.name for i in self._images))
        except OSError:
            self._report("", [Problem("", "question", "images", f"cannot read {path.name}")])
            return
        self._report("", ())
        self._images.append(image)
        self._draw_images()
        self._changed()

    def remove_image(self, name: str) -> None:
        """Take the picture called ``name`` off the question."""
        self._images = [image for image in self._images if image.name != name]
        self._draw_images()
        self._changed()

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> VersionView | None:
        """Save the form (a new question, a draft changed, or a new version); the version."""
        return self._save(submit=False)

    def submit(self) -> VersionView | None:
        """Save the form, then send it to review; the version."""
        return self._save(submit=True)

    def _save(self, *, submit: bool) -> VersionView | None:
        form = self.form()
        self._report("", ())
        local = self._local_problems(form)
        if local:
            self._report(NOT_SAVED, local)
            return None
        try:
            version = self._bank.save(self._actor, form.question(), form.scenario())
        except NotPermitted as refusal:
            self._report(NOT_SAVED, (), refusal)
            return None
        except ImportFailed as failure:
            self._report(NOT_SAVED, failure.problems)
            return None
        except LifecycleRefused as refusal:
            self._report(NOT_SAVED, (), refusal)
            return None
        except LookupError:
            self._report(NOT_SAVED, [Problem("", "question", "section", "no section")])
            return None
        self._stored(version)
        if not submit:
            self._report(SAVED, ())
            return version
        try:
            version = self._bank.submit(self._actor, version.version_id)
        except NotPermitted as refusal:
            self._report(NOT_SUBMITTED, (), refusal)
            return self._version
        except ImportFailed as failure:
            self._report(NOT_SUBMITTED, failure.problems)
            return self._version
        except LifecycleRefused as refusal:
            self._report(NOT_SUBMITTED, (), refusal)
            return self._version
        self._stored(version)
        self._report(SUBMITTED, ())
        return version

    def _stored(self, version: VersionView) -> None:
        """The bank holds ``version`` now: the form edits it from here on."""
        self._version = version
        self._uid = version.uid
        self._dirty = False
        if self.scenario_mode == NEW_SCENARIO and version.scenario is not None:
            # The new scenario exists now: from here on it is an existing one.
            self._scenarios = latest_scenarios(self._scenario_source())
            form = replace(
                self.form(),
                scenario_mode=EXISTING_SCENARIO,
                scenario_uid=scenario_name(version.scenario.uid),
            )
            self._filling = True
            try:
                self._fill_scenario(form)
            finally:
                self._filling = False
        self._draw_state()
        self.saved.emit(version.uid)

    def _local_problems(self, form: EditorForm) -> list[Problem]:
        """What the form can tell before asking the service: the new scenario's name."""
        if form.scenario_mode != NEW_SCENARIO:
            return []
        name = form.scenario_uid.strip()
        if not name:
            return [Problem("", "question", "scenario uid", "the new situation needs a name")]
        if name in {s.uid for s in self._scenarios} or "/" in name:
            return [Problem("", "question", "scenario uid", "a situation has this name already")]
        return []

    def _report(
        self,
        outcome: str,
        problems: Iterable[Problem],
        refusal: LifecycleRefused | NotPermitted | None = None,
    ) -> None:
        """Remember how the last save went and show it (redrawn in another language too)."""
        self._outcome = outcome
        self._problems = tuple(problems)
        self._refusal = refusal
        self._draw_problems()
        first = next((self._note(t) for t in self._targets() if self._note(t)), None)
        if first is not None:
            self._scroll_to(first)

    def _scroll_to(self, note: FieldNote) -> None:
        """Scroll the form up or down (never sideways) until a field and its message show."""
        # Lay the form out first: the messages just shown moved everything below them.
        content = self.form_scroll.widget()
        content.layout().activate()
        for _round in range(2):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        top = note.widget.mapTo(content, QPoint(0, 0)).y()
        bottom = note.label.mapTo(content, QPoint(0, note.label.height())).y()
        if note.label.isHidden():
            bottom = top + note.widget.height()
        bar = self.form_scroll.verticalScrollBar()
        seen = self.form_scroll.viewport().height()
        if top < bar.value() or bottom > bar.value() + seen:
            bar.setValue(max(0, min(top - SCROLL_MARGIN, bottom - seen + SCROLL_MARGIN)))

    def _targets(self) -> list[str]:
        keys = [row.key for row in self.option_rows]
        return [
            "scenario uid" if p.field == "scenario uid" else problem_target(p, keys)
            for p in self._problems
        ]

    def _draw_problems(self) -> None:
        """Each problem under its field (highlighted), the rest and the outcome above the form."""
        _ = self._tr
        for note in self.notes.values():
            note.set_problem(())
        for row in self.option_rows:
            row.clear_problems()
        by_target: dict[str, list[str]] = {}
        general: list[str] = []
        for problem, target in zip(self._problems, self._targets(), strict=True):
            text = problem_text(problem.message, _)
            if target and self._note(target) is not None:
                by_target.setdefault(target, []).append(text)
            else:
                general.append(text)
        if self._refusal is not None:
            general.append(refusal_text(self._refusal, _))
        for target, messages in by_target.items():
            note = self._note(target)
            if note is not None:
                note.set_problem(messages)
        number = self._version.number if self._version else 0
        notice = ""
        error = ""
        if self._outcome == SAVED:
            notice = _("Saved: version {number}, draft.").format(number=number)
        elif self._outcome == SUBMITTED:
            notice = _("Sent for review: version {number}.").format(number=number)
        elif self._outcome == NOT_SAVED:
            error = _("The question was not saved. The marked fields need attention.")
        elif self._outcome == NOT_SUBMITTED:
            error = _(
                "The question was saved as a draft but not sent for review. "
                "The marked fields need attention."
            )
        if isinstance(self._refusal, NotPermitted):
            # No field is at fault: the roles are; say only that.
            error = refusal_text(self._refusal, _)
        elif error and general:
            error += "\n" + "\n".join(general)
        self.notice.set_message(notice)
        self.errors.set_message(error)

    def _note(self, target: str) -> FieldNote | None:
        if target in self.notes:
            return self.notes[target]
        match = re.fullmatch(r"option (\w+)(?:\[(\w+)\])?", target)
        if match:
            row = next((r for r in self.option_rows if r.key == match.group(1)), None)
            if row is None:
                return None
            language = match.group(2)
            if language is None:
                return row.row_note
            return row.notes.get(language)
        return None

    def problem_message(self, target: str) -> str:
        """The message shown under a field (``stem[ru]``, ``option c[ky]``, ``key`` …)."""
        note = self._note(target)
        return note.label.text() if note is not None and not note.label.isHidden() else ""

    # -- drawing -------------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Show what the form holds now on the candidate's screen."""
        self._preview_timer.stop()
        form = self.form()
        section = next((s for s in self._sections if s.code == form.section), None)
        question = form.question()
        scenario = form.scenario()
        self.preview.screen_view.show_question(
            question,
            scenario if scenario and question.scenario else None,
            section_title=dict(section.title) if section else None,
        )

    def retranslate(self, translator: Translator | None = None) -> None:
        """Draw every text in the interface language (``translator``, if given, from now on)."""
        if translator is not None:
            self._tr = translator
        _ = self._tr
        captions = {
            "section": _("Section"),
            "scenario": _("Situation"),
            "scenario uid": _("Name:"),
            "options": _("Answer options"),
            "source": _("Source"),
            "tags": _("Tags (separated by commas)"),
            "images": _("Pictures"),
        }
        for language in CONTENT_LANGUAGES:
            name = language_name(language, _)
            captions[f"scenario-{language}"] = _("Situation ({language})").format(language=name)
            captions[f"stem-{language}"] = _("Question ({language})").format(language=name)
        for key, text in captions.items():
            if key in self.captions:
                set_text(self.captions[key], text)
        for language, box in self.stem.items():
            box.setAccessibleName(captions[f"stem-{language}"])
        for language, box in self.scenario_texts.items():
            box.setAccessibleName(captions[f"scenario-{language}"])
        self.scenario_uid.setAccessibleName(_("Name of the situation"))
        self.section.setAccessibleName(captions["section"])
        self.scenario_choice.setAccessibleName(captions["scenario"])
        self.source.setPlaceholderText(_("e.g. Law on Education, article 24"))
        self.multiple.setText(_("Several correct answers"))
        self.keep_order.setText(_("Keep the order of the options"))
        self.keep_order.setToolTip(
            _("Options like “all of the above” must not be shuffled for the candidate.")
        )
        set_text(self.add_option_button, "+ " + _("Add option"), _("Add option"))
        set_text(self.add_image_button, "+ " + _("Add picture"), _("Add picture"))
        set_text(self.save_button, _("Save"))
        set_text(
            self.read_only_note,
            _("Read only: your account's roles do not allow changing questions."),
        )
        set_text(self.submit_button, _("Submit for review"))
        for row in self.option_rows:
            row.retranslate(_)
        for image_row in self.image_rows:
            image_row.retranslate(_)
        self.preview.retranslate(self._tr)
        self._draw_section_titles()
        self._draw_scenario_items()
        self._draw_scenario_panel()
        self._draw_state()
        self._draw_problems()

    def _draw_section_titles(self) -> None:
        language = self._tr.language
        titles = {s.code: in_language(dict(s.title), language) for s in self._sections}
        for index in range(self.section.count()):
            code = self.section.itemData(index)
            title = titles.get(code)
            self.section.setItemText(index, f"{title} ({code})" if title else code)

    def _draw_scenario_items(self) -> None:
        _ = self._tr
        language = self._tr.language
        texts = {s.uid: s.text for s in self._scenarios}
        for index in range(self.scenario_choice.count()):
            mode, uid = self.scenario_choice.itemData(index)
            if mode == NO_SCENARIO:
                text = _("No situation")
            elif mode == NEW_SCENARIO:
                text = _("New situation…")
            else:
                words = " ".join(in_language(dict(texts.get(uid, {})), language).split())
                text = f"{uid}: {words[:60]}{'…' if len(words) > 60 else ''}" if words else uid
            self.scenario_choice.setItemText(index, text)

    def _draw_scenario_panel(self) -> None:
        _ = self._tr
        mode = self.scenario_mode
        shown = mode != NO_SCENARIO
        self.scenario_panel.setVisible(shown)
        self.scenario_uid.setVisible(shown)
        self.captions["scenario uid"].setVisible(shown)
        self.scenario_uid.setReadOnly(mode != NEW_SCENARIO)
        if mode == EXISTING_SCENARIO:
            set_text(
                self.scenario_note,
                _(
                    "Other questions of this situation keep its text as it is; a changed text "
                    "is saved for this question."
                ),
            )
        elif mode == NEW_SCENARIO:
            set_text(
                self.scenario_note,
                _("The new situation is saved with the question; other questions can use it."),
            )
        self.scenario_note.setVisible(shown)

    def _draw_option_buttons(self) -> None:
        count = len(self.option_rows)
        self.add_option_button.setEnabled(count < MAX_OPTIONS)
        for row in self.option_rows:
            row.remove.setEnabled(count > MIN_OPTIONS)

    def _draw_images(self) -> None:
        for old in self.image_rows:
            self._images_box.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.image_rows = []
        for image in self._images:
            row = ImageRow(image)
            row.remove_requested.connect(self.remove_image)
            row.retranslate(self._tr)
            self._images_box.addWidget(row)
            self.image_rows.append(row)

    def _draw_state(self) -> None:
        """The title, the status line, the returned note and which buttons work."""
        _ = self._tr
        version = self._version
        if version is None:
            set_text(self.title, _("New question"))
            set_text(self.status_line, _("Not saved yet"))
            self.returned.set_message("")
            self.save_button.setEnabled(True)
            self.submit_button.setEnabled(True)
            return
        set_text(self.title, _("Question {uid}").format(uid=version.uid))
        status = _(STATUS_LINES[version.status]).format(number=version.number)
        # A read-only editor saves nothing, so it gives no hint about saving.
        if self._read_only:
            pass
        elif version.status in (Status.APPROVED, Status.RETIRED):
            status += ". " + _("Saving makes a new draft, version {number}.").format(
                number=version.number + 1
            )
        elif version.status is Status.SUBMITTED:
            status += ". " + _("It is with its reviewer and can be edited once it is returned.")
        set_text(self.status_line, status)
        returned = next(
            (
                event
                for event in reversed(version.events)
                if event.action is Action.RETURNED and version.status is Status.DRAFT
            ),
            None,
        )
        if returned is not None and returned.comment:
            self.returned.set_message(
                _("Returned for rework by {actor}: {comment}").format(
                    actor=returned.actor, comment=returned.comment
                )
            )
        else:
            self.returned.set_message("")
        editable = version.status is not Status.SUBMITTED
        self.save_button.setEnabled(editable)
        self.submit_button.setEnabled(editable)

    def _enlarge_preview(self, on: bool) -> None:
        """The preview takes the whole page (the form is hidden, not changed) or gives it back."""
        self.form_side.setVisible(not on)

    @property
    def side_by_side(self) -> bool:
        """True while the preview is beside the form (False: under it)."""
        return self.split.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The preview beside the form on a wide page, under it on a narrow one."""
        super().resizeEvent(event)
        wide = self.width() >= SIDE_BY_SIDE_MIN_WIDTH
        if wide != self.side_by_side:
            self.split.setDirection(
                QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            )


def _bank_scenarios(bank: Bank, actor: Actor) -> Sequence[Scenario]:
    """The bank's scenarios, when the bank can list them.

    The ``Bank`` port names no scenario listing; the bank service's ``archive()`` carries every
    scenario, so it is used when present (other banks offer none to choose from).
    """
    listing = getattr(bank, "scenarios", None)
    if callable(listing):
        return list(listing(actor))
    archive = getattr(bank, "archive", None)
    if callable(archive):
        return list(archive(actor).scenarios)
    return []
