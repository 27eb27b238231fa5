"""Open conflicts: fields whose concurrent writes disagree, for a person to settle.

A conflict arises when two vaults changed the same field of the same record without seeing each
other's change (docs/vault.md, "Writes, merge and conflicts"). Until someone decides, the value
with the later stamp is shown everywhere; the page lists every open conflict with all its
values, who wrote each (the author, and the device named by the stamp: this vault or a trusted
one) and when (the stamp's clock time). Resolving picks one value or a combined text and calls
``RecordStore.resolve``: one new write whose bases are all the disagreeing values, so the
resolution is itself a change that travels in the next package and settles the conflict in the
other vaults too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import Stamp
from app.domain.fields import FieldSpec, FieldType
from app.domain.records import kind_spec
from app.services.history import stored_value
from app.storage.store import DELETED, Version
from app.storage.vault import Vault
from app.ui import i18n
from app.ui.packages.texts import ERROR_COLOUR, OK_COLOUR, error_text, fit_column, set_status, stamp_time
from app.ui.records.history import DELETED_LABEL, EMPTY_VALUE, elide, value_text
from app.ui.records.models import RowsModel
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets.plain import PlainLabel, plain_tip

Index = QModelIndex | QPersistentModelIndex

#: Fields whose values can be combined by editing text.
EDITABLE_TYPES = (FieldType.TEXT, FieldType.LONGTEXT)
#: A value is shown to this many characters under its choice (the tooltip has all of it).
VALUE_CHARS = 400
MERGED_SEPARATOR = {FieldType.TEXT: "；", FieldType.LONGTEXT: "\n\n"}


def _history_word(text: str) -> str:
    """The words the page shares with the history (the deletion mark, an empty value), translated."""
    return QCoreApplication.translate("HistoryDialog", text)


@dataclass(frozen=True)
class ConflictValue:
    """One of the disagreeing values of a field, with who wrote it and when."""

    stamp: str
    value: Any  # as the record holds it (what resolve is given back)
    text: str
    author: str
    device: str
    source: str  # the device as people know it: this vault, a trusted key's owner, or its id
    when: str
    current: bool  # the value shown until the conflict is resolved

    @property
    def who(self) -> str:
        if self.author and self.source and self.author != self.source:
            return QCoreApplication.translate("ConflictsPage", "{0}（{1}）").format(self.author, self.source)
        return self.author or self.source


@dataclass(frozen=True)
class ConflictRow:
    record_id: str
    kind: str
    kind_label: str
    record_label: str
    field: str
    field_label: str
    field_type: FieldType | None
    values: tuple[ConflictValue, ...]

    @property
    def editable(self) -> bool:
        return self.field_type in EDITABLE_TYPES

    @property
    def latest(self) -> str:
        return max((v.when for v in self.values), default="")


def device_names(vault: Vault) -> dict[str, str]:
    """device id -> how to name it: this vault, or the owner of a trusted key."""
    names = {k.device_id: k.owner or k.device_id[:8] for k in vault.keys.all_trusted()}
    names[vault.info.device_id] = QCoreApplication.translate("ConflictsPage", "本机")
    return names


def load_conflicts(vault: Vault) -> list[ConflictRow]:
    """Every open conflict as rows ready to show; runs on the worker (translate is thread-safe)."""
    names = device_names(vault)
    labels: dict[str, str] = {}
    rows = []
    for conflict in vault.records.conflicts():
        spec = kind_spec(conflict.kind)
        fs: FieldSpec | None = None if conflict.field == DELETED else spec.field(conflict.field)
        record = vault.records.find(conflict.record_id)
        values = []
        for version, current in [(conflict.winner, True), *((v, False) for v in conflict.losers)]:
            values.append(_value(vault, fs, version, current, names, labels))
        field_label = i18n.field_label(fs) if fs is not None else _history_word(DELETED_LABEL)
        rows.append(ConflictRow(conflict.record_id, conflict.kind, i18n.kind_label(spec),
                                record.label() if record is not None else conflict.record_id[:8],
                                conflict.field, field_label,
                                fs.type if fs is not None else None, tuple(values)))
    return rows


def _value(vault: Vault, fs: FieldSpec | None, version: Version, current: bool, names: dict[str, str],
           labels: dict[str, str]) -> ConflictValue:
    if fs is None:
        text = (QCoreApplication.translate("ConflictsPage", "是") if version.value
                else QCoreApplication.translate("ConflictsPage", "否"))
    else:
        text = value_text(stored_value(vault, fs, fs.to_storage(version.value), labels))
    try:
        device = Stamp.parse(version.stamp).device
    except ValueError:
        device = ""
    source = names.get(device) or QCoreApplication.translate("ConflictsPage", "设备 {0}").format(device[:8])
    return ConflictValue(version.stamp, version.value, text, version.author, device, source,
                         stamp_time(version.stamp), current)


class ConflictsModel(RowsModel[ConflictRow]):
    """Open conflicts: 类型, 记录, 字段, 当前值, 其他值, 最近修改."""

    def columns(self) -> tuple[str, ...]:
        return (self.tr("类型"), self.tr("记录"), self.tr("字段"), self.tr("当前值"), self.tr("其他值"),
                self.tr("最近修改"))

    def row_of(self, record_id: str, field: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.record_id == record_id and r.field == field), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        current = row.values[0]
        others = row.values[1:]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 3:
                return elide(current.text or _history_word(EMPTY_VALUE))
            if column == 4:
                return elide(" ｜ ".join(v.text or _history_word(EMPTY_VALUE) for v in others))
            return (row.kind_label, row.record_label, row.field_label, "", "", row.latest)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            shown = [current] if column == 3 else list(others)
            empty = _history_word(EMPTY_VALUE)
            return plain_tip("\n\n".join(self.tr("{0}\n—— {1}，{2}").format(v.text or empty, v.who, v.when)
                                          for v in shown))
        return None



class ConflictsPage(QWidget):
    """Every open conflict, and the choice that resolves the selected one.

    Signals:
        count_changed(int): the number of open conflicts (for the navigation label).
        resolved(str): a record's conflict was resolved (its list and the overview are stale).
        open_requested(str, str): kind and id of a record to open.
    """

    count_changed = Signal(int)
    resolved = Signal(str)
    open_requested = Signal(str, str)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = False
        self._generation = 0
        self.value_buttons: list[QRadioButton] = []
        self.value_labels: list[QLabel] = []

        layout = QVBoxLayout(self)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = ConflictsModel(self)
        self.view = QTableView(splitter)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((80, 150, 90, 230, 230)):
            header.resizeSection(column, width)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_choice())
        self.view.activated.connect(lambda _index: self.open_selected())
        splitter.addWidget(self.view)

        self.choice_box = QGroupBox(self.tr("处理所选冲突"), splitter)
        choice = QVBoxLayout(self.choice_box)
        self.choice_title = PlainLabel(self.choice_box)
        self.choice_title.setWordWrap(True)
        choice.addWidget(self.choice_title)
        self.values_layout = QVBoxLayout()
        choice.addLayout(self.values_layout)
        self.value_group = QButtonGroup(self.choice_box)
        self.merge_radio = QRadioButton(self.tr("合并编辑（在下面写出采用的文字）："), self.choice_box)
        self.merge_edit = QPlainTextEdit(self.choice_box)
        self.merge_edit.setMaximumHeight(int(self.fontMetrics().height() * 6))
        self.merge_edit.textChanged.connect(self._merge_typed)
        self.value_group.addButton(self.merge_radio)
        choice.addWidget(self.merge_radio)
        choice.addWidget(self.merge_edit)
        self.value_group.buttonToggled.connect(lambda *_: self._update_buttons())
        row = QHBoxLayout()
        self.resolve_button = QPushButton(self.tr("采用所选，解决冲突"), self.choice_box)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.open_button = QPushButton(self.tr("打开记录"), self.choice_box)
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.resolve_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        choice.addLayout(row)
        self.result = PlainLabel(self.choice_box)
        self.result.setWordWrap(True)
        choice.addWidget(self.result)
        choice.addStretch(1)
        splitter.addWidget(self.choice_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self._show_choice()

    # --- loading -------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> Op[list[ConflictRow]]:
        generation = self._generation
        return (Op(self, lambda task: load_conflicts(task.vault), executor=self.executor)
                .on_success(lambda rows: self._loaded(rows) if generation == self._generation else None)
                .start())

    def refresh_count(self) -> Op[int]:
        """Only the count (after an unlock or an import), for the navigation label."""
        generation = self._generation
        return (Op(self, lambda task: task.vault.records.conflict_count(), executor=self.executor)
                .on_success(lambda n: self.count_changed.emit(n) if generation == self._generation else None)
                .start())

    def _loaded(self, rows: list[ConflictRow]) -> None:
        selected = self.selected_row()
        self.model.set_rows(rows)
        fit_column(self.view, 0, [r.kind_label for r in rows])
        fit_column(self.view, 2, [r.field_label for r in rows])
        self.loaded = True
        if rows:
            self.status.setText(self.tr("待处理冲突 {0} 处：两台设备在互不知情时改了同一字段。"
                                        "处理前以时间较晚的值为准；处理结果随下一个交接包发给其他保密库。")
                                .format(len(rows)))
        else:
            self.status.setText(self.tr("没有待处理的冲突。"))
        again = self.model.row_of(selected.record_id, selected.field) if selected is not None else None
        if rows:
            self.view.selectRow(again if again is not None else 0)
        self._show_choice()
        self.count_changed.emit(len(rows))

    def clear(self) -> None:
        """Drop every value (locking)."""
        self._generation += 1
        self.loaded = False
        self.model.clear()
        self.status.clear()
        self.result.clear()
        self._show_choice()

    # --- choosing ------------------------------------------------------------------------------

    def selected_row(self) -> ConflictRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def _show_choice(self) -> None:
        for button in self.value_buttons:
            self.value_group.removeButton(button)
        widgets: list[QRadioButton | QLabel] = [*self.value_buttons, *self.value_labels]
        for widget in widgets:
            self.values_layout.removeWidget(widget)
            widget.setText("")  # no record text lingers until the deferred delete
            widget.setToolTip("")
            widget.hide()
            widget.deleteLater()
        self.value_buttons = []
        self.value_labels = []
        row = self.selected_row()
        self.merge_edit.blockSignals(True)
        self.merge_edit.clear()
        self.merge_edit.blockSignals(False)
        if row is None:
            self.choice_title.setText(self.tr("在上面选择一处冲突。") if self.model.rowCount() else "")
            self.merge_radio.hide()
            self.merge_edit.hide()
            self._update_buttons()
            return
        self.choice_title.setText(self.tr("{0}“{1}”的“{2}”有 {3} 个不同的值，请选择采用哪一个：").format(
            row.kind_label, row.record_label, row.field_label, len(row.values)))
        for value in row.values:
            mark = self.tr("（当前显示）") if value.current else ""
            button = QRadioButton(self.tr("{0}，{1}{2}").format(value.who, value.when, mark), self.choice_box)
            text = PlainLabel(elide(value.text or _history_word(EMPTY_VALUE), VALUE_CHARS), self.choice_box)
            text.setWordWrap(True)
            text.setContentsMargins(24, 0, 0, 4)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setToolTip(plain_tip(value.text))
            self.value_group.addButton(button)
            self.values_layout.addWidget(button)
            self.values_layout.addWidget(text)
            self.value_buttons.append(button)
            self.value_labels.append(text)
        self.merge_radio.setVisible(row.editable)
        self.merge_edit.setVisible(row.editable)
        if row.editable and row.field_type is not None:
            joined = MERGED_SEPARATOR[row.field_type].join(dict.fromkeys(v.text for v in row.values if v.text))
            self.merge_edit.blockSignals(True)
            self.merge_edit.setPlainText(joined)
            self.merge_edit.blockSignals(False)
        self._update_buttons()

    def choose(self, index: int) -> None:
        """Pick the ``index``-th value (0 is the one currently shown)."""
        self.value_buttons[index].setChecked(True)

    def choose_merged(self, text: str) -> None:
        self.merge_radio.setChecked(True)
        self.merge_edit.setPlainText(text)

    def _merge_typed(self) -> None:
        if self.merge_edit.isVisible() or self.merge_edit.toPlainText():
            self.merge_radio.setChecked(True)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        picked = any(b.isChecked() for b in self.value_buttons) or (self.merge_radio.isChecked()
                                                                     and row is not None and row.editable)
        self.resolve_button.setEnabled(row is not None and picked)
        self.open_button.setEnabled(row is not None)

    def chosen_value(self) -> tuple[Any, str] | None:
        """(value to resolve with, its text) from the selection, or None when nothing is picked."""
        row = self.selected_row()
        if row is None:
            return None
        for button, value in zip(self.value_buttons, row.values, strict=True):
            if button.isChecked():
                return value.value, value.text
        if self.merge_radio.isChecked() and row.editable:
            text = self.merge_edit.toPlainText().strip()
            if row.field_type is FieldType.TEXT:
                text = " ".join(text.split())
            return text, text
        return None

    # --- resolving -----------------------------------------------------------------------------

    def resolve_selected(self) -> Op[None] | None:
        row = self.selected_row()
        chosen = self.chosen_value()
        if row is None or chosen is None:
            return None
        value, text = chosen
        generation = self._generation

        def work(task: Task) -> None:
            task.vault.records.resolve(row.record_id, row.field, value)

        def done(_none: None) -> None:
            if generation != self._generation:
                return
            message = self.tr("已解决：{0}“{1}”的“{2}”采用“{3}”。这一处理会随下一个交接包发给其他保密库。").format(
                row.kind_label, row.record_label, row.field_label, elide(text or _history_word(EMPTY_VALUE), 40))
            set_status(self.result, message, OK_COLOUR)
            self.resolved.emit(row.record_id)
            self.reload()

        def failed(error: BaseException) -> None:
            message = error_text(error)
            if message is None:
                report_error(self, error)
            elif generation == self._generation:
                set_status(self.result, self.tr("未能解决：{0}").format(message), ERROR_COLOUR)

        return Op(self, work, executor=self.executor).on_success(done).on_error(failed).start()

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_requested.emit(row.kind, row.record_id)
