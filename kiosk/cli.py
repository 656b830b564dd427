"""The ``kiosk`` command: the same use cases as the windows, from a terminal.

    kiosk                      run a candidate station on the configured database
    kiosk demo                 prepare the demo sitting (once) and open the station
    kiosk demo --prepare-only  prepare the demo sitting and print its codes, without a window

Every command takes ``--data-dir`` (or KIOSK_DATA_DIR), ``--db`` (or KIOSK_DATABASE_URL) and
``--station`` (or KIOSK_STATION).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from kiosk.app import Kiosk, build
from kiosk.config import Settings, resolve_settings

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


def _run_station(kiosk: Kiosk) -> int:
    from kiosk.ui.candidate.window import run_station

    log.info("station %s starting", kiosk.settings.station_id)
    return run_station(kiosk)


if __name__ == "__main__":
    raise SystemExit(main())
