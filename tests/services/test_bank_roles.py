"""The bank service checks the actor's roles on every use case, and audits each refusal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.app import Kiosk, build
from kiosk.config import resolve_settings
from kiosk.domain.roles import NotPermitted, Permission, Role
from kiosk.services.bank import BankService
from kiosk.storage.models import AuditRecord
from question_bank.formats import format_module
from question_bank.lifecycle import SelfApproval, Status
from question_bank.model import Blueprint
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR, staff
from tests.helpers.banks import make_bank, rich_bank
from tests.helpers.keys import install_keys

WRITER = staff("aida", Role.BANK_EDITOR)
APPROVER = staff("bolot", Role.BANK_APPROVER)

#: Every use case of the bank service and the permission it needs.
PERMISSIONS = {
    "sections": Permission.VIEW_BANK,
    "rows": Permission.VIEW_BANK,
    "review_queue": Permission.VIEW_BANK,
    "version": Permission.VIEW_BANK,
    "latest": Permission.VIEW_BANK,
    "history": Permission.VIEW_BANK,
    "archive": Permission.VIEW_BANK,
    "export": Permission.VIEW_BANK,
    "check_blueprint": Permission.VIEW_BANK,
    "sample_form": Permission.VIEW_BANK,
    "add_section": Permission.EDIT_BANK,
    "rename_section": Permission.EDIT_BANK,
    "move_section": Permission.EDIT_BANK,
    "save": Permission.EDIT_BANK,
    "submit": Permission.EDIT_BANK,
    "import_file": Permission.EDIT_BANK,
    "import_data": Permission.EDIT_BANK,
    "approve": Permission.APPROVE_BANK,
    "return_for_rework": Permission.APPROVE_BANK,
    "retire": Permission.APPROVE_BANK,
}


@pytest.fixture
def kiosk(database_url, tmp_path, clock) -> Iterator[Kiosk]:
    kiosk = install_keys(
        build(
            resolve_settings(
                data_dir=str(tmp_path / "data"),
                database_url=database_url,
                station_id="admin",
                environ={},
            ),
            clock,
        )
    )
    yield kiosk
    kiosk.close()


@pytest.fixture
def bank(kiosk) -> BankService:
    """The small test bank, approved (written by "author", approved by "approver")."""
    kiosk.bank.load_approved(make_bank(), author="author", approver="approver")
    return kiosk.bank


def refusals(kiosk: Kiosk) -> list[tuple[str, str, dict]]:
    """The audited refusals: (actor, refused method, details), oldest first."""
    with kiosk.sessions() as session:
        return [
            (row.actor, row.subject, dict(row.details))
            for row in session.scalars(
                select(AuditRecord)
                .where(AuditRecord.action == "permission.refused")
                .order_by(AuditRecord.id)
            )
        ]


def a_draft_by_the_writer(bank: BankService) -> int:
    """A new version of LAW-001 written and submitted by WRITER; its version id."""
    question = bank.latest(WRITER, "LAW-001").question
    draft = bank.save(WRITER, replace(question, source="Мыйзам, 5-берене"))
    return bank.submit(WRITER, draft.version_id).version_id


def test_every_use_case_names_the_permission_it_needs():
    assert {name: getattr(BankService, name).permission for name in PERMISSIONS} == PERMISSIONS
    # The seeding of the demo and the tests and the candidates' pool stay outside the check.
    assert not hasattr(BankService.load_approved, "permission")


def test_a_writer_may_not_approve_and_the_refusal_is_audited(kiosk, bank):
    waiting = a_draft_by_the_writer(bank)
    with pytest.raises(NotPermitted) as refused:
        bank.approve(WRITER, waiting, "Туура")
    assert refused.value.permission is Permission.APPROVE_BANK
    assert bank.version(WRITER, waiting).status is Status.SUBMITTED
    assert refusals(kiosk) == [
        ("aida", "approve", {"permission": "bank.approve", "roles": ["bank_editor"]})
    ]
    with pytest.raises(NotPermitted):
        bank.return_for_rework(WRITER, waiting, "Оңдоңуз")
    with pytest.raises(NotPermitted):
        bank.retire(WRITER, "LAW-002", "Эскирди")
    assert [subject for _actor, subject, _details in refusals(kiosk)] == [
        "approve",
        "return_for_rework",
        "retire",
    ]


def test_an_approver_decides_but_may_not_write(kiosk, bank):
    waiting = a_draft_by_the_writer(bank)
    question = bank.latest(APPROVER, "LAW-002").question
    with pytest.raises(NotPermitted):
        bank.save(APPROVER, replace(question, source="x"))
    with pytest.raises(NotPermitted):
        bank.add_section(APPROVER, "ethics", {"ky": "Этика", "ru": "Этика"})
    approved = bank.approve(APPROVER, waiting, "Туура")
    assert (approved.status, approved.events[-1].actor) == (Status.APPROVED, "bolot")
    assert bank.latest(APPROVER, "LAW-002").number == 1  # the refused save wrote nothing
    assert [(actor, subject) for actor, subject, _ in refusals(kiosk)] == [
        ("bolot", "save"),
        ("bolot", "add_section"),
    ]


def test_the_two_person_rule_still_holds_for_someone_with_both_roles(bank):
    both = staff("aida")
    waiting = a_draft_by_the_writer(bank)
    # Her roles allow approving, but aida wrote this version: the rule goes by name.
    assert both.may(Permission.APPROVE_BANK)
    with pytest.raises(SelfApproval):
        bank.approve(both, waiting)
    assert bank.approve(staff("cholpon"), waiting).status is Status.APPROVED


def test_an_administrator_reads_the_bank_but_may_not_save(kiosk, bank):
    rows = bank.rows(ADMIN)
    assert len(rows) == len(make_bank().questions) and rows[0].status is Status.APPROVED
    assert bank.check_blueprint(ADMIN, Blueprint((("law", 1),))).ready
    assert bank.export(ADMIN, "moodle").startswith(b"<?xml")
    with pytest.raises(NotPermitted) as refused:
        bank.save(ADMIN, replace(bank.latest(ADMIN, rows[0].uid).question, source="x"))
    assert refused.value.permission is Permission.EDIT_BANK
    assert [(actor, subject) for actor, subject, _ in refusals(kiosk)] == [("admin", "save")]


@pytest.mark.parametrize("outsider", [OPERATOR, OBSERVER], ids=["operator", "observer"])
def test_staff_without_a_bank_role_cannot_even_read_the_bank(kiosk, bank, outsider):
    for read in (
        lambda: bank.rows(outsider),
        lambda: bank.sections(outsider),
        lambda: bank.latest(outsider, "LAW-001"),
        lambda: bank.export(outsider, "package"),
    ):
        with pytest.raises(NotPermitted) as refused:
            read()
        assert refused.value.permission is Permission.VIEW_BANK
    assert [subject for _actor, subject, _ in refusals(kiosk)] == [
        "rows",
        "sections",
        "latest",
        "export",
    ]
    assert {actor for actor, _subject, _ in refusals(kiosk)} == {outsider.name}


def test_importing_is_a_writers_work(kiosk, tmp_path: Path):
    path = tmp_path / "bank.kbank"
    path.write_bytes(format_module("package").write(rich_bank()))
    with pytest.raises(NotPermitted):
        kiosk.bank.import_file(APPROVER, path, dry_run=True)
    report = kiosk.bank.import_file(WRITER, path)
    assert len(report.new_questions) == len(rich_bank().questions)
    with kiosk.sessions() as session:
        imported = session.scalars(
            select(AuditRecord.actor).where(AuditRecord.action == "bank.imported")
        ).all()
    assert imported == ["aida"]
    assert [(actor, subject) for actor, subject, _ in refusals(kiosk)] == [("bolot", "import_file")]


def test_a_name_alone_is_not_an_actor(bank):
    with pytest.raises(TypeError, match="Actor"):
        bank.rows("aida")  # type: ignore[arg-type]
