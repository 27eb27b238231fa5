"""Printing a PDF from memory: PDFium rasterises each page at the printer's resolution (app/ui/documents/pdf_view.py).

:class:`PdfPrintJob` prints through a ``QPrinter``: each page is rendered on the
:class:`~app.ui.documents.render_thread.RenderThread` in horizontal bands (so memory stays bounded)
and painted with ``QPainter``, one band per event-loop turn, so the window stays responsive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.domain.jobs import Cancelled
from app.ui import i18n
from app.ui.documents.pdf_view import POINTS_PER_INCH, PageSize, pixel_size, render_band
from app.ui.documents.render_thread import RenderThread
from app.ui.tasks import Op, Task

#: Pixels per band when printing (8 MB of RGBA), whatever the printer's resolution. Painting a
#: band is the GUI thread's share of the work: 2 M pixels keep the longest pause near 150 ms at
#: 600 dpi (8 M pixels: 450 ms) for 25 % more time in all.
BAND_PIXELS = 2_000_000
#: Printer resolutions above this are rendered at this and scaled: 600 dpi is print quality, and
#: a 1200-dpi A4 raster would be 560 MB.
MAX_PRINT_DPI = 600


def render_print_band(task: Task, data: bytes, index: int, scale: float, top: int, rows: int) -> QImage:
    task.check_cancelled()
    doc = pdfium.PdfDocument(data)
    try:
        return render_band(doc, index, scale, top, rows, printing=True)
    finally:
        doc.close()


class PdfPrintJob(QObject):
    """Prints a PDF's pages to an already set-up ``QPrinter``, at the paper's real size.

    Pages go out in the order the print dialog asked for (its page range; copies when the
    driver cannot make them). Each band is rendered on the worker, then painted here.

    Signals:
        progressed(int, int): pages sent, pages to send.
        finished(int, str): pages sent and "" when done, "cancelled", or an error's text.
    """

    progressed = Signal(int, int)
    finished = Signal(int, str)

    def __init__(self, data: bytes, sizes: Sequence[PageSize], printer: QPrinter, renderer: RenderThread,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data, self.sizes, self.printer, self.renderer = data, list(sizes), printer, renderer
        self.painter = QPainter()
        self.pages = self._page_order()
        self.sent = 0
        self._top = 0
        self._cancelled = False
        self._op: Op[Any] | None = None
        self.dpi = min(printer.resolution(), MAX_PRINT_DPI)
        self.running = False

    def _page_order(self) -> list[int]:
        count = len(self.sizes)
        first, last = 1, count
        if self.printer.printRange() == QPrinter.PrintRange.PageRange and self.printer.fromPage() > 0:
            first, last = max(1, self.printer.fromPage()), min(count, self.printer.toPage() or count)
        pages = list(range(first - 1, last))
        copies = 1 if self.printer.supportsMultipleCopies() else max(1, self.printer.copyCount())
        return pages * copies

    def start(self) -> bool:
        """Open the printer; False when it cannot be opened (nothing was sent)."""
        self.printer.setFullPage(True)  # device (0, 0) is the paper's corner: the GB/T 9704 margins hold
        if not self.pages or not self.painter.begin(self.printer):
            return False
        self.running = True
        QTimer.singleShot(0, self._next)
        return True

    def cancel(self) -> None:
        self._cancelled = True
        if self._op is not None:
            self._op.cancel()

    def _scale(self) -> float:
        return self.dpi / POINTS_PER_INCH

    def _next(self) -> None:
        if self._cancelled:
            self._end("cancelled")
            return
        if self.sent >= len(self.pages):
            self._end("")
            return
        index = self.pages[self.sent]
        width, height = pixel_size(self.sizes[index], self._scale())
        rows = max(1, min(height - self._top, BAND_PIXELS // width))
        data, scale, top = self.data, self._scale(), self._top
        self._op = (Op(self, lambda task: render_print_band(task, data, index, scale, top, rows),
                       executor=self.renderer)
                    .on_success(self._paint).on_error(self._failed))
        self._op.start()

    def _paint(self, band: QImage) -> None:
        self._op = None
        if self._cancelled:
            self._end("cancelled")
            return
        index = self.pages[self.sent]
        k = self.printer.resolution() / self.dpi  # printer pixels per rendered pixel
        self.painter.drawImage(QRectF(QPointF(0, self._top * k), QPointF(band.width() * k,
                                                                         (self._top + band.height()) * k)), band)
        self._top += band.height()
        if self._top >= pixel_size(self.sizes[index], self._scale())[1]:
            self._top = 0
            self.sent += 1
            self.progressed.emit(self.sent, len(self.pages))
            if self.sent < len(self.pages) and not self._cancelled:
                self.printer.newPage()
        QTimer.singleShot(0, self._next)

    def _failed(self, error: BaseException) -> None:
        self._op = None
        self._end("cancelled" if isinstance(error, Cancelled) else (i18n.error_text(error) or type(error).__name__))

    def _end(self, outcome: str) -> None:
        if not self.running:
            return
        self.running = False
        if outcome:
            self.printer.abort()
        if self.painter.isActive():
            self.painter.end()
        self.finished.emit(self.sent, outcome)
