"""The main window: a navigation for the round's work, a list per record kind, editors on demand.

Pages load their data through the executor when first shown after an unlock, and are cleared
(models emptied, filters reset, editors closed) when the vault locks, so no record text stays
in any widget while the vault is locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldType
from app.domain.records import CHECK_KINDS, KINDS, KindSpec, Record, kind_spec
from app.storage.vault import Vault
from app.ui.editor import EditorContext, RecordEditor, load_editor_context
from app.ui.models import IdRole, RecordFilterProxy, RecordTableModel
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, Op, Task

Index = QModelIndex | QPersistentModelIndex

APP_TITLE = "巡察工作台"
FILTER_DELAY_MS = 150
SEARCH_DELAY_MS = 250
ROW_HEIGHT_FACTOR = 1.7


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    kinds: tuple[str, ...] = ()


NAVIGATION = (
    NavEntry("overview", "概览"),
    NavEntry("interview", "谈话记录", ("interview",)),
    NavEntry("petition", "信访登记", ("petition",)),
    NavEntry("lead", "问题线索", ("lead",)),
    NavEntry("document", "调阅资料", ("document",)),
    NavEntry("paper", "问题底稿", ("paper",)),
    NavEntry("problems", "反馈问题与整改", ("problem", "rectification")),
    NavEntry("handover", "移交", ("handover",)),
    NavEntry("people", "人员", ("team", "member", "unit", "person", "round")),
    NavEntry("search", "检索"),
    NavEntry("packages", "交接包与文书"),
)


class LabelCache:
    """id -> label of records, per kind, loaded once per kind for REF columns; dropped on lock."""

    def __init__(self) -> None:
        self._labels: dict[str, dict[str, str]] = {}

    def has(self, kind: str) -> bool:
        return kind in self._labels

    def put(self, kind: str, labels: dict[str, str]) -> None:
        self._labels[kind] = labels

    def update(self, record: Record) -> None:
        if record.KIND in self._labels:
            if record.deleted:
                self._labels[record.KIND].pop(record.id, None)
            else:
                self._labels[record.KIND][record.id] = record.label()

    def merged(self, kinds: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for kind in kinds:
            out.update(self._labels.get(kind, {}))
        return out

    def clear(self) -> None:
        self._labels.clear()


def ref_kinds(model: RecordTableModel) -> set[str]:
    return {f.ref for f in model.fields if f.type in (FieldType.REF, FieldType.REFS) and f.ref}


class KindListPage(QWidget):
    """The list of one record kind: filter, table, new and delete.

    Signals:
        open_requested(str, str): kind and record id ("" for a new record).
        changed(): records were deleted (the overview's counts are stale).
    """

    open_requested = Signal(str, str)
    changed = Signal()

    def __init__(self, spec: KindSpec, executor: DbExecutor, labels: LabelCache,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.executor = executor
        self.labels = labels
        self.loaded = False
        self.loading = False
        self._sort: tuple[int, Qt.SortOrder] | None = None
        #: Asked before deleting; tests replace it.
        self.confirm: Callable[[str], bool] = self._ask

        self.model = RecordTableModel(spec, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(f"筛选{spec.label}…")
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.count_label = QLabel(self)
        self.new_button = QPushButton(f"新建{spec.label}", self)
        self.new_button.clicked.connect(lambda: self.open_requested.emit(spec.name, ""))
        self.delete_button = QPushButton("删除", self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.refresh_button = QPushButton("刷新", self)
        self.refresh_button.clicked.connect(self.reload)

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring: 30,000 rows
        vertical.setDefaultSectionSize(int(self.fontMetrics().height() * ROW_HEIGHT_FACTOR))
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(150)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(lambda col, order: setattr(self, "_sort", (col, order)))
        self.view.setSortingEnabled(True)
        self.view.activated.connect(self._open_index)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        top.addSpacing(12)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._update_buttons()

    # --- loading -----------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded and not self.loading:
            self.reload()

    def reload(self) -> Op[Any] | None:
        if self.loading:
            return None
        kind = self.spec.name
        wanted = {k for k in ref_kinds(self.model) if not self.labels.has(k)}

        def work(task: Task) -> tuple[list[Record], dict[str, dict[str, str]]]:
            vault = task.vault
            records = vault.records.list(kind)
            task.check_cancelled()
            labels = {k: {r.id: r.label() for r in vault.records.iter(k)} for k in wanted}
            return records, labels

        self.loading = True
        self.count_label.setText("正在加载…")
        return (Op(self, work, executor=self.executor)
                .on_success(self._loaded)
                .on_finished(self._load_finished)
                .start())

    def _loaded(self, result: tuple[list[Record], dict[str, dict[str, str]]]) -> None:
        records, labels = result
        for kind, mapping in labels.items():
            self.labels.put(kind, mapping)
        self.model.set_ref_labels(self.labels.merged(ref_kinds(self.model)))
        self.model.set_records(records)
        if self._sort is not None and self._sort[0] >= 0:
            self.model.sort(*self._sort)
        self.loaded = True
        self._update_count()

    def _load_finished(self) -> None:
        self.loading = False
        if not self.loaded:
            self.count_label.setText("")

    def refresh_labels(self) -> None:
        self.model.set_ref_labels(self.labels.merged(ref_kinds(self.model)))

    def clear(self) -> None:
        """Drop every record and anything typed (locking)."""
        self._filter_timer.stop()
        self.filter_edit.clear()
        self.proxy.set_filter_text("")
        self.model.clear()
        self.loaded = False
        self.count_label.setText("")

    # --- showing -----------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.proxy.set_filter_text(self.filter_edit.text())
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(f"共 {total} 条" if shown == total else f"显示 {shown} / {total} 条")

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.view.selectionModel().hasSelection())

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.spec.name, str(index.data(IdRole)))

    def apply_saved(self, record: Record) -> None:
        if self.loaded:
            self.model.update_record(record)
            self._update_count()

    def selected_ids(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows()
        return [str(index.data(IdRole)) for index in rows]

    # --- deleting ----------------------------------------------------------------------------

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, "确认删除", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> Op[Any] | None:
        ids = self.selected_ids()
        if not ids:
            return None
        labels = [self.model.record(self.model.row_of(i) or 0).label() for i in ids[:5]]
        more = f"等 {len(ids)} 条" if len(ids) > 5 else ""
        text = (f"删除{self.spec.label}：{'、'.join(labels)}{more}？\n\n"
                "删除的记录从列表中移去，但保留在修改历史中。")
        if not self.confirm(text):
            return None

        def work(task: Task) -> list[str]:
            for record_id in ids:
                task.vault.records.delete(record_id)
            return ids

        def done(deleted: list[str]) -> None:
            for record_id in deleted:
                self.model.remove_record(record_id)
            self._update_count()
            self.changed.emit()

        return Op(self, work, executor=self.executor).on_success(done).start()


class KindTabsPage(QTabWidget):
    """Several kinds' lists under one navigation entry."""

    def __init__(self, pages: list[KindListPage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        for page in pages:
            self.addTab(page, page.spec.label)
        self.currentChanged.connect(lambda _i: self.ensure_loaded())

    def ensure_loaded(self) -> None:
        page = self.currentWidget()
        if isinstance(page, KindListPage):
            page.ensure_loaded()


class OverviewPage(QWidget):
    """Counts of records per kind (charts and progress come later)."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = False
        layout = QVBoxLayout(self)
        self.heading = QLabel("本保密库概览", self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.info = QLabel(self)
        layout.addWidget(self.info)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.values: dict[str, QLabel] = {}
        plural_kinds = [*CHECK_KINDS, "conflicts"]
        for i, kind in enumerate(plural_kinds):
            card = QFrame(self)
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setMinimumWidth(150)
            inner = QVBoxLayout(card)
            title = "待处理冲突" if kind == "conflicts" else kind_spec(kind).label
            inner.addWidget(QLabel(title, card))
            value = QLabel("—", card)
            value_font = value.font()
            value_font.setPointSizeF(value_font.pointSizeF() * 1.8)
            value.setFont(value_font)
            inner.addWidget(value)
            plural = "conflicts" if kind == "conflicts" else kind_spec(kind).plural
            self.values[plural] = value
            grid.addWidget(card, i // 5, i % 5)
        layout.addLayout(grid)
        layout.addStretch(1)

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> Op[Any]:
        def work(task: Task) -> tuple[dict[str, int], str, str]:
            vault = task.vault
            role = "巡察办保密库" if vault.info.role == "office" else "巡察组保密库"
            return vault.counts(), role, vault.info.owner

        return Op(self, work, executor=self.executor).on_success(self._loaded).start()

    def _loaded(self, result: tuple[dict[str, int], str, str]) -> None:
        counts, role, owner = result
        for plural, label in self.values.items():
            label.setText(str(counts.get(plural, 0)))
        self.info.setText(f"{role}　使用人：{owner or '—'}")
        self.loaded = True

    def clear(self) -> None:
        for label in self.values.values():
            label.setText("—")
        self.info.clear()
        self.loaded = False


class SearchResultsModel(QAbstractListModel):
    """Search hits as a list: kind, title and the matching field's snippet."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Any:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            snippet = hit.marked("【", "】").replace("\n", " ")
            return f"［{KINDS[hit.kind].label}］{hit.title}　{hit.field_label}：{snippet}"
        if role == IdRole:
            return hit.record_id
        return None


class SearchPage(QWidget):
    """Full-text search over the vault, results as you type.

    Signals:
        open_requested(str, str): kind and record id of the chosen hit.
    """

    open_requested = Signal(str, str)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("输入要检索的文字（一个字也可以），结果随输入显示")
        self.query.setClearButtonEnabled(True)
        self.model = SearchResultsModel(self)
        self.results = QListView(self)
        self.results.setModel(self.model)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.activated.connect(self._open)
        self.status = QLabel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._open_first)
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def search(self) -> Op[Any] | None:
        text = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text or self.executor.vault is None:
            self.model.set_hits([])
            self.status.clear()
            return None

        def done(hits: list[Any]) -> None:
            if generation == self._generation:  # a newer query has been typed meanwhile
                self.model.set_hits(hits)
                self.status.setText(f"找到 {len(hits)} 条" if hits else "没有找到匹配的记录")

        return (Op(self, lambda task: task.vault.search(text, limit=200), executor=self.executor)
                .on_success(done).start())

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            hit = self.model.hit(index.row())
            self.open_requested.emit(hit.kind, hit.record_id)

    def _open_first(self) -> None:
        current = self.results.currentIndex()
        self._open(current if current.isValid() else self.model.index(0, 0))

    def clear(self) -> None:
        self._timer.stop()
        self._generation += 1
        self.query.clear()
        self.model.set_hits([])
        self.status.clear()


class PlaceholderPage(QWidget):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)


class MainWindow(QMainWindow):
    """The working window of an unlocked vault.

    Signals:
        lock_requested(): the user asked to lock (Ctrl+L).
        closed(): the user closed the window (the application should quit).
    """

    lock_requested = Signal()
    closed = Signal()

    def __init__(self, executor: DbExecutor, *, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.settings = settings or Settings()
        self.labels = LabelCache()
        self.editors: dict[str, RecordEditor] = {}
        self._new_editors = 0
        self._layout_restored = False
        self.setWindowTitle(APP_TITLE)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(240)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; }"
                               " QListWidget#navigation::item { padding: 7px 10px; }")
        self.stack = QStackedWidget(self)
        self.list_pages: dict[str, KindListPage] = {}
        self.pages: dict[str, QWidget] = {}
        for entry in NAVIGATION:
            page = self._make_page(entry)
            self.pages[entry.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(entry.label, self.nav)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
        self.nav.currentRowChanged.connect(self._show_page)

        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        self.setCentralWidget(splitter)

        self.busy_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.busy_label)
        executor.busy_changed.connect(lambda busy: self.busy_label.setText("正在处理…" if busy else ""))

        QShortcut(QKeySequence("Ctrl+L"), self, self.lock_requested.emit)
        QShortcut(QKeySequence.StandardKey.Find, self, self.show_search)
        QShortcut(QKeySequence.StandardKey.New, self, self._new_in_current)
        self.nav.setCurrentRow(0)
        self.resize(1200, 760)

    # --- pages -------------------------------------------------------------------------------

    def _make_page(self, entry: NavEntry) -> QWidget:
        if entry.kinds:
            pages = []
            for kind in entry.kinds:
                page = KindListPage(kind_spec(kind), self.executor, self.labels, self)
                page.open_requested.connect(self.open_record)
                page.changed.connect(self._data_changed)
                self.list_pages[kind] = page
                pages.append(page)
            return pages[0] if len(pages) == 1 else KindTabsPage(pages, self)
        if entry.key == "overview":
            self.overview = OverviewPage(self.executor, self)
            return self.overview
        if entry.key == "search":
            self.search_page = SearchPage(self.executor, self)
            self.search_page.open_requested.connect(self.open_record)
            return self.search_page
        return PlaceholderPage("交接包与文书：导出和导入交接包、打印谈话记录和反馈意见、生成台账。\n"
                               "这部分随交接包与文书功能提供。", self)

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        self._ensure_current_loaded()

    def _ensure_current_loaded(self) -> None:
        if self.executor.vault is None:
            return
        page = self.stack.currentWidget()
        ensure = getattr(page, "ensure_loaded", None)
        if callable(ensure):
            ensure()

    def current_key(self) -> str:
        return NAVIGATION[self.stack.currentIndex()].key

    def show_page(self, key: str) -> None:
        for row, entry in enumerate(NAVIGATION):
            if entry.key == key:
                self.nav.setCurrentRow(row)
                return
        raise KeyError(key)

    def show_search(self) -> None:
        self.show_page("search")
        self.search_page.query.setFocus()
        self.search_page.query.selectAll()

    def _new_in_current(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, KindTabsPage):
            page = page.currentWidget()
        if isinstance(page, KindListPage):
            self.open_record(page.spec.name, "")

    def _data_changed(self) -> None:
        self.overview.loaded = False

    # --- vault lifecycle -----------------------------------------------------------------------

    def attach(self, vault: Vault) -> None:
        """Show a freshly unlocked vault; pages load when shown."""
        self.setWindowTitle(f"{APP_TITLE} — {vault.path.name}")
        self._ensure_current_loaded()

    def clear_for_lock(self) -> None:
        """Close every editor (dropping its content) and empty every model and page."""
        for editor in list(self.editors.values()):
            editor.discard()
        self.editors.clear()
        for page in self.list_pages.values():
            page.clear()
        self.overview.clear()
        self.search_page.clear()
        self.labels.clear()
        self.statusBar().clearMessage()
        self.setWindowTitle(APP_TITLE)

    # --- editors -----------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: str, initial: dict[str, Any] | None = None) -> Op[Any] | None:
        """Open the editor of a record (``record_id`` "" for a new one of ``kind``)."""
        existing = self.editors.get(record_id) if record_id else None
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return None

        def work(task: Task) -> EditorContext:
            vault = task.vault
            return load_editor_context(vault, kind or vault.records.kind_of(record_id), record_id or None, initial)

        return Op(self, work, executor=self.executor).on_success(self._show_editor).start()

    def _show_editor(self, ctx: EditorContext) -> RecordEditor:
        if ctx.record.id and ctx.record.id in self.editors:
            editor = self.editors[ctx.record.id]
        else:
            editor = RecordEditor(ctx, self.executor, self)
            editor.setWindowFlag(Qt.WindowType.Window, True)
            if ctx.record.id:
                key = ctx.record.id
            else:
                self._new_editors += 1
                key = f"new:{self._new_editors}"
            self.editors[key] = editor
            editor.saved.connect(lambda record, e=editor: self._editor_saved(e, record))
            editor.open_record_requested.connect(lambda rid: self.open_record("", rid))
            editor.destroyed.connect(lambda _obj=None, e=editor: self._forget_editor(e))
            editor.finished.connect(lambda _code, e=editor: self._forget_editor(e))
        editor.show()
        editor.raise_()
        return editor

    def _forget_editor(self, editor: RecordEditor) -> None:
        for key, value in list(self.editors.items()):
            if value is editor:
                del self.editors[key]

    def _editor_saved(self, editor: RecordEditor, record: Record) -> None:
        for key, value in list(self.editors.items()):  # a new record's editor is now keyed by its id
            if value is editor and key != record.id:
                del self.editors[key]
                self.editors[record.id] = editor
        page = self.list_pages.get(record.KIND)
        if page is not None:
            page.apply_saved(record)
        self.labels.update(record)
        for other in self.list_pages.values():
            if record.KIND in ref_kinds(other.model):
                other.refresh_labels()
        self._data_changed()

    # --- layout ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if not self._layout_restored:
            self._layout_restored = True
            geometry = self.settings.window_geometry
            if not geometry.isEmpty():
                self.restoreGeometry(geometry)
            state = self.settings.window_state
            if not state.isEmpty():
                self.restoreState(state)
        super().showEvent(event)

    def save_layout(self) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        for editor in list(self.editors.values()):
            if not editor.close():
                event.ignore()
                return
        self.save_layout()
        super().closeEvent(event)
        self.closed.emit()
