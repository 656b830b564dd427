"""Sending a protocol PDF to the printer through Qt's print system.

The service has already written the PDF to the archive before the result is shown, so printing
is a convenience that may fail without losing anything: with no printer configured
:meth:`ProtocolPrinter.print_pdf` says False and the screen tells the candidate that the staff
will print it.  Each page is rasterised by QtPdf and painted onto a :class:`QPrinter`; the
painting takes the printer as an argument, so a test can point it at a PDF file instead of paper.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

log = logging.getLogger(__name__)

#: Pages are rasterised at the printer's resolution, but never finer than this: an A4 page at
#: 1200 dpi would be a half-gigabyte image, and 300 dpi is sharp for text on paper.
MAX_RENDER_DPI = 300


class PrintError(RuntimeError):
    """The PDF could not be read or the printer refused the job."""


def paint_pdf(pdf_path: Path, printer: QPrinter) -> int:
    """Paint every page of ``pdf_path`` onto ``printer``; the number of pages printed."""
    # QtPdf is imported here so that a station without it can still show results.
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    status = document.load(str(pdf_path))
    if status != QPdfDocument.Error.None_:
        raise PrintError(f"cannot read {pdf_path}: {status.name}")
    pages = document.pageCount()
    if pages == 0:
        raise PrintError(f"{pdf_path} has no pages")
    printer.setDocName(pdf_path.name)
    printer.setFullPage(True)
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("the printer did not accept the job")
    try:
        for page in range(pages):
            if page and not printer.newPage():
                raise PrintError("the printer did not start a new page")
            size_pt = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
            )
            target = QRectF(painter.viewport())
            # Keep the page's proportions on paper of another size.
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(
                QRectF(target.x(), target.y(), width, height), image, QRectF(image.rect())
            )
    finally:
        painter.end()
        document.close()
    return pages


class ProtocolPrinter:
    """Prints protocol PDFs on the station's default printer, if it has one."""

    def print_pdf(self, path: Path) -> bool:
        """Print ``path``; False when no printer is configured (the PDF stays in the archive)."""
        printers = QPrinterInfo.availablePrinters()
        if not printers:
            log.info("no printer configured; %s stays in the archive", path.name)
            return False
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            info = printers[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        paint_pdf(path, printer)
        log.info("printed %s on %s", path.name, info.printerName())
        return True
