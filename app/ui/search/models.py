"""The search page's item models: hits in score order, and hits grouped by record kind.

A hit's text is the record's, never markup: the plain forms mark matches with 【】, the rich form
(:data:`HtmlRole`, painted by :class:`app.ui.search.delegate.RichTextDelegate`) escapes the text
first and only then makes the marks bold.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.domain.records import KINDS
from app.storage.search import MARK_END, MARK_START, SearchHit
from app.ui.i18n import kind_label, kind_plural, label_text
from app.ui.records.models import IdRole
from app.ui.widgets.plain import plain_tip

Index = QModelIndex | QPersistentModelIndex


#: Rich text of a hit (snippet matches in <b>); the delegate paints it.
HtmlRole = Qt.ItemDataRole.UserRole + 20
#: The record kind of a hit or a group.
KindRole = Qt.ItemDataRole.UserRole + 21
MARK_OPEN = '<b style="background-color:#fff0a8; color:#8a1c1c;">'
MARK_CLOSE = "</b>"


def field_part(hit: SearchHit) -> str:
    """The field a hit was found in, between the record's title and the snippet."""
    return QCoreApplication.translate("SearchPage", "　{0}：").format(label_text(hit.field_label))


def hit_text(hit: SearchHit) -> str:
    snippet = hit.marked("【", "】").replace("\n", " ")
    return f"{hit.title}{field_part(hit)}{snippet}"


def highlighted(snippet: str) -> str:
    """The snippet as rich text: the record's text escaped first, then the marks made bold."""
    escaped = html.escape(snippet.replace("\n", " "), quote=False)
    return escaped.replace(MARK_START, MARK_OPEN).replace(MARK_END, MARK_CLOSE)


def hit_html(hit: SearchHit) -> str:
    title = html.escape(hit.title, quote=False)
    field = html.escape(field_part(hit), quote=False)
    return f'<span class="title">{title}</span><span class="field">{field}</span>{highlighted(hit.snippet)}'


class SearchResultsModel(QAbstractListModel):
    """Search hits as a flat list in score order (plain text, matches in 【】; copying, tests)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("［{0}］{1}").format(kind_label(KINDS[hit.kind]), hit_text(hit))
        if role == IdRole:
            return hit.record_id
        return None


class GroupedHitsModel(QAbstractItemModel):
    """Search hits as a two-level tree: a row per record kind (label and count), hits beneath.

    Kinds come in the order of their best hit; a group's internal id is 0, a hit's is its
    group's row + 1.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, list[SearchHit]]] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        groups: dict[str, list[SearchHit]] = {}
        for hit in hits:
            groups.setdefault(hit.kind, []).append(hit)
        self.beginResetModel()
        self._groups = list(groups.items())
        self.endResetModel()

    def hit(self, index: Index) -> SearchHit | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def first_hit_index(self) -> QModelIndex:
        return self.index(0, 0, self.index(0, 0)) if self._groups else QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or not 0 <= parent.row() < len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0 and 0 <= parent.row() < len(self._groups):
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            kind, hits = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr("{0}（{1}）").format(kind_plural(KINDS[kind]), len(hits))
            if role == KindRole:
                return kind
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        hit = self.hit(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit_text(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(hit_text(hit))
        if role == HtmlRole:
            return hit_html(hit)
        if role == IdRole:
            return hit.record_id
        if role == KindRole:
            return hit.kind
        return None
