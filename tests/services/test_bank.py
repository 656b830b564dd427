"""The bank service on every database: lifecycle, two-person rule, versions, import, blueprints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.app import Kiosk, build
from kiosk.config import resolve_settings
from kiosk.services.bank import BankService
from kiosk.storage import models
from question_bank.formats.base import ImportFailed
from question_bank.lifecycle import Action, LifecycleRefused, SelfApproval, Status
from question_bank.model import Blueprint, Option, Scenario
from tests.helpers.actors import staff
from tests.helpers.banks import make_bank, rich_bank
from tests.helpers.keys import install_keys

#: Someone who reads the bank in a test's checks (both bank roles, so never refused).
READER = staff("reader")


@pytest.fixture
def kiosk(database_url, tmp_path, clock) -> Iterator[Kiosk]:
    settings = resolve_settings(
        data_dir=str(tmp_path / "data"), database_url=database_url, station_id="admin", environ={}
    )
    kiosk = install_keys(build(settings, clock))
    yield kiosk
    kiosk.close()


@pytest.fixture
def bank(kiosk) -> BankService:
    bank = kiosk.bank
    bank.add_section(staff("editor"), "law", {"ky": "Мыйзамдар", "ru": "Законы"})
    bank.add_section(staff("editor"), "it", {"ky": "IT", "ru": "IT"})
    return bank


def a_question(uid: str = "", section: str = "law", ky: str = "Мектептин уставын ким бекитет?"):
    return (
        make_bank({"law": 1})
        .questions[0]
        .__class__(
            uid=uid,
            section=section,
            stem={"ky": ky, "ru": "Кто утверждает устав школы?"},
            options=(
                Option("a", {"ky": "Директор", "ru": "Директор"}),
                Option("b", {"ky": "Түзүүчү", "ru": "Учредитель"}),
            ),
            correct=frozenset({"b"}),
        )
    )


def count(kiosk: Kiosk, model) -> int:
    with kiosk.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_question_goes_from_draft_through_review_to_approval(bank):
    draft = bank.save(staff("aida"), a_question())
    assert (draft.uid, draft.number, draft.status) == ("Q-00001", 1, Status.DRAFT)
    submitted = bank.submit(staff("aida"), draft.version_id)
    assert submitted.status is Status.SUBMITTED
    assert [row.uid for row in bank.review_queue(READER)] == ["Q-00001"]

    approved = bank.approve(staff("bolot"), draft.version_id, "Туура")
    assert approved.status is Status.APPROVED
    assert [(e.action, e.actor) for e in approved.events] == [
        (Action.CREATED, "aida"),
        (Action.SUBMITTED, "aida"),
        (Action.APPROVED, "bolot"),
    ]
    assert approved.events[-1].comment == "Туура"
    assert bank.review_queue(READER) == []


def test_nobody_approves_a_version_they_wrote_or_edited(bank):
    draft = bank.save(staff("aida"), a_question())
    bank.save(
        staff("bolot"), replace(draft.question, source="Закон, ст. 5")
    )  # bolot edits the draft
    bank.submit(staff("aida"), draft.version_id)
    with pytest.raises(SelfApproval):
        bank.approve(staff("aida"), draft.version_id)
    with pytest.raises(SelfApproval):
        bank.approve(staff("bolot"), draft.version_id)
    assert bank.version(READER, draft.version_id).status is Status.SUBMITTED
    assert bank.approve(staff("cholpon"), draft.version_id).status is Status.APPROVED


def test_a_returned_question_needs_a_comment_and_goes_back_to_draft(bank):
    draft = bank.save(staff("aida"), a_question())
    bank.submit(staff("aida"), draft.version_id)
    with pytest.raises(LifecycleRefused, match="comment"):
        bank.return_for_rework(staff("bolot"), draft.version_id, "  ")
    returned = bank.return_for_rework(
        staff("bolot"), draft.version_id, "Орусча котормосун текшериңиз"
    )
    assert returned.status is Status.DRAFT
    assert returned.events[-1].comment == "Орусча котормосун текшериңиз"


def test_a_submitted_version_cannot_be_edited_until_returned(bank):
    draft = bank.save(staff("aida"), a_question())
    bank.submit(staff("aida"), draft.version_id)
    with pytest.raises(LifecycleRefused, match="returned"):
        bank.save(staff("aida"), replace(draft.question, source="x"))


def test_a_question_missing_a_translation_cannot_be_submitted(bank):
    question = a_question()
    question = replace(question, stem={"ky": question.stem["ky"]})
    draft = bank.save(staff("aida"), question)  # a draft may be incomplete
    with pytest.raises(ImportFailed) as failure:
        bank.submit(staff("aida"), draft.version_id)
    assert [p.field for p in failure.value.problems] == ["stem[ru]"]


def test_editing_an_approved_version_makes_a_new_draft_and_leaves_it_untouched(bank, kiosk):
    first = bank.save(staff("aida"), a_question())
    bank.submit(staff("aida"), first.version_id)
    bank.approve(staff("bolot"), first.version_id)

    second = bank.save(
        staff("aida"), a_question(uid=first.uid, ky="Мектептин уставын ким бекитет? (2)")
    )
    assert (second.number, second.status) == (2, Status.DRAFT)
    assert second.version_id != first.version_id
    old = bank.version(READER, first.version_id)
    assert old.status is Status.APPROVED
    assert old.question.stem["ky"] == "Мектептин уставын ким бекитет?"

    # The new version replaces the old one in new forms only once it is approved.
    bank.submit(staff("aida"), second.version_id)
    bank.approve(staff("bolot"), second.version_id)
    assert bank.version(READER, first.version_id).status is Status.RETIRED
    assert [v.number for v in bank.history(READER, first.uid)] == [1, 2]
    with kiosk.sessions() as session:
        approved = session.scalars(
            select(models.QuestionVersion.version).where(
                models.QuestionVersion.status == Status.APPROVED
            )
        ).all()
    assert approved == [2]


def test_the_database_holds_at_most_one_approved_version_per_question(bank, kiosk):
    first = bank.save(staff("aida"), a_question())
    bank.submit(staff("aida"), first.version_id)
    bank.approve(staff("bolot"), first.version_id)
    second = bank.save(staff("aida"), a_question(uid=first.uid, ky="Башка текст"))
    with kiosk.sessions() as session, pytest.raises(IntegrityError):
        session.get(models.QuestionVersion, second.version_id).status = "approved"
        session.commit()


def test_retiring_takes_a_question_out_of_new_forms_only(bank):
    first = bank.save(staff("aida"), a_question())
    bank.submit(staff("aida"), first.version_id)
    bank.approve(staff("bolot"), first.version_id)
    blueprint = Blueprint((("law", 1),))
    assert bank.check_blueprint(READER, blueprint).ready
    retired = bank.retire(staff("bolot"), first.uid, "Мыйзам өзгөрдү")
    assert retired.status is Status.RETIRED
    check = bank.check_blueprint(READER, blueprint)
    assert not check.ready
    assert check.sections[0].missing == 1
    # The version itself is kept, with its content, for attempts and appeals that used it.
    assert (
        bank.version(READER, first.version_id).question.stem["ky"]
        == "Мектептин уставын ким бекитет?"
    )


def test_an_edited_scenario_is_a_new_row_and_old_versions_keep_their_text(bank):
    scenario = Scenario("SC-1", {"ky": "Биринчи текст", "ru": "Первый текст"})
    question = replace(a_question(), scenario="SC-1")
    first = bank.save(staff("aida"), question, scenario)
    bank.submit(staff("aida"), first.version_id)
    bank.approve(staff("bolot"), first.version_id)
    changed = Scenario("SC-1", {"ky": "Экинчи текст", "ru": "Второй текст"})
    second = bank.save(staff("aida"), replace(question, uid=first.uid), changed)
    assert bank.version(READER, first.version_id).scenario.text["ky"] == "Биринчи текст"
    assert bank.version(READER, second.version_id).scenario.text["ky"] == "Экинчи текст"


def test_every_change_is_audited(bank, kiosk):
    draft = bank.save(staff("aida"), a_question())
    bank.submit(staff("aida"), draft.version_id)
    bank.approve(staff("bolot"), draft.version_id)
    with kiosk.sessions() as session:
        actions = session.execute(
            select(models.AuditRecord.actor, models.AuditRecord.action).order_by(
                models.AuditRecord.id
            )
        ).all()
    assert actions[-3:] == [
        ("aida", "bank.question_created"),
        ("aida", "bank.question_submitted"),
        ("bolot", "bank.question_approved"),
    ]


def test_sections_can_be_added_renamed_and_reordered(bank):
    bank.add_section(staff("editor"), "pedagogy", {"ky": "Педагогика", "ru": "Педагогика"})
    bank.rename_section(staff("editor"), "it", {"ky": "IT компетенциялары", "ru": "IT-компетенции"})
    bank.move_section(staff("editor"), "pedagogy", 0)
    sections = bank.sections(READER)
    assert [s.code for s in sections] == ["pedagogy", "law", "it"]
    assert sections[2].title["ky"] == "IT компетенциялары"
    with pytest.raises(LifecycleRefused, match="exists"):
        bank.add_section(staff("editor"), "law", {"ky": "x"})


# -- import ------------------------------------------------------------------------------------


def package_bytes() -> bytes:
    from question_bank.formats import package

    return package.write(rich_bank())


def test_an_import_arrives_as_drafts_with_its_images(bank, kiosk):
    report = bank.import_data(staff("aida"), package_bytes(), "bank.kbank")
    assert len(report.new_questions) == 5
    assert report.approved == 0
    rows = {row.uid: row for row in bank.rows(READER)}
    assert {row.status for row in rows.values()} == {Status.DRAFT}
    picture = bank.latest(READER, "IT-001").question.images[0]
    assert picture.data == rich_bank().questions[3].images[0].data
    scenario = bank.latest(READER, "LAW-003").scenario
    assert scenario is not None and scenario.text["ky"].startswith("Мектептин өнүгүү")
    assert count(kiosk, models.QuestionEvent) == 5


def test_a_dry_run_reports_and_writes_nothing(bank, kiosk):
    before = count(kiosk, models.QuestionVersion), count(kiosk, models.AuditRecord)
    report = bank.import_data(staff("aida"), package_bytes(), "bank.kbank", dry_run=True)
    assert report.dry_run and len(report.new_questions) == 5
    assert (count(kiosk, models.QuestionVersion), count(kiosk, models.AuditRecord)) == before


def test_importing_the_same_file_again_reports_duplicates(bank):
    bank.import_data(staff("aida"), package_bytes(), "bank.kbank")
    again = bank.import_data(staff("aida"), package_bytes(), "bank.kbank")
    assert again.new_questions == () and again.new_versions == ()
    assert [(d.existing_uid, d.existing_version) for d in again.duplicates] == [
        ("LAW-001", 1),
        ("LAW-002", 1),
        ("LAW-003", 1),
        ("IT-001", 1),
        ("IT-002", 1),
    ]


def test_the_same_question_under_another_uid_is_a_duplicate(bank):
    from question_bank.formats import package

    bank.import_data(staff("aida"), package_bytes(), "bank.kbank")
    renamed = rich_bank()
    renamed = replace(
        renamed,
        questions=tuple(replace(q, uid=f"NEW-{i}") for i, q in enumerate(renamed.questions)),
    )
    report = bank.import_data(staff("aida"), package.write(renamed), "renamed.kbank")
    assert len(report.duplicates) == 5 and report.new_questions == ()


def test_a_broken_file_imports_nothing_and_names_the_item_and_field(bank, kiosk):
    from question_bank.formats import package

    good = rich_bank()
    broken = replace(
        good,
        questions=(
            *good.questions[:2],
            replace(good.questions[2], multiple=False),  # three keys, single choice
        ),
    )
    before = count(kiosk, models.QuestionVersion)
    with pytest.raises(ImportFailed) as failure:
        bank.import_data(staff("aida"), package.write(broken), "broken.kbank")
    problem = failure.value.problems[0]
    assert problem.file == "broken.kbank"
    assert "LAW-003" in problem.location
    assert count(kiosk, models.QuestionVersion) == before


def test_an_unknown_format_is_a_clear_problem(bank):
    with pytest.raises(ImportFailed, match="cannot tell the format"):
        bank.import_data(staff("aida"), b"...", "bank.pdf")


def test_a_package_keeps_statuses_history_and_approvals(bank, kiosk, tmp_path, clock):
    bank.import_data(staff("aida"), package_bytes(), "bank.kbank")
    for row in bank.rows(READER):
        bank.submit(staff("aida"), row.version_id)
        bank.approve(staff("bolot"), row.version_id, "ok")
    exported = bank.export(READER, "package")

    other = install_keys(
        build(
            resolve_settings(
                data_dir=str(tmp_path / "other"),
                database_url=f"sqlite:///{tmp_path / 'other.db'}",
                station_id="x",
                environ={},
            ),
            clock,
        )
    )
    try:
        report = other.bank.import_data(staff("zarina"), exported, "bank.kbank")
        assert report.approved == 5
        version = other.bank.latest(READER, "LAW-001")
        assert version.status is Status.APPROVED
        assert [(e.action, e.actor) for e in version.events] == [
            (Action.IMPORTED, "aida"),
            (Action.SUBMITTED, "aida"),
            (Action.APPROVED, "bolot"),
        ]
        assert other.bank.archive(READER) == bank.archive(READER)
    finally:
        other.close()


def test_a_package_whose_approval_breaks_the_two_person_rule_is_refused(bank):
    from datetime import UTC, datetime

    from question_bank.formats import package
    from question_bank.lifecycle import (
        BankArchive,
        LifecycleEvent,
        QuestionHistory,
        VersionRecord,
    )

    good = rich_bank()
    at = datetime(2026, 11, 1, tzinfo=UTC)
    archive = BankArchive(
        good.sections,
        good.scenarios,
        (
            QuestionHistory(
                "LAW-001",
                (
                    VersionRecord(
                        1,
                        Status.APPROVED,
                        good.questions[0],
                        (
                            LifecycleEvent(Action.CREATED, "aida", at),
                            LifecycleEvent(Action.APPROVED, "aida", at),
                        ),
                    ),
                ),
            ),
        ),
    )
    with pytest.raises(ImportFailed, match="aida approved a version they wrote"):
        bank.import_data(staff("zarina"), package.write_archive(archive), "self.kbank")


# -- blueprints --------------------------------------------------------------------------------


def approved_bank(kiosk: Kiosk, per_section: dict[str, int]) -> None:
    kiosk.bank.load_approved(make_bank(per_section), author="aida", approver="bolot")


def test_a_blueprint_check_says_how_many_are_missing_where(kiosk):
    approved_bank(kiosk, {"law": 8, "pedagogy": 2, "it": 6})
    check = kiosk.bank.check_blueprint(
        READER, Blueprint((("law", 5), ("pedagogy", 4), ("ethics", 2)))
    )
    assert not check.ready
    assert [(s.code, s.needed, s.available, s.missing) for s in check.sections] == [
        ("law", 5, 8, 0),
        ("pedagogy", 4, 2, 2),
        ("ethics", 2, 0, 2),
    ]
    assert check.unknown_sections == ("ethics",)


def test_the_language_policy_counts_only_questions_written_in_every_language(kiosk):
    approved_bank(kiosk, {"law": 3, "pedagogy": 1, "it": 1})
    assert kiosk.bank.check_blueprint(
        READER, Blueprint((("law", 3),), languages=("ky", "ru"))
    ).ready
    check = kiosk.bank.check_blueprint(READER, Blueprint((("law", 3),), languages=("ky", "en")))
    assert check.sections[0].available == 0


def test_a_sample_form_follows_the_blueprint(kiosk):
    approved_bank(kiosk, {"law": 8, "pedagogy": 6, "it": 6})
    form = kiosk.bank.sample_form(READER, Blueprint((("law", 4), ("it", 2))), seed=7)
    assert [item.version.question.section for item in form] == ["law"] * 4 + ["it"] * 2
    assert form == kiosk.bank.sample_form(READER, Blueprint((("law", 4), ("it", 2))), seed=7)
    for item in form:
        assert sorted(item.option_order) == sorted(o.key for o in item.version.question.options)


def test_a_package_with_two_versions_of_a_question_is_imported_with_both(bank, kiosk):
    """An exported bank holds every version of an edited question under the one uid."""
    from tests.bank.formats.test_package import fixture_package

    report = bank.import_data(staff("aida"), fixture_package(), "ministry.kbank")
    assert sorted(report.new_questions) == ["IT-010", "LAW-010"]
    with kiosk.sessions() as session:
        numbers = session.scalars(
            select(models.QuestionVersion.version)
            .join(models.Question)
            .where(models.Question.uid == "LAW-010")
            .order_by(models.QuestionVersion.version)
        ).all()
    assert numbers == [1, 2]


def test_an_earlier_version_naming_a_missing_section_is_refused_clearly(bank):
    import io
    import json
    import zipfile

    from tests.bank.formats.test_package import fixture_package

    with zipfile.ZipFile(io.BytesIO(fixture_package())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    content = json.loads(members["bank.json"])
    content["questions"][0]["versions"][0]["section"] = "nowhere"
    members["bank.json"] = json.dumps(content, ensure_ascii=False).encode()
    from tests.bank.formats.test_package import pack

    with pytest.raises(ImportFailed) as refused:
        bank.import_data(staff("aida"), pack(members), "ministry.kbank")
    assert any(p.field == "section" and "v1" in p.location for p in refused.value.problems)
    assert bank.rows(READER) == []
