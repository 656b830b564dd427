"""The Excel workbook template: round trips, a workbook as an editor leaves it, broken files.

The editor's workbook is built here with openpyxl cell by cell, the way Excel leaves a template
filled in by hand (trailing spaces, numbers typed as keys and ids, blank and formatted empty
rows), and its picture is an Excel drawing part written out as text: a binary fixture could not
be reviewed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from question_bank.formats import xlsx
from question_bank.formats.base import ImportFailed, Problem
from question_bank.model import Bank, Image, Option, Question, Scenario, Section
from tests.helpers.banks import in_one_language, rich_bank, tiny_png

FILE = "bank.xlsx"
QUESTION_HEADERS = xlsx.question_columns()
IMAGE_COLUMN = QUESTION_HEADERS.index("image")  # 0-based, as drawings count columns

# A JPEG header with a 3×2 frame (SOF0), enough for the writer to size its thumbnail.
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffc0000b080002000301011100ffd9")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def problems_of(data: bytes, file_name: str = FILE) -> tuple[Problem, ...]:
    with pytest.raises(ImportFailed) as failed:
        xlsx.read(data, file_name)
    return failed.value.problems


def one_problem(data: bytes) -> Problem:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


# --------------------------------------------------------------------------- building workbooks


def workbook_bytes(
    sheets: dict[str, list[list[object]]], trailing_rows: dict[str, int] | None = None
) -> bytes:
    """A workbook with these sheets, as rows of cell values (row 1 is the header).

    ``trailing_rows`` adds rows that are formatted but empty below the data, as Excel keeps them
    after an editor has cleared a row or formatted the whole table.
    """
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for number in range(len(rows) + 1, len(rows) + 1 + (trailing_rows or {}).get(title, 0)):
            for column in range(1, 8):
                sheet.cell(row=number, column=column).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def question_row(**cells: object) -> list[object]:
    """A Questions row in the documented column order."""
    row: list[object] = [None] * len(QUESTION_HEADERS)
    for name, value in cells.items():
        row[QUESTION_HEADERS.index(name)] = value
    return row


def simple_sheets(*questions: list[object]) -> dict[str, list[list[object]]]:
    return {
        "Sections": [["code", "title_ky", "title_ru"], ["law", "Мыйзамдар", "Законы"]],
        "Scenarios": [["id", "text_ky", "text_ru"], ["SC-1", "Кырдаал", "Ситуация"]],
        "Questions": [QUESTION_HEADERS, *questions],
    }


def good_row(**cells: object) -> list[object]:
    values: dict[str, object] = {
        "id": "Q-1",
        "section": "law",
        "key": "A",
        "stem_ky": "Суроо",
        "stem_ru": "Вопрос",
        "option_a_ky": "Ооба",
        "option_a_ru": "Да",
        "option_b_ky": "Жок",
        "option_b_ru": "Нет",
    }
    values.update(cells)
    return question_row(**values)


def rewrite(data: bytes, parts: dict[str, bytes | None]) -> bytes:
    """The package with parts replaced, added, or (None) removed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {name: source.read(name) for name in source.namelist()}
    for name, content in parts.items():
        if content is None:
            members.pop(name, None)
        else:
            members[name] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def sheet_part(data: bytes, title: str) -> str:
    """The part of a sheet as openpyxl numbered it (sheets in the order they were created)."""
    names = load_workbook(io.BytesIO(data), read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


EXCEL_PICTURE = """\
<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>95250\
</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>47625</xdr:rowOff></xdr:from><xdr:to>\
<xdr:col>{col}</xdr:col><xdr:colOff>1047750</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>\
714375</xdr:rowOff></xdr:to><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="{id}" name="Рисунок {id}" \
descr="{descr}"><a:extLst><a:ext uri="{{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}}"><a16:creationId \
xmlns:a16="http://schemas.microsoft.com/office/drawing/2014/main" \
id="{{5C7E4A3B-1F2D-4B8E-9C3A-0D6E7F8A9B1{id}}}"/></a:ext></a:extLst></xdr:cNvPr><xdr:cNvPicPr>\
<a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:{how}="rId{id}">\
{extra}</a:blip><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm>\
<a:off x="0" y="0"/><a:ext cx="952500" cy="666750"/></a:xfrm><a:prstGeom prst="rect">\
<a:avLst/></a:prstGeom></xdr:spPr>\
</xdr:pic><xdr:clientData/></xdr:twoCellAnchor>"""


# How Office stores an inserted SVG: the picture is a PNG rendering, the SVG an extension.
SVG_BLIP = """<a:extLst><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}"><asvg:svgBlip \
xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rId{id}s"/>\
</a:ext></a:extLst>"""


def with_pictures(
    data: bytes,
    pictures: list[dict[str, object]],
    anchors: str | None = None,
) -> bytes:
    """Add pictures over sheet Questions the way Excel stores them.

    Each picture: ``row`` (1-based), ``col`` (0-based), ``descr`` (alt text), ``data`` and
    optionally ``ext`` (the media file's extension), ``svg`` (the SVG original Office keeps
    beside the PNG in ``data``) or ``link`` (an external file instead).
    """
    sheet = sheet_part(data, "Questions")
    drawing_rels = []
    parts: dict[str, bytes | None] = {}
    body = []
    for number, picture in enumerate(pictures, 1):
        link = picture.get("link")
        body.append(
            EXCEL_PICTURE.format(
                col=picture.get("col", IMAGE_COLUMN),
                row=int(picture["row"]) - 1,
                id=number,
                descr=picture.get("descr", ""),
                how="link" if link else "embed",
                extra=SVG_BLIP.format(id=number) if "svg" in picture else "",
            )
        )
        if "svg" in picture:
            parts[f"xl/media/image{number}.svg"] = picture["svg"]  # type: ignore[assignment]
            drawing_rels.append(
                f'<Relationship Id="rId{number}s" Type="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships/image" Target="../media/image{number}.svg"/>'
            )
        if link:
            drawing_rels.append(
                f'<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships/image" Target="{link}" '
                'TargetMode="External"/>'
            )
        else:
            media = f"image{number}.{picture.get('ext', 'png')}"
            parts[f"xl/media/{media}"] = picture["data"]  # type: ignore[assignment]
            drawing_rels.append(
                f'<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships/image" Target="../media/{media}"/>'
            )
    drawing = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://'
        'schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.'
        'openxmlformats.org/drawingml/2006/main">'
        + (anchors if anchors is not None else "".join(body))
        + "</xdr:wsDr>"
    )
    rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts["xl/drawings/drawing1.xml"] = drawing.encode()
    parts["xl/drawings/_rels/drawing1.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        f'xmlns="{rels_ns}">{"".join(drawing_rels)}</Relationships>'
    ).encode()
    sheet_name = sheet.rsplit("/", 1)[1]
    parts[f"xl/worksheets/_rels/{sheet_name}.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        f'xmlns="{rels_ns}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/>'
        "</Relationships>"
    ).encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet_xml = source.read(sheet).decode()
    parts[sheet] = sheet_xml.replace(
        "</worksheet>",
        '<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'r:id="rId1"/></worksheet>',
    ).encode()
    types = source.read("[Content_Types].xml").decode()
    parts["[Content_Types].xml"] = types.replace(
        "<Override ",
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Default Extension="bin" ContentType="application/octet-stream"/>'
        '<Default Extension="svg" ContentType="image/svg+xml"/>'
        '<Override PartName="/xl/drawings/drawing1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/><Override ',
        1,
    ).encode()
    return rewrite(data, parts)


# --------------------------------------------------------------------------- round trips


def test_the_rich_bank_comes_back_whole():
    bank = rich_bank()

    assert xlsx.read(xlsx.write(bank), FILE) == bank


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_bank_in_one_language_comes_back_in_that_language(language):
    bank = in_one_language(rich_bank(), language)

    assert xlsx.read(xlsx.write(bank), FILE) == bank


def test_what_a_spreadsheet_could_mangle_comes_back_unchanged():
    texts = {
        "ky": "=СУММ(A1:A2) — формула эмес",
        "ru": "Строка 1\nСтрока 2 с _x0041_ внутри",
        "en": "007",
    }
    bank = Bank(
        sections=(Section("1", {"ky": "Бир", "ru": "Один", "en": "One"}),),
        scenarios=(Scenario("42", {"ky": "+7 (996) …", "ru": "-1", "en": "TRUE"}),),
        questions=(
            Question(
                uid="",
                section="1",
                stem=texts,
                options=tuple(
                    Option(key, {"ky": f"{index}", "ru": f"0{index}", "en": f"{index}.0"})
                    for index, key in enumerate("abcdef", 1)
                ),
                correct=frozenset("acf"),
                scenario="42",
                source="ст. 24\nп. 3",
                tags=("1", "Өнүгүү", "TRUE"),
                multiple=True,
                shuffle_options=False,
                images=(
                    Image("схема.jpg", "image/jpeg", JPEG),
                    Image("a.png", "image/png", tiny_png(7)),
                    Image("logo.svg", "image/svg+xml", SVG),
                ),
            ),
            Question(
                uid="Q-2",
                section="1",
                stem={"ky": "Суроо", "ru": "Вопрос", "en": "Question"},
                options=(Option("a", {"ky": "А", "ru": "А", "en": "A"}),),
                correct=frozenset("a"),
                images=(Image("b.png", "image/png", tiny_png(9)),),
            ),
        ),
    )

    assert xlsx.read(xlsx.write(bank), FILE) == bank


PLAIN_TEXT = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
        | st.sampled_from("\n\tҢӨҮңөү_x0D"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stem=PLAIN_TEXT, option=PLAIN_TEXT, tag=PLAIN_TEXT.filter(lambda t: not set(",;\n") & set(t))
)
def test_any_trimmed_text_comes_back(stem, option, tag):
    question = Question(
        uid="Q",
        section="s",
        stem={"ky": stem, "ru": stem},
        options=(Option("a", {"ky": option, "ru": option}), Option("b", {"ky": "б", "ru": "б"})),
        correct=frozenset("a"),
        source=stem,
        tags=(tag.strip(),),
    )
    bank = Bank(sections=(Section("s", {"ky": option}),), questions=(question,))

    assert xlsx.read(xlsx.write(bank), FILE) == bank


def test_options_are_keyed_by_their_column_whatever_keys_they_had():
    question = Question(
        uid="Q",
        section="s",
        stem={"ky": "Суроо"},
        options=(Option("x", {"ky": "бир"}), Option("y", {"ky": "эки"})),
        correct=frozenset("y"),
    )
    bank = Bank(sections=(Section("s", {"ky": "С"}),), questions=(question,))

    (read_back,) = xlsx.read(xlsx.write(bank), FILE).questions

    assert [o.key for o in read_back.options] == ["a", "b"]
    assert read_back.correct == frozenset("b")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"options": tuple(Option(k, {"ky": k}) for k in "abcdefg")},
            "at most six options",
        ),
        ({"stem": {"ky": "Суроо", "uz": "Savol"}}, "not uz"),
        ({"tags": ("бир, эки",)}, "comma"),
        ({"images": (Image("a.webp", "image/webp", b"RIFF"),)}, "image/webp"),
        ({"images": (Image("a;b.png", "image/png", tiny_png()),)}, "semicolon"),
        ({"correct": frozenset("z")}, "does not have: z"),
        ({"stem": {"ky": "ы" * 32768}}, "32767"),
    ],
)
def test_what_the_workbook_cannot_carry_is_refused_when_writing(change, message):
    question = Question(
        uid="Q",
        section="s",
        stem={"ky": "Суроо"},
        options=(Option("a", {"ky": "бир"}), Option("b", {"ky": "эки"})),
        correct=frozenset("a"),
    )
    bank = Bank(sections=(Section("s", {"ky": "С"}),), questions=(replace(question, **change),))

    with pytest.raises(ValueError, match=message):
        xlsx.write(bank)


# --------------------------------------------------------------------------- the template


def test_the_template_is_an_empty_bank_with_the_documented_layout():
    data = xlsx.template()

    assert xlsx.read(data, "template.xlsx") == Bank(sections=())
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Instructions", "Sections", "Scenarios", "Questions"]
    assert book.active.title == "Instructions"
    headers = {
        title: [cell.value for cell in book[title][1]]
        for title in ("Sections", "Scenarios", "Questions")
    }
    assert headers == {
        "Sections": ["code", "title_ky", "title_ru"],
        "Scenarios": ["id", "text_ky", "text_ru"],
        "Questions": QUESTION_HEADERS,
    }
    options = [f"option_{letter}_{lang}" for letter in "abcdef" for lang in ("ky", "ru")]
    documented = [
        *("id", "section", "scenario", "multiple", "key", "stem_ky", "stem_ru"),
        *options,
        *("shuffle", "source", "tags", "image"),
    ]
    assert documented == QUESTION_HEADERS
    questions = book["Questions"]
    assert book["Sections"].freeze_panes == "A2"
    assert questions.freeze_panes == "C2"
    assert questions.column_dimensions["F"].width == 50  # stem_ky
    lists = {
        str(validation.sqref): validation.formula1
        for validation in questions.data_validations.dataValidation
        if validation.type == "list"
    }
    assert lists == {
        "D2:D1000 T2:T1000": '"yes,no"',
        "B2:B1000": "Sections!$A$2:$A$200",
        "C2:C1000": "Scenarios!$A$2:$A$1000",
    }
    notes = " ".join(str(row[0].value) for row in book["Instructions"].iter_rows() if row[0].value)
    assert "барактарын толтуруңуз" in notes
    assert "Заполните листы" in notes


def test_a_written_bank_shows_its_pictures_in_the_image_cells():
    data = xlsx.write(rich_bank())

    book = load_workbook(io.BytesIO(data))
    questions = book["Questions"]
    assert questions["W5"].value == "window.png"
    assert questions.row_dimensions[5].height > 15
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.read("xl/media/image1.png") == tiny_png(200)
    drawing = package.read("xl/drawings/drawing1.xml").decode()
    assert "<col>22</col>" in drawing
    assert "<row>4</row>" in drawing
    assert 'descr="window.png"' in drawing


# --------------------------------------------------------------------------- an editor's workbook


def editor_workbook() -> bytes:
    """The template as an editor fills it in by hand in Excel."""
    sections = [
        # headers retyped with other case and stray spaces
        ["Code", "Title_KY ", " title_ru"],
        ["law ", "Нормативдик укуктук актылар ", "Нормативные правовые акты"],
        ["it", "IT компетенциялары", "IT-компетенции"],
    ]
    scenarios = [
        ["id", "text_ky", "text_ru"],
        # Excel keeps a typed 1 as a number; Alt+Enter puts a line break in the cell.
        [1, "Мектептин өнүгүү планы бекитилген эмес.\nҮй-бүлөлөр нааразы.", "План не утверждён."],
    ]
    questions = [
        QUESTION_HEADERS,
        question_row(
            id="LAW-001",
            section="law",
            multiple="нет",
            key="B ",
            stem_ky="Мектептин уставын ким бекитет? ",
            stem_ru="Кто утверждает устав школы?",
            option_a_ky="Директор",
            option_a_ru="Директор",
            option_b_ky="Түзүүчү",
            option_b_ru="Учредитель",
            option_c_ky="Ата-энелер комитети",
            option_c_ru="Родительский комитет",
            source="Закон КР «Об образовании», ст. 24",
            tags="устав, мыйзам ",
        ),
        question_row(
            id="LAW-002",
            section="law",
            scenario=1,
            multiple="ооба",
            key="1, 3",
            stem_ky="Өнүгүү планын талкуулоого кимдер катышат?",
            stem_ru="Кто участвует в обсуждении плана?",
            option_a_ky="Мугалимдер",
            option_a_ru="Учителя",
            option_b_ky="Башка мектептин окуучулары",
            option_b_ru="Ученики другой школы",
            option_c_ky="Ата-энелер",
            option_c_ru="Родители",
            shuffle="Жок",
            tags="план;кырдаал",
        ),
        [None, " "],  # a row the editor cleared but for a space
        question_row(
            id="IT-001",
            section="it",
            multiple=False,
            key=2,
            stem_ky="Сүрөттө кайсы программанын терезеси көрсөтүлгөн?",
            stem_ru="Окно какой программы показано на рисунке?",
            option_a_ky="Текст редактору",
            option_a_ru="Текстовый редактор",
            option_b_ky="Электрондук таблица",
            option_b_ru="Электронная таблица",
            shuffle="TRUE",
            image="window.png",
        ),
        question_row(
            id="IT-002",
            section="it",
            key="a",
            stem_ky="Windows 95 кайсы жылы чыккан?",
            stem_ru="В каком году вышла Windows 95?",
            option_a_ky=1995,
            option_a_ru=1995,
            option_b_ky=1998.0,
            option_b_ru=1998,
            shuffle=0,
        ),
    ]
    data = workbook_bytes(
        {
            "Instructions": [["Сүрөттү уячанын үстүнө коюңуз."]],
            "Sections": sections,
            "Scenarios": scenarios,
            "Questions": questions,
        },
        trailing_rows={"Questions": 30, "Sections": 5},
    )
    # Excel 365 leaves the alt text empty; the picture is paired with the name in its cell.
    return with_pictures(data, [{"row": 5, "descr": "", "data": tiny_png(200)}])


def test_an_editors_workbook_is_read_as_the_editor_meant_it():
    bank = xlsx.read(editor_workbook(), "банк.xlsx")

    assert bank.sections == (
        Section("law", {"ky": "Нормативдик укуктук актылар", "ru": "Нормативные правовые акты"}),
        Section("it", {"ky": "IT компетенциялары", "ru": "IT-компетенции"}),
    )
    assert bank.scenarios == (
        Scenario(
            "1",
            {
                "ky": "Мектептин өнүгүү планы бекитилген эмес.\nҮй-бүлөлөр нааразы.",
                "ru": "План не утверждён.",
            },
        ),
    )
    law_1, law_2, it_1, it_2 = bank.questions
    assert law_1 == Question(
        uid="LAW-001",
        section="law",
        stem={"ky": "Мектептин уставын ким бекитет?", "ru": "Кто утверждает устав школы?"},
        options=(
            Option("a", {"ky": "Директор", "ru": "Директор"}),
            Option("b", {"ky": "Түзүүчү", "ru": "Учредитель"}),
            Option("c", {"ky": "Ата-энелер комитети", "ru": "Родительский комитет"}),
        ),
        correct=frozenset("b"),
        source="Закон КР «Об образовании», ст. 24",
        tags=("устав", "мыйзам"),
    )
    assert law_2.scenario == "1"
    assert law_2.multiple is True
    assert law_2.correct == frozenset("ac")
    assert law_2.shuffle_options is False
    assert law_2.tags == ("план", "кырдаал")
    assert it_1.multiple is False
    assert it_1.correct == frozenset("b")
    assert it_1.shuffle_options is True
    assert it_1.images == (Image("window.png", "image/png", tiny_png(200)),)
    assert it_2.multiple is False
    assert it_2.correct == frozenset("a")
    assert it_2.shuffle_options is False
    assert [o.text for o in it_2.options] == [
        {"ky": "1995", "ru": "1995"},
        {"ky": "1998", "ru": "1998"},
    ]


def test_pictures_are_paired_by_alt_text_then_in_insertion_order():
    data = workbook_bytes(simple_sheets(good_row(image="схема.png, фото.jpeg, үч.png")))
    data = with_pictures(
        data,
        [
            {"row": 2, "descr": "", "data": tiny_png(1)},
            {"row": 2, "descr": "фото.jpeg", "data": JPEG, "ext": "jpeg"},
            {"row": 2, "descr": "Рисунок", "data": tiny_png(3)},
        ],
    )

    (question,) = xlsx.read(data, FILE).questions

    assert question.images == (
        Image("схема.png", "image/png", tiny_png(1)),
        Image("фото.jpeg", "image/jpeg", JPEG),
        Image("үч.png", "image/png", tiny_png(3)),
    )


def test_an_svg_inserted_in_excel_is_read_as_the_svg_not_its_png_rendering():
    data = workbook_bytes(simple_sheets(good_row(image="схема.svg")))
    data = with_pictures(data, [{"row": 2, "data": tiny_png(5), "svg": SVG}])

    (question,) = xlsx.read(data, FILE).questions

    assert question.images == (Image("схема.svg", "image/svg+xml", SVG),)


def test_an_svg_is_written_the_way_office_stores_it():
    bank = replace(rich_bank(), questions=rich_bank().questions[3:4])
    question = replace(bank.questions[0], images=(Image("схема.svg", "image/svg+xml", SVG),))
    data = xlsx.write(replace(bank, questions=(question,)))

    package = zipfile.ZipFile(io.BytesIO(data))
    drawing = package.read("xl/drawings/drawing1.xml").decode()
    assert 'r:embed="rIdSvg1"' in drawing
    assert "{96DAC541-7B7A-43D3-8B79-37D633B846F1}" in drawing
    assert package.read("xl/media/image1.png").startswith(b"\x89PNG")
    assert package.read("xl/media/vector1.svg") == SVG
    assert (
        'Extension="svg" ContentType="image/svg+xml"'
        in package.read("[Content_Types].xml").decode()
    )
    assert xlsx.read(data, FILE).questions == (question,)


def test_pictures_without_names_are_named_in_order():
    data = workbook_bytes(simple_sheets(good_row()))
    data = with_pictures(
        data,
        [
            {"row": 2, "data": JPEG, "ext": "jpeg"},
            {"row": 2, "data": tiny_png(1)},
        ],
    )

    (question,) = xlsx.read(data, FILE).questions

    assert [image.name for image in question.images] == ["picture-1.jpg", "picture-2.png"]


@pytest.mark.parametrize(
    ("cell", "keys"),
    [("b", "b"), (" C ", "c"), ("A, C", "ac"), ("a;d", "ad"), ("AC", "ac"), (4, "d"),
     (2.0, "b"), (1.3, "ac"), ("2 4", "bd"), (None, "")],
)  # fmt: skip
def test_keys_are_read_as_editors_type_them(cell, keys):
    data = workbook_bytes(simple_sheets(good_row(key=cell)))

    (question,) = xlsx.read(data, FILE).questions

    assert question.correct == frozenset(keys)


@pytest.mark.parametrize(
    ("cell", "multiple"),
    [("yes", True), ("Да", True), ("ооба", True), (1, True), (True, True), ("TRUE", True),
     ("no", False), ("НЕТ", False), ("жок", False), (0, False), (False, False), (None, False)],
)  # fmt: skip
def test_yes_and_no_are_read_in_every_accepted_spelling(cell, multiple):
    data = workbook_bytes(simple_sheets(good_row(multiple=cell)))

    (question,) = xlsx.read(data, FILE).questions

    assert question.multiple is multiple


def test_headers_match_whatever_their_case_spacing_and_order():
    headers = ["KEY", "Stem KY", "stem-ru", " Option_A_Ky ", "option a ru", "OPTION_B_KY",
               "option_b_ru", "Section", "ID"]  # fmt: skip
    data = workbook_bytes(
        {
            "sections": [["code", "title_ky", "title_ru"], ["law", "Мыйзам", "Закон"]],
            " QUESTIONS ": [headers, ["b", "С", "В", "а", "а", "б", "б", "law", "Q"]],
        }
    )

    (question,) = xlsx.read(data, FILE).questions

    assert question.uid == "Q"
    assert question.correct == frozenset("b")
    assert question.option("b").text == {"ky": "б", "ru": "б"}


def test_english_columns_are_read_too():
    headers = [*QUESTION_HEADERS, "stem_en", "option_a_en"]
    row = [*good_row(), "Question", "Yes"]
    data = workbook_bytes({**simple_sheets(), "Questions": [headers, row]})

    (question,) = xlsx.read(data, FILE).questions

    assert question.stem == {"ky": "Суроо", "ru": "Вопрос", "en": "Question"}
    assert question.option("a").text == {"ky": "Ооба", "ru": "Да", "en": "Yes"}


def test_cells_typed_as_dates_read_as_excel_shows_them():
    from datetime import datetime

    data = workbook_bytes(simple_sheets(good_row(option_a_ru=datetime(2024, 9, 1))))

    (question,) = xlsx.read(data, FILE).questions

    assert question.option("a").text["ru"] == "01.09.2024"


# --------------------------------------------------------------------------- broken workbooks


def test_a_file_that_is_not_a_workbook_is_refused():
    problem = one_problem(b"code,title\nlaw,Law\n")

    assert problem == Problem(FILE, "", "", xlsx._NOT_XLSX)


def test_an_old_xls_workbook_is_refused_with_advice():
    problem = one_problem(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512)

    assert problem.file == FILE
    assert "Excel 97–2003" in problem.message


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")

    assert one_problem(buffer.getvalue()).message == xlsx._NOT_XLSX


def test_a_truncated_workbook_is_refused():
    data = xlsx.write(rich_bank())

    problem = one_problem(data[: len(data) // 2])

    assert problem.file == FILE
    assert "not an Excel workbook" in problem.message


def test_a_document_type_declaration_is_refused():
    data = xlsx.write(rich_bank())
    workbook_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + workbook_xml.split(b"?>", 1)[-1]
    )

    problem = one_problem(rewrite(data, {"xl/workbook.xml": hostile}))

    assert problem == Problem(
        FILE, "part xl/workbook.xml", "DOCTYPE", "document type declarations are not accepted"
    )


def test_an_oversized_part_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_MEMBER_BYTES", 2000)

    problems = problems_of(xlsx.write(rich_bank()))

    assert (
        Problem(FILE, "part xl/styles.xml", "", "the part is too large to be unpacked") in problems
    )


def test_a_damaged_sheet_is_refused():
    data = xlsx.write(rich_bank())

    problem = one_problem(rewrite(data, {sheet_part(data, "Questions"): b"<worksheet><sheetData"}))

    assert problem.file == FILE
    assert problem.message.startswith("the workbook is damaged and cannot be read")


def test_a_damaged_drawing_is_refused_with_its_part_and_line():
    data = xlsx.write(rich_bank())

    problem = one_problem(rewrite(data, {"xl/drawings/drawing1.xml": b"<wsDr>\n<oops></wsDr>"}))

    assert problem.file == FILE
    assert problem.location == "part xl/drawings/drawing1.xml, line 2"
    assert "not well-formed" in problem.message


def test_missing_sheets_are_named():
    data = workbook_bytes({"Questions": [QUESTION_HEADERS]})

    assert one_problem(data) == Problem(
        FILE,
        "sheet Sections",
        "",
        "the workbook has no sheet named Sections; use the template's sheets",
    )


def test_missing_unknown_and_repeated_columns_are_named_with_their_sheet():
    headers = ["id", "section", "stem_ky", "stem_kg", "option_a_ky", "option_a_ru",
               "option_b_ky", "option_b_ru", "section"]  # fmt: skip
    data = workbook_bytes({**simple_sheets(), "Questions": [headers]})

    problems = problems_of(data)

    assert problems == (
        Problem(
            FILE,
            "sheet Questions, row 1",
            "stem_kg",
            "unknown column “stem_kg” (column D); did you mean stem_ky?",
        ),
        Problem(
            FILE,
            "sheet Questions, row 1",
            "section",
            "the column section appears twice (columns B and I)",
        ),
        Problem(FILE, "sheet Questions, row 1", "key", "the required column key is missing"),
        Problem(
            FILE, "sheet Questions, row 1", "stem_ru", "the required column stem_ru is missing"
        ),
    )


def test_data_under_a_blank_header_is_reported():
    data = workbook_bytes(simple_sheets([*good_row(), None, "забытый текст"]))

    assert one_problem(data) == Problem(
        FILE,
        "sheet Questions, row 2",
        f"column {xlsx._column_letter(len(QUESTION_HEADERS) + 1)}",
        "this column has data but no header in row 1",
    )


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        ({"key": "В"}, "key", "the key “В” is written in Cyrillic letters; write the Latin "
         "letters A–F"),
        ({"key": "G"}, "key", "“G” is not an option letter; write the letters A–F of the "
         "correct options, e.g. B, or A, C for several"),
        ({"key": 7}, "key", "“7” is not an option number; options are numbered 1–6"),
        ({"multiple": "может"}, "multiple", "“может” is neither yes nor no; write yes or no "
         "(да/нет, ооба/жок, 1/0 and TRUE/FALSE are accepted too)"),
        ({"shuffle": 2}, "shuffle", "“2” is neither yes nor no; write yes or no (да/нет, "
         "ооба/жок, 1/0 and TRUE/FALSE are accepted too)"),
        ({"section": None}, "section", "the section is empty; write a code from sheet Sections"),
        ({"section": "pedagogy"}, "section", "the section “pedagogy” is not listed in sheet "
         "Sections"),
        ({"scenario": "SC-9"}, "scenario", "the scenario “SC-9” is not listed in sheet "
         "Scenarios"),
        ({"image": "схема.png"}, "image схема.png", "no picture is placed over this cell for "
         "схема.png; insert the picture over the cell (Insert ▸ Pictures ▸ Place over Cells)"),
        ({"image": "a.png, a.png"}, "image a.png", "the name is listed twice"),
        ({"image": "#VALUE!"}, "image", "the picture is placed in the cell (Excel's “Place in "
         "Cell”), which cannot be read; select it and choose “Place over Cells”, then write its "
         "file name here"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_reported_with_its_sheet_row_and_column(cells, field, message):
    data = workbook_bytes(simple_sheets(good_row(), good_row(id="Q-2", **cells)))

    assert one_problem(data) == Problem(FILE, "sheet Questions, row 3", field, message)


def test_repeated_and_missing_ids_are_reported_where_they_are():
    sheets = simple_sheets(good_row(), good_row())
    sheets["Sections"].append([None, "Аты жок", "Без кода"])
    sheets["Scenarios"].append(["SC-1", "Дагы", "Ещё"])

    assert problems_of(workbook_bytes(sheets)) == (
        Problem(FILE, "sheet Sections, row 3", "code",
                "the code is empty; questions refer to this row by its code"),
        Problem(FILE, "sheet Scenarios, row 3", "id", "the id “SC-1” is already used in row 2"),
        Problem(FILE, "sheet Questions, row 3", "id", "the id “Q-1” is already used in row 2"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("picture", "row", "message"),
    [
        ({"row": 2, "col": 3, "data": tiny_png()}, 2,
         "a picture is placed over column D; move it over the question's image cell (column W)"),
        ({"row": 9, "data": tiny_png()}, 9, "a picture is placed in a row that holds no question"),
        ({"row": 2, "link": "file:///C:/Users/editor/схема.png"}, 2,
         "a picture is linked to a file outside the workbook; insert the picture itself"),
        ({"row": 2, "data": b"\0", "ext": "bin"}, 2,
         "the picture's type “application/octet-stream” is not an image type"),
    ],
)  # fmt: skip
def test_a_misplaced_or_unreadable_picture_is_reported(picture, row, message):
    data = with_pictures(workbook_bytes(simple_sheets(good_row())), [picture])

    assert one_problem(data) == Problem(FILE, f"sheet Questions, row {row}", "image", message)


def test_more_pictures_than_names_are_reported():
    data = workbook_bytes(simple_sheets(good_row(image="a.png")))
    data = with_pictures(data, [{"row": 2, "data": tiny_png(1)}, {"row": 2, "data": tiny_png(2)}])

    assert one_problem(data) == Problem(
        FILE,
        "sheet Questions, row 2",
        "image",
        "2 pictures are placed over this cell but 1 file names are written in it; write one "
        "name for each picture",
    )


def test_a_picture_not_attached_to_a_cell_is_reported():
    data = workbook_bytes(simple_sheets(good_row()))
    absolute = (
        '<xdr:absoluteAnchor><xdr:pos x="0" y="0"/><xdr:ext cx="9525" cy="9525"/><xdr:pic>'
        '<xdr:nvPicPr><xdr:cNvPr id="1" name="p"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
        '<a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'r:embed="rId1"/></xdr:blipFill><xdr:spPr/></xdr:pic><xdr:clientData/>'
        "</xdr:absoluteAnchor>"
    )
    data = with_pictures(data, [{"row": 2, "data": tiny_png()}], anchors=absolute)

    problem = one_problem(data)

    assert (problem.location, problem.field) == ("sheet Questions", "image")
    assert problem.message.startswith("a picture is not attached to a cell")


def test_every_problem_is_reported_at_once():
    sheets = simple_sheets(
        good_row(key="Б"), good_row(id="Q-2", multiple="?"), good_row(id="Q-3", section="x")
    )

    problems = problems_of(workbook_bytes(sheets))

    assert [(p.location, p.field) for p in problems] == [
        ("sheet Questions, row 2", "key"),
        ("sheet Questions, row 3", "multiple"),
        ("sheet Questions, row 4", "section"),
    ]


def stored(data: bytes) -> bytes:
    """The package without compression, so that damage reaches the XML and not only the CRC."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
    return buffer.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_bytes_never_crash_the_reader(data):
    original = data.draw(st.sampled_from(WRITTEN_RICH_BANKS))
    position = data.draw(st.integers(0, len(original) - 1))
    length = data.draw(st.integers(1, 64))
    junk = data.draw(st.binary(min_size=length, max_size=length))
    damaged = original[:position] + junk + original[position + length :]

    try:
        xlsx.read(damaged, FILE)
    except ImportFailed as failed:
        assert all(problem.file == FILE for problem in failed.problems)


WRITTEN_RICH_BANKS = (xlsx.write(rich_bank()), stored(xlsx.write(rich_bank())))
