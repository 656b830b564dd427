"""The cost of guessing a staff password offline, as the program ships it.

The test run itself hashes with a cheap cost (``tests/conftest.py``); these tests read the
production parameters, which the run does not change, and check a slot made with them."""

from __future__ import annotations

import subprocess
import sys

from kiosk.security import passwords
from kiosk.security.vault import KdfCost, WrappedKey, new_data_key, unwrap_key, wrap_key

RFC_9106_SECOND = KdfCost(time_cost=3, memory_kib=64 * 1024, parallelism=4)


def test_key_slots_ship_with_rfc_9106s_second_recommendation():
    assert KdfCost() == RFC_9106_SECOND


def test_a_slot_records_its_cost_and_opens_only_with_its_password():
    key = new_data_key()
    wrapped = wrap_key(key, "тоо-суу-асман-2026", RFC_9106_SECOND)
    stored = wrapped.to_json()
    assert (stored["t"], stored["m"], stored["p"]) == (3, 65536, 4)
    assert unwrap_key(WrappedKey.from_json(stored), "тоо-суу-асман-2026") == key


def test_passwords_ship_hashed_at_64_mib_and_3_passes():
    """In a process of its own, as the program runs: the test run's cheap hasher is not there."""
    shipped = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kiosk.security.passwords import hash_password; print(hash_password('x' * 12))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert shipped.startswith("$argon2id$") and "m=65536,t=3,p=4" in shipped
    assert "m=65536" not in passwords.hash_password("x" * 12)  # this run's is the cheap one
