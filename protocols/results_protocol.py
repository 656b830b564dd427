"""The protocol of a testing session's results: every candidate of one shift on one list.

Each row carries the candidate's name, the login code they spent, the score, the percentage and the
statement of cl. 26 quoted word for word (or why there is no score: did not come, withdrew, not
finished).  Totals follow, then the observers who were present and the signature lines.  The list
runs over as many A4 pages as it needs, with the column headings repeated on every page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from protocols import _layout as layout
from protocols._layout import LANGUAGES
from protocols.dates import format_percent
from protocols.fonts import MONO_BOLD, REGULAR, register_fonts
from protocols.testing_protocol import STATEMENTS
from translations import N_

STATUSES = ("submitted", "absent", "withdrawn", "in_progress")


@dataclass(frozen=True)
class ResultLine:
    """One candidate's row.  ``score`` and ``meets`` are given only for a submitted test."""

    number: int
    candidate_name: str
    #: The spent login code as printed on the slip (``7K3M-9QXT-2RH``); None if never used.
    code: str | None
    status: str
    score: int | None
    meets: bool | None


@dataclass(frozen=True)
class SignatureLine:
    """Who signs: the role in ``ky`` and ``ru``, and the printed name ("" for a blank line)."""

    role: Mapping[str, str]
    name: str


@dataclass(frozen=True)
class SessionResults:
    """Everything the session's results protocol prints, already in the form it is printed.

    The question count, maximum and threshold are those the session was held under, so an old
    protocol reprints with its own rules.
    """

    number: str
    institution: Mapping[str, str]
    competition_post: Mapping[str, str]
    school: Mapping[str, str]
    session_date: date
    shift: int
    session_place: Mapping[str, str]
    question_count: int
    max_score: int
    threshold: int
    lines: Sequence[ResultLine]
    observers: Sequence[str]
    signatures: Sequence[SignatureLine]
    issued_at: datetime


TITLE = N_("Protocol of the testing results")
SUBJECT = N_("Results of the qualification testing of the candidates of one session")
COMPETITION = N_("Competition: post and school")
DATE = N_("Date of testing")
SHIFT = N_("Shift")
PLACE = N_("Place of testing")
QUESTIONS = N_("Number of questions")
MAX_SCORE = N_("Maximum score")
THRESHOLD = N_("Threshold score")
COLUMN_NUMBER = N_("No.")
COLUMN_NAME = N_("Full name")
COLUMN_CODE = N_("Candidate's code")
COLUMN_SCORE = N_("Points")
COLUMN_STATEMENT = N_("Result")
NOT_FINISHED = N_("Testing not finished")
TOTALS = N_("Totals")
REGISTERED = N_("Registered")
CAME = N_("Came")
SUBMITTED = N_("Finished the test")
MEET = N_("Meet the requirements")
DO_NOT_MEET = N_("Do not meet the requirements")
ABSENT_COUNT = N_("Did not come (count)")
WITHDREW_COUNT = N_("Withdrew (count)")
NOT_FINISHED_COUNT = N_("Not finished (count)")
OBSERVERS = N_("Observers present: {names}")
NO_OBSERVERS = N_("none")
OBSERVER = N_("Observer")

COLUMN_WIDTHS = (9 * mm, 52 * mm, 29 * mm, 13 * mm, 16 * mm, 61 * mm)
CENTERED = layout.style("results-centered", 8.5, alignment=TA_CENTER)
FIGURE = layout.style("results-figure", 8.5, alignment=TA_RIGHT)
CODE = layout.style("results-code", 8, fontName=MONO_BOLD)
TOTAL_FIGURE = layout.style("results-total", 10, bold=True, alignment=TA_RIGHT)
TOTALS_LABEL_WIDTH = 110 * mm


def render_session_results(doc: SessionResults, *, strict: bool = False) -> bytes:
    """The session's results protocol as an A4 PDF in Kyrgyz and Russian.

    ``strict`` makes a label without a Kyrgyz or Russian translation an error
    (:class:`translations.MissingTranslation`) instead of printing it in English.
    """
    for line in doc.lines:
        _check(line)
    register_fonts()  # before the first paragraph: it maps <b> to the bold DejaVu face
    tr = layout.Bilingual(strict=strict)
    story: list[Flowable] = layout.heading(doc.institution, tr.pair(TITLE), doc.number, tr)
    story += _details(doc, tr)
    story.append(Spacer(1, 4 * mm))
    story.append(_results_table(doc, tr))
    story.append(Spacer(1, 4 * mm))
    story.append(KeepTogether([Paragraph(tr.slash(TOTALS), layout.SECTION), _totals(doc, tr)]))
    story.append(Spacer(1, 4 * mm))
    story.append(_observers(doc, tr))
    signers = [
        layout.Signer(layout.both(layout.data(line.role)), line.name) for line in doc.signatures
    ]
    signers += [layout.Signer(tr.pair(OBSERVER), name) for name in doc.observers]
    story.append(layout.closing(doc.issued_at, signers, tr))
    return layout.build_pdf(
        story,
        title=tr.plain(TITLE),
        subject=tr.plain(SUBJECT),
        institution=doc.institution,
        number=doc.number,
        tr=tr,
    )


def _check(line: ResultLine) -> None:
    """Refuse a row that would print a wrong or empty statement."""
    if line.status not in STATUSES:
        raise ValueError(f"row {line.number}: unknown status {line.status!r}; expected {STATUSES}")
    if line.status == "submitted" and (line.score is None or line.meets is None):
        raise ValueError(f"row {line.number}: a submitted test needs a score and a statement")


def _details(doc: SessionResults, tr: layout.Bilingual) -> list[Flowable]:
    """Competition, date, shift, place, then the rules the session was held under."""

    def percent(points: int) -> str:
        # Both printed languages write a decimal comma, so one percentage serves both.
        return escape(format_percent(Fraction(points, doc.max_score or 1), "ky"))

    session = layout.details_table(
        [
            (tr.pair(COMPETITION), layout.competition(doc.competition_post, doc.school)),
            (tr.pair(DATE), (layout.dates(doc.session_date),)),
            (tr.pair(SHIFT), (str(doc.shift),)),
            (tr.pair(PLACE), layout.both(layout.data(doc.session_place))),
        ]
    )
    threshold = f'{doc.threshold} <font name="{REGULAR}" size="9">({percent(doc.threshold)})</font>'
    rules = layout.figures_table(
        [
            (tr.pair(QUESTIONS), str(doc.question_count)),
            (tr.pair(MAX_SCORE), str(doc.max_score)),
            (tr.pair(THRESHOLD), threshold),
        ]
    )
    return [session, Spacer(1, 2 * mm), rules]


def _results_table(doc: SessionResults, tr: layout.Bilingual) -> Table:
    """One row per candidate; the headings repeat on every page."""
    header = [
        layout.head_cell(tr.pair(label))
        for label in (COLUMN_NUMBER, COLUMN_NAME, COLUMN_CODE, COLUMN_SCORE)
    ]
    header += [layout.head_cell(("%", "%")), layout.head_cell(tr.pair(COLUMN_STATEMENT))]
    rows = [_row(line, doc.max_score, tr) for line in doc.lines]
    return layout.list_table(header, rows, COLUMN_WIDTHS)


def _row(line: ResultLine, max_score: int, tr: layout.Bilingual) -> list[object]:
    code = Paragraph(escape(line.code), CODE) if line.code else Paragraph("—", CENTERED)
    if line.status == "submitted" and line.score is not None and line.meets is not None:
        score = Paragraph(str(line.score), FIGURE)
        share = Fraction(line.score, max_score or 1)
        percent = Paragraph(escape(format_percent(share, "ky")), FIGURE)
        statement = tuple(escape(STATEMENTS[line.meets][lang]) for lang in LANGUAGES)
    else:
        score = percent = Paragraph("—", CENTERED)
        reason = layout.ABSENT if line.status == "absent" else layout.WITHDRAWN
        statement = tr.pair(NOT_FINISHED if line.status == "in_progress" else reason)
    return [
        Paragraph(str(line.number), FIGURE),
        Paragraph(escape(line.candidate_name), layout.CELL),
        code,
        score,
        percent,
        layout.paragraphs(statement, layout.CELL, layout.CELL_SECOND),
    ]


def came(line: ResultLine) -> bool:
    """Whether the candidate came: everyone not absent, except those who withdrew unseen.

    A candidate who withdrew before the session never logged in (no code); one who withdrew
    during the test did, and was present.
    """
    if line.status == "absent":
        return False
    return line.status != "withdrawn" or line.code is not None


def _totals(doc: SessionResults, tr: layout.Bilingual) -> Table:
    """Registered, came, finished, meet, do not meet, did not come, withdrew (, not finished)."""
    lines = doc.lines
    submitted = [line for line in lines if line.status == "submitted"]
    figures: list[tuple[str, int]] = [
        (REGISTERED, len(lines)),
        (CAME, sum(came(line) for line in lines)),
        (SUBMITTED, len(submitted)),
        (MEET, sum(bool(line.meets) for line in submitted)),
        (DO_NOT_MEET, sum(line.meets is False for line in submitted)),
        (ABSENT_COUNT, sum(line.status == "absent" for line in lines)),
        (WITHDREW_COUNT, sum(line.status == "withdrawn" for line in lines)),
    ]
    unfinished = sum(line.status == "in_progress" for line in lines)
    if unfinished:
        figures.append((NOT_FINISHED_COUNT, unfinished))
    rows = [
        [Paragraph(tr.slash(label), layout.CELL), Paragraph(str(count), TOTAL_FIGURE)]
        for label, count in figures
    ]
    table = Table(rows, colWidths=(TOTALS_LABEL_WIDTH, 20 * mm), hAlign="LEFT")
    table.setStyle(TableStyle([*layout.GRID, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _observers(doc: SessionResults, tr: layout.Bilingual) -> Flowable:
    """The observers present, or that there were none, in both languages."""
    if doc.observers:
        names = escape(", ".join(doc.observers))
        texts = tr.pair(OBSERVERS, names=f"<b>{names}</b>")
    else:
        ky_none, ru_none = tr.pair(NO_OBSERVERS)
        ky, ru = tr.pair(OBSERVERS, names="{names}")
        texts = (ky.format(names=ky_none), ru.format(names=ru_none))
    return KeepTogether(layout.paragraphs(texts, layout.TEXT, layout.TEXT_SECOND))
