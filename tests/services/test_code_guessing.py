"""Login codes against guessing: the entropy of a code, the per-station lock, and the limit on
wrong codes across all the stations of a session, which the proctor lifts."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from sqlalchemy import select

from kiosk.domain.lockout import MAX_FAILURES, SESSION_MAX_FAILURES
from kiosk.security.codes import ALPHABET, PAYLOAD_LENGTH, check_symbol, generate_code
from kiosk.services.attempts import AttemptService
from kiosk.services.demo import SETUP
from kiosk.services.views import LoginRefusal
from kiosk.storage.models import AuditRecord

CANDIDATES = 100


def code_bits() -> float:
    """Entropy of a code: each payload symbol drawn uniformly from the alphabet."""
    return PAYLOAD_LENGTH * math.log2(len(ALPHABET))


def expected_guesses(candidates: int) -> float:
    """Expected well-formed guesses for one hit when ``candidates`` codes are live.

    A guess must pass the check symbol to be looked up at all (a malformed one is refused before
    any lookup), so the attacker guesses among the well-formed codes only.
    """
    return 2 ** code_bits() / candidates


def test_a_code_carries_at_least_40_bits():
    assert code_bits() >= 40


def test_one_hit_in_a_100_candidate_session_takes_more_than_a_billion_guesses():
    assert expected_guesses(CANDIDATES) > 1e9


def test_the_generator_uses_the_whole_alphabet_evenly():
    """A generator drawing from fewer symbols, or unevenly, would have fewer bits than claimed."""
    draws = 4000
    counts = Counter(symbol for _ in range(draws) for symbol in generate_code()[:-1])
    assert set(counts) == set(ALPHABET)
    expected = draws * PAYLOAD_LENGTH / len(ALPHABET)
    chi_square = sum((n - expected) ** 2 / expected for n in counts.values())
    # 31 degrees of freedom: above 70 has a probability below 1e-4 for a fair generator.
    assert chi_square < 70


def test_no_two_codes_of_many_are_alike():
    codes = [generate_code() for _ in range(20_000)]
    assert len(set(codes)) == len(codes)


def random_well_formed_code(rng: random.Random) -> str:
    payload = "".join(rng.choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
    return payload + check_symbol(payload)


@pytest.fixture
def big_session(world):
    ids = [world.add(f"Талапкер {number:03d}") for number in range(CANDIDATES)]
    codes = world.seat(*ids)
    return world, codes


def station(world, name: str) -> AttemptService:
    kiosk = world.kiosk
    with kiosk.sessions() as session:
        vault = session.info["vault"]
    return AttemptService(
        kiosk.engine, kiosk.sessions, kiosk.clock, name, kiosk.protocols.issue, vault
    )


def test_guessing_from_station_to_station_suspends_the_session(big_session):
    world, codes = big_session
    rng = random.Random(20261123)
    live = {code.code for code in codes}
    outcomes = Counter()
    stations = [station(world, f"st-{n:02d}") for n in range(SESSION_MAX_FAILURES)]
    # Each station takes wrong codes up to just below its own lock: the per-station lock alone
    # would never stop this.
    tries = 0
    for attempts in stations:
        for _ in range(MAX_FAILURES - 1):
            guess = random_well_formed_code(rng)
            assert guess not in live
            outcomes[attempts.login(guess).refusal] += 1
            tries += 1
            if tries >= SESSION_MAX_FAILURES:
                break
        if tries >= SESSION_MAX_FAILURES:
            break
    assert outcomes[LoginRefusal.LOCKED] == 0
    # The session is suspended now: even a right code is refused, kindly, on any station.
    result = station(world, "st-99").login(codes[0].code)
    assert result.refusal is LoginRefusal.SUSPENDED
    console = world.kiosk.proctor.console(SETUP, world.session_id)
    assert console.codes_suspended_at is not None
    assert console.failed_codes == SESSION_MAX_FAILURES
    with world.kiosk.sessions() as session:
        actions = session.scalars(select(AuditRecord.action)).all()
    assert actions.count("session.codes_suspended") == 1
    # The proctor looks, says what was found, and codes are taken again.
    with pytest.raises(ValueError):
        world.kiosk.proctor.resume_code_entry(SETUP, world.session_id, "  ")
    world.kiosk.proctor.resume_code_entry(SETUP, world.session_id, "a pupil tried codes at 3 PCs")
    assert station(world, "st-99").login(codes[0].code).briefing is not None
    with world.kiosk.sessions() as session:
        resumed = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "session.codes_resumed")
        ).one()
    assert resumed.details["reason"] == "a pupil tried codes at 3 PCs"


def test_a_typo_does_not_count_against_the_session(big_session):
    world, codes = big_session
    attempts = station(world, "st-01")
    typo = codes[0].code[:-1] + ("0" if codes[0].code[-1] != "0" else "1")
    for _ in range(SESSION_MAX_FAILURES + 5):
        assert attempts.login(typo).refusal is LoginRefusal.MALFORMED
    assert world.kiosk.proctor.console(SETUP, world.session_id).failed_codes == 0


def test_the_chance_of_a_hit_before_suspension_is_tiny():
    """What an attacker gets per suspension: SESSION_MAX_FAILURES guesses at 100 live codes."""
    chance = 1 - (1 - CANDIDATES / 2 ** code_bits()) ** SESSION_MAX_FAILURES
    assert chance < 1e-8
