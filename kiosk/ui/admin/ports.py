"""What the admin screens need from the rest of the program, as protocols.

In the program the :class:`Bank` is ``kiosk.services.bank.BankService``; the screens are typed
against this protocol so that no database code is imported into the widgets.  The records they
exchange live in ``kiosk.services.bank_views`` and ``question_bank``; the errors they show are
``question_bank.formats.base.ImportFailed`` (with ``problems``: file, location, field, message)
and ``question_bank.lifecycle.LifecycleRefused`` (and its ``SelfApproval``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kiosk.services.bank_views import (
    BlueprintCheck,
    ImportReport,
    QuestionRow,
    SampleItem,
    SectionView,
    VersionView,
)
from question_bank.model import Blueprint, Question, Scenario


class Bank(Protocol):
    """The question bank's use cases (``BankService``)."""

    required_languages: tuple[str, ...]

    def sections(self) -> list[SectionView]:
        """Sections in order, with counts per status."""
        ...

    def add_section(self, actor: str, code: str, title: dict[str, str]) -> None:
        """Add a section at the end."""
        ...

    def rename_section(self, actor: str, code: str, title: dict[str, str]) -> None:
        """Change a section's titles."""
        ...

    def move_section(self, actor: str, code: str, position: int) -> None:
        """Move a section to a 0-based position."""
        ...

    def rows(self) -> list[QuestionRow]:
        """Every question's latest version."""
        ...

    def review_queue(self) -> list[QuestionRow]:
        """Submitted versions, oldest first."""
        ...

    def version(self, version_id: int) -> VersionView:
        """One version in full."""
        ...

    def latest(self, uid: str) -> VersionView:
        """A question's latest version."""
        ...

    def history(self, uid: str) -> list[VersionView]:
        """Every version of a question, oldest first."""
        ...

    def save(self, actor: str, question: Question, scenario: Scenario | None = None) -> VersionView:
        """Save the editor's question (new question, draft edit, or new version)."""
        ...

    def submit(self, actor: str, version_id: int) -> VersionView:
        """Send a draft to review."""
        ...

    def approve(self, actor: str, version_id: int, comment: str = "") -> VersionView:
        """Approve a submitted version (two-person rule)."""
        ...

    def return_for_rework(self, actor: str, version_id: int, comment: str) -> VersionView:
        """Return a submitted version to draft with a comment."""
        ...

    def retire(self, actor: str, uid: str, comment: str = "") -> VersionView:
        """Take a question out of new forms."""
        ...

    def import_file(
        self,
        actor: str,
        path: Path,
        *,
        format_name: str | None = None,
        language: str = "ky",
        dry_run: bool = False,
    ) -> ImportReport:
        """Import a file, all or nothing (``dry_run``: report only)."""
        ...

    def export(
        self, format_name: str, *, language: str = "ky", include_drafts: bool = False
    ) -> bytes:
        """The bank in a file format."""
        ...

    def check_blueprint(self, blueprint: Blueprint) -> BlueprintCheck:
        """The approved pool against a blueprint."""
        ...

    def sample_form(self, blueprint: Blueprint, seed: int | None = None) -> list[SampleItem]:
        """One sample form, as a candidate would get it."""
        ...
