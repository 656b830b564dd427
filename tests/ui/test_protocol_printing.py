"""Printing a protocol PDF through Qt's print system, into a PDF file instead of onto paper."""

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.ui.printing import PrintError, ProtocolPrinter, paint_pdf

pytest.importorskip("PySide6.QtPdf")


def protocol_pdf(station) -> Path:
    """The archived protocol of a submitted attempt."""
    attempts = station.kiosk.attempts
    briefing = attempts.login(station.code).briefing
    view = attempts.start(briefing.registration_id, "ky")
    attempts.select_option(view.attempt_id, 0, view.items[0].options[0].key)
    return attempts.submit(view.attempt_id).protocol_path


def test_a_protocol_is_painted_page_by_page_onto_a_printer(station, tmp_path):
    source = protocol_pdf(station)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    pages = paint_pdf(source, printer)
    assert pages >= 1
    assert target.exists()
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_an_unreadable_file_is_a_print_error(qapp, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    with pytest.raises(PrintError):
        paint_pdf(broken, printer)


def test_without_printers_nothing_is_printed(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    assert ProtocolPrinter().print_pdf(tmp_path / "any.pdf") is False
