"""The result, shown at once after the test (cl. 25), and the protocol sent to the printer.

The cl. 26 statement is shown in the interface language and, when that is not Kyrgyz, also in
Kyrgyz, whose wording is the official one.  The protocol PDF is already in the archive (the
service wrote it at submission); printing starts after the result is on screen, and whatever
happens to the printer the result stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.services.views import END_TIME_UP, ResultView
from kiosk.ui.candidate.base import Screen
from kiosk.ui.candidate.ports import Printer
from kiosk.ui.theme import set_state
from kiosk.ui.timers import TimerFactory
from kiosk.ui.widgets import MessageBox, button, frame, label, set_text
from protocols.dates import format_numeric_date, format_time
from translations import DEFAULT_LANGUAGE, Translator

log = logging.getLogger(__name__)

MEETS_MARK = "✓"
DOES_NOT_MEET_MARK = "✗"
#: The result stays on screen this long before the station clears it for the next candidate
#: (the candidate can leave sooner with "Done"; the protocol is printed, the result archived).
RESULT_HOLD_MS = 5 * 60 * 1000


class ResultScreen(Screen):
    """Shows a result; emits :attr:`done` when the station can take the next candidate."""

    done = Signal()

    def __init__(
        self,
        translator: Translator,
        official: Callable[[], Translator],
        timezone: ZoneInfo,
        timer_factory: TimerFactory,
        printer: Printer | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("resultScreen")
        self._official = official
        self._timezone = timezone
        self._printer = printer
        self._result: ResultView | None = None
        #: None before printing, then "printing", "printed", "saved" or "failed".
        self._print_state: str | None = None
        self._print_timer = timer_factory("print-protocol", 0, single_shot=True)
        self._print_timer.timeout.connect(self.print_protocol)
        self._hold_timer = timer_factory("result-hold", RESULT_HOLD_MS, single_shot=True)
        self._hold_timer.timeout.connect(self.done)

        self.title = label("caption", name="resultTitle")
        self.name = label("name", name="resultName")
        self.time_up = MessageBox("warning", name="timeUpNote")
        self.score_caption = label("caption", name="scoreCaption")
        self.score = label("score", wrap=False, name="score")
        self.threshold_caption = label("caption", name="thresholdCaption")
        self.threshold = label("score", wrap=False, name="threshold")
        self.statement_box = frame("statement")
        self.mark = label("statementMark", wrap=False, name="statementMark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mark.setMinimumWidth(80)
        self.statement = label("statement", name="statement")
        self.official_caption = label("caption", name="officialCaption")
        self.official_statement = label("official", name="officialStatement")
        statement_texts = QVBoxLayout()
        statement_texts.setSpacing(4)
        statement_texts.addWidget(self.statement)
        statement_texts.addWidget(self.official_caption)
        statement_texts.addWidget(self.official_statement)
        statement_layout = QHBoxLayout(self.statement_box)
        statement_layout.setContentsMargins(20, 12, 28, 14)
        statement_layout.setSpacing(16)
        statement_layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        statement_layout.addLayout(statement_texts, 1)

        info = frame("card")
        self.appeal = label(name="appealInfo")
        self.deadline = label("heading", name="appealDeadline")
        self.protocol = label(name="protocolNumber")
        self.printing = label("muted", name="printingNote")
        info_layout = QVBoxLayout(info)
        info_layout.setContentsMargins(24, 12, 24, 14)
        info_layout.setSpacing(6)
        info_layout.addWidget(self.appeal)
        info_layout.addWidget(self.deadline)
        info_layout.addSpacing(4)
        info_layout.addWidget(self.protocol)
        info_layout.addWidget(self.printing)

        # The name on the left, the score and the threshold beside it.
        score_row = QHBoxLayout()
        score_row.setSpacing(16)
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.title)
        who.addWidget(self.name)
        who.addStretch(1)
        score_row.addLayout(who, 1)
        for caption, value in (
            (self.score_caption, self.score),
            (self.threshold_caption, self.threshold),
        ):
            tile = frame("card")
            tile_layout = QVBoxLayout(tile)
            tile_layout.setContentsMargins(22, 10, 28, 12)
            tile_layout.setSpacing(0)
            tile_layout.addWidget(caption)
            tile_layout.addWidget(value)
            score_row.addWidget(tile, 0, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(48, 14, 48, 8)
        body.setSpacing(12)
        body.addLayout(score_row)
        body.addWidget(self.time_up)
        body.addWidget(self.statement_box)
        body.addWidget(info)
        body.addStretch(1)

        self.done_button = button("primary", name="resultDone")
        self.done_button.setMinimumWidth(280)
        self.done_button.clicked.connect(self.done)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(48, 8, 48, 20)
        bottom.addStretch(1)
        bottom.addWidget(self.done_button)
        self.lay_out_page(content, bottom)
        self.retranslate()

    @property
    def print_state(self) -> str | None:
        """What became of the printout: "printing", "printed", "saved", "failed" (or None)."""
        return self._print_state

    def show_result(self, result: ResultView) -> None:
        """Show a result at once; printing starts as soon as it is on screen."""
        self._result = result
        self._print_state = "printing" if self._printer is not None else "saved"
        set_state(self.statement_box, meets="true" if result.meets else "false")
        self.retranslate()
        if self._printer is not None:
            self._print_timer.start()
        self._hold_timer.start()

    def entered(self) -> None:
        """Focus the Done button."""
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def left(self) -> None:
        """Stop the timers."""
        self._hold_timer.stop()
        self._print_timer.stop()

    def print_protocol(self) -> None:
        """Send the protocol to the printer; a failure only changes the note."""
        if self._result is None or self._printer is None:
            return
        try:
            printed = self._printer.print_pdf(self._result.protocol_path)
        except Exception:
            # Any printer trouble: the result stays on screen and the PDF is in the archive.
            log.exception("printing %s failed", self._result.protocol_path)
            self._print_state = "failed"
        else:
            self._print_state = "printed" if printed else "saved"
        self.retranslate()

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Your result"))
        set_text(self.done_button, _("Done"))
        result = self._result
        self.time_up.set_message(
            _("The time is over. The test was submitted with your answers.")
            if result is not None and result.end_reason == END_TIME_UP
            else ""
        )
        if result is None:
            return
        set_text(self.name, result.candidate_name)
        set_text(self.score_caption, _("Your score"))
        set_text(
            self.score,
            _("{score} out of {max_score}").format(score=result.score, max_score=result.max_score),
        )
        threshold_caption = _("Threshold score")
        set_text(self.threshold_caption, threshold_caption)
        set_text(self.threshold, str(result.threshold), f"{threshold_caption}: {result.threshold}")
        statement = _(result.statement)
        mark = MEETS_MARK if result.meets else DOES_NOT_MEET_MARK
        set_text(self.mark, mark, "")
        set_text(self.statement, statement)
        show_official = self._tr.language != DEFAULT_LANGUAGE
        self.official_caption.setVisible(show_official)
        self.official_statement.setVisible(show_official)
        if show_official:
            set_text(self.official_caption, _("Official wording, in Kyrgyz:"))
            set_text(self.official_statement, self._official()(result.statement))
        deadline = result.appeal_deadline.astimezone(self._timezone)
        ended = result.ended_at.astimezone(self._timezone)
        when = format_time(deadline)
        if deadline.date() != ended.date():
            when += f" ({format_numeric_date(deadline.date())})"
        set_text(
            self.appeal,
            _(
                "If you do not agree with the result, you may file a technical appeal "
                "in person, here at the testing place."
            ),
        )
        set_text(self.deadline, _("Appeals are accepted until {time}.").format(time=when))
        set_text(self.protocol, _("Protocol No. {number}").format(number=result.protocol_number))
        notes = {
            "printing": _("The protocol is being printed…"),
            "printed": _("The protocol has been printed. Please take it from the printer."),
            "saved": _("The protocol has been saved. The testing staff will print it for you."),
            "failed": _(
                "The protocol could not be printed, but it has been saved. "
                "The testing staff will print it for you."
            ),
        }
        set_text(self.printing, notes.get(self._print_state or "", ""))
