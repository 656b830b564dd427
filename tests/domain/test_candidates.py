from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.candidates import (
    KYRGYZ_ALPHABET,
    InvalidPin,
    PinProblem,
    kyrgyz_sort_key,
    reapply_date,
    reentry_refusal,
    validate_pin,
)

TODAY = date(2026, 11, 23)


def test_a_valid_pin_comes_back_as_its_fourteen_digits():
    assert validate_pin("21503198500123", today=TODAY) == "21503198500123"
    assert validate_pin(" 1 15031985 00123 ", today=TODAY) == "11503198500123"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", PinProblem.LENGTH),
        ("2150319850012", PinProblem.LENGTH),
        ("215031985001234", PinProblem.LENGTH),
        ("2150319850012A", PinProblem.DIGITS),
        ("21503-198500123", PinProblem.DIGITS),
        ("2150319850012³", PinProblem.DIGITS),
        ("2150319850012٣", PinProblem.DIGITS),
        ("31503198500123", PinProblem.SEX),
        ("01503198500123", PinProblem.SEX),
        ("23202198500123", PinProblem.BIRTH_DATE),  # 32 February
        ("22902202300123", PinProblem.BIRTH_DATE),  # 29 February of a common year
        ("21513198500123", PinProblem.BIRTH_DATE),  # month 13
        ("20003198500123", PinProblem.BIRTH_DATE),  # day 0
        ("21503189900123", PinProblem.BIRTH_DATE),  # 1899
        ("22411202600123", PinProblem.BIRTH_DATE),  # the day after TODAY
    ],
)
def test_a_wrong_pin_says_which_part_is_wrong(text, reason):
    with pytest.raises(InvalidPin) as raised:
        validate_pin(text, today=TODAY)
    assert raised.value.reason == reason
    assert isinstance(raised.value, ValueError)


def test_birth_dates_at_the_edges_are_accepted():
    assert validate_pin("22311202600123", today=TODAY) == "22311202600123"  # born today
    assert validate_pin("10101190000001", today=TODAY) == "10101190000001"
    assert validate_pin("22902200000001", today=TODAY) == "22902200000001"  # 29 Feb 2000


@given(
    born_on=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sex=st.sampled_from("12"),
    sequence=st.integers(min_value=0, max_value=99_999),
)
def test_every_well_formed_pin_is_accepted(born_on, sex, sequence):
    pin = f"{sex}{born_on:%d%m%Y}{sequence:05d}"
    assert validate_pin(pin, today=TODAY) == pin


def sort_names(names):
    return sorted(names, key=kyrgyz_sort_key)


def test_kyrgyz_letters_follow_their_russian_neighbours():
    names = ["Үсөнов", "Ысаков", "Уметов", "Фаизов", "Өмүров", "Пазылов", "Орозов", "Ңаал", "Ооба"]
    names += ["Нурланов", "Эркинов", "Яковлев"]
    assert sort_names(names) == [
        "Нурланов",
        "Ңаал",
        "Ооба",
        "Орозов",
        "Өмүров",
        "Пазылов",
        "Уметов",
        "Үсөнов",
        "Фаизов",
        "Ысаков",
        "Эркинов",
        "Яковлев",
    ]


def test_order_ignores_case_and_puts_latin_after_cyrillic():
    assert sort_names(["бакыт", "Smith", "Асан", "adams", "АЙБЕК", "Яна"]) == [
        "АЙБЕК",
        "Асан",
        "бакыт",
        "Яна",
        "adams",
        "Smith",
    ]


def test_yo_follows_ye_and_a_decomposed_yo_sorts_as_yo():
    decomposed_yo = "Е\u0308лкин"
    assert sort_names(["Жанар", decomposed_yo, "Ёлкин", "Ермек"]) == [
        "Ермек",
        "Ёлкин",
        decomposed_yo,
        "Жанар",
    ]


def test_a_shorter_name_comes_before_its_longer_forms():
    assert sort_names(["Акбар", "Ак Бар", "Ак"]) == ["Ак", "Ак Бар", "Акбар"]


def test_names_equal_but_for_case_still_have_a_fixed_order():
    assert sort_names(["асан", "Асан", "АСАН"]) == sort_names(["АСАН", "асан", "Асан"])
    assert kyrgyz_sort_key("асан") != kyrgyz_sort_key("Асан")


@given(st.lists(st.text(alphabet=KYRGYZ_ALPHABET, min_size=1, max_size=6), max_size=20))
def test_lowercase_kyrgyz_words_sort_letter_by_letter_in_alphabet_order(words):
    def alphabet_positions(word):
        return [KYRGYZ_ALPHABET.index(letter) for letter in word]

    assert sort_names(words) == sorted(words, key=alphabet_positions)


@given(st.lists(st.text(max_size=8), max_size=20))
def test_the_order_does_not_depend_on_the_input_order(names):
    assert sort_names(names) == sort_names(list(reversed(names)))


@pytest.mark.parametrize(
    ("failed_on", "months", "expected"),
    [
        (date(2025, 10, 30), 12, date(2026, 10, 30)),
        (date(2024, 2, 29), 12, date(2025, 3, 1)),  # no 29 Feb: never shorter than a year
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 3, 1)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 12, 31), 2, date(2026, 3, 1)),
        (date(2025, 6, 10), 0, date(2025, 6, 10)),
        (date(2025, 6, 10), 18, date(2026, 12, 10)),
    ],
)
def test_reapply_date_is_the_same_day_months_later_or_the_next_existing_day(
    failed_on, months, expected
):
    assert reapply_date(failed_on, months) == expected


def test_a_negative_ban_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        reapply_date(date(2025, 6, 10), -1)


@given(failed_on=st.dates(max_value=date(9000, 1, 1)), months=st.integers(0, 240))
def test_a_ban_is_never_shorter_than_its_months(failed_on, months):
    allowed_from = reapply_date(failed_on, months)
    month_steps = (allowed_from.year - failed_on.year) * 12 + allowed_from.month - failed_on.month
    if allowed_from.day == failed_on.day:
        assert month_steps == months
    else:
        # The day does not exist in the target month: the ban ends at the start of the next one.
        assert (allowed_from.day, month_steps, failed_on.day > 28) == (1, months + 1, True)
        assert (allowed_from - timedelta(days=1)).day < failed_on.day


def test_reentry_is_refused_until_the_reapply_date():
    failed_on = date(2025, 8, 20)
    assert reentry_refusal(None, date(2025, 8, 21), 12) is None
    assert reentry_refusal(failed_on, date(2026, 8, 19), 12) == date(2026, 8, 20)
    assert reentry_refusal(failed_on, date(2025, 8, 20), 12) == date(2026, 8, 20)
    assert reentry_refusal(failed_on, date(2026, 8, 20), 12) is None
    assert reentry_refusal(failed_on, date(2027, 1, 1), 12) is None
    assert reentry_refusal(failed_on, date(2025, 12, 1), 3) is None
    assert reentry_refusal(failed_on, date(2025, 11, 19), 3) == date(2025, 11, 20)
