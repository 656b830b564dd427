"""Time to assemble one 80-question form from a 10,000-question approved pool.

The pool has five sections of 2,000 questions each; one in ten belongs to a three-question
scenario, a tenth of the options are in fixed order.  Each run draws a form for a new seed by the
demo's five-section blueprint, exactly as a station does at the start of an attempt (the pool is
already loaded; loading it is a database read measured by the start-up of an attempt).

Last line: ``form_assembly: median_ms=…`` (goal: ≤ 20 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from question_bank.assembly import PoolItem, assemble_form
from question_bank.demo import DEMO_BLUEPRINT


def make_pool(size: int) -> list[PoolItem]:
    """``size`` approved items spread evenly over the blueprint's sections."""
    sections = [code for code, _ in DEMO_BLUEPRINT.sections]
    pool = []
    for version_id in range(1, size + 1):
        section = sections[version_id % len(sections)]
        scenario = f"SC-{version_id // 30}" if version_id % 10 == 0 else None
        pool.append(
            PoolItem(
                version_id=version_id,
                section=section,
                option_keys=("a", "b", "c", "d"),
                scenario=scenario,
                shuffle_options=version_id % 10 != 5,
            )
        )
    return pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pool", type=int, default=10_000)
    args = parser.parse_args()
    pool = make_pool(args.pool)
    samples = []
    form = ()
    for seed in range(args.runs):
        start = time.perf_counter()
        form = assemble_form(pool, DEMO_BLUEPRINT, seed)
        samples.append((time.perf_counter() - start) * 1000)
    assert len(form) == DEMO_BLUEPRINT.total
    print(f"pool={len(pool)} questions={len(form)} runs={args.runs}")
    print(f"min_ms={min(samples):.2f} max_ms={max(samples):.2f}")
    print(f"form_assembly: median_ms={statistics.median(samples):.2f}")


if __name__ == "__main__":
    main()
