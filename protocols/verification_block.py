"""The verification block of a document: its QR code, the number and verification code beside
it, a machine-readable line with the payload, and the payload in the PDF's metadata.

The QR code carries the payload of :mod:`protocols.verification` at error-correction level M
with the standard quiet zone of four modules; at 30 mm its symbol is about 26 mm wide, with
modules of about 0.5 mm, which a phone camera reads off an office print.  The payload's text is
also written, small and grey, as one line of the page and into the PDF's keywords, so that a
verifier reads it back from the file without decoding an image.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QR, QR8bitByte, QRAlphaNum
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from protocols.fonts import MONO_BOLD, REGULAR
from protocols.verification import PAYLOAD_TAG

#: Error correction M: about 15 % of the symbol may be smudged, folded or stamped over.
QR_LEVEL = "M"
#: The quiet zone around the symbol, in modules (the standard's minimum).
QR_QUIET_ZONE = 4
#: The grey of the machine line: legible under a magnifier, unobtrusive on the page.
MACHINE_GREY = Color(0.45, 0.45, 0.45)
#: The machine line's largest type size; a long payload is set smaller to stay on one line.
MACHINE_MAX_PT = 5.0
#: What QR's alphanumeric mode can store (upper-case letters, digits and a few signs).
_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def qr_segments(payload: str) -> list[QR]:
    """The payload in QR segments: alphanumeric wherever it can be (the tag, hash and signature),
    bytes for a number with lower-case letters (``…-v2``).  A scanner reads the segments as one
    text, exactly ``payload``."""
    head = f"{PAYLOAD_TAG}:"
    if not payload.startswith(head):
        raise ValueError(f"not a verification payload: {payload[:20]!r}")
    number, _, tail = payload[len(head) :].partition(":")
    number_segment = QRAlphaNum(number) if set(number) <= _ALPHANUMERIC else QR8bitByte(number)
    return [QRAlphaNum(head), number_segment, QRAlphaNum(f":{tail}")]


def qr_widget(payload: str, size: float) -> QrCodeWidget:
    """The QR code of ``payload``, ``size`` points square including its quiet zone."""
    return QrCodeWidget(
        qr_segments(payload),
        barLevel=QR_LEVEL,
        barBorder=QR_QUIET_ZONE,
        barWidth=size,
        barHeight=size,
    )


def qr_drawing(payload: str, size: float) -> Drawing:
    """The QR code as a drawing (a flowable, or drawn on a canvas with ``drawOn``)."""
    drawing = Drawing(size, size)
    # The renderer sets the drawing's initial font even where nothing is written; the default,
    # Helvetica, would be a base-14 font in the document.
    drawing.initialFontName = REGULAR
    drawing.add(qr_widget(payload, size), name="qr")
    return drawing


def symbol_size(payload: str, size: float) -> float:
    """The width of the QR symbol itself (without its quiet zone) in a ``size`` square."""
    widget = qr_widget(payload, size)
    widget.qr.make()
    modules = widget.qr.getModuleCount()
    return size * modules / (modules + 2 * QR_QUIET_ZONE)


def machine_font_size(payload: str, width: float) -> float:
    """The type size at which the payload fits on one line of ``width`` points."""
    return min(MACHINE_MAX_PT, width / max(1.0, stringWidth(payload, MONO_BOLD, 1.0)))


#: The name of the form XObject that holds the machine line.
MACHINE_FORM = "KioskVerificationLine"


def define_machine_line(canvas: Canvas, payload: str, width: float) -> float:
    """Define the machine line (the payload in small grey type, ``width`` points at most) as a
    form, and put the payload into the PDF's keywords; the line's height.

    Call it before anything else is drawn: the form is then written at the head of the file,
    so that even the first part of a truncated copy still names the document it was cut from.
    :func:`place_machine_line` shows it on the page.
    """
    canvas.setKeywords(payload)
    size = machine_font_size(payload, width)
    height = size * 1.6
    canvas.beginForm(MACHINE_FORM, lowerx=0, lowery=0, upperx=width, uppery=height)
    canvas.saveState()  # the colour and font stay inside the form
    canvas.setFillColor(MACHINE_GREY)
    canvas.setFont(MONO_BOLD, size)
    canvas.drawString(0, size * 0.4, payload)
    canvas.restoreState()
    canvas.endForm()
    return height


def place_machine_line(canvas: Canvas, x: float, y: float) -> None:
    """Show the line defined by :func:`define_machine_line` with its bottom-left at (x, y)."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(MACHINE_FORM)
    canvas.restoreState()


class MachineLineDefinition(Flowable):
    """The first flowable of a story: defines the machine line (takes no room)."""

    def __init__(self, payload: str) -> None:
        super().__init__()
        self.payload = payload

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """No room on the page; the frame's width is the line's."""
        self.width = availWidth
        return 0, 0

    def draw(self) -> None:
        """Define the form; nothing shows here."""
        define_machine_line(self.canv, self.payload, self.width)


class MachineLine(Flowable):
    """Where the machine line shows, in a story that began with its
    :class:`MachineLineDefinition`."""

    def __init__(self, payload: str) -> None:
        super().__init__()
        self.payload = payload

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """One small line high."""
        return availWidth, machine_font_size(self.payload, availWidth) * 1.6

    def draw(self) -> None:
        """Show the form at the flowable's place."""
        place_machine_line(self.canv, 0, 0)
