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
