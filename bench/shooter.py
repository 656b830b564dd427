"""Numbered screenshots of one window, shared by the screen scripts (``bench/*screens.py``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget


class Shooter:
    """Saves numbered PNGs of one window."""

    def __init__(self, window: QWidget, out_dir: Path, prefix: str) -> None:
        self.window = window
        self.out_dir = out_dir
        self.prefix = prefix
        self.number = 0
        self.saved: list[Path] = []

    def __call__(self, name: str) -> None:
        # Layouts settle over a few rounds of posted events (a shown message resizes its box,
        # which resizes the card, …); a running window does this in its event loop.
        for _round in range(5):
            QApplication.processEvents()
        self.number += 1
        path = self.out_dir / f"{self.prefix}-{self.number:02d}-{name}.png"
        if not self.window.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.saved.append(path)


def start_admin_screens(
    description: str | None, argv: list[str] | None, default_size: str
) -> tuple[Path, tuple[int, int]]:
    """The common start of an admin screen script: ``OUT_DIR [--size WxH]`` read, the folder
    made, a Qt application with the admin window's font; the folder and the size."""
    import argparse

    from kiosk.ui.admin.style import ADMIN_PT
    from kiosk.ui.fonts import use_bundled_font

    parser = argparse.ArgumentParser(description=(description or "").splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default=default_size, help="window or page size, e.g. 1366x768")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    out_dir: Path = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    use_bundled_font(app, ADMIN_PT)
    return out_dir, (width, height)
