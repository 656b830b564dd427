"""PNGs of the proctor's console, in Kyrgyz and in Russian, so that anyone can look.

    python bench/console_screens.py OUT_DIR [--size 1180x718]

Drives the real console page offscreen against the in-memory proctor of the tests
(``tests/ui/admin/fake_proctor.py``): a shift of 40 candidates well under way (most in the test,
some submitted with their appeal windows counting down and one appeal filed, one silent station,
absent, withdrawn, incidents), then two technical problems reported by candidates and one of them
acknowledged, each dialog (resume the silent station, extra time, mark absent, incident about the
whole room, code entry suspended after wrong codes and resumed, end session), the refusal to end
a running session, the notice after a decision and the observer's read-only view (with a problem
still open).  The default size is what the admin window leaves a page on a 1366×768 screen.

Last line: ``console screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from shooter import Shooter, start_admin_screens

from kiosk.domain.roles import Actor, Role
from kiosk.services.appeal_views import ProblemKind
from kiosk.ui.admin.console import ConsolePage
from kiosk.ui.admin.style import admin_style_sheet
from kiosk.ui.theme import NORMAL, palette
from kiosk.ui.timers import FakeTimers
from tests.ui.admin.fake_proctor import BISHKEK, FakeProctor, ended_session, live_shift
from translations import Translator

PROCTOR = Actor("Жээнбеков Нурлан", frozenset({Role.OPERATOR}))
OBSERVER = Actor("Сатыбалдиева Бермет", frozenset({Role.OBSERVER}))


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


def make_page(proctor: FakeProctor, actor: Actor, language: str) -> ConsolePage:
    """A console page on ``proctor``, with timers that never fire by themselves."""
    return ConsolePage(
        proctor,
        actor,
        lambda lang: Translator(lang, strict=True),
        BISHKEK,
        language=language,
        timers=FakeTimers(),
    )


def shoot_language(language: str, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    """Every view of the console in one interface language."""
    shift = live_shift()
    proctor = FakeProctor([shift, ended_session()])
    page = make_page(proctor, PROCTOR, language)
    window = host(page, size)
    shoot = Shooter(window, out_dir, f"console-{language}")
    seats = shift.seats
    ru = language == "ru"

    page.select_registration(seats[2].registration_id)
    shoot("live")
    # Further down: submitted candidates, their appeal windows counting down, one appeal filed.
    page.select_registration(seats[19].registration_id)
    page.table.scrollTo(page.model.index(page.model.row_of(seats[11].registration_id) or 0, 0))
    shoot("appeal-windows")
    page.select_registration(seats[2].registration_id)

    # Two candidates report problems; the panel above the table lists them at the next tick.
    proctor.report_problem(
        seats[2].registration_id,
        ProblemKind.PICTURE_MISSING,
        "Диаграмма на рисунке не видна." if ru else "Сүрөттөгү диаграмма көрүнбөйт.",
    )
    proctor.now += timedelta(minutes=1)
    proctor.report_problem(seats[9].registration_id, ProblemKind.KEYBOARD)
    page.refresh()
    shoot("open-problems")
    page.acknowledge_button.click()
    shoot("problem-acknowledged")

    page.select_registration(seats[5].registration_id)
    page.ask_resume()
    page.resume_dialog.give_back.setChecked(True)
    page.resume_dialog.reason.setPlainText(
        "Станция перезапущена после зависания." if ru else "Станция катып калып, кайра жүктөлдү."
    )
    shoot("resume-dialog")
    page.resume_dialog.ok.click()
    shoot("resumed")

    page.select_registration(seats[20].registration_id)
    page.ask_extra_time()
    page.extra_dialog.minutes.setValue(15)
    page.extra_dialog.reason.setPlainText(
        "По решению комиссии: слабовидящий кандидат." if ru else "Комиссиянын чечими боюнча."
    )
    shoot("extra-time-dialog")
    page.extra_dialog.cancel.click()

    page.select_registration(seats[4].registration_id)
    page.ask_absent()
    shoot("absent-dialog")
    page.absent_dialog.cancel.click()

    page.table.clearSelection()
    page.ask_incident()
    page.incident_dialog.kind.setCurrentIndex(0)
    page.incident_dialog.reason.setPlainText(
        "В зале на 2 минуты отключили свет." if ru else "Залда 2 мүнөткө жарык өчтү."
    )
    shoot("incident-dialog")
    page.incident_dialog.cancel.click()

    # Someone went from station to station trying codes: code entry is suspended.
    shift.codes_suspended_at = proctor.now
    shift.failed_codes = 30
    page.refresh()
    shoot("codes-suspended")
    page.ask_resume_code_entry()
    page.code_entry_dialog.reason.setPlainText(
        "Посторонний вводил коды на станциях A-07 и A-08, удалён из зала."
        if ru
        else "Бөтөн адам A-07, A-08 станцияларында код терген, залдан чыгарылды."
    )
    shoot("code-entry-dialog")
    page.code_entry_dialog.ok.click()
    shoot("codes-resumed")

    page.ask_end()
    shoot("end-dialog")
    page.end_dialog.ok.click()
    shoot("end-refused")

    watched = FakeProctor([live_shift(), ended_session()])
    watched.report_problem(seats[9].registration_id, ProblemKind.SCREEN)
    observer = make_page(watched, OBSERVER, language)
    observer_window = host(observer, size)
    observer_shoot = Shooter(observer_window, out_dir, f"console-{language}-observer")
    observer.select_registration(seats[5].registration_id)
    observer_shoot("read-only")

    for widget in (window, observer_window):
        widget.deleteLater()
    QApplication.processEvents()
    return shoot.saved + observer_shoot.saved


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    out_dir, (width, height) = start_admin_screens(__doc__, argv, "1180x718")
    saved: list[Path] = []
    for language in ("ky", "ru"):
        saved += shoot_language(language, out_dir, (width, height))
    print(f"console screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
