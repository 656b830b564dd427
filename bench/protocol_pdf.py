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
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocols.testing_protocol import TestingProtocol, render_testing_protocol

SAMPLE = TestingProtocol(
    number="2026-0001-01-00003",
    institution={
        "ky": "Кыргыз Республикасынын Билим берүү жана илим министрлигине караштуу "
        "Билим берүүнү өнүктүрүү борбору",
        "ru": "Центр развития образования при Министерстве образования и науки "
        "Кыргызской Республики",
    },
    competition_post={"ky": "Мектеп директору", "ru": "Директор школы"},
    school={
        "ky": "Бишкек шаарындагы №64 Өмүрбек Жапаров атындагы орто мектеп",
        "ru": "Средняя школа №64 имени Омурбека Жапарова города Бишкек",
    },
    session_date=date(2026, 10, 30),
    session_place={
        "ky": "Бишкек ш., Тыныстанов көчөсү, 199, Тестирлөө борбору, 2-зал",
        "ru": "г. Бишкек, ул. Тыныстанова, 199, Центр тестирования, зал 2",
    },
    candidate_name="Үсөнбаева Гүлнара Өмүрбековна",
    candidate_code="7K3M-9QXT-2RH",
    question_count=80,
    score=52,
    max_score=80,
    threshold=48,
    meets=True,
    started_at=datetime(2026, 10, 30, 10, 2),
    ended_at=datetime(2026, 10, 30, 11, 31),
    appeal_deadline=datetime(2026, 10, 30, 12, 31),
    issued_at=datetime(2026, 10, 30, 11, 32),
    responsible_person="Асанов Бакыт Жумабекович",
    verification_code="H4Q9-2KXM-T7",
)


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
