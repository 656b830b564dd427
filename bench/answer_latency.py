"""Answer save latency through the service layer, against a raw sqlite3 commit in the same run.

Both write to a SQLite file in WAL mode with synchronous=FULL in the same temporary folder, so the
ratio says what the service layer adds on top of the durable commit itself.

Last line: ``answer_latency: p50_ms=… p99_ms=… raw_p50_ms=… ratio_p50=…``
(goal: ratio ≤ 2, p99 ≤ 5 ms).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.clock import SystemClock
from tests.helpers.sittings import prepare_sitting


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def service_latencies(folder: Path, count: int) -> list[float]:
    sitting = prepare_sitting(f"sqlite:///{folder / 'kiosk.db'}", folder / "data", SystemClock())
    attempts = sitting.kiosk.attempts
    view = attempts.start(attempts.login(sitting.code).briefing.registration_id, "ky")
    rng = random.Random(7)
    samples = []
    for _ in range(count):
        item = rng.choice(view.items)
        key = rng.choice(item.options).key
        started = time.perf_counter()
        attempts.select_option(view.attempt_id, item.position, key)
        samples.append((time.perf_counter() - started) * 1000)
    sitting.kiosk.close()
    return samples


def raw_latencies(folder: Path, count: int) -> list[float]:
    connection = sqlite3.connect(folder / "raw.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE answers (position INTEGER PRIMARY KEY, selected TEXT)")
    connection.executemany("INSERT INTO answers VALUES (?, '')", [(i,) for i in range(80)])
    rng = random.Random(7)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute(
            "UPDATE answers SET selected = ? WHERE position = ?",
            (rng.choice("abcd"), rng.randrange(80)),
        )
        connection.execute("COMMIT")
        samples.append((time.perf_counter() - started) * 1000)
    connection.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        service = service_latencies(path, args.count)
        raw = raw_latencies(path, args.count)
    p50, p99, raw_p50 = percentile(service, 0.5), percentile(service, 0.99), statistics.median(raw)
    print(f"service: n={len(service)} mean_ms={statistics.fmean(service):.3f}")
    print(f"raw sqlite3: n={len(raw)} mean_ms={statistics.fmean(raw):.3f}")
    print(
        f"answer_latency: p50_ms={p50:.3f} p99_ms={p99:.3f} raw_p50_ms={raw_p50:.3f} "
        f"ratio_p50={p50 / raw_p50:.2f}"
    )


if __name__ == "__main__":
    main()
