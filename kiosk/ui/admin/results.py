"""The results page: a competition's ranking, its outcome in the regulation's words, the additional
test for a tie, a winner's refusal, and the documents.

The page shows one competition (chosen at the top): one sentence saying what the competition has
come to (cl. 29-32: the winner by name; a tie for first that needs an additional test; a tie that
remains after it, for the authorized body to decide — never a winner picked by name order; a void
competition with its ground; a winner who refused with nobody else over the threshold; results
pending while someone is in the test), and the ranking: place, name, main and additional score,
total, meets / does not meet, and the standing in words and in colour (never colour alone).

Actions follow the actor's roles (``DECIDE_RESULTS`` schedules the additional test and records
a refusal, ``EXPORT_DOCUMENTS`` saves the documents); an observer reads the page without them.
The services check every call again, and their refusals are shown as translated messages.

The codes of an additional test are issued once and never shown again, so the page keeps the
:class:`IssuedCode` list of the test it scheduled and hands it to the injected ``save_slips``;
documents go to the injected ``save_document`` (the system's save dialog by default).  The
sessions of a competition (for the session results protocol and the main test's date, from which
the cl. 29 deadline is counted) come from the injected ``competition_sessions``.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.results import (
    Line,
    Outcome,
    Standing,
    TieBreakWarning,
    VoidReason,
    tie_break_deadline,
    tie_break_sections,
    tie_break_warning,
)
from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.competition_views import (
    APPROVED,
    TIE_BREAK,
    CompetitionResults,
    CompetitionView,
    IssuedCode,
    ResultsRefused,
    SessionPlan,
    TieBreakScheduled,
)
from kiosk.services.session_views import SessionChoice
from kiosk.services.views import in_language
from kiosk.ui.admin.browser import DialogOverlay, message_box, readonly_table
from kiosk.ui.admin.competition_ports import Competitions, Documents, Results
from kiosk.ui.admin.competitions import CompetitionPicker
from kiosk.ui.admin.page_parts import (
    CellLook,
    Message,
    MessagePage,
    content_column,
    message_text,
)
from kiosk.ui.theme import NORMAL, Theme, set_state
from kiosk.ui.widgets import button, frame, label, set_text
from translations import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, N_, Gettext, Translator

#: Saves a document: (parent, dialog caption, suggested file name, bytes) → where, or None when
#: the user cancelled.
SaveDocument = Callable[[QWidget, str, str, bytes], Path | None]
#: Saves the code slips of the candidates just seated in a session: (session id, codes).
SaveSlips = Callable[[int, Sequence[IssuedCode]], None]
#: The sessions of one competition: (actor, competition id) → its sessions.
CompetitionSessions = Callable[[Actor, int], Sequence[SessionChoice]]
NO_VALUE = "—"
DATE_FORMAT = "%d.%m.%Y"
#: The session kind of an additional test, as the session service stores it.
#: The approved status of a competition: only approved ones can have results.
#: Defaults of the additional test's form: the usual morning start, the first shift.
DEFAULT_START = time(10, 0)
MAX_SHIFT = 9
#: The session picker is as wide as its longest item ("24.11.2026, 1-смена, кошумча тест").
SESSION_ITEM_CHARS = 34

COLUMNS: tuple[str, ...] = ("place", "name", "main", "extra", "total", "meets", "standing")
HEADERS: dict[str, str] = {
    "place": N_("Place"),
    "name": N_("Candidate's full name"),
    "main": N_("Main test"),
    "extra": N_("Additional test"),
    "total": N_("Total score"),
    "meets": N_("Threshold"),
    "standing": N_("Result of the competition"),
}
CENTRED = frozenset({"place", "main", "extra", "total"})

STANDING_NAMES: dict[Standing, str] = {
    Standing.WINNER: N_("Winner"),
    Standing.TIED: N_("Tied for first place"),
    Standing.RESERVE: N_("Reserve (cl. 32)"),
    Standing.REFUSED: N_("Refused the contract"),
    Standing.BELOW: N_("Below the threshold"),
    Standing.ABSENT: N_("Did not come"),
    Standing.WITHDRAWN: N_("Withdrew from the competition"),
    Standing.RANKED: N_("Placed; results pending"),
    Standing.IN_PROGRESS: N_("Still in the test"),
    Standing.AWAITED: N_("Not tested yet"),
}
#: A mark before each standing, so that standings differ in shape too, not only in colour.
STANDING_MARKS: dict[Standing, str] = {
    Standing.WINNER: "★",
    Standing.TIED: "=",
    Standing.RESERVE: "◆",
    Standing.REFUSED: "✕",
    Standing.BELOW: "▽",
    Standing.ABSENT: "○",
    Standing.WITHDRAWN: "–",
    Standing.RANKED: "·",
    Standing.IN_PROGRESS: "●",
    Standing.AWAITED: "○",
}
MEETS = N_("meets")
DOES_NOT_MEET = N_("does not meet")

VOID_GROUNDS: dict[VoidReason, str] = {
    VoidReason.NO_APPLICATIONS: N_("no applications were submitted"),
    VoidReason.ALL_WITHDREW: N_("all candidates withdrew"),
    VoidReason.NONE_CAME: N_("no candidate came to the test"),
    VoidReason.NONE_REACHED_THRESHOLD: N_("no candidate reached the threshold score"),
}

OUTCOME_WINNER = N_("The winner of the competition: {name}.")
OUTCOME_RUNNER_UP = N_(
    "The winner of the competition: {name}, the runner-up, since {refused} refused the "
    "contract (cl. 29)."
)
OUTCOME_TIE = N_(
    "Tie for first place: {names}. An additional test is needed (cl. 29): within {days} days, "
    "at most {share} of the main test's questions; the sum of both scores decides."
)
OUTCOME_TIE_SCHEDULED = N_(
    "Tie for first place: {names}. The additional test ({questions} questions) is scheduled; "
    "the sum of both scores decides once it is held (cl. 29)."
)
OUTCOME_TIE_UNRESOLVED = N_(
    "The tie remains after the additional test: {names} have equal sums. The authorized body "
    "decides; the program names no winner."
)
OUTCOME_VOID = N_("The competition is void (cl. 30): {ground}.")
OUTCOME_NO_RUNNER_UP = N_(
    "The winner ({name}) refused the contract and no one else reached the threshold score "
    "(cl. 29): the organizer may announce the competition again."
)
OUTCOME_PENDING = N_("Results pending: candidates are still in the test ({count}).")
OUTCOME_AWAITED = N_(
    "Results pending: in the test {count}, not tested yet {awaited} (their session has not ended)."
)
RESERVE_LINE = N_("Reserve (cl. 32): {names}.")
NO_COMPETITION = N_("No approved competition yet: results appear once candidates take the test.")

#: The tone of the outcome box for each outcome (the box says it in words too).
OUTCOME_TONES: dict[Outcome, str] = {
    Outcome.WINNER: "good",
    Outcome.TIE_BREAK_NEEDED: "info",
    Outcome.TIE_UNRESOLVED: "warning",
    Outcome.VOID: "bad",
    Outcome.NO_RUNNER_UP: "bad",
    Outcome.PENDING: "info",
}

#: What the results service refused, by its reason (the detail fills {detail}).
REFUSALS: dict[str, str] = {
    "too_few_unseen_questions": N_(
        "The question bank has too few approved questions that the tied candidates have not "
        "seen (section: available/needed — {detail}). Approve more questions in these sections "
        "and schedule again."
    ),
    "before_main": N_("The additional test cannot be held before the main test ({detail})."),
    "no_tie": N_("There is no tie for first place now, so no additional test is needed."),
    "not_winner": N_("Only the winner's refusal can be recorded; {detail} is not the winner."),
    "in_progress": N_(
        "The ranking cannot be printed while candidates are still in the test: wait until "
        "every session has ended."
    ),
    "no_main_session": N_("The competition has no main test session yet."),
    "appeals_pending": N_(
        "The hand-over package is made once every appeal is decided; waiting: {detail}."
    ),
    "appeal_window_open": N_(
        "A candidate may still file an appeal until {detail} (cl. 33); the hand-over package "
        "can be made after that."
    ),
}
REFUSED_OTHER = N_("The results do not allow this now ({detail}).")
NOT_PERMITTED = N_("Your account's roles do not allow this; nothing was changed.")
NOT_PERMITTED_READ = N_("Your account's roles do not allow reading the results.")
COMPETITION_GONE = N_("This competition or candidate no longer exists.")

PLACE_NEEDED = N_("Write the place of the additional test in Kyrgyz and in Russian.")
DEADLINE_NOTE = N_(
    "The main test was held on {main}: the additional test must be held by {deadline} "
    "(within {days} days, cl. 29)."
)
DEADLINE_UNKNOWN = N_("The deadline of cl. 29 is counted from the main test's date.")
LATE_WARNING = N_(
    "{date} is after the deadline ({deadline}). The test may still be held, but the delay "
    "is recorded."
)
EARLY_WARNING = N_("{date} is before the main test ({main}): choose a later date.")
FORM_PREVIEW = N_("The form: {sections} — {total} questions of {main} (at most {share}).")

SCHEDULED_TITLE = N_("The additional test is scheduled")
SCHEDULED_WHEN = N_("{date}, shift {shift}, start {start}; {place}.")
SCHEDULED_FORM = N_("The form: {sections} — {total} questions, {minutes} min.")
SCHEDULED_CODES = N_(
    "Codes were issued for: {names}. They are shown only now: save the code slips and hand "
    "them to the candidates."
)
SCHEDULED_LATE = N_("Held after the deadline ({deadline}): the delay is on record.")
SCHEDULED_NOTICE = N_("The additional test is scheduled for {date}: {names}.")
SLIPS_SAVED = N_("The code slips were passed on for saving.")

REFUSAL_QUESTION = N_(
    "Record that {name} refused the contract? The next candidate who reached the threshold "
    "takes first place (cl. 29). This cannot be undone."
)
REFUSAL_NOTE = N_("Note for the record (how and when the refusal came)")
REFUSAL_RECORDED_WINNER = N_("{refused} refused the contract. The winner is now {winner}.")
REFUSAL_RECORDED_NONE = N_(
    "{refused} refused the contract. No one else reached the threshold score."
)
REFUSAL_RECORDED_TIE = N_(
    "{refused} refused the contract. Tie for first place: {names}; an additional test is needed."
)

SAVED = N_("Saved: {path}")
PACKAGE_SAVED = N_(
    "The package is saved: {path}. It holds {count} files: the ranking, session results "
    "protocols ({sessions}), testing protocols of the candidates who meet the requirements "
    "({protocols}), the results as XLSX and CSV, and SHA256SUMS with the checksum of every file."
)
SESSION_ITEM = N_("{date}, shift {shift}")
SESSION_ITEM_TIE_BREAK = N_("{date}, shift {shift}, additional test")


def standing_looks(theme: Theme) -> dict[Standing, CellLook]:
    """Each standing's colours in ``theme`` (the theme's own pairs, readable on each other)."""
    t = theme
    return {
        Standing.WINNER: CellLook(t.good_bg, t.good_text, bold=True),
        Standing.TIED: CellLook(t.warning_bg, t.warning_text, bold=True),
        Standing.RESERVE: CellLook(t.chosen_bg, t.chosen_text),
        Standing.REFUSED: CellLook(t.scenario_bg, t.muted),
        Standing.BELOW: CellLook(t.bad_bg, t.bad_text),
        Standing.ABSENT: CellLook(t.scenario_bg, t.muted),
        Standing.WITHDRAWN: CellLook(t.scenario_bg, t.muted),
        Standing.RANKED: CellLook(t.surface, t.text),
        Standing.IN_PROGRESS: CellLook(t.chosen_bg, t.chosen_text),
        Standing.AWAITED: CellLook(t.chosen_bg, t.chosen_text),
    }


def standing_text(standing: Standing, _: Gettext) -> str:
    """A standing in words, with its mark: "★ Winner"."""
    return f"{STANDING_MARKS[standing]} {_(STANDING_NAMES[standing])}"


def meets_text(line: Line, _: Gettext) -> str:
    """ "meets" / "does not meet" for a candidate who submitted; "—" for one who did not."""
    if line.main_score is None:
        return NO_VALUE
    return _(MEETS) if line.meets else _(DOES_NOT_MEET)


def score_text(score: int | None) -> str:
    """A score, or "—" when there is none."""
    return NO_VALUE if score is None else str(score)


def names_of(results: CompetitionResults, ids: Sequence[int]) -> str:
    """The names of the candidates ``ids``, in the ranking's printed order."""
    by_id = {line.candidate_id: line.name for line in results.ranking.lines}
    return ", ".join(by_id[candidate_id] for candidate_id in ids if candidate_id in by_id)


def share_text(share: object) -> str:
    """A share such as ⅓ as "1/3" (the regulation's "one third")."""
    return str(share)


def outcome_text(results: CompetitionResults, _: Gettext) -> str:
    """The competition's outcome in one sentence, in the regulation's words."""
    ranking = results.ranking
    outcome = ranking.outcome
    refused = [line for line in ranking.lines if line.standing == Standing.REFUSED]
    if outcome == Outcome.WINNER:
        name = names_of(results, [ranking.winner] if ranking.winner is not None else [])
        if ranking.runner_up_won:
            refusers = ", ".join(line.name for line in refused)
            return _(OUTCOME_RUNNER_UP).format(name=name, refused=refusers)
        return _(OUTCOME_WINNER).format(name=name)
    if outcome == Outcome.TIE_BREAK_NEEDED:
        names = names_of(results, ranking.tied)
        if tie_break_pending(results):
            return _(OUTCOME_TIE_SCHEDULED).format(
                names=names, questions=results.tie_break_questions
            )
        rules = results.competition.rules
        return _(OUTCOME_TIE).format(
            names=names, days=rules.tie_break_days, share=share_text(rules.tie_break_share)
        )
    if outcome == Outcome.TIE_UNRESOLVED:
        return _(OUTCOME_TIE_UNRESOLVED).format(names=names_of(results, ranking.tied))
    if outcome == Outcome.VOID:
        reason = ranking.void_reason
        ground = _(VOID_GROUNDS[reason]) if reason is not None else NO_VALUE
        return _(OUTCOME_VOID).format(ground=ground)
    if outcome == Outcome.NO_RUNNER_UP:
        return _(OUTCOME_NO_RUNNER_UP).format(name=", ".join(line.name for line in refused))
    in_test = sum(line.standing == Standing.IN_PROGRESS for line in ranking.lines)
    awaited = sum(line.standing == Standing.AWAITED for line in ranking.lines)
    if awaited:
        return _(OUTCOME_AWAITED).format(count=in_test, awaited=awaited)
    return _(OUTCOME_PENDING).format(count=in_test)


def reserve_text(results: CompetitionResults, _: Gettext) -> str:
    """The reserve named, or "" when there is none (or the competition is undecided)."""
    if results.ranking.outcome != Outcome.WINNER or not results.ranking.reserve:
        return ""
    return _(RESERVE_LINE).format(names=names_of(results, results.ranking.reserve))


def tie_break_pending(results: CompetitionResults) -> bool:
    """An additional test is scheduled and not yet held: scheduling another would be a mistake."""
    return results.tie_break_questions is not None and not results.tie_break_held


def refusal_message(refusal: ResultsRefused) -> Message:
    """What the results service refused, as a kept message (a date in the detail as printed)."""
    text = REFUSALS.get(refusal.reason)
    if text is None:
        return (REFUSED_OTHER, {"detail": " ".join((refusal.reason, refusal.detail)).strip()})
    detail = refusal.detail
    if refusal.reason == "before_main" and detail:
        with contextlib.suppress(ValueError):
            detail = date.fromisoformat(detail).strftime(DATE_FORMAT)
    return (text, {"detail": detail})


def refusal_text(refusal: ResultsRefused, _: Translator) -> str:
    """What the results service refused, in words."""
    return message_text(refusal_message(refusal), _)


def sections_text(sections: Sequence[tuple[str, int]], titles: Mapping[str, str]) -> str:
    """Sections and their counts: "Law: 1, Pedagogy: 1"."""
    return ", ".join(f"{titles.get(code, code)}: {count}" for code, count in sections)


def session_item_text(choice: SessionChoice, _: Gettext) -> str:
    """A session in the documents' session picker."""
    message = SESSION_ITEM_TIE_BREAK if choice.kind == TIE_BREAK else SESSION_ITEM
    return _(message).format(date=choice.session_date.strftime(DATE_FORMAT), shift=choice.shift)


def main_test_date(sessions: Sequence[SessionChoice]) -> date | None:
    """The date of the competition's last main session, from which cl. 29 counts the deadline."""
    dates = [choice.session_date for choice in sessions if choice.kind != TIE_BREAK]
    return max(dates) if dates else None


def package_contents(package: bytes) -> list[str]:
    """The file names inside a ZIP package."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.namelist()


def save_with_dialog(
    parent: QWidget, caption_text: str, suggested: str, data: bytes
) -> Path | None:
    """The system's save-file dialog, then the bytes written there (the default save)."""
    suffix = Path(suggested).suffix.lstrip(".")
    name_filter = f"{suffix.upper()} (*.{suffix})" if suffix else ""
    chosen, _selected = QFileDialog.getSaveFileName(parent, caption_text, suggested, name_filter)
    if not chosen:
        return None
    path = Path(chosen)
    path.write_bytes(data)
    return path


def page_style(theme: Theme) -> str:
    """The page's own colours: the outcome box in each tone, and the warning boxes (a late
    additional test is allowed, so it is not shown as an error); the words say the same."""
    t = theme
    tones = {
        "good": (t.good_bg, t.good_text),
        "info": (t.chosen_bg, t.chosen_text),
        "warning": (t.warning_bg, t.warning_text),
        "bad": (t.bad_bg, t.bad_text),
    }
    rules = [
        f'QFrame#resultsOutcome[tone="{tone}"] {{ background: {bg}; '
        f"border: 2px solid {fg}; border-radius: 6px; }}\n"
        f'QFrame#resultsOutcome[tone="{tone}"] QLabel {{ color: {fg}; }}'
        for tone, (bg, fg) in tones.items()
    ]
    rules.append(
        f'QFrame[role="warning"] {{ background: {t.warning_bg}; '
        f"border: 2px solid {t.warning_border}; border-radius: 6px; }}\n"
        f'QFrame[role="warning"] QLabel {{ color: {t.warning_text}; }}'
    )
    return "\n".join(rules)


# -- dialogs -------------------------------------------------------------------------------------


class TieBreakDialog(DialogOverlay):
    """When and where the additional test is held: date, shift, start time, place (ky and ru).

    The cl. 29 deadline is shown under the date and a later date is warned about (allowed, but on
    record); a date before the main test is refused by the service and warned about here.
    """

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "tieBreakDialog")
        self.main_date: date | None = None
        self.days = 2
        self.form_line = ""
        self.day = QDateEdit(objectName="tieBreakDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.shift = QSpinBox(objectName="tieBreakShift")
        self.shift.setRange(1, MAX_SHIFT)
        self.start = QTimeEdit(objectName="tieBreakStart")
        self.start.setDisplayFormat("HH:mm")
        self.places = {
            language: QLineEdit(objectName=f"tieBreakPlace-{language}")
            for language in CONTENT_LANGUAGES
        }
        self.captions: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        rows: list[tuple[str, QWidget]] = [
            ("date", self.day),
            ("shift", self.shift),
            ("start", self.start),
            *((f"place-{language}", field) for language, field in self.places.items()),
        ]
        for row, (key, field) in enumerate(rows):
            caption = label("fieldCaption", wrap=False, name=f"tieBreakCaption-{key}")
            caption.setBuddy(field)
            self.captions[key] = caption
            grid.addWidget(caption, row, 0)
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(1, 1)
        self.deadline = label("muted", name="tieBreakDeadline")
        self.form = label(name="tieBreakForm")
        self.warning = message_box("warning", "tieBreakWarning")
        self.fields.addLayout(grid)
        self.fields.addWidget(self.deadline)
        self.fields.addWidget(self.warning)
        self.fields.addWidget(self.form)
        self._tr: Gettext = str
        self.day.dateChanged.connect(self._draw_deadline)

    def prepare(
        self,
        main_date: date | None,
        days: int,
        first_day: date,
        place: Mapping[str, str],
        form_line: str,
    ) -> None:
        """Fill the form for a new additional test."""
        self.main_date = main_date
        self.days = days
        self.form_line = form_line
        self.day.setDate(QDate(first_day.year, first_day.month, first_day.day))
        self.shift.setValue(1)
        self.start.setTime(QTime(DEFAULT_START.hour, DEFAULT_START.minute))
        for language, field in self.places.items():
            field.setText(place.get(language, ""))
        self._draw_deadline()

    def chosen_date(self) -> date:
        """The date chosen."""
        return self.day.date().toPython()

    def plan(self) -> SessionPlan | None:
        """The plan as filled in; None while a place is missing."""
        place = {language: field.text().strip() for language, field in self.places.items()}
        if not all(place.values()):
            return None
        start = self.start.time()
        return SessionPlan(
            session_date=self.chosen_date(),
            place=place,
            shift=self.shift.value(),
            starts_at=time(start.hour(), start.minute()),
        )

    def retranslate(self, translator: Gettext) -> None:
        """Draw the captions and notes in the interface language."""
        _ = self._tr = translator
        names = {
            "date": _("Date"),
            "shift": _("Shift"),
            "start": _("Start time"),
            "place-ky": _("Place (in Kyrgyz)"),
            "place-ru": _("Place (in Russian)"),
        }
        for key, caption in self.captions.items():
            set_text(caption, names.get(key, key))
        self._draw_deadline()

    def _draw_deadline(self) -> None:
        _ = self._tr
        set_text(self.form, self.form_line)
        self.form.setVisible(bool(self.form_line))
        chosen = self.chosen_date()
        if self.main_date is None:
            set_text(self.deadline, _(DEADLINE_UNKNOWN))
            self.warning.set_message("")
            return
        deadline = tie_break_deadline(self.main_date, self.days)
        set_text(
            self.deadline,
            _(DEADLINE_NOTE).format(
                main=self.main_date.strftime(DATE_FORMAT),
                deadline=deadline.strftime(DATE_FORMAT),
                days=self.days,
            ),
        )
        warning = tie_break_warning(self.main_date, chosen, self.days)
        text = ""
        # Late is allowed (a warning); before the main test is refused (an error).
        set_state(
            self.warning, role="error" if warning == TieBreakWarning.BEFORE_MAIN else "warning"
        )
        if warning == TieBreakWarning.LATE:
            text = _(LATE_WARNING).format(
                date=chosen.strftime(DATE_FORMAT), deadline=deadline.strftime(DATE_FORMAT)
            )
        elif warning == TieBreakWarning.BEFORE_MAIN:
            text = _(EARLY_WARNING).format(
                date=chosen.strftime(DATE_FORMAT), main=self.main_date.strftime(DATE_FORMAT)
            )
        self.warning.set_message(text)


class ScheduledDialog(DialogOverlay):
    """What was scheduled: when and where, the form, whose codes were issued; save the slips."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "scheduledDialog")
        self.scheduled: TieBreakScheduled | None = None
        self.plan: SessionPlan | None = None
        self.when = label(name="scheduledWhen")
        self.form = label("value", name="scheduledForm")
        self.codes = label(name="scheduledCodes")
        self.late = message_box("warning", "scheduledLate")
        self.saved = message_box("good", "scheduledSaved")
        for widget in (self.when, self.form, self.codes, self.late, self.saved):
            self.fields.addWidget(widget)


class RefusalDialog(DialogOverlay):
    """Confirm the winner's refusal of the contract, with a note for the record."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "refusalDialog")
        self.candidate_id: int | None = None
        self.candidate_name = ""
        self.note_caption = label("fieldCaption", wrap=False, name="refusalNoteCaption")
        self.note = QLineEdit(objectName="refusalNote")
        self.note_caption.setBuddy(self.note)
        self.fields.addWidget(self.note_caption)
        self.fields.addWidget(self.note)


# -- the page ------------------------------------------------------------------------------------


class ResultsPage(MessagePage):
    """A competition's ranking and outcome, the additional test, a refusal and the documents.

    ``results``, ``documents`` and ``competitions`` are the services' ports; ``actor`` is the
    signed-in staff member, in whose name every call is made; ``translator_factory`` makes a
    translator for a language (tests pass strict ones); ``timezone`` is the testing center's, for
    "today".  ``competition_sessions`` lists a competition's sessions (the session protocol's
    picker and the main test's date); ``save_document`` saves a document's bytes (the system's
    save dialog by default); ``save_slips`` saves the code slips of an additional test.
    """

    def __init__(
        self,
        results: Results,
        documents: Documents,
        competitions: Competitions,
        actor: Actor,
        translator_factory: Callable[[str], Translator],
        timezone: tzinfo | None,
        parent: QWidget | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
        competition_sessions: CompetitionSessions | None = None,
        save_document: SaveDocument = save_with_dialog,
        save_slips: SaveSlips | None = None,
        section_titles: Mapping[str, str] | None = None,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__(translator_factory(language), parent, name="results")
        self.setObjectName("resultsPage")
        self.setStyleSheet(page_style(theme))
        self._results_port = results
        self._documents = documents
        self._competitions = competitions
        self._actor = actor
        self._translator_factory = translator_factory
        self._timezone = timezone
        self._competition_sessions = competition_sessions
        self._save_document = save_document
        self._save_slips = save_slips
        self._section_titles = dict(section_titles or {})
        self._theme = theme
        self._looks = standing_looks(theme)
        self._sessions: list[SessionChoice] = []
        self._current: CompetitionResults | None = None
        self._scheduled: dict[int, TieBreakScheduled] = {}
        self._read_error: Message | None = None
        may_decide = actor.may(Permission.DECIDE_RESULTS)
        may_export = actor.may(Permission.EXPORT_DOCUMENTS)

        self.content, column = content_column(self)
        self.title = label("pageTitle", wrap=False, name="resultsTitle")
        # Only approved competitions have results: their status would say nothing.
        self.picker = CompetitionPicker("resultsCompetition", with_status=False)
        self.outcome = frame("outcome")
        self.outcome.setObjectName("resultsOutcome")
        self.outcome_label = label(name="resultsOutcomeText")
        bold = QFont(self.outcome_label.font())
        bold.setBold(True)
        self.outcome_label.setFont(bold)
        self.reserve_label = label(name="resultsReserve")
        inside = QVBoxLayout(self.outcome)
        inside.setContentsMargins(18, 10, 18, 10)
        inside.setSpacing(4)
        inside.addWidget(self.outcome_label)
        inside.addWidget(self.reserve_label)
        self.table = readonly_table("resultsTable")
        self.table.setColumnCount(len(COLUMNS))
        # Names are never cut: every column is as wide as its texts, the last takes the rest.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.tie_break_button = button("primary", name="scheduleTieBreak")
        self.slips_button = button(name="tieBreakSlips")
        self.refusal_button = button("danger", name="recordRefusal")
        self.ranking_button = button(name="rankingPdf")
        self.session_caption = label("fieldCaption", wrap=False, name="resultsSessionCaption")
        self.session_combo = QComboBox(objectName="resultsSession")
        self.session_combo.setMinimumContentsLength(SESSION_ITEM_CHARS)
        self.session_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.session_caption.setBuddy(self.session_combo)
        self.session_button = button(name="sessionResultsPdf")
        self.package_button = button(name="ministryPackage")
        self.decide_buttons = (self.tie_break_button, self.refusal_button)
        self.export_widgets: tuple[QWidget, ...] = (
            self.ranking_button,
            self.session_caption,
            self.session_combo,
            self.session_button,
            self.package_button,
        )
        self._may_decide = may_decide
        for widget in self.decide_buttons:
            widget.setVisible(may_decide)
        self.slips_button.setVisible(False)
        for widget in self.export_widgets:
            widget.setVisible(may_export)
        if competition_sessions is None:
            for widget in (self.session_caption, self.session_combo, self.session_button):
                widget.setVisible(False)

        decisions = QHBoxLayout()
        decisions.setSpacing(10)
        decisions.addWidget(self.tie_break_button)
        decisions.addWidget(self.slips_button)
        decisions.addWidget(self.refusal_button)
        decisions.addStretch(1)
        self.documents_caption = label("heading", wrap=False, name="resultsDocumentsCaption")
        self.documents_caption.setVisible(may_export)
        # Two rows, so that the page fits what the admin window leaves it on a 1366×768 screen.
        docs = QHBoxLayout()
        docs.setSpacing(10)
        docs.addWidget(self.ranking_button)
        docs.addWidget(self.package_button)
        docs.addStretch(1)
        session_docs = QHBoxLayout()
        session_docs.setSpacing(10)
        session_docs.addWidget(self.session_caption)
        session_docs.addWidget(self.session_combo)
        session_docs.addWidget(self.session_button)
        session_docs.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.picker)
        column.addWidget(self.outcome)
        column.addLayout(decisions)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addWidget(self.table, 1)
        column.addWidget(self.documents_caption)
        column.addLayout(docs)
        column.addLayout(session_docs)

        self.tie_break_dialog = TieBreakDialog(self, self.content)
        self.scheduled_dialog = ScheduledDialog(self, self.content)
        self.refusal_dialog = RefusalDialog(self, self.content)
        self.picker.chosen.connect(self._competition_changed)
        self.tie_break_button.clicked.connect(self.ask_tie_break)
        self.tie_break_dialog.accepted.connect(self.schedule_tie_break)
        self.scheduled_dialog.accepted.connect(self.save_tie_break_slips)
        self.slips_button.clicked.connect(self.save_tie_break_slips)
        self.refusal_button.clicked.connect(self.ask_refusal)
        self.refusal_dialog.accepted.connect(self.record_refusal)
        self.ranking_button.clicked.connect(self.save_ranking)
        self.session_button.clicked.connect(self.save_session_results)
        self.package_button.clicked.connect(self.save_package)
        self.retranslate()
        self.refresh()

    # -- reading -----------------------------------------------------------------------------

    @property
    def results(self) -> CompetitionResults | None:
        """The results shown (None while there is no competition)."""
        return self._current

    @property
    def competition(self) -> CompetitionView | None:
        """The competition chosen."""
        return self.picker.current

    @property
    def sessions(self) -> list[SessionChoice]:
        """The chosen competition's sessions, as the session picker lists them."""
        return list(self._sessions)

    def refresh(self) -> None:
        """Reload the competitions and the chosen one's results (what was said is now old)."""
        self._error = self._notice = None
        self._read_error = None
        try:
            views = self._competitions.competitions(self._actor)
        except NotPermitted:
            views = []
            self._read_error = (NOT_PERMITTED_READ, {})
        approved = [view for view in views if view.status == APPROVED]
        self.picker.set_competitions(approved, self._tr)
        self._load()

    def select_competition(self, competition_id: int) -> bool:
        """Show the competition ``competition_id``; False when it is not listed."""
        if self.competition is not None and self.competition.id == competition_id:
            self._load()
            return True
        return self.picker.select(competition_id)

    def _competition_changed(self, _competition_id: int) -> None:
        self._error = self._notice = None
        self._load()

    def _load(self) -> None:
        """Read the chosen competition's results and sessions, and draw them."""
        view = self.competition
        self._current = None
        self._sessions = []
        if view is not None:
            try:
                self._current = self._results_port.results(self._actor, view.id)
            except NotPermitted:
                self._read_error = (NOT_PERMITTED_READ, {})
            except LookupError:
                self._read_error = (COMPETITION_GONE, {})
            if self._competition_sessions is not None:
                try:
                    self._sessions = list(self._competition_sessions(self._actor, view.id))
                except NotPermitted:
                    self._sessions = []
        self._draw()

    # -- the additional test -----------------------------------------------------------------

    def ask_tie_break(self) -> None:
        """Open the additional test's form, prefilled from the main test."""
        results = self._current
        if results is None or not self._may_schedule(results):
            return
        _ = self._tr
        rules = results.competition.rules
        main_date = main_test_date(self._sessions)
        today = datetime.now(self._timezone).date()
        # The day after the main test is within any deadline and leaves a day to prepare.
        first_day = main_date + timedelta(days=1) if main_date else today
        mains = [choice for choice in self._sessions if choice.kind != TIE_BREAK]
        place = dict(mains[0].place) if mains else {}
        self.tie_break_dialog.retranslate(_)
        self.tie_break_dialog.prepare(
            main_date, rules.tie_break_days, first_day, place, self._form_preview(results)
        )
        self.tie_break_dialog.present(
            _("Schedule the additional test"),
            _("Schedule and issue codes"),
            _("Cancel"),
            message=_("Tied for first place: {names}.").format(
                names=names_of(results, results.ranking.tied)
            ),
            focus=self.tie_break_dialog.day,
        )

    def _form_preview(self, results: CompetitionResults) -> str:
        _ = self._tr
        view = results.competition
        rules = view.rules
        sections = tie_break_sections(view.blueprint.sections, rules.tie_break_share)
        total = sum(count for _code, count in sections)
        return _(FORM_PREVIEW).format(
            sections=sections_text(sections, self._section_titles),
            total=total,
            main=view.question_count,
            share=share_text(rules.tie_break_share),
        )

    def schedule_tie_break(self) -> TieBreakScheduled | None:
        """Schedule the additional test as filled in; the scheduled test, or None when refused."""
        _ = self._tr
        results = self._current
        plan = self.tie_break_dialog.plan()
        if results is None:
            return None
        if plan is None:
            self.tie_break_dialog.show_error(_(PLACE_NEEDED))
            return None
        try:
            scheduled = self._results_port.schedule_tie_break(
                self._actor, results.competition.id, plan
            )
        except NotPermitted:
            self.tie_break_dialog.show_error(_(NOT_PERMITTED))
            return None
        except ResultsRefused as refusal:
            self.tie_break_dialog.show_error(refusal_text(refusal, _))
            return None
        self.tie_break_dialog.close_dialog()
        self._scheduled[results.competition.id] = scheduled
        names = ", ".join(code.candidate_name for code in scheduled.codes)
        self._error = None
        self._notice = (
            SCHEDULED_NOTICE,
            {"date": plan.session_date.strftime(DATE_FORMAT), "names": names},
        )
        self._load()
        self._show_scheduled(scheduled, plan)
        self.changed.emit()
        return scheduled

    def _show_scheduled(self, scheduled: TieBreakScheduled, plan: SessionPlan) -> None:
        _ = self._tr
        dialog = self.scheduled_dialog
        dialog.scheduled = scheduled
        dialog.plan = plan
        start = plan.starts_at.strftime("%H:%M") if plan.starts_at else NO_VALUE
        set_text(
            dialog.when,
            _(SCHEDULED_WHEN).format(
                date=plan.session_date.strftime(DATE_FORMAT),
                shift=plan.shift,
                start=start,
                place=in_language(dict(plan.place), self._tr.language),
            ),
        )
        total = sum(count for _code, count in scheduled.sections)
        set_text(
            dialog.form,
            _(SCHEDULED_FORM).format(
                sections=sections_text(scheduled.sections, self._section_titles),
                total=total,
                minutes=scheduled.time_limit_s // 60,
            ),
        )
        names = ", ".join(code.candidate_name for code in scheduled.codes)
        set_text(dialog.codes, _(SCHEDULED_CODES).format(names=names))
        late = ""
        if scheduled.warning == TieBreakWarning.LATE:
            late = _(SCHEDULED_LATE).format(deadline=scheduled.deadline.strftime(DATE_FORMAT))
        dialog.late.set_message(late)
        dialog.saved.set_message("")
        dialog.ok.setVisible(self._save_slips is not None)
        dialog.present(
            _(SCHEDULED_TITLE),
            _("Save the code slips…"),
            _("Close"),
            focus=dialog.ok if self._save_slips is not None else dialog.cancel,
        )

    def save_tie_break_slips(self) -> bool:
        """Pass the kept codes of the chosen competition's additional test to ``save_slips``."""
        view = self.competition
        scheduled = self._scheduled.get(view.id) if view else None
        if scheduled is None or self._save_slips is None:
            return False
        self._save_slips(scheduled.session_id, list(scheduled.codes))
        if self.scheduled_dialog.isVisible():
            self.scheduled_dialog.saved.set_message(self._tr(SLIPS_SAVED))
        return True

    # -- the winner's refusal ----------------------------------------------------------------

    def ask_refusal(self) -> None:
        """Ask to confirm that the winner refused the contract."""
        results = self._current
        if results is None or results.ranking.winner is None:
            return
        _ = self._tr
        dialog = self.refusal_dialog
        dialog.candidate_id = results.ranking.winner
        dialog.candidate_name = names_of(results, [results.ranking.winner])
        dialog.note.clear()
        set_text(dialog.note_caption, _(REFUSAL_NOTE))
        dialog.present(
            _("The winner refused the contract"),
            _("Record the refusal"),
            _("Cancel"),
            message=_(REFUSAL_QUESTION).format(name=dialog.candidate_name),
            focus=dialog.note,
        )

    def record_refusal(self) -> bool:
        """Record the refusal confirmed in the dialog; True when it was recorded."""
        _ = self._tr
        dialog = self.refusal_dialog
        if dialog.candidate_id is None:
            return False
        try:
            ranking = self._results_port.record_refusal(
                self._actor, dialog.candidate_id, dialog.note.text().strip()
            )
        except NotPermitted:
            dialog.show_error(_(NOT_PERMITTED))
            return False
        except ResultsRefused as refusal:
            dialog.show_error(refusal_text(refusal, _))
            return False
        except LookupError:
            dialog.show_error(_(COMPETITION_GONE))
            return False
        dialog.close_dialog()
        refused = dialog.candidate_name
        dialog.candidate_id = None
        names = {line.candidate_id: line.name for line in ranking.lines}
        if ranking.winner is not None:
            self._notice = (
                REFUSAL_RECORDED_WINNER,
                {"refused": refused, "winner": names[ranking.winner]},
            )
        elif ranking.outcome == Outcome.TIE_BREAK_NEEDED:
            tied = ", ".join(names[candidate_id] for candidate_id in ranking.tied)
            self._notice = (REFUSAL_RECORDED_TIE, {"refused": refused, "names": tied})
        else:
            self._notice = (REFUSAL_RECORDED_NONE, {"refused": refused})
        self._error = None
        self._load()
        self.changed.emit()
        return True

    # -- documents ---------------------------------------------------------------------------

    def save_ranking(self) -> Path | None:
        """Save the ranking (PDF); where it went, or None."""
        view = self.competition
        if view is None:
            return None
        return self._save(
            lambda: self._documents.ranking(self._actor, view.id),
            self._tr(N_("Save the ranking")),
            f"ranking-{view.id}.pdf",
        )

    def save_session_results(self) -> Path | None:
        """Save the chosen session's results protocol (PDF); where it went, or None."""
        index = self.session_combo.currentIndex()
        if not 0 <= index < len(self._sessions):
            return None
        session_id = self._sessions[index].session_id
        return self._save(
            lambda: self._documents.session_results(self._actor, session_id),
            self._tr(N_("Save the session's results")),
            f"session-results-{session_id}.pdf",
        )

    def save_package(self) -> Path | None:
        """Save the package for the ministry (ZIP) and say what it holds; where, or None."""
        view = self.competition
        if view is None:
            return None
        built: list[bytes] = []

        def build() -> bytes:
            built.append(self._documents.ministry_package(self._actor, view.id))
            return built[0]

        caption_text = self._tr(N_("Save the package for the ministry"))
        path = self._save(build, caption_text, f"ministry-package-{view.id}.zip")
        if path is None or not built:
            return path
        names = package_contents(built[0])
        self._notice = (
            PACKAGE_SAVED,
            {
                "path": str(path),
                "count": len(names),
                "sessions": sum(name.startswith("sessions/") for name in names),
                "protocols": sum(name.startswith("protocols/") for name in names),
            },
        )
        self._draw_messages()
        return path

    def _save(self, make: Callable[[], bytes], caption_text: str, suggested: str) -> Path | None:
        try:
            data = make()
        except NotPermitted:
            self._set_messages(error=(NOT_PERMITTED, {}))
            return None
        except ResultsRefused as refusal:
            self._set_messages(error=refusal_message(refusal))
            return None
        except LookupError:
            self._set_messages(error=(COMPETITION_GONE, {}))
            return None
        path = self._save_document(self, caption_text, suggested, data)
        if path is not None:
            self._set_messages(notice=(SAVED, {"path": str(path)}))
        return path

    # -- drawing -----------------------------------------------------------------------------

    @property
    def outcome_text(self) -> str:
        """The outcome sentence shown at the top ("" when none)."""
        return self.outcome_label.text() if not self.outcome.isHidden() else ""

    def row_texts(self) -> list[dict[str, str]]:
        """The table's cells by column, row by row, as shown."""
        return [
            {
                key: (self.table.item(row, column).text() if self.table.item(row, column) else "")
                for column, key in enumerate(COLUMNS)
            }
            for row in range(self.table.rowCount())
        ]

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Results of the competition"))
        self.picker.retranslate(_)
        set_text(self.tie_break_button, _("Schedule additional test…"))
        set_text(self.slips_button, _("Code slips of the additional test…"))
        set_text(self.refusal_button, _("Winner refused the contract…"))
        set_text(self.documents_caption, _("Documents"))
        set_text(self.ranking_button, _("Ranking (PDF)"))
        set_text(self.session_caption, _("Session:"))
        self.session_combo.setAccessibleName(_("Session"))
        set_text(self.session_button, _("Session results (PDF)"))
        set_text(self.package_button, _("Package for the ministry (ZIP)"))
        self.table.setHorizontalHeaderLabels([_(HEADERS[key]) for key in COLUMNS])
        self.table.setAccessibleName(_("Ranking"))
        self.tie_break_dialog.retranslate(_)
        if self.tie_break_dialog.isVisible() and self._current is not None:
            self.tie_break_dialog.form_line = self._form_preview(self._current)
            self.tie_break_dialog.retranslate(_)
            self.tie_break_dialog.retexts(
                _("Schedule the additional test"),
                _("Schedule and issue codes"),
                _("Cancel"),
                _("Tied for first place: {names}.").format(
                    names=names_of(self._current, self._current.ranking.tied)
                ),
            )
        shown = self.scheduled_dialog
        if shown.isVisible() and shown.scheduled is not None and shown.plan is not None:
            saved = not shown.saved.isHidden()
            self._show_scheduled(shown.scheduled, shown.plan)
            shown.saved.set_message(_(SLIPS_SAVED) if saved else "")
        refusal = self.refusal_dialog
        if refusal.isVisible():
            set_text(refusal.note_caption, _(REFUSAL_NOTE))
            refusal.retexts(
                _("The winner refused the contract"),
                _("Record the refusal"),
                _("Cancel"),
                _(REFUSAL_QUESTION).format(name=refusal.candidate_name),
            )
        self._draw()

    def _draw(self) -> None:
        self._draw_outcome()
        self._draw_table()
        self._draw_sessions()
        self._draw_buttons()
        self._draw_messages()

    def _draw_outcome(self) -> None:
        _ = self._tr
        results = self._current
        if results is None:
            set_text(self.outcome_label, "" if self._read_error else _(NO_COMPETITION))
            self.reserve_label.hide()
            set_state(self.outcome, tone="info")
            self.outcome.setVisible(self._read_error is None)
            return
        self.outcome.show()
        set_state(self.outcome, tone=OUTCOME_TONES[results.ranking.outcome])
        set_text(self.outcome_label, outcome_text(results, _))
        reserve = reserve_text(results, _)
        set_text(self.reserve_label, reserve)
        self.reserve_label.setVisible(bool(reserve))

    def _draw_table(self) -> None:
        _ = self._tr
        lines = self._current.ranking.lines if self._current else ()
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            look = self._looks[line.standing]
            cells = {
                "place": score_text(line.place),
                "name": line.name,
                "main": score_text(line.main_score),
                "extra": score_text(line.extra_score),
                "total": score_text(line.total),
                "meets": meets_text(line, _),
                "standing": standing_text(line.standing, _),
            }
            for column, key in enumerate(COLUMNS):
                item = QTableWidgetItem(cells[key])
                item.setToolTip(cells[key])
                if key in CENTRED:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if key in ("standing", "name"):
                    item.setBackground(QBrush(QColor(look.background)))
                    item.setForeground(QBrush(QColor(look.text)))
                    if look.bold:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                if key == "meets" and line.main_score is not None:
                    tone = self._theme.good_text if line.meets else self._theme.bad_text
                    item.setForeground(QBrush(QColor(tone)))
                self.table.setItem(row, column, item)

    def _draw_sessions(self) -> None:
        _ = self._tr
        keep = self.session_combo.currentIndex()
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        self.session_combo.addItems([session_item_text(choice, _) for choice in self._sessions])
        if self._sessions:
            self.session_combo.setCurrentIndex(keep if 0 <= keep < len(self._sessions) else 0)
        self.session_combo.blockSignals(False)

    def _draw_buttons(self) -> None:
        results = self._current
        outcome = results.ranking.outcome if results else None
        # Offered only where the rules allow them: a tie to break, a winner who may refuse.
        self.tie_break_button.setVisible(
            self._may_decide and results is not None and self._may_schedule(results)
        )
        self.refusal_button.setVisible(self._may_decide and outcome == Outcome.WINNER)
        view = self.competition
        self.slips_button.setVisible(
            self._may_decide
            and self._save_slips is not None
            and view is not None
            and view.id in self._scheduled
            and results is not None
            and tie_break_pending(results)
        )
        self.ranking_button.setEnabled(results is not None and outcome != Outcome.PENDING)
        self.package_button.setEnabled(results is not None and outcome != Outcome.PENDING)
        self.session_button.setEnabled(bool(self._sessions))

    @staticmethod
    def _may_schedule(results: CompetitionResults) -> bool:
        return results.ranking.outcome == Outcome.TIE_BREAK_NEEDED and not tie_break_pending(
            results
        )

    def _message_texts(self) -> tuple[str, str]:
        # Not being allowed to read the results stays said until the page is reloaded.
        error, notice = super()._message_texts()
        if not error and self._read_error:
            error = message_text(self._read_error, self._tr)
        return error, notice
