"""PNGs of signing in and of the staff accounts page, in Kyrgyz and in Russian, so anyone can look.

    python bench/signin_screens.py OUT_DIR [--size 1160x700]

Builds a kiosk on a temporary data folder and drives the real dialogs and page offscreen,
through the real accounts service: the first-administrator dialog (empty, then with passwords
that differ and with a weak one), the sign-in dialog (a wrong password with the tries left, a
locked account, a disabled one), and the accounts page (the list with a disabled and a locked
account, the new-account dialog with an error, the roles dialog).  Saves ``ky-01-….png`` …
``ru-NN-….png``.

Last line: ``signin screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication, QWidget
from shooter import Shooter, start_admin_screens
from sqlalchemy import select

from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.roles import Role
from kiosk.services.accounts import AccountService
from kiosk.storage.models import Account
from kiosk.ui.admin.accounts import AccountsPage
from kiosk.ui.admin.signin import FirstAdministratorDialog, SignInDialog
from kiosk.ui.admin.style import admin_style_sheet
from kiosk.ui.theme import NORMAL, palette
from translations import Translator

ADMIN = ("nurlan", "Жээнбеков Нурлан Асанович", "тоо-суу-асман-2026")
STAFF = [
    ("aigul", "Абдыкадырова Айгүл Токтогуловна", {Role.OPERATOR}, "кызыл-алма-жашыл"),
    ("bolot", "Садыков Болот Эркинович", {Role.BANK_EDITOR}, "жашыл-тоо-2026"),
    ("elena", "Ким Елена Викторовна", {Role.BANK_APPROVER, Role.COMMISSION}, "көк-асман-2026"),
    ("ormon", "Орозбеков Ормон", {Role.OBSERVER}, "ак-булут-2026-жаз"),
]


def prepare(data_dir: Path, clock: FakeClock) -> Kiosk:
    """A kiosk on an empty database."""
    settings = resolve_settings(data_dir=str(data_dir), station_id="admin", environ={})
    return build(settings, clock)


def add_staff(accounts: AccountService, kiosk: Kiosk) -> None:
    """The administrator's colleagues: one disabled, one locked after wrong passwords."""
    admin = accounts.sign_in(ADMIN[0], ADMIN[2])
    for login, name, roles, password in STAFF:
        accounts.create_account(admin, login, name, frozenset(roles), password)
    accounts.set_active(admin, "ormon", False)
    lock(kiosk, "bolot", timedelta(minutes=11))


def lock(kiosk: Kiosk, login: str, left: timedelta) -> None:
    """Lock an account as five wrong passwords would (written directly, to show the state)."""
    with kiosk.sessions.begin() as session:
        row = session.scalars(select(Account).where(Account.login == login)).one()
        row.locked_until = kiosk.clock.now() + left


def dialog_shooter(dialog: QWidget, out_dir: Path, language: str, shooter: Shooter | None):
    """A shooter aimed at ``dialog`` that keeps numbering after ``shooter``."""
    shoot = Shooter(dialog, out_dir, language)
    if shooter is not None:
        shoot.number = shooter.number
        shoot.saved = shooter.saved
    return shoot


def shoot_language(language: str, out_dir: Path, size: tuple[int, int], work: Path) -> list[Path]:
    """Every dialog and the page in one language."""
    clock = FakeClock()
    kiosk = prepare(work / "data", clock)
    accounts = kiosk.accounts

    def translator(code: str) -> Translator:
        return Translator(code, strict=True)

    try:
        first = FirstAdministratorDialog(accounts, translator, language)
        first.show()
        shoot = dialog_shooter(first, out_dir, language, None)
        shoot("first-admin")
        first.full_name.setText(ADMIN[1])
        first.login.setText(ADMIN[0])
        first.password.setText(ADMIN[2])
        first.repeat.setText(ADMIN[2] + "7")
        first.ok.click()
        shoot("first-admin-differ")
        first.password.setText("nurlan2026")
        first.repeat.setText("nurlan2026")
        first.ok.click()
        shoot("first-admin-weak")
        first.password.setText(ADMIN[2])
        first.repeat.setText(ADMIN[2])
        first.ok.click()
        assert first.actor is not None, first.error_text
        first.deleteLater()

        add_staff(accounts, kiosk)
        sign_in = SignInDialog(accounts, translator, language)
        sign_in.show()
        shoot = dialog_shooter(sign_in, out_dir, language, shoot)
        shoot("sign-in")
        for login, password in (("aigul", "туура эмес"), ("aigul", "дагы туура эмес")):
            sign_in.login.setText(login)
            sign_in.password.setText(password)
            sign_in.ok.click()
        shoot("sign-in-wrong")
        sign_in.login.setText("bolot")
        sign_in.password.setText(STAFF[1][3])
        sign_in.ok.click()
        shoot("sign-in-locked")
        sign_in.login.setText("ormon")
        sign_in.password.setText(STAFF[3][3])
        sign_in.ok.click()
        shoot("sign-in-disabled")
        sign_in.deleteLater()

        admin = accounts.sign_in(ADMIN[0], ADMIN[2])
        page = AccountsPage(
            accounts, admin, translator(language), timezone=kiosk.settings.timezone, now=clock.now
        )
        page.setPalette(palette(NORMAL))
        page.setStyleSheet(admin_style_sheet(NORMAL))
        page.resize(*size)
        page.show()
        shoot = dialog_shooter(page, out_dir, language, shoot)
        page.select("aigul")
        shoot("accounts")
        page.ask_create()
        page.full_name.setText("Токтосунова Нургүл")
        page.login.setText("Aigul")
        page.password.setText("кыска")
        page.repeat.setText("кыска")
        page.dialog.ok.click()
        shoot("accounts-new-error")
        page.dialog.cancel.click()
        page.select("elena")
        page.ask_roles()
        shoot("accounts-roles")
        page.dialog.cancel.click()
        page.select(ADMIN[0])
        page.active_button.click()
        shoot("accounts-last-admin")
        page.deleteLater()
        QApplication.processEvents()
        return shoot.saved
    finally:
        kiosk.close()


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    out_dir, (width, height) = start_admin_screens(__doc__, argv, "1160x700")
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-signin-screens-") as folder:
        for language in ("ky", "ru"):
            work = Path(folder) / language
            work.mkdir()
            saved += shoot_language(language, out_dir, (width, height), work)
    print(f"signin screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
