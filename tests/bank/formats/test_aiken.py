"""Aiken: round trips, teachers' files, and every kind of mistake with its line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from question_bank.formats import aiken
from question_bank.formats.base import ImportFailed
from question_bank.model import Bank, Option, Question, Section
from tests.helpers.banks import in_one_language, rich_bank

FILES = Path(__file__).parent / "files"


def fixture(name: str) -> bytes:
    return (FILES / name).read_bytes()


def problems_of(data: bytes, file_name: str = "test.txt") -> list[tuple[str, str, str]]:
    with pytest.raises(ImportFailed) as failure:
        aiken.read(data, file_name)
    assert all(p.file == file_name for p in failure.value.problems)
    return [(p.location, p.field, p.message) for p in failure.value.problems]


def what_aiken_carries(bank: Bank) -> Bank:
    """The rich bank minus what Aiken refuses: the multiple-response question and pictures."""
    return replace(
        bank,
        questions=tuple(replace(q, images=()) for q in bank.questions if not q.multiple),
    )


def as_read_back(bank: Bank, language: str, section: str) -> Bank:
    """One section named after the file, no uids, scenarios in front of their stems."""
    questions = []
    for question in bank.questions:
        stem = question.stem[language]
        if question.scenario:
            stem = f"{bank.scenario(question.scenario).text[language]} {stem}"
        questions.append(
            Question(
                uid="",
                section=section,
                stem={language: stem},
                options=question.options,
                correct=question.correct,
            )
        )
    return Bank((Section(section, {language: section}),), (), tuple(questions))


# Round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_round_trip_keeps_what_aiken_can_carry(language):
    bank = what_aiken_carries(in_one_language(rich_bank(), language))

    back = aiken.read(aiken.write(bank, language), "банк.aiken.txt", language)

    assert back == as_read_back(bank, language, "банк")
    scenario_text = bank.scenarios[0].text[language]
    assert back.questions[1].stem[language].startswith(scenario_text + " ")


def test_written_file_is_plain_aiken():
    question = Question(
        uid="Q-1",
        section="law",
        stem={"ky": "Уставды ким\nбекитет?"},
        options=(Option("a", {"ky": "Директор"}), Option("b", {"ky": "Түзүүчү"})),
        correct=frozenset({"b"}),
        source="Мыйзам",
        tags=("устав",),
    )

    data = aiken.write(Bank((Section("law", {"ky": "Мыйзам"}),), (), (question,)))

    assert data == "Уставды ким бекитет?\r\nA) Директор\r\nB) Түзүүчү\r\nANSWER: B\r\n".encode()


def test_write_refuses_multiple_response_and_pictures_naming_the_questions():
    with pytest.raises(ValueError) as refusal:
        aiken.write(in_one_language(rich_bank(), "ky"), "ky")

    message = str(refusal.value)
    assert "cannot carry multiple-response: LAW-003" in message
    assert "cannot carry pictures, so these questions would lose theirs: IT-001" in message


def test_write_refuses_a_question_without_exactly_one_key():
    bank = what_aiken_carries(in_one_language(rich_bank(), "ky"))
    bank = replace(bank, questions=(replace(bank.questions[0], correct=frozenset({"a", "b"})),))

    with pytest.raises(ValueError, match=r"exactly one key among its options: LAW-001"):
        aiken.write(bank)


def test_write_refuses_texts_missing_in_the_language():
    bank = what_aiken_carries(in_one_language(rich_bank(), "ky"))

    with pytest.raises(ValueError, match=r"missing in ru: LAW-001"):
        aiken.write(bank, "ru")


# Real files -----------------------------------------------------------------------------------


def test_teachers_notepad_file_with_bom_crlf_and_trailing_spaces():
    data = fixture("aiken_teacher_ky.txt")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data

    bank = aiken.read(data, "aiken_teacher_ky.txt")

    section = "aiken_teacher_ky"
    assert bank.sections == (Section(section, {"ky": section}),)
    assert bank.scenarios == ()
    charter, council, plan = bank.questions
    assert charter == Question(
        uid="",
        section=section,
        stem={
            "ky": "Кыргыз Республикасынын «Билим берүү жөнүндө» Мыйзамына ылайык мектептин "
            "уставын ким бекитет?"
        },
        options=(
            Option("a", {"ky": "Мектептин директору"}),
            Option("b", {"ky": "Түзүүчү"}),
            Option("c", {"ky": "Ата-энелер комитети"}),
            Option("d", {"ky": "Райондук билим берүү бөлүмү"}),
        ),
        correct=frozenset({"b"}),
    )
    assert [o.text["ky"] for o in council.options] == [
        "Мектептин директору",
        "Окуу бөлүмүнүн башчысы",
        "Профсоюздун төрагасы",
    ]
    assert council.correct == {"a"}
    # a stem over two lines, tab after the labels, "ANSWER:A" without a space
    assert plan.stem == {
        "ky": "Окуу планы канча жолу бекитилет?\nТөмөнкүлөрдүн ичинен туурасын тандаңыз."
    }
    assert plan.option("a").text == {"ky": "Жылына бир жолу"}
    assert plan.correct == {"a"}


def test_russian_file_as_in_moodle_docs():
    bank = aiken.read(fixture("aiken_moodle_ru.txt"), "aiken_moodle_ru.txt", "ru")

    assert bank.sections == (Section("aiken_moodle_ru", {"ru": "aiken_moodle_ru"}),)
    first, second = bank.questions
    assert first.stem == {"ru": "Кто утверждает устав школы?"}
    assert [o.key for o in first.options] == ["a", "b", "c"]
    assert first.option("b").text == {"ru": "Учредитель"} and first.correct == {"b"}
    assert second.options == (Option("a", {"ru": "Ctrl+S"}), Option("b", {"ru": "Ctrl+P"}))
    assert second.correct == {"a"}


# Mistakes -------------------------------------------------------------------------------------


def test_every_mistake_is_reported_with_line_and_field():
    found = problems_of(fixture("aiken_broken.txt"), "aiken_broken.txt")

    assert [(where, field) for where, field, _ in found] == [
        ("line 1", "answer"),  # no ANSWER line
        ("line 8", "answer"),  # ANSWER: D, options A–B
        ("line 10", "options"),  # one option
        ("line 16", "option C"),  # A then C
        ("line 20", "option"),  # Cyrillic А)
        ("line 21", "option"),  # Cyrillic Б)
        ("line 28", "answer"),  # ANSWER: A, C
    ]
    messages = [message for _, _, message in found]
    assert "has no ANSWER line" in messages[0]
    assert messages[1] == "ANSWER names D, which is not among the options (A–B)"
    assert "at least two options" in messages[2]
    assert "expected B, found C" in messages[3]
    assert "Cyrillic letter «А»" in messages[4]
    assert "multiple-response questions cannot be imported" in messages[6]


def test_options_and_answer_without_a_question():
    data = "A) Ооба\nB) Жок\nANSWER: A\n\nANSWER: B\n".encode()

    assert [(where, field) for where, field, _ in problems_of(data)] == [
        ("line 1", "option A"),
        ("line 2", "option B"),
        ("line 3", "answer"),
        ("line 5", "answer"),
    ]


def test_cyrillic_answer_letter_gets_a_hint():
    data = "Суроо?\nA) Ооба\nB) Жок\nANSWER: В\n".encode()  # Cyrillic В

    ((where, field, message),) = problems_of(data)

    assert (where, field) == ("line 4", "answer")
    assert "Cyrillic letter: type the Latin one" in message


def test_a_gift_file_read_as_aiken_says_so():
    data = fixture("gift_teacher_ky.txt")

    assert problems_of(data, "questions.txt") == [
        (
            "",
            "format",
            "this file looks like GIFT (Moodle's text format, answers in {…}), not Aiken; "
            "import it as GIFT",
        )
    ]


def test_bytes_that_are_not_utf8_are_named_by_line():
    data = "Кто утверждает устав?\nA) Учредитель\nB) Директор\nANSWER: A\n".encode("cp1251")

    found = problems_of(data, "cp1251.txt")

    assert [(where, field) for where, field, _ in found] == [
        ("line 1", "encoding"),
        ("line 2", "encoding"),
        ("line 3", "encoding"),
    ]


def test_empty_file_holds_no_questions():
    assert problems_of(b"\xef\xbb\xbf\r\n  \r\n") == [("", "", "the file holds no questions")]


def test_hostile_input_ends_in_import_failed():
    for data in (b"A)", b"ANSWER:", b"x\nA.\nB.\nANSWER: Z", b"\xff\xfe\x00", b"{=a}", b"\x00"):
        with pytest.raises(ImportFailed):
            aiken.read(data, "x.txt")
