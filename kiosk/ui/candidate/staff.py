""" "Staff: close the station": an administrator's credentials to close the station or quit.

Opened by the discreet control at the right of the top bar or by the staff key chord
(:data:`~kiosk.ui.candidate.lockdown.STAFF_CHORD`).  Like the other candidate dialogs it is a
panel drawn over the window, never a separate window, which could slip behind a full-screen,
always-on-top station.

It asks for a login and a password and offers "Close the station" (back to the "station
closed" screen, the key forgotten) and "Quit the program"; on the closed screen only the
second.  The gate checks that the account is an administrator's.  While a candidate's test is in
progress a second page asks the administrator to confirm that the test is interrupted (nothing is
lost: the candidate continues later with the same code).  Only then is :attr:`leave` emitted,
with :data:`CLOSE` or :data:`QUIT`; the window does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.ui.candidate.lockdown import answer_text, credential_fields, missing_credential
from kiosk.ui.candidate.ports import GateAnswer, StaffGate
from kiosk.ui.theme import SCALE_STEPS, point_size
from kiosk.ui.widgets import (
    PANEL_MAX_WIDTH,
    MessageBox,
    button,
    center_panel,
    frame,
    label,
    set_text,
)
from translations import Gettext

#: Back to the "station closed" screen.
CLOSE = "close"
#: Quit the program.
QUIT = "quit"


class StaffOverlay(QFrame):
    """The staff's way out of candidate mode; emits :attr:`leave` once authorised."""

    leave = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        behind: Sequence[QWidget],
        gate: StaffGate,
        test_in_progress: Callable[[], bool],
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", "overlay")
        self.setObjectName("staffOverlay")
        self._behind = tuple(behind)
        self._was_enabled: list[bool] = []
        self._gate = gate
        self._in_test = test_in_progress
        self._tr: Gettext = str
        self._station_open = True
        #: The action waiting for the administrator's second confirmation, if any.
        self._pending: str | None = None
        self._answer: GateAnswer | None = None
        self._missing: str | None = None

        self.panel = frame("dialog")
        self.panel.setObjectName("staffPanel")
        self.title = label("heading", name="staffTitle")
        self.explanation = label(name="staffExplanation")
        self.login_caption = label("caption", wrap=False, name="staffLoginCaption")
        self.password_caption = label("caption", wrap=False, name="staffPasswordCaption")
        self.login, self.password = credential_fields("staff")
        self.login_caption.setBuddy(self.login)
        self.password_caption.setBuddy(self.password)
        self.login.returnPressed.connect(self._login_entered)
        self.password.returnPressed.connect(self._password_entered)
        self.message = MessageBox("error", name="staffMessage")
        self.warning = MessageBox("warning", name="staffInterruptNote")

        self.cancel = button(name="staffCancel")
        self.close_button = button(name="staffClose")
        self.quit_button = button(name="staffQuit")
        self.keep = button("primary", name="staffKeepTest")
        self.interrupt = button(name="staffInterrupt")
        for control in (
            self.cancel,
            self.close_button,
            self.quit_button,
            self.keep,
            self.interrupt,
        ):
            control.setProperty("bar", True)
        self.cancel.clicked.connect(self.dismiss)
        self.keep.clicked.connect(self.dismiss)
        self.close_button.clicked.connect(lambda: self.submit(CLOSE))
        self.quit_button.clicked.connect(lambda: self.submit(QUIT))
        self.interrupt.clicked.connect(self._confirmed)

        buttons = QHBoxLayout()
        buttons.setSpacing(18)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.keep)
        buttons.addStretch(1)
        buttons.addWidget(self.interrupt)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.quit_button)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(36, 22, 36, 24)
        inner.setSpacing(8)
        inner.addWidget(self.title)
        inner.addWidget(self.explanation)
        inner.addSpacing(4)
        inner.addWidget(self.login_caption)
        inner.addWidget(self.login)
        inner.addWidget(self.password_caption)
        inner.addWidget(self.password)
        inner.addWidget(self.message)
        inner.addWidget(self.warning)
        inner.addSpacing(6)
        inner.addLayout(buttons)
        center_panel(self, self.panel, (24, 12))  # its width: see _fit

        for first, second in (
            (self.login, self.password),
            (self.password, self.cancel),
            (self.cancel, self.close_button),
            (self.close_button, self.quit_button),
        ):
            QWidget.setTabOrder(first, second)
        parent.installEventFilter(self)
        self.hide()

    # -- what the window asks ------------------------------------------------------------------

    @property
    def confirming(self) -> bool:
        """True while the second page (interrupt the test?) is shown."""
        return self._pending is not None

    @property
    def message_text(self) -> str:
        """The refusal shown ("" when none)."""
        return self.message.text() if not self.message.isHidden() else ""

    def ask(self, _: Gettext, *, station_open: bool) -> None:
        """Show the dialog afresh: empty fields, the keyboard in the login field."""
        self._tr = _
        self._station_open = station_open
        self._pending = None
        self._answer = None
        self._missing = None
        self.login.clear()
        self.password.clear()
        self._show_page()
        self.retranslate(_)
        self._fit()
        if not self.isVisible():
            # Remembered, so that a confirmation shown behind (finishing the test) keeps the
            # widgets it disabled disabled when this dialog goes away.
            self._was_enabled = [widget.isEnabled() for widget in self._behind]
            for widget in self._behind:
                widget.setEnabled(False)
        self.show()
        self.raise_()
        self.login.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        """Hide, forgetting everything typed."""
        self.login.clear()
        self.password.clear()
        self._pending = None
        if self.isVisible():
            self.hide()
            for widget, enabled in zip(self._behind, self._was_enabled, strict=False):
                widget.setEnabled(enabled)

    def submit(self, action: str) -> None:
        """Check the typed credentials for ``action`` (:data:`CLOSE` or :data:`QUIT`)."""
        if not self.isVisible() or self._pending is not None:
            return
        if action == CLOSE and not self._station_open:
            return
        missing = missing_credential(self.login, self.password)
        if missing is not None:
            self._show_missing(*missing)
            return
        login, password = self.login.text(), self.password.text()
        answer = self._gate.authorise_exit(login, password)
        self.password.clear()
        if not answer.allowed:
            self._answer = answer
            self._missing = None
            self.retranslate(self._tr)
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._answer = None
        if self._in_test():
            # An administrator is sure of their credentials, but perhaps not that a candidate
            # is in the middle of the test: ask once more.
            self._pending = action
            self._show_page()
            self.retranslate(self._tr)
            self.keep.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._leave(action)

    def _confirmed(self) -> None:
        action = self._pending
        if action is not None:
            self._leave(action)

    def _leave(self, action: str) -> None:
        self.dismiss()
        self.leave.emit(action)

    def _login_entered(self) -> None:
        """Enter in the login goes on to the password."""
        self.password.setFocus(Qt.FocusReason.TabFocusReason)

    def _password_entered(self) -> None:
        """Enter in the password goes on to the first way out: which one is the staff's choice,
        so no key press alone closes anything."""
        first = self.close_button if self._station_open else self.quit_button
        first.setFocus(Qt.FocusReason.TabFocusReason)

    def _show_missing(self, message: str, field: QLineEdit) -> None:
        self._answer = None
        self._missing = message
        self.retranslate(self._tr)
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- drawing -------------------------------------------------------------------------------

    def _show_page(self) -> None:
        asking = self._pending is None
        for widget in (
            self.explanation,
            self.login_caption,
            self.login,
            self.password_caption,
            self.password,
            self.cancel,
            self.quit_button,
        ):
            widget.setVisible(asking)
        self.close_button.setVisible(asking and self._station_open)
        self.message.setVisible(asking and bool(self.message.text()))
        self.warning.setVisible(not asking)
        self.keep.setVisible(not asking)
        self.interrupt.setVisible(not asking)

    def retranslate(self, _: Gettext) -> None:
        """Draw every text in the interface language (what was typed stays)."""
        self._tr = _
        if self._pending is not None:
            set_text(self.title, _("A candidate's test is in progress"))
            self.warning.set_message(
                _(
                    "Closing the station interrupts it. Nothing is lost: every answer is saved, "
                    "and the candidate continues later with the same code, at the same question, "
                    "with the time that was left."
                )
            )
            set_text(self.keep, _("Do not interrupt"))
            set_text(self.interrupt, _("Interrupt the test"))
            self.message.set_message("")
            self.message.hide()
            return
        if self._station_open:
            set_text(self.title, _("Staff: close the station"))
        else:
            set_text(self.title, _("Staff: quit the program"))
        if self._station_open:
            explanation = _(
                "An administrator's login and password are needed to close the station or to "
                "quit the program."
            )
        else:
            explanation = _("An administrator's login and password are needed to quit the program.")
        set_text(self.explanation, explanation)
        set_text(self.login_caption, _("Login"))
        self.login.setAccessibleName(_("Login"))
        set_text(self.password_caption, _("Password"))
        self.password.setAccessibleName(_("Password"))
        set_text(self.cancel, _("Cancel"))
        set_text(self.close_button, _("Close the station"))
        set_text(self.quit_button, _("Quit the program"))
        if self._missing is not None:
            text = _(self._missing)
        elif self._answer is not None:
            text = answer_text(self._answer, _, opening=False)
        else:
            text = ""
        self.message.set_message(text)
        self.warning.set_message("")

    # -- keys and size -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc leaves the dialog."""
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the parent's size."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def changeEvent(self, event: QEvent) -> None:
        """A new text size: a new measure."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.parentWidget() is not None:
            self._fit()

    def _fit(self) -> None:
        """Cover the parent; the panel's measure grows with the text from the smallest size on,
        so that the three buttons stay on one line however large the text."""
        area = self.parentWidget().rect()
        self.setGeometry(area)
        smallest = point_size(SCALE_STEPS[0])
        measure = PANEL_MAX_WIDTH * max(1.0, self.font().pointSizeF() / smallest)
        self.panel.setFixedWidth(max(320, min(round(measure), area.width() - 60)))
