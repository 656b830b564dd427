"""The candidates of a competition and its sessions: registering applications, seating candidates
and issuing their login codes.

:class:`CandidatesPage` lists the chosen competition's candidates in Kyrgyz alphabetical order
(name, the last digits of the personal number, admitted / not admitted with the reason /
withdrawn).  "Register candidate" takes what the operator types from the documents: the personal
number is checked as it is typed and its fault named in words; the signed consent to processing
personal data (Annex 3) must be ticked; a candidate not admitted at stage 1 needs the reason.  A
person below the threshold within the re-entry ban is refused with the date from which they may
apply (cl. 28).

:class:`SessionsPage` lists the competition's sessions and who is seated in the chosen one.
"Seat candidates and issue codes" seats the ticked admitted candidates not seated yet; their
codes exist in clear only at that moment (the database keeps digests), so the page offers to
save the slips at once and, until they are saved, warns that leaving means reissuing the codes.
"Reissue code" replaces one lost slip (the old code stops working).  The registration sheet
and the observers present complete the session's papers.

Both pages offer only what the actor's roles allow; service refusals are shown as messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTableWidgetItem,
    QTimeEdit,
    QWidget,
)

from kiosk.domain.candidates import InvalidPin, PinProblem, kyrgyz_sort_key, validate_pin
from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.competition_views import (
    ADMITTED,
    MAIN,
    NOT_ADMITTED,
    TIE_BREAK,
    WITHDRAWN,
    Application,
    ApplicationRefused,
    CandidateView,
    CompetitionView,
    IssuedCode,
    RegistrationRefused,
    SessionPlan,
)
from kiosk.services.session_views import ConsoleView, SeatState, SeatView, SessionChoice
from kiosk.services.views import in_language
from kiosk.ui.admin.browser import (
    DialogOverlay,
    message_box,
    not_permitted_message,
    readonly_table,
)
from kiosk.ui.admin.competition_ports import Competitions, ExamSessions
from kiosk.ui.admin.competitions import NO_VALUE, CompetitionPicker, format_day
from kiosk.ui.admin.console import STATE_NAMES
from kiosk.ui.admin.exchange import ChooseSavePath, dialog_choose_save_path
from kiosk.ui.admin.page_parts import (
    Message,
    MessagePage,
    chosen_row,
    content_column,
    message_text,
    messages_text,
)
from kiosk.ui.admin.ports import Proctor
from kiosk.ui.theme import NORMAL, Theme
from kiosk.ui.widgets import button, label, set_text
from translations import DEFAULT_LANGUAGE, N_, Translator

#: Saves a document's bytes where the user says: (parent, caption, suggested name, data) → the
#: file written, or None when the user cancelled.  Tests pass a function that answers at once.
SaveFile = Callable[[QWidget, str, str, bytes], Path | None]

PDF_FILTER = "PDF (*.pdf)"

# -- the candidates' statuses and the refusals, in words -----------------------------------------

CANDIDATE_STATUS: dict[str, str] = {
    ADMITTED: N_("Admitted"),
    NOT_ADMITTED: N_("Not admitted: {reason}"),
    WITHDRAWN: N_("Withdrew from the competition"),
}
PIN_PROBLEMS: dict[PinProblem, str] = {
    PinProblem.LENGTH: N_("A personal number has 14 digits; {count} typed."),
    PinProblem.DIGITS: N_("A personal number holds digits only."),
    PinProblem.SEX: N_("A personal number starts with 1 (a woman) or 2 (a man)."),
    PinProblem.BIRTH_DATE: N_(
        "Digits 2 to 9 of a personal number are the birth date (DDMMYYYY): these are not one."
    ),
}
PIN_GOOD = N_("✓ The personal number is well-formed.")
NAME_MISSING = N_("Write the candidate's full name.")
CONSENT_MISSING = N_(
    "Tick the consent: without the signed consent to processing personal data (Annex 3) the "
    "application cannot be registered."
)
REASON_MISSING = N_("Write why the candidate is not admitted.")
APPLICATION_REFUSED: dict[str, str] = {
    "name": NAME_MISSING,
    "consent": CONSENT_MISSING,
    "reason": REASON_MISSING,
    "duplicate": N_("This person is already registered in this competition."),
    "reentry": N_(
        "Refused: this person scored below the threshold and may take part again only from "
        "{date} (cl. 28)."
    ),
}
REGISTERED = N_("Registered: {name}.")
WITHDRAWN_NOTICE = N_("Recorded: {name} withdrew from the competition.")
CANDIDATE_GONE = N_("This candidate no longer exists.")
NOT_PERMITTED_CANDIDATES = N_(
    "Your account's roles do not allow this: an operator or an administrator registers "
    "candidates and runs sessions."
)

CANDIDATE_COLUMNS = ("number", "name", "pin", "status")
CANDIDATE_HEADERS: dict[str, str] = {
    "number": N_("No."),
    "name": N_("Full name"),
    "pin": N_("Personal number"),
    "status": N_("Status"),
}

# -- sessions ---------------------------------------------------------------------------------

SESSION_KINDS: dict[str, str] = {MAIN: N_("Main test"), TIE_BREAK: N_("Tie-break test")}
SESSION_COLUMNS = ("date", "shift", "place", "kind", "candidates", "state")
SESSION_HEADERS: dict[str, str] = {
    "date": N_("Date"),
    "shift": N_("Shift"),
    "place": N_("Testing place"),
    "kind": N_("Test"),
    "candidates": N_("Candidates"),
    "state": N_("State"),
}
SEAT_COLUMNS = ("number", "name", "state")
SEAT_HEADERS: dict[str, str] = {
    "number": N_("No."),
    "name": N_("Full name"),
    "state": N_("State"),
}
REGISTRATION_REFUSED: dict[str, str] = {
    "terms_not_approved": N_(
        "The competition's form and threshold are not approved yet: sessions are scheduled "
        "only after the approval (cl. 22)."
    ),
    "other_competition": N_("A candidate of another competition cannot sit this session."),
    NOT_ADMITTED: N_("{candidate} was not admitted at stage 1 and cannot be seated."),
    WITHDRAWN: N_("{candidate} withdrew from the competition and cannot be seated."),
    "already_registered": N_("{candidate} already has a seat in this competition's test."),
    "started": N_(
        "{candidate} has already started the test: the code cannot be replaced any more."
    ),
}
REFUSED_OTHER = N_("The service refused: {reason}.")
PLACE_MISSING = N_("Write the place in Kyrgyz and in Russian.")
NOBODY_CHOSEN = N_("Tick at least one candidate.")
SESSION_CREATED = N_("The session of {date}, shift {shift}, was scheduled.")
SESSION_GONE = N_("This session no longer exists.")
UNSAVED_SLIPS = N_(
    "{count} new codes are not saved: the codes exist only in this window until their slips "
    "are saved. If you leave without saving, the codes must be reissued."
)
SLIPS_SAVED = N_("Code slips saved ({count}): {path}")
SHEET_SAVED = N_("The registration sheet was saved: {path}")
NOT_WRITTEN = N_("The file could not be written: {problem}")
OBSERVERS_RECORDED = N_("Observers recorded: {count}.")


def pin_problem_message(problem: InvalidPin, typed: str) -> Message:
    """What is wrong with a typed personal number, as a message with its values."""
    digits = "".join(typed.split())
    return (PIN_PROBLEMS[problem.reason], {"count": len(digits)})


def application_refused_message(refusal: ApplicationRefused) -> Message:
    """A refused application in words (the re-entry refusal with its date)."""
    text = APPLICATION_REFUSED.get(refusal.reason, REFUSED_OTHER)
    reapply_on = refusal.reapply_on
    day = format_day(reapply_on) if isinstance(reapply_on, date) else str(reapply_on)
    return (text, {"date": day, "reason": refusal.reason})


def registration_refused_message(refusal: RegistrationRefused) -> Message:
    """A refused seating, session or reissue in words."""
    text = REGISTRATION_REFUSED.get(refusal.reason, REFUSED_OTHER)
    return (text, {"candidate": refusal.candidate, "reason": refusal.reason})


def not_permitted(refusal: NotPermitted) -> Message:
    """What to say when the service refused the actor."""
    if refusal.permission in (
        Permission.REGISTER_CANDIDATES,
        Permission.MANAGE_SESSIONS,
        Permission.ISSUE_CODES,
        Permission.PROCTOR,
    ):
        return (NOT_PERMITTED_CANDIDATES, {})
    return (not_permitted_message(refusal), {})


def candidate_status(view: CandidateView, _: Translator) -> str:
    """A candidate's status in words, with the reason when not admitted."""
    text = CANDIDATE_STATUS.get(view.status)
    if text is None:
        return view.status
    return _(text).format(reason=view.reason or NO_VALUE)


def application_problems(
    full_name: str, pin: str, consent: bool, admitted: bool, reason: str, today: date
) -> list[Message]:
    """What is wrong with an application form (empty when it may be sent); the service checks
    the same rules again."""
    found: list[Message] = []
    if not full_name.strip():
        found.append((NAME_MISSING, {}))
    try:
        validate_pin(pin, today=today)
    except InvalidPin as problem:
        found.append(pin_problem_message(problem, pin))
    if not consent:
        found.append((CONSENT_MISSING, {}))
    if not admitted and not reason.strip():
        found.append((REASON_MISSING, {}))
    return found


def file_saver(choose_save_path: ChooseSavePath = dialog_choose_save_path) -> SaveFile:
    """A :data:`SaveFile` that asks where with ``choose_save_path`` and writes the bytes there."""

    def save(parent: QWidget, caption_text: str, suggested: str, data: bytes) -> Path | None:
        path = choose_save_path(parent, caption_text, suggested, PDF_FILTER)
        if path is None:
            return None
        path.write_bytes(data)
        return path

    return save


# -- the candidates page ------------------------------------------------------------------------


class ApplicationDialog(DialogOverlay):
    """An application as typed from the documents, with the stage-1 decision."""

    def __init__(
        self, page: QWidget, behind: QWidget, today: Callable[[], date], theme: Theme = NORMAL
    ) -> None:
        super().__init__(page, behind, "applicationDialog")
        self._today = today
        self._theme = theme
        self._tr: Translator | None = None
        self._captions: dict[str, QLabel] = {}
        self.full_name = QLineEdit(objectName="candidateName")
        self.pin = QLineEdit(objectName="candidatePin")
        self.pin.setMaxLength(24)
        self.pin_state = label(name="pinState")
        self.phone = QLineEdit(objectName="candidatePhone")
        self.email = QLineEdit(objectName="candidateEmail")
        self.consent = QCheckBox(objectName="consent")
        self.admitted = QRadioButton(objectName="admitted")
        self.not_admitted = QRadioButton(objectName="notAdmitted")
        self.decision = QButtonGroup(self)
        self.decision.addButton(self.admitted)
        self.decision.addButton(self.not_admitted)
        self.reason = QLineEdit(objectName="admissionReason")
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        rows: list[tuple[str, QWidget]] = [
            ("name", self.full_name),
            ("pin", self.pin),
            ("", self.pin_state),
            ("phone", self.phone),
            ("email", self.email),
        ]
        for row, (key, widget) in enumerate(rows):
            if key:
                caption = label("fieldCaption", wrap=False)
                caption.setBuddy(widget)
                self._captions[key] = caption
                grid.addWidget(caption, row, 0)
            grid.addWidget(widget, row, 1)
        grid.setColumnStretch(1, 1)
        self.fields.addLayout(grid)
        self.fields.addWidget(self.consent)
        self.decision_caption = label("fieldCaption", wrap=False)
        self.fields.addWidget(self.decision_caption)
        choice = QHBoxLayout()
        choice.setSpacing(18)
        choice.addWidget(self.admitted)
        choice.addWidget(self.not_admitted)
        choice.addStretch(1)
        self.fields.addLayout(choice)
        self.reason_caption = label("fieldCaption", wrap=False)
        self.reason_caption.setBuddy(self.reason)
        self.fields.addWidget(self.reason_caption)
        self.fields.addWidget(self.reason)
        self.pin.textChanged.connect(self.draw_pin)
        self.admitted.toggled.connect(self._decision_changed)

    def reset(self) -> None:
        """Empty the form; admitted is the usual decision."""
        for edit in (self.full_name, self.pin, self.phone, self.email, self.reason):
            edit.clear()
        self.consent.setChecked(False)
        self.admitted.setChecked(True)
        self._decision_changed()

    def application(self) -> Application:
        """The application as typed."""
        return Application(
            full_name=self.full_name.text(),
            pin=self.pin.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            consent=self.consent.isChecked(),
            admitted=self.admitted.isChecked(),
            reason="" if self.admitted.isChecked() else self.reason.text(),
        )

    def problems(self) -> list[Message]:
        """What is wrong with the form now."""
        form = self.application()
        return application_problems(
            form.full_name, form.pin, form.consent, form.admitted, form.reason, self._today()
        )

    def _decision_changed(self) -> None:
        not_admitted = not self.admitted.isChecked()
        self.reason.setEnabled(not_admitted)
        self.reason_caption.setEnabled(not_admitted)

    @property
    def pin_message(self) -> str:
        """What the form says about the personal number typed ("" before anything is typed)."""
        return self.pin_state.text()

    def draw_pin(self) -> None:
        """Say at once what is wrong with the personal number typed (nothing while empty)."""
        if self._tr is None:
            return
        typed = self.pin.text()
        text, bad = "", False
        if typed.strip():
            try:
                validate_pin(typed, today=self._today())
            except InvalidPin as problem:
                text, bad = message_text(pin_problem_message(problem, typed), self._tr), True
            else:
                text = self._tr(PIN_GOOD)
        set_text(self.pin_state, text)
        self.pin_state.setVisible(bool(text))
        colour = self._theme.error_text if bad else self._theme.good_text
        self.pin_state.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")

    def retranslate(self, _: Translator) -> None:
        """Redraw the form's texts in the interface language."""
        self._tr = _
        captions = {
            "name": _("Full name"),
            "pin": _("Personal number (14 digits)"),
            "phone": _("Phone"),
            "email": _("E-mail"),
        }
        for key, text in captions.items():
            set_text(self._captions[key], text)
        self.full_name.setAccessibleName(captions["name"])
        self.pin.setAccessibleName(captions["pin"])
        self.phone.setAccessibleName(captions["phone"])
        self.email.setAccessibleName(captions["email"])
        self.consent.setText(_("Consent to processing personal data received (Annex 3)"))
        set_text(self.decision_caption, _("Stage 1 decision (document expertise)"))
        self.admitted.setText(_("Admitted to the test"))
        self.not_admitted.setText(_("Not admitted"))
        set_text(self.reason_caption, _("Reason for not admitting"))
        self.reason.setAccessibleName(_("Reason for not admitting"))
        self.draw_pin()


class CompetitionBoundPage(MessagePage):
    """A page about one competition, chosen in its :attr:`picker`: the candidates and the
    sessions pages.  Subclasses read what they show of it in :meth:`_load`."""

    def __init__(
        self,
        competitions: Competitions,
        actor: Actor,
        translator: Translator,
        parent: QWidget | None = None,
        *,
        name: str,
    ) -> None:
        super().__init__(translator, parent, name=name)
        self._competitions = competitions
        self._actor = actor
        self.picker = CompetitionPicker(f"{name}Competition")
        self.picker.chosen.connect(self._competition_changed)

    @property
    def competition(self) -> CompetitionView | None:
        """The competition whose candidates or sessions are shown."""
        return self.picker.current

    def refresh(self) -> None:
        """Reload the competitions and what the page shows of the chosen one."""
        try:
            self.picker.set_competitions(self._competitions.competitions(self._actor), self._tr)
        except NotPermitted as refusal:
            self._error = not_permitted(refusal)
        self._load()

    def select_competition(self, competition_id: int) -> None:
        """Show the competition ``competition_id`` (reloading the list when it is new)."""
        if not self.picker.select(competition_id):
            self.refresh()
            self.picker.select(competition_id)

    def _competition_changed(self, _competition_id: int) -> None:
        self._error = self._notice = None
        self._load()

    def _load(self) -> None:
        """Read and draw what the page shows of the chosen competition."""
        raise NotImplementedError

    def _refused_in(
        self,
        dialog: DialogOverlay,
        refusal: RegistrationRefused | ApplicationRefused | NotPermitted,
    ) -> None:
        """Say in ``dialog`` why the service refused what it asked (it stays open)."""
        if isinstance(refusal, RegistrationRefused):
            message = registration_refused_message(refusal)
        elif isinstance(refusal, ApplicationRefused):
            message = application_refused_message(refusal)
        else:
            message = not_permitted(refusal)
        dialog.show_error(message_text(message, self._tr))


class CandidatesPage(CompetitionBoundPage):
    """The chosen competition's candidates; register an application, record a withdrawal.

    ``now`` gives the moment against which a personal number's birth date is checked (tests pass
    the kiosk's fake clock); ``timezone`` says which day that is.
    """

    def __init__(
        self,
        competitions: Competitions,
        actor: Actor,
        translator_factory: Callable[[str], Translator],
        timezone: tzinfo | None,
        parent: QWidget | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(
            competitions, actor, translator_factory(language), parent, name="candidates"
        )
        self.setObjectName("candidatesPage")
        self._translator_factory = translator_factory
        self._timezone = timezone
        self._now = now
        self._views: list[CandidateView] = []
        may_register = actor.may(Permission.REGISTER_CANDIDATES)

        self.content, column = content_column(self)
        self.title = label("pageTitle", wrap=False, name="candidatesTitle")
        self.count = label("muted", wrap=False, name="candidatesCount")
        self.table = readonly_table("candidatesTable")
        self.table.setColumnCount(len(CANDIDATE_COLUMNS))
        self.register_button = button("primary", name="registerCandidate")
        self.withdraw_button = button("danger", name="withdrawCandidate")
        for widget in (self.register_button, self.withdraw_button):
            widget.setVisible(may_register)

        actions = QHBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(self.register_button)
        actions.addWidget(self.withdraw_button)
        actions.addStretch(1)
        actions.addWidget(self.count)
        column.addWidget(self.title)
        column.addWidget(self.picker)
        column.addLayout(actions)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addWidget(self.table, 1)

        self.dialog = ApplicationDialog(self, self.content, self._today)
        self.withdraw_dialog = DialogOverlay(self, self.content, "withdrawDialog")
        self.withdraw_reason = QLineEdit(objectName="withdrawReason")
        self.withdraw_dialog.fields.addWidget(self.withdraw_reason)
        self._withdrawing: CandidateView | None = None
        self.register_button.clicked.connect(self.open_registration)
        self.withdraw_button.clicked.connect(self.ask_withdraw)
        self.dialog.accepted.connect(self.register)
        self.withdraw_dialog.accepted.connect(self.withdraw)
        self.table.currentCellChanged.connect(lambda *_args: self._draw_buttons())
        self.retranslate()
        self.refresh()

    def _today(self) -> date:
        return self._now().astimezone(self._timezone).date()

    # -- reading -------------------------------------------------------------------------------

    @property
    def candidates(self) -> list[CandidateView]:
        """The candidates as listed (Kyrgyz alphabetical order)."""
        return list(self._views)

    @property
    def current(self) -> CandidateView | None:
        """The candidate chosen in the list."""
        return chosen_row(self.table, self._views)

    def select_candidate(self, candidate_id: int) -> None:
        """Choose the candidate ``candidate_id`` in the list."""
        ids = [view.id for view in self._views]
        self.table.selectRow(ids.index(candidate_id))

    def _load(self) -> None:
        keep = self.current.id if self.current else None
        competition = self.picker.current
        self._views = []
        if competition is not None:
            try:
                self._views = self._competitions.candidates(self._actor, competition.id)
            except NotPermitted as refusal:
                self._error = not_permitted(refusal)
        self._draw_table()
        ids = [view.id for view in self._views]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
        self._draw_buttons()
        self._draw_messages()

    # -- registering ---------------------------------------------------------------------------

    def open_registration(self) -> None:
        """Open an empty application form."""
        if self.competition is None:
            return
        _ = self._tr
        self.dialog.reset()
        self.dialog.retranslate(self._tr)
        self.dialog.present(
            _("Register candidate"), _("Register"), _("Cancel"), focus=self.dialog.full_name
        )

    def register(self) -> int | None:
        """Register the application in the form; the candidate's id, or None with the reasons."""
        _ = self._tr
        competition = self.competition
        if competition is None:
            return None
        problems = self.dialog.problems()
        if problems:
            self.dialog.show_error(messages_text(problems, _))
            return None
        form = self.dialog.application()
        try:
            candidate_id = self._competitions.add_candidate(self._actor, competition.id, form)
        except InvalidPin as problem:
            self.dialog.show_error(message_text(pin_problem_message(problem, form.pin), _))
            return None
        except (ApplicationRefused, NotPermitted) as refusal:
            self._refused_in(self.dialog, refusal)
            return None
        self.dialog.close_dialog()
        self._error = None
        self._notice = (REGISTERED, {"name": " ".join(form.full_name.split())})
        self._load()
        self.select_candidate(candidate_id)
        self.changed.emit()
        return candidate_id

    # -- withdrawing ---------------------------------------------------------------------------

    def ask_withdraw(self) -> None:
        """Ask to confirm the chosen candidate's withdrawal."""
        view = self.current
        if view is None or view.status == WITHDRAWN:
            return
        self._withdrawing = view
        self.withdraw_reason.clear()
        title, message = self._withdraw_texts()
        _ = self._tr
        self.withdraw_dialog.present(title, _("Yes, withdraws"), _("No"), message=message)

    def _withdraw_texts(self) -> tuple[str, str]:
        _ = self._tr
        view = self._withdrawing
        name = view.full_name if view else ""
        self.withdraw_reason.setPlaceholderText(_("Reason, if the candidate gave one"))
        self.withdraw_reason.setAccessibleName(_("Reason for withdrawing"))
        return _("Withdraw candidate"), _(
            "{name} withdraws from the competition: they cannot be seated any more and are "
            "listed as withdrawn in the results. Record the withdrawal?"
        ).format(name=name)

    def withdraw(self) -> bool:
        """Record the withdrawal asked about; True when it was recorded."""
        view = self._withdrawing
        if view is None:
            return False
        try:
            self._competitions.withdraw(self._actor, view.id, self.withdraw_reason.text().strip())
        except NotPermitted as refusal:
            self._refused_in(self.withdraw_dialog, refusal)
            return False
        except LookupError:
            self._error, self._notice = (CANDIDATE_GONE, {}), None
        else:
            self._error, self._notice = None, (WITHDRAWN_NOTICE, {"name": view.full_name})
        self.withdraw_dialog.close_dialog()
        self._withdrawing = None
        self._load()
        self.changed.emit()
        return True

    # -- drawing -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Candidates"))
        self.picker.retranslate(self._tr)
        set_text(self.register_button, _("Register candidate…"))
        set_text(self.withdraw_button, _("Withdraw…"))
        self.table.setHorizontalHeaderLabels(
            [_(CANDIDATE_HEADERS[column]) for column in CANDIDATE_COLUMNS]
        )
        self.table.setAccessibleName(_("Candidates"))
        self.dialog.retranslate(self._tr)
        if self.dialog.isVisible():
            self.dialog.retexts(_("Register candidate"), _("Register"), _("Cancel"))
        if self.withdraw_dialog.isVisible():
            title, message = self._withdraw_texts()
            self.withdraw_dialog.retexts(title, _("Yes, withdraws"), _("No"), message)
        self._draw_table()
        self._draw_messages()

    def _draw_table(self) -> None:
        _ = self._tr
        self.table.setRowCount(len(self._views))
        for row, view in enumerate(self._views):
            cells = (
                str(row + 1),
                view.full_name,
                f"…{view.pin_tail}",
                candidate_status(view, self._tr),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in (0, 2):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)
        admitted = sum(1 for view in self._views if view.status == ADMITTED)
        set_text(
            self.count,
            _("Candidates: {total}, admitted: {admitted}").format(
                total=len(self._views), admitted=admitted
            ),
        )

    def _draw_buttons(self) -> None:
        view = self.current
        self.register_button.setEnabled(self.competition is not None)
        self.withdraw_button.setEnabled(view is not None and view.status != WITHDRAWN)


# -- the sessions page --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnsavedSlips:
    """Codes issued whose slips are not saved yet: they exist nowhere else in clear."""

    session_id: int
    codes: tuple[IssuedCode, ...]


def of_competition(choice: SessionChoice, competition: CompetitionView) -> bool:
    """Whether a listed session belongs to ``competition``."""
    return choice.competition_id == competition.id


def unseated(candidates: Sequence[CandidateView], seats: Sequence[SeatView]) -> list[CandidateView]:
    """The admitted candidates without a seat among ``seats`` (the main test's), in list order."""
    seated = {seat.candidate_id for seat in seats}
    return [view for view in candidates if view.status == ADMITTED and view.id not in seated]


class SessionDialog(DialogOverlay):
    """A new session: date, shift, start time, place in both languages, station names."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "sessionDialog")
        self._captions: dict[str, QLabel] = {}
        self.day = QDateEdit(objectName="sessionDate")
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setCalendarPopup(True)
        self.shift = QSpinBox(objectName="sessionShift")
        self.shift.setRange(1, 9)
        self.starts = QTimeEdit(objectName="sessionStart")
        self.starts.setDisplayFormat("HH:mm")
        self.place = {
            language: QLineEdit(objectName=f"place-{language}") for language in ("ky", "ru")
        }
        self.stations = QPlainTextEdit(objectName="stationNames")
        self.stations.setTabChangesFocus(True)
        self.stations.setMaximumHeight(self.stations.fontMetrics().lineSpacing() * 4 + 18)
        when = QHBoxLayout()
        when.setSpacing(10)
        for key, widget in (("date", self.day), ("shift", self.shift), ("starts", self.starts)):
            caption = label("fieldCaption", wrap=False)
            caption.setBuddy(widget)
            self._captions[key] = caption
            widget.setMinimumWidth(90)
            when.addWidget(caption)
            when.addWidget(widget)
            when.addSpacing(12)
        when.addStretch(1)
        self.fields.addLayout(when)
        # Long texts get the dialog's whole width, their captions above them.
        for key, widget in (
            ("place-ky", self.place["ky"]),
            ("place-ru", self.place["ru"]),
            ("stations", self.stations),
        ):
            caption = label("fieldCaption", wrap=False)
            caption.setBuddy(widget)
            self._captions[key] = caption
            self.fields.addWidget(caption)
            self.fields.addWidget(widget)

    def reset(self, today: date) -> None:
        """A session tomorrow morning, first shift, the place empty."""
        self.day.setDate(QDate(today.year, today.month, today.day).addDays(1))
        self.shift.setValue(1)
        self.starts.setTime(QTime(9, 0))
        for edit in self.place.values():
            edit.clear()
        self.stations.clear()

    def plan(self) -> SessionPlan | None:
        """The session as typed; None while the place is missing in a language."""
        place = {language: edit.text().strip() for language, edit in self.place.items()}
        if not all(place.values()):
            return None
        chosen = self.day.date()
        start = self.starts.time()
        stations = tuple(
            line.strip() for line in self.stations.toPlainText().splitlines() if line.strip()
        )
        return SessionPlan(
            session_date=date(chosen.year(), chosen.month(), chosen.day()),
            place=place,
            shift=self.shift.value(),
            starts_at=time(start.hour(), start.minute()),
            stations=stations,
        )

    def retranslate(self, _: Translator) -> None:
        """Redraw the captions in the interface language."""
        captions = {
            "date": _("Date"),
            "shift": _("Shift"),
            "starts": _("Starts at"),
            "place-ky": _("Place, in Kyrgyz"),
            "place-ru": _("Place, in Russian"),
            "stations": _("Stations, one per line"),
        }
        for key, text in captions.items():
            set_text(self._captions[key], text)
        for widget, key in (
            (self.day, "date"),
            (self.shift, "shift"),
            (self.starts, "starts"),
            (self.place["ky"], "place-ky"),
            (self.place["ru"], "place-ru"),
            (self.stations, "stations"),
        ):
            widget.setAccessibleName(captions[key])
        self.stations.setPlaceholderText(_("e.g. PC-01"))


class SeatDialog(DialogOverlay):
    """A check list of the admitted candidates not seated yet."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "seatDialog")
        self.candidates: list[CandidateView] = []
        self.list = QListWidget(objectName="seatCandidates")
        self.all_button = button("tool", name="seatAll")
        self.none_button = button("tool", name="seatNone")
        self.chosen_count = label("muted", wrap=False, name="seatChosen")
        tools = QHBoxLayout()
        tools.setSpacing(8)
        tools.addWidget(self.all_button)
        tools.addWidget(self.none_button)
        tools.addStretch(1)
        tools.addWidget(self.chosen_count)
        self.fields.addLayout(tools)
        self.fields.addWidget(self.list)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.list.itemChanged.connect(lambda _item: self._draw_count())
        self._tr: Translator | None = None

    def set_candidates(self, candidates: Sequence[CandidateView]) -> None:
        """List ``candidates``, every one ticked (a shift usually seats all who are left)."""
        self.candidates = list(candidates)
        self.list.blockSignals(True)
        self.list.clear()
        for view in self.candidates:
            item = QListWidgetItem(f"{view.full_name}   …{view.pin_tail}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        rows = max(3, min(12, len(self.candidates)))
        self.list.setFixedHeight(rows * (self.list.fontMetrics().height() + 8) + 6)
        self._draw_count()

    def set_checked(self, candidate_ids: Sequence[int]) -> None:
        """Tick exactly ``candidate_ids``."""
        for row, view in enumerate(self.candidates):
            state = Qt.CheckState.Checked if view.id in candidate_ids else Qt.CheckState.Unchecked
            self.list.item(row).setCheckState(state)

    @property
    def chosen(self) -> list[int]:
        """The ids of the candidates ticked."""
        return [
            view.id
            for row, view in enumerate(self.candidates)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _check_all(self, checked: bool) -> None:
        self.set_checked([view.id for view in self.candidates] if checked else [])

    def _draw_count(self) -> None:
        self.ok.setEnabled(bool(self.chosen))
        _ = self._tr
        if _ is not None:
            set_text(
                self.chosen_count,
                _("Ticked: {count} of {total}").format(
                    count=len(self.chosen), total=len(self.candidates)
                ),
            )

    def retranslate(self, _: Translator) -> None:
        """Redraw the texts in the interface language."""
        self._tr = _
        set_text(self.all_button, _("Tick all"))
        set_text(self.none_button, _("Tick none"))
        self.list.setAccessibleName(_("Admitted candidates without a seat"))
        self._draw_count()


class SessionsPage(CompetitionBoundPage):
    """The chosen competition's sessions, their candidates, codes and papers.

    ``proctor`` lists the sessions and who is seated in each; ``save_file`` saves a PDF where
    the user says (tests pass one that answers at once; :func:`file_saver` makes one from the
    window's ``choose_save_path``).
    """

    def __init__(
        self,
        competitions: Competitions,
        exam_sessions: ExamSessions,
        proctor: Proctor,
        actor: Actor,
        translator_factory: Callable[[str], Translator],
        timezone: tzinfo | None,
        parent: QWidget | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
        save_file: SaveFile | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(competitions, actor, translator_factory(language), parent, name="sessions")
        self.setObjectName("sessionsPage")
        self._sessions = exam_sessions
        self._proctor = proctor
        self._translator_factory = translator_factory
        self._timezone = timezone
        self._save_file = save_file or file_saver()
        self._now = now
        self._choices: list[SessionChoice] = []
        self._view: ConsoleView | None = None
        self._unsaved: list[UnsavedSlips] = []

        self.content, column = content_column(self)
        self.title = label("pageTitle", wrap=False, name="sessionsTitle")
        self.table = readonly_table("sessionsTable")
        self.table.setColumnCount(len(SESSION_COLUMNS))
        self.seats_heading = label("heading", name="seatsHeading")
        self.seats = readonly_table("seatsTable")
        self.seats.setColumnCount(len(SEAT_COLUMNS))
        self.new_button = button("primary", name="newSession")
        self.sheet_button = button(name="registrationSheet")
        self.observers_button = button(name="observers")
        self.seat_button = button("primary", name="seatCandidates")
        self.reissue_button = button(name="reissueCode")
        self.unsaved_box = message_box("error", "unsavedSlips")
        self.save_slips_button = button("primary", name="saveSlips")
        offered = {
            self.new_button: Permission.MANAGE_SESSIONS,
            self.sheet_button: Permission.MANAGE_SESSIONS,
            self.observers_button: Permission.PROCTOR,
            self.seat_button: Permission.ISSUE_CODES,
            self.reissue_button: Permission.ISSUE_CODES,
        }
        for widget, permission in offered.items():
            widget.setVisible(actor.may(permission))

        session_actions = QHBoxLayout()
        session_actions.setSpacing(10)
        session_actions.addWidget(self.new_button)
        session_actions.addWidget(self.sheet_button)
        session_actions.addWidget(self.observers_button)
        session_actions.addStretch(1)
        seat_actions = QHBoxLayout()
        seat_actions.setSpacing(10)
        seat_actions.addWidget(self.seats_heading, 1)
        seat_actions.addWidget(self.seat_button)
        seat_actions.addWidget(self.reissue_button)
        unsaved = QHBoxLayout()
        unsaved.setSpacing(10)
        unsaved.addWidget(self.unsaved_box, 1)
        unsaved.addWidget(self.save_slips_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addWidget(self.title)
        column.addWidget(self.picker)
        column.addLayout(session_actions)
        column.addLayout(unsaved)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addWidget(self.table, 2)
        column.addLayout(seat_actions)
        column.addWidget(self.seats, 3)

        self.session_dialog = SessionDialog(self, self.content)
        self.seat_dialog = SeatDialog(self, self.content)
        self.reissue_dialog = DialogOverlay(self, self.content, "reissueDialog")
        self.observers_dialog = DialogOverlay(self, self.content, "observersDialog")
        self.observer_names = QPlainTextEdit(objectName="observerNames")
        self.observer_names.setTabChangesFocus(True)
        self.observers_dialog.fields.addWidget(self.observer_names)
        self._reissuing: SeatView | None = None

        self.new_button.clicked.connect(self.open_new_session)
        self.sheet_button.clicked.connect(self.save_registration_sheet)
        self.observers_button.clicked.connect(self.open_observers)
        self.seat_button.clicked.connect(self.open_seating)
        self.reissue_button.clicked.connect(self.ask_reissue)
        self.save_slips_button.clicked.connect(self.save_slips)
        self.session_dialog.accepted.connect(self.create_session)
        self.seat_dialog.accepted.connect(self.seat_chosen)
        self.reissue_dialog.accepted.connect(self.reissue)
        self.observers_dialog.accepted.connect(self.record_observers)
        self.table.currentCellChanged.connect(self._session_changed)
        self.seats.currentCellChanged.connect(lambda *_args: self._draw_buttons())
        self.retranslate()
        self.refresh()

    # -- reading -------------------------------------------------------------------------------

    @property
    def sessions(self) -> list[SessionChoice]:
        """The competition's sessions as listed."""
        return list(self._choices)

    @property
    def session(self) -> SessionChoice | None:
        """The session chosen in the list."""
        return chosen_row(self.table, self._choices)

    @property
    def seated(self) -> list[SeatView]:
        """The chosen session's candidates as listed."""
        if self._view is None:
            return []
        return sorted(self._view.seats, key=lambda seat: kyrgyz_sort_key(seat.candidate_name))

    @property
    def seat(self) -> SeatView | None:
        """The seated candidate chosen in the lower list."""
        return chosen_row(self.seats, self.seated)

    @property
    def has_unsaved_codes(self) -> bool:
        """True while codes were issued whose slips are not saved (leaving loses them)."""
        return bool(self._unsaved)

    def select_session(self, session_id: int) -> None:
        """Choose the session ``session_id`` in the list."""
        ids = [choice.session_id for choice in self._choices]
        self.table.selectRow(ids.index(session_id))

    def select_seat(self, registration_id: int) -> None:
        """Choose the seated candidate with ``registration_id``."""
        ids = [seat.registration_id for seat in self.seated]
        self.seats.selectRow(ids.index(registration_id))

    def _load(self) -> None:
        """Read the chosen competition's sessions, then the chosen session's seats."""
        keep = self.session.session_id if self.session else None
        competition = self.picker.current
        self._choices = []
        if competition is not None:
            try:
                self._choices = [
                    choice
                    for choice in self._proctor.sessions(self._actor)
                    if of_competition(choice, competition)
                ]
            except NotPermitted as refusal:
                self._error = not_permitted(refusal)
        self.table.blockSignals(True)
        self._draw_sessions()
        ids = [choice.session_id for choice in self._choices]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.table.blockSignals(False)
        self._load_seats()

    def _session_changed(self, row: int, _column: int, previous: int, _previous: int) -> None:
        if row != previous:
            self._load_seats()

    def _load_seats(self) -> None:
        choice = self.session
        self._view = None
        if choice is not None:
            try:
                self._view = self._proctor.console(self._actor, choice.session_id)
            except NotPermitted as refusal:
                self._error = not_permitted(refusal)
            except LookupError:
                self._error = (SESSION_GONE, {})
        self._draw_seats()
        self._draw_buttons()
        self._draw_messages()

    def free_candidates(self) -> list[CandidateView]:
        """The admitted candidates of the competition without a seat in any of its main tests."""
        competition = self.competition
        if competition is None:
            return []
        candidates = self._competitions.candidates(self._actor, competition.id)
        seats: list[SeatView] = []
        for choice in self._choices:
            if choice.kind == MAIN:
                seats += self._proctor.console(self._actor, choice.session_id).seats
        return unseated(candidates, seats)

    # -- scheduling ----------------------------------------------------------------------------

    def open_new_session(self) -> None:
        """Open the new session's form."""
        if self.competition is None:
            return
        _ = self._tr
        self.session_dialog.reset(self._now().astimezone(self._timezone).date())
        self.session_dialog.retranslate(self._tr)
        self.session_dialog.present(
            _("New session"), _("Schedule"), _("Cancel"), focus=self.session_dialog.day
        )

    def create_session(self) -> int | None:
        """Schedule the session in the form; its id, or None with the reason shown."""
        _ = self._tr
        competition = self.competition
        plan = self.session_dialog.plan()
        if competition is None:
            return None
        if plan is None:
            self.session_dialog.show_error(_(PLACE_MISSING))
            return None
        try:
            session_id = self._sessions.create_session(self._actor, competition.id, plan)
        except (RegistrationRefused, NotPermitted) as refusal:
            self._refused_in(self.session_dialog, refusal)
            return None
        self.session_dialog.close_dialog()
        self._error = None
        self._notice = (
            SESSION_CREATED,
            {"date": format_day(plan.session_date), "shift": plan.shift},
        )
        self._load()
        self.select_session(session_id)
        self.changed.emit()
        return session_id

    # -- seating and codes ---------------------------------------------------------------------

    def open_seating(self) -> None:
        """Open the check list of admitted candidates not seated yet."""
        if self.session is None:
            return
        _ = self._tr
        try:
            free = self.free_candidates()
        except NotPermitted as refusal:
            self._show_error(not_permitted(refusal))
            return
        self.seat_dialog.set_candidates(free)
        self.seat_dialog.retranslate(self._tr)
        message = (
            _("Seat the ticked candidates in this session and issue their login codes.")
            if free
            else _("Every admitted candidate of this competition already has a seat.")
        )
        self.seat_dialog.present(
            _("Seat candidates and issue codes"),
            _("Seat and issue codes"),
            _("Cancel"),
            message=message,
            focus=self.seat_dialog.list,
        )
        self.seat_dialog.ok.setEnabled(bool(self.seat_dialog.chosen))

    def seat_chosen(self) -> list[IssuedCode]:
        """Seat the ticked candidates, then offer the slips of their codes at once."""
        _ = self._tr
        choice = self.session
        chosen = self.seat_dialog.chosen
        if choice is None:
            return []
        if not chosen:
            self.seat_dialog.show_error(_(NOBODY_CHOSEN))
            return []
        try:
            issued = self._sessions.register(self._actor, choice.session_id, chosen)
        except (RegistrationRefused, NotPermitted) as refusal:
            self._refused_in(self.seat_dialog, refusal)
            return []
        self.seat_dialog.close_dialog()
        self._unsaved.append(UnsavedSlips(choice.session_id, tuple(issued)))
        self._error = self._notice = None
        self._load()
        self.changed.emit()
        self.save_slips()
        return issued

    def ask_reissue(self) -> None:
        """Ask to confirm a new code for the chosen seat (the old slip stops working)."""
        seat = self.seat
        if seat is None or seat.state is not SeatState.NOT_ARRIVED:
            return
        self._reissuing = seat
        _ = self._tr
        title, message = self._reissue_texts()
        self.reissue_dialog.present(title, _("Yes, issue a new code"), _("No"), message=message)

    def _reissue_texts(self) -> tuple[str, str]:
        _ = self._tr
        name = self._reissuing.candidate_name if self._reissuing else ""
        return _("Reissue code"), _(
            "Issue a new code for {name}? The old slip stops working at once; hand over only "
            "the new one."
        ).format(name=name)

    def reissue(self) -> IssuedCode | None:
        """Replace the code asked about, then offer its slip at once."""
        _ = self._tr
        seat = self._reissuing
        choice = self.session
        if seat is None or choice is None:
            return None
        try:
            issued = self._sessions.reissue_code(self._actor, seat.registration_id)
        except (RegistrationRefused, NotPermitted) as refusal:
            self._refused_in(self.reissue_dialog, refusal)
            return None
        self.reissue_dialog.close_dialog()
        self._reissuing = None
        self._unsaved.append(UnsavedSlips(choice.session_id, (issued,)))
        self._error = self._notice = None
        self.save_slips()
        return issued

    def save_slips(self) -> list[Path]:
        """Offer to save the slips of every code not saved yet (one PDF per session)."""
        _ = self._tr
        saved: list[Path] = []
        for batch in list(self._unsaved):
            path = self._save_paper(
                lambda batch=batch: self._sessions.code_slips(
                    self._actor, batch.session_id, batch.codes
                ),
                _("Save the code slips"),
                "code-slips",
                batch.session_id,
            )
            if path is None:
                break
            self._unsaved.remove(batch)
            saved.append(path)
            self._notice = (SLIPS_SAVED, {"count": len(batch.codes), "path": str(path)})
        self._draw_messages()
        return saved

    def _save_paper(
        self, make: Callable[[], bytes], caption_text: str, stem: str, session_id: int
    ) -> Path | None:
        """Make a session's PDF and save it where the user says: where it went, or None when
        the user cancelled or it was refused (the refusal is said on the page)."""
        try:
            return self._save_file(self, caption_text, self._file_name(stem, session_id), make())
        except NotPermitted as refusal:
            self._show_error(not_permitted(refusal))
        except OSError as problem:
            self._show_error((NOT_WRITTEN, {"problem": str(problem)}))
        return None

    def _file_name(self, stem: str, session_id: int) -> str:
        choice = next((c for c in self._choices if c.session_id == session_id), None)
        if choice is None:
            return f"{stem}.pdf"
        return f"{stem}-{choice.session_date.isoformat()}-{choice.shift}.pdf"

    # -- papers --------------------------------------------------------------------------------

    def save_registration_sheet(self) -> Path | None:
        """Save the chosen session's registration sheet (PDF)."""
        _ = self._tr
        choice = self.session
        if choice is None:
            return None
        path = self._save_paper(
            lambda: self._sessions.registration_sheet(self._actor, choice.session_id),
            _("Save the registration sheet"),
            "registration-sheet",
            choice.session_id,
        )
        if path is not None:
            self._set_messages(notice=(SHEET_SAVED, {"path": str(path)}))
        return path

    def open_observers(self) -> None:
        """Open the list of observers present."""
        if self.session is None:
            return
        _ = self._tr
        self.observer_names.setPlainText("\n".join(self.session.observers))
        self.observers_dialog.present(
            _("Observers present"),
            _("Record"),
            _("Cancel"),
            message=self._observers_message(),
            focus=self.observer_names,
        )

    def _observers_message(self) -> str:
        _ = self._tr
        return _(
            "The independent observers present at this session, one full name per line. The "
            "list replaces the one recorded before and is printed on the results protocol."
        )

    def record_observers(self) -> bool:
        """Record the observers typed; True when recorded."""
        _ = self._tr
        choice = self.session
        if choice is None:
            return False
        names = [
            line.strip() for line in self.observer_names.toPlainText().splitlines() if line.strip()
        ]
        try:
            self._sessions.set_observers(self._actor, choice.session_id, names)
        except NotPermitted as refusal:
            self._refused_in(self.observers_dialog, refusal)
            return False
        except LookupError:
            self.observers_dialog.show_error(_(SESSION_GONE))
            return False
        self.observers_dialog.close_dialog()
        self._load()  # the list carries the observers: the dialog reopens with them
        self._set_messages(notice=(OBSERVERS_RECORDED, {"count": len(names)}))
        self.changed.emit()
        return True

    # -- drawing -------------------------------------------------------------------------------

    @property
    def unsaved_text(self) -> str:
        """The warning about unsaved slips ("" when every slip is saved)."""
        return self.unsaved_box.text() if not self.unsaved_box.isHidden() else ""

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Sessions and codes"))
        self.picker.retranslate(self._tr)
        set_text(self.new_button, _("New session…"))
        set_text(self.sheet_button, _("Registration sheet (PDF)…"))
        set_text(self.observers_button, _("Observers present…"))
        set_text(self.seat_button, _("Seat candidates and issue codes…"))
        set_text(self.reissue_button, _("Reissue code…"))
        set_text(self.save_slips_button, _("Save the slips (PDF)…"))
        self.table.setHorizontalHeaderLabels([_(SESSION_HEADERS[c]) for c in SESSION_COLUMNS])
        self.seats.setHorizontalHeaderLabels([_(SEAT_HEADERS[c]) for c in SEAT_COLUMNS])
        self.table.setAccessibleName(_("Sessions"))
        self.seats.setAccessibleName(_("Candidates seated in the session"))
        self.observer_names.setAccessibleName(_("Observers present"))
        self.session_dialog.retranslate(self._tr)
        self.seat_dialog.retranslate(self._tr)
        if self.session_dialog.isVisible():
            self.session_dialog.retexts(_("New session"), _("Schedule"), _("Cancel"))
        if self.reissue_dialog.isVisible():
            title, message = self._reissue_texts()
            self.reissue_dialog.retexts(title, _("Yes, issue a new code"), _("No"), message)
        if self.observers_dialog.isVisible():
            self.observers_dialog.retexts(
                _("Observers present"), _("Record"), _("Cancel"), self._observers_message()
            )
        self._draw_sessions()
        self._draw_seats()
        self._draw_messages()

    def _draw_sessions(self) -> None:
        _ = self._tr
        language = self._tr.language
        self.table.setRowCount(len(self._choices))
        for row, choice in enumerate(self._choices):
            cells = (
                format_day(choice.session_date),
                str(choice.shift),
                in_language(dict(choice.place), language),
                _(SESSION_KINDS.get(choice.kind, choice.kind)),
                str(choice.candidates),
                _("Ended") if choice.ended else _("Not ended yet"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column, key in enumerate(SESSION_COLUMNS):
            mode = (
                header.ResizeMode.Stretch if key == "place" else header.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def _draw_seats(self) -> None:
        _ = self._tr
        seats = self.seated
        choice = self.session
        if choice is None:
            set_text(
                self.seats_heading,
                _("No session yet.") if self.competition is not None else "",
            )
        else:
            set_text(
                self.seats_heading,
                _("Seated on {date}, shift {shift}: {count}").format(
                    date=format_day(choice.session_date), shift=choice.shift, count=len(seats)
                ),
            )
        self.seats.setRowCount(len(seats))
        for row, seat in enumerate(seats):
            cells = (str(row + 1), seat.candidate_name, _(STATE_NAMES[seat.state]))
            for column, text in enumerate(cells):
                self.seats.setItem(row, column, QTableWidgetItem(text))
        header = self.seats.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        header.setSectionResizeMode(2, header.ResizeMode.ResizeToContents)

    def _draw_buttons(self) -> None:
        chosen = self.session is not None
        open_main = chosen and self.session is not None and not self.session.ended
        self.new_button.setEnabled(self.competition is not None)
        self.sheet_button.setEnabled(chosen)
        self.observers_button.setEnabled(chosen)
        self.seat_button.setEnabled(bool(open_main and self.session.kind == MAIN))
        seat = self.seat
        self.reissue_button.setEnabled(seat is not None and seat.state is SeatState.NOT_ARRIVED)

    def _draw_messages(self) -> None:
        super()._draw_messages()
        _ = self._tr
        count = sum(len(batch.codes) for batch in self._unsaved)
        self.unsaved_box.set_message(_(UNSAVED_SLIPS).format(count=count) if count else "")
        self.save_slips_button.setVisible(bool(count))
