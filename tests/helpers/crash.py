"""Kill a running station with SIGKILL at a random moment, restart it, and check what survived.

Shared by the end-to-end test (a few kills) and ``bench/crash_resume.py`` (a hundred).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CrashReport:
    """What the kills cost: answers acknowledged but lost, and the worst error in time left."""

    kills: int = 0
    lost: int = 0
    max_time_error_s: float = 0.0
    details: list[str] = field(default_factory=list)


def _start(data_dir: Path, code: str, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.station_driver", str(data_dir), code, str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _read_resumed(process: subprocess.Popen[str]) -> tuple[float, dict[int, list[str]]]:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("RESUMED"):
        raise RuntimeError(
            f"station did not start: {line!r} {process.stderr.read() if process.stderr else ''}"
        )
    _, _attempt, remaining, answers = line.split(" ", 3)
    return float(remaining), {int(k): v for k, v in json.loads(answers).items()}


def run_kills(data_dir: Path, code: str, kills: int, seed: int = 1) -> CrashReport:
    """Kill the station ``kills`` times at random moments and compare each resume."""
    rng = random.Random(seed)
    report = CrashReport()
    acknowledged: dict[int, list[str]] = {}
    process = _start(data_dir, code, rng.randrange(1 << 30))
    _read_resumed(process)
    for kill in range(kills):
        assert process.stdout is not None
        last_remaining: float | None = None
        last_seen = time.monotonic()
        deadline = time.monotonic() + rng.uniform(0.05, 1.5)
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(
                    "station exited: " + (process.stderr.read() if process.stderr else "")
                )
            parts = line.split()
            if parts[0] == "ACK":
                acknowledged[int(parts[1])] = [parts[2]]
                last_remaining, last_seen = float(parts[3]), time.monotonic()
            elif parts[0] == "BEAT":
                last_remaining, last_seen = float(parts[1]), time.monotonic()
        killed_at = time.monotonic()
        # Lines the station printed before it died were acknowledged too: read them all.
        for line in _kill(process).splitlines():
            parts = line.split()
            if parts and parts[0] == "ACK":
                acknowledged[int(parts[1])] = [parts[2]]
                last_remaining, last_seen = float(parts[3]), killed_at
            elif parts and parts[0] == "BEAT":
                last_remaining, last_seen = float(parts[1]), killed_at
        report.kills += 1
        process = _start(data_dir, code, rng.randrange(1 << 30))
        remaining, stored = _read_resumed(process)
        lost = [p for p, keys in acknowledged.items() if stored.get(p) != keys]
        report.lost += len(lost)
        if lost:
            report.details.append(f"kill {kill}: lost answers at {lost}")
        if last_remaining is not None:
            # What the candidate really had when the station died, against what it resumed with.
            true_remaining = last_remaining - (killed_at - last_seen)
            report.max_time_error_s = max(report.max_time_error_s, abs(remaining - true_remaining))
    _kill(process)
    return report


def _kill(process: subprocess.Popen[str]) -> str:
    """SIGKILL the station; what it had printed and not yet been read."""
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stdout is not None and process.stderr is not None
    unread = process.stdout.read()
    process.stdout.close()
    process.stderr.close()
    return unread
