"""Render every competition document with realistic demo data, for looking at.

``python bench/document_samples.py OUT_DIR`` writes into OUT_DIR: the results protocol of a
session of 100 candidates (mixed results, 3 absent, 1 withdrawn), a ranking with a winner and a
reserve, a ranking with an unresolved tie, a void ranking, a registration sheet of 100, and the
ministry package (with its XLSX and CSV also written alongside).  Then
``pdftoppm -png -r 60 OUT_DIR/results.pdf OUT_DIR/results`` and look at every page.

The demo data are made up but shaped like the real thing: Kyrgyz names with Ң Ө Ү, 80 questions,
a threshold of 48, codes as printed on the slips.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from datetime import date, datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocols.dates import format_percent
from protocols.ministry_package import PackageRow, build_package, results_csv, results_xlsx
from protocols.ranking import RankingDocument, RankLine, render_ranking
from protocols.registration_sheet import RegistrationSheet, SheetLine, render_registration_sheet
from protocols.results_protocol import (
    ResultLine,
    SessionResults,
    SignatureLine,
    render_session_results,
)
from tests.helpers.documents import INSTITUTION, PLACE, POST, SCHOOL

SURNAMES = (
    "Үсөнбаев", "Өмүрбеков", "Асанов", "Жумабеков", "Токтогулов", "Сыдыков", "Бакиров",
    "Мамытов", "Эшимбеков", "Нурманбетов", "Абдыкалыков", "Шаршенов", "Түлөбердиев",
    "Төрөкулов", "Кеңешбеков", "Жээнбеков", "Сагынбаев", "Мөлдөкулов", "Калыков", "Үмөталиев",
)  # fmt: skip
MEN = ("Бакыт", "Нурлан", "Азамат", "Эрлан", "Мирлан", "Талант", "Жеңиш", "Өмүр", "Үсөн", "Руслан")
WOMEN = (
    "Гүлнара",
    "Айгүл",
    "Жылдыз",
    "Нуржан",
    "Чынара",
    "Бүбүсара",
    "Мээрим",
    "Айнура",
    "Күлүйпа",
)
FATHERS = ("Жумабек", "Асан", "Өмүрбек", "Төлөн", "Сүйүн", "Мамат", "Кеңеш", "Үсөн", "Токтор")

THRESHOLD = 48
QUESTIONS = 80
SESSION_DAY = date(2026, 10, 30)
SIGNATURES = (
    SignatureLine(
        {"ky": "Тестирлөө борборунун жетекчиси", "ru": "Руководитель центра тестирования"},
        "Асанов Бакыт Жумабекович",
    ),
    SignatureLine({"ky": "Тестирлөө боюнча адис", "ru": "Специалист по тестированию"}, ""),
)


def names(count: int, seed: int = 2026) -> list[str]:
    """``count`` distinct full names (surname, given name, patronymic), the same every run."""
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < count:
        surname, father = rng.choice(SURNAMES), rng.choice(FATHERS)
        if rng.random() < 0.5:
            name = f"{surname}а {rng.choice(WOMEN)} {father}овна"
        else:
            name = f"{surname} {rng.choice(MEN)} {father}ович"
        found[name] = None
    return list(found)


def code(number: int) -> str:
    """A login code shaped like those on the slips (``7K3M-9QXT-2RH``)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
    rng = random.Random(number)
    raw = "".join(rng.choice(alphabet) for _ in range(11))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def session() -> SessionResults:
    """A shift of 100 candidates: 3 absent, 1 withdrawn, the rest with mixed scores."""
    rng = random.Random(7)
    lines = []
    for number, name in enumerate(names(100), start=1):
        if number in (17, 58, 91):
            lines.append(ResultLine(number, name, None, "absent", None, None))
        elif number == 40:
            lines.append(ResultLine(number, name, code(number), "withdrawn", None, None))
        else:
            score = max(0, min(QUESTIONS, round(rng.gauss(50, 10))))
            lines.append(
                ResultLine(number, name, code(number), "submitted", score, score >= THRESHOLD)
            )
    return SessionResults(
        number="KT-2026-000123",
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_date=SESSION_DAY,
        shift=2,
        session_place=PLACE,
        question_count=QUESTIONS,
        max_score=QUESTIONS,
        threshold=THRESHOLD,
        lines=lines,
        observers=("Сооронбаева Айзада Кубанычбековна", "Петров Сергей Иванович"),
        signatures=SIGNATURES,
        issued_at=datetime(2026, 10, 30, 13, 45),
    )


def ranking(outcome: str) -> RankingDocument:
    """A competition of six: ``winner`` (after a tie-break), ``tie_unresolved`` or ``void``."""
    people = names(6, seed=11)
    if outcome == "winner":
        lines = [
            RankLine(1, people[0], 71, 22, 93, True, "winner"),
            RankLine(2, people[1], 71, 19, 90, True, "reserve"),
            RankLine(3, people[2], 64, None, None, True, "reserve"),
            RankLine(4, people[3], 44, None, None, False, "below"),
            RankLine(None, people[4], None, None, None, None, "absent"),
            RankLine(None, people[5], None, None, None, None, "withdrawn"),
        ]
        winner, reason, tie_break = people[0], None, 26
    elif outcome == "tie_unresolved":
        lines = [
            RankLine(1, people[0], 68, 20, 88, True, "tied"),
            RankLine(1, people[1], 68, 20, 88, True, "tied"),
            RankLine(3, people[2], 55, None, None, True, "ranked"),
            RankLine(4, people[3], 41, None, None, False, "below"),
        ]
        winner, reason, tie_break = None, None, 26
    else:
        lines = [
            RankLine(1, people[0], 47, None, None, False, "below"),
            RankLine(2, people[1], 39, None, None, False, "below"),
            RankLine(None, people[2], None, None, None, None, "absent"),
        ]
        winner, reason, tie_break = None, "none_reached_threshold", None
    return RankingDocument(
        number=f"KR-2026-0042-{outcome}",
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        threshold=THRESHOLD,
        question_count=QUESTIONS,
        tie_break_questions=tie_break,
        lines=lines,
        outcome=outcome,
        winner_name=winner,
        void_reason=reason,
        signatures=SIGNATURES[:1],
        issued_at=datetime(2026, 11, 2, 16, 10),
    )


def registration() -> RegistrationSheet:
    """The registration sheet of a shift of 100."""
    rng = random.Random(3)
    lines = [
        SheetLine(number, name, f"{rng.randrange(10000):04d}")
        for number, name in enumerate(names(100), start=1)
    ]
    return RegistrationSheet(
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_place=PLACE,
        session_date=SESSION_DAY,
        shift=2,
        starts_at=time(13, 0),
        lines=lines,
        issued_at=datetime(2026, 10, 29, 17, 30),
        responsible_person="Асанов Бакыт Жумабекович",
        number="KR-2026-000123",
    )


def package_rows(doc: RankingDocument) -> list[PackageRow]:
    """The ministry's rows for a ranking (the session's date and a protocol number each)."""
    rows = []
    for index, line in enumerate(doc.lines, start=1):
        share = (line.main_score or 0) / QUESTIONS
        rows.append(
            PackageRow(
                place=line.place,
                candidate_name=line.candidate_name,
                score=line.main_score,
                max_score=QUESTIONS,
                percent=format_percent(share, "ru").removesuffix(" %")
                if line.main_score is not None
                else "",
                meets=line.meets,
                standing=line.standing,
                session_date=SESSION_DAY,
                protocol_number=f"KT-2026-{index:06d}" if line.main_score is not None else None,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    out: Path = parser.parse_args().out_dir
    out.mkdir(parents=True, exist_ok=True)
    documents = {
        "results.pdf": render_session_results(session(), strict=True),
        "ranking-winner.pdf": render_ranking(ranking("winner"), strict=True),
        "ranking-tie.pdf": render_ranking(ranking("tie_unresolved"), strict=True),
        "ranking-void.pdf": render_ranking(ranking("void"), strict=True),
        "registration.pdf": render_registration_sheet(registration(), strict=True),
    }
    title = {
        "ky": "Мектеп директорунун кызмат ордуна конкурстун жыйынтыктары",
        "ru": "Итоги конкурса на должность директора школы",
    }
    rows = package_rows(ranking("winner"))
    tables = {"results.xlsx": results_xlsx(rows, title), "results.csv": results_csv(rows)}
    package = build_package(
        {
            "ranking.pdf": documents["ranking-winner.pdf"],
            "protocols/KT-2026-000123.pdf": documents["results.pdf"],
            **tables,
        }
    )
    for name, content in {**documents, **tables, "package.zip": package}.items():
        (out / name).write_bytes(content)
        print(f"{name}: {math.ceil(len(content) / 1024)} KiB")


if __name__ == "__main__":
    main()
