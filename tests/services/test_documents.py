"""The competition's documents from the stored records, on every database backend."""

import csv
import hashlib
import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kiosk.domain.roles import NotPermitted
from kiosk.services.competition_views import ResultsRefused
from kiosk.storage.models import AuditRecord
from protocols.ministry_package import verify_package
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR
from tests.helpers.documents import pdf_text

pytestmark = pytest.mark.storage

MEETS_KY = "Топтолгон балл квалификациялык талаптарга жооп берет"
NOT_MEETS_KY = "Топтолгон балл квалификациялык талаптарга жооп бербейт"


def shift(world):
    ids = {
        name: world.add(name)
        for name in ("Асанов Бакыт", "Бекова Айзада", "Касымов Улан", "Үсөнова Гүлзат")
    }
    codes = world.seat(*ids.values())
    for code, right in zip(codes, (9, 7, 4), strict=False):
        world.sit(code, right=right)
    world.kiosk.exam_sessions.set_observers(OPERATOR, world.session_id, ["Байкоочу Марат"])
    world.kiosk.proctor.end_session(OPERATOR, world.session_id)
    world.clock.advance(61 * 60)  # every appeal window of cl. 33 has closed
    return ids, codes


def test_the_session_results_protocol_lists_every_candidate(world):
    _, codes = shift(world)
    text = pdf_text(world.kiosk.documents.session_results(OPERATOR, world.session_id))
    for code in codes[:3]:
        formatted = f"{code.code[:4]}-{code.code[4:8]}-{code.code[8:]}"
        assert formatted in text
    assert codes[3].code[:4] not in text.split("Үсөнова")[1][:80]
    assert text.count(MEETS_KY) == 2
    assert text.count(NOT_MEETS_KY) == 1
    assert "Келген жок" in text
    assert "Байкоочу Марат" in text


def test_the_ranking_names_the_winner_and_the_reserve(world):
    shift(world)
    text = pdf_text(world.kiosk.documents.ranking(OPERATOR, world.competition_id))
    assert "Асанов Бакыт" in text.split("Бекова")[0]
    assert "резерв" in text.lower()


def test_the_ranking_waits_for_everyone_to_finish(world):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    world.sit(code, right=9, submit=False)
    with pytest.raises(ResultsRefused):
        world.kiosk.documents.ranking(OPERATOR, world.competition_id)


def test_the_ministry_package_holds_what_cl_27_asks_and_proves_itself(world):
    shift(world)
    package = world.kiosk.documents.ministry_package(ADMIN, world.competition_id)
    assert verify_package(package) == []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
        protocols = sorted(n for n in names if n.startswith("protocols/"))
        assert len(protocols) == 2  # only those who meet the requirements
        assert {"ranking.pdf", "results.xlsx", "results.csv", "SHA256SUMS"} <= names
        assert any(n.startswith("sessions/") for n in names)
        sums = archive.read("SHA256SUMS").decode()
        for name in names - {"SHA256SUMS"}:
            assert f"{hashlib.sha256(archive.read(name)).hexdigest()}  {name}" in sums
        rows = list(csv.reader(io.StringIO(archive.read("results.csv").decode("utf-8-sig"))))
        workbook = load_workbook(io.BytesIO(archive.read("results.xlsx")))
    flat = "\n".join(",".join(row) for row in rows)
    assert "Асанов Бакыт" in flat and "Үсөнова Гүлзат" in flat
    assert "201011980" not in flat  # no personal numbers
    sheet_text = " ".join(
        str(c.value) for row in workbook.active.iter_rows() for c in row if c.value
    )
    assert "Бекова Айзада" in sheet_text
    with world.kiosk.sessions() as session:
        issued = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "document.issued")
        ).all()
    assert issued[-1].details["sha256"] == hashlib.sha256(package).hexdigest()
    archived = list((world.kiosk.settings.archive_dir / "documents").glob("ministry-package-*.zip"))
    assert archived and archived[0].read_bytes() == package


def test_an_altered_package_is_detected(world):
    shift(world)
    package = world.kiosk.documents.ministry_package(ADMIN, world.competition_id)
    source = zipfile.ZipFile(io.BytesIO(package))
    altered = io.BytesIO()
    with zipfile.ZipFile(altered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "results.csv":
                data = data.replace("Асанов".encode(), "Асаноф".encode())
            target.writestr(info, data)
    assert verify_package(altered.getvalue())


def test_an_observer_cannot_export_documents(world):
    with pytest.raises(NotPermitted):
        world.kiosk.documents.ministry_package(OBSERVER, world.competition_id)


def test_the_ranking_says_when_the_winner_refused_and_no_one_else_qualifies(world):
    ids = {name: world.add(name) for name in ("Асанов Бакыт", "Бекова Айзада")}
    for code, right in zip(world.seat(*ids.values()), (9, 5), strict=True):
        world.sit(code, right=right)
    world.kiosk.results.record_refusal(ADMIN, ids["Асанов Бакыт"])
    text = pdf_text(world.kiosk.documents.ranking(OPERATOR, world.competition_id))
    assert "эмгек келишимин түзүүдөн баш тартты" in text
    assert "организатор может повторно объявить конкурс" in text


def test_documents_are_signed_with_the_staff_members_full_name(world):
    admin = world.kiosk.accounts.create_first_administrator(
        "nurlan", "Өмүрбеков Нурлан", "тоо-суу-2026"
    )
    shift(world)
    text = pdf_text(world.kiosk.documents.session_results(admin, world.session_id))
    assert "Өмүрбеков Нурлан" in text
    sheet = pdf_text(world.kiosk.exam_sessions.registration_sheet(admin, world.session_id))
    assert "Өмүрбеков Нурлан" in sheet
