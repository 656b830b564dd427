"""Time to render one testing protocol PDF (fonts registered, as on a running station).

One warm-up render registers the fonts and fills reportlab's caches; then the protocol is rendered
``--runs`` times and the median is reported.

Last line: ``protocol_pdf: median_ms=…`` (goal: ≤ 300 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocols.testing_protocol import render_testing_protocol
from tests.helpers.documents import sample_protocol

SAMPLE = sample_protocol()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    start = time.perf_counter()
    render_testing_protocol(SAMPLE)  # warm-up: font registration and caches
    cold_ms = (time.perf_counter() - start) * 1000
    samples = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(render_testing_protocol(SAMPLE))
        samples.append((time.perf_counter() - start) * 1000)
    print(f"first render (registers the fonts): {cold_ms:.1f} ms")
    print(f"runs={runs} min_ms={min(samples):.1f} max_ms={max(samples):.1f} bytes={size}")
    print(f"protocol_pdf: median_ms={statistics.median(samples):.1f}")


if __name__ == "__main__":
    main()
