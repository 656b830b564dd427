"""The bank browser's filter rule, without Qt: every field, alone and combined, and the search."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.bank_filter import BankFilter, fold, known_tags, matches, search_words
from kiosk.services.bank_views import QuestionRow
from question_bank.lifecycle import Status

WHEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def row(
    uid: str = "Q-1",
    *,
    section: str = "law",
    status: Status = Status.APPROVED,
    languages: tuple[str, ...] = ("ky", "ru"),
    tags: tuple[str, ...] = (),
    texts: tuple[str, ...] = ("Мектептин уставын ким бекитет?",),
) -> QuestionRow:
    """A browser row whose search text is built like the service builds it (folded)."""
    return QuestionRow(
        uid=uid,
        version_id=1,
        number=1,
        section=section,
        status=status,
        stem={"ky": texts[0]},
        languages=frozenset(languages),
        tags=tags,
        multiple=False,
        author="aida",
        updated_at=WHEN,
        search_text="\n".join([uid, *tags, *texts]).casefold(),
    )


# -- the search words --------------------------------------------------------------------------


def test_search_words_are_folded_split_on_any_white_space_and_unique():
    assert search_words("  ӨНҮГҮҮ \t план\n  өнүгүү  ") == ("өнүгүү", "план")
    assert search_words("   ") == ()
    assert fold("  Мектеп   ӨНҮГҮҮ\u00a0плАНЫ ") == "мектеп өнүгүү планы"


def test_an_empty_filter_lets_everything_through():
    empty = BankFilter()
    assert empty.is_empty
    assert BankFilter(text="   ").is_empty
    for status in Status:
        assert matches(row(status=status, languages=()), empty)


# -- each field alone --------------------------------------------------------------------------


def test_the_section_must_be_the_one_asked_for():
    assert matches(row(section="law"), BankFilter(section="law"))
    assert not matches(row(section="pedagogy"), BankFilter(section="law"))


@pytest.mark.parametrize("status", list(Status))
def test_the_status_must_be_the_one_asked_for(status):
    for other in Status:
        assert matches(row(status=other), BankFilter(status=status)) is (other is status)


def test_the_language_asks_for_a_question_complete_in_it():
    ky_only = row(languages=("ky",))
    both = row(languages=("ky", "ru"))
    assert matches(ky_only, BankFilter(language="ky"))
    assert not matches(ky_only, BankFilter(language="ru"))
    assert matches(both, BankFilter(language="ru"))
    assert not matches(row(languages=()), BankFilter(language="ky"))


def test_the_tag_must_be_one_of_the_questions_tags_in_any_case():
    tagged = row(tags=("Устав", "кеңеш"))
    assert matches(tagged, BankFilter(tag="устав"))
    assert matches(tagged, BankFilter(tag="КЕҢЕШ"))
    assert not matches(tagged, BankFilter(tag="устав мектеп"))
    assert not matches(tagged, BankFilter(tag="уста"))  # a tag is matched whole
    assert not matches(row(tags=()), BankFilter(tag="устав"))


# -- free text ---------------------------------------------------------------------------------


def test_search_ignores_case_in_kyrgyz_letters():
    found = row(texts=("Мектептин өнүгүү планы ким тарабынан бекитилет?",))
    assert matches(found, BankFilter(text="ӨНҮГҮҮ"))
    assert matches(found, BankFilter(text="Өнүгүү"))
    assert matches(row(texts=("ҢӨҮ",)), BankFilter(text="ңөү"))
    assert not matches(found, BankFilter(text="онугуу"))  # Ө is not О, Ү is not У


def test_search_ignores_case_in_russian_and_latin():
    assert matches(row(texts=("Кто утверждает УСТАВ школы?",)), BankFilter(text="устав"))
    assert matches(row(texts=("IT компетенциялары",)), BankFilter(text="it"))


def test_search_is_tolerant_of_extra_spaces():
    found = row(texts=("Мектептин өнүгүү планы",))
    assert matches(found, BankFilter(text="   өнүгүү    планы   "))
    assert matches(found, BankFilter(text="\tөнүгүү\n"))


def test_several_words_must_all_match_in_any_order_and_anywhere():
    found = row(texts=("Мектептин өнүгүү планы", "Директор бекитет"), tags=("устав",))
    assert matches(found, BankFilter(text="директор өнүгүү"))
    assert matches(found, BankFilter(text="устав мектеп"))  # a tag and the stem
    assert not matches(found, BankFilter(text="өнүгүү бюджет"))


def test_search_finds_words_in_options_scenario_source_tags_and_uid():
    # The service folds every text of the version into search_text; each part is found.
    texts = (
        "Суроонун тексти",  # stem
        "Түзүүчү",  # an option
        "Мектепте жаңы окуу жылы башталды",  # the scenario
        "Закон «Об образовании», ст. 32",  # the source
    )
    found = row("LAW-007", texts=texts, tags=("кеңеш",))
    for word in ("түзүүчү", "ОКУУ ЖЫЛЫ", "образовании", "ст. 32", "кеңеш", "law-007"):
        assert matches(found, BankFilter(text=word)), word


def test_search_matches_parts_of_words():
    assert matches(row(texts=("бекитилет",)), BankFilter(text="бекит"))


# -- every combination -------------------------------------------------------------------------

SECTIONS = ("law", "it")
LANGUAGE_SETS = (("ky",), ("ky", "ru"))
TAG_SETS = ((), ("устав",))
TEXTS = ("Мектептин өнүгүү планы", "Электрондук журнал")
ROWS = [
    row(f"Q-{n}", section=s, status=st_, languages=langs, tags=tags, texts=(text,))
    for n, (s, st_, langs, tags, text) in enumerate(
        itertools.product(SECTIONS, Status, LANGUAGE_SETS, TAG_SETS, TEXTS)
    )
]
FILTERS = [
    BankFilter(section=s, status=st_, language=lang, tag=tag, text=text)
    for s, st_, lang, tag, text in itertools.product(
        (None, *SECTIONS),
        (None, *Status),
        (None, "ky", "ru"),
        (None, "устав"),
        ("", "ӨНҮГҮҮ  планы", "журнал өнүгүү"),
    )
]


def expected(question: QuestionRow, wanted: BankFilter) -> bool:
    """The rule spelled out field by field."""
    stem = question.stem["ky"].casefold()
    return (
        (wanted.section in (None, question.section))
        and (wanted.status in (None, question.status))
        and (wanted.language is None or wanted.language in question.languages)
        and (wanted.tag is None or wanted.tag in question.tags)
        and all(word.casefold() in stem for word in wanted.text.split())
    )


def test_every_combination_of_fields_is_the_conjunction_of_each():
    assert len(ROWS) * len(FILTERS) > 10_000
    for wanted in FILTERS:
        shown = [q.uid for q in ROWS if matches(q, wanted)]
        assert shown == [q.uid for q in ROWS if expected(q, wanted)], wanted


@given(
    text=st.text(alphabet="абвгңөүӨҮҢ ABC\t", max_size=30),
    query=st.text(alphabet="абвгңөүӨҮҢ ABC\t", max_size=12),
)
def test_a_search_matches_exactly_when_every_folded_word_occurs(text, query):
    question = row(texts=(text,))
    folded = question.search_text
    assert matches(question, BankFilter(text=query)) == all(
        word in folded for word in query.casefold().split()
    )


def test_known_tags_are_unique_ignoring_case_and_sorted():
    rows = [row(tags=("устав", "Кеңеш")), row(tags=("УСТАВ", "бюджет", " "))]
    # The first spelling met is kept.
    assert known_tags(rows) == ["бюджет", "Кеңеш", "устав"]


def test_filters_compare_by_their_choices():
    assert BankFilter(text="a") == BankFilter(text="a")
    assert BankFilter(section="law") != BankFilter(section="it")
    assert BankFilter(text="ӨНҮГҮҮ").words == ("өнүгүү",)
