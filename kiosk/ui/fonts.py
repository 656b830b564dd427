"""The bundled DejaVu fonts, registered with Qt; DejaVu Sans becomes the application font.

Stations run whatever fonts their system has; many have nothing that draws Ң Ө Ү.  The very files
that the printed protocols embed (``protocols/fonts``, read as bytes by ``protocols.fonts``, so a
frozen build finds them too) are registered with Qt from memory, and DejaVu Sans becomes the font
of every widget.  The login code is shown in DejaVu Sans Mono, where 0 and O, 1 and I differ.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from protocols.fonts import BOLD, MONO_BOLD, REGULAR, font_bytes

FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"

_registered: list[str] = []


def register_fonts() -> str:
    """Register the bundled fonts with Qt (once per process); the main family's name."""
    if not _registered:
        for name in (REGULAR, BOLD, MONO_BOLD):
            font_id = QFontDatabase.addApplicationFontFromData(QByteArray(font_bytes(name)))
            if font_id < 0:
                raise RuntimeError(f"Qt could not load the bundled font {name}")
            _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return FAMILY if FAMILY in _registered else _registered[0]


def use_bundled_font(app: QApplication, point_size: float = 18.0) -> QFont:
    """Register the fonts and make DejaVu Sans the application font; the font."""
    font = QFont(register_fonts())
    font.setPointSizeF(point_size)
    app.setFont(font)
    return font
