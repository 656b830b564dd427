"""The "station closed" screen: where an operator or an administrator opens the station.

A station starts closed when its process holds no installation key (``kiosk`` on a real
installation; the demo and the tests open the key first and never show this screen).  The staff
member types a login and password; the gate (:class:`~kiosk.ui.candidate.ports.StaffGate`)
signs them in, which opens the key, and checks the role.  On success the screen emits
:attr:`ClosedScreen.opened` and the window shows the code screen; otherwise the reason is shown
in words and the password cleared.

Candidates may see this screen while they wait, so it also tells them, calmly, to wait.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from kiosk.ui.candidate.base import Screen
from kiosk.ui.candidate.lockdown import answer_text, credential_fields, missing_credential
from kiosk.ui.candidate.ports import GateAnswer, StaffGate
from kiosk.ui.widgets import MessageBox, button, frame, label, set_text
from translations import Translator


class ClosedScreen(Screen):
    """Login and password of an operator or administrator; emits :attr:`opened`."""

    opened = Signal()

    def __init__(
        self, gate: StaffGate, translator: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("closedScreen")
        self._gate = gate
        #: What went wrong: a refused answer, or a message for an empty field.
        self._answer: GateAnswer | None = None
        self._missing: str | None = None

        self.title = label("title", name="closedTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting = label("muted", name="closedWaiting")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation = label(name="closedExplanation")
        self.login_caption = label("caption", wrap=False, name="closedLoginCaption")
        self.password_caption = label("caption", wrap=False, name="closedPasswordCaption")
        self.login, self.password = credential_fields("closed")
        self.login_caption.setBuddy(self.login)
        self.password_caption.setBuddy(self.password)
        self.login.returnPressed.connect(self._login_entered)
        self.password.returnPressed.connect(self.submit)
        self.open_button = button("primary", name="closedOpen")
        self.open_button.setMinimumWidth(320)
        self.open_button.clicked.connect(self.submit)
        self.message = MessageBox("error", name="closedMessage")

        card = frame("card")
        card.setMinimumWidth(640)
        card.setMaximumWidth(900)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(48, 32, 48, 32)
        inner.setSpacing(10)
        inner.addWidget(self.explanation)
        inner.addSpacing(6)
        inner.addWidget(self.login_caption)
        inner.addWidget(self.login)
        inner.addWidget(self.password_caption)
        inner.addWidget(self.password)
        inner.addSpacing(10)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addStretch(1)
        inner.addLayout(row)
        inner.addWidget(self.message)

        self.lay_out_card(card, above=(self.title, self.waiting))
        QWidget.setTabOrder(self.login, self.password)
        QWidget.setTabOrder(self.password, self.open_button)
        self.retranslate()

    # -- state ---------------------------------------------------------------------------------

    @property
    def message_text(self) -> str:
        """The message shown ("" when none)."""
        return self.message.text() if not self.message.isHidden() else ""

    def reset(self) -> None:
        """Empty fields and no message: ready for the next staff member."""
        self.login.clear()
        self.password.clear()
        self._answer = None
        self._missing = None
        self.retranslate()

    def entered(self) -> None:
        """Start afresh with the keyboard in the login field."""
        self.reset()
        self.login.setFocus(Qt.FocusReason.OtherFocusReason)

    def left(self) -> None:
        """Nothing typed here stays behind once the station is open."""
        self.password.clear()

    def _login_entered(self) -> None:
        """Enter in the login goes on to an empty password; otherwise it opens the station."""
        if not self.password.text():
            self.password.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.submit()

    def submit(self) -> None:
        """Ask the gate to open the station with the typed credentials."""
        missing = missing_credential(self.login, self.password)
        if missing is not None:
            self._show_missing(*missing)
            return
        login, password = self.login.text(), self.password.text()
        answer = self._gate.open_station(login, password)
        self.password.clear()
        if answer.allowed:
            self.reset()
            self.opened.emit()
            return
        self._answer = answer
        self._missing = None
        self.retranslate()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self._reveal_message()

    def _show_missing(self, message: str, field: QLineEdit) -> None:
        self._answer = None
        self._missing = message
        self.retranslate()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._reveal_message()

    def _reveal_message(self) -> None:
        """Scroll the message into view: at the largest text the page is taller than a
        station's screen, and the message sits at the bottom of the card.  Once the page is
        laid out again with the message's wrapped height, so on the next turn of the loop."""
        QTimer.singleShot(0, self, self._scroll_to_message)

    def _scroll_to_message(self) -> None:
        scroll = self.findChild(QScrollArea)
        if scroll is not None and self.message.isVisible():
            scroll.ensureWidgetVisible(self.message)

    # -- texts ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("The station is closed"))
        set_text(
            self.waiting,
            _("Candidates: please wait, the testing staff will open this station."),
        )
        set_text(
            self.explanation,
            _("An operator or an administrator opens the station with their login and password."),
        )
        set_text(self.login_caption, _("Login"))
        self.login.setAccessibleName(_("Login"))
        set_text(self.password_caption, _("Password"))
        self.password.setAccessibleName(_("Password"))
        set_text(self.open_button, _("Open the station"))
        if self._missing is not None:
            text = _(self._missing)
        elif self._answer is not None:
            text = answer_text(self._answer, _, opening=True)
        else:
            text = ""
        self.message.set_message(text)
