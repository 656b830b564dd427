"""Candidates as the rules see them: the personal number, the order of names, the re-entry ban.

The personal number (ПИН / ИНН) is checked for its form only: whether it belongs to a real person
is for the document expertise of stage 1.  Names are sorted in Kyrgyz alphabetical order because
the lists are printed for a Kyrgyz-speaking commission, and a code-point sort puts Ң, Ө and Ү after
Я.  The re-entry ban of cl. 28 is counted in calendar months, a setting of the competition.
"""

from __future__ import annotations

import calendar
import unicodedata
from datetime import date
from enum import StrEnum


class PinProblem(StrEnum):
    """Why a personal number was refused; the screen translates the code into a message."""

    LENGTH = "length"
    DIGITS = "digits"
    SEX = "sex"
    BIRTH_DATE = "birth_date"


class InvalidPin(ValueError):
    """A personal number that cannot be right; ``reason`` says which part is wrong."""

    def __init__(self, reason: PinProblem) -> None:
        super().__init__(str(reason))
        self.reason = reason


PIN_LENGTH = 14
#: The first digit of the number: 1 for a woman, 2 for a man.
PIN_SEX_DIGITS = frozenset("12")
#: Nobody born earlier can be a candidate; an earlier year is a typing error.
EARLIEST_BIRTH_YEAR = 1900


def validate_pin(text: str, today: date | None = None) -> str:
    """The canonical 14 digits of a personal number, or :class:`InvalidPin`.

    Spaces are dropped because people type the number in groups.  Only ASCII digits count:
    ``str.isdigit`` also accepts superscripts and other scripts' digits, which no register holds.
    ``today`` bounds the birth date; it is a parameter so that the rule does not read the clock.
    """
    pin = "".join(text.split())
    if not (pin.isascii() and pin.isdigit()) and pin:
        raise InvalidPin(PinProblem.DIGITS)
    if len(pin) != PIN_LENGTH:
        raise InvalidPin(PinProblem.LENGTH)
    if pin[0] not in PIN_SEX_DIGITS:
        raise InvalidPin(PinProblem.SEX)
    day, month, year = int(pin[1:3]), int(pin[3:5]), int(pin[5:9])
    try:
        born_on = date(year, month, day)
    except ValueError:
        raise InvalidPin(PinProblem.BIRTH_DATE) from None
    if year < EARLIEST_BIRTH_YEAR or born_on > (today or date.today()):
        raise InvalidPin(PinProblem.BIRTH_DATE)
    return pin


KYRGYZ_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"
LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

# Each character sorts within a class: separators first (so that "Ак" comes before "Ак Бар" and
# "Акбар"), then digits, the Kyrgyz alphabet, the Latin alphabet, and anything else last.
_SEPARATOR, _DIGIT, _KYRGYZ, _LATIN, _OTHER = range(5)
_LETTER_RANKS = {
    **{letter: (_KYRGYZ, index) for index, letter in enumerate(KYRGYZ_ALPHABET)},
    **{letter: (_LATIN, index) for index, letter in enumerate(LATIN_ALPHABET)},
}


def _character_key(character: str) -> tuple[int, int]:
    lowered = character.lower()
    if lowered in _LETTER_RANKS:
        return _LETTER_RANKS[lowered]
    if character.isspace() or unicodedata.category(character)[0] in "PZ":
        return (_SEPARATOR, ord(character))
    if character.isdigit():
        return (_DIGIT, ord(character))
    # Some capitals lower to two characters (İ); those keep their own code point.
    return (_OTHER, ord(lowered) if len(lowered) == 1 else ord(character))


def kyrgyz_sort_key(name: str) -> tuple[tuple[tuple[int, int], ...], str]:
    """A key that sorts names in Kyrgyz alphabetical order, case-insensitively.

    Ң follows Н, Ө follows О, Ү follows У; Latin letters come after all Cyrillic ones.  The name
    is put in composed form first, so that an imported "Ё" made of Е and a diaeresis sorts as Ё.
    Names equal but for case are ordered by the plain string, so the order is total and the same
    on every run.
    """
    composed = unicodedata.normalize("NFC", name)
    return tuple(_character_key(character) for character in composed), name


def _add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the first day of the following month if there is none.

    Rolling forward rather than back keeps a ban from ever being shorter than it says: a ban of
    12 months from 29 February ends on 1 March, not on 28 February.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year + month // 12, month % 12 + 1, 1)


def reapply_date(failed_on: date, ban_months: int) -> date:
    """The first day on which a candidate below the threshold may apply again (cl. 28).

    ``ban_months`` is the competition's setting (12 by default: "only after 1 year").
    """
    if ban_months < 0:
        raise ValueError(f"ban_months must not be negative, got {ban_months}")
    return _add_months(failed_on, ban_months)


def reentry_refusal(last_failed_on: date | None, applying_on: date, ban_months: int) -> date | None:
    """None when the candidate may apply on ``applying_on``; else the day from which they may."""
    if last_failed_on is None:
        return None
    allowed_from = reapply_date(last_failed_on, ban_months)
    return None if applying_on >= allowed_from else allowed_from
