"""Official date, time and percentage styles of the printed documents."""

from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

import pytest

from protocols.dates import format_date, format_numeric_date, format_percent, format_time

KYRGYZ = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
RUSSIAN = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"


def test_the_official_styles_of_the_facts_sheet():
    day = date(2022, 10, 30)
    assert format_date(day, "ky") == "«30» октябрь 2022-ж."
    assert format_date(day, "ru") == "«30» октября 2022 г."
    assert format_date(day, "en") == "30 October 2022"
    assert format_numeric_date(day) == "30.10.2022"


@pytest.mark.parametrize("month", range(1, 13))
def test_kyrgyz_months_are_nominative_and_russian_months_genitive(month):
    day = date(2026, month, 15)
    assert format_date(day, "ky") == f"«15» {KYRGYZ.split()[month - 1]} 2026-ж."
    assert format_date(day, "ru") == f"«15» {RUSSIAN.split()[month - 1]} 2026 г."


def test_a_single_digit_day_has_two_digits_in_every_numbered_style():
    day = date(2026, 3, 5)
    assert format_date(day, "ky") == "«05» март 2026-ж."
    assert format_date(day, "ru") == "«05» марта 2026 г."
    assert format_date(day, "en") == "5 March 2026"
    assert format_numeric_date(day) == "05.03.2026"


def test_a_datetime_is_formatted_by_its_date():
    assert format_date(datetime(2026, 5, 1, 23, 59), "ky") == "«01» май 2026-ж."


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        format_date(date(2026, 1, 1), "de")
    with pytest.raises(ValueError):
        format_percent(0.5, "kk")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (time(9, 5), "09:05"),
        (time(0, 0), "00:00"),
        (datetime(2026, 10, 30, 23, 59, 59), "23:59"),  # cut off, never ahead of the clock
        (datetime(2026, 10, 30, 13, 7, 31), "13:07"),
    ],
)
def test_times_are_on_a_24_hour_clock(moment, expected):
    assert format_time(moment) == expected


@pytest.mark.parametrize(
    ("share", "language", "expected"),
    [
        (0.725, "ky", "72,5 %"),
        (0.725, "ru", "72,5 %"),
        (0.725, "en", "72.5%"),
        (Fraction(52, 80), "ky", "65 %"),
        (Fraction(57, 80), "ru", "71,25 %"),
        (Fraction(1, 3), "ky", "33,33 %"),
        (Fraction(2, 3), "ky", "66,67 %"),
        (Decimal("0.6"), "ru", "60 %"),
        (0, "ky", "0 %"),
        (1, "ru", "100 %"),
    ],
)
def test_percentages_take_a_decimal_comma_in_kyrgyz_and_russian(share, language, expected):
    assert format_percent(share, language) == expected


def test_percentages_round_half_up_to_the_places_asked_for():
    assert format_percent(Fraction(57, 80), "ky", decimals=1) == "71,3 %"
    assert format_percent(Fraction(57, 80), "ky", decimals=0) == "71 %"
    assert format_percent(0.125, "en", decimals=1) == "12.5%"
    assert format_percent(0.00125, "en", decimals=1) == "0.1%"
