"""The ministry's package (cl. 27): XLSX and CSV read back, a ZIP whose SHA256SUMS checks out."""

import csv
import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from protocols.ministry_package import (
    PackageRow,
    build_package,
    results_csv,
    results_xlsx,
    verify_package,
)
from translations import Translator

TITLE = {
    "ky": "Мектеп директорунун кызмат ордуна конкурстун жыйынтыктары",
    "ru": "Итоги конкурса на должность директора школы",
}
ROWS = (
    PackageRow(1, "Кеңешбеков Өмүр Токторович", 71, 80, "88,75", True, "winner",
               date(2026, 10, 30), "KT-2026-000001"),
    PackageRow(2, "Сыдыкова Жылдыз, Токторовна", 66, 80, "82,5", True, "reserve",
               date(2026, 10, 30), "KT-2026-000002"),
    PackageRow(3, 'Жумабекова Айгүл "Үсөновна"', 44, 80, "55", False, "below",
               date(2026, 10, 31), "KT-2026-000003"),
    PackageRow(None, "Мөлдөкулов Жеңиш", None, 80, "", None, "absent", date(2026, 10, 31), None),
)  # fmt: skip
FILES = {
    "protocols/KT-2026-000001.pdf": b"%PDF-1.4 first protocol",
    "protocols/KT-2026-000002.pdf": b"%PDF-1.4 second protocol",
    "ranking.pdf": b"%PDF-1.4 ranking",
    "results.csv": b"\xef\xbb\xbfa,b\r\n",
}


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_starts_with_a_byte_order_mark_and_uses_crlf():
    data = results_csv(ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(ROWS) + 1
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_the_csv_reads_back_with_a_bilingual_heading_row():
    rows = read_csv(results_csv(ROWS))
    assert rows[0] == [
        "Орун / Место",
        "Аты-жөнү / Ф. И. О.",
        "Балл",
        "Эң жогорку балл / Максимальный балл",
        "Пайыз / Процент",
        "Талаптарга шайкештиги / Соответствие требованиям",
        "Статусу / Статус",
        "Тестирлөө өткөрүлгөн күн / Дата тестирования",
        "Протоколдун № / № протокола",
    ]
    assert rows[1] == [
        "1",
        "Кеңешбеков Өмүр Токторович",
        "71",
        "80",
        "88,75",
        "жооп берет / соответствует",
        "Жеңүүчү / Победитель",
        "30.10.2026",
        "KT-2026-000001",
    ]
    # Commas and quotes inside a name survive the round trip (RFC 4180 quoting).
    assert rows[2][1] == "Сыдыкова Жылдыз, Токторовна"
    assert rows[3][1] == 'Жумабекова Айгүл "Үсөновна"'
    assert rows[3][5:7] == [
        "жооп бербейт / не соответствует",
        "Босого баллдан төмөн / Ниже порогового балла",
    ]
    assert rows[4] == [
        "",
        "Мөлдөкулов Жеңиш",
        "",
        "80",
        "",
        "",
        "Келген жок / Не явился",
        "31.10.2026",
        "",
    ]
    assert len(rows) == len(ROWS) + 1


def test_the_workbook_reads_back_with_title_headings_and_values():
    sheet = load_workbook(io.BytesIO(results_xlsx(ROWS, TITLE))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == TITLE["ky"]
    assert values[1][0] == TITLE["ru"]
    assert values[2][:3] == ("Орун", "Аты-жөнү", "Балл")
    assert values[3][:3] == ("Место", "Ф. И. О.", "Балл")
    assert values[4] == (
        1,
        "Кеңешбеков Өмүр Токторович",
        71,
        80,
        88.75,
        "жооп берет / соответствует",
        "Жеңүүчү / Победитель",
        datetime(2026, 10, 30),
        "KT-2026-000001",
    )
    assert values[7][0] is None and values[7][2] is None
    assert len(values) == 4 + len(ROWS)


def test_the_workbook_freezes_its_headings_and_sets_column_widths():
    sheet = load_workbook(io.BytesIO(results_xlsx(ROWS, TITLE))).active
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["B"].width == 40
    assert sheet.cell(5, 8).number_format == "DD.MM.YYYY"
    assert sheet.cell(3, 1).font.bold


def test_the_same_rows_give_the_same_workbook_bytes():
    assert results_xlsx(ROWS, TITLE) == results_xlsx(ROWS, TITLE)


def test_a_percentage_that_is_not_a_number_is_refused():
    bad = PackageRow(1, "Асанов Бакыт", 50, 80, "много", True, "winner", date(2026, 10, 30), None)
    with pytest.raises(ValueError):
        results_xlsx([bad], TITLE)


def test_the_package_holds_the_files_and_a_sha256sum_manifest():
    package = build_package(FILES)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert sorted(archive.namelist()) == sorted([*FILES, "SHA256SUMS"])
        assert archive.read("ranking.pdf") == FILES["ranking.pdf"]
        manifest = archive.read("SHA256SUMS").decode("ascii")
    lines = manifest.splitlines()
    assert len(lines) == len(FILES)
    for line in lines:
        digest, name = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line).groups()
        assert digest == hashlib.sha256(FILES[name]).hexdigest()
    assert verify_package(package) == []


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="GNU sha256sum is not installed")
def test_sha256sum_checks_the_unpacked_package(tmp_path):
    with zipfile.ZipFile(io.BytesIO(build_package(FILES))) as archive:
        archive.extractall(tmp_path)
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(FILES)


def test_the_same_files_give_the_same_package_whatever_their_order():
    reordered = dict(reversed(list(FILES.items())))
    assert build_package(FILES) == build_package(reordered)


def rezip(package: bytes, change) -> bytes:
    """The package's members passed through ``change(members)``, zipped again."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_verify_finds_an_altered_member():
    def alter(members):
        members["ranking.pdf"] = b"%PDF-1.4 ranking, with the places changed"

    assert verify_package(rezip(build_package(FILES), alter)) == [
        "Altered since the package was made: ranking.pdf"
    ]


def test_verify_finds_a_missing_member():
    def remove(members):
        del members["protocols/KT-2026-000002.pdf"]

    assert verify_package(rezip(build_package(FILES), remove)) == [
        "Missing from the package: protocols/KT-2026-000002.pdf"
    ]


def test_verify_finds_an_extra_member():
    def add(members):
        members["protocols/KT-2026-000099.pdf"] = b"%PDF-1.4 slipped in"

    assert verify_package(rezip(build_package(FILES), add)) == [
        "Not listed in SHA256SUMS: protocols/KT-2026-000099.pdf"
    ]


def test_verify_finds_a_package_without_a_manifest():
    def strip(members):
        del members["SHA256SUMS"]

    assert verify_package(rezip(build_package(FILES), strip)) == [
        "The package has no SHA256SUMS manifest."
    ]


def test_verify_finds_bytes_changed_inside_the_zip():
    package = bytearray(build_package({"ranking.pdf": b"A" * 200}))
    start = package.index(b"ranking.pdf") + len("ranking.pdf")
    package[start + 2] ^= 0xFF  # a byte of the compressed content
    problems = verify_package(bytes(package))
    assert problems == ["Altered since the package was made: ranking.pdf"]


def test_verify_refuses_what_is_not_a_zip_and_names_unsafe_members():
    assert verify_package(b"not a zip at all") == ["The package is not a ZIP archive."]

    def smuggle(members):
        members["../evil.sh"] = b"rm -rf /"

    problems = verify_package(rezip(build_package(FILES), smuggle))
    assert "Unsafe file name in the package: ../evil.sh" in problems
    assert "Not listed in SHA256SUMS: ../evil.sh" in problems


def test_verify_speaks_kyrgyz_for_a_screen():
    problems = verify_package(b"not a zip", gettext=Translator("ky", strict=True).gettext)
    assert problems == ["Пакет ZIP архиви эмес."]


@pytest.mark.parametrize(
    "name",
    [
        "../ranking.pdf",
        "protocols/../../etc/passwd",
        "/etc/passwd",
        "protocols\\KT-1.pdf",
        "C:/ranking.pdf",
        "протокол.pdf",
        "my ranking.pdf",
        "protocols//x.pdf",
        "protocols/",
        "",
        "SHA256SUMS",
    ],
)
def test_an_unsafe_member_name_is_refused(name):
    with pytest.raises(ValueError):
        build_package({name: b"x"})
