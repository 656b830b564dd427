"""Kill a running station with SIGKILL at random moments, resume it, and count what was lost.

A station process answers questions as fast as it can, printing each answer only after the
service acknowledged it; this script kills it N times at random moments, restarts it with the same
code, and compares the resumed attempt with every acknowledged answer and with the time left.

Last line: ``crash_resume: kills=N lost=… max_time_error_s=…`` (goal: lost=0, error ≤ 2 s at N=100).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.clock import SystemClock
from tests.helpers.crash import run_kills
from tests.helpers.sittings import prepare_sitting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        sitting = prepare_sitting(f"sqlite:///{data / 'kiosk.db'}", data, SystemClock())
        sitting.kiosk.close()
        report = run_kills(data, sitting.code, args.kills, seed=args.seed)
    for line in report.details:
        print(line)
    print(
        f"crash_resume: kills={report.kills} lost={report.lost} "
        f"max_time_error_s={report.max_time_error_s:.3f}"
    )


if __name__ == "__main__":
    main()
