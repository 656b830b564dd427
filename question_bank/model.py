"""The item bank's vocabulary: sections, scenarios, questions and blueprints.

Plain frozen data, no database and no Qt: the application stores these in its own tables, the
import/export formats read and write them, and form assembly draws from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: Per-language texts, keyed by language code ("ky", "ru").
Texts = Mapping[str, str]


@dataclass(frozen=True)
class Section:
    """A content area of the test (cl. 21 of the regulation), e.g. education law."""

    code: str
    title: Texts


@dataclass(frozen=True)
class Scenario:
    """A situational text that several questions refer to."""

    uid: str
    text: Texts


@dataclass(frozen=True)
class Option:
    """One answer option; ``key`` identifies it whatever order it is shown in."""

    key: str
    text: Texts


@dataclass(frozen=True)
class Question:
    """One version of a multiple-choice question."""

    uid: str
    section: str
    stem: Texts
    options: tuple[Option, ...]
    correct: frozenset[str]
    scenario: str | None = None
    source: str = ""
    tags: tuple[str, ...] = ()
    #: False where the options only make sense in their written order ("all of the above").
    shuffle_options: bool = True

    def option(self, key: str) -> Option:
        """The option with this key."""
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"question {self.uid} has no option {key!r}")


@dataclass(frozen=True)
class Blueprint:
    """How many questions each section contributes to a form, in the order they are shown."""

    sections: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """The number of questions in a form."""
        return sum(count for _, count in self.sections)

    def as_dict(self) -> dict[str, int]:
        """Section code → number of questions."""
        return dict(self.sections)


@dataclass(frozen=True)
class Bank:
    """A set of sections, scenarios and questions, e.g. as read from a file."""

    sections: tuple[Section, ...]
    scenarios: tuple[Scenario, ...] = ()
    questions: tuple[Question, ...] = field(default=())
