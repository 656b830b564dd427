"""Code slips: eight to an A4 page, every code and name printed, fonts embedded."""

import io

import pytest
from pypdf import PdfReader

from protocols.code_slips import render_code_slips


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (8, 1), (9, 2), (17, 3)])
def test_eight_slips_fit_on_a_page(make_slips, count, pages):
    pdf = render_code_slips(make_slips(count))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == pages


def test_every_code_and_name_is_printed(make_slips, pdf_text):
    slips = make_slips(11)
    text = pdf_text(render_code_slips(slips))
    for slip in slips:
        assert slip.code in text
        assert slip.candidate_name in text


def test_each_slip_says_when_where_and_how_in_both_languages(make_slips, pdf_text):
    text = pdf_text(render_code_slips(make_slips(4)))
    for expected in (
        "Мектеп директору / Директор школы",
        "Кирүү коду / Код для входа",
        "«30» октябрь 2026-ж.",
        "«30» октября 2026 г.",
        "башталышы саат 09:00",
        "начало в 09:00",
        "2-смена",
        "смена 2",
        "Тыныстанов көчөсү",
        "латын тамгалары",
        "латинские буквы",
        "эч кимге көрсөтпөңүз",
        "никому его не показывайте",
    ):
        assert expected in text, expected


def test_every_font_is_embedded_and_none_is_a_base14_font(make_slips, pdf_fonts, base14):
    pdf = render_code_slips(make_slips(9))
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all(fonts.values()), fonts
    assert not [name for name in fonts if base14.search(name)], fonts
    assert b"Helvetica" not in pdf


def test_every_text_has_a_kyrgyz_and_a_russian_translation(make_slips):
    render_code_slips(make_slips(3), strict=True)


def test_no_slips_is_a_mistake():
    with pytest.raises(ValueError):
        render_code_slips([])


def test_the_same_slips_give_the_same_bytes(make_slips):
    assert render_code_slips(make_slips(3)) == render_code_slips(make_slips(3))
