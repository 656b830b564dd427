"""The proctor's console on the real services during a simulated shift, in Kyrgyz and Russian.

    python bench/live_console.py OUT_DIR [--candidates 30]

A SQLite kiosk with a large bank and an approved competition (``tests/helpers/competition.py``);
the candidates are registered and seated with codes, then the shift runs on a fake clock: most
log in and answer, some submit (their appeal windows count down on the console), one station
falls silent, one candidate is marked absent, two candidates report technical problems from the
test screen, the proctor gives extra time and reports incidents.  The console page (the real
``ProctorService``) is shot, the shift moves on ten minutes (one problem is acknowledged), the
page refreshes by its timer, and is shot again.

Last line: ``live console: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from console_screens import host
from PySide6.QtWidgets import QApplication
from shooter import Shooter

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.session_views import IncidentKind
from kiosk.ui.admin.console import ConsolePage
from kiosk.ui.admin.style import ADMIN_PT
from kiosk.ui.fonts import use_bundled_font
from kiosk.ui.timers import FakeTimers
from tests.helpers.competition import World, make_world
from translations import Translator

PROCTOR = Actor("operator", frozenset({Role.OPERATOR}))
NAMES = (
    "Абдыкадырова Айгүл",
    "Жээнбеков Нурлан",
    "Үсөнова Гүлзат",
    "Ибраимов Бакыт",
    "Ким Елена",
    "Өмүрбеков Азамат",
    "Токтогулова Бермет",
    "Сыдыков Эрмек",
    "Ңаматова Жылдыз",
    "Кадыров Бакыт",
    "Асанова Чолпон",
    "Бекова Айзада",
    "Касымов Улан",
    "Дөөлөтов Эрлан",
    "Эркинова Нуржан",
)


def simulate(world: World, count: int) -> tuple[list[int], int]:
    """Part of a shift: some done, most answering, one silent, one absent, incidents, extra time."""
    names = [
        f"{NAMES[n % len(NAMES)]} {n // len(NAMES) + 1}" if n >= len(NAMES) else NAMES[n]
        for n in range(count)
    ]
    codes = world.seat(*(world.add(name) for name in names))
    attempts = world.kiosk.attempts
    running = []
    for number, code in enumerate(codes):
        if number % 9 == 4:
            continue  # not arrived yet
        world.clock.advance(20)
        if number % 5 == 0:
            world.sit(code, right=4 + number % 6)
            continue
        attempt = world.sit(code, right=number % 10, submit=False)
        attempts.go_to(attempt, number % 10)
        running.append(attempt)
    proctor = world.kiosk.proctor
    proctor.mark_absent(PROCTOR, codes[4].registration_id)
    ill = codes[7].registration_id
    proctor.add_time(PROCTOR, ill, 600, "Ден соолугу начарлап, 10 мүнөт чыгып турду")
    power = "Залда 2 мүнөткө жарык өчтү"
    proctor.report_incident(PROCTOR, world.session_id, None, IncidentKind.POWER, power)
    proctor.report_incident(
        PROCTOR, world.session_id, codes[7].registration_id, IncidentKind.ILLNESS, "Башы ооруду"
    )
    world.clock.advance(30)
    attempts.report_problem(running[2], 2, ProblemKind.PICTURE_MISSING, "Сүрөт көрүнбөйт")
    attempts.report_problem(running[4], None, ProblemKind.KEYBOARD)
    silent = running[1]
    for attempt in running:
        if attempt != silent:
            attempts.heartbeat(attempt)
    return running, silent


def shoot_language(language: str, out_dir: Path, count: int) -> list[Path]:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as folder:
        world = make_world(f"sqlite:///{folder}/k.db", Path(folder) / "data", clock)
        try:
            running, silent = simulate(world, count)
            timers = FakeTimers()
            page = ConsolePage(
                world.kiosk.proctor,
                PROCTOR,
                lambda lang: Translator(lang, strict=True),
                world.kiosk.settings.timezone,
                language=language,
                timers=timers,
            )
            window = host(page, (1180, 718))
            shoot = Shooter(window, out_dir, f"live-console-{language}")
            shoot("shift")
            # Ten minutes later: the others went on, two submitted; the page refreshes by itself.
            attempts = world.kiosk.attempts
            for _ in range(10):
                clock.advance(60)
                for attempt in running:
                    if attempt != silent:
                        attempts.heartbeat(attempt)
            for attempt in running[-2:]:
                attempts.submit(attempt)
            proctor = world.kiosk.proctor
            first = proctor.console(PROCTOR, world.session_id).problems[0]
            proctor.acknowledge_problem(PROCTOR, first.id)
            timers.fire("consoleRefresh")
            shoot("ten-minutes-later")
            window.deleteLater()
            QApplication.processEvents()
            return shoot.saved
        finally:
            world.kiosk.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--candidates", type=int, default=30)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    use_bundled_font(app, ADMIN_PT)
    saved = [
        path
        for lang in ("ky", "ru")
        for path in shoot_language(lang, args.out_dir, args.candidates)
    ]
    print(f"live console: png={len(saved)} dir={args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
