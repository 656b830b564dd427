"""The verification block of the protocols: the QR code carries the payload, the code is printed
beside it, the payload is in the metadata, the text and at the head of the file, the QR code is
large enough and clear of the text, and the fonts stay embedded."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from kiosk.services.verification import read_marks
from protocols.appeal_protocol import AppealProtocol, render_appeal_protocol
from protocols.fonts import BOLD, register_fonts
from protocols.testing_protocol import MARGIN, PAGE_WIDTH, QR_SIZE, render_testing_protocol
from protocols.verification import (
    Payload,
    content_hash,
    document_message,
    find_payloads,
    normalise_code,
    parse_payload,
    verification_code,
)
from protocols.verification_block import QR_QUIET_ZONE, qr_segments, qr_widget, symbol_size
from tests.helpers.documents import INSTITUTION, PLACE, POST, SCHOOL

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def sealed(document):
    """The document with a payload signed by a test key, as the issuing service seals it."""
    digest = content_hash(document)
    payload = Payload(document.number, digest, KEY.sign(document_message(document.number, digest)))
    return replace(document, verification_code=payload.code, verification_payload=payload.text)


@pytest.fixture
def stamped(protocol):
    return sealed(protocol)


def appeal_document() -> AppealProtocol:
    at = datetime(2026, 10, 30, 12, 0)
    return AppealProtocol(
        number="A-2026-0001-00003",
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_date=at.date(),
        session_place=PLACE,
        candidate_name="Үсөнбаева Гүлнара Өмүрбековна",
        candidate_code="7K3M-9QXT-2RH",
        testing_protocol="2026-0001-01-00003",
        test_ended_at=at,
        deadline=at,
        filed_at=at,
        heard_at=at,
        statement="Сүрөт көрүнгөн жок.",
        commission=[],
        questions=[],
        old_score=47,
        new_score=47,
        max_score=80,
        threshold=48,
        satisfied=False,
        summary="Техникалык ката жок.",
        new_testing_protocol=None,
        issued_at=at,
    )


# -- the payload and the code ------------------------------------------------------------------


def test_the_content_hash_leaves_out_the_verification_fields_and_covers_every_other(protocol):
    digest = content_hash(protocol)
    assert content_hash(replace(protocol, verification_code="X", verification_payload="Y")) == (
        digest
    )
    for changed in (
        replace(protocol, score=53),
        replace(protocol, candidate_name="Петрова Анна"),
        replace(protocol, school={**protocol.school, "ru": "Другая школа"}),
        replace(protocol, issued_at=protocol.issued_at.replace(minute=33)),
        replace(protocol, meets=False),
    ):
        assert content_hash(changed) != digest


def test_two_kinds_of_document_never_share_a_hash():
    assert content_hash(appeal_document()) != content_hash(
        replace(appeal_document(), statement="Башка")
    )
    assert len(content_hash(appeal_document())) == 64


def test_the_payload_reads_back_from_its_text(stamped):
    payload = parse_payload(stamped.verification_payload)
    assert payload is not None and payload.text == stamped.verification_payload
    assert payload.number == stamped.number and payload.code == stamped.verification_code
    assert KEY.public_key().verify(payload.signature, payload.message) is None
    # Broken over lines or spread with spaces, as a text extraction may give it.
    spread = " ".join(stamped.verification_payload[i : i + 7] for i in range(0, 200, 7))
    assert find_payloads(f"header {spread} footer") == [payload]
    assert find_payloads(stamped.verification_payload[:-5]) == []
    assert find_payloads("KQ1:2026:" + "A" * 64 + ":" + "B" * 103) != []  # the shape only


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        "{lower}",
        "{bare}",
        " {spaced} ",
        "{lower_bare}",
    ],
)
def test_a_code_is_found_however_it_is_typed(typed):
    code = verification_code(b"\x01" * 64)
    bare = code.replace("-", "")
    text = typed.format(
        code=code,
        lower=code.lower(),
        bare=bare,
        spaced=" ".join(bare),
        lower_bare=bare.lower(),
    )
    assert normalise_code(text) == code


def test_look_alike_letters_are_read_as_the_digits_and_junk_is_no_code():
    assert normalise_code("0O1I-L000-1111-2222") == "0011-1000-1111-2222"
    for junk in (
        "",
        "ABCD-EFGH",
        "ABCD-EFGH-JKMN-PQRST",
        "ABCD-EFGH-JKMN-PQR!",
        "Ю" * 16,
        "x" * 500,
    ):
        assert normalise_code(junk) is None
    code = verification_code(b"\x02" * 64)
    assert len(code) == 19 and code.count("-") == 3 and normalise_code(code) == code
    assert not set(code.replace("-", "")) & set("ILOU")


# -- the QR code ---------------------------------------------------------------------------


def qr_modules_drawn(pdf: bytes) -> tuple[list[list[bool]], float, float, float]:
    """The QR code's dark modules as drawn on the page, read back from the page's rectangles;
    also where its square starts (x, y) and its module size."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    ops = ContentStream(page.get_contents(), reader).operations
    left, bottom = PAGE_WIDTH - MARGIN - QR_SIZE, MARGIN
    rects: list[tuple[float, float, float, float]] = []
    stack: list[tuple[float, float, float, float, float, float]] = []
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for operands, operator in ops:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(value) for value in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E,
                   e * B + f * D + F)  # fmt: skip
        elif operator == b"re":
            x, y, w, h = (float(value) for value in operands)
            A, _B, _C, D, E, F = ctm
            rects.append((x * A + E, y * D + F, w * A, h * D))
    inside = [
        r
        for r in rects
        if left - 0.5 <= r[0] <= left + QR_SIZE and bottom - 0.5 <= r[1] <= bottom + QR_SIZE
        and r[3] < QR_SIZE / 10  # the modules, not the square's outline
    ]  # fmt: skip
    assert inside, "no QR code in the kept square"
    box = min(r[3] for r in inside)
    count = round(QR_SIZE / box) - 2 * QR_QUIET_ZONE
    modules = [[False] * count for _ in range(count)]
    for x, y, w, _h in inside:
        row = round((bottom + QR_SIZE - y) / box) - QR_QUIET_ZONE - 1
        first = round((x - left) / box) - QR_QUIET_ZONE
        for column in range(first, first + round(w / box)):
            modules[row][column] = True
    return modules, left, bottom, box


def test_the_qr_code_drawn_on_the_protocol_is_the_code_of_its_payload(stamped):
    pdf = render_testing_protocol(stamped)
    drawn, *_ = qr_modules_drawn(pdf)
    widget = qr_widget(stamped.verification_payload, QR_SIZE)
    widget.qr.make()
    assert drawn == [[bool(cell) for cell in row] for row in widget.qr.modules]
    # A different payload would have drawn a different symbol.
    other = qr_widget(stamped.verification_payload.replace("2026", "2027", 1), QR_SIZE)
    other.qr.make()
    assert drawn != [[bool(cell) for cell in row] for row in other.qr.modules]


def spelled(payload: str) -> str:
    """The text a scanner reads from the segments, one after the other."""
    return "".join(
        s.data.decode("utf-8") if isinstance(s.data, bytes) else s.data
        for s in qr_segments(payload)
    )


def test_the_qr_segments_spell_exactly_the_payload(stamped):
    assert spelled(stamped.verification_payload) == stamped.verification_payload
    reissued = sealed(replace(stamped, number="2026-0001-01-00003-v2"))
    assert spelled(reissued.verification_payload) == reissued.verification_payload


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="needs pdftoppm and zbarimg"
)
@pytest.mark.parametrize("number", ["2026-0001-01-00003", "2026-0001-01-00003-v2"])
def test_a_scanner_reads_the_payload_off_the_printed_page(protocol, tmp_path, number):
    document = sealed(replace(protocol, number=number))
    (tmp_path / "p.pdf").write_bytes(render_testing_protocol(document))
    # 150 dpi: a modest office scan.
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(tmp_path / "p.pdf"), str(tmp_path / "p")], check=True
    )
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "p-1.png")], capture_output=True, text=True
    )
    assert scanned.stdout.strip() == document.verification_payload


def test_the_qr_code_is_large_enough_to_scan(stamped):
    assert symbol_size(stamped.verification_payload, QR_SIZE) >= 25 * mm
    _drawn, _left, _bottom, box = qr_modules_drawn(render_testing_protocol(stamped))
    assert box >= 0.45 * mm  # a module a phone camera resolves on an office print


def placed_text(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(left, right, baseline, text) of every piece of text on the first page."""
    register_fonts()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    placed: list[tuple[float, float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            extent = stringWidth(text.strip(), BOLD, size * abs(tm[0] * cm[0]))
            placed.append((x, x + extent, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return placed


@pytest.mark.parametrize("crowded", [False, True])
def test_no_text_overlaps_the_qr_code_and_the_code_is_printed_under_it(stamped, crowded):
    document = stamped
    if crowded:
        long_name = "Абдыкадыр кызы Айпери Токтогуловна-Өмүрзакова (Жээнбекова) Гүлнара Сүйүнбаевна"
        document = sealed(
            replace(
                stamped,
                candidate_name=long_name,
                number="2026-0001-01-00003-v2",
                version=2,
                supersedes="2026-0001-01-00003",
                appeal_number="A-2026-0001-00003",
            )
        )
    placed = placed_text(render_testing_protocol(document))
    left, bottom = PAGE_WIDTH - MARGIN - QR_SIZE, MARGIN
    over = [p for p in placed if p[1] > left and bottom - 2 < p[2] < bottom + QR_SIZE]
    assert not over, over
    under = [p[3] for p in placed if p[1] > left and p[2] < bottom]
    assert f"№ {document.number}" in under
    assert document.verification_code in under


def test_the_payload_is_in_the_metadata_the_text_and_the_head_of_the_file(stamped, pdf_text):
    pdf = render_testing_protocol(stamped)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/Keywords"] == stamped.verification_payload
    assert stamped.verification_payload in pdf_text(pdf).replace(" ", "")
    assert f"Текшерүү коду: {stamped.verification_code}" in pdf_text(pdf)
    # The first tenth of the file, where a cut-off copy still carries the machine line.
    assert read_marks(pdf[: len(pdf) // 10]).payloads == (
        parse_payload(stamped.verification_payload),
    )


def test_a_stamped_protocol_stays_one_page_deterministic_and_fully_translated(stamped):
    pdf = render_testing_protocol(stamped, strict=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert render_testing_protocol(stamped) == pdf


def test_every_font_of_a_stamped_protocol_is_embedded(stamped, pdf_fonts, base14):
    for pdf in (
        render_testing_protocol(stamped),
        render_appeal_protocol(sealed(appeal_document())),
    ):
        fonts = pdf_fonts(pdf)
        assert fonts and all(fonts.values()), fonts
        assert not [name for name in fonts if base14.search(name)], fonts
        assert b"Helvetica" not in pdf


def test_the_appeal_protocol_ends_with_its_qr_code_and_code(pdf_text):
    document = sealed(appeal_document())
    pdf = render_appeal_protocol(document, strict=True)
    text = pdf_text(pdf)
    assert "Текшерүү коду / Код проверки" in text
    assert document.verification_code in text
    assert "QR-кодун сканерлеңиз" in text and "отсканируйте его QR-код" in text
    assert text.index("Кандидат") < text.index(document.verification_code)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/Keywords"] == document.verification_payload
    assert read_marks(pdf[: len(pdf) // 10]).payloads == (
        parse_payload(document.verification_payload),
    )
    last = reader.pages[-1]
    assert "/XObject" in last["/Resources"]  # the QR drawing and the machine line
