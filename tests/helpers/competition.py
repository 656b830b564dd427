"""A competition run through the services, for the tests of results, documents and the console.

``World`` builds a kiosk on a database with a bank, an approved competition of ten questions
(threshold 6) and one session at 10:00 Bishkek time on the fake clock's day; ``sit`` takes the
test for a candidate with exactly the number of right answers asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from sqlalchemy import select

from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.services.competition_views import Application, CompetitionTerms, IssuedCode, SessionPlan
from kiosk.services.demo import SETUP, made_up_pin
from kiosk.services.keys import answer_key, vault_of
from kiosk.storage.models import AttemptItem, QuestionVersion
from tests.helpers.banks import make_bank
from tests.helpers.keys import install_keys
from tests.helpers.sittings import SESSION_DAY, SMALL_BLUEPRINT, TEST_PLACE, TEST_VACANCY

#: Enough questions that a tie-break form of unseen ones can always be drawn.
LARGE_BANK = {"law": 24, "pedagogy": 18, "it": 18}
START = time(10, 0)


@dataclass
class World:
    """An approved competition with one session, on one database."""

    kiosk: Kiosk
    clock: FakeClock
    competition_id: int
    session_id: int
    _serial: int = field(default=0)

    def add(self, name: str, *, pin: str | None = None, admitted: bool = True) -> int:
        """Register an admitted candidate; their id."""
        self._serial += 1
        return self.kiosk.competitions.add_candidate(
            SETUP,
            self.competition_id,
            Application(
                name,
                pin or made_up_pin(self._serial),
                consent=True,
                admitted=admitted,
                reason="" if admitted else "стаж жетишсиз",
            ),
        )

    def seat(self, *candidate_ids: int, session_id: int | None = None) -> list[IssuedCode]:
        """Seat candidates in the session (default: the world's) and issue their codes."""
        return self.kiosk.exam_sessions.register(
            SETUP, session_id or self.session_id, list(candidate_ids)
        )

    def sit(self, code: IssuedCode, right: int, *, submit: bool = True) -> int:
        """Log in with ``code``, answer ``right`` questions correctly and the rest wrongly."""
        attempts = self.kiosk.attempts
        briefing = attempts.login(code.code).briefing
        assert briefing is not None, "the code did not open the test"
        view = attempts.start(briefing.registration_id, "ky")
        keys = self.keys(view.attempt_id)
        for item in view.items:
            correct = keys[item.position]
            wrong = next(o.key for o in item.options if o.key not in correct)
            attempts.select_option(
                view.attempt_id,
                item.position,
                sorted(correct)[0] if item.position < right else wrong,
            )
        if submit:
            attempts.submit(view.attempt_id)
        return view.attempt_id

    def run_session(self, scores: dict[str, int | None]) -> dict[str, int]:
        """Register, seat and test one candidate per name with the given number of right
        answers (None: did not come), then end the session; the candidates' ids by name."""
        ids = {name: self.add(name) for name in scores}
        codes = self.seat(*ids.values()) if ids else []
        for code, right in zip(codes, scores.values(), strict=True):
            if right is not None:
                self.sit(code, right=right)
        self.kiosk.proctor.end_session(SETUP, self.session_id)
        return ids

    def keys(self, attempt_id: int) -> dict[int, frozenset[str]]:
        """The keyed options of each question of an attempt's frozen form."""
        with self.kiosk.sessions() as session:
            rows = session.execute(
                select(AttemptItem.position, QuestionVersion)
                .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
                .where(AttemptItem.attempt_id == attempt_id)
            ).all()
            vault = vault_of(session)
            return {position: answer_key(vault, version) for position, version in rows}


def make_world(
    database_url: str,
    data_dir: Path,
    clock: FakeClock,
    station: str = "st-01",
    bank_sizes: dict[str, int] | None = None,
) -> World:
    """A kiosk with a bank (large unless ``bank_sizes`` says how many questions per section) and
    an approved competition with one 10:00 session."""
    settings = resolve_settings(
        data_dir=str(data_dir), database_url=database_url, station_id=station, environ={}
    )
    kiosk = build(settings, clock)
    install_keys(kiosk)
    kiosk.bank.load_approved(
        make_bank(bank_sizes or LARGE_BANK), author="author", approver="approver"
    )
    competition_id = kiosk.competitions.create_competition(
        SETUP, CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 30 * 60)
    )
    kiosk.competitions.approve_terms(SETUP, competition_id, "Буйрук №1, 01.11.2026")
    session_id = kiosk.exam_sessions.create_session(
        SETUP, competition_id, SessionPlan(SESSION_DAY, TEST_PLACE, starts_at=START)
    )
    return World(kiosk, clock, competition_id, session_id)
