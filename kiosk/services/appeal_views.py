"""What the appeal screens and documents get: plain records of appeals, commissions and reviews.

The review (:class:`Review`) is the one place outside the bank where answer keys leave the
database; only the commission's role may ask for it.  Texts are in the attempt's content language,
the options in the order the candidate saw them and lettered as on the candidate's screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

# cl. 34's numbers, for the screens that compose a commission.
from kiosk.domain.appeal import MAX_MEMBERS as MAX_MEMBERS
from kiosk.domain.appeal import MIN_MEMBERS as MIN_MEMBERS
from kiosk.domain.appeal import minutes_left

CHAIR = "chair"
MEMBER = "member"


class ProblemKind(StrEnum):
    """What a candidate reports with the test screen's "technical problem" button."""

    TEXT_MISSING = "text_missing"
    PICTURE_MISSING = "picture_missing"
    SCREEN = "screen"
    KEYBOARD = "keyboard"
    OTHER = "other"


class AppealStatus(StrEnum):
    """Where an appeal stands.  Values are stored."""

    FILED = "filed"
    REJECTED = "rejected"
    SATISFIED = "satisfied"


class TimelineKind(StrEnum):
    """One line of an answer timeline."""

    START = "start"
    #: The test opened again at a station after a crash, a power cut or a move.
    RESUME = "resume"
    #: A selection changed; ``selection`` holds the whole selection after the change.
    SELECT = "select"
    FLAG = "flag"
    UNFLAG = "unflag"
    #: The candidate reported a technical problem (``detail``: its kind and note).
    PROBLEM = "problem"
    #: The proctor gave time: extra time, or the decision on resuming a silent station.
    TIME_EXTRA = "time_extra"
    TIME_RESUME = "time_resume"
    #: An incident the proctor reported about this candidate.
    INCIDENT = "incident"
    SUBMIT = "submit"


# -- refusals ------------------------------------------------------------------------------------


class AppealRefused(ValueError):
    """Filing was refused; subclasses say why, and the screens word each one."""


class AppealWindowClosed(AppealRefused):
    """The hour of cl. 33 is over: ``closed_at`` is the moment it closed."""

    def __init__(self, closed_at: datetime) -> None:
        super().__init__(f"the appeal window closed at {closed_at.isoformat()}")
        self.closed_at = closed_at


class AppealAlreadyOpen(AppealRefused):
    """The attempt already has an appeal waiting for its hearing (``number``)."""

    def __init__(self, number: str) -> None:
        super().__init__(f"appeal {number} is already open for this attempt")
        self.number = number


class NotAppealable(AppealRefused):
    """The attempt cannot be appealed: not submitted, or not found."""


class CommissionRefused(ValueError):
    """The composition breaks cl. 34 or names someone who cannot sit on it.

    ``reason`` is one of: "no_chair", "too_few", "too_many", "chair_is_member", "not_commission"
    (an account without the commission role or not active), "unknown_account".
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class HearingRefused(ValueError):
    """The hearing cannot go on or be decided as recorded.

    ``reason`` is one of: "no_commission", "chair_absent" (absent or declared a conflict),
    "no_member" (no member present without a conflict), "not_on_commission", "decided",
    "not_heard", "unknown_question", "finding_missing" (a confirmed fault without the finding's
    words), "bad_answer" (an established answer naming an option the question does not have).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# -- what the services take ----------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    """A commission member at the hearing, as the chair records it."""

    account_id: int
    present: bool
    #: A declared conflict of interest; "" when none.  A member with one does not take part.
    conflict: str = ""


@dataclass(frozen=True)
class Finding:
    """The commission's finding on one question (0-based ``position`` of the frozen form).

    ``fault`` False: no technical fault.  ``fault`` True: a technical fault is confirmed, and
    ``established`` is the answer the candidate actually gave (option keys) when the commission
    established it, or None when the question could not be answered at all (its point is then
    awarded).  ``text`` is the commission's finding in its own words (required for a fault).
    """

    position: int
    fault: bool
    text: str = ""
    established: frozenset[str] | None = None


# -- what the services give ----------------------------------------------------------------------


@dataclass(frozen=True)
class CommissionerView:
    """A staff account that may sit on a commission."""

    account_id: int
    full_name: str


@dataclass(frozen=True)
class MemberView:
    """A commission's chair or member; at a hearing also present or not, and any conflict."""

    account_id: int
    full_name: str
    role: str
    present: bool | None = None
    conflict: str = ""

    @property
    def takes_part(self) -> bool:
        """Present and without a declared conflict: decides and signs."""
        return bool(self.present) and not self.conflict


@dataclass(frozen=True)
class CommissionView:
    """A technical commission: for a session, or for one appeal (``session_id`` None)."""

    commission_id: int
    session_id: int | None
    basis: str
    members: tuple[MemberView, ...]

    @property
    def chair(self) -> MemberView:
        """The chair (a commission always has one)."""
        return next(m for m in self.members if m.role == CHAIR)


@dataclass(frozen=True)
class Appealable:
    """A submitted attempt as the filing dialog lists it, with its window."""

    attempt_id: int
    candidate_name: str
    #: The login code as printed on the slip and protocol ("" if not kept).
    code: str
    session_id: int
    competition_id: int
    post: Mapping[str, str]
    ended_at: datetime
    deadline: datetime
    score: int
    max_score: int
    #: The number of an appeal already waiting for its hearing, if any.
    open_appeal: str | None

    def minutes_left(self, now: datetime) -> int:
        """Whole minutes until the window closes, rounded up; 0 once it has closed."""
        return minutes_left(self.deadline, now) or 0


@dataclass(frozen=True)
class FindingView:
    """A recorded finding, with the question's answer before and after."""

    position: int
    fault: bool
    text: str
    established: frozenset[str] | None
    points_before: int
    points_after: int


@dataclass(frozen=True)
class AppealView:
    """An appeal as the appeals page and the appeal protocol show it."""

    appeal_id: int
    number: str
    attempt_id: int
    candidate_name: str
    code: str
    competition_id: int
    post: Mapping[str, str]
    school: Mapping[str, str]
    session_id: int
    session_date: date
    ended_at: datetime
    deadline: datetime
    statement: str
    filed_at: datetime
    filed_by: str
    status: AppealStatus
    heard_at: datetime | None
    decided_at: datetime | None
    old_score: int
    new_score: int | None
    max_score: int
    threshold: int
    commission: CommissionView | None
    #: The members at the hearing, once attendance is recorded.
    hearing: tuple[MemberView, ...]
    findings: tuple[FindingView, ...]
    summary: str
    #: The archived appeal protocol (relative to the archive folder), once decided.
    protocol_file: str | None
    #: The testing protocol number issued after a satisfied appeal.
    new_protocol: str | None


@dataclass(frozen=True)
class ReviewOption:
    """An option as the candidate saw it, with what the commission needs to see."""

    key: str
    #: The letter on the candidate's screen (А, Б, В… or A, B, C…).
    letter: str
    text: str
    chosen: bool
    correct: bool


@dataclass(frozen=True)
class TimelineEntry:
    """One event of the answer timeline."""

    at: datetime
    #: Test time used when it happened, in seconds.
    consumed_s: float
    kind: TimelineKind
    #: The question (0-based), or None for an event of the whole attempt.
    position: int | None
    #: For SELECT: the letters chosen after the change ("" for none).
    letters: str = ""
    #: For PROBLEM, TIME_* and INCIDENT: what was reported or decided, in the recorded words.
    detail: str = ""
    #: For TIME_*: the seconds given.
    seconds: float | None = None
    #: For TIME_RESUME: how long the station had been silent before the resume, in seconds.
    lost_s: float | None = None
    #: For PROBLEM: the :class:`ProblemKind` value the candidate picked.
    problem: str | None = None
    #: For INCIDENT: the incident kind (power, equipment, illness, misconduct, other).
    incident: str | None = None


@dataclass(frozen=True)
class ReviewItem:
    """A question exactly as the candidate saw it, with the key and the points."""

    position: int
    question_uid: str
    version: int
    section_title: str
    scenario: str | None
    stem: str
    options: tuple[ReviewOption, ...]
    multiple: bool
    #: Picture names of the frozen version and whether the bytes are in the store.
    images: tuple[tuple[str, bool], ...]
    flagged: bool
    points: int
    timeline: tuple[TimelineEntry, ...]

    @property
    def answered(self) -> bool:
        """True when the candidate chose at least one option."""
        return any(option.chosen for option in self.options)

    @property
    def wrong(self) -> bool:
        """Answered, and not worth a point."""
        return self.answered and self.points == 0

    @property
    def chosen_letters(self) -> str:
        """The letters of the chosen options, in the shown order."""
        return "".join(o.letter for o in self.options if o.chosen)

    @property
    def key_letters(self) -> str:
        """The letters of the keyed options, in the shown order."""
        return "".join(o.letter for o in self.options if o.correct)

    @property
    def problems(self) -> int:
        """How many technical problems the candidate reported at this question."""
        return sum(1 for entry in self.timeline if entry.kind is TimelineKind.PROBLEM)


@dataclass(frozen=True)
class Review:
    """What the commission sees on the screen (cl. 35): result, answers, keys, timeline."""

    appeal: AppealView
    #: The content language the candidate took the test in.
    language: str
    items: tuple[ReviewItem, ...]
    #: Events of the whole attempt: start, resumes, time decisions, problems, incidents, submit.
    attempt_events: tuple[TimelineEntry, ...]
    score: int
    max_score: int
    threshold: int
