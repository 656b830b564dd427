"""What the admin screens need from the rest of the program, as protocols.

In the program the :class:`Bank` is ``kiosk.services.bank.BankService``; the screens are typed
against this protocol so that no database code is imported into the widgets.  The records they
exchange live in ``kiosk.services.bank_views`` and ``question_bank``; the errors they show are
``question_bank.formats.base.ImportFailed`` (with ``problems``: file, location, field, message)
and ``question_bank.lifecycle.LifecycleRefused`` (and its ``SelfApproval``).  The staff screens
(console, accounts) exchange the records of ``kiosk.services.session_views``; their errors are
``kiosk.services.accounts.SignInRefused`` and ``WeakPassword``, ``kiosk.domain.roles.NotPermitted``
and ``kiosk.services.session_views.SessionStillRunning``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kiosk.domain.roles import Actor, Role
from kiosk.services.bank_views import (
    BlueprintCheck,
    ImportReport,
    QuestionRow,
    SampleItem,
    SectionView,
    VersionView,
)
from kiosk.services.session_views import (
    AccountView,
    ConsoleView,
    IncidentKind,
    SessionChoice,
)
from question_bank.model import Blueprint, Question, Scenario


class Bank(Protocol):
    """The question bank's use cases (``BankService``).

    Every call names the signed-in actor first; the service checks the actor's roles and raises
    ``NotPermitted`` (and audits it) when they do not allow the call.
    """

    required_languages: tuple[str, ...]

    def sections(self, actor: Actor) -> list[SectionView]:
        """Sections in order, with counts per status."""
        ...

    def add_section(self, actor: Actor, code: str, title: dict[str, str]) -> None:
        """Add a section at the end."""
        ...

    def rename_section(self, actor: Actor, code: str, title: dict[str, str]) -> None:
        """Change a section's titles."""
        ...

    def move_section(self, actor: Actor, code: str, position: int) -> None:
        """Move a section to a 0-based position."""
        ...

    def rows(self, actor: Actor) -> list[QuestionRow]:
        """Every question's latest version."""
        ...

    def review_queue(self, actor: Actor) -> list[QuestionRow]:
        """Submitted versions, oldest first."""
        ...

    def version(self, actor: Actor, version_id: int) -> VersionView:
        """One version in full."""
        ...

    def latest(self, actor: Actor, uid: str) -> VersionView:
        """A question's latest version."""
        ...

    def history(self, actor: Actor, uid: str) -> list[VersionView]:
        """Every version of a question, oldest first."""
        ...

    def save(
        self, actor: Actor, question: Question, scenario: Scenario | None = None
    ) -> VersionView:
        """Save the editor's question (new question, draft edit, or new version)."""
        ...

    def submit(self, actor: Actor, version_id: int) -> VersionView:
        """Send a draft to review."""
        ...

    def approve(self, actor: Actor, version_id: int, comment: str = "") -> VersionView:
        """Approve a submitted version (two-person rule)."""
        ...

    def return_for_rework(self, actor: Actor, version_id: int, comment: str) -> VersionView:
        """Return a submitted version to draft with a comment."""
        ...

    def retire(self, actor: Actor, uid: str, comment: str = "") -> VersionView:
        """Take a question out of new forms."""
        ...

    def import_file(
        self,
        actor: Actor,
        path: Path,
        *,
        format_name: str | None = None,
        language: str = "ky",
        dry_run: bool = False,
    ) -> ImportReport:
        """Import a file, all or nothing (``dry_run``: report only)."""
        ...

    def export(
        self, actor: Actor, format_name: str, *, language: str = "ky", include_drafts: bool = False
    ) -> bytes:
        """The bank in a file format."""
        ...

    def check_blueprint(self, actor: Actor, blueprint: Blueprint) -> BlueprintCheck:
        """The approved pool against a blueprint."""
        ...

    def sample_form(
        self, actor: Actor, blueprint: Blueprint, seed: int | None = None
    ) -> list[SampleItem]:
        """One sample form, as a candidate would get it."""
        ...


class Proctor(Protocol):
    """The proctor's console use cases (``ProctorService``); each call checks the actor's role."""

    def sessions(self, actor: Actor) -> list[SessionChoice]:
        """Sessions the console can watch, newest first."""
        ...

    def console(self, actor: Actor, session_id: int) -> ConsoleView:
        """The live state of every candidate of a session."""
        ...

    def resume_station(
        self, actor: Actor, registration_id: int, add_seconds: int, reason: str
    ) -> None:
        """Record the decision on a crashed station's lost time (0 seconds = nothing added)."""
        ...

    def add_time(self, actor: Actor, registration_id: int, seconds: int, reason: str) -> None:
        """Give a candidate in the test extra time, with the reason."""
        ...

    def report_incident(
        self,
        actor: Actor,
        session_id: int,
        registration_id: int | None,
        kind: IncidentKind,
        text: str,
    ) -> None:
        """Record an incident, about one candidate or the whole room."""
        ...

    def mark_absent(self, actor: Actor, registration_id: int) -> None:
        """Mark a candidate who has not started as absent (their code stops working)."""
        ...

    def end_session(self, actor: Actor, session_id: int) -> None:
        """End the session: those not arrived become absent; refused while anyone is in the test
        (:class:`SessionStillRunning`)."""
        ...

    def acknowledge_problem(self, actor: Actor, problem_id: int) -> None:
        """Take a candidate's technical problem off the open list (the report itself stays)."""
        ...

    def resume_code_entry(self, actor: Actor, session_id: int, reason: str) -> None:
        """Take codes again after too many wrong ones suspended code entry; the reason says
        what the proctor found."""
        ...


class Accounts(Protocol):
    """Signing in and the staff accounts (``AccountService``)."""

    def needs_first_administrator(self) -> bool:
        """True on a fresh installation, before any account exists."""
        ...

    def create_first_administrator(self, login: str, full_name: str, password: str) -> Actor:
        """Create the first administrator (only when no account exists) and sign them in."""
        ...

    def sign_in(self, login: str, password: str) -> Actor:
        """The signed-in actor, or :class:`SignInRefused` (wrong, locked with seconds, inactive)."""
        ...

    def accounts(self, actor: Actor) -> list[AccountView]:
        """Every account, by login."""
        ...

    def create_account(
        self, actor: Actor, login: str, full_name: str, roles: frozenset[Role], password: str
    ) -> AccountView:
        """Add an account; :class:`WeakPassword` or ``ValueError`` for a taken login."""
        ...

    def set_roles(self, actor: Actor, login: str, roles: frozenset[Role]) -> AccountView:
        """Change an account's roles (the last administrator keeps the role)."""
        ...

    def set_active(self, actor: Actor, login: str, active: bool) -> AccountView:
        """Disable or enable an account (the last administrator stays active)."""
        ...

    def reset_password(self, actor: Actor, login: str, password: str) -> AccountView:
        """Set a new password and lift a lock."""
        ...
