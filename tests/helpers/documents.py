"""Sample documents with realistic Kyrgyz and Russian texts, for the tests and the benchmark."""

from __future__ import annotations

import io
from datetime import date, datetime

from pypdf import PdfReader

from protocols.testing_protocol import TestingProtocol

INSTITUTION = {
    "ky": "Кыргыз Республикасынын Билим берүү жана илим министрлигине караштуу "
    "Билим берүүнү өнүктүрүү борбору",
    "ru": "Центр развития образования при Министерстве образования и науки Кыргызской Республики",
}
POST = {"ky": "Мектеп директору", "ru": "Директор школы"}
SCHOOL = {
    "ky": "Бишкек шаарындагы №64 Өмүрбек Жапаров атындагы орто мектеп",
    "ru": "Средняя школа №64 имени Омурбека Жапарова города Бишкек",
}
PLACE = {
    "ky": "Бишкек ш., Тыныстанов көчөсү, 199, Тестирлөө борбору, 2-зал",
    "ru": "г. Бишкек, ул. Тыныстанова, 199, Центр тестирования, зал 2",
}
CANDIDATE = "Үсөнбаева Гүлнара Өмүрбековна"


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF, each run of white space as one space (paragraphs wrap)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def sample_protocol() -> TestingProtocol:
    """A protocol of a candidate who passed: 52 of 80 against a threshold of 48."""
    return TestingProtocol(
        number="2026-0001-01-00003",
        institution=INSTITUTION,
        competition_post=POST,
        school=SCHOOL,
        session_date=date(2026, 10, 30),
        session_place=PLACE,
        candidate_name=CANDIDATE,
        candidate_code="7K3M-9QXT-2RH",
        question_count=80,
        score=52,
        max_score=80,
        threshold=48,
        meets=True,
        started_at=datetime(2026, 10, 30, 10, 2, 11),
        ended_at=datetime(2026, 10, 30, 11, 31, 40),
        appeal_deadline=datetime(2026, 10, 30, 12, 31, 40),
        issued_at=datetime(2026, 10, 30, 11, 32, 5),
        responsible_person="Асанов Бакыт Жумабекович",
    )
