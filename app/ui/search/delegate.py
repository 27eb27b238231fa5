"""Painting a search hit: its rich text (matches in bold) on one line of an item view."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.records.models import ROW_HEIGHT_FACTOR
from app.ui.search.models import HtmlRole

Index = QModelIndex | QPersistentModelIndex

#: Colours of a hit's title and field label, except on a selected row (highlighted text there).
HIT_STYLE = ".title { color: #1f4e79; } .field { color: #777777; }"


class RichTextDelegate(QStyledItemDelegate):
    """Paints an item's HtmlRole through a QTextDocument, on one line (else the plain text)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rich = index.data(HtmlRole)
        if not rich:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if not selected:
            doc.setDefaultStyleSheet(HIT_STYLE)
        doc.setHtml(rich)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        if selected:
            context.palette.setColor(QPalette.ColorRole.Text, opt.palette.highlightedText().color())
        painter.save()
        top = rect.top() + max(0.0, (rect.height() - doc.size().height()) / 2)
        painter.translate(rect.left() + 2, top)
        painter.setClipRect(QRectF(0, 0, rect.width() - 2, rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 - Qt override
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), int(option.fontMetrics.height() * ROW_HEIGHT_FACTOR)))
