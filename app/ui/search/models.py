"""The search page's item models: hits in score order, and hits grouped by kind with true counts.

A hit's text is the record's, never markup: the plain forms mark matches with 【】, the rich form
(:data:`HtmlRole`, painted by :class:`app.ui.search.delegate.RichTextDelegate`) escapes the text
first and only then makes the marks bold.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.records import KINDS
from app.services.search import SearchResult
from app.storage.search import MARK_END, MARK_START, KindHits, SearchHit
from app.ui.i18n import kind_label, kind_plural, label_text
from app.ui.records.models import IdRole
from app.ui.widgets.plain import plain_tip

Index = QModelIndex | QPersistentModelIndex


#: Rich text of a hit (snippet matches in <b>); the delegate paints it.
HtmlRole = Qt.ItemDataRole.UserRole + 20
#: The record kind of a hit or a group.
KindRole = Qt.ItemDataRole.UserRole + 21
#: True on a group's "show more" row.
MoreRole = Qt.ItemDataRole.UserRole + 22
MORE_COLOUR = "#1f4e79"
MARK_OPEN = '<b style="background-color:#fff0a8; color:#8a1c1c;">'
MARK_CLOSE = "</b>"


def field_part(hit: SearchHit) -> str:
    """The field a hit was found in, between the record's title and the snippet."""
    return QCoreApplication.translate("SearchPage", "　{0}：").format(label_text(hit.field_label))


def unit_part(hit: SearchHit) -> str:
    """The unit the record belongs to, after its title (records of many units share titles), and for a
    lower office's finding its round and team."""
    if hit.origin:
        return QCoreApplication.translate("SearchPage", "（{0}；来自{1}）").format(hit.unit, hit.origin)
    return QCoreApplication.translate("SearchPage", "（{0}）").format(hit.unit) if hit.unit else ""


def hit_text(hit: SearchHit) -> str:
    snippet = hit.marked("【", "】").replace("\n", " ")
    return f"{hit.title}{unit_part(hit)}{field_part(hit)}{snippet}"


def highlighted(snippet: str) -> str:
    """The snippet as rich text: the record's text escaped first, then the marks made bold."""
    escaped = html.escape(snippet.replace("\n", " "), quote=False)
    return escaped.replace(MARK_START, MARK_OPEN).replace(MARK_END, MARK_CLOSE)


def hit_html(hit: SearchHit) -> str:
    title = html.escape(hit.title, quote=False)
    unit = html.escape(unit_part(hit), quote=False)
    field = html.escape(field_part(hit), quote=False)
    return (f'<span class="title">{title}</span><span class="field">{unit}{field}</span>'
            f'{highlighted(hit.snippet)}')


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


@dataclass
class _Group:
    """One kind's rows in :class:`GroupedHitsModel` (mutable: "show more" appends to it)."""

    kind: str
    count: int
    exact: bool
    hits: list[SearchHit]
    has_more: bool = False
    remaining: int = 0  # what the "show more" row says; updated after rows are inserted

    def __post_init__(self) -> None:
        self.has_more = len(self.hits) < self.count or (not self.exact and bool(self.hits))
        self.remaining = self.count - len(self.hits)

    @property
    def rows(self) -> int:
        return len(self.hits) + (1 if self.has_more else 0)


def group_title(kind: str, count: int, exact: bool) -> str:
    """A group's heading: the kind's name and how many of its records match."""
    if exact:
        return QCoreApplication.translate("SearchPage", "{0}（{1}）").format(kind_plural(KINDS[kind]), count)
    return QCoreApplication.translate("SearchPage", "{0}（至少 {1}）").format(kind_plural(KINDS[kind]), count)


def more_text(remaining: int, exact: bool) -> str:
    """The last row of a group that has more matches than it shows."""
    if exact:
        return QCoreApplication.translate("SearchPage", "显示更多（还有 {0} 条）").format(remaining)
    return QCoreApplication.translate("SearchPage", "显示更多")


class GroupedHitsModel(QAbstractItemModel):
    """Search results as a two-level tree: a row per record kind (its name and true count), its
    hits beneath, and a last "show more" row while the kind has more matches than are shown.

    Kinds come in the order of their best hit; a group's internal id is 0, a child's is its
    group's row + 1.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        """Group a flat list of hits (each kind's count is its number of hits)."""
        groups: dict[str, list[SearchHit]] = {}
        for hit in hits:
            groups.setdefault(hit.kind, []).append(hit)
        self.set_result(SearchResult("", tuple(KindHits(k, len(h), True, tuple(h)) for k, h in groups.items())))

    def set_result(self, result: SearchResult) -> None:
        self.beginResetModel()
        self._groups = [_Group(g.kind, g.count, g.exact, list(g.hits)) for g in result.groups]
        self.endResetModel()

    def add_hits(self, more: KindHits) -> None:
        """Append a "show more" page to its kind's group (hits already shown are not repeated)."""
        row = next((r for r, g in enumerate(self._groups) if g.kind == more.kind), None)
        if row is None:
            return
        group = self._groups[row]
        shown = {h.record_id for h in group.hits}
        new = [h for h in more.hits if h.record_id not in shown]
        parent = self.index(row, 0)
        if new:
            self.beginInsertRows(parent, len(group.hits), len(group.hits) + len(new) - 1)
            group.hits.extend(new)
            self.endInsertRows()
        group.count, group.exact = max(more.count, len(group.hits)), more.exact
        group.remaining = group.count - len(group.hits)
        # A page that brings nothing new ends the group even when its count is a lower bound.
        still_more = bool(new) and (len(group.hits) < group.count or not group.exact)
        if group.has_more and not still_more:
            self.beginRemoveRows(parent, len(group.hits), len(group.hits))
            group.has_more = False
            self.endRemoveRows()
        self.dataChanged.emit(parent, parent)
        if group.has_more:
            more_index = self.index(len(group.hits), 0, parent)
            self.dataChanged.emit(more_index, more_index)

    def hits(self) -> list[SearchHit]:
        return [h for g in self._groups for h in g.hits]

    def hit(self, index: Index) -> SearchHit | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        hits = self._groups[index.internalId() - 1].hits
        return hits[index.row()] if index.row() < len(hits) else None

    def more_kind(self, index: Index) -> str | None:
        """The kind whose "show more" row ``index`` is, else None."""
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1]
        return group.kind if group.has_more and index.row() == len(group.hits) else None

    def shown(self, kind: str) -> int:
        return next((len(g.hits) for g in self._groups if g.kind == kind), 0)

    def totals(self) -> tuple[int, bool]:
        """(matches in all, exact): the sum of the groups' true counts."""
        return sum(g.count for g in self._groups), all(g.exact for g in self._groups)

    def first_hit_index(self) -> QModelIndex:
        return self.index(0, 0, self.index(0, 0)) if self._groups else QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or not 0 <= parent.row() < len(self._groups):
            return QModelIndex()
        if row >= self._groups[parent.row()].rows:
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
            return self._groups[parent.row()].rows
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
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return group_title(group.kind, group.count, group.exact)
            if role == KindRole:
                return group.kind
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        kind = self.more_kind(index)
        if kind is not None:
            group = self._groups[index.internalId() - 1]
            if role == Qt.ItemDataRole.DisplayRole:
                return more_text(group.remaining, group.exact)
            if role == KindRole:
                return kind
            if role == MoreRole:
                return True
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(MORE_COLOUR))
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
