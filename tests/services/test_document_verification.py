"""Verifiable documents through the services, on SQLite and PostgreSQL: a protocol issued for a
submitted attempt (and the appeal protocol) is genuine; after a satisfied appeal the first
version is superseded by the second; a byte changed, the score rewritten in the text, or the
file cut short is altered; random bytes, a PDF from elsewhere and a code never issued are
unknown; a record planted or changed in the register is not genuine; nothing makes the check
raise."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import ContentStream, TextStringObject
from sqlalchemy import select

from kiosk import cli
from kiosk.app import build
from kiosk.domain.roles import NotPermitted, Role
from kiosk.services.appeal_views import Finding
from kiosk.services.archive import DOCUMENTS, file_document
from kiosk.services.demo import SETUP
from kiosk.services.verification import VerificationService
from kiosk.services.verification_views import Reason, Verdict, Verification
from kiosk.storage import models
from protocols.testing_protocol import render_testing_protocol
from protocols.verification import (
    Payload,
    content_hash,
    document_message,
    record_message,
    verification_code,
)
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR, staff
from tests.helpers.competition import World
from tests.helpers.documents import pdf_text, sample_protocol

pytestmark = pytest.mark.storage

COMMISSION_PASSWORD = "commission-2026"
CHAIR = staff("chair", Role.COMMISSION)
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)


@dataclass
class Issued:
    """A world with one submitted attempt (7 of 10) and its protocol."""

    world: World
    attempt_id: int
    number: str
    path: Path

    @property
    def pdf(self) -> bytes:
        return self.path.read_bytes()

    @property
    def verifier(self) -> VerificationService:
        kiosk = self.world.kiosk
        return VerificationService(kiosk.sessions, kiosk.clock, kiosk.keys)

    def check(self, data: bytes) -> Verification:
        return self.verifier.verify_file(ADMIN, data)

    def row(self, reference: str | None = None) -> models.ArchivedDocument:
        with self.world.kiosk.sessions() as session:
            return session.scalars(
                select(models.ArchivedDocument).where(
                    models.ArchivedDocument.reference == (reference or self.number)
                )
            ).one()


@pytest.fixture
def issued(world: World) -> Issued:
    (code,) = world.seat(world.add("Асанова Гүлнара Бакытовна"))
    attempt_id = world.sit(code, right=7)
    number, path = world.kiosk.protocols.issue(attempt_id)
    return Issued(world, attempt_id, number, path)


def rewrite_score(pdf: bytes, old: str, new: str) -> bytes:
    """The PDF with the score's digits changed in the page's text, saved again by pypdf."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    changed = 0
    for operands, operator in content.operations:
        if operator == b"Tj" and isinstance(operands[0], str) and operands[0].startswith(old):
            operands[0] = TextStringObject(operands[0].replace(old, new))
            changed += 1
    assert changed == 1, "the score was not found in the page's text"
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- genuine -------------------------------------------------------------------------------


def test_an_issued_protocol_is_genuine_and_names_what_to_compare(issued: Issued):
    result = issued.check(issued.pdf)
    assert (result.verdict, result.reason, result.exit_code) == (
        Verdict.GENUINE,
        Reason.FILE_MATCHES,
        0,
    )
    facts = result.document
    assert facts is not None and facts.number == issued.number
    assert (facts.kind, facts.candidate_name, facts.version) == (
        "testing_protocol",
        "Асанова Гүлнара Бакытовна",
        1,
    )
    assert (facts.score, facts.max_score, facts.threshold, facts.meets) == (7, 10, 6, True)
    row = issued.row()
    assert facts.code == row.verification_code and facts.code in pdf_text(issued.pdf)
    assert row.content_hash is not None and len(row.signature) == 64
    assert facts.issued_at == row.created_at


@pytest.mark.parametrize("how", ["printed", "lower", "spaces", "bare", "look-alikes"])
def test_the_printed_code_finds_the_protocol_however_it_is_typed(issued: Issued, how: str):
    code = issued.row().verification_code
    bare = code.replace("-", "")
    typed = {
        "printed": code,
        "lower": code.lower(),
        "spaces": "  " + " ".join(code.split("-")) + " ",
        "bare": bare.lower(),
        "look-alikes": code.replace("0", "O").replace("1", "l"),
    }[how]
    result = issued.verifier.verify_code(OBSERVER, typed)
    assert (result.verdict, result.reason) == (Verdict.GENUINE, Reason.CODE_MATCHES)
    assert result.document is not None and result.document.number == issued.number


def test_a_lost_protocol_is_rewritten_byte_for_byte_and_stays_genuine(issued: Issued):
    first = issued.pdf
    issued.world.clock.advance(3600)
    issued.path.unlink()
    _number, path = issued.world.kiosk.protocols.issue(issued.attempt_id)
    assert path.read_bytes() == first
    assert issued.check(first).verdict is Verdict.GENUINE


# -- superseded ----------------------------------------------------------------------------


def decide_satisfied_appeal(world: World, attempt_id: int) -> int:
    """File, compose, hear and satisfy an appeal (one point awarded); the appeal's id."""
    for login, name in (("chair", "Төрага Айгүл"), ("member1", "Мүчө Бакыт")):
        world.kiosk.accounts.create_account(
            SETUP, login, name, frozenset({Role.COMMISSION}), COMMISSION_PASSWORD
        )
    with world.kiosk.sessions() as session:
        ids = dict(session.execute(select(models.Account.login, models.Account.id)).all())
    from kiosk.services.appeal_views import Attendance

    appeals = world.kiosk.appeals
    appeal_id = appeals.file_appeal(OPERATOR, attempt_id, "Сүрөт көрүнгөн жок").appeal_id
    appeals.compose_commission(
        ADMIN, chair=ids["chair"], members=[ids["member1"]], basis="Буйрук №7", appeal_id=appeal_id
    )
    appeals.open_hearing(
        CHAIR,
        appeal_id,
        [Attendance(ids["chair"], present=True), Attendance(ids["member1"], present=True)],
    )
    appeals.decide(CHAIR, appeal_id, [Finding(9, True, "сүрөт жок")], "Ката тастыкталды")
    return appeal_id


def test_after_an_appeal_the_first_protocol_is_superseded_by_the_second(world: World):
    (code,) = world.seat(world.add("Бекова Айзада"))
    attempt_id = world.sit(code, right=5)
    first_number, first_path = world.kiosk.protocols.issue(attempt_id)
    first = first_path.read_bytes()
    appeal_id = decide_satisfied_appeal(world, attempt_id)
    second_number, second_path = world.kiosk.protocols.issue(attempt_id)
    assert second_number == f"{first_number}-v2"
    issued = Issued(world, attempt_id, first_number, first_path)

    old = issued.check(first)
    assert (old.verdict, old.exit_code, old.superseded_by) == (
        Verdict.SUPERSEDED,
        1,
        second_number,
    )
    assert old.document is not None and (old.document.score, old.document.meets) == (5, False)
    by_code = issued.verifier.verify_code(ADMIN, issued.row().verification_code)
    assert (by_code.verdict, by_code.superseded_by) == (Verdict.SUPERSEDED, second_number)

    new = issued.check(second_path.read_bytes())
    assert new.verdict is Verdict.GENUINE
    assert new.document is not None
    assert (new.document.number, new.document.version, new.document.score) == (
        second_number,
        2,
        6,
    )
    assert new.document.meets is True

    appeal = world.kiosk.appeals.appeal(ADMIN, appeal_id)
    protocol = world.kiosk.settings.archive_dir / "appeals" / f"appeal-{appeal.number}.pdf"
    verdict = issued.check(protocol.read_bytes())
    assert verdict.verdict is Verdict.GENUINE
    assert verdict.document is not None
    assert (verdict.document.kind, verdict.document.decision) == ("appeal_protocol", "satisfied")
    assert (verdict.document.previous_score, verdict.document.score) == (5, 6)
    assert verdict.document.candidate_name == "Бекова Айзада"
    # An altered copy of the superseded protocol is altered, and says what replaced it.
    cut = issued.check(first[:-100])
    assert (cut.verdict, cut.superseded_by) == (Verdict.ALTERED, second_number)


# -- altered -------------------------------------------------------------------------------


@pytest.mark.parametrize("where", [0.02, 0.3, 0.5, 0.97])
def test_a_changed_byte_makes_the_file_altered(issued: Issued, where: float):
    pdf = bytearray(issued.pdf)
    pdf[int(len(pdf) * where)] ^= 0x01
    result = issued.check(bytes(pdf))
    assert (result.verdict, result.exit_code) == (Verdict.ALTERED, 2)
    assert result.reason is Reason.FILE_DIFFERS
    assert result.document is not None and result.document.number == issued.number


def test_a_rewritten_score_makes_the_file_altered_and_the_database_tells_the_true_one(
    issued: Issued,
):
    forged = rewrite_score(issued.pdf, "7 / 10", "9 / 10")
    assert "9 / 10" in pdf_text(forged) and "7 / 10" not in pdf_text(forged)
    result = issued.check(forged)
    assert (result.verdict, result.reason) == (Verdict.ALTERED, Reason.FILE_DIFFERS)
    assert result.document is not None and result.document.score == 7


@pytest.mark.parametrize("kept", [0.1, 0.5, 0.9, 0.999])
def test_a_file_cut_short_is_altered(issued: Issued, kept: float):
    pdf = issued.pdf
    result = issued.check(pdf[: int(len(pdf) * kept)])
    assert (result.verdict, result.reason) == (Verdict.ALTERED, Reason.FILE_DIFFERS)


def test_a_file_signed_here_whose_record_was_removed_is_altered(issued: Issued):
    with issued.world.kiosk.sessions.begin() as session:
        row = session.scalars(
            select(models.ArchivedDocument).where(
                models.ArchivedDocument.reference == issued.number
            )
        ).one()
        session.delete(row)
    result = issued.check(issued.pdf)
    assert (result.verdict, result.reason) == (Verdict.ALTERED, Reason.SIGNED_UNREGISTERED)
    assert result.claimed_number == issued.number


# -- the register itself -------------------------------------------------------------------


def test_a_record_planted_with_another_key_is_not_genuine(issued: Issued):
    forged = rewrite_score(issued.pdf, "7 / 10", "10 / 10")
    digest = content_hash(replace(sample_protocol(), score=10))
    payload = Payload(
        issued.number, digest, OTHER_KEY.sign(document_message(issued.number, digest))
    )
    import hashlib

    sha = hashlib.sha256(forged).hexdigest()
    kiosk = issued.world.kiosk
    with kiosk.sessions.begin() as session:
        file_document(
            session,
            kiosk.settings.archive_dir,
            "protocols/planted.pdf",
            forged,
            kind="testing_protocol",
            retention=DOCUMENTS,
            competition_id=issued.world.competition_id,
            session_id=issued.world.session_id,
            reference=issued.number,
            actor="intruder",
            at=kiosk.clock.now(),
            content_hash=digest,
            signature=OTHER_KEY.sign(record_message(issued.number, digest, sha, payload.code)),
            verification_code=payload.code,
        )
    result = issued.check(forged)
    assert (result.verdict, result.reason) == (Verdict.ALTERED, Reason.RECORD_FORGED)
    planted = issued.verifier.verify_code(ADMIN, payload.code)
    assert planted.verdict is Verdict.ALTERED
    assert issued.check(issued.pdf).verdict is Verdict.GENUINE  # the true one still is


def test_a_record_pointed_at_another_file_is_not_genuine(issued: Issued):
    import hashlib

    forged = rewrite_score(issued.pdf, "7 / 10", "10 / 10")
    with issued.world.kiosk.sessions.begin() as session:
        row = session.scalars(
            select(models.ArchivedDocument).where(
                models.ArchivedDocument.reference == issued.number
            )
        ).one()
        row.sha256 = hashlib.sha256(forged).hexdigest()
    result = issued.check(forged)
    assert (result.verdict, result.reason) == (Verdict.ALTERED, Reason.RECORD_FORGED)


def test_a_pinned_key_that_is_not_the_installations_vouches_for_nothing(issued: Issued):
    other = OTHER_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    result = issued.verifier.pinned(other).verify_file(ADMIN, issued.pdf)
    assert (result.verdict, result.reason) == (Verdict.ALTERED, Reason.RECORD_FORGED)
    own = issued.world.kiosk.keys.public_key()
    assert issued.verifier.pinned(own).verify_file(ADMIN, issued.pdf).verdict is Verdict.GENUINE


def test_an_unsigned_registered_file_is_unknown(issued: Issued):
    kiosk = issued.world.kiosk
    with kiosk.sessions.begin() as session:
        file_document(
            session,
            kiosk.settings.archive_dir,
            "results.pdf",
            b"%PDF-1.4 session results",
            kind="session_results",
            retention=DOCUMENTS,
            competition_id=issued.world.competition_id,
            session_id=issued.world.session_id,
            reference="R-1",
            actor="admin",
            at=kiosk.clock.now(),
        )
    result = issued.check(b"%PDF-1.4 session results")
    assert (result.verdict, result.reason) == (Verdict.UNKNOWN, Reason.UNSIGNED)


# -- unknown -------------------------------------------------------------------------------


def test_random_bytes_an_unrelated_pdf_and_a_foreign_payload_are_unknown(issued: Issued):
    assert issued.check(os.urandom(5000)).reason is Reason.NOT_RECOGNISED
    assert issued.check(b"").verdict is Verdict.UNKNOWN
    unrelated = render_testing_protocol(sample_protocol())
    assert (issued.check(unrelated).verdict, issued.check(unrelated).exit_code) == (
        Verdict.UNKNOWN,
        3,
    )
    document = sample_protocol()
    digest = content_hash(document)
    foreign = Payload(
        document.number, digest, OTHER_KEY.sign(document_message(document.number, digest))
    )
    elsewhere = render_testing_protocol(
        replace(document, verification_code=foreign.code, verification_payload=foreign.text)
    )
    result = issued.check(elsewhere)
    assert (result.verdict, result.reason) == (Verdict.UNKNOWN, Reason.FOREIGN_PAYLOAD)


def test_a_code_never_issued_or_not_a_code_is_unknown(issued: Issued):
    never = verification_code(b"\x09" * 64)
    result = issued.verifier.verify_code(ADMIN, never)
    assert (result.verdict, result.reason, result.document) == (
        Verdict.UNKNOWN,
        Reason.CODE_NOT_FOUND,
        None,
    )
    for typed in ("", "1234", "hello world, this is no code", "Ж" * 16):
        assert issued.verifier.verify_code(ADMIN, typed).reason is Reason.CODE_MALFORMED


# -- who may check -------------------------------------------------------------------------


def test_a_role_that_may_not_read_results_is_refused_and_the_refusal_audited(issued: Issued):
    editor = staff("aida", Role.BANK_EDITOR)
    with pytest.raises(NotPermitted):
        issued.verifier.verify_file(editor, issued.pdf)
    with pytest.raises(NotPermitted):
        issued.verifier.verify_code(editor, "ABCD")
    with issued.world.kiosk.sessions() as session:
        refused = session.scalars(
            select(models.AuditRecord.subject).where(
                models.AuditRecord.action == "permission.refused",
                models.AuditRecord.actor == "aida",
            )
        ).all()
    assert sorted(refused) == ["verify_code", "verify_file"]


# -- hostile input -------------------------------------------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=4096) | st.binary(max_size=2048).map(lambda b: b"%PDF-1.4\n" + b))
def test_any_bytes_give_a_verdict(issued: Issued, data: bytes):
    result = issued.check(data)
    assert isinstance(result, Verification)
    assert result.verdict in (Verdict.UNKNOWN, Verdict.ALTERED)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.floats(0.05, 1),
)
def test_a_damaged_protocol_is_never_taken_for_genuine(issued: Issued, edits, cut: float):
    pdf = bytearray(issued.pdf)
    for where, value in edits:
        pdf[int(len(pdf) * where)] = value
    damaged = bytes(pdf[: max(1, int(len(pdf) * cut))])
    result = issued.check(damaged)
    if damaged == issued.pdf:
        assert result.verdict is Verdict.GENUINE
    else:
        assert result.verdict in (Verdict.ALTERED, Verdict.UNKNOWN)


# -- the command ---------------------------------------------------------------------------

PASSWORD = "тоолордун-жели-2026"


@pytest.fixture
def command(issued: Issued, monkeypatch, database_url):
    """``kiosk protocol …`` on the issued world's database, signed in as "admin"."""
    kiosk = issued.world.kiosk
    kiosk.accounts.create_first_administrator("admin", "Администратор", PASSWORD)
    monkeypatch.setenv("KIOSK_PASSWORD", PASSWORD)
    monkeypatch.setattr(cli, "build", lambda settings: build(settings, issued.world.clock))
    data_dir = kiosk.settings.data_dir
    return ["--data-dir", str(data_dir), "--db", database_url, "protocol"]


def test_the_command_answers_each_verdict_with_its_exit_code(
    command, issued: Issued, tmp_path, capsys
):
    genuine = issued.path
    assert cli.main([*command, "verify", str(genuine), "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GENUINE: The file is exactly the document")
    assert "Асанова Гүлнара Бакытовна" in out and "Score:      7 / 10" in out
    code = issued.row().verification_code
    assert cli.main([*command, "verify", "--code", code.lower(), "--user", "admin"]) == 0
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(rewrite_score(issued.pdf, "7 / 10", "9 / 10"))
    assert cli.main([*command, "verify", str(altered), "--user", "admin"]) == 2
    assert capsys.readouterr().out.count("ALTERED:") == 1
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    assert cli.main([*command, "verify", str(junk), "--user", "admin"]) == 3
    assert "UNKNOWN:" in capsys.readouterr().out
    assert cli.main([*command, "verify", str(tmp_path / "missing.pdf"), "--user", "admin"]) == 4


def test_the_command_exports_the_public_key_and_checks_against_a_pinned_copy(
    command, issued: Issued, tmp_path, monkeypatch, capsys
):
    pem = tmp_path / "installation.pem"
    assert cli.main([*command, "public-key", str(pem)]) == 0
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(pem.read_bytes())
    assert key.public_bytes(Encoding.Raw, PublicFormat.Raw) == issued.world.kiosk.keys.public_key()
    verify = [*command, "verify", str(issued.path), "--user", "admin"]
    assert cli.main([*verify, "--public-key", str(pem)]) == 0
    other = tmp_path / "other.pem"
    other.write_bytes(
        OTHER_KEY.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    assert cli.main([*verify, "--public-key", str(other)]) == 2
    assert cli.main([*verify, "--public-key", str(tmp_path / "none.pem")]) == 4
    monkeypatch.setenv("KIOSK_PASSWORD", "wrong password")
    capsys.readouterr()
    assert cli.main(verify) == 4
    assert "Wrong name or password." in capsys.readouterr().err
