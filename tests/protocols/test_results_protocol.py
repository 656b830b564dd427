"""The session results protocol: cl. 26 statements per row, totals, observers, many pages."""

import io
import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from protocols.results_protocol import (
    ResultLine,
    SessionResults,
    SignatureLine,
    render_session_results,
)
from tests.helpers.documents import INSTITUTION, PLACE, POST, SCHOOL

MEETS_KY = "Топтолгон балл квалификациялык талаптарга жооп берет"
MEETS_RU = "Набранный балл соответствует квалификационным требованиям"
FAILS_KY = "Топтолгон балл квалификациялык талаптарга жооп бербейт"
FAILS_RU = "Набранный балл не соответствует квалификационным требованиям"
HEAD = "Руководитель центра тестирования"


def session(lines, **changes) -> SessionResults:
    """A session of 80 questions, threshold 48, with the given rows."""
    doc = SessionResults(
        number="KT-2026-000123",
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_date=date(2026, 10, 30),
        shift=2,
        session_place=PLACE,
        question_count=80,
        max_score=80,
        threshold=48,
        lines=lines,
        observers=("Сооронбаева Айзада Кубанычбековна",),
        signatures=(
            SignatureLine(
                {"ky": "Тестирлөө борборунун жетекчиси", "ru": HEAD}, "Асанов Бакыт Жумабекович"
            ),
        ),
        issued_at=datetime(2026, 10, 30, 13, 45),
    )
    return replace(doc, **changes)


def submitted(number: int, score: int) -> ResultLine:
    return ResultLine(
        number, f"Үсөнбаева Гүлнара {number}", f"7K3M-9Q{number:02d}-2RH", "submitted", score,
        score >= 48,
    )  # fmt: skip


MIXED = (
    submitted(1, 52),
    submitted(2, 41),
    submitted(3, 48),
    ResultLine(4, "Өмүрбеков Жеңиш", None, "absent", None, None),
    ResultLine(5, "Төлөнов Нурлан", "7K3M-9Q05-2RH", "withdrawn", None, None),
    ResultLine(6, "Асанова Айгүл", None, "withdrawn", None, None),
    submitted(7, 47),
)


def test_each_submitted_row_carries_its_cl26_statement_in_both_languages(pdf_text):
    text = pdf_text(render_session_results(session(MIXED)))
    assert text.count(MEETS_KY) == 2
    assert text.count(MEETS_RU) == 2
    assert text.count(FAILS_KY) == 2
    assert text.count(FAILS_RU) == 2


def test_rows_without_a_score_say_why(pdf_text):
    lines = (*MIXED, ResultLine(8, "Сыдыков Талант", "7K3M-9Q08-2RH", "in_progress", None, None))
    text = pdf_text(render_session_results(session(lines)))
    assert "Келген жок Не явился" in text
    assert text.count("Баш тартты Отказался от участия") == 2
    assert "Тестирлөө аяктаган жок Тестирование не завершено" in text


def test_rows_print_name_code_score_and_percent(pdf_text):
    text = pdf_text(render_session_results(session(MIXED)))
    assert "Үсөнбаева Гүлнара 1 7K3M-9Q01-2RH 52 65 %" in text
    assert "Үсөнбаева Гүлнара 7 7K3M-9Q07-2RH 47 58,75 %" in text
    assert "Өмүрбеков Жеңиш — — —" in text  # no code, no score, no percentage


def test_the_header_names_the_session_and_its_rules(pdf_text):
    text = pdf_text(render_session_results(session(MIXED)))
    for expected in (
        "Тестирлөөнүн жыйынтыктары боюнча протокол",
        "Протокол результатов тестирования",
        "№ KT-2026-000123",
        "«30» октябрь 2026-ж. / «30» октября 2026 г.",
        "Смена 2",
        "Тыныстанов көчөсү",
        "Бишкек шаарындагы №64 Өмүрбек Жапаров атындагы орто мектеп",
        "Суроолордун саны Количество вопросов 80",
        "Босого балл Пороговый балл 48 (60 %)",
        "Түзүлдү: «30» октябрь 2026-ж., саат 13:45 / Составлен: «30» октября 2026 г., 13:45",
    ):
        assert expected in text, expected


def totals(text: str) -> dict[str, int]:
    """``{Russian label: figure}`` of the totals table."""
    found = re.findall(r"/ ([А-Яа-я ]+?) (\d+)(?= |$)", text[text.index("Итого") :])
    return {label: int(figure) for label, figure in found}


def test_totals_count_every_outcome(pdf_text):
    text = pdf_text(render_session_results(session(MIXED)))
    assert totals(text) == {
        "Зарегистрировано": 7,
        "Явились": 5,  # the candidate who withdrew before logging in did not come
        "Завершили тестирование": 4,
        "Соответствуют требованиям": 2,
        "Не соответствуют требованиям": 2,
        "Не явились": 1,
        "Отказались от участия": 2,
    }


def test_candidates_still_testing_are_counted_when_there_are_any(pdf_text):
    lines = (*MIXED, ResultLine(8, "Сыдыков Талант", "7K3M-9Q08-2RH", "in_progress", None, None))
    found = totals(pdf_text(render_session_results(session(lines))))
    assert found["Не завершили"] == 1
    assert found["Явились"] == 6


def test_observers_and_signatures_are_printed(pdf_text):
    text = pdf_text(render_session_results(session(MIXED)))
    assert "Катышкан байкоочулар: Сооронбаева Айзада Кубанычбековна" in text
    assert "Присутствовавшие наблюдатели: Сооронбаева Айзада Кубанычбековна" in text
    assert "Тестирлөө борборунун жетекчиси" in text
    assert HEAD in text
    assert "Асанов Бакыт Жумабекович" in text
    assert "Байкоочу Наблюдатель" in text  # the observer's own signature line


def test_without_observers_the_protocol_says_none(pdf_text):
    text = pdf_text(render_session_results(session(MIXED, observers=())))
    assert "Катышкан байкоочулар: жок" in text
    assert "Присутствовавшие наблюдатели: нет" in text
    assert "Наблюдатель" not in text.replace("наблюдатели", "")


def test_a_session_of_100_repeats_the_headings_and_numbers_every_page():
    lines = [submitted(number, 30 + number % 40) for number in range(1, 101)]
    reader = PdfReader(io.BytesIO(render_session_results(session(lines))))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        assert "Талапкердин шифри (коду)" in page, number  # the heading of the code column
        assert "Натыйжа Результат" in page, number
        assert f"{number} / {len(pages)}" in page, number
        assert "№ KT-2026-000123" in page, number
    text = " ".join(pages)
    assert all(f"7K3M-9Q{number:02d}-2RH" in text for number in range(1, 101))


def test_a_single_page_has_no_page_number(pdf_text):
    text = pdf_text(render_session_results(session(MIXED[:2], observers=())))
    assert "1 / 1" not in text


def test_every_label_has_a_kyrgyz_and_a_russian_translation():
    lines = (*MIXED, ResultLine(8, "Сыдыков Талант", "7K3M-9Q08-2RH", "in_progress", None, None))
    render_session_results(session(lines), strict=True)
    render_session_results(session(lines, observers=()), strict=True)


def test_every_font_is_embedded_and_none_is_a_base14_font(pdf_fonts, base14):
    pdf = render_session_results(session(MIXED))
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all(fonts.values()), fonts
    assert not [name for name in fonts if base14.search(name)], fonts
    assert b"Helvetica" not in pdf


def test_the_same_session_gives_the_same_bytes():
    assert render_session_results(session(MIXED)) == render_session_results(session(MIXED))


@pytest.mark.parametrize(
    "line",
    [
        ResultLine(1, "Асанов Бакыт", "7K3M", "finished", 50, True),
        ResultLine(1, "Асанов Бакыт", "7K3M", "submitted", None, None),
        ResultLine(1, "Асанов Бакыт", "7K3M", "submitted", 50, None),
    ],
)
def test_a_row_that_cannot_carry_a_statement_is_refused(line):
    with pytest.raises(ValueError):
        render_session_results(session((line,)))
