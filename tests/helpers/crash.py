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
    """Kill the station ``kills`` times at random moments and compare each resume.

    An answer is *lost* when the resumed attempt differs from what the station had acknowledged.
    The one change under way at the moment of the kill may have been committed or not (the
    station died between the commit and the acknowledgement, or before the commit): either is
    right, as long as it is one or the other.
    """
    rng = random.Random(seed)
    report = CrashReport()
    acknowledged: dict[int, list[str]] = {}
    process = _start(data_dir, code, rng.randrange(1 << 30))
    _read_resumed(process)
    for kill in range(kills):
        assert process.stdout is not None
        clock = _Progress()
        deadline = time.monotonic() + rng.uniform(0.05, 1.5)
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(
                    "station exited: " + (process.stderr.read() if process.stderr else "")
                )
            clock.read(line, acknowledged, time.monotonic())
        killed_at = time.monotonic()
        # Lines the station printed before it died describe acknowledged changes too.
        for line in _kill(process).splitlines():
            clock.read(line, acknowledged, killed_at)
        report.kills += 1
        process = _start(data_dir, code, rng.randrange(1 << 30))
        remaining, stored = _read_resumed(process)
        if clock.pending is not None:
            position, key = clock.pending
            if stored.get(position) == [key]:
                acknowledged[position] = [key]
        lost = [p for p, keys in acknowledged.items() if stored.get(p) != keys]
        report.lost += len(lost)
        if lost:
            report.details.append(
                f"kill {kill}: lost answers at {lost}: "
                + ", ".join(
                    f"{p}: acknowledged {acknowledged[p]}, stored {stored.get(p)}" for p in lost
                )
            )
        if clock.last_remaining is not None:
            # What the candidate really had when the station died, against what it resumed with.
            true_remaining = clock.last_remaining - (killed_at - clock.last_seen)
            report.max_time_error_s = max(report.max_time_error_s, abs(remaining - true_remaining))
    _kill(process)
    return report


@dataclass
class _Progress:
    """What the parent learnt from a station's lines since its last start."""

    last_remaining: float | None = None
    last_seen: float = 0.0
    pending: tuple[int, str] | None = None

    def read(self, line: str, acknowledged: dict[int, list[str]], seen_at: float) -> None:
        parts = line.split()
        if not parts:
            return
        if parts[0] == "TRY":
            self.pending = (int(parts[1]), parts[2])
        elif parts[0] == "ACK" and len(parts) == 4:
            acknowledged[int(parts[1])] = [parts[2]]
            self.pending = None
            self.last_remaining, self.last_seen = float(parts[3]), seen_at
        elif parts[0] == "BEAT" and len(parts) == 2:
            self.last_remaining, self.last_seen = float(parts[1]), seen_at


def _kill(process: subprocess.Popen[str]) -> str:
    """SIGKILL the station; what it had printed and not yet been read."""
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stdout is not None and process.stderr is not None
    unread = process.stdout.read()
    process.stdout.close()
    process.stderr.close()
    return unread
