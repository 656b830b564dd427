"""A question version's life: draft → submitted → approved → retired, and who may move it.

Plain rules, no database: the bank service asks these functions before it writes anything, and
the bank package (``question_bank.formats.package``) carries the same records between
installations.

The two-person rule of cl. 24: whoever wrote or edited a version may not approve it.  An approved
version is never changed again; editing it starts a new draft version, and attempts and appeals keep
pointing at the version the candidate saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from question_bank.model import Question, Scenario, Section


class Status(StrEnum):
    """Where a version stands; only approved versions reach a candidate."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETIRED = "retired"


class Action(StrEnum):
    """What happened to a version, as its history records it."""

    CREATED = "created"
    EDITED = "edited"
    IMPORTED = "imported"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    RETIRED = "retired"


#: Actions that make an actor a contributor of the version, and so not its approver.
AUTHORING_ACTIONS = frozenset({Action.CREATED, Action.EDITED, Action.IMPORTED})


class LifecycleRefused(ValueError):
    """A transition the rules do not allow; the message says why, for the person who tried."""


class SelfApproval(LifecycleRefused):
    """The two-person rule: an author or editor tried to approve their own version."""


@dataclass(frozen=True)
class LifecycleEvent:
    """One step in a version's history."""

    action: Action
    actor: str
    at: datetime
    comment: str = ""


@dataclass(frozen=True)
class VersionRecord:
    """One version of a question with its status and its history, oldest event first."""

    number: int
    status: Status
    question: Question
    events: tuple[LifecycleEvent, ...]

    @property
    def contributors(self) -> frozenset[str]:
        """Everyone who wrote, edited or imported this version."""
        return frozenset(e.actor for e in self.events if e.action in AUTHORING_ACTIONS)


@dataclass(frozen=True)
class QuestionHistory:
    """A question across all its versions, oldest first."""

    uid: str
    versions: tuple[VersionRecord, ...]


@dataclass(frozen=True)
class BankArchive:
    """A whole bank with every version, status and history: what the bank package carries."""

    sections: tuple[Section, ...]
    scenarios: tuple[Scenario, ...]
    questions: tuple[QuestionHistory, ...]


def check_submit(status: Status) -> None:
    """A draft may be submitted for review."""
    if status is not Status.DRAFT:
        raise LifecycleRefused(f"only a draft can be submitted for review (this one is {status})")


def check_approve(status: Status, contributors: frozenset[str], approver: str) -> None:
    """A submitted version may be approved by someone who did not write or edit it."""
    if status is not Status.SUBMITTED:
        raise LifecycleRefused(f"only a submitted version can be approved (this one is {status})")
    if approver in contributors:
        raise SelfApproval(
            f"{approver} wrote or edited this version; another person must approve it"
        )


def check_return(status: Status, comment: str) -> None:
    """A submitted version may go back to its author, with a comment saying what to change."""
    if status is not Status.SUBMITTED:
        raise LifecycleRefused(f"only a submitted version can be returned (this one is {status})")
    if not comment.strip():
        raise LifecycleRefused("say what must change: a returned question needs a comment")


def check_retire(status: Status) -> None:
    """An approved version may be retired: it leaves new forms, attempts keep it."""
    if status is not Status.APPROVED:
        raise LifecycleRefused(f"only an approved version can be retired (this one is {status})")


def edit_makes_new_version(status: Status) -> bool:
    """Whether editing a version creates a new draft (approved and retired ones never change).

    A submitted version cannot be edited at all: the reviewer returns it first, so that what a
    reviewer approves is what they read.
    """
    if status is Status.SUBMITTED:
        raise LifecycleRefused(
            "a submitted version is with its reviewer; it must be returned before it is edited"
        )
    return status in (Status.APPROVED, Status.RETIRED)
