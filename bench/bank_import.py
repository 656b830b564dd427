"""Time to import a large Moodle XML bank (10,000 bilingual questions) from bytes to a Bank.

The file is generated with the Moodle writer: five sections, four options per question, every
tenth question multiple-response, every twentieth sharing a scenario with the next one, a picture
in every hundredth.  Only the import is timed: ``read`` and, when the validation module exists,
``validate_bank`` on the result.

Last line: ``bank_import: items=… seconds=…`` (goal: ≤ 5 s on the 2-core target machine).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from question_bank.formats import moodle
from question_bank.model import Bank, Image, Option, Question, Scenario, Section
from tests.helpers.banks import SECTION_TITLES, tiny_png

SECTIONS = (
    *(Section(code, title) for code, title in SECTION_TITLES.items()),
    Section("management", {"ky": "Мектепти башкаруу", "ru": "Управление школой"}),
    Section("governance", {"ky": "Мамлекеттик башкаруу", "ru": "Государственное управление"}),
)


def make_bank(count: int) -> Bank:
    """A bilingual bank of ``count`` questions spread evenly over the five sections."""
    questions = []
    scenarios = []
    for number in range(1, count + 1):
        section = SECTIONS[(number - 1) * len(SECTIONS) // count].code
        uid = f"{section.upper()}-{number:05d}"
        scenario = None
        if number % 20 in (1, 2):
            scenario = f"SC-{(number - 1) // 20 + 1:04d}"
            if number % 20 == 1:
                scenarios.append(
                    Scenario(
                        scenario,
                        {
                            "ky": f"{number}-кырдаал: мектептин өнүгүү планы бекитилген эмес. "
                            "Үй-бүлөлөр нааразы, мугалимдер кеңешке чогулду.",
                            "ru": f"Ситуация {number}: план развития школы не утверждён. "
                            "Семьи недовольны, учителя собрались на совет.",
                        },
                    )
                )
        multiple = number % 10 == 0
        questions.append(
            Question(
                uid=uid,
                section=section,
                stem={
                    "ky": f"{number}-суроо: «Билим берүү жөнүндө» Мыйзамга ылайык мектептин "
                    "өнүгүү планын ким бекитет жана ким көзөмөлдөйт?",
                    "ru": f"Вопрос {number}: кто согласно Закону «Об образовании» утверждает "
                    "план развития школы и кто контролирует его выполнение?",
                },
                options=tuple(
                    Option(
                        key,
                        {
                            "ky": f"Жооп {key.upper()}: түзүүчү жана өңүттүк башкармалык ({uid})",
                            "ru": f"Ответ {key.upper()}: учредитель и районное управление ({uid})",
                        },
                    )
                    for key in "abcd"
                ),
                correct=frozenset({"a", "c"} if multiple else {"abcd"[number % 4]}),
                scenario=scenario,
                source="Закон КР «Об образовании», ст. 24",
                tags=("мыйзам", f"блок-{number % 7}"),
                shuffle_options=number % 13 != 0,
                multiple=multiple,
                images=(Image("window.png", "image/png", tiny_png(number)),)
                if number % 100 == 0
                else (),
            )
        )
    return Bank(sections=SECTIONS, scenarios=tuple(scenarios), questions=tuple(questions))


def find_validation() -> Callable[..., list] | None:
    """``question_bank.validation.validate_bank`` if that module exists yet, else None."""
    try:
        module = importlib.import_module("question_bank.validation")
    except ImportError:
        return None
    return getattr(module, "validate_bank", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1, help="imports to time; the best is kept")
    arguments = parser.parse_args()
    if arguments.runs < 1 or arguments.items < 1:
        parser.error("--runs and --items must be at least 1")
    start = time.perf_counter()
    bank = make_bank(arguments.items)
    data = moodle.write(bank)
    print(
        f"generated {len(bank.questions)} questions, {len(bank.scenarios)} scenarios: "
        f"{len(data) / 1e6:.1f} MB in {time.perf_counter() - start:.2f} s"
    )
    validate = find_validation()
    if validate is None:
        print("question_bank.validation.validate_bank not found: timing read only")
    best = float("inf")
    for run in range(1, arguments.runs + 1):
        start = time.perf_counter()
        imported = moodle.read(data, "bank.xml")
        read_s = time.perf_counter() - start
        problems = validate(imported, file_name="bank.xml") if validate is not None else []
        total_s = time.perf_counter() - start
        best = min(best, total_s)
        print(
            f"run {run}: read {read_s:.2f} s"
            + (
                f", validate {total_s - read_s:.2f} s ({len(problems)} problems)"
                if validate is not None
                else ""
            )
        )
    assert len(imported.questions) == arguments.items, "the import lost questions"
    assert imported.questions == bank.questions, "the import changed questions"
    print(f"bank_import: items={len(imported.questions)} seconds={best:.2f}")


if __name__ == "__main__":
    main()
