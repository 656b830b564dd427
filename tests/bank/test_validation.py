"""The content rules every imported or edited question must pass."""

from __future__ import annotations

from dataclasses import replace

import pytest

from question_bank.demo import load_demo_bank
from question_bank.formats.base import Problem
from question_bank.model import Bank, Image, Option, Question, Scenario, Section
from question_bank.validation import (
    content_fingerprint,
    mixed_script_words,
    validate_bank,
    validate_question,
)
from tests.helpers.banks import in_one_language, make_bank, rich_bank, tiny_png

RICH = rich_bank()
LAW_1, LAW_2, LAW_3, IT_1, IT_2 = RICH.questions


def only_problem(question: Question, **kwargs) -> Problem:
    """The one problem the question has; fails if there is none or several."""
    problems = validate_question(question, **kwargs)
    assert len(problems) == 1, problems
    return problems[0]


def with_option(question: Question, index: int, **changes) -> Question:
    options = list(question.options)
    options[index] = replace(options[index], **changes)
    return replace(question, options=tuple(options))


# --- the bank's own questions pass ------------------------------------------------------------


def test_the_rich_bank_validates_clean():
    assert validate_bank(RICH) == []


def test_the_test_and_demo_banks_validate_clean():
    assert validate_bank(make_bank()) == []
    assert validate_bank(load_demo_bank()) == []


def test_a_one_language_bank_is_clean_when_only_that_language_is_required():
    assert validate_bank(in_one_language(RICH, "ru"), required_languages=("ru",)) == []


# --- options and keys -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 7])
def test_a_question_has_two_to_six_options(count):
    options = tuple(Option(k, {"ky": f"Жооп {k}", "ru": f"Ответ {k}"}) for k in "abcdefg"[:count])
    problem = only_problem(replace(LAW_1, options=options, correct=frozenset({"a"})))
    assert problem.field == "options"
    assert f"2 to 6 options; this one has {count}" in problem.message


def test_an_option_needs_a_key():
    problem = only_problem(with_option(LAW_1, 2, key=""))
    assert (problem.field, problem.message) == ("option 3", "the option has no key")


def test_option_keys_are_unique():
    problem = only_problem(with_option(LAW_1, 2, key="a"))
    assert problem.field == "option a"
    assert "another option already has the key a" in problem.message


def test_a_single_choice_question_without_a_key():
    problem = only_problem(replace(LAW_1, correct=frozenset()))
    assert problem.field == "key"
    assert problem.message.startswith("no key")


def test_a_single_choice_question_with_two_keys_says_which():
    problem = only_problem(replace(LAW_1, correct=frozenset({"c", "a"})))
    assert problem.field == "key"
    assert "two keys in a single-choice question (a, c)" in problem.message


def test_a_multiple_response_question_needs_at_least_one_key():
    problem = only_problem(replace(LAW_3, correct=frozenset()))
    assert problem.field == "key"
    assert problem.message.startswith("no key")


def test_a_multiple_response_question_may_have_several_keys_or_one():
    assert validate_question(LAW_3) == []
    assert validate_question(replace(LAW_3, correct=frozenset({"d"}))) == []


def test_every_key_names_an_option():
    problem = only_problem(replace(LAW_1, correct=frozenset({"e"})))
    assert problem.field == "key"
    assert "the key 'e' names no option" in problem.message


# --- texts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", ["", "  \n\t"])
def test_the_stem_must_not_be_empty(empty):
    problem = only_problem(replace(LAW_1, stem={**LAW_1.stem, "ky": empty}))
    assert (problem.field, problem.message) == ("stem[ky]", "the stem is empty")


def test_an_option_must_not_be_empty():
    option = LAW_1.options[2]
    problem = only_problem(with_option(LAW_1, 2, text={**option.text, "ru": " "}))
    assert (problem.field, problem.message) == ("option c[ru]", "the option is empty")


def test_duplicate_options_are_found_after_folding_case_and_spaces():
    # Option c repeats option a in Kyrgyz only, written differently.
    option = LAW_1.options[2]
    question = with_option(LAW_1, 2, text={**option.text, "ky": "  мектептин   ДИРЕКТОРУ "})
    problem = only_problem(question)
    assert problem.field == "option c[ky]"
    assert "same text as option a" in problem.message


def test_options_shared_across_languages_are_not_duplicates():
    # "Ctrl+S" is the same in both languages: only repeats within one language count.
    assert validate_question(IT_2) == []


def test_a_missing_stem_translation_is_named():
    problem = only_problem(replace(LAW_1, stem={"ky": LAW_1.stem["ky"]}))
    assert problem.field == "stem[ru]"
    assert "no Russian translation" in problem.message


def test_a_missing_option_translation_is_named():
    problem = only_problem(with_option(LAW_1, 1, text={"ky": LAW_1.options[1].text["ky"]}))
    assert problem.field == "option b[ru]"
    assert "no Russian translation" in problem.message


def test_required_languages_decide_what_is_missing():
    kyrgyz_only = in_one_language(RICH, "ky").questions[0]
    assert validate_question(kyrgyz_only, required_languages=("ky",)) == []
    problems = validate_question(kyrgyz_only, required_languages=("ky", "ru"))
    assert {p.field for p in problems} == {"stem[ru]", "option a[ru]", "option b[ru]",
                                           "option c[ru]", "option d[ru]"}  # fmt: skip


def test_a_latin_look_alike_in_a_kyrgyz_word_is_named_with_its_position():
    # "мектеп" with a Latin p at the end.
    stem = "Мектептин уставын ким бекитет? Жооп: мектеp"
    problem = only_problem(replace(LAW_1, stem={**LAW_1.stem, "ky": stem}))
    assert problem.field == "stem[ky]"
    assert problem.message.startswith(
        f"the word «мектеp» (character {stem.index('мектеp') + 1}) mixes Latin p with Cyrillic"
    )
    assert "retype them in Cyrillic" in problem.message


def test_a_latin_look_alike_in_a_russian_option_is_found():
    # "Учредитель" with Latin y, e.
    problem = only_problem(with_option(LAW_1, 1, text={"ky": "Түзүүчү", "ru": "yчpeдитель"}))
    assert problem.field == "option b[ru]"
    assert "«yчpeдитель»" in problem.message
    assert "Latin y, p, e" in problem.message


def test_a_turkish_layout_letter_in_a_kyrgyz_word_is_found():
    problem = only_problem(replace(LAW_1, stem={**LAW_1.stem, "ky": "Мектептин өнүгüү планы"}))
    assert problem.field == "stem[ky]"
    assert "«өнүгüү»" in problem.message and "Latin ü" in problem.message


def test_words_wholly_in_latin_are_fine():
    stem = "Excel жана Word программаларында Ctrl+S, IT-компетенциялары, Excel'де, PDF-файл"
    assert validate_question(replace(IT_2, stem={**IT_2.stem, "ky": stem})) == []


def test_mixed_script_words_reports_the_minority_letters():
    assert mixed_script_words("мектеp жана Ехcel, Excel, Ctrl+S, ІТ") == [
        ("мектеp", "p"),
        ("Ехcel", "Ех"),
    ]
    assert mixed_script_words("Баары кыргызча: Ң Ө Ү") == []


def test_look_alikes_in_tags_and_source_are_found():
    question = replace(LAW_1, tags=("устав", "мыйзaм"), source="Закон КР «Об oбразовании»")
    problems = validate_question(question)
    assert [(p.field, "Latin" in p.message) for p in problems] == [
        ("tag 2", True),
        ("source", True),
    ]


# --- images -----------------------------------------------------------------------------------


def with_images(*images: Image) -> Question:
    return replace(IT_1, images=images)


def test_image_names_are_unique():
    image = IT_1.images[0]
    problem = only_problem(with_images(image, replace(image, data=tiny_png(3))))
    assert problem.field == "image window.png"
    assert "another image of the question has this name" in problem.message


def test_an_image_needs_a_name():
    problem = only_problem(with_images(replace(IT_1.images[0], name=" ")))
    assert (problem.field, problem.message) == ("image 1", "the image has no name")


def test_an_image_needs_data():
    problem = only_problem(with_images(replace(IT_1.images[0], data=b"")))
    assert (problem.field, problem.message) == ("image window.png", "the image has no data")


def test_an_image_must_be_a_picture_the_kiosk_shows():
    problem = only_problem(with_images(Image("plan.bmp", "image/bmp", b"BM....")))
    assert problem.field == "image plan.bmp"
    assert "the picture type image/bmp cannot be shown" in problem.message


def test_an_image_must_be_what_its_type_says():
    problem = only_problem(with_images(Image("plan.jpg", "image/jpeg", tiny_png())))
    assert problem.field == "image plan.jpg"
    assert "not a JPEG picture" in problem.message


def test_every_supported_picture_type_is_accepted():
    images = (
        Image("a.png", "image/png", tiny_png()),
        Image("b.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 rest"),
        Image("c.gif", "image/gif", b"GIF89a rest"),
        Image("d.svg", "image/svg+xml", b'<?xml version="1.0"?><svg xmlns="x"/>'),
    )
    assert validate_question(with_images(*images)) == []


# --- identifiers, section, tags ---------------------------------------------------------------


def test_a_uid_is_at_most_60_characters():
    assert validate_question(replace(LAW_1, uid="U" * 60)) == []
    problem = only_problem(replace(LAW_1, uid="U" * 61))
    assert problem.field == "uid"
    assert "61 characters long; at most 60" in problem.message


def test_a_question_needs_a_section():
    problem = only_problem(replace(LAW_1, section=""))
    assert (problem.field, problem.message) == ("section", "the section code is empty")


def test_a_section_code_is_at_most_40_characters():
    problem = only_problem(replace(LAW_1, section="s" * 41))
    assert problem.field == "section"
    assert "at most 40" in problem.message


def test_tags_are_non_empty_text():
    problem = only_problem(replace(LAW_1, tags=("устав", " ")))
    assert (problem.field, problem.message) == ("tag 2", "the tag is empty")
    problem = only_problem(replace(LAW_1, tags=(7,)))  # type: ignore[arg-type]
    assert (problem.field, problem.message) == ("tag 1", "a tag must be text")


# --- where a problem is -----------------------------------------------------------------------


def test_the_location_names_the_question_and_the_file():
    problem = only_problem(replace(LAW_1, correct=frozenset()), file_name="law.xml")
    assert (problem.file, problem.location) == ("law.xml", "question LAW-001")
    problem = only_problem(replace(LAW_1, uid="", correct=frozenset()))
    assert (problem.file, problem.location) == ("", "question")
    problem = only_problem(replace(LAW_1, correct=frozenset()), location="question 3")
    assert problem.location == "question 3"


def test_a_problem_reads_as_one_sentence():
    problem = only_problem(replace(LAW_1, stem={**LAW_1.stem, "ru": ""}), file_name="law.xml")
    assert str(problem) == "law.xml: question LAW-001, stem[ru]: the stem is empty"


# --- the bank as a whole ----------------------------------------------------------------------


def bank_with(**changes) -> Bank:
    return replace(RICH, **changes)


def test_bank_problems_are_located_by_number_and_uid():
    bank = bank_with(questions=(LAW_1, replace(LAW_2, correct=frozenset()), replace(IT_1, uid="")))
    bank = replace(bank, questions=(*bank.questions, replace(IT_2, uid="", correct=frozenset())))
    problems = validate_bank(bank, file_name="bank.xml")
    assert [(p.file, p.location, p.field) for p in problems] == [
        ("bank.xml", "question 2 (LAW-002)", "key"),
        ("bank.xml", "question 4", "key"),
    ]


def test_duplicate_uids_in_a_bank():
    problems = validate_bank(bank_with(questions=(LAW_1, LAW_2, replace(IT_1, uid="LAW-001"))))
    assert [(p.location, p.field, p.message) for p in problems] == [
        ("question 3 (LAW-001)", "uid", "question 1 has the same uid")
    ]


def test_questions_without_uids_are_not_duplicates():
    questions = tuple(replace(q, uid="") for q in RICH.questions)
    assert validate_bank(bank_with(questions=questions)) == []


def test_a_question_in_an_unknown_section():
    problems = validate_bank(bank_with(questions=(replace(LAW_1, section="history"),)))
    assert [(p.location, p.field) for p in problems] == [("question 1 (LAW-001)", "section")]
    assert "no section history" in problems[0].message


def test_a_question_with_an_unknown_scenario():
    problems = validate_bank(bank_with(questions=(replace(LAW_2, scenario="SC-9"),)))
    assert [(p.location, p.field) for p in problems] == [("question 1 (LAW-002)", "scenario")]
    assert "no scenario SC-9" in problems[0].message


def test_a_scenario_with_an_empty_text():
    scenario = replace(RICH.scenarios[0], text={**RICH.scenarios[0].text, "ky": ""})
    problems = validate_bank(bank_with(scenarios=(scenario,)))
    assert [(p.location, p.field, p.message) for p in problems] == [
        ("scenario SC-ӨНҮГҮҮ", "text[ky]", "the scenario is empty")
    ]


def test_a_scenario_without_a_translation():
    scenario = replace(RICH.scenarios[0], text={"ky": RICH.scenarios[0].text["ky"]})
    problems = validate_bank(bank_with(scenarios=(scenario,)))
    assert [(p.location, p.field) for p in problems] == [("scenario SC-ӨНҮГҮҮ", "text[ru]")]
    assert "no Russian translation" in problems[0].message


def test_look_alikes_in_a_scenario():
    scenario = Scenario("SC-ӨНҮГҮҮ", {"ky": "Мектептин өнүгүү планы", "ru": "План рaзвития"})
    problems = validate_bank(bank_with(scenarios=(scenario,)))
    assert [(p.field, "«рaзвития»" in p.message) for p in problems] == [("text[ru]", True)]


def test_duplicate_scenario_uids():
    problems = validate_bank(bank_with(scenarios=(RICH.scenarios[0], RICH.scenarios[0])))
    assert [(p.location, p.field) for p in problems] == [("scenario SC-ӨНҮГҮҮ", "uid")]
    assert "scenario 1 already has the uid" in problems[0].message


def test_a_section_with_an_empty_title():
    law, it = RICH.sections
    problems = validate_bank(
        bank_with(sections=(replace(law, title={"ky": "", "ru": "Право"}), it))
    )
    assert [(p.location, p.field, p.message) for p in problems] == [
        ("section law", "title[ky]", "the section title is empty")
    ]


def test_duplicate_section_codes():
    law, it = RICH.sections
    problems = validate_bank(bank_with(sections=(law, it, Section("law", law.title))))
    assert [(p.location, p.field) for p in problems] == [("section law", "code")]
    assert "section 1 already has the code law" in problems[0].message


def test_a_section_without_a_code():
    problems = validate_bank(
        bank_with(sections=(*RICH.sections, Section("", {"ky": "Б", "ru": "Б"})))
    )
    assert [(p.location, p.field, p.message) for p in problems] == [
        ("section 3", "code", "the section code is empty")
    ]


# --- fingerprints -----------------------------------------------------------------------------


def test_the_same_question_reimported_has_the_same_fingerprint():
    # Another tool: other uid, section and source, options re-keyed and reversed, odd spacing.
    reordered = tuple(
        Option(key, {lang: f"  {text.upper()} " for lang, text in option.text.items()})
        for key, option in zip("wxyz", reversed(LAW_1.options), strict=True)
    )
    again = replace(
        LAW_1,
        uid="",
        section="pedagogy",
        source="",
        tags=(),
        options=reordered,
        correct=frozenset({"y"}),  # "Түзүүчү", option b before
        shuffle_options=False,
    )
    assert content_fingerprint(again) == content_fingerprint(LAW_1)
    assert len(content_fingerprint(LAW_1)) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"stem": {**LAW_1.stem, "ky": "Башка суроо?"}},
        {"correct": frozenset({"c"})},
        {"options": LAW_1.options[:3]},
        {"stem": {"ky": LAW_1.stem["ky"]}},
        {"images": (Image("window.png", "image/png", tiny_png(1)),)},
    ],
    ids=["stem", "key", "options", "translation", "image"],
)
def test_what_a_candidate_reads_changes_the_fingerprint(change):
    assert content_fingerprint(replace(LAW_1, **change)) != content_fingerprint(LAW_1)


def test_the_scenario_text_counts_when_given():
    other = Scenario("SC-2", {"ky": "Башка кырдаал", "ru": "Другая ситуация"})
    same = content_fingerprint(LAW_2, scenario=RICH.scenarios[0])
    assert content_fingerprint(LAW_2, scenario=replace(RICH.scenarios[0], uid="X")) == same
    assert content_fingerprint(LAW_2, scenario=other) != same
    assert content_fingerprint(LAW_2) != same


def test_images_count_by_content_not_name():
    image = IT_1.images[0]
    renamed = replace(IT_1, images=(replace(image, name="other.png"),))
    assert content_fingerprint(renamed) == content_fingerprint(IT_1)
