"""Layout shared by the multi-page competition documents: results, ranking, registration sheet.

These documents are lists that may run over several A4 pages, so unlike the one-page testing
protocol they flow through a platypus document template: tables repeat their header row on every
page, and a canvas that holds its pages back until the end prints ``1 / 3`` (and the document
number) at the foot of each page once the total is known.

The paragraph style, colours and language helpers are shared with the testing protocol, so that
every document looks like it (the one-page protocol keeps its own roomier grid).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from protocols.dates import format_date, format_time
from protocols.fonts import BOLD, REGULAR, register_fonts
from translations import N_, Translator

PAGE_WIDTH, PAGE_HEIGHT = A4
#: The languages the documents print, in the order they appear.
LANGUAGES = ("ky", "ru")
GREY = colors.Color(0.33, 0.33, 0.33)
RULE = colors.Color(0.55, 0.55, 0.55)
LABEL_BACKGROUND = colors.Color(0.95, 0.95, 0.95)

MARGIN = 15 * mm
#: Top and bottom margins are narrower than the sides: lists need the height, office printers
#: still print 10 mm from the edge.
VERTICAL_MARGIN = 12 * mm
#: Extra room at the foot of the page for the page number.
FOOTER_HEIGHT = 5 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 58 * mm
HEADER_BACKGROUND = colors.Color(0.9, 0.9, 0.9)

NUMBER = N_("No. {number}")
DRAWN_UP = N_("Drawn up: {date}, {time}")
SIGNATURE = N_("signature")
FULL_NAME = N_("full name")

#: Why a candidate has no score, and where each candidate stands in the competition: the same
#: words in the results protocol, the ranking and the ministry's tables.
ABSENT = N_("Did not come")
WITHDRAWN = N_("Withdrew")
STANDINGS: Mapping[str, str] = {
    "winner": N_("Winner"),
    "reserve": N_("Reserve of personnel"),
    "tied": N_("Equal score"),
    "refused": N_("Refused the contract"),
    "below": N_("Below the threshold"),
    "absent": ABSENT,
    "withdrawn": WITHDRAWN,
    "ranked": N_("Participant"),
}
#: Whether a score meets the qualification requirements, short, for a table column.
MEETS_SHORT: Mapping[bool, str] = {True: N_("meets"), False: N_("does not meet")}


def standing_message(standing: str) -> str:
    """The message of a standing; an unknown one is a mistake of the caller, not a blank cell."""
    try:
        return STANDINGS[standing]
    except KeyError:
        raise ValueError(
            f"unknown standing {standing!r}; expected one of {tuple(STANDINGS)}"
        ) from None


def style(name: str, size: float, *, bold: bool = False, **options: object) -> ParagraphStyle:
    """A paragraph style in the bundled DejaVu fonts.

    The font is always named: reportlab's default is Helvetica, which has no Ң Ө Ү.
    """
    options.setdefault("fontName", BOLD if bold else REGULAR)
    return ParagraphStyle(name, fontSize=size, leading=round(size * 1.25, 1), **options)


INSTITUTION = style("doc-institution", 9.5, alignment=TA_CENTER)
INSTITUTION_FIRST = style("doc-institution-first", 9.5, bold=True, alignment=TA_CENTER)
TITLE = style("doc-title", 13, bold=True, alignment=TA_CENTER, spaceBefore=2 * mm)
TITLE_SECOND = style("doc-title-second", 11, bold=True, alignment=TA_CENTER, spaceBefore=0.5 * mm)
NUMBER_STYLE = style("doc-number", 11, bold=True, alignment=TA_CENTER, spaceBefore=1.5 * mm)
LABEL = style("doc-label", 8)
LABEL_SECOND = style("doc-label-second", 7, textColor=GREY)
VALUE = style("doc-value", 9.5)
VALUE_SECOND = style("doc-value-second", 9.5, spaceBefore=1)
HEAD = style("doc-head", 7.5, bold=True)
HEAD_SECOND = style("doc-head-second", 6.8, textColor=GREY)
FIGURE = style("doc-figure", 11, bold=True, spaceBefore=1)
CELL = style("doc-cell", 8.5)
CELL_SECOND = style("doc-cell-second", 7.5, textColor=GREY)
CELL_STRONG = style("doc-cell-strong", 8.5, bold=True)
SECTION = style("doc-section", 10, bold=True, spaceBefore=3 * mm, spaceAfter=1.5 * mm)
TEXT = style("doc-text", 9.5)
TEXT_SECOND = style("doc-text-second", 9.5, spaceBefore=1)
SIGN_LABEL = style("doc-sign-label", 8.5)
SIGN_NAME = style("doc-sign-name", 9, alignment=TA_CENTER)
CAPTION = style("doc-caption", 6.5, alignment=TA_CENTER, textColor=GREY)
FOOTER_FONT_SIZE = 8

#: The look of a framed table: a black outline, grey rules inside, text at the top.
GRID: list[tuple[object, ...]] = [
    # Tables set their cell font even around paragraphs, and the default is Helvetica.
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
    ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
    ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4 * mm),
]
#: The top and bottom padding of a grid cell together.
CELL_PADDING = 2.4 * mm


def pick(texts: Mapping[str, str], language: str) -> str:
    """The text in ``language``, else in the other printed language (better than a blank)."""
    for candidate in (language, *LANGUAGES):
        text = texts.get(candidate)
        if text:
            return text
    return next((text for text in texts.values() if text), "")


def both(values: Iterable[str]) -> tuple[str, ...]:
    """The Kyrgyz and Russian versions, or just one where they are the same."""
    return tuple(dict.fromkeys(values))


class Bilingual:
    """Translates the documents' messages into Kyrgyz and Russian, escaped for paragraph markup.

    ``strict`` makes a message without a Kyrgyz or Russian translation an error
    (:class:`translations.MissingTranslation`) instead of printing it in English.
    """

    def __init__(self, *, strict: bool = False) -> None:
        self.translators = {lang: Translator(lang, strict=strict) for lang in LANGUAGES}

    def plain(self, message: str, **values: object) -> tuple[str, str]:
        """The message in Kyrgyz and in Russian, placeholders filled, not escaped."""
        ky, ru = (self.translators[lang].format(message, **values) for lang in LANGUAGES)
        return ky, ru

    def pair(self, message: str, **values: str) -> tuple[str, str]:
        """The message in Kyrgyz and in Russian, escaped; ``values`` are inserted as markup."""
        ky, ru = (
            escape(self.translators[lang].gettext(message)).format(**values) for lang in LANGUAGES
        )
        return ky, ru

    def slash(self, message: str, **values: str) -> str:
        """``Kyrgyz / Russian`` on one line (once if both are the same)."""
        return " / ".join(both(self.pair(message, **values)))


def data(texts: Mapping[str, str]) -> tuple[str, str]:
    """A text of the document (institution, school, …) in Kyrgyz and in Russian, escaped."""
    return escape(pick(texts, "ky")), escape(pick(texts, "ru"))


def paragraphs(
    texts: Sequence[str], first: ParagraphStyle, second: ParagraphStyle | None = None
) -> list[Flowable]:
    """Paragraphs of already escaped markup: the first language, then the others."""
    return [Paragraph(text, first if i == 0 else second or first) for i, text in enumerate(texts)]


def heading(
    institution: Mapping[str, str], title: tuple[str, str], number: str | None, tr: Bilingual
) -> list[Flowable]:
    """The institution, a rule, the title in both languages and the document number."""
    story: list[Flowable] = paragraphs(both(data(institution)), INSTITUTION_FIRST, INSTITUTION)
    story.append(Spacer(1, 1.5 * mm))
    story.append(HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceAfter=1 * mm))
    story += paragraphs(both(title), TITLE, TITLE_SECOND)
    if number:
        story.append(Paragraph(tr.slash(NUMBER, number=escape(number)), NUMBER_STYLE))
    story.append(Spacer(1, 2.5 * mm))
    return story


def competition(post: Mapping[str, str], school: Mapping[str, str]) -> tuple[str, ...]:
    """``<b>post</b> — school`` in both languages."""
    return both(
        tuple(
            f"<b>{p}</b> — {s}" if s else f"<b>{p}</b>"
            for p, s in zip(data(post), data(school), strict=True)
        )
    )


def dates(day: date) -> str:
    """The date in the Kyrgyz and the Russian style, on one line."""
    return " / ".join(both(tuple(escape(format_date(day, lang)) for lang in LANGUAGES)))


def details_table(rows: Sequence[tuple[tuple[str, str], Sequence[str]]]) -> Table:
    """Label / value rows (label in both languages, value as escaped markup lines)."""
    table = Table(
        [
            [paragraphs(both(label), LABEL, LABEL_SECOND), paragraphs(values, VALUE, VALUE_SECOND)]
            for label, values in rows
        ],
        colWidths=(LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH),
    )
    table.setStyle(TableStyle([*GRID, ("BACKGROUND", (0, 0), (0, -1), LABEL_BACKGROUND)]))
    return table


def figures_table(figures: Sequence[tuple[tuple[str, str], str]]) -> Table:
    """Figures side by side, each label (both languages) above its value: one compact row."""
    cells = [
        [*paragraphs(both(label), LABEL, LABEL_SECOND), Paragraph(value, FIGURE)]
        for label, value in figures
    ]
    table = Table([cells], colWidths=(CONTENT_WIDTH / len(cells),) * len(cells))
    table.setStyle(TableStyle(GRID))
    return table


def head_cell(label: tuple[str, str]) -> list[Flowable]:
    """A column heading: Kyrgyz in bold, Russian below it in grey."""
    return paragraphs(both(label), HEAD, HEAD_SECOND)


def list_table(
    header: Sequence[list[Flowable]],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    commands: Sequence[tuple[object, ...]] = (),
) -> Table:
    """A table whose heading row repeats at the top of every page it runs onto."""
    table = Table([list(header), *map(list, rows)], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *GRID,
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                *commands,
            ]
        )
    )
    return table


def drawn_up(issued_at: datetime, tr: Bilingual) -> list[Flowable]:
    """When the document was drawn up, Kyrgyz and Russian on one line (they fit)."""
    texts = (
        escape(tr.translators[lang].gettext(DRAWN_UP)).format(
            date=escape(format_date(issued_at.date(), lang)), time=format_time(issued_at)
        )
        for lang in LANGUAGES
    )
    return [Paragraph(" / ".join(texts), TEXT)]


@dataclass(frozen=True)
class Signer:
    """A signature line: who signs (escaped markup lines) and the printed name ("" = by hand)."""

    label: tuple[str, ...]
    name: str


def signatures(signers: Sequence[Signer], tr: Bilingual, width: float = CONTENT_WIDTH) -> Table:
    """Signature lines with captions, the printed name beside each (as the testing protocol)."""
    label_width = 62 * mm
    line_width = 40 * mm
    gap = 5 * mm
    name_width = width - label_width - line_width - gap
    signature = Paragraph(f"({tr.slash(SIGNATURE)})", CAPTION)
    full_name = Paragraph(f"({tr.slash(FULL_NAME)})", CAPTION)
    rows: list[list[object]] = []
    for signer in signers:
        # A blank name line stays for the name to be written by hand.
        name_cell = Paragraph(escape(signer.name), SIGN_NAME) if signer.name else ""
        rows.append([paragraphs(signer.label, SIGN_LABEL), "", "", name_cell])
        rows.append(["", signature, "", full_name])
    table = Table(rows, colWidths=(label_width, line_width, gap, name_width))
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not the table default, Helvetica
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for first in range(0, len(rows), 2):
        commands += [
            ("LINEBELOW", (1, first), (1, first), 0.6, colors.black),
            ("LINEBELOW", (3, first), (3, first), 0.6, colors.black),
            ("VALIGN", (0, first + 1), (-1, first + 1), "TOP"),
            # Room to sign above each line; the first line has the text above it for that.
            ("TOPPADDING", (0, first), (-1, first), 7 * mm if first else 3 * mm),
        ]
    table.setStyle(TableStyle(commands))
    return table


def closing(issued_at: datetime, signers: Sequence[Signer], tr: Bilingual) -> Flowable:
    """When the document was drawn up and who signs it, kept together on one page."""
    story: list[Flowable] = [Spacer(1, 3 * mm), *drawn_up(issued_at, tr)]
    if signers:
        story += [Spacer(1, 1 * mm), signatures(signers, tr)]
    return KeepTogether(story)


def _numbered_canvas(footer: str) -> type[Canvas]:
    """A canvas class that prints ``footer 1 / N`` on every page of a document of several pages.

    The total is known only at the end, so each finished page is kept and drawn out in ``save``.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for page_number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                if total > 1:
                    self.setFont(REGULAR, FOOTER_FONT_SIZE)
                    self.setFillColor(GREY)
                    text = (
                        f"{footer}    {page_number} / {total}"
                        if footer
                        else f"{page_number} / {total}"
                    )
                    self.drawRightString(PAGE_WIDTH - MARGIN, VERTICAL_MARGIN, text)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(
    story: list[Flowable],
    *,
    title: tuple[str, str],
    subject: tuple[str, str],
    institution: Mapping[str, str],
    number: str | None,
    tr: Bilingual,
) -> bytes:
    """The story as an A4 PDF whose pages end in ``№ number  1 / 3`` when there are several.

    ``title`` and ``subject`` (Kyrgyz, Russian) and the institution go into the PDF's metadata.
    ``invariant`` leaves out the creation time and the random document id, so the same document
    always gives the same bytes.
    """
    register_fonts()
    footer = tr.plain(NUMBER, number=number)[0] if number else ""
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=VERTICAL_MARGIN,
        bottomMargin=VERTICAL_MARGIN + FOOTER_HEIGHT,
        title=" ".join(filter(None, (" / ".join(both(title)), footer))),
        author=" / ".join(both(pick(institution, lang) for lang in LANGUAGES)),
        subject=" / ".join(both(subject)),
        creator="qualification-kiosk",
        invariant=1,
        initialFontName=REGULAR,
        lang="ky",
    )
    template.build(story, canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()
