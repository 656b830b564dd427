"""GIFT, Moodle's plain-text question format: multiple-choice questions in one language.

A GIFT file is UTF-8 text (a BOM is accepted; CRLF, LF or CR line ends) made of blocks that
blank lines separate.  Lines starting with ``//`` are comments.  A block is a category switch
(``$CATEGORY: path``), a question (``::title::text{answers}``) or a description (text without an
answer block).  The reader follows Moodle's own parser (``qformat_gift``) so that a file reads
here as Moodle reads it; the writer produces files Moodle imports unchanged.

Questions
    Only multiple choice: ``::LAW-001::Stem{=right ~wrong ~wrong}``.  The ``::title::`` is the
    question's uid (no title: uid "").  Options are keyed "a", "b", "c"… in written order.
    Answer feedback (``#…``) and general feedback (``####…``) are skipped on reading and never
    written.  A missing-word question (``The {=a ~b} continues.``) reads with "_____" where
    its answer block stood, as in Moodle.  Escapes ``\\~ \\= \\# \\{ \\} \\: \\\\`` stand for the
    character, ``\\n`` for a line break; the writer escapes the same way, so each text stays
    on one line.  Other kinds (true/false, short answer, numerical, matching, essay) and
    partial credit in a single-answer question are refused with a problem naming the line.
Multiple response
    A question without any ``=`` option, weighted as Moodle does: ``{~%50%a ~%50%b ~%-100%c}``;
    the keyed options are those with a positive weight.  Writing shares 100 % among the keys and
    gives −100 % to every other option, so in Moodle any wrong tick costs the whole point.
Sections
    ``$CATEGORY: $course$/top/Нормативдик укуктук актылар`` opens a section.  Its code is a
    ``// section: law`` comment in the same block if there is one, else the path's last
    component (trimmed, at most 40 characters); its title is that last component.  Questions
    before any ``$CATEGORY`` go into a section named after the file.  Writing gives each
    section a ``// section: <code>`` comment and ``$CATEGORY: $course$/top/<title>``.
Scenarios
    A description with a title is a scenario when questions refer to it: ``::SC-1::Text``, and
    each question using it carries a ``// scenario: SC-1`` comment.  Moodle imports the
    scenario as a Description item just before its first question.  A description nothing
    refers to is refused (Moodle descriptions are not questions).
Source and tags
    ``// source: Закон КР «Об образовании», ст. 24`` in the question's block; tags are Moodle's
    own ``// [tag:устав] [tag:мыйзам]`` (``\\]`` for a ``]`` inside a tag), which Moodle
    imports as question tags.  Moodle's ``[id:…]`` is ignored: the title is the uid.
Text formats
    ``[html]`` texts (Moodle's own exports) are turned into plain text: tags dropped, entities
    decoded, ``<br>`` and blocks such as ``<p>`` give line breaks.  ``[plain]``, ``[moodle]``
    (the default) and ``[markdown]`` texts are taken as written.  Writing marks stems
    ``[plain]`` (the options inherit it), so Moodle shows the text exactly.
Languages
    One per file: texts are read as, and written in, the ``language`` argument.

What GIFT cannot carry: pictures (``write`` raises ValueError naming the questions that have
any; a text with ``<img>`` is refused on reading), the shuffle flag (Moodle's text format has
none: read as True, not written), other languages than the one written, section titles that
differ from the category name, tags holding ``<``, ``>``, a backtick or a line break (refused
by ``write``), and line breaks in the source (written as spaces).  Moodle keeps neither
comments nor question titles as ids, so after a trip through Moodle the section codes, sources
and scenario links are gone; tags survive.  Files are written UTF-8 without BOM with Windows
line ends (CRLF), which old Notepad shows and Moodle reads.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath
from urllib.parse import unquote

from question_bank.formats.base import DEFAULT_LANGUAGE, ImportFailed, Problem, check_file_size
from question_bank.model import Bank, Option, Question, Scenario, Section

NAME = "gift"
LABEL = "GIFT"
EXTENSIONS = (".gift", ".gift.txt")
MULTILINGUAL = False

#: Encoding problems reported one by one before the rest is summed up in a last problem.
MAX_ENCODING_PROBLEMS = 20
#: Longest section code taken from a category name.
MAX_CODE = 40

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def text_lines(data: bytes, file_name: str) -> list[str]:
    """The lines of a UTF-8 text file (BOM dropped, any line ends); shared by GIFT and Aiken.

    Bytes that are not UTF-8 (a file saved as Windows-1251, say) raise :class:`ImportFailed`
    naming each line that holds them.
    """
    check_file_size(data, file_name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFailed(
            [
                Problem(
                    file_name,
                    "line 1",
                    "encoding",
                    "the file is saved as UTF-16 (Notepad's “Unicode”); save it as UTF-8",
                )
            ]
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    lines: list[str] = []
    bad: list[int] = []
    problems: list[Problem] = []
    for number, raw in enumerate(_LINE_BREAK.split(data), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            message = (
                f"byte {error.start + 1} of the line (0x{raw[error.start]:02X}) is not UTF-8 "
                "text; save the file as UTF-8 (code pages such as Windows-1251 are not accepted)"
            )
        else:
            if "\x00" not in line:
                lines.append(line)
                continue
            # No database text can hold NUL; a file full of them is UTF-16 without its mark.
            position = raw.index(b"\x00") + 1
            message = (
                f"byte {position} of the line is a NUL character, which no text may hold; save "
                "the file as UTF-8"
            )
        bad.append(number)
        if len(problems) < MAX_ENCODING_PROBLEMS:
            problems.append(Problem(file_name, f"line {number}", "encoding", message))
    if bad:
        if len(bad) > len(problems):
            problems.append(
                Problem(
                    file_name,
                    f"lines {bad[len(problems)]}–{bad[-1]}",
                    "encoding",
                    f"{len(bad) - len(problems)} more lines are not UTF-8 text either",
                )
            )
        raise ImportFailed(problems)
    return lines


def file_stem(file_name: str, extensions: Iterable[str], fallback: str) -> str:
    """The file's name without its folder and format extension, e.g. "law" for "law.gift.txt"."""
    name = PurePath(file_name.replace("\\", "/")).name
    for extension in sorted(extensions, key=len, reverse=True):
        if name.lower().endswith(extension) and len(name) > len(extension):
            name = name[: -len(extension)]
            break
    else:
        name = PurePath(name).stem if "." in name.lstrip(".") else name
    return name.strip()[:MAX_CODE].strip() or fallback


# --- escapes ---------------------------------------------------------------------------------

# An escaped character is hidden behind a lone surrogate pair of code points (the backslash's
# place and the character's), so that offsets (and line numbers) stay right and only live
# syntax is left to parse.  A UTF-8 decoder never yields lone surrogates, so nothing in the file
# can be mistaken for them.
_MARK = "\ud800"
_HIDDEN = 0xDC00
_ESCAPE = re.compile(r"\\([\\:#=~{}n])")
_WRITE_ESCAPES = {ch: "\\" + ch for ch in "\\~=#{}:"} | {"\n": "\\n"}


def _mask(text: str) -> str:
    return _ESCAPE.sub(lambda m: _MARK + chr(_HIDDEN + ord(m.group(1))), text)


def _unmask(text: str) -> str:
    out = []
    for ch in text:
        if ch == _MARK:
            continue
        code = ord(ch)
        if _HIDDEN <= code <= _HIDDEN + 0x7F:
            literal = chr(code - _HIDDEN)
            out.append("\n" if literal == "n" else literal)
        else:
            out.append(ch)
    return "".join(out)


def _escape(text: str) -> str:
    """Moodle's ``repchar``: special characters and line breaks escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_WRITE_ESCAPES.get(ch, ch) for ch in text)


# --- HTML ------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "section", "article"}
    | {"dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title"})


class _PlainText(HTMLParser):
    """Text of an HTML fragment as a browser shows it, and the pictures it refers to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIPPED_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def _images_in(text: str) -> list[str]:
    """The ``src`` of every ``<img>`` in a text that is not parsed as HTML ("" when it has none)."""
    sources = []
    for tag in re.findall(r"<img\b[^>]*>?", text, re.IGNORECASE):
        found = re.search(r"src\s*=\s*[\"']?([^\"'\s>]*)", tag, re.IGNORECASE)
        sources.append(found.group(1) if found else "")
    return sources


def _html_to_plain(text: str) -> tuple[str, list[str]]:
    parser = _PlainText()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # the stdlib parser's complaints about broken markup
        return _tidy(re.sub(r"<[^>]*>", " ", text)), _images_in(text)
    lines = (line.strip() for line in "".join(parser.parts).replace("\xa0", " ").split("\n"))
    return "\n".join(line for line in lines if line), parser.images


def _tidy(text: str) -> str:
    """Trailing spaces dropped from every line, blank lines kept inside, none around."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _image_name(src: str) -> str:
    if src.startswith("data:"):
        return "embedded picture"
    name = unquote(src.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])
    return name or "picture"


# --- reading ---------------------------------------------------------------------------------

_FORMATS = ("moodle", "html", "plain", "markdown")
_WEIGHT = re.compile(r"%\s*(-?\d+(?:[.,]\d*)?)\s*%")
_COMMENT_FIELD = re.compile(r"(section|source|scenario)\s*:\s*(.*)", re.IGNORECASE)
# Moodle's own pattern for tags in comments (qformat_gift::extract_idnumber_and_tags_from_comment).
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_CATEGORY = "$CATEGORY:"


@dataclass
class _Block:
    """Lines between blank lines: comments (text after ``//``) and the rest, each with its line."""

    comments: list[tuple[int, str]] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)


def _blocks(lines: list[str]) -> Iterator[_Block]:
    block = _Block()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            if block.body or block.comments:
                yield block
                block = _Block()
        elif stripped.startswith("//"):
            block.comments.append((number, stripped[2:].strip()))
        else:
            block.body.append((number, stripped))
    if block.body or block.comments:
        yield block


@dataclass
class _Description:
    line: int
    title: str
    text: str
    looks_like_aiken: bool


class _Reader:
    def __init__(self, file_name: str, language: str) -> None:
        self.file_name = file_name
        self.language = language
        self.problems: list[tuple[int, Problem]] = []
        self.sections: dict[str, Section] = {}
        self.section: str | None = None
        self.descriptions: list[_Description] = []
        self.questions: list[tuple[Question, int]] = []

    def problem(self, line: int, field_name: str, message: str) -> None:
        self.problems.append((line, Problem(self.file_name, f"line {line}", field_name, message)))

    # Blocks -----------------------------------------------------------------------------------

    def block(self, block: _Block) -> None:
        # A block with only comments is skipped, as Moodle does.  Moodle wants a blank line
        # after a category; the question (or category) that follows without one is accepted,
        # since the intent is plain.  A loop, not recursion: a file may hold thousands of
        # $CATEGORY lines in a row.
        body, comments = block.body, block.comments
        taken = 0  # the comments before this index went to the categories already read
        for index, (line, text) in enumerate(body):
            if not text.startswith(_CATEGORY):
                self.item(_Block(comments[taken:], body[index:]))
                return
            end = len(comments)
            if index + 1 < len(body):
                cut, end = body[index + 1][0], taken
                while end < len(comments) and comments[end][0] < cut:
                    end += 1
            self.category(line, text, comments[taken:end])
            taken = end

    def category(self, line: int, text: str, comments: list[tuple[int, str]]) -> None:
        path = _unmask(_mask(text[len(_CATEGORY) :])).strip()
        names = [n.replace("//", "/").strip() for n in re.split(r"(?<!/)/(?!/)", path)]
        names = [n for n in names if n]
        if names and re.fullmatch(r"\$[a-z]+\$", names[0]):
            names = names[1:]  # the Moodle context ($course$, $module$…)
        if names and names[0] == "top":
            names = names[1:]  # Moodle's hidden root category
        if not names:
            self.problem(line, "category", "the $CATEGORY line names no category")
            return
        name = names[-1]
        fields = _comment_fields(comments)
        code = (fields.get("section") or [""])[0] or name[:MAX_CODE].strip()
        if code not in self.sections:
            self.sections[code] = Section(code, {self.language: name})
        self.section = code

    def current_section(self) -> str:
        if self.section is None:
            code = file_stem(self.file_name, EXTENSIONS, "gift")
            self.sections.setdefault(code, Section(code, {self.language: code}))
            self.section = code
        return self.section

    def item(self, block: _Block) -> None:
        numbers = [n for n, _ in block.body]
        raw = "\n".join(t for _, t in block.body)
        starts = []
        offset = 0
        for _, text in block.body:
            starts.append(offset)
            offset += len(text) + 1

        def line_at(at: int) -> int:
            return numbers[max(0, bisect_right(starts, at) - 1)]

        text = _mask(raw)
        first = numbers[0]
        title, begin = "", 0
        if text.startswith("::"):
            end = text.find("::", 2)
            if end < 0:
                self.problem(first, "title", "the title opened with :: is not closed with ::")
                return
            title = " ".join(_unmask(text[2:end]).split())
            begin = end + 2
        opening, closing = text.find("{", begin), text.find("}", begin)
        if opening < 0 and closing < 0:
            self.description(block, first, title, text[begin:])
            return
        if opening >= 0 and closing < 0:
            self.problem(
                line_at(opening), "answer", "the answer block opened with { is not closed with }"
            )
            return
        if opening < 0 or closing < opening:
            self.problem(
                line_at(closing),
                "answer",
                "this } closes no answer block; write \\} for a brace in the text",
            )
            return
        after = text[closing + 1 :]
        extra = re.search(r"[{}]", after)
        if extra:
            self.problem(
                line_at(closing + 1 + extra.start()),
                "answer",
                "a second answer block: each question has one {…} block, and questions are "
                "separated by a blank line",
            )
            return
        # Missing-word format: text after the block means the answers stood for a blank.
        stem_raw = text[begin:opening] + ("_____" + after if after else "")
        text_format, stem_raw = _split_format(stem_raw.strip(), "moodle")
        stem = self.plain(stem_raw, text_format, first, "stem")
        answers = text[opening + 1 : closing]
        general = answers.rfind("####")
        if general >= 0:
            answers = answers[:general]  # general feedback: not carried
        kind = _kind(answers.strip())
        if kind:
            self.problem(
                line_at(opening),
                "question type",
                f"{kind} questions are not supported: only multiple-choice questions "
                "({=right ~wrong …}) can be imported",
            )
            return
        fields = _comment_fields(block.comments)
        parsed = self.options(answers, opening + 1, line_at, text_format)
        if parsed is None:
            return
        options, correct, multiple = parsed
        scenario = None
        references = fields.get("scenario", [])
        if len(set(references)) > 1:
            self.problem(first, "scenario", "the question names more than one scenario")
        elif references and references[0]:
            scenario = references[0]
        question = Question(
            uid=title,
            section=self.current_section(),
            stem={self.language: stem},
            options=options,
            correct=correct,
            scenario=scenario,
            source=" ".join(s for s in fields.get("source", []) if s),
            tags=_tags(block.comments),
            multiple=multiple,
        )
        self.questions.append((question, first))

    def description(self, block: _Block, line: int, title: str, text: str) -> None:
        text_format, text = _split_format(text.strip(), "moodle")
        plain = self.plain(text, text_format, line, "scenario")
        aiken = any(re.match(r"ANSWER\s*:", t, re.IGNORECASE) for _, t in block.body)
        self.descriptions.append(_Description(line, title, plain, aiken))

    def options(
        self,
        answers: str,
        offset: int,
        line_at: Callable[[int], int],
        text_format: str,
    ) -> tuple[tuple[Option, ...], frozenset[str], bool] | None:
        """The options of a multiple-choice answer block (masked text starting at ``offset``)."""
        marks = [i for i, ch in enumerate(answers) if ch in "~="]
        lead = answers[: marks[0]].strip()
        if lead:
            self.problem(
                line_at(offset),
                "answer",
                f"“{_unmask(lead)}” stands before the first option; start every option with "
                "= (right) or ~ (wrong)",
            )
        if len(marks) < 2:
            self.problem(
                line_at(offset), "answer", "a multiple-choice question needs at least two options"
            )
            return None
        single = "=" in answers
        options, correct = [], set()
        ok = not lead
        for index, at in enumerate(marks):
            key = _option_key(index)
            line = line_at(offset + at)
            segment = answers[at + 1 : marks[index + 1] if index + 1 < len(marks) else None]
            segment = segment.strip()
            weight = None
            if answers[at] == "~":
                found = _WEIGHT.match(segment)
                if found:
                    weight = float(found.group(1).replace(",", "."))
                    segment = segment[found.end() :]
            segment = segment.split("#", 1)[0]  # answer feedback: not carried
            option_format, segment = _split_format(segment.strip(), text_format)
            text = self.plain(segment, option_format, line, f"option {key}")
            if not text:
                self.problem(line, f"option {key}", "the option has no text")
                ok = False
            if single:
                keyed = answers[at] == "=" or weight == 100
                if weight is not None and 0 < weight != 100:
                    self.problem(
                        line,
                        f"option {key}",
                        f"partial credit ({weight:g} %) is not supported: mark an option right "
                        "with = or wrong with ~",
                    )
                    ok = False
            else:
                keyed = weight is not None and weight > 0
            if keyed:
                correct.add(key)
            options.append(Option(key, {self.language: text}))
        if not ok:
            return None
        return tuple(options), frozenset(correct), not single

    def plain(self, masked: str, text_format: str, line: int, field_name: str) -> str:
        """A text as plain text; pictures in it are reported, since GIFT cannot hold them."""
        text = _unmask(masked)
        if text_format == "html":
            text, images = _html_to_plain(text)
            images += _images_in(text)  # a tag the parser left as text, e.g. an unclosed "<img"
        else:
            text = _tidy(text)
            images = _images_in(text)
        for src in images:
            name = _image_name(src)
            self.problem(
                line,
                f"image {name}",
                f"{field_name} shows a picture ({name}), but a GIFT file cannot hold pictures; "
                "import the question from Moodle XML or a bank package instead",
            )
        return text

    # The end ----------------------------------------------------------------------------------

    def bank(self) -> Bank:
        referenced = {q.scenario for q, _ in self.questions if q.scenario}
        scenarios: dict[str, Scenario] = {}
        for item in self.descriptions:
            if item.title and item.title in scenarios:
                self.problem(
                    item.line,
                    "scenario",
                    f"a second description titled “{item.title}”; scenario titles must differ",
                )
            elif item.title and item.title in referenced:
                scenarios[item.title] = Scenario(item.title, {self.language: item.text})
            else:
                hint = (
                    "this looks like an Aiken question (ANSWER: line); import the file as Aiken"
                    if item.looks_like_aiken
                    else "to use it as a scenario, give it a ::title:: and mark its questions "
                    "with // scenario: <title>"
                )
                self.problem(
                    item.line,
                    "question type",
                    "a description (text without an answer block) is not a question, and no "
                    f"question refers to it as its scenario; {hint}",
                )
        for question, line in self.questions:
            if question.scenario and question.scenario not in scenarios:
                self.problem(
                    line,
                    "scenario",
                    f"no description titled “{question.scenario}” holds this scenario; add "
                    f"::{question.scenario}::<text> before the question",
                )
        problems = [p for _, p in sorted(self.problems, key=lambda item: item[0])]
        if not self.questions and not problems:
            problems.append(Problem(self.file_name, "", "", "the file holds no questions"))
        if problems:
            raise ImportFailed(problems)
        return Bank(
            sections=tuple(self.sections.values()),
            scenarios=tuple(scenarios.values()),
            questions=tuple(q for q, _ in self.questions),
        )


def _split_format(text: str, default: str) -> tuple[str, str]:
    """A leading ``[html]``/``[plain]``/``[moodle]``/``[markdown]`` marker and the rest."""
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end].strip().lower() in _FORMATS:
            return text[1:end].strip().lower(), text[end + 1 :]
    return default, text


def _kind(answers: str) -> str | None:
    """The question type an answer block makes (Moodle's order of tests), None for choice."""
    if not answers:
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return None
    if "=" in answers and "->" in answers:
        return "matching"
    check = answers.split("#", 1)[0].strip() if answers.find("#") > 0 else answers
    if check.upper() in {"T", "TRUE", "F", "FALSE"}:
        return "true/false"
    return "short answer"


def _option_key(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    key = letters[index % 26]
    while index >= 26:
        index = index // 26 - 1
        key = letters[index % 26] + key
    return key


def _comment_fields(comments: Iterable[tuple[int, str]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for _, text in comments:
        found = _COMMENT_FIELD.fullmatch(text)
        if found:
            fields.setdefault(found.group(1).lower(), []).append(found.group(2).strip())
    return fields


def _tags(comments: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    tags: list[str] = []
    for _, text in comments:
        for found in _TAG.finditer(text):
            tag = found.group(1).replace("\\]", "]").strip()
            if tag and tag not in tags:
                tags.append(tag)
    return tuple(tags)


def read(data: bytes, file_name: str, language: str = DEFAULT_LANGUAGE) -> Bank:
    """The multiple-choice questions of a GIFT file, their sections and scenarios.

    Raises :class:`ImportFailed` listing every problem found (each with its line).
    """
    reader = _Reader(file_name, language)
    for block in _blocks(text_lines(data, file_name)):
        reader.block(block)
    return reader.bank()


# --- writing ---------------------------------------------------------------------------------


def _label(question: Question, index: int) -> str:
    return question.uid or f"question {index + 1}"


def _text(texts: Mapping[str, str], language: str) -> str:
    return (texts.get(language) or "").strip()


def _refusals(bank: Bank, language: str) -> list[str]:
    """What stops the bank from being written, one sentence per kind, naming the questions."""
    scenarios = {s.uid: s for s in bank.scenarios}
    pictures, untranslated, bad_tags, unknown = [], [], [], []
    for index, question in enumerate(bank.questions):
        label = _label(question, index)
        if question.images:
            pictures.append(label)
        texts = [question.stem, *(o.text for o in question.options)]
        if question.scenario and question.scenario in scenarios:
            texts.append(scenarios[question.scenario].text)
        elif question.scenario:
            unknown.append(label)
        if not all(_text(t, language) for t in texts):
            untranslated.append(label)
        if any(re.search(r"[<>`\x00-\x1f\x7f]", tag) for tag in question.tags):
            bad_tags.append(label)
    refusals = []
    if pictures:
        refusals.append(
            "GIFT cannot carry pictures, so these questions would lose theirs: "
            f"{', '.join(pictures)}; export them as Moodle XML or a bank package"
        )
    if untranslated:
        refusals.append(
            f"these questions have texts missing in {language}: {', '.join(untranslated)}"
        )
    if bad_tags:
        refusals.append(
            "tags holding <, >, a backtick or a line break cannot be written in GIFT: "
            f"{', '.join(bad_tags)}"
        )
    if unknown:
        refusals.append(f"these questions refer to a scenario the bank lacks: {', '.join(unknown)}")
    return refusals


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _option_text(text: str) -> str:
    # "[" could be read as a format marker and "%n%" as a weight: a [plain] marker shields them.
    marker = "[plain]" if text.startswith(("[", "%")) else ""
    return marker + _escape(text)


def _tag(tag: str) -> str:
    escaped = tag.replace("]", "\\]")
    return f"[tag:{escaped}]"


def _question_lines(question: Question, language: str) -> list[str]:
    lines = []
    if question.scenario:
        lines.append(f"// scenario: {question.scenario}")
    if question.source.strip():
        lines.append("// source: " + re.sub(r"\s*[\r\n]+\s*", " ", question.source.strip()))
    if question.tags:
        lines.append("// " + " ".join(_tag(t) for t in question.tags))
    title = f"::{_escape(question.uid)}::" if question.uid else ""
    lines.append(f"{title}[plain]{_escape(_text(question.stem, language))}{{")
    keys = [o.key for o in question.options if o.key in question.correct]
    for option in question.options:
        text = _option_text(_text(option.text, language))
        if not question.multiple:
            mark = "=" if option.key in question.correct else "~"
        elif option.key in question.correct:
            mark = f"~%{_percent(100 / len(keys))}%"
        else:
            mark = "~%-100%"
        lines.append(f"\t{mark}{text}")
    lines.append("}")
    return lines


def write(bank: Bank, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The bank's questions as a GIFT file in ``language``.

    Raises ValueError, naming the questions, when the bank holds what GIFT cannot carry
    (pictures) or texts missing in ``language``: nothing is dropped silently.
    """
    refusals = _refusals(bank, language)
    if refusals:
        raise ValueError("; ".join(refusals))
    scenarios = {s.uid: s for s in bank.scenarios}
    sections = list(bank.sections)
    known = {s.code for s in sections}
    for question in bank.questions:
        if question.section not in known:
            known.add(question.section)
            sections.append(Section(question.section, {}))
    out = [f"// Question bank, GIFT format (Moodle), language: {language}", ""]
    written: set[str] = set()
    for section in sections:
        title = " ".join((_text(section.title, language) or section.code).split())
        out += [
            f"// section: {section.code}",
            f"$CATEGORY: $course$/top/{title.replace('/', '//')}",
            "",
        ]
        for question in bank.questions:
            if question.section != section.code:
                continue
            if question.scenario and question.scenario not in written:
                written.add(question.scenario)
                text = _escape(_text(scenarios[question.scenario].text, language))
                out += [f"::{_escape(question.scenario)}::[plain]{text}", ""]
            out += [*_question_lines(question, language), ""]
    return "\r\n".join(out).encode("utf-8")
