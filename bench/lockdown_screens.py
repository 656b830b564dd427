"""PNGs of the locked-down station's staff screens, in Kyrgyz and in Russian.

    python bench/lockdown_screens.py OUT_DIR [--size 1366x768]

Builds a station on a temporary data folder with the small test bank and three staff accounts,
and drives the real window offscreen with the real staff gate (``KioskGate``) on a fake clock:

* the "station closed" screen, empty and with a commission member's refused sign-in;
* an operator opens it; the code screen;
* "Staff: close the station" with an operator refused, and its second page for a test in
  progress, then the same dialog on a closed station (quit only);
* the code screen's "code entry paused" message after 30 wrong codes across the session.

Last line: ``lockdown_screens: png=<count> dir=<OUT_DIR>``.
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

from kiosk.app import Kiosk
from kiosk.clock import FakeClock
from kiosk.domain.roles import Role
from kiosk.security.codes import generate_code
from kiosk.ui.candidate.gate import KioskGate
from kiosk.ui.candidate.window import CandidateWindow
from kiosk.ui.fonts import use_bundled_font
from kiosk.ui.theme import SCALE_STEPS, point_size
from kiosk.ui.timers import FakeTimers
from tests.helpers.sittings import prepare_sitting
from translations import Translator

#: Every demo account's password here; the bench is never a real installation.
PASSWORD = "green apples in early spring 2026"


def staff_kiosk(data_dir: Path, clock: FakeClock) -> tuple[Kiosk, list[str]]:
    """A sitting with an administrator, an operator and a commission member, its key closed as
    a freshly started station's is; the candidates' codes."""
    sitting = prepare_sitting(f"sqlite:///{data_dir / 'kiosk.db'}", data_dir / "data", clock)
    kiosk = sitting.kiosk
    admin = kiosk.accounts.create_first_administrator("admin", "Администратор", PASSWORD)
    kiosk.accounts.create_account(
        admin, "operator", "Оператор", frozenset({Role.OPERATOR}), PASSWORD
    )
    kiosk.accounts.create_account(
        admin, "chair", "Комиссия төрагасы", frozenset({Role.COMMISSION}), PASSWORD
    )
    kiosk.keys.lock()
    return kiosk, [issued.code for issued in sitting.codes]


def shoot_language(
    language: str, kiosk: Kiosk, clock: FakeClock, codes: list[str], out_dir: Path, size
) -> list[Path]:
    """The staff screens in one interface language."""
    window = CandidateWindow(
        kiosk.attempts,
        kiosk.settings.timezone,
        language=language,
        timer_factory=FakeTimers(),
        printer=None,
        translator_factory=lambda lang: Translator(lang, strict=True),
        gate=KioskGate.of(kiosk, kiosk.settings.station_id),
    )
    window.resize(*size)
    window.show()
    shoot = Shooter(window, out_dir, f"lockdown-{language}")
    closed = window.closed
    staff = window.staff
    assert closed is not None and staff is not None

    def sign_in_closed(login: str) -> None:
        closed.login.setText(login)
        closed.password.setText(PASSWORD)
        closed.submit()

    def ask_to_leave(login: str, action: str) -> None:
        window.ask_staff()
        staff.login.setText(login)
        staff.password.setText(PASSWORD)
        staff.submit(action)

    shoot("closed")
    sign_in_closed("chair")
    shoot("closed-refused-role")
    sign_in_closed("operator")
    assert window.current_screen is window.login, "the operator did not open the station"
    shoot("opened-code-screen")

    window.login.code.setText(codes[0])
    window.login.submit()
    window.briefing.start.click()
    assert window.exam.in_progress
    window.ask_staff()
    staff.login.setText("operator")
    shoot("staff-dialog")
    staff.password.setText(PASSWORD)
    staff.submit("close")
    shoot("staff-dialog-operator-refused")
    staff.dismiss()
    ask_to_leave("admin", "close")
    assert staff.confirming
    shoot("staff-confirm-interrupt")
    staff.interrupt.click()
    assert window.current_screen is closed
    window.ask_staff()
    shoot("staff-dialog-closed-station")
    staff.dismiss()

    # 30 wrong codes across the session (the station's own lock waited out) pause code entry.
    sign_in_closed("operator")
    attempts = kiosk.attempts
    for _ in range(30):
        attempts.login(generate_code())
        seconds = attempts.lockout_seconds()
        if seconds:
            clock.advance(seconds + 1)
    window.show_login()
    window.login.code.setText(codes[1])
    window.login.submit()
    shoot("code-entry-paused")
    window._leaving = True  # the bench closes its own window without an administrator
    window.close()
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default="1366x768", help="window size, e.g. 1920x1080")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    out_dir: Path = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    use_bundled_font(app, point_size(SCALE_STEPS[1]))
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-lockdown-") as folder:
        for language in ("ky", "ru"):
            clock = FakeClock()
            kiosk, codes = staff_kiosk(Path(folder) / language, clock)
            try:
                saved += shoot_language(language, kiosk, clock, codes, out_dir, (width, height))
            finally:
                kiosk.close()
    print(f"lockdown_screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
