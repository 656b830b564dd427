"""Aiken: the simplest multiple-choice text format, one right answer per question.

Each question is a stem line, its options ``A) text`` or ``A. text`` (Latin capitals in order),
then ``ANSWER: B``; a blank line separates questions::

    Мектептин уставын ким бекитет?
    A) Мектептин директору
    B) Түзүүчү
    ANSWER: B

Files are UTF-8 (a BOM is accepted; CRLF, LF or CR line ends; spaces around lines ignored).
Moodle wants the stem on one line; this reader also accepts a stem over several lines (kept as
line breaks) as long as no blank line splits it.  ``answer:`` in any case and a lower-case
answer letter are accepted.

Conventions
    All questions go into one section: code = the file's name without extension (at most 40
    characters), title = {language: that name}.  Options are keyed "a", "b", "c"… by their
    letter.  uid is "" (Aiken has no ids).  Texts are in the ``language`` argument.
    Writing puts a question's scenario text in front of its stem, on the same line, separated
    by a space, so reading such a file back gives stems that start with the scenario.

What Aiken cannot carry: sections (read into one), scenarios (written into the stem), uids,
source, tags, the shuffle flag, line breaks inside texts (written as spaces), and more than one
language.  ``write`` refuses with ValueError, naming the questions, what would be lost or
wrong: multiple-response questions, pictures, more than 26 options, not exactly one key, texts
missing in the language, and stems that would read as an option or ANSWER line.  Files are
written UTF-8 without BOM with Windows line ends (CRLF).

Problems (each with its line): missing ANSWER line, ANSWER letter not among the options,
several letters in ANSWER (multiple response), fewer than 2 options, option letters out of
order, option labels that are not Latin capitals (e.g. Cyrillic «А)»), options or ANSWER lines
without a question.  A file that looks like GIFT gets one problem saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from question_bank.formats.base import DEFAULT_LANGUAGE, ImportFailed, Problem
from question_bank.formats.gift import file_stem, text_lines
from question_bank.model import Bank, Option, Question, Section

NAME = "aiken"
LABEL = "Aiken"
EXTENSIONS = (".aiken", ".aiken.txt", ".txt")
MULTILINGUAL = False

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_OPTION = re.compile(r"([A-Z])[.)]\s*(.*)")
# A label that is a letter but not a Latin capital: Cyrillic «А)», «б.» or a lower-case «b)».
_LOOKALIKE = re.compile(r"([^\W\d_])[.)]\s+(.*)")
_ANSWER = re.compile(r"ANSWER\s*:\s*(.*)", re.IGNORECASE)
# Signs of a GIFT file: an answer block with = or ~, a ::title:: or a category switch.
_GIFT = re.compile(r"\{[^{}]*[=~][^{}]*\}|^\s*(?:::|\$CATEGORY:)", re.MULTILINE)


@dataclass
class _Draft:
    line: int
    stem: list[str]
    options: list[tuple[str, str, int]] = field(default_factory=list)
    #: A blank line came after the last line of this question.
    gap: bool = False


class _Reader:
    def __init__(self, file_name: str, language: str) -> None:
        self.file_name = file_name
        self.language = language
        self.section = file_stem(file_name, EXTENSIONS, "aiken")
        self.problems: list[tuple[int, Problem]] = []
        self.questions: list[Question] = []

    def problem(self, line: int, field_name: str, message: str) -> None:
        self.problems.append((line, Problem(self.file_name, f"line {line}", field_name, message)))

    def read(self, lines: list[str]) -> None:
        draft: _Draft | None = None
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line:
                if draft:
                    draft.gap = True
                continue
            answer = _ANSWER.fullmatch(line)
            if answer:
                if draft is None:
                    self.problem(number, "answer", "an ANSWER line without a question above it")
                else:
                    self.finish(draft, answer.group(1).strip(), number)
                draft = None
                continue
            option = _OPTION.fullmatch(line)
            if option:
                letter = option.group(1)
                if draft is None:
                    self.problem(
                        number,
                        f"option {letter}",
                        "an option without a question above it (is the ANSWER line above it "
                        "misplaced, or is the stem missing?)",
                    )
                else:
                    self.option(draft, letter, (option.group(2) or "").strip(), number)
                continue
            lookalike = _LOOKALIKE.fullmatch(line)
            if draft and lookalike and (draft.options or not draft.gap):
                label = lookalike.group(1)
                script = "a Cyrillic" if "\u0400" <= label <= "\u04ff" else "the"
                self.problem(
                    number,
                    "option",
                    f"option labels must be Latin capital letters A, B, C…; this line starts "
                    f"with {script} letter «{label}»",
                )
                draft.options.append((label, lookalike.group(2).strip(), number))
                continue
            if draft is None:
                draft = _Draft(number, [line])
            elif not draft.options and not draft.gap:
                draft.stem.append(line)  # a stem over several lines
            else:
                self.unfinished(draft)
                draft = _Draft(number, [line])
        if draft:
            self.unfinished(draft)

    def option(self, draft: _Draft, letter: str, text: str, line: int) -> None:
        expected = _LETTERS[len(draft.options)] if len(draft.options) < len(_LETTERS) else "?"
        if letter != expected:
            self.problem(
                line,
                f"option {letter}",
                f"option letters must run A, B, C… in order: expected {expected}, found {letter}",
            )
        elif not text:
            self.problem(line, f"option {letter}", "the option has no text")
        draft.options.append((letter, text, line))

    def unfinished(self, draft: _Draft) -> None:
        if draft.options:
            message = (
                "the question has no ANSWER line: after its options write ANSWER: and the "
                "right option's letter"
            )
        else:
            message = "the question has no options and no ANSWER line"
        self.problem(draft.line, "answer", message)

    def finish(self, draft: _Draft, value: str, line: int) -> None:
        letters = [letter for letter, _, _ in draft.options]
        if len(letters) < 2:
            self.problem(
                draft.line,
                "options",
                f"a question needs at least two options (A), B) …); this one has {len(letters)}",
            )
        several = re.fullmatch(r"[^\W\d_](?:\s*[,;/&+ ]\s*[^\W\d_])+|[A-Za-z]{2,5}", value)
        # Moodle reads only the first character; "B) Түзүүчү" names B as plainly.
        single = None if several else re.fullmatch(r"([^\W\d_])(?:[.)](?:\s.*)?)?", value)
        if not value:
            self.problem(
                line, "answer", "the ANSWER line names no option: write its letter, e.g. ANSWER: B"
            )
            return
        if single is None:
            if several:
                message = (
                    f"“{value}” names several options, but an Aiken question has exactly one "
                    "right answer; multiple-response questions cannot be imported from Aiken"
                )
            else:
                message = f"“{value}” is not an option letter: write e.g. ANSWER: B"
            self.problem(line, "answer", message)
            return
        letter = single.group(1).upper()
        if letter not in letters:
            shown = f"{letters[0]}–{letters[-1]}" if letters else "none"
            hint = (
                "; it is a Cyrillic letter: type the Latin one"
                if "\u0400" <= letter <= "\u04ff"
                else ""
            )
            self.problem(
                line,
                "answer",
                f"ANSWER names {letter}, which is not among the options ({shown}){hint}",
            )
            return
        if len(letters) < 2:
            return
        self.questions.append(
            Question(
                uid="",
                section=self.section,
                stem={self.language: "\n".join(draft.stem)},
                options=tuple(
                    Option(label.lower(), {self.language: text}) for label, text, _ in draft.options
                ),
                correct=frozenset({letter.lower()}),
            )
        )


def read(data: bytes, file_name: str, language: str = DEFAULT_LANGUAGE) -> Bank:
    """The questions of an Aiken file, all in one section named after the file.

    Raises :class:`ImportFailed` listing every problem found (each with its line).
    """
    lines = text_lines(data, file_name)
    reader = _Reader(file_name, language)
    reader.read(lines)
    problems = [p for _, p in sorted(reader.problems, key=lambda item: item[0])]
    if problems and _GIFT.search("\n".join(lines)):
        problems = [
            Problem(
                file_name,
                "",
                "format",
                "this file looks like GIFT (Moodle's text format, answers in {…}), not Aiken; "
                "import it as GIFT",
            )
        ]
    if not reader.questions and not problems:
        problems.append(Problem(file_name, "", "", "the file holds no questions"))
    if problems:
        raise ImportFailed(problems)
    title = {language: reader.section}
    return Bank(sections=(Section(reader.section, title),), questions=tuple(reader.questions))


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", text.strip())


def _stem(bank: Bank, question: Question, language: str) -> str:
    stem = _one_line(question.stem.get(language) or "")
    if question.scenario:
        scenario = _one_line(bank.scenario(question.scenario).text.get(language) or "")
        stem = f"{scenario} {stem}"
    return stem


def _refusals(bank: Bank, language: str) -> list[str]:
    """What stops the bank from being written, one sentence per kind, naming the questions."""
    scenarios = {s.uid for s in bank.scenarios}
    kinds: dict[str, list[str]] = {}
    for index, question in enumerate(bank.questions):
        label = question.uid or f"question {index + 1}"

        def refuse(kind: str, label: str = label) -> None:
            kinds.setdefault(kind, []).append(label)

        if question.multiple:
            refuse("Aiken has one right answer per question, so it cannot carry multiple-response")
        elif len(question.correct) != 1 or not question.correct <= {
            o.key for o in question.options
        }:
            refuse("an Aiken question needs exactly one key among its options")
        if question.images:
            refuse("Aiken cannot carry pictures, so these questions would lose theirs")
        if len(question.options) > len(_LETTERS):
            refuse("Aiken letters options A–Z, so it cannot carry more than 26")
        if question.scenario and question.scenario not in scenarios:
            refuse("these questions refer to a scenario the bank lacks")
            continue
        texts = [question.stem, *(o.text for o in question.options)]
        if question.scenario:
            texts.append(bank.scenario(question.scenario).text)
        if not all((t.get(language) or "").strip() for t in texts):
            refuse(f"these questions have texts missing in {language}")
            continue
        stem = _stem(bank, question, language)
        if _OPTION.fullmatch(stem) or _ANSWER.fullmatch(stem):
            refuse("these stems would read as an option or ANSWER line")
    return [f"{kind}: {', '.join(labels)}" for kind, labels in kinds.items()]


def write(bank: Bank, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The bank's questions as an Aiken file in ``language``.

    Raises ValueError, naming the questions, when the bank holds what Aiken cannot carry
    (multiple-response questions, pictures …): nothing is dropped silently.  Sections, uids,
    sources, tags and the shuffle flag are not written (see the module's description).
    """
    refusals = _refusals(bank, language)
    if refusals:
        raise ValueError("; ".join(refusals))
    out: list[str] = []
    for question in bank.questions:
        out.append(_stem(bank, question, language))
        for letter, option in zip(_LETTERS, question.options, strict=False):
            out.append(f"{letter}) {_one_line(option.text[language])}")
        (key,) = question.correct
        out.append(f"ANSWER: {_LETTERS[[o.key for o in question.options].index(key)]}")
        out.append("")
    return "\r\n".join(out).encode("utf-8")
