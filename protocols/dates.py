"""Dates, times and percentages in the official styles of printed documents.

Kyrgyz and Russian documents write a date as ``«30» октябрь 2022-ж.`` and ``«30» октября 2022 г.``
(the Kyrgyz month in the nominative, the Russian one in the genitive), or as ``30.10.2022``; times
are 24-hour ``HH:MM``; numbers take a decimal comma (``72,5 %``).  Locale libraries do not produce
these styles (Qt's ``ky_KG`` short date is ``30/10/22``), so they are spelled out here.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

KYRGYZ_MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
RUSSIAN_MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_DECIMAL_COMMA_LANGUAGES = ("ky", "ru")


def _check_language(language: str) -> None:
    if language not in ("ky", "ru", "en"):
        raise ValueError(f"no date style for language {language!r}; expected ky, ru or en")


def format_date(day: date, language: str) -> str:
    """The date in the official style of ``language`` (``ky``, ``ru`` or ``en``).

    ``«30» октябрь 2022-ж.``, ``«30» октября 2022 г.``, ``30 October 2022``.  The day has two
    digits in Kyrgyz and Russian (``«05» май``), as in the numeric style, so that nobody can add a
    digit to a printed date.
    """
    _check_language(language)
    if language == "ky":
        return f"«{day.day:02d}» {KYRGYZ_MONTHS[day.month - 1]} {day.year}-ж."
    if language == "ru":
        return f"«{day.day:02d}» {RUSSIAN_MONTHS_GENITIVE[day.month - 1]} {day.year} г."
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def format_numeric_date(day: date) -> str:
    """The date as ``30.10.2022``, the same in every language."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def format_time(moment: time | datetime) -> str:
    """The time of day on a 24-hour clock, ``HH:MM`` (seconds are cut off, not rounded).

    Cutting off keeps a printed time from running ahead of the moment: a test that ended at
    11:31:50 ended at 11:31, not at 11:32.
    """
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_percent(share: float | Fraction | Decimal, language: str, *, decimals: int = 2) -> str:
    """A share (``0.725``) as a percentage: ``72,5 %`` in Kyrgyz and Russian, ``72.5%`` in English.

    Rounded half up to at most ``decimals`` places, without trailing zeros: 52 of 80 is ``65 %``,
    57 of 80 is ``71,25 %`` (every score out of 80 is exact with two places).  A
    :class:`~fractions.Fraction` such as ``Fraction(57, 80)`` is converted without binary
    rounding error.
    """
    _check_language(language)
    if isinstance(share, Fraction):
        value = Decimal(share.numerator) / Decimal(share.denominator)
    else:
        value = Decimal(str(share)) if isinstance(share, float) else Decimal(share)
    percent = (value * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{percent:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if language in _DECIMAL_COMMA_LANGUAGES:
        return text.replace(".", ",") + " %"
    return text + "%"
