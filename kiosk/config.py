"""Where the kiosk keeps its data and which database it uses.

Everything lives in one data folder (database, archive of PDFs, logs), by default the platform's
user data folder; ``--data-dir`` or ``KIOSK_DATA_DIR`` moves all of it, which is how tests and
benchmarks stay out of a real installation.  ``--db`` or ``KIOSK_DATABASE_URL`` selects a
PostgreSQL server instead of the SQLite file in the data folder.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from platformdirs import user_data_dir

APP_NAME = "qualification-kiosk"
DEFAULT_TIMEZONE = "Asia/Bishkek"


@dataclass(frozen=True)
class Settings:
    """The installation's settings, resolved once in the composition root."""

    data_dir: Path
    database_url: str
    station_id: str
    timezone: ZoneInfo

    @property
    def archive_dir(self) -> Path:
        """Where every printed document is kept as a PDF."""
        return self.data_dir / "archive"

    @property
    def log_dir(self) -> Path:
        """Where the program's logs go."""
        return self.data_dir / "logs"

    def ensure_folders(self) -> None:
        """Create the data, archive and log folders if they are missing."""
        for folder in (self.data_dir, self.archive_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resolve_settings(
    data_dir: str | None = None,
    database_url: str | None = None,
    station_id: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings from the command line, else the environment, else the defaults."""
    env = os.environ if environ is None else environ
    folder = Path(data_dir or env.get("KIOSK_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))
    folder = folder.expanduser().resolve()
    url = database_url or env.get("KIOSK_DATABASE_URL") or f"sqlite:///{folder / 'kiosk.db'}"
    if url.startswith("postgresql://"):
        # The driver we ship is psycopg 3; plain postgresql:// would ask for psycopg2.
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    station = station_id or env.get("KIOSK_STATION") or socket.gethostname()
    zone = ZoneInfo(env.get("KIOSK_TIMEZONE", DEFAULT_TIMEZONE))
    return Settings(data_dir=folder, database_url=url, station_id=station, timezone=zone)
