"""A record editor built from the kind's FieldSpecs: one form for every record kind.

Each field type has a small input widget with ``value()``/``set_value()``; the form lays them out
in field order. Everything the form needs from the vault (vocabulary values, the records a
REF/REFS field may point to, linked records) is loaded on the worker thread first, as an
:class:`EditorContext`, so building the form never touches storage. Saving goes through the
executor; an expected refusal (a :class:`VaultError` such as a RuleViolation) is shown in a
banner above the form and the user's input stays where it was.

Every change of a field is a step of the editor's own undo history (:mod:`app.ui.records.undo`):
Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y and the 撤销/重做 buttons go back and forth across fields; the
form is "dirty" exactly when it is away from the step last saved.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldSpec, FieldType
from app.domain.records import KINDS, Interview, KindSpec, Member, Paper, Person, Record, Unit, VocabEntry, kind_spec
from app.domain.rules import (
    INTERVIEW_FINAL,
    PAPER_MOVES,
    RecusalHit,
    interview_final,
    interview_finalise_problems,
    paper_number_locked,
    paper_transition_problems,
    recusal_hits,
)
from app.domain.rules import vocabulary_values as active_values
from app.domain.vocab import PAPER_ARCHIVED, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED
from app.services.drafts import Draft, DraftContent, store_draft
from app.storage.errors import VaultError
from app.storage.vault import Vault
from app.ui.i18n import error_text, field_label, join_problems, kind_label, label_text, list_separator, rule_text
from app.ui.records.attachments import AttachmentsPanel
from app.ui.records.history import HistoryDialog
from app.ui.records.undo import CTRL_Y, FieldChange, UndoKeyFilter
from app.ui.security.locking import copy_text
from app.ui.tasks import DbExecutor, Op, report_error
from app.ui.widgets.plain import PlainLabel, message_box, plain_tip

Index = QModelIndex | QPersistentModelIndex

EMPTY_TEXT = str(QT_TRANSLATE_NOOP("FieldInput", "（未填）"))
NONE_CHOICE = str(QT_TRANSLATE_NOOP("FieldInput", "（未选）"))
EMPTY_DATE = QDate(1900, 1, 1)
EMPTY_DATETIME = QDateTime(EMPTY_DATE, QTime(0, 0))
INT_EMPTY = -1
INT_MAX = 2_000_000_000
#: An editor's size when opened (capped by the screen).
EDITOR_SIZE = (840, 900)
#: Fields the program keeps (an attachment's content hash, its owner…): shown, not editable.
SYSTEM_FIELDS = {"attachment": ("owner_id", "mime", "size", "sha256", "added_at")}
#: Long texts show this many lines at least and at most (then they scroll).
LONGTEXT_LINES = (3, 14)
#: Checkable lists of records show this many rows at least and at most.
REFS_ROWS = (3, 7)


@dataclass
class EditorContext:
    """What an editor needs from the vault, loaded on the worker thread.

    Attributes:
        spec: the record kind.
        record: the record as stored (or a new, empty one).
        vocab: vocabulary name -> active values, in order.
        options: referenced kind -> [(id, label)] for REF/REFS fields.
        linked: records linked to this one, as (id, kind label, label).
    """

    spec: KindSpec
    record: Record
    vocab: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    linked: list[tuple[str, str, str]] = field(default_factory=list)
    #: For interviews: id -> Member / Person / Unit, for the recusal check.
    members: dict[str, Record] = field(default_factory=dict)
    people: dict[str, Record] = field(default_factory=dict)
    units: dict[str, Record] = field(default_factory=dict)
    #: The record's attachments.
    attachments: list[Record] = field(default_factory=list)
    #: Labels of records the record refers to that are not among the options (a reference to
    #: any kind, like an attachment's owner; a deleted record).
    ref_labels: dict[str, str] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return not self.record.id


def vocabulary_values(vault: Vault, name: str) -> list[str]:
    """The values a choice offers: the vocabulary's active ones, in order (app/domain/rules.py)."""
    return active_values(vault.records.list(VocabEntry, where={"vocabulary": name}), name)


def linked_summary(vault: Vault, record_id: str) -> list[tuple[str, str, str]]:
    return [(r.id, kind_label(KINDS[r.KIND]), r.label()) for r in vault.records.linked(record_id)]


def load_editor_context(vault: Vault, kind: str, record_id: str | None = None,
                        initial: dict[str, Any] | None = None) -> EditorContext:
    """Runs on the worker: the record (or a new one) and every choice its form offers."""
    spec = kind_spec(kind)
    record = vault.records.get(record_id, kind) if record_id else spec.new(**(initial or {}))
    ctx = EditorContext(spec, record)
    for f in spec.fields:
        if f.type is FieldType.CHOICE and f.vocab and f.vocab not in ctx.vocab:
            ctx.vocab[f.vocab] = vocabulary_values(vault, f.vocab)
        if f.type in (FieldType.REF, FieldType.REFS) and f.ref and f.ref not in ctx.options:
            ctx.options[f.ref] = [(r.id, r.label()) for r in vault.records.iter(f.ref)]
    for f in spec.fields:
        if f.type not in (FieldType.REF, FieldType.REFS):
            continue
        value = getattr(record, f.name)
        known = {i for i, _label in ctx.options.get(f.ref or "", [])}
        for ref_id in ([value] if f.type is FieldType.REF else list(value or [])):
            if ref_id and ref_id not in known and (target := vault.records.find(str(ref_id))) is not None:
                label = f"{KINDS[target.KIND].label}：{target.label()}" if not f.ref else target.label()
                deleted = QCoreApplication.translate("RecordEditor", "（已删除）{0}")
                ctx.ref_labels[str(ref_id)] = deleted.format(label) if target.deleted else label
    if record_id:
        ctx.linked = linked_summary(vault, record_id)
        if kind != "attachment":
            ctx.attachments = vault.attachments(record_id)
    if kind == "interview":
        ctx.members = {r.id: r for r in vault.records.iter("member")}
        ctx.people = {r.id: r for r in vault.records.iter("person")}
        ctx.units = {r.id: r for r in vault.records.iter("unit")}
    return ctx


# --- one input widget per field type -------------------------------------------------------------


class FieldInput(QWidget):
    """Base of the per-type inputs.

    Signals:
        changed(): the user changed the value.
    """

    changed = Signal()
    #: Changes come keystroke by keystroke: consecutive ones are one undo step.
    typing = False

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self

    def tab_stops(self) -> list[QWidget]:
        """The widgets Tab visits in this input, left to right."""
        return [self.focus_widget()]

    def display_text(self) -> str:
        """The value as the user sees it (copying)."""
        return self.spec.display(self.value())

    def set_invalid(self, invalid: bool) -> None:
        self.focus_widget().setProperty("invalid", invalid)
        self.focus_widget().setStyleSheet("border: 1px solid #c0392b;" if invalid else "")


class TextInput(FieldInput):
    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        self.edit.textEdited.connect(self.changed)
        self.layout_.addWidget(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(value or "")

    def focus_widget(self) -> QWidget:
        return self.edit


class LongTextInput(FieldInput):
    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setUndoRedoEnabled(False)  # the editor's form-level undo is the one history
        self.edit.textChanged.connect(self.changed)
        # The box grows with its text (a long interview shows more of itself), within bounds.
        layout = self.edit.document().documentLayout()
        assert layout is not None
        layout.documentSizeChanged.connect(lambda _size: self._fit())
        self.layout_.addWidget(self.edit)
        self._fit()

    def _fit(self) -> None:
        lines = int(self.edit.document().size().height())  # the plain-text layout counts lines
        lines = max(LONGTEXT_LINES[0], min(LONGTEXT_LINES[1], lines))
        margins = 2 * (self.edit.frameWidth() + int(self.edit.document().documentMargin())) + 2
        height = lines * self.edit.fontMetrics().lineSpacing() + margins
        if height != self.edit.height() or self.edit.minimumHeight() != height:
            self.edit.setFixedHeight(height)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText(value or "")

    def focus_widget(self) -> QWidget:
        return self.edit


class ChoiceInput(FieldInput):
    def __init__(self, spec: FieldSpec, values: list[str], parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr(NONE_CHOICE), "")
        for v in values:
            self.combo.addItem(v, v)
        self.combo.activated.connect(lambda _i: self.changed.emit())
        self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: Any) -> None:
        value = value or ""
        i = self.combo.findData(value)
        if i < 0:  # a value no longer in the vocabulary (retired, or from another vault): keep it
            self.combo.addItem(value, value)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(i)

    def focus_widget(self) -> QWidget:
        return self.combo


class DateInput(FieldInput):
    """A date (or date and time) with an explicit empty state, a "today" and a "clear" button."""

    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.with_time = spec.type is FieldType.DATETIME
        self.edit: QDateEdit | QDateTimeEdit
        if self.with_time:
            self.edit = QDateTimeEdit(self)
            self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            self.edit.setMinimumDateTime(EMPTY_DATETIME)
        else:
            self.edit = QDateEdit(self)
            self.edit.setDisplayFormat("yyyy-MM-dd")
            self.edit.setMinimumDate(EMPTY_DATE)
        self.edit.setCalendarPopup(True)
        self.edit.setSpecialValueText(self.tr(EMPTY_TEXT))  # shown while the value is the minimum
        self.edit.setMinimumWidth(170)
        self.edit.dateTimeChanged.connect(lambda _v: self.changed.emit())
        self.now_button = now_button = QToolButton(self)
        now_button.setText(self.tr("今天") if not self.with_time else self.tr("现在"))
        now_button.clicked.connect(self.set_now)
        self.clear_button = clear_button = QToolButton(self)
        clear_button.setText(self.tr("清除"))
        clear_button.clicked.connect(lambda: self.set_value(None))
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(now_button)
        self.layout_.addWidget(clear_button)
        self.layout_.addStretch(1)
        self.set_value(None)

    def value(self) -> dt.date | dt.datetime | None:
        if self.with_time:
            qdt = self.edit.dateTime()
            if qdt <= EMPTY_DATETIME:
                return None
            d, t = qdt.date(), qdt.time()
            return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        qd = self.edit.date()
        if qd <= EMPTY_DATE:
            return None
        return dt.date(qd.year(), qd.month(), qd.day())

    def set_value(self, value: Any) -> None:
        if self.with_time:
            if isinstance(value, dt.datetime):
                self.edit.setDateTime(QDateTime(QDate(value.year, value.month, value.day),
                                                QTime(value.hour, value.minute)))
            else:
                self.edit.setDateTime(EMPTY_DATETIME)
        elif isinstance(value, dt.date):
            self.edit.setDate(QDate(value.year, value.month, value.day))
        else:
            self.edit.setDate(EMPTY_DATE)

    def set_now(self) -> None:
        now = dt.datetime.now().replace(second=0, microsecond=0)
        self.set_value(now if self.with_time else now.date())
        self.changed.emit()

    def focus_widget(self) -> QWidget:
        return self.edit

    def tab_stops(self) -> list[QWidget]:
        return [self.edit, self.now_button, self.clear_button]


class BoolInput(FieldInput):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(field_label(spec), self)
        self.box.toggled.connect(lambda _v: self.changed.emit())
        self.layout_.addWidget(self.box)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def focus_widget(self) -> QWidget:
        return self.box


class IntInput(FieldInput):
    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.spin = QSpinBox(self)
        self.spin.setRange(INT_EMPTY, INT_MAX)
        self.spin.setSpecialValueText(self.tr(EMPTY_TEXT))
        self.spin.setMinimumWidth(120)
        self.spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.layout_.addWidget(self.spin)
        self.layout_.addStretch(1)

    def value(self) -> int | None:
        v = self.spin.value()
        return None if v == INT_EMPTY else v

    def set_value(self, value: Any) -> None:
        self.spin.setValue(INT_EMPTY if value is None else int(value))

    def focus_widget(self) -> QWidget:
        return self.spin


class RefInput(FieldInput):
    """One referenced record, chosen from the records of the referenced kind."""

    def __init__(self, spec: FieldSpec, options: list[tuple[str, str]], parent: QWidget | None = None,
                 labels: dict[str, str] | None = None) -> None:
        super().__init__(spec, parent)
        self.known_labels = labels or {}
        self.combo = QComboBox(self)
        self.combo.setMinimumWidth(240)
        self.combo.addItem(self.tr(NONE_CHOICE), None)
        for record_id, label in options:
            self.combo.addItem(label, record_id)
        self.combo.activated.connect(lambda _i: self.changed.emit())
        self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)

    def value(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def set_value(self, value: Any) -> None:
        i = self.combo.findData(value) if value else 0
        if i < 0:
            shown = self.known_labels.get(str(value)) or self.tr("（已删除或未同步：{0}）").format(str(value)[:8])
            self.combo.addItem(shown, value)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(i)

    def focus_widget(self) -> QWidget:
        return self.combo

    def display_text(self) -> str:
        return self.combo.currentText() if self.value() else ""


class RefsInput(FieldInput):
    """Several referenced records (e.g. interviewers = members), as a checkable list."""

    def __init__(self, spec: FieldSpec, options: list[tuple[str, str]], parent: QWidget | None = None,
                 labels: dict[str, str] | None = None) -> None:
        super().__init__(spec, parent)
        self.known_labels = labels or {}
        self.list = QListWidget(self)
        self._order: list[str] = []
        for record_id, label in options:
            self._add(record_id, label)
        self.list.itemChanged.connect(self._item_changed)
        self.layout_.addWidget(self.list)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for every choice of a team (no scrolling for five members), within bounds."""
        rows = max(REFS_ROWS[0], min(REFS_ROWS[1], self.list.count()))
        row = self.list.sizeHintForRow(0) if self.list.count() else self.fontMetrics().height() + 4
        self.list.setFixedHeight(rows * row + 2 * self.list.frameWidth() + 2)

    def _add(self, record_id: str, label: str) -> QListWidgetItem:
        item = QListWidgetItem(label, self.list)
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _items(self) -> dict[str, QListWidgetItem]:
        return {self.list.item(i).data(Qt.ItemDataRole.UserRole): self.list.item(i) for i in range(self.list.count())}

    def _item_changed(self, item: QListWidgetItem) -> None:
        record_id = item.data(Qt.ItemDataRole.UserRole)
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and record_id not in self._order:
            self._order.append(record_id)  # order of checking is the stored order
        elif not checked and record_id in self._order:
            self._order.remove(record_id)
        self.changed.emit()

    def value(self) -> list[str]:
        return list(self._order)

    def set_value(self, value: Any) -> None:
        ids = list(value or [])
        self.list.blockSignals(True)
        items = self._items()
        for record_id in ids:
            if record_id not in items:
                items[record_id] = self._add(record_id, self.known_labels.get(record_id)
                                             or self.tr("（已删除或未同步：{0}）").format(record_id[:8]))
                self._fit()
        for record_id, item in items.items():
            item.setCheckState(Qt.CheckState.Checked if record_id in ids else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._order = ids

    def display_text(self) -> str:
        items = self._items()
        return list_separator().join(items[i].text() for i in self._order if i in items)

    def labels(self) -> dict[str, str]:
        """id -> label of every choice."""
        return {record_id: item.text() for record_id, item in self._items().items()}

    def check(self, record_id: str, checked: bool = True) -> None:
        item = self._items()[record_id]
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def focus_widget(self) -> QWidget:
        return self.list


class RowsModel(QAbstractTableModel):
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
        self.model = RowsModel(spec.columns, self)
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


def make_input(spec: FieldSpec, ctx: EditorContext, parent: QWidget | None = None) -> FieldInput:
    kind = spec.type
    if kind is FieldType.TEXT:
        return TextInput(spec, parent)
    if kind is FieldType.LONGTEXT:
        return LongTextInput(spec, parent)
    if kind is FieldType.CHOICE:
        return ChoiceInput(spec, ctx.vocab.get(spec.vocab or "", []), parent)
    if kind in (FieldType.DATE, FieldType.DATETIME):
        return DateInput(spec, parent)
    if kind is FieldType.BOOL:
        return BoolInput(spec, parent)
    if kind is FieldType.INT:
        return IntInput(spec, parent)
    if kind is FieldType.REF:
        return RefInput(spec, ctx.options.get(spec.ref or "", []), parent, ctx.ref_labels)
    if kind is FieldType.REFS:
        return RefsInput(spec, ctx.options.get(spec.ref or "", []), parent, ctx.ref_labels)
    if kind is FieldType.ROWS:
        return RowsInput(spec, parent)
    raise ValueError(kind)


def _read_only(widget: QWidget) -> bool:
    return isinstance(widget, QLineEdit | QPlainTextEdit) and widget.isReadOnly()


def missing_required(spec: KindSpec, values: dict[str, Any]) -> list[FieldSpec]:
    """Required fields without a value (whitespace counts as none)."""
    out = []
    for f in spec.fields:
        if not f.required:
            continue
        value = values.get(f.name)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            out.append(f)
    return out


# --- the editor window ----------------------------------------------------------------------------


class RecordEditor(QDialog):
    """Edit one record of any kind.

    Signals:
        saved(object): the record as stored after a successful save.
        open_record_requested(str): the user asked to open a linked record (its id).
    """

    saved = Signal(object)
    open_record_requested = Signal(str)

    def __init__(self, ctx: EditorContext, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.spec = ctx.spec
        self.record = ctx.record
        self.executor = executor
        self.inputs: dict[str, FieldInput] = {}
        self._saving = False
        #: Asked before dropping unsaved edits; tests replace it.
        self.confirm_discard: Callable[[], bool] = self._ask_discard

        # The undo history (app/ui/records/undo.py): the values last recorded, and how the next
        # recorded change relates to the step before it.
        self.undo_stack = QUndoStack(self)
        self._snapshot: dict[str, Any] = {}
        self._applying = False
        self._barrier = False
        self._join = False
        self._save_index = -1
        self._undo_keys = UndoKeyFilter(self)

        outer = QVBoxLayout(self)
        self._make_undo_actions()
        self.banner = PlainLabel(self)
        self.banner.setObjectName("errorBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("QLabel#errorBanner { background: #fdecea; color: #8a1c1c;"
                                  " border: 1px solid #e6b0aa; padding: 6px; }")
        self.banner.hide()
        outer.addWidget(self.banner)
        # A field the rules lock (a signed paper's number) looks locked, not merely refuses keys.
        self.setStyleSheet("QLineEdit[readOnly=\"true\"] { background: palette(window); }")

        form_host = QWidget()
        host_layout = QVBoxLayout(form_host)
        self.form = QFormLayout()
        host_layout.addLayout(self.form)
        host_layout.addStretch(1)  # a short form stays at the top instead of spreading its rows
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels sit at the top of their row, centred on a one-line field's height: beside a
        # one-line field they are centred, beside a list or a long text they mark its first line.
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        line_height = QLineEdit().sizeHint().height()
        for f in self.spec.fields:
            widget = make_input(f, ctx, form_host)
            widget.set_value(getattr(self.record, f.name))
            widget.changed.connect(lambda n=f.name: self._input_changed(n))
            self.inputs[f.name] = widget
            text = "" if f.type is FieldType.BOOL else field_label(f) + ("＊" if f.required else "")
            label = PlainLabel(text, form_host)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setMinimumHeight(line_height)
            label.setBuddy(widget.focus_widget())
            self.form.addRow(label, widget)
        for name in SYSTEM_FIELDS.get(self.spec.name, ()):
            self.inputs[name].setEnabled(False)
            self.inputs[name].setToolTip(self.tr("由程序记录，不能修改"))
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not their frame
        self.form_scroll.setWidget(form_host)

        # Linked records and attachments side by side under the form, so the form keeps the
        # height; the splitters let the user give either more room.
        self.side = QSplitter(Qt.Orientation.Horizontal, self)
        self.side.setChildrenCollapsible(False)
        self.links_box = QGroupBox(self.tr("关联记录"), self.side)
        links_layout = QVBoxLayout(self.links_box)
        self.links = QListWidget(self.links_box)
        self.links.setWordWrap(True)  # a long title wraps instead of hiding behind a scroll bar
        self.links.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.links.itemActivated.connect(self._open_link)
        self.open_link_button = QPushButton(self.tr("打开"), self.links_box)
        self.open_link_button.clicked.connect(lambda: self._open_link(self.links.currentItem()))
        links_layout.addWidget(self.links, 1)
        links_layout.addWidget(self.open_link_button, 0, Qt.AlignmentFlag.AlignRight)
        self.side.addWidget(self.links_box)
        self.attachments: AttachmentsPanel | None = None
        if self.spec.name not in ("attachment", "link", "vocab", "setting"):
            self.attachments = AttachmentsPanel(executor, self.record.id, ctx.attachments, self.side)
            self.side.addWidget(self.attachments)
            self.side.setStretchFactor(0, 2)
            self.side.setStretchFactor(1, 3)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.form_scroll)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([620, 180])
        outer.addWidget(self.splitter, 1)
        self._show_links(ctx.linked)

        #: Asked when an assignment touches a declared relation; returns True when acknowledged.
        self.acknowledge_recusal: Callable[[list[RecusalHit]], bool] = self._ask_recusal
        self.rules_box: QGroupBox | None = None
        self.rules_label: QLabel | None = None
        self.state_buttons: dict[str, QPushButton] = {}
        if self.spec.name == "interview":
            self._install_interview_rules(outer)
        elif self.spec.name == "paper":
            self._install_paper_rules(outer)

        self.status = PlainLabel(self)
        self.buttons = buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip("Ctrl+S")
        self.close_button = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button = buttons.addButton(self.tr("复制"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(self.tr("把本记录的内容复制到剪贴板（锁定时或稍后自动清除）"))
        self.copy_button.clicked.connect(self.copy)
        self.history_button = buttons.addButton(self.tr("历史"), QDialogButtonBox.ButtonRole.ActionRole)
        self.history_button.setToolTip(self.tr("本记录的修改历史：谁、何时、改了什么"))
        self.history_button.clicked.connect(self.show_history)
        self.history: HistoryDialog | None = None
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        self.undo_buttons: list[QToolButton] = []
        for action in (self.undo_action, self.redo_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            bottom.addWidget(button)
            self.undo_buttons.append(button)
        bottom.addSpacing(8)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        outer.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        self._snapshot = self.values()  # after the rules set their defaults (a new paper's state)
        self._prepare_text_widgets(form_host)
        self._set_tab_order()
        self._update_title()
        self._size_to_screen()
        # The cursor starts in the first field that takes input (a signed paper's number does not).
        first = next((w for w in self.inputs.values() if w.isEnabled() and not _read_only(w.focus_widget())), None)
        if first is not None:
            first.focus_widget().setFocus()

    # --- undo --------------------------------------------------------------------------------

    def _size_to_screen(self) -> None:
        available = self.screen().availableGeometry()
        self.resize(min(EDITOR_SIZE[0], available.width() - 40), min(EDITOR_SIZE[1], available.height() - 60))

    def _make_undo_actions(self) -> None:
        self.undo_action = QAction(self.tr("撤销"), self)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(self.tr("重做"), self)
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        self.redo_action.setShortcuts([*redo_keys, *([CTRL_Y] if CTRL_Y not in redo_keys else [])])
        self.redo_action.triggered.connect(self.redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
            self.addAction(action)
        stack = self.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda text: self._describe(self.undo_action, self.tr("撤销"), text))
        stack.redoTextChanged.connect(lambda text: self._describe(self.redo_action, self.tr("重做"), text))
        stack.cleanChanged.connect(self._clean_changed)
        self._describe(self.undo_action, self.tr("撤销"), "")
        self._describe(self.redo_action, self.tr("重做"), "")

    def _describe(self, action: QAction, verb: str, step: str) -> None:
        keys = "、".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        action.setToolTip(self.tr("{0}：{1}（{2}）").format(verb, step, keys) if step
                          else self.tr("{0}（{1}）").format(verb, keys))

    @property
    def dirty(self) -> bool:
        """The form differs from the record as last loaded or saved: away from the saved step of
        the undo history, or holding a value set by code that no step has recorded yet."""
        return not self.undo_stack.isClean() or self.values() != self._snapshot

    def undo(self) -> None:
        # What is still being typed counts as the last step: a cell being edited is committed,
        # and any change not yet recorded (set by code) is recorded, so undo takes that back first.
        for field_input in self.inputs.values():
            if isinstance(field_input, RowsInput):
                field_input.finish_editing()
        self._record_changes()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def _clean_changed(self, clean: bool) -> None:
        self.status.setText("" if clean else self.tr("有未保存的修改"))

    def _input_changed(self, name: str) -> None:
        if not self._applying:
            self._record_changes(typing=self.inputs[name].typing)

    def _record_changes(self, *, typing: bool = False, text: str = "") -> bool:
        """Push the fields that differ from the snapshot as one undo step; True when any did."""
        values = self.values()
        changes = {name: (self._snapshot.get(name), value) for name, value in values.items()
                   if value != self._snapshot.get(name)}
        if not changes:
            return False
        self._snapshot.update({name: new for name, (_old, new) in changes.items()})
        if not text:
            labels = [self.spec.field(name).label for name in changes]
            text = (self.tr("修改“{0}”").format(labels[0]) if len(labels) == 1
                    else self.tr("修改{0}个字段").format(len(labels)))
        command = FieldChange(self, changes, text, typing=typing, barrier=self._barrier, join=self._join)
        self._barrier = False
        self.undo_stack.push(command)
        return True

    def _mark_dirty(self) -> None:
        """Record values set by code (``set_value`` does not always signal) as an undo step."""
        self._record_changes()

    @contextlib.contextmanager
    def _joining(self) -> Iterator[None]:
        """Changes recorded inside belong to the user's last step (undo takes them together)."""
        self._join = True
        try:
            yield
        finally:
            self._join = False

    def _set_values(self, values: dict[str, Any]) -> None:
        """Put values into the inputs without recording them (their signals are ignored)."""
        self._applying = True
        try:
            for name, value in values.items():
                if name in self.inputs:
                    self.inputs[name].set_value(value)
        finally:
            self._applying = False

    def apply_values(self, values: dict[str, Any]) -> None:
        """Undo/redo: show these values, and the field they are in."""
        self._set_values(values)
        self._snapshot.update({name: self.inputs[name].value() for name in values if name in self.inputs})
        self._barrier = True  # typing after an undo starts a new step
        self.update_rules()
        first = next((self.inputs[n] for n in self.inputs if n in values), None)
        if first is not None and first.isEnabled():
            self.form_scroll.ensureWidgetVisible(first)
            if self.isActiveWindow():
                first.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def load_record(self, ctx: EditorContext) -> None:
        """Show another record of the same kind (or this one as stored now): the form takes its
        values, and the undo history starts afresh (steps of one record never apply to another)."""
        if ctx.spec.name != self.spec.name:
            raise ValueError(ctx.spec.name)
        self.ctx = ctx
        self.record = ctx.record
        self.undo_stack.clear()
        self.clear_error()
        self._set_values({f.name: getattr(self.record, f.name) for f in self.spec.fields})
        self._snapshot = self.values()
        self._barrier = False
        self._update_title()
        self._show_links(ctx.linked)
        if self.attachments is not None:
            self.attachments.clear()
            self.attachments.owner_id = self.record.id
            self.attachments.model.set_attachments(ctx.attachments)
        self._update_side()
        self.update_rules()
        self.undo_stack.setClean()
        self._clean_changed(True)

    def _prepare_text_widgets(self, host: QWidget) -> None:
        """The undo keys belong to the form in every field; focus leaving a field ends a typing step."""
        for widget in host.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
                self._prepare_text_widget(widget)
        for field_input in self.inputs.values():
            field_input.focus_widget().installEventFilter(self)
            if isinstance(field_input, RowsInput):
                field_input.delegate.prepare = self._prepare_text_widget

    def _prepare_text_widget(self, widget: QWidget) -> None:
        widget.installEventFilter(self._undo_keys)
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            # Their context menus offer the form's undo and redo, not the widget's own.
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            widget.customContextMenuRequested.connect(lambda pos, w=widget: self._text_menu(w, pos))

    def text_menu(self, widget: QLineEdit | QPlainTextEdit) -> QMenu:
        """The widget's standard context menu, with the form's undo and redo in place of its own."""
        menu = widget.createStandardContextMenu()
        own = {"edit-undo": self.undo_action, "edit-redo": self.redo_action}
        for action in menu.actions():
            replacement = own.get(action.objectName())
            if replacement is not None:
                menu.insertAction(action, replacement)
                menu.removeAction(action)
        return menu

    def _text_menu(self, widget: QLineEdit | QPlainTextEdit, pos: QPoint) -> None:
        menu = self.text_menu(widget)
        menu.exec(widget.mapToGlobal(pos))
        menu.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut:
            self._barrier = True
        return False

    def _set_tab_order(self) -> None:
        """Tab moves through the window top to bottom, as it is laid out (the rules box sits
        above the form though it is built after it; the button box's order is the platform's)."""
        chain: list[QWidget] = []
        if self.rules_box is not None:
            chain += list(self.state_buttons.values())
        for field_input in self.inputs.values():
            chain += field_input.tab_stops()
        chain += [self.links, self.open_link_button]
        if self.attachments is not None:
            panel = self.attachments
            chain += [panel.view, panel.add_button, panel.view_button, panel.copy_button]
        chain += self.undo_buttons
        row = self.buttons.layout()
        if row is not None:  # the button box lays its buttons out in the platform's order
            items = (row.itemAt(i) for i in range(row.count()))
            chain += [w for item in items if item is not None and isinstance(w := item.widget(), QAbstractButton)]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _rules_box(self, outer: QVBoxLayout, title: str) -> QVBoxLayout:
        self.rules_box = QGroupBox(title, self)
        layout = QVBoxLayout(self.rules_box)
        self.rules_label = PlainLabel(self.rules_box)
        self.rules_label.setWordWrap(True)
        layout.addWidget(self.rules_label)
        outer.insertWidget(1, self.rules_box)
        return layout

    def _install_interview_rules(self, outer: QVBoxLayout) -> None:
        self._rules_box(outer, self.tr("定稿条件"))
        for name in ("interviewers", "recorders", "confirmed", "interviewee", "time", "status"):
            self.inputs[name].changed.connect(self.update_rules)
        for name in ("interviewers", "recorders"):
            refs = self.inputs[name]
            assert isinstance(refs, RefsInput)
            refs.list.itemChanged.connect(lambda item, f=name: self._assignment_changed(f, item))
        self.update_rules()

    def finalise_problems(self) -> list[str]:
        candidate = dataclasses.replace(self.record, **self.values())
        assert isinstance(candidate, Interview)
        return interview_finalise_problems(candidate)

    def _install_paper_rules(self, outer: QVBoxLayout) -> None:
        layout = self._rules_box(outer, self.tr("审核流程"))
        row = QHBoxLayout()
        for label, state in ((self.tr("提交组务会审核"), PAPER_REVIEW), (self.tr("组长签字"), PAPER_SIGNED),
                             (self.tr("归档"), PAPER_ARCHIVED), (self.tr("退回草稿"), PAPER_DRAFT)):
            button = QPushButton(label, self.rules_box)
            button.clicked.connect(lambda _c=False, st=state: self.move_paper(st))
            self.state_buttons[state] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        state_input = self.inputs["state"]
        if not self.record.id and not state_input.value():
            state_input.set_value(PAPER_DRAFT)
        state_input.setEnabled(False)  # the state moves only through the buttons
        state_input.setToolTip(self.tr("审核状态通过上方的流程按钮变更"))
        for f in self.spec.fields:
            self.inputs[f.name].changed.connect(self.update_rules)
        self.update_rules()

    def paper_state(self) -> str:
        """The state as stored (the form's state only changes by a move)."""
        return (self.record.state if isinstance(self.record, Paper) else "") or PAPER_DRAFT

    def paper_move_problems(self, state: str) -> list[str]:
        candidate = dataclasses.replace(self.record, **{**self.values(), "state": self.paper_state()})
        assert isinstance(candidate, Paper)
        if state == self.paper_state():
            return [self.tr("已处于“{0}”").format(state)]
        return paper_transition_problems(candidate, state)

    def move_paper(self, state: str) -> Op[Any] | None:
        problems = self.paper_move_problems(state)
        if problems:
            self.show_error(self.tr("不能变更审核状态：{0}").format(join_problems(problems)))
            return None
        if state == PAPER_SIGNED and not self.inputs["signed_at"].value():
            self.inputs["signed_at"].set_value(dt.date.today())
        if state == PAPER_ARCHIVED and not self.inputs["archived_at"].value():
            self.inputs["archived_at"].set_value(dt.date.today())
        # The store checks a move against the paper as stored, so the edits that satisfy it
        # (number, opinion, signer) are saved first, then the state moves, in one op.
        self.inputs["state"].set_value(self.paper_state())
        return self.save(then_state=state)

    def update_rules(self) -> None:
        if self.rules_label is None:
            return
        if self.spec.name == "interview":
            problems = self.finalise_problems()
            status = self.inputs["status"]
            assert isinstance(status, ChoiceInput)
            final = status.combo.findData(INTERVIEW_FINAL)
            item_model = status.combo.model()
            if final >= 0 and hasattr(item_model, "item"):
                item = item_model.item(final)
                allowed = not problems or status.value() == INTERVIEW_FINAL and isinstance(
                    self.record, Interview) and interview_final(self.record)
                item.setEnabled(allowed)
            if problems:
                checklist = "\n".join(f"☐ {rule_text(p)}" for p in problems)
                self.rules_label.setText(self.tr("定稿前还需：") + "\n" + checklist)
            else:
                self.rules_label.setText(self.tr("☑ 已满足定稿条件（两名以上谈话人、记录人、谈话对象核对确认签字）"))
        elif self.spec.name == "paper":
            state = self.paper_state()
            locked = paper_number_locked(state)
            number = self.inputs["number"]
            assert isinstance(number, TextInput)
            if number.edit.isReadOnly() != locked:
                number.edit.setReadOnly(locked)
                number.edit.style().unpolish(number.edit)  # the style sheet's [readOnly] look
                number.edit.style().polish(number.edit)
            number.setToolTip(self.tr("底稿编号已在组长签字后锁定") if locked else "")
            lines = [self.tr("当前状态：{0}").format(state) + (self.tr("　（编号已锁定）") if locked else "")]
            for target, button in self.state_buttons.items():
                problems = self.paper_move_problems(target) if self.record.id or target == PAPER_REVIEW else [
                    self.tr("请先保存底稿")]
                button.setEnabled(not problems)
                button.setToolTip(plain_tip(join_problems(problems)))
                if problems and target in PAPER_MOVES.get(state, ()) and target != PAPER_DRAFT:
                    lines.append(self.tr("{0}：{1}").format(button.text(), join_problems(problems)))
            self.rules_label.setText("\n".join(lines))

    # --- recusal (docs/domain.md §3.3) ------------------------------------------------------------

    def recusal_hits_for(self, member_ids: list[str]) -> list[RecusalHit]:
        members = [m for i in member_ids if isinstance(m := self.ctx.members.get(i), Member)]
        values = self.values()
        person = self.ctx.people.get(values.get("person_id") or "")
        unit = self.ctx.units.get(values.get("unit_id") or "")
        return recusal_hits(members, person=person if isinstance(person, Person) else None,
                            person_name=values.get("interviewee", ""),
                            unit=unit if isinstance(unit, Unit) else None,
                            unit_name=values.get("interviewee_unit", ""))

    def _assignment_changed(self, field_name: str, item: QListWidgetItem) -> None:
        if item.checkState() != Qt.CheckState.Checked:
            return
        member_id = str(item.data(Qt.ItemDataRole.UserRole))
        hits = self.recusal_hits_for([member_id])
        if not hits:
            return
        if self.acknowledge_recusal(hits):
            self.record_recusal(hits, field_name)
        else:
            refs = self.inputs[field_name]
            assert isinstance(refs, RefsInput)
            with self._joining():  # declined: the ticking and the unticking cancel out
                refs.check(member_id, False)

    def record_recusal(self, hits: list[RecusalHit], field_name: str) -> None:
        """The acknowledgement goes into the record's notes: saved, journaled and merged with it."""
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        role = self.spec.field(field_name).label
        lines = [f"【回避提示已确认 {stamp}】指派为{role}：{hit.message()}" for hit in hits]
        notes = self.inputs["notes"]
        current = str(notes.value() or "").rstrip()
        with self._joining():  # one undo step with the assignment it acknowledges
            notes.set_value("\n".join([current, *lines]) if current else "\n".join(lines))
            self._record_changes()

    def _ask_recusal(self, hits: list[RecusalHit]) -> bool:
        box = message_box(QMessageBox.Icon.Warning, self.tr("回避提示"),
                          self.tr("以下申报的关系涉及本次谈话：\n\n{0}\n\n按规定应当回避。确需指派的，确认后将在备注中记录本次提示。")
                          .format("\n".join(h.message() for h in hits)), self)
        ack = box.addButton(self.tr("已知悉，仍然指派"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消指派"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is ack

    # --- state -------------------------------------------------------------------------------

    @property
    def record_id(self) -> str:
        return self.record.id

    def _update_title(self) -> None:
        self.history_button.setEnabled(bool(self.record.id))
        if self.history is not None:
            self.history.reload()
        if self.record.id:
            self.setWindowTitle(f"{kind_label(self.spec)} — {self.record.label()}")
        else:
            self.setWindowTitle(self.tr("新建{0}").format(kind_label(self.spec)))

    def values(self) -> dict[str, Any]:
        return {name: widget.value() for name, widget in self.inputs.items()}

    def text_for_copy(self) -> str:
        lines = []
        for f in self.spec.fields:
            text = self.inputs[f.name].display_text()
            if text:
                lines.append(self.tr("{0}：{1}").format(field_label(f), text))
        return "\n".join(lines)

    def copy(self) -> None:
        """Copy the record as "label：value" lines, through the app's clipboard guard."""
        copy_text(self.text_for_copy())
        self.status.setText(self.tr("已复制"))

    def apply_draft(self, draft: DraftContent, reason: str = "") -> None:
        """Put edits kept over a lock back into the form, unsaved, as one undo step.

        Only the fields the user had changed are put back, over the record as it is now, so
        what somebody else changed meanwhile in the other fields (an import) is kept; fields
        changed on both sides are marked and named in the banner."""
        self._record_changes()
        self._barrier = True
        self._set_values(draft.values)
        self._record_changes(text=self.tr("恢复锁定前未保存的修改"))
        self._barrier = True
        self.update_rules()
        lines = [self.tr("已恢复锁定前未保存的修改，请检查后保存。")]
        reason = reason or draft.reason
        if reason:
            lines.append(self.tr("未能保存的原因：{0}").format(reason))
        if draft.deleted:
            lines.append(self.tr("注意：这条记录在此期间已被删除。保存后修改会写入，但记录仍处于删除状态。"))
        elif draft.changed_meanwhile and draft.conflicts:
            labels = list_separator().join(f"“{field_label(self.spec.field(n))}”" for n in draft.conflicts)
            lines.append(self.tr("注意：这条记录在此期间已被修改（例如导入了交接包），{0}也被改过。"
                                 "框中显示的是你的草稿，保存将覆盖那边的修改，请逐项核对。").format(labels))
        elif draft.changed_meanwhile:
            lines.append(self.tr("注意：这条记录在此期间已被修改（例如导入了交接包），"
                                 "改动不涉及你修改的字段，已一并显示。"))
        self.show_error("\n".join(lines))
        for name in draft.conflicts:
            if name in self.inputs:
                self.inputs[name].set_invalid(True)

    def show_error(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def clear_error(self) -> None:
        self.banner.clear()
        self.banner.hide()
        for widget in self.inputs.values():
            widget.set_invalid(False)

    def _show_links(self, linked: list[tuple[str, str, str]]) -> None:
        self.links.clear()
        for record_id, kind_name, label in linked:
            item = QListWidgetItem(self.tr("{0}：{1}").format(kind_name, label), self.links)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setToolTip(plain_tip(item.text()))
        self._update_side()

    def _update_side(self) -> None:
        """A record not yet saved has neither links nor attachments: the form gets the room."""
        self.side.setVisible(bool(self.record.id))

    def _open_link(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_record_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    # --- saving ------------------------------------------------------------------------------

    def save(self, *, then_state: str = "") -> Op[tuple[Record, list[tuple[str, str, str]]]] | None:
        """Validate, then save on the executor. Returns the op (None when validation failed).

        ``then_state``: for a working paper, a second save moving it to that review state."""
        if self._saving:
            return None
        self.clear_error()
        self._record_changes()
        self._save_index = self.undo_stack.index()
        values = self.values()
        missing = missing_required(self.spec, values)
        if missing:
            for f in missing:
                self.inputs[f.name].set_invalid(True)
            self.inputs[missing[0].name].focus_widget().setFocus()
            self.show_error(self.tr("请填写：{0}").format(list_separator().join(field_label(f) for f in missing)))
            return None
        candidate = dataclasses.replace(self.record, **values)
        self._saving = True
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("正在保存…"))

        def work(task: Any) -> tuple[Record, list[tuple[str, str, str]]]:
            saved = task.vault.records.save(candidate)
            if then_state:
                saved = task.vault.records.save(dataclasses.replace(saved, state=then_state))
            return saved, linked_summary(task.vault, saved.id)

        return (Op(self, work, executor=self.executor)
                .on_success(self._saved)
                .on_error(self._save_failed)
                .on_finished(self._save_finished)
                .start())

    def _saved(self, result: tuple[Record, list[tuple[str, str, str]]]) -> None:
        moved = isinstance(result[0], Paper) and self.paper_state() != result[0].state
        self.record, linked = result
        if self.spec.name == "paper":
            self._set_values({"state": self.paper_state()})
            self._snapshot["state"] = self.inputs["state"].value()
        if moved:
            # A review move is a saved action of the workflow, not a form edit: nothing before
            # it may be undone (e.g. back to a number the signature has locked).
            self.undo_stack.clear()
        elif self.undo_stack.index() == self._save_index:
            self.undo_stack.setClean()  # undo from here makes the form differ again: dirty
        self.status.setText(self.tr("已保存") if not self.dirty else self.tr("已保存；之后的修改尚未保存"))
        self._update_title()
        self._show_links(linked)
        if self.attachments is not None:
            self.attachments.owner_id = self.record.id
        self._update_side()
        self.update_rules()
        self.saved.emit(self.record)

    def _save_failed(self, error: BaseException) -> None:
        if isinstance(error, VaultError):
            self.show_error(error_text(error))  # the user's input stays in the form
            self.status.setText(self.tr("未保存"))
        else:
            self.status.setText(self.tr("未保存"))
            report_error(self, error)

    def _save_finished(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    # --- closing -----------------------------------------------------------------------------

    def _ask_discard(self) -> bool:
        box = message_box(QMessageBox.Icon.Question, self.windowTitle(),
                          self.tr("有未保存的修改，关闭并放弃这些修改吗？"), self)
        discard = box.addButton(self.tr("放弃修改"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("继续编辑"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def show_history(self) -> HistoryDialog | None:
        """Open (or raise) the dialog listing this record's journal entries."""
        if not self.record.id:
            return None
        if self.history is None:
            self.history = HistoryDialog(self.executor, self.record.id, self.record.label(), self)
            self.history.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.history.destroyed.connect(lambda _obj=None: setattr(self, "history", None))
        self.history.reload()
        self.history.show()
        self.history.raise_()
        return self.history

    def discard(self) -> None:
        """Close without asking, dropping every value the form holds (locking)."""
        if self.history is not None:
            self.history.clear()
            self.history.close()
        self.undo_stack.clear()  # its steps hold record text
        self._set_values({name: widget.spec.empty() for name, widget in self.inputs.items()})
        self._snapshot = self.values()
        self.links.clear()
        if self.attachments is not None:
            self.attachments.clear()
        self.banner.clear()
        self.close()

    def _may_close(self) -> bool:
        if self.dirty and not self.confirm_discard():
            return False
        self.undo_stack.clear()
        return True

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not self._may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:  # Esc and the close button ask before dropping edits too
        if self._may_close():
            super().reject()


# --- keeping edits over a lock ---------------------------------------------------------------------


def save_pending(vault: Vault, pending: list[tuple[str, Record, dict[str, Any]]]) -> list[Draft]:
    """Runs on the worker just before the vault closes: save each editor's valid edits; keep
    the ones the store refuses as a draft inside the vault (found again after a quit or a kill
    while locked). Empties ``pending``."""
    out: list[Draft] = []
    while pending:
        kind, record, values = pending.pop(0)
        spec = kind_spec(kind)
        missing = missing_required(spec, values)
        reason = QCoreApplication.translate("RecordEditor", "请填写：{0}").format(
            list_separator().join(field_label(f) for f in missing)) if missing else ""
        if not missing:
            try:
                saved = vault.records.save(dataclasses.replace(record, **values))
                out.append(Draft(kind, saved.id))
                continue
            except VaultError as exc:
                reason = error_text(exc)
        out.append(Draft(kind, record.id, store_draft(vault, kind, record, values, reason), reason))
    return out
