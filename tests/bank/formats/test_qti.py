"""QTI 2.1 content packages: round trips, a TAO export, and every kind of broken package."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from question_bank.formats import qti
from question_bank.formats.base import ImportFailed, Problem
from question_bank.model import Bank, Image, Option, Question, Scenario, Section
from tests.helpers.banks import in_one_language, rich_bank, tiny_png

FILES = Path(__file__).parent / "files"
TAO = FILES / "qti_tao"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


def zip_members(members: dict[str, bytes | str]) -> bytes:
    """A zip holding exactly these members (names are not cleaned, so hostile ones stay)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return output.getvalue()


def folder_members(folder: Path) -> dict[str, bytes | str]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tao_package() -> bytes:
    return zip_members(folder_members(TAO))


def item_xml(
    identifier: str = "Q1",
    body: str = "<p>Суроо?</p>",
    interaction: str | None = None,
    correct: str = "A",
    cardinality: str = "single",
    doctype: str = "",
) -> str:
    if interaction is None:
        interaction = (
            '<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">'
            '<simpleChoice identifier="A">Ооба</simpleChoice>'
            '<simpleChoice identifier="B">Жок</simpleChoice>'
            "</choiceInteraction>"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>{doctype}
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="{identifier}"
    title="{identifier}" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="{cardinality}" baseType="identifier">
    <correctResponse><value>{correct}</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>{body}{interaction}</itemBody>
  <responseProcessing
      template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>"""


def manifest_xml(*hrefs: str, kind: str = "imsqti_item_xmlv2p1", metadata: str = "") -> str:
    resources = "".join(
        f'<resource identifier="R{number}" type="{kind}" href="{href}">{metadata}'
        f'<file href="{href}"/></resource>'
        for number, href in enumerate(hrefs, 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" identifier="M">
  <organizations/><resources>{resources}</resources>
</manifest>"""


def small_package(**items: str) -> bytes:
    """A package of the given item files (path → XML) listed in order by the manifest."""
    return zip_members({"imsmanifest.xml": manifest_xml(*items), **items})


def failure(data: bytes, file_name: str = "bank.zip", language: str = "ky") -> list[Problem]:
    with pytest.raises(ImportFailed) as raised:
        qti.read(data, file_name, language)
    assert raised.value.problems
    return list(raised.value.problems)


# --- the module contract -------------------------------------------------------------------------


def test_module_declares_the_format_contract():
    assert (qti.NAME, qti.LABEL, qti.MULTILINGUAL) == ("qti", "QTI 2.1 package", False)
    assert qti.EXTENSIONS == (".qti.zip", ".zip")


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_round_trip_gives_back_every_question_in_one_language(language):
    expected = in_one_language(rich_bank(), language)

    bank = qti.read(qti.write(rich_bank(), language), "bank.qti.zip", language)

    assert bank.sections == expected.sections
    assert bank.scenarios == expected.scenarios
    assert bank.questions == expected.questions
    # The points the comparison above covers, spelled out.
    by_uid = {q.uid: q for q in bank.questions}
    assert by_uid["IT-001"].images[0].data == tiny_png(200)
    assert by_uid["LAW-003"].multiple and by_uid["LAW-003"].correct == {"a", "b", "c"}
    assert by_uid["LAW-002"].scenario == by_uid["LAW-003"].scenario == "SC-ӨНҮГҮҮ"
    assert by_uid["LAW-001"].source == "Закон КР «Об образовании», ст. 24"
    assert by_uid["LAW-001"].tags == ("устав", "мыйзам")
    assert not by_uid["IT-002"].shuffle_options


def test_round_trip_keeps_line_breaks_and_names_questions_without_uid():
    question = Question(
        uid="",
        section="law",
        stem={"ky": "Биринчи сап\n\nҮчүнчү сап <b>&amp;</b>"},
        options=(Option("a", {"ky": "Ооба"}), Option("b", {"ky": "Жок\nэч качан"})),
        correct=frozenset({"a"}),
        images=(Image("схема", "image/png", tiny_png(3)),),
    )
    bank = Bank(sections=(Section("law", {"ky": "Мыйзам"}),), questions=(question,))

    (read,) = qti.read(qti.write(bank, "ky"), "x.zip").questions

    assert read.uid == "item-1"
    assert read.stem == question.stem
    assert read.options == question.options
    assert read.images == (Image("схема.png", "image/png", tiny_png(3)),)


def test_written_package_is_tao_shaped_qti_2_1():
    data = qti.write(rich_bank(), "ky")
    archive = zipfile.ZipFile(io.BytesIO(data))

    assert archive.namelist() == [
        "imsmanifest.xml",
        "items/LAW-001/qti.xml",
        "items/LAW-002/qti.xml",
        "items/LAW-003/qti.xml",
        "items/IT-001/qti.xml",
        "items/IT-001/images/window.png",
        "items/IT-002/qti.xml",
    ]
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    resource = manifest.find(f"{CP}resources/{CP}resource[@identifier='IT-001']")
    assert resource.get("type") == "imsqti_item_xmlv2p1"
    assert [f.get("href") for f in resource.findall(f"{CP}file")] == [
        "items/IT-001/qti.xml",
        "items/IT-001/images/window.png",
    ]

    item = etree.fromstring(archive.read("items/LAW-003/qti.xml"))
    assert item.get("{http://www.w3.org/XML/1998/namespace}lang") == "ky"
    assert (item.get("adaptive"), item.get("timeDependent")) == ("false", "false")
    declaration = item.find(f"{QTI}responseDeclaration")
    assert declaration.get("cardinality") == "multiple"
    assert [v.text for v in declaration.iter(f"{QTI}value")] == [
        "choice_a",
        "choice_b",
        "choice_c",
    ]
    scenario = item.find(f"{QTI}itemBody/{QTI}div[@class='scenario']")
    assert scenario.get("label") == "SC-ӨНҮГҮҮ"
    interaction = item.find(f"{QTI}itemBody/{QTI}choiceInteraction")
    assert (interaction.get("maxChoices"), interaction.get("shuffle")) == ("0", "true")

    picture = etree.fromstring(archive.read("items/IT-001/qti.xml")).find(f".//{QTI}img")
    assert picture.get("src") == "images/window.png"
    fixed = etree.fromstring(archive.read("items/IT-002/qti.xml"))
    assert fixed.find(f".//{QTI}choiceInteraction").get("shuffle") == "false"
    # The same bank always gives the same bytes.
    assert qti.write(rich_bank(), "ky") == data


# --- a TAO export --------------------------------------------------------------------------------


def test_reads_a_tao_export():
    bank = qti.read(tao_package(), "director_bank.zip", "ky")

    assert bank.sections == (
        Section("law", {"ky": "Нормативдик укуктук актылар"}),
        Section("management", {"ky": "Мектепти башкаруу"}),
        Section("director_bank", {"ky": "director_bank"}),
    )
    scenario_text = "Мектептин өнүгүү планы бир жылдан бери бекитилген эмес.\nҮй-бүлөлөр нааразы."
    assert bank.scenarios == (Scenario("SC-1", {"ky": scenario_text}),)
    charter, plan, situation = bank.questions

    assert charter == Question(
        uid="i1700000000000001",
        section="law",
        stem={"ky": "«Билим берүү жөнүндө» Мыйзамга ылайык мектептин уставын ким бекитет?"},
        options=(
            Option("a", {"ky": "Мектептин директору"}),
            Option("b", {"ky": "Түзүүчү"}),
            Option("c", {"ky": "Ата-энелер комитети"}),
            Option("d", {"ky": "Өңүттүк башкармалык"}),
        ),
        correct=frozenset({"b"}),
        source="Закон КР «Об образовании», ст. 24",
        tags=("устав", "мыйзам"),
        images=(
            Image(
                "mektep.png",
                "image/png",
                (TAO / "items/i1700000000000001/assets/mektep.png").read_bytes(),
            ),
        ),
    )
    assert charter.images[0].data == tiny_png(120)

    assert plan == Question(
        uid="i1700000000000002",
        section="management",
        stem={"ky": "Өнүгүү планын талкуулоого кимдер катышат?\n(бир нечесин тандаңыз)"},
        options=(
            Option("a", {"ky": "Мугалимдер"}),
            Option("b", {"ky": "Ата-энелер"}),
            Option("c", {"ky": "Жергиликтүү өз алдынча башкаруу"}),
            Option("d", {"ky": "Башка мектептин окуучулары"}),
        ),
        correct=frozenset({"a", "b", "c"}),
        scenario="SC-1",
        tags=("план",),
        multiple=True,
    )

    assert situation.uid == "i1700000000000003"
    assert situation.section == "director_bank"
    assert situation.stem == {"ky": "Кырдаалга ылайык директор биринчи эмне кылышы керек?"}
    assert situation.scenario == "SC-1"
    assert situation.correct == {"a"}
    assert [o.text["ky"] for o in situation.options][-1] == "Жогорудагылардын баары"
    # A choice pinned in place by TAO ("all of the above") keeps the written order.
    assert not situation.shuffle_options
    assert (situation.source, situation.tags, situation.images) == ("", (), ())


def test_item_language_wins_when_it_is_kyrgyz_or_russian():
    bank = qti.read(tao_package(), "director_bank.zip", "ru")

    # Items 1 and 2 say xml:lang="ky-KG"; item 3 says TAO's default "en-US" and is read as asked.
    assert [set(q.stem) for q in bank.questions] == [{"ky"}, {"ky"}, {"ru"}]
    assert bank.sections[-1] == Section("director_bank", {"ru": "director_bank"})
    assert set(bank.scenarios[0].text) == {"ky", "ru"}


def test_reads_ims_md_1_2_metadata_percent_encoded_hrefs_and_a_nested_folder():
    metadata = """<metadata><imsmd:lom xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2">
      <imsmd:general><imsmd:keyword><imsmd:langstring xml:lang="ru">устав</imsmd:langstring>
      </imsmd:keyword></imsmd:general>
      <imsmd:relation><imsmd:kind><imsmd:source><imsmd:langstring>LOMv1.0</imsmd:langstring>
      </imsmd:source><imsmd:value><imsmd:langstring>IsBasedOn</imsmd:langstring></imsmd:value>
      </imsmd:kind><imsmd:resource><imsmd:description><imsmd:langstring>ст. 24</imsmd:langstring>
      </imsmd:description></imsmd:resource></imsmd:relation>
      <imsmd:classification><imsmd:taxonpath><imsmd:source><imsmd:langstring>тест
      </imsmd:langstring></imsmd:source><imsmd:taxon><imsmd:entry><imsmd:langstring>
      Педагогика</imsmd:langstring></imsmd:entry></imsmd:taxon></imsmd:taxonpath>
      </imsmd:classification></imsmd:lom></metadata>"""
    body = '<p>Сүрөт:</p><p><img src="%D1%81%D2%AF%D1%80%D3%A9%D1%82.png" alt=""/></p>'
    data = zip_members(
        {
            "export/imsmanifest.xml": manifest_xml("my%20item.xml", metadata=metadata),
            "export/my item.xml": item_xml(body=body),
            "export/сүрөт.png": tiny_png(9),
        }
    )

    (question,) = qti.read(data, "x.zip", "ru").questions

    assert (question.tags, question.source, question.section) == (
        ("устав",),
        "ст. 24",
        "Педагогика",
    )
    assert question.images == (Image("сүрөт.png", "image/png", tiny_png(9)),)
    assert question.stem == {"ru": "Сүрөт:"}


def test_scenario_blocks_are_grouped_by_uid_then_by_text():
    def with_scenario(name: str, attributes: str, text: str) -> str:
        body = f'<div class="scenario"{attributes}><p>{text}</p></div><p>С?</p>'
        return item_xml(name, body=body)

    data = small_package(
        **{
            "a.xml": with_scenario("A", ' data-scenario="SC-1"', "Биринчи"),
            "b.xml": with_scenario("B", "", "Экинчи"),
            "c.xml": with_scenario("C", ' label="SC-1"', "Биринчи"),
            "d.xml": with_scenario("D", "", "Экинчи"),
            "e.xml": with_scenario("E", "", "Үчүнчү"),
        }
    )

    bank = qti.read(data, "x.zip")

    assert [q.scenario for q in bank.questions] == ["SC-1", "SC-2", "SC-1", "SC-2", "SC-3"]
    assert [s.text["ky"] for s in bank.scenarios] == ["Биринчи", "Экинчи", "Үчүнчү"]
    assert [q.stem["ky"] for q in bank.questions] == ["С?"] * 5


def test_ignores_other_resources_feedback_and_rubrics():
    body = (
        '<rubricBlock view="scorer"><p>Упай</p></rubricBlock><p>Суроо?</p>'
        '<feedbackBlock outcomeIdentifier="FB" identifier="x" showHide="show">Туура</feedbackBlock>'
    )
    manifest = manifest_xml("q.xml").replace(
        "</resources>",
        '<resource identifier="T" type="imsqti_test_xmlv2p1" href="test.xml"/></resources>',
    )
    data = zip_members({"imsmanifest.xml": manifest, "q.xml": item_xml(body=body)})

    (question,) = qti.read(data, "x.zip").questions

    assert question.stem == {"ky": "Суроо?"}
    assert question.uid == "Q1"
    assert (question.multiple, question.shuffle_options) == (False, False)


# --- broken packages -----------------------------------------------------------------------------


def test_not_a_zip():
    (problem,) = failure(b"GIF89a not a zip", "bank.zip")
    assert problem.file == "bank.zip"
    assert "not a zip" in problem.message


def test_package_without_manifest():
    members = folder_members(TAO)
    del members["imsmanifest.xml"]

    (problem,) = failure(zip_members(members), "tao.zip")

    assert (problem.file, problem.field) == ("tao.zip", "imsmanifest.xml")
    assert "no imsmanifest.xml" in problem.message


def test_manifest_pointing_at_a_missing_item():
    members = folder_members(TAO)
    del members["items/i1700000000000002/qti.xml"]

    (problem,) = failure(zip_members(members), "tao.zip")

    assert problem.location == "imsmanifest.xml, resource i1700000000000002"
    assert problem.field == "href"
    assert "items/i1700000000000002/qti.xml is not in the package" in problem.message


def test_non_choice_interaction_is_named():
    interaction = '<textEntryInteraction responseIdentifier="RESPONSE" expectedLength="10"/>'
    data = small_package(**{"items/gap.xml": item_xml(interaction=interaction)})

    (problem,) = failure(data)

    assert (problem.location, problem.field) == ("item items/gap.xml", "interaction")
    assert "textEntryInteraction" in problem.message


def test_correct_response_naming_an_unknown_choice():
    data = small_package(**{"q.xml": item_xml(correct="choice_9")})

    (problem,) = failure(data)

    assert (problem.location, problem.field) == ("item q.xml", "answer")
    assert "choice_9" in problem.message


@pytest.mark.parametrize("hostile", ["../evil.xml", "/etc/cron.d/evil", "a/../../evil.xml"])
def test_member_leading_outside_the_package_is_refused(hostile):
    members = folder_members(TAO)
    members[hostile] = "<x/>"

    (problem,) = failure(zip_members(members), "tao.zip")

    assert problem.location == f"member {hostile}"
    assert "outside the package" in problem.message


def test_doctype_in_an_item_is_refused():
    doctype = '<!DOCTYPE assessmentItem [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    data = small_package(**{"items/q.xml": item_xml(doctype=doctype)})

    (problem,) = failure(data)

    assert (problem.location, problem.field) == ("item items/q.xml, line 1", "DOCTYPE")


def test_malformed_item_xml_names_the_line():
    data = small_package(**{"q.xml": "<?xml version='1.0'?>\n<assessmentItem>\n<itemBody>"})

    (problem,) = failure(data)

    assert problem.location.startswith("item q.xml, line ")
    assert "not well-formed" in problem.message


def test_missing_picture_is_named():
    members = folder_members(TAO)
    del members["items/i1700000000000001/assets/mektep.png"]

    (problem,) = failure(zip_members(members), "tao.zip")

    assert problem.location == "item items/i1700000000000001/qti.xml"
    assert problem.field == "image mektep.png"
    assert "missing" in problem.message


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ('<p><img src="../../outside.png" alt=""/></p>', "image outside.png", "inside the package"),
        (
            '<p><img src="http://example.org/a.png" alt=""/></p>',
            "image a.png",
            "inside the package",
        ),
        ('<p><img src="a.tiff" alt=""/></p>', "image a.tiff", "picture type"),
        ('<object data="film.mp4" type="video/mp4"/>', "stem", "video/mp4"),
    ],
)
def test_pictures_that_cannot_be_imported(body, field, words):
    data = zip_members(
        {"imsmanifest.xml": manifest_xml("q.xml"), "q.xml": item_xml(body=body), "a.tiff": b"II"}
    )

    (problem,) = failure(data)

    assert (problem.location, problem.field) == ("item q.xml", field)
    assert words in problem.message


def test_picture_in_an_option_is_refused():
    interaction = (
        '<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">'
        '<simpleChoice identifier="A">Ооба</simpleChoice>'
        '<simpleChoice identifier="B"><img src="b.png" alt=""/></simpleChoice>'
        "</choiceInteraction>"
    )
    data = small_package(**{"q.xml": item_xml(interaction=interaction)})

    (problem,) = failure(data)

    assert (problem.location, problem.field) == ("item q.xml", "option b")


def test_oversized_member_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(qti, "MAX_MEMBER_BYTES", 1000)
    data = small_package(**{"q.xml": item_xml(body="<p>" + "ы" * 1000 + "</p>")})

    (problem,) = failure(data)

    assert problem.location == "item q.xml"
    assert "more than the 1000 bytes" in problem.message


def test_wrong_version_and_conflicting_items_are_all_reported():
    manifest = manifest_xml("a.xml", "b.xml", "c.xml").replace(
        "</resources>",
        '<resource identifier="NEW" type="imsqti_item_xmlv2p2" href="d.xml"/></resources>',
    )
    scenario = '<div class="scenario" label="SC-9"><p>{}</p></div><p>С?</p>'
    data = zip_members(
        {
            "imsmanifest.xml": manifest,
            "a.xml": item_xml("Q1", body=scenario.format("Бир")),
            "b.xml": item_xml("Q1", body=scenario.format("Эки")),
            "c.xml": item_xml("Q3", cardinality="ordered"),
            "../x": "",
        }
    )

    problems = failure(data)

    assert {(p.location, p.field) for p in problems} == {
        ("member ../x", ""),
        ("imsmanifest.xml, resource NEW", "type"),
        ("item b.xml", "identifier"),
        ("item b.xml", "scenario"),
        ("item c.xml", "answer"),
    }
    assert all(p.file == "bank.zip" for p in problems)


def test_manifest_that_is_not_a_content_package():
    data = zip_members({"imsmanifest.xml": "<manifest xmlns='urn:other'/>"})

    (problem,) = failure(data)

    assert problem.location == "imsmanifest.xml"
    assert "manifest" in problem.message


def test_manifest_without_items():
    data = zip_members({"imsmanifest.xml": manifest_xml()})

    (problem,) = failure(data)

    assert (problem.location, problem.field) == ("imsmanifest.xml", "resources")


def test_item_that_is_not_an_assessment_item():
    data = small_package(
        **{"q.xml": "<assessmentTest xmlns='http://www.imsglobal.org/xsd/imsqti_v2p1'/>"}
    )

    (problem,) = failure(data)

    assert problem.location == "item q.xml"
    assert "assessmentItem" in problem.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_packages_never_crash(data):
    package = bytearray(small_package(**{"q.xml": item_xml()}))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(package) - 1))
        package[position] = data.draw(st.integers(0, 255))
    try:
        qti.read(bytes(package), "x.zip")
    except ImportFailed as failed:
        assert failed.problems


def test_a_question_can_be_replaced_and_written_again():
    # Writing what was read gives the same questions: an editor's export-edit-import cycle.
    bank = qti.read(tao_package(), "director_bank.zip", "ky")
    edited = replace(bank, questions=bank.questions[:2])

    again = qti.read(qti.write(edited, "ky"), "director_bank.zip", "ky")

    assert again.questions == edited.questions
    assert again.scenarios == edited.scenarios
