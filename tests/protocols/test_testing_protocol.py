"""The testing protocol of cl. 26: one bilingual page with the statement, fonts embedded."""

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from protocols.fonts import BOLD, register_fonts
from protocols.testing_protocol import STATEMENTS, render_testing_protocol
from translations import Translator

MEETS_KY = "Топтолгон балл квалификациялык талаптарга жооп берет"
MEETS_RU = "Набранный балл соответствует квалификационным требованиям"
FAILS_KY = "Топтолгон балл квалификациялык талаптарга жооп бербейт"
FAILS_RU = "Набранный балл не соответствует квалификационным требованиям"


def test_a_protocol_is_exactly_one_page(protocol):
    assert len(PdfReader(io.BytesIO(render_testing_protocol(protocol))).pages) == 1


def test_a_passing_score_carries_the_meeting_statement_in_both_languages(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(protocol))
    assert MEETS_KY in text
    assert MEETS_RU in text
    assert FAILS_KY not in text
    assert FAILS_RU not in text


def test_a_failing_score_carries_the_other_statement(protocol, pdf_text):
    failed = replace(protocol, score=41, meets=False)
    text = pdf_text(render_testing_protocol(failed))
    assert FAILS_KY in text
    assert FAILS_RU in text
    assert MEETS_KY not in text
    assert MEETS_RU not in text
    assert "41 / 80" in text


def test_the_protocol_names_the_candidate_the_score_and_the_session(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(protocol))
    for expected in (
        "Тестирлөөнүн протоколу / Протокол тестирования",
        "№ 2026-0001-01-00003",
        "Үсөнбаева Гүлнара Өмүрбековна",
        "7K3M-9QXT-2RH",
        "52 / 80 (65 %)",
        "48 (60 %)",
        "«30» октябрь 2026-ж.",
        "«30» октября 2026 г.",
        "10:02 – 11:31",
        "Мектеп директору",
        "Директор школы",
        "Бишкек шаарындагы №64 Өмүрбек Жапаров атындагы орто мектеп",
        "Билим берүүнү өнүктүрүү борбору",
        "Тыныстанов көчөсү",
        "Асанов Бакыт Жумабекович",
    ):
        assert expected in text, expected


def test_the_appeal_deadline_is_printed_in_both_languages(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(protocol))
    assert "Акыркы мөөнөтү: 12:31." in text
    assert "техническую апелляцию в месте проведения тестирования до 12:31" in text


def test_the_appeal_deadline_names_its_day_when_it_falls_on_the_next_one(protocol, pdf_text):
    late = replace(
        protocol,
        ended_at=protocol.ended_at.replace(hour=23, minute=40),
        appeal_deadline=protocol.ended_at.replace(day=31, hour=0, minute=40),
    )
    text = pdf_text(render_testing_protocol(late))
    assert "«31» октябрь 2026-ж. 00:40" in text
    assert "«31» октября 2026 г. 00:40" in text


def test_a_reissued_protocol_says_which_protocol_it_replaces(protocol, pdf_text):
    reissue = replace(
        protocol, number="2026-0001-01-00003-2", version=2, supersedes="2026-0001-01-00003"
    )
    text = pdf_text(render_testing_protocol(reissue))
    assert "2-версия; № 2026-0001-01-00003 протоколдун ордуна берилди" in text
    assert "Версия 2; выдан взамен протокола № 2026-0001-01-00003" in text


def test_a_first_version_says_nothing_about_versions(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(protocol))
    assert "версия" not in text.lower()


def test_a_verification_code_is_printed_when_there_is_one(protocol, pdf_text):
    assert "Текшерүү коду" not in pdf_text(render_testing_protocol(protocol))
    text = pdf_text(render_testing_protocol(replace(protocol, verification_code="H4Q9-2KXM")))
    assert "Текшерүү коду: H4Q9-2KXM / Код проверки: H4Q9-2KXM" in text


def test_without_a_responsible_person_the_name_line_stays_blank(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(replace(protocol, responsible_person="")))
    assert "Жооптуу адам" in text
    assert "Асанов" not in text


def test_every_font_is_embedded_and_none_is_a_base14_font(protocol, pdf_fonts, base14):
    pdf = render_testing_protocol(protocol)
    fonts = pdf_fonts(pdf)
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert not [name for name in fonts if base14.search(name)], fonts
    assert b"Helvetica" not in pdf


def test_very_long_texts_still_fit_on_one_page(protocol, pdf_text):
    long_school = {lang: " ".join([text] * 4) for lang, text in protocol.school.items()}
    long_name = "Абдыкадыр кызы Айпери Токтогуловна-Өмүрзакова (Жээнбекова) Гүлнара Сүйүнбаевна"
    crowded = replace(
        protocol,
        school=long_school,
        candidate_name=long_name,
        version=3,
        supersedes="2026-0001-01-00003-2",
        verification_code="H4Q9-2KXM-T7",
    )
    pdf = render_testing_protocol(crowded)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf)
    assert long_name in text
    assert FAILS_KY not in text and MEETS_KY in text


def test_nothing_is_written_in_the_square_kept_for_the_qr_code(protocol):
    assert not written_in_the_qr_square(render_testing_protocol(protocol))


def written_in_the_qr_square(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """The pieces of text placed, even in part, in the bottom-right 30 mm square."""
    register_fonts()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width = float(page.mediabox.width)
    placed: list[tuple[float, float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            # Measured in the bold face, the widest of the three: an upper bound of the extent.
            extent = stringWidth(text.strip(), BOLD, size * abs(tm[0] * cm[0]))
            placed.append((x, x + extent, y, text))

    page.extract_text(visitor_text=visit)
    assert placed
    square_left, square_top = width - 20 * mm - 30 * mm, 20 * mm + 30 * mm
    return [p for p in placed if p[1] > square_left and p[2] < square_top]


def test_every_label_has_a_kyrgyz_and_a_russian_translation(protocol):
    render_testing_protocol(protocol, strict=True)
    everything = replace(protocol, version=2, supersedes="2026-1", verification_code="H4Q9")
    render_testing_protocol(everything, strict=True)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_catalogue_quotes_the_statements_as_the_protocol_prints_them(language):
    translate = Translator(language, strict=True)
    for meets, statement in STATEMENTS.items():
        assert translate(statement["en"]) == statement[language], meets


def test_the_same_protocol_gives_the_same_bytes(protocol):
    assert render_testing_protocol(protocol) == render_testing_protocol(protocol)


def test_the_document_describes_itself(protocol):
    metadata = PdfReader(io.BytesIO(render_testing_protocol(protocol))).metadata
    assert metadata is not None
    assert metadata.title == ("Тестирлөөнүн протоколу / Протокол тестирования № 2026-0001-01-00003")
    assert "Билим берүүнү өнүктүрүү борбору" in (metadata.author or "")
    assert "квалификациялык тестирлөө" in (metadata.subject or "")


APPEAL_KY = "№ A-2026-0001-00003 техникалык апелляциядан кийин кайра берилди."
APPEAL_RU = "Выдан заново после технической апелляции № A-2026-0001-00003."
REPLACES_KY = "№ 2026-0001-01-00003 протоколдун ордуна берилди."
REPLACES_RU = "Заменяет протокол № 2026-0001-01-00003."


def reissued_after_appeal(protocol):
    """The protocol reissued with a new score after a satisfied technical appeal."""
    return replace(
        protocol,
        number="2026-0001-01-00003-v2",
        score=54,
        version=2,
        supersedes="2026-0001-01-00003",
        appeal_number="A-2026-0001-00003",
    )


def test_a_protocol_reissued_after_an_appeal_is_marked_in_both_languages(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(reissued_after_appeal(protocol)))
    for expected in (APPEAL_KY, REPLACES_KY, APPEAL_RU, REPLACES_RU):
        assert expected in text, expected
    assert "№ 2026-0001-01-00003-v2" in text
    assert "54 / 80 (67,5 %)" in text
    # Near the heading: under the protocol's own number, above the details.
    assert text.index("№ 2026-0001-01-00003-v2") < text.index(APPEAL_KY)
    assert text.index(REPLACES_RU) < text.index("Конкурс: кызмат орду жана мектеп")


def test_the_appeal_mark_takes_the_place_of_the_version_line(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(reissued_after_appeal(protocol)))
    assert "2-версия" not in text
    assert "Версия 2" not in text


def test_a_protocol_without_the_appeal_fields_carries_no_mark(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(protocol))
    assert "техникалык апелляциядан кийин" not in text
    assert "Выдан заново" not in text
    assert "Заменяет протокол" not in text
    assert "протоколдун ордуна" not in text


def test_a_superseding_protocol_without_an_appeal_still_says_what_it_replaces(protocol, pdf_text):
    text = pdf_text(render_testing_protocol(replace(protocol, supersedes="2026-0001-01-00003")))
    assert REPLACES_KY in text
    assert REPLACES_RU in text
    assert "апелляциядан кийин" not in text
    assert "после технической апелляции" not in text


def test_a_protocol_reissued_after_an_appeal_stays_one_page_clear_of_the_qr_square(protocol):
    crowded = replace(reissued_after_appeal(protocol), verification_code="H4Q9-2KXM-T7")
    pdf = render_testing_protocol(crowded)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert not written_in_the_qr_square(pdf)


def test_the_appeal_mark_has_a_kyrgyz_and_a_russian_translation(protocol):
    render_testing_protocol(reissued_after_appeal(protocol), strict=True)
    render_testing_protocol(replace(protocol, supersedes="2026-1"), strict=True)
