"""Hostile XML in every format that holds XML: no entity is expanded, nothing outside is read.

Each carrier (a Moodle file, a QTI manifest and item, an xlsx's parts, named as Excel names them
or otherwise) gets each attack: entity expansion (billion laughs, quadratic blow-up), external
entities and document types on the disk and on the network, parameter entities, XInclude,
style sheets and schema locations, and the same behind a comment or in another encoding.

"Never read" is proven, not assumed: the secret file is a named pipe whose only writer is a
watcher that notices the moment anything opens it for reading (and then hands it the secret),
and the network address is a local HTTP server that counts every request.  A carrier is first
imported without the attack, so that a carrier that failed anyway could not pass the test.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from question_bank.formats import moodle, qti, xlsx
from question_bank.formats.base import ImportFailed, parse_xml
from question_bank.model import Bank
from tests.helpers.banks import rich_bank

SECRET = "SECRET-7f3a-ҮӨҢ"


# --- the watched secret file and the watched network ---------------------------------------------


class WatchedFile:
    """A named pipe that records whether anything opened it for reading.

    Opening a pipe for writing without blocking succeeds only while a reader has it open: the
    watcher tries every few milliseconds, and once it succeeds a reader exists, so the file was
    opened.  It then writes the secret and closes, which lets the reader go on.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                descriptor = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody reads it
                time.sleep(0.003)
                continue
            self.opened.set()
            # The reader may be gone by now (it is found again while it still reads).
            with contextlib.suppress(OSError):
                os.write(descriptor, f'<!ENTITY leak "{SECRET}">{SECRET}'.encode())
            os.close(descriptor)
            time.sleep(0.05)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class _Server(http.server.ThreadingHTTPServer):
    requests: list[str]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        body = f'<!ENTITY leak "{SECRET}">{SECRET}'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Watch:
    file: WatchedFile
    server: _Server

    @property
    def file_uri(self) -> str:
        return self.file.path.as_uri()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def assert_untouched(self) -> None:
        # A reader that opened the pipe may still be reading when the import has failed.
        time.sleep(0.01)
        assert not self.file.opened.is_set(), "the secret file was opened"
        assert self.server.requests == [], f"the network was used: {self.server.requests}"


@pytest.fixture(scope="module")
def watch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watch]:
    file = WatchedFile(tmp_path_factory.mktemp("secret") / "secret.txt")
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Watch(file, server)
    server.shutdown()
    server.server_close()
    file.close()


def test_the_watchers_notice_a_reader():
    """The watchers themselves can fail: a plain read of the pipe and a request are seen."""
    import urllib.request

    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    file = WatchedFile(folder / f"watched-{os.getpid()}-{time.monotonic_ns()}")
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert SECRET in file.path.read_text()
        assert file.opened.is_set()
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/x") as reply:
            assert SECRET in reply.read().decode()
        assert server.requests == ["/x"]
    finally:
        server.shutdown()
        server.server_close()
        file.close()
        file.path.unlink()


# --- the attacks ---------------------------------------------------------------------------------

#: An attack: (DTD before the root, reference in a text), given the watched places.
Attack = Callable[[Watch], tuple[str, str]]

_LAUGHS = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))

DTD_ATTACKS: dict[str, Attack] = {
    "internal entity": lambda w: ('<!DOCTYPE r [<!ENTITY e "EXPANDED">]>', "&e;"),
    "billion laughs": lambda w: (f'<!DOCTYPE r [<!ENTITY lol0 "lol">{_LAUGHS}]>', "&lol9;"),
    "quadratic blow-up": lambda w: (
        f'<!DOCTYPE r [<!ENTITY a "{"A" * 50_000}">]>',
        "&a;" * 2_000,
    ),
    "external entity, file": lambda w: (
        f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{w.file_uri}">]>',
        "&xxe;",
    ),
    "external entity, network": lambda w: (
        f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{w.url}/entity">]>',
        "&xxe;",
    ),
    "external DTD, file": lambda w: (f'<!DOCTYPE r SYSTEM "{w.file_uri}">', "&leak;"),
    "external DTD, network": lambda w: (
        f'<!DOCTYPE r PUBLIC "-//X//DTD X//EN" "{w.url}/dtd">',
        "&leak;",
    ),
    "parameter entity, file": lambda w: (
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{w.file_uri}"> %p;]>',
        "&leak;",
    ),
    "parameter entity, network": lambda w: (
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{w.url}/parameter"> %p;]>',
        "&leak;",
    ),
    "behind a comment": lambda w: (
        f'<!-- <a> --><!DOCTYPE r [<!ENTITY xxe SYSTEM "{w.file_uri}">]>',
        "&xxe;",
    ),
}

#: Attacks without a DTD: a well-formed file may be accepted, but must read nothing.
OTHER_ATTACKS: dict[str, Attack] = {
    "XInclude, file": lambda w: (
        "",
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{w.file_uri}" '
        'parse="text"/>',
    ),
    "XInclude, network": lambda w: (
        "",
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{w.url}/xinclude" '
        'parse="text"/>',
    ),
    "style sheet": lambda w: (f'<?xml-stylesheet type="text/xsl" href="{w.url}/xsl"?>', "x"),
}


@dataclass(frozen=True)
class Encoding:
    """How a document's bytes are made: the declaration it carries, and the encoder."""

    declaration: str
    encode: Callable[[str], bytes]


def _utf7_markup(text: str) -> bytes:
    """UTF-7 with every "<" and "!" encoded, so that no byte search finds "<!DOCTYPE"."""
    return text.encode("utf-7").replace(b"<", b"+ADw-").replace(b"!", b"+ACE-")


ENCODINGS = {
    "UTF-8": Encoding('<?xml version="1.0" encoding="UTF-8"?>', lambda t: t.encode()),
    "UTF-16 with a byte order mark": Encoding(
        '<?xml version="1.0" encoding="UTF-16"?>', lambda t: t.encode("utf-16")
    ),
    "UTF-16 without one": Encoding(
        '<?xml version="1.0" encoding="UTF-16BE"?>', lambda t: t.encode("utf-16-be")
    ),
    "UTF-7": Encoding(
        "",
        lambda t: b'<?xml version="1.0" encoding="UTF-7"?>' + _utf7_markup(t),
    ),
}


def document(template: str, attack: tuple[str, str], encoding: Encoding) -> bytes:
    """The carrier's XML with the attack's DTD before the root and its reference in a text."""
    dtd, reference = attack
    text = encoding.declaration + template.replace("%DTD%", dtd).replace("%REF%", reference)
    return encoding.encode(text)


# --- the carriers ------------------------------------------------------------------------------

MOODLE = """%DTD%<quiz>
<question type="category"><category><text>$course$/top/Мыйзам</text></category></question>
<question type="multichoice"><name><text>q1</text></name>
<questiontext format="html"><text>Суроо %REF% ?</text></questiontext>
<answer fraction="100"><text>Ооба</text></answer><answer fraction="0"><text>Жок</text></answer>
</question></quiz>"""

QTI_ITEM = """%DTD%<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="Q1" title="Q1"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 %URL%/item.xsd"
    adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse>
  </responseDeclaration>
  <itemBody><p>Суроо %REF% ?</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <simpleChoice identifier="A">Ооба</simpleChoice>
      <simpleChoice identifier="B">Жок</simpleChoice>
    </choiceInteraction></itemBody>
</assessmentItem>"""

QTI_MANIFEST = """%DTD%<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="M"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 %URL%/manifest.xsd">
  <organizations/><resources>
  <resource identifier="R1" type="imsqti_item_xmlv2p1" href="q.xml">
    <metadata><imsmd:lom><imsmd:classification><imsmd:taxonPath><imsmd:taxon>
      <imsmd:id>law</imsmd:id><imsmd:entry><imsmd:string>Мыйзам %REF%</imsmd:string></imsmd:entry>
    </imsmd:taxon></imsmd:taxonPath></imsmd:classification></imsmd:lom></metadata>
    <file href="q.xml"/></resource>
  </resources></manifest>"""


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


_WORKBOOK = members_of(xlsx.write(rich_bank()))
_SECTIONS_SHEET = "xl/worksheets/sheet2.xml"  # Instructions, Sections, Scenarios, Questions


def _sections_sheet() -> str:
    """The Sections sheet as a template: %REF% in the title of section "it", %DTD% first."""
    sheet = _WORKBOOK[_SECTIONS_SHEET].decode()
    assert sheet.startswith("<worksheet") and "<t>it</t>" in sheet
    start = sheet.index("<t>", sheet.index("<t>it</t>") + 1)
    end = sheet.index("</t>", start)
    return "%DTD%" + sheet[: start + 3] + "IT %REF%" + sheet[end:]


def _part_template(name: str) -> str:
    """Another part of the workbook as a template: %DTD% first, no text of the bank in it."""
    content = _WORKBOOK[name].decode()
    assert content.startswith("<")
    return "%DTD%" + content


@dataclass(frozen=True)
class Carrier:
    """Where XML reaches a reader: how to build the file around one XML document."""

    name: str
    template: str
    build: Callable[[bytes], bytes]
    read: Callable[[bytes], Bank]


def _moodle(document: bytes) -> bytes:
    return document


def _qti_with_item(item: bytes) -> bytes:
    manifest = QTI_MANIFEST.replace("%DTD%", "").replace("%REF%", "").replace("%URL%", "x")
    return zip_of({"imsmanifest.xml": manifest.encode(), "q.xml": item})


def _qti_with_manifest(manifest: bytes) -> bytes:
    item = QTI_ITEM.replace("%DTD%", "").replace("%REF%", "").replace("%URL%", "x")
    return zip_of({"imsmanifest.xml": manifest, "q.xml": item.encode()})


def _workbook_with(part: str) -> Callable[[bytes], bytes]:
    def build(content: bytes) -> bytes:
        return zip_of({**_WORKBOOK, part: content})

    return build


def _workbook_with_renamed_sheet(content: bytes) -> bytes:
    """The Sections sheet stored under a name that does not end in .xml: the relationships, not
    the name, make a part a sheet."""
    renamed = "xl/worksheets/sections.bin"
    members = {**_WORKBOOK, renamed: content}
    del members[_SECTIONS_SHEET]
    old = f"/{_SECTIONS_SHEET}".encode()
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        assert old in members[name]
        members[name] = members[name].replace(old, f"/{renamed}".encode())
    return zip_of(members)


CARRIERS = (
    Carrier("Moodle file", MOODLE, _moodle, lambda d: moodle.read(d, "bank.xml")),
    Carrier("QTI item", QTI_ITEM, _qti_with_item, lambda d: qti.read(d, "bank.zip")),
    Carrier("QTI manifest", QTI_MANIFEST, _qti_with_manifest, lambda d: qti.read(d, "bank.zip")),
    Carrier(
        "xlsx sheet",
        _sections_sheet(),
        _workbook_with(_SECTIONS_SHEET),
        lambda d: xlsx.read(d, "bank.xlsx"),
    ),
    Carrier(
        "xlsx sheet under another name",
        _sections_sheet(),
        _workbook_with_renamed_sheet,
        lambda d: xlsx.read(d, "bank.xlsx"),
    ),
    *(
        Carrier(
            f"xlsx part {part}",
            _part_template(part),
            _workbook_with(part),
            lambda d: xlsx.read(d, "bank.xlsx"),
        )
        for part in (
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "docProps/core.xml",
            "xl/drawings/drawing1.xml",
            "xl/drawings/_rels/drawing1.xml.rels",
        )
    ),
)


def build(carrier: Carrier, attack: tuple[str, str], encoding: Encoding, watch: Watch) -> bytes:
    template = carrier.template.replace("%URL%", watch.url)
    return carrier.build(document(template, attack, encoding))


def texts_of(bank: Bank) -> str:
    """Every text a bank holds, to look for the secret in."""
    return repr(bank)


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.name)
def test_each_carrier_reads_without_an_attack(carrier, watch):
    """Each carrier is a file the reader accepts: the refusals below are due to the attacks."""
    bank = carrier.read(build(carrier, ("", "plain"), ENCODINGS["UTF-8"], watch))
    assert bank.questions
    watch.assert_untouched()


@pytest.mark.parametrize("encoding", ENCODINGS, ids=str)
@pytest.mark.parametrize("attack", DTD_ATTACKS, ids=str)
@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.name)
def test_a_document_type_declaration_is_refused_and_nothing_is_read(
    carrier, attack, encoding, watch
):
    data = build(carrier, DTD_ATTACKS[attack](watch), ENCODINGS[encoding], watch)
    with pytest.raises(ImportFailed) as raised:
        carrier.read(data)
    assert raised.value.problems
    assert all(problem.file for problem in raised.value.problems)
    assert SECRET not in str(raised.value)
    assert "EXPANDED" not in str(raised.value)
    watch.assert_untouched()


@pytest.mark.parametrize("attack", OTHER_ATTACKS, ids=str)
@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.name)
def test_xinclude_and_style_sheets_are_never_followed(carrier, attack, watch):
    data = build(carrier, OTHER_ATTACKS[attack](watch), ENCODINGS["UTF-8"], watch)
    try:
        bank = carrier.read(data)
    except ImportFailed as failed:
        assert SECRET not in str(failed)
    else:
        assert SECRET not in texts_of(bank)
    watch.assert_untouched()


def test_schema_locations_are_never_fetched(watch):
    """The QTI carriers name the watched server as their schema location (QTI files always
    carry one); a validating reader would fetch it."""
    carrier = CARRIERS[1]
    assert "%URL%" in carrier.template
    carrier.read(build(carrier, ("", "x"), ENCODINGS["UTF-8"], watch))
    watch.assert_untouched()


@pytest.mark.parametrize("encoding", ENCODINGS, ids=str)
def test_parse_xml_refuses_a_dtd_in_any_encoding(encoding, watch):
    data = document(
        "%DTD%<r>%REF%</r>", DTD_ATTACKS["external entity, file"](watch), ENCODINGS[encoding]
    )
    with pytest.raises(ImportFailed) as raised:
        parse_xml(data, "x.xml")
    assert [problem.field for problem in raised.value.problems] == ["DOCTYPE"]
    watch.assert_untouched()


def test_html_inside_a_moodle_text_expands_no_entity(watch):
    """Moodle keeps a text's HTML in CDATA, read by an HTML parser: a DTD there is text."""
    html = f'<!DOCTYPE p [<!ENTITY xxe SYSTEM "{watch.file_uri}">]><p>Суроо &xxe; ?</p>'
    data = MOODLE.replace("%DTD%", "").replace("Суроо %REF% ?", f"<![CDATA[{html}]]>")
    try:
        bank = moodle.read(data.encode(), "bank.xml")
    except ImportFailed as failed:
        assert SECRET not in str(failed)
    else:
        assert SECRET not in texts_of(bank)
    watch.assert_untouched()


def _with_external_link(target: str) -> bytes:
    """The rich workbook linked to another workbook at ``target`` (Excel's external reference,
    as a formula ``=[1]S!A1`` makes it), and showing a picture linked from there."""
    members = dict(_WORKBOOK)
    link_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink"
    members["xl/externalLinks/externalLink1.xml"] = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<externalBook r:id="rId1"><sheetNames><sheetName val="S"/></sheetNames>'
        b'<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>1</v></cell></row>'
        b"</sheetData></sheetDataSet></externalBook></externalLink>"
    )
    members["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/externalLinkPath" Target="{target}" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Type="{link_type}" Target="externalLinks/externalLink1.xml" '
        'Id="rIdLink"/></Relationships>',
    ).encode()
    workbook = members["xl/workbook.xml"].decode()
    members["xl/workbook.xml"] = workbook.replace(
        "</sheets>",
        '</sheets><externalReferences><externalReference xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships" r:id="rIdLink"/>'
        "</externalReferences>",
    ).encode()
    types = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
    ).encode()
    # The picture of question IT-001 is linked from outside instead of embedded.
    drawing_rels = members["xl/drawings/_rels/drawing1.xml.rels"].decode()
    assert 'Target="/xl/media/image1.png"' in drawing_rels
    members["xl/drawings/_rels/drawing1.xml.rels"] = drawing_rels.replace(
        'Target="/xl/media/image1.png"', f'Target="{target}" TargetMode="External"'
    ).encode()
    return zip_of(members)


@pytest.mark.parametrize("where", ["file", "network"])
def test_external_links_of_a_workbook_are_never_followed(where, watch):
    target = watch.file_uri if where == "file" else f"{watch.url}/book.xlsx"
    with pytest.raises(ImportFailed) as raised:
        xlsx.read(_with_external_link(target), "bank.xlsx")
    # The linked picture is what is refused (and so missing); the external workbook is ignored.
    problems = raised.value.problems
    assert all(p.field.startswith("image") for p in problems)
    assert "outside the workbook" in problems[0].message
    assert SECRET not in str(raised.value)
    watch.assert_untouched()
