"""Every message the program can show or print has a Kyrgyz and a Russian translation."""

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from question_bank.validation import mixed_script_words
from translations import KEYWORDS, MissingTranslation, Translator, catalogue

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("kiosk", "protocols", "question_bank")


def source_messages() -> dict[str, str]:
    """msgid → where it is used, for every _() and N_() call in the program."""
    found: dict[str, str] = {}
    keywords = {keyword: None for keyword in KEYWORDS}
    for package in SOURCES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=keywords
        ):
            if isinstance(message, str):
                found.setdefault(message, f"{package}/{filename}:{lineno}")
    return found


MESSAGES = source_messages()


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_program_has_messages_to_translate():
    assert len(MESSAGES) > 20


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_every_message_is_translated(language):
    translations = catalogue(language)
    missing = {msgid: where for msgid, where in MESSAGES.items() if not translations.get(msgid)}
    assert not missing, f"untranslated into {language}: {missing}"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_translations_keep_the_placeholders(language):
    translations = catalogue(language)
    for msgid, translated in translations.items():
        assert placeholders(translated) == placeholders(msgid), (language, msgid)


def test_kyrgyz_translations_use_kyrgyz_letters_not_latin_look_alikes():
    for msgid, translated in catalogue("ky").items():
        assert not mixed_script_words(translated), (msgid, translated)


def test_a_strict_translator_refuses_an_unknown_message():
    with pytest.raises(MissingTranslation):
        Translator("ky", strict=True).gettext("A message nobody translated")
    assert Translator("en", strict=True).gettext("A message nobody translated")


def test_the_cl26_statements_are_quoted_exactly():
    ky = Translator("ky")
    assert ky("The score meets the qualification requirements") == (
        "Топтолгон балл квалификациялык талаптарга жооп берет"
    )
    assert ky("The score does not meet the qualification requirements") == (
        "Топтолгон балл квалификациялык талаптарга жооп бербейт"
    )
