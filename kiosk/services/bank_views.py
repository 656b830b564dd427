"""What the bank service hands to the admin screens and the command line: frozen data, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from question_bank.lifecycle import LifecycleEvent, Status
from question_bank.model import Question, Scenario, Texts


@dataclass(frozen=True)
class SectionView:
    """A section of the bank with how many questions it holds in each status."""

    code: str
    title: Texts
    position: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def approved(self) -> int:
        """Questions whose current version is approved: what forms may draw."""
        return self.counts.get(Status.APPROVED, 0)


@dataclass(frozen=True)
class QuestionRow:
    """One line of the bank browser: a question's latest version."""

    uid: str
    version_id: int
    number: int
    section: str
    status: Status
    stem: Texts
    languages: frozenset[str]
    tags: tuple[str, ...]
    multiple: bool
    author: str
    updated_at: datetime
    #: Every text of the version (stem, options, scenario, source, tags) folded for searching.
    search_text: str


@dataclass(frozen=True)
class VersionView:
    """One version in full, for the editor, the review queue and the history."""

    version_id: int
    uid: str
    number: int
    status: Status
    question: Question
    scenario: Scenario | None
    events: tuple[LifecycleEvent, ...]

    @property
    def contributors(self) -> frozenset[str]:
        """Who wrote, edited or imported this version (and so may not approve it)."""
        from question_bank.lifecycle import AUTHORING_ACTIONS

        return frozenset(e.actor for e in self.events if e.action in AUTHORING_ACTIONS)


@dataclass(frozen=True)
class Duplicate:
    """An imported question the bank already holds."""

    location: str
    existing_uid: str
    existing_version: int


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or (for a dry run) would do; nothing is written when it fails."""

    file_name: str
    format: str
    dry_run: bool
    new_sections: tuple[str, ...]
    new_questions: tuple[str, ...]
    #: Existing questions that get a new draft version because the file changed their content.
    new_versions: tuple[str, ...]
    duplicates: tuple[Duplicate, ...]
    #: Versions that arrive approved (only a bank package carries approvals).
    approved: int = 0

    @property
    def written(self) -> int:
        """Question versions written (or, for a dry run, that would be written)."""
        return len(self.new_questions) + len(self.new_versions)


@dataclass(frozen=True)
class SectionSupply:
    """One section of a blueprint against the approved pool."""

    code: str
    title: Texts
    needed: int
    available: int

    @property
    def missing(self) -> int:
        """Approved questions still needed before a session can open."""
        return max(0, self.needed - self.available)


@dataclass(frozen=True)
class BlueprintCheck:
    """Whether the approved pool can fill a blueprint, section by section."""

    sections: tuple[SectionSupply, ...]
    unknown_sections: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        """True when every section has enough approved questions in every policy language."""
        return not self.unknown_sections and all(s.missing == 0 for s in self.sections)


@dataclass(frozen=True)
class SampleItem:
    """A question of a sample form, as a candidate would get it."""

    position: int
    version: VersionView
    option_order: tuple[str, ...]
