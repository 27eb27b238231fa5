"""The main window: a navigation for the round's work, a list per record kind, editors on demand.

Pages load their data through the executor when first shown after an unlock, and are cleared
(models emptied, filters reset, editors closed) when the vault locks, so no record text stays
in any widget while the vault is locked.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QCloseEvent,
    QFont,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.domain.fields import FieldType
from app.domain.records import KINDS, KindSpec, Record, Setting, kind_spec
from app.domain.rules import Deadlines
from app.services.drafts import Draft, DraftContent, take_draft
from app.services.editing import EditorContext, load_editor_context
from app.storage.search import MARK_END, MARK_START, SearchHit
from app.storage.vault import Vault
from app.ui.documents.intake_dialog import IntakeDialog
from app.ui.documents.reports import ReportsPage, add_print_button
from app.ui.i18n import kind_label, kind_plural, label_text, list_separator, setting_warning
from app.ui.overview import OverviewPage
from app.ui.packages.conflicts import ConflictsPage
from app.ui.packages.export_wizard import SELECTION_EXPORT, add_export_selected
from app.ui.packages.import_page import PackagesPage
from app.ui.preferences import PreferencesDialog
from app.ui.records.editor import RecordEditor
from app.ui.records.models import IdRole, RecordFilterProxy, RecordRole, RecordTableModel
from app.ui.security.audit_log import AuditLogDialog
from app.ui.security.locking import copy_text
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, Op, Task
from app.ui.widgets.plain import PlainLabel, information, message_box, plain_tip

Index = QModelIndex | QPersistentModelIndex

FILTER_DELAY_MS = 150
SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 200
ROW_HEIGHT_FACTOR = 1.7
#: Kinds whose lists show a deadline state column (docs/domain.md §3.6).
DUE_KINDS = ("rectification", "lead")


def app_title() -> str:
    return QCoreApplication.translate("MainWindow", "巡察工作台 {0}").format(__version__)


@dataclass(frozen=True)
class NavEntry:
    """One entry of the navigation; ``label`` is the Chinese source text (see :attr:`title`)."""

    key: str
    label: str
    kinds: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The label in the interface language."""
        return QCoreApplication.translate("MainWindow", self.label)


NAVIGATION = (
    NavEntry("overview", str(QT_TRANSLATE_NOOP("MainWindow", "概览"))),
    NavEntry("interview", str(QT_TRANSLATE_NOOP("MainWindow", "谈话记录")), ("interview",)),
    NavEntry("petition", str(QT_TRANSLATE_NOOP("MainWindow", "信访登记")), ("petition",)),
    NavEntry("lead", str(QT_TRANSLATE_NOOP("MainWindow", "问题线索")), ("lead",)),
    NavEntry("document", str(QT_TRANSLATE_NOOP("MainWindow", "调阅资料")), ("document",)),
    NavEntry("paper", str(QT_TRANSLATE_NOOP("MainWindow", "问题底稿")), ("paper",)),
    NavEntry("problems", str(QT_TRANSLATE_NOOP("MainWindow", "反馈问题与整改")), ("problem", "rectification")),
    NavEntry("handover", str(QT_TRANSLATE_NOOP("MainWindow", "移交")), ("handover",)),
    NavEntry("people", str(QT_TRANSLATE_NOOP("MainWindow", "人员")), ("team", "member", "unit", "person", "round")),
    NavEntry("search", str(QT_TRANSLATE_NOOP("MainWindow", "检索"))),
    NavEntry("packages", str(QT_TRANSLATE_NOOP("MainWindow", "交接包"))),
    NavEntry("reports", str(QT_TRANSLATE_NOOP("MainWindow", "文书与台账"))),
    NavEntry("conflicts", str(QT_TRANSLATE_NOOP("MainWindow", "冲突"))),
)


@dataclass
class Session:
    """Where the user was when the vault locked; holds ids and blob hashes, never record text.

    Attributes:
        page: the navigation key shown.
        selected: kind -> the record id selected in its list.
        editors: (kind, record id) of editors open without unsaved edits.
        pending: editors' unsaved edits, only until the closing op has saved them or written
            them as drafts (then emptied).
        drafts: what became of the pending edits (a saved record, or a draft blob).
    """

    page: str = "overview"
    selected: dict[str, str] = field(default_factory=dict)
    editors: list[tuple[str, str]] = field(default_factory=list)
    pending: list[tuple[str, Record, dict[str, Any]]] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)


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

    def forget(self, kinds: tuple[str, ...]) -> None:
        for kind in kinds:
            self._labels.pop(kind, None)


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
        #: Today's date for deadline states; tests pass a fixed one.
        self.today: Callable[[], dt.date] = dt.date.today

        self.model = RecordTableModel(spec, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("筛选{0}…").format(kind_plural(spec)))
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.count_label = PlainLabel(self)
        self.new_button = QPushButton(self.tr("新建{0}").format(kind_label(spec)), self)
        self.new_button.clicked.connect(lambda: self.open_requested.emit(spec.name, ""))
        self.delete_button = QPushButton(self.tr("删除"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.clicked.connect(self.reload)
        self.copy_button = QPushButton(self.tr("复制"), self)
        self.copy_button.setToolTip(self.tr("复制选中的行（Ctrl+C；锁定时或稍后自动清除）"))
        self.copy_button.clicked.connect(self.copy_selected)
        self.show_deleted = QCheckBox(self.tr("显示已删除"), self)
        self.show_deleted.setToolTip(self.tr("把已删除的记录（灰色、划线）也列出来，可选中后恢复"))
        self.show_deleted.toggled.connect(self._show_deleted_toggled)
        self.restore_button = QPushButton(self.tr("恢复"), self)
        self.restore_button.setToolTip(self.tr("恢复选中的已删除记录（恢复也记入修改历史）"))
        self.restore_button.clicked.connect(self.restore_selected)
        #: A record to select once the list has loaded (returning after an unlock).
        self.pending_select = ""

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
        for column in range(self.model.columnCount()):  # a header wider than that (English) is not cut off
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(150, header.fontMetrics().horizontalAdvance(title) + 24))
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(lambda col, order: setattr(self, "_sort", (col, order)))
        self.view.setSortingEnabled(True)
        self.view.activated.connect(self._open_index)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        copy_shortcut = QShortcut(QKeySequence.StandardKey.Copy, self.view, self.copy_selected)
        copy_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)  # asks first, like the button
        self.delete_button.setToolTip(self.tr("删除选中的记录（Delete 键；先确认，删除后仍保留在修改历史中）"))

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        top.addSpacing(12)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.restore_button)
        top.addWidget(self.copy_button)
        top.addWidget(self.refresh_button)
        top.addWidget(self.show_deleted)
        self.toolbar = top  # others add actions here (export_wizard.add_export_selected)
        #: A deadline setting out of its range, replaced by the default (app/domain/settings.py).
        self.notice = PlainLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b9770e;")
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
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

        with_due = kind in DUE_KINDS
        with_deleted = self.show_deleted.isChecked()

        def work(task: Task) -> tuple[list[Record], dict[str, dict[str, str]], list[Setting] | None]:
            vault = task.vault
            records = vault.records.list(kind, include_deleted=with_deleted)
            task.check_cancelled()
            labels = {k: {r.id: r.label() for r in vault.records.iter(k)} for k in wanted}
            settings = vault.records.list(Setting) if with_due else None
            return records, labels, settings

        self.loading = True
        self.count_label.setText(self.tr("正在加载…"))
        return (Op(self, work, executor=self.executor)
                .on_success(self._loaded)
                .on_finished(self._load_finished)
                .start())

    def _loaded(self, result: tuple[list[Record], dict[str, dict[str, str]], list[Setting] | None]) -> None:
        records, labels, settings = result
        if settings is not None:
            first = self.model.deadlines is None
            deadlines = Deadlines.from_settings(settings, self.today)
            self.model.set_deadlines(deadlines)
            problems = deadlines.problems_for(self.spec.name)
            self.notice.setText("\n".join(setting_warning(p) for p in problems))
            self.notice.setToolTip("\n".join(str(p.problem) for p in problems))
            self.notice.setVisible(bool(problems))
            header = self.view.horizontalHeader()
            if first:  # the deadline state first, where the eye starts (it is the last model column)
                header.moveSection(header.visualIndex(self.model.due_column), 0)
                header.resizeSection(self.model.due_column, 90)
        for kind, mapping in labels.items():
            self.labels.put(kind, mapping)
        self.model.set_ref_labels(self.labels.merged(ref_kinds(self.model)))
        self.model.set_records(records)
        if self._sort is not None and self._sort[0] >= 0:
            self.model.sort(*self._sort)
        self.loaded = True
        self._update_count()
        self._update_buttons()  # a reset drops the selection without a selectionChanged
        if self.pending_select:
            self.select_record(self.pending_select)
            self.pending_select = ""

    def select_record(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def copy_selected(self) -> None:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        if not rows:
            return
        columns = range(self.proxy.columnCount())
        lines = ["\t".join(str(self.proxy.index(r, c).data() or "") for c in columns) for r in rows]
        copy_text("\n".join(lines))

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
        self.pending_select = ""
        self.count_label.setText("")
        self.notice.clear()
        self.notice.setToolTip("")
        self.notice.hide()

    # --- showing -----------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.proxy.set_filter_text(self.filter_edit.text())
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(self.tr("共 {0} 条").format(total) if shown == total
                                 else self.tr("显示 {0} / {1} 条").format(shown, total))

    def _show_deleted_toggled(self, _on: bool) -> None:
        self.reload()
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.view.selectionModel().hasSelection()
        with_deleted = self.show_deleted.isChecked()
        # Only a list showing deleted records needs to look at what is selected (it may be 30,000 rows).
        records = self.selected_records() if with_deleted and selected else []
        self.delete_button.setEnabled(any(not r.deleted for r in records) if with_deleted else selected)
        self.copy_button.setEnabled(selected)
        self.restore_button.setVisible(with_deleted)
        self.restore_button.setEnabled(any(r.deleted for r in records))

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

    def selected_records(self) -> list[Record]:
        return [record for index in self.view.selectionModel().selectedRows()
                if isinstance(record := index.data(RecordRole), Record)]

    # --- deleting ----------------------------------------------------------------------------

    def _ask(self, text: str) -> bool:
        box = message_box(QMessageBox.Icon.Question, self.tr("确认删除"), text, self)
        delete = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is delete

    def delete_selected(self) -> Op[Any] | None:
        ids = [r.id for r in self.selected_records() if not r.deleted]
        if not ids:
            return None
        labels = [self.model.record(self.model.row_of(i) or 0).label() for i in ids[:5]]
        more = self.tr("等 {0} 条").format(len(ids)) if len(ids) > 5 else ""
        text = self.tr("删除{0}：{1}{2}？\n\n删除的记录从列表中移去，但保留在修改历史中。").format(
            kind_label(self.spec), list_separator().join(labels), more)
        if not self.confirm(text):
            return None

        def work(task: Task) -> list[str]:
            for record_id in ids:
                task.vault.records.delete(record_id)
            return ids

        def done(deleted: list[str]) -> None:
            if self.show_deleted.isChecked():
                self.reload()  # they stay listed, now grey
            else:
                for record_id in deleted:
                    self.model.remove_record(record_id)
                self._update_count()
            self.changed.emit()

        return Op(self, work, executor=self.executor).on_success(done).start()

    def restore_selected(self) -> Op[Any] | None:
        """Undo deletions: the records come back as they were (a change that travels in packages)."""
        ids = [r.id for r in self.selected_records() if r.deleted]
        if not ids:
            return None

        def work(task: Task) -> list[str]:
            for record_id in ids:
                task.vault.records.restore(record_id)
            return ids

        def done(_restored: list[str]) -> None:
            self.reload()
            self.changed.emit()

        return Op(self, work, executor=self.executor).on_success(done).start()


class KindTabsPage(QTabWidget):
    """Several kinds' lists under one navigation entry."""

    def __init__(self, pages: list[KindListPage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        for page in pages:
            self.addTab(page, kind_plural(page.spec))
        self.currentChanged.connect(lambda _i: self.ensure_loaded())

    def ensure_loaded(self) -> None:
        page = self.currentWidget()
        if isinstance(page, KindListPage):
            page.ensure_loaded()


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


#: Colours of a hit's title and field label, except on a selected row (highlighted text there).
HIT_STYLE = ".title { color: #1f4e79; } .field { color: #777777; }"


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

        def done(hits: list[SearchHit]) -> None:
            if generation == self._generation:  # a newer query has been typed meanwhile
                self.set_hits(hits)
                kinds = self.grouped.rowCount()
                self.status.setText(self.tr("找到 {0} 条，分属 {1} 类记录").format(len(hits), kinds) if hits
                                    else self.tr("没有找到匹配的记录"))

        return (Op(self, lambda task: task.vault.search(text, limit=SEARCH_LIMIT), executor=self.executor)
                .on_success(done).start())

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.model.set_hits(hits)
        self.grouped.set_hits(hits)
        self.results.expandAll()
        first = self.grouped.first_hit_index()
        if first.isValid():
            self.results.setCurrentIndex(first)

    def _open(self, index: QModelIndex) -> None:
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


class MainWindow(QMainWindow):
    """The working window of an unlocked vault.

    Signals:
        lock_requested(): the user asked to lock (Ctrl+L).
        closed(): the user closed the window (the application should quit).
    """

    lock_requested = Signal()
    closed = Signal()
    settings_changed = Signal()

    def __init__(self, executor: DbExecutor, *, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.settings = settings or Settings()
        self.labels = LabelCache()
        self.editors: dict[str, RecordEditor] = {}
        self._new_editors = 0
        self._layout_restored = False
        self.setWindowTitle(app_title())
        self.intake_dialog: IntakeDialog | None = None
        self.audit_dialog: AuditLogDialog | None = None

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
            item = QListWidgetItem(entry.title, self.nav)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
        self.nav.currentRowChanged.connect(self._show_page)

        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        self.setCentralWidget(splitter)

        self.busy_label = PlainLabel(self)
        self.statusBar().addPermanentWidget(self.busy_label)
        executor.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("正在处理…") if busy else ""))

        menu = self.menuBar().addMenu(self.tr("工作台(&W)"))
        self.lock_action = menu.addAction(self.tr("锁定(&L)"))
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested.emit)
        self.addAction(self.lock_action)
        preferences = menu.addAction(self.tr("设置(&S)…"))
        preferences.triggered.connect(self.edit_preferences)
        self.intake_action = menu.addAction(self.tr("从 Excel 导入(&I)…"))
        self.intake_action.triggered.connect(self.show_intake)
        self.audit_action = menu.addAction(self.tr("操作日志(&H)…"))
        self.audit_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.audit_action.triggered.connect(self.show_audit_log)
        menu.addSeparator()
        quit_action = menu.addAction(self.tr("退出(&Q)"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
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
                if kind in SELECTION_EXPORT:  # "导出所选…": the packages page's export dialog, preset
                    add_export_selected(page, lambda: self.packages_page.export_panel.open_dialog())
                self.list_pages[kind] = page
                pages.append(page)
            return pages[0] if len(pages) == 1 else KindTabsPage(pages, self)
        if entry.key == "overview":
            self.overview = OverviewPage(self.executor, self)
            self.overview.open_requested.connect(self.open_record)
            return self.overview
        if entry.key == "search":
            self.search_page = SearchPage(self.executor, self)
            self.search_page.open_requested.connect(self.open_record)
            return self.search_page
        if entry.key == "packages":
            self.packages_page = PackagesPage(self.executor, self)
            self.packages_page.imported.connect(self._records_arrived)
            self.packages_page.show_conflicts.connect(lambda: self.show_page("conflicts"))
            return self.packages_page
        if entry.key == "conflicts":
            self.conflicts_page = ConflictsPage(self.executor, self)
            self.conflicts_page.count_changed.connect(self._show_conflict_count)
            self.conflicts_page.resolved.connect(lambda _id: self._records_arrived(conflicts=False))
            self.conflicts_page.open_requested.connect(self.open_record)
            return self.conflicts_page
        if entry.key == "reports":
            self.reports_page = ReportsPage(self.executor, self)
            return self.reports_page
        raise ValueError(entry.key)

    def show_reports(self, key: str, record_id: str = "") -> None:
        """The documents page with document ``key`` for ``record_id``, generated."""
        self.show_page("reports")
        self.reports_page.prepare(key, record_id)

    def _print_interview(self, editor: RecordEditor) -> None:
        if not editor.record.id:
            information(editor, self.tr("打印谈话记录"), self.tr("请先保存谈话记录，再打印。"))
            return
        if editor.dirty:
            self.statusBar().showMessage(self.tr("打印的是已保存的内容；未保存的修改不在其中"), 8000)
        self.show_reports("interview", editor.record.id)
        self.raise_()
        self.activateWindow()

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

    def _records_arrived(self, conflicts: bool = True) -> None:
        """An import or a resolution changed records anywhere: every list reloads when next shown."""
        for page in self.list_pages.values():
            page.loaded = False
        self.labels.clear()
        self.overview.loaded = False
        if conflicts:
            self.conflicts_page.loaded = False
            self.conflicts_page.refresh_count()
        self._ensure_current_loaded()

    def _show_conflict_count(self, count: int) -> None:
        for row, entry in enumerate(NAVIGATION):
            if entry.key == "conflicts":
                self.nav.item(row).setText(self.tr("{0}（{1}）").format(entry.title, count) if count else entry.title)

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.settings_changed.emit()

    def show_intake(self) -> IntakeDialog:
        if self.intake_dialog is None:
            self.intake_dialog = IntakeDialog(self.executor, self)
            self.intake_dialog.imported.connect(self._records_imported)
        self.intake_dialog.show()
        self.intake_dialog.raise_()
        self.intake_dialog.activateWindow()
        return self.intake_dialog

    def show_audit_log(self) -> AuditLogDialog:
        """The vault-wide audit log, non-modal, loaded afresh each time it is opened."""
        if self.audit_dialog is None:
            self.audit_dialog = AuditLogDialog(self.executor, self)
            self.audit_dialog.open_record_requested.connect(self.open_record)
        self.audit_dialog.reload()
        self.audit_dialog.show()
        self.audit_dialog.raise_()
        self.audit_dialog.activateWindow()
        return self.audit_dialog

    def _records_imported(self, kinds: tuple[str, ...]) -> None:
        self.labels.forget(kinds)
        for page in self.list_pages.values():
            if page.loaded and (page.spec.name in kinds or ref_kinds(page.model) & set(kinds)):
                page.reload()
        self._data_changed()

    # --- vault lifecycle -----------------------------------------------------------------------

    def attach(self, vault: Vault) -> None:
        """Show a freshly unlocked vault; pages load when shown."""
        self.setWindowTitle(f"{app_title()} — {vault.path.name}")
        self._ensure_current_loaded()
        self.conflicts_page.refresh_count()

    def capture_session(self) -> Session:
        """Where the user is, and every editor's unsaved edits (to be saved or kept as drafts)."""
        session = Session(page=self.current_key())
        for kind, page in self.list_pages.items():
            ids = page.selected_ids() if page.loaded else []
            if ids:
                session.selected[kind] = ids[0]
        for editor in self.editors.values():
            if editor.dirty:
                session.pending.append((editor.spec.name, editor.record, editor.values()))
            elif editor.record.id:
                session.editors.append((editor.spec.name, editor.record.id))
        return session

    def restore_session(self, session: Session) -> None:
        """Back where the user was: the page, the selected rows, the editors, the drafts."""
        for kind, record_id in session.selected.items():
            self.list_pages[kind].pending_select = record_id
        self.show_page(session.page)
        for page in self.list_pages.values():
            if page.loaded and page.pending_select:  # loaded by attach() before we got here
                page.select_record(page.pending_select)
                page.pending_select = ""
        for kind, record_id in session.editors:
            self.open_record(kind, record_id)
        for draft in session.drafts:
            self.open_record(draft.kind, draft.record_id, draft=draft)
        session.editors.clear()
        session.drafts.clear()

    def clear_for_lock(self) -> None:
        """Close every editor (dropping its content) and empty every model and page."""
        for editor in list(self.editors.values()):
            editor.discard()
        self.editors.clear()
        if self.intake_dialog is not None:
            self.intake_dialog.discard()
        if self.audit_dialog is not None:
            self.audit_dialog.discard()
        for page in self.list_pages.values():
            page.clear()
        self.overview.clear()
        self.search_page.clear()
        self.packages_page.clear()
        self.conflicts_page.clear()
        self._show_conflict_count(0)
        self.reports_page.clear()
        self.labels.clear()
        self.statusBar().clearMessage()
        self.setWindowTitle(app_title())

    # --- editors -----------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: str, initial: dict[str, Any] | None = None, *,
                    draft: Draft | None = None) -> Op[Any] | None:
        """Open the editor of a record (``record_id`` "" for a new one of ``kind``); with a
        ``draft``, put the edits kept over a lock back into it."""
        existing = self.editors.get(record_id) if record_id else None
        if existing is not None and draft is None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return None

        def work(task: Task) -> tuple[EditorContext, DraftContent | None]:
            ctx = load_editor_context(task.vault, kind, record_id or None, initial)
            values = take_draft(task.vault, draft.key) if draft is not None and draft.key else None
            return ctx, values

        def show(result: tuple[EditorContext, DraftContent | None]) -> None:
            ctx, values = result
            editor = self._show_editor(ctx)
            if values is not None and draft is not None:
                editor.apply_draft(values, draft.reason)

        return Op(self, work, executor=self.executor).on_success(show).start()

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
            buttons = editor.history_button.parent()
            if ctx.record.KIND == "interview" and isinstance(buttons, QDialogButtonBox):
                add_print_button(buttons, lambda e=editor: self._print_interview(e))  # type: ignore[misc]
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
            for kind, page in self.list_pages.items():
                header_state = self.settings.list_header(kind)
                if not header_state.isEmpty():
                    page.view.horizontalHeader().restoreState(header_state)
        super().showEvent(event)

    def save_layout(self) -> None:
        """Window geometry, and each list's column order and widths, for the next start."""
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        for kind, page in self.list_pages.items():
            self.settings.set_list_header(kind, page.view.horizontalHeader().saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        for editor in list(self.editors.values()):
            if not editor.close():
                event.ignore()
                return
        self.save_layout()
        super().closeEvent(event)
        self.closed.emit()
