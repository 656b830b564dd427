"""What the services hand to the screens: small frozen records, no database rows.

Texts in these records are already in the attempt's content language; interface labels are left
to the screens, which translate them.  Answer keys never appear in a view given to a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path


def in_language(texts: dict[str, str], language: str) -> str:
    """The text in ``language``; the Kyrgyz one if that translation is missing."""
    return texts.get(language) or texts.get("ky") or next(iter(texts.values()), "")


#: Why an attempt ended.
END_BY_CANDIDATE = "candidate"
END_TIME_UP = "time_up"


class AttemptClosed(RuntimeError):
    """The attempt is no longer open for answers (submitted, or its time is over)."""


class TimeIsUp(AttemptClosed):
    """The attempt's time ran out; it must be submitted as it stands."""


class LoginRefusal(Enum):
    """Why a code did not open a test; each has its own message on the login screen."""

    MALFORMED = "malformed"  # a typo: wrong length or check symbol; no lookup was made
    UNKNOWN = "unknown"  # no such code (says nothing about other codes)
    USED = "used"  # this code's test is already submitted
    LOCKED = "locked"  # too many wrong codes at this station
    NOT_YET = "not_yet"  # the session's codes open later (``opens_at`` says when)
    CLOSED = "closed"  # the entry window is over, the session ended, or the candidate is out
    SUSPENDED = "suspended"  # too many wrong codes across the session's stations: the proctor
    # resumes code entry


@dataclass(frozen=True)
class Briefing:
    """What the candidate confirms before the test starts."""

    registration_id: int
    candidate_name: str
    post: dict[str, str]
    school: dict[str, str]
    session_date: date
    question_count: int
    time_limit_s: int
    threshold: int
    #: Set when an attempt is already under way: the code resumes it.
    resuming: bool
    #: The content language of the attempt under way, else None (the candidate chooses).
    language: str | None


@dataclass(frozen=True)
class LoginResult:
    """Either a briefing, or a refusal (with the seconds left when the station is locked)."""

    briefing: Briefing | None = None
    refusal: LoginRefusal | None = None
    locked_seconds: int = 0
    #: Wrong codes still allowed before the station locks (shown after a wrong code).
    tries_left: int = 0
    #: When the session's codes start to work (with NOT_YET).
    opens_at: datetime | None = None


@dataclass(frozen=True)
class OptionView:
    """An option as shown: its letter in the shown order and its text."""

    key: str
    text: str


@dataclass(frozen=True)
class ImageView:
    """A picture shown under a question's stem: its name in the question, its type, its bytes."""

    name: str
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class ItemView:
    """A question of the frozen form, in the attempt's language and option order.

    ``multiple`` marks a multiple-response question: the candidate ticks any number of options
    (``toggle_option``) and is not told how many are keyed; otherwise one option is chosen
    (``select_option``).
    """

    position: int
    section_title: str
    scenario: str | None
    stem: str
    options: tuple[OptionView, ...]
    multiple: bool
    selected: frozenset[str]
    flagged: bool
    #: The pictures of the frozen version, in their authored order.
    images: tuple[ImageView, ...] = ()

    @property
    def answered(self) -> bool:
        """True when at least one option is chosen."""
        return bool(self.selected)


@dataclass(frozen=True)
class AttemptView:
    """An attempt under way, as the test screen needs it."""

    attempt_id: int
    language: str
    items: tuple[ItemView, ...]
    current_position: int
    time_limit_s: int
    remaining_s: float


@dataclass(frozen=True)
class AnswerAck:
    """The answer of one question as stored (committed) after a change."""

    position: int
    selected: frozenset[str]
    flagged: bool
    remaining_s: float


@dataclass(frozen=True)
class ResultView:
    """The result shown on screen at once (cl. 25) and printed on the protocol (cl. 26)."""

    attempt_id: int
    candidate_name: str
    score: int
    max_score: int
    threshold: int
    meets: bool
    #: The cl. 26 statement as a catalogue message; the screen translates it.
    statement: str
    ended_at: datetime
    end_reason: str
    appeal_deadline: datetime
    protocol_number: str
    protocol_path: Path
