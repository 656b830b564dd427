"""A simulated shift of 100 candidates through the services, as a testing center runs it.

On a new SQLite database with the demo bank: an administrator creates and approves the
competition; an operator registers 100 candidates (personal number, consent), schedules the
session, issues the codes and prints the slips and the registration sheet; each candidate logs
in, answers all 80 questions (each answer committed, as at a station), and submits, which issues
their testing protocol; then the console is read, the session ended, and the results protocol,
the ranking and the ministry's package are made.

Prints the time of each phase, then as the last line ``session_day: candidates=100 seconds=…``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.app import build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.roles import Actor, Role
from kiosk.services.competition_views import Application, CompetitionTerms, SessionPlan
from kiosk.services.demo import DEMO_PLACE, DEMO_TERMS, made_up_pin
from question_bank.demo import load_demo_bank
from tests.helpers.keys import ready_keys

ADMIN = Actor("bench-admin", frozenset({Role.ADMINISTRATOR}))
OPERATOR = Actor("bench-operator", frozenset({Role.OPERATOR}))
FIRST = ("Айгүл", "Нурлан", "Гүлзат", "Бакыт", "Элена", "Өмүр", "Үмүт", "Ңурай", "Бермет", "Азамат")
LAST = (
    "Абдыкадыров",
    "Жээнбеков",
    "Үсөнов",
    "Ибраимов",
    "Ким",
    "Өмүрбеков",
    "Токтогулов",
    "Сыдыков",
)


@contextmanager
def phase(name: str, timings: dict[str, float]):
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start


def run(candidates: int, data_dir: Path) -> dict[str, float]:
    zone = ZoneInfo("Asia/Bishkek")
    day = date(2026, 11, 23)
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=zone).astimezone(ZoneInfo("UTC")))
    kiosk = ready_keys(
        build(
            resolve_settings(data_dir=str(data_dir), station_id="bench-station", environ={}), clock
        )
    )
    timings: dict[str, float] = {}
    rng = random.Random(2026)
    try:
        bank = load_demo_bank()
        kiosk.bank.load_approved(bank, author="bench-author", approver="bench-approver")
        # The simulated candidates know some answers; the bench knows the keys by the stems.
        keys = {text: q.correct for q in bank.questions for text in q.stem.values()}
        with phase("register", timings):
            competition = kiosk.competitions.create_competition(
                ADMIN, CompetitionTerms(DEMO_TERMS.vacancy, DEMO_TERMS.blueprint, 90 * 60)
            )
            kiosk.competitions.approve_terms(ADMIN, competition, "bench")
            people = [
                kiosk.competitions.add_candidate(
                    OPERATOR,
                    competition,
                    Application(
                        f"{LAST[n % len(LAST)]} {FIRST[n % len(FIRST)]} {n:03d}",
                        made_up_pin(n + 1),
                        consent=True,
                    ),
                )
                for n in range(candidates)
            ]
        with phase("codes", timings):
            session_id = kiosk.exam_sessions.create_session(
                OPERATOR,
                competition,
                SessionPlan(day, DEMO_PLACE, starts_at=datetime(2026, 11, 23, 9, 30).time()),
            )
            codes = kiosk.exam_sessions.register(OPERATOR, session_id, people)
            kiosk.exam_sessions.code_slips(OPERATOR, session_id, codes)
            kiosk.exam_sessions.registration_sheet(OPERATOR, session_id)
        with phase("attempts", timings):
            # Everyone sits at once, as in the room: all start, then answer question by question.
            attempts = kiosk.attempts
            running = []
            for code in codes:
                login = attempts.login(code.code)
                assert login.briefing is not None, login.refusal
                view = attempts.start(login.briefing.registration_id, rng.choice(("ky", "ru")))
                running.append(view)
            ability = {view.attempt_id: rng.uniform(0.35, 0.95) for view in running}
            for position in range(len(running[0].items)):
                clock.advance(rng.uniform(20, 50))
                for view in running:
                    item = view.items[position]
                    right = keys[item.stem]
                    wrong = [o.key for o in item.options if o.key not in right]
                    chosen = min(right) if rng.random() < ability[view.attempt_id] else wrong[0]
                    attempts.select_option(view.attempt_id, item.position, chosen)
                    attempts.heartbeat(view.attempt_id)
            for view in running:
                attempts.submit(view.attempt_id)
            kiosk.proctor.console(OPERATOR, session_id)
            clock.advance(timedelta(hours=2).total_seconds())
            kiosk.proctor.end_session(OPERATOR, session_id)
        with phase("documents", timings):
            kiosk.documents.session_results(OPERATOR, session_id)
            outcome = kiosk.results.results(OPERATOR, competition).ranking.outcome
            kiosk.documents.ranking(OPERATOR, competition)
            kiosk.documents.ministry_package(ADMIN, competition)
        print(f"outcome of the simulated competition: {outcome.value}")
    finally:
        kiosk.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        timings = run(args.candidates, Path(folder))
    for name, seconds in timings.items():
        print(f"  {name:<10} {seconds:7.2f} s")
    print(f"session_day: candidates={args.candidates} seconds={sum(timings.values()):.1f}")


if __name__ == "__main__":
    main()
