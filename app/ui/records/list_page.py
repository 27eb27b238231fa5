"""The record lists: one page per kind (filter, table, new, delete, restore), tabs of several kinds.

A page loads its records through the worker (:func:`app.services.records.load_list`) when first
shown after an unlock, with the labels of the records its reference columns point to (kept in a
:class:`LabelCache` shared by the pages) and, for kinds with deadline states, the settings they are
read from (docs/domain.md §3.6). ``clear()`` empties it when the vault locks.

It stays current through the executor's one change signal (:meth:`KindListPage.records_changed`): a few
records of its kind written anywhere are fetched and their rows replaced; more, or a change to the kinds
its columns name, reload the list, keeping the selection (a list not on screen, when next shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldType
from app.domain.records import KindSpec, Record
from app.domain.rules import Deadlines
from app.services.records import Changes, RecordList, delete_records, fetch_records, load_list, restore_records
from app.ui.i18n import kind_label, kind_plural, list_separator, setting_warning
from app.ui.records.models import ROW_HEIGHT_FACTOR, IdRole, RecordFilterProxy, RecordRole, RecordTableModel
from app.ui.security.locking import copy_text
from app.ui.tasks import DbExecutor, Op, Task
from app.ui.widgets.plain import PlainLabel, message_box

FILTER_DELAY_MS = 150
#: Kinds whose lists show a deadline state column (docs/domain.md §3.6).
DUE_KINDS = ("rectification", "lead")
#: Up to this many records of a list's kind written at once are fetched row by row; more reload the list.
ROW_UPDATES = 200


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
    """

    open_requested = Signal(str, str)

    def __init__(self, spec: KindSpec, executor: DbExecutor, labels: LabelCache,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.executor = executor
        self.labels = labels
        self.loaded = False
        self.loading = False
        #: Records changed while a load was under way: load again when it is done.
        self._stale = False
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
        self._filter_timer.timeout.connect(self._refilter)
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

        def work(task: Task) -> RecordList:
            return load_list(task.vault, kind, include_deleted=with_deleted, label_kinds=wanted,
                             with_settings=with_due, progress=task.progress)

        self.loading = True
        self._stale = False
        if not self.loaded:
            self.count_label.setText(self.tr("正在加载…"))
        keep = self.selected_ids()
        if keep and not self.pending_select:
            self.pending_select = keep[0]
        return (Op(self, work, executor=self.executor)
                .on_success(self._loaded)
                .on_finished(self._load_finished)
                .start())

    def _loaded(self, result: RecordList) -> None:
        records, labels, settings = result.records, result.labels, result.settings
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
        if self._stale:
            self.reload()

    def records_changed(self, changes: Changes) -> None:
        """Records were written somewhere (the executor's one change signal): show them as stored now."""
        refs = ref_kinds(self.model)
        if not changes.touches({self.spec.name, *refs}):
            return
        if self.loading:
            self._stale = True
            return
        if not self.loaded:
            return  # loads when shown
        ids = changes.ids_of(self.spec.name)
        if (ids is None or len(ids) > ROW_UPDATES or changes.touches(refs) or self.show_deleted.isChecked()
                or self.model.deadlines is not None and changes.touches({"setting"})):
            if self.isVisible():
                self.reload()
            else:
                self.loaded = False  # a whole list is read again only when it is shown
        elif ids:
            self._update_rows(ids)  # a few rows: at once, shown or not

    def _update_rows(self, ids: frozenset[str]) -> Op[Any]:
        kind = self.spec.name

        def shown(records: list[Record]) -> None:
            if not self.loaded:
                return  # locked or reloaded meanwhile
            for record in records:
                self.model.update_record(record)
            self._update_count()
            self._update_buttons()

        return (Op(self, lambda task: fetch_records(task.vault, kind, ids), executor=self.executor)
                .on_success(shown).start())

    def refresh_labels(self) -> None:
        self.model.set_ref_labels(self.labels.merged(ref_kinds(self.model)))

    def clear(self) -> None:
        """Drop every record and anything typed (locking)."""
        self._filter_timer.stop()
        self.filter_edit.clear()
        self.proxy.set_filter_text("")
        self.model.clear()
        self.loaded = False
        self.loading = False  # an op dropped by the lock never calls back
        self._stale = False
        self.pending_select = ""
        self.count_label.setText("")
        self.notice.clear()
        self.notice.setToolTip("")
        self.notice.hide()

    # --- showing -----------------------------------------------------------------------------

    def _refilter(self) -> None:
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

        # The rows go (or turn grey) through records_changed, like every other change.
        return Op(self, lambda task: delete_records(task.vault, ids), executor=self.executor).start()

    def restore_selected(self) -> Op[Any] | None:
        """Undo deletions: the records come back as they were (a change that travels in packages)."""
        ids = [r.id for r in self.selected_records() if r.deleted]
        if not ids:
            return None
        return Op(self, lambda task: restore_records(task.vault, ids), executor=self.executor).start()


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
