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
    kiosk retention --archive DIR
                               archive what has expired into a new folder under DIR, check
                               it, then remove it (administrators only)

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
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.app import Kiosk, build
from kiosk.config import Settings, resolve_settings
from kiosk.domain.roles import Actor, NotPermitted
from kiosk.security.passwords import MIN_LENGTH, WeakPassword
from kiosk.services.archive import COMMISSION, DOCUMENTS
from kiosk.services.bank_views import ImportReport
from kiosk.services.retention import RetentionFailed, RetentionPlan
from kiosk.services.session_views import SignInRefused
from question_bank.formats import FORMAT_NAMES
from question_bank.formats.base import ImportFailed

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


def configure_logging(settings: Settings) -> logging.Handler:
    """Log to a file in the data folder; codes and personal numbers are never logged."""
    settings.ensure_folders()
    handler = logging.FileHandler(settings.log_dir / "kiosk.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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
        if args.command in ("bank", "results", "package", "retention"):
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

    log.info("station %s starting", kiosk.settings.station_id)
    return run_station(kiosk)


if __name__ == "__main__":
    raise SystemExit(main())
