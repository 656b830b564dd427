"""The technical commission's protocol on a technical appeal (cl. 33-35), in Kyrgyz and Russian.

The regulation asks for the outcome of an appeal to be recorded "in a protocol signed by the chair
and the members" (cl. 35).  The document therefore carries everything a reader needs to check the
decision without the program: which testing protocol was appealed against and whether the appeal
was filed in time (test end, window closed, filed, heard), the candidate's statement word for word,
who sat on the commission and who did not take part (absent, or a declared conflict of interest),
each question examined with the recorded answer, the key, whether a technical fault was confirmed,
the finding and the points before and after, the old and the new score against the threshold with
the statement of cl. 26, the decision, and signature lines for exactly those who took part and for
the candidate.

An appeal may examine every question of the form, so the question table runs over as many A4
pages as it needs, its heading repeated, and a row with a long finding splits between pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from protocols import _layout as layout
from protocols._layout import LANGUAGES
from protocols.dates import format_numeric_date, format_percent, format_time
from protocols.fonts import MONO_BOLD, REGULAR, register_fonts
from protocols.testing_protocol import STATEMENTS
from protocols.verification_block import MachineLine, MachineLineDefinition, qr_drawing
from translations import N_

#: The roles a member of the technical commission can have (cl. 34).
ROLES = ("chair", "member")


@dataclass(frozen=True)
class ExaminedQuestion:
    """One question the commission examined, as it is printed in the table."""

    #: 1-based position in the candidate's form.
    number: int
    #: Option letters as recorded ("" = unanswered).
    chosen: str
    #: The key's letters.
    key: str
    #: Whether the commission confirmed a technical fault.
    fault: bool
    #: The commission's finding in its own words ("" allowed when there is no fault).
    finding: str
    #: Letters the commission established the candidate actually chose; None if it established none.
    established: str | None
    points_before: int
    points_after: int


@dataclass(frozen=True)
class CommissionSigner:
    """A member of the technical commission; only those present without a conflict sign."""

    name: str
    #: "chair" or "member".
    role: str
    present: bool
    #: The declared conflict of interest, "" when none.
    conflict: str

    @property
    def takes_part(self) -> bool:
        """Present at the hearing and without a conflict of interest: signs the protocol."""
        return self.present and not self.conflict


@dataclass(frozen=True)
class AppealProtocol:
    """Everything the appeal protocol prints, already in the form it is printed.

    Texts that exist in both languages are mappings from language code to text; times are aware
    local times of the testing place.  The scores are the program's: ``new_score`` was recomputed
    from the confirmed findings, so it must equal ``old_score`` plus the points the examined
    questions gained or lost.
    """

    number: str
    institution: Mapping[str, str]
    competition_post: Mapping[str, str]
    school: Mapping[str, str]
    session_date: date
    session_place: Mapping[str, str]
    candidate_name: str
    candidate_code: str
    #: The number of the testing protocol appealed against.
    testing_protocol: str
    test_ended_at: datetime
    #: The end of the appeal window.
    deadline: datetime
    filed_at: datetime
    heard_at: datetime
    #: The candidate's statement, verbatim.
    statement: str
    commission: Sequence[CommissionSigner]
    questions: Sequence[ExaminedQuestion]
    old_score: int
    new_score: int
    max_score: int
    threshold: int
    #: Appeal satisfied (new score) or rejected (the result stands).
    satisfied: bool
    #: The commission's overall conclusion.
    summary: str
    #: The number of the reissued testing protocol when the appeal was satisfied.
    new_testing_protocol: str | None
    issued_at: datetime
    #: The printed verification code and the QR code's text (:mod:`protocols.verification`);
    #: without a payload the protocol ends with the signatures.
    verification_code: str | None = None
    verification_payload: str | None = None


TITLE = N_("Protocol of the technical commission on a technical appeal")
APPEAL_NUMBER = N_("Appeal No. {number}")
SUBJECT = N_("Decision of the technical commission on a candidate's technical appeal (cl. 33-35)")
COMPETITION = N_("Competition: post and school")
DATE = N_("Date of testing")
PLACE = N_("Place of testing")
CANDIDATE = N_("Full name of the candidate")
CODE = N_("Candidate's code")
APPEALED = N_("Testing protocol appealed against")
NUMBER = layout.NUMBER
TEST_ENDED = N_("Testing ended")
WINDOW_CLOSED = N_("Appeals accepted until")
FILED = N_("Appeal filed")
HEARD = N_("Appeal heard")
STATEMENT = N_("Statement of the candidate")
COMMISSION = N_("Composition of the technical commission")
COLUMN_ROLE = N_("Role in the commission")
COLUMN_NAME = N_("Full name")
COLUMN_PRESENCE = N_("At the hearing")
#: A role as the signature lines print it, in full.
ROLE_NAMES: Mapping[str, str] = {
    "chair": N_("Chair of the technical commission"),
    "member": N_("Member of the technical commission"),
}
#: A role in the commission's table, whose heading already names the commission.
ROLE_SHORT: Mapping[str, str] = {"chair": N_("Commission chair"), "member": N_("Commission member")}
PRESENT = N_("took part in the hearing")
ABSENT = N_("absent from the hearing")
CONFLICT = N_("declared a conflict of interest: {conflict}; takes no part in the decision")
QUESTIONS = N_("Questions examined")
NO_QUESTIONS = N_("No question was examined.")
COLUMN_QUESTION = N_("Question No.")
COLUMN_CHOSEN = N_("Recorded answer")
COLUMN_KEY = N_("Answer key")
COLUMN_FAULT = N_("Technical fault")
COLUMN_FINDING = N_("Finding of the commission")
COLUMN_POINTS = N_("Points before → after")
FAULT: Mapping[bool, str] = {True: N_("fault confirmed"), False: N_("no fault found")}
ESTABLISHED = N_("Established answer: {letters}")
CONCLUSION = N_("Conclusion of the commission")
SCORES = N_("Scores")
OLD_SCORE = N_("Score before the appeal")
NEW_SCORE = N_("Score after the appeal")
THRESHOLD = N_("Threshold score")
RESULT = N_("Result after the appeal")
DECISION = N_("Decision of the technical commission")
REJECTED = N_("The appeal is rejected; the result of the testing stands.")
SATISFIED = N_("The appeal is satisfied: the score is changed from {old} to {new}.")
#: A fault confirmed, yet the answer the commission established scores as the recorded one did.
SATISFIED_SAME = N_("The appeal is satisfied; the score is unchanged: {old}.")
REISSUED = N_(
    "The testing protocol is reissued as No. {number}, replacing protocol No. {previous}."
)
ACQUAINTED = N_("Candidate: acquainted with the decision")
VERIFICATION = N_("Verification code")
VERIFICATION_HINT = N_(
    "To check that this protocol is genuine, scan its QR code or type the verification code "
    "into the testing center's program."
)

#: An unanswered question, a missing letter: a dash, as in the other documents.
DASH = "—"

#: No. | recorded answer | key | fault | finding | points: 180 mm, the finding the widest.  The
#: narrow columns are as wide as their longest word (DejaVu is broad), so no word is cut in two.
COLUMN_WIDTHS = (17 * mm, 19 * mm, 15 * mm, 30 * mm, 77 * mm, 22 * mm)
COMMISSION_WIDTHS = (42 * mm, 64 * mm, layout.CONTENT_WIDTH - 106 * mm)
CENTERED = layout.style("appeal-centered", 8.5, alignment=TA_CENTER)
LETTERS = layout.style("appeal-letters", 9.5, alignment=TA_CENTER, fontName=MONO_BOLD)
FAULT_YES = layout.style("appeal-fault-yes", 8.5, bold=True, alignment=TA_CENTER)
FAULT_YES_SECOND = layout.style("appeal-fault-yes-second", 7.5, bold=True, alignment=TA_CENTER)
FAULT_NO = layout.style("appeal-fault-no", 8.5, alignment=TA_CENTER)
FAULT_NO_SECOND = layout.style(
    "appeal-fault-no-second", 7.5, alignment=TA_CENTER, textColor=layout.GREY
)
CONTINUED = layout.style("appeal-continued", 8.5, alignment=TA_CENTER, textColor=layout.GREY)
POINTS = layout.style("appeal-points", 9, alignment=TA_CENTER)
POINTS_CHANGED = layout.style("appeal-points-changed", 9, bold=True, alignment=TA_CENTER)
VERBATIM = layout.style("appeal-verbatim", 9.5, leftIndent=3 * mm, spaceAfter=1.5)
RESULT_LABEL = layout.style("appeal-result-label", 8, alignment=TA_CENTER, textColor=layout.GREY)
RESULT_TEXT = layout.style("appeal-result", 10.5, bold=True, alignment=TA_CENTER, spaceBefore=1)
DECISION_TEXT = layout.style("appeal-decision", 10, bold=True)
DECISION_SECOND = layout.style("appeal-decision-second", 10, bold=True, spaceBefore=1.5 * mm)
SECTION = layout.style("appeal-section", 10, bold=True, spaceBefore=2.5 * mm, spaceAfter=1.2 * mm)
#: The left and right padding of a grid cell (layout.GRID).
GRID_SIDE_PADDING = 1.5 * mm
#: The height of a finding in one row; a longer one goes on in the rows below, so that a row
#: always fits on a page under the repeated heading.
MAX_FINDING_HEIGHT = 60 * mm
#: Rows of questions whose technical fault was confirmed are shaded, to be found at a glance.
FAULT_SHADE = colors.Color(0.93, 0.93, 0.93)


def render_appeal_protocol(doc: AppealProtocol, *, strict: bool = False) -> bytes:
    """The technical commission's protocol on one appeal as an A4 PDF in Kyrgyz and Russian.

    ``strict`` makes a label without a Kyrgyz or Russian translation an error
    (:class:`translations.MissingTranslation`) instead of printing it in English.  A protocol
    that would contradict itself (an unknown role, a rejected appeal with a changed score, scores
    that do not add up) is refused with :class:`ValueError` rather than printed.
    """
    _check(doc)
    register_fonts()  # before the first paragraph: it maps <b> to the bold DejaVu face
    tr = layout.Bilingual(strict=strict)
    story: list[Flowable] = layout.heading(doc.institution, tr.pair(TITLE), None, tr)
    if doc.verification_payload:
        story.insert(0, MachineLineDefinition(doc.verification_payload))
    # The number line says "Appeal No." rather than a bare "No.": the page also names two
    # testing protocols, and nobody should mistake which number is the document's.  It goes
    # where the heading puts a number, before the heading's closing space.
    number = Paragraph(tr.slash(APPEAL_NUMBER, number=escape(doc.number)), layout.NUMBER_STYLE)
    story.insert(len(story) - 1, number)
    story += [
        _details(doc, tr),
        Spacer(1, 2 * mm),
        _times(doc, tr),
        *_section(tr, COMMISSION, room=30 * mm),
        _commission(doc, tr),
        *_section(tr, STATEMENT, room=20 * mm),
        *_verbatim(doc.statement),
        *_section(tr, QUESTIONS, room=40 * mm),
        _questions(doc, tr),
        *_section(tr, CONCLUSION, room=20 * mm),
        *_verbatim(doc.summary),
        _scores(doc, tr),
    ]
    signers = [
        layout.Signer(tr.pair(ROLE_NAMES[member.role]), member.name)
        for member in _signing(doc.commission)
    ]
    signers.append(layout.Signer(tr.pair(ACQUAINTED), doc.candidate_name))
    # The decision and the signatures under it stay on one page: nobody signs a blank sheet.
    # Laid out as layout.closing does, but flat: a KeepTogether inside another one measures as
    # endlessly tall and would push the whole block onto a page of its own.
    closing = [Spacer(1, 3 * mm), *layout.drawn_up(doc.issued_at, tr), Spacer(1, 1 * mm)]
    closing.append(layout.signatures(signers, tr))
    story.append(KeepTogether([*_decision(doc, tr), *closing]))
    if doc.verification_payload:
        story.append(_verification(doc, tr))
    return layout.build_pdf(
        story,
        title=tr.plain(TITLE),
        subject=tr.plain(SUBJECT),
        institution=doc.institution,
        number=doc.number,
        tr=tr,
    )


def _check(doc: AppealProtocol) -> None:
    """Refuse a protocol that would print a decision its own figures contradict."""
    for member in doc.commission:
        if member.role not in ROLES:
            raise ValueError(
                f"{member.name}: unknown role {member.role!r}; expected one of {ROLES}"
            )
    if not doc.satisfied and doc.new_score != doc.old_score:
        raise ValueError(
            f"a rejected appeal keeps the score, but it went from {doc.old_score} "
            f"to {doc.new_score}"
        )
    change = sum(question.points_after - question.points_before for question in doc.questions)
    if doc.old_score + change != doc.new_score:
        raise ValueError(
            f"the examined questions change the score by {change:+d}, but it went from "
            f"{doc.old_score} to {doc.new_score}"
        )


def _signing(commission: Sequence[CommissionSigner]) -> list[CommissionSigner]:
    """Those who sign: the chair first, then the members, each only if they took part."""
    taking_part = [member for member in commission if member.takes_part]
    return sorted(taking_part, key=lambda member: ROLES.index(member.role))


def _section(tr: layout.Bilingual, title: str, *, room: float = 0) -> list[Flowable]:
    """A section's title, on a new page unless ``room`` is left for it and the first lines.

    Not ``keepWithNext``: that keeps the title with the *whole* next flowable, and a question
    table longer than what is left of the page would then start on a new page, leaving a gap.
    """
    title_line = Paragraph(tr.slash(title), SECTION)
    return [CondPageBreak(room), title_line] if room else [title_line]


def _verbatim(text: str) -> list[Flowable]:
    """A text quoted as written: each of its lines a paragraph that wraps and splits freely.

    Not set in a table cell, which could not break across pages: a statement may be long.
    """
    lines = [escape(line.strip()) for line in text.strip().splitlines()]
    return [Paragraph(line, VERBATIM) if line else Spacer(1, 2 * mm) for line in lines] or [
        Paragraph(DASH, VERBATIM)
    ]


def _moment(when: datetime, day: date) -> str:
    """``HH:MM``, with ``dd.mm.yyyy`` in front on any other day than ``day`` (both languages)."""
    if when.date() == day:
        return format_time(when)
    return f"{format_numeric_date(when.date())} {format_time(when)}"


def _details(doc: AppealProtocol, tr: layout.Bilingual) -> Table:
    """Competition, session, candidate and the testing protocol appealed against."""
    code = f'<font name="{MONO_BOLD}" size="10.5">{escape(doc.candidate_code)}</font>'
    return layout.details_table(
        [
            (tr.pair(COMPETITION), layout.competition(doc.competition_post, doc.school)),
            (tr.pair(DATE), (layout.dates(doc.session_date),)),
            (tr.pair(PLACE), layout.both(layout.data(doc.session_place))),
            (tr.pair(CANDIDATE), (f"<b>{escape(doc.candidate_name)}</b>",)),
            (tr.pair(CODE), (code,)),
            (tr.pair(APPEALED), (tr.slash(NUMBER, number=escape(doc.testing_protocol)),)),
        ]
    )


def _times(doc: AppealProtocol, tr: layout.Bilingual) -> Table:
    """When the test ended, the window closed, the appeal was filed and heard: one row."""
    return layout.figures_table(
        [
            (tr.pair(label), escape(_moment(when, doc.session_date)))
            for label, when in (
                (TEST_ENDED, doc.test_ended_at),
                (WINDOW_CLOSED, doc.deadline),
                (FILED, doc.filed_at),
                (HEARD, doc.heard_at),
            )
        ]
    )


def _commission(doc: AppealProtocol, tr: layout.Bilingual) -> Table:
    """Each member with their role and whether they took part, the chair first."""
    header = [layout.head_cell(tr.pair(label)) for label in (COLUMN_ROLE, COLUMN_NAME)]
    header.append(layout.head_cell(tr.pair(COLUMN_PRESENCE)))
    members = sorted(doc.commission, key=lambda member: ROLES.index(member.role))
    rows = []
    for member in members:
        presence: list[Flowable] = []
        if not member.present:
            presence += layout.paragraphs(tr.pair(ABSENT), layout.CELL, layout.CELL_SECOND)
        if member.conflict:
            texts = tr.pair(CONFLICT, conflict=escape(member.conflict))
            presence += layout.paragraphs(texts, layout.CELL, layout.CELL_SECOND)
        if member.takes_part:
            presence += layout.paragraphs(tr.pair(PRESENT), layout.CELL, layout.CELL_SECOND)
        rows.append(
            [
                layout.paragraphs(
                    tr.pair(ROLE_SHORT[member.role]), layout.CELL, layout.CELL_SECOND
                ),
                Paragraph(escape(member.name), layout.CELL_STRONG),
                presence,
            ]
        )
    return layout.list_table(header, rows, COMMISSION_WIDTHS)


def _letters(letters: str | None) -> str:
    return escape(letters) if letters else DASH


def _questions(doc: AppealProtocol, tr: layout.Bilingual) -> Flowable:
    """One row per examined question, the heading repeated on every page it runs onto.

    A table row cannot break across pages, so a finding too long for one row goes on in rows of
    its own beneath it (reportlab's own in-row splitting repeats the heading in mid-page).
    """
    if not doc.questions:
        return Paragraph(tr.slash(NO_QUESTIONS), layout.TEXT)
    header = [
        layout.head_cell(tr.pair(label))
        for label in (
            COLUMN_QUESTION,
            COLUMN_CHOSEN,
            COLUMN_KEY,
            COLUMN_FAULT,
            COLUMN_FINDING,
            COLUMN_POINTS,
        )
    ]
    finding_width = COLUMN_WIDTHS[4] - 2 * GRID_SIDE_PADDING
    rows: list[list[object]] = []
    commands: list[tuple[object, ...]] = []
    for question in doc.questions:
        fault_styles = (
            (FAULT_YES, FAULT_YES_SECOND) if question.fault else (FAULT_NO, FAULT_NO_SECOND)
        )
        finding: list[Flowable] = []
        if question.established is not None:
            established = f"<b>{_letters(question.established)}</b>"
            finding += layout.paragraphs(
                tr.pair(ESTABLISHED, letters=established), layout.CELL, layout.CELL_SECOND
            )
        finding += [
            Paragraph(escape(line), layout.CELL) for line in question.finding.splitlines() if line
        ]
        changed = question.points_after != question.points_before
        first, *more = _chunks(finding, finding_width, MAX_FINDING_HEIGHT) if finding else [[]]
        first_row = len(rows) + 1  # the heading is row 0
        rows.append(
            [
                Paragraph(str(question.number), CENTERED),
                Paragraph(_letters(question.chosen), LETTERS),
                Paragraph(_letters(question.key), LETTERS),
                layout.paragraphs(tr.pair(FAULT[question.fault]), *fault_styles),
                first or Paragraph(DASH, CENTERED),
                Paragraph(
                    f"{question.points_before} → {question.points_after}",
                    POINTS_CHANGED if changed else POINTS,
                ),
            ]
        )
        # The number, in grey, tells whose finding goes on when the rows fall on a new page.
        go_on = Paragraph(str(question.number), CONTINUED)
        rows += [[go_on, "", "", "", chunk, ""] for chunk in more]
        last_row = len(rows)
        background = FAULT_SHADE if question.fault else colors.white
        if question.fault:
            commands.append(("BACKGROUND", (0, first_row), (-1, last_row), background))
        if more:  # the continuation rows read as one cell: the rules between them are painted out
            commands.append(("LINEBELOW", (0, first_row), (-1, last_row - 1), 0.4, background))
    return layout.list_table(header, rows, COLUMN_WIDTHS, commands=commands)


def _chunks(flowables: list[Flowable], width: float, limit: float) -> list[list[Flowable]]:
    """The paragraphs of a cell in pieces of at most ``limit`` high, split between lines."""
    chunks: list[list[Flowable]] = []
    current: list[Flowable] = []
    used = 0.0
    pending = list(flowables)
    while pending:
        flowable = pending.pop(0)
        _, height = flowable.wrap(width, limit)
        if used + height <= limit:
            current.append(flowable)
            used += height
            continue
        parts = flowable.split(width, limit - used)
        if len(parts) >= 2:  # what fits stays in this piece, the rest opens the next one
            current.append(parts[0])
            pending[:0] = parts[1:]
        elif not current:  # cannot be split at all: it goes whole, the row will be tall
            current.append(flowable)
        else:
            pending.insert(0, flowable)
        chunks.append(current)
        current, used = [], 0.0
    if current:
        chunks.append(current)
    return chunks


def _percent(points: int, max_score: int) -> str:
    # Both printed languages write a decimal comma, so one percentage serves both.
    return escape(format_percent(Fraction(points, max_score or 1), "ky"))


def _meets(score: int, threshold: int) -> bool:
    """Whole points are compared: a score at the threshold meets it (as on the testing protocol)."""
    return score >= threshold


def _scores(doc: AppealProtocol, tr: layout.Bilingual) -> Flowable:
    """The old and the new score against the threshold, each saying whether it meets it."""

    def score(points: int) -> str:
        meets = " / ".join(tr.pair(layout.MEETS_SHORT[_meets(points, doc.threshold)]))
        return (
            f"{points} / {doc.max_score}"
            f' <font name="{REGULAR}" size="9">({_percent(points, doc.max_score)})</font>'
            f'<br/><font name="{REGULAR}" size="7.5">{meets}</font>'
        )

    threshold = (
        f"{doc.threshold}"
        f' <font name="{REGULAR}" size="9">({_percent(doc.threshold, doc.max_score)})</font>'
    )
    figures = layout.figures_table(
        [
            (tr.pair(OLD_SCORE), score(doc.old_score)),
            (tr.pair(NEW_SCORE), score(doc.new_score)),
            (tr.pair(THRESHOLD), threshold),
        ]
    )
    return KeepTogether([*_section(tr, SCORES), figures])


def _decision(doc: AppealProtocol, tr: layout.Bilingual) -> list[Flowable]:
    """The decision, framed: rejected, or satisfied with the new score and the reissued testing
    protocol; under it the statement of cl. 26 that the score now carries, word for word.
    """
    if doc.satisfied:
        message = SATISFIED if doc.new_score != doc.old_score else SATISFIED_SAME
        texts = list(tr.pair(message, old=str(doc.old_score), new=str(doc.new_score)))
        if doc.new_testing_protocol:
            reissued = tr.pair(
                REISSUED,
                number=escape(doc.new_testing_protocol),
                previous=escape(doc.testing_protocol),
            )
            texts = [f"{text} {more}" for text, more in zip(texts, reissued, strict=True)]
    else:
        texts = list(tr.pair(REJECTED))
    statement = STATEMENTS[_meets(doc.new_score, doc.threshold)]
    result: list[Flowable] = [Paragraph(tr.slash(RESULT), RESULT_LABEL)]
    result += [Paragraph(escape(statement[lang]), RESULT_TEXT) for lang in LANGUAGES]
    box = Table(
        [[layout.paragraphs(texts, DECISION_TEXT, DECISION_SECOND)], [result]],
        colWidths=(layout.CONTENT_WIDTH,),
    )
    box.setStyle(
        TableStyle(
            [
                # Tables set their cell font even around paragraphs; the default is Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.4, layout.RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return [*_section(tr, DECISION), box]


#: The QR code of the appeal protocol: the testing protocol's size.
QR_SIZE = 30 * mm
VERIFICATION_TEXT = layout.style("appeal-verification", 9)
VERIFICATION_CODE = layout.style("appeal-verification-code", 11, fontName=MONO_BOLD)


def _verification(doc: AppealProtocol, tr: layout.Bilingual) -> Flowable:
    """After the signatures: the QR code, beside it the number, the verification code and how
    to check them, and under it the payload as a machine-readable line; kept together."""
    assert doc.verification_payload is not None
    texts: list[Flowable] = []
    if doc.verification_code:
        code = escape(doc.verification_code)
        texts.append(Paragraph(tr.slash(VERIFICATION), VERIFICATION_TEXT))
        texts.append(Paragraph(code, VERIFICATION_CODE))
    texts.append(Paragraph(tr.slash(APPEAL_NUMBER, number=escape(doc.number)), VERIFICATION_TEXT))
    texts += layout.paragraphs(tr.pair(VERIFICATION_HINT), layout.CELL, layout.CELL_SECOND)
    box = Table(
        [[qr_drawing(doc.verification_payload, QR_SIZE), texts]],
        colWidths=(QR_SIZE, layout.CONTENT_WIDTH - QR_SIZE),
    )
    box.setStyle(
        TableStyle(
            [
                # Tables set their cell font even around paragraphs; the default is Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether(
        [Spacer(1, 5 * mm), box, Spacer(1, 1 * mm), MachineLine(doc.verification_payload)]
    )
