"""The briefing: who the candidate is, what the test is, the rules, and the test language.

The candidate confirms their name here before anything starts ("This is not me" goes back to the
code).  A resumed attempt says so and keeps the language it was started in.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.views import AttemptClosed, AttemptView, Briefing, in_language
from kiosk.ui.candidate.base import Screen
from kiosk.ui.candidate.ports import Attempts
from kiosk.ui.theme import set_state
from kiosk.ui.widgets import MessageBox, button, frame, label, set_text
from protocols.dates import format_numeric_date
from translations import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, LANGUAGE_NAMES, Translator

BULLET = "•"


class BriefingScreen(Screen):
    """Shows the briefing; emits :attr:`started` with the attempt, or :attr:`not_me`."""

    started = Signal(AttemptView)
    not_me = Signal()

    def __init__(
        self, attempts: Attempts, translator: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("briefingScreen")
        self._attempts = attempts
        self._briefing: Briefing | None = None
        self._content_language = DEFAULT_LANGUAGE

        self.name = label("name", name="candidateName")
        self.post = label("muted", name="postAndSchool")
        self.resuming = MessageBox("warning", name="resumingNote")
        self.facts: dict[str, tuple[QLabel, QLabel]] = {}
        tiles = QHBoxLayout()
        tiles.setSpacing(14)
        for key in ("date", "questions", "time", "threshold"):
            tile = frame("card")
            caption = label("caption", name=f"{key}Caption")
            value = label("value", wrap=False, name=f"{key}Value")
            tile_layout = QVBoxLayout(tile)
            tile_layout.setContentsMargins(18, 10, 18, 12)
            tile_layout.setSpacing(2)
            tile_layout.addWidget(caption)
            tile_layout.addWidget(value)
            tile_layout.addStretch(1)
            tiles.addWidget(tile, 1)
            self.facts[key] = (caption, value)

        # The language of the questions, chosen here once (a resumed test keeps its own).
        self.language_row = frame("card")
        self.language_caption = label("caption", name="contentLanguageCaption")
        self.language_buttons: dict[str, QPushButton] = {}
        choices = QHBoxLayout()
        choices.setSpacing(10)
        for language in CONTENT_LANGUAGES:
            choice = button("choice", name=f"content-{language}")
            choice.setText(LANGUAGE_NAMES[language])
            choice.setProperty("bar", True)
            choice.clicked.connect(lambda _checked=False, lang=language: self.choose(lang))
            choices.addWidget(choice)
            self.language_buttons[language] = choice
        language_layout = QVBoxLayout(self.language_row)
        language_layout.setContentsMargins(18, 10, 18, 12)
        language_layout.setSpacing(6)
        language_layout.addWidget(self.language_caption)
        language_layout.addLayout(choices)
        tiles.addWidget(self.language_row, 0)

        rules_card = frame("card")
        self.rules_title = label("heading", name="rulesTitle")
        self.rules = label(name="rules")
        rules_layout = QVBoxLayout(rules_card)
        rules_layout.setContentsMargins(24, 12, 24, 14)
        rules_layout.setSpacing(6)
        rules_layout.addWidget(self.rules_title)
        rules_layout.addWidget(self.rules)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(48, 16, 48, 8)
        body.setSpacing(10)
        body.addWidget(self.name)
        body.addWidget(self.post)
        body.addSpacing(4)
        body.addLayout(tiles)
        body.addWidget(self.resuming)
        body.addWidget(rules_card)
        body.addStretch(1)

        self.back = button(name="notMe")
        self.start = button("primary", name="startTest")
        self.start.setMinimumWidth(320)
        self.back.clicked.connect(self.not_me)
        self.start.clicked.connect(self.begin)
        for bar_button in (self.back, self.start):
            bar_button.setProperty("bar", True)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(48, 8, 48, 16)
        bottom.addWidget(self.back)
        bottom.addStretch(1)
        bottom.addWidget(self.start)

        self.lay_out_page(content, bottom)

        for first, second in pairwise([*self.language_buttons.values(), self.back, self.start]):
            self.setTabOrder(first, second)
        self.retranslate()

    # -- state ---------------------------------------------------------------------------------

    @property
    def content_language(self) -> str:
        """The language the questions will be shown in."""
        return self._content_language

    def show_briefing(self, briefing: Briefing) -> None:
        """Show a candidate's briefing; the content language follows the interface language."""
        self._briefing = briefing
        if briefing.resuming and briefing.language:
            self._content_language = briefing.language
        else:
            ui = self._tr.language
            self._content_language = ui if ui in CONTENT_LANGUAGES else DEFAULT_LANGUAGE
        self.language_row.setVisible(not briefing.resuming)
        self.retranslate()

    def entered(self) -> None:
        """Put the focus on the start button."""
        self.start.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, language: str) -> None:
        """Choose the language of the questions."""
        self._content_language = language
        self.retranslate()

    def begin(self) -> None:
        """Start (or resume) the attempt."""
        if self._briefing is None:
            return
        try:
            view = self._attempts.start(self._briefing.registration_id, self._content_language)
        except AttemptClosed:
            # Submitted meanwhile (at another station): the login screen will say so.
            self.not_me.emit()
            return
        self.started.emit(view)

    # -- texts ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        briefing = self._briefing
        set_text(self.rules_title, _("How the test works"))
        rules = (
            _("One question is shown at a time. Choose one answer."),
            _("Where a question says “Choose all correct answers”, tick every correct answer."),
            _(
                "To answer, click the answer or press its number (1, 2, 3…) "
                "or its letter on the keyboard."
            ),
            _("You may go back to any question and change your answer."),
            _("You may mark a question to come back to it later."),
            _("Every answer is saved at once."),
            _("When the time runs out, the test ends by itself; the answers given are counted."),
            _("Your result appears on the screen right after the test."),
        )
        set_text(self.rules, "\n".join(f"{BULLET} {rule}" for rule in rules))
        resuming = briefing is not None and briefing.resuming
        self.resuming.set_message(
            _("Your test was interrupted. It continues where it stopped, with the time you had.")
            if resuming
            else ""
        )
        set_text(self.language_caption, _("Language of the questions:"))
        for language, choice in self.language_buttons.items():
            current = language == self._content_language
            choice.setAccessibleName(
                _("Questions in {language}").format(language=LANGUAGE_NAMES[language])
                + (", " + _("chosen") if current else "")
            )
            set_state(choice, current=current)
        set_text(self.back, _("This is not me"))
        if briefing is not None and briefing.resuming:
            set_text(self.start, _("Continue the test"))
        else:
            set_text(self.start, _("Start the test"))
        captions = {
            "date": _("Date"),
            "questions": _("Number of questions"),
            "time": _("Time for the test"),
            "threshold": _("Threshold score"),
        }
        values: dict[str, str] = {}
        if briefing is not None:
            set_text(self.name, briefing.candidate_name)
            language = self._tr.language
            set_text(
                self.post,
                _("{post}, {school}").format(
                    post=in_language(briefing.post, language),
                    school=in_language(briefing.school, language),
                ),
            )
            values = {
                "date": format_numeric_date(briefing.session_date),
                "questions": str(briefing.question_count),
                "time": _("{minutes} minutes").format(minutes=round(briefing.time_limit_s / 60)),
                "threshold": str(briefing.threshold),
            }
        for key, (caption, value) in self.facts.items():
            set_text(caption, captions[key])
            set_text(value, values.get(key, ""), f"{captions[key]}: {values.get(key, '')}")
