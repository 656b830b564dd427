"""The ``kiosk`` command: the same use cases as the windows, from a terminal.

    kiosk                      run a candidate station on the configured database
    kiosk demo                 prepare the demo sitting (once) and open the station
    kiosk demo --prepare-only  prepare the demo sitting and print its codes, without a window
    kiosk admin                open admin mode (question bank)
    kiosk bank import FILE     import questions (as drafts), all or nothing; --dry-run to preview
    kiosk bank export --format FMT OUT
                               export the approved questions (a bank package: everything)
    kiosk bank template OUT.xlsx
                               write the blank spreadsheet template for bank editors

Every command takes ``--data-dir`` (or KIOSK_DATA_DIR), ``--db`` (or KIOSK_DATABASE_URL) and
``--station`` (or KIOSK_STATION).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.app import Kiosk, build
from kiosk.config import Settings, resolve_settings
from kiosk.services.bank_views import ImportReport
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
    admin = commands.add_parser("admin", parents=[common], help="open admin mode")
    admin.add_argument("--user", default=getpass.getuser(), help="who is working (audit)")

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
    to_import.add_argument("--user", default=getpass.getuser(), help="who imports (audit)")
    to_export = bank_commands.add_parser("export", parents=[common], help="export the bank")
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
        if args.command == "bank":
            return _bank(kiosk, args)
        if args.command == "admin":
            from kiosk.ui.admin.window import run_admin

            return run_admin(kiosk, args.user)
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
    from kiosk.services.demo import prepare_demo

    sitting = prepare_demo(
        kiosk.sessions,
        kiosk.catalog,
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
    sys.stdout.flush()
    log.info("demo sitting %s", "created" if sitting.created else "shown again")


def _bank(kiosk: Kiosk, args: argparse.Namespace) -> int:
    """``kiosk bank …``: exit status 0 on success, 1 when the file cannot be imported."""
    if args.bank_command == "template":
        from question_bank.formats.xlsx import template

        _write_file(args.out, template())
        print(f"Template written: {args.out}")
        return 0
    if args.bank_command == "export":
        data = kiosk.bank.export(
            args.format, language=args.language, include_drafts=args.include_drafts
        )
        _write_file(args.out, data)
        print(f"Exported ({args.format}): {args.out} ({len(data)} bytes)")
        log.info("bank exported as %s", args.format)
        return 0
    try:
        report = kiosk.bank.import_file(
            args.user,
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
