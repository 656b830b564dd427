"""The audit chain: every state change leaves a sealed link, and any tampering with the stored
records — edit, delete, insert, reorder, truncate, re-hash — is found at its first break.

The tampering is done the way an attacker with the database would: straight SQL on the tables,
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from sqlalchemy import delete, func, insert, select, update

from kiosk.cli import main
from kiosk.domain.roles import NotPermitted, Role
from kiosk.security.audit_chain import GENESIS, record_hash
from kiosk.security.vault import VaultLocked, new_data_key
from kiosk.services.demo import SETUP
from kiosk.services.keys import vault_of
from kiosk.storage.models import Attempt, AuditHead, AuditRecord
from tests.helpers.actors import ADMIN, OBSERVER, staff
from tests.helpers.banks import make_question

EVERY_KIND_OF_CHANGE = {
    "login",
    "attempt.started",
    "answer.select",
    "answer.flag",
    "attempt.submitted",
    "time.extra",
    "code.issued",
    "competition.terms_approved",
    "bank.question_approved",
}


@pytest.fixture
def played(world):
    """A world after a short day: codes issued, a candidate in, answers, extra time, submit."""
    candidate = world.add("Үсөнбаева Гүлнара Өмүрбековна")
    (code,) = world.seat(candidate)
    attempt_id = world.sit(code, right=3, submit=False)
    world.kiosk.attempts.set_flag(attempt_id, 0, True)
    with world.kiosk.sessions() as session:
        registration_id = session.get(Attempt, attempt_id).registration_id
    world.kiosk.proctor.add_time(SETUP, registration_id, 5 * 60, "the mouse was replaced")
    world.kiosk.attempts.submit(attempt_id)
    bank = world.kiosk.bank
    draft = bank.save(staff("aida", Role.BANK_EDITOR), make_question("LAW-900", "law", 900))
    bank.submit(staff("aida", Role.BANK_EDITOR), draft.version_id)
    bank.approve(staff("bolot", Role.BANK_APPROVER), draft.version_id)
    return world


def chain(world) -> list[AuditRecord]:
    with world.kiosk.sessions() as session:
        return list(session.scalars(select(AuditRecord).order_by(AuditRecord.seq)))


def verify(world):
    return world.kiosk.audit_trail.verify(ADMIN)


def tamper(world, statement) -> None:
    with world.kiosk.engine.begin() as connection:
        connection.execute(statement)


def middle(world) -> AuditRecord:
    records = chain(world)
    return records[len(records) // 2]


def test_every_kind_of_change_is_chained_and_sealed(played):
    records = chain(played)
    actions = {r.action for r in records}
    missing = {a for a in EVERY_KIND_OF_CHANGE if not any(x.startswith(a) for x in actions)}
    assert not missing
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    assert records[0].prev_hash == GENESIS
    assert all(r.prev_hash == before.hash for before, r in pairwise(records))
    assert all(r.mac for r in records)
    report = verify(played)
    assert report.intact and report.records == len(records)


def test_an_answer_and_its_audit_record_are_one_commit(played):
    answers = [r for r in chain(played) if r.action.startswith("answer.")]
    assert len(answers) == 10 + 1  # ten selections and one flag
    flag = answers[-1]
    assert flag.action == "answer.flag" and flag.subject.startswith("attempt:")
    assert flag.details["position"] == 0 and flag.details["flagged"] is True


def test_an_edited_record_is_found(played):
    target = middle(played)
    tamper(
        played,
        update(AuditRecord).where(AuditRecord.seq == target.seq).values(actor="someone-else"),
    )
    report = verify(played)
    assert report.broken_at == target.seq
    assert "changed" in report.reason


def test_edited_details_are_found(played):
    submitted = next(r for r in chain(played) if r.action == "attempt.submitted")
    tamper(
        played,
        update(AuditRecord)
        .where(AuditRecord.seq == submitted.seq)
        .values(details={**submitted.details, "score": 10}),
    )
    assert verify(played).broken_at == submitted.seq


def test_a_deleted_record_is_found(played):
    target = middle(played)
    tamper(played, delete(AuditRecord).where(AuditRecord.seq == target.seq))
    report = verify(played)
    assert report.broken_at == target.seq


def test_records_cut_from_the_end_are_found(played):
    last = chain(played)[-1]
    tamper(played, delete(AuditRecord).where(AuditRecord.seq == last.seq))
    report = verify(played)
    assert not report.intact
    assert "removed from the end" in report.reason


def test_a_cut_end_with_the_head_rolled_back_is_found(played):
    records = chain(played)
    last, before = records[-1], records[-2]
    tamper(played, delete(AuditRecord).where(AuditRecord.seq == last.seq))
    tamper(
        played,
        update(AuditHead).where(AuditHead.id == 1).values(seq=before.seq, hash=before.hash),
    )
    report = verify(played)
    assert not report.intact and "head" in report.reason


def test_an_inserted_record_is_found(played):
    target = middle(played)
    records = chain(played)
    # Make room by renumbering, as an attacker would, then slip a record in.
    for record in reversed([r for r in records if r.seq >= target.seq]):
        tamper(
            played,
            update(AuditRecord).where(AuditRecord.id == record.id).values(seq=record.seq + 1),
        )
    forged = record_hash(
        target.prev_hash, target.seq, target.at, "admin", "code.reissued", "registration:1", {}
    )
    tamper(
        played,
        insert(AuditRecord).values(
            seq=target.seq,
            at=target.at,
            actor="admin",
            action="code.reissued",
            subject="registration:1",
            details={},
            prev_hash=target.prev_hash,
            hash=forged,
            mac=target.mac,
        ),
    )
    report = verify(played)
    assert report.broken_at == target.seq


def test_a_record_appended_without_the_key_is_found(played):
    last = chain(played)[-1]
    seq = last.seq + 1
    forged = record_hash(last.hash, seq, last.at, "admin", "code.reissued", "", {})
    tamper(
        played,
        insert(AuditRecord).values(
            seq=seq,
            at=last.at,
            actor="admin",
            action="code.reissued",
            subject="",
            details={},
            prev_hash=last.hash,
            hash=forged,
            mac="0" * 64,
        ),
    )
    tamper(played, update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=forged))
    report = verify(played)
    assert report.broken_at == seq
    assert "not this installation's" in report.reason


def test_two_records_swapped_are_found(played):
    records = chain(played)
    first, second = records[3], records[4]
    tamper(played, update(AuditRecord).where(AuditRecord.id == first.id).values(seq=-1))
    tamper(played, update(AuditRecord).where(AuditRecord.id == second.id).values(seq=first.seq))
    tamper(played, update(AuditRecord).where(AuditRecord.id == first.id).values(seq=second.seq))
    assert verify(played).broken_at == first.seq


def test_a_rehashed_chain_without_the_key_is_found(played):
    """The attacker knows the algorithm: edits a record and recomputes every later hash."""
    records = chain(played)
    target = records[len(records) // 2]
    previous = target.prev_hash
    for record in records[target.seq - 1 :]:
        actor = "someone-else" if record.seq == target.seq else record.actor
        digest = record_hash(
            previous, record.seq, record.at, actor, record.action, record.subject, record.details
        )
        tamper(
            played,
            update(AuditRecord)
            .where(AuditRecord.id == record.id)
            .values(actor=actor, hash=digest, prev_hash=previous),
        )
        previous = digest
    tamper(played, update(AuditHead).where(AuditHead.id == 1).values(hash=previous))
    report = verify(played)
    assert report.broken_at == target.seq
    assert "not this installation's" in report.reason


def test_stripped_seals_are_found(played):
    target = middle(played)
    tamper(played, update(AuditRecord).where(AuditRecord.seq == target.seq).values(mac=None))
    report = verify(played)
    assert report.broken_at == target.seq and "lacks its seal" in report.reason


def test_another_installations_key_sees_a_broken_chain(played):
    with played.kiosk.sessions() as session:
        vault = vault_of(session)
    vault.unlock(new_data_key())
    report = verify(played)
    assert report.broken_at == 1


def test_a_refused_sign_in_before_anyone_opened_the_key_is_chained_but_unsealed(world):
    world.kiosk.accounts.create_account(
        SETUP, "aida", "Асанова Аида", frozenset({Role.ADMINISTRATOR}), "тоо-суу-асман-2026"
    )
    world.kiosk.keys.lock()
    with pytest.raises(Exception, match="wrong"):
        world.kiosk.accounts.sign_in("aida", "not the password at all")
    refused = chain(world)[-1]
    assert refused.action == "sign_in.refused" and refused.mac is None
    world.kiosk.accounts.sign_in("aida", "тоо-суу-асман-2026")
    assert verify(world).intact


def test_a_verification_is_itself_audited_and_needs_the_role(played):
    report = verify(played)
    last = chain(played)[-1]
    assert last.action == "audit.verified"
    assert last.details["intact"] is True and last.details["records"] == report.records
    assert played.kiosk.audit_trail.verify(OBSERVER).intact
    with pytest.raises(NotPermitted):
        played.kiosk.audit_trail.verify(staff("clerk", Role.OPERATOR))


def test_concurrent_writers_form_one_chain(played, tmp_path):
    """A second station on the same database appends to the same chain, not beside it."""
    from kiosk.app import build
    from tests.helpers.keys import open_keys

    other = open_keys(build(played.kiosk.settings, played.clock, upgrade=False))
    try:
        (code,) = played.seat(played.add("Ниязов Азамат"))
        other.attempts.login(code.code)
        played.clock.advance(1.0)
        played.kiosk.exam_sessions.reissue_code(SETUP, code.registration_id)
    finally:
        other.close()
    assert verify(played).intact


def test_the_command_line_names_the_first_break(
    played, monkeypatch, capsys, database_url, tmp_path
):
    from kiosk import cli
    from kiosk.app import build

    password = "тоо-суу-асман-2026"
    played.kiosk.accounts.create_account(
        SETUP, "auditor", "Токтогулова Айжан", frozenset({Role.OBSERVER}), password
    )
    monkeypatch.setenv("KIOSK_PASSWORD", password)
    monkeypatch.setattr(cli, "build", lambda settings: build(settings, played.clock))
    argv = ["--data-dir", str(played.kiosk.settings.data_dir), "--db", database_url]
    assert main([*argv, "audit", "verify", "--user", "auditor"]) == 0
    assert "intact" in capsys.readouterr().out
    target = middle(played)
    tamper(
        played,
        update(AuditRecord)
        .where(AuditRecord.seq == target.seq)
        .values(details=json.loads(json.dumps({"forged": True}))),
    )
    assert main([*argv, "audit", "verify", "--user", "auditor"]) == 1
    err = capsys.readouterr().err
    assert f"broken at record {target.seq}" in err


def test_nothing_is_chained_by_a_transaction_that_rolls_back(played):
    before = chain(played)
    with pytest.raises(ZeroDivisionError), played.kiosk.sessions.begin() as session:
        from kiosk.services import audit

        audit.record(session, played.clock.now(), "x", "never.happened")
        raise ZeroDivisionError
    assert len(chain(played)) == len(before)
    with played.kiosk.sessions() as session:
        assert session.scalar(select(func.max(AuditRecord.seq))) == before[-1].seq
    assert verify(played).intact


def test_a_fresh_vault_is_not_enough_to_verify(played):
    with played.kiosk.sessions() as session:
        vault_of(session).lock()
    with pytest.raises(VaultLocked):
        verify(played)
