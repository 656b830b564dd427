"""IMS QTI 2.1 content packages: the exchange format of TAO and other assessment platforms.

A package is a zip holding ``imsmanifest.xml`` (IMS Content Packaging 1.1) and one QTI 2.1
``assessmentItem`` file per question.  The manifest lists each item as a resource of type
``imsqti_item_xmlv2p1`` whose ``href`` names the item file; each item declares the keyed choices
in ``responseDeclaration/correctResponse`` and shows its stem and options in ``itemBody``::

    <itemBody>
      <div class="scenario" label="SC-1"><p>…shared situation…</p></div>
      <div class="stem"><p>…question…</p><p><img src="images/window.png" alt="…"/></p></div>
      <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
        <simpleChoice identifier="choice_a" fixed="false">…</simpleChoice>
      </choiceInteraction>
    </itemBody>

Reading is tolerant of how tools lay a package out (TAO writes ``items/<id>/qti.xml`` with its
pictures beside it, wraps stems in ``<div class="grid-row">`` and often puts the question in the
interaction's ``<prompt>``); writing follows the same layout, ``items/<id>/qti.xml`` with the
pictures under ``items/<id>/images/``.

Conventions:

- **Questions** are items with exactly one ``choiceInteraction``; any other interaction
  (``textEntryInteraction``, ``orderInteraction`` …) is reported as a problem naming the item file
  and the interaction.  The item's ``identifier`` is the question's uid (a question written
  without a uid gets the identifier ``item-N``, which reads back as its uid; uids that are not
  valid XML names have their other characters replaced by ``_``).
- **Options** are the ``simpleChoice`` elements; their keys are "a", "b", "c"… in written order,
  whatever the choices' identifiers are (they are written as ``choice_<key>``).  The stem is all
  the text of ``itemBody`` outside the interaction and the scenario block, plus the interaction's
  ``prompt``, in document order; paragraphs and ``<br/>`` become line breaks.
- **Multiple response**: ``cardinality="multiple"`` or a ``maxChoices`` other than 1.  Written as
  ``cardinality="multiple" maxChoices="0"``.
- **Fixed order**: ``shuffle="false"``, or a ``simpleChoice fixed="true"`` in a shuffled
  interaction (an option pinned in place, such as "all of the above", means order matters).
- **Sections** come from the item's LOM metadata in the manifest
  (``resource/metadata/imsmd:lom``): the last ``taxon`` of its first
  ``classification/taxonPath``, ``taxon/id`` as the section code and ``taxon/entry`` as the title
  (a taxon without an id takes its entry, trimmed to 40 characters, as code).  Items without one
  go to a section named after the package file (``law.qti.zip`` → ``law``).
- **Scenarios**: QTI 2.1 has no shared stimulus (that came with 2.2), so a scenario is a
  ``<div class="scenario" label="SC-1">`` block in the ``itemBody`` of every question that uses
  it; ``label`` is the scenario's uid (``data-scenario="SC-1"`` is read too).  Blocks with the
  same uid are one scenario (a different text under the same uid is a problem); blocks without a
  uid are grouped by identical text and numbered ``SC-1``, ``SC-2``… in package order.
- **Tags** are the LOM ``general/keyword`` entries, one keyword per tag.
- **Source** is the LOM ``relation`` of kind ``isbasedon``: its ``resource/description``.
- **Language**: one language per package as written (``xml:lang`` on each item).  On reading, an
  item whose ``xml:lang`` is Kyrgyz or Russian (``ky``, ``ky-KG``, ``ru``, ``ru-RU``) is read in
  that language; any other or no ``xml:lang`` is read as the ``language`` asked for (TAO stamps
  ``en-US`` on items whatever language they are written in, so English is not trusted).
- **Images** are package files referenced by ``<img src>`` (or an ``<object>`` of an image type)
  in the stem, relative to the item file; the media type comes from the file's extension
  (.png .jpg .jpeg .gif .svg .webp .bmp).  A picture missing from the package, outside it or of
  another type is a problem.

What the format cannot carry (lost on export, or refused on import):

- the other language of a question (one language per file), and section titles in it;
- blank lines and runs of spaces inside a text (XHTML collapses them), and text formatting;
- pictures in options or in a scenario, and the position of a picture within the stem (pictures
  are shown under the stem);
- scenarios no question uses;
- feedback, rubric blocks, templates, partial-credit scoring and the package's test structure
  (``assessmentTest`` resources are ignored); organizations of the manifest are ignored;
- other QTI versions: a QTI 2.0, 2.2 or 3.0 item resource is reported as a problem.
"""

from __future__ import annotations

import io
import posixpath
import re
import string
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from question_bank.formats.base import (
    DEFAULT_LANGUAGE,
    MAX_ARCHIVE_BYTES,
    MAX_MEMBER_BYTES,
    MAX_PICTURE_BYTES,
    ImportFailed,
    Problem,
    open_archive,
    parse_xml,
    read_member,
)
from question_bank.model import Bank, Image, Option, Question, Scenario, Section, Texts

if TYPE_CHECKING:
    from lxml.etree import _Element

NAME = "qti"
LABEL = "QTI 2.1 package"
EXTENSIONS = (".qti.zip", ".zip")
MULTILINGUAL = False

IMSCP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ITEM_TYPE = "imsqti_item_xmlv2p1"
MANIFEST = "imsmanifest.xml"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"

#: Manifest namespaces read (CP 1.1 as QTI 2.1 prescribes; 1.2 as some tools write).
_CP_NAMESPACES = (IMSCP_NS, "http://www.imsglobal.org/xsd/imscp_v1p2")
#: The languages an item's ``xml:lang`` may switch reading to.
_ITEM_LANGUAGES = ("ky", "ru")

#: File extension → media type of the pictures a package may hold.
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
}
_EXTENSION_OF = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/svg+xml": ".svg",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
}

# fmt: off
#: XHTML elements that start a new line of plain text.
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "address", "table", "caption", "thead", "tbody", "tfoot", "tr", "hr",
    "prompt",
})
#: Elements whose content is not part of what a candidate reads in the question.
_SKIPPED = frozenset({
    "feedbackBlock", "feedbackInline", "modalFeedback", "rubricBlock", "templateBlock",
    "templateInline", "printedVariable", "stylesheet",
})
# fmt: on
_SPACES = re.compile(r"[ \t\r\n\f]+")
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_NAME_CHARACTER = re.compile(r"[^\w.-]")
_NAME_START = re.compile(r"^[^\W\d]")


# --- reading -------------------------------------------------------------------------------------


def read(data: bytes, file_name: str, language: str = DEFAULT_LANGUAGE) -> Bank:
    """Read a QTI 2.1 package; raises ImportFailed listing every structural problem."""
    return _PackageReader(data, file_name, language).read()


def _local(element: _Element) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(element: _Element, name: str) -> list:
    """The child elements called ``name``, in any namespace and any letter case.

    LOM comes in several bindings (IEEE LOM ``taxonPath``, IMS MD 1.2 ``taxonpath``) under
    several namespaces, so metadata is matched by name alone.
    """
    wanted = name.lower()
    return [child for child in element if _local(child).lower() == wanted]


def _child(element: _Element, *path: str) -> _Element | None:
    """The first element down ``path`` of children names, or None."""
    for name in path:
        found = _children(element, name)
        if not found:
            return None
        element = found[0]
    return element


def _lang_string(element: _Element | None) -> str:
    """The text of a LOM LangString (its first non-empty ``string``) or of a plain element."""
    if element is None:
        return ""
    for child in element:
        if _local(child).lower() in ("string", "langstring"):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return "".join(element.itertext()).strip()


class _Text:
    """Plain text gathered from XHTML: whitespace collapsed, blocks and ``<br/>`` as newlines."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.pieces: list[str] = []

    def add(self, text: str | None, pre: bool = False) -> None:
        if text:
            self.pieces.append(text if pre else _SPACES.sub(" ", text))

    def newline(self) -> None:
        self.pieces.append("\n")

    def flush(self) -> None:
        raw = "".join(self.pieces)
        self.pieces = []
        text = "\n".join(line.strip(" ") for line in raw.split("\n")).strip("\n")
        if text:
            self.blocks.append(text)

    def result(self) -> str:
        self.flush()
        return "\n".join(self.blocks)


#: A hook sees every element before the walk does; True means "handled, do not descend".
_Hook = Callable[["_Element", _Text], bool]


def _walk_children(text: _Text, parent: _Element, hook: _Hook, pre: bool = False) -> None:
    text.add(parent.text, pre)
    for child in parent:
        if _local(child) and not hook(child, text):
            _walk_element(text, child, hook, pre)
        text.add(child.tail, pre)


def _walk_element(text: _Text, element: _Element, hook: _Hook, pre: bool) -> None:
    name = _local(element)
    if name in _SKIPPED or name in ("img", "object"):
        return
    if name == "br":
        text.newline()
        return
    block = name in _BLOCKS
    if block:
        text.flush()
    if name in ("td", "th"):
        text.add(" ")
    _walk_children(text, element, hook, pre or name == "pre")
    if block:
        text.flush()


def _plain_text(element: _Element, hook: _Hook) -> str:
    text = _Text()
    _walk_children(text, element, hook)
    return text.result()


def _picture_reference(element: _Element) -> str | None:
    """The file an ``<img>`` or image ``<object>`` shows; None for anything else."""
    name = _local(element)
    if name == "img":
        return (element.get("src") or "").strip()
    if name == "object":
        return (element.get("data") or "").strip()
    return None


def _is_scenario(element: _Element) -> bool:
    classes = (element.get("class") or "").split()
    return _local(element) == "div" and "scenario" in classes


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("true", "1")


def _package_stem(file_name: str) -> str:
    """``law.qti.zip`` → ``law``: the name of the section for items that name none."""
    name = PurePosixPath(file_name.replace("\\", "/")).name
    for suffix in EXTENSIONS:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.strip()[:40] or "qti"


@dataclass
class _ItemScenario:
    """A scenario block as found in one item, before blocks are grouped into scenarios."""

    uid: str | None
    text: str
    location: str


@dataclass
class _ReadItem:
    """What one item yields; the scenario is resolved once every item has been read."""

    question: Question
    scenario: _ItemScenario | None
    section_title: str
    language: str
    location: str


@dataclass
class _PackageReader:
    """One reading of one package: gathers every problem before giving up."""

    data: bytes
    file_name: str
    language: str
    problems: list[Problem] = field(default_factory=list)
    #: Safe member paths (normalised) → their zip entries.
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    #: Pictures unpacked so far (path → bytes), and the bytes of all pictures shown so far.
    pictures: dict[str, bytes] = field(default_factory=dict)
    picture_total: int = 0
    #: Bytes unpacked so far, however often a member is read.
    unpacked: int = 0
    archive: zipfile.ZipFile = field(init=False)

    def problem(self, location: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file_name, location, field_name, message))

    def fail(self) -> ImportFailed:
        return ImportFailed(self.problems)

    # The archive ---------------------------------------------------------------------------

    def read(self) -> Bank:
        archive = open_archive(
            self.data,
            self.file_name,
            "the file is not a zip archive, so it cannot be a QTI package",
        )
        with archive:
            self.archive = archive
            self.index_members()
            manifest_path = self.find_manifest()
            if manifest_path is None:
                raise self.fail()
            return self.read_manifest(manifest_path)

    def index_members(self) -> None:
        """Refuse unsafe member names (absolute, ``..``) and note the others by their path."""
        for info in self.archive.infolist():
            raw = info.filename
            name = raw.replace("\\", "/")
            parts = name.split("/")
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
                self.problem(
                    f"member {raw}",
                    "",
                    "the package holds a file whose path leads outside the package; it is refused",
                )
                continue
            if info.is_dir():
                continue
            path = posixpath.normpath(name)
            if path in self.members:
                self.problem(f"member {raw}", "", "the package holds two files with this path")
                continue
            self.members[path] = info

    def member_bytes(self, path: str, location: str, field_name: str) -> bytes | None:
        """A member's bytes, or None after noting why it cannot be read."""
        info = self.members[path]
        if info.file_size > MAX_MEMBER_BYTES:
            self.problem(
                location,
                field_name,
                f"{path} unpacks to {info.file_size} bytes, more than the "
                f"{MAX_MEMBER_BYTES} bytes a package file may have",
            )
            return None
        if info.flag_bits & 0x1:
            self.problem(location, field_name, f"{path} is encrypted and cannot be read")
            return None
        # The manifest may list one large item many times: bound the unpacking done in all.
        if self.unpacked + info.file_size > MAX_ARCHIVE_BYTES:
            if self.unpacked <= MAX_ARCHIVE_BYTES:
                self.problem(
                    location,
                    field_name,
                    f"the files the manifest lists unpack to more than {MAX_ARCHIVE_BYTES} "
                    "bytes in all",
                )
            self.unpacked = MAX_ARCHIVE_BYTES + 1
            return None
        self.unpacked += info.file_size
        try:
            # The size in the header may lie: never inflates more than it, nor the limit.
            return read_member(self.data, info, MAX_MEMBER_BYTES)
        except ValueError as error:  # damaged, or lying about its size: a problem, not a crash
            self.problem(location, field_name, f"{path} cannot be unpacked ({error})")
            return None

    def picture(self, path: str, location: str, label: str) -> bytes | None:
        """A picture's bytes, unpacked once however many items show it; None after noting why
        it cannot be had (unreadable, or the pictures shown add up to too much)."""
        if path not in self.pictures:
            data = self.member_bytes(path, location, label)
            if data is None:
                return None
            self.pictures[path] = data
        self.picture_total += len(self.pictures[path])
        if self.picture_total > MAX_PICTURE_BYTES:
            if self.picture_total - len(self.pictures[path]) <= MAX_PICTURE_BYTES:
                self.problem(
                    location,
                    label,
                    f"the pictures of the package's items add up to more than "
                    f"{MAX_PICTURE_BYTES} bytes",
                )
            return None
        return self.pictures[path]

    def find_manifest(self) -> str | None:
        if MANIFEST in self.members:
            return MANIFEST
        # A package zipped together with its folder keeps the manifest one level down.
        nested = [path for path in self.members if posixpath.basename(path) == MANIFEST]
        if len(nested) == 1:
            return nested[0]
        self.problem(
            "",
            MANIFEST,
            "the package has no imsmanifest.xml at its top level, so it is not an IMS content "
            "package; export the items from the authoring tool as a QTI 2.1 package",
        )
        return None

    def parse(self, data: bytes, location: str) -> _Element | None:
        """Parse one member's XML; its problems are placed at ``location``."""
        try:
            return parse_xml(data, self.file_name)
        except ImportFailed as failed:
            for problem in failed.problems:
                where = ", ".join(part for part in (location, problem.location) if part)
                self.problems.append(Problem(self.file_name, where, problem.field, problem.message))
        except (ValueError, LookupError) as error:
            self.problem(location, "", f"not well-formed XML: {error}")
        return None

    # The manifest --------------------------------------------------------------------------

    def read_manifest(self, manifest_path: str) -> Bank:
        data = self.member_bytes(manifest_path, manifest_path, "")
        manifest = self.parse(data, manifest_path) if data is not None else None
        if manifest is None:
            raise self.fail()
        namespace = manifest.tag.partition("}")[0].lstrip("{")
        if _local(manifest) != "manifest" or namespace not in _CP_NAMESPACES:
            self.problem(
                manifest_path, "", "the file is not an IMS content package manifest (<manifest>)"
            )
            raise self.fail()
        base = posixpath.dirname(manifest_path)
        items: list[_ReadItem] = []
        seen_item_types = False
        for resources in manifest.findall(f"{{{namespace}}}resources"):
            for number, resource in enumerate(resources.findall(f"{{{namespace}}}resource"), 1):
                kind = (resource.get("type") or "").strip()
                if kind.startswith("imsqti_item_") and kind != ITEM_TYPE:
                    seen_item_types = True
                    ident = resource.get("identifier") or f"#{number}"
                    self.problem(
                        f"{manifest_path}, resource {ident}",
                        "type",
                        f"the resource is an item of type {kind}; only QTI 2.1 items "
                        f"({ITEM_TYPE}) can be imported",
                    )
                elif kind == ITEM_TYPE:
                    seen_item_types = True
                    item = self.read_resource(resource, number, manifest_path, base, namespace)
                    if item is not None:
                        items.append(item)
        if not seen_item_types:
            self.problem(
                manifest_path,
                "resources",
                f"the manifest lists no QTI 2.1 items (resources of type {ITEM_TYPE})",
            )
        bank = self.assemble(items)
        if self.problems:
            raise self.fail()
        return bank

    def read_resource(
        self, resource: _Element, number: int, manifest_path: str, base: str, namespace: str
    ) -> _ReadItem | None:
        ident = resource.get("identifier") or f"#{number}"
        where = f"{manifest_path}, resource {ident}"
        href = (resource.get("href") or "").strip()
        if not href:
            self.problem(where, "href", "the item resource does not name its item file (href)")
            return None
        path = self.resolve(base, href)
        if path is None:
            self.problem(where, "href", f"the item file {href} is not a file inside the package")
            return None
        if path not in self.members:
            self.problem(where, "href", f"the item file {href} is not in the package")
            return None
        location = f"item {path}"
        data = self.member_bytes(path, location, "")
        item = self.parse(data, location) if data is not None else None
        if item is None:
            return None
        lom = self.lom(resource, namespace)
        return self.read_item(item, path, lom)

    def resolve(self, base: str, reference: str) -> str | None:
        """The member path a relative URI names, or None when it points outside the package.

        The path is returned even when no such member exists, so the caller can name it.
        """
        reference = reference.split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
        if not reference or reference.startswith("/") or _URI_SCHEME.match(reference):
            return None
        # Tools differ in whether they percent-encode hrefs: try the name as written first.
        paths = [
            posixpath.normpath(posixpath.join(base, candidate))
            for candidate in (reference, unquote(reference).replace("\\", "/"))
        ]
        if any(path == ".." or path.startswith(("../", "/")) for path in paths):
            return None
        return next((path for path in paths if path in self.members), paths[-1])

    @staticmethod
    def lom(resource: _Element, namespace: str) -> _Element | None:
        """The LOM record of a resource's metadata, in whatever LOM binding it is written."""
        for metadata in resource.findall(f"{{{namespace}}}metadata"):
            for element in metadata.iter():
                if _local(element).lower() in ("lom", "record"):
                    return element
        return None

    # One item ------------------------------------------------------------------------------

    def read_item(self, item: _Element, path: str, lom: _Element | None) -> _ReadItem | None:
        location = f"item {path}"
        problems_before = len(self.problems)
        if _local(item) != "assessmentItem" or not item.tag.startswith(f"{{{QTI_NS}}}"):
            self.problem(location, "", "the file is not a QTI 2.1 assessmentItem")
            return None
        uid = (item.get("identifier") or "").strip()
        lang = self.item_language(item)
        body = item.find(f"{{{QTI_NS}}}itemBody")
        if body is None:
            self.problem(location, "stem", "the item has no itemBody")
            return None

        interactions = [e for e in body.iter() if _local(e).endswith("Interaction")]
        choices = [e for e in interactions if _local(e) == "choiceInteraction"]
        others = dict.fromkeys(_local(e) for e in interactions if _local(e) != "choiceInteraction")
        for other in others:
            self.problem(
                location,
                "interaction",
                f"the item uses {other}, which cannot be imported; only multiple-choice items "
                "(choiceInteraction) can",
            )
        if not interactions:
            self.problem(location, "interaction", "the item has no choiceInteraction")
        elif len(choices) > 1:
            self.problem(
                location,
                "interaction",
                f"the item has {len(choices)} choiceInteractions; a question has one",
            )
        if len(self.problems) > problems_before:
            return None
        interaction = choices[0]

        # Options
        options: list[Option] = []
        key_of: dict[str, str] = {}
        any_fixed = False
        for index, choice in enumerate(interaction.findall(f"{{{QTI_NS}}}simpleChoice")):
            if index >= len(string.ascii_lowercase):
                self.problem(location, "options", "the item has more than 26 choices")
                break
            key = string.ascii_lowercase[index]
            identifier = (choice.get("identifier") or "").strip()
            if not identifier:
                self.problem(location, f"option {key}", "the choice has no identifier")
            elif identifier in key_of:
                self.problem(
                    location, f"option {key}", f"two choices share the identifier {identifier}"
                )
            else:
                key_of[identifier] = key
            any_fixed = any_fixed or _bool(choice.get("fixed"), False)
            text = _plain_text(choice, self.picture_refused(location, f"option {key}"))
            options.append(Option(key, {lang: text}))

        # The key
        correct, multiple = self.read_response(item, interaction, key_of, location)

        # Stem, scenario and pictures
        scenarios: list[_Element] = []
        pictures: list[str] = []

        def stem_hook(element: _Element, text: _Text) -> bool:
            if _is_scenario(element):
                scenarios.append(element)
                return True
            reference = _picture_reference(element)
            if reference is not None:
                media = (element.get("type") or "").strip()
                if _local(element) == "object" and media and not media.startswith("image/"):
                    self.problem(location, "stem", f"an embedded {media} object cannot be imported")
                else:
                    pictures.append(reference)
                return True
            name = _local(element)
            if name == "choiceInteraction":
                for prompt in element.findall(f"{{{QTI_NS}}}prompt"):
                    text.flush()
                    _walk_children(text, prompt, stem_hook)
                    text.flush()
                return True
            return name.endswith("Interaction")

        stem = _plain_text(body, stem_hook)
        scenario = None
        if len(scenarios) > 1:
            self.problem(location, "scenario", "the item has more than one scenario block")
        elif scenarios:
            block = scenarios[0]
            scenario_uid = (block.get("label") or block.get("data-scenario") or "").strip() or None
            scenario = _ItemScenario(
                scenario_uid,
                _plain_text(block, self.picture_refused(location, "scenario")),
                location,
            )
        images = self.read_pictures(pictures, path, location)

        section_code, section_title = self.section(lom)
        shuffle = _bool(interaction.get("shuffle"), False) and not any_fixed
        if len(self.problems) > problems_before:
            return None
        question = Question(
            uid=uid,
            section=section_code,
            stem={lang: stem},
            options=tuple(options),
            correct=correct,
            source=self.source(lom),
            tags=self.tags(lom),
            shuffle_options=shuffle,
            multiple=multiple,
            images=images,
        )
        return _ReadItem(question, scenario, section_title, lang, location)

    def item_language(self, item: _Element) -> str:
        declared = (item.get(XML_LANG) or "").strip().lower()
        primary = declared.replace("_", "-").split("-", 1)[0]
        return primary if primary in _ITEM_LANGUAGES else self.language

    def read_response(
        self, item: _Element, interaction: _Element, key_of: dict[str, str], location: str
    ) -> tuple[frozenset[str], bool]:
        """The keyed options and whether the question is multiple-response."""
        response_id = (interaction.get("responseIdentifier") or "").strip()
        declaration = None
        for candidate in item.findall(f"{{{QTI_NS}}}responseDeclaration"):
            if (candidate.get("identifier") or "").strip() == response_id:
                declaration = candidate
        if declaration is None:
            self.problem(
                location,
                "answer",
                f"the item declares no response {response_id or '(unnamed)'} for its "
                "choiceInteraction, so its key is unknown",
            )
            return frozenset(), False
        cardinality = (declaration.get("cardinality") or "").strip()
        if cardinality not in ("single", "multiple"):
            self.problem(
                location,
                "answer",
                f"the response has cardinality {cardinality or '(none)'}; "
                "a choice question has single or multiple",
            )
        base_type = (declaration.get("baseType") or "").strip()
        if base_type != "identifier":
            self.problem(
                location,
                "answer",
                f"the response has base type {base_type or '(none)'}; a choice question "
                "answers with choice identifiers",
            )
        max_choices_text = (interaction.get("maxChoices") or "1").strip()
        try:
            max_choices = int(max_choices_text)
        except ValueError:
            self.problem(location, "maxChoices", f"maxChoices {max_choices_text} is not a number")
            max_choices = 1
        correct = set()
        correct_response = declaration.find(f"{{{QTI_NS}}}correctResponse")
        if correct_response is not None:
            for value in correct_response.findall(f"{{{QTI_NS}}}value"):
                identifier = (value.text or "").strip()
                if identifier in key_of:
                    correct.add(key_of[identifier])
                else:
                    self.problem(
                        location,
                        "answer",
                        f"the correct response names the choice {identifier or '(empty)'}, "
                        "which the item does not have",
                    )
        return frozenset(correct), cardinality == "multiple" or max_choices != 1

    def picture_refused(self, location: str, field_name: str) -> _Hook:
        """A walk hook that reports pictures where the bank cannot keep them."""

        def hook(element: _Element, text: _Text) -> bool:
            if _picture_reference(element) is not None:
                self.problem(
                    location,
                    field_name,
                    "pictures can only be shown with the question's stem, not here",
                )
                return True
            return _local(element).endswith("Interaction")

        return hook

    def read_pictures(self, references: Iterable[str], path: str, location: str) -> tuple:
        images: list[Image] = []
        seen: set[str] = set()
        names: set[str] = set()
        for reference in references:
            label = f"image {posixpath.basename(reference) or reference}"
            member = self.resolve(posixpath.dirname(path), reference) if reference else None
            if member is None:
                self.problem(
                    location,
                    label,
                    f"the picture {reference or '(no src)'} is not a file inside the package",
                )
                continue
            if member in seen:
                continue
            seen.add(member)
            if member not in self.members:
                self.problem(location, label, f"the picture {member} is missing from the package")
                continue
            name = posixpath.basename(member)
            suffix = PurePosixPath(name).suffix.lower()
            media_type = MEDIA_TYPES.get(suffix)
            if media_type is None:
                self.problem(
                    location,
                    label,
                    f"{name} is not a picture type that can be imported "
                    f"({', '.join(sorted(MEDIA_TYPES))})",
                )
                continue
            data = self.picture(member, location, label)
            if data is None:
                continue
            # Two pictures of the same name from different folders: keep both, renamed.
            stem, number = name[: len(name) - len(suffix)], 2
            while name in names:
                name, number = f"{stem}-{number}{suffix}", number + 1
            names.add(name)
            images.append(Image(name, media_type, data))
        return tuple(images)

    # Metadata ------------------------------------------------------------------------------

    def section(self, lom: _Element | None) -> tuple[str, str]:
        """(code, title) of the item's section, "" when the metadata names none."""
        if lom is None:
            return "", ""
        for classification in _children(lom, "classification"):
            for taxon_path in _children(classification, "taxonPath"):
                taxa = _children(taxon_path, "taxon")
                if not taxa:
                    continue
                taxon = taxa[-1]
                code = _lang_string(_child(taxon, "id"))
                title = _lang_string(_child(taxon, "entry"))
                if code or title:
                    return (code or title)[:40].strip(), title or code
        return "", ""

    @staticmethod
    def tags(lom: _Element | None) -> tuple[str, ...]:
        general = _child(lom, "general") if lom is not None else None
        if general is None:
            return ()
        found = (_lang_string(keyword) for keyword in _children(general, "keyword"))
        return tuple(dict.fromkeys(tag for tag in found if tag))

    @staticmethod
    def source(lom: _Element | None) -> str:
        if lom is None:
            return ""
        for relation in _children(lom, "relation"):
            kind = _lang_string(_child(relation, "kind", "value"))
            if kind.replace(" ", "").lower() == "isbasedon":
                description = _lang_string(_child(relation, "resource", "description"))
                if description:
                    return description
        return ""

    # The bank ------------------------------------------------------------------------------

    def assemble(self, items: list[_ReadItem]) -> Bank:
        """Sections in order of first use, scenarios grouped, duplicate identifiers refused."""
        default_code = _package_stem(self.file_name)
        sections: dict[str, dict[str, str]] = {}
        uids: dict[str, str] = {}
        named: dict[str, _ItemScenario] = {}
        for item in items:
            question = item.question
            if question.uid:
                if question.uid in uids:
                    self.problem(
                        item.location,
                        "identifier",
                        f"the identifier {question.uid} is also used by {uids[question.uid]}",
                    )
                uids.setdefault(question.uid, item.location)
            block = item.scenario
            if block is not None and block.uid is not None:
                first = named.setdefault(block.uid, block)
                if first.text != block.text:
                    self.problem(
                        block.location,
                        "scenario",
                        f"the scenario {block.uid} has a different text here than in "
                        f"{first.location}",
                    )
        # Unnamed scenario blocks are numbered after the named ones are known, skipping theirs.
        unnamed: dict[str, str] = {}
        number = 0
        for item in items:
            block = item.scenario
            if block is not None and block.uid is None and block.text not in unnamed:
                number += 1
                while f"SC-{number}" in named:
                    number += 1
                unnamed[block.text] = f"SC-{number}"

        scenarios: dict[str, Scenario] = {}
        questions: list[Question] = []
        for item in items:
            question = item.question
            code = question.section or default_code
            title = item.section_title or code
            sections.setdefault(code, {}).setdefault(item.language, title)
            scenario_uid = None
            if item.scenario is not None:
                block = item.scenario
                scenario_uid = block.uid if block.uid is not None else unnamed[block.text]
                texts = scenarios[scenario_uid].text if scenario_uid in scenarios else {}
                scenarios[scenario_uid] = Scenario(
                    scenario_uid, {**texts, item.language: texts.get(item.language, block.text)}
                )
            questions.append(
                Question(
                    uid=question.uid,
                    section=code,
                    stem=question.stem,
                    options=question.options,
                    correct=question.correct,
                    scenario=scenario_uid,
                    source=question.source,
                    tags=question.tags,
                    shuffle_options=question.shuffle_options,
                    multiple=question.multiple,
                    images=question.images,
                )
            )
        return Bank(
            sections=tuple(Section(code, title) for code, title in sections.items()),
            scenarios=tuple(scenarios.values()),
            questions=tuple(questions),
        )


# --- writing -------------------------------------------------------------------------------------


def write(bank: Bank, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The bank as a QTI 2.1 package, every text in ``language``."""
    from lxml import etree

    section_titles = {section.code: section.title for section in bank.sections}
    scenario_texts = {scenario.uid: scenario.text for scenario in bank.scenarios}
    used: set[str] = set()
    files: list[tuple[str, bytes]] = []
    resources: list[tuple[str, str, list[str], Question]] = []
    for number, question in enumerate(bank.questions, 1):
        identifier = _unique(_xml_name(question.uid) or f"item-{number}", used)
        folder = f"items/{identifier}"
        pictures: list[tuple[str, Image]] = []
        picture_names: set[str] = set()
        for image in question.images:
            name = _unique(_picture_name(image, len(pictures) + 1), picture_names)
            pictures.append((name, image))
        item = _item_xml(question, identifier, language, scenario_texts, pictures)
        item_path = f"{folder}/qti.xml"
        files.append((item_path, item))
        image_paths = []
        for name, image in pictures:
            image_paths.append(f"{folder}/images/{name}")
            files.append((image_paths[-1], image.data))
        resources.append((identifier, item_path, image_paths, question))

    manifest = etree.Element(
        f"{{{IMSCP_NS}}}manifest",
        nsmap={None: IMSCP_NS, "imsmd": LOM_NS, "xsi": XSI_NS},
        identifier="MANIFEST-question-bank",
    )
    manifest.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{IMSCP_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd "
        f"{LOM_NS} http://www.imsglobal.org/xsd/imsmd_loose_v1p3p2.xsd",
    )
    metadata = etree.SubElement(manifest, f"{{{IMSCP_NS}}}metadata")
    etree.SubElement(metadata, f"{{{IMSCP_NS}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(metadata, f"{{{IMSCP_NS}}}schemaversion").text = "1.0.0"
    etree.SubElement(manifest, f"{{{IMSCP_NS}}}organizations")
    resources_element = etree.SubElement(manifest, f"{{{IMSCP_NS}}}resources")
    for identifier, item_path, image_paths, question in resources:
        resource = etree.SubElement(
            resources_element,
            f"{{{IMSCP_NS}}}resource",
            identifier=identifier,
            type=ITEM_TYPE,
            href=item_path,
        )
        title = section_titles.get(question.section, {}).get(language) or question.section
        _lom_metadata(resource, question, title, language)
        for path in (item_path, *image_paths):
            etree.SubElement(resource, f"{{{IMSCP_NS}}}file", href=quote(path))
    manifest_xml = etree.tostring(
        manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in [(MANIFEST, manifest_xml), *files]:
            # A fixed timestamp: the same bank always gives the same bytes.
            info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return output.getvalue()


def _xml_name(uid: str) -> str:
    """``uid`` made a valid XML name (QTI identifiers are NCNames)."""
    name = _NOT_NAME_CHARACTER.sub("_", uid.strip())
    if name and not _NAME_START.match(name):
        name = f"_{name}"
    return name


def _unique(name: str, used: set[str]) -> str:
    stem, suffix = posixpath.splitext(name) if "." in name[1:] else (name, "")
    candidate, number = name, 2
    while candidate in used:
        candidate, number = f"{stem}-{number}{suffix}", number + 1
    used.add(candidate)
    return candidate


def _picture_name(image: Image, number: int) -> str:
    """A file name for a picture that is safe in a zip and tells its type by its extension."""
    name = image.name.replace("/", "_").replace("\\", "_").strip()
    if name in ("", ".", ".."):
        name = f"image-{number}"
    expected = _EXTENSION_OF.get(image.media_type)
    if expected and MEDIA_TYPES.get(PurePosixPath(name).suffix.lower()) != image.media_type:
        name += expected
    return name


def _text_into(element: _Element, text: str) -> None:
    """Put plain text into an XHTML element, one ``<br/>`` per line break."""
    from lxml import etree

    lines = text.split("\n")
    element.text = lines[0]
    for line in lines[1:]:
        br = etree.SubElement(element, f"{{{QTI_NS}}}br")
        br.tail = line


def _item_xml(
    question: Question,
    identifier: str,
    language: str,
    scenario_texts: dict[str, Texts],
    pictures: list[tuple[str, Image]],
) -> bytes:
    from lxml import etree

    def qti(parent: _Element, name: str, **attributes: str) -> _Element:
        return etree.SubElement(parent, f"{{{QTI_NS}}}{name}", **attributes)

    item = etree.Element(
        f"{{{QTI_NS}}}assessmentItem",
        nsmap={None: QTI_NS, "xsi": XSI_NS},
        identifier=identifier,
        title=question.uid or question.stem.get(language, "")[:60] or identifier,
        adaptive="false",
        timeDependent="false",
    )
    item.set(XML_LANG, language)
    item.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{QTI_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
    )
    choice_ids: dict[str, str] = {}
    used: set[str] = set()
    for option in question.options:
        choice_ids[option.key] = _unique(f"choice_{_xml_name(option.key)}", used)

    declaration = qti(
        item,
        "responseDeclaration",
        identifier="RESPONSE",
        cardinality="multiple" if question.multiple else "single",
        baseType="identifier",
    )
    correct = qti(declaration, "correctResponse")
    for option in question.options:
        if option.key in question.correct:
            qti(correct, "value").text = choice_ids[option.key]
    outcome = qti(item, "outcomeDeclaration", identifier="SCORE", cardinality="single")
    outcome.set("baseType", "float")
    qti(qti(outcome, "defaultValue"), "value").text = "0"

    body = qti(item, "itemBody")
    if question.scenario is not None:
        block = qti(body, "div", **{"class": "scenario", "label": question.scenario})
        texts = scenario_texts.get(question.scenario) or {}
        _text_into(qti(block, "p"), texts.get(language, ""))
    stem = qti(body, "div", **{"class": "stem"})
    _text_into(qti(stem, "p"), question.stem.get(language, ""))
    for name, _image in pictures:
        qti(qti(stem, "p"), "img", src=f"images/{quote(name)}", alt=name)
    interaction = qti(
        body,
        "choiceInteraction",
        responseIdentifier="RESPONSE",
        shuffle="true" if question.shuffle_options else "false",
        maxChoices="0" if question.multiple else "1",
    )
    for option in question.options:
        choice = qti(interaction, "simpleChoice", identifier=choice_ids[option.key], fixed="false")
        _text_into(choice, option.text.get(language, ""))
    qti(item, "responseProcessing", template=MATCH_CORRECT)
    return etree.tostring(item, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lom_metadata(
    resource: _Element, question: Question, section_title: str, language: str
) -> None:
    """The question's section, tags and source as the resource's LOM record."""
    from lxml import etree

    def lom(parent: _Element, name: str, text: str | None = None) -> _Element:
        element = etree.SubElement(parent, f"{{{LOM_NS}}}{name}")
        if text is not None:
            element.text = text
        return element

    def lang_string(parent: _Element, name: str, text: str, lang: str | None = None) -> None:
        string_element = lom(lom(parent, name), "string", text)
        if lang:
            string_element.set("language", lang)

    def vocabulary(parent: _Element, name: str, value: str) -> None:
        element = lom(parent, name)
        lom(element, "source", "LOMv1.0")
        lom(element, "value", value)

    record = lom(etree.SubElement(resource, f"{{{IMSCP_NS}}}metadata"), "lom")
    if question.tags:
        general = lom(record, "general")
        for tag in question.tags:
            lang_string(general, "keyword", tag)
    if question.source:
        relation = lom(record, "relation")
        vocabulary(relation, "kind", "isbasedon")
        lang_string(lom(relation, "resource"), "description", question.source, language)
    classification = lom(record, "classification")
    vocabulary(classification, "purpose", "discipline")
    taxon_path = lom(classification, "taxonPath")
    lang_string(taxon_path, "source", "question bank sections", "en")
    taxon = lom(taxon_path, "taxon")
    lom(taxon, "id", question.section)
    lang_string(taxon, "entry", section_title, language)
