"""The technical commission's protocol on appeals (cl. 33-35): bilingual, signed by the members."""

import io
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from protocols.appeal_protocol import (
    AppealProtocol,
    CommissionSigner,
    ExaminedQuestion,
    render_appeal_protocol,
)
from tests.helpers.documents import CANDIDATE, INSTITUTION, PLACE, POST, SCHOOL

BISHKEK = timezone(timedelta(hours=6))
MEETS_KY = "Топтолгон балл квалификациялык талаптарга жооп берет"
MEETS_RU = "Набранный балл соответствует квалификационным требованиям"
FAILS_KY = "Топтолгон балл квалификациялык талаптарга жооп бербейт"
FAILS_RU = "Набранный балл не соответствует квалификационным требованиям"
SATISFIED_KY = "Апелляция канааттандырылды"
SATISFIED_RU = "Апелляция удовлетворена: балл изменён с 52 на 54."
REJECTED_KY = "Апелляция четке кагылды; тестирлөөнүн натыйжасы күчүндө калат."
REJECTED_RU = "Апелляция отклонена; результат тестирования остаётся в силе."
SIGNATURE = "(колу / подпись)"
CHAIR = "Жээнбекова Айнура Төлөновна"
MEMBER = "Мамытов Эрлан Кеңешбекович"
ABSENT = "Бакиров Нурлан Асанович"
CONFLICTED = "Үсөнбаев Талант Өмүрбекович"
STATEMENT = (
    "Мен 17-суроодо «B» вариантын тандадым, бирок натыйжада «C» көрсөтүлгөн.\n"
    "В вопросе 17 я выбрала вариант «B», а в результате показан «C»."
)
FINDING = "Жооптордун тарыхында 10:41:07 «B» тандалган, 10:41:09 станция кайра жүктөлгөн."
PICTURE = "Суроонун сүрөт файлы станцияга жүктөлгөн эмес."


def at(hour: int, minute: int, day: int = 30) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=BISHKEK)


def appeal(**changes) -> AppealProtocol:
    """A satisfied appeal: two confirmed faults, 52 → 54; one member absent, one conflicted."""
    doc = AppealProtocol(
        number="A-2026-0001-00003",
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_date=at(0, 0).date(),
        session_place=PLACE,
        candidate_name=CANDIDATE,
        candidate_code="7K3M-9QXT-2RH",
        testing_protocol="2026-0001-01-00003",
        test_ended_at=at(11, 31),
        deadline=at(12, 31),
        filed_at=at(12, 5),
        heard_at=at(14, 0),
        statement=STATEMENT,
        commission=(
            CommissionSigner(MEMBER, "member", True, ""),
            CommissionSigner(CHAIR, "chair", True, ""),
            CommissionSigner(ABSENT, "member", False, ""),
            CommissionSigner(CONFLICTED, "member", True, "талапкердин бир тууганы"),
        ),
        questions=(
            ExaminedQuestion(17, "C", "B", True, FINDING, "B", 0, 1),
            ExaminedQuestion(32, "", "A", True, PICTURE, None, 0, 1),
            ExaminedQuestion(45, "D", "A", False, "", None, 0, 0),
        ),
        old_score=52,
        new_score=54,
        max_score=80,
        threshold=48,
        satisfied=True,
        summary="17 жана 32-суроолордо техникалык мүчүлүштүк тастыкталды.",
        new_testing_protocol="2026-0001-01-00003-v2",
        issued_at=at(14, 35),
    )
    return replace(doc, **changes)


def rejected(**changes) -> AppealProtocol:
    """No fault found: 47 stays 47, below the threshold."""
    values: dict = {
        "questions": (ExaminedQuestion(5, "B", "C", False, "", None, 0, 0),),
        "old_score": 47,
        "new_score": 47,
        "satisfied": False,
        "new_testing_protocol": None,
    }
    return appeal(**(values | changes))


def pages_of(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_protocol_names_the_appeal_the_candidate_and_the_session(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    for expected in (
        "Техникалык апелляция боюнча техникалык комиссиянын протоколу",
        "Протокол технической комиссии по технической апелляции",
        "Апелляция № A-2026-0001-00003",
        CANDIDATE,
        "7K3M-9QXT-2RH",
        "Апелляция берилген тестирлөөнүн протоколу",
        "Обжалуемый протокол тестирования",
        "№ 2026-0001-01-00003",
        "Мектеп директору",
        "Директор школы",
        "«30» октябрь 2026-ж. / «30» октября 2026 г.",
        "Тыныстанов көчөсү",
        "Билим берүүнү өнүктүрүү борбору",
    ):
        assert expected in text, expected


def test_the_four_times_are_printed_with_their_labels(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    assert "Тестирлөө аяктады Тестирование завершено 11:31" in text
    assert "Апелляции принимались до 12:31" in text
    assert "Апелляция берилди Апелляция подана 12:05" in text
    assert "Апелляция каралды Апелляция рассмотрена 14:00" in text


def test_a_time_on_another_day_carries_its_date(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal(heard_at=at(9, 0, day=31))))
    assert "31.10.2026 09:00" in text


def test_the_statement_and_the_findings_are_quoted(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    for line in STATEMENT.splitlines():
        assert line in text
    assert FINDING in text
    assert PICTURE in text
    assert "Аныкталган жооп: B" in text
    assert "Установленный ответ: B" in text
    assert "17 жана 32-суроолордо техникалык мүчүлүштүк тастыкталды." in text


def test_each_examined_question_shows_answer_key_fault_and_points(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    assert "17 C B тастыкталды подтверждён" in text
    assert "32 — A тастыкталды подтверждён" in text  # unanswered: a dash
    assert "45 D A аныкталган жок не выявлен — 0 → 0" in text
    assert text.count("0 → 1") == 2


def test_the_commission_shows_who_was_absent_and_who_declared_a_conflict(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    assert "Техникалык комиссиянын курамы / Состав технической комиссии" in text
    assert f"{ABSENT} кароого катышкан жок отсутствовал(а)" in text
    assert "кызыкчылыктардын кагылышын билдирди: талапкердин бир тууганы" in text
    assert "заявил(а) о конфликте интересов: талапкердин бир тууганы" in text
    assert f"{CHAIR} кароого катышты участвовал(а) в рассмотрении" in text


def test_only_the_chair_the_members_taking_part_and_the_candidate_sign(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    assert text.count(SIGNATURE) == 3  # the chair, the one member taking part, the candidate
    assert "Техникалык комиссиянын төрагасы Председатель технической комиссии" in text
    assert text.count("Техникалык комиссиянын мүчөсү Член технической комиссии") == 1
    assert "Талапкер: чечим менен тааныштым Кандидат: с решением ознакомлен(а)" in text
    # Named in the commission's table and again on a signature line …
    assert text.count(CHAIR) == 2
    assert text.count(MEMBER) == 2
    # … or only in the table.
    assert text.count(ABSENT) == 1
    assert text.count(CONFLICTED) == 1
    # The candidate: in the details and on the signature line.
    assert text.count(CANDIDATE) == 2


def test_the_chair_signs_first_whatever_the_order_given(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    signatures = text[text.index("Түзүлдү") :]
    assert signatures.index(CHAIR) < signatures.index(MEMBER) < signatures.index(CANDIDATE)


def test_a_satisfied_appeal_gives_the_new_score_and_the_reissued_protocol(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    assert SATISFIED_KY in text
    assert "мурунку балл — 52, жаңы балл — 54" in text
    assert SATISFIED_RU in text
    assert (
        "Протокол тестирования выдан заново под № 2026-0001-01-00003-v2 "
        "взамен протокола № 2026-0001-01-00003." in text
    )
    assert "№ 2026-0001-01-00003 протоколдун ордуна № 2026-0001-01-00003-v2 менен" in text
    assert REJECTED_KY not in text
    assert REJECTED_RU not in text


def test_a_satisfied_appeal_without_a_new_protocol_number_does_not_invent_one(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal(new_testing_protocol=None)))
    assert SATISFIED_RU in text
    assert "выдан заново" not in text


def test_a_fault_that_leaves_the_score_as_it_was_says_so(pdf_text):
    # The commission established the answer the candidate gave: wrong as well, so 0 → 0.
    questions = (ExaminedQuestion(17, "C", "B", True, FINDING, "D", 0, 0),)
    text = pdf_text(render_appeal_protocol(appeal(questions=questions, new_score=52)))
    assert "Апелляция канааттандырылды; топтолгон балл өзгөргөн жок: 52." in text
    assert "Апелляция удовлетворена; балл не изменился: 52." in text
    assert "изменён" not in text


def test_a_rejected_appeal_says_the_result_stands(pdf_text):
    text = pdf_text(render_appeal_protocol(rejected()))
    assert REJECTED_KY in text
    assert REJECTED_RU in text
    assert SATISFIED_KY not in text
    assert "удовлетворена" not in text
    assert "выдан заново" not in text


def test_old_and_new_score_stand_against_the_threshold(pdf_text):
    text = pdf_text(render_appeal_protocol(appeal()))
    assert "Балл до апелляции 52 / 80 (65 %) жооп берет / соответствует" in text
    assert "Балл после апелляции 54 / 80 (67,5 %) жооп берет / соответствует" in text
    assert "Пороговый балл 48 (60 %)" in text
    assert MEETS_KY in text and MEETS_RU in text
    assert FAILS_KY not in text


def test_a_score_below_the_threshold_carries_the_other_cl26_statement(pdf_text):
    text = pdf_text(render_appeal_protocol(rejected()))
    assert "47 / 80 (58,75 %) жооп бербейт / не соответствует" in text
    assert FAILS_KY in text and FAILS_RU in text
    assert MEETS_KY not in text


def test_a_score_raised_to_the_threshold_meets_it(pdf_text):
    questions = (ExaminedQuestion(3, "", "B", True, PICTURE, None, 0, 1),)
    doc = appeal(questions=questions, old_score=47, new_score=48)
    text = pdf_text(render_appeal_protocol(doc))
    assert "47 / 80 (58,75 %) жооп бербейт / не соответствует" in text
    assert "48 / 80 (60 %) жооп берет / соответствует" in text
    assert MEETS_KY in text and FAILS_KY not in text


def test_a_protocol_without_examined_questions_says_so(pdf_text):
    text = pdf_text(render_appeal_protocol(rejected(questions=())))
    assert "Бир да суроо каралган жок. / Вопросы не рассматривались." in text


def examined(count: int) -> tuple[ExaminedQuestion, ...]:
    """``count`` questions, each with a finding of its own; every tenth a confirmed fault."""
    return tuple(
        ExaminedQuestion(
            number,
            "" if number % 7 == 0 else "A",
            "B",
            number % 10 == 0,
            f"Корутунду-{number:02d}: жооптордун тарыхы текшерилди.",
            "B" if number % 10 == 0 else None,
            0,
            1 if number % 10 == 0 else 0,
        )
        for number in range(1, count + 1)
    )


def test_eighty_questions_run_over_pages_with_the_heading_repeated():
    doc = appeal(questions=examined(80), old_score=40, new_score=48)
    pages = pages_of(render_appeal_protocol(doc))
    assert len(pages) >= 3
    table_pages = [page for page in pages if "Корутунду-" in page]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "Суроо № № вопроса" in page
        assert "Комиссиянын корутундусу Заключение комиссии" in page
    for number, page in enumerate(pages, start=1):
        assert f"№ A-2026-0001-00003 {number} / {len(pages)}" in page
    text = " ".join(pages)
    for number in range(1, 81):
        assert text.count(f"Корутунду-{number:02d}:") == 1, number
    # The decision is never parted from the signatures under it.
    last = pages[-1]
    assert "Апелляция удовлетворена: балл изменён с 40 на 48." in last
    assert last.count(SIGNATURE) == 3


def test_a_long_statement_and_a_long_finding_wrap_and_lose_nothing(pdf_text):
    statement = "\n".join(
        f"Сап {number}: " + "мен тандаган жоопту текшериңиз " * 12 for number in range(60)
    )
    finding = " ".join(f"Аныктама-{number}." for number in range(900))
    questions = (ExaminedQuestion(17, "C", "B", True, finding, "B", 0, 1),)
    doc = appeal(statement=statement, questions=questions, new_score=53)
    pdf = render_appeal_protocol(doc)
    pages = pages_of(pdf)
    assert len(pages) >= 4
    text = pdf_text(pdf)
    assert "Сап 0:" in text and "Сап 59:" in text
    assert all(f"Аныктама-{number}." in text for number in range(900))
    # Every page of the long finding still has the table's heading above it.
    for page in pages:
        if "Аныктама-" in page:
            assert "Суроо № № вопроса" in page


def test_every_font_is_embedded_and_none_is_a_base14_font(pdf_fonts, base14):
    pdf = render_appeal_protocol(appeal(questions=examined(80), old_score=40, new_score=48))
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all(fonts.values()), fonts
    assert not [name for name in fonts if base14.search(name)], fonts
    assert b"Helvetica" not in pdf


@pytest.mark.parametrize(
    "doc",
    [
        appeal(),
        rejected(),
        rejected(questions=()),
        appeal(new_testing_protocol=None),
        appeal(questions=(ExaminedQuestion(17, "C", "B", True, FINDING, "D", 0, 0),), new_score=52),
    ],
    ids=["satisfied", "rejected", "no-questions", "satisfied-without-reissue", "same-score"],
)
def test_every_label_has_a_kyrgyz_and_a_russian_translation(doc):
    render_appeal_protocol(doc, strict=True)


def test_the_same_protocol_gives_the_same_bytes():
    assert render_appeal_protocol(appeal()) == render_appeal_protocol(appeal())


def test_the_document_describes_itself():
    metadata = PdfReader(io.BytesIO(render_appeal_protocol(appeal()))).metadata
    assert metadata is not None
    assert "Протокол технической комиссии по технической апелляции" in (metadata.title or "")
    assert "A-2026-0001-00003" in (metadata.title or "")
    assert "Билим берүүнү өнүктүрүү борбору" in (metadata.author or "")


@pytest.mark.parametrize(
    "doc",
    [
        appeal(commission=(CommissionSigner(CHAIR, "secretary", True, ""),)),
        rejected(new_score=48),
        appeal(new_score=55),  # the examined questions give only 54
    ],
    ids=["unknown-role", "rejected-with-a-new-score", "scores-do-not-add-up"],
)
def test_a_protocol_that_contradicts_itself_is_refused(doc):
    with pytest.raises(ValueError):
        render_appeal_protocol(doc)
