"""A question as the candidate will see it: the candidate's own test screen, run in memory.

The preview is the real :class:`~kiosk.ui.candidate.exam.ExamScreen` with the candidate
window's style sheet, fed by :class:`PreviewAttempts`, an in-memory implementation of the
candidate port (:class:`~kiosk.ui.candidate.ports.Attempts`) holding a one-question attempt.
Answering works (ticks and flags are kept in memory), nothing is stored anywhere, and the clock
shows the time limit without running: the screen's countdown is given a fake timer that never
fires.

The screen is laid out at the size of a station (1366×768 without the top bar) so that its
lines break where a candidate's do, and drawn scaled down to fit the admin page
(:class:`CandidatePreview`, a graphics view).  :class:`PreviewPanel` adds the switch between
the content languages; :class:`QuestionPreview` is the read-only variant for the review queue
and the blueprint page, which may list the key under the screen (never on it: keys do not
appear on a candidate's screen).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.appeal_views import ProblemKind
from kiosk.services.bank_views import VersionView
from kiosk.services.views import (
    AnswerAck,
    AttemptView,
    ImageView,
    ItemView,
    LoginRefusal,
    LoginResult,
    OptionView,
    ResultView,
)
from kiosk.ui.candidate.base import Screen
from kiosk.ui.candidate.exam import ExamScreen
from kiosk.ui.candidate.keys import option_letters
from kiosk.ui.theme import DEFAULT_SCALE, NORMAL, palette, point_size, set_state, style_sheet
from kiosk.ui.timers import FakeTimers
from kiosk.ui.widgets import ConfirmOverlay, button, label, set_text
from question_bank.model import Blueprint, Question, Scenario, Texts
from translations import CONTENT_LANGUAGES, LANGUAGE_NAMES, Translator

#: The candidate's screen below the station's top bar, at the smallest station size (1366×768).
STATION_SCREEN = QSize(1366, 712)
#: The time shown on the preview's clock when no blueprint says otherwise.
DEFAULT_TIME_LIMIT_S = Blueprint(()).time_limit_s
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def preview_item(
    question: Question,
    scenario: Scenario | None,
    language: str,
    *,
    section_title: Texts | None = None,
    option_order: tuple[str, ...] | None = None,
) -> ItemView:
    """The question as a candidate's attempt holds it, in ``language`` and in the shown order.

    Texts are taken as written in that language, without the Kyrgyz fallback a candidate's
    attempt would use: a translation still missing shows as missing.  Options named in
    ``option_order`` come first, in that order; any other option follows in written order.
    """
    by_key = {option.key: option for option in question.options}
    order = [key for key in option_order or () if key in by_key]
    order += [option.key for option in question.options if option.key not in order]
    has_scenario = scenario is not None and question.scenario is not None
    return ItemView(
        position=0,
        section_title=(section_title or {}).get(language, "") or question.section,
        scenario=scenario.text.get(language, "") if has_scenario and scenario else None,
        stem=question.stem.get(language, ""),
        options=tuple(OptionView(key, by_key[key].text.get(language, "")) for key in order),
        multiple=question.multiple,
        selected=frozenset(),
        flagged=False,
        images=tuple(ImageView(i.name, i.media_type, i.data) for i in question.images),
    )


class PreviewAttempts:
    """The candidate port in memory, for one question at a time; nothing is stored.

    Each :meth:`load` makes a new attempt (a new id, so the screen redraws its pictures) and
    keeps the answers and the flag of the previous one where they still apply, so a preview
    that follows the editor's typing does not lose the option ticked in it.  ``read_only``
    refuses every answer and flag: the acknowledgements give back what was there.
    """

    def __init__(self, time_limit_s: int = DEFAULT_TIME_LIMIT_S, *, read_only: bool = False):
        self.time_limit_s = time_limit_s
        self.read_only = read_only
        self._attempt_id = 0
        self._item: ItemView | None = None
        self._language = ""

    @property
    def item(self) -> ItemView | None:
        """The question of the attempt, with its answer and flag as they stand."""
        return self._item

    def load(self, item: ItemView, language: str) -> AttemptView:
        """A one-question attempt holding ``item``, with the full time left."""
        keys = {option.key for option in item.options}
        if self._item is not None and not self.read_only:
            selected = self._item.selected & keys
            if not item.multiple and len(selected) > 1:
                selected = frozenset()
            item = replace(item, selected=selected, flagged=self._item.flagged)
        self._attempt_id += 1
        self._item = replace(item, position=0)
        self._language = language
        return self._view()

    def reset(self) -> None:
        """Forget the answer and the flag: the next :meth:`load` starts afresh."""
        self._item = None

    def _view(self) -> AttemptView:
        assert self._item is not None
        return AttemptView(
            attempt_id=self._attempt_id,
            language=self._language,
            items=(self._item,),
            current_position=0,
            time_limit_s=self.time_limit_s,
            remaining_s=float(self.time_limit_s),
        )

    def _ack(self) -> AnswerAck:
        assert self._item is not None
        return AnswerAck(0, self._item.selected, self._item.flagged, float(self.time_limit_s))

    def _change(self, selected: frozenset[str] | None = None, flagged: bool | None = None) -> None:
        assert self._item is not None
        if self.read_only:
            return
        self._item = replace(
            self._item,
            selected=self._item.selected if selected is None else selected,
            flagged=self._item.flagged if flagged is None else flagged,
        )

    def login(self, typed_code: str) -> LoginResult:
        """No codes in a preview."""
        return LoginResult(refusal=LoginRefusal.UNKNOWN)

    def lockout_seconds(self) -> int:
        """A preview never locks."""
        return 0

    def start(self, registration_id: int, language: str) -> AttemptView:
        """The attempt loaded last."""
        return self._view()

    def select_option(self, attempt_id: int, position: int, key: str | None) -> AnswerAck:
        """Choose the option of a single-answer question (in memory)."""
        self._change(selected=frozenset(() if key is None else (key,)))
        return self._ack()

    def toggle_option(self, attempt_id: int, position: int, key: str) -> AnswerAck:
        """Tick or untick an option of a multiple-response question (in memory)."""
        assert self._item is not None
        self._change(selected=self._item.selected ^ {key})
        return self._ack()

    def set_flag(self, attempt_id: int, position: int, flagged: bool) -> AnswerAck:
        """Mark the question (in memory)."""
        self._change(flagged=flagged)
        return self._ack()

    def go_to(self, attempt_id: int, position: int) -> float:
        """There is one question; the time does not run."""
        return float(self.time_limit_s)

    def heartbeat(self, attempt_id: int) -> float:
        """The time does not run."""
        return float(self.time_limit_s)

    def report_problem(
        self, attempt_id: int, position: int | None, kind: ProblemKind, note: str = ""
    ) -> None:
        """An editor trying the button: nothing is reported, nobody is told."""

    def submit(self, attempt_id: int, reason: str = "candidate") -> ResultView:
        """Finish in a preview: a result that nobody sees (the preview starts again)."""
        return ResultView(
            attempt_id=attempt_id,
            candidate_name="",
            score=0,
            max_score=1,
            threshold=1,
            meets=False,
            statement="",
            ended_at=_EPOCH,
            end_reason=reason,
            appeal_deadline=_EPOCH,
            protocol_number="",
            protocol_path=Path(),
        )

    def result(self, attempt_id: int) -> ResultView:
        """A preview keeps no results."""
        raise LookupError(f"a preview keeps no result of attempt {attempt_id}")


class CandidatePreview(QGraphicsView):
    """The candidate's test screen at station size, scaled down to the room it is given.

    ``translator_factory`` makes the screen's translator for the preview language (the
    candidate's interface follows the content language here, as for a candidate who chose it).
    """

    def __init__(
        self,
        translator_factory: Callable[[str], Translator],
        language: str = CONTENT_LANGUAGES[0],
        *,
        read_only: bool = False,
        time_limit_s: int = DEFAULT_TIME_LIMIT_S,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("candidatePreview")
        self._translator_factory = translator_factory
        self._language = language
        self.attempts = PreviewAttempts(time_limit_s, read_only=read_only)
        self._question: Question | None = None
        self._scenario: Scenario | None = None
        self._section_title: Texts | None = None
        self._option_order: tuple[str, ...] | None = None

        # The stage is a window of its own inside the scene: the admin window's style sheet
        # does not reach it, the candidate's does.
        self.stage = QWidget()
        self.stage.setObjectName("candidateWindow")
        self.stage.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.stage.setPalette(palette(NORMAL))
        self.stage.setStyleSheet(style_sheet(NORMAL, DEFAULT_SCALE))
        font = self.stage.font()
        font.setPointSizeF(point_size(DEFAULT_SCALE))
        self.stage.setFont(font)
        body = QWidget()
        self.confirm = ConfirmOverlay(self.stage, behind=(body,))
        # The countdown gets a timer that never fires: the clock shows the time limit.
        self.exam = ExamScreen(
            self.attempts, translator_factory(language), FakeTimers(), self.confirm
        )
        self.exam.finished.connect(self._start_again)
        self.exam.interrupted.connect(self._start_again)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.exam)
        outer = QVBoxLayout(self.stage)
        # A window inside a scene takes the size it is given (offscreen Qt warns otherwise).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(body)
        self.stage.resize(STATION_SCREEN)

        self._scene = QGraphicsScene(self)
        self._proxy = self._scene.addWidget(self.stage)
        self._scene.setSceneRect(QRectF(0, 0, STATION_SCREEN.width(), STATION_SCREEN.height()))
        self.setScene(self._scene)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QColor(NORMAL.background))
        # As tall as the station's proportions make it at the width it gets.
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(280, 160)

    @property
    def language(self) -> str:
        """The content language shown."""
        return self._language

    @property
    def scale_factor(self) -> float:
        """How much the station-sized screen is scaled to fit (1.0: not at all)."""
        return self.transform().m11()

    def sizeHint(self) -> QSize:
        """Half the station's size: readable beside a form."""
        return QSize(STATION_SCREEN.width() // 2, STATION_SCREEN.height() // 2)

    def hasHeightForWidth(self) -> bool:
        """The screen keeps the station's proportions."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height of the station's proportions at ``width``."""
        return round(width * STATION_SCREEN.height() / STATION_SCREEN.width())

    def show_question(
        self,
        question: Question,
        scenario: Scenario | None = None,
        *,
        section_title: Texts | None = None,
        option_order: tuple[str, ...] | None = None,
    ) -> None:
        """Show ``question`` (with its scenario's text) in the preview language."""
        self._question = question
        self._scenario = scenario
        self._section_title = section_title
        self._option_order = option_order
        self._draw()

    def set_language(self, language: str) -> None:
        """Show the question, and the screen's own texts, in another content language."""
        if language == self._language:
            return
        self._language = language
        self.exam.set_translator(self._translator_factory(language))
        self._draw()

    def set_translator_factory(self, factory: Callable[[str], Translator]) -> None:
        """Make the screen's translators another way (e.g. strict ones) from now on."""
        self._translator_factory = factory
        self.exam.set_translator(factory(self._language))

    def shown_item(self) -> ItemView | None:
        """The question on the preview, with its answer as it stands."""
        return self.attempts.item

    def _draw(self) -> None:
        if self._question is None:
            return
        item = preview_item(
            self._question,
            self._scenario,
            self._language,
            section_title=self._section_title,
            option_order=self._option_order,
        )
        self.exam.load(self.attempts.load(item, self._language))
        # Nothing counts down in a preview; showing the question page is all "entering" does
        # here (focus stays with the editor).
        self.exam.left()
        self.exam.show_question()

    def _start_again(self, *_args: object) -> None:
        """Finishing was confirmed in the preview: show the question afresh."""
        self.attempts.reset()
        self._draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the station-sized screen to fit, never larger than it is."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        area = self.viewport().size()
        scale = min(
            area.width() / STATION_SCREEN.width(), area.height() / STATION_SCREEN.height(), 1.0
        )
        self.resetTransform()
        if scale > 0:
            self.scale(scale, scale)


class PreviewPanel(Screen):
    """The candidate preview with a switch between the content languages above it.

    ``enlargeable`` adds a "larger" switch: the page that holds the panel gives it more room
    (the editor hides its form) while it is on; :attr:`enlarge_toggled` says when.
    """

    enlarge_toggled = Signal(bool)

    def __init__(
        self,
        translator: Translator,
        *,
        read_only: bool = False,
        enlargeable: bool = False,
        time_limit_s: int = DEFAULT_TIME_LIMIT_S,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("previewPanel")
        strict = translator.strict
        # The question is first shown in the interface language when questions exist in it.
        first = translator.language if translator.language in CONTENT_LANGUAGES else None
        self.screen_view = CandidatePreview(
            lambda language: Translator(language, strict=strict),
            first or CONTENT_LANGUAGES[0],
            read_only=read_only,
            time_limit_s=time_limit_s,
        )
        self.caption = label("heading", name="previewCaption")
        self.language_caption = label("muted", wrap=False, name="previewLanguageCaption")
        self.language_buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.language_caption)
        for language in CONTENT_LANGUAGES:
            choice = button("tool", name=f"preview-{language}")
            choice.setText(LANGUAGE_NAMES[language])
            choice.clicked.connect(lambda _checked=False, lang=language: self.set_language(lang))
            bar.addWidget(choice)
            self.language_buttons[language] = choice
        bar.addStretch(1)
        self.enlarge = button("tool", name="enlargePreview")
        self.enlarge.setCheckable(True)
        self.enlarge.setVisible(enlargeable)
        self.enlarge.toggled.connect(self._enlarge_toggled)
        head = QHBoxLayout()
        head.addWidget(self.caption, 1)
        head.addWidget(self.enlarge, 0, Qt.AlignmentFlag.AlignTop)
        self.column = QVBoxLayout(self)
        self.column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(6)
        self.column.addLayout(head)
        self.column.addLayout(bar)
        self.column.addWidget(self.screen_view)
        self.column.addStretch(1)
        self.retranslate()

    @property
    def exam(self) -> ExamScreen:
        """The candidate's screen inside the preview."""
        return self.screen_view.exam

    @property
    def language(self) -> str:
        """The content language shown."""
        return self.screen_view.language

    def set_language(self, language: str) -> None:
        """Preview the question in ``language``."""
        self.screen_view.set_language(language)
        self._draw_language()

    def retranslate(self, translator: Translator | None = None) -> None:
        """Draw the panel's texts in the interface language (``translator``, if given)."""
        if translator is not None:
            self._tr = translator
        _ = self._tr
        set_text(self.caption, _("As the candidate sees it"))
        set_text(self.language_caption, _("Question language:"))
        self._draw_enlarge()
        self._draw_language()

    @property
    def enlarged(self) -> bool:
        """True while the panel has asked for more room."""
        return self.enlarge.isChecked()

    def _enlarge_toggled(self, on: bool) -> None:
        self._draw_enlarge()
        self.enlarge_toggled.emit(on)

    def _draw_enlarge(self) -> None:
        _ = self._tr
        if self.enlarge.isChecked():
            set_text(self.enlarge, "⤡ " + _("Back to the form"), _("Back to the form"))
        else:
            set_text(self.enlarge, "⤢ " + _("Larger"), _("Larger preview"))

    def _draw_language(self) -> None:
        _ = self._tr
        for language, choice in self.language_buttons.items():
            current = language == self.language
            choice.setAccessibleName(
                _("Preview in {language}").format(language=LANGUAGE_NAMES[language])
                + (", " + _("chosen") if current else "")
            )
            set_state(choice, current=current)


class QuestionPreview(PreviewPanel):
    """A version as the candidate sees it, read-only, optionally with its key listed under it.

    ``show_key`` lists the keyed options under the screen (the review queue does this); the key
    is never marked on the candidate's screen itself.  ``sections`` gives the section titles
    shown above the question (their codes are shown otherwise); see :meth:`set_sections`.
    """

    def __init__(
        self,
        translator: Translator,
        parent: QWidget | None = None,
        *,
        show_key: bool = False,
        sections: Mapping[str, Texts] | None = None,
        time_limit_s: int = DEFAULT_TIME_LIMIT_S,
    ) -> None:
        super().__init__(translator, read_only=True, time_limit_s=time_limit_s, parent=parent)
        self.setObjectName("questionPreview")
        self.key_caption = label("fieldCaption", wrap=False, name="keyCaption")
        self.key_text = label(name="keyText")
        self.key_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._show_key = show_key
        self._sections: dict[str, Texts] = dict(sections or {})
        self._question: Question | None = None
        self._scenario: Scenario | None = None
        self._order: tuple[str, ...] | None = None
        self.key_box = QFrame()
        self.key_box.setObjectName("keyBox")
        self.key_box.setProperty("role", "info")
        key_layout = QVBoxLayout(self.key_box)
        key_layout.setContentsMargins(12, 6, 12, 8)
        key_layout.setSpacing(2)
        key_layout.addWidget(self.key_caption)
        key_layout.addWidget(self.key_text)
        self.key_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        # Right under the screen (before the stretch that takes any room left).
        self.column.insertWidget(self.column.indexOf(self.screen_view) + 1, self.key_box)
        self.key_box.setVisible(False)

    def set_sections(self, sections: Mapping[str, Texts]) -> None:
        """Section code → titles, for the line above the question."""
        self._sections = dict(sections)

    def show(  # type: ignore[override]  # shows a version; QWidget.show() is still reachable
        self,
        version: VersionView | None = None,
        language: str | None = None,
        option_order: tuple[str, ...] | None = None,
    ) -> None:
        """Show a version in ``language`` (the options in ``option_order`` when given).

        Called without a version it is the widget's own ``show()``.
        """
        if version is None:
            super().show()
            return
        self.show_question(version.question, version.scenario, language, option_order=option_order)

    def show_question(
        self,
        question: Question,
        scenario: Scenario | None,
        language: str | None = None,
        option_order: tuple[str, ...] | None = None,
    ) -> None:
        """Show a question (and its scenario) as the candidate sees it."""
        self._question, self._scenario, self._order = question, scenario, option_order
        if language is not None and language != self.language:
            self.screen_view.set_language(language)
        self.screen_view.show_question(
            question,
            scenario,
            section_title=self._sections.get(question.section),
            option_order=option_order,
        )
        self._draw_language()
        self._draw_key()

    def clear(self) -> None:
        """Show nothing (nothing is selected)."""
        self._question = None
        self.key_box.setVisible(False)

    def set_language(self, language: str) -> None:
        """Preview in ``language``; the key list follows."""
        super().set_language(language)
        self._draw_key()

    def retranslate(self, translator: Translator | None = None) -> None:
        """Draw the texts, the key list too, in the interface language."""
        super().retranslate(translator)
        self._draw_key()

    def key_lines(self) -> list[str]:
        """The keyed options as shown: "Б) Учредитель", in the shown order."""
        item = self.screen_view.shown_item()
        if self._question is None or item is None:
            return []
        letters = option_letters(self.language)
        return [
            f"{letters[index]}) {option.text}"
            for index, option in enumerate(item.options)
            if option.key in self._question.correct
        ]

    def _draw_key(self) -> None:
        if getattr(self, "key_box", None) is None:
            return  # called by the base class before the key list is built
        lines = self.key_lines()
        self.key_box.setVisible(self._show_key and self._question is not None)
        if not self._show_key or self._question is None:
            return
        _ = self._tr
        multiple = self._question.multiple
        caption = (
            _("Correct answers (the candidate does not see this):")
            if multiple
            else _("Correct answer (the candidate does not see this):")
        )
        set_text(self.key_caption, caption)
        set_text(self.key_text, "\n".join(lines) if lines else _("No correct answer is marked"))
