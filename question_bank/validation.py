"""Content rules every question must pass, whatever format it came from or whoever edited it.

Readers (:mod:`question_bank.formats`) only check that a file can be mapped onto the bank's
vocabulary; this module checks that what they produced is a question a candidate may be shown:
two to six options with unique keys, exactly one key in a single-choice question, no empty or
duplicate texts, every required language present, no Latin letters hiding inside Cyrillic words,
pictures a kiosk can display.  Every problem is a :class:`~question_bank.formats.base.Problem`,
so an editor sees import problems and content problems in one list.

:func:`content_fingerprint` recognises the same question imported twice;
:func:`mixed_script_words` is the one look-alike-letter check, also used on the UI catalogue.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence

from question_bank.formats.base import Problem
from question_bank.model import Bank, Image, Question, Scenario, Texts

MIN_OPTIONS = 2
MAX_OPTIONS = 6
MAX_UID_LENGTH = 60
MAX_SECTION_CODE_LENGTH = 40

#: Picture types the kiosk displays, with the bytes each kind of file starts with.
IMAGE_TYPES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/svg+xml": "SVG",
}

#: Language names for messages; other codes are shown as they are.
LANGUAGE_NAMES = {"ky": "Kyrgyz", "ru": "Russian", "en": "English"}

# Cyrillic proper (Russian, Kyrgyz Ң Ө Ү and the rest of the block) against Latin, including the
# accented Latin letters (ö, ü, ñ) people type on a Turkish or Kazakh layout for Kyrgyz Ө Ү Ң.
_CYRILLIC = "\u0400-\u04ff"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_CYRILLIC_LETTER = re.compile(f"[{_CYRILLIC}]")
_LATIN_LETTER = re.compile(f"[{_LATIN}]")
_WORD = re.compile(r"\w+")

#: Latin letters that look like Cyrillic ones: a word holding them was most likely mistyped.
LOOK_ALIKES = frozenset("aceopxyiABCEHKMOPTXYIöüñÖÜÑ")

_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def mixed_script_words(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` that mix Cyrillic and Latin letters, with the offending letters.

    A word is a run of letters, digits and underscores, so "Ctrl+S", "IT-компетенциялары" and
    "Excel'де" are made of single-script words and pass.  The offending letters are those of the
    script the word has fewer of (Latin on a tie), each once, in the order they appear:
    ``("мектеp", "p")``, ``("Ехcel", "Ех")``.
    """
    return [(word, letters) for _, word, letters in _mixed_words(text)]


def _mixed_words(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, word, offending letters) for every mixed-script word."""
    # Most texts are in one script only; a single scan proves it (this runs over every text of
    # a 10,000-question import).
    if not (_LATIN_LETTER.search(text) and _CYRILLIC_LETTER.search(text)):
        return
    for match in _WORD.finditer(text):
        word = match.group()
        if not (_LATIN_LETTER.search(word) and _CYRILLIC_LETTER.search(word)):
            continue
        cyrillic = _CYRILLIC_LETTER.findall(word)
        latin = _LATIN_LETTER.findall(word)
        if cyrillic and latin:
            minority = latin if len(latin) <= len(cyrillic) else cyrillic
            yield match.start(), word, "".join(dict.fromkeys(minority))


def _mixed_script_problems(text: str, file_name: str, location: str, field: str) -> list[Problem]:
    """One problem per mixed-script word, naming the word, where it is and the stray letters."""
    problems = []
    for offset, word, letters in _mixed_words(text):
        stray = ", ".join(letters)
        if _LATIN_LETTER.match(letters[0]):
            what = f"mixes Latin {stray} with Cyrillic letters"
            if set(letters) <= LOOK_ALIKES:
                what += "; retype them in Cyrillic"
        else:
            what = f"mixes Cyrillic {stray} with Latin letters"
        message = f"the word «{word}» (character {offset + 1}) {what}"
        problems.append(Problem(file_name, location, field, message))
    return problems


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _normalised(text: str) -> str:
    """Text as compared for duplicates: NFC, whitespace collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _text_problems(
    texts: Texts,
    what: str,
    field: str,
    required_languages: Sequence[str],
    file_name: str,
    location: str,
) -> list[Problem]:
    """Empty, missing and mixed-script problems of one per-language text (stem, option, title)."""
    problems = []
    for language in required_languages:
        if language not in texts:
            problems.append(
                Problem(
                    file_name,
                    location,
                    f"{field}[{language}]",
                    f"the {what} has no {_language(language)} translation",
                )
            )
    for language, text in texts.items():
        where = f"{field}[{language}]"
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(file_name, location, where, f"the {what} is empty"))
            continue
        problems.extend(_mixed_script_problems(text, file_name, location, where))
    return problems


def _sniff_image(data: bytes) -> str | None:
    """The kind of picture the bytes are (PNG, JPEG, GIF, SVG), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if b"<svg" in data[:4096].lower():
        return "SVG"
    return None


def _image_problems(images: Sequence[Image], file_name: str, location: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for number, image in enumerate(images, start=1):
        field = f"image {image.name}" if image.name.strip() else f"image {number}"
        if not image.name.strip():
            problems.append(Problem(file_name, location, field, "the image has no name"))
        elif image.name in seen:
            problems.append(
                Problem(file_name, location, field, "another image of the question has this name")
            )
        seen.add(image.name)
        expected = IMAGE_TYPES.get(image.media_type)
        if expected is None:
            problems.append(
                Problem(
                    file_name,
                    location,
                    field,
                    f"the picture type {image.media_type or '(none)'} cannot be shown; "
                    "use PNG, JPEG, GIF or SVG",
                )
            )
        if not image.data:
            problems.append(Problem(file_name, location, field, "the image has no data"))
        elif expected is not None and _sniff_image(image.data) != expected:
            # A wrong type would leave the candidate with a blank where the picture should be.
            problems.append(
                Problem(
                    file_name,
                    location,
                    field,
                    f"the data is not a {expected} picture although the type says "
                    f"{image.media_type}",
                )
            )
    return problems


def _key_problems(question: Question, file_name: str, location: str) -> list[Problem]:
    problems = []
    keys = sorted(question.correct)
    option_keys = {option.key for option in question.options}
    if not keys:
        message = (
            "no key: mark at least one option as correct"
            if question.multiple
            else "no key: mark the correct option"
        )
        problems.append(Problem(file_name, location, "key", message))
    elif not question.multiple and len(keys) > 1:
        count = _NUMBER_WORDS.get(len(keys), str(len(keys)))
        problems.append(
            Problem(
                file_name,
                location,
                "key",
                f"{count} keys in a single-choice question ({', '.join(keys)}); keep one, "
                "or make it a multiple-response question",
            )
        )
    for key in keys:
        if key not in option_keys:
            problems.append(Problem(file_name, location, "key", f"the key {key!r} names no option"))
    return problems


def _option_problems(
    question: Question, required_languages: Sequence[str], file_name: str, location: str
) -> list[Problem]:
    problems = []
    count = len(question.options)
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        problems.append(
            Problem(
                file_name,
                location,
                "options",
                f"a question needs {MIN_OPTIONS} to {MAX_OPTIONS} options; this one has {count}",
            )
        )
    seen_keys: set[str] = set()
    # (language, normalised text) → position and label of the first option written so.
    seen_texts: dict[tuple[str, str], tuple[int, str]] = {}
    for number, option in enumerate(question.options, start=1):
        if not option.key.strip():
            problems.append(
                Problem(file_name, location, f"option {number}", "the option has no key")
            )
            name = f"option {number}"
        else:
            name = f"option {option.key}"
            if option.key in seen_keys:
                problems.append(
                    Problem(
                        file_name,
                        location,
                        name,
                        f"another option already has the key {option.key}",
                    )
                )
            seen_keys.add(option.key)
        problems.extend(
            _text_problems(option.text, "option", name, required_languages, file_name, location)
        )
        for language, text in option.text.items():
            if not isinstance(text, str) or not text.strip():
                continue
            label = option.key.strip() or str(number)
            first, first_label = seen_texts.setdefault(
                (language, _normalised(text)), (number, label)
            )
            if first != number:
                problems.append(
                    Problem(
                        file_name,
                        location,
                        f"{name}[{language}]",
                        f"same text as option {first_label}",
                    )
                )
    return problems


def _metadata_problems(question: Question, file_name: str, location: str) -> list[Problem]:
    problems = []
    if len(question.uid) > MAX_UID_LENGTH:
        problems.append(
            Problem(
                file_name,
                location,
                "uid",
                f"the uid is {len(question.uid)} characters long; at most {MAX_UID_LENGTH} "
                "are allowed",
            )
        )
    problems.extend(_section_code_problems(question.section, file_name, location, "section"))
    for number, tag in enumerate(question.tags, start=1):
        if not isinstance(tag, str):
            problems.append(Problem(file_name, location, f"tag {number}", "a tag must be text"))
        elif not tag.strip():
            problems.append(Problem(file_name, location, f"tag {number}", "the tag is empty"))
        else:
            problems.extend(_mixed_script_problems(tag, file_name, location, f"tag {number}"))
    problems.extend(_mixed_script_problems(question.source, file_name, location, "source"))
    return problems


def _section_code_problems(code: str, file_name: str, location: str, field: str) -> list[Problem]:
    if not code.strip():
        return [Problem(file_name, location, field, "the section code is empty")]
    if len(code) > MAX_SECTION_CODE_LENGTH:
        return [
            Problem(
                file_name,
                location,
                field,
                f"the section code is {len(code)} characters long; at most "
                f"{MAX_SECTION_CODE_LENGTH} are allowed",
            )
        ]
    return []


def validate_question(
    question: Question,
    *,
    required_languages: Sequence[str] = ("ky", "ru"),
    file_name: str = "",
    location: str = "",
) -> list[Problem]:
    """Every content problem of one question; an empty list means it may be used.

    ``required_languages`` are the languages the stem and every option must be written in;
    ``file_name`` is empty for a question edited in the program.  ``location`` defaults to
    "question <uid>".
    """
    location = location or (f"question {question.uid}" if question.uid else "question")
    problems = _text_problems(
        question.stem, "stem", "stem", required_languages, file_name, location
    )
    problems += _option_problems(question, required_languages, file_name, location)
    problems += _key_problems(question, file_name, location)
    problems += _image_problems(question.images, file_name, location)
    problems += _metadata_problems(question, file_name, location)
    return problems


def _question_location(number: int, question: Question) -> str:
    return f"question {number} ({question.uid})" if question.uid else f"question {number}"


def validate_bank(
    bank: Bank, *, required_languages: Sequence[str] = ("ky", "ru"), file_name: str = ""
) -> list[Problem]:
    """Every content problem of a bank: each question's, and how they fit together.

    Besides :func:`validate_question` on each question (location "question N (uid)", counting
    from 1 in file order): duplicate uids, references to sections or scenarios the bank does not
    have, empty or untranslated scenarios and section titles, duplicate section codes and
    scenario uids.
    """
    problems: list[Problem] = []

    section_codes: dict[str, int] = {}
    for number, section in enumerate(bank.sections, start=1):
        location = f"section {section.code}" if section.code.strip() else f"section {number}"
        problems += _section_code_problems(section.code, file_name, location, "code")
        if section.code in section_codes:
            problems.append(
                Problem(
                    file_name,
                    location,
                    "code",
                    f"section {section_codes[section.code]} already has the code {section.code}",
                )
            )
        section_codes.setdefault(section.code, number)
        problems += _text_problems(
            section.title, "section title", "title", required_languages, file_name, location
        )

    scenario_uids: dict[str, int] = {}
    for number, scenario in enumerate(bank.scenarios, start=1):
        location = f"scenario {scenario.uid}" if scenario.uid.strip() else f"scenario {number}"
        if not scenario.uid.strip():
            problems.append(Problem(file_name, location, "uid", "the scenario has no uid"))
        elif scenario.uid in scenario_uids:
            problems.append(
                Problem(
                    file_name,
                    location,
                    "uid",
                    f"scenario {scenario_uids[scenario.uid]} already has the uid {scenario.uid}",
                )
            )
        scenario_uids.setdefault(scenario.uid, number)
        problems += _scenario_problems(scenario, required_languages, file_name, location)

    question_uids: dict[str, int] = {}
    for number, question in enumerate(bank.questions, start=1):
        location = _question_location(number, question)
        problems += validate_question(
            question,
            required_languages=required_languages,
            file_name=file_name,
            location=location,
        )
        if question.uid:
            if question.uid in question_uids:
                problems.append(
                    Problem(
                        file_name,
                        location,
                        "uid",
                        f"question {question_uids[question.uid]} has the same uid",
                    )
                )
            question_uids.setdefault(question.uid, number)
        problems += reference_problems(
            question, set(section_codes), set(scenario_uids), file_name, location
        )
    return problems


def reference_problems(
    question: Question,
    section_codes: Collection[str],
    scenario_uids: Collection[str],
    file_name: str,
    location: str,
) -> list[Problem]:
    """A section or scenario the question names and the bank does not have."""
    problems = []
    if question.section.strip() and question.section not in section_codes:
        problems.append(
            Problem(file_name, location, "section", f"the bank has no section {question.section}")
        )
    if question.scenario is not None and question.scenario not in scenario_uids:
        problems.append(
            Problem(
                file_name, location, "scenario", f"the bank has no scenario {question.scenario}"
            )
        )
    return problems


def _scenario_problems(
    scenario: Scenario, required_languages: Sequence[str], file_name: str, location: str
) -> list[Problem]:
    return _text_problems(
        scenario.text, "scenario", "text", required_languages, file_name, location
    )


def content_fingerprint(question: Question, *, scenario: Scenario | None = None) -> str:
    """A SHA-256 hex digest of what a candidate reads, to recognise a question imported twice.

    It covers, for every language the question is written in: the stem, the option texts as a
    set (sorted) and the keyed option texts as a set, each with whitespace collapsed, case folded
    and Unicode normalised (NFC); plus the pictures' bytes, and the scenario's text when
    ``scenario`` is given (questions like "What should the director do first?" differ only by
    their scenario).

    It ignores the uid, section, scenario uid, source, tags, option keys and order, the shuffle
    and multiple-response flags and image names and types: the same question exported by another
    tool, re-keyed or reordered, gives the same fingerprint.  A translation added or changed
    gives a different one.
    """
    keyed = question.correct

    def per_language(texts: Mapping[str, str]) -> dict[str, str]:
        return {language: _normalised(text) for language, text in texts.items()}

    languages = sorted(
        set(question.stem) | {lang for option in question.options for lang in option.text}
    )
    content = {
        "version": 1,
        "languages": {
            language: {
                "stem": _normalised(question.stem.get(language, "")),
                "options": sorted(_normalised(o.text.get(language, "")) for o in question.options),
                "keys": sorted(
                    _normalised(o.text.get(language, ""))
                    for o in question.options
                    if o.key in keyed
                ),
            }
            for language in languages
        },
        "images": sorted(hashlib.sha256(image.data).hexdigest() for image in question.images),
        "scenario": per_language(scenario.text) if scenario is not None else None,
    }
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
