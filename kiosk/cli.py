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
    common = argparse.ArgumentParser(add_help=False)
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


def configure_logging(settings: Settings) -> None:
    """Log to a file in the data folder; codes and personal numbers are never logged."""
    settings.ensure_folders()
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(settings.log_dir / "kiosk.log", encoding="utf-8")],
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script."""
    args = _parser().parse_args(argv)
    settings = resolve_settings(args.data_dir, args.database_url, args.station_id)
    configure_logging(settings)
    kiosk = build(settings)
    try:
        if args.command == "demo":
            _print_demo(kiosk)
            if args.prepare_only:
                return 0
        return _run_station(kiosk)
    finally:
        kiosk.close()


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
