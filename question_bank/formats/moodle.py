"""Moodle XML: the question-bank export and import format of Moodle (``<quiz>`` files).

A Moodle XML file is a ``<quiz>`` element holding ``<question>`` elements in order.  A
``<question type="category">`` (path such as ``$course$/top/Нормативдик укуктук актылар``)
opens a category; the questions after it belong to it.  This module maps the file to the bank so:

Sections
    One per category.  The code is the category's ``<idnumber>`` if it has one, else the last
    path component (trimmed, at most 40 characters).  The title is that component, in the
    reading language; titles in every language ride in the category's ``<info>`` (its
    description) as multilang spans, which take precedence.  Writing gives
    ``$course$/top/<title in the writing language>`` (a "/" in it doubled, as Moodle does),
    ``<idnumber>`` = section code, and the multilang titles in ``<info>``.  Moodle's own top
    categories (``top``, ``$course$``) become sections only if questions sit directly in them;
    the rest of a nested path is ignored.
Questions
    ``<question type="multichoice">`` (and the All-or-Nothing plugin's ``multichoiceset``).  The
    uid is the question's ``<idnumber>`` ("" when empty); ``<name>`` only locates problems.
    ``<single>false</single>`` (or ``multichoiceset``) makes a multiple-response question keyed
    by every answer with a positive fraction; a single-choice question is keyed by the answers
    with fraction 100, or if none has it, by those above 0.  Options are keyed "a", "b", "c"…
    in written order.  ``<shuffleanswers>`` carries the shuffle flag.  Writing gives fraction
    100 (single) or 100/k (multiple) to keys and 0 (single) or -100 (multiple) to the others,
    so a wrong tick in Moodle costs all credit, as close to all-or-nothing as core Moodle gets.
Languages
    Moodle's multilang filter syntax ``<span lang="ky" class="multilang">…</span><span
    lang="ru" class="multilang">…</span>`` (also the old ``<lang lang="ky">``) in any HTML
    text: each language's text is the fragment with the other languages' spans left out.  A
    text without such spans is in the reading ``language``.  Writing: a text in several
    languages becomes multilang spans (the writing language first), a text in one is plain.
Texts
    HTML is turned into plain text as a browser shows it (``<br>`` and blocks such as ``<p>``
    give line breaks, entities are decoded, whitespace runs collapse).  It is parsed with
    lxml's HTML parser, which never touches the network nor loads entities.  Texts marked
    ``plain_text`` or ``markdown`` are taken literally; ``moodle_auto_format`` keeps its line
    breaks.  Writing escapes the text and turns line breaks into ``<br />``.
Images
    ``<img src="@@PLUGINFILE@@/window.png">`` in the question text refers to a ``<file
    name="window.png" path="/" encoding="base64">`` child of ``<questiontext>``; the media type
    is guessed from the extension.  Images elsewhere (answers, scenarios) are refused, as are
    images linked from outside the file; embedded files no text shows are ignored.
Scenarios
    Moodle has no shared stimulus.  Convention: a ``<question type="description">`` holds the
    scenario text; its uid is its ``<idnumber>`` (else a ``scenario:<uid>`` tag on it, else
    "SC-1", "SC-2"… in file order); every question using it carries the tag
    ``scenario:<uid>``.  Writing puts the description just before the first question that uses
    it (unused scenarios at the end).
Source and tags
    The source reference is the question's general feedback (which Moodle shows after the
    attempt), as plain text; tags are ``<tags><tag><text>``, minus the ``scenario:`` one.

Problems are located as "question N (name), line L", counting every ``<question>`` element of
the file (categories included) from 1; L is the line of the element at fault.

What Moodle XML cannot carry here: other question types (truefalse, shortanswer, essay,
matching, cloze, random …: refused on reading, named in the problem), images in options or
scenario texts (refused), images linked rather than embedded (refused), the source in several
languages (one string: the reading language's), tags starting with ``scenario:``, leading,
trailing or repeated spaces inside a line (HTML collapses them), formatting (bold, lists …:
reduced to plain text), nested categories (only the last path component is kept) and questions
before any category (refused).  The multilang filter syntax of the ``filter_multilang2`` plugin
(``{mlang ky}…{mlang}``) is not recognised.  Moodle-only settings (grades, penalties, answer
feedback, numbering, hidden) are written with Moodle's defaults and ignored on reading.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import gc
import html
import math
import mimetypes
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import quote, unquote

from lxml import etree

from question_bank.formats.base import (
    DEFAULT_LANGUAGE,
    ImportFailed,
    Problem,
    check_file_size,
    parse_xml,
)
from question_bank.model import Bank, Image, Option, Question, Scenario, Section

NAME = "moodle"
LABEL = "Moodle XML"
EXTENSIONS = (".xml",)
MULTILINGUAL = True

SCENARIO_TAG = "scenario:"
PLUGINFILE = "@@PLUGINFILE@@"
MAX_CODE_LENGTH = 40

_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})

# Media types Moodle's editor commonly embeds; mimetypes is the fallback for the rest.
_MEDIA_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "svg": "image/svg+xml",
    "webp": "image/webp",
    "bmp": "image/bmp",
}

# --- HTML → plain text -----------------------------------------------------------------------

_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
# Their content is not shown as text by a browser.
_HIDDEN = frozenset({"script", "style", "head", "title", "template", "noscript", "object"})
_CELLS = frozenset({"td", "th"})
# The whitespace HTML collapses; the same set as str.split() uses, so both paths agree.
_SPACE_RUN = re.compile(r"\s+")
_SPACES = re.compile(r" {2,}")
# Characters XML 1.0 forbids; a bank text holding one must not make the written file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPAN_START = '<span lang="'
# One multilang span as :func:`write` makes it: plain text and line breaks, nothing else.  The
# body pattern is "unrolled" ([^<]* runs between breaks) so that matching stays linear and fast.
_SPAN_BODY = r"[^<]*(?:<br\s*/?>[^<]*)*"
_SIMPLE_SPAN = re.compile(f'<span lang="([A-Za-z_-]+)" class="multilang">({_SPAN_BODY})</span>')
_SIMPLE_SPANS = re.compile(
    rf'(?:\s*<span lang="[A-Za-z_-]+" class="multilang">{_SPAN_BODY}</span>)+\s*'
)
_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")


def _collapse(text: str) -> str:
    return _SPACE_RUN.sub(" ", text)


def _finish(text: str) -> str:
    """Trim every line and drop empty lines at both ends, as a browser shows the text."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end])


@functools.cache
def _language_code(value: str) -> str:
    """Moodle language pack codes ("ru", "ky", "ru_old", "en-US") → the bank's "ru", "ky", "en"."""
    return value.strip().lower().replace("-", "_").split("_")[0]


def _squash(text: str) -> str:
    """Text without markup as HTML shows it: entities decoded, whitespace runs collapsed."""
    return " ".join((html.unescape(text) if "&" in text else text).split())


def _simple_spans(fragment: str) -> dict[str, str] | None:
    """The texts of a fragment made only of multilang spans as :func:`write` makes them.

    This is by far the common case (and the one the import benchmark measures); two regular
    expressions read it several times faster than an HTML parser.  None: use the parser.
    """
    if not _SIMPLE_SPANS.fullmatch(fragment):
        return None
    texts: dict[str, str] = {}
    for code, body in _SIMPLE_SPAN.findall(fragment):
        lang = _language_code(code)
        if lang in texts:
            return None  # repeated languages: let the parser join them as a browser would
        if "<" in body:
            texts[lang] = _finish("\n".join(_squash(line) for line in _BR.split(body)))
        else:
            texts[lang] = _squash(body)
    return texts


def _is_multilang(element: etree._Element) -> str | None:
    """The language of a multilang span (or old-style ``<lang>``), else None."""
    lang = element.get("lang")
    if not lang:
        return None
    tag = element.tag
    if tag == "lang" or (tag == "span" and "multilang" in (element.get("class") or "").split()):
        return _language_code(lang)
    return None


class _HtmlError(Exception):
    """The HTML fragment could not be parsed at all."""


def _html_parser() -> etree.HTMLParser:
    """An HTML parser for untrusted fragments: no network, no comments or processing
    instructions; libxml2's HTML parser loads no DTD and expands no external entities."""
    return etree.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        huge_tree=False,
    )


def _parse_html(fragment: str, parser: etree.HTMLParser) -> etree._Element:
    try:
        root = etree.fromstring(("<body>" + fragment).encode("utf-8"), parser)
    except (etree.LxmlError, ValueError) as error:
        raise _HtmlError(str(error)) from None
    if root is None:
        raise _HtmlError("empty document")
    return root


def _line_break(out: list[str]) -> None:
    """End the line before or after a block (``<p>``, ``<li>`` …), unless it is already ended:
    blocks never make empty lines, unlike ``<br>``."""
    while out and out[-1] == " ":
        out.pop()
    if out and not out[-1].endswith("\n"):
        out.append("\n")


def _render(element: etree._Element, language: str | None, out: list[str]) -> None:
    """Append the text ``element`` shows in ``language`` (None: ignore multilang) to ``out``."""
    tag = element.tag
    # Comments and processing instructions are removed by the parser; images show no text; a
    # multilang span in another language is left out, as Moodle's filter does.
    shown = (
        isinstance(tag, str)
        and tag not in _HIDDEN
        and tag != "img"
        and (language is None or _is_multilang(element) in (None, language))
    )
    if shown and tag == "br":
        out.append("\n")
    elif shown:
        block = tag in _BLOCKS
        if block:
            _line_break(out)
        elif tag in _CELLS:
            out.append(" ")
        if element.text:
            out.append(_collapse(element.text))
        for child in element:
            _render(child, language, out)
        if block:
            _line_break(out)
    if element.tail:
        out.append(_collapse(element.tail))


@dataclass
class _Text:
    """A text as read: per-language plain texts and the image sources it shows."""

    texts: dict[str, str]
    images: list[str] = field(default_factory=list)


def _from_html(fragment: str, language: str, parser: etree.HTMLParser) -> _Text:
    """Per-language plain texts and image sources of an untrusted HTML fragment."""
    if "<" not in fragment:
        return _Text({language: _squash(fragment)})
    if fragment.lstrip().startswith(_SPAN_START):
        texts = _simple_spans(fragment)
        if texts is not None:
            return _Text(texts)
    root = _parse_html(fragment, parser)
    languages: list[str] = []
    images: list[str] = []
    for element in root.iter(tag=etree.Element):
        if element.tag == "img":
            images.append(element.get("src") or "")
        else:
            lang = _is_multilang(element)
            if lang and lang not in languages:
                languages.append(lang)
    texts = {}
    for lang in languages or [None]:
        out: list[str] = []
        _render(root, lang, out)
        texts[lang or language] = _finish("".join(out))
    return _Text(texts, images)


def _read_text(raw: str, text_format: str, language: str, parser: etree.HTMLParser) -> _Text:
    """A Moodle text in one of its formats → plain texts."""
    if text_format in ("plain_text", "markdown"):
        return _Text({language: raw.strip()})
    if text_format == "moodle_auto_format":
        # Moodle shows line breaks of auto-formatted text as breaks (and allows HTML in it).
        raw = raw.replace("\r\n", "\n").replace("\n", "<br />")
    return _from_html(raw, language, parser)


# --- reading ---------------------------------------------------------------------------------


def _key(index: int) -> str:
    """Letters for the answer at ``index`` (0-based): a … z, then aa, ab …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    key = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        key = letters[rest] + key
    return key


_KEYS = tuple(_key(index) for index in range(26))


def _option_key(index: int) -> str:
    """The key of the answer at ``index`` (0-based): "a", "b" … "z", "aa", "ab" …"""
    return _KEYS[index] if index < len(_KEYS) else _key(index)


def _inner_text(element: etree._Element) -> str:
    """The content of a ``<text>`` element; HTML written as XML (no CDATA) is serialised back."""
    if len(element) == 0:
        return element.text or ""
    return (element.text or "") + "".join(
        etree.tostring(child, encoding="unicode", with_tail=True) for child in element
    )


def _raw_text(element: etree._Element) -> str:
    """The ``<text>`` of a text-carrying element (``questiontext``, ``answer`` …)."""
    for child in element:  # <text> comes first: stop there, skip <feedback> and <file>
        if child.tag == "text":
            return _inner_text(child)
    return ""


def _simple(element: etree._Element) -> str:
    """The plain content of an element like ``<single>`` or ``<name><text>…</text></name>``."""
    for child in element:
        if child.tag == "text":
            return (child.text or "").strip()
    return (element.text or "").strip()


def _media_type(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return (
        _MEDIA_TYPES.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    )


@dataclass
class _Category:
    code: str
    title: dict[str, str]
    top: bool
    registered: bool = False


@dataclass
class _Pending:
    """A question read, waiting for its scenario reference to be checked."""

    question: Question
    scenario: str | None
    location: str


class _Reader:
    """One pass over the ``<question>`` elements, collecting the bank and every problem."""

    def __init__(self, file_name: str, language: str) -> None:
        self.file = file_name
        self.language = language
        self.problems: list[Problem] = []
        self.sections: dict[str, dict[str, str]] = {}
        self.category: _Category | None = None
        # (uid or None, texts) in file order; None uids are numbered at the end.
        self.scenarios: list[tuple[str | None, dict[str, str]]] = []
        self.scenario_uids: set[str] = set()
        self.questions: list[_Pending] = []
        # One HTML parser per import: lxml parsers must not be shared between threads.
        self.parser = _html_parser()
        # "question N (name)" of the question being read.
        self.label = ""

    def at(self, element: etree._Element) -> str:
        """The location of ``element`` inside the current question."""
        return f"{self.label}, line {element.sourceline}"

    def problem(self, element: etree._Element, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.at(element), field_name, message))

    def text(
        self, element: etree._Element, raw: str, field_name: str, default_format: str
    ) -> _Text | None:
        text_format = element.get("format") or default_format
        try:
            if text_format == "html":  # the common case, without the detour
                return _from_html(raw, self.language, self.parser)
            return _read_text(raw, text_format.strip(), self.language, self.parser)
        except (_HtmlError, RecursionError):
            self.problem(element, field_name, "the HTML of this text cannot be read")
            return None

    # -- the file --

    def read(self, root: etree._Element) -> Bank:
        if root.tag != "quiz":
            raise ImportFailed(
                [
                    Problem(
                        self.file,
                        f"line {root.sourceline}",
                        "quiz",
                        f"the file's root element is <{root.tag}>, not Moodle's <quiz>: "
                        "this is not a Moodle XML question file",
                    )
                ]
            )
        for number, element in enumerate(root.iterchildren("question"), start=1):
            self.question(element, number)
        bank = self.finish()
        if self.problems:
            raise ImportFailed(self.problems)
        if not bank.questions:
            raise ImportFailed(
                [Problem(self.file, "", "", "the file holds no multiple-choice questions")]
            )
        return bank

    def question(self, element: etree._Element, number: int) -> None:
        kind = (element.get("type") or "").strip()
        children: dict[object, etree._Element] = {}
        answers: list[etree._Element] = []
        tags: list[str] = []
        for child in element:
            tag = child.tag
            if tag == "answer":
                answers.append(child)
            elif tag == "tags":
                tags.extend(text for text in map(_simple, child.iterchildren("tag")) if text)
            elif tag not in children:
                children[tag] = child
        name_element = children.get("category" if kind == "category" else "name")
        name = _simple(name_element) if name_element is not None else ""
        self.label = f"question {number} ({name or 'no name'})"
        if kind == "multichoice" or kind == "multichoiceset":
            self.read_multichoice(element, kind, children, answers, tags)
        elif kind == "category":
            self.read_category(element, children)
        elif kind == "description":
            self.read_description(element, children, tags)
        else:
            described = f"question type {kind!r}" if kind else "a question without a type"
            self.problem(
                element,
                "type",
                f"{described} cannot be imported: the bank holds only multiple-choice "
                "questions (multichoice) and scenario texts (description)",
            )

    # -- categories → sections --

    def read_category(
        self, element: etree._Element, children: dict[object, etree._Element]
    ) -> None:
        path = _simple(children["category"]) if "category" in children else ""
        components = [part.replace("//", "/").strip() for part in _CATEGORY_SPLIT.split(path)]
        components = [part for part in components if part]
        if not components:
            self.problem(element, "category", "the category has no name (empty path)")
            self.category = None
            return
        last = components[-1]
        top = last == "top" or (len(last) > 1 and last.startswith("$") and last.endswith("$"))
        # Category names are plain text, unless someone wrote multilang spans into one.
        name = {self.language: last}
        if "multilang" in last:
            with contextlib.suppress(_HtmlError, RecursionError):
                name = _from_html(last, self.language, self.parser).texts
        plain = name.get(self.language) or next(iter(name.values()), "") or last
        # The path names the category in the reading language; multilang spans in the
        # description (as written by this module) or in the name itself give every language.
        title = {self.language: plain}
        info = children.get("info")
        if info is not None:
            raw = _raw_text(info)
            if "multilang" in raw:
                read = self.text(info, raw, "category", "moodle_auto_format")
                if read is not None and len(read.texts) > 1:
                    title.update(read.texts)
        if len(name) > 1:
            title.update(name)
        idnumber = _simple(children["idnumber"]) if "idnumber" in children else ""
        self.category = _Category(idnumber or plain[:MAX_CODE_LENGTH].strip(), title, top)
        if not top:
            self.register(self.category)

    def register(self, category: _Category) -> None:
        category.registered = True
        known = self.sections.setdefault(category.code, {})
        for lang, text in category.title.items():
            known.setdefault(lang, text)

    # -- descriptions → scenarios --

    def read_description(
        self,
        element: etree._Element,
        children: dict[object, etree._Element],
        tags: list[str],
    ) -> None:
        uid = _simple(children["idnumber"]) if "idnumber" in children else ""
        if not uid:
            uid = next(
                (tag[len(SCENARIO_TAG) :].strip() for tag in tags if tag.startswith(SCENARIO_TAG)),
                "",
            )
        if uid and uid in self.scenario_uids:
            self.problem(
                element,
                "scenario",
                f"another description question already has the id number {uid!r}",
            )
            return
        questiontext = children.get("questiontext")
        if questiontext is None:
            self.problem(element, "scenario", "the description has no text (<questiontext>)")
            return
        raw = _raw_text(questiontext)
        read = self.text(questiontext, raw, "scenario", "moodle_auto_format")
        if read is None:
            return
        if read.images:
            self.problem(
                questiontext,
                "scenario",
                "a scenario text cannot show images; put the picture in a question's text",
            )
            return
        self.scenarios.append((uid or None, read.texts))
        if uid:
            self.scenario_uids.add(uid)

    # -- multichoice → questions --

    def flag(self, children: dict[object, etree._Element], tag: str, default: bool) -> bool:
        element = children.get(tag)
        if element is None:
            return default
        value = _simple(element).lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.problem(element, tag, f"{value!r} is not one of true, false, 1, 0")
        return default

    def read_multichoice(
        self,
        element: etree._Element,
        kind: str,
        children: dict[object, etree._Element],
        answers: list[etree._Element],
        tags: list[str],
    ) -> None:
        problems_before = len(self.problems)
        category = self.category
        if category is None:
            self.problem(
                element,
                "category",
                "the question comes before any category; start the file with a "
                '<question type="category"> naming its section',
            )
        elif not category.registered:
            self.register(category)
        multiple = kind == "multichoiceset" or not self.flag(children, "single", True)
        shuffle = self.flag(children, "shuffleanswers", True)
        stem: dict[str, str] = {}
        images: tuple[Image, ...] = ()
        questiontext = children.get("questiontext")
        if questiontext is None:
            self.problem(element, "stem", "the question has no text (<questiontext>)")
        else:
            raw = _raw_text(questiontext)
            read = self.text(questiontext, raw, "stem", "moodle_auto_format")
            if read is not None:
                stem = read.texts
                if read.images:
                    images = self.images(questiontext, read.images)
        source = ""
        feedback = children.get("generalfeedback")
        if feedback is not None:
            raw = _raw_text(feedback)
            read = self.text(feedback, raw, "source", "moodle_auto_format") if raw else None
            if read is not None:
                source = read.texts.get(self.language) or next(
                    (text for text in read.texts.values() if text), ""
                )
        options, correct = self.options(element, answers, multiple)
        scenarios = sorted(
            {tag[len(SCENARIO_TAG) :].strip() for tag in tags if tag.startswith(SCENARIO_TAG)}
        )
        if len(scenarios) > 1:
            self.problem(
                children.get("tags", element),
                "tags",
                f"the question refers to several scenarios ({', '.join(scenarios)}); "
                "it may use one at most",
            )
        if category is None or len(self.problems) > problems_before:
            return
        question = Question(
            uid=_simple(children["idnumber"]) if "idnumber" in children else "",
            section=category.code,
            stem=stem,
            options=options,
            correct=correct,
            source=source,
            tags=tuple(tag for tag in tags if not tag.startswith(SCENARIO_TAG)) if tags else (),
            shuffle_options=shuffle,
            multiple=multiple,
            images=images,
        )
        where = self.at(children.get("tags", element))
        self.questions.append(_Pending(question, scenarios[0] if scenarios else None, where))

    def options(
        self, element: etree._Element, answers: list[etree._Element], multiple: bool
    ) -> tuple[tuple[Option, ...], frozenset[str]]:
        if not answers:
            self.problem(element, "answer", "the multiple-choice question has no answers")
            return (), frozenset()
        options = []
        fractions = []
        for index, answer in enumerate(answers):
            key = _option_key(index)
            field_name = f"option {key}"
            raw_fraction = (answer.get("fraction") or "0").strip()
            try:
                fraction = float(raw_fraction)
            except ValueError:
                fraction = math.nan
            if not math.isfinite(fraction):
                self.problem(
                    answer, field_name, f"the answer's fraction {raw_fraction!r} is not a number"
                )
            fractions.append((key, fraction))
            raw = _raw_text(answer)
            read = self.text(answer, raw, field_name, "moodle_auto_format")
            if read is None:
                continue
            if read.images:
                self.problem(
                    answer,
                    field_name,
                    "an answer cannot show images; put the picture in the question text",
                )
            options.append(Option(key, read.texts))
        if multiple:
            correct = {key for key, fraction in fractions if fraction > 0}
        else:
            # Partial-credit answers (e.g. 50) are keys only when no answer is worth it all.
            correct = {key for key, fraction in fractions if fraction >= 99.999}
            correct = correct or {key for key, fraction in fractions if fraction > 0}
        return tuple(options), frozenset(correct)

    def images(self, questiontext: etree._Element, sources: list[str]) -> tuple[Image, ...]:
        embedded: dict[str, etree._Element] = {}
        for file in questiontext.iterchildren("file"):
            folder = (file.get("path") or "/").strip().strip("/")
            name = (file.get("name") or "").strip()
            embedded[(f"/{folder}/" if folder else "/") + name] = file
        images: list[Image] = []
        seen: set[str] = set()
        for source in sources:
            source = source.strip()
            if not source.startswith(PLUGINFILE):
                self.problem(
                    questiontext,
                    f"image {source[:80] or '(no address)'}",
                    "the image is not embedded in the file (its address points elsewhere); "
                    "only images stored in the file as <file> can be imported",
                )
                continue
            relative = "/" + unquote(source[len(PLUGINFILE) :].split("?")[0]).lstrip("/")
            name = relative.rsplit("/", 1)[-1]
            if relative in seen:
                continue
            seen.add(relative)
            field_name = f"image {name}"
            file = embedded.get(relative)
            if file is None:
                self.problem(
                    questiontext,
                    field_name,
                    f"the question text shows the image {name}, but the file does not embed it "
                    f'(no <file name="{name}"> in the question text)',
                )
                continue
            encoding = (file.get("encoding") or "base64").strip().lower()
            if encoding != "base64":
                self.problem(file, field_name, f"the file's encoding {encoding!r} is not base64")
                continue
            try:
                data = base64.b64decode("".join((file.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                self.problem(
                    file, field_name, "the embedded image is not valid base64: it is damaged"
                )
                continue
            if not data:
                self.problem(file, field_name, "the embedded image is empty")
                continue
            images.append(Image(name, _media_type(name), data))
        return tuple(images)

    # -- the end: scenario uids and references --

    def finish(self) -> Bank:
        used = {uid for uid, _ in self.scenarios if uid}
        scenarios = []
        number = 0
        for uid, texts in self.scenarios:
            if uid is None:
                number += 1
                while f"SC-{number}" in used:
                    number += 1
                uid = f"SC-{number}"
            scenarios.append(Scenario(uid, texts))
        known = {scenario.uid for scenario in scenarios}
        questions = []
        for pending in self.questions:
            question = pending.question
            if pending.scenario is not None:
                if pending.scenario not in known:
                    self.problems.append(
                        Problem(
                            self.file,
                            pending.location,
                            "tags",
                            f"the question refers to scenario {pending.scenario!r}, but no "
                            "description question has that id number",
                        )
                    )
                    continue
                question = replace(question, scenario=pending.scenario)
            questions.append(question)
        return Bank(
            sections=tuple(Section(code, title) for code, title in self.sections.items()),
            scenarios=tuple(scenarios),
            questions=tuple(questions),
        )


def read(data: bytes, file_name: str, language: str = DEFAULT_LANGUAGE) -> Bank:
    """Read a Moodle XML file; texts without multilang spans are taken as ``language``."""
    check_file_size(data, file_name)
    root = parse_xml(data, file_name)
    # A large bank creates hundreds of thousands of small objects that all survive; the cyclic
    # collector would scan them again and again (a third of the import time for 10,000
    # questions) and find nothing, since the reader makes no reference cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Reader(file_name, language).read(root)
    finally:
        if collecting:
            gc.enable()


# --- writing ---------------------------------------------------------------------------------


def _xml(text: str) -> str:
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _html(text: str) -> str:
    return html.escape(_NOT_XML.sub("", text).strip(), quote=False).replace("\n", "<br />")


def _ordered(texts: Mapping[str, str], language: str) -> list[tuple[str, str]]:
    """The non-empty texts, the writing language first."""
    pairs = [(lang, text) for lang, text in texts.items() if text and text.strip()]
    return sorted(pairs, key=lambda pair: pair[0] != language)


def _multilang(texts: Mapping[str, str], language: str) -> str:
    pairs = _ordered(texts, language)
    if len(pairs) <= 1:
        return _html(pairs[0][1]) if pairs else ""
    return "".join(
        f'<span lang="{_xml(lang)}" class="multilang">{_html(text)}</span>' for lang, text in pairs
    )


def _text_element(content: str, indent: str) -> str:
    """``<text>`` holding ``content`` (already HTML); CDATA when it has markup, as Moodle does."""
    if "<" in content or "&" in content:
        return f"{indent}<text><![CDATA[{content}]]></text>\n"
    return f"{indent}<text>{content}</text>\n"


def _in_language(texts: Mapping[str, str], language: str) -> str:
    pairs = _ordered(texts, language)
    return pairs[0][1].strip() if pairs else ""


def _fraction(count: int) -> str:
    """100/count the way Moodle writes its grade options (33.33333, 12.5, 100)."""
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def _write_category(out: list[str], section: Section, language: str) -> None:
    title = _in_language(section.title, language) or section.code
    path = "$course$/top/" + title.replace("/", "//").replace("\n", " ")
    languages = _ordered(section.title, language)
    info = _multilang(section.title, language) if len(languages) > 1 else ""
    out.append(
        "<!-- question: 0  -->\n"
        '  <question type="category">\n'
        "    <category>\n"
        f"      <text>{_xml(path)}</text>\n"
        "    </category>\n"
        f'    <info format="{"html" if info else "moodle_auto_format"}">\n'
        f"{_text_element(info, '      ')}"
        "    </info>\n"
        f"    <idnumber>{_xml(section.code)}</idnumber>\n"
        "  </question>\n\n"
    )


def _write_description(out: list[str], scenario: Scenario, language: str) -> None:
    out.append(
        "<!-- question: 0  -->\n"
        '  <question type="description">\n'
        "    <name>\n"
        f"      <text>{_xml(scenario.uid)}</text>\n"
        "    </name>\n"
        '    <questiontext format="html">\n'
        f"{_text_element(_multilang(scenario.text, language), '      ')}"
        "    </questiontext>\n"
        '    <generalfeedback format="html">\n'
        "      <text></text>\n"
        "    </generalfeedback>\n"
        "    <defaultgrade>0.0000000</defaultgrade>\n"
        "    <penalty>0.0000000</penalty>\n"
        "    <hidden>0</hidden>\n"
        f"    <idnumber>{_xml(scenario.uid)}</idnumber>\n"
        "  </question>\n\n"
    )


def _write_question(out: list[str], question: Question, language: str) -> None:
    stem = _multilang(question.stem, language)
    for image in question.images:
        stem += f'<p><img src="{PLUGINFILE}/{_xml(quote(image.name))}" alt="" /></p>'
    name = question.uid or _in_language(question.stem, language).split("\n")[0][:100]
    lines = [
        "<!-- question: 0  -->\n",
        '  <question type="multichoice">\n',
        "    <name>\n",
        f"      <text>{_xml(name or 'question')}</text>\n",
        "    </name>\n",
        '    <questiontext format="html">\n',
        _text_element(stem, "      "),
    ]
    for image in question.images:
        data = base64.b64encode(image.data).decode("ascii")
        lines.append(
            f'      <file name="{_xml(image.name)}" path="/" encoding="base64">{data}</file>\n'
        )
    keys = [option.key for option in question.options if option.key in question.correct]
    if question.multiple:
        right, wrong = (_fraction(len(keys)) if keys else "0"), "-100"
    else:
        right, wrong = "100", "0"
    lines += [
        "    </questiontext>\n",
        '    <generalfeedback format="html">\n',
        _text_element(_html(question.source), "      "),
        "    </generalfeedback>\n",
        "    <defaultgrade>1.0000000</defaultgrade>\n",
        "    <penalty>0.3333333</penalty>\n",
        "    <hidden>0</hidden>\n",
        f"    <idnumber>{_xml(question.uid)}</idnumber>\n",
        f"    <single>{'false' if question.multiple else 'true'}</single>\n",
        f"    <shuffleanswers>{'true' if question.shuffle_options else 'false'}</shuffleanswers>\n",
        "    <answernumbering>abc</answernumbering>\n",
        "    <showstandardinstruction>0</showstandardinstruction>\n",
    ]
    for option in question.options:
        fraction = right if option.key in question.correct else wrong
        lines += [
            f'    <answer fraction="{fraction}" format="html">\n',
            _text_element(_multilang(option.text, language), "      "),
            '      <feedback format="html">\n',
            "        <text></text>\n",
            "      </feedback>\n",
            "    </answer>\n",
        ]
    tags = [tag for tag in question.tags if not tag.startswith(SCENARIO_TAG)]
    if question.scenario:
        tags.append(SCENARIO_TAG + question.scenario)
    if tags:
        lines.append("    <tags>\n")
        lines += [f"      <tag><text>{_xml(tag)}</text>\n      </tag>\n" for tag in tags]
        lines.append("    </tags>\n")
    lines.append("  </question>\n\n")
    out.append("".join(lines))


def _sections_in_order(bank: Bank, language: str) -> Iterable[tuple[Section, list[Question]]]:
    by_section: dict[str, list[Question]] = {}
    for question in bank.questions:
        by_section.setdefault(question.section, []).append(question)
    sections = list(bank.sections)
    known = {section.code for section in sections}
    sections += [Section(code, {language: code}) for code in by_section if code not in known]
    for section in sections:
        yield section, by_section.get(section.code, [])


def write(bank: Bank, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The bank as a Moodle XML file, one category per section; see the module docstring."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    scenarios = {scenario.uid: scenario for scenario in bank.scenarios}
    written: set[str] = set()
    for section, questions in _sections_in_order(bank, language):
        _write_category(out, section, language)
        for question in questions:
            uid = question.scenario
            if uid and uid in scenarios and uid not in written:
                _write_description(out, scenarios[uid], language)
                written.add(uid)
            _write_question(out, question, language)
    for scenario in bank.scenarios:
        if scenario.uid not in written:
            _write_description(out, scenario, language)
    out.append("</quiz>\n")
    return "".join(out).encode("utf-8")
