"""A PDF shown and printed from bytes in memory, rasterised by PDFium (pypdfium2).

PySide6-Essentials has no QtPdf, so pages are rendered to QImage by pypdfium2 on a
:class:`~app.ui.documents.render_thread.RenderThread` (not the vault's worker). PDFium is not
thread-safe, so every PDFium call runs on that one thread; the GUI thread only sees QImages.
Nothing is written to disk: the document is opened from ``bytes``.

:class:`PdfView` lays the pages out one under another and renders only the pages in view (and
their neighbours), at the zoom and the screen's pixel ratio; :class:`PdfPreview` adds page
navigation and zoom controls. Printing is in :mod:`app.ui.documents.pdf_print`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.jobs import Cancelled
from app.ui.documents.render_thread import RenderThread
from app.ui.tasks import Op, Task
from app.ui.widgets.plain import PlainLabel

#: PDF user space: 72 units to the inch.
POINTS_PER_INCH = 72.0
#: 100 % shows a page at its paper size on a screen of Qt's standard logical 96 dpi.
SCREEN_DPI = 96.0
PAGE_GAP = 14
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
#: Rendered pages kept in memory (each about 3 MB at 100 %).
CACHE_PAGES = 12

PageSize = tuple[float, float]


# --- PDFium, on the worker thread only -----------------------------------------------------


def page_sizes(data: bytes) -> list[PageSize]:
    """Each page's (width, height) in points."""
    doc = pdfium.PdfDocument(data)
    try:
        return [(float(w), float(h)) for w, h in (doc.get_page_size(i) for i in range(len(doc)))]
    finally:
        doc.close()


def pixel_size(size: PageSize, scale: float) -> tuple[int, int]:
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def render_band(doc: Any, index: int, scale: float, top: int = 0, rows: int | None = None, *,
                printing: bool = False) -> QImage:
    """Rows ``top`` … ``top + rows`` of page ``index`` rendered at ``scale`` pixels per point."""
    page = doc[index]
    try:
        width, height = pixel_size((float(page.get_width()), float(page.get_height())), scale)
        rows = height - top if rows is None else min(rows, height - top)
        bitmap = pdfium.PdfBitmap.new_native(width, rows, pdfium_c.FPDFBitmap_BGRA, rev_byteorder=True)
        try:
            bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, rows)
            flags = pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_REVERSE_BYTE_ORDER
            if printing:
                flags |= pdfium_c.FPDF_PRINTING
            # The whole page is laid out at (0, -top): the band is a window on it, so bands meet
            # without a seam.
            pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, -top, width, height, 0, flags)
            image = QImage(bytes(bitmap.buffer), width, rows, bitmap.stride, QImage.Format.Format_RGBA8888)
            return image.copy()  # own the pixels: the buffer goes with the bitmap
        finally:
            bitmap.close()
    finally:
        page.close()


def render_pages(task: Task, data: bytes, indices: Sequence[int], scale: float) -> list[tuple[int, QImage]]:
    """Whole pages for the preview; checks for cancel between pages."""
    doc = pdfium.PdfDocument(data)
    out: list[tuple[int, QImage]] = []
    try:
        for n, index in enumerate(indices):
            task.check_cancelled()
            out.append((index, render_band(doc, index, scale)))
            task.report(n + 1, len(indices))
    finally:
        doc.close()
    return out


# --- the page view -------------------------------------------------------------------------


class PdfView(QAbstractScrollArea):
    """Pages one under another, rendered as they come into view.

    Signals:
        current_page_changed(int): the page (1-based) at the top third of the view.
        zoom_changed(float): the zoom factor (1.0 = paper size).
        layout_changed(): a document was set or cleared.
    """

    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    layout_changed = Signal()

    def __init__(self, renderer: RenderThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self._data = b""
        self._sizes: list[PageSize] = []
        self._zoom = 1.0
        #: Follow the view's width (the start, and after "适合宽度") until the user zooms.
        self.auto_fit = True
        self._tops: list[int] = []
        self._content = QSize(0, 0)
        #: page index -> (render scale, image); an image of another scale is drawn stretched
        #: until the right one arrives.
        self._images: dict[int, tuple[float, QImage]] = {}
        self._op: Op[Any] | None = None
        self._generation = 0
        self._current = 0
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(30)
        self._render_timer.timeout.connect(self._render_visible)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAutoFillBackground(False)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    # --- document ------------------------------------------------------------------------------

    def set_document(self, data: bytes, sizes: Sequence[PageSize]) -> None:
        """Show ``data`` whose pages measure ``sizes`` (from :func:`page_sizes`, on the worker)."""
        self._cancel_render()
        self._generation += 1
        self._data, self._sizes = data, list(sizes)
        self._images.clear()
        self._current = 0
        self._relayout()
        if self.auto_fit:
            self._fit()
        self.verticalScrollBar().setValue(0)
        self.layout_changed.emit()
        self.current_page_changed.emit(self.current_page())
        self._schedule()

    def clear(self) -> None:
        self._cancel_render()
        self._generation += 1
        self._data, self._sizes = b"", []
        self._images.clear()
        self._current = 0
        self._relayout()
        self.layout_changed.emit()
        self.current_page_changed.emit(0)

    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def sizes(self) -> list[PageSize]:
        return list(self._sizes)

    # --- zoom --------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1.0 = paper size), keeping the spot at the top of the view."""
        self.auto_fit = False
        self._set_zoom(zoom)

    def _set_zoom(self, zoom: float) -> None:
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if abs(zoom - self._zoom) < 1e-4:
            return
        page, offset = self._anchor()
        self._zoom = zoom
        self._relayout()
        if self._sizes:  # keep the same spot of the same page at the top
            self.verticalScrollBar().setValue(self._tops[page] + round(offset * self._page_px(page)[1]))
        self.zoom_changed.emit(zoom)
        self.viewport().update()
        self._schedule()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-3), self._zoom * 1.25))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom - 1e-3), self._zoom / 1.25))

    def fit_width(self) -> None:
        """Zoom so the widest page fills the view's width, and keep doing so as it resizes."""
        self.auto_fit = True
        self._fit()

    def _fit(self) -> None:
        if not self._sizes:
            return
        widest = max(w for w, _ in self._sizes) * SCREEN_DPI / POINTS_PER_INCH
        room = self.viewport().width() - 2 * PAGE_GAP - self.verticalScrollBar().sizeHint().width()
        if room > 50:
            self._set_zoom(room / widest)

    # --- pages -------------------------------------------------------------------------------

    def current_page(self) -> int:
        """The page (1-based) at the top third of the view; 0 without a document."""
        return self._current + 1 if self._sizes else 0

    def go_to_page(self, number: int) -> None:
        """Scroll so page ``number`` (1-based) starts at the top of the view."""
        if not self._sizes:
            return
        index = min(len(self._sizes), max(1, number)) - 1
        self.verticalScrollBar().setValue(self._tops[index] - PAGE_GAP // 2)
        self._update_current()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def page_rect(self, index: int) -> QRectF:
        """Where page ``index`` (0-based) sits in the content, in logical pixels."""
        w, h = self._page_px(index)
        return QRectF((self._content.width() - w) / 2, self._tops[index], w, h)

    def rendered_pages(self) -> set[int]:
        """Pages (0-based) whose image is at the current zoom."""
        scale = self._render_scale()
        return {i for i, (s, _img) in self._images.items() if abs(s - scale) < 1e-6}

    def visible_pages(self) -> list[int]:
        if not self._sizes:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return [i for i in range(len(self._sizes))
                if self._tops[i] < bottom and self._tops[i] + self._page_px(i)[1] > top]

    # --- layout ------------------------------------------------------------------------------

    def _page_px(self, index: int) -> tuple[int, int]:
        return pixel_size(self._sizes[index], self._zoom * SCREEN_DPI / POINTS_PER_INCH)

    def _render_scale(self) -> float:
        ratio = self.devicePixelRatioF() or 1.0
        return round(self._zoom * SCREEN_DPI / POINTS_PER_INCH * ratio, 5)

    def _relayout(self) -> None:
        self._tops = []
        y, width = PAGE_GAP, 0
        for i in range(len(self._sizes)):
            w, h = self._page_px(i)
            self._tops.append(y)
            y += h + PAGE_GAP
            width = max(width, w)
        self._content = QSize(width + 2 * PAGE_GAP, y if self._sizes else 0)
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        view = self.viewport().size()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, self._content.height() - view.height()))
        vbar.setPageStep(view.height())
        vbar.setSingleStep(40)
        hbar.setRange(0, max(0, self._content.width() - view.width()))
        hbar.setPageStep(view.width())
        hbar.setSingleStep(40)

    def _anchor(self) -> tuple[int, float]:
        """The page at the top of the view and how far down it the view starts (0…1)."""
        if not self._sizes:
            return 0, 0.0
        top = self.verticalScrollBar().value()
        for i in range(len(self._sizes)):
            h = self._page_px(i)[1]
            if self._tops[i] + h + PAGE_GAP > top:
                return i, max(0.0, (top - self._tops[i]) / h)
        return len(self._sizes) - 1, 0.0

    def _scrolled(self, _value: int) -> None:
        self._update_current()
        self.viewport().update()
        self._schedule()

    def _update_current(self) -> None:
        if not self._sizes:
            return
        probe = self.verticalScrollBar().value() + self.viewport().height() // 3
        current = 0
        for i, top in enumerate(self._tops):
            if top <= probe:
                current = i
        if current != self._current:
            self._current = current
            self.current_page_changed.emit(current + 1)

    # --- rendering ---------------------------------------------------------------------------

    def _schedule(self) -> None:
        if self._sizes:
            self._render_timer.start()

    def _cancel_render(self) -> None:
        self._render_timer.stop()
        if self._op is not None:
            self._op.cancel()
            self._op = None

    def _wanted(self) -> list[int]:
        visible = self.visible_pages()
        if not visible:
            return []
        around = range(max(0, visible[0] - 1), min(len(self._sizes), visible[-1] + 2))
        done = self.rendered_pages()
        return [i for i in around if i not in done]

    def _render_visible(self) -> None:
        if self._op is not None or not self._sizes:
            return  # the running render reschedules when it is done
        wanted = self._wanted()
        if not wanted:
            return
        data, scale, generation = self._data, self._render_scale(), self._generation

        def done(images: list[tuple[int, QImage]]) -> None:
            if generation != self._generation:
                return
            for index, image in images:
                self._images[index] = (scale, image)
            self._evict()
            self.viewport().update()

        def finished() -> None:
            if generation == self._generation:
                self._op = None
                self._schedule()

        self._op = (Op(self, lambda task: render_pages(task, data, wanted, scale), executor=self.renderer)
                    .on_success(done).on_error(_ignore_cancel(self)).on_finished(finished))
        self._op.start()

    def _evict(self) -> None:
        if len(self._images) <= CACHE_PAGES:
            return
        centre = self._current
        for index in sorted(self._images, key=lambda i: -abs(i - centre))[: len(self._images) - CACHE_PAGES]:
            del self._images[index]

    # --- Qt events ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Dark))
        if not self._sizes:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        dx = -self.horizontalScrollBar().value()
        if self._content.width() < self.viewport().width():
            dx = (self.viewport().width() - self._content.width()) // 2
        dy = -self.verticalScrollBar().value()
        for index in self.visible_pages():
            rect = self.page_rect(index).translated(dx, dy)
            painter.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 60))
            painter.fillRect(rect, Qt.GlobalColor.white)
            cached = self._images.get(index)
            if cached is not None:
                painter.drawImage(rect, cached[1])
            else:
                painter.setPen(QColor(150, 150, 150))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("第 {0} 页").format(index + 1))
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.auto_fit:
            self._fit()
        self._update_scrollbars()
        self._update_current()
        self._schedule()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y() > 0:
                self.zoom_in()
            elif event.angleDelta().y() < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key == Qt.Key.Key_Home:
            self.go_to_page(1)
        elif key == Qt.Key.Key_End:
            self.go_to_page(self.page_count())
        elif key == Qt.Key.Key_PageDown and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.next_page()
        elif key == Qt.Key.Key_PageUp and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.previous_page()
        else:
            super().keyPressEvent(event)


def _ignore_cancel(parent: QWidget) -> Any:
    from app.ui.tasks import report_error

    def handle(error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            report_error(parent, error)

    return handle


class PdfPreview(QWidget):
    """A :class:`PdfView` with page navigation and zoom controls above it."""

    def __init__(self, renderer: RenderThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = PdfView(renderer, self)
        self.previous_button = QToolButton(self)
        self.previous_button.setText(self.tr("上一页"))
        self.previous_button.clicked.connect(self.view.previous_page)
        self.page_spin = QSpinBox(self)
        self.page_spin.setMinimum(0)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(self._page_typed)
        self.count_label = PlainLabel(self)
        self.next_button = QToolButton(self)
        self.next_button.setText(self.tr("下一页"))
        self.next_button.clicked.connect(self.view.next_page)
        self.zoom_out_button = QToolButton(self)
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(self.tr("缩小（Ctrl+滚轮）"))
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.zoom_combo = QComboBox(self)
        for zoom in ZOOM_STEPS:
            self.zoom_combo.addItem(f"{round(zoom * 100)}%", zoom)
        self.zoom_combo.setCurrentIndex(ZOOM_STEPS.index(1.0))
        self.zoom_combo.activated.connect(lambda i: self.view.set_zoom(float(self.zoom_combo.itemData(i))))
        self.zoom_in_button = QToolButton(self)
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(self.tr("放大（Ctrl+滚轮）"))
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.fit_button = QToolButton(self)
        self.fit_button.setText(self.tr("适合宽度"))
        self.fit_button.clicked.connect(self.view.fit_width)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        left: tuple[QWidget, ...] = (self.previous_button, self.page_spin, self.count_label, self.next_button)
        right: tuple[QWidget, ...] = (self.zoom_out_button, self.zoom_combo, self.zoom_in_button, self.fit_button)
        for w in left:
            bar.addWidget(w)
        bar.addStretch(1)
        for w in right:
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.view.current_page_changed.connect(self._page_shown)
        self.view.zoom_changed.connect(self._zoom_shown)
        self.view.layout_changed.connect(self._update_controls)
        self._update_controls()

    def _update_controls(self) -> None:
        count = self.view.page_count()
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1 if count else 0, max(count, 0))
        self.page_spin.setValue(self.view.current_page())
        self.page_spin.blockSignals(False)
        self.count_label.setText(self.tr("/ {0} 页").format(count))
        controls: tuple[QWidget, ...] = (self.previous_button, self.page_spin, self.next_button,
                                         self.zoom_out_button, self.zoom_combo, self.zoom_in_button, self.fit_button)
        for w in controls:
            w.setEnabled(count > 0)

    def _page_shown(self, number: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(number)
        self.page_spin.blockSignals(False)

    def _page_typed(self, number: int) -> None:
        if number:
            self.view.go_to_page(number)

    def _zoom_shown(self, zoom: float) -> None:
        """Select the step shown, or a last item holding a zoom between steps (fit width)."""
        steps = len(ZOOM_STEPS)
        index = next((i for i, z in enumerate(ZOOM_STEPS) if abs(z - zoom) < 1e-3), -1)
        if index < 0:
            if self.zoom_combo.count() == steps:
                self.zoom_combo.addItem("")
            index = steps
            self.zoom_combo.setItemText(index, f"{round(zoom * 100)}%")
            self.zoom_combo.setItemData(index, zoom)
        elif self.zoom_combo.count() > steps:
            self.zoom_combo.removeItem(steps)
        self.zoom_combo.setCurrentIndex(index)
