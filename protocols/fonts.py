"""The bundled DejaVu fonts, registered with reportlab and shared with the Qt screens.

The PDF base-14 fonts (Helvetica, Times, Courier) have no Ң Ө Ү and are not embedded, so a printed
protocol would show black boxes where Kyrgyz letters belong.  Every printed document therefore
uses only the TrueType files in ``protocols/fonts``, which reportlab embeds (as subsets).  They are
read through :mod:`importlib.resources` as bytes, so a zipped or frozen build finds them too, and
the screens can load exactly the same files (:func:`font_bytes`, :func:`font_path`).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import threading
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

#: The reportlab names of the fonts that documents use.
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MONO_BOLD = "DejaVuSansMono-Bold"

#: The bundled file of each font, inside the ``protocols/fonts`` folder.
FONT_FILES: Mapping[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    MONO_BOLD: "DejaVuSansMono-Bold.ttf",
}

_lock = threading.Lock()
_registered = False
# Fonts copied out of a zip for callers that need a real file; removed when the process ends.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def font_resource(name: str = REGULAR) -> Traversable:
    """The bundled file of the font ``name`` (one of :data:`FONT_FILES`)."""
    try:
        file_name = FONT_FILES[name]
    except KeyError:
        raise ValueError(f"no bundled font {name!r}; expected one of {tuple(FONT_FILES)}") from None
    return resources.files(__package__).joinpath("fonts", file_name)


def font_bytes(name: str = REGULAR) -> bytes:
    """The bundled font ``name`` as bytes (for ``QFontDatabase.addApplicationFontFromData``)."""
    return font_resource(name).read_bytes()


@cache
def font_path(bold: bool = False, *, mono: bool = False) -> Path:
    """A file-system path of a bundled font, for APIs that accept only a file name.

    From an ordinary installation this is the bundled file itself; from a zip it is a temporary
    copy that lives as long as the process.
    """
    name = MONO_BOLD if mono else BOLD if bold else REGULAR
    return _extracted.enter_context(resources.as_file(font_resource(name)))


def register_fonts() -> None:
    """Register the bundled fonts with reportlab, once per process (safe to call from any thread).

    ``DejaVuSans`` also becomes a font family, so ``<b>`` in a paragraph picks the bold file instead
    of reportlab's fallback, which is Helvetica.
    """
    global _registered
    if _registered:
        return
    # reportlab is imported here, not with the module: the screens load the same font files
    # through this module and should not pay for reportlab at start-up.
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if _registered:
            return
        for name in FONT_FILES:
            # Bytes, not a path: the package may live in a zip or a frozen bundle.
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(font_bytes(name))))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        # The monospaced face exists only in bold; map its other styles to it as well.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(MONO_BOLD, bold, italic, MONO_BOLD)
        _registered = True
