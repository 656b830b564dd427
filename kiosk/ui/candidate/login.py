"""The login screen: the code from the candidate's slip.

A wrong code gets a plain message that says nothing about other codes.  After too many wrong
codes the service locks the station; the screen then disables the field and shows a countdown,
asking the service each second how long the lock still lasts (the rule lives in the service and
``kiosk.domain.lockout``, not here).  Too many wrong codes across the session's stations pause
code entry for the whole session until the proctor resumes it; the screen then asks, calmly, to
call the proctor.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.timing import minutes_seconds
from kiosk.security.codes import GROUPS
from kiosk.services.views import Briefing, LoginRefusal, LoginResult
from kiosk.ui.candidate.base import Screen
from kiosk.ui.candidate.ports import Attempts
from kiosk.ui.timers import TimerFactory
from kiosk.ui.widgets import MessageBox, button, frame, label, set_text
from translations import Translator

#: What the code field shows before anything is typed: the shape of a code on the slip.
CODE_PLACEHOLDER = "-".join("X" * size for size in GROUPS)
#: The field takes a little more than a code, so that spaces and dashes fit.
CODE_MAX_LENGTH = 24


class LoginScreen(Screen):
    """Asks for the code; emits :attr:`logged_in` with the briefing of a right one."""

    logged_in = Signal(Briefing)

    def __init__(
        self,
        attempts: Attempts,
        translator: Translator,
        timer_factory: TimerFactory,
        parent: QWidget | None = None,
        timezone: ZoneInfo | None = None,
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("loginScreen")
        self._attempts = attempts
        self._timezone = timezone or ZoneInfo("Asia/Bishkek")
        self._opens_at: datetime | None = None
        self._refusal: LoginRefusal | None = None
        self._empty = False
        self._tries_left = 0
        self._locked_seconds = 0
        self._lock_timer = timer_factory("login-lockout", 1000)
        self._lock_timer.timeout.connect(self._tick)

        self.prompt = label("prompt", name="loginPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = QLineEdit()
        self.code.setObjectName("codeField")
        self.code.setProperty("role", "code")
        self.code.setPlaceholderText(CODE_PLACEHOLDER)
        self.code.setMaxLength(CODE_MAX_LENGTH)
        # No right-click menu (paste, undo, input methods) on a candidate's screen.
        self.code.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        # Left-aligned: Qt hides the placeholder of a focused, centred field.
        self.code.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.code.setMinimumWidth(560)
        # Codes are Latin capitals and digits whatever the keyboard layout says.
        self.code.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.code.textEdited.connect(self._upper_case)
        self.code.returnPressed.connect(self.submit)
        self.hint = label("muted", name="loginHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.enter = button("primary", name="loginEnter")
        self.enter.setMinimumWidth(320)
        self.enter.clicked.connect(self.submit)
        self.message = MessageBox("error", name="loginMessage")
        self.message.label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        card = frame("card")
        card.setMinimumWidth(760)
        card.setMaximumWidth(1000)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(56, 40, 56, 40)
        inner.setSpacing(20)
        inner.addWidget(self.prompt)
        inner.addWidget(self.code)
        inner.addWidget(self.hint)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.enter)
        row.addStretch(1)
        inner.addLayout(row)
        inner.addWidget(self.message)

        self.lay_out_card(card)
        self.setTabOrder(self.code, self.enter)
        self.retranslate()

    # -- state ---------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        """True while the station refuses codes."""
        return self._locked_seconds > 0

    def reset(self) -> None:
        """Ready for the next candidate: an empty field, no message (unless still locked)."""
        self.code.clear()
        self._refusal = None
        self._empty = False
        seconds = self._attempts.lockout_seconds()
        if seconds > 0:
            self._lock(seconds)
        else:
            self._unlock()

    def entered(self) -> None:
        """Focus the code field."""
        self.reset()
        if not self.locked:
            self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def left(self) -> None:
        """Stop the lockout countdown."""
        self._lock_timer.stop()

    def submit(self) -> None:
        """Check the typed code with the service."""
        if self.locked:
            return
        typed = self.code.text()
        if not typed.strip():
            self._refusal = None
            self._empty = True
            self.retranslate()
            return
        self._empty = False
        result: LoginResult = self._attempts.login(typed)
        if result.briefing is not None:
            self._refusal = None
            self.code.clear()
            self.retranslate()
            self.logged_in.emit(result.briefing)
            return
        self._refusal = result.refusal
        self._tries_left = result.tries_left
        self._opens_at = result.opens_at
        if result.refusal is LoginRefusal.LOCKED:
            self.code.clear()
            self._lock(result.locked_seconds)
            return
        self.code.selectAll()
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()

    def _lock(self, seconds: int) -> None:
        self._refusal = LoginRefusal.LOCKED
        self._locked_seconds = seconds
        self.code.setEnabled(False)
        self.enter.setEnabled(False)
        if not self._lock_timer.is_active():
            self._lock_timer.start()
        self.retranslate()

    def _unlock(self) -> None:
        self._lock_timer.stop()
        was_locked = self.locked
        self._locked_seconds = 0
        if self._refusal is LoginRefusal.LOCKED:
            self._refusal = None
        self.code.setEnabled(True)
        self.enter.setEnabled(True)
        self.retranslate()
        if was_locked:
            self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tick(self) -> None:
        seconds = self._attempts.lockout_seconds()
        if seconds <= 0:
            self._unlock()
        else:
            self._locked_seconds = seconds
            self.retranslate()

    def _upper_case(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            cursor = self.code.cursorPosition()
            self.code.setText(upper)
            self.code.setCursorPosition(cursor)

    # -- texts ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.prompt, _("Type the code from your slip"))
        self.code.setAccessibleName(_("Login code"))
        self.code.setAccessibleDescription(_("Type the code from your slip"))
        set_text(self.hint, _("Capital or small letters, spaces and dashes do not matter."))
        set_text(self.enter, _("Enter"))
        self.message.set_message(self._message_text())

    def _message_text(self) -> str:
        _ = self._tr
        if self._empty:
            return _("First type the code from your slip.")
        if self._refusal is LoginRefusal.MALFORMED:
            return _("The code is not complete or has a typo. Check it against your slip.")
        if self._refusal is LoginRefusal.UNKNOWN:
            return "\n".join(
                (
                    _(
                        "This code was not accepted. "
                        "Check it against your slip or ask the testing staff."
                    ),
                    _("Tries left: {count}").format(count=self._tries_left),
                )
            )
        if self._refusal is LoginRefusal.USED:
            return _("The test for this code has already been completed.")
        if self._refusal is LoginRefusal.NOT_YET and self._opens_at is not None:
            opens = self._opens_at.astimezone(self._timezone)
            return _("Your session has not started yet. The code works from {time}.").format(
                time=f"{opens.hour:02d}:{opens.minute:02d}"
            )
        if self._refusal is LoginRefusal.SUSPENDED:
            # Wrong codes piled up across the session's stations; not this candidate's doing.
            return _("Code entry for this session is paused. Please call the proctor.")
        if self._refusal is LoginRefusal.CLOSED:
            return _("This code cannot open the test now. Please ask the testing staff.")
        if self._refusal is LoginRefusal.LOCKED:
            return "\n".join(
                (
                    _("Too many wrong codes. The station is locked for a while."),
                    _("You can try again in {time}").format(
                        time=minutes_seconds(self._locked_seconds)
                    ),
                )
            )
        return ""
