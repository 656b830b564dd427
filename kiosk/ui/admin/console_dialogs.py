"""The proctor's dialogs: resume a station, extra time, an incident, and a yes/no confirmation.

Each is a :class:`~kiosk.ui.admin.browser.DialogOverlay` drawn over the console, with our own
translated buttons (Qt has no Kyrgyz ones).  A decision that changes a candidate's time or records
an incident is written into the session's record with a reason, so those dialogs keep OK disabled
until a reason is written (the service refuses a blank one too).  A dialog remembers the seat it
was opened for: the table behind it keeps refreshing, but the decision is about that candidate.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from kiosk.domain.timing import split_duration
from kiosk.services.session_views import MAX_GRANT_S, IncidentKind, SeatState, SeatView
from kiosk.ui.admin.browser import DialogOverlay
from kiosk.ui.widgets import label, set_text
from translations import N_, Gettext

#: The most minutes one decision may add (the service refuses more at once).
MAX_MINUTES = MAX_GRANT_S // 60
#: Extra time offered at first.
DEFAULT_EXTRA_MINUTES = 10
#: How each incident kind is called on screen, in the order the combo lists them.
INCIDENT_KIND_NAMES: dict[IncidentKind, str] = {
    IncidentKind.POWER: N_("Power cut"),
    IncidentKind.EQUIPMENT: N_("Equipment failure"),
    IncidentKind.ILLNESS: N_("Candidate unwell"),
    IncidentKind.MISCONDUCT: N_("Breach of the rules"),
    IncidentKind.OTHER: N_("Other"),
}
#: Said inside a dialog when OK is pressed without a reason (the button is disabled, but Enter in
#: a field could still reach it).
REASON_NEEDED = N_("Write the reason: it goes into the session's record.")


def duration_text(seconds: float, _: Gettext) -> str:
    """A duration in words: "2 min 05 s", "45 s"."""
    whole = max(0, math.ceil(seconds))
    minutes, secs = divmod(whole, 60)
    if minutes == 0:
        return _("{seconds} s").format(seconds=secs)
    return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=f"{secs:02d}")


def reason_field(name: str) -> tuple[QLabel, QPlainTextEdit]:
    """A caption and a few lines for a required reason; Tab leaves the field."""
    caption = label("fieldCaption", wrap=False)
    field = QPlainTextEdit(objectName=name)
    field.setTabChangesFocus(True)
    field.setFixedHeight(field.fontMetrics().lineSpacing() * 3 + 24)
    caption.setBuddy(field)
    return caption, field


def minutes_box(name: str, value: int) -> QSpinBox:
    """A spin box of whole minutes, 1 to :data:`MAX_MINUTES`."""
    box = QSpinBox(objectName=name)
    box.setRange(1, MAX_MINUTES)
    box.setValue(value)
    box.setAccelerated(True)
    return box


class ReasonDialog(DialogOverlay):
    """A dialog whose OK waits for a written reason."""

    def __init__(self, page: QWidget, behind: QWidget, name: str) -> None:
        super().__init__(page, behind, name)
        self.seat: SeatView | None = None
        self.reason_caption, self.reason = reason_field(f"{name}Reason")
        self.reason.textChanged.connect(self._update_ok)

    def reason_text(self) -> str:
        """The reason as written, without surrounding blanks."""
        return self.reason.toPlainText().strip()

    def _ready(self) -> bool:
        return bool(self.reason_text())

    def _update_ok(self) -> None:
        self.ok.setEnabled(self._ready())
        if self._ready():
            self.error.set_message("")

    def _start(self, seat: SeatView | None) -> None:
        self.seat = seat
        self.reason.clear()
        self._update_ok()


class SeatReasonDialog(ReasonDialog):
    """A reasoned decision about one seated candidate: a title and a message about the seat,
    the decision's own fields, then the reason."""

    def _present_for(self, _: Gettext, focus: QWidget) -> None:
        title, message = self._texts(_)
        self.present(title, _("OK"), _("Cancel"), message=message, focus=focus)
        self._draw_fields(_)
        self._update_ok()

    def retranslate(self, _: Gettext) -> None:
        """Redraw the open dialog's texts in another language."""
        title, message = self._texts(_)
        self.retexts(title, _("OK"), _("Cancel"), message)
        self._draw_fields(_)

    def _texts(self, _: Gettext) -> tuple[str, str]:
        """The title and the message about :attr:`seat` (subclasses)."""
        return "", ""

    def _draw_fields(self, _: Gettext) -> None:
        set_text(self.reason_caption, _("Reason (required)"))
        self.reason.setAccessibleName(_("Reason"))


class ResumeDialog(SeatReasonDialog):
    """Resume a silent station: add no time, or give back minutes; a reason.

    The test's time runs only while a station runs it, so the silence itself cost the candidate
    nothing: "add no time" is chosen at first, and the minutes offered for giving back are the
    silence rounded up, for a disturbance the proctor judges worth them.
    """

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "resumeDialog")
        self.no_time = QRadioButton(objectName="resumeNoTime")
        self.give_back = QRadioButton(objectName="resumeGiveBack")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.no_time)
        self.choice.addButton(self.give_back)
        self.minutes = minutes_box("resumeMinutes", 1)
        self.minutes_caption = label(wrap=False)
        self.minutes_caption.setBuddy(self.minutes)
        give_row = QHBoxLayout()
        give_row.setSpacing(10)
        give_row.addWidget(self.give_back)
        give_row.addWidget(self.minutes)
        give_row.addWidget(self.minutes_caption)
        give_row.addStretch(1)
        self.fields.addWidget(self.no_time)
        self.fields.addLayout(give_row)
        self.fields.addWidget(self.reason_caption)
        self.fields.addWidget(self.reason)
        self.give_back.toggled.connect(self.minutes.setEnabled)
        self.give_back.toggled.connect(self._update_ok)
        self.no_time.toggled.connect(self._update_ok)

    def open_for(self, seat: SeatView, _: Gettext) -> None:
        """Show the dialog for ``seat``."""
        self._start(seat)
        lost = seat.silent_s or 0.0
        self.minutes.setValue(max(1, min(MAX_MINUTES, math.ceil(lost / 60))))
        self.no_time.setChecked(True)
        self.minutes.setEnabled(False)
        self._present_for(_, self.reason)

    def add_seconds(self) -> int:
        """The time the decision adds: 0, or the minutes given back."""
        return self.minutes.value() * 60 if self.give_back.isChecked() else 0

    def _texts(self, _: Gettext) -> tuple[str, str]:
        seat = self.seat
        if seat is None:
            return "", ""
        title = _("Resume the station: {candidate}").format(candidate=seat.candidate_name)
        station = seat.station or "—"
        if seat.state is SeatState.SILENT and seat.silent_s is not None:
            silence = _("Station {station} has not been heard from for {duration}.").format(
                station=station, duration=duration_text(seat.silent_s, _)
            )
        else:
            silence = _("Station {station} is working.").format(station=station)
        return title, "\n".join(
            (
                silence,
                _("The test's time runs only while a station runs it: the silence cost no time."),
                _("The candidate goes on from where they stopped; the answers given are kept."),
            )
        )

    def _draw_fields(self, _: Gettext) -> None:
        set_text(self.no_time, _("Add no time"))
        set_text(self.give_back, _("Give back"))
        set_text(self.minutes_caption, _("min"))
        self.minutes.setAccessibleName(_("Minutes given back"))
        super()._draw_fields(_)

    def _ready(self) -> bool:
        chosen = self.no_time.isChecked() or self.give_back.isChecked()
        return chosen and super()._ready()


class ExtraTimeDialog(SeatReasonDialog):
    """Give a candidate in the test extra minutes, with the reason."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "extraTimeDialog")
        self.minutes = minutes_box("extraMinutes", DEFAULT_EXTRA_MINUTES)
        self.minutes_caption = label("fieldCaption", wrap=False)
        self.minutes_caption.setBuddy(self.minutes)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.minutes_caption)
        row.addWidget(self.minutes)
        row.addStretch(1)
        self.fields.addLayout(row)
        self.fields.addWidget(self.reason_caption)
        self.fields.addWidget(self.reason)

    def open_for(self, seat: SeatView, _: Gettext) -> None:
        """Show the dialog for ``seat``."""
        self._start(seat)
        self.minutes.setValue(DEFAULT_EXTRA_MINUTES)
        self._present_for(_, self.minutes)

    def seconds(self) -> int:
        """The extra time entered."""
        return self.minutes.value() * 60

    def _texts(self, _: Gettext) -> tuple[str, str]:
        seat = self.seat
        if seat is None:
            return "", ""
        title = _("Extra time: {candidate}").format(candidate=seat.candidate_name)
        left = seat.remaining_s
        message = (
            _("Time left now: {time}.").format(time=clock_text(left)) if left is not None else ""
        )
        return title, message

    def _draw_fields(self, _: Gettext) -> None:
        set_text(self.minutes_caption, _("Minutes to add"))
        self.minutes.setSuffix(" " + _("min"))
        super()._draw_fields(_)


class CodeEntryDialog(SeatReasonDialog):
    """Resume code entry after too many wrong codes; the reason says what was found."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "codeEntryDialog")
        self.failed_codes = 0
        self.fields.addWidget(self.reason_caption)
        self.fields.addWidget(self.reason)

    def open_for(self, failed_codes: int, _: Gettext) -> None:
        """Open for the session's count of wrong codes."""
        self._start(None)
        self.failed_codes = failed_codes
        self._present_for(_, self.reason)

    def _texts(self, _: Gettext) -> tuple[str, str]:
        return _("Resume code entry"), _(
            "Code entry was suspended on every station after {count} wrong codes. Before "
            "resuming, find out who has been typing them; then say what you found."
        ).format(count=self.failed_codes)


class IncidentDialog(ReasonDialog):
    """Record an incident: about the chosen candidate or the whole room, its kind, what happened."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "incidentDialog")
        self.about = QComboBox(objectName="incidentAbout")
        self.kind = QComboBox(objectName="incidentKind")
        self.about_caption = label("fieldCaption", wrap=False)
        self.about_caption.setBuddy(self.about)
        self.kind_caption = label("fieldCaption", wrap=False)
        self.kind_caption.setBuddy(self.kind)
        for caption, widget in ((self.about_caption, self.about), (self.kind_caption, self.kind)):
            self.fields.addWidget(caption)
            self.fields.addWidget(widget)
        self.fields.addWidget(self.reason_caption)
        self.fields.addWidget(self.reason)

    def open_for(self, seat: SeatView | None, _: Gettext) -> None:
        """Show the dialog about ``seat``'s candidate, or about the whole room when None."""
        self._start(seat)
        self._draw_fields(_, about=1 if seat is None else 0, kind=0)
        self.present(_("Record an incident"), _("OK"), _("Cancel"), focus=self.kind)
        self._update_ok()

    def registration_id(self) -> int | None:
        """Whose incident it is: the candidate's registration, or None for the whole room."""
        if self.seat is None or self.about.currentIndex() != 0:
            return None
        return self.seat.registration_id

    def incident_kind(self) -> IncidentKind:
        """The kind chosen."""
        return list(INCIDENT_KIND_NAMES)[max(0, self.kind.currentIndex())]

    def retranslate(self, _: Gettext) -> None:
        """Redraw the open dialog's texts in another language, keeping the choices."""
        self.retexts(_("Record an incident"), _("OK"), _("Cancel"))
        self._draw_fields(_, self.about.currentIndex(), self.kind.currentIndex())

    def _draw_fields(self, _: Gettext, about: int, kind: int) -> None:
        set_text(self.about_caption, _("About"))
        set_text(self.kind_caption, _("Kind of incident"))
        set_text(self.reason_caption, _("Description (required)"))
        self.reason.setAccessibleName(_("Description"))
        self.about.setAccessibleName(_("About"))
        self.kind.setAccessibleName(_("Kind of incident"))
        choices = [_("The whole room")]
        if self.seat is not None:
            choices.insert(0, self.seat.candidate_name)
        self.about.clear()
        self.about.addItems(choices)
        self.about.setCurrentIndex(min(about, len(choices) - 1))
        self.kind.clear()
        self.kind.addItems([_(name) for name in INCIDENT_KIND_NAMES.values()])
        self.kind.setCurrentIndex(kind)


class ConfirmDialog(DialogOverlay):
    """A yes/no question ("No" has the keyboard first: a stray Enter changes nothing)."""

    def __init__(self, page: QWidget, behind: QWidget, name: str) -> None:
        super().__init__(page, behind, name)
        self.seat: SeatView | None = None

    def ask(self, seat: SeatView | None, title: str, message: str, _: Gettext) -> None:
        """Ask ``title`` / ``message`` about ``seat`` (None: about the session)."""
        self.seat = seat
        self.present(title, _("Yes"), _("No"), message=message)
        self.cancel.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self, title: str, message: str, _: Gettext) -> None:
        """Redraw the open question in another language."""
        self.retexts(title, _("Yes"), _("No"), message)


def clock_text(seconds: float) -> str:
    """A time left as ``1:23:45``, rounded up as the candidate's own clock shows it."""
    hours, minutes, secs = split_duration(seconds)
    return f"{hours}:{minutes:02d}:{secs:02d}"
