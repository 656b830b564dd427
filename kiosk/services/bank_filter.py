"""Which questions the bank browser shows: a filter record and the rule that applies it.

Plain Python, no Qt: the browser's proxy model calls :func:`matches` for every row, and the tests
check the rule without a window.  Free text is compared case-insensitively in any alphabet
(``str.casefold``: "ӨНҮГҮҮ" finds "өнүгүү"), extra white space is ignored, and several words
must all occur somewhere in the question (stem, options, scenario, source, tags, uid — the row's
``search_text``), in any order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from kiosk.services.bank_views import QuestionRow
from question_bank.lifecycle import Status


def fold(text: str) -> str:
    """Text as the search compares it: composed, case-folded, runs of white space made one."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def search_words(text: str) -> tuple[str, ...]:
    """The distinct words of a typed search, folded, in the order typed."""
    return tuple(dict.fromkeys(fold(text).split()))


@dataclass(frozen=True)
class BankFilter:
    """What the browser's filter widgets ask for; ``None`` (or empty text) means "any"."""

    section: str | None = None
    status: Status | None = None
    #: A language the question must be complete in ("ky", "ru").
    language: str | None = None
    tag: str | None = None
    text: str = ""
    #: The folded words of ``text``, worked out once rather than for each of thousands of rows.
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", search_words(self.text))

    @property
    def is_empty(self) -> bool:
        """True when the filter lets every question through."""
        return (
            self.section is None
            and self.status is None
            and self.language is None
            and self.tag is None
            and not self.words
        )


def matches(row: QuestionRow, filter: BankFilter) -> bool:
    """Whether the browser shows ``row`` under ``filter``."""
    if filter.section is not None and row.section != filter.section:
        return False
    if filter.status is not None and row.status != filter.status:
        return False
    if filter.language is not None and filter.language not in row.languages:
        return False
    if filter.tag is not None:
        wanted = fold(filter.tag)
        if not any(fold(tag) == wanted for tag in row.tags):
            return False
    if filter.words:
        # ``search_text`` comes folded from the service, so a plain substring test is enough
        # (and it is fast enough for tens of thousands of rows per keystroke).
        text = row.search_text
        return all(word in text for word in filter.words)
    return True


def known_tags(rows: Iterable[QuestionRow]) -> list[str]:
    """Every tag used by ``rows``, once each (ignoring case), sorted ignoring case."""
    seen: dict[str, str] = {}
    for row in rows:
        for tag in row.tags:
            if tag.strip():
                seen.setdefault(fold(tag), tag.strip())
    return [seen[key] for key in sorted(seen)]
