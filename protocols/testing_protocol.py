"""The testing protocol of cl. 26: one bilingual A4 page that the candidate takes home.

The page carries, in Kyrgyz first and Russian second, who tested whom, when and where, the score
against the threshold, one of the two statements of cl. 26 quoted word for word, until when a
technical appeal may be filed (cl. 33), and lines for the signatures.  The bottom-right 30 mm
square holds the QR code that lets anyone verify the protocol, with the number and the
verification code under it (:mod:`protocols.verification_block`); without a payload it stays empty.

The page is laid out with reportlab's platypus (paragraphs and tables), so long names wrap instead
of overlapping; if unusually long texts would still overflow, the whole content is scaled down
rather than spilling onto a second page.  The output is deterministic: the same protocol always
gives the same bytes, which is what makes its SHA-256 in the archive meaningful.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    HRFlowable,
    KeepInFrame,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from protocols._layout import GREY, LABEL_BACKGROUND, LANGUAGES, RULE, both, pick, style
from protocols.dates import format_date, format_percent, format_time
from protocols.fonts import MONO_BOLD, REGULAR, register_fonts
from protocols.verification_block import define_machine_line, place_machine_line, qr_drawing
from translations import N_, Gettext, Translator

#: The two statements of cl. 26, quoted word for word from the regulation.  They are printed from
#: here, not from the catalogue, so that editing a translation can never change the legal wording;
#: a test checks that the catalogue (which the result screen uses) says the same.
MEETS = N_("The score meets the qualification requirements")
DOES_NOT_MEET = N_("The score does not meet the qualification requirements")
STATEMENTS: Mapping[bool, Mapping[str, str]] = {
    True: {
        "ky": "Топтолгон балл квалификациялык талаптарга жооп берет",
        "ru": "Набранный балл соответствует квалификационным требованиям",
        "en": MEETS,
    },
    False: {
        "ky": "Топтолгон балл квалификациялык талаптарга жооп бербейт",
        "ru": "Набранный балл не соответствует квалификационным требованиям",
        "en": DOES_NOT_MEET,
    },
}


PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
#: The square at the bottom-right corner of the text area kept free for a QR code.
QR_SIZE = 30 * mm
QR_GAP = 4 * mm
LABEL_WIDTH = 64 * mm


@dataclass(frozen=True)
class TestingProtocol:
    """Everything the protocol prints, already in the form it is printed.

    Texts that exist in both languages (institution, post, school, place) are mappings from
    language code to text; times are local times of the testing place.  ``version`` counts
    reissues of the same protocol; a reissue names the protocol it ``supersedes`` and, when a
    technical appeal changed the result (cl. 35), the ``appeal_number``: the page then carries a
    framed mark under its number, so that nobody takes the new protocol for a duplicate.
    """

    # Not a test case, despite its name: keep pytest from trying to collect it.
    __test__ = False

    number: str
    institution: Mapping[str, str]
    competition_post: Mapping[str, str]
    school: Mapping[str, str]
    session_date: date
    session_place: Mapping[str, str]
    candidate_name: str
    candidate_code: str
    question_count: int
    score: int
    max_score: int
    threshold: int
    meets: bool
    started_at: datetime
    ended_at: datetime
    appeal_deadline: datetime
    issued_at: datetime
    responsible_person: str
    version: int = 1
    supersedes: str | None = None
    verification_code: str | None = None
    appeal_number: str | None = None
    #: The QR code's text (:class:`protocols.verification.Payload`); None prints no QR code.
    verification_payload: str | None = None


@dataclass(frozen=True)
class _Labels:
    """The printed labels in one language."""

    title: str
    kind: str
    number: str
    version: str
    competition: str
    date: str
    place: str
    candidate: str
    code: str
    questions: str
    score: str
    threshold: str
    times: str
    result: str
    appeal: str
    issued: str
    verification: str
    candidate_signs: str
    responsible_signs: str
    signature: str
    full_name: str
    subject: str
    reissued: str
    supersedes: str


def _labels(_: Gettext) -> _Labels:
    return _Labels(
        title=_("Testing protocol"),
        kind=_("Qualification testing"),
        number=_("No. {number}"),
        version=_("Version {version}; issued to replace protocol No. {number}"),
        competition=_("Competition: post and school"),
        date=_("Date of testing"),
        place=_("Place of testing"),
        candidate=_("Full name of the candidate"),
        code=_("Candidate's code"),
        questions=_("Number of questions"),
        score=_("Score"),
        threshold=_("Threshold score"),
        times=_("Testing started and ended"),
        result=_("Result"),
        appeal=_(
            "The candidate may file a technical appeal in person at the testing place until {time}."
        ),
        issued=_("Protocol issued: {date}, {time}"),
        verification=_("Verification code: {code}"),
        candidate_signs=_("Candidate"),
        responsible_signs=_("Responsible person"),
        signature=_("signature"),
        full_name=_("full name"),
        subject=_("Result of the qualification testing of a candidate for a school-head post"),
        reissued=_("Reissued after technical appeal No. {appeal}."),
        supersedes=_("Supersedes protocol No. {number}."),
    )


INSTITUTION = style("institution", 10, alignment=TA_CENTER)
INSTITUTION_FIRST = style("institution-first", 10, bold=True, alignment=TA_CENTER)
TITLE = style("title", 15, bold=True, alignment=TA_CENTER, spaceBefore=2.5 * mm)
KIND = style("kind", 9.5, alignment=TA_CENTER, textColor=GREY, spaceBefore=1 * mm)
NUMBER = style("number", 12, bold=True, alignment=TA_CENTER, spaceBefore=2 * mm)
VERSION = style("version", 9.5, bold=True, alignment=TA_CENTER, spaceBefore=1.5 * mm)
REISSUE = style("reissue", 8.5, bold=True, alignment=TA_CENTER)
LABEL = style("label", 8.5)
LABEL_SECOND = style("label-second", 7.5, textColor=GREY)
VALUE = style("value", 10)
VALUE_SECOND = style("value-second", 10, spaceBefore=1)
VALUE_STRONG = style("value-strong", 11, bold=True)
FIGURE = style("figure", 13, spaceBefore=1 * mm)
FIGURE_STRONG = style("figure-strong", 14, bold=True, spaceBefore=1 * mm)
RESULT_LABEL = style("result-label", 8, alignment=TA_CENTER, textColor=GREY)
STATEMENT = style("statement", 11, bold=True, alignment=TA_CENTER, spaceBefore=1.5 * mm)
TEXT = style("text", 9.5)
TEXT_SECOND = style("text-second", 9.5, spaceBefore=1)
SIGN_LABEL = style("sign-label", 9)
SIGN_NAME = style("sign-name", 9.5, alignment=TA_CENTER)
CAPTION = style("caption", 7, alignment=TA_CENTER, textColor=GREY)


#: The look of the framed tables: a black outline, grey rules inside, text at the top.
_GRID: list[tuple[object, ...]] = [
    # Tables set their cell font even around paragraphs, and the default is Helvetica.
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
    ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
    ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
    ("TOPPADDING", (0, 0), (-1, -1), 1.3 * mm),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.7 * mm),
]


def _cell(texts: tuple[str, ...], first: ParagraphStyle, second: ParagraphStyle) -> list[Flowable]:
    """Paragraphs of already escaped markup: the first language, then the second."""
    return [Paragraph(text, first if i == 0 else second) for i, text in enumerate(texts)]


def _moment(when: datetime, reference: date, language: str) -> str:
    """``HH:MM``, with the date in front when it is not the ``reference`` day."""
    if when.date() == reference:
        return format_time(when)
    return f"{format_date(when.date(), language)} {format_time(when)}"


@dataclass(frozen=True)
class _Texts:
    """The labels in both printed languages, and the protocol's own texts, escaped for markup."""

    ky: _Labels
    ru: _Labels

    def label(self, field: str) -> tuple[str, str]:
        """A label in Kyrgyz and in Russian."""
        return escape(getattr(self.ky, field)), escape(getattr(self.ru, field))

    @staticmethod
    def data(texts: Mapping[str, str]) -> tuple[str, str]:
        """A text of the protocol (institution, school, …) in Kyrgyz and in Russian."""
        return escape(pick(texts, "ky")), escape(pick(texts, "ru"))

    def each(self) -> tuple[tuple[str, _Labels], ...]:
        """(language, labels) in printing order."""
        return ("ky", self.ky), ("ru", self.ru)


def render_testing_protocol(protocol: TestingProtocol, *, strict: bool = False) -> bytes:
    """The protocol as a one-page A4 PDF, in Kyrgyz and Russian.

    ``strict`` makes a label without a Kyrgyz or Russian translation an error
    (:class:`translations.MissingTranslation`) instead of printing it in English.
    """
    register_fonts()
    texts = _Texts(
        ky=_labels(Translator("ky", strict=strict).gettext),
        ru=_labels(Translator("ru", strict=strict).gettext),
    )
    buffer = io.BytesIO()
    # invariant=1: no creation time or random document id, so equal protocols give equal bytes.
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=REGULAR, lang="ky")
    number = texts.ky.number.format(number=protocol.number)
    canvas.setTitle(f"{texts.ky.title} / {texts.ru.title} {number}")
    canvas.setAuthor(" / ".join(both(_plain(protocol.institution))))
    canvas.setSubject(f"{texts.ky.subject} / {texts.ru.subject}")
    canvas.setCreator("qualification-kiosk")
    if protocol.verification_payload:
        define_machine_line(canvas, protocol.verification_payload, CONTENT_WIDTH)

    # The main text ends above the signature band; the band leaves the QR square free.
    main = _frame(MARGIN + QR_SIZE + QR_GAP, PAGE_HEIGHT - 2 * MARGIN - QR_SIZE - QR_GAP)
    _fill(main, _main_story(protocol, texts), canvas)
    band = _frame(MARGIN, QR_SIZE, width=CONTENT_WIDTH - QR_SIZE - QR_GAP)
    _fill(band, [_signatures(protocol, texts, band.width)], canvas, bottom=True)
    if protocol.verification_payload:
        _verification(canvas, protocol)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


#: Under the QR code: the number, then the verification code, right-aligned with the square.
CAPTION_NUMBER_Y = MARGIN - 3.5 * mm
CAPTION_CODE_Y = MARGIN - 7.5 * mm
#: The machine-readable line with the payload, across the text width near the page's foot
#: (office printers print from 5 mm).
MACHINE_LINE_Y = 8 * mm


def _verification(canvas: Canvas, protocol: TestingProtocol) -> None:
    """The QR code in the kept square, the number and code under it, and the machine line."""
    assert protocol.verification_payload is not None
    qr_drawing(protocol.verification_payload, QR_SIZE).drawOn(
        canvas, PAGE_WIDTH - MARGIN - QR_SIZE, MARGIN
    )
    canvas.saveState()
    canvas.setFont(REGULAR, 7)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, CAPTION_NUMBER_Y, f"№ {protocol.number}")
    if protocol.verification_code:
        canvas.setFont(MONO_BOLD, 8.5)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, CAPTION_CODE_Y, protocol.verification_code)
    canvas.restoreState()
    place_machine_line(canvas, MARGIN, MACHINE_LINE_Y)


def _plain(texts: Mapping[str, str]) -> tuple[str, str]:
    return pick(texts, "ky"), pick(texts, "ru")


def _frame(y: float, height: float, width: float = CONTENT_WIDTH) -> Frame:
    return Frame(
        MARGIN, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )


def _fill(frame: Frame, story: list[Flowable], canvas: Canvas, *, bottom: bool = False) -> None:
    """Put ``story`` into ``frame``, scaled down if it would not fit: the protocol is one page."""
    box = KeepInFrame(frame.width, frame.height, story, mode="shrink")
    if bottom:
        _, height = box.wrapOn(canvas, frame.width, frame.height)
        frame.add(Spacer(1, max(0.0, frame.height - height - 0.5)), canvas)
    left = frame.addFromList([box], canvas)
    if left:  # cannot happen with mode="shrink"; guards against losing text without a word
        raise RuntimeError("the protocol did not fit on one page")


def _main_story(protocol: TestingProtocol, texts: _Texts) -> list[Flowable]:
    """Heading, details, the statement, the appeal deadline and the issue date."""
    story: list[Flowable] = [
        Paragraph(text, INSTITUTION_FIRST if i == 0 else INSTITUTION)
        for i, text in enumerate(both(texts.data(protocol.institution)))
    ]
    story.append(Spacer(1, 2 * mm))
    story.append(HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceAfter=1 * mm))
    story.append(Paragraph(" / ".join(texts.label("title")), TITLE))
    story.append(Paragraph(" / ".join(both(texts.label("kind"))), KIND))
    number = escape(protocol.number)
    numbers = both(tuple(text.format(number=number) for text in texts.label("number")))
    story.append(Paragraph(" / ".join(numbers), NUMBER))
    # The gaps between the blocks; a little narrower under a reissue mark, which needs the room.
    gap = 4 * mm
    if protocol.appeal_number or (protocol.supersedes and protocol.version <= 1):
        story += [Spacer(1, 1.5 * mm), _reissue_mark(protocol, texts)]
        gap = 2 * mm
    elif protocol.version > 1:
        previous = escape(protocol.supersedes or "—")
        for text in texts.label("version"):
            story.append(Paragraph(text.format(version=protocol.version, number=previous), VERSION))
    story += [
        Spacer(1, gap),
        _details_table(protocol, texts),
        Spacer(1, 2.5 * mm),
        _figures_table(protocol, texts),
        Spacer(1, gap),
        _statement_box(protocol, texts),
        Spacer(1, gap),
    ]
    for i, (lang, labels) in enumerate(texts.each()):
        deadline = _moment(protocol.appeal_deadline, protocol.ended_at.date(), lang)
        text = escape(labels.appeal).format(time=f"<b>{escape(deadline)}</b>")
        story.append(Paragraph(text, TEXT if i == 0 else TEXT_SECOND))
    story.append(Spacer(1, 3 * mm))
    for i, (lang, labels) in enumerate(texts.each()):
        issued = format_date(protocol.issued_at.date(), lang)
        text = escape(labels.issued).format(date=issued, time=format_time(protocol.issued_at))
        story.append(Paragraph(text, TEXT if i == 0 else TEXT_SECOND))
    if protocol.verification_code:
        code = f'<font name="{MONO_BOLD}">{escape(protocol.verification_code)}</font>'
        line = " / ".join(both(texts.label("verification")))
        story += [Spacer(1, 1.5 * mm), Paragraph(line.format(code=code), TEXT)]
    return story


def _reissue_mark(protocol: TestingProtocol, texts: _Texts) -> Table:
    """The framed, shaded mark of a reissued protocol: after which appeal, replacing which one.

    It takes the place of the plain version line, which says less and is easily overlooked.
    Kyrgyz and Russian stand side by side: the one-page protocol has little height to spare.
    """
    cells = []
    for _, labels in texts.each():
        parts = []
        if protocol.appeal_number:
            parts.append(escape(labels.reissued).format(appeal=escape(protocol.appeal_number)))
        if protocol.supersedes:
            parts.append(escape(labels.supersedes).format(number=escape(protocol.supersedes)))
        # A no-break space keeps each number on the line of its «№».
        cells.append(Paragraph(" ".join(parts).replace("№ ", "№\u00a0"), REISSUE))
    box = Table([cells], colWidths=(CONTENT_WIDTH / 2,) * 2)
    box.setStyle(
        TableStyle(
            [
                # Tables set their cell font even around paragraphs; the default is Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 1.6, colors.black),
                ("LINEAFTER", (0, 0), (0, 0), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), LABEL_BACKGROUND),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ]
        )
    )
    return box


def _details_table(protocol: TestingProtocol, texts: _Texts) -> Table:
    """The label / value rows: competition, session, candidate, times."""
    competition = tuple(
        f"<b>{post}</b> — {school}" if school else f"<b>{post}</b>"
        for post, school in zip(
            texts.data(protocol.competition_post), texts.data(protocol.school), strict=True
        )
    )
    # Both dates fit on one line; the slash keeps the Kyrgyz-first order of the page.
    dates = " / ".join(
        both(tuple(escape(format_date(protocol.session_date, lang)) for lang in LANGUAGES))
    )
    code = f'<font name="{MONO_BOLD}" size="11">{escape(protocol.candidate_code)}</font>'
    times = f"{format_time(protocol.started_at)} – {format_time(protocol.ended_at)}"
    rows: list[tuple[str, tuple[str, ...], ParagraphStyle]] = [
        ("competition", both(competition), VALUE),
        ("date", (dates,), VALUE),
        ("place", both(texts.data(protocol.session_place)), VALUE),
        ("candidate", (escape(protocol.candidate_name),), VALUE_STRONG),
        ("code", (code,), VALUE),
        ("times", (times,), VALUE),
    ]
    data = [
        [
            _cell(texts.label(label), LABEL, LABEL_SECOND),
            _cell(values, style, VALUE_SECOND if style is VALUE else style),
        ]
        for label, values, style in rows
    ]
    table = Table(data, colWidths=(LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH))
    table.setStyle(TableStyle([*_GRID, ("BACKGROUND", (0, 0), (0, -1), LABEL_BACKGROUND)]))
    return table


def _figures_table(protocol: TestingProtocol, texts: _Texts) -> Table:
    """The figures, each label above its value: questions, score (shaded), threshold."""

    def percent(points: int) -> str:
        # Both printed languages write a decimal comma, so one percentage serves both.
        return format_percent(Fraction(points, protocol.max_score or 1), "ky")

    def cell(label: str, value: str, style: ParagraphStyle = FIGURE) -> list[Flowable]:
        return [*_cell(texts.label(label), LABEL, LABEL_SECOND), Paragraph(value, style)]

    score = (
        f"{protocol.score} / {protocol.max_score}"
        f' <font name="{REGULAR}" size="11">({escape(percent(protocol.score))})</font>'
    )
    threshold = (
        f'{protocol.threshold} <font size="10">({escape(percent(protocol.threshold))})</font>'
    )
    data = [
        [
            cell("questions", str(protocol.question_count)),
            cell("score", score, FIGURE_STRONG),
            cell("threshold", threshold),
        ]
    ]
    table = Table(data, colWidths=(CONTENT_WIDTH / 3,) * 3)
    table.setStyle(TableStyle([*_GRID, ("BACKGROUND", (1, 0), (1, 0), LABEL_BACKGROUND)]))
    return table


def _statement_box(protocol: TestingProtocol, texts: _Texts) -> Table:
    """The result: the statement of cl. 26 in both languages, bold, framed."""
    statement = STATEMENTS[protocol.meets]
    content: list[Flowable] = [Paragraph(" / ".join(both(texts.label("result"))), RESULT_LABEL)]
    content += [Paragraph(escape(statement[lang]), STATEMENT) for lang in LANGUAGES]
    box = Table([[content]], colWidths=(CONTENT_WIDTH,))
    box.setStyle(
        TableStyle(
            [
                # Tables set their cell font even around paragraphs; the default is Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 1.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * mm),
            ]
        )
    )
    return box


def _signatures(protocol: TestingProtocol, texts: _Texts, width: float) -> Table:
    """Signature lines for the candidate and the responsible person, names beside them."""
    label_width = 37 * mm
    line_width = 33 * mm
    gap = 4 * mm
    name_width = width - label_width - line_width - gap
    signature = Paragraph(f"({' / '.join(both(texts.label('signature')))})", CAPTION)
    full_name = Paragraph(f"({' / '.join(both(texts.label('full_name')))})", CAPTION)
    data: list[list[object]] = []
    for label, name in (
        ("candidate_signs", protocol.candidate_name),
        ("responsible_signs", protocol.responsible_person),
    ):
        # A blank name line stays for the responsible person to write their name by hand.
        name_cell = Paragraph(escape(name), SIGN_NAME) if name else ""
        data.append([_cell(both(texts.label(label)), SIGN_LABEL, SIGN_LABEL), "", "", name_cell])
        data.append(["", signature, "", full_name])
    table = Table(data, colWidths=(label_width, line_width, gap, name_width))
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not the table default, Helvetica
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for first in range(0, len(data), 2):
        commands += [
            ("LINEBELOW", (1, first), (1, first), 0.6, colors.black),
            ("LINEBELOW", (3, first), (3, first), 0.6, colors.black),
            ("VALIGN", (0, first + 1), (-1, first + 1), "TOP"),
        ]
        if first:
            commands.append(("TOPPADDING", (0, first), (-1, first), 6 * mm))
    table.setStyle(TableStyle(commands))
    return table
