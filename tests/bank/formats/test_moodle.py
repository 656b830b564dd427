"""Moodle XML: round trips, a hand-written Moodle 4.x export, and malformed files."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from question_bank.formats import format_module, guess_format, moodle
from question_bank.formats.base import ImportFailed, Problem
from question_bank.model import Bank, Image, Option, Question, Scenario, Section
from tests.helpers.banks import in_one_language, rich_bank, tiny_png

FILES = Path(__file__).parent / "files"


def fixture(name: str) -> bytes:
    return (FILES / name).read_bytes()


def problems_of(data: bytes, file_name: str = "bank.xml", **kwargs) -> list[Problem]:
    with pytest.raises(ImportFailed) as failure:
        moodle.read(data, file_name, **kwargs)
    assert failure.value.problems, "ImportFailed without problems"
    return list(failure.value.problems)


def quiz(*questions: str) -> bytes:
    """A small Moodle XML file: a category "law", then ``questions`` (XML fragments)."""
    category = (
        '<question type="category"><category><text>$course$/top/Мыйзамдар</text></category>'
        "<idnumber>law</idnumber></question>"
    )
    body = "\n".join((category, *questions))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'.encode()


def multichoice(
    *answers: str, name: str = "Q", extra: str = "", text: str = "Суроо?", single: str = "true"
) -> str:
    answer_xml = "".join(answers) or ""
    return (
        f'<question type="multichoice"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text>{extra}</questiontext>'
        f"<single>{single}</single>{answer_xml}</question>"
    )


def answer(text: str, fraction: str = "0") -> str:
    return f'<answer fraction="{fraction}" format="html"><text><![CDATA[{text}]]></text></answer>'


# --- the module contract ---------------------------------------------------------------------


def test_the_module_follows_the_format_contract():
    assert format_module("moodle") is moodle
    assert (moodle.NAME, moodle.LABEL, moodle.EXTENSIONS) == ("moodle", "Moodle XML", (".xml",))
    assert moodle.MULTILINGUAL is True
    assert guess_format("банк.XML") == "moodle"


# --- round trips -----------------------------------------------------------------------------


def test_a_bilingual_bank_survives_write_and_read_whole():
    bank = rich_bank()
    assert moodle.read(moodle.write(bank), "bank.xml") == bank


@pytest.mark.parametrize(("written_in", "read_as"), [("ru", "ru"), ("ru", "ky"), ("ky", "ru")])
def test_the_writing_and_reading_languages_do_not_matter_for_a_bilingual_bank(written_in, read_as):
    bank = rich_bank()
    data = moodle.write(bank, written_in)
    law_title = bank.sections[0].title[written_in]
    assert f"<text>$course$/top/{law_title}</text>".encode() in data
    assert moodle.read(data, "bank.xml", read_as) == bank


def test_the_round_trip_keeps_images_scenarios_keys_and_flags():
    bank = moodle.read(moodle.write(rich_bank()), "bank.xml")
    by_uid = {question.uid: question for question in bank.questions}
    assert by_uid["IT-001"].images == (Image("window.png", "image/png", tiny_png(200)),)
    assert {uid for uid, q in by_uid.items() if q.scenario == "SC-ӨНҮГҮҮ"} == {
        "LAW-002",
        "LAW-003",
    }
    assert bank.scenario("SC-ӨНҮГҮҮ").text["ky"].startswith("Мектептин өнүгүү планы")
    assert by_uid["LAW-003"].multiple and by_uid["LAW-003"].correct == {"a", "b", "c"}
    assert by_uid["IT-002"].shuffle_options is False
    assert by_uid["LAW-001"].source == "Закон КР «Об образовании», ст. 24"
    assert by_uid["LAW-001"].tags == ("устав", "мыйзам")
    assert [option.key for option in by_uid["LAW-001"].options] == ["a", "b", "c", "d"]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_one_language_bank_round_trips_as_plain_texts(language):
    bank = in_one_language(rich_bank(), language)
    data = moodle.write(bank, language)
    assert b'class="multilang"' not in data
    assert moodle.read(data, "bank.xml", language) == bank


def test_the_written_file_looks_like_a_moodle_export():
    data = moodle.write(rich_bank())
    root = etree.fromstring(data)
    questions = root.findall("question")
    assert [q.get("type") for q in questions] == [
        "category",
        "multichoice",
        "description",
        "multichoice",
        "multichoice",
        "category",
        "multichoice",
        "multichoice",
    ]
    assert questions[0].findtext("category/text") == "$course$/top/Нормативдик укуктук актылар"
    assert questions[0].findtext("idnumber") == "law"
    # The scenario comes just before the first question that uses it.
    assert questions[2].findtext("idnumber") == "SC-ӨНҮГҮҮ"
    assert [tag.text for tag in questions[3].iterfind("tags/tag/text")] == ["scenario:SC-ӨНҮГҮҮ"]
    multiple = questions[4]
    assert multiple.findtext("single") == "false"
    assert [a.get("fraction") for a in multiple.iterfind("answer")] == [
        "33.33333",
        "33.33333",
        "33.33333",
        "-100",
    ]
    stem = questions[6].findtext("questiontext/text")
    assert '<img src="@@PLUGINFILE@@/window.png"' in stem
    assert '<span lang="ky" class="multilang">' in stem
    embedded = questions[6].find("questiontext/file")
    assert (embedded.get("name"), embedded.get("path"), embedded.get("encoding")) == (
        "window.png",
        "/",
        "base64",
    )
    assert base64.b64decode(embedded.text) == tiny_png(200)
    assert questions[7].findtext("shuffleanswers") == "false"


def test_section_titles_with_slashes_and_texts_with_markup_characters_round_trip():
    section = Section("ict", {"ky": "IT/ICT <көндүмдөр> & «билим»", "ru": "ИКТ/IT"})
    question = Question(
        uid="",
        section="ict",
        stem={"ky": "a < b & c > d?\nЭкинчи сап]]>", "ru": "<b>не жирный</b>\n\nпосле пустой"},
        options=(
            Option("a", {"ky": "&amp; буквально", "ru": "&amp; буквально"}),
            Option("b", {"ky": "тырмакча \"x\" жана 'y'", "ru": "Ң Ө Ү"}),
        ),
        correct=frozenset({"a"}),
        source="Токтом № 123 <2024>",
        tags=("a&b", "<тег>"),
    )
    bank = Bank(sections=(section,), questions=(question,))
    assert moodle.read(moodle.write(bank), "bank.xml") == bank


def test_a_one_language_section_title_is_taken_literally_from_the_path():
    bank = Bank(
        sections=(Section("ict", {"ky": "IT <көндүмдөр> & A/B"}),),
        questions=(replace(rich_bank().questions[0], section="ict"),),
    )
    assert moodle.read(moodle.write(bank), "bank.xml").sections == bank.sections


def test_questions_of_a_section_without_a_title_get_a_category_named_after_the_code():
    question = replace(rich_bank().questions[0], section="orphan")
    bank = Bank(sections=(), questions=(question,))
    read = moodle.read(moodle.write(bank), "bank.xml")
    assert read.sections == (Section("orphan", {"ky": "orphan"}),)
    assert read.questions == (question,)


def test_empty_texts_are_written_and_read_back_empty():
    question = Question(
        uid="Q-1",
        section="law",
        stem={"ky": ""},
        options=(Option("a", {}), Option("b", {"ky": "  "})),
        correct=frozenset({"a"}),
    )
    bank = Bank(sections=(Section("law", {"ky": "Мыйзам"}),), questions=(question,))
    (read,) = moodle.read(moodle.write(bank), "bank.xml").questions
    assert read.stem == {"ky": ""}
    assert [option.text for option in read.options] == [{"ky": ""}, {"ky": ""}]


def test_an_unused_scenario_is_written_too():
    bank = replace(
        rich_bank(), scenarios=(*rich_bank().scenarios, Scenario("SC-2", {"ky": "Бош кырдаал"}))
    )
    assert moodle.read(moodle.write(bank), "bank.xml").scenarios == bank.scenarios


_LINE = st.text(
    st.characters(
        whitelist_categories=("L", "N", "P", "S", "Zs"),
        blacklist_characters="\xa0\u2028\u2029\u1680\u2000\u2001\u2002\u2003\u2004\u2005",
    ),
    max_size=40,
).map(lambda text: " ".join(text.split()))


@settings(max_examples=60, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=3).map("\n".join).filter(str.strip))
def test_any_plain_text_survives_as_html(text):
    text = text.strip("\n")
    question = Question(
        uid="Q-1",
        section="law",
        stem={"ky": text, "ru": text},
        options=(Option("a", {"ky": text}),),
        correct=frozenset({"a"}),
        source=" ".join(text.split()),
    )
    bank = Bank(sections=(Section("law", {"ky": "Мыйзам"}),), questions=(question,))
    assert moodle.read(moodle.write(bank), "bank.xml").questions == (question,)


# --- a real Moodle 4.x export ----------------------------------------------------------------


def test_a_moodle_export_is_read_exactly():
    bank = moodle.read(fixture("moodle_export.xml"), "moodle_export.xml")
    # "$course$/top" holds no questions: it is not a section.
    assert bank.sections == (
        Section("law", {"ky": "Нормативдик укуктук актылар"}),
        Section("IT компетенциялары", {"ky": "IT компетенциялары"}),
    )
    assert bank.scenarios == (
        Scenario(
            "SC-PLAN",
            {
                "ky": "Мектептин өнүгүү планы бир жылдан бери бекитилген эмес.\n"
                "Үй-бүлөлөр нааразы.",
                "ru": "План развития школы не утверждён уже год.\nСемьи недовольны.",
            },
        ),
    )
    statute, first_step, who, window = bank.questions
    assert statute == Question(
        uid="LAW-001",
        section="law",
        stem={"ky": "«Билим берүү жөнүндө» Мыйзамга ылайык мектептин уставын ким бекитет?"},
        options=(
            Option("a", {"ky": "Мектептин директору"}),
            Option("b", {"ky": "Түзүүчү"}),
            Option("c", {"ky": "Ата-энелер комитети"}),
            Option("d", {"ky": "Өңүттүк башкармалык"}),
        ),
        correct=frozenset({"b"}),
        source="Закон КР «Об образовании», ст. 24",  # &nbsp; read as a space
        tags=("устав", "мыйзам"),
    )
    assert first_step.scenario == "SC-PLAN" and first_step.tags == ()
    assert first_step.correct == {"a"} and not first_step.multiple
    assert first_step.stem == {
        "ky": "Кырдаалга ылайык директор биринчи эмне кылышы керек?",
        "ru": "Что по ситуации директор должен сделать в первую очередь?",
    }
    assert first_step.option("c").text == {"ky": "Мугалимдерди жазалоо", "ru": "Наказать учителей"}
    assert who.multiple and who.correct == {"a", "b", "c"}
    assert who.scenario == "SC-PLAN" and who.tags == ("план",)
    assert who.stem["ky"] == "Өнүгүү планын талкуулоого кимдер катышат?\n(бир нечесин тандаңыз)"
    assert who.stem["ru"] == "Кто участвует в обсуждении плана развития?\n(выберите несколько)"
    assert window.uid == "" and window.section == "IT компетенциялары"
    assert window.shuffle_options is False
    assert window.stem == {"ky": "Сүрөттө кайсы программанын терезеси көрсөтүлгөн?"}
    assert window.images == (Image("window.png", "image/png", tiny_png(200)),)
    assert [option.text["ky"] for option in window.options] == [
        "Текст редактору",
        "Электрондук таблица & <Calc>",
        "Браузер\n(Firefox)",
    ]
    assert window.correct == {"b"}


def test_plain_texts_are_read_in_the_language_asked_for():
    bank = moodle.read(fixture("moodle_export.xml"), "moodle_export.xml", language="ru")
    assert bank.questions[0].stem == {
        "ru": "«Билим берүү жөнүндө» Мыйзамга ылайык мектептин уставын ким бекитет?"
    }
    # Multilang texts keep their own languages whatever the reading language.
    assert set(bank.questions[1].stem) == {"ky", "ru"}


def test_entities_declared_inside_an_html_text_are_not_expanded():
    text = (
        '<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY x "XXX">]>'
        "<p>&secret;&x;</p>"
    )
    (question,) = moodle.read(quiz(multichoice(answer("A", "100"), text=text)), "b.xml").questions
    assert "root:" not in question.stem["ky"] and "XXX" not in question.stem["ky"]


def test_descriptions_without_id_numbers_get_deterministic_scenario_uids():
    description = (
        '<question type="description"><name><text>D</text></name>'
        '<questiontext format="html"><text>Кырдаал {n}</text></questiontext></question>'
    )
    data = quiz(
        description.format(n=1),
        multichoice(answer("A", "100"), extra="", name="Q1").replace(
            "</question>", "<tags><tag><text>scenario:SC-1</text></tag></tags></question>"
        ),
        description.format(n=2).replace("</question>", "<idnumber>SC-3</idnumber></question>"),
        description.format(n=3),
    )
    bank = moodle.read(data, "bank.xml")
    assert [(s.uid, s.text["ky"]) for s in bank.scenarios] == [
        ("SC-1", "Кырдаал 1"),
        ("SC-3", "Кырдаал 2"),
        ("SC-2", "Кырдаал 3"),
    ]
    assert bank.questions[0].scenario == "SC-1"


def test_fractions_decide_the_keys():
    single_partial = multichoice(answer("A", "50"), answer("B", "0"), answer("C", "-50"), name="P")
    single_full = multichoice(answer("A", "50"), answer("B", "100.0"), name="F")
    multiple = multichoice(
        answer("A", "50"), answer("B", "-50"), answer("C", "50"), name="M", single="0"
    )
    all_or_nothing = multichoice(answer("A", "100"), answer("B", "0"), answer("C", "100"))
    all_or_nothing = all_or_nothing.replace('type="multichoice"', 'type="multichoiceset"')
    bank = moodle.read(quiz(single_partial, single_full, multiple, all_or_nothing), "bank.xml")
    assert [(q.multiple, set(q.correct)) for q in bank.questions] == [
        (False, {"a"}),
        (False, {"b"}),
        (True, {"a", "c"}),
        (True, {"a", "c"}),
    ]


def test_text_formats_other_than_html():
    question = (
        '<question type="multichoice"><name><text>Q</text></name>'
        '<questiontext format="moodle_auto_format"><text>Биринчи сап\nЭкинчи &amp; сап'
        "</text></questiontext>"
        '<answer fraction="100" format="plain_text"><text>&lt;b&gt; калат</text></answer>'
        "</question>"
    )
    bank = moodle.read(quiz(question), "bank.xml")
    assert bank.questions[0].stem == {"ky": "Биринчи сап\nЭкинчи & сап"}
    assert bank.questions[0].options[0].text == {"ky": "<b> калат"}


def test_nested_and_long_category_names_give_the_last_component_as_code():
    long_name = "Мектепти башкаруунун укуктук негиздери жана ченемдик актылары"
    data = (
        '<quiz><question type="category"><category><text>$course$/top/Башкаруу/ IT//ICT '
        "</text></category></question>"
        + multichoice(answer("A", "100"), name="Q1")
        + '<question type="category"><category><text>$course$/top/'
        + long_name
        + "</text></category></question>"
        + multichoice(answer("A", "100"), name="Q2")
        + "</quiz>"
    ).encode()
    bank = moodle.read(data, "bank.xml")
    assert bank.sections == (
        Section("IT/ICT", {"ky": "IT/ICT"}),
        Section(long_name[:40].strip(), {"ky": long_name}),
    )
    assert [question.section for question in bank.questions] == ["IT/ICT", long_name[:40].strip()]


def test_category_titles_in_other_languages_come_from_multilang_info():
    category = (
        '<question type="category"><category><text>$course$/top/Педагогика</text></category>'
        '<info format="html"><text><![CDATA[<span lang="ky" class="multilang">Педагогика</span>'
        '<span lang="ru_RU" class="multilang">Педагогика и психология</span>]]></text></info>'
        "</question>"
    )
    data = quiz(category, multichoice(answer("A", "100")))
    bank = moodle.read(data, "bank.xml")
    assert bank.sections[-1] == Section(
        "Педагогика", {"ky": "Педагогика", "ru": "Педагогика и психология"}
    )
    assert bank.questions[0].section == "Педагогика"


# --- malformed files -------------------------------------------------------------------------


def test_a_file_that_is_not_xml_is_refused():
    (problem,) = problems_of(fixture("moodle_not_xml.xml"), "moodle_not_xml.xml")
    assert problem.file == "moodle_not_xml.xml"
    assert problem.location == "line 1"
    assert "not well-formed XML" in problem.message


def test_unsupported_question_types_are_all_named():
    problems = problems_of(fixture("moodle_unsupported.xml"), "moodle_unsupported.xml")
    assert [(p.file, p.location, p.field) for p in problems] == [
        ("moodle_unsupported.xml", "question 2 (Устав туурабы), line 15", "type"),
        ("moodle_unsupported.xml", "question 4 (Мыйзамдар жана беренелер), line 76", "type"),
    ]
    assert "'truefalse'" in problems[0].message
    assert "'matching'" in problems[1].message


def test_a_multichoice_question_without_answers_is_refused():
    (problem,) = problems_of(fixture("moodle_no_answers.xml"), "moodle_no_answers.xml")
    assert problem == Problem(
        "moodle_no_answers.xml",
        "question 2 (Жоопсуз суроо), line 15",
        "answer",
        "the multiple-choice question has no answers",
    )


def test_an_image_shown_but_not_embedded_is_refused():
    (problem,) = problems_of(fixture("moodle_missing_image.xml"), "moodle_missing_image.xml")
    assert problem.file == "moodle_missing_image.xml"
    assert problem.location == "question 2 (Диаграмма), line 19"
    assert problem.field == "image chart (1).png"
    assert "does not embed it" in problem.message


def test_an_image_with_bad_base64_is_refused():
    (problem,) = problems_of(fixture("moodle_bad_base64.xml"), "moodle_bad_base64.xml")
    assert problem.file == "moodle_bad_base64.xml"
    assert problem.location == "question 2 (Программанын терезеси), line 21"
    assert problem.field == "image window.png"
    assert "base64" in problem.message


def test_a_doctype_with_entities_is_refused():
    (problem,) = problems_of(fixture("moodle_doctype.xml"), "moodle_doctype.xml")
    assert (problem.file, problem.location, problem.field) == (
        "moodle_doctype.xml",
        "line 1",
        "DOCTYPE",
    )


@pytest.mark.parametrize(
    ("data", "location", "field", "message"),
    [
        (b"<questions/>", "line 1", "quiz", "not Moodle's <quiz>"),
        (b"<quiz></quiz>", "", "", "no multiple-choice questions"),
        (
            b'<quiz><question type="multichoice"><name><text>Q</text></name>'
            b'<questiontext><text>?</text></questiontext><answer fraction="100"><text>A</text>'
            b"</answer></question></quiz>",
            "question 1 (Q), line 1",
            "category",
            "before any category",
        ),
        (
            b'<quiz><question type="category"><category><text></text></category></question></quiz>',
            "question 1 (no name), line 1",
            "category",
            "no name",
        ),
    ],
)
def test_structural_problems(data, location, field, message):
    (problem,) = problems_of(data)
    assert (problem.file, problem.location, problem.field) == ("bank.xml", location, field)
    assert message in problem.message


def test_every_problem_of_a_file_is_reported_with_its_line():
    data = quiz(
        multichoice(answer("A", "много"), answer("B", "nan"), name="Бөлчөк"),
        multichoice(answer("A", "100"), name="Флаг", single="maybe"),
        multichoice(
            answer('<img src="@@PLUGINFILE@@/a.png">', "100"),
            name="Сүрөт",
            text='<img src="https://example.org/x.png">',
        ),
        multichoice(answer("A", "100"), name="Кырдаал").replace(
            "</question>", "<tags><tag><text>scenario:SC-NONE</text></tag></tags></question>"
        ),
        '<question type="description"><name><text>Сүрөттүү кырдаал</text></name>'
        '<questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/x.png">]]></text>'
        "</questiontext></question>",
        "<question><name><text>Түрү жок</text></name></question>",
    )
    problems = problems_of(data)
    found = [(p.location, p.field) for p in problems]
    assert found == [
        ("question 2 (Бөлчөк), line 4", "option a"),
        ("question 2 (Бөлчөк), line 4", "option b"),
        ("question 3 (Флаг), line 5", "single"),
        ("question 4 (Сүрөт), line 6", "image https://example.org/x.png"),
        ("question 4 (Сүрөт), line 6", "option a"),
        ("question 6 (Сүрөттүү кырдаал), line 8", "scenario"),
        ("question 7 (Түрү жок), line 9", "type"),
        # Scenario references are checked once the whole file is read.
        ("question 5 (Кырдаал), line 7", "tags"),
    ]
    assert all(problem.file == "bank.xml" for problem in problems)


def read_or_refuse(data: bytes) -> Bank | None:
    """The bank, or None when the reader refused the file properly (never another exception)."""
    try:
        return moodle.read(data, "x.xml")
    except ImportFailed as failure:
        assert all(problem.file == "x.xml" for problem in failure.problems)
        return None


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300))
def test_hostile_bytes_end_in_import_failed_or_a_bank(data):
    read_or_refuse(data)


@settings(max_examples=80, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_hostile_html_in_a_text_never_crashes_the_reader(html):
    html = html.replace("]]>", "")
    bank = read_or_refuse(quiz(multichoice(answer(html, "100"), text=html)))
    if bank is not None:
        (question,) = bank.questions
        assert all("<img" not in text for text in question.stem.values())
