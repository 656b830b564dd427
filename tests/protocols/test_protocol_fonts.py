"""The bundled fonts: registered once, with every Kyrgyz letter, loadable by the screens too."""

import pytest
from reportlab.pdfbase import pdfmetrics

from protocols.fonts import (
    BOLD,
    FONT_FILES,
    MONO_BOLD,
    REGULAR,
    font_bytes,
    font_path,
    register_fonts,
)

KYRGYZ_LETTERS = "ҢңӨөҮү"


def test_registering_twice_registers_the_same_fonts():
    register_fonts()
    first = {name: pdfmetrics.getFont(name) for name in FONT_FILES}
    register_fonts()
    assert {name: pdfmetrics.getFont(name) for name in FONT_FILES} == first


@pytest.mark.parametrize("name", [REGULAR, BOLD])
def test_the_text_fonts_draw_every_kyrgyz_letter(name):
    register_fonts()
    face = pdfmetrics.getFont(name).face
    missing = [letter for letter in KYRGYZ_LETTERS if ord(letter) not in face.charToGlyph]
    assert not missing


def test_the_code_font_draws_every_code_symbol():
    register_fonts()
    face = pdfmetrics.getFont(MONO_BOLD).face
    assert all(ord(symbol) in face.charToGlyph for symbol in "0123456789ABCDEFGHJKMNPQRSTVWXYZ-")


def test_a_font_path_is_the_same_file_as_the_bundled_bytes():
    assert font_path().read_bytes() == font_bytes(REGULAR)
    assert font_path(bold=True).read_bytes() == font_bytes(BOLD)
    assert font_path(mono=True).read_bytes() == font_bytes(MONO_BOLD)
    assert font_bytes(REGULAR)[:4] == b"\x00\x01\x00\x00"  # a TrueType file


def test_an_unknown_font_is_refused():
    with pytest.raises(ValueError):
        font_bytes("Helvetica")
