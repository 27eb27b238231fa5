"""What an office package carries, chosen in the export dialog: a team, or problems and leads.

A deployment is made for one team (its round, members, units and rosters go with it); an
upward package carries the problems and leads the user checks, a lead-transfer package the
leads. The lists are read on the executor (app/services/packages.py: ``deployable_teams``,
``selectable_records``) into small rows, so the models never touch the vault. The selectable
list is a checkable table model behind a filter proxy; sorting happens in the model (one key per
row), as in models.py. The lead and problem lists open the dialog on their own selection
(:func:`add_export_selected`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import KindSpec, kind_spec
from app.exchange.package.scope import MAX_SELECTED
from app.services.packages import SELECTABLE_KINDS, SelectRow, TeamRow
from app.ui.i18n import field_label, kind_label
from app.ui.packages.texts import CELL_PADDING, fit_column, kind_text
from app.ui.records.models import FilterRole, IdRole, SortRole
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.tables import read_only_table

if TYPE_CHECKING:  # the dialog imports this module
    from app.ui.packages.export_wizard import ExportDialog

Index = QModelIndex | QPersistentModelIndex

FILTER_DELAY_MS = 150
#: The record lists whose selection can be exported, and the package kind each presets.
SELECTION_EXPORT = {"lead": "lead-transfer", "problem": "upward"}


# --- the models -----------------------------------------------------------------------------------


class SelectableRecordsModel(QAbstractTableModel):
    """Problems and leads with a check box each: 类型, 编号, 标题/摘要, 被巡察单位, 状态/类别.

    Signals:
        checked_changed(int): how many rows are checked now.
    """

    checked_changed = Signal(int)
    COLUMNS = 5

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SelectRow] = []
        self._row_of: dict[str, int] = {}
        self._checked: set[str] = set()

    def columns(self) -> tuple[str, ...]:
        return (self.tr("类型"), self.tr("编号"), self.tr("标题/摘要"), field_label(kind_spec("lead").field("unit_id")),
                self.tr("状态/类别"))

    # --- contents ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[SelectRow]) -> None:
        """Replace the rows; checks stay on the records still listed."""
        self.beginResetModel()
        self._rows = list(rows)
        self._reindex()
        self._checked &= set(self._row_of)
        self.endResetModel()
        self.checked_changed.emit(len(self._checked))

    def clear(self) -> None:
        self._checked = set()
        self.set_rows([])

    def _reindex(self) -> None:
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}

    def row(self, row: int) -> SelectRow:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        return self._row_of.get(record_id)

    def checked_ids(self) -> list[str]:
        """The checked records, in the list's order."""
        return [r.id for r in self._rows if r.id in self._checked]

    def checked_count(self) -> int:
        return len(self._checked)

    def set_checked(self, ids: Iterable[str], checked: bool) -> int:
        """Check or uncheck the listed ones of ``ids``; returns how many changed."""
        changed = []
        for record_id in ids:
            row = self._row_of.get(record_id)
            if row is None or (record_id in self._checked) == checked:
                continue
            if checked:
                self._checked.add(record_id)
            else:
                self._checked.discard(record_id)
            changed.append(row)
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), 0),
                                  [Qt.ItemDataRole.CheckStateRole])
            self.checked_changed.emit(len(self._checked))
        return len(changed)

    # --- the model API ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def _cell(self, row: SelectRow, column: int) -> str:
        if column == 0:
            return kind_label(kind_spec(row.kind))
        return (row.number, row.title, row.unit, row.status)[column - 1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            return self._cell(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if row.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return plain_tip(row.title)
        if role == FilterRole and column == 0:
            return " ".join(self._cell(row, c) for c in range(self.COLUMNS))
        if role == IdRole:
            return row.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not (index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole
                and 0 <= index.row() < len(self._rows)):
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self.set_checked([self._rows[index.row()].id], state == Qt.CheckState.Checked.value)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < self.COLUMNS:
            return self.columns()[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python (one key per row), keeping persistent indexes on their records."""
        if not (0 <= column < self.COLUMNS) or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        tracked = [(self._rows[p.row()].id, p.column()) for p in persistent]
        self._rows.sort(key=lambda r: self._cell(r, column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.changePersistentIndexList(persistent, [self.index(self._row_of[i], c) for i, c in tracked])
        self.layoutChanged.emit()


class SelectionProxy(QSortFilterProxyModel):
    """Filters on the row's joined text (any column, ignoring case); sorting is the model's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(FilterRole)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, SelectableRecordsModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def shown_ids(self) -> list[str]:
        return [str(self.index(row, 0).data(IdRole)) for row in range(self.rowCount())]


class TeamsModel(QAbstractTableModel):
    """The teams a deployment can be made for: 组名, 组号, 所属轮次, 被巡察单位, 组员, 名册人员."""

    COLUMNS = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TeamRow] = []

    def columns(self) -> tuple[str, ...]:
        team = kind_spec("team")  # the team's own fields under their labels; then what a deployment carries
        return (field_label(team.field("name")), field_label(team.field("number")), field_label(team.field("round_id")),
                self.tr("被巡察单位"), self.tr("组员"), self.tr("名册人员"))

    def set_rows(self, rows: Sequence[TeamRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> TeamRow:
        return self._rows[row]

    def row_of(self, team_id: str) -> int | None:
        return next((i for i, t in enumerate(self._rows) if t.id == team_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        team, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (team.name, "" if team.number is None else str(team.number), team.round_title, str(team.units),
                    str(team.members), str(team.people))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 3, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return team.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < self.COLUMNS:
            return self.columns()[section]
        return None


# --- the two steps ----------------------------------------------------------------------------------


class TeamStep(QWidget):
    """Choose the one team a deployment is made for.

    Signals:
        changed(): the chosen team changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("选择要部署的巡察组。部署包含该组、所属轮次、组员、承担的被巡察单位及其人员名册，"
                                    "以及本库的字典、模板和设置；接收方应为该组组长的保密库。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = TeamsModel(self)
        self.view = read_only_table(self.model, self, single=False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((160, 50, 180, 80, 50)):
            self.view.horizontalHeader().resizeSection(column, width)
            fit_column(self.view, column, ())  # the headers are longer in English
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._changed())
        layout.addWidget(self.view, 1)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def set_teams(self, teams: Sequence[TeamRow], chosen: str = "") -> None:
        self.model.set_rows(teams)
        row = self.model.row_of(chosen) if chosen else (0 if len(teams) == 1 else None)
        if row is not None:
            self.view.selectRow(row)
        if not teams:
            self.status.setText(self.tr("本库还没有巡察组：请先在“人员”中建立巡察组并安排被巡察单位。"))
        self._changed()

    def team(self) -> TeamRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select(self, team_id: str) -> bool:
        row = self.model.row_of(team_id)
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def _changed(self) -> None:
        team = self.team()
        if team is not None:
            self.status.setText(self.tr("将部署{0}：被巡察单位 {1} 个，组员 {2} 人，名册人员 {3} 人。").format(
                team.name, team.units, team.members, team.people))
        elif self.model.rowCount():
            self.status.setText(self.tr("请选择一个巡察组。"))
        self.changed.emit()

    def clear(self) -> None:
        self.model.clear()
        self.status.clear()


class RecordsStep(QWidget):
    """Check the problems and leads a package carries: filter, select shown / none, the count.

    Signals:
        changed(): the checked records changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.intro = PlainLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("筛选：编号、标题、单位、状态…"))
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        row.addWidget(self.filter_edit, 1)
        self.all_button = QPushButton(self.tr("全选"), self)
        self.all_button.setToolTip(self.tr("勾选列表中显示的全部记录（有筛选时只勾选筛选结果）"))
        self.all_button.setAutoDefault(False)
        self.all_button.clicked.connect(lambda: self.check_shown(True))
        self.none_button = QPushButton(self.tr("全不选"), self)
        self.none_button.setToolTip(self.tr("取消列表中显示的全部勾选（有筛选时只取消筛选结果）"))
        self.none_button.setAutoDefault(False)
        self.none_button.clicked.connect(lambda: self.check_shown(False))
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        layout.addLayout(row)
        self.model = SelectableRecordsModel(self)
        self.proxy = SelectionProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = read_only_table(self.proxy, self, single=False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((96, 100, 230, 140)):
            self.view.horizontalHeader().resizeSection(column, width)
        self._fit_kind_column()
        layout.addWidget(self.view, 1)
        self.count_label = PlainLabel(self)
        layout.addWidget(self.count_label)
        self.model.checked_changed.connect(lambda _n: self._changed())
        self.model.modelReset.connect(self._changed)
        self.proxy.rowsInserted.connect(lambda *_: self._update_count())
        self.proxy.rowsRemoved.connect(lambda *_: self._update_count())
        self.proxy.layoutChanged.connect(lambda *_: self._update_count())
        self.loading = False

    def _fit_kind_column(self) -> None:
        """Room for the check box and the longest kind name ("Feedback Problem" in English)."""
        names = {kind_label(kind_spec(kind)) for kinds in SELECTABLE_KINDS.values() for kind in kinds}
        indicator = self.view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self.view)
        needed = max(self.view.fontMetrics().horizontalAdvance(n) for n in names) + indicator + CELL_PADDING
        if self.view.horizontalHeader().sectionSize(0) < needed:
            self.view.horizontalHeader().resizeSection(0, needed)

    def prepare(self, package_kind: str) -> None:
        """Texts for ``package_kind`` (upward: problems and leads; lead-transfer: leads)."""
        if package_kind == "lead-transfer":
            self.intro.setText(self.tr("勾选要移交的问题线索。线索移交包将包含：所选线索，以及作为其来源或佐证的谈话记录、"
                                       "信访登记、调阅资料和问题底稿；不含被巡察单位、巡察组和名册。"))
        else:
            self.intro.setText(self.tr("勾选要上报的反馈问题和问题线索。上报包将包含：所选记录，与之关联的问题底稿和整改事项，"
                                       "以及它们所属的被巡察单位和巡察组；不含谈话记录和信访登记。"))

    def set_loading(self) -> None:
        self.loading = True
        self.count_label.setText(self.tr("正在加载…"))

    def set_rows(self, rows: Sequence[SelectRow], checked: Iterable[str] = ()) -> None:
        self.loading = False
        self.model.set_rows(rows)
        self.model.set_checked(checked, True)
        self._changed()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.setFilterFixedString(self.filter_edit.text().strip())
        self._update_count()

    def check_shown(self, checked: bool) -> int:
        self.apply_filter()  # what the user typed counts even before the delay has passed
        return self.model.set_checked(self.proxy.shown_ids(), checked)

    def checked_ids(self) -> list[str]:
        return self.model.checked_ids()

    def problem(self) -> str:
        """Why Next is off ("" when the choice is fine)."""
        count = self.model.checked_count()
        if self.loading:
            return self.tr("正在加载…")
        if not count:
            return self.tr("请至少勾选一条记录。")
        if count > MAX_SELECTED:
            return self.tr("最多选择 {0} 条，已选 {1} 条。").format(MAX_SELECTED, count)
        return ""

    def _changed(self) -> None:
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        if self.loading:
            return
        total, shown, count = self.model.rowCount(), self.proxy.rowCount(), self.model.checked_count()
        text = self.tr("已选 {0} 条，共 {1} 条").format(count, total)
        if shown != total:
            text += self.tr("（筛选后显示 {0} 条）").format(shown)
        self.count_label.setText(text)

    def clear(self) -> None:
        self._filter_timer.stop()
        self.filter_edit.clear()
        self.proxy.setFilterFixedString("")
        self.model.clear()
        self.count_label.clear()
        self.loading = False


# --- the lead and problem lists' "导出所选…" -----------------------------------------------------


class SelectionList(Protocol):
    """What :func:`add_export_selected` needs of a record list page (main_window.KindListPage)."""

    @property
    def spec(self) -> KindSpec: ...

    @property
    def view(self) -> QTableView: ...

    @property
    def toolbar(self) -> QBoxLayout: ...

    def selected_ids(self) -> list[str]: ...


def add_export_selected(page: SelectionList, open_dialog: Callable[[], ExportDialog]) -> QAction:
    """Give a lead or problem list "导出所选…" (a button and the table's context menu): it opens the
    export dialog (``open_dialog``, the packages page's, so that locking closes it) on the records
    step, the kind preset (SELECTION_EXPORT) and the selected records checked."""
    package_kind = SELECTION_EXPORT[page.spec.name]
    view = page.view
    text = QCoreApplication.translate("ExportDialog", "导出所选…")
    tip = QCoreApplication.translate("ExportDialog", "把选中的记录导出为{0}（只有巡察办保密库可以制作）").format(
        kind_text(package_kind))
    action = QAction(text, view)
    action.setToolTip(tip)

    def export() -> None:
        ids = page.selected_ids()
        if ids:
            open_dialog().preset(package_kind, ids)

    action.triggered.connect(export)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addAction(action)
    button = QPushButton(text, view.parentWidget())
    button.setToolTip(tip)
    button.setAutoDefault(False)
    button.clicked.connect(action.trigger)
    page.toolbar.insertWidget(max(page.toolbar.count() - 1, 0), button)  # before 刷新

    def update() -> None:
        selected = view.selectionModel().hasSelection()
        action.setEnabled(selected)
        button.setEnabled(selected)

    view.selectionModel().selectionChanged.connect(lambda *_: update())
    view.model().modelReset.connect(update)
    update()
    return action
