"""Keys at rest: a copied database file, or a PostgreSQL dump, shows no answer key and no login
code, and opens nothing without a staff password; what is sealed cannot be altered or moved.

The search is over the raw bytes an attacker would have: the SQLite file with its write-ahead
log, and the output of ``pg_dump``.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from kiosk.app import build
from kiosk.config import resolve_settings
from kiosk.domain.roles import Role
from kiosk.security.codes import format_code
from kiosk.security.vault import TamperedSecret, VaultLocked, WrongPassphrase
from kiosk.services.demo import SETUP
from kiosk.services.keys import answer_key, vault_of
from kiosk.storage.models import Attempt, KeySlot, QuestionVersion
from question_bank.model import Bank, Option, Question, Section
from question_bank.validation import content_fingerprint
from tests.helpers.actors import staff
from tests.helpers.keys import install_keys, open_keys
from tests.helpers.sittings import seed

PASSWORD = "тоо-суу-асман-2026"
SECTIONS = ("law", "pedagogy", "it")
PER_SECTION = 5


def marked_question(section: str, number: int) -> Question:
    """A question whose correct option's key is a string found nowhere else."""
    uid = f"{section.upper()}-{number:03d}"
    key = f"KEYMARK{section}{number:03d}"
    keys = (key, f"o{number}x", f"o{number}y", f"o{number}z")
    return Question(
        uid=uid,
        section=section,
        stem={"ky": f"{number}-суроо ({section})", "ru": f"Вопрос {number} ({section})"},
        options=tuple(
            Option(k, {"ky": f"Жооп {i} {uid}", "ru": f"Ответ {i} {uid}"})
            for i, k in enumerate(keys)
        ),
        correct=frozenset({key}),
    )


BANK = Bank(
    sections=tuple(Section(code, {"ky": code, "ru": code}) for code in SECTIONS),
    scenarios=(),
    questions=tuple(
        marked_question(section, number)
        for section in SECTIONS
        for number in range(1, PER_SECTION + 1)
    ),
)


@pytest.fixture
def installation(database_url, tmp_path, clock):
    """Keys made, a marked bank, three candidates with codes, one of whom has submitted."""
    from question_bank.model import Blueprint

    settings = resolve_settings(
        data_dir=str(tmp_path / "data"), database_url=database_url, station_id="st", environ={}
    )
    kiosk = install_keys(build(settings, clock))
    kiosk.bank.load_approved(BANK, author="author", approver="approver")
    kiosk.accounts.create_account(
        SETUP,
        "aida",
        "Асанова Аида",
        frozenset({Role.OPERATOR}),
        PASSWORD,
    )
    seeded = seed(
        kiosk,
        Blueprint((("law", 2), ("pedagogy", 2), ("it", 2))),
        ["Үсөнбаева Гүлнара", "Ниязов Азамат", "Петрова Анна"],
    )
    briefing = kiosk.attempts.login(seeded.codes[0].code).briefing
    assert briefing is not None
    view = kiosk.attempts.start(briefing.registration_id, "ky")
    # Wrong answers only: a candidate's choices are stored as given (the review needs them), so a
    # right one would put a key's name in the database for a reason other than a leak.
    for item in view.items:
        wrong = next(o.key for o in item.options if not o.key.startswith("KEYMARK"))
        kiosk.attempts.select_option(view.attempt_id, item.position, wrong)
    kiosk.attempts.submit(view.attempt_id)
    yield kiosk, seeded.codes
    kiosk.close()


def raw_bytes(kiosk, database_url: str, tmp_path: Path) -> bytes:
    """Everything an attacker copying the database would hold."""
    if database_url.startswith("sqlite"):
        path = Path(make_url(database_url).database)
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    url = make_url(database_url)
    dump = subprocess.run(
        [
            "pg_dump",
            "--no-owner",
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            url.database or "test",
        ],
        check=True,
        capture_output=True,
    )
    return dump.stdout


def secrets_in(kiosk, codes) -> dict[str, bytes]:
    """Every secret, in each clear form it could be stored in."""
    found: dict[str, bytes] = {}
    for question in BANK.questions:
        (key,) = question.correct
        # As a key list is stored in JSON: a list of the one correct key.  (The key's name alone
        # is everywhere: in the options and the shuffled order each form shows.)
        found[f"key of {question.uid}"] = f'["{key}"]'.encode()
        found[f"fingerprint of {question.uid}"] = content_fingerprint(question).encode()
    for issued in codes:
        code = issued.code
        found[f"code {code}"] = code.encode()
        found[f"code {format_code(code)}"] = format_code(code).encode()
        found[f"plain digest of {code}"] = hashlib.sha256(code.encode()).hexdigest().encode()
    return found


def test_the_database_holds_no_answer_key_and_no_code(installation, database_url, tmp_path):
    kiosk, codes = installation
    data = raw_bytes(kiosk, database_url, tmp_path)
    assert b"KEYMARK" in data  # the option keys are there (the screen needs them) …
    leaks = {
        name: data[max(0, data.index(secret) - 80) : data.index(secret) + 40]
        for name, secret in secrets_in(kiosk, codes).items()
        if secret in data
    }
    assert leaks == {}  # … but nothing says which is correct, and no code is there


def test_the_search_would_find_a_key_kept_in_clear(installation, database_url, tmp_path):
    """The check above can fail: a key written in clear is found."""
    kiosk, codes = installation
    with kiosk.engine.begin() as connection:
        connection.execute(
            update(QuestionVersion).where(QuestionVersion.id == 1).values(correct=["KEYMARKlaw001"])
        )
    if database_url.startswith("sqlite"):
        with kiosk.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = raw_bytes(kiosk, database_url, tmp_path)
    assert secrets_in(kiosk, codes)["key of LAW-001"] in data


def test_scoring_review_and_export_work_with_the_key_open(installation):
    kiosk, _codes = installation
    with kiosk.sessions() as session:
        attempt = session.scalars(select(Attempt)).one()
        assert attempt.score is not None and attempt.code_sealed is not None
        assert attempt.spent_code is None
        vault = vault_of(session)
        keys = {
            v.question.uid: answer_key(vault, v) for v in session.scalars(select(QuestionVersion))
        }
    assert keys["LAW-001"] == {"KEYMARKlaw001"}
    exported = kiosk.bank.export(staff("editor", Role.BANK_EDITOR), "aiken", language="ky")
    assert b"ANSWER:" in exported


def test_a_copied_database_opens_nothing_without_a_password(installation, clock):
    kiosk, codes = installation
    copy = build(kiosk.settings, clock, upgrade=False)
    try:
        assert not copy.keys.unlocked
        with pytest.raises(VaultLocked):
            copy.attempts.login(codes[1].code)
        with pytest.raises(WrongPassphrase):
            copy.keys.recover("a guess at the recovery passphrase")
        copy.accounts.sign_in("aida", PASSWORD)  # an operator opens the station
        assert copy.attempts.login(codes[1].code).briefing is not None
    finally:
        copy.close()


def test_a_planted_key_slot_is_refused(installation, clock):
    """Someone with the database wraps their own key for an account: it opens nothing."""
    from kiosk.security.vault import Vault, new_data_key

    kiosk, _codes = installation
    foreign = Vault()
    foreign.unlock(new_data_key())
    with kiosk.sessions.begin() as session:
        slot = session.scalars(select(KeySlot).where(KeySlot.account_id.is_not(None))).first()
        slot.wrapped = foreign.wrapped(PASSWORD).to_json()
    other = build(kiosk.settings, clock, upgrade=False)
    try:
        with pytest.raises(WrongPassphrase):
            _open_slot_of(other, PASSWORD)
        assert not other.keys.unlocked
    finally:
        other.close()


def _open_slot_of(kiosk, password: str) -> None:
    with kiosk.sessions() as session:
        slot = session.scalars(select(KeySlot).where(KeySlot.account_id.is_not(None))).first()
        kiosk.keys.open(session, slot.account_id, password)


def test_an_altered_or_moved_answer_key_is_refused(installation):
    kiosk, _codes = installation
    with kiosk.sessions.begin() as session:
        first, second = session.scalars(
            select(QuestionVersion).order_by(QuestionVersion.id).limit(2)
        ).all()
        second.key_sealed = first.key_sealed
    with kiosk.sessions() as session:
        first, second = session.scalars(
            select(QuestionVersion).order_by(QuestionVersion.id).limit(2)
        ).all()
        vault = vault_of(session)
        assert answer_key(vault, first)
        with pytest.raises(TamperedSecret):
            answer_key(vault, second)
        flipped = bytearray(first.key_sealed)
        flipped[-1] ^= 1
        first.key_sealed = bytes(flipped)
        with pytest.raises(TamperedSecret):
            answer_key(vault, first)


def test_another_kiosk_opens_the_key_with_the_recovery_passphrase(installation, clock):
    kiosk, codes = installation
    other = open_keys(build(kiosk.settings, clock, upgrade=False))
    try:
        assert other.attempts.login(codes[2].code).briefing is not None
    finally:
        other.close()


def test_an_older_database_is_sealed_at_the_first_sign_in(world, clock):
    """A database from before the installation key: its clear answer keys are sealed, and its
    audit records chained, when the first member of staff signs in on the new version."""
    from pathlib import Path

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from kiosk.storage.db import migrate

    kiosk = world.kiosk
    kiosk.accounts.create_account(
        SETUP, "aida", "Асанова Аида", frozenset({Role.ADMINISTRATOR}), PASSWORD
    )
    config = Config()
    config.set_main_option("script_location", str(Path("kiosk/storage/migrations").resolve()))
    with kiosk.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
        # As 0004 kept them: answer keys in clear.
        connection.execute(text("UPDATE question_versions SET correct = '[\"b\"]'"))
    migrate(kiosk.engine)
    upgraded = build(kiosk.settings, clock, upgrade=False)
    try:
        assert not upgraded.keys.installed()
        upgraded.accounts.sign_in("aida", PASSWORD)
        assert upgraded.keys.unlocked
        with upgraded.sessions() as session:
            versions = session.scalars(select(QuestionVersion)).all()
            vault = vault_of(session)
            assert all(v.correct == [] for v in versions)
            assert all(answer_key(vault, v) == {"b"} for v in versions)
        report = upgraded.audit_trail.verify(staff("aida", Role.ADMINISTRATOR))
        assert report.intact, report.reason
    finally:
        upgraded.close()
