"""The 检索 page: full-text search as you type, results grouped by kind with the matches in bold.

The search runs on the worker (:func:`app.services.search.search_grouped`): every kind that
matches shows its true count and its best hits, and "显示更多" under a kind brings its next page
(:func:`app.services.search.more_of_kind`). A result that arrives after a newer query was typed is
dropped. When records are written anywhere the query shown runs again (:meth:`SearchPage.records_changed`).
``clear()`` empties it when the vault locks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from app.services.search import SearchResult, more_of_kind, search_grouped
from app.storage.search import KindHits, SearchHit
from app.ui.search.delegate import RichTextDelegate
from app.ui.search.models import GroupedHitsModel, SearchResultsModel
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.plain import PlainLabel

SEARCH_DELAY_MS = 200


class SearchPage(QWidget):
    """Full-text search over the vault: results as you type, grouped by kind, matches in bold.

    Signals:
        open_requested(str, str): kind and record id of the chosen hit.
    """

    open_requested = Signal(str, str)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("输入要检索的文字（一个字也可以），结果随输入显示；回车打开选中的记录"))
        self.query.setClearButtonEnabled(True)
        #: The hits in score order; ``grouped`` shows them by kind.
        self.model = SearchResultsModel(self)
        self.grouped = GroupedHitsModel(self)
        self.results = QTreeView(self)
        self.results.setModel(self.grouped)
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(True)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.activated.connect(self._open)
        self.status = PlainLabel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._open_first)
        QShortcut(QKeySequence(Qt.Key.Key_Down), self.query, self._to_results,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self._generation = 0
        self._text = ""  # the query whose results are shown ("show more" asks it again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def search(self) -> Op[Any] | None:
        self._timer.stop()
        text = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text or self.executor.vault is None:
            self.set_hits([])
            self.status.clear()
            return None

        def done(result: SearchResult) -> None:
            if generation == self._generation:  # a newer query has been typed meanwhile
                self.set_result(result)

        return Op(self, lambda task: search_grouped(task.vault, text),
                  executor=self.executor).on_success(done).start()

    def records_changed(self, _changes: object = None) -> Op[Any] | None:
        """Records were written (the executor's ``records_changed``, dispatched by the window): the query
        shown runs again, so its hits and counts are never stale."""
        if not self._text or self._timer.isActive():  # nothing shown, or a new query is about to run
            return None
        return self.search()

    def set_result(self, result: SearchResult) -> None:
        self._text = result.text
        self.grouped.set_result(result)
        self.model.set_hits(self.grouped.hits())
        self.results.expandAll()
        first = self.grouped.first_hit_index()
        if first.isValid():
            self.results.setCurrentIndex(first)
        self._show_count()

    def _show_count(self) -> None:
        groups = self.grouped.rowCount()
        total, exact = self.grouped.totals()
        if not groups:
            self.status.setText(self.tr("没有找到匹配的记录") if self._text else "")
        elif exact:
            self.status.setText(self.tr("找到 {0} 条，分属 {1} 类记录").format(total, groups))
        else:
            self.status.setText(self.tr("找到至少 {0} 条，分属 {1} 类记录").format(total, groups))

    def set_hits(self, hits: list[SearchHit]) -> None:
        """Show a flat list of hits, grouped (each kind counted by its hits); blank for a lock."""
        self._text = ""
        self.model.set_hits(hits)
        self.grouped.set_hits(hits)
        self.results.expandAll()
        first = self.grouped.first_hit_index()
        if first.isValid():
            self.results.setCurrentIndex(first)

    def show_more(self, kind: str) -> Op[Any] | None:
        """The next page of ``kind``'s hits, appended under its group."""
        text, generation = self._text, self._generation
        if not text or self.executor.vault is None:
            return None
        shown = self.grouped.shown(kind)

        def done(more: KindHits | None) -> None:
            if generation == self._generation and more is not None:
                self.grouped.add_hits(more)
                self.model.set_hits(self.grouped.hits())
                self._show_count()

        return Op(self, lambda task: more_of_kind(task.vault, text, kind, shown),
                  executor=self.executor).on_success(done).start()

    def _open(self, index: QModelIndex) -> None:
        kind = self.grouped.more_kind(index)
        if kind is not None:
            self.show_more(kind)
            return
        hit = self.grouped.hit(index)
        if hit is not None:
            self.open_requested.emit(hit.kind, hit.record_id)

    def _open_first(self) -> None:
        if self._timer.isActive():  # Enter before the debounce fired: search now, then open
            self.search()
        current = self.results.currentIndex()
        self._open(current if self.grouped.hit(current) is not None else self.grouped.first_hit_index())

    def _to_results(self) -> None:
        self.results.setFocus()
        if not self.results.currentIndex().isValid():
            self.results.setCurrentIndex(self.grouped.first_hit_index())

    def clear(self) -> None:
        self._timer.stop()
        self._generation += 1
        self.query.clear()
        self._timer.stop()  # clearing the text restarted it
        self.set_hits([])
        self.status.clear()
