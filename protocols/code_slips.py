"""Code slips (cl. 24): the paper from which each candidate types their login code.

Eight slips per A4 page (2 columns × 4 rows), separated by dashed cut lines.  Each slip carries the
candidate's name, the code in large monospaced capitals exactly as grouped by the caller
(``7K3M-9QXT-2RH``), the session's date and place, and short instructions in Kyrgyz and Russian.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from protocols._layout import LANGUAGES
from protocols.dates import format_date, format_time
from protocols.fonts import BOLD, MONO_BOLD, REGULAR, register_fonts
from translations import Gettext, Translator

PAGE_WIDTH, PAGE_HEIGHT = A4
#: Office printers cannot print to the edge; the cut grid stays inside this margin.
PAGE_MARGIN = 10 * mm
COLUMNS = 2
ROWS = 4
SLIPS_PER_PAGE = COLUMNS * ROWS
SLIP_WIDTH = (PAGE_WIDTH - 2 * PAGE_MARGIN) / COLUMNS
SLIP_HEIGHT = (PAGE_HEIGHT - 2 * PAGE_MARGIN) / ROWS
#: Room between a cut line and the text, so that a crooked cut never takes a letter away.
SLIP_PADDING = 4 * mm
CODE_SIZE = 21.0

GREY = colors.Color(0.35, 0.35, 0.35)
CUT = colors.Color(0.45, 0.45, 0.45)
CODE_BACKGROUND = colors.Color(0.94, 0.94, 0.94)


@dataclass(frozen=True)
class CodeSlip:
    """One candidate's slip.  ``code`` is printed as given, so the caller decides the grouping.

    ``competition_post`` and ``session_place`` map language codes (``ky``, ``ru``) to texts.
    """

    candidate_name: str
    code: str
    competition_post: Mapping[str, str]
    session_date: date
    session_place: Mapping[str, str]
    starts_at: time | None = None
    shift: str | None = None


@dataclass(frozen=True)
class _Labels:
    """The printed texts of a slip in one language."""

    code: str
    starts_at: str
    shift: str
    type_code: str
    keep_secret: str
    title: str
    subject: str


def _labels(_: Gettext) -> _Labels:
    return _Labels(
        code=_("Login code"),
        starts_at=_("start at {time}"),
        shift=_("shift {shift}"),
        type_code=_(
            "Type this code on the computer: Latin letters and digits. Capital or small "
            "letters and dashes do not matter."
        ),
        keep_secret=_("Keep this slip and do not show it to anyone."),
        title=_("Login codes"),
        subject=_("Login code slips of the candidates for the qualification testing"),
    )


def _style(name: str, size: float, *, bold: bool = False, **options: object) -> ParagraphStyle:
    # Fonts are named explicitly: reportlab's default would be Helvetica, without Ң Ө Ү.
    return ParagraphStyle(
        name, fontName=BOLD if bold else REGULAR, fontSize=size, leading=size * 1.22, **options
    )


HEADER = _style("slip-header", 7.5, textColor=GREY)
NAME = _style("slip-name", 11.5, bold=True, spaceBefore=1 * mm)
CODE_LABEL = _style("slip-code-label", 6.5, textColor=GREY)
SESSION = _style("slip-session", 7.5, spaceBefore=0.4 * mm)
INSTRUCTION = _style("slip-instruction", 6.8, spaceBefore=0.8 * mm)
INSTRUCTION_SECOND = _style("slip-instruction-second", 6.8, textColor=GREY, spaceBefore=0.6 * mm)


def _pick(texts: Mapping[str, str], language: str) -> str:
    """The text in ``language``, else in the other printed language."""
    for candidate in (language, *LANGUAGES):
        text = texts.get(candidate)
        if text:
            return text
    return next((text for text in texts.values() if text), "")


def render_code_slips(slips: Sequence[CodeSlip], *, strict: bool = False) -> bytes:
    """Code slips as an A4 PDF, eight to a page, in the order given.

    ``strict`` makes a text without a Kyrgyz or Russian translation an error
    (:class:`translations.MissingTranslation`) instead of printing it in English.
    """
    if not slips:
        raise ValueError("no code slips to print")
    register_fonts()
    labels = {lang: _labels(Translator(lang, strict=strict).gettext) for lang in LANGUAGES}
    buffer = io.BytesIO()
    # invariant=1: equal input gives equal bytes (no timestamp, no random document id).
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=REGULAR, lang="ky")
    canvas.setTitle(f"{labels['ky'].title} / {labels['ru'].title}")
    canvas.setSubject(f"{labels['ky'].subject} / {labels['ru'].subject}")
    canvas.setCreator("qualification-kiosk")
    pages = math.ceil(len(slips) / SLIPS_PER_PAGE)
    for page in range(pages):
        on_page = slips[page * SLIPS_PER_PAGE : (page + 1) * SLIPS_PER_PAGE]
        for index, slip in enumerate(on_page):
            column, row = index % COLUMNS, index // COLUMNS
            x = PAGE_MARGIN + column * SLIP_WIDTH
            y = PAGE_HEIGHT - PAGE_MARGIN - (row + 1) * SLIP_HEIGHT
            _draw_slip(canvas, slip, labels, x, y)
        _draw_cut_lines(canvas, len(on_page))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_slip(
    canvas: Canvas, slip: CodeSlip, labels: Mapping[str, _Labels], x: float, y: float
) -> None:
    """One slip whose lower-left corner is at (x, y)."""
    width = SLIP_WIDTH - 2 * SLIP_PADDING
    height = SLIP_HEIGHT - 2 * SLIP_PADDING
    ky, ru = labels["ky"], labels["ru"]
    post = " / ".join(dict.fromkeys(_pick(slip.competition_post, lang) for lang in LANGUAGES))
    code_label = " / ".join(dict.fromkeys([ky.code, ru.code]))  # once if both are the same
    story: list[Flowable] = [
        Paragraph(escape(post), HEADER),
        Paragraph(escape(slip.candidate_name), NAME),
        Spacer(1, 1.5 * mm),
        _code_box(code_label, slip.code, width),
        Spacer(1, 1.2 * mm),
    ]
    story += [
        Paragraph(escape(_session_line(slip, lang, labels[lang])), SESSION) for lang in LANGUAGES
    ]
    story.append(Spacer(1, 0.6 * mm))
    story.append(Paragraph(escape(f"{ky.type_code} {ky.keep_secret}"), INSTRUCTION))
    story.append(Paragraph(escape(f"{ru.type_code} {ru.keep_secret}"), INSTRUCTION_SECOND))
    frame = Frame(
        x + SLIP_PADDING,
        y + SLIP_PADDING,
        width,
        height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    # Unusually long names or places shrink the slip's text rather than spill over a cut line.
    if frame.addFromList([KeepInFrame(width, height, story, mode="shrink")], canvas):
        raise RuntimeError("a code slip did not fit")


def _session_line(slip: CodeSlip, lang: str, labels: _Labels) -> str:
    """``«30» октябрь 2022-ж., 2-смена, саат 09:00 — place``: when and where the test is."""
    parts = [format_date(slip.session_date, lang)]
    if slip.shift:
        parts.append(labels.shift.format(shift=slip.shift))
    if slip.starts_at is not None:
        parts.append(labels.starts_at.format(time=format_time(slip.starts_at)))
    place = _pick(slip.session_place, lang)
    when = ", ".join(parts)
    return f"{when} — {place}" if place else when


def _code_box(label: str, code: str, width: float) -> Table:
    """The code under its label, large and monospaced, on a light ground.

    Smaller only if an unusually long code would not fit the slip's width.
    """
    padding = 2.5 * mm
    inner = width - 2 * padding
    size = min(CODE_SIZE, CODE_SIZE * inner / stringWidth(code, MONO_BOLD, CODE_SIZE))
    style = ParagraphStyle(
        "slip-code", fontName=MONO_BOLD, fontSize=size, leading=size * 1.1, alignment=TA_CENTER
    )
    content = [Paragraph(escape(label), CODE_LABEL), Paragraph(escape(code), style)]
    box = Table([[content]], colWidths=(width,))
    box.setStyle(
        TableStyle(
            [
                # Tables set their cell font even around paragraphs; the default is Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), CODE_BACKGROUND),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
            ]
        )
    )
    return box


def _draw_cut_lines(canvas: Canvas, count: int) -> None:
    """Dashed lines around every slip on the page, with scissors where cutting starts."""
    canvas.saveState()
    canvas.setStrokeColor(CUT)
    canvas.setFillColor(CUT)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 2)
    top = PAGE_HEIGHT - PAGE_MARGIN
    rows = math.ceil(count / COLUMNS)
    # Horizontal lines, each as long as the slips that it borders.
    for row in range(rows + 1):
        above = min(COLUMNS, count - (row - 1) * COLUMNS) if row else 0
        below = min(COLUMNS, count - row * COLUMNS) if row < rows else 0
        columns = max(above, below)
        y = top - row * SLIP_HEIGHT
        canvas.line(PAGE_MARGIN, y, PAGE_MARGIN + columns * SLIP_WIDTH, y)
    # Vertical lines, each as long as the rows that have a slip on either side of it.
    for column in range(COLUMNS + 1):
        rows_here = sum(
            1
            for row in range(rows)
            if any(0 <= row * COLUMNS + c < count for c in (column - 1, column) if 0 <= c < COLUMNS)
        )
        x = PAGE_MARGIN + column * SLIP_WIDTH
        canvas.line(x, top - rows_here * SLIP_HEIGHT, x, top)
    canvas.setDash()
    # Scissors, drawn in DejaVu Sans (which has ✂), on the left end of each inner cut.
    canvas.setFont(REGULAR, 9)
    for row in range(1, rows):
        y = top - row * SLIP_HEIGHT
        canvas.drawString(PAGE_MARGIN - 4.2 * mm, y - 3, "✂")
    canvas.restoreState()
