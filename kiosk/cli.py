"""The ``kiosk`` command: the same use cases as the windows, from a terminal.

    kiosk                      run a candidate station on the configured database
    kiosk demo                 prepare the demo sitting (once) and open the station
    kiosk demo --prepare-only  prepare the demo sitting and print its codes, without a window
    kiosk admin                sign in and open admin mode (the first run asks for the first
                               administrator)
    kiosk first-admin --user NAME --name "FULL NAME"
                               create the first administrator from a terminal
    kiosk bank import FILE     import questions (as drafts), all or nothing; --dry-run to preview
    kiosk bank export --format FMT OUT
                               export the approved questions (a bank package: everything)
    kiosk bank template OUT.xlsx
                               write the blank spreadsheet template for bank editors
    kiosk results COMPETITION  print the ranking: winner, ties, reserve, or why it is void
    kiosk package COMPETITION OUT.zip
                               write the hand-over package for the ministry (cl. 27)
    kiosk retention --dry-run  list what has outlived its retention period (cl. 36, 39)
    kiosk keys recovery        set the recovery passphrase of the installation key (kept in
                               the safe; administrators)
    kiosk keys recover --user NAME
                               give an administrator a new password with the recovery
                               passphrase, when no administrator can sign in
    kiosk audit verify         check the audit chain: every link, seal and the head; exit 1
                               and name the first broken record if any was changed,
                               removed, inserted or moved
    kiosk retention --archive DIR
                               archive what has expired into a new folder under DIR, check
                               it, then remove it (administrators only)
    kiosk protocol verify FILE.pdf
    kiosk protocol verify --code CODE
                               check a protocol file or its printed verification code
                               against the archive register: exit 0 genuine, 1 superseded
                               by a later version, 2 altered, 3 unknown, 4 when it could
                               not be checked (sign-in refused, file unreadable);
                               --public-key PEM checks against a kept copy of the key
    kiosk protocol public-key OUT.pem
                               write the installation's public key, for the ministry

Commands that act for a staff member take ``--user``; the password is asked for, or read from
KIOSK_PASSWORD (for scripts).  Each checks the account's roles like admin mode does.

Every command takes ``--data-dir`` (or KIOSK_DATA_DIR), ``--db`` (or KIOSK_DATABASE_URL) and
``--station`` (or KIOSK_STATION).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import re
import sys
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app import Kiosk, build
from kiosk.config import Settings, resolve_settings
from kiosk.domain.candidates import InvalidPin, validate_pin
from kiosk.domain.roles import Actor, NotPermitted
from kiosk.security.codes import MalformedCode, normalize_code
from kiosk.security.passwords import MIN_LENGTH, WeakPassword
from kiosk.security.vault import WrongPassphrase
from kiosk.services.archive import COMMISSION, DOCUMENTS
from kiosk.services.bank_views import ImportReport
from kiosk.services.keys import MIN_RECOVERY_LENGTH, WeakRecoveryPassphrase
from kiosk.services.retention import RetentionFailed, RetentionPlan
from kiosk.services.session_views import SignInRefused
from question_bank.formats import FORMAT_NAMES
from question_bank.formats.base import ImportFailed

if TYPE_CHECKING:
    from kiosk.services.verification_views import Verification

log = logging.getLogger("kiosk")


def _parser() -> argparse.ArgumentParser:
    # SUPPRESS: an option given before the command must not be reset by the command's parser.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--data-dir", help="folder for the database, archive and logs")
    common.add_argument("--db", dest="database_url", help="database URL (default: SQLite file)")
    common.add_argument("--station", dest="station_id", help="this station's name")
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Qualification-testing kiosk", parents=[common]
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("station", parents=[common], help="run a candidate station (default)")
    demo = commands.add_parser(
        "demo", parents=[common], help="prepare the demo sitting and open the station"
    )
    demo.add_argument(
        "--prepare-only", action="store_true", help="prepare and print the codes, open no window"
    )
    commands.add_parser("admin", parents=[common], help="sign in and open admin mode")
    first = commands.add_parser(
        "first-admin", parents=[common], help="create the first administrator account"
    )
    first.add_argument("--user", required=True, help="sign-in name")
    first.add_argument("--name", required=True, help="full name")
    results = commands.add_parser("results", parents=[common], help="print a competition's ranking")
    results.add_argument("competition", type=int)
    results.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")
    package = commands.add_parser(
        "package", parents=[common], help="write the ministry's hand-over package"
    )
    package.add_argument("competition", type=int)
    package.add_argument("out", type=Path)
    package.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")

    retention = commands.add_parser(
        "retention",
        parents=[common],
        help="list, or archive and remove, what has outlived its retention period",
    )
    retention_mode = retention.add_mutually_exclusive_group(required=True)
    retention_mode.add_argument(
        "--dry-run", action="store_true", help="list what has expired; change nothing"
    )
    retention_mode.add_argument(
        "--archive",
        type=Path,
        metavar="DIR",
        help="write the archive into a new folder under DIR, then remove what has expired",
    )
    retention.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")

    keys = commands.add_parser("keys", parents=[common], help="the installation key's recovery")
    keys_commands = keys.add_subparsers(dest="keys_command", required=True)
    recovery = keys_commands.add_parser(
        "recovery", parents=[common], help="set the recovery passphrase (administrators)"
    )
    recovery.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")
    recover = keys_commands.add_parser(
        "recover",
        parents=[common],
        help="give an administrator a new password with the recovery passphrase",
    )
    recover.add_argument("--user", required=True, help="the administrator to recover")

    audit = commands.add_parser("audit", parents=[common], help="check the audit chain")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_verify = audit_commands.add_parser(
        "verify", parents=[common], help="check every link and seal; name the first break"
    )
    audit_verify.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")

    protocol = commands.add_parser(
        "protocol", parents=[common], help="verify a protocol; export the public key"
    )
    protocol_commands = protocol.add_subparsers(dest="protocol_command", required=True)
    protocol_verify = protocol_commands.add_parser(
        "verify", parents=[common], help="genuine, superseded, altered or unknown (exit 0-3)"
    )
    checked = protocol_verify.add_mutually_exclusive_group(required=True)
    checked.add_argument("file", nargs="?", type=Path, help="the protocol's PDF file")
    checked.add_argument("--code", help="the verification code printed on the protocol")
    protocol_verify.add_argument(
        "--public-key", type=Path, metavar="PEM", help="check against this copy of the key"
    )
    protocol_verify.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")
    public_key = protocol_commands.add_parser(
        "public-key", parents=[common], help="write the installation's public key (PEM)"
    )
    public_key.add_argument("out", type=Path)

    bank = commands.add_parser("bank", parents=[common], help="import and export the bank")
    bank_commands = bank.add_subparsers(dest="bank_command", required=True)
    formats = ", ".join(FORMAT_NAMES)
    to_import = bank_commands.add_parser(
        "import", parents=[common], help="import a bank file; nothing is written on any error"
    )
    to_import.add_argument("file", type=Path)
    to_import.add_argument("--dry-run", action="store_true", help="show what would be imported")
    to_import.add_argument("--format", choices=FORMAT_NAMES, help=f"one of {formats}")
    to_import.add_argument(
        "--language", default="ky", help="language of a one-language file (ky, ru, en)"
    )
    to_import.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")
    to_export = bank_commands.add_parser("export", parents=[common], help="export the bank")
    to_export.add_argument("--user", default=getpass.getuser(), help="staff sign-in name")
    to_export.add_argument("--format", required=True, choices=FORMAT_NAMES)
    to_export.add_argument("out", type=Path)
    to_export.add_argument("--language", default="ky", help="for one-language formats")
    to_export.add_argument(
        "--include-drafts", action="store_true", help="latest versions, not only approved ones"
    )
    template = bank_commands.add_parser(
        "template", parents=[common], help="write the blank XLSX template"
    )
    template.add_argument("out", type=Path)
    return parser


#: A personal number: 14 digits, alone or typed in groups.
_PIN = re.compile(r"(?<!\d)[12](?: ?\d){13}(?!\d)")
#: A login code as the program writes it: 11 symbols, alone or in the slip's groups.
_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{4}[- ]?[0-9A-Z]{4}[- ]?[0-9A-Z]{3}(?![0-9A-Z])")


def _mask_pin(match: re.Match[str]) -> str:
    try:
        pin = validate_pin(match.group())
    except InvalidPin:
        return match.group()  # a date, a count: not a personal number
    return f"[PIN …{pin[-3:]}]"


def _mask_code(match: re.Match[str]) -> str:
    try:
        code = normalize_code(match.group())
    except MalformedCode:
        return match.group()  # its check symbol fails: not a code
    return f"[code …{code[-3:]}]"


def redact(text: str) -> str:
    """``text`` with every personal number and login code masked to its last three symbols."""
    return _CODE.sub(_mask_code, _PIN.sub(_mask_pin, text))


class RedactPersonalData(logging.Filter):
    """Masks personal numbers and login codes in each record before it is written.

    The program logs neither, but the log also takes other libraries' messages and exception
    texts (a database error quotes the values it refused), so the file is cleaned as it is
    written rather than trusted to stay clean.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # a malformed call: the handler reports it as logging always does
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def configure_logging(settings: Settings) -> logging.Handler:
    """Log to a file in the data folder; codes and personal numbers never reach it in clear."""
    settings.ensure_folders()
    handler = logging.FileHandler(settings.log_dir / "kiosk.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactPersonalData())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script."""
    args = _parser().parse_args(argv)
    settings = resolve_settings(
        getattr(args, "data_dir", None),
        getattr(args, "database_url", None),
        getattr(args, "station_id", None),
    )
    handler = configure_logging(settings)
    kiosk = build(settings)
    try:
        if args.command == "first-admin":
            return _first_admin(kiosk, args)
        if args.command == "keys" and args.keys_command == "recover":
            return _recover_administrator(kiosk, args.user)
        if args.command == "protocol":
            return _protocol(kiosk, args)
        if args.command in ("audit", "bank", "keys", "results", "package", "retention"):
            if args.command == "bank" and args.bank_command == "template":
                return _bank(kiosk, args, None)
            actor = _signed_in(kiosk, args.user)
            if actor is None:
                return 2
            try:
                if args.command == "results":
                    return _print_results(kiosk, actor, args.competition)
                if args.command == "package":
                    return _write_package(kiosk, actor, args.competition, args.out)
                if args.command == "retention":
                    return _retention(kiosk, actor, args.archive)
                if args.command == "audit":
                    return _verify_audit(kiosk, actor)
                if args.command == "keys":
                    return _set_recovery(kiosk, actor)
                return _bank(kiosk, args, actor)
            except NotPermitted as refusal:
                print(
                    f"The roles of {refusal.actor} do not allow this ({refusal.permission.value}).",
                    file=sys.stderr,
                )
                return 2
        if args.command == "admin":
            from kiosk.ui.admin.window import run_admin

            return run_admin(kiosk)
        if args.command == "demo":
            _print_demo(kiosk)
            if args.prepare_only:
                return 0
        return _run_station(kiosk)
    finally:
        kiosk.close()
        logging.getLogger().removeHandler(handler)
        handler.close()


def _print_demo(kiosk: Kiosk) -> None:
    from kiosk.services.demo import DEMO_PASSWORD, prepare_demo

    sitting = prepare_demo(
        kiosk.sessions,
        kiosk.accounts,
        kiosk.competitions,
        kiosk.exam_sessions,
        kiosk.bank,
        kiosk.settings.archive_dir,
        kiosk.settings.timezone,
        kiosk.clock.now(),
    )
    print("Demo sitting ready." if sitting.created else "Demo sitting already prepared.")
    print(f"Data folder: {kiosk.settings.data_dir}")
    print("Login codes of the demo candidates:")
    for candidate in sitting.candidates:
        print(f"  {candidate.code}   {candidate.name}   [{candidate.status}]")
    print(f"Code slips (PDF): {sitting.slips_pdf}")
    if sitting.staff:
        print(f"Demo staff accounts for `kiosk admin` (password: {DEMO_PASSWORD}):")
        for login, roles in sitting.staff:
            print(f"  {login:<10} {', '.join(roles)}")
    sys.stdout.flush()
    log.info("demo sitting %s", "created" if sitting.created else "shown again")


def _password(prompt: str) -> str:
    return os.environ.get("KIOSK_PASSWORD") or getpass.getpass(prompt)


def _signed_in(kiosk: Kiosk, user: str) -> Actor | None:
    """Sign ``user`` in with a password from KIOSK_PASSWORD or the terminal; None if refused."""
    try:
        return kiosk.accounts.sign_in(user, _password(f"Password for {user}: "))
    except SignInRefused as refusal:
        messages = {
            "wrong": "Wrong name or password.",
            "locked": f"The account is locked for {refusal.seconds_left // 60 + 1} min.",
            "inactive": "The account is disabled.",
        }
        print(messages[refusal.reason], file=sys.stderr)
        return None


def _first_admin(kiosk: Kiosk, args: argparse.Namespace) -> int:
    if not kiosk.accounts.needs_first_administrator():
        print("An administrator exists already; sign in to admin mode.", file=sys.stderr)
        return 1
    password = _password(f"New password for {args.user}: ")
    try:
        actor = kiosk.accounts.create_first_administrator(args.user, args.name, password)
    except WeakPassword as weak:
        print(
            f"Password refused ({weak.reason}): at least {MIN_LENGTH} characters, "
            "not the sign-in name.",
            file=sys.stderr,
        )
        return 1
    print(f"Administrator {actor.name} created.")
    return 0


def _print_results(kiosk: Kiosk, actor: Actor, competition_id: int) -> int:
    results = kiosk.results.results(actor, competition_id)
    ranking = results.ranking
    print(
        f"Competition {competition_id}: {ranking.outcome.value}"
        + (f" ({ranking.void_reason.value})" if ranking.void_reason else "")
    )
    for line in ranking.lines:
        place = "-" if line.place is None else str(line.place)
        total = "" if line.total is None else str(line.total)
        print(f"  {place:>3}  {total:>4}  {line.standing.value:<12} {line.name}")
    return 0


_PACKAGE_REFUSALS = {
    "in_progress": "candidates are still in the test",
    "appeals_pending": "appeals wait for their decision",
    "appeal_window_open": "an appeal may still be filed until",
}


def _write_package(kiosk: Kiosk, actor: Actor, competition_id: int, out: Path) -> int:
    from kiosk.services.competition_views import ResultsRefused

    try:
        data = kiosk.documents.ministry_package(actor, competition_id)
    except ResultsRefused as refusal:
        why = _PACKAGE_REFUSALS.get(refusal.reason, refusal.reason)
        print(f"The package cannot be made now: {why} ({refusal.detail}).", file=sys.stderr)
        return 1
    _write_file(out, data)
    print(f"Package written: {out} ({len(data)} bytes); SHA256SUMS inside lists every file.")
    log.info("ministry package written for competition %d", competition_id)
    return 0


def _retention(kiosk: Kiosk, actor: Actor, archive: Path | None) -> int:
    """``kiosk retention``: the plan with ``--dry-run`` (archive None), else archive and remove;
    exit status 1 when the archive could not be written (then nothing was removed)."""
    if archive is None:
        plan = kiosk.retention.plan(actor)
        _print_retention_plan(plan)
        return 0
    try:
        report = kiosk.retention.apply(actor, archive)
    except RetentionFailed as failure:
        print(f"Nothing was removed: {failure}", file=sys.stderr)
        log.warning("retention refused: %s", failure)
        return 1
    if report.archive is None:
        print(
            f"Retention on {report.plan.today.isoformat()}: nothing has expired; nothing was "
            "written or removed."
        )
        return 0
    _print_retention_plan(report.plan)
    removed = ", ".join(f"{table} {count}" for table, count in report.rows_removed.items() if count)
    print(f"Archive written: {report.archive}")
    print(f"Manifest SHA-256: {report.manifest_sha256}")
    print(
        f"Removed: {report.files_removed} files; records: {removed or 'none'}; "
        f"personal data cleared for {report.candidates_cleared} candidates."
    )
    for name in report.files_left:
        print(f"Could not delete {name} from the archive folder.", file=sys.stderr)
    log.info("retention applied: archive %s", report.archive)
    return 0


def _set_recovery(kiosk: Kiosk, actor: Actor) -> int:
    """Ask for a recovery passphrase (twice) and wrap the key under it."""
    passphrase = os.environ.get("KIOSK_RECOVERY_PASSPHRASE") or getpass.getpass(
        f"Recovery passphrase (at least {MIN_RECOVERY_LENGTH} characters, several words): "
    )
    if "KIOSK_RECOVERY_PASSPHRASE" not in os.environ and passphrase != getpass.getpass(
        "The same again: "
    ):
        print("The two passphrases differ; nothing was changed.", file=sys.stderr)
        return 1
    try:
        kiosk.keys.set_recovery_passphrase(actor, passphrase)
    except WeakRecoveryPassphrase:
        print(
            f"A recovery passphrase needs at least {MIN_RECOVERY_LENGTH} characters and several "
            "different ones; nothing was changed.",
            file=sys.stderr,
        )
        return 1
    print("The recovery passphrase is set. Write it down and keep it in the safe.")
    return 0


def _recover_administrator(kiosk: Kiosk, login: str) -> int:
    """Open the key with the recovery passphrase and give an administrator a new password."""
    passphrase = os.environ.get("KIOSK_RECOVERY_PASSPHRASE") or getpass.getpass(
        "Recovery passphrase: "
    )
    password = _password(f"New password for {login}: ")
    try:
        kiosk.accounts.recover_administrator(login, passphrase, password)
    except WrongPassphrase:
        print("The recovery passphrase does not open this installation.", file=sys.stderr)
        return 2
    except (LookupError, PermissionError):
        print(f"{login} is not an administrator's account.", file=sys.stderr)
        return 2
    except WeakPassword:
        print(f"Use a password of at least {MIN_LENGTH} characters.", file=sys.stderr)
        return 1
    print(f"{login} can sign in with the new password.")
    return 0


def _verify_audit(kiosk: Kiosk, actor: Actor) -> int:
    """Print the audit chain's state; exit 0 when intact, 1 at the first break."""
    report = kiosk.audit_trail.verify(actor)
    if report.intact:
        print(f"The audit chain is intact: {report.records} records, every link and seal checked.")
        return 0
    print(
        f"The audit chain is broken at record {report.broken_at}: {report.reason}.",
        file=sys.stderr,
    )
    print(f"Records before it ({report.records}) check out.", file=sys.stderr)
    return 1


#: ``kiosk protocol verify`` when nothing could be checked (its verdicts use 0 to 3).
NOT_CHECKED = 4
#: The largest file ``kiosk protocol verify`` reads: protocols are a few hundred kilobytes.
MAX_VERIFIED_FILE = 64 * 1024 * 1024


def _protocol(kiosk: Kiosk, args: argparse.Namespace) -> int:
    """``kiosk protocol verify`` (exit 0-3 by the verdict, 4 when not checked) and
    ``kiosk protocol public-key``."""
    from kiosk.services.verification import VerificationService

    verifier = VerificationService(kiosk.sessions, kiosk.clock, kiosk.keys)
    if args.protocol_command == "public-key":
        _write_file(args.out, verifier.public_key_pem())
        print(f"Public key written: {args.out}")
        return 0
    if args.public_key is not None:
        pinned = _read_public_key(args.public_key)
        if pinned is None:
            return NOT_CHECKED
        verifier = verifier.pinned(pinned)
    data = None
    if args.file is not None:
        try:
            if args.file.stat().st_size > MAX_VERIFIED_FILE:
                print(f"{args.file} is too large to be a protocol.", file=sys.stderr)
                return NOT_CHECKED
            data = args.file.read_bytes()
        except OSError as failure:
            print(f"Cannot read {args.file}: {failure.strerror}.", file=sys.stderr)
            return NOT_CHECKED
    actor = _signed_in(kiosk, args.user)
    if actor is None:
        return NOT_CHECKED
    try:
        result = (
            verifier.verify_file(actor, data)
            if data is not None
            else verifier.verify_code(actor, args.code)
        )
    except NotPermitted as refusal:
        print(
            f"The roles of {refusal.actor} do not allow this ({refusal.permission.value}).",
            file=sys.stderr,
        )
        return NOT_CHECKED
    print(_describe_verification(result, kiosk.settings.timezone))
    log.info("protocol checked: %s", result.verdict.value)
    return result.exit_code


def _read_public_key(path: Path) -> bytes | None:
    """The raw Ed25519 key of a PEM file; None (and why, on stderr) when it is not one."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_pem_public_key,
    )

    try:
        key = load_pem_public_key(path.read_bytes())
    except (OSError, ValueError, TypeError) as failure:
        print(f"Cannot read the public key {path}: {failure}.", file=sys.stderr)
        return None
    if not isinstance(key, Ed25519PublicKey):
        print(f"{path} is not an Ed25519 public key.", file=sys.stderr)
        return None
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _describe_verification(result: Verification, timezone: tzinfo) -> str:
    """The verdict in words, why, and the details to compare with the paper."""
    from kiosk.services.verification_views import (
        KIND_NAMES,
        REASON_TEXTS,
        REPLACED_BY,
        VERDICT_WORDS,
    )

    lines = [f"{VERDICT_WORDS[result.verdict].upper()}: {REASON_TEXTS[result.reason]}"]
    if result.superseded_by:
        lines.append(REPLACED_BY.format(number=result.superseded_by))
    facts = result.document
    if facts is None:
        if result.claimed_number:
            lines.append(f"  The file claims to be No. {result.claimed_number}.")
        return "\n".join(lines)
    kind = KIND_NAMES.get(facts.kind, facts.kind)
    version = f", version {facts.version}" if facts.version and facts.version > 1 else ""
    lines.append(f"  Document:   {kind} No. {facts.number}{version}")
    if facts.candidate_name:
        lines.append(f"  Candidate:  {facts.candidate_name}")
    if facts.score is not None:
        before = (
            f" (before the appeal: {facts.previous_score})"
            if facts.previous_score is not None
            else ""
        )
        meets = "meets" if facts.meets else "does not meet"
        lines.append(
            f"  Score:      {facts.score} / {facts.max_score}{before}; threshold "
            f"{facts.threshold}: {meets} the qualification requirements"
        )
    if facts.decision:
        lines.append(f"  Decision:   appeal {facts.decision}")
    issued = facts.issued_at.astimezone(timezone)
    lines.append(f"  Issued:     {issued:%Y-%m-%d %H:%M}")
    if facts.code:
        lines.append(f"  Code:       {facts.code}")
    return "\n".join(lines)


def _print_retention_plan(plan: RetentionPlan) -> None:
    """One line per expired item, then the total."""
    today = plan.today.isoformat()
    if plan.empty:
        print(f"Retention on {today}: nothing has expired.")
        return
    print(f"Retention on {today}: expired")
    for item in plan.items:
        session = "competition-wide" if item.session_id is None else f"session {item.session_id}"
        where = f" [{item.file_name}]" if item.file_name else ""
        print(
            f"  {item.retention:<10}  {item.kind:<18}  {item.reference}{where}  "
            f"(competition {item.competition_id}, {session}, from {item.session_date.isoformat()},"
            f" expired {item.expires_on.isoformat()})"
        )
    print(
        f"Total: {len(plan.items)} items ({len(plan.of(COMMISSION))} commission materials, "
        f"cl. 36; {len(plan.of(DOCUMENTS))} protocols and documents, cl. 39)."
    )


def _bank(kiosk: Kiosk, args: argparse.Namespace, actor: Actor | None) -> int:
    """``kiosk bank …``: exit status 0 on success, 1 when the file cannot be imported."""
    if args.bank_command == "template":
        from question_bank.formats.xlsx import template

        _write_file(args.out, template())
        print(f"Template written: {args.out}")
        return 0
    if args.bank_command == "export":
        assert actor is not None
        data = kiosk.bank.export(
            actor, args.format, language=args.language, include_drafts=args.include_drafts
        )
        _write_file(args.out, data)
        print(f"Exported ({args.format}): {args.out} ({len(data)} bytes)")
        log.info("bank exported as %s", args.format)
        return 0
    try:
        assert actor is not None
        report = kiosk.bank.import_file(
            actor,
            args.file,
            format_name=args.format,
            language=args.language,
            dry_run=args.dry_run,
        )
    except ImportFailed as failure:
        print(f"Nothing was imported from {args.file.name}:", file=sys.stderr)
        for problem in failure.problems:
            print(f"  {problem}", file=sys.stderr)
        log.info("bank import refused: %d problems", len(failure.problems))
        return 1
    print(_describe_import(report))
    log.info("bank import%s: %d written", " (dry run)" if report.dry_run else "", report.written)
    return 0


def _describe_import(report: ImportReport) -> str:
    verb = "Would import" if report.dry_run else "Imported"
    lines = [
        f"{verb} from {report.file_name} ({report.format}): "
        f"{len(report.new_questions)} new questions, {len(report.new_versions)} new versions "
        f"of existing questions, {report.approved} approved, "
        f"{len(report.duplicates)} duplicates skipped."
    ]
    if report.new_sections:
        lines.append("New sections: " + ", ".join(report.new_sections))
    for duplicate in report.duplicates:
        lines.append(
            f"  duplicate: {duplicate.location} is {duplicate.existing_uid} "
            f"version {duplicate.existing_version}"
        )
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)


def _write_file(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a failed export never leaves half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


def _run_station(kiosk: Kiosk) -> int:
    from kiosk.ui.candidate.window import run_station

    # A station holds no installation key until an operator or administrator opens it on its
    # "station closed" screen (the demo opens it beforehand); it then runs locked down.
    log.info(
        "station %s starting %s",
        kiosk.settings.station_id,
        "open" if kiosk.keys.unlocked else "closed, for staff to open",
    )
    return run_station(kiosk)


if __name__ == "__main__":
    raise SystemExit(main())
