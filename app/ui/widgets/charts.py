"""Small charts drawn with QPainter (QtCharts is not in PySide6-Essentials).

Each chart is a plain QWidget fed plain data, ``[(label, value, colour)]``; it keeps no record
text beyond the category labels, and ``clear()`` empties it (locking).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.widgets.plain import plain_tip

#: A palette that stays apart in greyscale print-outs too.
PALETTE = ("#3b6ea5", "#e08e2b", "#4f9d69", "#c0504d", "#8064a2", "#4bacc6", "#9c7a3c", "#7f7f7f")

Bar = tuple[str, int, str]
#: Legend entries per row under a stacked bar.
LEGEND_COLUMNS = 3


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def with_colours(items: Sequence[tuple[str, int]], colours: dict[str, str] | None = None) -> list[Bar]:
    """Give each (label, value) a colour: from ``colours`` by label, else the palette in order."""
    colours = colours or {}
    return [(label, value, colours.get(label, colour(i))) for i, (label, value) in enumerate(items)]


class _Chart(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._data: list[Bar] = []
        self.empty_text = self.tr("暂无数据")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, data: Sequence[Bar]) -> None:
        self._data = [(str(label), max(0, int(value)), str(c)) for label, value, c in data]
        tip = "\n".join(self.tr("{0}：{1}").format(label, value) for label, value, _c in self._data)
        self.setToolTip(plain_tip(tip))  # the labels can be units' names
        self.updateGeometry()
        self.update()

    def data(self) -> list[Bar]:
        return list(self._data)

    def clear(self) -> None:
        self.set_data([])

    @property
    def total(self) -> int:
        return sum(v for _l, v, _c in self._data)

    def _line(self) -> int:
        return self.fontMetrics().height()

    def _title_height(self) -> int:
        return int(self._line() * 1.5) if self.title else 0

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(240, self.sizeHint().height())

    def _begin_paint(self) -> tuple[QPainter, QColor]:
        """A painter with the text colour set and the title drawn; the caller ends it."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        painter.setPen(text_colour)
        self._paint_title(painter)
        return painter, text_colour

    def _paint_title(self, painter: QPainter) -> None:
        if self.title:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRectF(0, 0, self.width(), self._line() * 1.3),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
            font.setBold(False)
            painter.setFont(font)


class BarChart(_Chart):
    """Horizontal bars, one per category: label on the left, value at the bar's end."""

    def _row_height(self) -> int:
        return int(self._line() * 1.6)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = max(1, len(self._data))
        return QSize(360, self._title_height() + rows * self._row_height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter, text_colour = self._begin_paint()
        top = self._title_height()
        metrics = self.fontMetrics()
        if not self._data:
            painter.drawText(QRectF(0, top, self.width(), self._row_height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.empty_text)
            painter.end()
            return
        label_width = min(max(metrics.horizontalAdvance(label) for label, _v, _c in self._data) + 10,
                          self.width() // 2)
        value_width = metrics.horizontalAdvance(str(max(v for _l, v, _c in self._data))) + 12
        span = max(1.0, self.width() - label_width - value_width)
        biggest = max(1, max(v for _l, v, _c in self._data))
        row = self._row_height()
        for i, (label, value, fill) in enumerate(self._data):
            y = top + i * row
            painter.setPen(text_colour)
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(QRectF(0, y, label_width - 6, row),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)
            length = span * value / biggest
            bar = QRectF(label_width, y + row * 0.18, max(length, 1.5 if value else 0.0), row * 0.64)
            painter.fillRect(bar, QColor(fill))
            painter.drawText(QRectF(label_width + length + 4, y, value_width, row),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.end()


class StackedBar(_Chart):
    """One horizontal bar split by category, with a legend (label and count) underneath."""

    def _bar_height(self) -> int:
        return int(self._line() * 1.8)

    def _legend_height(self) -> int:
        rows = -(-len(self._data) // LEGEND_COLUMNS)
        return rows * int(self._line() * 1.5)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, self._title_height() + self._bar_height() + 8 + self._legend_height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter, text_colour = self._begin_paint()
        top = self._title_height()
        bar_height = self._bar_height()
        total = self.total
        if not total:
            painter.drawText(QRectF(0, top, self.width(), bar_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.empty_text)
            painter.end()
            return
        metrics = self.fontMetrics()
        x = 0.0
        width = float(self.width() - 1)
        for _label, value, fill in self._data:
            part = width * value / total
            if part > 0:
                rect = QRectF(x, top, part, bar_height)
                painter.fillRect(rect, QColor(fill))
                text = str(value)
                if metrics.horizontalAdvance(text) + 6 < part:
                    painter.setPen(QColor("white"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += part
        swatch = self._line()
        cell = self.width() / LEGEND_COLUMNS
        for i, (label, value, fill) in enumerate(self._data):
            x = cell * (i % LEGEND_COLUMNS)
            y = top + bar_height + 8 + (i // LEGEND_COLUMNS) * int(swatch * 1.5)
            painter.fillRect(QRectF(x, y + swatch * 0.2, swatch * 0.8, swatch * 0.8), QColor(fill))
            painter.setPen(text_colour)
            text = metrics.elidedText(f"{label} {value}", Qt.TextElideMode.ElideRight, int(cell - swatch - 8))
            painter.drawText(QRectF(x + swatch + 2, y, cell - swatch - 4, swatch * 1.2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()
