"""The technical appeals page: filing an appeal within the hour, the commission, the hearing, the
review and the appeal protocol (cl. 33-35).

The list shows every appeal, newest first: number, candidate, code, when filed, where it stands
(in words, with a symbol) and the score, old → new once a fault was confirmed.  Under it the
chosen appeal is told in full: the statement, the test's end and the window, the commission,
who was at the hearing, the decision.

What the page offers follows the actor's roles, and the service checks every call again:

- ``FILE_APPEALS`` (operator, administrator): "File an appeal…" finds the candidate's test by
  name or code among those whose window is open (each with its end and the minutes left) and
  takes the candidate's statement.  A window that closed meanwhile and an appeal already open
  are refused by the service and said with the time it closed, or the open appeal's number.
- ``COMPOSE_COMMISSION`` (administrator): "Commission…" composes the commission of the appeal's
  session or of this appeal alone: a chair and 1 to 5 members from the accounts with the
  commission role (the dialog holds to this as the service does), and its basis.
- ``HEAR_APPEALS`` (the commission only): "Hearing…" records who is present and any conflict of
  interest (again, until the decision, when someone comes late); "Review" opens the review
  screen (:mod:`kiosk.ui.admin.appeal_review`), the only place with the answer keys, in a
  window of its own for a projector or a second screen.
- Everyone who reads the page saves or opens the archived appeal protocol of a decided appeal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QTableWidgetItem,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.appeal_views import (
    CHAIR,
    MAX_MEMBERS,
    MIN_MEMBERS,
    Appealable,
    AppealAlreadyOpen,
    AppealRefused,
    AppealStatus,
    AppealView,
    AppealWindowClosed,
    Attendance,
    CommissionerView,
    CommissionRefused,
    CommissionView,
    HearingRefused,
    MemberView,
)
from kiosk.ui.admin.appeal_ports import Appeals
from kiosk.ui.admin.appeal_review import (
    APPEAL_GONE,
    AppealReviewScreen,
    appeal_not_permitted,
    hearing_refusal_message,
)
from kiosk.ui.admin.browser import DialogOverlay, fit_rows, readonly_table
from kiosk.ui.admin.page_parts import (
    Message,
    MessagePage,
    chosen_row,
    content_column,
    message_text,
    messages_text,
)
from kiosk.ui.admin.registration import SaveFile, file_saver
from kiosk.ui.theme import NORMAL, Theme
from kiosk.ui.widgets import button, label, set_text
from translations import DEFAULT_LANGUAGE, N_, Gettext, Translator

#: Opens a document with the system's viewer: True when it could.
OpenDocument = Callable[[Path], bool]
#: Puts the review screen where the commission reads it: (the screen, the page it came from).
ShowReview = Callable[[AppealReviewScreen, QWidget], None]

NO_VALUE = "—"
DAY_TIME = "%d.%m.%Y %H:%M"

COLUMNS = ("number", "name", "code", "filed", "status", "score")
HEADERS: dict[str, str] = {
    "number": N_("No."),
    "name": N_("Candidate"),
    "code": N_("Code"),
    "filed": N_("Filed at"),
    "status": N_("Status"),
    "score": N_("Score: old → new"),
}

STATUS_NEW = N_("● Filed: no commission yet")
STATUS_WAITING = N_("● Awaiting the hearing")
STATUS_HEARING = N_("◐ Hearing open")
STATUS_DECIDED: dict[AppealStatus, str] = {
    AppealStatus.REJECTED: N_("✕ Rejected"),
    AppealStatus.SATISFIED: N_("✓ Satisfied"),
}
SCORE_PENDING = N_("{old} of {total}")
SCORE_UNCHANGED = N_("{old} of {total}, unchanged")
SCORE_CHANGED = N_("{old} → {new} of {total}")

# -- filing ------------------------------------------------------------------------------------

WINDOW_CLOSED = N_(
    "The appeal window closed at {time}: an appeal is accepted only within the hour after the "
    "test (cl. 33)."
)
ALREADY_OPEN = N_("Appeal No. {number} is already open for this test: one open appeal per test.")
NOT_APPEALABLE = N_("This test cannot be appealed: it was not submitted or no longer exists.")
STATEMENT_NEEDED = N_("Write the candidate's statement: what they disagree with.")
ATTEMPT_NEEDED = N_("Choose the candidate's test in the list.")
MINUTES_LEFT = N_("{minutes} min left")
OPEN_APPEAL = N_("appeal No. {number} is open")
NOTHING_OPEN = N_("No test ended within the appeal window: no appeal can be filed now.")
NOTHING_FOUND = N_("No test whose appeal window is open matches “{query}”.")
FILED = N_("Appeal No. {number} is filed for {name} at {time}.")
#: The width of the filing and hearing dialogs: a full name and other fields side by side.
WIDE_DIALOG = 940
FILING_COLUMNS = (N_("Candidate"), N_("Code"), N_("Test ended"), N_("Appeal window"))

# -- the commission ------------------------------------------------------------------------------

COMMISSION_REFUSED: dict[str, str] = {
    "no_chair": N_("Choose the commission's chair."),
    "too_few": N_("Tick at least one member besides the chair (cl. 34)."),
    "too_many": N_("A commission has at most 5 members besides the chair (cl. 34)."),
    "chair_is_member": N_("The chair cannot be one of the members as well."),
    "not_commission": N_(
        "{detail} does not hold the commission role or the account is not active."
    ),
    "unknown_account": N_("An account chosen no longer exists."),
}
COMMISSION_REFUSED_OTHER = N_("The service refused the commission: {detail}.")
BASIS_NEEDED = N_("Write the basis: the order that approves the commission.")
MEMBERS_COUNT = N_("Members ticked: {count} (from 1 to 5; the chair is not counted).")
COMMISSION_COMPOSED = N_("The commission of appeal No. {number} is composed: chair {chair}.")
SESSION_COMMISSION_COMPOSED = N_(
    "The commission of the session of {date} is composed: chair {chair}."
)
SESSION_HAS_COMMISSION = N_("The session already has a commission: chair {chair}; {count} members.")

# -- the hearing ------------------------------------------------------------------------------

TAKING_PART = N_("Taking part: {names}.")
NOBODY_TAKES_PART = N_("Nobody takes part yet.")
HEARING_OPENED = N_("The hearing of appeal No. {number} is open: {count} take part.")

# -- the protocol -------------------------------------------------------------------------------

SAVED = N_("Saved: {path}")
OPENED = N_("The appeal protocol is opened: {path}")
NOT_OPENED = N_("The appeal protocol could not be opened: {path}")
NOT_READ = N_("The appeal protocol could not be read: {problem}")
NOT_DECIDED = N_("The appeal is not decided yet: its protocol is made with the decision.")
DECIDED_SATISFIED = N_("Appeal No. {number} is satisfied: score {old} → {new}.")
DECIDED_REJECTED = N_("Appeal No. {number} is rejected: the score stays {old}.")


def day_time(moment: datetime, timezone: tzinfo | None) -> str:
    """A moment as dd.mm.yyyy HH:MM in the testing center's zone."""
    return (moment.astimezone(timezone) if timezone else moment).strftime(DAY_TIME)


def clock_time(moment: datetime, timezone: tzinfo | None) -> str:
    """A moment as HH:MM in the testing center's zone."""
    return (moment.astimezone(timezone) if timezone else moment).strftime("%H:%M")


def status_text(view: AppealView, _: Gettext, commission: CommissionView | None = None) -> str:
    """Where an appeal stands, in words with a symbol; ``commission`` is the one that will hear
    it when that is its session's (the appeal names a commission once it is heard)."""
    if view.status in STATUS_DECIDED:
        return _(STATUS_DECIDED[view.status])
    if view.heard_at is not None:
        return _(STATUS_HEARING)
    heard_by = view.commission or commission
    return _(STATUS_WAITING) if heard_by is not None else _(STATUS_NEW)


def score_text(view: AppealView, _: Gettext) -> str:
    """The score before the appeal and, once decided, after it."""
    if view.status is AppealStatus.FILED:
        return _(SCORE_PENDING).format(old=view.old_score, total=view.max_score)
    if view.new_score is None or view.new_score == view.old_score:
        return _(SCORE_UNCHANGED).format(old=view.old_score, total=view.max_score)
    return _(SCORE_CHANGED).format(old=view.old_score, new=view.new_score, total=view.max_score)


def filing_refusal(refusal: AppealRefused, timezone: tzinfo | None) -> Message:
    """A refused filing in words: the time the window closed, or the open appeal's number."""
    if isinstance(refusal, AppealWindowClosed):
        return (WINDOW_CLOSED, {"time": clock_time(refusal.closed_at, timezone)})
    if isinstance(refusal, AppealAlreadyOpen):
        return (ALREADY_OPEN, {"number": refusal.number})
    return (NOT_APPEALABLE, {})


def commission_refusal(refusal: CommissionRefused) -> Message:
    """A refused commission in words."""
    text = COMMISSION_REFUSED.get(refusal.reason)
    if text is None:
        return (COMMISSION_REFUSED_OTHER, {"detail": str(refusal)})
    return (text, {"detail": refusal.detail})


def window_text(row: Appealable, now: datetime, _: Gettext) -> str:
    """What is left of a test's appeal window, or the appeal already open."""
    if row.open_appeal:
        return _(OPEN_APPEAL).format(number=row.open_appeal)
    return _(MINUTES_LEFT).format(minutes=row.minutes_left(now))


def member_names(members: Sequence[MemberView]) -> str:
    """Full names, comma-separated."""
    return ", ".join(member.full_name for member in members) or NO_VALUE


def open_with_system(path: Path) -> bool:
    """Open a file with the system's viewer (the default :data:`OpenDocument`)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_on_free_screen(screen: AppealReviewScreen, near: QWidget) -> None:
    """Show the review maximised on a second screen (a projector) when there is one, else over
    the admin window (the default :data:`ShowReview`)."""
    here = near.screen()
    others = [candidate for candidate in QGuiApplication.screens() if candidate is not here]
    target = others[0] if others else here
    if target is not None:
        screen.setGeometry(target.availableGeometry())
    screen.showMaximized()
    screen.raise_()
    screen.activateWindow()


# -- dialogs -------------------------------------------------------------------------------------


class WideDialog(DialogOverlay):
    """A dialog wider than the usual ones: its rows hold full names beside other fields, and
    names are never cut."""

    def _fit(self) -> None:
        super()._fit()
        self.panel.setFixedWidth(max(320, min(WIDE_DIALOG, self.width() - 80)))


class FilingDialog(WideDialog):
    """Find the candidate's test by name or code, then write down the statement."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "filingDialog")
        self.rows: list[Appealable] = []
        self.search_caption = label("fieldCaption", wrap=False, name="filingSearchCaption")
        self.search = QLineEdit(objectName="filingSearch")
        self.search.setClearButtonEnabled(True)
        self.search_caption.setBuddy(self.search)
        self.table = readonly_table("filingAttempts")
        self.table.setColumnCount(len(FILING_COLUMNS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        self.empty = label("muted", name="filingEmpty")
        self.empty.hide()
        self.statement_caption = label("fieldCaption", name="filingStatementCaption")
        self.statement = QPlainTextEdit(objectName="filingStatement")
        self.statement.setTabChangesFocus(True)
        self.statement.setFixedHeight(self.statement.fontMetrics().lineSpacing() * 4 + 20)
        self.statement_caption.setBuddy(self.statement)
        for widget in (
            self.search_caption,
            self.search,
            self.table,
            self.empty,
            self.statement_caption,
            self.statement,
        ):
            self.fields.addWidget(widget)

    @property
    def chosen(self) -> Appealable | None:
        """The test chosen in the list."""
        return chosen_row(self.table, self.rows)

    def set_rows(
        self,
        rows: Sequence[Appealable],
        now: datetime,
        timezone: tzinfo | None,
        _: Gettext,
        query: str,
    ) -> None:
        """List ``rows`` (the first chosen); say so when nothing is listed."""
        keep = self.chosen.attempt_id if self.chosen else None
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for row, found in enumerate(self.rows):
            cells = (
                found.candidate_name,
                found.code or NO_VALUE,
                clock_time(found.ended_at, timezone),
                window_text(found, now, _),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setHorizontalHeaderLabels([_(text) for text in FILING_COLUMNS])
        fit_rows(self.table, 5, self.table.fontMetrics().height() + 12)
        ids = [found.attempt_id for found in self.rows]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        empty = (
            "" if self.rows else _(NOTHING_FOUND).format(query=query) if query else _(NOTHING_OPEN)
        )
        set_text(self.empty, empty)
        self.empty.setVisible(bool(empty))
        self.table.setVisible(bool(self.rows))

    def retranslate(self, _: Gettext) -> None:
        """Draw the captions in the interface language."""
        set_text(self.search_caption, _("Candidate's name or code"))
        self.search.setPlaceholderText(_("e.g. Асанов or K7PM-42QX"))
        self.search.setAccessibleName(_("Candidate's name or code"))
        self.table.setAccessibleName(_("Tests whose appeal window is open"))
        set_text(self.statement_caption, _("The candidate's statement: what they disagree with"))
        self.statement.setAccessibleName(_("The candidate's statement"))


class CommissionDialog(DialogOverlay):
    """A chair and 1 to 5 members from the commission's accounts, for the session or one appeal,
    with the order that approves them."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "commissionDialog")
        self.people: list[CommissionerView] = []
        self._tr: Gettext = str
        self.for_appeal = QRadioButton(objectName="commissionForAppeal")
        self.for_session = QRadioButton(objectName="commissionForSession")
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.for_appeal)
        self._scope.addButton(self.for_session)
        self.session_note = label("muted", name="commissionSessionNote")
        self.chair_caption = label("fieldCaption", wrap=False, name="commissionChairCaption")
        self.chair = QComboBox(objectName="commissionChair")
        self.chair_caption.setBuddy(self.chair)
        self.members_caption = label("fieldCaption", wrap=False, name="commissionMembersCaption")
        self.members = QListWidget(objectName="commissionMembers")
        self.members_caption.setBuddy(self.members)
        self.count = label(name="commissionCount")
        self.basis_caption = label("fieldCaption", wrap=False, name="commissionBasisCaption")
        self.basis = QLineEdit(objectName="commissionBasis")
        self.basis_caption.setBuddy(self.basis)
        scope = QHBoxLayout()
        scope.setSpacing(18)
        scope.addWidget(self.for_appeal)
        scope.addWidget(self.for_session)
        scope.addStretch(1)
        self.fields.addLayout(scope)
        self.fields.addWidget(self.session_note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.chair_caption, 0, 0)
        grid.addWidget(self.chair, 0, 1)
        grid.setColumnStretch(1, 1)
        self.fields.addLayout(grid)
        self.fields.addWidget(self.members_caption)
        self.fields.addWidget(self.members)
        self.fields.addWidget(self.count)
        self.fields.addWidget(self.basis_caption)
        self.fields.addWidget(self.basis)
        self.chair.currentIndexChanged.connect(self._chair_changed)
        self.members.itemChanged.connect(self._member_changed)
        self.basis.textChanged.connect(self._draw_count)

    def prepare(
        self,
        people: Sequence[CommissionerView],
        current: CommissionView | None,
        session_wide: bool,
    ) -> None:
        """List ``people``; start from the ``current`` commission when there is one."""
        self.people = list(people)
        chair = current.chair.account_id if current else None
        members = {m.account_id for m in current.members if m.role != CHAIR} if current else set()
        self.chair.blockSignals(True)
        self.chair.clear()
        self.chair.addItem("", None)
        for person in self.people:
            self.chair.addItem(person.full_name, person.account_id)
        ids = [person.account_id for person in self.people]
        self.chair.setCurrentIndex(ids.index(chair) + 1 if chair in ids else 0)
        self.chair.blockSignals(False)
        self.members.blockSignals(True)
        self.members.clear()
        for person in self.people:
            item = QListWidgetItem(person.full_name)
            item.setData(Qt.ItemDataRole.UserRole, person.account_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = person.account_id in members
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.members.addItem(item)
        self.members.blockSignals(False)
        rows = max(4, min(8, len(self.people)))
        self.members.setFixedHeight(rows * (self.members.fontMetrics().height() + 8) + 6)
        self.basis.setText(current.basis if current else "")
        (self.for_session if session_wide else self.for_appeal).setChecked(True)
        self._chair_changed()

    @property
    def chair_id(self) -> int | None:
        """The account chosen as chair."""
        value = self.chair.currentData()
        return int(value) if value is not None else None

    @property
    def member_ids(self) -> list[int]:
        """The accounts ticked as members, in list order."""
        return [
            int(self.members.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.members.count())
            if self.members.item(row).checkState() == Qt.CheckState.Checked
        ]

    @property
    def session_wide(self) -> bool:
        """Composed for every appeal of the session, not this appeal alone."""
        return self.for_session.isChecked()

    def set_members(self, account_ids: Sequence[int]) -> None:
        """Tick exactly ``account_ids`` (as a user would, one by one)."""
        for row in range(self.members.count()):
            item = self.members.item(row)
            wanted = int(item.data(Qt.ItemDataRole.UserRole)) in account_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def choose_chair(self, account_id: int | None) -> None:
        """Choose the chair (None: nobody)."""
        self.chair.setCurrentIndex(max(0, self.chair.findData(account_id)))

    def problems(self) -> list[Message]:
        """What keeps the commission from being composed (cl. 34), as the service would say."""
        found: list[Message] = []
        if self.chair_id is None:
            found.append((COMMISSION_REFUSED["no_chair"], {}))
        count = len(self.member_ids)
        if count < MIN_MEMBERS:
            found.append((COMMISSION_REFUSED["too_few"], {}))
        if count > MAX_MEMBERS:
            found.append((COMMISSION_REFUSED["too_many"], {}))
        if not self.basis.text().strip():
            found.append((BASIS_NEEDED, {}))
        return found

    def _chair_changed(self) -> None:
        """The chair is no member: their line is unticked and cannot be ticked."""
        chair = self.chair_id
        self.members.blockSignals(True)
        for row, person in enumerate(self.people):
            item = self.members.item(row)
            is_chair = person.account_id == chair
            role = self._tr("chair")
            item.setText(f"{person.full_name} ({role})" if is_chair else person.full_name)
            flags = item.flags()
            if is_chair:
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
        self.members.blockSignals(False)
        self._draw_count()

    def _member_changed(self, item: QListWidgetItem) -> None:
        """A sixth member is not ticked: cl. 34 allows five besides the chair."""
        if item.checkState() == Qt.CheckState.Checked and len(self.member_ids) > MAX_MEMBERS:
            self.members.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.members.blockSignals(False)
            self._draw_count()
            self.show_error(self._tr(COMMISSION_REFUSED["too_many"]))
            return
        self._draw_count()

    def _draw_count(self) -> None:
        _ = self._tr
        set_text(self.count, _(MEMBERS_COUNT).format(count=len(self.member_ids)))
        problems = self.problems()
        self.ok.setEnabled(not problems)
        if not problems:
            self.error.set_message("")

    def retranslate(self, _: Gettext) -> None:
        """Draw the captions in the interface language."""
        self._tr = _
        self.for_appeal.setText(_("For this appeal only"))
        self.for_session.setText(_("For every appeal of the session"))
        set_text(self.chair_caption, _("Chair"))
        self.chair.setItemText(0, _("— choose the chair —"))
        self.chair.setAccessibleName(_("Chair"))
        set_text(self.members_caption, _("Members (1 to 5, cl. 34)"))
        self.members.setAccessibleName(_("Members"))
        set_text(self.basis_caption, _("Basis: the order that approves the commission"))
        self.basis.setPlaceholderText(_("e.g. order No. 47 of 10.08.2026"))
        self.basis.setAccessibleName(_("Basis"))
        self._chair_changed()


class HearingDialog(WideDialog):
    """Who of the commission is present, and any conflict of interest they declare."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "hearingDialog")
        self._tr: Gettext = str
        self.members: list[MemberView] = []
        self.attending: list[QCheckBox] = []
        self.conflicts: list[QLineEdit] = []
        self.names: list[QLabel] = []
        self.holder = QWidget()
        self.grid = QGridLayout(self.holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(8)
        self.taking_part = label("value", name="hearingTakingPart")
        self.fields.addWidget(self.holder)
        self.fields.addWidget(self.taking_part)

    def prepare(self, commission: CommissionView, recorded: Sequence[MemberView] = ()) -> None:
        """One line per member: name and role, present, conflict of interest — as ``recorded``
        at the hearing so far (someone came late), else everyone present."""
        for widget in (*self.names, *self.attending, *self.conflicts):
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.members = list(commission.members)
        before = {member.account_id: member for member in recorded}
        self.names, self.attending, self.conflicts = [], [], []
        for row in range(len(self.members)):
            name = label(name=f"hearingName{row + 1}")
            present = QCheckBox(objectName=f"hearingPresent{row + 1}")
            earlier = before.get(self.members[row].account_id)
            present.setChecked(earlier is None or bool(earlier.present))
            conflict = QLineEdit(objectName=f"hearingConflict{row + 1}")
            conflict.setText(earlier.conflict if earlier else "")
            conflict.setMinimumWidth(conflict.fontMetrics().horizontalAdvance("M") * 22)
            present.toggled.connect(self._draw)
            conflict.textChanged.connect(self._draw)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(present, row, 1)
            self.grid.addWidget(conflict, row, 2)
            self.names.append(name)
            self.attending.append(present)
            self.conflicts.append(conflict)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(2, 1)
        self.retranslate(self._tr)

    def attendance(self) -> list[Attendance]:
        """The attendance as recorded in the dialog."""
        return [
            Attendance(
                member.account_id,
                present.isChecked(),
                conflict.text().strip() if present.isChecked() else "",
            )
            for member, present, conflict in zip(
                self.members, self.attending, self.conflicts, strict=True
            )
        ]

    def retranslate(self, _: Gettext) -> None:
        """Draw the texts in the interface language."""
        self._tr = _
        for member, name, present, conflict in zip(
            self.members, self.names, self.attending, self.conflicts, strict=True
        ):
            role = _("chair") if member.role == CHAIR else _("member")
            set_text(name, f"{member.full_name} ({role})")
            present.setText(_("Present"))
            present.setAccessibleName(_("{name} is present").format(name=member.full_name))
            conflict.setPlaceholderText(_("Conflict of interest, if declared"))
            conflict.setAccessibleName(
                _("Conflict of interest declared by {name}").format(name=member.full_name)
            )
        self._draw()

    def _draw(self) -> None:
        _ = self._tr
        for present, conflict in zip(self.attending, self.conflicts, strict=True):
            conflict.setEnabled(present.isChecked())
        taking = [
            member.full_name
            for member, entry in zip(self.members, self.attendance(), strict=True)
            if entry.present and not entry.conflict
        ]
        text = _(TAKING_PART).format(names=", ".join(taking)) if taking else _(NOBODY_TAKES_PART)
        set_text(self.taking_part, text)


# -- the page ------------------------------------------------------------------------------------


class AppealsPage(MessagePage):
    """The appeals, newest first, and what the actor's roles allow doing with them.

    ``appeals`` is the service's port and ``actor`` the signed-in staff member; ``timezone`` is
    the testing center's and ``now`` its clock (the minutes left of a window are counted from
    it).  ``save_file`` saves a PDF where the user says, ``open_document`` opens one with the
    system's viewer, and ``show_review`` puts the review screen on a screen (tests pass
    functions that answer at once).
    """

    def __init__(
        self,
        appeals: Appeals,
        actor: Actor,
        translator_factory: Callable[[str], Translator],
        timezone: tzinfo | None,
        parent: QWidget | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        save_file: SaveFile | None = None,
        open_document: OpenDocument = open_with_system,
        show_review: ShowReview = show_on_free_screen,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__(translator_factory(language), parent, name="appeals")
        self.setObjectName("appealsPage")
        self._appeals = appeals
        self._actor = actor
        self._timezone = timezone
        self._now = now
        self._save_file = save_file or file_saver()
        self._open_document = open_document
        self._show_review = show_review
        self._theme = theme
        self._views: list[AppealView] = []
        self._session_commissions: dict[int, CommissionView] = {}
        self._read_error: Message | None = None
        self.review_screen: AppealReviewScreen | None = None
        self._may_file = actor.may(Permission.FILE_APPEALS)
        self._may_compose = actor.may(Permission.COMPOSE_COMMISSION)
        self._may_hear = actor.may(Permission.HEAR_APPEALS)

        self.content, column = content_column(self)
        self.title = label("pageTitle", wrap=False, name="appealsTitle")
        self.intro = label("muted", name="appealsIntro")
        self.file_button = button("primary", name="fileAppeal")
        self.commission_button = button(name="composeCommission")
        self.hearing_button = button(name="openHearing")
        self.review_button = button("primary", name="reviewAppeal")
        self.protocol_button = button(name="saveAppealProtocol")
        self.open_protocol_button = button(name="openAppealProtocol")
        self.count = label("muted", wrap=False, name="appealsCount")
        self.file_button.setVisible(self._may_file)
        self.commission_button.setVisible(self._may_compose)
        self.hearing_button.setVisible(self._may_hear)
        self.review_button.setVisible(self._may_hear)
        self.table = readonly_table("appealsTable")
        self.table.setColumnCount(len(COLUMNS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("name"), header.ResizeMode.Stretch)
        self.details_heading = label("heading", name="appealDetailsHeading")
        self.detail_captions: dict[str, QLabel] = {}
        self.detail_values: dict[str, QLabel] = {}
        details = QGridLayout()
        details.setHorizontalSpacing(12)
        details.setVerticalSpacing(4)
        for row, key in enumerate(("statement", "test", "commission", "hearing", "decision")):
            caption = label("fieldCaption", wrap=False, name=f"appealDetailCaption-{key}")
            value = label(name=f"appealDetail-{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            details.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            details.addWidget(value, row, 1)
            self.detail_captions[key] = caption
            self.detail_values[key] = value
        details.setColumnStretch(1, 1)

        actions = QHBoxLayout()
        actions.setSpacing(10)
        for widget in (
            self.file_button,
            self.commission_button,
            self.hearing_button,
            self.review_button,
            self.protocol_button,
            self.open_protocol_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.count)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addLayout(actions)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addWidget(self.table, 1)
        column.addWidget(self.details_heading)
        column.addLayout(details)

        self.filing_dialog = FilingDialog(self, self.content)
        self.commission_dialog = CommissionDialog(self, self.content)
        self.hearing_dialog = HearingDialog(self, self.content)
        self.file_button.clicked.connect(self.open_filing)
        self.commission_button.clicked.connect(self.open_commission)
        self.hearing_button.clicked.connect(self.open_hearing)
        self.review_button.clicked.connect(self.open_review)
        self.protocol_button.clicked.connect(self.save_protocol)
        self.open_protocol_button.clicked.connect(self.open_protocol)
        self.filing_dialog.accepted.connect(self.file_appeal)
        self.filing_dialog.search.textChanged.connect(self._search_changed)
        self.commission_dialog.accepted.connect(self.compose)
        self.hearing_dialog.accepted.connect(self.record_hearing)
        self.table.currentCellChanged.connect(lambda *_args: self._draw_current())
        self.retranslate()
        self.refresh()

    # -- reading -----------------------------------------------------------------------------

    @property
    def appeals(self) -> list[AppealView]:
        """The appeals as listed, newest first."""
        return list(self._views)

    @property
    def current(self) -> AppealView | None:
        """The appeal chosen in the list."""
        return chosen_row(self.table, self._views)

    def select_appeal(self, appeal_id: int) -> None:
        """Choose the appeal ``appeal_id`` in the list."""
        ids = [view.appeal_id for view in self._views]
        if appeal_id in ids:
            self.table.selectRow(ids.index(appeal_id))

    def refresh(self) -> None:
        """Reload the appeals (what was said is now old)."""
        self._error = self._notice = None
        self._load()

    def _load(self) -> None:
        keep = self.current.appeal_id if self.current else None
        self._read_error = None
        try:
            views = self._appeals.appeals(self._actor)
        except NotPermitted as refusal:
            views = []
            self._read_error = appeal_not_permitted(refusal)
        self._views = sorted(views, key=lambda view: view.filed_at, reverse=True)
        self._load_session_commissions()
        self.table.blockSignals(True)
        self._draw_table()
        ids = [view.appeal_id for view in self._views]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.table.blockSignals(False)
        self._draw_current()
        self._draw_messages()

    def _load_session_commissions(self) -> None:
        """The commissions of the sessions whose appeals have none of their own yet: they will
        hear them (an appeal names its commission once the hearing opens)."""
        self._session_commissions = {}
        waiting = {
            view.session_id
            for view in self._views
            if view.commission is None and view.status is AppealStatus.FILED
        }
        for session_id in sorted(waiting):
            try:
                found = self._appeals.session_commission(self._actor, session_id)
            except NotPermitted:
                continue
            if found is not None:
                self._session_commissions[session_id] = found

    def commission_of(self, view: AppealView) -> CommissionView | None:
        """The commission that hears ``view``: its own, or its session's."""
        return view.commission or self._session_commissions.get(view.session_id)

    def _replace(self, view: AppealView) -> None:
        """Reload, keeping ``view`` chosen."""
        self._load()
        self.select_appeal(view.appeal_id)

    # -- filing ------------------------------------------------------------------------------

    def open_filing(self) -> None:
        """Open the filing form: every test whose window is open, and an empty statement."""
        _ = self._tr
        dialog = self.filing_dialog
        dialog.retranslate(_)
        dialog.search.blockSignals(True)
        dialog.search.clear()
        dialog.search.blockSignals(False)
        dialog.statement.clear()
        dialog.rows = []
        dialog.table.setRowCount(0)
        dialog.present(
            _("File an appeal"),
            _("File the appeal"),
            _("Cancel"),
            message=_(
                "The candidate files in person, within the hour after their test (cl. 33). "
                "Find the test by the candidate's name or code."
            ),
            focus=dialog.search,
        )
        self._search_changed(dialog.search.text())

    def _search_changed(self, query: str) -> None:
        dialog = self.filing_dialog
        try:
            rows = self._appeals.appealable(self._actor, query.strip())
        except NotPermitted as refusal:
            dialog.show_error(message_text(appeal_not_permitted(refusal), self._tr))
            rows = []
        dialog.set_rows(rows, self._now(), self._timezone, self._tr, query.strip())

    def file_appeal(self) -> AppealView | None:
        """File the appeal as written; the appeal, or None with the reason said in the form."""
        _ = self._tr
        dialog = self.filing_dialog
        chosen = dialog.chosen
        statement = dialog.statement.toPlainText().strip()
        problems: list[Message] = []
        if chosen is None:
            problems.append((ATTEMPT_NEEDED, {}))
        if not statement:
            problems.append((STATEMENT_NEEDED, {}))
        if problems or chosen is None:
            dialog.show_error(messages_text(problems, _))
            return None
        try:
            view = self._appeals.file_appeal(self._actor, chosen.attempt_id, statement)
        except AppealRefused as refusal:
            dialog.show_error(message_text(filing_refusal(refusal, self._timezone), _))
            self._search_changed(dialog.search.text())
            return None
        except NotPermitted as refusal:
            dialog.show_error(message_text(appeal_not_permitted(refusal), _))
            return None
        dialog.close_dialog()
        self._error = None
        self._notice = (
            FILED,
            {
                "number": view.number,
                "name": view.candidate_name,
                "time": clock_time(view.filed_at, self._timezone),
            },
        )
        self._replace(view)
        self.changed.emit()
        return view

    # -- the commission ----------------------------------------------------------------------

    def open_commission(self) -> None:
        """Open the commission's form for the chosen appeal, filled with what is composed."""
        view = self.current
        if view is None or not self._can_compose(view):
            return
        _ = self._tr
        try:
            people = self._appeals.commissioners(self._actor)
            session = self._appeals.session_commission(self._actor, view.session_id)
        except NotPermitted as refusal:
            self._show_error(appeal_not_permitted(refusal))
            return
        dialog = self.commission_dialog
        dialog.retranslate(_)
        dialog.prepare(people, view.commission or session, session_wide=view.commission is None)
        note = ""
        if session is not None:
            note = _(SESSION_HAS_COMMISSION).format(
                chair=session.chair.full_name, count=len(session.members) - 1
            )
        set_text(dialog.session_note, note)
        dialog.session_note.setVisible(bool(note))
        dialog.present(
            _("The commission of appeal No. {number}").format(number=view.number),
            _("Compose"),
            _("Cancel"),
            message=self._commission_message(view),
            focus=dialog.chair,
        )
        dialog.retranslate(_)

    def _commission_message(self, view: AppealView) -> str:
        _ = self._tr
        return _(
            "A chair and 1 to 5 members, from the accounts with the commission role (cl. 34). "
            "The session's commission hears every appeal of the session of {date}."
        ).format(date=view.session_date.strftime("%d.%m.%Y"))

    def compose(self) -> CommissionView | None:
        """Compose the commission as chosen; the commission, or None with the reason said."""
        _ = self._tr
        view = self.current
        dialog = self.commission_dialog
        if view is None:
            return None
        problems = dialog.problems()
        if problems or dialog.chair_id is None:
            dialog.show_error(messages_text(problems, _))
            return None
        try:
            composed = self._appeals.compose_commission(
                self._actor,
                chair=dialog.chair_id,
                members=dialog.member_ids,
                basis=dialog.basis.text().strip(),
                session_id=view.session_id if dialog.session_wide else None,
                appeal_id=None if dialog.session_wide else view.appeal_id,
            )
        except CommissionRefused as refusal:
            dialog.show_error(message_text(commission_refusal(refusal), _))
            return None
        except HearingRefused as refusal:
            dialog.show_error(message_text(hearing_refusal_message(refusal), _))
            return None
        except NotPermitted as refusal:
            dialog.show_error(message_text(appeal_not_permitted(refusal), _))
            return None
        dialog.close_dialog()
        self._error = None
        if composed.session_id is not None:
            self._notice = (
                SESSION_COMMISSION_COMPOSED,
                {
                    "date": view.session_date.strftime("%d.%m.%Y"),
                    "chair": composed.chair.full_name,
                },
            )
        else:
            self._notice = (
                COMMISSION_COMPOSED,
                {"number": view.number, "chair": composed.chair.full_name},
            )
        self._replace(view)
        self.changed.emit()
        return composed

    # -- the hearing -------------------------------------------------------------------------

    def open_hearing(self) -> None:
        """Open the attendance of the chosen appeal's commission."""
        view = self.current
        commission = self.commission_of(view) if view is not None else None
        if view is None or commission is None or not self._can_hear(view):
            return
        _ = self._tr
        dialog = self.hearing_dialog
        dialog.retranslate(_)
        dialog.prepare(commission, view.hearing)
        dialog.present(
            _("The hearing of appeal No. {number}").format(number=view.number),
            _("Open the hearing"),
            _("Cancel"),
            message=self._hearing_message(),
            focus=dialog.attending[0] if dialog.attending else None,
        )

    def _hearing_message(self) -> str:
        _ = self._tr
        return _(
            "Untick whoever is absent. A member who declares a conflict of interest does not "
            "take part; the chair and at least one member must take part."
        )

    def record_hearing(self) -> AppealView | None:
        """Record the attendance; the appeal with its hearing open, or None with the reason."""
        _ = self._tr
        view = self.current
        dialog = self.hearing_dialog
        if view is None:
            return None
        attendance = dialog.attendance()
        try:
            heard = self._appeals.open_hearing(self._actor, view.appeal_id, attendance)
        except HearingRefused as refusal:
            dialog.show_error(message_text(hearing_refusal_message(refusal), _))
            return None
        except NotPermitted as refusal:
            dialog.show_error(message_text(appeal_not_permitted(refusal), _))
            return None
        dialog.close_dialog()
        taking = sum(1 for entry in attendance if entry.present and not entry.conflict)
        self._error = None
        self._notice = (HEARING_OPENED, {"number": heard.number, "count": taking})
        self._replace(heard)
        self.changed.emit()
        return heard

    # -- the review --------------------------------------------------------------------------

    def open_review(self) -> AppealReviewScreen | None:
        """Open the chosen appeal's review in a window of its own (the commission only)."""
        view = self.current
        if view is None or not self._may_hear:
            return None
        try:
            review = self._appeals.review(self._actor, view.appeal_id)
        except NotPermitted as refusal:
            self._show_error(appeal_not_permitted(refusal))
            return None
        except HearingRefused as refusal:
            self._show_error(hearing_refusal_message(refusal))
            return None
        except LookupError:
            self._show_error((APPEAL_GONE, {}))
            return None
        if self.review_screen is not None:
            self.review_screen.close()
            self.review_screen.deleteLater()
        screen = AppealReviewScreen(
            self._appeals, self._actor, review, self._tr, self._timezone, self, theme=self._theme
        )
        screen.decided.connect(self._decided)
        self.review_screen = screen
        self._show_review(screen, self)
        return screen

    def _decided(self, view: AppealView) -> None:
        self._error = None
        if view.status is AppealStatus.SATISFIED:
            self._notice = (
                DECIDED_SATISFIED,
                {"number": view.number, "old": view.old_score, "new": view.new_score},
            )
        else:
            self._notice = (DECIDED_REJECTED, {"number": view.number, "old": view.old_score})
        self._replace(view)
        self.changed.emit()

    # -- the protocol ------------------------------------------------------------------------

    def _protocol_path(self) -> Path | None:
        view = self.current
        if view is None:
            return None
        if view.status is AppealStatus.FILED:
            self._show_error((NOT_DECIDED, {}))
            return None
        try:
            return self._appeals.appeal_protocol(self._actor, view.appeal_id)
        except NotPermitted as refusal:
            self._show_error(appeal_not_permitted(refusal))
        except HearingRefused as refusal:
            self._show_error(hearing_refusal_message(refusal))
        except LookupError:
            self._show_error((APPEAL_GONE, {}))
        return None

    def save_protocol(self) -> Path | None:
        """Save a copy of the chosen appeal's protocol where the user says."""
        view = self.current
        path = self._protocol_path()
        if view is None or path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError as problem:
            self._show_error((NOT_READ, {"problem": str(problem)}))
            return None
        _ = self._tr
        saved = self._save_file(
            self, _("Save the appeal protocol"), f"appeal-protocol-{view.number}.pdf", data
        )
        if saved is not None:
            self._set_messages(notice=(SAVED, {"path": str(saved)}))
        return saved

    def open_protocol(self) -> bool:
        """Open the chosen appeal's archived protocol with the system's viewer."""
        path = self._protocol_path()
        if path is None:
            return False
        if self._open_document(path):
            self._set_messages(notice=(OPENED, {"path": str(path)}))
            return True
        self._show_error((NOT_OPENED, {"path": str(path)}))
        return False

    # -- drawing -----------------------------------------------------------------------------

    def set_translator(self, translator: Translator) -> None:
        """Switch the interface language (the review screen too) and redraw."""
        super().set_translator(translator)
        if self.review_screen is not None:
            self.review_screen.set_translator(translator)

    def row_texts(self) -> list[dict[str, str]]:
        """The table's cells by column, row by row, as shown."""
        return [
            {key: self.table.item(row, column).text() for column, key in enumerate(COLUMNS)}
            for row in range(self.table.rowCount())
        ]

    def detail_text(self, key: str) -> str:
        """A line of the chosen appeal's details, as shown."""
        return self.detail_values[key].text()

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Technical appeals"))
        set_text(
            self.intro,
            _(
                "Filed in person within the hour after the test (cl. 33); heard by the "
                "technical commission, a chair and at most 5 members (cl. 34), who see the "
                "answers and the keys on the screen with the candidate (cl. 35)."
            ),
        )
        set_text(self.file_button, _("File an appeal…"))
        set_text(self.commission_button, _("Commission…"))
        set_text(self.hearing_button, _("Hearing…"))
        set_text(self.review_button, _("Review"))
        set_text(self.protocol_button, _("Save the protocol…"))
        set_text(self.open_protocol_button, _("Open the protocol"))
        self.table.setHorizontalHeaderLabels([_(HEADERS[key]) for key in COLUMNS])
        self.table.setAccessibleName(_("Appeals"))
        captions = {
            "statement": _("Statement"),
            "test": _("Test and filing"),
            "commission": _("Commission"),
            "hearing": _("Hearing"),
            "decision": _("Decision"),
        }
        for key, caption in self.detail_captions.items():
            set_text(caption, captions[key])
        self._retranslate_dialogs()
        self._draw_table()
        self._draw_current()
        self._draw_messages()

    def _retranslate_dialogs(self) -> None:
        _ = self._tr
        view = self.current
        filing = self.filing_dialog
        filing.retranslate(_)
        if filing.isVisible():
            filing.retexts(
                _("File an appeal"),
                _("File the appeal"),
                _("Cancel"),
                _(
                    "The candidate files in person, within the hour after their test (cl. 33). "
                    "Find the test by the candidate's name or code."
                ),
            )
            self._search_changed(filing.search.text())
        commission = self.commission_dialog
        commission.retranslate(_)
        if commission.isVisible() and view is not None:
            commission.retexts(
                _("The commission of appeal No. {number}").format(number=view.number),
                _("Compose"),
                _("Cancel"),
                self._commission_message(view),
            )
        hearing = self.hearing_dialog
        hearing.retranslate(_)
        if hearing.isVisible() and view is not None:
            hearing.retexts(
                _("The hearing of appeal No. {number}").format(number=view.number),
                _("Open the hearing"),
                _("Cancel"),
                self._hearing_message(),
            )

    def _draw_table(self) -> None:
        _ = self._tr
        self.table.setRowCount(len(self._views))
        for row, view in enumerate(self._views):
            cells = {
                "number": view.number,
                "name": view.candidate_name,
                "code": view.code or NO_VALUE,
                "filed": day_time(view.filed_at, self._timezone),
                "status": status_text(view, _, self.commission_of(view)),
                "score": score_text(view, _),
            }
            for column, key in enumerate(COLUMNS):
                item = QTableWidgetItem(cells[key])
                item.setToolTip(cells[key])
                self.table.setItem(row, column, item)
        set_text(self.count, _("Appeals: {count}").format(count=len(self._views)))

    def _draw_current(self) -> None:
        _ = self._tr
        view = self.current
        tz = self._timezone
        texts = dict.fromkeys(self.detail_values, "")
        if view is not None:
            texts["statement"] = view.statement
            texts["test"] = _(
                "The test ended at {ended}; appeals until {deadline}; filed at {filed}, "
                "received by {by}."
            ).format(
                ended=clock_time(view.ended_at, tz),
                deadline=clock_time(view.deadline, tz),
                filed=clock_time(view.filed_at, tz),
                by=view.filed_by,
            )
            texts["commission"] = self._commission_text(view)
            texts["hearing"] = self._hearing_text(view)
            texts["decision"] = self._decision_text(view)
        heading = (
            _("Appeal No. {number}: {name}").format(number=view.number, name=view.candidate_name)
            if view is not None
            else _("No appeal is chosen.")
            if self._views
            else _("No appeal has been filed.")
        )
        set_text(self.details_heading, heading)
        for key, value in self.detail_values.items():
            set_text(value, texts[key])
            value.setVisible(view is not None)
            self.detail_captions[key].setVisible(view is not None)
        self._draw_buttons()

    def _commission_text(self, view: AppealView) -> str:
        _ = self._tr
        commission = self.commission_of(view)
        if commission is None:
            return _("Not composed yet.")
        members = [member for member in commission.members if member.role != CHAIR]
        scope = (
            _("for the session of {date}").format(date=view.session_date.strftime("%d.%m.%Y"))
            if commission.session_id is not None
            else _("for this appeal")
        )
        return _("Chair {chair}; members: {members} ({scope}). Basis: {basis}.").format(
            chair=commission.chair.full_name,
            members=member_names(members),
            scope=scope,
            basis=commission.basis or NO_VALUE,
        )

    def _hearing_text(self, view: AppealView) -> str:
        _ = self._tr
        if view.heard_at is None:
            return _("Not opened yet.")
        present = [m for m in view.hearing if m.takes_part]
        absent = [m for m in view.hearing if not m.present]
        conflicts = [m for m in view.hearing if m.present and m.conflict]
        parts = [
            _("Opened at {time}. Taking part: {names}.").format(
                time=clock_time(view.heard_at, self._timezone), names=member_names(present)
            )
        ]
        if absent:
            parts.append(_("Absent: {names}.").format(names=member_names(absent)))
        for member in conflicts:
            parts.append(
                _("Conflict of interest: {name} ({conflict}).").format(
                    name=member.full_name, conflict=member.conflict
                )
            )
        return " ".join(parts)

    def _decision_text(self, view: AppealView) -> str:
        _ = self._tr
        if view.status is AppealStatus.FILED or view.decided_at is None:
            return _("Not decided yet.")
        text = _("{status} at {time}: {summary}").format(
            status=status_text(view, _, self.commission_of(view)),
            time=day_time(view.decided_at, self._timezone),
            summary=view.summary or NO_VALUE,
        )
        if view.new_protocol:
            text += " " + _("New testing protocol: {number}.").format(number=view.new_protocol)
        return text

    @staticmethod
    def _can_compose(view: AppealView) -> bool:
        return view.status is AppealStatus.FILED and view.heard_at is None

    def _can_hear(self, view: AppealView) -> bool:
        # Attendance may be recorded again until the decision (a member came late).
        return view.status is AppealStatus.FILED and self.commission_of(view) is not None

    def _draw_buttons(self) -> None:
        view = self.current
        self.commission_button.setEnabled(view is not None and self._can_compose(view))
        self.hearing_button.setEnabled(view is not None and self._can_hear(view))
        self.review_button.setEnabled(view is not None)
        decided = view is not None and view.status is not AppealStatus.FILED
        self.protocol_button.setEnabled(decided)
        self.open_protocol_button.setEnabled(decided)

    def _message_texts(self) -> tuple[str, str]:
        # Not being allowed to read the appeals stays said until the page is reloaded.
        error, notice = super()._message_texts()
        if not error and self._read_error:
            error = message_text(self._read_error, self._tr)
        return error, notice
