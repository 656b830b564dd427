"""PNGs of the results page, in Kyrgyz and in Russian, so that anyone can look.

    python bench/results_screens.py OUT_DIR [--size 1180x718]

Drives the real results page offscreen against a real kiosk on a throw-away SQLite database
(``tests/helpers/competition.py``): a winner with a reserve, the winner's refusal, a tie for first
place with the additional test's form and what was scheduled, a tie that remains after the
additional test, a void competition, and an observer's read-only view.  The default size is what
the admin window leaves a page on a 1366×768 screen.

Last line: ``results screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from shooter import Shooter, start_admin_screens

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.ui.admin.results import ResultsPage
from kiosk.ui.admin.style import admin_style_sheet
from kiosk.ui.theme import NORMAL, palette
from tests.helpers.competition import World, make_world
from translations import Translator

ADMIN = Actor("Асанова Жылдыз", frozenset({Role.ADMINISTRATOR}))
OBSERVER = Actor("Сатыбалдиева Бермет", frozenset({Role.OBSERVER}))
SECTION_TITLES = {
    "ky": {"law": "Ченемдик укуктук актылар", "pedagogy": "Педагогика", "it": "IT"},
    "ru": {"law": "Нормативные правовые акты", "pedagogy": "Педагогика", "it": "ИТ"},
}
#: Scores out of the world's ten questions (threshold 6); None: did not come.
WINNER_SHIFT = {
    "Абдыкадыров Нурлан": 9,
    "Бекмуратова Айпери": 8,
    "Жолдошев Эрлан": 7,
    "Осмонова Гүлнара": 6,
    "Төлөгөнов Азамат": 4,
    "Үсөнбаева Чолпон": None,
}
TIE_SHIFT = {
    "Абдыкадыров Нурлан": 8,
    "Бекмуратова Айпери": 8,
    "Жолдошев Эрлан": 7,
    "Төлөгөнов Азамат": 3,
}
VOID_SHIFT = {"Абдыкадыров Нурлан": 5, "Бекмуратова Айпери": 4, "Жолдошев Эрлан": None}


def host(page: QWidget, size: tuple[int, int]) -> QWidget:
    """The page in a frame styled as the admin window styles its pages."""
    window = QWidget()
    window.setObjectName("adminWindow")
    window.setPalette(palette(NORMAL))
    window.setStyleSheet(admin_style_sheet(NORMAL))
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(page)
    window.resize(*size)
    window.show()
    return window


def make_page(world: World, actor: Actor, language: str) -> ResultsPage:
    """A results page on the world's kiosk; documents and slips are saved nowhere."""
    kiosk = world.kiosk
    return ResultsPage(
        kiosk.results,
        kiosk.documents,
        kiosk.competitions,
        actor,
        lambda lang: Translator(lang, strict=True),
        kiosk.settings.timezone,
        language=language,
        competition_sessions=lambda who, _competition: kiosk.proctor.sessions(who),
        save_document=lambda _parent, _caption, suggested, _data: Path(suggested),
        save_slips=lambda _session, _codes: None,
        section_titles=SECTION_TITLES[language],
    )


def shoot_world(
    folder: Path,
    name: str,
    scores: dict[str, int | None],
    language: str,
    size: tuple[int, int],
    out_dir: Path,
    scenes: Callable[[World, ResultsPage, Shooter], None],
) -> list[Path]:
    """Build a world with ``scores`` and shoot its scenes."""
    stem = f"{language}-{name}"
    world = make_world(f"sqlite:///{folder / f'{stem}.db'}", folder / stem, FakeClock())
    try:
        world.run_session(scores)
        page = make_page(world, ADMIN, language)
        window = host(page, size)
        shoot = Shooter(window, out_dir, f"results-{language}-{name}")
        scenes(world, page, shoot)
        window.deleteLater()
        QApplication.processEvents()
        return shoot.saved
    finally:
        world.kiosk.close()


def winner_scenes(world: World, page: ResultsPage, shoot: Shooter) -> None:
    shoot("winner-and-reserve")
    page.refusal_button.click()
    page.refusal_dialog.note.setText("Арыз, 25.11.2026")
    shoot("refusal-dialog")
    page.refusal_dialog.ok.click()
    shoot("runner-up-wins")


def tie_scenes(world: World, page: ResultsPage, shoot: Shooter) -> None:
    shoot("tie-needs-additional-test")
    page.tie_break_button.click()
    page.tie_break_dialog.day.setDate(QDate(2026, 11, 26))
    shoot("tie-break-dialog-late-date")
    page.tie_break_dialog.day.setDate(QDate(2026, 11, 24))
    shoot("tie-break-dialog")
    page.tie_break_dialog.ok.click()
    shoot("tie-break-scheduled")
    scheduled = page.scheduled_dialog.scheduled
    page.scheduled_dialog.cancel.click()
    shoot("tie-break-pending")
    assert scheduled is not None
    world.clock.set_wall(world.clock.now().replace(day=24))
    for code in scheduled.codes:
        world.sit(code, right=2)
    world.kiosk.proctor.end_session(ADMIN, scheduled.session_id)
    page.refresh()
    shoot("tie-unresolved")


def void_scenes(world: World, page: ResultsPage, shoot: Shooter) -> None:
    shoot("void")
    observer = make_page(world, OBSERVER, page.translator.language)
    window = host(observer, (page.width(), page.height()))
    observer_shoot = Shooter(window, shoot.out_dir, f"{shoot.prefix}-observer")
    observer_shoot("read-only")
    shoot.saved += observer_shoot.saved
    window.deleteLater()


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    out_dir, (width, height) = start_admin_screens(__doc__, argv, "1180x718")
    saved: list[Path] = []
    assert date(2026, 11, 23) == FakeClock().now().date()  # the worlds' main test day
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for language in ("ky", "ru"):
            size = (width, height)
            for name, scores, scenes in (
                ("winner", WINNER_SHIFT, winner_scenes),
                ("tie", TIE_SHIFT, tie_scenes),
                ("void", VOID_SHIFT, void_scenes),
            ):
                saved += shoot_world(folder, name, scores, language, size, out_dir, scenes)
    print(f"results screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
