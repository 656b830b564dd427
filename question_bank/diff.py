"""What changed between two versions of a question, field by field and word by word.

The history page shows two versions side by side; this module decides what is compared and
which words changed, so that the page only draws.  Fields are named as the validation problems
name them (``stem[ky]``, ``option c[ru]``, ``key``), so one vocabulary serves both.

Every field is listed, changed or not (the page may show only the changed ones); each side is
cut into :class:`Span` runs of words, whitespace and punctuation, marked changed where
:mod:`difflib` finds them removed (old side) or added (new side).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from question_bank.model import Question, Scenario, Texts

#: Languages listed first, in this order; any other language follows, alphabetically.
PREFERRED_LANGUAGES = ("ky", "ru")
#: How a yes/no field (``multiple``, ``shuffle``) is written; the screen translates it.
YES = "yes"
NO = "no"
#: How many hex digits of an image's SHA-256 identify it in a comparison.
HASH_DIGITS = 12

# A word (letters, digits, underscore), a run of whitespace, or one other character each.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Span:
    """A run of text on one side of a comparison; ``changed`` when the other side lacks it."""

    text: str
    changed: bool


@dataclass(frozen=True)
class FieldChange:
    """One field of two versions: both texts and their word-level differences."""

    field: str
    old: str
    new: str
    old_spans: tuple[Span, ...]
    new_spans: tuple[Span, ...]

    @property
    def changed(self) -> bool:
        """True when the two versions differ in this field."""
        return self.old != self.new


def scenario_name(uid: str | None) -> str:
    """The scenario's name as people know it: ``SC-01`` for its stored edits ``SC-01/2`` …."""
    return uid.split("/")[0] if uid else ""


def image_label(name: str, data: bytes) -> str:
    """An image as it is compared: its name and the start of its SHA-256."""
    return f"{name} {hashlib.sha256(data).hexdigest()[:HASH_DIGITS]}"


def tokens(text: str) -> list[str]:
    """``text`` cut into words, whitespace runs and single other characters."""
    return _TOKEN.findall(text)


def word_spans(old: str, new: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Both texts as spans, with the words removed from ``old`` and added in ``new`` marked."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_spans: list[Span] = []
    new_spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        same = tag == "equal"
        _append(old_spans, "".join(old_tokens[i1:i2]), not same)
        _append(new_spans, "".join(new_tokens[j1:j2]), not same)
    return tuple(old_spans), tuple(new_spans)


def _append(spans: list[Span], text: str, changed: bool) -> None:
    """Add a run, joining it to the previous one when both are marked alike."""
    if not text:
        return
    if spans and spans[-1].changed == changed:
        spans[-1] = Span(spans[-1].text + text, changed)
    else:
        spans.append(Span(text, changed))


def field_change(field: str, old: str, new: str) -> FieldChange:
    """One field compared."""
    old_spans, new_spans = word_spans(old, new)
    return FieldChange(field, old, new, old_spans, new_spans)


def _languages(*texts: Texts | None) -> list[str]:
    found = {language for text in texts if text for language in text}
    preferred = [language for language in PREFERRED_LANGUAGES if language in found]
    return preferred + sorted(found - set(preferred))


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _option_keys(old: Question, new: Question) -> list[str]:
    """Keys in the new version's order, then the keys only the old version has."""
    keys = [option.key for option in new.options]
    return keys + [option.key for option in old.options if option.key not in keys]


def _option_text(question: Question, key: str) -> Texts:
    for option in question.options:
        if option.key == key:
            return option.text
    return {}


def _joined(items: Iterable[str], separator: str = ", ") -> str:
    return separator.join(items)


def question_diff(
    old: Question,
    new: Question,
    *,
    old_scenario: Scenario | None = None,
    new_scenario: Scenario | None = None,
) -> list[FieldChange]:
    """Every field of two versions compared, in the order the editor shows them.

    The fields: ``section``, ``scenario`` (its name) and ``scenario[<lang>]`` (its text, when
    the scenarios are given), ``stem[<lang>]``, ``options`` (the keys in written order, which
    also shows options added or removed), ``option <key>[<lang>]`` matched by key, ``key``
    (the keyed options), ``multiple``, ``shuffle`` (``yes``/``no``), ``source``, ``tags`` and
    ``images`` (one line per picture: name and hash).
    """
    changes = [field_change("section", old.section, new.section)]
    changes.append(
        field_change("scenario", scenario_name(old.scenario), scenario_name(new.scenario))
    )
    old_text = old_scenario.text if old_scenario else {}
    new_text = new_scenario.text if new_scenario else {}
    for language in _languages(old_text, new_text):
        changes.append(
            field_change(
                f"scenario[{language}]", old_text.get(language, ""), new_text.get(language, "")
            )
        )
    for language in _languages(old.stem, new.stem):
        changes.append(
            field_change(
                f"stem[{language}]", old.stem.get(language, ""), new.stem.get(language, "")
            )
        )
    changes.append(
        field_change(
            "options",
            _joined(o.key for o in old.options),
            _joined(o.key for o in new.options),
        )
    )
    for key in _option_keys(old, new):
        old_option, new_option = _option_text(old, key), _option_text(new, key)
        for language in _languages(old_option, new_option):
            changes.append(
                field_change(
                    f"option {key}[{language}]",
                    old_option.get(language, ""),
                    new_option.get(language, ""),
                )
            )
    changes.append(field_change("key", _joined(sorted(old.correct)), _joined(sorted(new.correct))))
    changes.append(field_change("multiple", _yes_no(old.multiple), _yes_no(new.multiple)))
    changes.append(
        field_change("shuffle", _yes_no(old.shuffle_options), _yes_no(new.shuffle_options))
    )
    changes.append(field_change("source", old.source, new.source))
    changes.append(field_change("tags", _joined(old.tags), _joined(new.tags)))
    changes.append(
        field_change(
            "images",
            _joined((image_label(i.name, i.data) for i in old.images), "\n"),
            _joined((image_label(i.name, i.data) for i in new.images), "\n"),
        )
    )
    return changes


def changed_only(changes: Sequence[FieldChange]) -> list[FieldChange]:
    """The fields that differ."""
    return [change for change in changes if change.changed]
