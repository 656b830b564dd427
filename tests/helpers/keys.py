"""The installation key in tests: made with a recovery passphrase, so that a second kiosk on the
same database (a restarted station, another station) can open it as staff would."""

from __future__ import annotations

from kiosk.app import Kiosk
from kiosk.security.vault import KdfCost

#: The recovery passphrase of every test installation.
TEST_RECOVERY = "test installation recovery passphrase"
#: Argon2id at its cheapest, for the tests' key slots and password hashes (see
#: ``tests/conftest.py``): thousands are made and opened, and their strength is not under test.
CHEAP = KdfCost(time_cost=1, memory_kib=64, parallelism=1)


def install_keys(kiosk: Kiosk) -> Kiosk:
    """Make the installation's keys on a fresh database and open them in ``kiosk``."""
    kiosk.keys.install(recovery_passphrase=TEST_RECOVERY)
    return kiosk


def open_keys(kiosk: Kiosk) -> Kiosk:
    """Open the installation key in another kiosk on the same database."""
    kiosk.keys.recover(TEST_RECOVERY)
    return kiosk


def ready_keys(kiosk: Kiosk) -> Kiosk:
    """Open the key, making it first on a fresh database (a station process that may be the
    first or a restart)."""
    return open_keys(kiosk) if kiosk.keys.installed() else install_keys(kiosk)
