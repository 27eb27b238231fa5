"""Item models for record lists: one table model generic over a record kind, and its filter proxy.

Built for big lists (an office vault holds 30,000 interviews): the model keeps the dataclasses
it was given and formats a row's display strings only when the view first asks for that row,
then caches them. Sorting happens in Python on the source model (one key per row, then one
reorder), because a ``QSortFilterProxyModel`` sort would call back into Python for every
comparison; the proxy only filters, on one pre-joined string per row.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.fields import FieldSpec, FieldType
from app.domain.records import KindSpec, Record
from app.domain.rules import DUE_URGENCY, Deadlines, Due
from app.ui.i18n import due_label, field_label, list_separator, yes_no
from app.ui.widgets.collation import collated, less

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")

#: Text colour of a deleted record's row.
DELETED_COLOUR = "#8a8a8a"


class Role(enum.IntEnum):
    """Custom item data roles."""

    #: Native, comparable values (str, int); what a proxy would sort on.
    SORT = Qt.ItemDataRole.UserRole
    #: The record dataclass behind the row.
    RECORD = Qt.ItemDataRole.UserRole + 1
    #: The whole row's display text joined in one string (column 0 only), for filtering.
    FILTER = Qt.ItemDataRole.UserRole + 2
    #: The record id.
    ID = Qt.ItemDataRole.UserRole + 3


SortRole = Role.SORT
RecordRole = Role.RECORD
FilterRole = Role.FILTER
IdRole = Role.ID

#: The columns of each kind's list, in order. The editor shows every field; a list shows the
#: ones a person scans for. Kinds not named here get :func:`default_list_fields`.
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "round": ("title", "kind", "year", "number", "start_date", "end_date"),
    "team": ("name", "number", "round_id", "office", "phone"),
    "member": ("name", "role", "team_id", "sub_group", "employer", "phone"),
    "unit": ("name", "unit_type", "team_id", "jurisdiction", "liaison", "entry_date"),
    "person": ("name", "unit_id", "post", "cadre_level", "leadership", "mandatory"),
    "interview": ("number", "interviewee", "post", "unit_id", "time", "kind", "status"),
    "petition": ("number", "received_at", "channel", "subject_name", "subject_unit", "status"),
    "lead": ("number", "subject_name", "subject_post", "unit_id", "source", "status", "disposal_route"),
    "document": ("title", "unit_id", "requester", "requested_at", "due", "return_status"),
    "paper": ("number", "title", "unit_id", "heading", "state", "finder"),
    "problem": ("seq", "title", "unit_id", "heading", "tag", "leader_in_charge"),
    "rectification": ("title", "problem_id", "unit_id", "responsible_dept", "deadline", "status"),
    "handover": ("title", "unit_id", "to_unit", "handed_at", "received_at", "feedback_at"),
}

_NOT_LISTED = (FieldType.LONGTEXT, FieldType.ROWS)
_INT_EMPTY = -(1 << 62)  # sorts before every real number
MAX_CELL = 80
#: Rows of the record lists and the search results are this many lines high.
ROW_HEIGHT_FACTOR = 1.7


DUE_HEADER = str(QT_TRANSLATE_NOOP("RecordTableModel", "期限状态"))
DUE_ORDER = {due: rank for rank, due in enumerate(DUE_URGENCY)}  # sorting by urgency
DUE_COLOURS = {Due.OVERDUE: "#f5c6c0", Due.SOON: "#fbe3a6", Due.OK: "#d5ecd4", Due.DONE: "#e4e4e4"}


def default_list_fields(spec: KindSpec, limit: int = 6) -> tuple[FieldSpec, ...]:
    return tuple(f for f in spec.fields if f.type not in _NOT_LISTED)[:limit]


def list_fields(spec: KindSpec) -> tuple[FieldSpec, ...]:
    names = LIST_COLUMNS.get(spec.name)
    if names is None:
        return default_list_fields(spec)
    return tuple(spec.field(n) for n in names)


class RecordTableModel(QAbstractTableModel):
    """The records of one kind as a read-only table.

    Attributes:
        spec: the record kind.
        fields: the FieldSpecs shown as columns (column i is ``fields[i]``).
    """

    def __init__(self, spec: KindSpec, parent: Any = None, fields: Sequence[FieldSpec] | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.fields: tuple[FieldSpec, ...] = tuple(fields) if fields is not None else list_fields(spec)
        self._records: list[Record] = []
        self._cache: list[tuple[str, ...] | None] = []
        self._rows: dict[str, int] = {}
        self._ref_labels: dict[str, str] = {}
        #: When set, a last column shows each record's deadline state, coloured.
        self.deadlines: Deadlines | None = None
        self._due: list[Due | None] = []

    def set_deadlines(self, deadlines: Deadlines | None) -> None:
        self.beginResetModel()
        self.deadlines = deadlines
        self._due = [None] * len(self._records)
        self.endResetModel()

    def due(self, row: int) -> Due:
        if self.deadlines is None:
            return Due.NONE
        cached = self._due[row]
        if cached is None:
            cached = self._due[row] = self.deadlines.due(self._records[row])
        return cached

    @property
    def due_column(self) -> int:
        """The deadline column's index, or -1 when there is none."""
        return len(self.fields) if self.deadlines is not None else -1

    # --- filling -----------------------------------------------------------------------------

    def set_records(self, records: Iterable[Record]) -> None:
        """Replace every row (a model reset)."""
        self.beginResetModel()
        self._records = list(records)
        self._cache = [None] * len(self._records)
        self._due = [None] * len(self._records)
        self._reindex()
        self.endResetModel()

    def set_ref_labels(self, labels: dict[str, str]) -> None:
        """id -> label of records that REF/REFS columns point to; refreshes those cells."""
        self._ref_labels = dict(labels)
        if self._records and any(f.type in (FieldType.REF, FieldType.REFS) for f in self.fields):
            self._cache = [None] * len(self._records)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, self.columnCount() - 1))

    def clear(self) -> None:
        """Drop every record and every label (locking)."""
        self._ref_labels = {}
        self.set_records([])

    def update_record(self, record: Record) -> int:
        """Show a saved record: replace its row, or append it when new. Returns its row."""
        row = self._rows.get(record.id)
        if record.deleted:
            if row is not None:
                self.remove_record(record.id)
            return -1
        if row is None:
            row = len(self._records)
            self.beginInsertRows(QModelIndex(), row, row)
            self._records.append(record)
            self._cache.append(None)
            self._due.append(None)
            self._rows[record.id] = row
            self.endInsertRows()
            return row
        self._records[row] = record
        self._cache[row] = None
        self._due[row] = None
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return row

    def remove_record(self, record_id: str) -> bool:
        row = self._rows.get(record_id)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._records[row]
        del self._cache[row]
        del self._due[row]
        self._reindex()
        self.endRemoveRows()
        return True

    def _reindex(self) -> None:
        self._rows = {r.id: i for i, r in enumerate(self._records)}

    # --- reading -----------------------------------------------------------------------------

    def record(self, row: int) -> Record:
        return self._records[row]

    def records(self) -> list[Record]:
        return list(self._records)

    def row_of(self, record_id: str) -> int | None:
        return self._rows.get(record_id)

    def field_at(self, column: int) -> FieldSpec:
        return self.fields[column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + (1 if self.deadlines is not None else 0)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.fields):
            if role == Qt.ItemDataRole.DisplayRole:
                return field_label(self.fields[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.fields[section].label_en
            return None
        if orientation == Qt.Orientation.Horizontal and section == self.due_column:
            return self.tr(DUE_HEADER) if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == self.due_column and 0 <= row < len(self._records):
            return self._due_data(row, role)
        if not (0 <= row < len(self._records) and 0 <= column < len(self.fields)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_text(row)[column]
        if role == SortRole:
            return self._sort_value(self._records[row], self.fields[column], self._row_text(row)[column])
        if role == RecordRole:
            return self._records[row]
        if role == IdRole:
            return self._records[row].id
        if role == FilterRole:
            if column != 0:
                return None
            text = "\t".join(self._row_text(row))
            return f"{text}\t{due_label(self.due(row))}" if self.deadlines is not None else text
        if role == Qt.ItemDataRole.TextAlignmentRole and self.fields[column].type is FieldType.INT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self._records[row].deleted:  # listed only when the user asks to see deleted records
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(DELETED_COLOUR))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setStrikeOut(True)
                return font
        return None

    def _due_data(self, row: int, role: int) -> Any:
        due = self.due(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return due_label(due)
        if role == SortRole:
            return DUE_ORDER[due]
        if role == Qt.ItemDataRole.BackgroundRole and due in DUE_COLOURS:
            return QBrush(QColor(DUE_COLOURS[due]))
        if role == Qt.ItemDataRole.ForegroundRole and due in DUE_COLOURS:
            return QBrush(QColor("#222222"))
        if role == RecordRole:
            return self._records[row]
        if role == IdRole:
            return self._records[row].id
        return None

    # --- formatting, lazily and once per row --------------------------------------------------

    def _row_text(self, row: int) -> tuple[str, ...]:
        cached = self._cache[row]
        if cached is None:
            record = self._records[row]
            cached = tuple(self.cell_text(f, getattr(record, f.name)) for f in self.fields)
            self._cache[row] = cached
        return cached

    def ref_label(self, record_id: str) -> str:
        label = self._ref_labels.get(record_id)
        return label if label is not None else self.tr("（未知记录）")

    def cell_text(self, spec: FieldSpec, value: Any) -> str:
        if value is None or value == "" or value == []:
            return ""
        if spec.type is FieldType.REF:
            return self.ref_label(value)
        if spec.type is FieldType.REFS:
            return list_separator().join(self.ref_label(v) for v in value)
        if spec.type is FieldType.BOOL:
            return yes_no(value)
        text = spec.display(value)
        if spec.type is FieldType.LONGTEXT or len(text) > MAX_CELL:
            text = text.split("\n", 1)[0][:MAX_CELL]
        return text

    @staticmethod
    def _sort_value(record: Record, spec: FieldSpec, text: str) -> Any:
        value = getattr(record, spec.name)
        if spec.type is FieldType.INT:
            return _INT_EMPTY if value is None else int(value)
        if spec.type is FieldType.BOOL:
            return int(bool(value))
        if spec.type in (FieldType.DATE, FieldType.DATETIME):
            return "" if value is None else spec.to_storage(value)
        return text

    def _sort_key(self, column: int) -> Any:
        spec = self.fields[column]
        if spec.type in (FieldType.REF, FieldType.REFS):
            return lambda r: self.cell_text(spec, getattr(r, spec.name))
        if spec.type is FieldType.INT:
            return lambda r: _INT_EMPTY if getattr(r, spec.name) is None else getattr(r, spec.name)
        if spec.type is FieldType.BOOL:
            return lambda r: bool(getattr(r, spec.name))
        if spec.type in (FieldType.DATE, FieldType.DATETIME):
            def date_key(r: Record) -> str:
                value = getattr(r, spec.name)
                return value.isoformat() if isinstance(value, dt.date) else ""
            return date_key
        return lambda r: str(getattr(r, spec.name) or "")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort rows in Python (one key per row), keeping persistent indexes on their records."""
        if not (0 <= column < self.columnCount()) or not self._records:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        tracked = [(self._records[p.row()].id, p.column()) for p in persistent]
        if column == self.due_column:
            deadlines = self.deadlines
            assert deadlines is not None
            key: Callable[[Record], Any] = lambda r: DUE_ORDER[deadlines.due(r)]  # noqa: E731
        else:
            key = self._sort_key(column)
        key = collated(key, self._records)  # Chinese order for text (app/ui/widgets/collation.py)
        pairs = sorted(zip(self._records, self._cache, strict=True), key=lambda pair: key(pair[0]),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self._records = [p[0] for p in pairs]
        self._cache = [p[1] for p in pairs]
        self._due = [None] * len(self._records)
        self._reindex()
        self.changePersistentIndexList(persistent, [self.index(self._rows[i], c) for i, c in tracked])
        self.layoutChanged.emit()


class RecordFilterProxy(QSortFilterProxyModel):
    """Case-insensitive filtering over every column; sorting is delegated to the source model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setFilterRole(FilterRole)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RecordTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt override
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        return less(a, b) if isinstance(a, str) and isinstance(b, str) else super().lessThan(left, right)

    def record(self, row: int) -> Record:
        value = self.index(row, 0).data(RecordRole)
        assert isinstance(value, Record)
        return value


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """A read-only table over a list of rows replaced whole (a load, a lock).

    Subclasses give :meth:`columns` (the headers, translated) and :meth:`data`.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self._headers: tuple[str, ...] | None = None

    def columns(self) -> tuple[str, ...]:
        raise NotImplementedError

    def headers(self) -> tuple[str, ...]:
        """:meth:`columns`, translated once (views ask for the column count on every paint)."""
        if self._headers is None:
            self._headers = self.columns()
        return self._headers

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> RowT:
        return self._rows[row]

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        columns = self.headers()
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(columns):
            return columns[section]
        return None
