"""Two versions of a question compared field by field, with the changed words marked."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from question_bank.diff import (
    NO,
    YES,
    Span,
    changed_only,
    field_change,
    image_label,
    question_diff,
    scenario_name,
    tokens,
    word_spans,
)
from question_bank.model import Image, Option, Scenario
from tests.helpers.banks import rich_bank, tiny_png

RICH = rich_bank()
LAW_1, LAW_2, LAW_3, IT_1, IT_2 = RICH.questions


def by_field(changes):
    return {change.field: change for change in changes}


def marked(spans) -> list[str]:
    return [span.text for span in spans if span.changed]


def test_words_whitespace_and_punctuation_are_separate_tokens():
    assert tokens("Кто утверждает устав, школы?") == [
        "Кто",
        " ",
        "утверждает",
        " ",
        "устав",
        ",",
        " ",
        "школы",
        "?",
    ]
    assert "".join(tokens("  Өнүгүү  планы\n")) == "  Өнүгүү  планы\n"


def test_only_the_changed_words_are_marked_on_each_side():
    old, new = word_spans("Мектептин уставын ким бекитет?", "Мектептин өнүгүү планын ким бекитет?")
    assert marked(old) == ["уставын"]
    assert marked(new) == ["өнүгүү планын"]
    assert "".join(s.text for s in old) == "Мектептин уставын ким бекитет?"
    assert "".join(s.text for s in new) == "Мектептин өнүгүү планын ким бекитет?"


def test_equal_texts_have_one_unmarked_span_and_empty_texts_none():
    assert word_spans("Учредитель", "Учредитель") == (
        (Span("Учредитель", False),),
        (Span("Учредитель", False),),
    )
    old, new = word_spans("", "Жаңы текст")
    assert old == ()
    assert new == (Span("Жаңы текст", True),)
    assert not field_change("source", "x", "x").changed


def test_an_identical_version_has_no_changes_but_every_field_is_listed():
    changes = question_diff(LAW_1, LAW_1)
    assert changed_only(changes) == []
    assert [c.field for c in changes] == [
        "section",
        "scenario",
        "stem[ky]",
        "stem[ru]",
        "options",
        "option a[ky]",
        "option a[ru]",
        "option b[ky]",
        "option b[ru]",
        "option c[ky]",
        "option c[ru]",
        "option d[ky]",
        "option d[ru]",
        "key",
        "multiple",
        "shuffle",
        "source",
        "tags",
        "images",
    ]


def test_a_reworded_stem_a_new_key_and_a_new_tag_are_the_changes():
    new = replace(
        LAW_1,
        stem={**LAW_1.stem, "ru": LAW_1.stem["ru"].replace("школы", "гимназии")},
        correct=frozenset({"a"}),
        tags=(*LAW_1.tags, "директор"),
    )
    changes = by_field(changed_only(question_diff(LAW_1, new)))
    assert set(changes) == {"stem[ru]", "key", "tags"}
    stem = changes["stem[ru]"]
    assert stem.old == LAW_1.stem["ru"]
    assert marked(stem.old_spans) == ["школы"]
    assert marked(stem.new_spans) == ["гимназии"]
    assert (changes["key"].old, changes["key"].new) == ("b", "a")
    assert marked(changes["tags"].new_spans) == [", директор"]


def test_options_are_matched_by_key_and_added_or_removed_ones_are_shown():
    new = replace(
        LAW_2,
        options=(
            LAW_2.options[0],
            Option("c", {"ky": "Мугалимдерди сыйлоо", "ru": "Наградить учителей"}),
            Option("d", {"ky": "Ата-энелерге кайрылуу", "ru": "Обратиться к родителям"}),
        ),
    )
    changes = by_field(question_diff(LAW_2, new))
    assert (changes["options"].old, changes["options"].new) == ("a, b, c", "a, c, d")
    assert not changes["option a[ky]"].changed
    assert (changes["option b[ru]"].old, changes["option b[ru]"].new) == ("Ничего не делать", "")
    assert changes["option c[ru]"].old == "Наказать учителей"
    assert marked(changes["option c[ru]"].old_spans) == ["Наказать"]
    assert marked(changes["option c[ru]"].new_spans) == ["Наградить"]
    assert (changes["option d[ky]"].old, changes["option d[ky]"].new) == (
        "",
        "Ата-энелерге кайрылуу",
    )
    # The new version's order first, then what only the old one had.
    option_fields = [f for f in changes if f.startswith("option ")]
    assert option_fields[:6] == [
        "option a[ky]",
        "option a[ru]",
        "option c[ky]",
        "option c[ru]",
        "option d[ky]",
        "option d[ru]",
    ]
    assert option_fields[6:] == ["option b[ky]", "option b[ru]"]


def test_the_scenario_is_compared_by_name_and_text():
    old_scenario = RICH.scenarios[0]
    new_scenario = Scenario(
        "SC-ӨНҮГҮҮ/2",
        {**old_scenario.text, "ru": "План развития школы не утверждён уже два года."},
    )
    changes = by_field(
        question_diff(
            LAW_2,
            replace(LAW_2, scenario="SC-ӨНҮГҮҮ/2"),
            old_scenario=old_scenario,
            new_scenario=new_scenario,
        )
    )
    # A stored edit of a scenario is still the same scenario.
    assert not changes["scenario"].changed
    assert changes["scenario"].new == "SC-ӨНҮГҮҮ"
    assert not changes["scenario[ky]"].changed
    assert changes["scenario[ru]"].changed
    assert "два года" in "".join(marked(changes["scenario[ru]"].new_spans))


def test_a_scenario_taken_away_empties_its_name_and_texts():
    changes = by_field(
        question_diff(LAW_2, replace(LAW_2, scenario=None), old_scenario=RICH.scenarios[0])
    )
    assert (changes["scenario"].old, changes["scenario"].new) == ("SC-ӨНҮГҮҮ", "")
    assert changes["scenario[ky]"].new == ""
    assert scenario_name(None) == ""


def test_flags_are_yes_or_no():
    new = replace(LAW_3, multiple=False, shuffle_options=False, correct=frozenset({"a"}))
    changes = by_field(changed_only(question_diff(LAW_3, new)))
    assert (changes["multiple"].old, changes["multiple"].new) == (YES, NO)
    assert (changes["shuffle"].old, changes["shuffle"].new) == (YES, NO)
    assert (changes["key"].old, changes["key"].new) == ("a, b, c", "a")


def test_images_are_compared_by_name_and_content_hash():
    picture = IT_1.images[0]
    same_name_new_picture = replace(IT_1, images=(Image("window.png", "image/png", tiny_png(7)),))
    changes = by_field(changed_only(question_diff(IT_1, same_name_new_picture)))
    assert set(changes) == {"images"}
    digest = hashlib.sha256(picture.data).hexdigest()[:12]
    assert changes["images"].old == f"window.png {digest}"
    assert image_label("window.png", picture.data) == changes["images"].old
    assert marked(changes["images"].old_spans) == [digest]

    two = replace(IT_1, images=(picture, Image("chart.png", "image/png", tiny_png(9))))
    change = by_field(question_diff(IT_1, two))["images"]
    assert change.new.splitlines()[0] == change.old
    assert change.new.splitlines()[1].startswith("chart.png ")


def test_a_translation_added_in_another_language_is_listed_after_ky_and_ru():
    new = replace(LAW_1, stem={**LAW_1.stem, "en": "Who approves the school charter?"})
    fields = [c.field for c in question_diff(LAW_1, new) if c.field.startswith("stem")]
    assert fields == ["stem[ky]", "stem[ru]", "stem[en]"]
    assert by_field(question_diff(LAW_1, new))["stem[en]"].old == ""
