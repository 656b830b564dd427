"""Render the technical-appeal documents with realistic demo data, for looking at.

``python bench/appeal_protocol_samples.py OUT_DIR`` writes into OUT_DIR:

- ``appeal-satisfied.pdf``: an appeal satisfied on two confirmed technical faults (52 → 54), one
  member absent and one with a declared conflict of interest;
- ``appeal-rejected.pdf``: an appeal rejected, the result stands (47, below the threshold);
- ``appeal-long.pdf``: a long statement, all 80 questions of the form examined, long findings;
- ``testing-reissued.pdf``: the testing protocol reissued after the satisfied appeal, with the
  mark that it supersedes the first one.

Then ``pdftoppm -png -r 70 OUT_DIR/appeal-long.pdf OUT_DIR/appeal-long`` and look at every page;
``pdffonts`` must list only embedded DejaVu fonts.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocols.appeal_protocol import (
    AppealProtocol,
    CommissionSigner,
    ExaminedQuestion,
    render_appeal_protocol,
)
from protocols.testing_protocol import render_testing_protocol
from tests.helpers.documents import (
    CANDIDATE,
    INSTITUTION,
    PLACE,
    POST,
    SCHOOL,
    sample_protocol,
)

BISHKEK = timezone(timedelta(hours=6))
DAY = date(2026, 10, 30)
TESTING_PROTOCOL = "2026-0001-01-00003"
APPEAL = "A-2026-0001-00003"


def at(hour: int, minute: int, second: int = 0) -> datetime:
    """A local time of the testing day in Bishkek."""
    return datetime(2026, 10, 30, hour, minute, second, tzinfo=BISHKEK)


COMMISSION = (
    CommissionSigner("Жээнбекова Айнура Төлөновна", "chair", True, ""),
    CommissionSigner("Мамытов Эрлан Кеңешбекович", "member", True, ""),
    CommissionSigner("Сыдыкова Чынара Үсөновна", "member", True, ""),
    CommissionSigner("Бакиров Нурлан Асанович", "member", False, ""),
    CommissionSigner(
        "Үсөнбаев Талант Өмүрбекович",
        "member",
        True,
        "талапкердин бир тууганы / родственник кандидата",
    ),
)

STATEMENT = (
    "Мен 17-суроодо «B» вариантын тандадым, бирок натыйжада «C» көрсөтүлгөн. "
    "32-суроодо сүрөт көрүнгөн жок, мен бул тууралуу тест учурунда «техникалык көйгөй» "
    "баскычы менен билдирдим.\n"
    "В вопросе 17 я выбрала вариант «B», а в результате показан «C». "
    "В вопросе 32 не отображался рисунок, о чём я сообщила во время теста кнопкой "
    "«техническая проблема»."
)


def satisfied() -> AppealProtocol:
    """Two confirmed faults, each worth a point: 52 → 54; the testing protocol is reissued."""
    questions = (
        ExaminedQuestion(
            17,
            "C",
            "B",
            True,
            "Жооптордун тарыхында 10:41:07 «B» тандалган, 10:41:09 станция кайра жүктөлгөн; "
            "калыбына келтирүүдө «C» жазылган. / По журналу ответов в 10:41:07 выбран «B», "
            "в 10:41:09 станция перезагружена, при восстановлении записан «C».",
            "B",
            0,
            1,
        ),
        ExaminedQuestion(
            32,
            "",
            "A",
            True,
            "Талапкер 10:58 сүрөт жок деп билдирген; суроонун сүрөт файлы станцияга жүктөлгөн "
            "эмес. / Кандидат сообщил об отсутствии рисунка в 10:58; файл рисунка не был "
            "загружен на станцию.",
            None,
            0,
            1,
        ),
        ExaminedQuestion(45, "D", "A", False, "", None, 0, 0),
    )
    return AppealProtocol(
        number=APPEAL,
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_date=DAY,
        session_place=PLACE,
        candidate_name=CANDIDATE,
        candidate_code="7K3M-9QXT-2RH",
        testing_protocol=TESTING_PROTOCOL,
        test_ended_at=at(11, 31, 40),
        deadline=at(12, 31, 40),
        filed_at=at(12, 5, 12),
        heard_at=at(14, 0),
        statement=STATEMENT,
        commission=COMMISSION,
        questions=questions,
        old_score=52,
        new_score=54,
        max_score=80,
        threshold=48,
        satisfied=True,
        summary=(
            "17 жана 32-суроолордо техникалык мүчүлүштүк тастыкталды; балл программа тарабынан "
            "кайра эсептелди. / По вопросам 17 и 32 технический сбой подтверждён; балл "
            "пересчитан программой."
        ),
        new_testing_protocol=f"{TESTING_PROTOCOL}-v2",
        issued_at=at(14, 35),
    )


def rejected() -> AppealProtocol:
    """No fault found: 47 stays 47, below the threshold of 48."""
    return replace(
        satisfied(),
        number="A-2026-0001-00007",
        candidate_name="Өмүрбеков Жеңиш Сүйүнбекович",
        candidate_code="9QXT-7K3M-4PW",
        testing_protocol="2026-0001-01-00007",
        statement="Менин оюмча 5-суроонун ачкычы туура эмес. / По-моему, ключ к вопросу 5 неверен.",
        commission=COMMISSION[:3],
        questions=(
            ExaminedQuestion(5, "B", "C", False, "", None, 0, 0),
            ExaminedQuestion(
                61,
                "AD",
                "AC",
                False,
                "Жооптордун тарыхы талапкердин «A, D» тандаганын көрсөтөт. / Журнал ответов "
                "показывает, что кандидат выбрал «A, D».",
                "AD",
                0,
                0,
            ),
        ),
        old_score=47,
        new_score=47,
        satisfied=False,
        summary=(
            "Техникалык мүчүлүштүк аныкталган жок. Тесттин ачкычтарын талкуулоо техникалык "
            "апелляциянын предмети эмес. / Технический сбой не выявлен. Содержание ключей "
            "теста не является предметом технической апелляции."
        ),
        new_testing_protocol=None,
    )


def long_one() -> AppealProtocol:
    """Every question of the form examined, a long statement, some long findings."""
    rng = random.Random(5)
    questions = []
    gained = 0
    for number in range(1, 81):
        key = rng.choice("ABCD")
        chosen = rng.choice(("", key, key, key, *"ABCD"))
        fault = number in (7, 33, 34, 70)
        before = int(chosen == key)
        after = 1 if fault else before
        gained += after - before
        finding = ""
        if fault:
            finding = " ".join(
                [
                    "Жооптордун тарыхында талапкердин тандоосу станция кайра жүктөлгөндө "
                    "жоголгону көрүнөт. / Журнал ответов показывает, что выбор кандидата "
                    "утерян при перезагрузке станции."
                ]
                * (30 if number == 34 else 1)
            )
        questions.append(
            ExaminedQuestion(
                number, chosen, key, fault, finding, key if fault else None, before, after
            )
        )
    old = 45
    return replace(
        satisfied(),
        number="A-2026-0001-00012",
        testing_protocol="2026-0001-01-00012",
        statement="\n".join([STATEMENT] * 6),
        questions=tuple(questions),
        old_score=old,
        new_score=old + gained,
        new_testing_protocol="2026-0001-01-00012-v2",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    out = parser.parse_args().out_dir
    out.mkdir(parents=True, exist_ok=True)
    documents = {
        "appeal-satisfied": render_appeal_protocol(satisfied(), strict=True),
        "appeal-rejected": render_appeal_protocol(rejected(), strict=True),
        "appeal-long": render_appeal_protocol(long_one(), strict=True),
        "testing-reissued": render_testing_protocol(
            replace(
                sample_protocol(),
                number=f"{TESTING_PROTOCOL}-v2",
                score=54,
                version=2,
                supersedes=TESTING_PROTOCOL,
                appeal_number=APPEAL,
                issued_at=datetime(2026, 10, 30, 14, 36),
            ),
            strict=True,
        ),
    }
    for name, pdf in documents.items():
        path = out / f"{name}.pdf"
        path.write_bytes(pdf)
        print(f"{path}  {len(pdf):,} bytes")


if __name__ == "__main__":
    main()
