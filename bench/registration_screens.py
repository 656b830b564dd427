"""PNGs of the competitions, candidates and sessions pages, in Kyrgyz and in Russian.

    python bench/registration_screens.py OUT_DIR [--size 1180x718]

Drives the real pages offscreen against a kiosk on a temporary SQLite database (the tests'
``make_world``: an approved competition with one session): the list of competitions and the new
competition's dialog, filled; approving a draft; the candidates with the application dialog
(a wrong personal number, the refusal of cl. 28) and a withdrawal; the sessions with the new
session's dialog, the check list of candidates to seat, the warning about unsaved code slips, a
reissue, the observers, and an observer's read-only view.  The default size is what the admin
window leaves a page on a 1366×768 screen.

Last line: ``registration screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QVBoxLayout, QWidget
from shooter import Shooter, start_admin_screens

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.services.competition_views import CompetitionTerms, Vacancy
from kiosk.services.demo import SETUP
from kiosk.ui.admin.competitions import CompetitionsPage
from kiosk.ui.admin.registration import CandidatesPage, SessionsPage
from kiosk.ui.admin.window import admin_style_sheet
from kiosk.ui.theme import NORMAL, palette
from tests.helpers.competition import World, make_world
from tests.helpers.sittings import SMALL_BLUEPRINT, TEST_VACANCY
from translations import Translator

BISHKEK = ZoneInfo("Asia/Bishkek")
ADMIN = Actor("Жээнбеков Нурлан", frozenset({Role.ADMINISTRATOR}))
OBSERVER = Actor("Сатыбалдиева Бермет", frozenset({Role.OBSERVER}))
SECTIONS = {
    "ky": [
        ("law", "Билим берүү жаатындагы ченемдик укуктук актылар"),
        ("pedagogy", "Педагогика жана курак психологиясы"),
        ("it", "IT компетенциялары"),
    ],
    "ru": [
        ("law", "Нормативные правовые акты в сфере образования"),
        ("pedagogy", "Педагогика и возрастная психология"),
        ("it", "IT-компетенции"),
    ],
}
NAMES = (
    "Үсөнбаева Гүлнара Өмүрбековна",
    "Абдыкадыров Нурсултан Маратович",
    "Ниязов Азамат Кубанычбекович",
    "Өмүрзакова Айжан Таалайбековна",
    "Ңурбеков Эрлан",
    "Токтогулова Чолпон Асановна",
    "Бакиев Темирлан Жумабекович",
    "Садыкова Нуриза Бекболотовна",
)


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


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


def populate(world: World) -> tuple[int, int]:
    """Candidates (one failed, one not admitted), a second, draft competition; the failed pin."""
    failed_pin = "21503199000123"
    failed = world.add("Асанов Асан Асанович", pin=failed_pin)
    (code,) = world.seat(failed)
    world.sit(code, right=3)
    for name in NAMES:
        world.add(name)
    world.add("Молдоев Бекзат", admitted=False)
    draft = world.kiosk.competitions.create_competition(
        SETUP,
        CompetitionTerms(
            Vacancy(
                institution=dict(TEST_VACANCY.institution),
                post={"ky": "Мектеп директору", "ru": "Директор школы"},
                school={
                    "ky": "Т. Сатылганов атындагы №3 орто мектеп",
                    "ru": "Средняя школа №3 имени Т. Сатылганова",
                },
                location={
                    "ky": "Токтогул р., Кара-Көл ш.",
                    "ru": "Токтогульский р-н, г. Кара-Куль",
                },
                funding="local",
            ),
            SMALL_BLUEPRINT,
            30 * 60,
        ),
    )
    return draft, int(failed_pin[-4:])


def shoot_language(language: str, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    """Every view of the three pages in one interface language."""
    ru = language == "ru"
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        world = make_world(f"sqlite:///{root / 'k.db'}", root / "data", FakeClock())
        try:
            draft, _tail = populate(world)
            kiosk = world.kiosk

            page = CompetitionsPage(
                kiosk.competitions, ADMIN, strict, BISHKEK, SECTIONS[language], language=language
            )
            shoot = Shooter(host(page, size), out_dir, f"competitions-{language}")
            page.select_competition(draft)
            shoot("list")
            page.open_new_competition()
            texts = page.dialog.texts
            texts["post"]["ky"].setText("Мектеп директору")
            texts["post"]["ru"].setText("Директор школы")
            texts["school"]["ky"].setText("Ө. Мамбетов атындагы №12 мектеп-гимназия")
            texts["school"]["ru"].setText("Школа-гимназия №12 имени Ө. Мамбетова")
            texts["location"]["ky"].setText("Нарын ш.")
            texts["location"]["ru"].setText("г. Нарын")
            for code, count in (("law", 30), ("pedagogy", 30), ("it", 20)):
                page.dialog.counts[code].setValue(count)
            shoot("new-dialog")
            page.dialog.counts["law"].setValue(0)
            texts["school"]["ru"].clear()
            page.dialog.ok.click()
            shoot("new-dialog-problems")
            page.dialog.cancel.click()
            page.select_competition(draft)
            page.ask_approve()
            page.approve_dialog.basis.setText(
                "Приказ МОН КР №1234/1 от 20.11.2026"
                if ru
                else "КР БИМ №1234/1 буйругу, 20.11.2026"
            )
            shoot("approve-dialog")
            page.approve_dialog.ok.click()
            shoot("approved")
            saved += shoot.saved

            candidates = CandidatesPage(
                kiosk.competitions, ADMIN, strict, BISHKEK, language=language, now=world.clock.now
            )
            shoot = Shooter(host(candidates, size), out_dir, f"candidates-{language}")
            candidates.select_competition(world.competition_id)
            shoot("list")
            candidates.open_registration()
            candidates.dialog.full_name.setText("Кадыров Руслан Бакытович")
            candidates.dialog.pin.setText("23102199000")
            candidates.dialog.phone.setText("+996 555 123 456")
            shoot("register-bad-pin")
            candidates.dialog.pin.setText("22012198500456")
            candidates.dialog.not_admitted.setChecked(True)
            candidates.dialog.ok.click()
            shoot("register-problems")
            candidates.dialog.cancel.click()
            candidates.select_competition(draft)
            candidates.open_registration()
            candidates.dialog.full_name.setText("Асанов Асан Асанович")
            candidates.dialog.pin.setText("21503199000123")
            candidates.dialog.consent.setChecked(True)
            candidates.dialog.ok.click()
            shoot("register-refused-cl28")
            candidates.dialog.cancel.click()
            candidates.select_competition(world.competition_id)
            candidates.table.selectRow(2)
            candidates.ask_withdraw()
            shoot("withdraw-dialog")
            candidates.withdraw_dialog.cancel.click()
            saved += shoot.saved

            def cancel_save(*_args: object) -> None:
                return None

            sessions = SessionsPage(
                kiosk.competitions,
                kiosk.exam_sessions,
                kiosk.proctor,
                ADMIN,
                strict,
                BISHKEK,
                language=language,
                save_file=cancel_save,
                now=world.clock.now,
            )
            shoot = Shooter(host(sessions, size), out_dir, f"sessions-{language}")
            sessions.select_competition(world.competition_id)
            shoot("list")
            sessions.open_new_session()
            sessions.session_dialog.shift.setValue(2)
            sessions.session_dialog.place["ky"].setText("Бишкек ш., Тестирлөө борбору, 2-зал")
            sessions.session_dialog.place["ru"].setText("г. Бишкек, Центр тестирования, зал 2")
            sessions.session_dialog.stations.setPlainText("PC-01\nPC-02\nPC-03")
            shoot("new-session-dialog")
            sessions.session_dialog.cancel.click()
            sessions.open_seating()
            shoot("seat-dialog")
            sessions.seat_dialog.ok.click()
            shoot("codes-not-saved")
            waiting = next(seat for seat in sessions.seated if seat.state.value == "not_arrived")
            sessions.select_seat(waiting.registration_id)
            sessions.ask_reissue()
            shoot("reissue-dialog")
            sessions.reissue_dialog.cancel.click()
            sessions.open_observers()
            sessions.observer_names.setPlainText("Сатыбалдиева Бермет\nКадыров Руслан")
            shoot("observers-dialog")
            sessions.observers_dialog.cancel.click()
            saved += shoot.saved

            observer = SessionsPage(
                kiosk.competitions,
                kiosk.exam_sessions,
                kiosk.proctor,
                OBSERVER,
                strict,
                BISHKEK,
                language=language,
                save_file=cancel_save,
            )
            shoot = Shooter(host(observer, size), out_dir, f"sessions-observer-{language}")
            observer.select_competition(world.competition_id)
            shoot("read-only")
            saved += shoot.saved
        finally:
            world.kiosk.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    out_dir, (width, height) = start_admin_screens(__doc__, argv, "1180x718")
    saved: list[Path] = []
    for language in ("ky", "ru"):
        saved += shoot_language(language, out_dir, (width, height))
    print(f"registration screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
