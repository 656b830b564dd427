"""The whole admin window as the staff see it, page by page, in Kyrgyz and Russian.

    python bench/staff_window.py OUT_DIR

A SQLite kiosk with an approved competition (``tests/helpers/competition.py``) whose session of
twelve candidates has finished with a winner and a reserve; the window is opened for the
administrator and for an operator, and every page of the navigation is shot.

Last line: ``staff window: png=<count> dir=<OUT_DIR>``.
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

from PySide6.QtWidgets import QApplication
from shooter import Shooter

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.ui.admin.style import ADMIN_PT
from kiosk.ui.admin.window import ADMIN_SIZE, AdminWindow, CompetitionPorts
from kiosk.ui.fonts import use_bundled_font
from tests.helpers.competition import make_world
from translations import Translator

STAFF = (
    Actor("admin", frozenset({Role.ADMINISTRATOR})),
    Actor("operator", frozenset({Role.OPERATOR})),
)
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
)
SCORES = (9, 7, 8, 5, None, 6, 4, 7, 3, None, 8, 2)


def shoot(out_dir: Path) -> list[Path]:
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        world = make_world(f"sqlite:///{folder}/k.db", Path(folder) / "data", FakeClock())
        kiosk = world.kiosk
        try:
            world.run_session(dict(zip(NAMES, SCORES, strict=True)))
            for actor in STAFF:
                for language in ("ky", "ru"):
                    window = AdminWindow(
                        kiosk.bank,
                        actor,
                        lambda lang: Translator(lang, strict=True),
                        language,
                        proctor=kiosk.proctor,
                        accounts=kiosk.accounts,
                        competition_ports=CompetitionPorts(
                            kiosk.competitions, kiosk.exam_sessions, kiosk.results, kiosk.documents
                        ),
                        timezone=kiosk.settings.timezone,
                    )
                    window.resize(*ADMIN_SIZE)
                    window.show()
                    shot = Shooter(window, out_dir, f"staff-{actor.name}-{language}")
                    for key in window.nav_buttons:
                        if key in ("review", "sections", "exchange", "blueprint"):
                            continue  # the bank's pages have their own script
                        window.show_page(key)
                        shot(key)
                    saved += shot.saved
                    window.deleteLater()
                    QApplication.processEvents()
        finally:
            kiosk.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    use_bundled_font(app, ADMIN_PT)
    saved = shoot(args.out_dir)
    print(f"staff window: png={len(saved)} dir={args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
