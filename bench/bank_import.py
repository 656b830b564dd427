"""Time to import a large Moodle XML bank (10,000 bilingual questions) into the kiosk's database.

The file is generated with the Moodle writer: five sections, four options per question, every
tenth question multiple-response, every twentieth sharing a scenario with the next one, a picture
in every hundredth.  The figure is the whole import as ``kiosk bank import`` runs it: read
the file, check every question, look for duplicates, and write the drafts with their history into
a new SQLite database (in a temporary folder), committed.  The read and the checks are also timed
on their own, for orientation.

Last line: ``bank_import: items=… seconds=…`` (goal: ≤ 5 s on the 2-core target machine).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from question_bank.formats import moodle
from question_bank.model import Bank, Image, Option, Question, Scenario, Section
from question_bank.validation import validate_bank
from tests.helpers.actors import staff
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


def import_once(data: bytes, folder: Path) -> tuple[float, int]:
    """Seconds to import ``data`` through the bank service into a new database, and the count."""
    from kiosk.app import build
    from kiosk.clock import SystemClock
    from kiosk.config import resolve_settings
    from tests.helpers.keys import ready_keys

    kiosk = ready_keys(build(resolve_settings(data_dir=str(folder), environ={}), SystemClock()))
    try:
        start = time.perf_counter()
        report = kiosk.bank.import_data(staff("bench"), data, "bank.xml")
        return time.perf_counter() - start, len(report.new_questions)
    finally:
        kiosk.close()


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
    start = time.perf_counter()
    imported = moodle.read(data, "bank.xml")
    read_s = time.perf_counter() - start
    problems = validate_bank(imported, required_languages=(), file_name="bank.xml")
    print(f"read {read_s:.2f} s, checks {time.perf_counter() - start - read_s:.2f} s")
    assert not problems, problems[:3]
    assert imported.questions == bank.questions, "the reader changed questions"
    best = float("inf")
    for run in range(1, arguments.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            seconds, written = import_once(data, Path(folder))
        assert written == arguments.items, "the import lost questions"
        best = min(best, seconds)
        print(f"run {run}: import into SQLite {seconds:.2f} s")
    print(f"bank_import: items={arguments.items} seconds={best:.2f}")


if __name__ == "__main__":
    main()
