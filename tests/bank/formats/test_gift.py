"""GIFT: round trips, Moodle's and teachers' files, and every kind of mistake with its line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from question_bank.formats import gift
from question_bank.formats.base import ImportFailed
from question_bank.model import Bank, Option, Question, Scenario, Section
from tests.helpers.banks import in_one_language, rich_bank

FILES = Path(__file__).parent / "files"


def fixture(name: str) -> bytes:
    return (FILES / name).read_bytes()


def problems_of(data: bytes, file_name: str = "test.gift") -> list[tuple[str, str, str]]:
    with pytest.raises(ImportFailed) as failure:
        gift.read(data, file_name)
    assert all(p.file == file_name for p in failure.value.problems)
    return [(p.location, p.field, p.message) for p in failure.value.problems]


def without_pictures(bank: Bank) -> Bank:
    return replace(bank, questions=tuple(replace(q, images=()) for q in bank.questions))


def as_read_back(bank: Bank) -> Bank:
    """What GIFT gives back: everything but the shuffle flag, which it cannot carry."""
    return replace(bank, questions=tuple(replace(q, shuffle_options=True) for q in bank.questions))


# Round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_round_trip_keeps_everything_gift_can_carry(language):
    bank = without_pictures(in_one_language(rich_bank(), language))

    back = gift.read(gift.write(bank, language), "bank.gift", language)

    assert back == as_read_back(bank)
    # spelled out, since equality alone hides what matters most
    law_3 = back.questions[2]
    assert law_3.multiple and law_3.correct == {"a", "b", "c"}
    assert {q.uid for q in back.questions if q.scenario == "SC-ӨНҮГҮҮ"} == {"LAW-002", "LAW-003"}
    assert back.questions[0].source == "Закон КР «Об образовании», ст. 24"
    assert back.questions[0].tags == ("устав", "мыйзам")


def test_written_file_is_what_moodle_imports():
    bank = without_pictures(in_one_language(rich_bank(), "ky"))

    text = gift.write(bank, "ky").decode("utf-8")

    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "// section: law\r\n$CATEGORY: $course$/top/Нормативдик укуктук актылар\r\n" in text
    assert "// source: Закон КР «Об образовании», ст. 24\r\n// [tag:устав] [tag:мыйзам]\r\n" in text
    assert "::SC-ӨНҮГҮҮ::[plain]Мектептин өнүгүү планы" in text
    assert "// scenario: SC-ӨНҮГҮҮ\r\n// [tag:план]\r\n::LAW-003::[plain]" in text
    assert (
        "\t~%33.33333%Мугалимдер\r\n\t~%33.33333%Ата-энелер\r\n"
        "\t~%33.33333%Жергиликтүү өз алдынча башкаруу\r\n\t~%-100%Башка мектептин окуучулары\r\n}"
    ) in text
    # the scenario comes once, before the first question using it
    assert text.count("::SC-ӨНҮГҮҮ::") == 1
    assert text.index("::SC-ӨНҮГҮҮ::") < text.index("::LAW-002::")


def test_special_characters_are_escaped_and_come_back():
    question = Question(
        uid="Q:1",
        section="a/b",
        stem={"ky": "Формула {x} = ~y # z: \\ бүттү\nЭкинчи сап"},
        options=(
            Option("a", {"ky": "%50% гана"}),
            Option("b", {"ky": "[html] <эмес>"}),
            Option("c", {"ky": "=туура"}),
        ),
        correct=frozenset({"c"}),
        source="Мыйзам,\nст. 5",
        tags=("a]b",),
    )
    bank = Bank((Section("a/b", {"ky": "Бөлүм/1"}),), (), (question,))

    data = gift.write(bank)
    back = gift.read(data, "x.gift")

    text = data.decode()
    assert "::Q\\:1::[plain]Формула \\{x\\} \\= \\~y \\# z\\: \\\\ бүттү\\nЭкинчи сап{" in text
    assert "\t~[plain]%50% гана\r\n\t~[plain][html] <эмес>\r\n\t=\\=туура\r\n" in text
    assert "$CATEGORY: $course$/top/Бөлүм//1" in text
    assert back == Bank(
        (Section("a/b", {"ky": "Бөлүм/1"}),),
        (),
        (replace(question, source="Мыйзам, ст. 5"),),
    )


_ALPHABET = st.sampled_from(list("aZбөүңЖ 1.,«»-_\n{}=~#:\\%[]/$@*&"))


@settings(max_examples=150, deadline=None)
@given(stem=st.text(_ALPHABET, min_size=1, max_size=40), option=st.text(_ALPHABET, max_size=20))
def test_any_text_survives_the_escapes(stem, option):
    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.split("\n")).strip()

    if not tidy(stem) or not tidy(option):
        return
    question = Question(
        "Q",
        "s",
        {"ky": stem},
        (Option("a", {"ky": option}), Option("b", {"ky": "жок"})),
        frozenset({"a"}),
    )

    back = gift.read(gift.write(Bank((Section("s", {"ky": "s"}),), (), (question,))), "q.gift")

    assert back.questions[0].stem == {"ky": tidy(stem)}
    assert back.questions[0].options[0].text == {"ky": tidy(option)}


def test_write_refuses_pictures_naming_the_questions():
    with pytest.raises(ValueError, match=r"cannot carry pictures.*IT-001"):
        gift.write(in_one_language(rich_bank(), "ky"), "ky")


def test_write_refuses_texts_missing_in_the_language():
    bank = without_pictures(in_one_language(rich_bank(), "ky"))

    with pytest.raises(ValueError, match=r"missing in ru: LAW-001, LAW-002, LAW-003"):
        gift.write(bank, "ru")


def test_write_refuses_tags_moodle_cannot_read():
    bank = without_pictures(rich_bank())
    bank = replace(bank, questions=(replace(bank.questions[0], tags=("<b>",)),))

    with pytest.raises(ValueError, match=r"tags holding <.*LAW-001"):
        gift.write(bank)


# Real files -----------------------------------------------------------------------------------


def test_moodle_export_reads_as_moodle_shows_it():
    bank = gift.read(fixture("gift_moodle_export.txt"), "gift_moodle_export.txt")

    assert bank.sections == (
        Section("Мыйзамдар", {"ky": "Мыйзамдар"}),
        Section("IT компетенциялары", {"ky": "IT компетенциялары"}),
    )
    assert bank.scenarios == ()
    charter, plan, saving = bank.questions
    # [html] texts become plain: tags and &nbsp; gone, feedback and general feedback skipped
    assert charter == Question(
        uid="Устав",
        section="Мыйзамдар",
        stem={"ky": "«Билим берүү жөнүндө» Мыйзамга ылайык мектептин уставын ким бекитет?"},
        options=(
            Option("a", {"ky": "Мектептин директору"}),
            Option("b", {"ky": "Түзүүчү"}),
            Option("c", {"ky": "Ата-энелер комитети"}),
            Option("d", {"ky": "Райондук билим берүү бөлүмү"}),
        ),
        correct=frozenset({"b"}),
        tags=("устав", "мыйзам"),
    )
    assert plan.uid == "Өнүгүү планы"  # the title, not Moodle's [id:…]
    assert plan.stem == {"ky": "Өнүгүү планын талкуулоого кимдер катышат?\nБир нечесин тандаңыз."}
    assert plan.multiple and plan.correct == {"a", "b", "c"}
    assert plan.tags == ("план",)
    assert saving.section == "IT компетенциялары"
    assert [o.text["ky"] for o in saving.options] == ["Ctrl+S", "Ctrl+P", "Ctrl+Z"]
    assert saving.correct == {"a"} and not saving.multiple


def test_teachers_notepad_file_with_bom_crlf_and_trailing_spaces():
    data = fixture("gift_teacher_ky.txt")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data

    bank = gift.read(data, "gift_teacher_ky.txt")

    assert bank.sections == (
        Section("gift_teacher_ky", {"ky": "gift_teacher_ky"}),  # before any $CATEGORY
        Section("Мыйзамдар", {"ky": "Мыйзамдар"}),
        Section("it", {"ky": "IT"}),  # code from the // section: comment
    )
    assert bank.scenarios == (
        Scenario(
            "SC-1",
            {"ky": "Мектептин өнүгүү планы бир жылдан бери бекитилген эмес.\nҮй-бүлөлөр нааразы."},
        ),
    )
    general, law_1, law_2, law_3, missing_word, formula = bank.questions
    assert general.uid == "ЖАЛПЫ-1" and general.section == "gift_teacher_ky"
    assert [o.text["ky"] for o in general.options] == ["2021-жылы", "2010-жылы", "1993-жылы"]
    assert law_1.source == "«Билим берүү жөнүндө» Мыйзам, 24-берене"
    assert law_1.tags == ("устав", "мыйзам")
    assert law_1.option("b").text == {"ky": "Түзүүчү"}  # "# Туура!" feedback dropped
    assert law_1.option("c").text == {"ky": "Ата-энелер комитети"}
    assert law_1.correct == {"b"}
    assert law_2.scenario == "SC-1" and law_2.correct == {"a"} and len(law_2.options) == 3
    assert law_3.scenario == "SC-1" and law_3.multiple and law_3.correct == {"a", "b"}
    assert law_3.tags == ("план",)
    assert missing_word.uid == ""
    assert missing_word.stem == {"ky": "Маалыматты сактоо үчүн _____ баскычтары колдонулат."}
    assert missing_word.section == "it" and missing_word.correct == {"b"}
    assert formula.stem == {"ky": "Формулада = белгиси эмнени билдирет:"}


# Mistakes -------------------------------------------------------------------------------------


def test_unsupported_question_types_are_named_with_their_line():
    found = problems_of(fixture("gift_unsupported.txt"), "gift_unsupported.txt")

    assert [(where, field) for where, field, _ in found] == [
        ("line 3", "question type"),
        ("line 5", "question type"),
        ("line 7", "question type"),
        ("line 9", "question type"),
        ("line 14", "question type"),
        ("line 16", "question type"),
    ]
    kinds = [message.split(" questions are not supported")[0] for _, _, message in found[:5]]
    assert kinds == ["true/false", "short answer", "numerical", "matching", "essay"]
    assert found[5][2].startswith("a description (text without an answer block)")


def test_every_mistake_is_reported_with_line_and_field():
    found = problems_of(fixture("gift_broken.txt"), "gift_broken.txt")

    assert [(where, field) for where, field, _ in found] == [
        ("line 1", "answer"),
        ("line 3", "answer"),
        ("line 6", "answer"),
        ("line 8", "option b"),
        ("line 10", "option b"),
        ("line 13", "scenario"),
        ("line 15", "title"),
        ("line 17", "category"),
        ("line 19", "answer"),
        ("line 21", "image window.png"),
    ]
    messages = [message for _, _, message in found]
    assert "at least two options" in messages[0]
    assert "not closed with }" in messages[1]
    assert "separated by a blank line" in messages[2]
    assert "partial credit (50 %)" in messages[3]
    assert "no text" in messages[4]
    assert "SC-9" in messages[5]
    assert "names no category" in messages[7]
    assert "closes no answer block" in messages[8]
    assert "cannot hold pictures" in messages[9]


def test_bytes_that_are_not_utf8_are_named_by_line():
    data = "::Q-1::Кто утверждает устав?{=Учредитель ~Директор}\n\n// ok\n".encode("cp1251")
    data += "::Q-2::Чей план?{=Школы ~Района}".encode("cp1251")

    found = problems_of(data, "cp1251.gift")

    assert [(where, field) for where, field, _ in found] == [
        ("line 1", "encoding"),
        ("line 4", "encoding"),
    ]
    assert "save the file as UTF-8" in found[0][2]


def test_utf16_file_is_refused_with_advice():
    data = "::Q::Суроо{=Ооба ~Жок}".encode("utf-16")

    assert problems_of(data) == [
        (
            "line 1",
            "encoding",
            "the file is saved as UTF-16 (Notepad's “Unicode”); save it as UTF-8",
        )
    ]


def test_an_aiken_file_read_as_gift_says_so():
    data = "Суроо?\nA) Ооба\nB) Жок\nANSWER: A\n".encode()

    ((where, field, message),) = problems_of(data)

    assert (where, field) == ("line 1", "question type")
    assert "import the file as Aiken" in message


def test_empty_file_holds_no_questions():
    assert problems_of(b"\xef\xbb\xbf// only a comment\r\n") == [
        ("", "", "the file holds no questions")
    ]


def test_scenario_needs_a_unique_title():
    data = "::SC-1::Биринчи.\n\n::SC-1::Экинчи.\n\n// scenario: SC-1\n::Q::Суроо{=а ~б}\n"

    assert problems_of(data.encode()) == [
        ("line 3", "scenario", "a second description titled “SC-1”; scenario titles must differ")
    ]


def test_hostile_input_ends_in_import_failed():
    for data in (b"{", b"}", b"::", b"{~}", b"\x00\xff", b"::a::{~%%~=}", b"[html]<img{=a ~b}"):
        with pytest.raises(ImportFailed):
            gift.read(data, "x.gift")
