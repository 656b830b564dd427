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
class Image:
    """A picture shown with a question, under its stem; ``name`` is unique within the question."""

    name: str
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Option:
    """One answer option; ``key`` identifies it whatever order it is shown in."""

    key: str
    text: Texts


@dataclass(frozen=True)
class Question:
    """One version of a multiple-choice question.

    ``multiple`` marks a multiple-response question (the candidate may tick several options and
    is not told how many are keyed); otherwise exactly one option is the key.
    """

    uid: str
    section: str
    stem: Texts
    options: tuple[Option, ...]
    correct: frozenset[str]
    scenario: str | None = None
    #: Where the question comes from, e.g. "Law on Education, art. 32".
    source: str = ""
    tags: tuple[str, ...] = ()
    #: False where the options only make sense in their written order ("all of the above").
    shuffle_options: bool = True
    multiple: bool = False
    images: tuple[Image, ...] = ()

    @property
    def languages(self) -> frozenset[str]:
        """The languages the stem and every option are written in."""
        found = {lang for lang, text in self.stem.items() if text.strip()}
        for option in self.options:
            found &= {lang for lang, text in option.text.items() if text.strip()}
        return frozenset(found)

    def option(self, key: str) -> Option:
        """The option with this key."""
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"question {self.uid} has no option {key!r}")


#: One point for exactly the keyed options, none otherwise: the regulation's whole-point score.
ALL_OR_NOTHING = "all_or_nothing"
SCORING_RULES = (ALL_OR_NOTHING,)


@dataclass(frozen=True)
class Blueprint:
    """How many questions each section contributes to a form, in the order they are shown.

    ``languages`` is the language policy: the candidate chooses one of them, so every question a
    form may draw must be written in all of them.
    """

    sections: tuple[tuple[str, int], ...]
    time_limit_s: int = 90 * 60
    scoring: str = ALL_OR_NOTHING
    languages: tuple[str, ...] = ("ky", "ru")

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

    def scenario(self, uid: str) -> Scenario:
        """The scenario with this uid."""
        for scenario in self.scenarios:
            if scenario.uid == uid:
                return scenario
        raise KeyError(f"the bank has no scenario {uid!r}")
