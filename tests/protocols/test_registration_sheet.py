"""The registration sheet: names, PIN tails only, rows tall enough to sign, headings repeated."""

import io
import itertools
from dataclasses import replace
from datetime import date, datetime, time

from pypdf import PdfReader
from reportlab.lib.units import mm

from protocols.registration_sheet import RegistrationSheet, SheetLine, render_registration_sheet
from tests.helpers.documents import INSTITUTION, PLACE, POST, SCHOOL


def sheet(count: int = 5, **changes) -> RegistrationSheet:
    lines = [
        SheetLine(number, f"Үсөнбаева Гүлнара Өмүрбековна {number}", f"{1000 + number}")
        for number in range(1, count + 1)
    ]
    doc = RegistrationSheet(
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_place=PLACE,
        session_date=date(2026, 10, 30),
        shift=2,
        starts_at=time(13, 0),
        lines=lines,
        issued_at=datetime(2026, 10, 29, 17, 30),
        responsible_person="Асанов Бакыт Жумабекович",
        number="KR-2026-000123",
    )
    return replace(doc, **changes)


def test_the_sheet_lists_every_candidate_with_the_tail_of_the_personal_number(pdf_text):
    text = pdf_text(render_registration_sheet(sheet(5)))
    for number in range(1, 6):
        assert f"{number} Үсөнбаева Гүлнара Өмүрбековна {number} …{1000 + number}" in text


def test_only_the_last_four_digits_of_a_personal_number_are_printed(pdf_text):
    whole = "22001198512345"
    doc = sheet(lines=[SheetLine(1, "Асанов Бакыт", whole)])
    text = pdf_text(render_registration_sheet(doc))
    assert "…2345" in text
    assert whole not in text
    assert "12345" not in text


def test_the_headings_and_the_session_are_in_both_languages(pdf_text):
    text = pdf_text(render_registration_sheet(sheet()))
    for expected in (
        "Талапкерлерди каттоо барагы",
        "Лист регистрации кандидатов",
        "№ KR-2026-000123",
        "Аты-жөнү Ф. И. О.",
        "Жеке номери Персональный номер",
        "Келген убактысы Время прибытия",
        "Колу Подпись",
        "«30» октябрь 2026-ж. / «30» октября 2026 г.",
        "Смена 2",
        "Тестирлөөнүн башталышы Начало тестирования 13:00",
        "Тыныстанов көчөсү",
        "Составлен: «29» октября 2026 г., 17:30",
    ):
        assert expected in text, expected


def test_the_operator_signs_at_the_end(pdf_text):
    text = pdf_text(render_registration_sheet(sheet()))
    assert "Каттоо үчүн жооптуу адам Ответственный за регистрацию" in text
    assert text.rindex("Асанов Бакыт Жумабекович") > text.rindex("Өмүрбековна 5")


def test_without_a_start_time_or_number_those_lines_are_left_out(pdf_text):
    text = pdf_text(render_registration_sheet(sheet(starts_at=None, number=None)))
    assert "Начало тестирования" not in text
    assert "№ KR" not in text


def row_tops(pdf: bytes, page_number: int = 0) -> list[float]:
    """The heights on the page at which the row numbers 1, 2, … are printed, top first."""
    found: dict[int, float] = {}

    def visit(text, cm, tm, _font, _size):
        # reportlab moves the graphics origin to each cell: add both matrices' offsets.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip().isdigit() and x < 30 * mm:  # the number column at the left edge
            found.setdefault(int(text), y)

    PdfReader(io.BytesIO(pdf)).pages[page_number].extract_text(visitor_text=visit)
    return [found[number] for number in sorted(found)]


def test_rows_are_tall_enough_to_sign_in():
    tops = row_tops(render_registration_sheet(sheet(8)))
    assert len(tops) == 8
    gaps = [upper - lower for upper, lower in itertools.pairwise(tops)]
    assert min(gaps) >= 9 * mm, [gap / mm for gap in gaps]


def test_a_long_name_makes_its_row_taller_instead_of_overflowing():
    long_name = "Абдыкалыкова-Түлөбердиева Бүбүсара Кеңешбековна кызы " * 2
    lines = [SheetLine(1, long_name, "1234"), SheetLine(2, "Асанов Бакыт", "5678")]
    tops = row_tops(render_registration_sheet(sheet(lines=lines)))
    assert tops[0] - tops[1] > 12 * mm


def test_a_sheet_of_100_repeats_its_headings_and_numbers_its_pages():
    reader = PdfReader(io.BytesIO(render_registration_sheet(sheet(100))))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        assert "Жеке номери Персональный номер" in page, number
        assert f"{number} / {len(pages)}" in page, number
    text = " ".join(pages)
    assert all(f"Өмүрбековна {number} …{1000 + number}" in text for number in range(1, 101))


def test_every_label_has_a_kyrgyz_and_a_russian_translation():
    render_registration_sheet(sheet(), strict=True)


def test_every_font_is_embedded_and_none_is_a_base14_font(pdf_fonts, base14):
    pdf = render_registration_sheet(sheet())
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all(fonts.values()), fonts
    assert not [name for name in fonts if base14.search(name)], fonts
    assert b"Helvetica" not in pdf


def test_the_same_sheet_gives_the_same_bytes():
    assert render_registration_sheet(sheet()) == render_registration_sheet(sheet())
