"""The ranking of a competition's candidates, with its outcome: winner, reserve, tie or void.

The outcome is stated in words at the top (cl. 29-30): the winner's name; or that the competition
is void, with the reason in the words of cl. 30; or that the highest score is shared and an
additional test or a decision is still needed, naming the tied candidates.  The ranking follows,
then the reserve of personnel in a section of its own (cl. 32).  The caller decides places and
standings; this module only prints them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from protocols import _layout as layout
from protocols._layout import LANGUAGES
from protocols.fonts import REGULAR, register_fonts
from protocols.results_protocol import SignatureLine
from translations import N_

OUTCOMES = ("winner", "tie_unresolved", "void", "pending", "no_runner_up")

#: The void competition of cl. 30: the sentence and its four reasons, in the regulation's words.
#: They are printed from here, not from the catalogue, so that editing a translation can never
#: change the legal wording; a test checks that the catalogue says the same.
VOID: Mapping[str, str] = {
    "ky": "Жобонун 30-пунктуна ылайык конкурс өткөн жок деп табылат: {reason}.",
    "ru": "В соответствии с пунктом 30 Положения конкурс признается несостоявшимся: {reason}.",
    "en": N_("Under cl. 30 of the regulation the competition is void: {reason}."),
}
VOID_REASONS: Mapping[str, Mapping[str, str]] = {
    "no_applications": {
        "ky": "конкурска катышууга талапкерлердин арыздары жок",
        "ru": "отсутствуют заявления кандидатов на участие в конкурсе",
        "en": N_("there are no applications to take part in the competition"),
    },
    "all_withdrew": {
        "ky": "бардык талапкерлер өздөрүнүн талапкерлигин алып коюу тууралуу арыздарын "
        "конкурстук комиссияга беришти",
        "ru": "все кандидаты подали в конкурсную комиссию заявления о снятии своих кандидатур",
        "en": N_("all candidates have asked the competition commission to withdraw them"),
    },
    "none_came": {
        "ky": "конкурска бардык талапкерлер келбей калышты",
        "ru": "на конкурс не явился ни один кандидат",
        "en": N_("no candidate came to the competition"),
    },
    "none_reached_threshold": {
        "ky": "талапкерлер босого баллды топтой албай калышты",
        "ru": "ни один кандидат не набрал пороговый балл",
        "en": N_("no candidate reached the threshold score"),
    },
}


@dataclass(frozen=True)
class RankLine:
    """One candidate in the ranking.

    ``place`` is a competition ranking (1, 1, 3), None for those absent or withdrawn;
    ``extra_score`` is the additional test's score when one was held, ``total`` the sum that
    decides (cl. 29).  ``standing`` is one of :data:`protocols._layout.STANDINGS`.
    """

    place: int | None
    candidate_name: str
    main_score: int | None
    extra_score: int | None
    total: int | None
    meets: bool | None
    standing: str


@dataclass(frozen=True)
class RankingDocument:
    """Everything the ranking prints.  ``outcome`` is one of :data:`OUTCOMES`.

    ``tie_break_questions`` is the number of questions of the additional test if one was held;
    ``void_reason`` (a key of :data:`VOID_REASONS`) is required when the outcome is ``void``.
    """

    number: str
    institution: Mapping[str, str]
    competition_post: Mapping[str, str]
    school: Mapping[str, str]
    threshold: int
    question_count: int
    tie_break_questions: int | None
    lines: Sequence[RankLine]
    outcome: str
    winner_name: str | None
    void_reason: str | None
    signatures: Sequence[SignatureLine]
    issued_at: datetime


TITLE = N_("Results of the competition: ranking of the candidates")
SUBJECT = N_(
    "Ranking of the candidates, winner and reserve of a competition for a school-head post"
)
COMPETITION = N_("Competition: post and school")
QUESTIONS = N_("Number of questions")
TIE_BREAK_QUESTIONS = N_("Questions in the additional test")
THRESHOLD = N_("Threshold score")
OUTCOME = N_("Outcome of the competition")
WINNER = N_("{name} is recognised as the winner of the competition.")
BY_SUM = N_(
    "The winner was determined by adding up the scores of the main and the additional test "
    "(cl. 29 of the regulation)."
)
REFUSED = N_("Refused to conclude the employment contract: {names}.")
TIE_UNRESOLVED = N_(
    "The winner has not been determined: {names} have the same highest score. "
    "A decision is required."
)
NO_RUNNER_UP = N_(
    "No winner: the winner refused to conclude the employment contract and no other candidate "
    "reached the threshold score. Under cl. 29 of the regulation the organizer may announce the "
    "competition again."
)
PENDING = N_(
    "{names} have the same highest score. Under cl. 29 of the regulation an additional test is "
    "held; the winner is determined by adding up the scores of the main and the additional test."
)
COLUMN_PLACE = N_("Place")
COLUMN_NAME = N_("Full name")
COLUMN_MAIN = N_("Main test")
COLUMN_EXTRA = N_("Additional test")
COLUMN_TOTAL = N_("Sum of scores")
COLUMN_SCORE = N_("Points")
COLUMN_MEETS = N_("Qualification requirements")
COLUMN_STANDING = N_("Standing")
RESERVE = N_("Reserve of personnel (cl. 32 of the regulation)")
RESERVE_EMPTY = N_("Nobody enters the reserve of personnel.")
RESERVE_RULE = N_(
    "A candidate who scored less than the threshold score does not enter the reserve of personnel."
)

CENTERED = layout.style("ranking-centered", 8.5, alignment=TA_CENTER)
FIGURE = layout.style("ranking-figure", 8.5, alignment=TA_RIGHT)
OUTCOME_TEXT = layout.style("ranking-outcome", 10, bold=True, spaceBefore=1 * mm)
OUTCOME_TEXT_SECOND = layout.style("ranking-outcome-second", 10, spaceBefore=1.5 * mm)
OUTCOME_LABEL = layout.style("ranking-outcome-label", 8, alignment=TA_CENTER, textColor=layout.GREY)
#: Winner and reserve rows stand out on a light ground.
HIGHLIGHT = colors.Color(0.94, 0.94, 0.94)


def render_ranking(doc: RankingDocument, *, strict: bool = False) -> bytes:
    """The ranking as an A4 PDF in Kyrgyz and Russian, the outcome stated first.

    ``strict`` makes a label without a Kyrgyz or Russian translation an error
    (:class:`translations.MissingTranslation`) instead of printing it in English.
    """
    _check(doc)
    register_fonts()  # before the first paragraph: it maps <b> to the bold DejaVu face
    tr = layout.Bilingual(strict=strict)
    story: list[Flowable] = layout.heading(doc.institution, tr.pair(TITLE), doc.number, tr)
    story.append(_outcome_box(doc, tr))
    story.append(Spacer(1, 3 * mm))
    story += _details(doc, tr)
    story.append(Spacer(1, 3 * mm))
    if doc.lines:
        story.append(_ranking_table(doc, tr))
    story += _reserve(doc, tr)
    signers = [
        layout.Signer(layout.both(layout.data(line.role)), line.name) for line in doc.signatures
    ]
    story.append(layout.closing(doc.issued_at, signers, tr))
    return layout.build_pdf(
        story,
        title=tr.plain(TITLE),
        subject=tr.plain(SUBJECT),
        institution=doc.institution,
        number=doc.number,
        tr=tr,
    )


def _check(doc: RankingDocument) -> None:
    """Refuse a document whose outcome could not be stated."""
    if doc.outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {doc.outcome!r}; expected one of {OUTCOMES}")
    if doc.outcome == "winner" and not doc.winner_name:
        raise ValueError("the outcome is a winner, but no winner is named")
    if doc.outcome == "void" and doc.void_reason not in VOID_REASONS:
        raise ValueError(f"a void competition needs a reason from {tuple(VOID_REASONS)}")
    for line in doc.lines:
        layout.standing_message(line.standing)


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"<b>{escape(name)}</b>" for name in names)


def _outcome_texts(doc: RankingDocument, tr: layout.Bilingual) -> list[tuple[str, str]]:
    """The outcome as sentences, each in Kyrgyz and Russian (escaped markup)."""
    if doc.outcome == "void":
        reason = VOID_REASONS[doc.void_reason or ""]
        texts = tuple(escape(VOID[lang]).format(reason=escape(reason[lang])) for lang in LANGUAGES)
        return [(texts[0], texts[1])]
    tied = [line.candidate_name for line in doc.lines if line.standing == "tied"]
    if not tied:  # the caller marked no one: the candidates sharing first place are the tie
        tied = [line.candidate_name for line in doc.lines if line.place == 1]
    if doc.outcome == "tie_unresolved":
        return [tr.pair(TIE_UNRESOLVED, names=_names(tied))]
    if doc.outcome == "pending":
        return [tr.pair(PENDING, names=_names(tied))]
    refused = [line.candidate_name for line in doc.lines if line.standing == "refused"]
    if doc.outcome == "no_runner_up":
        return [tr.pair(REFUSED, names=_names(refused)), tr.pair(NO_RUNNER_UP)]
    sentences = [tr.pair(WINNER, name=_names([doc.winner_name or ""]))]
    if doc.tie_break_questions:
        sentences.append(tr.pair(BY_SUM))
    if refused:
        sentences.append(tr.pair(REFUSED, names=_names(refused)))
    return sentences


def _outcome_box(doc: RankingDocument, tr: layout.Bilingual) -> Table:
    """The outcome, framed: all Kyrgyz sentences, then all Russian ones."""
    sentences = _outcome_texts(doc, tr)
    content: list[Flowable] = [Paragraph(tr.slash(OUTCOME), OUTCOME_LABEL)]
    content.append(Paragraph(" ".join(ky for ky, _ in sentences), OUTCOME_TEXT))
    content.append(Paragraph(" ".join(ru for _, ru in sentences), OUTCOME_TEXT_SECOND))
    box = Table([[content]], colWidths=(layout.CONTENT_WIDTH,))
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not the table default, Helvetica
                ("BOX", (0, 0), (-1, -1), 1.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return box


def _details(doc: RankingDocument, tr: layout.Bilingual) -> list[Flowable]:
    """The competition, then the rules it was held under as one row of figures."""
    figures = [
        (tr.pair(QUESTIONS), str(doc.question_count)),
        (tr.pair(THRESHOLD), str(doc.threshold)),
    ]
    if doc.tie_break_questions:
        figures.append((tr.pair(TIE_BREAK_QUESTIONS), str(doc.tie_break_questions)))
    competition = layout.details_table(
        [(tr.pair(COMPETITION), layout.competition(doc.competition_post, doc.school))]
    )
    return [competition, Spacer(1, 2 * mm), layout.figures_table(figures)]


def _figure(value: int | None) -> Paragraph:
    return Paragraph(str(value), FIGURE) if value is not None else Paragraph("—", CENTERED)


def _ranking_table(doc: RankingDocument, tr: layout.Bilingual) -> Table:
    """Every candidate in the caller's order, with scores, requirement and standing."""
    tie_break = bool(doc.tie_break_questions)
    labels = [COLUMN_PLACE, COLUMN_NAME, COLUMN_MAIN]
    widths = [12 * mm, 85 * mm, 17 * mm]
    if tie_break:
        labels += [COLUMN_EXTRA, COLUMN_TOTAL]
        widths = [12 * mm, 53 * mm, 17 * mm, 18 * mm, 17 * mm]
    labels += [COLUMN_MEETS, COLUMN_STANDING]
    # The standing column fits «Кадрлардын резерви» on one line.
    widths += [26 * mm, layout.CONTENT_WIDTH - sum(widths) - 26 * mm]
    header = [layout.head_cell(tr.pair(label)) for label in labels]
    rows: list[list[object]] = []
    commands: list[tuple[object, ...]] = []
    for index, line in enumerate(doc.lines, start=1):
        name_style = layout.CELL_STRONG if line.standing == "winner" else layout.CELL
        row: list[object] = [
            _figure(line.place),
            Paragraph(escape(line.candidate_name), name_style),
            _figure(line.main_score),
        ]
        if tie_break:
            row += [_figure(line.extra_score), _figure(line.total)]
        meets = (
            layout.paragraphs(
                tr.pair(layout.MEETS_SHORT[line.meets]), layout.CELL, layout.CELL_SECOND
            )
            if line.meets is not None
            else Paragraph("—", CENTERED)
        )
        standing = tr.pair(layout.standing_message(line.standing))
        row += [meets, layout.paragraphs(standing, name_style, layout.CELL_SECOND)]
        rows.append(row)
        if line.standing in ("winner", "reserve"):
            commands.append(("BACKGROUND", (0, index), (-1, index), HIGHLIGHT))
    return layout.list_table(header, rows, widths, commands=commands)


def _reserve(doc: RankingDocument, tr: layout.Bilingual) -> list[Flowable]:
    """The reserve of personnel (cl. 32): its members in order, and who may not enter it."""
    members = [line for line in doc.lines if line.standing == "reserve"]
    story: list[Flowable] = [Paragraph(tr.slash(RESERVE), layout.SECTION)]
    if members:
        header = [layout.head_cell(tr.pair(label)) for label in (COLUMN_PLACE, COLUMN_NAME)]
        header.append(layout.head_cell(tr.pair(COLUMN_SCORE)))
        # The main test's score: an additional test only ever separates those tied for first.
        rows = [
            [
                _figure(line.place),
                Paragraph(escape(line.candidate_name), layout.CELL),
                _figure(line.main_score),
            ]
            for line in members
        ]
        widths = (13 * mm, layout.CONTENT_WIDTH - 13 * mm - 30 * mm, 30 * mm)
        story.append(layout.list_table(header, rows, widths))
    else:
        story += layout.paragraphs(tr.pair(RESERVE_EMPTY), layout.TEXT, layout.TEXT_SECOND)
    story.append(Spacer(1, 1.5 * mm))
    story += layout.paragraphs(tr.pair(RESERVE_RULE), layout.CELL, layout.CELL_SECOND)
    return story
