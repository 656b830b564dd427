"""The registration sheet of a testing session: candidates sign it when they arrive.

One row per candidate: number, name, the last four digits of the personal number (enough to tell
namesakes apart without printing the whole number on a sheet that lies on a desk), a blank for the
time of arrival and a wide blank for the signature.  Rows are tall enough to sign in (≥ 10 mm).
The operator who ran the registration signs at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from protocols import _layout as layout
from protocols.dates import format_time
from protocols.fonts import register_fonts
from translations import N_

#: A signature needs about 9 mm of height; a little more keeps it off the lines.
ROW_HEIGHT = 10 * mm
COLUMN_WIDTHS = (10 * mm, 66 * mm, 24 * mm, 24 * mm, 56 * mm)


@dataclass(frozen=True)
class SheetLine:
    """One candidate: ``pin_tail`` is the last 4 digits of the personal number."""

    number: int
    candidate_name: str
    pin_tail: str


@dataclass(frozen=True)
class RegistrationSheet:
    """Everything the registration sheet prints.  ``number`` is printed when there is one."""

    institution: Mapping[str, str]
    competition_post: Mapping[str, str]
    school: Mapping[str, str]
    session_place: Mapping[str, str]
    session_date: date
    shift: int
    starts_at: time | None
    lines: Sequence[SheetLine]
    issued_at: datetime
    responsible_person: str
    number: str | None = None


TITLE = N_("Registration sheet of the candidates")
SUBJECT = N_("Registration sheet of the candidates of a qualification testing session")
COMPETITION = N_("Competition: post and school")
DATE = N_("Date of testing")
SHIFT = N_("Shift")
STARTS_AT = N_("Start of testing")
PLACE = N_("Place of testing")
COLUMN_NUMBER = N_("No.")
COLUMN_NAME = N_("Full name")
COLUMN_PIN = N_("Personal number")
COLUMN_ARRIVAL = N_("Time of arrival")
COLUMN_SIGNATURE = N_("Signature")
REGISTERED_BY = N_("Responsible for the registration")

FIGURE = layout.style("sheet-figure", 9, alignment=TA_RIGHT)
NAME = layout.style("sheet-name", 9.5)
PIN = layout.style("sheet-pin", 9.5)


def pin_tail_text(pin_tail: str) -> str:
    """``…1234``: the tail alone, marked as the end of a longer number."""
    return f"…{pin_tail[-4:]}" if pin_tail else "—"


def render_registration_sheet(doc: RegistrationSheet, *, strict: bool = False) -> bytes:
    """The registration sheet as an A4 PDF in Kyrgyz and Russian.

    ``strict`` makes a label without a Kyrgyz or Russian translation an error
    (:class:`translations.MissingTranslation`) instead of printing it in English.
    """
    register_fonts()  # before the first paragraph: it maps <b> to the bold DejaVu face
    tr = layout.Bilingual(strict=strict)
    story: list[Flowable] = layout.heading(doc.institution, tr.pair(TITLE), doc.number, tr)
    rows = [
        (tr.pair(COMPETITION), layout.competition(doc.competition_post, doc.school)),
        (tr.pair(DATE), (layout.dates(doc.session_date),)),
        (tr.pair(SHIFT), (str(doc.shift),)),
    ]
    if doc.starts_at is not None:
        rows.append((tr.pair(STARTS_AT), (format_time(doc.starts_at),)))
    rows.append((tr.pair(PLACE), layout.both(layout.data(doc.session_place))))
    story.append(layout.details_table(rows))
    story.append(Spacer(1, 4 * mm))
    story.append(_sheet_table(doc, tr))
    story.append(Spacer(1, 3 * mm))
    story += layout.drawn_up(doc.issued_at, tr)
    signer = layout.Signer(tr.pair(REGISTERED_BY), doc.responsible_person)
    story.append(KeepTogether([Spacer(1, 2 * mm), layout.signatures([signer], tr)]))
    return layout.build_pdf(
        story,
        title=tr.plain(TITLE),
        subject=tr.plain(SUBJECT),
        institution=doc.institution,
        number=doc.number,
        tr=tr,
    )


def _sheet_table(doc: RegistrationSheet, tr: layout.Bilingual) -> Table:
    """One tall row per candidate; the headings repeat on every page."""
    header = [
        layout.head_cell(tr.pair(label))
        for label in (COLUMN_NUMBER, COLUMN_NAME, COLUMN_PIN, COLUMN_ARRIVAL, COLUMN_SIGNATURE)
    ]
    rows = [
        [
            Paragraph(str(line.number), FIGURE),
            Paragraph(escape(line.candidate_name), NAME),
            Paragraph(escape(pin_tail_text(line.pin_tail)), PIN),
            "",
            # A strut, not a fixed row height: a row is at least ROW_HEIGHT tall, yet a long
            # name that wraps onto a third line makes it taller instead of running over.
            Spacer(1, ROW_HEIGHT - layout.CELL_PADDING),
        ]
        for line in doc.lines
    ]
    return layout.list_table(
        header, rows, COLUMN_WIDTHS, commands=[("VALIGN", (0, 1), (-1, -1), "MIDDLE")]
    )
