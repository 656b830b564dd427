"""Sample documents and PDF inspection helpers for the tests of the ``protocols`` package."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date, time

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from protocols.code_slips import CodeSlip
from protocols.testing_protocol import TestingProtocol
from tests.helpers import documents
from tests.helpers.documents import CANDIDATE, PLACE, POST, sample_protocol


@pytest.fixture
def base14() -> re.Pattern[str]:
    """The names of the PDF base-14 fonts: never embedded, and without Ң Ө Ү."""
    return re.compile(r"Helvetica|Times|Courier|Symbol|ZapfDingbats", re.IGNORECASE)


@pytest.fixture
def protocol() -> TestingProtocol:
    """A protocol of a candidate who passed: 52 of 80 against a threshold of 48."""
    return sample_protocol()


@pytest.fixture
def make_slips() -> Callable[[int], list[CodeSlip]]:
    """``make_slips(n)``: n slips with distinct names and codes."""

    def make(count: int) -> list[CodeSlip]:
        return [
            CodeSlip(
                candidate_name=f"{CANDIDATE} {number}",
                code=f"7K3M-9Q{number:02d}-2RH",
                competition_post=POST,
                session_date=date(2026, 10, 30),
                session_place=PLACE,
                starts_at=time(9, 0) if number % 2 else None,
                shift="2" if number % 3 == 0 else None,
            )
            for number in range(count)
        ]

    return make


@pytest.fixture
def pdf_text() -> Callable[[bytes], str]:
    """The text of every page of a PDF, white space normalized."""
    return documents.pdf_text


def _fonts_of(resources: DictionaryObject | None) -> Iterator[DictionaryObject]:
    """Every font dictionary reachable from a resource dictionary, forms included."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for font in fonts.get_object().values():
            yield font.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for xobject in xobjects.get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from _fonts_of(xobject.get("/Resources"))


@pytest.fixture
def pdf_fonts() -> Callable[[bytes], dict[str, bool]]:
    """``{BaseFont: embedded}`` for every font used on any page of a PDF."""

    def fonts(pdf: bytes) -> dict[str, bool]:
        found: dict[str, bool] = {}
        for page in PdfReader(io.BytesIO(pdf)).pages:
            for font in _fonts_of(page.get("/Resources")):
                descendants = font.get("/DescendantFonts")
                described = descendants.get_object()[0].get_object() if descendants else font
                descriptor = described.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                embedded = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found[str(font["/BaseFont"])] = embedded
        return found

    return fonts
