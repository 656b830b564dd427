"""The records and refusals of the competition use cases: plain data, no database objects.

The competition pages of admin mode import these (widgets never import the services' database
code); the services in ``competitions``, ``sessions`` and ``results`` make and raise them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from kiosk.domain.results import Ranking, TieBreakWarning
from kiosk.domain.rules import CompetitionRules
from question_bank.model import Blueprint

# The stored words of the competition records; the services write them, the pages read them.
#: A competition's status: a draft until its form and threshold are approved (cl. 22).
DRAFT = "draft"
APPROVED = "approved"
#: Which budget pays the post.
FUNDING = ("republican", "local")
#: A candidate's status: the stage-1 decision, then possibly a withdrawal.
ADMITTED = "admitted"
NOT_ADMITTED = "not_admitted"
WITHDRAWN = "withdrawn"
#: A seat's status in a session.
REGISTERED = "registered"
ABSENT = "absent"
#: A session's kind: the main test, or the additional test of a tie for first place (cl. 29).
MAIN = "main"
TIE_BREAK = "tie_break"


@dataclass(frozen=True)
class Vacancy:
    """The post a competition fills."""

    institution: dict[str, str]
    post: dict[str, str]
    school: dict[str, str]
    location: dict[str, str] = field(default_factory=dict)
    #: "republican" or "local" budget.
    funding: str = "republican"


@dataclass(frozen=True)
class CompetitionTerms:
    """A competition's vacancy, test form and rule numbers, as proposed for approval (cl. 22)."""

    vacancy: Vacancy
    blueprint: Blueprint
    time_limit_s: int
    rules: CompetitionRules = field(default_factory=CompetitionRules)
    #: The approved threshold in points; by default the rules' share of the questions.
    threshold_points: int | None = None

    @property
    def threshold(self) -> int:
        """The threshold in whole points."""
        if self.threshold_points is not None:
            return self.threshold_points
        return self.rules.threshold_for(self.blueprint.total)


@dataclass(frozen=True)
class CompetitionView:
    """A competition as staff screens and documents show it."""

    id: int
    vacancy: Vacancy
    status: str
    blueprint: Blueprint
    question_count: int
    time_limit_s: int
    threshold: int
    rules: CompetitionRules
    approved_by: str | None
    approved_at: datetime | None
    basis: str


@dataclass(frozen=True)
class Application:
    """What the operator types from a candidate's documents."""

    full_name: str
    pin: str
    phone: str = ""
    email: str = ""
    #: Annex 3: the signed consent to processing personal data was handed in.
    consent: bool = False
    admitted: bool = True
    #: Required when not admitted (stage 1's reason).
    reason: str = ""


@dataclass(frozen=True)
class CandidateView:
    """A candidate as the registration screens list them (the PIN only in its last digits)."""

    id: int
    full_name: str
    pin_tail: str
    status: str
    reason: str
    consent_at: datetime | None


class ApplicationRefused(ValueError):
    """A candidate cannot be registered; ``reason`` says why, ``reapply_on`` for cl. 28."""

    def __init__(self, reason: str, reapply_on: object = None) -> None:
        super().__init__(reason if reapply_on is None else f"{reason}: from {reapply_on}")
        self.reason = reason
        self.reapply_on = reapply_on


class TermsLocked(RuntimeError):
    """The form and threshold are approved and can no longer change."""


@dataclass(frozen=True)
class SessionPlan:
    """What the operator fills in to schedule a session."""

    session_date: date
    place: dict[str, str]
    shift: int = 1
    #: Local start time; None means codes work all day (the demo).
    starts_at: time | None = None
    stations: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuedCode:
    """A code as printed on a slip: shown once, then only its digest is kept."""

    registration_id: int
    candidate_name: str
    code: str


class RegistrationRefused(ValueError):
    """A candidate cannot sit this session; ``reason`` says why."""

    def __init__(self, reason: str, candidate: str = "") -> None:
        super().__init__(f"{reason}: {candidate}" if candidate else reason)
        self.reason = reason
        self.candidate = candidate


@dataclass(frozen=True)
class CompetitionResults:
    """A competition's ranking with what the documents need to print it."""

    competition: CompetitionView
    ranking: Ranking
    #: Questions of the additional test, once one was scheduled.
    tie_break_questions: int | None
    tie_break_held: bool


@dataclass(frozen=True)
class TieBreakScheduled:
    """The additional test as scheduled: its session, the codes of the tied candidates, its form."""

    session_id: int
    codes: tuple[IssuedCode, ...]
    sections: tuple[tuple[str, int], ...]
    time_limit_s: int
    deadline: date
    #: "late" when held after the deadline of cl. 29 (allowed, but on record), else None.
    warning: TieBreakWarning | None


class ResultsRefused(RuntimeError):
    """The results do not allow what was asked; ``reason`` says why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason} {detail}".strip())
        self.reason = reason
        self.detail = detail
