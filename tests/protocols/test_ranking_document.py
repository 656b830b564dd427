"""The ranking: the outcome in words (winner, void with its cl. 30 reason, tie), the reserve."""

import io
from dataclasses import replace
from datetime import datetime

import pytest
from pypdf import PdfReader

from protocols.ranking import VOID, VOID_REASONS, RankingDocument, RankLine, render_ranking
from protocols.results_protocol import SignatureLine
from tests.helpers.documents import INSTITUTION, POST, SCHOOL
from translations import Translator

WINNER = "Кеңешбеков Өмүр Токторович"
RUNNER_UP = "Сыдыкова Жылдыз Токторовна"
THIRD = "Үсөнбаев Мирлан Асанович"
BELOW = "Жумабекова Айгүл Үсөновна"
ABSENT = "Мөлдөкулов Жеңиш Жумабекович"
RESERVE_HEADING = "Кадрлардын резерви (Жобонун 32-пункту) / Кадровый резерв (пункт 32 Положения)"

LINES = (
    RankLine(1, WINNER, 71, None, None, True, "winner"),
    RankLine(2, RUNNER_UP, 66, None, None, True, "reserve"),
    RankLine(3, THIRD, 59, None, None, True, "reserve"),
    RankLine(4, BELOW, 44, None, None, False, "below"),
    RankLine(None, ABSENT, None, None, None, None, "absent"),
)


def ranking(**changes) -> RankingDocument:
    doc = RankingDocument(
        number="KR-2026-0042",
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        threshold=48,
        question_count=80,
        tie_break_questions=None,
        lines=LINES,
        outcome="winner",
        winner_name=WINNER,
        void_reason=None,
        signatures=(
            SignatureLine(
                {"ky": "Тестирлөө борборунун жетекчиси", "ru": "Руководитель центра тестирования"},
                "Асанов Бакыт Жумабекович",
            ),
        ),
        issued_at=datetime(2026, 11, 2, 16, 10),
    )
    return replace(doc, **changes)


def test_the_winner_is_named_at_the_top_in_both_languages(pdf_text):
    text = pdf_text(render_ranking(ranking()))
    ky = f"{WINNER} конкурстун жеңүүчүсү деп табылат."
    ru = f"Победителем конкурса признается {WINNER}."
    assert ky in text
    assert ru in text
    # Stated before the ranking table begins.
    assert text.index(ru) < text.index("Орун Место")
    assert "(Жобонун 29-пункту)" not in text  # no additional test was held


def test_a_winner_after_an_additional_test_is_said_to_be_decided_by_the_sum(pdf_text):
    lines = (
        RankLine(1, WINNER, 71, 22, 93, True, "winner"),
        RankLine(2, RUNNER_UP, 71, 19, 90, True, "reserve"),
    )
    text = pdf_text(render_ranking(ranking(lines=lines, tie_break_questions=26)))
    assert "баллдарын кошуу менен аныкталды (Жобонун 29-пункту)." in text
    assert "путем сложения баллов основного и дополнительного тестирования" in text
    assert "Кошумча тест" in text and "Жалпы балл" in text
    assert "Кошумча тестирлөөнүн суроолорунун саны" in text
    assert f"{WINNER} 71 22 93" in text


def test_without_an_additional_test_there_are_no_extra_columns(pdf_text):
    text = pdf_text(render_ranking(ranking()))
    assert "Кошумча тест" not in text
    assert "Жалпы балл" not in text


def test_a_winner_who_refused_the_contract_is_named(pdf_text):
    lines = (
        RankLine(1, WINNER, 71, None, None, True, "refused"),
        RankLine(2, RUNNER_UP, 66, None, None, True, "winner"),
    )
    text = pdf_text(render_ranking(ranking(lines=lines, winner_name=RUNNER_UP)))
    assert f"{RUNNER_UP} конкурстун жеңүүчүсү деп табылат." in text
    assert f"Эмгек келишимин түзүүдөн баш тартты: {WINNER}." in text
    assert f"Отказ от заключения трудового договора: {WINNER}." in text


@pytest.mark.parametrize(
    ("reason", "ky", "ru"),
    [
        (
            "no_applications",
            "конкурска катышууга талапкерлердин арыздары жок",
            "отсутствуют заявления кандидатов на участие в конкурсе",
        ),
        (
            "all_withdrew",
            "бардык талапкерлер өздөрүнүн талапкерлигин алып коюу тууралуу арыздарын конкурстук "
            "комиссияга беришти",
            "все кандидаты подали в конкурсную комиссию заявления о снятии своих кандидатур",
        ),
        (
            "none_came",
            "конкурска бардык талапкерлер келбей калышты",
            "на конкурс не явился ни один кандидат",
        ),
        (
            "none_reached_threshold",
            "талапкерлер босого баллды топтой албай калышты",
            "ни один кандидат не набрал пороговый балл",
        ),
    ],
)
def test_a_void_competition_gives_its_cl30_reason(pdf_text, reason, ky, ru):
    lines = () if reason == "no_applications" else LINES[3:]
    doc = ranking(outcome="void", winner_name=None, void_reason=reason, lines=lines)
    text = pdf_text(render_ranking(doc))
    assert f"Жобонун 30-пунктуна ылайык конкурс өткөн жок деп табылат: {ky}." in text
    assert f"В соответствии с пунктом 30 Положения конкурс признается несостоявшимся: {ru}." in text
    assert "жеңүүчүсү деп табылат" not in text
    for other in set(VOID_REASONS) - {reason}:
        assert VOID_REASONS[other]["ru"] not in text


def test_an_unresolved_tie_names_the_tied_candidates_and_asks_for_a_decision(pdf_text):
    lines = (
        RankLine(1, WINNER, 68, 20, 88, True, "tied"),
        RankLine(1, RUNNER_UP, 68, 20, 88, True, "tied"),
        RankLine(3, THIRD, 55, None, None, True, "ranked"),
    )
    doc = ranking(outcome="tie_unresolved", winner_name=None, lines=lines, tie_break_questions=26)
    text = pdf_text(render_ranking(doc))
    assert (
        f"Жеңүүчү аныкталган жок: {WINNER}, {RUNNER_UP} бирдей эң жогорку балл топтошту. "
        "Чечим кабыл алуу талап кылынат." in text
    )
    assert (
        f"Победитель не определен: {WINNER}, {RUNNER_UP} набрали одинаковый наивысший балл. "
        "Требуется принять решение." in text
    )
    assert "конкурстун жеңүүчүсү деп табылат" not in text
    outcome = text[text.index("Итог конкурса") : text.index("Конкурс: кызмат орду")]
    assert THIRD not in outcome


def test_a_pending_tie_announces_the_additional_test(pdf_text):
    lines = (
        RankLine(1, WINNER, 68, None, None, True, "tied"),
        RankLine(1, RUNNER_UP, 68, None, None, True, "tied"),
    )
    text = pdf_text(render_ranking(ranking(outcome="pending", winner_name=None, lines=lines)))
    assert f"{WINNER}, {RUNNER_UP} бирдей эң жогорку балл топтошту." in text
    assert "Жобонун 29-пунктуна ылайык кошумча тестирлөө өткөрүлөт" in text
    assert "В соответствии с пунктом 29 Положения проводится дополнительное тестирование" in text


def test_the_reserve_lists_its_members_in_a_section_of_their_own(pdf_text):
    text = pdf_text(render_ranking(ranking()))
    reserve = text[text.index(RESERVE_HEADING) :]
    assert f"2 {RUNNER_UP} 66" in reserve
    assert f"3 {THIRD} 59" in reserve
    assert WINNER not in reserve
    assert BELOW not in reserve  # below the threshold: never in the reserve (cl. 32)
    assert ABSENT not in reserve
    assert "Кадровый резерв" in text[: text.index(RESERVE_HEADING)]  # the standing in the table


def test_an_empty_reserve_says_so(pdf_text):
    lines = (LINES[0], LINES[3])
    text = pdf_text(render_ranking(ranking(lines=lines)))
    assert "Кадрлардын резервине эч ким киргизилген жок." in text
    assert "В кадровый резерв никто не включен." in text


def test_each_row_shows_the_requirement_and_the_standing(pdf_text):
    text = pdf_text(render_ranking(ranking()))
    assert f"1 {WINNER} 71 жооп берет соответствует Жеңүүчү Победитель" in text
    assert f"4 {BELOW} 44 жооп бербейт не соответствует Босого баллдан төмөн" in text
    assert f"— {ABSENT} — — Келген жок Не явился" in text


def test_the_document_is_numbered_and_dated(pdf_text):
    text = pdf_text(render_ranking(ranking()))
    assert "№ KR-2026-0042" in text
    assert "Түзүлдү: «02» ноябрь 2026-ж., саат 16:10" in text
    assert "Составлен: «02» ноября 2026 г., 16:10" in text
    assert "Асанов Бакыт Жумабекович" in text


@pytest.mark.parametrize(
    "changes",
    [
        {"outcome": "finished"},
        {"outcome": "winner", "winner_name": None},
        {"outcome": "void", "void_reason": None},
        {"outcome": "void", "void_reason": "bad_weather"},
        {"lines": (RankLine(1, WINNER, 71, None, None, True, "champion"),)},
    ],
)
def test_a_document_whose_outcome_cannot_be_stated_is_refused(changes):
    with pytest.raises(ValueError):
        render_ranking(ranking(**changes))


@pytest.mark.parametrize("outcome", ["winner", "tie_unresolved", "void", "pending"])
def test_every_text_has_a_kyrgyz_and_a_russian_translation(outcome):
    lines = (*LINES, RankLine(None, "Асанова Айгүл", None, None, None, None, "withdrawn"))
    lines += (RankLine(1, "Төлөнов Нурлан", 60, None, None, True, "refused"),)
    lines += (RankLine(1, "Бакиров Талант", 60, None, None, True, "tied"),)
    lines += (RankLine(5, "Шаршенов Руслан", 50, None, None, True, "ranked"),)
    reason = "none_came" if outcome == "void" else None
    doc = ranking(outcome=outcome, void_reason=reason, lines=lines, tie_break_questions=26)
    render_ranking(doc, strict=True)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_catalogue_quotes_the_void_wording_as_the_document_prints_it(language):
    translate = Translator(language, strict=True)
    assert translate(VOID["en"]) == VOID[language]
    for reason in VOID_REASONS.values():
        assert translate(reason["en"]) == reason[language]


def test_every_font_is_embedded_and_none_is_a_base14_font(pdf_fonts, base14):
    pdf = render_ranking(ranking())
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all(fonts.values()), fonts
    assert not [name for name in fonts if base14.search(name)], fonts
    assert b"Helvetica" not in pdf


def test_a_long_ranking_repeats_its_headings_on_every_page():
    lines = tuple(
        RankLine(place, f"Талапкер {place}", 80 - place // 2, None, None, True, "ranked")
        for place in range(1, 121)
    )
    reader = PdfReader(io.BytesIO(render_ranking(ranking(lines=lines))))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        if "Талапкер " in page:
            assert "Орун Место Аты-жөнү Ф. И. О. Негизги тест Основной тест" in page, number
        assert f"{number} / {len(pages)}" in page, number
    assert all(f"Талапкер {place} " in " ".join(pages) for place in range(1, 121))


def test_the_same_ranking_gives_the_same_bytes():
    assert render_ranking(ranking()) == render_ranking(ranking())
