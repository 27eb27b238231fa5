"""A table field's input: the rows of 谈话提纲及回答, 佐证材料清单, 回避申报… edited in place.

It builds on app/ui/records/inputs.py's FieldInput, like every other input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldSpec
from app.ui.i18n import label_text
from app.ui.records.inputs import FieldInput

Index = QModelIndex | QPersistentModelIndex


class TableFieldModel(QAbstractTableModel):
    """An editable small table: a list of dicts with the columns a ROWS field declares."""

    def __init__(self, columns: tuple[tuple[str, str], ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[dict[str, str]] = []

    def set_rows(self, rows: list[dict[str, str]]) -> None:
        self.beginResetModel()
        self._rows = [{k: str(r.get(k, "")) for k, _ in self.columns} for r in rows if isinstance(r, dict)]
        self.endResetModel()

    def rows(self) -> list[dict[str, str]]:
        return [dict(r) for r in self._rows if any(v.strip() for v in r.values())]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        return self._rows[index.row()][self.columns[index.column()][0]]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][self.columns[index.column()][0]] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return label_text(self.columns[section][1]) if 0 <= section < len(self.columns) else None
        return super().headerData(section, orientation, role)

    def insert_row(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append({k: "" for k, _ in self.columns})
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()


class CellDelegate(QStyledItemDelegate):
    """Hands each cell editor it makes to ``prepare`` (the editor's undo keys filter)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.prepare: Callable[[QWidget], None] | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        widget = super().createEditor(parent, option, index)
        if self.prepare is not None:
            self.prepare(widget)
        return widget


class RowsInput(FieldInput):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.model = TableFieldModel(spec.columns, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.delegate = CellDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setMinimumHeight(110)
        self.view.setMaximumHeight(180)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        buttons = QVBoxLayout()
        self.add_button = add = QToolButton(self)
        add.setText(self.tr("添加行"))
        add.clicked.connect(self._add_row)
        self.remove_button = remove = QToolButton(self)
        remove.setText(self.tr("删除行"))
        remove.clicked.connect(self._remove_row)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addLayout(buttons)

    def _add_row(self) -> None:
        row = self.model.insert_row()
        index = self.model.index(row, 0)
        self.view.setFocus()
        self.view.setCurrentIndex(index)  # with AllEditTriggers, becoming current opens the editor
        if self.view.state() != QAbstractItemView.State.EditingState:
            self.view.edit(index)
        self.changed.emit()

    def _remove_row(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
            self.changed.emit()

    def value(self) -> list[dict[str, str]]:
        return self.model.rows()

    def set_value(self, value: Any) -> None:
        self.model.set_rows(list(value or []))

    def focus_widget(self) -> QWidget:
        return self.view

    def tab_stops(self) -> list[QWidget]:
        return [self.view, self.add_button, self.remove_button]

    def finish_editing(self) -> None:
        """Commit the cell being edited (its editor commits when it loses focus)."""
        if self.view.state() == QAbstractItemView.State.EditingState:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
